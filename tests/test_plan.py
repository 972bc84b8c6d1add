"""The draft results framework: every gap covered, baselines from the assessment,
the assessor's edits surviving a re-run, and the lint on a hand-made bad workbook."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from ctnat.cli import main
from ctnat.ingest import ingest_country
from ctnat.ingest.plan_workbook import (
    ACTIVITIES,
    ACTIVITY_COLUMNS,
    MEL,
    MEL_COLUMNS,
    read_workbook,
)
from ctnat.instruments import load_instruments
from ctnat.plan import check_workbook, plan_country
from ctnat.plan.framework import plan_config
from ctnat.plan.workbook import write_workbook
from ctnat.scoring import score_country

from .conftest import REPO


def _csv(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture
def planned(aze, tmp_path):
    """A copy of the AZE project after the whole chain, with the plan drafted."""
    src, _ = aze
    root = tmp_path / "project"
    shutil.copytree(src, root)
    result = plan_country("AZE", root=root, first_year=2027)
    return root, result


def _rows(path, sheet):
    sheets, problems, _ = read_workbook(path)
    assert not [p for p in problems if p.severity == "error"], problems
    return {r["id"]: r for r in sheets[sheet] if not r.get("_group")}


def test_every_gap_has_an_activity_and_a_mel_indicator(planned):
    root, result = planned
    gaps = _csv(root / "analysis/AZE/gaps.csv")
    recs = _csv(root / "analysis/AZE/recommendations.csv")
    rejected = {g.strip() for cell in recs[recs["outcome"] == "rejected"]["gaps"] for g in cell.split(";")}
    assert rejected == {"4.5.fw2", "4.5.op1", "4.5.op2"}  # the workshop rejected them: no row in the framework
    keys = {f"{r['indicator']}.{r['criterion']}" for r in gaps.to_dict("records")} - rejected
    acts = _csv(root / "analysis/AZE/plan_activities.csv")
    mel = _csv(root / "analysis/AZE/plan_mel.csv")
    assert set(acts["criteria"]) == keys
    in_mel = {k.strip() for cell in mel["criteria"] for k in cell.split(",")}
    assert in_mel == keys
    assert result["gaps"] == len(keys) == result["covered"] > 0


def test_every_baseline_is_filled_or_flagged(planned):
    root, _ = planned
    mel = _csv(root / "analysis/AZE/plan_mel.csv")
    lint = _csv(root / "analysis/AZE/plan_lint.csv")
    flagged = set(lint[lint["check"] == "missing_baseline"]["id"])
    for r in mel.to_dict("records"):
        assert r["baseline"] or r["id"] in flagged
        if r["baseline_from"].startswith("assessment status (no figure"):
            assert r["id"] in flagged


def test_baselines_come_from_statistics_survey_and_status(planned):
    root, _ = planned
    mel = _csv(root / "analysis/AZE/plan_mel.csv").set_index("id")
    hotline = mel.loc["M1.4.a", "baseline"]
    assert "2015: 20 (Counter-trafficking Main Department (assessment interview))" in hotline
    victims = mel.loc["M1.2.b", "baseline"]  # the agency's own 2014 total, not the US report, nor a 2015 part figure
    assert victims == ("Victims identified (officially recognised or certified), 2014: 54 "
                       "(MIA Counter-trafficking Main Department website).")
    survey_rows = mel[mel["baseline_from"] == "survey"]
    assert len(survey_rows) and survey_rows["baseline"].str.contains(r"Survey: \d+ of \d+ answers? ").all()
    compliance = mel[mel["kind"] == "compliance"]
    assert compliance["baseline"].str.startswith("Assessment: ").all()
    # the status baseline is worded from the score's fields (the desk finding); 5.5 Framework L2, which
    # the desk review leaves open, is insufficient evidence, not a gap rated from interviews
    assert mel.loc["M5.5.a", "evidence"].endswith(
        "Assessment: 5.5 Framework L1: partly met (desk review: partly met (Aze 17, p. 21; IOM 2016, §2.5)).")
    # a number with no official figure has no baseline: marked missing, and SMART fails for its outcome
    assert mel.loc["M5.5.a", "baseline"] == "" and mel.loc["M5.5.a", "baseline_from"].startswith("missing")
    checks = _csv(root / "analysis/AZE/plan_checks.csv")
    c1 = checks[(checks["outcome"] == "5.5") & (checks["item"] == "C1")].iloc[0]
    assert c1["answer"] == "No" and "measurable — M5.5.a: no baseline" in c1["found"]


def test_activities_the_current_nap_has_are_marked_with_their_ids(planned):
    root, _ = planned
    acts = _csv(root / "analysis/AZE/plan_activities.csv")
    cov = _csv(root / "analysis/AZE/nap_coverage.csv").set_index("indicator")["measure_ids"]
    acts["indicator"] = acts["criteria"].str.rsplit(".", n=1).str[0]
    marked = acts[acts["indicator"].map(cov).fillna("") != ""]
    assert len(marked) and len(marked) < len(acts)
    for r in marked.to_dict("records"):  # the plan in words, its period from nap_plan.json: no plan id
        ids = [x.strip() for x in cov[r["indicator"]].replace(";", ",").split(",")]
        assert r["current_nap"].startswith("current plan (2014–2018), measure")
        assert [x for x in ids if x not in r["current_nap"]] == [] and "nap2014" not in r["current_nap"]
    assert (acts.loc[~acts.index.isin(marked.index), "current_nap"] == "").all()
    assert acts["responsible"].str.len().gt(0).all()


def test_workbook_layout(planned):
    root, result = planned
    wb = load_workbook(result["path"])
    assert wb.sheetnames[:3] == ["NAP activities", "MEL plan", "Checks"]
    ws = wb["NAP activities"]
    assert [c.value for c in ws[2]][:12] == ["Id", "Area", "Operational objective", "Criteria (gaps)", "Key measure",
                                             "Activity", "Responsible Bodies", "Starting date",
                                             "Planned completion date", "Result indicator",
                                             "Financial estimate", "Cost basis"]
    assert ws.freeze_panes == "B3" and ws.column_dimensions["F"].width >= 40
    first = _csv(root / "analysis/AZE/plan_activities.csv")["id"].iloc[0]
    assert ws["F5"].alignment.wrap_text and ws["A5"].value == first
    assert "illustrative" in ws["A1"].value  # the costs say what they are
    assert "Monitoring plan" in wb.sheetnames
    sections = [r[0] for r in wb["Monitoring plan"].iter_rows(min_row=3, values_only=True) if r[0]]
    assert sections[:4] == ["Purpose", "Context", "Reporting", "Review and evaluation"]
    assert str(ws["B3"].value).startswith("Strategic area 1")
    mel = wb["MEL plan"]
    assert [c.value for c in mel[2]][3:11] == ["Outputs", "Indicators", "Kind", "Disaggregation", "Baseline",
                                              "Baseline from", "Mid-term target", "Targets"]
    assert wb["_draft"].sheet_state == "hidden"
    checks = wb["Checks"]
    items = [r[1] for r in checks.iter_rows(min_row=3, values_only=True) if r[1] and str(r[1]).startswith("C")]
    assert len(items) == 9 * result["outcomes"]
    # each open point says the row it is on, the row where that id was written
    points = [r for r in checks.iter_rows(values_only=True) if r[0] in ("NAP activities", "MEL plan")]
    assert points and all(wb[r[0]].cell(row=r[1], column=1).value == r[4].split(" / ")[0] for r in points)


def test_a_unit_named_in_the_plural_is_a_unit():
    from ctnat.plan.lint import whole_institution

    cfg = plan_config(load_instruments(REPO / "instruments"))
    assert not whole_institution("reintegration case managers of the Ministry of Labour", cfg)
    assert whole_institution("Ministry of Labour", cfg)


def _col(ws, head):
    return [c.value for c in ws[2]].index(head) + 1


def _edit(path, out, criterion="1.4 Operational L2"):
    """The assessor's edits: two cells of 1.4.4, the activity of 1.4.2, a row added (its gap named
    ``criterion``), a target and an outcome."""
    wb = load_workbook(path)
    ws = wb[ACTIVITIES]
    resp, fin, act, crit = (_col(ws, h) for h in ("Responsible Bodies", "Financial estimate", "Activity",
                                                 "Criteria (gaps)"))
    start, stop = _col(ws, "Starting date"), _col(ws, "Planned completion date")
    rows = {ws.cell(row=r, column=1).value: r for r in range(3, ws.max_row + 1)}
    ws.cell(row=rows["1.4.4"], column=resp, value="Hotline unit, Ministry of Internal Affairs")
    ws.cell(row=rows["1.4.4"], column=fin, value="EUR 20,000 (State budget)")
    ws.cell(row=rows["1.4.2"], column=act, value="Advertise the hotline at every border crossing.")
    new = ws.max_row + 1
    ws.cell(row=new, column=2, value="1 Identification and referral")
    ws.cell(row=new, column=crit, value=criterion)
    ws.cell(row=new, column=act, value="Put the hotline number on every airport arrivals screen.")
    ws.cell(row=new, column=start, value="Q1 2027")
    ws.cell(row=new, column=stop, value="Q2 2027")
    m = wb[MEL]
    mrows = {m.cell(row=r, column=1).value: r for r in range(3, m.max_row + 1)}
    m.cell(row=mrows["M1.4.a"], column=_col(m, "Targets"), value="30% above the 2015 figure by 2030")
    m.cell(row=mrows["O1.4"], column=2, value="Outcome 1.4: By 2030, most victims come forward by themselves")
    wb.save(out)


def test_edits_survive_a_rerun_gaps_close_and_new_gaps_get_rows(planned):
    root, result = planned
    plan_dir = root / "data/raw/AZE/plan"
    plan_dir.mkdir()
    edited = plan_dir / "AZE_results_framework_edited.xlsx"
    _edit(result["path"], edited)
    received = edited.read_bytes()
    # the assessor also overrides two criteria: 1.4 fw2 becomes met, 1.1 fw1 not met
    ov = root / "data/raw/AZE/overrides.yaml"
    ov.write_text(ov.read_text(encoding="utf-8") + (
        "- {indicator: '1.4', criterion: fw2, status: met, reason: the hotline is now advertised at the border}\n"
        "- {indicator: '1.1', criterion: fw1, status: not_met, reason: the NRM decree lapsed}\n"), encoding="utf-8")
    ingest_country("AZE", root=root)
    score_country("AZE", root=root)
    again = plan_country("AZE", root=root, first_year=2027)
    acts = _rows(again["path"], ACTIVITIES)
    assert acts["1.4.4"]["responsible"] == "Hotline unit, Ministry of Internal Affairs"
    assert acts["1.4.4"]["financial"] == "EUR 20,000 (State budget)"
    assert acts["1.4.2"]["activity"] == "Advertise the hotline at every border crossing."
    # the closed row's gap comes from the keys of the hidden sheet; the reader sees names
    assert acts["1.4.2"]["status"] == "gap closed: 1.4 Framework L2 no longer a gap"
    assert acts["1.4.2"]["criteria"] == "1.4 Framework L2"
    assert acts["1.1.1"]["status"] == "gap: not met" and acts["1.1.1"]["criteria"] == "1.1 Framework L1 — not met"
    added = [r for r in acts.values() if r["activity"].startswith("Put the hotline number")]
    assert len(added) == 1 and added[0]["status"] == "added by the assessor" and added[0]["start"] == "Q1 2027"
    assert added[0]["criteria"] == "1.4 Operational L2 — partly met"
    table = _csv(root / "analysis/AZE/plan_activities.csv").set_index("id")
    assert table.loc["1.4.2", "criteria"] == "1.4.fw2" and table.loc[added[0]["id"], "criteria"] == "1.4.op2"
    mel = _rows(again["path"], MEL)
    assert mel["M1.4.a"]["target"] == "30% above the 2015 figure by 2030"
    assert mel["O1.4"]["area"] == "Outcome 1.4: By 2030, most victims come forward by themselves"
    assert again["edited_cells"] >= 9 and again["closed_rows"] == 1 and again["added_rows"] == 1
    assert edited.read_bytes() == received  # data/raw is never written
    # the refreshed workbook, edited again and received again, keeps the same edits
    shutil.copy(again["path"], plan_dir / "AZE_results_framework_v2.xlsx")
    ingest_country("AZE", root=root)
    third = plan_country("AZE", root=root, first_year=2027)
    assert _rows(third["path"], ACTIVITIES)["1.4.4"]["responsible"] == "Hotline unit, Ministry of Internal Affairs"
    assert _rows(third["path"], MEL)["O1.4"]["area"].endswith("most victims come forward by themselves")


def _receive(root, workbook, name="AZE_results_framework_edited.xlsx"):
    """The assessor's workbook saved in data/raw/AZE/plan/, then ingest and the plan again."""
    plan_dir = root / "data/raw/AZE/plan"
    plan_dir.mkdir(exist_ok=True)
    shutil.copy(workbook, plan_dir / name)
    ingest_country("AZE", root=root)
    return plan_country("AZE", root=root, first_year=2027)


