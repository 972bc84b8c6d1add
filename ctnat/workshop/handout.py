"""``make handout``: the validation-workshop handout (Word, and PDF where
LibreOffice is installed), the group worksheet, and the summary slides.

Handout and slides carry figures, themes and the draft recommendations — never
a respondent's name and no quotes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt

from .. import catalogue
from ..analysis.profiles import profile_value
from ..instruments import CRITERIA, load_instruments
from ..paths import instruments_dir
from ..problems import MissingInputError
from ..messages import N_, _, format_date, format_number, format_percent, label, label_of, ngettext, share_beside
from ..documents.docx_tools import note, shade, table
from ..documents.properties import author_of, save_stamped, set_core
from ..documents.ranking import top_with_ties
from ..recommend import draft_recommendations
from ..documents.template import plain_fonts
from ..style import FONT_FAMILY, STATUS_FILL, status_legend
from .worksheet import write_worksheet


def _t(country, root, name):
    return catalogue.read(name, country, root)


_count = profile_value


def _context(country, root) -> dict:
    return catalogue.read_json("context", country, root, missing_ok=True, default={})


def _names(ctx: dict, country: str) -> tuple[str, str]:
    """(full name, short name) from context.yaml, the ISO code only when it has none."""
    name = ctx.get("name") or {}
    if isinstance(name, dict):
        full = label_of(name) or label_of(name.get("short")) or country
        return full, label_of(name.get("short")) or full
    return str(name or country), str(name or country)


def workshop_date(ctx: dict) -> str:
    """The workshop's date from context.yaml (``workshop.date``) in words, or
    "date to be set" when the context gives none — never today's date."""
    raw = (ctx.get("workshop") or {}).get("date") if isinstance(ctx.get("workshop"), dict) else None
    if not raw:
        return _("date to be set")
    return format_date(raw)


def _page_break(doc):
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _matrix(doc, inst, scores, area_id):
    s = scores.set_index(["indicator", "criterion"])["status"]
    inds = [i for i in inst.indicators.indicators if i.area == area_id]
    t = table(doc, [_("Indicator")] + [inst.indicators.short_level(c) for c in CRITERIA],
              [[f"{i.id} {label(i.title)}"] + [inst.status_label(s[(i.id, c)]) for c in CRITERIA] for i in inds],
              font_size=8)
    for r, i in enumerate(inds, start=1):
        for k, c in enumerate(CRITERIA, start=1):
            shade(t.rows[r].cells[k], STATUS_FILL[s[(i.id, c)]])
    legend = status_legend(inst.status_label)
    note(doc, f"{legend[:1].upper()}{legend[1:]}.")


# The ranks a handout names on each side; statements tied at a rank share one line.
RANKS = {"favourable": (N_("Most favourable"), N_("Next most favourable")),
         "unfavourable": (N_("Least favourable"), N_("Next least favourable"))}


