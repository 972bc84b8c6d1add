"""``ctnat report``: the country assessment report as a Word document.

Structure follows the seed report (chapter numbers: :mod:`.outline`): executive
summary and acronyms (:mod:`.front_matter`), 1 introduction and methodology
(figures computed from the data), 2 country background (:mod:`.background`: the
situation with the survey's view and the official statistics, the legal and the
institutional framework), 3 findings (one section per area with the assessor's
narrative, interview themes and anonymised quotes, survey tables in the seed's
form with charts and drafted sentences, and the area's indicator matrix with gaps
shaded), 4 conclusions (:mod:`.conclusions`), 5 recommendations (priorities table,
the area-score chart read in words, draft recommendations per gap), annexes
(interview guide, survey, indicators, evidence trail). Every number is read from
``analysis/<ISO3>/``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
from docx.enum.text import WD_BREAK
from docx.shared import Pt

from .. import __version__, catalogue
from ..analysis.profiles import profile_value
from ..confidentiality import QuoteGate
from ..instruments import CRITERIA, Area, Question, load_instruments
from ..paths import analysis_dir, instruments_dir
from ..small_cells import is_small_cell
from ..style import STATUS_FILL, status_legend
from .annexes import bibliography_annex, confirm_reasons, evidence_annex, limitations
from ..messages import N_, _, format_date, format_list, format_month, format_number, format_stored, label, label_of, ngettext, number_word, ordinal_word
from ..documents.docx_tools import introduce_unreferenced, add_toc, assessor_note, caption, note, replace_placeholders, shade, table
from ..documents.published_text import draft_mode
from ..documents.ranking import top_with_ties
from .drafting import QuotePool, voice_sentence
from .findings import (FindingsIndex, TableNumbers, criteria_of, criterion_line, documents_paragraph,
                       interviews_sentence, overall_sentence, read_from, relied_facts, status_counts, survey_sentence, voices_of)
from ..documents.markdown_docx import markdown_to_docx
from ..documents.properties import author_of, save_stamped, set_core
from .narrative import narrative_part
from .pictures import ChartPictures
from .plan_annex import add_plan_annex
from ..recommend import draft_recommendations, rejected_recommendations
from .recommendations import (Rationale, render_area_recommendations, render_existing, render_rejected, render_rules,
                              render_to_confirm)
from .statistics_section import add_statistics_section
from .background import add_background_chapter
from .conclusions import add_conclusions, area_chart_comment, read_areas
from .front_matter import acronyms_section, executive_summary
from .outline import chapter
from ..documents.template import open_template



class _Data:
    """Everything the report reads, loaded once."""

    gate: QuoteGate  # the name screen, set by build_report

    def __init__(self, country: str, root):
        self.country = country
        self.root = root
        self.inst = load_instruments(instruments_dir(root))
        self.rubric = self.inst.rubric
        a = analysis_dir(country, root)
        self.dir = a

        def t(name, required=True):
            return catalogue.read(name, country, root, missing_ok=not required)

        self.items = t("survey_items")
        self.answer_counts: dict[str, dict[str, int]] = {}  # question → option code → answers
        for r in self.items.to_dict("records"):
            self.answer_counts.setdefault(r["question"], {})[r["option_code"]] = int(r["count"])
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
        self.desk = t("desk_review", required=False)
        self.instruments = t("country_instruments", required=False)
        self.findings = FindingsIndex()  # where each indicator is argued, filled as the area chapters are written
        self.themes = t("theme_frequencies", required=False)
        self.coded = t("coded_segments", required=False)
        question_areas = {q.code: s.area for s in self.inst.guide.sections for q in s.questions}
        self.quotes = QuotePool(self.coded, question_areas) if self.coded is not None else None
        self.context = catalogue.read_json("context", country, root, missing_ok=True, default={})
        self.unresolved: list[str] = []  # citations with no bibliography line (set by the bibliography annex)
        self.recs = draft_recommendations(country, root)
        self.rec_actions = t("recommendation_actions", required=False)
        seg = catalogue.read("segments", country, root)
        self.withheld_segments = set(seg.loc[seg["names_flagged"], "segment_id"]) if len(seg) else set()
        self.rejected = rejected_recommendations(country, root)
        self.to_confirm = t("to_confirm", required=False)
        self.awaiting: list[dict] = []  # sections whose assessor's text is missing
        self.annexes = annex_letters(a for a in ANNEXES if a != "workshop" or self.has_workshop)

    @property
    def has_workshop(self) -> bool:
        """Did the validation workshop decide on the recommendations (the workshop annex)?"""
        decided = pd.concat([self.recs, self.rejected], ignore_index=True)
        return "outcome" in decided and bool((decided["outcome"] != "").any())

    @staticmethod
    def count(table: pd.DataFrame, dimension: str, code: str = "") -> int:
        return profile_value(table, dimension, code)

    @property
    def country_name(self) -> str:
        name = self.context.get("name") or {}
        return label_of(name) if isinstance(name, dict) else str(name or self.country)

    @property
    def in_country(self) -> str:
        """'in the Republic of Azerbaijan', 'in Georgia': the name as it stands in a sentence, which the
        country's context gives (``name: {in_text: {en: the Republic of Azerbaijan}}``), else its name."""
        name = self.context.get("name") or {}
        in_text = name.get("in_text") if isinstance(name, dict) else None
        return _("in {country}", country=label(in_text) if in_text else self.country_name)

    @property
    def short_name(self) -> str:
        name = self.context.get("name") or {}
        return (label_of(name.get("short")) or label_of(name)) if isinstance(name, dict) else str(name or self.country)


# The report's annexes in order. Each takes its letter from its place among the annexes a report has
# (the workshop annex only once the validation workshop decided on the recommendations).
ANNEXES = ("guide", "survey", "indicators", "evidence", "workshop", "bibliography", "data", "plan")