def test_a_workbook_received_back_unedited_counts_no_edit(planned, tmp_path):
    # every visible criteria cell shows names while the hidden sheet holds keys: still no edit
    root, result = planned
    shown = _rows(result["path"], ACTIVITIES)["1.1.3"]
    assert shown["criteria"] == "1.1 Operational L1 — partly met"
    assert shown["current_nap"] == "current plan (2014–2018), measure 13.1.5"
    again = _receive(root, result["path"])
    assert (again["edited_cells"], again["kept_rows"], again["added_rows"]) == (0, 0, 0)


def test_a_criteria_cell_edited_by_name_is_kept_as_keys(planned):
    root, result = planned
    wb = load_workbook(result["path"])
    ws = wb[ACTIVITIES]
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=1).value == "1.4.4")
    ws.cell(row=row, column=_col(ws, "Criteria (gaps)"), value="1.4 Operational L2; 1.4 operational  l1")
    edited = root / "edited.xlsx"
    wb.save(edited)
    again = _receive(root, edited)
    assert again["edited_cells"] == 1
    assert _csv(root / "analysis/AZE/plan_activities.csv").set_index("id").loc["1.4.4", "criteria"] == \
        "1.4.op2, 1.4.op1"
    assert _rows(again["path"], ACTIVITIES)["1.4.4"]["criteria"] == "1.4 Operational L2 — partly met; 1.4 Operational L1"