def key_survey_results(items: pd.DataFrame, inst, min_n: int, min_base: int) -> list[str]:
    """The key survey results of one area (``items``: its favourability rows with answers), one line per rank:
    the statements with the largest share of favourable answers, then the next share; then, among the others,
    the same for unfavourable answers. Statements tied at a rank stand in one line said to be tied; a statement
    nobody answered unfavourably is never called least favourable (when none drew an unfavourable answer the
    handout says so). Counts follow the numbers rule (``share_beside``)."""
    d = items.copy()
    d["n_valid"] = pd.to_numeric(d["n_valid"], errors="coerce").fillna(0).astype(int)
    d = d[d["n_valid"] > 0]
    for col in ("favourable", "unfavourable"):
        d[col] = pd.to_numeric(d[col], errors="coerce").fillna(0).astype(int)
        d[f"{col}_of"] = d[col] / d["n_valid"]
    best = top_with_ties(d[d["favourable"] > 0], "favourable_of", len(RANKS["favourable"]), order="question")
    rest = d[~d["question"].isin(set(best["question"]))]  # not named both ways
    worst = top_with_ties(rest[rest["unfavourable"] > 0], "unfavourable_of", len(RANKS["unfavourable"]),
                          order="question")

    def counted(r: dict, col: str) -> str:
        n = int(r["n_valid"])
        values = dict(count=format_number(r[col]), share=share_beside(r[col], n, min_base))
        # TRANSLATORS: {share} is empty or " (60%)", printed only on a base large enough (rubric percent_min_base)
        return ngettext("{count} of {n} valid answer favourable{share}",
                        "{count} of {n} valid answers favourable{share}", n, **values) if col == "favourable" else \
            ngettext("{count} of {n} valid answer unfavourable{share}",
                     "{count} of {n} valid answers unfavourable{share}", n, **values)

    def statement(r: dict) -> str:
        f, n = inst.survey.field(r["question"]), int(r["n_valid"])
        text = f"{f.code} {label(f.text)}"
        if n < min_n:
            text += " " + _("(only {n} answers, fewer than {min_n})", n=format_number(n), min_n=format_number(min_n))
        return text

    lines = []
    for col, sub in (("favourable", best), ("unfavourable", worst)):
        shares = sorted(set(sub[f"{col}_of"]), reverse=True)
        for which, share in zip(RANKS[col], shares):
            tied = sub[sub[f"{col}_of"] == share].to_dict("records")
            counts = {counted(r, col) for r in tied}
            if len(tied) == 1:
                lines.append(_("{which}: {statement} — {count}", which=_(which), statement=statement(tied[0]),
                               count=counted(tied[0], col)))
            elif len(counts) == 1:  # tied on the same count: said once
                lines.append(_("{which}, tied at {count} each: {statements}", which=_(which), count=counts.pop(),
                               statements="; ".join(statement(r) for r in tied)))
            else:  # tied on the share, from different numbers of answers
                lines.append(_("{which}, tied: {statements}", which=_(which), statements="; ".join(
                    _("{statement} — {count}", statement=statement(r), count=counted(r, col)) for r in tied)))
    if not (d["favourable"] > 0).any():
        lines.append(_("No statement in this area drew a favourable answer."))
    if not (d["unfavourable"] > 0).any():
        lines.append(_("No statement in this area drew an unfavourable answer."))
    return lines


