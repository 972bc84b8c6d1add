"""One kaleido browser session that can be started ahead of the chart stage.

Starting Chromium takes about as long as the stages before the charts put
together. ``ctnat build`` therefore calls :func:`start` as soon as it knows the
chart stage will run, and the browser comes up in a background thread while
ingest, coding, analysis and scoring work. :func:`render` then streams the
charts to that session: each chart is drawn in Chromium while Python builds the
next figure, so building and drawing overlap on two cores. Without a started
session, :func:`render` opens one for the batch and closes it after. Every wait
has a time limit, so a browser that never comes up is an error, never a hang.

:func:`submit` hands a batch to the shared session and returns at once with a
:class:`Batch` to wait on later: the build draws the report's charts while the
plan and the report's text are written (see ``ctnat/charts/render.py``).
"""

from __future__ import annotations

import asyncio
import itertools
import queue
import sys
import threading
import time
from collections.abc import Iterable, Iterator

START_TIMEOUT = 120  # seconds for Chromium to come up
RENDER_TIMEOUT = 600  # seconds for the last chart of a batch once it is handed over

_END = object()  # marks the end of one batch in the job queue (a batch starts with its number)


def _kaleido_class():
    """kaleido's ``Kaleido``, keeping its page between charts.

    kaleido 1.5 reloads the page, and so parses plotly.js again, after every
    figure to isolate figures from each other; that reload was most of the time
    a chart took (the chart stage's figures are in BENCHMARKS.md). Our charts are drawn by one
    process from our own figures, and a chart's picture does not depend on the
    charts drawn before it in the same page (``tests/test_charts_render.py``
    draws the same charts in two orders and compares the bytes), so the page is
    kept, and reloaded only after a failed batch. ``_get_kaleido_tab`` and
    ``_return_kaleido_tab`` are kaleido internals: kaleido is pinned to 1.5.0 in
    ``pyproject.toml`` for this reason.
    """
    import kaleido

    class ReusingKaleido(kaleido.Kaleido):
        dirty = False

        async def _get_kaleido_tab(self):
            tab = await super()._get_kaleido_tab()
            if self.dirty:
                await tab.reload()
                self.dirty = False
            return tab

        async def _return_kaleido_tab(self, tab) -> None:
            await self.tabs_ready.put(tab)

    return ReusingKaleido


#: how often (s) a thread holding the GIL lets another have it while a session
#: is open (Python's default: 5 ms); restored when the last session ends. The
#: session's thread needs the GIL for a moment at every devtools message, many
#: times per chart; while the build's main thread writes the plan and the
#: report it waited up to 5 ms each time, which doubled the time the report's
#: 12 charts took to draw (0.97 s alone, 1.9–2.1 s beside a busy thread, 1.4 s
#: with 1 ms; measured on the benchmark machine)
SWITCH_INTERVAL = 0.001
_switch = {"sessions": 0, "before": 0.005}
_switch_lock = threading.Lock()


def _session_began() -> None:
    with _switch_lock:
        if _switch["sessions"] == 0:
            _switch["before"] = sys.getswitchinterval()
            sys.setswitchinterval(min(SWITCH_INTERVAL, _switch["before"]))
        _switch["sessions"] += 1


def _session_ended() -> None:
    with _switch_lock:
        _switch["sessions"] -= 1
        if _switch["sessions"] == 0:
            sys.setswitchinterval(_switch["before"])