def _as_earlier_version(path, out):
    """The workbook as CT-NAT wrote it before its cells were in words: the criteria and the current
    plan shown as codes ('1.4.op2', 'nap2014: 13.2.1'), the recommendation as '[R1.4]', both in
    the visible cells and in the hidden sheet."""
    import re

    wb = load_workbook(path)
    hidden = wb["_draft"]
    head = [c.value for c in hidden[1]]
    col = {h: j for j, h in enumerate(head, start=1)}
    drafted = {(hidden.cell(row=r, column=1).value, hidden.cell(row=r, column=2).value): r
               for r in range(2, hidden.max_row + 1)}

    def older(key, value):
        if key == "current_nap" and value:
            return "nap2014: " + ", ".join(re.findall(r"\d+\.\d+\.\d+", value))
        if key == "activity" and value:
            return re.sub(r" \(recommendation (R[\d.]+)\)$", r" [\1]", value)
        return value

    for sheet in (ACTIVITIES, MEL):
        ws = wb[sheet]
        cols = {c.value: c.column for c in ws[2]}
        keys = dict(ACTIVITY_COLUMNS if sheet == ACTIVITIES else MEL_COLUMNS)
        for r in range(3, ws.max_row + 1):
            h = drafted.get((sheet, ws.cell(row=r, column=1).value))
            if h is None:
                continue
            for key in ("criteria", "current_nap", "activity"):
                if key not in col or keys.get(key) not in cols:
                    continue
                value = older(key, hidden.cell(row=h, column=col[key]).value)
                hidden.cell(row=h, column=col[key], value=value)
                ws.cell(row=r, column=cols[keys[key]], value=value)
    wb.save(out)


