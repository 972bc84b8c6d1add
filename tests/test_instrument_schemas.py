"""Every instrument file is checked against its schema: wrong types, misspelt keys
and dangling references are reported with file, key path, value and what was
expected — and the check is what `ctnat instruments check` prints."""

from __future__ import annotations

import shutil

import pytest
import yaml
from click.testing import CliRunner

from ctnat.cli import main
from ctnat.instruments import check_instruments, describe_problem, load_instruments
from ctnat.problems import CtnatError


@pytest.fixture
def inst_dir(tmp_path, repo):
    d = tmp_path / "instruments"
    shutil.copytree(repo / "instruments", d)
    return d


def _edit(d, stem, change):
    path = d / f"{stem}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _lines(d):
    return [describe_problem(p) for p in check_instruments(d)]


def _line_of(d, stem, text):
    """The 1-based line of the rewritten file on which ``text`` starts a line (after indentation)."""
    lines = (d / f"{stem}.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.strip().startswith(text))


def test_a_wrong_type_is_named_with_its_key_value_and_expectation(inst_dir):
    _edit(inst_dir, "rubric", lambda r: r["survey"].update(min_n="three"))
    line = _line_of(inst_dir, "rubric", "min_n: three")
    assert _lines(inst_dir) == [f"rubric.yaml, line {line}: survey.min_n: expected a whole number, found 'three'"]
    result = CliRunner().invoke(main, ["instruments", "check", "--dir", str(inst_dir)])
    assert result.exit_code == 1
    assert f"  rubric.yaml, line {line}: survey.min_n: expected a whole number, found 'three'" in result.output


def test_a_misspelt_key_is_refused_not_replaced_by_a_default(inst_dir):
    def misspell(r):
        r["survey"]["met_shar"] = r["survey"].pop("met_share")
    _edit(inst_dir, "rubric", misspell)
    survey, misspelt = _line_of(inst_dir, "rubric", "survey:"), _line_of(inst_dir, "rubric", "met_shar:")
    assert _lines(inst_dir) == [
        f"rubric.yaml, line {survey}: survey.met_share: is required but missing; expected a value for 'met_share'",
        f"rubric.yaml, line {misspelt}: survey.met_shar: unknown key (did you mean 'met_share'?); found 'met_shar'; "
        "expected one of: min_n, met_share, partly_share",
    ]
    with pytest.raises(CtnatError):
        load_instruments(inst_dir)


def test_a_misspelt_key_in_a_survey_question_names_the_question(inst_dir):
    def misspell(s):
        q = next(q for q in s["questions"] if q.get("role") == "priorities")
        q["max_choice"] = q.pop("max_choices")
    _edit(inst_dir, "survey", misspell)
    lines = _lines(inst_dir)
    assert lines[0].startswith("survey.yaml, line 1181: questions[8.1].max_choice: unknown key (did you mean 'max_choices'?)")
    assert len(lines) == 1


def test_dangling_references_are_named(inst_dir):
    _edit(inst_dir, "evidence_map", lambda e: e["criteria"][0].update(survey=["3.1.99"]))
    _edit(inst_dir, "recommendations", lambda r: r["blocks"][0]["actions"][0].update(criterion="9.9.fw1"))
    _edit(inst_dir, "codebook", lambda c: c["themes"][0].update(criteria=["1.1.fw9"]))
    lines = _lines(inst_dir)
    assert "evidence_map.yaml, line 71: criteria[1.1.fw1].survey: unknown survey item '3.1.99'; found '3.1.99'; " \
           "expected a grid item code from survey.yaml" in lines
    line = _line_of(inst_dir, "recommendations", "- criterion: 9.9.fw1")
    assert f"recommendations.yaml, line {line}: blocks[id_referral].actions[0].criterion: unknown criterion '9.9.fw1'; " \
           "found '9.9.fw1'; expected <indicator id>.<fw1|fw2|op1|op2>" in lines
    assert "codebook.yaml, line 165: themes[sit_labour_exploitation].criteria: unknown criterion '1.1.fw9'; " \
           "found '1.1.fw9'; expected <indicator id>.<fw1|fw2|op1|op2>" in lines


def test_roles_are_checked(inst_dir):
    def bad(s):
        for q in s["questions"]:
            if q["code"] == "1.5":
                q["role"] = "sex"          # already held by 1.6
            if q["code"] == "2.6":
                q["role"] = "priorities"   # a text question cannot be the priorities list
            if q["code"] == "8.3":
                q["role"] = "favourite_colour"
    _edit(inst_dir, "survey", bad)
    lines = _lines(inst_dir)
    assert "survey.yaml, line 706: questions[2.6].role: role 'priorities' needs a question of type priorities; found 'text'; " \
           "expected priorities" in lines
    assert "survey.yaml, line 632: questions[1.6].role: role 'sex' is already held by question 1.5; found 'sex'; " \
           "expected each role on one question at most" in lines
    assert any(x.startswith("survey.yaml, line 1194: questions[8.3].role: unknown role 'favourite_colour'") for x in lines)


def test_rubric_statuses_and_nap_rules_references_are_checked(inst_dir):
    _edit(inst_dir, "rubric", lambda r: r.update(statuses=["met", "partly_met", "not_met"]))
    _edit(inst_dir, "nap_rules", lambda n: n["indicators"].update({"9.9": ["x"]}))
    lines = _lines(inst_dir)
    assert "rubric.yaml, line 2: statuses: 'insufficient_evidence' is missing; found 'met, partly_met, not_met'; " \
           "expected met, partly_met, not_met, insufficient_evidence" in lines
    assert "nap_rules.yaml, line 195: indicators.9.9: unknown indicator '9.9'; found '9.9'; " \
           "expected an indicator id from indicators.yaml" in lines


def test_a_file_without_a_schema_is_refused(inst_dir):
    (inst_dir / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    assert _lines(inst_dir) == ["notes.yaml: not a CT-NAT instrument file (no schema describes it); found 'notes.yaml'; "
                                "expected survey.yaml, interview_guide.yaml, indicators.yaml, evidence_map.yaml, "
                                "codebook.yaml, rubric.yaml, recommendations.yaml, capabilities.yaml, nap_rules.yaml, "
                                "statistics.yaml, plan.yaml, mandate_cues.yaml, unit_costs.yaml, glossary.yaml"]


def test_recurring_terms_come_from_nap_rules(tmp_path):
    from ctnat.ingest.nap_plans import parse_period
    assert parse_period("regular", ["regular"])[2] is True
    assert parse_period("regular", ["annual"])[2] is False
    plan = tmp_path / "plan.csv"
    plan.write_text("activity,responsible bodies,timeline\nTrain judges,Ministry of Justice,every quarter\n",
                    encoding="utf-8")
    from ctnat.ingest.nap_plans import parse_nap_file
    assert str(parse_nap_file(plan, "t", ["quarter"]).measures["recurring"].iloc[0]) == "True"
    assert str(parse_nap_file(plan, "t", ["regular"]).measures["recurring"].iloc[0]) == "False"


@pytest.mark.parametrize("stem, remove, where", [
    ("indicators", lambda d: d["indicators"][0]["criteria"]["fw2"].pop("ru"), "indicators[1.1].criteria.fw2"),
    ("rubric", lambda d: d["status_labels"]["partly_met"].pop("ru"), "status_labels.partly_met"),
    ("rubric", lambda d: d["rules"]["R3"].pop("ru"), "rules.R3"),
    ("recommendations", lambda d: d["blocks"][0]["actions"][0]["if_exists"]["text"].pop("ru"),
     "blocks[id_referral].actions[0].if_exists.text"),
    ("recommendations", lambda d: d["timeframes"]["short"].pop("ru"), "timeframes.short"),
])
def test_a_printed_label_without_its_russian_is_refused(inst_dir, stem, remove, where):
    _edit(inst_dir, stem, remove)
    lines = _lines(inst_dir)
    assert len(lines) == 1 and lines[0].startswith(f"{stem}.yaml, line ")
    assert lines[0].endswith(f": {where}: missing 'ru' text; expected a non-empty 'ru' label")


def test_a_printed_label_may_not_be_english_only_as_a_plain_string(inst_dir):
    """A plain string is the English label alone: where the documents print it, Russian is missing."""
    _edit(inst_dir, "recommendations", lambda r: r["blocks"][0].update(title="A referral mechanism"))
    assert [line.split(": ", 1)[1] for line in _lines(inst_dir)] == [
        "blocks[id_referral].title: missing 'ru' text; expected a non-empty 'ru' label"]
