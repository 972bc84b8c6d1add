"""The build follows content, not clocks, and the flow goes one way: only
ingest reads data/raw; every received file is in the manifest."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import time

import pandas as pd
import pytest
from docx import Document

from ctnat.build import build_country
from ctnat.ingest.registry import withdraw_file
from ctnat.problems import CtnatError, InputError
from tests.test_pipeline_aze import report_text


@pytest.fixture(scope="module")
def _pristine(aze, tmp_path_factory):
    """The AZE project built at a fixed place, and a pristine copy of it. The
    build database records absolute paths, so each test works at that same
    place, restored from the copy (dates kept) before it runs."""
    root, _ = aze
    base = tmp_path_factory.mktemp("build")
    work, pristine = base / "work", base / "pristine"
    shutil.copytree(root, work)
    build_country("AZE", root=work)
    shutil.copytree(work, pristine)
    return work, pristine


@pytest.fixture
def built(_pristine):
    """A private, fully built AZE project (build database included)."""
    work, pristine = _pristine
    shutil.rmtree(work)
    shutil.copytree(pristine, work)
    return work


def _snapshot(folder):
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_nothing_changed_runs_nothing(built):
    assert build_country("AZE", root=built)["ran"] == []


def test_a_withdrawn_received_file_disappears_from_every_output(built):
    # deleting a received file by hand is refused (received data is never deleted) ...
    path = built / "data/raw/AZE/interviews/AZEint14.md"
    content = path.read_bytes()
    path.unlink()
    with pytest.raises(InputError, match=r"interviews/AZEint14\.md: the file received on .* is no longer in the folder"):
        build_country("AZE", root=built)
    # ... withdrawing it is how it leaves the assessment
    path.write_bytes(content)
    withdraw_file("interviews/AZEint14.md", "AZE", reason="the interviewee withdrew consent", root=built)
    ran = build_country("AZE", root=built)["ran"]
    assert ran[0] == "ingest" and "report" in ran
    interviews = pd.read_csv(built / "data/processed/AZE/interviews.csv", dtype=str)
    assert "AZEint14" not in set(interviews["interview_code"]) and len(interviews) == 13
    segments = (built / "data/processed/AZE/segments.csv").read_text(encoding="utf-8")
    assert "AZEint14:" not in segments
    assert "AZEint14" not in (built / "analysis/AZE/coded_segments.csv").read_text(encoding="utf-8")
    profile = pd.read_csv(built / "analysis/AZE/interview_profile.csv", dtype=str, keep_default_na=False)
    assert profile.set_index(["dimension", "code"]).loc[("interviews", ""), "count"] == "13"
    manifest = json.loads((built / "data/processed/AZE/manifest.json").read_text(encoding="utf-8"))
    assert not any(i["path"].endswith("AZEint14.md") for i in manifest["inputs"])
    text = report_text(Document(str(built / "analysis/AZE/AZE_assessment_report.docx")))
    assert "14 interviews" not in text and "13 interviews" in text


def test_a_file_with_an_old_date_is_taken_in(built):
    src = (built / "data/raw/AZE/interviews/AZEint3.md").read_text(encoding="utf-8")
    new = built / "data/raw/AZE/interviews/AZEint15.md"
    new.write_text(src.replace("AZEint3", "AZEint15"), encoding="utf-8")
    old = 978307200  # 1 January 2001: older than every output
    os.utime(new, (old, old))
    assert "ingest" in build_country("AZE", root=built)["ran"]
    interviews = pd.read_csv(built / "data/processed/AZE/interviews.csv", dtype=str)
    assert "AZEint15" in set(interviews["interview_code"])


def test_an_edit_with_an_old_date_is_taken_in(built):
    path = built / "data/raw/AZE/overrides.yaml"
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("reason:", "reason: Checked again.", 1),
                    encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same date as before, new content
    assert "ingest" in build_country("AZE", root=built)["ran"]
    assert "Checked again." in (built / "data/processed/AZE/overrides.csv").read_text(encoding="utf-8")


def test_a_narrative_edit_redrafts_the_report_and_leaves_processed_data_untouched(built):
    before = _snapshot(built / "data/processed")
    with open(built / "data/raw/AZE/narrative/area1.md", "a", encoding="utf-8") as fh:
        fh.write("\nThe assessor added this sentence after the workshop.\n")
    ran = build_country("AZE", root=built)["ran"]
    assert ran == ["narrative", "consistency", "report"]  # the gate reads the narrative against the statistics
    assert _snapshot(built / "data/processed") == before
    text = report_text(Document(str(built / "analysis/AZE/AZE_assessment_report.docx")))
    assert "The assessor added this sentence after the workshop." in text


def test_the_report_stage_needs_no_raw_data(built):
    shutil.rmtree(built / "data/raw")
    processed = built / "data/processed/AZE"
    modes = {}
    for p in [processed, *processed.iterdir()]:
        modes[p] = p.stat().st_mode
        p.chmod(p.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        out = built / "analysis/AZE/AZE_assessment_report.docx"
        out.unlink()
        ran = build_country("AZE", root=built)["ran"]
        assert ran == ["report"] and out.exists()
    finally:
        for p, m in modes.items():
            p.chmod(m)


def test_every_received_file_has_its_sha256_in_a_manifest(built):
    raw = built / "data/raw/AZE"
    manifest = json.loads((built / "data/processed/AZE/manifest.json").read_text(encoding="utf-8"))
    narrative = json.loads((built / "analysis/AZE/narrative/manifest.json").read_text(encoding="utf-8"))
    recorded = {i["path"]: i["sha256"] for i in manifest["inputs"] + narrative["inputs"]}
    files = [p for p in raw.rglob("*") if p.is_file()]
    assert len(files) == len(recorded) > 20
    for p in files:
        assert recorded[str(p.relative_to(built))] == hashlib.sha256(p.read_bytes()).hexdigest()


def test_a_file_of_no_known_kind_is_an_error_that_names_it(built):
    (built / "data/raw/AZE/notes_from_the_field.txt").write_text("some notes", encoding="utf-8")
    before = _snapshot(built / "data/processed")
    with pytest.raises(CtnatError) as err:
        build_country("AZE", root=built)
    assert "ERROR: notes_from_the_field.txt: CT-NAT does not know what this file is, so it cannot be used" \
        in str(err.value)
    assert _snapshot(built / "data/processed") == before


def test_only_ingest_reads_data_raw():
    """No module outside ctnat/ingest (and the portal, which stores uploads)
    names the raw folder."""
    from pathlib import Path

    pkg = Path(__file__).resolve().parents[1] / "ctnat"
    offenders = []
    for p in pkg.rglob("*.py"):
        rel = p.relative_to(pkg).as_posix()
        if rel.startswith(("ingest/", "portal/", "paths.py", "build.py")):
            continue
        if "raw_dir" in p.read_text(encoding="utf-8"):
            offenders.append(rel)
    assert offenders == []


def test_a_country_with_no_plan_builds_with_header_only_nap_tables(built):
    from ctnat.instruments import load_instruments
    from ctnat.nap.run import empty_nap_columns

    expected = empty_nap_columns(load_instruments(built / "instruments"))
    for name, columns in expected.items():  # the same columns a real plan gives
        assert list(pd.read_csv(built / f"analysis/AZE/{name}.csv", nrows=0).columns) == columns
    shutil.rmtree(built / "data/raw/AZE/nap")
    ran = build_country("AZE", root=built)["ran"]
    assert {"ingest", "nap", "recommend", "report"} <= set(ran)
    assert json.loads((built / "analysis/AZE/nap_plan.json").read_text(encoding="utf-8")) == {}
    for name, columns in expected.items():
        table = pd.read_csv(built / f"analysis/AZE/{name}.csv")
        assert list(table.columns) == columns and table.empty
    text = report_text(Document(str(built / "analysis/AZE/AZE_assessment_report.docx")))
    assert "National Action Plan on Combating Trafficking in Human Beings 2014-2018 sets out" not in text


def test_a_second_build_of_the_same_country_waits_for_the_first(built):
    import fcntl
    import threading

    with open(built / ".ctnat" / "build-AZE.lock", "a+") as other:  # another build holds the lock
        fcntl.flock(other, fcntl.LOCK_EX)
        with pytest.raises(CtnatError, match="Another build of AZE"):
            build_country("AZE", root=built, lock_wait=0.5)
        said: list[str] = []
        release = threading.Timer(1.0, lambda: fcntl.flock(other, fcntl.LOCK_UN))
        release.start()
        result = build_country("AZE", root=built, progress=said.append, lock_wait=60)
        release.join()
    assert any("waiting for another build of AZE" in m for m in said)
    assert result["ran"] == []  # it ran once the other had finished (and found nothing to do)


def test_a_stage_command_waits_for_a_build_of_the_same_country(built, monkeypatch):
    import fcntl
    import threading

    from click.testing import CliRunner

    from ctnat.cli import main

    monkeypatch.setenv("CTNAT_ROOT", str(built))
    with open(built / ".ctnat" / "build-AZE.lock", "a+") as other:  # a build holds the lock
        fcntl.flock(other, fcntl.LOCK_EX)
        release = threading.Timer(1.0, lambda: fcntl.flock(other, fcntl.LOCK_UN))
        release.start()
        started = time.monotonic()
        out = CliRunner().invoke(main, ["analyse", "--country", "AZE"])
        waited = time.monotonic() - started
        release.join()
    assert out.exit_code == 0, out.output
    assert "waiting for another build of AZE" in out.output and waited >= 0.9


# ------------------------------------------------------------------ the PDF
def _pdf_by_stub(monkeypatch, made: list) -> None:
    """PDFs wanted and 'LibreOffice' present, its conversion a stub that writes a small PDF (and lists it)."""
    from ctnat.documents import pdf

    def stub(path, update_docx=True):
        target = path.with_suffix(".pdf")
        target.write_bytes(b"%PDF-1.4 stub\n")
        made.append(target.name)
        return target

    monkeypatch.setenv("CTNAT_NO_PDF", "0")
    monkeypatch.setattr(pdf, "soffice_path", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(pdf, "uno_python", lambda: "/usr/bin/python3")
    monkeypatch.setattr(pdf, "to_pdf", stub)


def test_a_missing_pdf_is_a_missing_output_that_runs_its_stage_again(built, monkeypatch):
    made: list[str] = []
    _pdf_by_stub(monkeypatch, made)
    pdf = built / "analysis/AZE/AZE_assessment_report.pdf"
    assert not pdf.exists()  # built with CTNAT_NO_PDF=1: the report is up to date, its PDF missing
    assert build_country("AZE", root=built)["ran"] == ["report"]
    assert pdf.exists() and made == ["AZE_assessment_report.pdf"]
    assert build_country("AZE", root=built)["ran"] == []  # the PDF is there: nothing to do
    pdf.unlink()
    assert build_country("AZE", root=built)["ran"] == ["report"]
    assert pdf.exists() and made == ["AZE_assessment_report.pdf"] * 2


def test_without_pdfs_wanted_a_missing_pdf_runs_nothing(built):
    assert os.environ["CTNAT_NO_PDF"] == "1"
    assert build_country("AZE", root=built)["ran"] == []
