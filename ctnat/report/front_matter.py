"""The report's front matter: the executive summary and the list of acronyms.

The executive summary is drafted from the data, in four parts: what was assessed
and how (counts of indicators, criteria, documents, interviews and survey
responses), the headline of each area (its score read against the rubric's bands,
its strongest and weakest indicators, the criterion on which most sources agree,
or that most of it could not be judged), the priority recommendations (the
recommend stage's high-priority ones, by number and title) and what the evidence
cannot show (criteria without enough evidence, single sources, a small survey,
what the desk review does not yet cover).

The acronyms list is filled once the whole document is written: it holds the
acronyms of ``instruments/glossary.yaml`` and of the country's desk review
(``background: glossary:``) that the document's text uses, and no other."""

from __future__ import annotations

import re

from docx.shared import Cm

from .. import catalogue
from ..messages import _, format_list, format_percent, label, ngettext, number_word
from .conclusions import AreaReading, _criterion, _sources, band, lower_first
from .background import SITUATION_PARTS
from .outline import chapter


def _count(d, table, dimension: str, code: str = "") -> int:
    return d.count(table, dimension, code)


# ------------------------------------------------------------------ executive summary
def what_and_how(d) -> str:
    n_ind = len(d.inst.indicators.indicators)
    n_areas = len(d.inst.indicators.areas)
    sources = catalogue.read("desk_sources", d.country, d.root, missing_ok=True)
    n_src = 0 if sources is None else len(sources)
    n_int = _count(d, d.iprofile, "interviews")
    people = _count(d, d.iprofile, "participants", "male") + _count(d, d.iprofile, "participants", "female")
    n_sur = _count(d, d.profile, "total")
    text = ngettext("This report assesses the response to trafficking in human beings {in_country} against {n} "
                    "indicator in {areas}, each judged on four criteria ({criteria} in all).",
                    "This report assesses the response to trafficking in human beings {in_country} against {n} "
                    "indicators in {areas}, each judged on four criteria ({criteria} in all).", n_ind,
                    in_country=d.in_country, areas=ngettext("{n} area", "{n} areas", n_areas, n=number_word(n_areas)),
                    criteria=len(d.scores))
    evidence = [p for p in (
        ngettext("{n} document reviewed at the desk", "{n} documents reviewed at the desk", n_src) if n_src else "",
        ngettext("{n} interview", "{n} interviews", n_int) + " " + ngettext("with {n} person", "with {n} people",
                                                                           people) if n_int else "",
        ngettext("{n} response to an electronic survey", "{n} responses to an electronic survey", n_sur)
        if n_sur else "") if p]
    if evidence:
        text += " " + _("It weighs {evidence}.", evidence=format_list(evidence))
    return text


def headline(d, r: AreaReading) -> str:
    """One area in a sentence or two: how far it is in place, where it is strongest
    and weakest, and what the evidence agrees on (or that it could not be judged)."""
    if r.score is None or (r.n and r.insufficient * 2 >= r.n):
        return ngettext("mostly beyond what the evidence can judge: {n} of its {total} criteria had insufficient "
                        "evidence.", "mostly beyond what the evidence can judge: {n} of its {total} criteria had "
                        "insufficient evidence.", r.insufficient, total=r.n)
    scored = [i for i in r.indicators if i["score"] is not None]
    hi = max(i["score"] for i in scored)
    lo = min(i["score"] for i in scored)
    best = format_list(lower_first(i["title"]) for i in scored if i["score"] == hi)
    worst = format_list(lower_first(i["title"]) for i in scored if i["score"] == lo)
    level = band(r.score, d.rubric)
    if hi == lo:
        text = {"met": _("largely in place, evenly across its indicators."),
                "not_met": _("largely missing, evenly across its indicators."),
                }.get(level, _("partly in place, evenly across its indicators."))
    elif level == "met":
        text = _("largely in place; firmest on {best}, with most to do on {worst}.", best=best, worst=worst)
    elif level == "not_met":
        text = _("largely missing; weakest on {worst}, with the most in place on {best}.", best=best, worst=worst)
    else:
        text = _("partly in place; strongest on {best}, weakest on {worst}.", best=best, worst=worst)
    if r.firm_gap:
        text += " " + _("{sources} agree that {criterion} is not met.",
                        sources=_sources(r.firm_gap["agree"])[:1].upper() + _sources(r.firm_gap["agree"])[1:],
                        criterion=_criterion(d, r.firm_gap))
    elif r.firm_met:
        text += " " + _("{sources} agree that {criterion} is met.",
                        sources=_sources(r.firm_met["agree"])[:1].upper() + _sources(r.firm_met["agree"])[1:],
                        criterion=_criterion(d, r.firm_met))
    return text


def cannot_show(d, readings: list[AreaReading]) -> list[str]:
    """What the evidence cannot show, as sentences (none when nothing is thin)."""
    out = []
    ie = [r for r in readings if r.insufficient]
    n_ie = sum(r.insufficient for r in ie)
    if n_ie:
        out.append(ngettext("{n} criterion could not be judged for lack of evidence ({areas}); it is left out of "
                            "the scores rather than counted as a gap.",
                            "{n} criteria could not be judged for lack of evidence ({areas}); they are left out of "
                            "the scores rather than counted as gaps.", n_ie,
                            areas=format_list(_("{area}: {n}", area=r.title.lower(), n=r.insufficient) for r in ie)))
    single = sum(r.single for r in readings)
    if single:
        out.append(ngettext("{n} criterion rests on a single source.", "{n} criteria rest on a single source.",
                            single))
    n_sur = _count(d, d.profile, "total")
    if n_sur and n_sur < d.rubric.survey.min_n * 10:
        out.append(ngettext("With {n} survey respondent, the survey gives individual views, not the views of the "
                            "sector.", "With {n} survey respondents, the survey gives individual views, not the "
                            "views of the sector.", n_sur))
    bg = catalogue.read_json("background", d.country, d.root, missing_ok=True, default={}) or {}
    silent = [_(about) for key, _heading, about in SITUATION_PARTS if not bg.get(key)]
    if silent:
        out.append(_("The desk review does not yet describe {topics}.", topics=format_list(silent)))
    stats = catalogue.read("statistics", d.country, d.root, missing_ok=True)
    if stats is None or not len(stats):
        out.append(_("No official statistics were received, so the report gives no figure on victims, cases or "
                     "convictions."))
    return out


