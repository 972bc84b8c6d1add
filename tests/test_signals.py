"""Evidence that measures the criterion (rubric 3.0): a criterion counts only the
survey items whose measure speaks to what it asks, a frequency item from the
answer its criterion calls for, interviews by stakeholder type, never a segment
off the criterion's topic; framework criteria are decided by documents alone.
Measured against the independent reading of the Azerbaijan seed."""

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from ctnat.instruments import load_instruments
from ctnat.scoring.criteria import frequency_read, judge
from tests.conftest import REPO, copy_country

RUBRIC = load_instruments().rubric
READING = REPO / "tests" / "fixtures" / "seed_reading_aze.yaml"


def _scores(root: Path, country: str = "AZE") -> pd.DataFrame:
    s = pd.read_csv(root / f"analysis/{country}/scores.csv", dtype=str, keep_default_na=False)
    return s.set_index(["indicator", "criterion"])


# ------------------------------------------------------------ against the independent reading
def test_aze_statuses_agree_with_the_independent_reading_of_the_seed(aze):
    reading = yaml.safe_load(READING.read_text(encoding="utf-8"))["criteria"]
    status = _scores(aze[0])["status"]
    decidable = [c for c in reading if c["status"] != "undecidable"]
    agree = [c for c in decidable if status[(str(c["indicator"]), c["criterion"])] == c["status"]]
    clear = [c for c in decidable if c["clarity"] == "clear"]
    clear_agree = [c for c in agree if c["clarity"] == "clear"]
    assert len(agree) / len(decidable) >= 0.85, f"{len(agree)}/{len(decidable)}"
    assert len(clear_agree) >= len(clear) - 1, f"{len(clear_agree)}/{len(clear)}"


