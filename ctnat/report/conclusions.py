"""The report's reading of the scores: the conclusions chapter, the comment on
the area-score chart, and the per-area reading the executive summary shares.

Everything is drafted from ``area_scores``, ``indicator_scores`` and ``scores``
(statuses, the rule that decided each, the signal of each source) and the
recommendations: which area scores highest and lowest (ties named), whether an
area is largely in place, partly or largely missing (the rubric's ``bands``),
where its gaps lie (framework or practice), the criteria on which every source
agrees, and how sure the reading is (criteria decided on one source, sources
that disagree, criteria without enough evidence, statuses awaiting the assessor).
Sentences are chosen by what the data say, so two areas with different data read
differently."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..instruments import CRITERIA
from ..messages import _, format_list, format_number, format_percent, label, ngettext, number_word
from .outline import chapter

_SOURCE_MSG = {"desk": lambda: _("the documents reviewed"), "survey": lambda: _("the survey"),
               "interview": lambda: _("the interviews")}
FRAMEWORK = ("fw1", "fw2")
#: how much larger one level's share of gaps must be to say the gaps lie there
LEVEL_MARGIN = 0.2


def _yes(v) -> bool:
    return str(v).strip().lower() in ("true", "1", "yes")


@dataclass
class AreaReading:
    """What the scores say about one area."""
    id: str
    title: str
    score: float | None
    counts: dict[str, int]
    indicators: list[dict]          # id, title, score (None: nothing assessed)
    single: int = 0                 # decided on one source
    disagree: int = 0               # sources disagreed and were weighed
    to_confirm: int = 0
    gaps: dict[str, tuple[int, int]] = field(default_factory=dict)  # framework|practice -> (gaps, assessed)
    firm_met: dict | None = None    # a met criterion on which the most sources agree
    firm_gap: dict | None = None    # a not-met criterion on which the most sources agree
    recs: list[str] = field(default_factory=list)
    high: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    @property
    def insufficient(self) -> int:
        return self.counts.get("insufficient_evidence", 0)

    @property
    def assessed(self) -> int:
        return self.n - self.insufficient


def _agreeing(rows: pd.DataFrame, status: str) -> dict | None:
    """The criterion of ``status`` whose sources most often give that status (at
    least two), with those sources; None when no criterion has two agreeing."""
    best, best_n = None, 1
    for r in rows[rows["status"] == status].to_dict("records"):
        agree = [s for s in _SOURCE_MSG if str(r.get(f"{s}_signal") or "") == status]
        if len(agree) > best_n:
            best, best_n = {**r, "agree": agree}, len(agree)
    return best


def read_areas(d) -> list[AreaReading]:
    """One reading per area of the instruments, from the report's data ``d``."""
    inst = d.inst
    scores = d.scores.fillna("")
    ind_scores = d.indicator_scores.fillna("").set_index("indicator")
    areas = d.area_scores.fillna("").set_index("area")
    recs = d.recs.fillna("") if d.recs is not None else pd.DataFrame(columns=["id", "area", "priority"])
    gap_statuses = set(d.rubric.gap_statuses)
    out = []
    for area in inst.indicators.areas:
        a = areas.loc[int(area.id)] if int(area.id) in areas.index else areas.loc[area.id]
        inds = [i for i in inst.indicators.indicators if i.area == area.id]
        rows = scores[scores["indicator"].isin([i.id for i in inds])]
        counts = {s: int((rows["status"] == s).sum()) for s in ("met", "partly_met", "not_met",
                                                                 "insufficient_evidence")}
        indicators = []
        for i in inds:
            raw = ind_scores.loc[i.id, "score"] if i.id in ind_scores.index else ""
            indicators.append({"id": i.id, "title": label(i.title),
                               "score": float(raw) if str(raw).strip() != "" else None})
        assessed = rows[rows["status"] != "insufficient_evidence"]
        gaps = {}
        for level, crits in (("framework", FRAMEWORK), ("practice", tuple(c for c in CRITERIA if c not in FRAMEWORK))):
            part = assessed[assessed["criterion"].isin(crits)]
            gaps[level] = (int(part["status"].isin(gap_statuses).sum()), len(part))
        mine = recs[recs["area"].astype(str) == str(area.id)]
        out.append(AreaReading(
            id=area.id, title=label(area.title),
            score=float(a["score"]) if str(a["score"]).strip() != "" else None, counts=counts,
            indicators=indicators, single=int((rows["rule"] == "R1").sum()),
            disagree=int((rows["rule"] == "R3").sum()), to_confirm=int(rows["to_confirm"].map(_yes).sum()),
            gaps=gaps, firm_met=_agreeing(rows, "met"), firm_gap=_agreeing(rows, "not_met"),
            recs=[r for r in mine["id"] if r], high=[r["id"] for r in mine.to_dict("records")
                                                    if r["id"] and r["priority"] == "high"]))
    return out