def write_handout(country: str, root=None, recs: pd.DataFrame | None = None) -> Path:
    """Write ``<ISO3>_workshop_handout.docx``: a one-page summary, then one page per area."""
    country = country.upper()
    inst = load_instruments(instruments_dir(root))
    recs = recs if recs is not None else draft_recommendations(country, root, with_outcomes=False)
    scores = _t(country, root, "scores")
    area_scores = _t(country, root, "area_scores")
    fav = _t(country, root, "favourability")
    prof, iprof = _t(country, root, "respondent_profile"), _t(country, root, "interview_profile")
    prio = _t(country, root, "priorities")
    themes = catalogue.read("theme_frequencies", country, root, missing_ok=True)
    min_n = inst.rubric.survey.min_n

    ctx = _context(country, root)
    full, short = _names(ctx, country)
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)  # A4, as the report
    sec.left_margin = sec.right_margin = Cm(1.8)
    sec.top_margin = sec.bottom_margin = Cm(1.5)
    plain_fonts(doc)
    doc.styles["Normal"].font.size = Pt(10)
    for name in ("Normal", "Title", "Heading 1", "Heading 3", "List Bullet"):
        doc.styles[name].font.name = FONT_FAMILY
    when = workshop_date(ctx)
    place = (ctx.get("workshop") or {}).get("place") if isinstance(ctx.get("workshop"), dict) else None
    set_core(doc.core_properties, title=_("Validation workshop handout: {country}", country=full),
             subject=_("Draft findings and recommendations of the counter-trafficking needs assessment, for "
                       "validation"),
             author=author_of(ctx), keywords=f"ctnat-workshop-handout|{country}")
    doc.add_heading(_("Counter-trafficking needs assessment: {country}", country=short), level=0)
    at = _("Validation workshop, {date}, {place}", date=when, place=place) if place else \
        _("Validation workshop, {date}", date=when)
    doc.add_paragraph(_("Draft findings for validation. {workshop}. Draft for discussion.", workshop=at))
    n_int = _count(iprof, "interviews")
    n_ind = len(inst.indicators.indicators)
    doc.add_paragraph(ngettext(
        "The findings draw on {interviews} with {people} ({men}, {women}; {state}), {responses} and the assessor's "
        "review of documents, scored against {n} indicator ({criteria}).",
        "The findings draw on {interviews} with {people} ({men}, {women}; {state}), {responses} and the assessor's "
        "review of documents, scored against {n} indicators ({criteria}).", n_ind,
        interviews=ngettext("{n} interview", "{n} interviews", n_int),
        people=ngettext("{n} person", "{n} people", _count(iprof, "participants", "total")),
        men=ngettext("{n} man", "{n} men", _count(iprof, "participants", "male")),
        women=ngettext("{n} woman", "{n} women", _count(iprof, "participants", "female")),
        state=ngettext("{n} interview with State agencies", "{n} interviews with State agencies",
                       _count(iprof, "entity_type", "state")),
        responses=ngettext("{n} survey response", "{n} survey responses", _count(prof, "total")),
        criteria=ngettext("{n} criterion", "{n} criteria", n_ind * len(CRITERIA))))
    table(doc, [_("Area")] + [inst.status_label(s) for s in ("met", "partly_met", "not_met", "insufficient_evidence")]
          + [_("Score")],
          [[a["title"], a["met"], a["partly_met"], a["not_met"], a["insufficient_evidence"],
            format_percent(float(a["score"])) if a["score"] not in ("", None) else _("n/a")]
           for a in area_scores.to_dict("records")])
    doc.add_paragraph(_("Statuses judged by the rules of rubric version {version}.",
                        version=inst.rubric.version))
    top = top_with_ties(prio.assign(w=prio["weighted_score"].astype(int)), "w", 3, order="priority")  # ties named
    doc.add_paragraph(_("Survey respondents' top priorities: {priorities}.", priorities="; ".join(
        _("{priority} — {label} (score {score})", priority=r["priority"], label=r["label"], score=format_number(r["w"]))
        for r in top.to_dict("records"))))
    doc.add_paragraph(ngettext(
        "{n} consolidated draft recommendation follows, a few per area, each answering gaps in the indicators and "
        "numbered for discussion by area (R1.1 is the first of area 1). In groups, choose your top three priorities (A–Q) and endorse, "
        "amend or reject each recommendation on the group worksheet.",
        "{n} consolidated draft recommendations follow, a few per area, each answering gaps in the indicators and "
        "numbered for discussion by area (R1.1 is the first of area 1). In groups, choose your top three priorities (A–Q) and endorse, "
        "amend or reject each recommendation on the group worksheet.", len(recs)))
    for area in inst.indicators.areas:
        _page_break(doc)
        doc.add_heading(f"{area.id}. {label(area.title)}", level=1)
        doc.add_heading(_("Key survey results"), level=3)
        items = fav[(fav["area"] == area.id)].copy()
        items["n_valid"] = pd.to_numeric(items["n_valid"], errors="coerce").fillna(0).astype(int)
        items["share"] = pd.to_numeric(items["favourable_share"], errors="coerce")
        items = items[items["n_valid"] > 0].dropna(subset=["share"])  # few answers: named and marked, not dropped
        if len(items):
            for line in key_survey_results(items, inst, min_n, inst.rubric.percent_min_base):
                doc.add_paragraph(line, style="List Bullet")
        else:
            doc.add_paragraph(_("Too few survey answers in this area to summarise."))
        doc.add_heading(_("Top interview themes"), level=3)
        if themes is not None:
            th = themes[(themes["area"] == area.id) & (themes["interviews"].astype(int) > 0)].head(3)
            for r in th.to_dict("records"):
                doc.add_paragraph(ngettext(
                    "{theme}: raised in {n} interview ({critical} critical, {positive} positive remarks)",
                    "{theme}: raised in {n} interviews ({critical} critical, {positive} positive remarks)",
                    int(r["interviews"]), theme=r["label"], critical=r["contradicts"], positive=r["supports"]),
                    style="List Bullet")
            if not len(th):
                doc.add_paragraph(_("No interview notes were coded to this area."))
        doc.add_heading(_("Indicators"), level=3)
        _matrix(doc, inst, scores, area.id)
        _nap_measures(doc, country, root, area.id)
        doc.add_heading(_("Draft recommendations for discussion"), level=3)
        sub = recs[recs["area"] == area.id]
        if len(sub):
            table(doc, [_("No."), _("Draft recommendation"), _("Responsible"), _("Priority")],
                  [[r["id"], f"{r['title']}: {r['change']}", r["bodies"], r["priority"]] for r in sub.to_dict("records")],
                  font_size=8)
        else:
            doc.add_paragraph(_("No gaps identified in this area."))
    out = catalogue.path("workshop_handout", country, root)
    save_stamped(doc, out)
    return out