def annex_letters(present) -> dict[str, str]:
    """{annex: letter} for the annexes ``present``, lettered A, B, … in the order of :data:`ANNEXES`."""
    present = set(present)
    keys = [a for a in ANNEXES if a in present]
    return {k: chr(ord("A") + i) for i, k in enumerate(keys)}


def indicator_count(indicators) -> tuple[int, int, int]:
    """(indicators, criteria, areas) of the instruments: every count the documents state."""
    return len(indicators.indicators), len(indicators.indicators) * len(CRITERIA), len(indicators.areas)


def against_indicators(indicators) -> str:
    """The report's subtitle: the response judged against the instruments' indicators."""
    n = len(indicators.indicators)
    return ngettext("Assessment of the response to trafficking in human beings against {n} indicator",
                    "Assessment of the response to trafficking in human beings against {n} indicators", n)


# ---------------------------------------------------------------- chapters
def _methodology(doc, d: _Data, charts: ChartPictures) -> None:
    doc.add_heading(_("1 Introduction and methodology"), level=1)
    doc.add_heading(_("1.1 Purpose of the assessment"), level=2)  # report section, not a question code
    n_ind, _n_crit, n_areas = indicator_count(d.inst.indicators)
    doc.add_paragraph(ngettext(
        "This draft assesses the response to trafficking in human beings {in_country} with the "
        "Counter-trafficking Needs Assessment Tool (CT-NAT). It brings together the views of stakeholders "
        "gathered in in-depth interviews and an electronic survey with the assessor's review of key documents, "
        "and judges the response against {n} indicator in {areas}: {area_names}.",
        "This draft assesses the response to trafficking in human beings {in_country} with the "
        "Counter-trafficking Needs Assessment Tool (CT-NAT). It brings together the views of stakeholders "
        "gathered in in-depth interviews and an electronic survey with the assessor's review of key documents, "
        "and judges the response against {n} indicators in {areas}: {area_names}.", n_ind,
        in_country=d.in_country, areas=ngettext("{n} area", "{n} areas", n_areas, n=number_word(n_areas)),
        area_names=format_list([label(a.title).lower() for a in d.inst.indicators.areas], serial=True)))
    doc.add_heading(_("1.2 Methodology and respondents"), level=2)  # report section, not a question code
    n_int = d.count(d.iprofile, "interviews")
    male, female = d.count(d.iprofile, "participants", "male"), d.count(d.iprofile, "participants", "female")
    total = male + female
    state = d.count(d.iprofile, "entity_type", "state")
    ctx = d.context
    period = ctx.get("interview_period") or {}
    where = " " + _("in {place}", place=ctx["capital"]) if ctx.get("capital") else ""
    when = ""
    if period.get("start") and period.get("end"):
        start, end = format_date(period["start"]), format_date(period["end"])
        # one day is one date: "on 13 January 2016", never "between 13 January 2016 and 13 January 2016"
        when = " " + (_("on {date}", date=start) if start == end else _("between {start} and {end}", start=start,
                                                                                end=end))
    doc.add_paragraph(ngettext(
        "In {country}, {n} interview was carried out{where}{when} with {people} ({men} and {women}).",
        "In {country}, {n} interviews were carried out{where}{when} with {people} ({men} and {women}).", n_int,
        country=d.short_name, where=where, when=when, people=ngettext("{n} person", "{n} people", total),
        men=ngettext("{n} man", "{n} men", male), women=ngettext("{n} woman", "{n} women", female))
        + " " + ngettext("Of these interviews, {n} was with State agencies or institutions.",
                         "Of these interviews, {n} were with State agencies or institutions.", state))
    n_sur = d.count(d.profile, "total")
    fem_sur = d.count(d.profile, "sex", "female")
    male_sur = d.count(d.profile, "sex", "male")
    countries = d.profile[(d.profile["dimension"] == "country") & (d.profile["count"].astype(int) > 0)
                          & (d.profile["code"] != "")]
    by_country = _join_counts([(r["label"], int(r["count"])) for r in countries.to_dict("records")])
    doc.add_paragraph(ngettext(
        "{n} person responded to the electronic survey ({women} and {men}{by_country}). Not all survey "
        "respondents answered all questions; each table states how many answered.",
        "{n} people responded to the electronic survey ({women} and {men}{by_country}). Not all survey "
        "respondents answered all questions; each table states how many answered.", n_sur,
        women=ngettext("{n} woman", "{n} women", fem_sur), men=ngettext("{n} man", "{n} men", male_sur),
        by_country=_("; by country of work: {countries}", countries=by_country) if by_country else ""))
    groups = d.profile[(d.profile["dimension"] == "position_group") & (d.profile["count"].astype(int) > 0)]
    doc.add_paragraph(_("Roles of survey respondents: {roles}.", roles=_join_counts(
        [(r["label"].lower(), int(r["count"])) for r in groups.to_dict("records")])))
    rows = [[_("Interviews"), n_int], [_("Interview participants: men"), male],
            [_("Interview participants: women"), female], [_("Interviews with State agencies"), state],
            [_("Survey respondents"), n_sur], [_("Survey respondents: women"), fem_sur],
            [_("Survey respondents: men"), male_sur]]
    table(doc, [_("Figure"), "n"], rows, widths_cm=[9, 2.5])
    caption(doc, _("Interviews and survey respondents, {country}", country=d.short_name))
    charts.figure(doc, "interview_sex", _("Sex of interview participants in {country} (n={n})",
                                          country=d.short_name, n=format_number(total)))
    charts.figure(doc, "interview_entities", ngettext("Entities interviewed in {country} (n={n} interview)",
                                                      "Entities interviewed in {country} (n={n} interviews)",
                                                      n_int, country=d.short_name))
    charts.figure(doc, "respondent_roles", _("Roles of survey respondents (n={n})", n=format_number(n_sur)))
    doc.add_paragraph(ngettext(
        "Each of the {n} criterion was judged by the rules of rubric version {version} (Annex {letter}): a framework "
        "criterion by the documents the desk review cites, an operational one by weighing the desk review, the "
        "survey and the interviews, each counted only where it measures what the criterion asks.",
        "Each of the {n} criteria was judged by the rules of rubric version {version} (Annex {letter}): a framework "
        "criterion by the documents the desk review cites, an operational one by weighing the desk review, the "
        "survey and the interviews, each counted only where it measures what the criterion asks.",
        len(d.scores), version=scores_rubric_version(d.scores, d.rubric), letter=d.annexes["evidence"]))
    doc.add_heading(_("1.3 Limitations"), level=2)  # report section, not a question code
    for para in limitations(d):
        doc.add_paragraph(para)


