"""One instrument model: the pydantic models are what every stage reads, every
reference between the files is checked in one place (`ctnat instruments check`),
and each problem names the file, the line, the key path and the value."""

from __future__ import annotations

import ast
import os
import shutil
import typing
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pydantic import BaseModel

from ctnat.cli import main
from ctnat.instruments import Instruments, Text, check_instruments, describe_problem, load_instruments
from ctnat.instruments.schema import SCHEMAS

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def inst_dir(tmp_path):
    d = tmp_path / "instruments"
    shutil.copytree(REPO / "instruments", d)
    return d


def _edit(d: Path, stem: str, change) -> None:
    path = d / f"{stem}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line)


def _lines(d: Path) -> list[str]:
    return [describe_problem(p) for p in check_instruments(d)]


# ------------------------------------------------------------------ line numbers
def test_a_shape_error_names_the_line_of_the_key(inst_dir):
    path = inst_dir / "rubric.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  min_n: 3 ", "  min_n: three "), encoding="utf-8")
    line = _line_of(path, "min_n: three")
    assert _lines(inst_dir) == [f"rubric.yaml, line {line}: survey.min_n: expected a whole number, found 'three'"]
    [problem] = check_instruments(inst_dir)
    assert problem.row == line and problem.column == "survey.min_n"


def test_a_reference_error_names_the_line_of_the_item_at_fault(inst_dir):
    _edit(inst_dir, "evidence_map", lambda e: e["criteria"][2].update(survey=["3.1.1", "3.1.99"]))
    line = _line_of(inst_dir / "evidence_map.yaml", "3.1.99")
    assert _lines(inst_dir) == [f"evidence_map.yaml, line {line}: criteria[1.1.op1].survey: unknown survey item "
                                "'3.1.99'; found '3.1.99'; expected a grid item code from survey.yaml"]


def test_a_missing_key_names_the_line_of_the_mapping_that_lacks_it(inst_dir):
    def drop(p):
        del p["objectives"]["1.2"]["outcome"]
    _edit(inst_dir, "plan", drop)
    line = _line_of(inst_dir / "plan.yaml", "'1.2':")
    assert _lines(inst_dir) == [f"plan.yaml, line {line}: objectives.1.2.outcome: is required but missing; "
                                "expected a value for 'outcome'"]


# ------------------------------------------------------------------ plan.yaml
def test_an_incomplete_plan_fails_the_instrument_check(inst_dir):
    _edit(inst_dir, "plan", lambda p: p["objectives"].pop("2.3"))
    result = CliRunner().invoke(main, ["instruments", "check", "--dir", str(inst_dir)])
    assert result.exit_code == 1
    line = _line_of(inst_dir / "plan.yaml", "objectives:")
    assert f"plan.yaml, line {line}: objectives.2.3: indicator 2.3 has no objective; expected an objective, an outcome " \
           "and MEL indicators for every indicator" in result.output


# ------------------------------------------------------- one reference of each kind
def _survey_section_area(s):
    s["sections"][2]["area"] = "9"


def _area_survey_section(i):
    i["areas"][0]["survey_section"] = "99"


def _first_theme(c):
    return c["themes"][0]


def _plan_indicator(p):
    return p["objectives"]["1.1"]["indicators"][0]


