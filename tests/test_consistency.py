"""The consistency gate on the bundled AZE data: each contradiction the issue
names is caught as one exact row; a blocking row stops the build and an
accepted one does not; and the outputs it guards are right (the results
framework without what the workshop rejected, the statistics footnote, the
National Action Plan checklist table, Annex E, ties and small numbers)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import yaml
from docx import Document

from ctnat import catalogue
from ctnat.consistency import find_contradictions
from ctnat.consistency.checks import actions_creating_existing, actions_on_met
from ctnat.instruments import load_instruments
from ctnat.messages import label
from ctnat.problems import ConsistencyError


def _rows(root, check: str) -> list[dict]:
    table = catalogue.read("consistency", "AZE", root)
    return [{k: v for k, v in r.items() if k not in ("message",)} for r in table[table["check"] == check]
            .to_dict("records")]


def _text(report) -> str:
    doc = Document(report)
    lines = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        lines += [" | ".join(c.text for c in r.cells) for r in t.rows]
    return "\n".join(lines)


# ------------------------------------------------------------------ each example, one exact row
def test_two_sources_that_disagree_on_2014_convictions_are_one_warning(aze):
    root, _report = aze
    assert _rows(root, "sources_disagree") == [{
        "check": "sources_disagree", "severity": "warning", "key": "convictions 2014",
        "left_table": "statistics", "left_key": "convictions 2014 (MIA Counter-trafficking Main Department website)",
        "left_value": "21", "right_table": "statistics", "right_key": "convictions 2014 (US TIP Report 2015 (Gen 1))",
        "right_value": "26", "accepted": False, "reason": ""}]


def test_the_narrative_that_says_men_cannot_stay_in_the_shelter_meets_the_men_sheltered(aze):
    root, _report = aze
    assert _rows(root, "narrative_negates_statistic") == [{
        "check": "narrative_negates_statistic", "severity": "warning", "key": "area2 sex=male victims_sheltered",
        "left_table": "narrative_text", "left_key": "area2.md:6",
        "left_value": "There is no long-term shelter, and men cannot stay in the shelter.",
        "right_table": "statistics", "right_key": "victims_sheltered sex=male",
        "right_value": "3 (2014, US TIP Report 2015 (Gen 1)); 8 (2015, MIA (assessment interview))",
        "accepted": False, "reason": ""}]


def test_a_results_framework_that_keeps_the_rejected_recommendation_is_caught(aze, monkeypatch):
    """Break the plan (it no longer drops the rejected gaps): the gate names every row of outcome 4.5."""
    root, _report = aze
    import ctnat.plan.run as plan_run

    monkeypatch.setattr(plan_run, "rejected_gaps", lambda recs: set())
    found = [c for c in find_contradictions("AZE", root) if c.check == "rejected_in_plan"]
    assert [(c.key, c.left, c.right[:2], c.severity) for c in found] == [
        ("4.5.2", ("workshop_outcomes", "pr_migration", "rejected"), ("plan_activities", "4.5.2"), "blocking"),
        ("4.5.3", ("workshop_outcomes", "pr_migration", "rejected"), ("plan_activities", "4.5.3"), "blocking"),
        ("4.5.4", ("workshop_outcomes", "pr_migration", "rejected"), ("plan_activities", "4.5.4"), "blocking"),
        ("M4.5.a", ("workshop_outcomes", "pr_migration", "rejected"), ("plan_mel", "M4.5.a"), "blocking"),
        ("M4.5.b", ("workshop_outcomes", "pr_migration", "rejected"), ("plan_mel", "M4.5.b"), "blocking")]
    assert found[0].message == ("The results framework keeps row 4.5.2 of the recommendation “Safe migration and "
                                "border measures”, which the validation workshop rejected.")


def test_an_activity_without_the_amended_wording_is_caught(aze, monkeypatch):
    """Break the plan (amended recommendations keep their drafted actions): every activity of R1.1 is named."""
    root, _report = aze
    import ctnat.plan.run as plan_run

    drafted = plan_run.recommendations_by_criterion

    def unamended(country, root, inst):
        recs = drafted(country, root, inst)
        return {k: dict(v, text="Route every victim through the referral mechanism.") if v["id"] == "R1.1" else v
                for k, v in recs.items()}

    monkeypatch.setattr(plan_run, "recommendations_by_criterion", unamended)
    found = [c for c in find_contradictions("AZE", root) if c.check == "amended_not_as_amended"]
    # (1.5 Operational L1 is met under rubric 3.0, so the referral block has no activity for it)
    assert [(c.key, c.left[:2], c.right[:2]) for c in found] == [
        (k, ("workshop_outcomes", "id_referral"), ("plan_activities", k)) for k in ("1.1.3", "1.1.4", "1.5.2",
                                                                                    "1.5.4")]


def test_a_checklist_table_that_says_no_where_its_data_says_passed_is_caught(aze, monkeypatch):
    """Break the table as it was (the typed flag compared with the text 'True'): nine rows, one per passed point."""
    root, _report = aze
    import ctnat.report.build as report_build

    monkeypatch.setattr(report_build, "checklist_rows", lambda check: [
        {"key": r["key"], "item": r["item"], "met": r["passed"] == "True", "evidence": ""}
        for r in check.to_dict("records")])
    found = [c for c in find_contradictions("AZE", root) if c.check == "table_contradicts_data"]
    assert [c.key for c in found] == [f"nap_checklist {k}" for k in (
        "goals_separate", "four_components", "principles", "responsibility", "timeline", "identification_system",
        "reflection_period", "anti_corruption", "children")]
    assert found[0].message == ("The National Action Plan checklist table shows “Goals separated from activities” as "
                                "not met, but the plan analysis records it as met.")


def test_an_action_on_a_met_criterion_is_caught(aze):
    root, _report = aze
    inst = load_instruments(root / "instruments")
    recs = pd.DataFrame([{"id": "R1.1", "key": "id_referral", "gaps": "1.1.fw1; 1.1.op1", "outcome": ""}])
    found = actions_on_met(inst, recs, catalogue.read("scores", "AZE", root), [])
    assert [(c.key, c.left, c.right, c.severity) for c in found] == [
        ("R1.1 1.1.fw1", ("recommendations", "R1.1", "1.1.fw1"), ("scores", "1.1.fw1", "met"), "blocking")]


def test_an_action_creating_what_the_country_has_is_caught(aze, repo):
    """AZE's R1.3 asks to issue identification indicators; Decision No. 131 of 2009 sets them."""
    root, _report = aze
    recs = catalogue.read("recommendations", "AZE", root)
    have = pd.DataFrame([{"id": "decision_131_2009_identification", "status": "in_force",
                          "title": "Rules (indicators) for identifying victims of trafficking",
                          "provides": "victim_identification_procedure;identification_indicators"}])
    from ctnat.consistency.run import action_map

    # the recommendations as drafted before the desk review's instruments were taken into account
    drafted = recs[recs["key"] == "id_tools"].assign(actions=" | ".join(
        label(a.text) for a in load_instruments(root / "instruments").recommendations.block("id_tools").actions))
    found = actions_creating_existing(drafted, [], have, action_map(load_instruments(root / "instruments")))
    assert [(c.key, c.left[:2], c.right) for c in found] == [
        ("R1.3 identification_indicators", ("recommendations", "R1.3"),
         ("country_instruments", "decision_131_2009_identification",
          "Rules (indicators) for identifying victims of trafficking"))]
    assert found[0].message == ("Recommendation R1.3 asks to create or adopt what the country already has: Rules "
                                "(indicators) for identifying victims of trafficking.")