# ------------------------------------------------------------------ words
def band(score: float | None, rubric) -> str:
    """'met' (largely in place), 'partly_met' or 'not_met' (largely missing) by the
    rubric's bands; '' when nothing was assessed."""
    if score is None:
        return ""
    if score >= rubric.bands.met:
        return "met"
    if score <= rubric.bands.not_met:
        return "not_met"
    return "partly_met"


def ranked(readings: list[AreaReading]) -> tuple[list[AreaReading], list[AreaReading]]:
    """(highest, lowest): every area tied at the top, every area tied at the bottom."""
    scored = [r for r in readings if r.score is not None]
    if not scored:
        return [], []
    hi = max(r.score for r in scored)
    lo = min(r.score for r in scored)
    return [r for r in scored if r.score == hi], [r for r in scored if r.score == lo]


def _titles(readings: list[AreaReading]) -> str:
    return format_list(r.title.lower() for r in readings)


def _criterion(d, row: dict) -> str:
    ind = d.inst.indicators
    text = next((label(i.criteria[row["criterion"]]) for i in ind.indicators if i.id == row["indicator"]), "")
    return _("“{criterion}” ({indicator}, {level})", criterion=text, indicator=row["indicator"],
             level=ind.short_level(row["criterion"]))


def _sources(keys: list[str]) -> str:
    return format_list(_SOURCE_MSG[k]() for k in keys)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """A title inside a sentence: its first letter lower-cased unless the first word
    is an acronym ("NRM …" stays, "National referral …" becomes "national referral …")."""
    words = text.split(" ")
    acronym = sum(c.isupper() for c in words[0]) > 1 and not any(c.islower() for c in words[0])
    proper = len(words) > 1 and words[1][:1].isupper()
    return text if acronym or proper else text[:1].lower() + text[1:]