def scores_rubric_version(scores: pd.DataFrame, rubric) -> str:
    """The rubric version the statuses were judged by (scores.csv), else the instruments'."""
    versions = [str(v) for v in scores.get("rubric_version", pd.Series(dtype=str)) if str(v).strip()]
    return versions[0] if versions else rubric.version


def _join_counts(pairs: list[tuple[str, int]]) -> str:
    return format_list(_("{label} (n={n})", label=text, n=format_number(n)) for text, n in pairs)


def _narrative(doc, d: _Data, name: str, parent: str = "") -> bool:
    """The assessor's text for a section (``parent``: its title). Missing, it is
    listed among the sections awaiting the assessor and, only in a working draft
    (``ctnat build --draft``), marked by an assessor's note; the final report leaves it out."""
    path, found = narrative_part(d.country, d.root, name)
    if found != "own":
        d.awaiting.append({"section": parent or name, "part": name, **({"only_in": catalogue.BASE_LANGUAGE}
                                                                       if found == "base_only" else {})})
        if draft_mode() and path is not None:
            # the English text is shown to the assessor to translate, never mixed into the final document
            assessor_note(doc, _("the assessor's text on “{section}” exists only in English; it is shown below "
                                 "as written, to be translated, and the final report leaves it out.",
                                 section=parent or name))
            markdown_to_docx(doc, path.read_text(encoding="utf-8"), base_level=2, skip_heading=parent)
        elif draft_mode():
            assessor_note(doc, _("the assessor's own text on “{section}” is still to be written; it is placed "
                                 "here, before the evidence drawn from the data.", section=parent or name))
        return False
    assert path is not None
    markdown_to_docx(doc, path.read_text(encoding="utf-8"), base_level=2, skip_heading=parent)
    return True


def _situation(doc, d: _Data, charts: ChartPictures) -> None:
    doc.add_heading(_("What survey respondents said"), level=3)
    src = d.situation
    survey = d.inst.survey
    for name, about in (("situation_role", N_("how respondents describe the country")),
                        ("situation_forms", N_("the most common forms of exploitation")),
                        ("situation_sectors", N_("sectors where people are most commonly exploited"))):
        about = _(about)
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
            lead = chosen.head(3)
            doc.add_paragraph(_("Asked about {about} ({code}, n={n}), survey respondents most often selected "
                                "{answers}.", about=about, code=code, n=format_number(nv), answers=_join_counts(
                                    [(_quoted(r["option_label"].lower()), int(r["count"]))
                                     for r in lead.to_dict("records")])))
        if not charts.figure(doc, name, ngettext(
                "Survey question {code} ({about}): times each answer was selected (n={n} respondent answered)",
                "Survey question {code} ({about}): times each answer was selected (n={n} respondents answered)",
                nv, code=code, about=about)):
            table(doc, [_("Answer"), "n"], [[r["option_label"], r["count"]] for r in sub.to_dict("records")])
            caption(doc, ngettext("Survey question {code}: n={n} respondent answered",
                                  "Survey question {code}: n={n} respondents answered", nv, code=code))
    fp = survey.by_role("situation_prominent")
    prominent = src[(src["question"] == (fp.code if fp else None)) & (src["count"].astype(int) > 0)]
    if fp is not None and len(prominent):
        prominent = prominent.sort_values("count", key=lambda c: c.astype(int), ascending=False, kind="stable")
        named = _join_counts([(_quoted(r["option_label"].lower()), int(r["count"]))
                              for r in prominent.to_dict("records")])
        doc.add_paragraph(_("Asked which of these forms is the most prominent ({code}), respondents named {named}.",
                            code=fp.code, named=named))
    rk = d.ranking.dropna(subset=["mean_rank"])
    rk = rk[rk["mean_rank"] != ""]
    fr = survey.by_role("situation_ranking")
    if fr is not None and len(rk):
        table(doc, [_("Group"), _("Ranked by (n)"), _("Mean rank"), _("Median rank"), _("Ranked first (n)")],
              [[r["label"], r["n"], format_stored(r["mean_rank"]), format_stored(r["median_rank"]), r["ranked_first"]]
               for r in rk.to_dict("records")])
        caption(doc, _("Survey question {code}: groups ranked from most (1) to least ({last}) trafficked",
                       code=fr.code, last=fr.rank_max))
    ft = survey.by_role("situation_trend")
    trend = src[(src["question"] == (ft.code if ft else None)) & (src["count"].astype(int) > 0)]
    if ft is not None and len(trend):
        doc.add_paragraph(_("On whether trafficking is growing or declining ({code}), respondents answered "
                            "{answers}.", code=ft.code, answers=_join_counts(
                                [(_quoted(r["option_label"].lower()), int(r["count"]))
                                 for r in trend.to_dict("records")])))


def _quoted(text: str) -> str:
    """An answer quoted in running text: “yes”."""
    return _("“{text}”", text=text)


