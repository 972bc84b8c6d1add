"""Shared test helpers. Tests that write files work in a temporary copy of the
project (instruments/, and data/raw/ where needed) through the ``root``
parameter every CT-NAT stage takes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


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


def copy_country(root: Path, country: str) -> Path:
    """Copy the bundled raw data of one country into a test project."""
    dst = root / "data" / "raw" / country
    shutil.copytree(REPO / "data" / "raw" / country, dst)
    return dst


@pytest.fixture(scope="session")
def aze(tmp_path_factory):
    """The bundled AZE data taken through the whole chain once per session, in a
    temporary copy of the project: (root, report path)."""
    from ctnat.analysis import analyse_country
    from ctnat.coding import code_country
    from ctnat.ingest import ingest_country
    from ctnat.report import build_report
    from ctnat.scoring import score_country

    root = tmp_path_factory.mktemp("aze") / "project"
    shutil.copytree(REPO / "instruments", root / "instruments")
    shutil.copytree(REPO / "report_templates", root / "report_templates")
    copy_country(root, "AZE")
    ingest_country("AZE", root=root)
    code_country("AZE", root=root)
    analyse_country("AZE", root=root)
    from ctnat.nap import analyse_plan, parse_registered

    parse_registered("AZE", root=root)
    analyse_plan("AZE", root=root)
    score_country("AZE", root=root)
    report = build_report("AZE", root=root)
    return root, report
