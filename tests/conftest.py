"""Shared test helpers. Tests that write files work in a temporary copy of the
project (instruments/, and data/raw/ where needed) through the ``root``
parameter every CT-NAT stage takes."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Only the tests about PDFs pay for LibreOffice (they call ctnat.documents.pdf.to_pdf themselves).
os.environ.setdefault("CTNAT_NO_PDF", "1")
# A stage that opens a catalogue table it did not declare stops the build (ctnat/catalogue.py).
os.environ.setdefault("CTNAT_STRICT_READS", "1")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture
def project(tmp_path) -> Path:
    """A fresh project root with the real instruments and an empty data tree."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "instruments", root / "instruments")
    if (REPO / "report_templates").exists():
        shutil.copytree(REPO / "report_templates", root / "report_templates")
    (root / "data" / "raw").mkdir(parents=True)
    (root / "data" / "processed").mkdir(parents=True)
    (root / "analysis").mkdir()
    return root


def copy_country(root: Path, country: str, receipts: bool = True) -> Path:
    """Copy the bundled raw data of one country into a test project. Without
    ``receipts`` the copy has no receipt log: its files count as placed by hand,
    so a test may make them different from the bundled ones (ingest refuses a
    received file changed since its receipt)."""
    dst = root / "data" / "raw" / country
    shutil.copytree(REPO / "data" / "raw" / country, dst)
    if not receipts:
        (dst / "received.jsonl").unlink(missing_ok=True)
    return dst


@pytest.fixture(scope="session")
def aze(tmp_path_factory):
    """The bundled AZE data taken through the whole chain once per session, in a
    temporary copy of the project: (root, report path)."""
    from ctnat.build import build_country

    root = tmp_path_factory.mktemp("aze") / "project"
    shutil.copytree(REPO / "instruments", root / "instruments")
    shutil.copytree(REPO / "report_templates", root / "report_templates")
    copy_country(root, "AZE")
    build_country("AZE", root=root, until="report")
    report = root / "analysis" / "AZE" / "AZE_assessment_report.docx"
    return root, report


def minimal_country(root: Path, all_interviews: bool = True, country: str = "AZE") -> Path:
    """A country folder holding only the bundled desk review, context and
    interview notes (all of them, or the first), and an empty surveys/ folder
    (none when ``all_interviews`` is False and the test stores its own)."""
    src = REPO / "data" / "raw" / country
    d = root / "data" / "raw" / country
    d.mkdir(parents=True)
    for name in ("desk_review.yaml", "context.yaml"):
        shutil.copy(src / name, d / name)
    if all_interviews:
        shutil.copytree(src / "interviews", d / "interviews")
    else:
        (d / "interviews").mkdir()
        first = f"{country}int1.md"
        shutil.copy(src / "interviews" / first, d / "interviews" / first)
    return d


def build_handout_in(root: Path, country: str = "AZE") -> dict[str, Path]:
    """Bring the workshop handout, worksheet and slides of ``root`` up to date the
    way ``make handout`` does (the charts they show are drawn first)."""
    from ctnat.build import build_country

    build_country(country, root=root, until="handout")
    a = root / "analysis" / country
    return {"handout": a / f"{country}_workshop_handout.docx", "worksheet": a / f"{country}_workshop_worksheet.docx",
            "slides": a / f"{country}_workshop_slides.pptx"}


@pytest.fixture(scope="session")
def bundled_documents(aze, tmp_path_factory):
    """Every published document of the bundled AZE, ARM and GEO, each country
    built once per session through report, plan and handout (AZE in a copy of
    the shared AZE project): {country: [paths]}."""
    from ctnat.build import build_country
    from ctnat.documents.published_text import published_documents

    out = {}
    for country in ("AZE", "ARM", "GEO"):
        root = tmp_path_factory.mktemp(f"published-{country}") / "project"
        if country == "AZE":
            shutil.copytree(aze[0], root)
        else:
            shutil.copytree(REPO / "instruments", root / "instruments")
            shutil.copytree(REPO / "report_templates", root / "report_templates")
            copy_country(root, country)
        for until in ("report", "plan", "handout"):
            build_country(country, root=root, until=until)
        out[country] = published_documents(root / "analysis" / country, country)
    return out


@pytest.fixture(scope="session")
def aze_in_both_languages(aze, tmp_path_factory):
    """The session's AZE project copied, built in English (report, plan, handout), then in Russian,
    then in English again: (root, {step: ran}, English digests before, after)."""
    from ctnat.build import build_country

    root = tmp_path_factory.mktemp("languages") / "project"
    shutil.copytree(aze[0], root)
    a = root / "analysis" / "AZE"
    for until in ("report", "plan", "handout"):
        build_country("AZE", root=root, until=until)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in a.iterdir() if p.is_file()}
    ran = {}
    for until in ("report", "plan", "handout"):
        ran[f"ru {until}"] = build_country("AZE", root=root, until=until, lang="ru")["ran"]
    for until in ("report", "plan", "handout"):
        ran[f"en {until}"] = build_country("AZE", root=root, until=until)["ran"]
    for until in ("report", "plan", "handout"):
        ran[f"ru again {until}"] = build_country("AZE", root=root, until=until, lang="ru")["ran"]
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in a.iterdir() if p.is_file()}
    return root, ran, before, after