def _grid_table(doc, d: _Data, block: Question) -> None:
    fields = d.inst.survey.grid_fields(block.code)
    scale = fields[0].scale
    header = [_("Item")] + [label(o.label) for o in scale.options]
    small = d.rubric.small_cell
    rows, any_small = [], False
    for f in fields:
        c = d.items[d.items["question"] == f.code].set_index("option_code")["count"].astype(int)
        cells = []
        for o in scale.options:
            n = int(c.get(o.code, 0))
            mark = "*" if is_small_cell(n, small) else ""
            any_small = any_small or bool(mark)
            cells.append(f"n={n}{mark}")
        rows.append([f"{f.code} {label(f.text)}"] + cells)
    table(doc, header, rows, font_size=8)
    t = d.totals.loc[block.code]
    note(doc, _("Notes: Total survey respondents: n={total}. Total respondents to these questions: n={block}.",
                total=format_number(int(t["total_respondents"])), block=format_number(int(t["respondents_to_block"])))
         + (" " + _("* Small cell (fewer than {n} respondents): an individual view, not a trend.",
                    n=format_number(small)) if any_small else ""))


def _indicator_matrix(doc, d: _Data, area_id: str) -> str:
    scores = d.scores.set_index(["indicator", "criterion"])
    inds = [i for i in d.inst.indicators.indicators if i.area == area_id]
    def status(i, c) -> str:
        text = d.inst.status_label(scores.loc[(i.id, c), "status"])
        if str(scores.loc[(i.id, c)].get("to_confirm", "")) == "True":
            return _("{status} — to confirm", status=text)
        return text

    t = table(doc, [_("Indicator")] + [d.inst.indicators.short_level(c) for c in CRITERIA],
              [[f"{i.id} {label(i.title)}"] + [f"{label(i.criteria[c])}\n[{status(i, c)}]" for c in CRITERIA]
               for i in inds], font_size=8)
    for r, i in enumerate(inds, start=1):
        for k, c in enumerate(CRITERIA, start=1):
            shade(t.rows[r].cells[k], STATUS_FILL[scores.loc[(i.id, c), "status"]])
    area = label(d.inst.indicators.area(area_id).title)
    shown = caption(doc, _("Indicator matrix: {area} (criteria shaded by status)", area=area.lower()))
    gap_statuses = d.rubric.gap_statuses
    note(doc, _("Legend: {legend} (insufficient evidence is not scored). Gaps addressed by the "
                "recommendations: {gaps}.", legend=status_legend(d.inst.status_label),
                gaps=", ".join(d.inst.status_label(s).lower() for s in gap_statuses)))
    return shown


def _area(doc, d: _Data, area: Area, number: str, charts: ChartPictures, withheld: set[str], used: set,
          index: FindingsIndex | None = None) -> None:
    """One area's chapter: the assessor's narrative, the indicator matrix introduced by what it
    shows, one subsection per indicator arguing its status (:mod:`ctnat.report.findings`), and
    the interview and survey tables in full, each introduced by its number."""
    title = label(area.title)
    index = index if index is not None else FindingsIndex()
    doc.add_heading(f"{number} {title}", level=2)
    _narrative(doc, d, f"area{area.id}", title)
    inds = [i for i in d.inst.indicators.indicators if i.area == area.id]
    survey = d.inst.survey
    blocks = [b for b in survey.grid_blocks() if survey.field((b.items or [])[0].code).area == area.id]
    themes = _area_themes(d, area)
    nap = _nap_rows(d, area.id)
    tables = TableNumbers(doc)
    tables.plan("matrix")
    if themes is not None and len(themes):
        tables.plan("themes")
    for b in blocks:
        tables.plan(b.code)
    if nap is not None:
        tables.plan("nap")
    criteria = {i.id: criteria_of(i, d.scores, d.desk) for i in inds}
    every = [c for cs in criteria.values() for c in cs]
    doc.add_paragraph(ngettext(
        "{table} sums up how the {k} indicator of this area was assessed: of its {n} criteria, {counts}. The "
        "subsections below argue it from the documents, the interviews and the survey, and the last one gives the "
        "interview themes and the survey answers in full.",
        "{table} sums up how the {k} indicators of this area were assessed: of their {n} criteria, {counts}. The "
        "subsections below argue each indicator from the documents, the interviews and the survey, and the last one "
        "gives the interview themes and the survey answers in full.", len(inds), table=tables.ref("matrix"),
        k=number_word(len(inds)), n=format_number(len(every)), counts=status_counts(every, d.inst.status_label)))
    tables.check("matrix", _indicator_matrix(doc, d, area.id))
    block_of = {f.code: f.grid for b in blocks for f in survey.grid_fields(b.code)}
    n_int = d.count(d.iprofile, "interviews")
    for k, ind in enumerate(inds, start=1):
        section = f"{number}.{k}"
        ind_title = label(ind.title)
        doc.add_heading(f"{section} {ind_title}", level=3)
        cs = criteria[ind.id]
        facts = relied_facts(ind.id, d.rec_actions, d.recs, d.inst, d.instruments)
        index.sections[ind.id] = (section, ind_title)
        index.facts[ind.id] = {i for i, _f in facts}
        doc.add_paragraph(documents_paragraph(cs, [f for _i, f in facts]))
        codes = [f"{ind.id}.{c.code}" for c in cs]
        rows = d.scores[d.scores["indicator"] == ind.id]
        said = interviews_sentence(voices_of(codes, rows, d.coded), n_int)
        if d.quotes is not None:
            picked = d.quotes.pick(area.id, withheld, exclude=used, limit=2, criteria=set(codes),
                                   allow=lambda t, where, flagged: d.gate.allow(
                                       t, "interview", where,
                                       _("its segment mentions a name from the interview headers") if flagged
                                       else None))
            for n, v in enumerate(picked):
                used.add(v.segment_id)
                sentence = voice_sentence(v, d.quotes.clause(v.text))
                if n and v.polarity != picked[0].polarity:
                    sentence = _("Yet {sentence}", sentence=sentence[:1].lower() + sentence[1:])
                said += " " + sentence
        doc.add_paragraph(said)
        for c in cs:
            c.survey_read_from = read_from(survey, d.evidence, ind.id, c.code, c.survey_items)
        doc.add_paragraph(survey_sentence(
            cs, lambda code: label(survey.field(code).text),
            lambda code: tables.ref(block_of[code]) if code in block_of else ""))
        doc.add_paragraph(overall_sentence(cs))
        for c in cs:
            doc.add_paragraph(criterion_line(c, d.inst.indicators.short_level(c.code), d.inst.status_label),
                              style="List Bullet")
    tables_number = "%s.%d" % (number, len(inds) + 1)
    doc.add_heading(_("{number} The evidence in tables", number=tables_number), level=3)
    if themes is not None and len(themes):
        _interviews(doc, d, area, themes, tables)
    elif d.themes is None:
        doc.add_paragraph(_("The interview notes have not been coded yet."))
    else:
        doc.add_paragraph(_("No interview notes were coded to this area."))
    _survey(doc, d, area, blocks, tables)
    if nap is not None:
        _nap_box(doc, nap, tables)