def opening(r: AreaReading, readings: list[AreaReading], rubric) -> str:
    """The area's standing: its rank among the areas and how far it is in place."""
    if r.score is None:
        return ngettext("No criterion of {area} could be scored: the evidence was insufficient for the {n} "
                        "criterion.", "No criterion of {area} could be scored: the evidence was insufficient for "
                        "all {n} criteria.", r.n, area=r.title.lower())
    hi, lo = ranked(readings)
    pct = format_percent(r.score)
    met, partly, not_met = r.counts["met"], r.counts["partly_met"], r.counts["not_met"]
    level = band(r.score, rubric)
    multiple = len([x for x in readings if x.score is not None]) > 1
    if multiple and r in hi and len(hi) == len([x for x in readings if x.score is not None]):
        return _("{area} scores {pct}, the same as every other area: {met} of its {assessed} assessed criteria are "
                 "met, {partly} partly met and {not_met} not met.", area=_cap(r.title), pct=pct, met=met,
                 partly=partly, not_met=not_met, assessed=r.assessed)
    if multiple and r in hi:
        others = [x for x in hi if x is not r]
        lead = (_("{area} shares the highest score of the areas ({pct}) with {others}", area=_cap(r.title), pct=pct,
                  others=_titles(others)) if others else
                _("{area} scores highest of the {n} areas ({pct})", area=_cap(r.title), pct=pct,
                  n=number_word(len(readings))))
        if level == "met":
            return lead + "; " + _("it is largely in place, with {met} of {assessed} assessed criteria met.",
                                   met=met, assessed=r.assessed)
        return lead + ", " + _("yet even here the response is only partly in place: {met} of {assessed} assessed "
                               "criteria are met and {not_met} are not.", met=met, assessed=r.assessed,
                               not_met=not_met)
    if multiple and r in lo:
        others = [x for x in lo if x is not r]
        lead = (_("{area} shares the lowest score ({pct}) with {others}", area=_cap(r.title), pct=pct,
                  others=_titles(others)) if others else
                _("{area} is the weakest area ({pct})", area=_cap(r.title), pct=pct))
        return lead + ": " + _("{not_met} of its {assessed} assessed criteria are not met and {partly} only partly "
                               "met, against {met} met.", not_met=not_met, assessed=r.assessed, partly=partly,
                               met=met)
    if level == "met":
        return _("Most of what the indicators ask for in {area} is in place ({pct}): {met} of {assessed} assessed "
                 "criteria are met.", area=r.title.lower(), pct=pct, met=met, assessed=r.assessed)
    if level == "not_met":
        return _("Little of what the indicators ask for in {area} is in place ({pct}): {not_met} of {assessed} "
                 "assessed criteria are not met.", area=r.title.lower(), pct=pct, not_met=not_met,
                 assessed=r.assessed)
    return _("{area} is partly in place ({pct}), with {met} criteria met, {partly} partly met and {not_met} not "
             "met.", area=_cap(r.title), pct=pct, met=met, partly=partly, not_met=not_met)


def indicators_sentence(r: AreaReading) -> str:
    """The area's strongest and weakest indicators (ties named)."""
    scored = [i for i in r.indicators if i["score"] is not None]
    if len(scored) < 2:
        return ""
    hi = max(i["score"] for i in scored)
    lo = min(i["score"] for i in scored)
    if hi == lo:
        return _("Its indicators score alike ({pct} each).", pct=format_percent(hi))
    best = [i for i in scored if i["score"] == hi]
    worst = [i for i in scored if i["score"] == lo]

    def names(items):
        return format_list(_("{id} {title}", id=i["id"], title=lower_first(i["title"])) for i in items)
    return _("It is strongest on {best} ({hi}) and weakest on {worst} ({lo}).", best=names(best),
             hi=format_percent(hi), worst=names(worst), lo=format_percent(lo))


def gap_level(r: AreaReading) -> str:
    """'practice', 'framework' or 'both': where the area's gaps lie ('' when none or not assessed)."""
    (fw_gaps, fw_n), (op_gaps, op_n) = r.gaps["framework"], r.gaps["practice"]
    if not fw_n or not op_n or (fw_gaps == 0 and op_gaps == 0):
        return ""
    fw, op = fw_gaps / fw_n, op_gaps / op_n
    return "practice" if op - fw >= LEVEL_MARGIN else "framework" if fw - op >= LEVEL_MARGIN else "both"