class _Session:
    def __init__(self) -> None:
        self.ready = threading.Event()
        self.failure: BaseException | None = None
        self.jobs: queue.Queue = queue.Queue()
        self.results: queue.Queue = queue.Queue()  # (batch number, outcome)
        self.numbers = itertools.count(1)
        self.numbers_lock = threading.Lock()
        self.submit_lock = threading.Lock()
        self.outcomes: dict[int, BaseException | None] = {}
        self.thread = threading.Thread(target=self._run, name="ctnat-kaleido", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        _session_began()
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # noqa: BLE001 - handed to the caller of render()
            self.failure = self.failure or exc
        finally:
            self.ready.set()
            _session_ended()

    async def _main(self) -> None:
        loop = asyncio.get_running_loop()
        inbox: asyncio.Queue = asyncio.Queue()

        def pump() -> None:
            """Hand jobs from the calling thread to this loop. A daemon thread of
            its own, not the loop's executor: an executor thread blocked on the
            queue would keep the interpreter from exiting if a session were
            never stopped."""
            while True:
                item = self.jobs.get()
                try:
                    loop.call_soon_threadsafe(inbox.put_nowait, item)
                except RuntimeError:  # the loop has ended
                    return
                if item is None:
                    return

        threading.Thread(target=pump, name="ctnat-kaleido-jobs", daemon=True).start()

        async def get():
            return await inbox.get()

        from .plotly_bundle import page_script

        # no LaTeX in our charts; the plotly.js bundle of the trace types they use, when it matches plotly.py's
        async with _kaleido_class()(n=1, mathjax=False, plotlyjs=page_script()) as k:
            self.ready.set()
            while True:
                number = await get()
                if number is None:
                    return
                ended = False

                async def feed():
                    nonlocal ended
                    while (job := await get()) is not _END:
                        yield job
                    ended = True

                try:
                    errors = await k.write_fig_from_object(feed())
                    self.results.put((number, errors[0] if errors else None))
                except Exception as exc:  # noqa: BLE001 - handed to the caller of render()
                    self.results.put((number, exc))
                    errors = (exc,)
                finally:
                    while not ended:  # a batch cut short: take the rest of it off the queue
                        ended = (await get()) is _END
                if errors:
                    k.dirty = True  # the page may hold a half-drawn chart: reload it before the next one

    def submit(self, jobs: Iterable[dict]) -> int:
        """Queue one batch and return its number; the jobs are taken from
        ``jobs`` in this thread, each queued as soon as it is produced, so the
        first chart is drawn while the next figures are built. If ``jobs``
        raises, the batch is ended, its outcome awaited, and the error raised."""
        if self.failure is not None:
            raise self.failure
        with self.submit_lock:  # one batch's jobs are never mixed with another thread's
            with self.numbers_lock:
                number = next(self.numbers)
            # jobs are queued even before Chromium is up: figures are built while it starts
            self.jobs.put(number)
            try:
                for job in jobs:  # built lazily by the caller while earlier ones are drawn
                    self.jobs.put(job)
            except BaseException:
                self.jobs.put(_END)
                self.wait(number)
                raise
            self.jobs.put(_END)
        return number

    def wait(self, number: int) -> BaseException | None:
        """The outcome of batch ``number`` (None, or the error it ended with),
        waiting at most START_TIMEOUT for Chromium and RENDER_TIMEOUT for the
        drawing. Batches are drawn in turn; outcomes of other batches met on the
        way are kept for their own waiters."""
        if not self.ready.wait(START_TIMEOUT):
            raise TimeoutError(f"Chromium did not start within {START_TIMEOUT} s")
        deadline = time.monotonic() + RENDER_TIMEOUT
        while True:
            with self.numbers_lock:
                if number in self.outcomes:
                    return self.outcomes.pop(number)
            try:
                got, outcome = self.results.get(timeout=0.2)
            except queue.Empty:
                if not self.thread.is_alive() and self.results.empty():
                    raise self.failure or RuntimeError("the browser session ended") from None
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the charts were not rendered within {RENDER_TIMEOUT} s") from None
                continue
            with self.numbers_lock:
                self.outcomes[got] = outcome

    def render(self, jobs: Iterable[dict]) -> None:
        outcome = self.wait(self.submit(jobs))
        if outcome is not None:
            raise outcome

    def close(self) -> None:
        if self.thread.is_alive():
            self.jobs.put(None)
            self.thread.join(timeout=30)


_session: _Session | None = None
_users = 0  # start() calls not yet matched by a stop(): builds of this process using the session
_lock = threading.Lock()


def start() -> None:
    """Start the shared browser session in the background, or join the one
    already started (the portal may build two countries at once, in two
    threads); each ``start()`` is matched by one :func:`stop`."""
    global _session, _users
    with _lock:
        _users += 1
        if _session is None:
            _session = _Session()


_closing: list[threading.Thread] = []


def stop(wait: bool = True) -> None:
    """Let go of the shared session; the last user's ``stop()`` closes it,
    once the charts already handed to it are drawn. ``wait=False`` closes it
    in the background (Chromium takes about half a second to quit), so that the
    stages after the last chart stage need not wait; a later ``stop()`` or
    :func:`wait_closed` waits for every closing session."""
    global _session, _users
    with _lock:
        _users = max(0, _users - 1)
        session = None
        if _users == 0:
            session, _session = _session, None
    if session is not None:
        closing = threading.Thread(target=session.close, name="ctnat-kaleido-close", daemon=True)
        closing.start()
        _closing.append(closing)
    if wait:
        wait_closed()


def wait_closed() -> None:
    """Wait for the sessions being closed to end (Chromium has quit)."""
    while _closing:
        try:
            _closing.pop().join(timeout=60)
        except IndexError:  # another thread took the last one
            break


class Batch:
    """A batch handed to the shared session; :meth:`wait` gives its outcome."""

    def __init__(self, session: _Session, number: int) -> None:
        self.session, self.number = session, number

    def wait(self) -> None:
        """Return when every chart of the batch is drawn; raise its error if one failed."""
        outcome = self.session.wait(self.number)
        if outcome is not None:
            raise outcome


def submit(jobs: Iterable[dict]) -> Batch | None:
    """Queue kaleido jobs in the shared session and return without waiting for
    the drawing (the jobs themselves are produced in this thread before it
    returns). None when no session was started, or when there is no job."""
    with _lock:
        session = _session
    if session is None:
        return None
    queued = _nonempty(jobs)
    return None if queued is None else Batch(session, session.submit(queued))


def render(jobs: Iterable[dict]) -> None:
    """Render kaleido jobs (``fig``, ``path``, ``opts``) in the shared session,
    or in a session of its own when none was started. ``jobs`` may be a
    generator: each job is drawn as soon as it is produced. No job, no browser."""
    queued = _nonempty(jobs)
    if queued is None:
        return
    with _lock:
        session = _session
    if session is not None:
        session.render(queued)
        return
    own = _Session()
    try:
        own.render(queued)
    finally:
        own.close()


def _nonempty(jobs: Iterable[dict]) -> Iterator[dict] | None:
    """``jobs`` as an iterator, or None when it yields nothing (its first job,
    built to find out, is kept at its head)."""
    it = iter(jobs)
    first = next(it, None)
    return None if first is None else itertools.chain([first], it)
