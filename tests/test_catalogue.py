"""The table catalogue names every table once; ``ctnat build`` takes its stage
graph from it, and a stage opens only the tables it declares."""

from __future__ import annotations

import re
import shutil
from collections import Counter

import pandas as pd
import pytest

from ctnat import catalogue
from ctnat.build import STAGE_NAMES, STAGES, _needed, build_country
from ctnat.portal.jobs import portal_steps
from ctnat.problems import MissingInputError, StageError


def test_every_table_is_one_file_written_by_one_stage_of_the_build():
    places = Counter((t.folder, t.file) for t in catalogue.TABLES.values())
    assert [p for p, n in places.items() if n > 1] == []
    assert {t.stage for t in catalogue.TABLES.values()} <= set(STAGE_NAMES)
    outputs = Counter(o for s in STAGES for o in s.outputs)
    assert outputs == Counter(t.name for t in catalogue.TABLES.values() if t.built)  # each table once
    assert [s.name for s in STAGES if not s.outputs] == []


def test_every_table_a_stage_reads_is_written_by_an_earlier_stage_on_every_run():
    late = [(s.name, name, catalogue.table(name).stage) for i, s in enumerate(STAGES) for name in s.reads
            if STAGE_NAMES.index(catalogue.table(name).stage) >= i or not catalogue.table(name).built]
    assert late == []


def test_the_portal_steps_are_labelled_stages_in_build_order_and_run_every_stage():
    steps = [s.name for s in portal_steps()]
    assert steps == [n for n in STAGE_NAMES if n in steps]
    covered = {s.name for step in steps for s in _needed(step)}
    assert covered == set(STAGE_NAMES)


def _file_pattern(t: catalogue.Table, country: str) -> re.Pattern:
    return re.compile(re.escape(t.file).replace(re.escape("{ISO3}"), country).replace(re.escape("{part}"), ".+")
                      + "$")


def test_every_table_file_of_the_aze_build_is_in_the_catalogue_with_its_columns(aze):
    root, _ = aze
    patterns = [(t, _file_pattern(t, "AZE")) for t in catalogue.TABLES.values()]
    seen = set()
    for folder, base in (("processed", root / "data/processed/AZE"), ("analysis", root / "analysis/AZE")):
        for p in sorted(base.rglob("*")):
            if not p.is_file() or p.suffix not in (".csv", ".json", ".md", ".docx", ".pptx", ".xlsx"):
                continue
            rel = p.relative_to(base).as_posix()
            found = [t for t, pat in patterns if t.folder == folder and pat.match(rel)]
            assert len(found) == 1, f"{folder}/{rel} is not a table of the catalogue"
            seen.add(found[0].name)
            if p.suffix == ".csv":
                catalogue.check_columns(found[0].name, pd.read_csv(p, nrows=0))
    report_chain = {s.name for s in _needed("report")}  # what the aze fixture builds
    assert {t.name for t in catalogue.TABLES.values() if t.built and t.stage in report_chain} - seen == set()


def test_the_aze_build_opens_no_table_it_did_not_declare(aze, tmp_path, monkeypatch):
    monkeypatch.setenv("CTNAT_STRICT_READS", "0")  # every undeclared read listed, not only the first
    root, _ = aze
    work = tmp_path / "project"
    shutil.copytree(root, work)  # the build's records name their paths: every stage runs again here
    handout = build_country("AZE", root=work, until="handout")
    report = build_country("AZE", root=work, until="report")
    assert set(handout["ran"]) | set(report["ran"]) == set(STAGE_NAMES)
    assert handout["undeclared"] == {} and report["undeclared"] == {}


def test_a_table_opened_without_being_declared_is_recorded_and_in_strict_mode_stops_the_stage(project, monkeypatch):
    catalogue.write("gaps", pd.DataFrame(columns=catalogue.table("gaps").columns), "AZE", project)
    monkeypatch.setenv("CTNAT_STRICT_READS", "0")
    with catalogue.stage_reads("workshop", ["workshop_decisions"]) as reads:
        catalogue.read("gaps", "AZE", project)
        catalogue.exists("workshop_outcomes", "AZE", project)  # its own output
    assert reads.opened == ["gaps", "workshop_outcomes"] and reads.undeclared == ["gaps"]
    monkeypatch.setenv("CTNAT_STRICT_READS", "1")
    with catalogue.stage_reads("workshop", ["workshop_decisions"]):
        with pytest.raises(StageError, match="stage 'workshop' opened table 'gaps' .* without declaring it"):
            catalogue.read("gaps", "AZE", project)
    with catalogue.stage_reads("workshop", ["gaps"]):
        assert len(catalogue.read("gaps", "AZE", project)) == 0


def test_a_table_is_written_only_with_its_declared_columns(project):
    declared = list(catalogue.table("gaps").columns)
    frame = pd.DataFrame([dict.fromkeys(declared, "x") | {"to_confirm": True}])
    path = catalogue.write("gaps", frame, "AZE", project)
    assert path == project / "analysis/AZE/gaps.csv"
    with pytest.raises(StageError, match="table 'gaps' .* missing to_confirm"):
        catalogue.write("gaps", frame.drop(columns="to_confirm"), "AZE", project)
    with pytest.raises(StageError, match="not declared extra"):
        catalogue.write("gaps", frame.assign(extra=1), "AZE", project)
    respondents = pd.DataFrame([{"respondent_code": "AZEsur1", "q1_1": "a", "source_file": "s.csv",
                                 "source_row": 2, "source_format": "csv"}])
    catalogue.check_columns("respondents", respondents)  # an open table: the survey's columns besides its own
    with pytest.raises(StageError, match="missing source_format"):
        catalogue.check_columns("respondents", respondents.drop(columns="source_format"))
    assert catalogue.read("gaps", "AZE", project)["to_confirm"].tolist() == [True]  # typed on the way back


def test_a_missing_table_names_itself_and_the_command_that_writes_it(project):
    with pytest.raises(MissingInputError, match=r"scores.csv does not exist \(table 'scores', written by the "
                                                r"score stage\): run `ctnat build --country AZE --until score`"):
        catalogue.read("scores", "aze", project)
    assert catalogue.read("scores", "AZE", project, missing_ok=True) is None
    assert catalogue.read_json("nap_plan", "AZE", project, missing_ok=True, default={}) == {}


def test_file_names_and_types_come_from_the_catalogue():
    assert catalogue.path("results_framework", "geo", "/p").as_posix() == "/p/analysis/GEO/GEO_results_framework.xlsx"
    assert catalogue.path("nap_measures", "GEO", "/p").as_posix() == "/p/data/processed/GEO/nap_measures.csv"
    assert catalogue.table("nap_checklist").dtypes == {"passed": "bool"}
    assert catalogue.table("workshop_votes").dtypes == {"source_row": "int"}
