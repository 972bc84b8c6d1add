"""The independent reading of the Azerbaijan seed (tests/fixtures/seed_reading_aze.yaml) is
complete and well-formed: one entry for each of the 100 criteria in instruments/indicators.yaml,
in indicator order, with valid statuses and clarity, and line ranges that fall inside the seed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
READING = REPO / "tests" / "fixtures" / "seed_reading_aze.yaml"
LEVELS = ("fw1", "fw2", "op1", "op2")
STATUSES = {"met", "partly_met", "not_met", "undecidable"}
CLARITIES = {"clear", "inferred"}
# ../shared/seeds beside the repo; from a worktree (/work/wt/<name>) it sits one level higher.
SEED_DIRS = (Path(__file__).resolve().parents[2] / "shared" / "seeds",
             Path(__file__).resolve().parents[3] / "shared" / "seeds")


@pytest.fixture(scope="module")
def reading() -> dict:
    return yaml.safe_load(READING.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def expected() -> list[tuple[str, str]]:
    inst = yaml.safe_load((REPO / "instruments" / "indicators.yaml").read_text(encoding="utf-8"))
    out = []
    for ind in inst["indicators"]:
        assert set(ind["criteria"]) == set(LEVELS)
        out.extend((str(ind["id"]), lvl) for lvl in LEVELS)
    return out


def test_header(reading):
    assert reading["source"] == "seeds/001_76aa4bf42a0c2a1c.txt"
    assert "independent" in reading["reader"]


def test_one_hundred_unique_criteria_in_instrument_order(reading, expected):
    keys = [(str(c["indicator"]), c["criterion"]) for c in reading["criteria"]]
    assert len(expected) == 100
    assert len(set(keys)) == len(keys) == 100
    assert keys == expected


def test_entries_are_well_formed(reading):
    for c in reading["criteria"]:
        where = f"{c.get('indicator')} {c.get('criterion')}"
        assert set(c) <= {"indicator", "criterion", "status", "clarity", "lines", "basis"}, where
        assert c["status"] in STATUSES, where
        if c["status"] == "undecidable":
            assert "clarity" not in c, where
        else:
            assert c.get("clarity") in CLARITIES, where
        assert isinstance(c["basis"], str) and len(c["basis"].split()) >= 8, where
        ranges = c["lines"]
        assert isinstance(ranges, list) and ranges, where
        for r in ranges:
            assert isinstance(r, list) and len(r) == 2, where
            first, last = r
            assert isinstance(first, int) and isinstance(last, int), where
            assert 1 <= first <= last, where


def test_line_ranges_inside_the_seed(reading):
    seed_dir = next((d for d in SEED_DIRS if d.is_dir()), None)
    if seed_dir is None:
        pytest.skip("shared/seeds is not beside the repository")
    seed = seed_dir / Path(reading["source"]).name
    if not seed.exists():
        pytest.skip(f"{seed.name} is not in {seed_dir}")
    text = seed.read_text(encoding="utf-8")
    n = text.count("\n") + (0 if text.endswith("\n") else 1)  # lines as sed counts them
    for c in reading["criteria"]:
        for first, last in c["lines"]:
            assert last <= n, f"{c['indicator']} {c['criterion']}: {first}-{last} beyond {n} lines"
