"""Draft the rows of the results framework from the assessment.

For every gap (a criterion not met or partly met) one activity in the shape of
the guide's Annex 3, and for every outcome the MEL indicators (Annex 4) that
measure the gap criteria, with a baseline taken from the assessment: a
statistic with its year and source, a survey share with its n, and the
criterion's status with its evidence. The wording blocks come from
``instruments/plan.yaml`` and the recommendations; nothing here is a literal
about a question or an indicator.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pandas as pd

from ..instruments import CRITERIA, Plan
from ..scoring.criteria import split_ids
from ..messages import N_, _, format_number, format_percent, label, ngettext

# The workbook's status column is read back by the plan stage ("gap: …", "gap closed: …"): its words
# stay these codes' English until the column is split into a code and a label.
STATUS_WORDS = {"met": "met", "partly_met": "partly met", "not_met": "not met",
                "insufficient_evidence": "insufficient evidence"}
NO_FIGURE = N_("assessment status (no figure received)")  # a baseline's source; the lint looks for it


def plan_config(inst) -> Plan:
    """``instruments/plan.yaml`` (checked when the instruments load: every
    indicator has an objective, an outcome and MEL indicators that together
    cover its four criteria)."""
    return inst.plan


def quarter(q: int, first_year: int) -> str:
    """Quarter number counted from the plan's start (1 = Q1 of the first year)."""
    return f"Q{(q - 1) % 4 + 1} {first_year + (q - 1) // 4}"


@dataclass
class Assessment:
    """What the framework is drafted from (all read by :mod:`ctnat.plan.run`)."""

    gaps: pd.DataFrame  # indicator, criterion, area, status, criterion_text
    scores: pd.DataFrame  # scores.csv: indicator, criterion, status and each source's signal
    recommendations: dict  # (indicator, criterion) → {id, text, outcome, bodies} (ctnat.plan.recommendations)
    provided: set[str] = field(default_factory=set)  # capability keys the country has in force (desk review)
    favourability: pd.DataFrame | None = None
    statistics: pd.DataFrame | None = None
    statistics_dis: list[str] = field(default_factory=list)
    nap_coverage: pd.DataFrame | None = None
    nap_measures: pd.DataFrame | None = None
    nap_agency_area: pd.DataFrame | None = None
    nap_plan_id: str = ""

    # The tables as lists of row dictionaries, made once: the framework looks
    # rows up a few hundred times, and a pandas filter per look-up was most of
    # the plan stage's time on these small tables.
    @functools.cached_property
    def gap_rows(self) -> dict[str, list[dict]]:
        """Gap rows by indicator, in the table's order."""
        out: dict[str, list[dict]] = defaultdict(list)
        for r in self.gaps.to_dict("records"):
            out[r["indicator"]].append(r)
        return out

    @functools.cached_property
    def score_row(self) -> dict[tuple[str, str], dict]:
        """The first score row of each (indicator, criterion)."""
        out: dict[tuple[str, str], dict] = {}
        for r in self.scores.to_dict("records"):
            out.setdefault((r["indicator"], r["criterion"]), r)
        return out

    @functools.cached_property
    def coverage_row(self) -> dict[str, dict]:
        """The first NAP coverage row of each indicator."""
        out: dict[str, dict] = {}
        if self.nap_coverage is not None:
            for r in self.nap_coverage.to_dict("records"):
                out.setdefault(r["indicator"], r)
        return out

    @functools.cached_property
    def plan_measures(self) -> list[dict]:
        """The measures of the current plan (of every plan when none is named)."""
        m = self.nap_measures
        if m is None or not len(m):
            return []
        rows = m.to_dict("records")
        if self.nap_plan_id and "plan_id" in m:
            rows = [r for r in rows if r["plan_id"] == self.nap_plan_id]
        return rows

    @functools.cached_property
    def favourability_rows(self) -> list[dict]:
        return [] if self.favourability is None else self.favourability.to_dict("records")

    @functools.cached_property
    def statistic_rows(self) -> list[dict]:
        return [] if self.statistics is None else self.statistics.to_dict("records")


