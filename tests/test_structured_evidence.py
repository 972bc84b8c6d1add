"""Evidence travels as columns: a score row carries its rule id, each source's
signal with the facts behind it and its flags, and the report words the
evidence annex from those fields (it reads no sentence another stage wrote)."""

import pandas as pd
import pytest

from ctnat.instruments import load_instruments
from ctnat.report.annexes import confirm_reasons, evidence_line, rule_line, sources_text, why
from ctnat.scoring.criteria import SCORE_COLUMNS, flag_levels, judge, to_frame

RUBRIC = load_instruments().rubric
MB = RUBRIC.percent_min_base  # the numbers rule: a share beside a count from this base up


def _scores(root) -> pd.DataFrame:
    return pd.read_csv(root / "analysis/AZE/scores.csv", dtype=str, keep_default_na=False)


def _row(scores: pd.DataFrame, key: str) -> dict:
    ind, crit = key.rsplit(".", 1)
    return scores[(scores["indicator"] == ind) & (scores["criterion"] == crit)].iloc[0].to_dict()


def test_aze_score_rows_carry_each_source_and_flag_as_columns(aze):
    s = _scores(aze[0])
    assert list(s.columns) == SCORE_COLUMNS
    # an operational "used" criterion: the two adequacy statements do not measure use and are set
    # aside; the desk review and the interviews (State and NGO views differ) agree on partly met (R2)
    assert _row(s, "1.1.op1") == {
        "indicator": "1.1", "criterion": "op1", "status": "partly_met", "rule": "R2",
        "computed_status": "partly_met", "computed_rule": "R2", "weighted_mean": "",
        "to_confirm": "False", "conflicting": "False", "level_above": "False", "opinion_only": "False",
        "overridden": "False", "override_reason": "", "rubric_version": "3.0", "asks": "used",
        "desk_finding": "partly_met", "desk_signal": "partly_met", "desk_citations": "Aze 30, pp. 7, 20, 48;IOM 2016, §2.5",
        "survey_items": "3.1.1;3.1.2", "survey_n": "0", "survey_favourable": "0", "survey_signal": "",
        "survey_below_min": "False", "survey_unmatched": "3.1.1;3.1.2",
        "interview_segments": "AZEint11:3.5;AZEint1:3.2;AZEint2:1.2", "interview_n": "3",
        "interview_supporting": "1", "interview_contradicting": "2", "interview_signal": "partly_met",
        "interview_views": "state=contradicts;ngo=supports",
        "interview_below_min": "False", "interview_uncounted": "AZEint5:7.1;AZEint6:1.2;AZEint6:3.1",
        "interview_off_topic": "",
        "nap_status": "covered", "nap_measures": "13.1.5", "nap_check": "False"}
    # a cited desk finding decides a framework criterion; the adequacy statement (3.1.3) does not
    # speak to whether identification processes exist, so nothing conflicts; two supporting
    # segments from one interview are too few to count
    row = _row(s, "1.2.fw1")
    assert {k: row[k] for k in ("status", "rule", "to_confirm", "conflicting", "desk_signal", "survey_signal",
                                "survey_unmatched", "interview_signal", "interview_below_min", "interview_segments",
                                "interview_uncounted")} == {
        "status": "met", "rule": "R4", "to_confirm": "False", "conflicting": "False", "desk_signal": "met",
        "survey_signal": "", "survey_unmatched": "3.1.3", "interview_signal": "", "interview_below_min": "True",
        "interview_segments": "AZEint1:1.2;AZEint1:3.2", "interview_uncounted": "AZEint1:1.2;AZEint1:3.2"}
    # every rule id is one the rubric explains
    assert set(s["rule"]) | set(s["computed_rule"]) <= set(RUBRIC.rules)


def test_aze_evidence_annex_is_worded_from_the_fields(aze):
    root, _ = aze
    annex = pd.read_csv(root / "analysis/AZE/AZE_evidence_annex.csv", dtype=str, keep_default_na=False)
    row = _row(_scores(root), "5.2.op2")
    published = annex[(annex["indicator"] == "5.2") & (annex["criterion"] == "op2")].iloc[0]
    assert published["rule"] == rule_line(row, RUBRIC) == (
        "OVERRIDE (computed: partly_met by R3 weighted operational mean 0.33 (desk+survey))")
    # "comprehensive coordination" asks for consistent practice: the frequency statement 7.2.1 counts
    # from "often" on; the ease-of-cooperation statement 7.3.1 is set aside
    assert published["evidence"] == evidence_line(row, MB) == (
        "desk review: partly_met (Aze 30, pp. 7, 20, 48) | survey: 0 of 6 favourable [7.2.1] | "
        "NAP, for the assessor to confirm: mentioned (13.3.4, 13.7.3, 13.8.2) | "
        "not counted: survey 7.3.1, interview AZEint11:1.1")
    assert published["why"] == why(row)
    # a field changed is a sentence changed: the words follow the numbers, not a copy of text
    assert sources_text(dict(row, survey_favourable="3"), MB).split("\n")[1] == "Survey: 3 of 6 favourable"
    assert "Survey: 0 of 6 favourable" in sources_text(row, MB)
    # six answers are a count; from the rubric's percent_min_base (20) up, the share stands beside it
    assert sources_text(dict(row, survey_n="40", survey_favourable="24"), MB).split("\n")[1] == (
        "Survey: 24 of 40 favourable (60%)")
    # ... when at least as many people stand behind it: 40 answers pooled from 7 respondents are a count
    assert sources_text(dict(row, survey_n="40", survey_favourable="24"), MB, respondents=7).split("\n")[1] == (
        "Survey: 24 of 40 favourable")


