"""Atomic file writes: write to a temporary file beside the target, then rename.

A reader never sees a half-written output, and a failure leaves the previous
file untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: str | os.PathLike):
    """Yield a temporary path in the target's directory; on success it replaces
    ``path`` in one step, on error it is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix + ".tmp", dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_text(path, text: str, encoding: str = "utf-8") -> Path:
    with atomic_path(path) as tmp:
        Path(tmp).write_text(text, encoding=encoding)
    return Path(path)


def write_bytes(path, data: bytes) -> Path:
    with atomic_path(path) as tmp:
        Path(tmp).write_bytes(data)
    return Path(path)


@contextmanager
def atomic_dir(path: str | os.PathLike):
    """Build a whole directory in a temporary sibling, then swap it in: the old
    directory stays intact until the new one is complete, and the swap is one
    atomic exchange where Linux offers it. Leftovers of a killed run are
    removed by the next one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(path)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes 0700; outputs are ordinary folders
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if path.exists() and _exchange(tmp, path):  # one atomic swap (Linux renameat2)
        shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the old directory
        return
    old = None
    if path.exists():
        old = path.with_name(f".{path.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(path, old)
    os.replace(tmp, path)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step; False where the system cannot."""
    import ctypes
    import ctypes.util

    try:
        fn = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), rename_exchange) == 0


def clean_leftovers(path: str | os.PathLike) -> None:
    """Remove what a killed :func:`atomic_dir` left beside ``path`` (and put
    the old directory back if a two-step swap was cut between its renames)."""
    path = Path(path)
    if not path.parent.exists():
        return
    for p in path.parent.glob(f".{path.name}.*.tmp"):
        shutil.rmtree(p, ignore_errors=True)
    old = path.with_name(f".{path.name}.old")
    if old.exists():
        if path.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, path)
