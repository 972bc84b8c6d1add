"""Every error says what kind of thing went wrong: a received file is malformed
(InputError), an instrument file is (InstrumentError), an input is absent
(MissingInputError), a stage's outputs are inconsistent (StageError), a command
was asked for something it cannot do (UsageError), an outside program failed
(ToolError), another build holds the country (BusyError). The CLI prints all of
them alike; a caller that needs to tell them apart can."""

from __future__ import annotations

import ast
import fcntl
import subprocess
from pathlib import Path

import pytest

import ctnat
from ctnat import problems
from ctnat.problems import (
    BusyError,
    CtnatError,
    InputError,
    InstrumentError,
    MissingInputError,
    StageError,
    ToolError,
    UsageError,
)

PACKAGE = Path(ctnat.__file__).parent


def _bare_ctnat_errors(source: str) -> list[int]:
    """Lines where ``CtnatError(...)`` itself is made (raised or returned)."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
            if name == "CtnatError":
                out.append(node.lineno)
    return out


def test_the_scan_sees_a_bare_ctnat_error():
    assert _bare_ctnat_errors("raise CtnatError('x')\nerror = problems.CtnatError('y')\n") == [1, 2]
    assert _bare_ctnat_errors("try:\n    raise InputError('x')\nexcept CtnatError:\n    pass\n") == []


def test_no_module_makes_a_bare_ctnat_error():
    found = [f"{p.relative_to(PACKAGE.parent)}:{line}"
             for p in sorted(PACKAGE.rglob("*.py")) if p.name != "problems.py"
             for line in _bare_ctnat_errors(p.read_text(encoding="utf-8"))]
    assert found == [], "raise the subclass of CtnatError that says what went wrong (ctnat/problems.py)"


def test_every_kind_of_error_is_drawn_in_the_class_tree():
    kinds = [c.__name__ for c in vars(problems).values()
             if isinstance(c, type) and issubclass(c, CtnatError) and c is not CtnatError]
    assert len(kinds) >= 7
    assert [k for k in kinds if f"── {k} " not in (CtnatError.__doc__ or "")] == []


def test_a_malformed_received_csv_is_an_input_error(tmp_path):
    from ctnat.ingest.readers import read_table

    f = tmp_path / "survey.csv"
    f.write_text("q1,,q3\nyes,oops,no\n", encoding="utf-8")
    with pytest.raises(InputError, match="survey.csv cannot be read") as exc:
        read_table(f)
    assert exc.value.problems[0].column == "B"


def test_a_missing_processed_table_is_a_missing_input(project):
    from ctnat import catalogue

    with pytest.raises(MissingInputError, match=r"respondents.csv does not exist \(table 'respondents', written by the "
                                                r"ingest stage\): run `ctnat build --country AZE --until ingest"):
        catalogue.read("respondents", "AZE", project)


def test_a_broken_instrument_yaml_is_an_instrument_error(project):
    from ctnat.instruments import load_instruments

    survey = project / "instruments" / "survey.yaml"
    survey.write_text(survey.read_text(encoding="utf-8") + "\n  - [unclosed\n", encoding="utf-8")
    with pytest.raises(InstrumentError):
        load_instruments(project / "instruments")


def test_a_results_framework_without_objectives_is_an_instrument_error(tmp_path):
    import shutil

    from ctnat.instruments import load_instruments

    shutil.copytree(Path(ctnat.__file__).resolve().parents[1] / "instruments", tmp_path / "instruments")
    plan = tmp_path / "instruments" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").split("\nobjectives:")[0] + "\n", encoding="utf-8")
    with pytest.raises(InstrumentError, match="objectives: is required but missing"):
        load_instruments(tmp_path / "instruments")


def test_a_stage_output_with_columns_missing_is_a_stage_error(project):
    from ctnat.recommend.run import load_recommendations

    (project / "analysis" / "AZE").mkdir()
    (project / "analysis" / "AZE" / "recommendations.csv").write_text("id,key\n1,a\n", encoding="utf-8")
    with pytest.raises(StageError, match="recommendations.csv lacks column"):
        load_recommendations("AZE", project)


def test_an_unknown_stage_is_a_usage_error():
    from ctnat.build import stage

    with pytest.raises(UsageError, match="'reprot' is not a stage"):
        stage("reprot")


def test_a_missing_outside_program_is_a_tool_error(monkeypatch, tmp_path):
    from ctnat.report import pdf_check

    def no_program(*args, **kwargs):
        raise FileNotFoundError(args[0][0])

    monkeypatch.setattr(subprocess, "run", no_program)
    with pytest.raises(ToolError, match="needs poppler's pdftotext"):
        pdf_check.pdf_pages(tmp_path / "report.pdf")


def test_a_country_another_build_holds_is_busy(tmp_path):
    from ctnat.build import country_lock

    (tmp_path / ".ctnat").mkdir()
    with open(tmp_path / ".ctnat" / "build-AZE.lock", "a+") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(BusyError, match="Another build of AZE"):
            with country_lock("AZE", tmp_path, wait=0):
                pass