def _area_themes(d: _Data, area: Area):
    """The interview themes raised on an area, most-raised first (None: notes not coded)."""
    if d.themes is None:
        return None
    th = d.themes[(d.themes["area"] == area.id) & (d.themes["segments"].astype(int) > 0)].copy()
    th["i"] = th["interviews"].astype(int)
    return th.sort_values(["i", "theme"], ascending=[False, True], kind="stable")


def _interviews(doc, d: _Data, area: Area, th, tables: TableNumbers) -> None:
    """The themes interviewees raised on the area: a sentence introducing the table."""
    n_int = d.count(d.iprofile, "interviews")
    top = th.iloc[0]
    critical = th[th["contradicts"].astype(int) > th["supports"].astype(int)]
    area_title = label(area.title).lower()
    text = _("{table} lists the themes interviewees raised on {area}, how many interviews raised each and how many "
             "remarks were positive or critical.", table=tables.ref("themes"), area=area_title) + " "
    if len(th) > 1:
        second = th.iloc[1]
        text += ngettext("Of the {n} interview, {top_n} raised {top}, the theme heard most often; "
                         "{second_n} raised {second}.",
                         "Of the {n} interviews, {top_n} raised {top}, the theme heard most often; "
                         "{second_n} raised {second}.", n_int, top_n=format_number(top["i"]),
                         top=_lower_theme(top["label"]), second_n=format_number(second["i"]),
                         second=_lower_theme(second["label"]))
    else:
        text += ngettext("Of the {n} interview, {top_n} raised {top}, the theme heard most often.",
                         "Of the {n} interviews, {top_n} raised {top}, the theme heard most often.",
                         n_int, top_n=format_number(top["i"]), top=_lower_theme(top["label"]))
    if len(critical):
        text += " " + _("Remarks were mostly critical on {themes}.",
                        themes=format_list(_lower_theme(r["label"]) for r in critical.to_dict("records")))
    doc.add_paragraph(text)
    table(doc, [_("Theme"), _("Interviews (n)"), _("Remarks (n)"), _("Positive"), _("Critical")],
          [[_cap(r["label"]), r["interviews"], r["segments"], r["supports"], r["contradicts"]]
           for r in th.to_dict("records")])
    tables.check("themes", caption(doc, _("Interview themes on {area} (coded interview notes; a remark is one coded "
                                          "passage)", area=area_title)))


def _lower_theme(text: str) -> str:
    """A theme's label inside a sentence: 'formal identification process'."""
    text = str(text).strip()
    return text[:1].lower() + text[1:] if text[1:2].islower() else text




def _cap(text: str) -> str:
    text = str(text).strip()
    return text[:1].upper() + text[1:]




def _survey(doc, d: _Data, area: Area, blocks, tables: TableNumbers) -> None:
    """The area's survey grids in full, introduced by what each asks and how many answered
    (the statements are read with the indicators they measure, above)."""
    if not blocks:
        return
    survey = d.inst.survey
    intro = []
    for b in blocks:
        fields = survey.grid_fields(b.code)
        t = d.totals.loc[b.code]
        intro.append(ngettext("{table} gives the {scale} ratings of {k} statement by {answered} of the {n} "
                              "respondents", "{table} gives the {scale} ratings of {k} statements by {answered} of "
                              "the {n} respondents", len(fields), table=tables.ref(b.code),
                              scale=label(fields[0].scale.title).lower(), k=format_number(len(fields)),
                              answered=format_number(int(t["respondents_to_block"])),
                              n=format_number(int(t["total_respondents"]))))
    doc.add_paragraph(_("{tables}; the subsections above read each statement with the indicator it measures.",
                        tables=_cap(format_list(intro))))
    for b in blocks:
        fields = survey.grid_fields(b.code)
        title = label(fields[0].scale.title)
        answered = int(d.totals.loc[b.code]["respondents_to_block"])
        _grid_table(doc, d, b)
        tables.check(b.code, caption(doc, ngettext(
            "Survey question {code}, {scale}: answers per statement (n={n} respondent)",
            "Survey question {code}, {scale}: answers per statement (n={n} respondents)",
            answered, code=b.code, scale=title.lower())))


def _nap_rows(d: _Data, area_id: str):
    """The National Action Plan measures found for the area's indicators, or None."""
    path = catalogue.path("nap_coverage", d.country, d.root)
    if not catalogue.exists("nap_coverage", d.country, d.root) or path.stat().st_size == 0:  # the NAP stage writes
        return None  # empty tables when there is no plan
    cov = catalogue.read("nap_coverage", d.country, d.root)
    if "indicator" not in cov:
        return None
    cov = cov[cov["indicator"].str.startswith(f"{area_id}.")]
    return cov if len(cov) else None