def level_sentence(r: AreaReading, before: list[AreaReading] | None = None) -> str:
    """Where the gaps lie: in the framework (laws, plans, procedures) or in practice;
    when earlier areas showed the same, said as a comparison with them."""
    (fw_gaps, fw_n), (op_gaps, op_n) = r.gaps["framework"], r.gaps["practice"]
    level = gap_level(r)
    if not level:
        return ""
    same = [b for b in before or [] if gap_level(b) == level]
    areas = _("the areas above") if len(same) > 1 and len(same) == len(before or []) else _titles(same)
    if same and level != "both":
        return _("As in {areas}, practice lags behind what is on paper: {op_gaps} of {op_n} operational criteria "
                 "fall short, {fw_gaps} of {fw_n} framework ones.", areas=areas, op_gaps=op_gaps,
                 op_n=op_n, fw_gaps=fw_gaps, fw_n=fw_n) if level == "practice" else \
            _("As in {areas}, the framework itself falls short: {fw_gaps} of {fw_n} framework criteria, against "
              "{op_gaps} of {op_n} operational ones.", areas=areas, op_gaps=op_gaps, op_n=op_n,
              fw_gaps=fw_gaps, fw_n=fw_n)
    if level == "practice":
        return _("The gaps lie more in practice than on paper: {op_gaps} of {op_n} operational criteria fall short, "
                 "against {fw_gaps} of {fw_n} framework criteria.", op_gaps=op_gaps, op_n=op_n, fw_gaps=fw_gaps,
                 fw_n=fw_n)
    if level == "framework":
        return _("The gaps begin in the framework itself: {fw_gaps} of {fw_n} framework criteria fall short, against "
                 "{op_gaps} of {op_n} operational ones.", op_gaps=op_gaps, op_n=op_n, fw_gaps=fw_gaps, fw_n=fw_n)
    return _("Gaps are spread across the framework ({fw_gaps} of {fw_n} criteria) and practice ({op_gaps} of "
             "{op_n}) alike.", op_gaps=op_gaps, op_n=op_n, fw_gaps=fw_gaps, fw_n=fw_n)


def evidence_sentence(d, r: AreaReading) -> str:
    """The firmest findings: a criterion met, and one not met, on which sources agree."""
    parts = []
    if r.firm_met and r.firm_gap and r.firm_met["agree"] == r.firm_gap["agree"]:
        return _("{sources} agree that {met} is met and that {gap} is not.", sources=_cap(_sources(r.firm_met["agree"])),
                 met=_criterion(d, r.firm_met), gap=_criterion(d, r.firm_gap))
    if r.firm_met:
        parts.append(_("{sources} agree that {criterion} is met", sources=_cap(_sources(r.firm_met["agree"])),
                       criterion=_criterion(d, r.firm_met)))
    if r.firm_gap:
        gap = _("{sources} agree that {criterion} is not met", sources=_sources(r.firm_gap["agree"]),
                criterion=_criterion(d, r.firm_gap))
        parts.append(_cap(gap) if not parts else gap)
    return "; ".join(parts) + "." if parts else ""


def certainty_sentence(r: AreaReading) -> str:
    """How sure the reading is."""
    if r.n and r.insufficient * 2 >= r.n:
        return ngettext("Most of the area could not be judged: {n} of its {total} criteria had insufficient "
                        "evidence, so its score rests on the remaining {assessed} and is provisional.",
                        "Most of the area could not be judged: {n} of its {total} criteria had insufficient "
                        "evidence, so its score rests on the remaining {assessed} and is provisional.",
                        r.insufficient, total=r.n, assessed=r.assessed)
    caveats = []  # (count, order, words): the largest first
    if r.single:
        caveats.append((r.single, 0, ngettext("{n} criterion rests on a single source",
                                              "{n} criteria rest on a single source", r.single)))
    if r.disagree:
        caveats.append((r.disagree, 1, ngettext("the sources disagreed on {n} criterion and were weighed",
                                                "the sources disagreed on {n} criteria and were weighed",
                                                r.disagree)))
    if r.insufficient:
        caveats.append((r.insufficient, 2, ngettext("{n} criterion could not be judged for lack of evidence",
                                                    "{n} criteria could not be judged for lack of evidence",
                                                    r.insufficient)))
    if r.to_confirm:
        caveats.append((r.to_confirm, 3, ngettext("{n} status awaits the assessor's confirmation",
                                                  "{n} statuses await the assessor's confirmation", r.to_confirm)))
    if not caveats:
        return _("Every assessed criterion rests on a cited document or on sources that agree, so this reading is "
                 "well founded.")
    caveats.sort(key=lambda c: (-c[0], c[1]))
    lead, rest = caveats[0], [c[2] for c in caveats[1:]]
    weak = r.single + r.disagree + r.insufficient
    more = (" " + _("Besides, {rest}.", rest=format_list(rest))) if rest else ""
    if r.n and weak * 10 >= r.n * 4:
        return _("Confidence in this reading is limited, chiefly because {lead}.", lead=lead[2]) + more
    if lead[1] == 1:
        return ngettext("The sources pulled apart on {n} criterion, which was weighed.",
                        "The sources pulled apart on {n} criteria, which were weighed.", r.disagree) + more
    return _("The reading is less certain where {lead}.", lead=lead[2]) + more


