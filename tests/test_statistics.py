"""Baseline statistics: the bundled AZE figures against the seed text, and the
validator's errors and warnings (file, Excel row, column, value, expected)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from ctnat.ingest import ingest_country
from ctnat.ingest.statistics import validate_statistics
from ctnat.instruments import load_instruments
from ctnat.problems import CtnatError

from .conftest import REPO, copy_country

SEED_NAME = "001_76aa4bf42a0c2a1c.txt"
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
HEADER = "metric,year,period,source,value,sex,age_group,nationality,form_of_exploitation\n"


def _seed() -> list[str] | None:
    for d in (REPO.parent / "shared" / "seeds", REPO.parent.parent / "shared" / "seeds", Path("/work/shared/seeds")):
        if (d / SEED_NAME).exists():
            return (d / SEED_NAME).read_text(encoding="utf-8").splitlines()
    return None


def _bundled():
    with open(REPO / "data/raw/AZE/statistics.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_bundled_figure_is_printed_at_its_seed_lines():
    lines = _seed()
    if lines is None:
        pytest.skip("the seed report is not next to the repository")
    rows = _bundled()
    assert len(rows) == 43
    for r in rows:
        first, _, last = r["seed_lines"].partition("-")
        first, last = int(first), int(last or first)
        text = " ".join(lines[first - 1:last])
        value = int(r["value"])
        forms = {f"{value:,}", str(value)} | ({WORDS[value], WORDS[value].capitalize()} if value in WORDS else set())
        assert any(re.search(rf"(?<![\d,]){re.escape(f)}(?![\d,])", text) for f in forms), (r, text)
        assert r["year"] in text, (r, text)  # the range covers the statement, year included


def test_bundled_figures_include_the_issue_examples():
    rows = {(r["metric"], r["year"], r["sex"], r["age_group"], r["source"][:6]): r["value"] for r in _bundled()}
    assert rows[("victims_identified", "2014", "female", "child", "US TIP")] == "1"
    assert rows[("victims_identified", "2014", "male", "adult", "US TIP")] == "3"
    assert rows[("hotline_calls", "2014", "", "", "MIA Co")] == "13216"
    assert rows[("hotline_calls_trafficking", "2014", "", "", "MIA Co")] == "28"


def _check(tmp_path, text: str, name: str = "statistics.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    inst = load_instruments(REPO / "instruments")
    return validate_statistics(p, inst)


def test_bad_rows_are_errors_naming_row_column_value_and_expected(tmp_path):
    table, problems = _check(tmp_path, HEADER
                             + "victims_found,2014,,MIA,5,,,,\n"       # row 2: unknown metric
                             + "convictions,14,,MIA,5,,,,\n"           # row 3: bad year
                             + "convictions,2014,,MIA,five,,,,\n"      # row 4: not a number
                             + "convictions,2014,,,5,,,,\n"            # row 5: no source
                             + "convictions,2014,,MIA,5,woman,,,\n"    # row 6: unknown sex
                             + "convictions,2014,,MIA,2.5,,,,\n"       # row 7: not whole
                             + "hotline_calls,2015,,MIA,100,,,,\n")    # row 8: fine
    errs = [(p.row, p.column, p.value) for p in problems if p.severity == "error"]
    assert errs == [(2, "metric", "victims_found"), (3, "year", "14"), (4, "value", "five"), (5, "source", ""),
                    (6, "sex", "woman"), (7, "value", "2.5")]
    assert all(p.expected for p in problems if p.severity == "error")
    shown = [str(p) for p in problems]  # as docs/plan.md shows them
    assert "ERROR: statistics.csv, row 4, column 'value': 'five' is not a number" in shown
    assert "ERROR: statistics.csv, row 6, column 'sex': 'woman' is not a value of sex" in shown
    assert list(table["metric"]) == ["hotline_calls"]


def test_unknown_and_missing_columns_are_errors(tmp_path):
    _, problems = _check(tmp_path, "metric,year,source,amount,region_name\nconvictions,2014,MIA,5,Baku\n")
    msgs = {(p.column, p.severity) for p in problems}
    assert ("amount", "error") in msgs and ("region_name", "error") in msgs and ("value", "error") in msgs


def test_two_sources_for_the_same_figure_warn_of_double_counting(tmp_path):
    _, problems = _check(tmp_path, HEADER + "convictions,2014,,MIA,21,,,,\nconvictions,2014,,US TIP,26,,,,\n"
                         + "convictions,2014,,US TIP,3,female,,,\n")
    warn = [p for p in problems if "sources" in p.message]
    assert len(warn) == 1 and warn[0].severity == "warning" and warn[0].row == 3
    assert str(warn[0]) == ("WARNING: statistics.csv, row 3, column 'source': convictions 2014, no breakdown (total) "
                            "is reported by 2 sources — MIA: 21 (row 2); US TIP: 26 (row 3). Adding them up would "
                            "count the same victims or cases twice")


def test_same_figure_twice_from_one_source_is_an_error(tmp_path):
    _, problems = _check(tmp_path, HEADER + "convictions,2014,,MIA,21,,,,\nconvictions,2014,,MIA,22,,,,\n")
    assert [(p.severity, p.row) for p in problems if "same source" in p.message] == [("error", 3)]


def test_small_cells_of_people_are_flagged_but_not_calls(tmp_path):
    table, problems = _check(tmp_path, HEADER + "victims_identified,2014,,MIA,1,female,child,,\n"
                             + "hotline_calls_trafficking,2014,,MIA,2,,,,\n")
    assert list(table["small_cell"]) == [True, False]
    assert [str(p) for p in problems if "small cell" in p.message] == [
        "WARNING: statistics.csv, row 2, column 'value': a count of 1 (persons) is a small cell, below 3: it may "
        "identify someone; the report marks it"]


def test_xlsx_rows_are_counted_as_excel_shows_them(tmp_path):
    df = pd.DataFrame([{"metric": "convictions", "year": 2014, "source": "MIA", "value": 5},
                       {"metric": "convictions", "year": 2015, "source": "MIA", "value": -1}])
    p = tmp_path / "statistics.xlsx"
    df.to_excel(p, index=False)
    table, problems = validate_statistics(p, load_instruments(REPO / "instruments"))
    assert [(x.row, x.column) for x in problems if x.severity == "error"] == [(3, "value")]
    assert list(table["year"]) == ["2014"]


def test_ingest_writes_the_processed_table_and_stops_on_a_bad_file(project):
    copy_country(project, "AZE")
    ingest_country("AZE", root=project)
    out = pd.read_csv(project / "data/processed/AZE/statistics.csv", dtype=str, keep_default_na=False)
    assert len(out) == 43 and {"label", "kind", "small_cell", "seed_lines"} <= set(out.columns)
    before = (project / "data/processed/AZE/statistics.csv").read_bytes()
    (project / "data/raw/AZE/statistics.csv").write_text(HEADER + "convictions,2014,,MIA,lots,,,,\n",
                                                         encoding="utf-8")
    with pytest.raises(CtnatError) as exc:
        ingest_country("AZE", root=project)
    assert "row 2, column 'value'" in str(exc.value)
    assert (project / "data/processed/AZE/statistics.csv").read_bytes() == before