REFERENCES = [
    ("survey", _survey_section_area, "survey.yaml", "sections[3].area: unknown area '9'"),
    ("indicators", _area_survey_section, "indicators.yaml", "areas[1].survey_section: unknown survey section '99'"),
    ("evidence_map", lambda e: e["criteria"][0].update(indicator="9.9"), "evidence_map.yaml",
     "criteria[9.9.fw1]: unknown criterion 9.9 fw1"),
    ("evidence_map", lambda e: e["criteria"][0].update(interview=["9.9"]), "evidence_map.yaml",
     "criteria[1.1.fw1].interview: unknown interview question '9.9'"),
    ("codebook", lambda c: _first_theme(c).update(area="9"), "codebook.yaml",
     "themes[sit_labour_exploitation].area: unknown area '9'"),
    ("codebook", lambda c: _first_theme(c).update(criteria=["1.1.fw9"]), "codebook.yaml",
     "themes[sit_labour_exploitation].criteria: unknown criterion '1.1.fw9'"),
    ("rubric", lambda r: r.update(gap_statuses=["not_met", "half_met"]), "rubric.yaml",
     "gap_statuses: unknown status 'half_met'"),
    ("nap_rules", lambda n: n["section_areas"].update({"9": ["x"]}), "nap_rules.yaml",
     "section_areas.9: unknown area '9'"),
    ("recommendations", lambda r: r["blocks"][0].update(area="9"), "recommendations.yaml",
     "blocks[id_referral].area: unknown area '9'"),
    ("recommendations", lambda r: r["blocks"][0].update(priorities=["Z"]), "recommendations.yaml",
     "blocks[id_referral].priorities: unknown priority 'Z'"),
    ("recommendations", lambda r: r["blocks"][0].update(timeframe="someday"), "recommendations.yaml",
     "blocks[id_referral].timeframe: unknown timeframe 'someday'"),
    ("plan", lambda p: _plan_indicator(p).update(kind="guess"), "plan.yaml",
     "objectives.1.1.indicators[0].kind: unknown kind 'guess'"),
    ("plan", lambda p: p["objectives"]["1.1"]["indicators"][1].update(metric="victims_counted"), "plan.yaml",
     "objectives.1.1.indicators[1].metric: unknown metric 'victims_counted'"),
    ("plan", lambda p: p["objectives"]["1.1"]["indicators"].pop(1), "plan.yaml",
     "objectives.1.1.indicators: the MEL indicators do not cover every criterion"),
]


@pytest.mark.parametrize("stem, change, file, message", REFERENCES,
                         ids=[f"{r[0]}:{r[3].split(':')[0]}" for r in REFERENCES])
def test_each_kind_of_reference_is_checked(inst_dir, stem, change, file, message):
    _edit(inst_dir, stem, change)
    problems = check_instruments(inst_dir)
    assert [(p.file, p.message) for p in problems if message in p.message] == [(file, message)], \
        [describe_problem(p) for p in problems]
    assert all(p.row for p in problems if message in p.message)
    with pytest.raises(Exception, match="problem"):
        load_instruments(inst_dir)


# ------------------------------------------------------------- no raw dictionaries
def _annotations_are_typed(model: type[BaseModel], seen: set) -> list[str]:
    """Every field of every model is declared with a type: no bare ``dict``, no ``Any``."""
    bad: list[str] = []
    if model in seen:
        return bad
    seen.add(model)
    for name, f in model.model_fields.items():
        stack = [f.annotation]
        while stack:
            tp = stack.pop()
            if tp is typing.Any or tp is dict or (typing.get_origin(tp) is dict and not typing.get_args(tp)):
                bad.append(f"{model.__name__}.{name}: {tp}")
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                bad += _annotations_are_typed(tp, seen)
            stack += list(typing.get_args(tp))
    return bad


def _raw_mappings(obj, path: str) -> list[str]:
    """Mappings holding mappings that are not label maps (a dictionary of YAML)."""
    if isinstance(obj, Text):
        return []
    if isinstance(obj, BaseModel):
        return [x for name in type(obj).model_fields for x in _raw_mappings(getattr(obj, name), f"{path}.{name}")]
    if isinstance(obj, list):
        return [x for i, v in enumerate(obj) for x in _raw_mappings(v, f"{path}[{i}]")]
    if isinstance(obj, dict):
        return [f"{path}[{k!r}]" for k, v in obj.items() if isinstance(v, dict) and not isinstance(v, Text)] + \
            [x for k, v in obj.items() for x in _raw_mappings(v, f"{path}[{k!r}]")]
    return []