# ------------------------------------------------------------------ blocking vs accepted
def test_a_blocking_row_stops_the_build_and_an_accepted_one_does_not(aze, tmp_path, monkeypatch):
    from ctnat.build import build_country

    src, _report = aze
    root = tmp_path / "project"
    shutil.copytree(src, root)
    import ctnat.plan.run as plan_run

    monkeypatch.setattr(plan_run, "rejected_gaps", lambda recs: set())  # the plan keeps outcome 4.5 again
    with pytest.raises(ConsistencyError) as err:
        build_country("AZE", root=root, until="report")
    assert [p.value for p in err.value.problems] == ["4.5.2", "4.5.3", "4.5.4", "M4.5.a", "M4.5.b"]
    assert "rejected_in_plan" in str(err.value) and "no document was written" in str(err.value)
    overrides = root / "data/raw/AZE/overrides.yaml"
    data = yaml.safe_load(overrides.read_text(encoding="utf-8"))
    data["accepted"] = [{"check": "rejected_in_plan", "key": k, "reason": "The ministry asked to keep migration "
                         "measures for the next plan."} for k in ("4.5.2", "4.5.3", "4.5.4", "M4.5.a", "M4.5.b")]
    overrides.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    build_country("AZE", root=root, until="report")
    rows = _rows(root, "rejected_in_plan")
    assert [(r["key"], r["accepted"]) for r in rows] == [(k, True) for k in ("4.5.2", "4.5.3", "4.5.4", "M4.5.a",
                                                                             "M4.5.b")]
    text = _text(root / "analysis/AZE/AZE_assessment_report.docx")
    assert ("Accepted: The ministry asked to keep migration measures for the next plan." in text)