def executive_summary(doc, d, readings: list[AreaReading]) -> None:
    """The executive summary (unnumbered, before the acronyms and chapter 1)."""
    doc.add_heading(_("Executive summary"), level=1)
    doc.add_paragraph(what_and_how(d))
    total = {s: sum(r.counts[s] for r in readings) for s in ("met", "partly_met", "not_met", "insufficient_evidence")}
    doc.add_paragraph(_("Of the {n} criteria, {met} are met, {partly} partly met and {not_met} not met; {ie} could "
                        "not be judged. Each area's score is the share of its assessed criteria met, partly met "
                        "counting half; chapter {conclusions} draws the conclusions.", n=sum(total.values()),
                        met=total["met"], partly=total["partly_met"], not_met=total["not_met"],
                        ie=total["insufficient_evidence"], conclusions=chapter("conclusions")))
    doc.add_heading(_("Findings by area"), level=2)
    for r in readings:
        p = doc.add_paragraph(style="List Bullet")
        head = (_("{area} ({pct}): ", area=r.title, pct=format_percent(r.score)) if r.score is not None
                else _("{area}: ", area=r.title))
        p.add_run(head).bold = True
        p.add_run(headline(d, r))
    doc.add_heading(_("Priority recommendations"), level=2)
    recs = d.recs.fillna("") if d.recs is not None else None
    high = [] if recs is None else [r for r in recs.to_dict("records") if r["id"] and r["priority"] == "high"]
    total_recs = 0 if recs is None else int((recs["id"] != "").sum())
    if high:
        doc.add_paragraph(ngettext(
            "Of the {total} recommendations in chapter {chapter}, {n} is of high priority: it answers the priorities "
            "survey respondents and workshop groups ranked highest.",
            "Of the {total} recommendations in chapter {chapter}, {n} are of high priority: they answer the "
            "priorities survey respondents and workshop groups ranked highest.", len(high), total=total_recs,
            chapter=chapter("recommendations")))
        for r in high:
            p = doc.add_paragraph(style="List Bullet")
            p.add_run(f"{r['id']} ").bold = True
            p.add_run(r["title"])
    elif total_recs:
        doc.add_paragraph(ngettext(
            "Chapter {chapter} sets out {n} recommendation; none is marked high priority yet, as no priorities "
            "for action were recorded.", "Chapter {chapter} sets out {n} recommendations; none is marked high "
            "priority yet, as no priorities for action were recorded.", total_recs,
            chapter=chapter("recommendations")))
    else:
        doc.add_paragraph(_("No gap called for a recommendation."))
    thin = cannot_show(d, readings)
    if thin:
        doc.add_heading(_("What the evidence cannot show"), level=2)
        doc.add_paragraph(" ".join(thin))
    # no page break here: every chapter heading starts a page (the template's Heading 1),
    # and a break as well leaves a blank page whenever the summary fills its last page


# ------------------------------------------------------------------ acronyms
class Acronyms:
    """The acronyms section: a heading and a place kept for the list, filled by
    :meth:`fill` once the rest of the document is written."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.heading = doc.add_heading(_("Acronyms and abbreviations"), level=1)
        self.marker = doc.add_paragraph()
        self.end = doc.add_paragraph()  # the next chapter's heading starts a new page

    def document_text(self) -> str:
        """Every word of the document outside this section: body paragraphs and table cells."""
        skip = {self.heading._p, self.marker._p, self.end._p}
        parts = []
        for el in self.doc.element.body.iter():
            if el.tag.endswith("}p") and el not in skip:
                parts.append("".join(t.text or "" for t in el.iter() if t.tag.endswith("}t")))
        return "\n".join(parts)

    def fill(self, inst, country: str, root=None) -> list[str]:
        """Put the used acronyms in place; returns them. Without any, the section goes."""
        meanings = {k: label(v) for k, v in inst.glossary.meanings().items()}
        bg = catalogue.read_json("background", country, root, missing_ok=True, default={}) or {}
        meanings.update({t["abbreviation"]: t["meaning"] for t in bg.get("glossary") or []})
        text = self.document_text()
        used = sorted((a for a in meanings if used_in(a, text)), key=lambda a: (a.lower(), a))
        for a in used:
            p = self.marker.insert_paragraph_before()
            p.paragraph_format.left_indent = Cm(3)
            p.paragraph_format.first_line_indent = Cm(-3)
            p.paragraph_format.tab_stops.add_tab_stop(Cm(3))
            p.paragraph_format.space_after = 0
            p.add_run(a).bold = True
            p.add_run("\t" + meanings[a])
        body = self.doc.element.body
        body.remove(self.marker._p)
        if not used:
            body.remove(self.heading._p)
            body.remove(self.end._p)
        return used


def used_in(abbreviation: str, text: str) -> bool:
    """Whether ``abbreviation`` stands in ``text`` as a word of its own ("NGO" in "NGOs" too)."""
    return re.search(rf"(?<![\w-]){re.escape(abbreviation)}(?:s|’s|'s)?(?![\w-])", text) is not None


def acronyms_section(doc) -> Acronyms:
    return Acronyms(doc)

