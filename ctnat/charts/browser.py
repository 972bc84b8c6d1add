"""One kaleido browser session that can be started ahead of the chart stage.

Starting Chromium takes about as long as the stages before the charts put
together. ``ctnat build`` therefore calls :func:`start` as soon as it knows the
chart stage will run, and the browser comes up in a background thread while
ingest, coding, analysis and scoring work; :func:`render` then hands the whole
batch of charts to that session. Without a started session, :func:`render`
opens one for the batch and closes it after. Every wait has a time limit, so a
browser that never comes up is an error, never a hang.
"""

from __future__ import annotations

import asyncio
import queue
import threading

START_TIMEOUT = 120  # seconds for Chromium to come up
RENDER_TIMEOUT = 600  # seconds for one batch of charts


class _Session:
    def __init__(self) -> None:
        self.ready = threading.Event()
        self.failure: BaseException | None = None
        self.jobs: queue.Queue = queue.Queue()
        self.results: queue.Queue = queue.Queue()
        self.thread = threading.Thread(target=self._run, name="ctnat-kaleido", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # noqa: BLE001 - handed to the caller of render()
            self.failure = self.failure or exc
        finally:
            self.ready.set()

    async def _main(self) -> None:
        import kaleido

        loop = asyncio.get_running_loop()
        async with kaleido.Kaleido(n=1, mathjax=False) as k:  # no LaTeX in our charts
            self.ready.set()
            while True:
                jobs = await loop.run_in_executor(None, self.jobs.get)
                if jobs is None:
                    return
                try:
                    await k.write_fig_from_object(jobs)
                    self.results.put(None)
                except Exception as exc:  # noqa: BLE001 - handed to the caller of render()
                    self.results.put(exc)

    def render(self, jobs: list[dict]) -> None:
        if not self.ready.wait(START_TIMEOUT):
            raise TimeoutError(f"Chromium did not start within {START_TIMEOUT} s")
        if self.failure is not None or not self.thread.is_alive():
            raise self.failure or RuntimeError("the browser session ended")
        self.jobs.put(jobs)
        try:
            result = self.results.get(timeout=RENDER_TIMEOUT)
        except queue.Empty:
            raise TimeoutError(f"the charts were not rendered within {RENDER_TIMEOUT} s") from None
        if result is not None:
            raise result

    def close(self) -> None:
        if self.thread.is_alive():
            self.jobs.put(None)
            self.thread.join(timeout=30)


_session: _Session | None = None
_lock = threading.Lock()


def start() -> None:
    """Start the shared browser session in the background (once)."""
    global _session
    with _lock:
        if _session is None:
            _session = _Session()


def stop() -> None:
    """Close the shared session, if one was started."""
    global _session
    with _lock:
        session, _session = _session, None
    if session is not None:
        session.close()


def render(jobs: list[dict]) -> None:
    """Render a batch of kaleido jobs (``fig``, ``path``, ``opts``) in the shared
    session, or in a session of its own when none was started."""
    with _lock:
        session = _session
    if session is not None:
        session.render(jobs)
        return
    own = _Session()
    try:
        own.render(jobs)
    finally:
        own.close()