def test_a_workbook_of_the_earlier_version_is_read_back(planned):
    root, result = planned
    older = root / "older.xlsx"
    _as_earlier_version(result["path"], older)
    acts = _rows(older, ACTIVITIES)
    assert acts["1.4.4"]["criteria"] == "1.4.op2" and acts["1.4.2"]["current_nap"] == "nap2014: 13.2.1"
    edited = root / "older_edited.xlsx"
    _edit(older, edited, criterion="1.4.op2")
    ov = root / "data/raw/AZE/overrides.yaml"
    ov.write_text(ov.read_text(encoding="utf-8") + (
        "- {indicator: '1.4', criterion: fw2, status: met, reason: the hotline is now advertised at the border}\n"),
        encoding="utf-8")
    plan_dir = root / "data/raw/AZE/plan"
    plan_dir.mkdir()
    shutil.copy(edited, plan_dir / "AZE_results_framework_edited.xlsx")
    ingest_country("AZE", root=root)
    score_country("AZE", root=root)
    again = plan_country("AZE", root=root, first_year=2027)
    assert again["kept_rows"] == 2 and again["closed_rows"] == 1 and again["added_rows"] == 1  # 1.4.4, 1.4.2
    acts = _rows(again["path"], ACTIVITIES)
    assert acts["1.4.4"]["responsible"] == "Hotline unit, Ministry of Internal Affairs"
    assert acts["1.4.4"]["criteria"] == "1.4 Operational L2 — partly met"
    assert acts["1.4.2"]["status"] == "gap closed: 1.4 Framework L2 no longer a gap"
    added = next(r for r in acts.values() if r["activity"].startswith("Put the hotline number"))
    assert added["criteria"] == "1.4 Operational L2 — partly met"
    assert acts["1.1.3"]["current_nap"] == "current plan (2014–2018), measure 13.1.5"
    assert acts["1.1.3"]["activity"].endswith("(recommendation R1.1)")
    from ctnat.documents.published_text import offences

    assert [str(o) for o in offences([again["path"]])] == []  # the refreshed workbook shows no code


