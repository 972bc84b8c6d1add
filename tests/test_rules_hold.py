"""Small hand-made cases for the rules the assessment rests on. Each test here was
checked by breaking its rule once on purpose (see /work/notes/14.md): alpha forced
to 0, the rubric weights ignored, compare_plans always "kept", compare_countries
with blank statuses, the NAP charts raising or swallowed."""

from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd
import pytest

from ctnat.coding.manual import coder_agreement
from ctnat.instruments import Rubric, load_instruments
from ctnat.problems import StageError
from ctnat.scoring.criteria import Signal, combine


# ------------------------------------------------------------ Krippendorff's alpha
def test_coder_agreement_matches_the_published_example():
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example A:
    binary data, two observers, ten units, no missing values: alpha = 0.095."""
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    theme = {0: "sit_trends", 1: "id_nrm"}
    rows = []
    for n, (ta, tb) in enumerate(zip(a, b)):
        rows.append({"segment_id": f"AZEint1:{n}", "coder": "ann", "theme": theme[ta], "action": "add"})
        rows.append({"segment_id": f"AZEint1:{n}", "coder": "bob", "theme": theme[tb], "action": "add"})
    got = coder_agreement(pd.DataFrame(rows)).iloc[0]
    package = krippendorff.alpha(reliability_data=np.array([a, b], dtype=float), level_of_measurement="nominal")
    assert round(package, 3) == 0.095  # the published figure
    assert got["krippendorff_alpha"] == 0.095
    assert (got["segments_both_coded"], got["identical"]) == (10, 6)


def test_coders_in_full_agreement_have_alpha_one_and_disagreeing_coders_less():
    same = [{"segment_id": f"s{n}", "coder": c, "theme": t, "action": "add"}
            for n, t in enumerate(["x", "y", "x", "z"]) for c in ("ann", "bob")]
    assert coder_agreement(pd.DataFrame(same)).iloc[0]["krippendorff_alpha"] == 1.0
    differ = [{"segment_id": f"s{n}", "coder": "ann", "theme": t, "action": "add"}
              for n, t in enumerate(["x", "y", "x", "z"])] + \
             [{"segment_id": f"s{n}", "coder": "bob", "theme": t, "action": "add"}
              for n, t in enumerate(["y", "x", "z", "x"])]
    assert coder_agreement(pd.DataFrame(differ)).iloc[0]["krippendorff_alpha"] < 0


# ------------------------------------------------------------ weighted-mean rule
def _rubric(**weights):
    data = load_instruments().rubric.model_dump()
    data["weights"].update(weights)
    return Rubric.model_validate(data)


def test_the_rubric_weights_decide_a_disagreement():
    """Desk review says met, survey and interviews not met, on an operational
    criterion. With the shipped weights (desk 2, survey 1, interview 1) the mean
    is 0.5 → partly met; with equal weights 0.33 → partly met but lower; with the
    desk at 8 it is 0.8 → met. Ignoring the weights changes the answer."""
    signals = [Signal("desk", "met"), Signal("interview", "not_met"), Signal("survey", "not_met")]
    assert combine(signals, "operational", load_instruments().rubric) == ("partly_met", "R3", pytest.approx(0.5))
    assert combine(signals, "operational", _rubric(desk=1.0))[2] == pytest.approx(1 / 3)
    assert combine(signals, "operational", _rubric(desk=8.0)) == ("met", "R3", pytest.approx(0.8))
    assert combine(signals, "operational", _rubric(survey=9.0, interview=9.0))[0] == "not_met"  # 2/20


def test_framework_criteria_are_never_weighed():
    """Framework criteria take the cited desk finding (R4) or are insufficient
    evidence (R5), whatever the weights."""
    opinion = [Signal("survey", "met"), Signal("interview", "met")]
    assert combine(opinion, "framework", _rubric(survey=9.0)) == ("insufficient_evidence", "R5", None)
    cited = [Signal("desk", "not_met", ["Doc 1"]), *opinion]
    assert combine(cited, "framework", _rubric(survey=9.0)) == ("not_met", "R4", None)


# ------------------------------------------------------------ plan comparison
def _plan(path, rows):
    pd.DataFrame(rows, columns=["activity", "responsible bodies", "timeline"]).to_csv(path, index=False)
    return path


def test_compare_plans_on_two_hand_made_plans(project, tmp_path):
    from ctnat.nap.run import compare_plans, parse_plan

    old = _plan(tmp_path / "old.csv", [["Operate a national hotline for victims of trafficking", "Ministry of Interior",
                                        "2015"],
                                       ["Amend the criminal code to ratify the convention", "Parliament", "2015"]])
    new = _plan(tmp_path / "new.csv", [["Open a shelter for victims of trafficking", "Ministry of Labour", "2020"],
                                       ["Amend the criminal code to ratify the convention", "Parliament", "2021"]])
    processed = project / "data" / "processed" / "ZZZ"
    processed.mkdir(parents=True)
    tables = [parse_plan(old, "old", root=project)["table"], parse_plan(new, "new", root=project)["table"]]
    pd.concat(tables).to_csv(processed / "nap_measures.csv", index=False)
    (processed / "nap_texts.json").write_text("{}", encoding="utf-8")
    df = pd.read_csv(compare_plans("ZZZ", "old", "new", root=project), dtype=str).set_index("indicator")
    assert df.loc["1.4", "change"] == "dropped" and df.loc["1.4", "old_status"] == "covered"
    assert df.loc["2.2", "change"] == "added" and df.loc["2.2", "new_status"] == "covered"
    assert df.loc["3.1", "change"] == "kept" and df.loc["3.1", "new_status"] == "covered"
    assert df.loc["4.2", "change"] == "kept" and df.loc["4.2", "new_status"] == "gap"
    assert (df["change"] == "kept").sum() == 23


# ------------------------------------------------------------ country comparison
def _scores(root, country, statuses: dict, inst):
    out = root / "analysis" / country
    out.mkdir(parents=True, exist_ok=True)
    rows = [{"indicator": i.id, "criterion": c, "status": statuses.get(f"{i.id}.{c}", "insufficient_evidence")}
            for i, c, _ in inst.indicators.criteria_rows()]
    pd.DataFrame(rows).to_csv(out / "scores.csv", index=False)
    pd.DataFrame([{"indicator": i.id, "score": 0.5 if i.id == "1.1" else ""} for i in inst.indicators.indicators]) \
        .to_csv(out / "indicator_scores.csv", index=False)


def test_compare_countries_puts_each_countrys_status_in_its_column(project):
    from ctnat.scoring import compare_countries

    inst = load_instruments(project / "instruments")
    _scores(project, "AAA", {"1.1.fw1": "met", "1.1.fw2": "not_met"}, inst)
    _scores(project, "BBB", {"1.1.fw1": "partly_met"}, inst)
    df = pd.read_csv(compare_countries(["AAA", "BBB"], root=project), dtype=str, keep_default_na=False)
    crit = df.set_index(["indicator", "criterion"])
    assert tuple(crit.loc[("1.1", "fw1"), ["AAA", "BBB"]]) == ("met", "partly_met")
    assert tuple(crit.loc[("1.1", "fw2"), ["AAA", "BBB"]]) == ("not_met", "insufficient_evidence")
    assert tuple(crit.loc[("1.1", "score"), ["AAA", "BBB"]]) == ("0.5", "0.5")
    assert (df[df["criterion"] != "score"][["AAA", "BBB"]] != "").all().all()


# ------------------------------------------------------------ NAP charts
def test_nap_charts_appear_when_a_nap_was_analysed(aze):
    from ctnat.charts.build import country_charts

    root, _ = aze
    names = [c.name for c in country_charts("AZE", root)]
    assert {"nap_measures_area", "nap_coverage", "nap_top_bodies"} <= set(names)


def test_an_incomplete_nap_analysis_is_an_error_not_a_missing_chart(aze, tmp_path):
    import shutil

    from ctnat.charts.build import country_charts
    from ctnat.scoring import score_country

    root, _ = aze
    project = tmp_path / "p"
    shutil.copytree(root, project)
    (project / "analysis/AZE/nap_classification.csv").unlink()
    with pytest.raises(StageError, match="NAP analysis of AZE .* is incomplete .missing nap_classification.csv"):
        country_charts("AZE", project)
    with pytest.raises(StageError):
        score_country("AZE", root=project)


def test_no_nap_means_no_nap_charts_and_a_missing_nap_stage_is_an_error(aze, tmp_path):
    import shutil

    from ctnat.charts.build import country_charts
    from ctnat.problems import MissingInputError

    root, _ = aze
    project = tmp_path / "p"
    shutil.copytree(root, project)
    (project / "analysis/AZE/nap_plan.json").write_text("{}", encoding="utf-8")  # what the NAP stage writes
    assert not [c for c in country_charts("AZE", project) if c.name.startswith("nap_")]
    (project / "analysis/AZE/nap_plan.json").unlink()
    with pytest.raises(MissingInputError, match="nap_plan.json does not exist"):
        country_charts("AZE", project)


# ------------------------------------------------------------ the name screen
def test_names_in_csv_and_word_interview_headers_are_screened(project, tmp_path):
    """A name given in the header of an interview (CSV notes, a returned Word guide)
    and repeated in an answer flags that answer, so no quote can carry it."""
    from ctnat.build import build_country
    from ctnat.instruments.word_forms import fill_controls, write_interview_guide
    from tests.conftest import copy_country

    raw = copy_country(project, "AZE")
    header = {"country": "AZE", "entity_type": "ngo", "date_time": "2016-01-20 10:00", "format": "in_person",
              "participants_male": 1, "participants_female": 0, "interviewer_name": "Ilham Qasimov",
              "respondent_name": "Zaur Aliyev", "respondent_organisation": "A local NGO"}
    rows = [dict(header, interview_code="AZEint30", question="3.4",
                 answer="Zaur Aliyev said the referral mechanism lacks funding and staff in the regions."),
            dict(header, interview_code="AZEint30", question="7.1",
                 answer="Cooperation with the ministries is ad hoc and depends on personal contacts.")]
    pd.DataFrame(rows).to_csv(raw / "interviews" / "AZEint30.csv", index=False)
    guide = write_interview_guide(tmp_path / "guide.docx", "AZE")
    fill_controls(guide, raw / "interviews" / "AZEint31.docx",
                  checked={"ctnat|header|entity_type|state", "ctnat|header|format|in_person"},
                  texts={"ctnat|header|interview_code": "AZEint31", "ctnat|header|date_time": "2016-01-21 10:00",
                         "ctnat|header|participants_male": "0", "ctnat|header|participants_female": "1",
                         "ctnat|header|respondent_name": "Leyla Hasanova",
                         "ctnat|answer|3.4": "As Ms Hasanova told us, the hotline is not known outside the capital.",
                         "ctnat|answer|7.1": "Cooperation is ad hoc."})
    build_country("AZE", root=project, until="ingest")
    seg = pd.read_csv(project / "data/processed/AZE/segments.csv", dtype=str, keep_default_na=False) \
        .set_index("segment_id")
    flagged = {k: v.lower() == "true" for k, v in seg["names_flagged"].items()}
    assert flagged["AZEint30:3.4"] and not flagged["AZEint30:7.1"]
    assert flagged["AZEint31:3.4"] and not flagged["AZEint31:7.1"]
