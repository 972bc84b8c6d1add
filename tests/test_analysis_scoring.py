"""Survey statistics and scoring on small hand-made data: each test reads like a
usage example of one stage."""

import pandas as pd
import pytest
import yaml

from ctnat.analysis import analyse_country
from ctnat.coding import code_country
from ctnat.scoring import compare_countries, score_country
from ctnat.nap import analyse_plan
from tests.processed_fixture import interview, respondent, segment, take_in_assessor_files, write_processed


def seven_respondents():
    # 3.1.4 capacity to identify: adequate 4, neither 2, inadequate 1 (the seed's AZE figures)
    answers = ["adequate"] * 4 + ["neither"] * 2 + ["inadequate"]
    positions = ["le_police", "justice_prosecutor", "gov_other", "ngo_local", "igo_iom", "igo_un", "ngo_victim_support"]
    rows = []
    for i, (a, pos) in enumerate(zip(answers, positions), start=1):
        rows.append(respondent(f"TSTsur{i}", q1_1="AZE", q1_2=pos, q1_6="male" if i > 1 else "female",
                               q3_1_4=a, q4_1_2=a, q3_1_1="adequate" if i <= 5 else "inadequate",
                               q2_2="forced_labour;prostitution", q2_4_adult_female="1", q2_4_adult_male="2",
                               q2_4_female_child="3", q2_4_male_child="4",
                               q8_1_J="1" if i <= 3 else "", q8_1_A="2" if i <= 2 else "", q8_1_L="3" if i == 1 else ""))
    rows[6]["q3_1_1"] = ""  # one respondent skipped this item
    # two respondents only answered 5.1.9 and 4.1.9
    rows[0]["q5_1_9"] = rows[1]["q5_1_9"] = "agree"
    rows[0]["q4_1_9"] = rows[1]["q4_1_9"] = "adequate"
    return rows


@pytest.fixture
def tst(project):
    write_processed(project, "TST", seven_respondents(),
                    [interview("TSTint1", 3, 1), interview("TSTint2", 2, 0, "ngo")],
                    [segment("TSTint1", "3.5", "The referral mechanism works well and roles are clear."),
                     segment("TSTint2", "3.5", "There is no functioning referral mechanism outside the capital."),
                     segment("TSTint2", "4.6", "Funding for the shelter is insufficient and depends on donors.")],
                    desk={"1.1.fw1": ("met", "Doc 3, p. 2"), "5.1.fw1": ("not_met", "Doc 9, p. 1")})
    return project


def test_survey_items_count_every_option_including_zeros(tst):
    analyse_country("TST", root=tst)
    items = pd.read_csv(tst / "analysis/TST/survey_items.csv", dtype={"option_code": str})
    q = items[items["question"] == "3.1.4"].set_index("option_code")
    assert q.loc["adequate", "count"] == 4 and q.loc["neither", "count"] == 2 and q.loc["inadequate", "count"] == 1
    assert q.loc["somewhat_adequate", "count"] == 0  # zero counts included
    assert set(q["n_valid"]) == {7} and set(q["n_missing"]) == {0}
    assert q.loc["adequate", "percent"] == pytest.approx(57.1)
    q11 = items[items["question"] == "3.1.1"].set_index("option_code")
    assert q11.loc["adequate", "n_valid"] == 6 and q11.loc["adequate", "n_missing"] == 1
    totals = pd.read_csv(tst / "analysis/TST/grid_totals.csv").set_index("block")
    assert totals.loc[3.1, "total_respondents"] == 7 and totals.loc[3.1, "respondents_to_block"] == 7
    assert totals.loc[6.1, "respondents_to_block"] == 0


def test_priorities_are_weighted_by_rank(tst):
    analyse_country("TST", root=tst)
    p = pd.read_csv(tst / "analysis/TST/priorities.csv").set_index("priority")
    assert p.loc["J", "selections"] == 3 and p.loc["J", "weighted_score"] == 9
    assert p.loc["A", "weighted_score"] == 4 and p.loc["L", "weighted_score"] == 1
    assert p.loc["B", "selections"] == 0


def test_profiles_and_ranking(tst):
    analyse_country("TST", root=tst)
    prof = pd.read_csv(tst / "analysis/TST/respondent_profile.csv", keep_default_na=False)
    get = lambda dim, code: int(prof[(prof.dimension == dim) & (prof.code == code)]["count"].iloc[0])
    assert get("sex", "female") == 1 and get("sex", "male") == 6
    assert get("position_group", "intergovernmental") == 2 and get("sector", "state") == 3
    ip = pd.read_csv(tst / "analysis/TST/interview_profile.csv", keep_default_na=False)
    assert int(ip[(ip.dimension == "participants") & (ip.code == "total")]["count"].iloc[0]) == 6
    rk = pd.read_csv(tst / "analysis/TST/situation_ranking.csv").set_index("group")
    assert rk.loc["adult_female", "mean_rank"] == 1.0 and rk.loc["adult_female", "ranked_first"] == 7