def _nap_box(doc, cov, tables: TableNumbers) -> None:
    doc.add_paragraph(_("{table} lists the National Action Plan measures the automatic reading of the plan found for "
                        "each indicator of this area, for the assessor to confirm.", table=tables.ref("nap")))
    heads = {"indicator": N_("Indicator"), "status": N_("Status"), "measure_ids": N_("Measure ids")}
    cols = [c for c in heads if c in cov.columns]
    table(doc, [_(heads[c]) for c in cols], cov[cols].values.tolist(), font_size=8)
    tables.check("nap", caption(doc, _("National Action Plan measures found for each indicator of this area")))
    note(doc, _("From the automatic reading of the National Action Plan; for the assessor to confirm."))


def excerpt(text: str) -> str:
    """A window cut out of a longer text, shown at word boundaries: a word cut
    at either end is dropped and replaced by an ellipsis; runs of spaces close up."""
    text = re.sub(r"\s+", " ", str(text or "")).strip()
    if len(text) < 100:  # a phrase, not a window cut out of the plan
        return text
    if text[0].islower():
        text = "…" + text.split(" ", 1)[1] if " " in text else text
    if text[-1].isalnum() and " " in text:
        text = text.rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return text




def checklist_rows(check: pd.DataFrame) -> list[dict]:
    """The rows of the report's checklist table (point, met, evidence) from the NAP
    stage's ``nap_checklist`` (``passed`` typed by the catalogue); the consistency
    gate holds them against the data and the section's sentence."""
    return [{"key": r["key"], "item": r["item"], "met": bool(r["passed"]), "evidence": r["evidence"]}
            for r in check.to_dict("records")]


def _nap_section(doc, d: _Data, number: str, charts: ChartPictures):
    """The NAP section: drafted paragraph, charts, and the failed checklist points."""
    from ..nap import nap_summary

    s = nap_summary(d.country, d.root)
    if s is None:
        return None
    doc.add_heading(_("{number} The National Action Plan", number=number), level=2)
    doc.add_paragraph(s["paragraph"])
    charts.figure(doc, "nap_measures_area", _("National Action Plan measures per area, by type of deadline"))
    n_ind = len(d.inst.indicators.indicators)
    charts.figure(doc, "nap_coverage", ngettext("National Action Plan coverage of the {n} indicator",
                                                "National Action Plan coverage of the {n} indicators", n_ind))
    charts.figure(doc, "nap_top_bodies", _("Bodies responsible for the most National Action Plan measures"))
    table(doc, [_("Checklist point (ICMPD review)"), _("Met"), _("Evidence")],
          [[r["item"], _("yes") if r["met"] else _("no"), excerpt(r["evidence"])]
           for r in checklist_rows(s["checklist"])], font_size=8)
    caption(doc, _("The plan against the checklist of the ICMPD review"))
    note(doc, _("From the automatic reading of the plan: evidence for the assessor to confirm, never a score by "
                "itself."))
    return s


def _recommendations(doc, d: _Data, charts: ChartPictures, nap=None) -> None:
    doc.add_heading(_("{number} Recommendations", number=chapter("recommendations")), level=1)
    fpr = d.inst.survey.by_role("priorities")
    if fpr is not None:
        _priorities(doc, d, charts, fpr)
    area_chart_comment(doc, d, "area_scores" in charts)
    charts.figure(doc, "area_scores", _("Area scores: share of assessed criteria met (partly met counts half)"))
    _recommendations_by_area(doc, d, charts, nap)


def _priorities(doc, d: _Data, charts: ChartPictures, fpr) -> None:
    p = d.priorities
    has_ws = int(p["workshop_groups"].astype(int).sum()) > 0
    top_n = number_word(fpr.max_choices) if fpr.max_choices else ""
    if has_ws:
        doc.add_paragraph(_("Survey respondents chose their top {n} priorities for action ({code}), and validation "
                            "workshop groups did the same. In the table, each “•” is one respondent or one workshop "
                            "group who chose the priority.", n=top_n, code=fpr.code))
    else:
        doc.add_paragraph(_("Survey respondents chose their top {n} priorities for action ({code}). In the table, "
                            "each “•” is one respondent who chose the priority.", n=top_n, code=fpr.code))
    rows = [[f"{r['priority']}. {r['label']}", "• " * int(r["selections"]),
             "• " * int(r["workshop_groups"]) if has_ws else ""] for r in p.to_dict("records")]
    table(doc, [_("Priority"), _("Survey"), _("Workshop")], rows)
    n = d.count(d.profile, "total")
    asked = d.items[d.items["question"] == fpr.code]
    answered = int(asked["n_valid"].iloc[0]) if len(asked) else 0
    if has_ws:
        caption(doc, ngettext("Priorities for action: survey (n={answered} of {n} respondent) and workshop groups",
                              "Priorities for action: survey (n={answered} of {n} respondents) and workshop groups",
                              n, answered=format_number(answered)))
    else:
        caption(doc, ngettext("Priorities for action: survey (n={answered} of {n} respondent) — workshop column "
                              "filled after the validation workshop",
                              "Priorities for action: survey (n={answered} of {n} respondents) — workshop column "
                              "filled after the validation workshop", n, answered=format_number(answered)))
    top = top_with_ties(p, "weighted_score", fpr.max_choices or len(p), order="priority")  # all tied at the cut
    weights = dict(d.rubric.priority_weights)
    doc.add_paragraph(_("Weighting {weights}, the survey's top priorities were {priorities}.", weights=format_list(
        _("{rank} choices {weight}", rank=ordinal_word(r), weight=format_number(weights[r])) for r in sorted(weights)),
        priorities=format_list(_("{priority} ({label}) (score {score})", priority=r["priority"],
                                 label=r["label"].lower(), score=format_number(int(r["weighted_score"])))
                               for r in top.to_dict("records"))))
    if has_ws:
        charts.figure(doc, "priorities", _("Priorities for action ({code}): survey choices by rank and workshop "
                                           "groups; the letters are the priorities of the table above", code=fpr.code))
    else:
        charts.figure(doc, "priorities", _("Priorities for action ({code}): survey choices by rank; the letters are "
                                           "the priorities of the table above", code=fpr.code))


