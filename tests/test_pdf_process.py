"""Always the PDF: LibreOffice converts a copy of the document with a profile of
its own, so a stale lock file (or the user's open document) beside it never
blocks the build, and no LibreOffice process outlives a conversion — after
success, failure or an interrupt. These tests run LibreOffice."""

from __future__ import annotations

import getpass
import os
import socket
import subprocess
import time
from pathlib import Path

import pytest
from docx import Document

from ctnat.documents import pdf
from ctnat.problems import ToolError

needs_office = pytest.mark.skipif(not (pdf.soffice_path() and pdf.uno_python()),
                                  reason="these tests run LibreOffice (soffice and python3-uno), not installed here")


@pytest.fixture
def work(tmp_path, monkeypatch) -> Path:
    """Conversions make their temporary folder (LibreOffice's profile included) under ``work``, so a
    process left behind is one whose command line names it."""
    folder = tmp_path / "lo"
    folder.mkdir()
    monkeypatch.setattr(pdf, "WORK_DIR", str(folder))
    return folder


def _left_behind(folder: Path) -> list[str]:
    """Command lines of the running processes that name ``folder`` (zombies, ended, have none)."""
    out = []
    for cmd in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmd.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if str(folder) in text:
            out.append(text)
    return out


def _docx(path: Path) -> Path:
    doc = Document()
    doc.add_heading("Assessment", level=1)
    doc.add_paragraph("The report a reader opens.")
    doc.save(str(path))
    return path


def _lock_of_the_user(docx: Path) -> Path:
    """The lock file LibreOffice writes beside a document this user has open on this machine (or left by a
    crash): the case that made every conversion fail with "LibreOffice could not open …"."""
    lock = docx.with_name(f".~lock.{docx.name}#")
    lock.write_text(f",{getpass.getuser()},{socket.gethostname()},08.12.2026 09:00,"
                    f"file://{Path.home()}/.config/libreoffice/4;", encoding="utf-8")
    return lock


@needs_office
def test_a_stale_lock_beside_the_document_does_not_stop_the_pdf(tmp_path, work):
    docx = _docx(tmp_path / "AZE_assessment_report.docx")
    lock = _lock_of_the_user(docx)
    out = pdf.to_pdf(docx)
    assert out == tmp_path / "AZE_assessment_report.pdf"
    assert out.read_bytes().startswith(b"%PDF")
    assert "The report a reader opens." in subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                                          text=True, check=True).stdout
    assert lock.exists()  # someone else's lock is left alone
    assert _left_behind(work) == []


@needs_office
def test_a_failed_conversion_leaves_no_libreoffice_process(tmp_path, work):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04" + b"not a document" * 100)
    with pytest.raises(ToolError) as exc:
        pdf.to_pdf(broken)
    assert str(exc.value) == "LibreOffice could not convert broken.docx to PDF: LibreOffice could not open broken.docx"
    assert not broken.with_suffix(".pdf").exists()
    assert _left_behind(work) == []


@needs_office
def test_an_interrupted_conversion_leaves_no_libreoffice_process(tmp_path, work, monkeypatch):
    docx = _docx(tmp_path / "report.docx")
    real_run = subprocess.run

    def interrupted(args, **kw):  # Ctrl+C while LibreOffice is up and converting
        if str(pdf.UNO_SCRIPT) in map(str, args):
            deadline = time.monotonic() + 20
            while not any("soffice.bin" in c for c in _left_behind(work)) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert any("soffice.bin" in c for c in _left_behind(work))
            raise KeyboardInterrupt
        return real_run(args, **kw)

    monkeypatch.setattr(pdf.subprocess, "run", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pdf.to_pdf(docx)
    assert _left_behind(work) == []
    assert os.listdir(work) == []  # the temporary folder, profile included, is gone