def _number(value) -> float:
    """A cell as a number; blank or not a number counts as 0 (``pd.to_numeric(errors="coerce").fillna(0)``)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if number != number else number


def _criterion_key(ind: str, crit: str) -> str:
    return f"{ind}.{crit}"


def _nap_for(a: Assessment, ind: str) -> tuple[list[str], list[str]]:
    """(measure ids of the current plan for an indicator, their lead bodies by frequency)."""
    if a.nap_coverage is None or not len(a.nap_coverage):
        return [], []
    row = a.coverage_row.get(ind)
    listed = str(row["measure_ids"]) if row is not None else ""
    ids = [x.strip() for x in listed.split(";" if ";" in listed else ",") if x.strip()] if row is not None else []
    bodies: Counter = Counter()
    if ids:
        wanted = set(ids)
        for r in a.plan_measures:
            if r["id"] in wanted:
                b = _clean_body(r.get("lead_body", ""))
                if b:
                    bodies[b] += 1
    return ids, [b for b, _ in bodies.most_common()]


def _clean_body(text: str) -> str:
    return re.sub(r"\s+", " ", str(text or "").replace('"', "")).strip()


def _area_lead(a: Assessment, area: str) -> str:
    t = a.nap_agency_area
    col = f"area{area}_lead"
    if t is None or col not in t or not len(t):
        return ""
    vals = pd.to_numeric(t[col], errors="coerce").fillna(0)
    if vals.max() <= 0:
        return ""
    return _clean_body(t.loc[vals.idxmax(), "body"])


def _survey_baseline(a: Assessment, items: list[str]) -> str:
    if a.favourability is None or not items:
        return ""
    wanted = set(items)
    f = [r for r in a.favourability_rows if r["question"] in wanted and _number(r["n_valid"]) > 0]
    if not f:
        return ""
    fav = int(sum(float(r["favourable"]) for r in f))
    n = int(sum(float(r["n_valid"]) for r in f))
    parts = ", ".join(_("{label} (n={n})", label=r["question"], n=r["n_valid"]) for r in f)
    if len(f) == 1:
        text = ngettext("Survey: {favourable} of {n} answer favourable ({share}) — {items}.",
                        "Survey: {favourable} of {n} answers favourable ({share}) — {items}.", n,
                        favourable=format_number(fav), share=format_percent(fav / n), items=parts)
    else:
        text = ngettext("Survey: {favourable} of {n} answer pooled over items favourable ({share}) — {items}.",
                        "Survey: {favourable} of {n} answers pooled over items favourable ({share}) — {items}.", n,
                        favourable=format_number(fav), share=format_percent(fav / n), items=parts)
    return text


def _statistic_baseline(a: Assessment, metric: str, kind: str) -> tuple[str, str]:
    """(text, year) of the latest whole-year total of a metric; every source of
    that year is named, so a double count is visible."""
    if a.statistics is None or not metric or not len(a.statistics):
        return "", ""
    breakdown = [c for c in a.statistics_dis if c in a.statistics]
    sub = [r for r in a.statistic_rows
           if r["metric"] == metric and r["period"] == "" and all(r[c] == "" for c in breakdown)]
    if not sub:
        return "", ""
    year = max(r["year"] for r in sub)
    latest = [r for r in sub if r["year"] == year]
    figures = "; ".join(f"{(r['qualifier'] + ' ') if r.get('qualifier') else ''}{format_number(int(float(r['value'])))}"
                        f" ({r['source']})" for r in latest)
    text = _("{figure}, {year}: {values}.", figure=latest[0]["label"], year=year, values=figures)
    if len({r["source"] for r in latest}) > 1:
        text += " " + _("Two sources report this figure: agree on one before using it as baseline "
                        "(double-counting risk).")
    if kind in ("percentage", "rate"):
        text = _("Related figure (the share itself is not reported): {text}", text=text)
    return text, year


def _evidence_basis(r: dict, status_word) -> str:
    """What a status rests on, from the score's fields: the desk finding with its
    citations, else the first source that gave a signal (segment lists stay in
    the evidence annex)."""
    if r.get("desk_signal"):
        cites = split_ids(r.get("desk_citations"))
        return _("desk review: {status}", status=status_word(r["desk_signal"])) + (f" ({'; '.join(cites)})" if cites else "")
    if r.get("survey_signal"):
        n, fav = int(r["survey_n"]), int(r["survey_favourable"])
        return _("survey: {favourable}/{n} favourable ({share})", favourable=format_number(fav), n=format_number(n),
                 share=format_percent(fav / n))
    if r.get("interview_signal"):
        return _("interviews: {supporting} supporting, {contradicting} contradicting segment(s) from {n} "
                 "interview(s)", supporting=format_number(int(r["interview_supporting"])),
                 contradicting=format_number(int(r["interview_contradicting"])), n=format_number(int(r["interview_n"])))
    return ""


def _status_baseline(a: Assessment, ind: str, crits: list[str], inst) -> str:
    parts = []
    for c in crits:
        r = a.score_row.get((ind, c))
        if r is None:
            continue
        basis = _evidence_basis(r, lambda code: inst.status_label(code).lower())
        status = inst.status_label(r["status"]).lower() if r["status"] in inst.rubric.status_labels \
            else r["status"]
        parts.append(f"{ind} {inst.indicators.short_level(c)}: {status}" + (f" ({basis})" if basis else ""))
    return _("Assessment: {criteria}.", criteria="; ".join(parts)) if parts else ""


def draft_rows(a: Assessment, inst, cfg: Plan, first_year: int) -> tuple[list[dict], list[dict], dict]:
    """The drafted rows of the two sheets, and the outcomes ``{indicator: text}``.
    Row ids are stable: activity ``<indicator>.<n>`` (n = 1–4 for fw1…op2),
    MEL indicator ``M<indicator>.<letter>``."""
    years = cfg.plan_years
    end = first_year + years - 1
    timing = cfg.timing
    areas = {x.id: label(x.title) for x in inst.indicators.areas}
    recs = a.recommendations
    activities, mel, outcomes = [], [], {}
    for ind in inst.indicators.indicators:
        g = a.gap_rows.get(ind.id, [])
        if not g:
            continue
        first_gap = {}  # criterion → its first gap row
        for r in g:
            first_gap.setdefault(r["criterion"], r)
        o = cfg.objectives[ind.id]
        area_title = f"{ind.area} {areas.get(ind.area, '')}"
        outcome = o.outcome.format(end=end)
        outcomes[ind.id] = outcome
        nap_ids, nap_bodies = _nap_for(a, ind.id)
        bodies = nap_bodies[:2] or ([_area_lead(a, ind.area)] if _area_lead(a, ind.area) else [])
        gap_crits = [c for c in CRITERIA if c in first_gap]
        for c in gap_crits:
            gr = first_gap[c]
            rec = recs.get((ind.id, c), {})
            if rec.get("answered_by_existing"):
                continue  # every action for it asked for what the country has: none is left to plan
            text = rec.get("text") or _("Act so that this holds: {criterion}.", criterion=gr["criterion_text"])
            start, stop = timing.get(c, [1, 4 * years])
            n = CRITERIA.index(c) + 1
            activities.append({
                "id": f"{ind.id}.{n}", "area": area_title, "objective": ind.id,
                "criteria": _criterion_key(ind.id, c),
                "activity": text + (f" [{rec['id']}]" if rec.get("id") else ""),
                "responsible": "; ".join(rec.get("bodies") or bodies), "start": quarter(int(start), first_year),
                "end": quarter(int(stop), first_year),
                "result_indicator": _("By {when}: {criterion}", when=quarter(int(stop), first_year),
                                      criterion=gr["criterion_text"]),
                "financial": "",
                "current_nap": (f"{a.nap_plan_id}: " if a.nap_plan_id else "") + ", ".join(nap_ids) if nap_ids else "",
                "status": f"gap: {STATUS_WORDS.get(gr['status'], gr['status'])}",
            })
        for k, m in enumerate(o.indicators):
            crits: list[str] = [c for c in gap_crits if c in m.criteria]
            if not crits:
                continue
            exists = bool(m.creates) and set(m.creates) <= a.provided  # it would measure adopting what exists
            kind = m.kind
            stat = _statistic_baseline(a, m.metric or "", kind)[0]
            items = sorted({q for c in crits for q in inst.evidence_for(ind.id, c).survey})
            survey = _survey_baseline(a, items)
            status = _status_baseline(a, ind.id, crits, inst)
            quantitative = cfg.kinds.get(kind) == "quantitative"
            if quantitative:
                base_parts = [stat, status]
                src = N_("statistic") if stat else NO_FIGURE
            elif kind == "compliance":
                base_parts, src = [status, survey], N_("assessment status")
            else:
                base_parts, src = [survey, status], N_("survey") if survey else N_("assessment status")
            src = _(src)
            mel.append({
                "id": f"M{ind.id}.{'abcdefgh'[k]}", "area": area_title,
                "criteria": ", ".join(_criterion_key(ind.id, c) for c in crits),
                "outputs": "; ".join(f"{ind.id}.{CRITERIA.index(c) + 1} "
                                     f"{first_gap[c]['criterion_text']}" for c in crits),
                "indicator": m.text, "kind": kind, "disaggregation": ", ".join(d.replace("_", " ") for d in m.disaggregation),
                "baseline": " ".join(p for p in base_parts if p), "baseline_from": src,
                "target": (cfg.existing_target if exists else m.target).format(end=end),
                "verification": m.verification,
                "frequency": m.frequency, "collector": m.collector,
                "status": "gap: " + ", ".join(STATUS_WORDS.get(first_gap[c]['status'], '') for c in crits),
            })
    return activities, mel, outcomes