def recommendations_sentence(r: AreaReading, section: str) -> str:
    if not r.recs:
        return _("No gap here called for a recommendation.")
    ids = r.recs[0] if len(r.recs) == 1 else _("{first}–{last}", first=r.recs[0], last=r.recs[-1])
    text = ngettext("Section {section} answers it with {n} recommendation ({ids})",
                    "Section {section} answers it with {n} recommendations ({ids})", len(r.recs),
                    section=section, ids=ids)
    if r.high:
        text += ", " + ngettext("{n} of them of high priority", "{n} of them of high priority", len(r.high))
    return text + "."


# ------------------------------------------------------------------ chapter
def add_conclusions(doc, d, readings: list[AreaReading], number: int) -> None:
    """Chapter ``number`` "Conclusions": one argued paragraph per area, then the whole."""
    doc.add_heading(_("{number} Conclusions", number=number), level=1)
    doc.add_paragraph(ngettext(
        "This chapter draws the findings together, area by area, from the statuses of the {n} criterion: what is "
        "in place, where the main gaps lie, and how far the evidence carries each conclusion.",
        "This chapter draws the findings together, area by area, from the statuses of the {n} criteria: what is "
        "in place, where the main gaps lie, and how far the evidence carries each conclusion.", len(d.scores)))
    for k, r in enumerate(readings):
        doc.add_heading(f"{number}.{k + 1} {r.title}", level=2)
        section = f"{chapter('recommendations')}.{r.id}"
        doc.add_paragraph(" ".join(s for s in (opening(r, readings, d.rubric), indicators_sentence(r),
                                               level_sentence(r, readings[:k]), evidence_sentence(d, r),
                                               certainty_sentence(r),
                                               recommendations_sentence(r, section)) if s))
    overall_number = "%s.%d" % (number, len(readings) + 1)
    doc.add_heading(_("{number} Overall", number=overall_number), level=2)
    doc.add_paragraph(overall(d, readings))


