"""PDF copies of the documents through LibreOffice, headless.

For a Word file the table of contents and the caption numbers are updated
first (through LibreOffice's UNO interface, ``lo_update.py``) and the updated
document replaces the DOCX, so Word opens it with the contents filled; then the
PDF is exported beside it. A slide deck is exported as it is.

Nothing outside the build can block it or be left behind by it: LibreOffice
converts a copy of the document in a temporary folder, so a user's open
document or a stale ``.~lock.<name>.docx#`` beside the file is never seen; it
runs with its own profile directory (``-env:UserInstallation``) in that
folder, so a LibreOffice the user has open is never joined; and it runs in a
session of its own, every process of which (``soffice.bin`` included) is ended
when the conversion succeeds, fails or is interrupted.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from ..atomic import atomic_path
from ..messages import _
from ..problems import CtnatError, ToolError, printable
from .properties import stamp_application

UNO_SCRIPT = Path(__file__).with_name("lo_update.py")
UNO_PYTHONS = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python", "python3")
TIMEOUT = 300
#: where the temporary folders of the conversions are made (None: the system's); tests point it at their own
WORK_DIR: str | None = None


def pdf_wanted(flag: bool | None) -> bool:
    """``flag`` when given; otherwise yes, unless CTNAT_NO_PDF=1 (the test suite
    sets it so that only the tests about PDFs pay for LibreOffice)."""
    if flag is not None:
        return bool(flag)
    return os.environ.get("CTNAT_NO_PDF", "").strip().lower() not in ("1", "true", "yes")


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def uno_python() -> str | None:
    """A Python interpreter that can ``import uno`` (Debian's python3-uno)."""
    for cand in UNO_PYTHONS:
        exe = shutil.which(cand) or (cand if Path(cand).exists() else None)
        if not exe:
            continue
        try:
            ok = subprocess.run([exe, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        if ok:
            return exe
    return None


def _running(session: int) -> bool:
    """Whether a process of ``session`` (a process group) still runs (zombies,
    which have ended, do not count)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(session, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[2] == str(session) and fields[0] != "Z":  # state, ppid, pgrp …
            return True
    return False


def _end(office: subprocess.Popen, grace: float) -> None:
    """End LibreOffice and every process it started (its own session): it has
    ``grace`` seconds to quit by itself, then is asked to, then killed."""
    with contextlib.suppress(subprocess.TimeoutExpired):
        office.wait(timeout=grace)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not _running(office.pid):
            break
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(office.pid, sig)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (office.poll() is None or _running(office.pid)):
            time.sleep(0.05)
    office.poll()


def _missing(what: str) -> CtnatError:
    return ToolError(f"Making the PDF needs {what}. Install it with "
                     "`sudo apt-get install libreoffice-writer-nogui libreoffice-impress-nogui python3-uno` "
                     "(`make setup` does this when run as root).")


def to_pdf(path: str | Path, update_docx: bool = True) -> Path:
    """Write ``<name>.pdf`` beside ``path`` (a .docx or .pptx) and return it.
    A .docx has its indexes and fields updated and, with ``update_docx``, is
    replaced by the updated copy."""
    path = Path(path)
    soffice = soffice_path()
    if not soffice:
        raise _missing("LibreOffice (soffice)")
    py = uno_python()
    if not py:
        raise _missing("LibreOffice's Python bridge (python3-uno)")
    is_docx = path.suffix.lower() == ".docx"
    with tempfile.TemporaryDirectory(prefix="ctnat-lo-", dir=WORK_DIR) as tmp:
        pipe = f"ctnat_{os.getpid()}_{Path(tmp).name}"
        # a copy, alone in its folder: no lock file of the user's (or a stale one) can stop LibreOffice opening it
        source = Path(tmp) / "in" / ("document" + path.suffix.lower())
        source.parent.mkdir()
        shutil.copyfile(path, source)
        out_pdf = Path(tmp) / "document.pdf"
        out_docx = Path(tmp) / "document.updated.docx"
        office = subprocess.Popen([soffice, "--headless", "--invisible", "--nologo", "--norestore",
                                   "--nodefault", "--nolockcheck", f"-env:UserInstallation=file://{tmp}/profile",
                                   f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        converted = False
        try:
            args = [py, str(UNO_SCRIPT), pipe, str(source), str(out_pdf)]
            if is_docx and update_docx:
                args.append(str(out_docx))
            proc = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT)
            converted = proc.returncode == 0
        except subprocess.TimeoutExpired:
            raise ToolError(_("LibreOffice did not convert {file} within {secs} s.", file=printable(path.name),
                              secs=TIMEOUT)) from None
        finally:  # success, failure or interrupt: no LibreOffice process outlives the conversion
            _end(office, grace=20 if converted else 0)
        if proc.returncode != 0 or not out_pdf.exists():
            detail = (proc.stderr or "").strip()[-400:].replace(str(source), path.name)
            raise ToolError(_("LibreOffice could not convert {file} to PDF: {detail}", file=printable(path.name),
                              detail=detail))
        if is_docx and update_docx and out_docx.exists():
            stamp_application(out_docx)
            with atomic_path(path) as t:
                shutil.copyfile(out_docx, t)
        target = path.with_suffix(".pdf")
        with atomic_path(target) as t:
            shutil.copyfile(out_pdf, t)
    return target