def test_the_loaded_instruments_hold_no_raw_dictionaries():
    inst = load_instruments()
    assert not hasattr(inst, "extra")
    assert _annotations_are_typed(Instruments, set()) == []
    assert _raw_mappings(inst, "inst") == []
    assert {SCHEMAS[stem] for stem in SCHEMAS} <= {type(getattr(inst, n)) for n in Instruments.model_fields} | \
        {SCHEMAS["evidence_map"], SCHEMAS["interview_guide"]}
    assert inst.rubric.survey.min_n >= 1 and inst.codebook.themes[0].label["en"]


def test_the_instruments_import_nothing_from_the_stages():
    """instruments/ sits below every stage: not one import of ctnat.recommend or
    ctnat.plan (or any other stage), counting imports inside functions."""
    allowed = {"ctnat.instruments", "ctnat.paths", "ctnat.problems", "ctnat.tables", "ctnat.atomic", "ctnat.messages"}
    found = []
    for path in sorted((REPO / "ctnat" / "instruments").glob("*.py")):
        package = "ctnat.instruments"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.rsplit(".", node.level - 1)[0] if node.level else ""
                module = ".".join(x for x in (base, node.module or "") if x)
                names = [module] if node.module else [f"{module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            found += [f"{path.name}: {n}" for n in names
                      if n.startswith("ctnat") and not any(n == a or n.startswith(a + ".") for a in allowed)]
    assert found == []


def test_loading_is_cached_until_a_file_changes(inst_dir):
    first = load_instruments(inst_dir)
    assert load_instruments(inst_dir) is first
    path = inst_dir / "rubric.yaml"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert load_instruments(inst_dir) is not first


# ------------------------------------------------------------------ what criteria ask, what items measure
def test_a_survey_item_without_a_measure_is_named(inst_dir):
    _edit(inst_dir, "evidence_map", lambda e: e["measures"].pop("3.1.1"))
    lines = _lines(inst_dir)
    assert [ln.split(": ", 1)[1] for ln in lines] == [
        f"criteria[1.1.{c}].survey: survey item '3.1.1' does not say what it measures; found '3.1.1'; "
        "expected an entry for it under measures" for c in ("op1", "op2")]  # both map it


def test_a_frequency_item_needs_the_answer_it_reads_as_met_from(inst_dir):
    _edit(inst_dir, "evidence_map", lambda e: e["criteria"][3].pop("met_at"))
    assert [ln.split(": ", 1)[1] for ln in _lines(inst_dir)] == [
        "criteria[1.1.op2].met_at: frequency item '3.2.2' has no answer it reads as met from; found '3.2.2'; "
        "expected met_at: {3.2.2: <an answer of its scale>}"]
    _edit(inst_dir, "evidence_map", lambda e: e["criteria"][3].update(met_at={"3.2.2": "usually"}))
    assert [ln.split(": ", 1)[1] for ln in _lines(inst_dir)] == [
        "criteria[1.1.op2].met_at.3.2.2: unknown answer 'usually'; found 'usually'; expected an answer of the "
        "item's scale: always, often, sometimes, rarely, never"]


def test_every_criterion_says_what_it_asks_and_the_rubric_matches_every_ask(inst_dir):
    _edit(inst_dir, "indicators", lambda i: i["indicators"][0]["asks"].update(op2="sometimes_used"))
    assert any("indicators[1.1].asks.op2" in ln and "sometimes_used" in ln for ln in _lines(inst_dir))
    _edit(inst_dir, "indicators", lambda i: i["indicators"][0]["asks"].update(op2="used"))
    _edit(inst_dir, "rubric", lambda r: r["matching"].pop("proactive"))
    assert [ln.split(": ", 1)[1] for ln in _lines(inst_dir)] == [
        "matching: does not say which measures speak to 'proactive'; expected proactive: [<measures>] (an empty "
        "list when none does)"]