def _segs(polarities: str, interviews: int) -> list[dict]:
    return [{"segment_id": f"I{k % interviews}:{k}", "interview_code": f"I{k % interviews}", "theme": "t",
             "entity_type": "state", "polarity": {"+": "supports", "-": "contradicts", "0": ""}[p]}
            for k, p in enumerate(polarities)]


def _frame_row(*judgements) -> list[dict]:
    return to_frame(list(judgements), "3.0").to_dict("records")


def test_too_few_answers_and_interviews_are_named_in_the_rule():
    j = judge("2.1", "op1", None, [{"question": "4.1.1", "measures": "adequacy", "n_valid": 2, "favourable": 1}],
              _segs("+0", 1), RUBRIC, asks="adequate")
    (row,) = _frame_row(j)
    assert (row["rule"], row["survey_below_min"], row["interview_below_min"]) == ("R0", True, True)
    assert rule_line(row, RUBRIC) == ("R0 no usable evidence; survey: n=2 valid answers, below the minimum of 3; "
                                      "interviews: 1 segment from 1 interview, below the minimum of 3 interviews "
                                      "or 2 stakeholder types")
    assert evidence_line(row, MB) == "not counted: survey 4.1.1, interview I0:0, interview I0:1"
    assert why(row) == "No source gave usable evidence on this criterion."
    assert sources_text(row, MB) == ""


def test_conflicting_evidence_and_a_level_above_are_worded_for_the_assessor():
    desk = {"finding": "met", "citations": "Doc 1; Doc 2, p. 3"}
    fw1 = judge("4.1", "fw1", {"finding": "not_met", "citations": "Doc 4"}, [], [], RUBRIC, asks="exists")
    fw2 = judge("4.1", "fw2", desk, [{"question": "5.1.2", "measures": "existence", "n_valid": 10, "favourable": 3}],
                _segs("--+", 3), RUBRIC, asks="documented")
    flag_levels([fw1, fw2], RUBRIC)
    _, row = _frame_row(fw1, fw2)
    assert (row["rule"], row["conflicting"], row["level_above"], row["to_confirm"]) == ("R4", True, True, True)
    assert rule_line(row, RUBRIC) == ("R4 framework criterion decided by the cited desk-review finding "
                                      "(desk+survey+interview); C1 to confirm; C2 to confirm")
    assert confirm_reasons(to_frame([fw1, fw2], "3.0"), RUBRIC, {"fw1": "Framework L1"}.get) == {("4.1", "fw2"): (
        "conflicting evidence: the cited desk finding says met, but survey says not met (3 of 10 favourable); "
        "interview says not met (1 supporting, 2 contradicting segments from 3 interviews); "
        "Level 2 (met) rated above its Framework L1 (not met)")}
    assert sources_text(row, MB) == ("Desk review: met (Doc 1; Doc 2, p. 3)\nSurvey: 3 of 10 favourable\n"
                                 "Interviews: 1 supporting, 2 contradicting remarks from 3 interviews")


def test_a_framework_criterion_only_opinion_speaks_to_is_insufficient_and_to_confirm():
    j = judge("4.1", "fw1", None, [], _segs("---", 3), RUBRIC, asks="exists")
    (row,) = _frame_row(j)
    assert (row["status"], row["rule"], row["opinion_only"], row["to_confirm"]) == (
        "insufficient_evidence", "R5", True, True)
    assert rule_line(row, RUBRIC) == "R5 framework criterion without a cited desk-review finding; C3 to confirm"
    assert confirm_reasons(to_frame([j], "3.0"), RUBRIC) == {("4.1", "fw1"): (
        "no cited desk-review finding, but interview says not met (0 supporting, 3 contradicting segments from "
        "3 interviews)")}


def test_the_plan_s_word_on_a_criterion_is_a_column_and_never_a_score():
    nap = [{"status": "gap", "measures": [], "check": True}]
    j = judge("1.3", "fw1", {"finding": "not_met", "citations": "Doc 9"}, [], [], RUBRIC, extra_evidence=nap,
              asks="exists")
    (row,) = _frame_row(j)
    assert (row["status"], row["nap_status"], row["nap_measures"], row["nap_check"]) == ("not_met", "gap", "", True)
    assert sources_text(row, MB).split("\n")[1] == ("National Action Plan (to confirm): gap — no NAP measure: "
                                                "assessor to check this framework criterion")


@pytest.mark.parametrize("rule, expected", [
    ("R1", "Only the desk review spoke to it: met."),
    ("R2", "The desk review and interviews agree: met."),
])
def test_why_names_the_sources_that_spoke(rule, expected):
    segs = _segs("+++", 3) if rule == "R2" else []
    (row,) = _frame_row(judge("2.2", "op1", {"finding": "met", "citations": ""}, [], segs, RUBRIC, asks="used"))
    assert (row["rule"], why(row)) == (rule, expected)