def _nap_measures(doc, country, root, area_id):
    cls = catalogue.path("nap_classification", country, root)
    if (not catalogue.exists("nap_measures", country, root) or not catalogue.exists("nap_classification", country, root)
            or cls.stat().st_size == 0):  # no plan: empty tables
        return
    c = catalogue.read("nap_classification", country, root)
    col = "primary_area" if "primary_area" in c.columns else None
    if col is None:
        return
    sub = c[c[col] == area_id]
    if not len(sub):
        return
    doc.add_heading(_("National Action Plan measures"), level=3)
    text_col = "text" if "text" in sub.columns else sub.columns[1]
    for r in sub.head(8).to_dict("records"):
        doc.add_paragraph(f"{r.get('id', '')} {' '.join(str(r.get(text_col, '')).split())}", style="List Bullet")
    if len(sub) > 8:
        doc.add_paragraph(ngettext("… and {n} more measure.", "… and {n} more measures.", len(sub) - 8))


SLIDE_W_CM, SLIDE_H_CM = 29.7, 21.0  # A4 landscape: prints on the same paper as the handout
NAVY = (0x1F, 0x3A, 0x5F)


def _title_size(text: str, width_cm: float) -> int:
    """The largest title size (pt) at which ``text`` fits on at most two lines of the box."""
    for size in (28, 26, 24, 22, 20):
        per_line = width_cm / (size * 0.55 * 2.54 / 72)
        if len(text) <= per_line * (1 if size >= 26 else 2):
            return size
    return 18