@pytest.fixture(scope="module")
def aze_without_framework_desk(tmp_path_factory):
    """AZE scored with every framework entry taken out of its desk review."""
    from ctnat.build import build_country

    root = tmp_path_factory.mktemp("nodesk") / "project"
    shutil.copytree(REPO / "instruments", root / "instruments")
    raw = copy_country(root, "AZE")
    path = raw / "desk_review.yaml"
    desk = yaml.safe_load(path.read_text(encoding="utf-8"))
    desk["criteria"] = [c for c in desk["criteria"] if not c["criterion"].startswith("fw")]
    path.write_text(yaml.safe_dump(desk, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build_country("AZE", root=root, until="score")
    return root


def test_a_framework_criterion_without_its_desk_entry_is_never_met_or_not_met(aze_without_framework_desk, aze):
    s = _scores(aze_without_framework_desk)
    fw = s[s.index.get_level_values("criterion").str.startswith("fw")]
    assert set(fw["status"]) == {"insufficient_evidence"}
    assert set(fw["rule"]) == {"R5"}
    # a framework criterion that opinion speaks to is flagged for the assessor to check the documents
    flagged = fw[fw["opinion_only"] == "True"]
    assert len(flagged) and set(flagged["to_confirm"]) == {"True"}
    assert all(r["interview_signal"] or r["survey_signal"] for r in flagged.to_dict("records"))
    # operational criteria keep their evidence
    before = _scores(aze[0])
    op = [k for k in s.index if k[1].startswith("op")]
    assert (s.loc[op, "status"] == before.loc[op, "status"]).all()


# ------------------------------------------------------------ the matching rule
def _item(measures: str, fav: int, n: int = 6, code: str = "x") -> dict:
    return {"question": code, "measures": measures, "n_valid": n, "favourable": fav}


def test_an_adequacy_statement_never_decides_a_framework_criterion():
    cited = {"finding": "met", "citations": "Doc 1"}
    j = judge("5.1", "fw1", cited, [_item("adequacy", 0)], [], RUBRIC, asks="exists")
    assert (j.status, j.rule, j.conflicting, j.facts["survey_signal"], j.facts["survey_unmatched"]) == (
        "met", "R4", False, "", "x")
    j = judge("5.1", "fw1", None, [_item("adequacy", 6)], [], RUBRIC, asks="exists")
    assert (j.status, j.rule, j.to_confirm) == ("insufficient_evidence", "R5", False)
    # an existence statement does speak to it: it cannot decide, but it flags the cited finding
    j = judge("5.1", "fw1", cited, [_item("existence", 0)], [], RUBRIC, asks="exists")
    assert (j.status, j.conflicting, j.facts["survey_signal"]) == ("met", True, "not_met")


def test_adequacy_speaks_to_an_operational_criterion_that_asks_about_adequacy_only():
    assert judge("2.3", "op1", None, [_item("adequacy", 5)], [], RUBRIC, asks="adequate").status == "met"
    assert judge("2.3", "op1", None, [_item("adequacy", 5)], [], RUBRIC, asks="used").rule == "R0"


# AZE 7.2.2 (State bodies invite non-State actors to meetings): 6 answers, all "sometimes"
SOMETIMES = {"always": 0, "often": 0, "sometimes": 6, "rarely": 0, "never": 0, "dont_know": 0}
FREQUENCY = ["always", "often", "sometimes", "rarely", "never"]


def test_a_frequency_item_reads_as_met_from_the_answer_its_criterion_calls_for():
    assert frequency_read(SOMETIMES, FREQUENCY, "sometimes") == (6, 6)
    assert frequency_read(SOMETIMES, FREQUENCY, "often") == (6, 0)
    n, fav = frequency_read(SOMETIMES, FREQUENCY, "sometimes")
    ad_hoc = judge("5.3", "op1", None, [_item("frequency", fav, n)], [], RUBRIC, asks="used")
    n, fav = frequency_read(SOMETIMES, FREQUENCY, "often")
    routine = judge("5.3", "op2", None, [_item("frequency", fav, n)], [], RUBRIC, asks="proactive")
    assert (ad_hoc.status, routine.status) == ("met", "not_met")


def test_consistent_practice_is_read_from_frequency_items_only():
    j = judge("2.2", "op2", None, [_item("use", 6), _item("frequency", 1, code="y")], [], RUBRIC,
              asks="used_consistently")
    assert (j.status, j.facts["survey_items"], j.facts["survey_unmatched"]) == ("not_met", "x;y", "x")


def test_aze_frequency_items_follow_the_level_of_their_criterion(aze):
    s = _scores(aze[0])
    # 7.2.2 and 7.2.3 "sometimes" meet the ad hoc cooperation of 5.3 op1
    assert s.loc[("5.3", "op1"), ["asks", "survey_n", "survey_favourable", "survey_signal"]].tolist() == [
        "used", "12", "11", "met"]
    # the same item, 7.2.5 (bilateral meetings), read from "sometimes" for evidence of cooperation
    # (5.4 op1) and from "often" for proactive cooperation (5.4 op2)
    cols = ["asks", "survey_n", "survey_favourable", "survey_signal"]
    assert s.loc[("5.4", "op1"), cols].tolist() == ["used", "6", "4", "met"]
    assert s.loc[("5.4", "op2"), cols].tolist() == ["proactive", "6", "3", "partly_met"]


# ------------------------------------------------------------ interviews
def _seg(interview: str, entity: str, polarity: str = "contradicts", **kw) -> dict:
    return {"segment_id": f"{interview}:{len(kw)}", "interview_code": interview, "entity_type": entity,
            "theme": "t", "polarity": polarity, "origin": "interview", **kw}


def test_an_interview_signal_needs_several_voices_or_several_stakeholder_types():
    one_type = [_seg("A", "state"), _seg("B", "state")]
    j = judge("3.3", "op1", None, [], one_type, RUBRIC, asks="used")
    assert (j.rule, j.facts["interview_below_min"], j.facts["interview_views"]) == ("R0", True, "state=contradicts")
    two_types = [_seg("A", "state"), _seg("B", "ngo")]
    j = judge("3.3", "op1", None, [], two_types, RUBRIC, asks="used")
    assert (j.status, j.facts["interview_views"]) == ("not_met", "state=contradicts;ngo=contradicts")
    three = [_seg("A", "state"), _seg("B", "state"), _seg("C", "state")]
    assert judge("3.3", "op1", None, [], three, RUBRIC, asks="used").status == "not_met"


def test_stakeholder_types_that_disagree_read_as_partly_met():
    segs = [_seg("A", "state", "supports"), _seg("B", "state", "supports"), _seg("C", "ngo")]
    j = judge("5.3", "op1", None, [], segs, RUBRIC, asks="used")
    assert (j.status, j.facts["interview_views"]) == ("partly_met", "state=supports;ngo=contradicts")


def test_off_topic_segments_proposals_and_survey_comments_never_count():
    segs = [_seg("A", "state", on_topic=False), _seg("B", "ngo", proposal=True),
            _seg("C", "international", origin="survey")]
    j = judge("3.3", "op1", None, [], segs, RUBRIC, asks="used")
    assert (j.rule, j.facts["interview_off_topic"]) == ("R0", "A:1")
    assert [e["set_aside"] for e in j.evidence] == ["off_topic", "proposal", "not_interview"]


def test_aze_recommendations_made_in_interviews_are_not_findings(aze):
    ev = pd.read_csv(aze[0] / "analysis/AZE/evidence.csv", dtype=str, keep_default_na=False)
    interview = ev[ev["source"] == "interview"]
    proposals = interview[interview["ref"].str.startswith("AZEint") & interview["ref"].str.endswith(":8.2")]
    assert len(proposals) and set(proposals["set_aside"]) == {"proposal"}
    assert set(proposals["used"]) == {"False"}
