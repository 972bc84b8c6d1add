"""The synthetic demonstration countries ARM and GEO: the committed files are what
scripts/make_sample_data.py writes from their scenarios (scripts/demo_scenarios.py),
and the scenario's strong and weak indicators come out as such in the scores."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from tests.conftest import REPO, copy_country

sys.path.insert(0, str(REPO / "scripts"))
from demo_scenarios import SCENARIOS  # noqa: E402

COUNTRIES = ("ARM", "GEO")


def test_regenerating_arm_and_geo_reproduces_the_committed_files(tmp_path):
    subprocess.run([sys.executable, str(REPO / "scripts" / "make_sample_data.py"), "--root", str(tmp_path),
                    *COUNTRIES], check=True, capture_output=True)
    for country in COUNTRIES:
        made, kept = tmp_path / "data" / "raw" / country, REPO / "data" / "raw" / country
        files = sorted(p.relative_to(made).as_posix() for p in made.rglob("*") if p.is_file())
        committed = subprocess.run(["git", "ls-files", "."], cwd=kept, check=True, capture_output=True,
                                   text=True).stdout.split()
        assert files == sorted(committed)
        assert [f for f in files if not filecmp.cmp(made / f, kept / f, shallow=False)] == []


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    from ctnat.build import build_country

    root = tmp_path_factory.mktemp("demo") / "project"
    shutil.copytree(REPO / "instruments", root / "instruments")
    shutil.copytree(REPO / "report_templates", root / "report_templates")
    out = {}
    for c in COUNTRIES:
        copy_country(root, c)
        build_country(c, root=root, until="score")
        out[c] = (pd.read_csv(root / "analysis" / c / "indicator_scores.csv", dtype={"indicator": str}),
                  pd.read_csv(root / "analysis" / c / "scores.csv", dtype=str))
    return out


def by_level(country: str, level: str) -> list[str]:
    return [i for i, spec in SCENARIOS[country]["indicators"].items() if spec["level"] == level]


@pytest.mark.parametrize("country", COUNTRIES)
def test_the_scenario_strong_and_weak_indicators_come_out_as_such(scores, country):
    ind = scores[country][0].set_index("indicator")["score"]
    assert by_level(country, "strong") and by_level(country, "weak")
    assert {i: ind[i] for i in by_level(country, "strong") if ind[i] < 0.75} == {}
    assert {i: ind[i] for i in by_level(country, "weak") if ind[i] > 0.25} == {}
    assert {i: ind[i] for i in by_level(country, "partial") if not 0.25 < ind[i] < 0.75} == {}


@pytest.mark.parametrize("country", COUNTRIES)
def test_thin_indicators_have_no_framework_status_without_documents(scores, country):
    thin = by_level(country, "thin")
    assert len(thin) == 2
    crit = scores[country][1]
    fw = crit[crit["indicator"].isin(thin) & crit["criterion"].str.startswith("fw")]
    assert set(fw["status"]) == {"insufficient_evidence"}