def test_group_comparison_never_reports_a_p_value_from_few_people(tst):
    analyse_country("TST", root=tst)
    g = pd.read_csv(tst / "analysis/TST/group_comparison.csv").set_index("question")
    assert g.loc["3.1.4", "n_state"] == 3 and g.loc["3.1.4", "n_non_state"] == 4
    assert g.loc["3.1.4", "result"].startswith("too few to compare")
    assert pd.isna(g.loc["3.1.4", "mann_whitney_p"])


def _score(root):
    take_in_assessor_files(root, "TST")
    analyse_country("TST", root=root)
    analyse_plan("TST", root=root)  # no plan: empty NAP tables
    code_country("TST", root=root)
    score_country("TST", root=root)
    return pd.read_csv(root / "analysis/TST/scores.csv", dtype=str, keep_default_na=False).set_index(["indicator", "criterion"])


def test_one_hundred_statuses_with_rule_and_evidence(tst):
    s = _score(tst)
    assert len(s) == 100
    assert set(s["status"]) <= {"met", "partly_met", "not_met", "insufficient_evidence"}
    assert s.loc[("1.1", "fw1"), ["status", "rule", "desk_signal", "desk_citations"]].tolist() == [
        "met", "R4", "met", "Doc 3, p. 2"]
    assert s.loc[("5.1", "fw1"), "status"] == "not_met"
    # 1.3 op2 is informed by 3.1.5 only, which nobody answered, and no desk finding: not scored as 0
    assert s.loc[("1.3", "op2"), "status"] == "insufficient_evidence"
    assert s.loc[("1.3", "op2"), "rule"] == "R0"


def test_a_criterion_with_two_respondents_is_insufficient_evidence(tst):
    # 2.3 op2 (adequate State involvement in return) is informed by 4.1.9 and 4.1.10; only two
    # people answered 4.1.9
    s = _score(tst)
    assert s.loc[("2.3", "op2"), "status"] == "insufficient_evidence"
    assert s.loc[("2.3", "op2"), ["rule", "survey_n", "survey_signal", "survey_below_min"]].tolist() == [
        "R0", "2", "", "True"]


def test_survey_favourability_decides_an_operational_criterion_that_asks_about_adequacy(tst):
    s = _score(tst)
    # 2.3 op1 <- 4.1.2 (4 of 7 favourable), 4.1.7 and 4.1.10 (unanswered): 57% -> partly met (met needs 60%)
    assert s.loc[("2.3", "op1"), ["asks", "status", "rule"]].tolist() == ["adequate", "partly_met", "R1"]
    assert s.loc[("2.3", "op1"), ["survey_items", "survey_n", "survey_favourable"]].tolist() == [
        "4.1.2;4.1.7;4.1.10", "7", "4"]


def test_an_adequacy_opinion_does_not_decide_whether_a_practice_is_used(tst):
    s = _score(tst)
    # 1.3 op1 (identification tools used by some) <- 3.1.4 and 3.1.5, both adequacy statements
    assert s.loc[("1.3", "op1"), ["asks", "status", "rule", "survey_signal", "survey_unmatched"]].tolist() == [
        "used", "insufficient_evidence", "R0", "", "3.1.4;3.1.5"]


def test_changing_a_threshold_in_the_rubric_changes_the_status(tst):
    path = tst / "instruments/rubric.yaml"
    rubric = yaml.safe_load(path.read_text())
    rubric["survey"]["met_share"] = 0.55
    path.write_text(yaml.safe_dump(rubric))
    s = _score(tst)
    assert s.loc[("2.3", "op1"), "status"] == "met"


def test_an_override_wins_and_is_recorded(tst):
    overrides = {"overrides": [{"indicator": "5.1", "criterion": "fw1", "status": "met",
                                "reason": "The new NAP was adopted after the desk review closed."}]}
    raw = tst / "data/raw/TST"
    raw.mkdir(parents=True)
    (raw / "overrides.yaml").write_text(yaml.safe_dump(overrides))
    s = _score(tst)
    row = s.loc[("5.1", "fw1")]
    assert row["status"] == "met"
    assert row["override_reason"] == "The new NAP was adopted after the desk review closed."
    assert row[["rule", "computed_status", "computed_rule", "overridden"]].tolist() == [
        "OVERRIDE", "not_met", "R4", "True"]