def test_an_acceptance_needs_a_known_check_and_a_reason(project):
    from ctnat.ingest.received import read_overrides

    inst = load_instruments(project / "instruments")
    p = project / "overrides.yaml"
    p.write_text(yaml.safe_dump({"accepted": [{"check": "no_such_check", "key": "x", "reason": "r"},
                                              {"check": "sources_disagree", "key": "convictions 2014"}]}))
    t = read_overrides(p, inst, "overrides.yaml")
    assert [(x.column, x.message) for x in t.problems] == [
        ("accepted[0].check", "unknown check"), ("accepted[1].reason", "an accepted contradiction needs a reason")]


# ------------------------------------------------------------------ the fixed outputs
def test_the_results_framework_drops_what_the_workshop_rejected_and_uses_amended_wording(aze):
    root, _report = aze
    acts = catalogue.read("plan_activities", "AZE", root)
    mel = catalogue.read("plan_mel", "AZE", root)
    assert not acts["criteria"].str.startswith("4.5.").any() and not mel["criteria"].str.contains("4.5.").any()
    assert not acts["activity"].str.contains("not endorsed at the validation workshop").any()
    amended = acts[acts["id"] == "1.5.4"]["activity"].iloc[0]
    assert amended == ("Route every identified or presumed victim through one referral procedure, including victims "
                       "of labour exploitation found by labour inspectors, and publish referral statistics every "
                       "year. (as amended at the validation workshop) (recommendation R1.1)")
    assert _rows(root, "rejected_in_plan") == [] and _rows(root, "amended_not_as_amended") == []


def test_the_statistics_footnote_tells_disagreeing_sources_from_a_double_report(aze):
    _root, report = aze
    text = _text(report)
    assert "Traffickers convicted | 2014 | total | 21‡ | MIA Counter-trafficking Main Department website" in text
    assert "Traffickers convicted | 2014 | total | 26‡ | US TIP Report 2015 (Gen 1)" in text
    assert ("‡ the sources disagree on this figure (1 case: Traffickers convicted, 2014: 21 (MIA Counter-trafficking "
            "Main Department website) and 26 (US TIP Report 2015 (Gen 1))): the table shows each value as its source "
            "gave it; agree on one before using it as a baseline.") in text
    assert "† the same figure is reported, with the same value, by more than one source (1 case)" in text


