"""Read a received file in a child process under a memory and a time limit.

The parsers of binary formats (spreadsheets, SPSS/Stata, Word) are libraries
written in Rust or C: a file they misjudge can make them ask for gigabytes or
run for minutes, and a failed allocation there aborts the whole process. So
:func:`guarded` runs such a read in a forked child whose address space is
limited (``RLIMIT_AS``: what it already has plus :data:`MEMORY_MB`) and which is
killed after :data:`TIMEOUT` seconds; the parent gets the result, the child's
own :class:`~ctnat.problems.CtnatError`, or a plain message saying which limit
was hit and what to do. CSV/TXT files are read in the process itself: their
reader is CT-NAT's own, linear in the file size, which is limited.

``CTNAT_READ_MEMORY_MB`` and ``CTNAT_READ_TIMEOUT`` change the limits (a
machine reading very large workbooks); ``0`` turns the child off.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
from typing import Callable, TypeVar

from ..messages import _
from ..problems import CtnatError, InputError, Problem

MEMORY_MB = 1024
TIMEOUT = 120.0
T = TypeVar("T")


def _limits() -> tuple[int, float]:
    mb = int(os.environ.get("CTNAT_READ_MEMORY_MB", MEMORY_MB))
    secs = float(os.environ.get("CTNAT_READ_TIMEOUT", TIMEOUT))
    return mb, secs


def _address_space() -> int:
    """The bytes of address space this process holds now (VmSize)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def limit_memory(mb: int) -> None:
    """Let this process grow by at most ``mb`` MB of address space from now on
    (a failed allocation is then a MemoryError or the end of this process, never
    the machine's memory)."""
    import resource

    if mb <= 0:
        return
    limit = _address_space() + mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _child(conn, func, args, mb):
    try:
        limit_memory(mb)
        out = ("ok", func(*args))
    except CtnatError as exc:
        out = ("problems", (str(exc.args[0]), exc.problems))
    except MemoryError:
        out = ("memory", None)
    except Exception as exc:  # noqa: BLE001 - a parser's own failure, said in the parent's terms
        out = ("failed", type(exc).__name__)
    try:
        conn.send_bytes(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
    except MemoryError:
        conn.send_bytes(pickle.dumps(("memory", None)))
    finally:
        conn.close()


def limit_problem(name: str, which: str, mb: int, secs: float) -> Problem:
    """The problem of a file whose reading hit a limit (``which``: memory or time)."""
    if which == "time":
        message = _("reading the file took longer than {secs:.0f} seconds, so it was stopped: the file is far "
                    "larger or more complex than a survey file", secs=secs)
    else:
        message = _("reading the file needed more than {mb} MB of memory, so it was stopped: a sheet is far "
                    "larger than its answers (a stray cell far below or to the right of the data, or "
                    "formatting applied to whole rows or columns)", mb=mb)
    return Problem(name, message, expected=_("open the file, delete the rows and columns after the last answer "
                                             "(or copy the answers into a new workbook), save it and send it "
                                             "again"))


def guarded(func: Callable[..., T], *args, name: str) -> T:
    """``func(*args)`` in a child process under the memory and time limits;
    an :class:`InputError` naming ``name`` when a limit is hit or the child
    dies. Arguments are not pickled (the child is forked); the result is."""
    mb, secs = _limits()
    if mb <= 0 or secs <= 0 or "fork" not in mp.get_all_start_methods() or mp.current_process().daemon:
        return func(*args)  # a daemon (the portal's check process) is itself limited and may not fork
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, func, args, mb), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(secs):
            raise InputError(_("{name} cannot be read", name=name), [limit_problem(name, "time", mb, secs)])
        try:
            status, value = pickle.loads(parent.recv_bytes())
        except (EOFError, OSError):  # the child was ended: an allocation that could not be met aborts it
            status, value = "memory", None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    if status == "ok":
        return value
    if status == "problems":
        raise InputError(value[0], value[1])
    if status == "memory":
        raise InputError(_("{name} cannot be read", name=name), [limit_problem(name, "memory", mb, secs)])
    raise InputError(_("{name} cannot be read", name=name), [Problem(
        name, _("the file is damaged or not what its name says: it cannot be opened"),
        expected=_("open it in Excel, LibreOffice or the program that made it, save it again and send the "
                   "saved copy"))])
