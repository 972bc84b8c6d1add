"""The rules that make the draft results framework a plan: countable results, costs from the
unit-cost instrument, timing from priority and dependency, the plan period from the country,
baselines from the most specific official figure, targets never below it, collectors from
the country's institutions, and SMART judged per row."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from ctnat.instruments import check_instruments, load_instruments
from ctnat.plan.framework import (Assessment, activity_types, collectors, cost_estimate, result_indicator, schedule,
                                  _statistic_baseline)
from ctnat.plan.lint import _below_baseline, checklist, lint_rows
from ctnat.plan.run import plan_period

INST = load_instruments()
CFG = INST.plan


def test_activities_get_countable_results_from_their_wording():
    types = activity_types("Update the indicators and train staff to use them.", "fw1", CFG)
    assert types == ["procedure", "training"]
    assert result_indicator(types, CFG) == ("1 procedure or guidance document approved and sent to every agency "
                                            "concerned; At least 120 staff trained over 6 training days "
                                            "(attendance lists)")
    assert activity_types("Make things better.", "op2", CFG) == ["monitoring"]  # the level's default


def test_cost_is_quantity_times_unit_cost_and_says_it_is_an_estimate():
    estimate, basis, low, high = cost_estimate(["training"], CFG, INST.unit_costs)
    assert (low, high) == (6 * 2000, 6 * 5000)
    assert estimate == "EUR 12,000–30,000 (illustrative estimate)" and basis.startswith("6 × training day")


def test_every_activity_type_needs_a_unit_cost(tmp_path):
    d = tmp_path / "instruments"
    shutil.copytree(INST.directory, d)
    text = (d / "unit_costs.yaml").read_text(encoding="utf-8")
    (d / "unit_costs.yaml").write_text(text.replace("  campaign: {unit: campaign", "  rally: {unit: campaign"),
                                       encoding="utf-8")
    messages = [p.message for p in check_instruments(d)]
    assert messages == ["activity_types.campaign: activity type 'campaign' has no unit cost",
                        "types.rally: unknown activity type 'rally'"]


def test_an_activity_that_presupposes_another_comes_after_it():
    acts = [{"id": "1.1.3", "objective": "1.1", "_types": ["training"], "_priority": "high"},
            {"id": "1.1.1", "objective": "1.1", "_types": ["procedure"], "_priority": "high"},
            {"id": "1.2.4", "objective": "1.2", "_types": ["monitoring"], "_priority": "low"}]
    schedule(acts, CFG, 4)
    by = {a["id"]: a for a in acts}
    assert by["1.1.1"]["_q"] == (1, 3)  # drafting first, three quarters
    assert by["1.1.3"]["_q"][0] == 4 and by["1.1.3"]["follows"] == "1.1.1"  # training once the procedure exists
    assert by["1.2.4"]["_q"] == (5, 16)  # a low priority starts in year 2; monitoring runs to the end


def test_the_plan_period_comes_from_the_country_not_the_build_day():
    ctx = {"workshop": {"date": "2016-04-25"}, "survey_deadline": "2016-01-31"}
    assert plan_period(ctx, {"end": "2018"}, 4) == (2019, 4)  # after the current plan
    assert plan_period(ctx, {"end": "2015"}, 4) == (2017, 4)  # that plan is over: after the assessment
    assert plan_period({**ctx, "plan_period": {"start": 2020, "end": 2025}}, {}, 4) == (2020, 6)


def _stats(rows):
    cols = ["metric", "year", "period", "source", "value", "qualifier", "agency", "label"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols).fillna("")


def test_the_baseline_is_the_agency_figure_of_the_latest_year_with_a_total():
    stats = _stats([
        ("victims_identified", "2014", "", "US TIP Report", "54", "", "", "Victims identified"),
        ("victims_identified", "2014", "", "Police Department website", "54", "", "", "Victims identified"),
        ("victims_identified", "2013", "", "Police Department website", "60", "", "", "Victims identified"),
        ("victims_identified", "2015", "", "Border Guard Service", "16", "", "Border Guard Service", "Victims identified"),
    ])
    a = Assessment(gaps=pd.DataFrame(), scores=pd.DataFrame(), recommendations={}, statistics=stats,
                   statistics_dis=["agency"], institutions=[{"title": "Police Department (special unit)", "kind": "body",
                                                             "mandate": ["police"], "provides": []}])
    text, year, value, earlier = _statistic_baseline(a, "victims_identified", "number")
    assert (text, year, value, earlier) == ("Victims identified, 2014: 54 (Police Department website).", "2014",
                                            54.0, 60.0)


def test_a_target_below_the_baseline_needs_a_reason():
    base = "Victims identified, 2014: 54 (Police)."
    assert _below_baseline(base, ["At least 20 in 2022"], CFG.lint.reason_words) == ("20", "54")
    assert _below_baseline(base, ["At least 65 in 2022"], CFG.lint.reason_words) is None
    assert _below_baseline(base, ["At least 20 in 2022, because the 2014 count included returnees"],
                           CFG.lint.reason_words) is None


def test_collectors_are_the_country_s_institutions_or_none():
    inst = [{"title": "National Coordinator", "kind": "body", "mandate": ["coordination"], "provides": []},
            {"title": "Hotline 152", "kind": "service", "mandate": [], "provides": ["hotline"]}]
    assert collectors(["hotline"], inst) == ["Hotline 152"]
    assert collectors(["coordination"], inst) == ["National Coordinator"]
    assert collectors(["judiciary"], inst) == []  # never invented


@pytest.mark.parametrize("baseline,answer", [("", "No"), ("Calls, 2015: 20 (Hotline).", "Yes")])
def test_smart_fails_on_a_missing_baseline_and_says_which_quality(baseline, answer):
    mel = [{"id": "M1.4.a", "indicator": "Number of calls", "kind": "number", "baseline": baseline,
            "baseline_from": "statistic", "mid_target": "At least 22 in 2020", "target": "At least 25 in 2022",
            "verification": "Call records", "frequency": "quarterly", "collector": "duty manager, Hotline unit",
            "disaggregation": "sex"}]
    rows = checklist({"1.4": "By 2022, more victims call"}, lint_rows([], mel, {"1.4": "By 2022, more victims call"},
                                                                        CFG), CFG)
    c1 = next(r for r in rows if r["item"] == "C1")
    assert c1["answer"].startswith(answer)
    if answer == "No":
        assert c1["found"] == "measurable — M1.4.a: no baseline"
