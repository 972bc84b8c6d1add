"""PDF copies of the documents through LibreOffice, headless.

For a Word file the table of contents and the caption numbers are updated
first (through LibreOffice's UNO interface, ``lo_update.py``) and the updated
document replaces the DOCX, so Word opens it with the contents filled; then the
PDF is exported beside it. A slide deck is exported as it is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..atomic import atomic_path
from ..problems import CtnatError, ToolError
from .properties import stamp_application

UNO_SCRIPT = Path(__file__).with_name("lo_update.py")
UNO_PYTHONS = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python", "python3")
TIMEOUT = 300


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
    with tempfile.TemporaryDirectory(prefix="ctnat-lo-") as tmp:
        pipe = f"ctnat_{os.getpid()}_{Path(tmp).name}"
        out_pdf = Path(tmp) / (path.stem + ".pdf")
        out_docx = Path(tmp) / (path.stem + ".updated.docx")
        office = subprocess.Popen([soffice, "--headless", "--invisible", "--nologo", "--norestore",
                                   "--nodefault", "--nolockcheck", f"-env:UserInstallation=file://{tmp}/profile",
                                   f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            args = [py, str(UNO_SCRIPT), pipe, str(path.resolve()), str(out_pdf)]
            if is_docx and update_docx:
                args.append(str(out_docx))
            proc = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise ToolError(f"LibreOffice did not convert {path.name} within {TIMEOUT} s.") from None
        finally:
            try:
                office.wait(timeout=20)
            except subprocess.TimeoutExpired:
                office.kill()
                office.wait()
        if proc.returncode != 0 or not out_pdf.exists():
            raise ToolError(f"LibreOffice could not convert {path.name} to PDF: "
                            f"{(proc.stderr or '').strip()[-400:]}")
        if is_docx and update_docx and out_docx.exists():
            stamp_application(out_docx)
            with atomic_path(path) as t:
                shutil.copyfile(out_docx, t)
        target = path.with_suffix(".pdf")
        with atomic_path(target) as t:
            shutil.copyfile(out_pdf, t)
    return target