def test_a_closed_row_of_an_earlier_workbook_is_kept_in_words():
    from ctnat.plan.run import CriteriaWords, merge_edits

    inst = load_instruments(REPO / "instruments")
    cells = {"criteria": "9.9.fw1", "activity": "Publicise the hotline. [R9.9]", "current_nap": "nap2014: 13.2.1, 13.2.4",
             "status": "gap: not met"}
    edits = pd.DataFrame([{"sheet": ACTIVITIES, "id": "9.9.1", "column": k, "value": v, "draft_value": v}
                          for k, v in cells.items()])
    acts, _mel, _out, summary = merge_edits([], [], {}, edits, set(), CriteriaWords(inst.indicators),
                                            ("nap2014", "2014-2018"))
    assert summary["closed_rows"] == 1
    assert acts == [{"id": "9.9.1", "criteria": "9.9.fw1", "activity": "Publicise the hotline. (recommendation R9.9)",
                     "current_nap": "current plan (2014–2018), measures 13.2.1 and 13.2.4",
                     "status": "gap closed: 9.9 Framework L1 no longer a gap"}]


def test_collectors_and_growth_read_as_a_planner_would_write_them(planned):
    from ctnat.plan.framework import collector_text, share_as_given

    assert collector_text("statistics unit", ["Anti-trafficking division of the police"]) == \
        "statistics unit of the Anti-trafficking division of the police"
    assert collector_text("research unit commissioned by the {institution}", ["Inter-agency Council"]) == \
        "research unit commissioned by the Inter-agency Council"
    assert collector_text("statistics unit", []) == ""  # never invented
    assert (share_as_given(0.125), share_as_given(0.25)) == ("12.5%", "25%")
    root, _ = planned
    mel = _csv(root / "analysis/AZE/plan_mel.csv").set_index("id")
    assert not mel["collector"].str.contains(r" by,| by$").any()
    assert mel.loc["M1.4.a", "mid_target"].endswith("(12.5% above the highest figure reported so far)")


