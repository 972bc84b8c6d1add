"""The evidence hierarchy of the rubric on hand-made signals: a cited desk finding
decides a framework criterion, disagreeing opinion only flags it for the assessor
(C1), without one it is insufficient evidence (R5, flagged C3 when opinion speaks),
operational criteria keep weighing every source, and a Level 2 rated above its
Level 1 is flagged, never changed (C2)."""

import pandas as pd
import pytest

from ctnat.instruments import load_instruments
from ctnat.report.annexes import confirm_reasons
from ctnat.scoring.criteria import flag_levels, judge, to_frame
from ctnat.scoring.run import confirm_table

RUBRIC = load_instruments().rubric


def segs(n_contra: int, n_support: int = 0) -> list[dict]:
    """Coded segments from distinct interviews."""
    out = [{"segment_id": f"X{i}:4.4", "interview_code": f"X{i}", "theme": "t", "polarity": "contradicts"}
           for i in range(n_contra)]
    out += [{"segment_id": f"Y{i}:4.4", "interview_code": f"Y{i}", "theme": "t", "polarity": "supports"}
            for i in range(n_support)]
    return out


def survey(fav: int, n: int, measures: str = "existence") -> list[dict]:
    return [{"question": "5.1.2", "measures": measures, "n_valid": n, "favourable": fav}]


def test_a_cited_desk_finding_decides_a_framework_criterion_and_opinion_flags_it():
    # the case: ratification met in the desk review, ten interviews critical
    j = judge("3.1", "fw1", {"finding": "met", "citations": "Aze 24, p. 38"}, [], segs(10), RUBRIC, asks="exists")
    assert j.status == "met"
    assert (j.rule, j.conflicting, j.to_confirm) == ("R4", True, True)
    assert (j.facts["desk_signal"], j.facts["interview_signal"]) == ("met", "not_met")


def test_agreeing_opinion_raises_no_flag():
    j = judge("3.1", "fw2", {"finding": "met", "citations": "Aze 18, p. 31"}, survey(5, 6), segs(0, 3), RUBRIC,
              asks="documented")
    assert (j.status, j.to_confirm) == ("met", False)
    assert j.rule == "R4"


def test_an_uncited_desk_finding_does_not_decide_a_framework_criterion():
    j = judge("3.1", "fw1", {"finding": "met", "citations": ""}, [], segs(10), RUBRIC, asks="exists")
    assert (j.status, j.rule, j.opinion_only, j.to_confirm) == ("insufficient_evidence", "R5", True, True)


def test_operational_criteria_keep_weighing_all_sources():
    j = judge("3.1", "op1", {"finding": "met", "citations": "Aze 3, p. 41"}, survey(1, 6, "use"), segs(10), RUBRIC,
              asks="used")
    # (2 x 1 + 1 x 0 + 1 x 0) / 4: the cited desk finding weighs as much as survey and interviews together
    assert (j.rule, round(j.weighted_mean, 2), j.status, j.to_confirm) == ("R3", 0.5, "partly_met", False)


def test_an_override_settles_what_was_to_confirm():
    j = judge("3.1", "fw1", {"finding": "met", "citations": "Aze 24, p. 38"}, [], segs(10), RUBRIC,
              override={"status": "met", "reason": "Ratified 2003; checked the treaty collection."}, asks="exists")
    assert j.status == "met" and not j.to_confirm and j.rule == "OVERRIDE"
    assert (j.computed_status, j.computed_rule, j.overridden, j.conflicting) == ("met", "R4", True, False)


def _pair(l1: str, l2: str, criterion_pair=("op1", "op2")):
    a = judge("5.5", criterion_pair[0], {"finding": l1, "citations": "D1"}, [], [], RUBRIC, asks="used")
    b = judge("5.5", criterion_pair[1], {"finding": l2, "citations": "D2"}, [], [], RUBRIC, asks="used")
    return a, b