def overall(d, readings: list[AreaReading]) -> str:
    """The whole response in a paragraph: statuses, strongest and weakest areas,
    framework against practice, certainty, and the recommendations."""
    total = {s: sum(r.counts[s] for r in readings) for s in ("met", "partly_met", "not_met", "insufficient_evidence")}
    n = sum(total.values())
    out = [_("Across the {n} criteria, {met} are met, {partly} partly met and {not_met} not met; {ie} could not be "
             "judged.", n=n, met=total["met"], partly=total["partly_met"], not_met=total["not_met"],
             ie=total["insufficient_evidence"])]
    hi, lo = ranked(readings)
    if hi and lo and hi[0].score != lo[0].score:
        out.append(_("The response is strongest in {hi} ({hi_pct}) and weakest in {lo} ({lo_pct}).",
                     hi=_titles(hi), hi_pct=format_percent(hi[0].score), lo=_titles(lo),
                     lo_pct=format_percent(lo[0].score)))
    elif hi:
        out.append(_("Every area scores the same ({pct}).", pct=format_percent(hi[0].score)))
    fw_gaps = sum(r.gaps["framework"][0] for r in readings)
    fw_n = sum(r.gaps["framework"][1] for r in readings)
    op_gaps = sum(r.gaps["practice"][0] for r in readings)
    op_n = sum(r.gaps["practice"][1] for r in readings)
    if fw_n and op_n:
        fw, op = fw_gaps / fw_n, op_gaps / op_n
        if op - fw >= LEVEL_MARGIN:
            out.append(_("Much of the framework exists on paper; the larger task is to make it work: {op_gaps} of "
                         "{op_n} operational criteria fall short, against {fw_gaps} of {fw_n} framework criteria.",
                         op_gaps=op_gaps, op_n=op_n, fw_gaps=fw_gaps, fw_n=fw_n))
        elif fw - op >= LEVEL_MARGIN:
            out.append(_("The framework itself is the first gap: {fw_gaps} of {fw_n} framework criteria fall short, "
                         "against {op_gaps} of {op_n} operational criteria.", op_gaps=op_gaps, op_n=op_n,
                         fw_gaps=fw_gaps, fw_n=fw_n))
        else:
            out.append(_("Gaps in the framework ({fw_gaps} of {fw_n} criteria) and in practice ({op_gaps} of {op_n}) "
                         "are of similar weight.", op_gaps=op_gaps, op_n=op_n, fw_gaps=fw_gaps, fw_n=fw_n))
    single = sum(r.single for r in readings)
    disagree = sum(r.disagree for r in readings)
    if single or disagree:
        out.append(_("These conclusions are firmest where documents decide; {single} rest on a single source and on "
                     "{disagree} the sources disagreed, so they are the first to test at validation.",
                     single=ngettext("{n} criterion", "{n} criteria", single), disagree=format_number(disagree)))
    recs = sum(len(r.recs) for r in readings)
    high = sum(len(r.high) for r in readings)
    if recs:
        out.append(ngettext("Chapter {number} sets out {n} recommendation to close the gaps",
                            "Chapter {number} sets out {n} recommendations to close the gaps", recs,
                            number=chapter("recommendations"))
                   + (", " + ngettext("{n} of high priority", "{n} of high priority", high) if high else "") + ".")
    return " ".join(out)


# ------------------------------------------------------------------ the area-score chart
def chart_reading(readings: list[AreaReading]) -> str:
    """The area-score chart in words: highest and lowest (ties said), and the range."""
    hi, lo = ranked(readings)
    if not hi:
        return _("No area could be scored.")
    if hi[0].score == lo[0].score:
        return _("Every area scores the same ({pct}).", pct=format_percent(hi[0].score))
    top = (_("{area} scores highest ({pct})", area=_cap(_titles(hi)), pct=format_percent(hi[0].score))
           if len(hi) == 1 else
           _("{areas} share the highest score ({pct})", areas=_cap(_titles(hi)), pct=format_percent(hi[0].score)))
    bottom = (_("{area} lowest ({pct})", area=_titles(lo), pct=format_percent(lo[0].score)) if len(lo) == 1 else
              _("{areas} share the lowest ({pct})", areas=_titles(lo), pct=format_percent(lo[0].score)))
    unscored = [r for r in readings if r.score is None]
    text = _("{top}, {bottom}.", top=top, bottom=bottom)
    if unscored:
        text += " " + _("{areas} could not be scored.", areas=_cap(_titles(unscored)))
    return text


def area_chart_comment(doc, d, drawn: bool) -> None:
    """The paragraph that introduces the area-score chart and reads it."""
    readings = getattr(d, "readings", None) or read_areas(d)
    reading = chart_reading(readings)
    if drawn:
        n = doc.__dict__.get("_ctnat_captions", {}).get("Figure", 0) + 1
        doc.add_paragraph(_("Figure {n} compares the areas by their score, the share of assessed criteria met "
                            "(partly met counting half). {reading}", n=n, reading=reading))
    else:
        doc.add_paragraph(_("Area scores (the share of assessed criteria met, partly met counting half): {reading}",
                            reading=reading))