def test_a_bad_override_is_rejected_with_file_and_key(tst):
    raw = tst / "data/raw/TST"
    raw.mkdir(parents=True)
    (raw / "overrides.yaml").write_text(yaml.safe_dump({"overrides": [
        {"indicator": "9.9", "criterion": "fw1", "status": "met", "reason": "x"},
        {"indicator": "1.1", "criterion": "fw1", "status": "great", "reason": "x"}]}))
    from ctnat.problems import CtnatError
    with pytest.raises(CtnatError) as err:
        _score(tst)
    text = str(err.value)
    assert "overrides.yaml, column 'overrides[0]': unknown criterion" in text
    assert "overrides.yaml, column 'overrides[1].status': unknown status" in text


def test_interview_polarity_counts_when_two_interviews_speak(tst):
    s = _score(tst)
    ev = pd.read_csv(tst / "analysis/TST/evidence.csv", dtype=str, keep_default_na=False)
    nrm = ev[(ev.indicator == "1.1") & (ev.criterion == "op1") & (ev.source == "interview")]
    assert set(nrm["ref"]) >= {"TSTint1:3.5", "TSTint2:3.5"}
    assert s.loc[("1.1", "op1"), ["interview_supporting", "interview_contradicting", "interview_n",
                                  "interview_segments"]].tolist() == ["1", "1", "2", "TSTint1:3.5;TSTint2:3.5"]


def test_every_evidence_reference_points_at_real_processed_rows(tst):
    _score(tst)
    ev = pd.read_csv(tst / "analysis/TST/evidence.csv", dtype=str, keep_default_na=False)
    segs = set(pd.read_csv(tst / "data/processed/TST/segments.csv")["segment_id"])
    items = set(pd.read_csv(tst / "analysis/TST/survey_items.csv")["question"].astype(str))
    desk = pd.read_csv(tst / "data/processed/TST/desk_review.csv", dtype=str)
    desk_keys = set(desk["indicator"] + "." + desk["criterion"])
    for r in ev.to_dict("records"):
        if r["source"] == "interview":
            assert r["ref"] in segs
        elif r["source"] == "survey":
            assert r["ref"] in items
        elif r["source"] == "desk":
            assert r["ref"] in desk_keys


def test_gaps_and_scores_leave_insufficient_evidence_out(tst):
    _score(tst)
    gaps = pd.read_csv(tst / "analysis/TST/gaps.csv", dtype=str)
    scores = pd.read_csv(tst / "analysis/TST/scores.csv", dtype=str)
    unmet = scores[scores.status.isin(["not_met", "partly_met"])]
    assert set(gaps["indicator"] + gaps["criterion"]) == set(unmet["indicator"] + unmet["criterion"])
    ind = pd.read_csv(tst / "analysis/TST/indicator_scores.csv", dtype={"indicator": str}).set_index("indicator")
    assert ind.loc["5.1", "assessed"] == 1 and ind.loc["5.1", "score"] == 0.0


def test_compare_countries(tst):
    _score(tst)
    out = compare_countries(["TST"], root=tst)
    df = pd.read_csv(out, dtype=str)
    assert len(df) == 125 and "TST" in df.columns


def test_position_groups_their_labels_and_sector_are_the_instruments(tst):
    # the method lives in instruments/: survey.yaml position_groups, interview_guide.yaml entity_type choices
    survey = yaml.safe_load((tst / "instruments/survey.yaml").read_text(encoding="utf-8"))
    ngo = next(g for g in survey["position_groups"] if g["code"] == "ngo")
    ngo["label"]["en"], ngo["sector"] = "Civil society", "state"
    (tst / "instruments/survey.yaml").write_text(yaml.safe_dump(survey, allow_unicode=True), encoding="utf-8")
    guide = yaml.safe_load((tst / "instruments/interview_guide.yaml").read_text(encoding="utf-8"))
    entity = next(h for h in guide["header_fields"] if h["key"] == "entity_type")
    next(c for c in entity["choices"] if c["code"] == "ngo")["label"]["en"] = "Civil society organization"
    (tst / "instruments/interview_guide.yaml").write_text(yaml.safe_dump(guide, allow_unicode=True), encoding="utf-8")
    analyse_country("TST", root=tst)
    prof = pd.read_csv(tst / "analysis/TST/respondent_profile.csv", keep_default_na=False).set_index(["dimension", "code"])
    assert prof.loc[("position_group", "ngo"), "label"] == "Civil society"
    assert prof.loc[("position_group", "ngo"), "count"] == 2
    assert prof.loc[("sector", "state"), "count"] == 5  # 3 State positions and now the 2 NGO ones
    ip = pd.read_csv(tst / "analysis/TST/interview_profile.csv", keep_default_na=False).set_index(["dimension", "code"])
    assert ip.loc[("entity_type", "ngo"), "label"] == "Civil society organization"
    assert ip.loc[("entity_type", "ngo"), "count"] == 1