def _bad_workbook(path):
    """A hand-made workbook with one of each defect the lint must catch."""
    inst = load_instruments(REPO / "instruments")
    cfg = plan_config(inst)
    base = {"area": "1 Identification and referral", "objective": "1.4", "criteria": "1.4.op1",
            "activity": "Run a campaign", "responsible": "Ministry of Internal Affairs", "start": "Q1 2027",
            "end": "Q4 2027", "result_indicator": "Campaign run", "financial": "EUR 5,000", "status": ""}
    acts = [dict(base, id="1.4.1"), dict(base, id="1.4.2", start=""), dict(base, id="1.4.3", end="soon")]
    good = {"area": "1 Identification and referral", "criteria": "1.4.op1", "outputs": "x",
            "indicator": "Number of victims identified", "kind": "number", "disaggregation": "sex",
            "baseline": "54 (2014)", "baseline_from": "statistic", "target": "60 by 2030",
            "verification": "Police records", "frequency": "quarterly", "collector": "statistics unit of the police",
            "status": ""}
    mel = [dict(good, id="M1.4.a"),
           dict(good, id="M1.4.b", baseline=""),
           dict(good, id="M1.4.c", target=""),
           dict(good, id="M1.4.d", verification=""),
           dict(good, id="M1.4.e", frequency=""),
           dict(good, id="M1.4.f", collector="Ministry of Internal Affairs"),
           dict(good, id="M1.4.g", kind="quality", target="80% of victims satisfied by 2030"),
           dict(good, id="M2.2.a", criteria="2.2.op1")]
    outcomes = {"1.4": "By 2030, more victims come forward by themselves",
                "2.2": "By 2030, 200 police officers trained and a manual produced"}
    write_workbook(path, acts, mel, outcomes, [], [], {}, {"country": "XXX"}, "Test", {})
    return cfg


def test_lint_catches_each_defect_on_a_hand_made_workbook(tmp_path):
    path = tmp_path / "bad.xlsx"
    _bad_workbook(path)
    findings, problems = check_workbook(path)
    assert not problems
    got = {(f.id, f.check) for f in findings}
    expected = {("1.4.2", "missing_date"), ("1.4.3", "missing_date"), ("M1.4.b", "missing_baseline"),
                ("M1.4.c", "missing_target"), ("M1.4.d", "missing_verification"),
                ("M1.4.e", "missing_frequency"), ("M1.4.f", "whole_institution"),
                ("M1.4.g", "percentage_on_qualitative"), ("O2.2", "delivery_outcome")}
    assert expected <= got
    # and nothing on the clean rows
    assert not {c for i, c in got if i in ("1.4.1", "M1.4.a", "O1.4") and c != "one_kind_only"}
    rows = {f.id: f.row for f in findings}
    assert rows["M1.4.b"] == 6  # the Excel row: title, header, area, outcome, M1.4.a, M1.4.b


def test_plan_check_command(tmp_path):
    bad = tmp_path / "bad.xlsx"
    _bad_workbook(bad)
    res = CliRunner().invoke(main, ["plan", "check", str(bad)])
    assert res.exit_code == 1
    lines = res.output.splitlines()
    assert "MISSING: MEL plan, row 6, M1.4.b, column 'Baseline': no baseline" in lines
    assert ("MISSING: MEL plan, row 10, M1.4.f, column 'Responsible (who collects the data)': 'Ministry of Internal "
            "Affairs' names only a whole institution: name the unit or person who collects the data") in lines
    assert any(x.startswith("CHECK: MEL plan, row 11, M1.4.g, column 'Targets': a percentage target on a quality "
                            "indicator is an inbuilt quantitative target") for x in lines)
    broken = tmp_path / "broken.xlsx"
    wb = load_workbook(bad)
    wb["MEL plan"].delete_cols(8)  # the Baseline column
    wb.save(broken)
    res = CliRunner().invoke(main, ["plan", "check", str(broken)])
    assert res.exit_code == 1 and "the column 'Baseline' is missing" in res.output
    assert "Traceback" not in res.output