def findings_section(areas, area_id: str) -> str:
    """The number of the findings section of an area (3.1 for the first)."""
    return next((f"{chapter('findings')}.{n}" for n, a in enumerate(areas, start=1) if a.id == area_id), "")


def _recommendations_by_area(doc, d: _Data, charts: ChartPictures, nap=None) -> None:
    areas = d.inst.indicators.areas
    for area in areas:
        doc.add_heading(f"{chapter('recommendations')}.{area.id} {label(area.title)}", level=2)
        recs = d.recs[d.recs["area"] == area.id]
        if not len(recs):
            doc.add_paragraph(_("No gaps were identified against the indicators of this area."))
        render_area_recommendations(doc, recs, findings_section(areas, area.id),
                                    Rationale(d.findings, d.inst, d.scores, d.desk, d.instruments))
        render_rejected(doc, d.rejected[d.rejected["area"] == area.id])
    if nap is not None and len(nap["failed"]):
        number = f"{chapter('recommendations')}.{len(d.inst.indicators.areas) + 1}"
        doc.add_heading(_("{number} The next National Action Plan", number=number), level=2)
        for r in nap["failed"].to_dict("records"):
            para = doc.add_paragraph(style="List Bullet")
            para.add_run(f"{r['item']}: ").bold = True
            para.add_run(r["recommendation"])


def _annexes(doc, d: _Data) -> None:
    inst = d.inst
    letter = d.annexes
    doc.add_heading(_("Annex {letter}. Interview guide", letter=letter["guide"]), level=1)
    for s in inst.guide.sections:
        doc.add_heading(f"{s.code}. {label(s.title)}", level=2)
        for q in s.questions:
            para = doc.add_paragraph()
            para.add_run(f"{q.code} ").bold = True
            para.add_run(label(q.text))
            for pr in q.prompts:
                doc.add_paragraph(label(pr), style="List Bullet 2")
    doc.add_heading(_("Annex {letter}. E-survey", letter=letter["survey"]), level=1)
    current = None
    for f in inst.survey.fields:
        if f.section != current:
            current = f.section
            doc.add_heading(f"{current}. {inst.survey.section_title(current)}", level=2)
        para = doc.add_paragraph()
        para.add_run(f"{f.code} ").bold = True
        para.add_run(label(f.text))
        if f.options and not f.grid:
            para.add_run(" — " + "; ".join(label(o.label) for o in f.options)).font.size = Pt(8.5)
    doc.add_paragraph(_("Grid answer scales: {scales}", scales="; ".join(
        f"{label(s.title)}: " + ", ".join(label(o.label) for o in s.options) for s in inst.survey.scales.values())))
    doc.add_heading(_("Annex {letter}. Assessment indicators", letter=letter["indicators"]), level=1)
    for area in inst.indicators.areas:
        doc.add_heading(_("{area} indicators", area=label(area.title)), level=2)
        inds = [i for i in inst.indicators.indicators if i.area == area.id]
        table(doc, [_("Indicator")] + [inst.indicators.short_level(c) for c in CRITERIA],
              [[f"{i.id} {label(i.title)}"] + [label(i.criteria[c]) for c in CRITERIA] for i in inds], font_size=8)
        caption(doc, _("Indicators and criteria: {area}", area=label(area.title).lower()))
    evidence_annex(doc, d, _("Annex {letter}. Evidence trail", letter=letter["evidence"]))
    render_rules(doc, d.rubric)
    render_existing(doc, d.rec_actions, d.recs, d.inst.capabilities.label)
    if "workshop" in letter:
        _workshop_annex(doc, d, letter["workshop"])
    d.unresolved = bibliography_annex(doc, d, _("Annex {letter}. Bibliography", letter=letter["bibliography"]))


#: A recommendation's outcome at the validation workshop, in words ('' = no group decided on it).
OUTCOME_WORDS = {"endorsed": N_("endorsed"), "amended": N_("amended"), "rejected": N_("rejected"),
                 "": N_("not discussed: no group decided on it")}


def workshop_annex_rows(decided: pd.DataFrame) -> list[list[str]]:
    """Annex E's rows: every draft recommendation with its outcome in words and the
    groups' votes; one no group decided on says so (no blank row); a rejected one,
    which has no number, is named as rejected."""
    rows = []
    for r in decided.to_dict("records"):
        outcome = str(r["outcome"] or "")
        votes = [format_number(int(float(r[c] or 0))) for c in ("groups_endorsed", "groups_amended",
                                                                "groups_rejected")]
        wording = r["title"]
        if outcome == "amended" and str(r["validated_text"] or "").strip():
            wording = _("{amended} (drafted as: {title})", amended=r["validated_text"], title=r["title"])
        rows.append([r["id"] or _("not numbered"), _(OUTCOME_WORDS.get(outcome, outcome)), *votes, wording])
    return rows


def _workshop_annex(doc, d: _Data, letter: str) -> None:
    decided = pd.concat([d.recs, d.rejected], ignore_index=True)
    doc.add_heading(_("Annex {letter}. Validation workshop outcomes", letter=letter), level=1)
    rows = workshop_annex_rows(decided)
    silent = sum(1 for r in decided.to_dict("records") if not r["outcome"])
    if silent:
        doc.add_paragraph(ngettext(
            "The groups decided on {decided} of the {total} draft recommendations; {n} was not discussed (no group "
            "ticked endorse, amend or reject for it).",
            "The groups decided on {decided} of the {total} draft recommendations; {n} were not discussed (no group "
            "ticked endorse, amend or reject for them).",
            silent, decided=format_number(len(rows) - silent), total=format_number(len(rows))))
    table(doc, [_("Rec."), _("Outcome"), _("Endorsed"), _("Amended"), _("Rejected"), _("Wording")], rows,
          font_size=8)
    caption(doc, _("Workshop groups' votes on each draft recommendation"))


