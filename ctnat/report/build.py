"""``ctnat report``: the country assessment report as a Word document.

Structure follows the seed report: 1 introduction and methodology (figures
computed from the data), 2 findings (the situation, then one chapter per area
with the assessor's narrative, interview themes and anonymised quotes, survey
tables in the seed's form with charts and drafted sentences, and the area's
indicator matrix with gaps shaded), 3 recommendations (priorities table, draft
recommendations per gap), annexes (interview guide, survey, indicators,
evidence trail). Every number is read from ``analysis/<ISO3>/``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import yaml
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt

from .. import __version__
from ..analysis.profiles import profile_value
from ..tables import read_csv
from ..atomic import atomic_path
from ..instruments import CRITERIA, load_instruments
from ..paths import analysis_dir, instruments_dir, processed_dir
from ..problems import CtnatError
from .docx_tools import add_toc, caption, note, replace_placeholders, shade, table
from .drafting import block_summary, item_sentence, pick_quotes
from .markdown_docx import markdown_to_docx
from .recommendations import (draft_recommendations, rejected_recommendations, render_area_recommendations,
                              render_rejected, render_rules, render_to_confirm)
from .template import open_template

STATUS_FILL = {"met": "DEEBF7", "partly_met": "FCE4D6", "not_met": "F4B183", "insufficient_evidence": "E7E6E6"}
STATUS_TEXT = {"met": "Met", "partly_met": "Partly met", "not_met": "Not met",
               "insufficient_evidence": "Insufficient evidence"}
CRIT_HEAD = {"fw1": "Framework L1", "fw2": "Framework L2", "op1": "Operational L1", "op2": "Operational L2"}


class _Data:
    """Everything the report reads, loaded once."""

    def __init__(self, country: str, root):
        self.country = country
        self.root = root
        self.inst = load_instruments(instruments_dir(root))
        self.rubric = self.inst.rubric
        a = analysis_dir(country, root)
        self.dir = a

        def t(name, required=True):
            p = a / f"{name}.csv"
            if not p.exists():
                if required:
                    raise CtnatError(f"{p} does not exist: run the earlier stages first "
                                     f"(`make report COUNTRY={country}` runs them all).")
                return None
            return read_csv(p)

        self.items = t("survey_items")
        self.totals = t("grid_totals").set_index("block")
        self.fav = t("favourability")
        self.profile = t("respondent_profile")
        self.iprofile = t("interview_profile")
        self.situation = t("situation_counts")
        self.ranking = t("situation_ranking")
        self.priorities = t("priorities")
        self.scores = t("scores")
        self.indicator_scores = t("indicator_scores")
        self.area_scores = t("area_scores")
        self.evidence = t("evidence")
        self.themes = t("theme_frequencies", required=False)
        self.coded = t("coded_segments", required=False)
        ctx = processed_dir(country, root) / "context.json"
        self.context = json.loads(ctx.read_text(encoding="utf-8")) if ctx.exists() else {}
        self.recs = draft_recommendations(country, root)
        segs = processed_dir(country, root) / "segments.csv"
        if not segs.exists():
            raise CtnatError(f"{segs} does not exist: run `ctnat ingest --country {country}` first.")
        seg = read_csv(segs)
        self.withheld_segments = set(seg.loc[seg["names_flagged"], "segment_id"]) if len(seg) else set()
        self.rejected = rejected_recommendations(country, root)
        self.to_confirm = t("to_confirm", required=False)

    @staticmethod
    def count(table: pd.DataFrame, dimension: str, code: str = "") -> int:
        return profile_value(table, dimension, code)

    @property
    def country_name(self) -> str:
        name = self.context.get("name") or {}
        return name.get("en") if isinstance(name, dict) else str(name or self.country)

    @property
    def short_name(self) -> str:
        name = self.context.get("name") or {}
        return (name.get("short") or name.get("en")) if isinstance(name, dict) else str(name or self.country)


def _picture(doc, chart_paths: dict, name: str, width_cm: float = 16.0, text: str = "") -> bool:
    path = chart_paths.get(name)
    if not path or not Path(path).exists():
        return False
    doc.add_picture(str(path), width=Cm(width_cm))
    if text:
        caption(doc, text)
    return True


def _date(value) -> str:
    """'2016-01-13' → '13 January 2016' (left as written when it is not a date)."""
    try:
        return dt.date.fromisoformat(str(value)[:10]).strftime("%-d %B %Y")
    except ValueError:
        return str(value)


def _people(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


# ---------------------------------------------------------------- chapters
def _methodology(doc, d: _Data, charts: dict) -> None:
    doc.add_heading("1 Introduction and methodology", level=1)
    doc.add_heading("1.1 Purpose of the assessment", level=2)  # report section, not a question code
    doc.add_paragraph(
        f"This draft assesses the response to trafficking in human beings in {d.country_name} with the "
        "Counter-trafficking Needs Assessment Tool (CT-NAT). It brings together the views of stakeholders "
        "gathered in in-depth interviews and an electronic survey with the assessor's review of key documents, "
        "and judges the response against 25 indicators in five areas: identification and referral, protection "
        "and assistance, investigation and prosecution, prevention, and cooperation and coordination.")
    doc.add_heading("1.2 Methodology and respondents", level=2)  # report section, not a question code
    n_int = d.count(d.iprofile, "interviews")
    male, female = d.count(d.iprofile, "participants", "male"), d.count(d.iprofile, "participants", "female")
    total = male + female
    state = d.count(d.iprofile, "entity_type", "state")
    ctx = d.context
    period = ctx.get("interview_period") or {}
    where = f" in {ctx['capital']}" if ctx.get("capital") else ""
    when = ""
    if period.get("start") and period.get("end"):
        when = f" between {_date(period['start'])} and {_date(period['end'])}"
    doc.add_paragraph(
        f"In {d.short_name}, {n_int} interviews were carried out{where}{when} with {total} people "
        f"({_people(male, 'man', 'men')} and {_people(female, 'woman', 'women')}; {_pct(male, total)} men). "
        f"Of these interviews, {state} were with "
        f"State agencies or institutions.")
    n_sur = d.count(d.profile, "total")
    fem_sur = d.count(d.profile, "sex", "female")
    male_sur = d.count(d.profile, "sex", "male")
    countries = d.profile[(d.profile["dimension"] == "country") & (d.profile["count"].astype(int) > 0)
                          & (d.profile["code"] != "")]
    by_country = _join_counts([(r["label"], int(r["count"])) for r in countries.to_dict("records")])
    doc.add_paragraph(
        f"{n_sur} people responded to the electronic survey ({_people(fem_sur, 'woman', 'women')} and "
        f"{_people(male_sur, 'man', 'men')}"
        + (f"; by country of work: {by_country}" if by_country else "") + "). Not all survey respondents "
        "answered all questions; each table states how many answered.")
    groups = d.profile[(d.profile["dimension"] == "position_group") & (d.profile["count"].astype(int) > 0)]
    doc.add_paragraph("Roles of survey respondents: " + _join_counts(
        [(r["label"].lower(), int(r["count"])) for r in groups.to_dict("records")]) + ".")
    rows = [["Interviews", n_int], ["Interview participants: men", male], ["Interview participants: women", female],
            ["Interviews with State agencies", state], ["Survey respondents", n_sur],
            ["Survey respondents: women", fem_sur], ["Survey respondents: men", male_sur]]
    table(doc, ["Figure", "n"], rows, widths_cm=[9, 2.5])
    caption(doc, f"Table 1. Interviews and survey respondents, {d.short_name}")
    _picture(doc, charts, "interview_sex", 11, f"Sex of interview participants in {d.short_name} (n={total})")
    _picture(doc, charts, "interview_entities", 14, f"Entities interviewed in {d.short_name} (n={n_int} interviews)")
    _picture(doc, charts, "respondent_roles", 14, f"Roles of survey respondents (n={n_sur})")
    doc.add_heading("1.3 Limitations", level=2)  # report section, not a question code
    small = int(d.rubric["small_cell"])
    doc.add_paragraph(
        "The assessment reflects the perceptions of the stakeholders who took part and the documents "
        "available to the assessor. With few survey respondents, counts are reported as numbers (n) rather than "
        f"percentages, and counts below {small} should be read as individual views, not as trends. Criteria on "
        "which the evidence was too thin are marked 'insufficient evidence' and are not scored.")


def _join_counts(pairs: list[tuple[str, int]]) -> str:
    parts = [f"{label} (n={n})" for label, n in pairs]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _narrative(doc, d: _Data, name: str) -> bool:
    path = analysis_dir(d.country, d.root) / "narrative" / f"{name}.md"
    if not path.exists():
        note(doc, f"[Assessor's narrative: write data/raw/{d.country}/narrative/{name}.md to add it here.]")
        return False
    markdown_to_docx(doc, path.read_text(encoding="utf-8"), base_level=2)
    return True


def _situation(doc, d: _Data, charts: dict) -> None:
    doc.add_heading("2 Findings", level=1)
    doc.add_heading("2.1 The trafficking situation", level=2)  # report section, not a question code
    _narrative(doc, d, "situation")
    src = d.situation
    survey = d.inst.survey
    for name, label in (("situation_role", "how respondents describe the country"),
                        ("situation_forms", "the most common forms of exploitation"),
                        ("situation_sectors", "sectors where people are most commonly exploited")):
        f = survey.by_role(name)  # the chart has the role's name
        if f is None:
            continue
        code = f.code
        sub = src[src["question"] == code]
        if not len(sub):
            continue
        nv = int(sub["n_valid"].iloc[0])
        chosen = sub[sub["count"].astype(int) > 0].sort_values("count", key=lambda s: s.astype(int), ascending=False)
        if nv:
            doc.add_paragraph(f"Asked about {label} ({code}, n={nv}), survey respondents selected "
                              + _join_counts([(f"“{r['option_label'].lower()}”", int(r["count"]))
                                              for r in chosen.to_dict("records")]) + ".")
        table(doc, ["Answer", "n"], [[r["option_label"], r["count"]] for r in sub.to_dict("records")],
              widths_cm=[11, 2])
        caption(doc, f"Survey question {code}: n={nv} respondents answered")
        _picture(doc, charts, name, 15)
    fp = survey.by_role("situation_prominent")
    prominent = src[(src["question"] == (fp.code if fp else None)) & (src["count"].astype(int) > 0)]
    if fp is not None and len(prominent):
        doc.add_paragraph(f"The form respondents judged most prominent ({fp.code}): " + _join_counts(
            [(f"“{r['option_label'].lower()}”", int(r["count"])) for r in prominent.to_dict("records")]) + ".")
    rk = d.ranking.dropna(subset=["mean_rank"])
    rk = rk[rk["mean_rank"] != ""]
    fr = survey.by_role("situation_ranking")
    if fr is not None and len(rk):
        table(doc, ["Group", "Ranked by (n)", "Mean rank", "Median rank", "Ranked first (n)"],
              [[r["label"], r["n"], r["mean_rank"], r["median_rank"], r["ranked_first"]] for r in rk.to_dict("records")],
              widths_cm=[5, 2.5, 2.5, 2.5, 3])
        caption(doc, f"Survey question {fr.code}: groups ranked from most (1) to least ({fr.rank_max}) trafficked")
        _picture(doc, charts, "situation_ranking", 14)
    ft = survey.by_role("situation_trend")
    trend = src[(src["question"] == (ft.code if ft else None)) & (src["count"].astype(int) > 0)]
    if ft is not None and len(trend):
        doc.add_paragraph(f"On whether trafficking is growing or declining ({ft.code}), respondents answered "
                          + _join_counts(
            [(f"“{r['option_label'].lower()}”", int(r["count"])) for r in trend.to_dict("records")]) + ".")


def _grid_table(doc, d: _Data, block: dict) -> None:
    fields = d.inst.survey.grid_fields(block["code"])
    scale = fields[0].scale
    header = ["Item"] + [o.en for o in scale.options]
    small = int(d.rubric["small_cell"])
    rows, any_small = [], False
    for f in fields:
        c = d.items[d.items["question"] == f.code].set_index("option_code")["count"].astype(int)
        cells = []
        for o in scale.options:
            n = int(c.get(o.code, 0))
            mark = "*" if 0 < n < small else ""
            any_small = any_small or bool(mark)
            cells.append(f"n={n}{mark}")
        rows.append([f"{f.code} {f.en}"] + cells)
    width = [6.0] + [10.5 / len(scale.options)] * len(scale.options)
    table(doc, header, rows, widths_cm=width, font_size=8)
    t = d.totals.loc[block["code"]]
    note(doc, f"Notes: Total survey respondents: n={int(t['total_respondents'])}. "
              f"Total respondents to these questions: n={int(t['respondents_to_block'])}."
              + (f" * Small cell (fewer than {small} respondents): an individual view, not a trend." if any_small else ""))


def _indicator_matrix(doc, d: _Data, area_id: str) -> None:
    scores = d.scores.set_index(["indicator", "criterion"])
    inds = [i for i in d.inst.indicators.indicators if i.area == area_id]
    t = table(doc, ["Indicator"] + [CRIT_HEAD[c] for c in CRITERIA],
              [[f"{i.id} {i.title['en']}"] + [
                  f"{i.criteria[c]['en']}\n[{STATUS_TEXT[scores.loc[(i.id, c), 'status']]}"
                  f"{' — to confirm' if str(scores.loc[(i.id, c)].get('to_confirm', '')) == 'True' else ''}]"
                  for c in CRITERIA]
               for i in inds], widths_cm=[3.4, 3.3, 3.3, 3.3, 3.3], font_size=7.5)
    for r, i in enumerate(inds, start=1):
        for k, c in enumerate(CRITERIA, start=1):
            shade(t.rows[r].cells[k], STATUS_FILL[scores.loc[(i.id, c), "status"]])
    gap_statuses = d.rubric["gap_statuses"]
    note(doc, "Legend: shaded orange = not met; light orange = partly met; blue = met; grey = insufficient "
              "evidence (not scored). Gaps addressed by the recommendations: "
              + ", ".join(STATUS_TEXT[s].lower() for s in gap_statuses) + ".")


def _area(doc, d: _Data, area: dict, number: str, charts: dict, withheld: set[str]) -> None:
    doc.add_heading(f"{number} {area['title']['en']}", level=2)
    _narrative(doc, d, f"area{area['id']}")
    # interviews
    doc.add_heading("What interviewees raised", level=3)
    if d.themes is not None:
        th = d.themes[(d.themes["area"] == area["id"]) & (d.themes["segments"].astype(int) > 0)]
        if len(th):
            table(doc, ["Theme", "Interviews (n)", "Segments (n)", "Supporting", "Critical"],
                  [[r["label"], r["interviews"], r["segments"], r["supports"], r["contradicts"]]
                   for r in th.to_dict("records")], widths_cm=[7, 2.5, 2.5, 2.2, 2.2])
            caption(doc, f"Interview themes on {area['title']['en'].lower()} (coded interview notes)")
            top = th.iloc[0]
            doc.add_paragraph(f"The theme raised in most interviews was “{top['label'].lower()}” "
                              f"({top['interviews']} interviews).")
        else:
            doc.add_paragraph("No interview notes were coded to this area.")
    if d.coded is not None:
        for text, who in pick_quotes(d.coded, area["id"], withheld):
            p = doc.add_paragraph(style="Quote")
            p.add_run(f"“{text}”").italic = True
            p.add_run(f" — {who}")
    # survey
    blocks = [b for b in d.inst.survey.grid_blocks() if d.inst.survey.field(b["items"][0]["code"]).area == area["id"]]
    if blocks:
        doc.add_heading("What survey respondents said", level=3)
    min_n = int(d.rubric["survey"]["min_n"])
    for b in blocks:
        fields = d.inst.survey.grid_fields(b["code"])
        for f in fields:
            c = d.items[d.items["question"] == f.code].set_index("option_code")["count"].astype(int).to_dict()
            s = item_sentence(f, c)
            if s:
                doc.add_paragraph(s)
        summary = block_summary(fields, d.fav, min_n)
        if summary:
            doc.add_paragraph(summary)
        _grid_table(doc, d, b)
        caption(doc, f"Survey question {b['code']}")
        _picture(doc, charts, f"grid_{b['code'].replace('.', '_')}", 16)
    # NAP provisions (optional)
    _nap_box(doc, d, area["id"])
    # indicators
    doc.add_heading(f"Indicators: {area['title']['en'].lower()}", level=3)
    _indicator_matrix(doc, d, area["id"])


def _nap_box(doc, d: _Data, area_id: str) -> None:
    path = d.dir / "nap_coverage.csv"
    if not path.exists():
        return
    cov = read_csv(path)
    if "indicator" not in cov:
        return
    cov = cov[cov["indicator"].str.startswith(f"{area_id}.")]
    if not len(cov):
        return
    doc.add_heading("National Action Plan provisions", level=3)
    cols = [c for c in ("indicator", "status", "measure_ids") if c in cov.columns]
    table(doc, [c.replace("_", " ").capitalize() for c in cols], cov[cols].values.tolist(), font_size=8)
    note(doc, "From the automatic reading of the National Action Plan (ctnat nap analyse); for the assessor "
              "to confirm.")


def _nap_section(doc, d: _Data, number: str, charts: dict):
    """The NAP section: drafted paragraph, charts, and the failed checklist points."""
    from ..nap import nap_summary

    s = nap_summary(d.country, d.root)
    if s is None:
        return None
    doc.add_heading(f"{number} The National Action Plan", level=2)
    doc.add_paragraph(s["paragraph"])
    _picture(doc, charts, "nap_measures_area", 15)
    _picture(doc, charts, "nap_coverage", 14)
    _picture(doc, charts, "nap_top_bodies", 15)
    check = s["checklist"]
    table(doc, ["Checklist point (ICMPD review)", "Met", "Evidence"],
          [[r["item"], "yes" if r["passed"] else "no", str(r["evidence"])[:160]] for r in check.to_dict("records")],
          widths_cm=[6, 1.5, 9], font_size=8)
    note(doc, "From the automatic reading of the plan (ctnat nap analyse): evidence for the assessor to confirm, "
              "never a score by itself.")
    return s


def _recommendations(doc, d: _Data, charts: dict, nap=None) -> None:
    doc.add_heading("3 Recommendations", level=1)
    fpr = d.inst.survey.by_role("priorities")
    if fpr is not None:
        _priorities(doc, d, charts, fpr)
    _picture(doc, charts, "area_scores", 14, "Area scores: share of assessed criteria met (partly met counts half)")
    _recommendations_by_area(doc, d, charts, nap)


def _priorities(doc, d: _Data, charts: dict, fpr) -> None:
    p = d.priorities
    has_ws = int(p["workshop_groups"].astype(int).sum()) > 0
    doc.add_paragraph(
        f"Survey respondents chose their top {_number_word(fpr.max_choices)} priorities for action ({fpr.code})"
        + (", and validation workshop groups did the same" if has_ws else "")
        + ". In the table, each “•” is one respondent" + (" or one workshop group" if has_ws else "")
        + " who chose the priority.")
    rows = [[f"{r['priority']}. {r['label']}", "• " * int(r["selections"]),
             "• " * int(r["workshop_groups"]) if has_ws else ""] for r in p.to_dict("records")]
    table(doc, ["Priority", "Survey", "Workshop"], rows, widths_cm=[10.5, 3, 3])
    n = d.count(d.profile, "total")
    asked = d.items[d.items["question"] == fpr.code]
    answered = int(asked["n_valid"].iloc[0]) if len(asked) else 0
    caption(doc, f"Priorities for action: survey (n={answered} of {n} respondents)"
            + (" and workshop groups" if has_ws else " — workshop column filled after the validation workshop"))
    top = p.sort_values(["weighted_score", "priority"], ascending=[False, True]).head(fpr.max_choices)
    weights = {int(k): int(v) for k, v in d.rubric["priority_weights"].items()}
    doc.add_paragraph("Weighting " + _join_words([f"{_ORDINALS.get(r, str(r))} choices {weights[r]}"
                                                  for r in sorted(weights)]) + ", the survey's top priorities were "
                      + _join_counts([(f"{r['priority']} ({r['label'].lower()})", int(r["weighted_score"]))
                                      for r in top.to_dict("records")]).replace("(n=", "(score ") + ".")
    _picture(doc, charts, "priorities", 16.5)


_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def _number_word(n) -> str:
    return _NUMBER_WORDS.get(int(n), str(n)) if n else ""


def _join_words(parts: list[str]) -> str:
    return parts[0] if len(parts) <= 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _recommendations_by_area(doc, d: _Data, charts: dict, nap=None) -> None:
    for area in d.inst.indicators.areas:
        doc.add_heading(f"3.{area['id']} {area['title']['en']}", level=2)
        recs = d.recs[d.recs["area"] == area["id"]]
        if not len(recs):
            doc.add_paragraph("No gaps were identified against the indicators of this area.")
        render_area_recommendations(doc, recs)
        render_rejected(doc, d.rejected[d.rejected["area"] == area["id"]])
    if nap is not None and len(nap["failed"]):
        doc.add_heading(f"3.{len(d.inst.indicators.areas) + 1} The next National Action Plan", level=2)
        for r in nap["failed"].to_dict("records"):
            para = doc.add_paragraph(style="List Bullet")
            para.add_run(f"{r['item']}: ").bold = True
            para.add_run(r["recommendation"])


def _annexes(doc, d: _Data) -> None:
    inst = d.inst
    doc.add_heading("Annex A. Interview guide", level=1)
    for s in inst.guide.sections:
        doc.add_heading(f"{s['code']}. {s['title']['en']}", level=3)
        for q in s["questions"]:
            para = doc.add_paragraph()
            para.add_run(f"{q['code']} ").bold = True
            para.add_run(q["text"]["en"])
            for pr in q.get("prompts") or []:
                doc.add_paragraph(pr["en"], style="List Bullet 2")
    doc.add_heading("Annex B. E-survey", level=1)
    current = None
    for f in inst.survey.fields:
        if f.section != current:
            current = f.section
            doc.add_heading(f"{current}. {inst.survey.section_title(current)}", level=3)
        para = doc.add_paragraph()
        para.add_run(f"{f.code} ").bold = True
        para.add_run(f.en)
        if f.options and not f.grid:
            para.add_run(" — " + "; ".join(o.en for o in f.options)).font.size = Pt(8.5)
    doc.add_paragraph("Grid answer scales: " + "; ".join(
        f"{s.title['en']}: " + ", ".join(o.en for o in s.options) for s in inst.survey.scales.values()))
    doc.add_heading("Annex C. Assessment indicators", level=1)
    for area in inst.indicators.areas:
        doc.add_heading(f"{area['title']['en']} indicators", level=3)
        inds = [i for i in inst.indicators.indicators if i.area == area["id"]]
        table(doc, ["Indicator"] + [CRIT_HEAD[c] for c in CRITERIA],
              [[f"{i.id} {i.title['en']}"] + [i.criteria[c]["en"] for c in CRITERIA] for i in inds],
              widths_cm=[3.4, 3.3, 3.3, 3.3, 3.3], font_size=7.5)
    doc.add_heading("Annex D. Evidence trail", level=1)
    doc.add_paragraph(f"Statuses were decided by the rules of rubric version {d.rubric['version']} "
                      "(instruments/rubric.yaml). Each row gives the status, the rule that decided it and the "
                      "evidence: desk-review citations, survey items with n and favourable share, and coded "
                      "interview segments (by code, never by name). The rules:")
    render_rules(doc, d.rubric)
    rows = [[f"{r['indicator']} {CRIT_HEAD[r['criterion']]}", STATUS_TEXT[r["status"]], r["rule"],
             r["evidence"] + (f" Override: {r['override_reason']}" if r["override_reason"] else "")]
            for r in d.scores.to_dict("records")]
    table(doc, ["Criterion", "Status", "Rule", "Evidence"], rows, widths_cm=[2.6, 2.2, 3.6, 8.2], font_size=7)
    decided = pd.concat([d.recs, d.rejected], ignore_index=True)
    if "outcome" in decided and (decided["outcome"] != "").any():
        doc.add_heading("Annex E. Validation workshop outcomes", level=1)
        rows = [[r["id"] or "—", r["outcome"], r["groups_endorsed"], r["groups_amended"], r["groups_rejected"],
                 r["validated_text"] or r["title"]] for r in decided.to_dict("records")]
        table(doc, ["Rec.", "Outcome", "Endorsed", "Amended", "Rejected", "Wording"], rows,
              widths_cm=[1.4, 2, 1.6, 1.6, 1.6, 8.4], font_size=7.5)


def rendered_charts(country: str, root=None) -> dict[str, Path]:
    """The charts the chart stage rendered: name → PNG path."""
    cdir = analysis_dir(country, root) / "charts"
    if not cdir.exists():
        raise CtnatError(f"{cdir} does not exist: run `ctnat charts --country {country}` first "
                         f"(`ctnat build --country {country}` runs every stage).")
    from ..charts.render import HASH_FILE

    index = cdir / HASH_FILE
    names = json.loads(index.read_text(encoding="utf-8")) if index.exists() else {}
    return {name: cdir / f"{name}.png" for name in sorted(names)}


def build_report(country: str, root=None, progress=None) -> Path:
    """Build ``analysis/<ISO3>/<ISO3>_assessment_report.docx`` from the
    processed and analysis tables, the rendered charts and the narrative. It
    reads other stages' outputs and writes only the report. Returns its path."""
    country = country.upper()
    say = progress or (lambda msg: None)
    d = _Data(country, root)
    charts = rendered_charts(country, root)
    say(f"report {country}: writing the Word document")
    doc = open_template(root)
    replace_placeholders(doc, {
        "title": "Counter-trafficking needs assessment",
        "country_name": d.country_name,
        "subtitle": "Assessment of the response to trafficking in human beings against 25 indicators",
        "date": dt.date.today().strftime("%d %B %Y"),
        "version": __version__,
    })
    doc.add_paragraph("Contents", style="Title" if "Title" in [s.name for s in doc.styles] else None)
    add_toc(doc)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    withheld = d.withheld_segments
    _methodology(doc, d, charts)
    _situation(doc, d, charts)
    for n, area in enumerate(d.inst.indicators.areas, start=2):
        _area(doc, d, area, f"2.{n}", charts, withheld)
    nap = _nap_section(doc, d, f"2.{len(d.inst.indicators.areas) + 2}", charts)
    render_to_confirm(doc, d.to_confirm, f"2.{len(d.inst.indicators.areas) + (3 if nap is not None else 2)} "
                                         "Conflicting evidence — for the assessor to confirm")
    _recommendations(doc, d, charts, nap)
    _annexes(doc, d)
    out = analysis_dir(country, root) / f"{country}_assessment_report.docx"
    with atomic_path(out) as tmp:
        doc.save(str(tmp))
    say(f"report {country}: {out}")
    return out