def test_the_checklist_table_says_yes_where_the_plan_passes(aze):
    root, report = aze
    check = catalogue.read("nap_checklist", "AZE", root)
    rows = [line for line in _text(report).splitlines()
            if line.count(" | ") == 2 and line.split(" | ")[0] in set(check["item"])]
    assert [r.split(" | ")[1] for r in rows] == ["yes" if p else "no" for p in check["passed"]]
    assert sum(r.split(" | ")[1] == "yes" for r in rows) == 9
    assert _rows(root, "table_contradicts_data") == []


def test_annex_e_gives_every_recommendation_an_outcome(aze):
    _root, report = aze
    text = _text(report)
    annex = text[text.index("The groups decided on"):]
    assert annex.startswith("The groups decided on 5 of the 19 draft recommendations; 14 were not discussed (no "
                            "group ticked endorse, amend or reject for them).")
    assert "R1.3 | not discussed: no group decided on it | 0 | 0 | 0 | Identification tools tailored" in annex
    assert "R1.2 | endorsed | 2 | 0 | 0 | Formal identification" in annex
    assert "not numbered | rejected | 1 | 0 | 2 | Safe migration and border measures" in annex
    assert " |  |  | " not in annex.split("Annex F.")[0]


def test_the_report_lists_what_the_gate_found_for_the_assessor(aze):
    _root, report = aze
    text = _text(report)
    section = text[text.index("Contradictions checked before drafting — for the assessor"):]
    assert "2 contradictions were found; the assessor accepted 0 of them." in section
    assert ("The narrative on protection and assistance says “There is no long-term shelter, and men cannot stay in "
            "the shelter.”, but the statistics give figures for the breakdown “male” under “Victims accommodated in "
            "shelters”: 3 (2014, US TIP Report 2015 (Gen 1)); 8 (2015, MIA (assessment interview)).") in section


# ------------------------------------------------------------------ ties and small numbers
def test_every_item_tied_at_the_cut_is_named():
    from ctnat.documents.ranking import top_with_ties

    p = pd.DataFrame({"priority": list("JABEHC"), "score": [9, 5, 4, 4, 4, 1]})
    assert list(top_with_ties(p, "score", 3, order="priority")["priority"]) == ["J", "A", "B", "E", "H"]
    assert list(top_with_ties(p, "score", 1, ascending=True, order="priority")["priority"]) == ["C"]


def test_the_survey_summary_names_ties_marks_small_n_and_says_what_the_answers_were(aze):
    root, _report = aze
    from ctnat.report.drafting import block_summary

    inst = load_instruments(root / "instruments")
    fields = inst.survey.grid_fields("7.2")[:4]
    a, b, c, d = (f.code for f in fields)
    always, sometimes, rarely, never = (fields[0].options[k].code for k in (0, 2, 3, 4))
    fav = pd.DataFrame([
        {"question": a, "n_valid": 6, "favourable": 0, "unfavourable": 0},  # six times "sometimes"
        {"question": b, "n_valid": 6, "favourable": 3, "unfavourable": 2},
        {"question": c, "n_valid": 2, "favourable": 0, "unfavourable": 2},  # two answers only
        {"question": d, "n_valid": 4, "favourable": 2, "unfavourable": 1}])  # tied with b: half favourable
    counts = {a: {sometimes: 6}, b: {always: 3, rarely: 2, sometimes: 1}, c: {never: 2},
              d: {always: 2, sometimes: 1, never: 1}}
    assert block_summary(fields, fav, 3, counts) == (
        "Views were most favourable on 7.2.2 (state agencies/institutions invite non-State actors (NGOs, civil "
        "society groups, trade unions) to trafficking-related meetings: 3 of 6 valid answers favourable) and 7.2.4 "
        "(state and non-State actors implement anti-trafficking activities jointly: 2 of 4 valid answers favourable) "
        "and least favourable on 7.2.3 (states invite international organizations to trafficking-related meetings: "
        "2 of 2 unfavourable — “never” 2; only 2 answers, fewer than 3).")