def assessment_month(context: dict, after_workshop: bool) -> str:
    """The assessment's date on the cover, from the country's context, never the
    build day: the validation workshop's month once the workshop has decided on
    the recommendations, else the month fieldwork ended (interviews or survey), else
    "date to be set"."""
    workshop = context.get("workshop") if isinstance(context.get("workshop"), dict) else {}
    period = context.get("interview_period") if isinstance(context.get("interview_period"), dict) else {}
    fieldwork = [str(v) for v in (period.get("end"), context.get("survey_deadline")) if v]
    if after_workshop and workshop.get("date"):
        return format_month(workshop["date"])
    if fieldwork:
        return format_month(max(fieldwork))
    return _("date to be set")


def build_report(country: str, root=None, progress=None, pdf: bool | None = None) -> Path:
    """Build ``analysis/<ISO3>/<ISO3>_assessment_report.docx`` from the
    processed and analysis tables, the rendered charts and the narrative. It
    reads other stages' outputs and writes only the report and the list of
    quotes the name screen withheld, ``quotes_to_review.csv`` (and, where
    LibreOffice is installed, its PDF with the contents filled — ``pdf=None``:
    unless the environment sets CTNAT_NO_PDF=1). Returns the DOCX path."""
    country = country.upper()
    say = progress or (lambda msg: None)
    d = _Data(country, root)
    charts = ChartPictures(country, root)
    say(f"report {country}: writing the Word document")
    doc = open_template(root)
    replace_placeholders(doc, {
        "title": _("Counter-trafficking needs assessment"),
        "country_name": d.country_name,
        "subtitle": against_indicators(d.inst.indicators),
        "date": assessment_month(d.context, d.has_workshop),
        # the build day is said as when this draft was produced, never as the assessment's date
        "version": _("{version} on {date}", version=__version__, date=format_date(dt.date.today())),
    })
    doc.add_paragraph(_("Contents"), style="Title" if "Title" in [s.name for s in doc.styles] else None)
    add_toc(doc)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    withheld = d.withheld_segments
    d.gate = QuoteGate.for_country(country, root)  # the name screen: quotes and amendments pass it or are withheld
    d.recs = d.gate.screen_amendments(d.recs)
    reading = read_areas(d)
    executive_summary(doc, d, reading)
    acronyms = acronyms_section(doc)
    _methodology(doc, d, charts)
    add_background_chapter(doc, d, chapter("background"),
                           narrative=lambda: _narrative(doc, d, "situation", _("The trafficking situation")),
                           survey=lambda: _situation(doc, d, charts),
                           statistics=lambda: add_statistics_section(doc, country, root, charts))
    doc.add_heading(_("{number} Findings", number=chapter("findings")), level=1)
    used_quotes: set = set()
    for area in d.inst.indicators.areas:
        _area(doc, d, area, findings_section(d.inst.indicators.areas, area.id), charts, withheld, used_quotes,
              d.findings)
    nap = _nap_section(doc, d, f"{chapter('findings')}.{len(d.inst.indicators.areas) + 1}", charts)
    number = f"{chapter('findings')}.{len(d.inst.indicators.areas) + (2 if nap is not None else 1)}"
    render_to_confirm(doc, d.to_confirm, _("{number} Conflicting evidence — for the assessor to confirm",
                                           number=number), d.inst, confirm_reasons(d.scores, d.rubric, d.inst.indicators.short_level,
                                                           d.count(d.profile, "total")))
    from .consistency_section import add_consistency_section

    gate_number = number.rsplit(".", 1)[0] + "." + str(int(number.rsplit(".", 1)[1]) + 1)
    add_consistency_section(doc, country, root, _("{number} Contradictions checked before drafting — for the "
                                                  "assessor", number=gate_number))
    add_conclusions(doc, d, reading, chapter("conclusions"))
    _recommendations(doc, d, charts, nap)
    _annexes(doc, d)
    from .data_annex import add_data_annex

    add_data_annex(doc, country, root, letter=d.annexes["data"])
    set_core(doc.core_properties, title=_("Counter-trafficking needs assessment: {country}", country=d.country_name),
             subject=_("{subtitle} (draft)", subtitle=against_indicators(d.inst.indicators)),
             author=author_of(d.context), keywords=_("CT-NAT; trafficking in human beings; {country}",
                                                     country=d.short_name))
    add_plan_annex(doc, country, root, d.inst.indicators.areas, letter=d.annexes["plan"],
                   criterion_name=d.inst.indicators.criterion_name)
    acronyms.fill(d.inst, d.country, d.root)
    charts.fill()  # the pictures, drawn meanwhile by Chromium if the chart stage ran in this build
    out = catalogue.path("assessment_report", country, root)
    introduce_unreferenced(doc)  # every table and figure is referred to in the text
    save_stamped(doc, out)
    catalogue.write_json("report_awaiting", {"draft": draft_mode(), "sections": d.awaiting}, country, root)
    review = d.gate.write_review(country, root)
    if d.gate.withheld:
        say(f"report {country}: {len(d.gate.withheld)} quote(s) withheld by the name screen; see {review}")
    if d.unresolved:
        say(f"report {country}: {len(d.unresolved)} citation(s) with no bibliography line — a source the desk "
            f"review does not list, or one without an author, title or year (for the assessor; see the "
            f"bibliography annex and the ingest warnings): {', '.join(d.unresolved)}")
    say(f"report {country}: {out}")
    from ..documents.pdf import pdf_wanted, soffice_path, to_pdf, uno_python

    if pdf_wanted(pdf):
        if soffice_path() and uno_python():
            say(f"report {country}: updating the contents and writing the PDF (LibreOffice)")
            say(f"report {country}: {to_pdf(out)}")
        else:
            say(f"report {country}: no PDF — LibreOffice with its Python bridge is not installed (`sudo apt-get "
                "install libreoffice-writer-nogui python3-uno`); the contents fill when Word opens the DOCX")
    return out