def write_slides(country: str, root=None, recs: pd.DataFrame | None = None, charts: dict | None = None) -> Path:
    """The workshop's summary presentation (python-pptx), A4 landscape, every
    text box sized so its text fits."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor as PColor
    from pptx.util import Cm as PCm
    from pptx.util import Pt as PPt

    country = country.upper()
    ctx = _context(country, root)
    full, short = _names(ctx, country)
    recs = recs if recs is not None else draft_recommendations(country, root, with_outcomes=False)
    prof, iprof = _t(country, root, "respondent_profile"), _t(country, root, "interview_profile")
    area_scores = _t(country, root, "area_scores")
    charts = charts or {}

    def picture(name: str) -> Path:
        """A chart the slides show; drawn by the workshop_charts stage (the priorities by charts)."""
        path = charts.get(name)
        if not path or not Path(path).is_file():
            raise MissingInputError(f"The slides need the chart '{name}', which has not been drawn: run "
                                    f"`ctnat build --country {country} --until handout` (it draws the charts first).")
        return Path(path)
    prs = Presentation()
    prs.slide_width, prs.slide_height = PCm(SLIDE_W_CM), PCm(SLIDE_H_CM)
    title_only = prs.slide_layouts[5]
    margin = 1.5
    box_w = SLIDE_W_CM - 2 * margin

    def text_box(slide, left, top, width, height, lines, size=16, bold_first=False, colour=None):
        tf = slide.shapes.add_textbox(PCm(left), PCm(top), PCm(width), PCm(height)).text_frame
        tf.word_wrap = True
        for k, line in enumerate(lines):
            p = tf.paragraphs[0] if k == 0 else tf.add_paragraph()
            run = p.add_run()
            run.text = line
            run.font.name = FONT_FAMILY
            run.font.size = PPt(size)
            run.font.bold = bold_first and k == 0
            if colour:
                run.font.color.rgb = PColor(*colour)
            p.space_after = PPt(6)
        return tf

    def slide(title: str):
        """A slide whose title placeholder spans the page and whose title size fits it."""
        s = prs.slides.add_slide(title_only)
        t = s.shapes.title
        t.left, t.top, t.width, t.height = PCm(margin), PCm(0.8), PCm(box_w), PCm(2.4)
        tf = t.text_frame
        tf.word_wrap = True
        tf.text = title
        for para in tf.paragraphs:
            para.alignment = 1  # left
            for run in para.runs:
                run.font.name = FONT_FAMILY
                run.font.size = PPt(_title_size(title, box_w))
                run.font.bold = True
                run.font.color.rgb = PColor(*NAVY)
        return s

    s = slide(_("Counter-trafficking needs assessment: {country}", country=full))
    where = (ctx.get("workshop") or {}).get("place") if isinstance(ctx.get("workshop"), dict) else None
    at = _("Validation workshop, {date}, {place}", date=workshop_date(ctx), place=where) if where else \
        _("Validation workshop, {date}", date=workshop_date(ctx))
    text_box(s, margin, 5, box_w, 4, [_("Draft findings and recommendations for validation"), at], size=20)
    s = slide(_("How the assessment was made"))
    inst = load_instruments(instruments_dir(root))
    n_ind = len(inst.indicators.indicators)
    text_box(s, margin, 3.6, box_w, 14, [
        ngettext("{n} interview with {people} ({men}, {women})", "{n} interviews with {people} ({men}, {women})",
                 _count(iprof, "interviews"),
                 people=ngettext("{n} person", "{n} people", _count(iprof, "participants", "total")),
                 men=ngettext("{n} man", "{n} men", _count(iprof, "participants", "male")),
                 women=ngettext("{n} woman", "{n} women", _count(iprof, "participants", "female"))),
        ngettext("{n} interview with State agencies", "{n} interviews with State agencies",
                 _count(iprof, "entity_type", "state")),
        ngettext("{n} e-survey response", "{n} e-survey responses", _count(prof, "total")),
        _("Desk review of key documents"),
        ngettext("{n} indicator × {criteria} criteria: framework and operational, level 1 and 2",
                 "{n} indicators × {criteria} criteria: framework and operational, level 1 and 2", n_ind,
                 criteria=format_number(len(CRITERIA)))], size=18)
    for a in area_scores.to_dict("records"):
        s = slide(f"{a['area']}. {a['title']}")
        left_w = 17.5
        pic = s.shapes.add_picture(str(picture(f"matrix_area{a['area']}")), PCm(margin), PCm(3.4), width=PCm(left_w))
        if pic.height > PCm(SLIDE_H_CM - 4.2):  # keep it on the slide
            ratio = PCm(SLIDE_H_CM - 4.2) / pic.height
            pic.height, pic.width = int(pic.height * ratio), int(pic.width * ratio)
        sub = recs[recs["area"] == a["area"]]
        counts = [f"{inst.status_label(st)} {a[st]}" for st in ("met", "partly_met", "not_met", "insufficient_evidence")]
        lines = [" · ".join(counts[:1] + [c[:1].lower() + c[1:] for c in counts[1:]]),
                 _("Draft recommendations:") if len(sub) else _("No gaps identified.")]
        lines += [f"{r['id']} {r['title']}" for r in sub.head(8).to_dict("records")]
        if len(sub) > 8:
            lines.append(_("… and {n} more (see the handout)", n=format_number(len(sub) - 8)))
        text_box(s, margin + left_w + 0.6, 3.4, box_w - left_w - 0.6, SLIDE_H_CM - 4.4, lines, size=12)
    fpr = load_instruments(instruments_dir(root)).survey.by_role("priorities")
    prio = _t(country, root, "priorities")
    s = slide(_("Priorities for action ({first}–{last})", first=prio["priority"].iloc[0], last=prio["priority"].iloc[-1])
              if len(prio) else _("Priorities for action"))
    if fpr is not None:
        # the survey's choices only: the slides are shown before the workshop votes
        s.shapes.add_picture(str(picture("priorities_survey")), PCm(margin), PCm(3.2), height=PCm(SLIDE_H_CM - 4.0))
    s = slide(_("Group work"))
    text_box(s, margin, 3.6, box_w, 14, [
        _("Choose your group's top {n} priorities and rank them",
          n=format_number(fpr.max_choices if fpr is not None else 3)),
        ngettext("Endorse, amend or reject the {n} draft recommendation",
                 "Endorse, amend or reject each of the {n} draft recommendations", len(recs)),
        _("Write amended wording on the worksheet; hand it in at the end")], size=18)
    set_core(prs.core_properties, title=_("Validation workshop slides: {country}", country=full),
             subject=_("Draft findings and recommendations of the counter-trafficking needs assessment, for "
                       "validation"),
             author=author_of(ctx), keywords=f"ctnat-workshop-slides|{country}")
    out = catalogue.path("workshop_slides", country, root)
    save_stamped(prs, out)
    return out


def to_pdf(path: Path) -> Path | None:
    """The PDF beside ``path`` through LibreOffice; None when it is not installed."""
    from ..documents.pdf import soffice_path, to_pdf as lo_pdf, uno_python

    if not soffice_path() or not uno_python():
        return None
    return lo_pdf(path)


def rendered_charts(country: str, root=None) -> dict[str, Path]:
    """The charts both chart stages drew (their index files): name → PNG path."""

    cdir = catalogue.path("report_charts", country, root).parent  # the current language's charts
    if not cdir.exists():
        raise MissingInputError(f"{cdir} does not exist: run `ctnat charts --country {country}` first "
                                f"(`ctnat build --country {country}` runs every stage).")
    from ..charts.render import chart_indexes

    names: set[str] = set()
    for index in chart_indexes(cdir):  # the report's charts and the workshop's
        names |= set(json.loads(index.read_text(encoding="utf-8")))
    return {name: cdir / f"{name}.png" for name in sorted(names)}


def build_handout(country: str, root=None, progress=None, pdf: bool | None = None) -> dict[str, Path]:
    """Write the handout, the worksheet and the slides for ``country``, and PDFs
    of the handout and slides where LibreOffice exists (``pdf=None``: unless the
    environment sets CTNAT_NO_PDF=1). Returns the files written."""
    from ..documents.pdf import pdf_wanted

    country = country.upper()
    say = progress or (lambda m: None)
    recs = draft_recommendations(country, root, with_outcomes=False)
    charts = rendered_charts(country, root)
    out = {"handout": write_handout(country, root, recs)}
    say(f"handout {country}: {out['handout']}")
    out["worksheet"] = write_worksheet(catalogue.path("workshop_worksheet", country, root),
                                       country, recs, root)
    out["slides"] = write_slides(country, root, recs, charts)
    if pdf_wanted(pdf):
        for key in ("handout", "slides"):
            p = to_pdf(out[key])
            if p:
                out[f"{key}_pdf"] = p
                say(f"{key} {country}: {p}")
            else:
                say(f"{key}: LibreOffice is not installed, so no PDF was made (install it with `sudo apt-get "
                    "install libreoffice-writer-nogui libreoffice-impress-nogui python3-uno`)")
    return out