def test_column_lists_match_the_guide_forms():
    heads = [h for _, h in ACTIVITY_COLUMNS]
    assert heads[5:11] == ["Activity", "Responsible Bodies", "Starting date", "Planned completion date",
                           "Result indicator", "Financial estimate"]
    heads = [h for _, h in MEL_COLUMNS]
    for h in ("Outputs", "Indicators", "Baseline", "Targets", "Means of verification",
              "Frequency of data collection", "Responsible (who collects the data)"):
        assert h in heads


def test_report_shows_the_statistics_and_the_annex(aze):
    from docx import Document

    root, path = aze
    doc = Document(str(path))
    heads = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Official statistics" in heads
    annex = [h for h in heads if h.endswith("From findings to action")]
    assert len(annex) == 1 and annex[0].startswith("Annex ")
    assert heads.index("2 Country background") < heads.index("Official statistics") < heads.index("2.2 Legal framework")
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "13,216" in cells and "1*" in cells and "54†" in cells and "more than 13,000" in cells
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Outcome 1.4: By " in text and "Open points" in heads
    assert "has not been drafted" not in text
    assert (root / "analysis/AZE/charts/statistics_trend.png").exists()


def test_consolidated_recommendations_give_each_gap_its_actions_and_bodies(tmp_path):
    """The shape of the recommend stage's recommendations.csv (one row per building block)."""
    from types import SimpleNamespace

    from ctnat.plan.recommendations import recommendations_by_criterion

    out = tmp_path / "analysis" / "AZE"
    out.mkdir(parents=True)
    pd.DataFrame([{"id": "R1.1", "key": "id_referral", "area": "1", "title": "A referral mechanism",
                   "change": "Every presumed victim is referred.", "actions": "Adopt it | Use it",
                   "gaps": "1.1.fw1; 1.1.op2", "bodies": "The Ministry of Internal Affairs; The Cabinet of Ministers",
                   "outcome": "endorsed", "validated_text": ""}]).to_csv(out / "recommendations.csv", index=False)
    block = SimpleNamespace(key="id_referral", actions=[SimpleNamespace(criterion="1.1.fw1", text="Adopt it"),
                                                        SimpleNamespace(criterion="1.1.op2", text="Use it")])
    inst = SimpleNamespace(recommendations=SimpleNamespace(blocks=[block]))
    recs = recommendations_by_criterion("AZE", tmp_path, inst)
    assert recs[("1.1", "fw1")]["text"] == "Adopt it (endorsed at the validation workshop)"
    assert recs[("1.1", "op2")]["id"] == "R1.1"
    assert recs[("1.1", "op2")]["bodies"] == ["The Ministry of Internal Affairs", "The Cabinet of Ministers"]


def test_the_workbook_marks_flagged_cells_and_sets_every_data_cell_wrapped_and_ruled(planned):
    root, result = planned
    wb = load_workbook(root / "analysis/AZE/AZE_results_framework.xlsx")
    lint = _csv(root / "analysis/AZE/plan_lint.csv")
    heads = {sheet: {head: j for j, (_, head) in enumerate(cols, start=1)}
             for sheet, cols in ((ACTIVITIES, ACTIVITY_COLUMNS), (MEL, MEL_COLUMNS))}
    checked = 0
    for sheet in (ACTIVITIES, MEL):
        ws = wb[sheet]
        flagged = {(r["id"], heads[sheet][r["column"]]) for r in lint[lint["sheet"] == sheet].to_dict("records")
                   if r["column"] in heads[sheet]}
        for row in ws.iter_rows(min_row=3):
            rid = row[0].value
            if not rid or str(rid).startswith(("area", "objective", "O")):
                continue  # group rows
            for cell in row:
                assert cell.alignment.wrap_text and cell.border.left.style == "thin", (sheet, cell.coordinate)
                orange = cell.fill.fgColor.rgb == "00FCE4D6"
                assert orange == ((rid, cell.column) in flagged), (sheet, rid, cell.column)
                checked += 1
            assert row[0].font.sz == 8
    assert checked > 500 and len(lint) > 0
