"""Upload checks off the request threads, with a time limit.

Each uploaded file is checked (:func:`ctnat.ingest.validate_file`) in a separate
process started from a ``forkserver`` that has CT-NAT already imported, so a
check starts in milliseconds and a file that makes parsing slow (a huge cell, a
file that expands to hundreds of MB) can be stopped: when the time limit passes
the process is killed and the upload is refused with a plain message.

At most ``slots`` checks run at once; an upload arriving when every slot is busy
is answered at once with HTTP 503 ("try again in a minute") instead of waiting.
The WSGI server gets more threads than there are slots, so sign-in and pages
are always served while files are checked.

The check runs in the language of the page that asked for it (``run(..., lang="ru")``):
its problems come back written in that language.
"""

from __future__ import annotations

import multiprocessing as mp
import tempfile
import threading
from pathlib import Path

from ..messages import _, current_language, language
from ..problems import Problem

_CTX = None
_CTX_LOCK = threading.Lock()


def _context():
    global _CTX
    with _CTX_LOCK:
        if _CTX is None:
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["ctnat.ingest", "ctnat.portal.checks"])
            _CTX = ctx
        return _CTX


class CheckBusy(Exception):
    """Every check slot is taken."""


class CheckTimeout(Exception):
    """The check took longer than the time limit and was stopped."""


def check_upload(data: bytes, name: str, country: str, root, max_bytes: int):
    """Validate ``data`` (an uploaded file called ``name``) for ``country``. Runs in
    the child process. Returns the :class:`ValidationResult` without its tables
    (only the verdict, row count and problems travel back)."""
    from ..ingest import validate_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        res = validate_file(path, country, root=root, max_bytes=max_bytes, display_name=name)
    res.table = None
    res.segments = []
    res.personal = []
    return res


def _child(conn, func, args, lang="en"):
    from ..ingest.guard import MEMORY_MB, limit_memory

    with language(lang):
        try:
            limit_memory(MEMORY_MB)  # the check shares the memory limit of every file read (ingest.guard)
            conn.send(("ok", func(*args)))
        except MemoryError:
            conn.send(("error", _("it needed more memory than a survey file can")))
        except Exception:  # noqa: BLE001 - reported to the parent as a refusal
            conn.send(("error", _("the file is damaged or not what its name says")))
        finally:
            conn.close()


class FileChecker:
    """Runs checks in child processes, ``slots`` at a time, each stopped after
    ``timeout`` seconds."""

    def __init__(self, slots: int = 2, timeout: float = 60.0, func=check_upload):
        self.slots = threading.BoundedSemaphore(slots)
        self.timeout = timeout
        self.func = func

    def run(self, *args, lang: str | None = None):
        """``func(*args)`` in a child process, its messages in ``lang`` (the current language when None)."""
        lang = lang or current_language()
        if not self.slots.acquire(blocking=False):
            raise CheckBusy()
        try:
            ctx = _context()
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(child, self.func, args, lang), daemon=True)
            proc.start()
            child.close()
            try:
                if not parent.poll(self.timeout):
                    raise CheckTimeout()
                try:
                    status, value = parent.recv()
                except EOFError:  # the child died (e.g. out of memory)
                    status, value = "error", _("the checking process stopped")
            finally:
                if proc.is_alive():
                    proc.kill()
                proc.join(5)
                parent.close()
        finally:
            self.slots.release()
        if status == "error":
            name = args[1] if len(args) > 1 else "file"
            from ..ingest.result import ValidationResult

            with language(lang):
                message = _("the file could not be checked ({why}); nothing was stored", why=value)
            return ValidationResult(name, "survey", [Problem(name, message)])
        return value