@pytest.mark.parametrize("pair", [("fw1", "fw2"), ("op1", "op2")])
def test_a_level_2_above_its_level_1_is_flagged_not_changed(pair):
    a, b = _pair("not_met", "met", pair)
    flag_levels([a, b], RUBRIC)
    assert (a.status, b.status) == ("not_met", "met")
    assert b.to_confirm and not a.to_confirm
    assert (b.level_above, b.conflicting, a.level_above) == (True, False, False)
    words = {"fw1": "Framework L1", "op1": "Operational L1"}
    assert confirm_reasons(to_frame([a, b], "2.0"), RUBRIC, words.get) == {
        ("5.5", pair[1]): f"Level 2 (met) rated above its {words[pair[0]]} (not met)"}


def test_level_2_at_or_below_level_1_or_unassessed_is_not_flagged():
    for l1, l2 in (("met", "met"), ("partly_met", "not_met"), ("unknown", "met")):
        a, b = _pair(l1, l2)
        flag_levels([a, b], RUBRIC)
        assert not b.to_confirm, (l1, l2)


def test_confirm_table_lists_every_flag_with_its_reason():
    inst = load_instruments()
    a, b = _pair("not_met", "met")
    c = judge("3.1", "fw1", {"finding": "met", "citations": "Aze 24, p. 38"}, [], segs(10), RUBRIC, asks="exists")
    flag_levels([a, b, c], RUBRIC)
    t = confirm_table(to_frame([a, b, c], "2.0"), inst)
    assert list(t["indicator"] + "." + t["criterion"]) == ["5.5.op2", "3.1.fw1"]
    assert list(t["provisional_status"]) == ["met", "met"]
    assert (list(t["level_above"]), list(t["conflicting"])) == ([True, False], [False, True])


def test_aze_has_no_level_contradiction_left_unflagged_and_every_flag_is_listed(aze):
    root, _ = aze
    s = pd.read_csv(root / "analysis/AZE/scores.csv", dtype=str, keep_default_na=False)
    conf = pd.read_csv(root / "analysis/AZE/to_confirm.csv", dtype=str, keep_default_na=False)
    pts = {"met": 1, "partly_met": 0.5, "not_met": 0}
    st = s.set_index(["indicator", "criterion"])
    flagged = set(zip(conf["indicator"], conf["criterion"]))
    assert flagged == {k for k, v in st["to_confirm"].items() if v == "True"}
    for ind in st.index.get_level_values(0).unique():
        for l1, l2 in (("fw1", "fw2"), ("op1", "op2")):
            a, b = st.loc[(ind, l1), "status"], st.loc[(ind, l2), "status"]
            if a in pts and b in pts and pts[b] > pts[a] and not st.loc[(ind, l2), "override_reason"]:
                assert (ind, l2) in flagged, f"{ind} {l2} above {l1} not flagged"
    # every framework criterion with a cited desk finding carries the desk status
    desk = pd.read_csv(root / "data/processed/AZE/desk_review.csv", dtype=str, keep_default_na=False)
    for r in desk.to_dict("records"):
        if r["criterion"].startswith("fw") and r["finding"] in pts and r["citations"].strip() \
                and not st.loc[(r["indicator"], r["criterion"]), "override_reason"]:
            assert st.loc[(r["indicator"], r["criterion"]), "status"] == r["finding"], r


def test_aze_report_has_the_to_confirm_section_and_the_rules(aze):
    from docx import Document

    from tests.test_pipeline_aze import report_text

    root, report = aze
    conf = pd.read_csv(root / "analysis/AZE/to_confirm.csv", dtype=str, keep_default_na=False)
    text = report_text(Document(str(report)))
    assert "Conflicting evidence — for the assessor to confirm" in text
    assert f"{len(conf)} criteria carry a provisional status" in text
    assert "C1\nTo confirm: survey or interview evidence disagrees" in text
    assert "— to confirm]" in text  # marked in the indicator tables
