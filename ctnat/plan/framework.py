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
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pandas as pd

from ..instruments import CRITERIA, Plan
from ..scoring.criteria import split_ids
from ..messages import N_, _, format_list, format_number, format_range, label, ngettext, share_beside

# The workbook's status column is read back by the plan stage ("gap: …", "gap closed: …"): its words
# stay these codes' English until the column is split into a code and a label.
STATUS_WORDS = {"met": "met", "partly_met": "partly met", "not_met": "not met",
                "insufficient_evidence": "insufficient evidence"}
NO_FIGURE = N_("missing: the statistics received have no figure for it")  # a baseline's source


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
    nap_period: str = ""  # the current plan's period as nap_plan.json gives it ("2014-2018")
    institutions: list[dict] = field(default_factory=list)  # country_instruments rows of bodies and services in force

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


def current_plan_text(ids: list[str], period: str = "") -> str:
    """The "In current NAP" cell in words: 'current plan (2014–2018), measure 13.1.5' (the
    measures of the plan the country has for an indicator; empty when it has none)."""
    if not ids:
        return ""
    period = re.sub(r"\s*-\s*", "–", str(period or "").strip())
    measures = format_list(ids)
    if period:
        return ngettext("current plan ({period}), measure {ids}", "current plan ({period}), measures {ids}",
                        len(ids), period=period, ids=measures)
    return ngettext("current plan, measure {ids}", "current plan, measures {ids}", len(ids), ids=measures)


def current_plan_words(text: str, plan_id: str, period: str = "") -> str:
    """An "In current NAP" cell as an earlier CT-NAT wrote it ('nap2014: 13.1.5, 13.1.6') in words;
    any other text as it is."""
    m = re.fullmatch(rf"\s*{re.escape(plan_id)}:\s*(.+?)\s*", str(text or "")) if plan_id else None
    if not m:
        return str(text or "")
    return current_plan_text([x.strip() for x in re.split(r"[;,]", m.group(1)) if x.strip()], period)


def share_as_given(share: float) -> str:
    """A share as the instruments give it: 0.125 → '12.5%' (format_percent rounds to whole percents)."""
    from babel.numbers import format_percent as babel_percent

    from ..messages import FORMAT_LOCALE, current_language

    lang = current_language()
    return babel_percent(share, format="#,##0.##%", locale=FORMAT_LOCALE.get(lang, lang))


def collector_text(unit: str, institutions: list[str]) -> str:
    """Who collects an indicator's data: the unit (plan.yaml) within the country's institution(s).
    A unit that names where the institution goes (``research unit commissioned by {institution}``)
    takes it there; any other is the unit of the institution."""
    if not institutions:
        return ""
    where = format_list(institutions)
    if "{institution}" in unit:
        return unit.replace("{institution}", where)
    return _("{unit} of the {institution}", unit=unit, institution=where)


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


def _survey_baseline(a: Assessment, items: list[str], min_base: int) -> str:
    """The survey's answers on the items as a count, "4 of 7 answers favourable", its percentage
    beside it only from ``min_base`` answers up (the numbers rule, ``ctnat.messages.share_beside``)."""
    if a.favourability is None or not items:
        return ""
    wanted = set(items)
    f = [r for r in a.favourability_rows if r["question"] in wanted and _number(r["n_valid"]) > 0]
    if not f:
        return ""
    fav = int(sum(float(r["favourable"]) for r in f))
    n = int(sum(float(r["n_valid"]) for r in f))
    parts = ", ".join(_("question {label} (n={n})", label=r["question"], n=r["n_valid"]) for r in f)
    people = max(int(_number(r["n_valid"])) for r in f)  # pooled answers come from at least this many people
    # TRANSLATORS: {share} is empty or " (60%)", printed only on a base large enough (rubric percent_min_base)
    if len(f) == 1:
        text = ngettext("Survey: {favourable} of {n} answer favourable{share} — {items}.",
                        "Survey: {favourable} of {n} answers favourable{share} — {items}.", n,
                        favourable=format_number(fav), share=share_beside(fav, n, min_base, people), items=parts)
    else:
        text = ngettext("Survey: {favourable} of {n} answer pooled over items favourable{share} — {items}.",
                        "Survey: {favourable} of {n} answers pooled over items favourable{share} — {items}.", n,
                        favourable=format_number(fav), share=share_beside(fav, n, min_base, people), items=parts)
    return text


def _words_of(name: str) -> set[str]:
    """The telling words of an institution's or a source's name (for matching one to the other)."""
    name = re.sub(r"\(.*?\)", " ", str(name or "")).lower().replace("'s", "")
    return {w for w in re.findall(r"[\w-]{4,}", name) if w not in {"ministry", "state", "national", "website"}}


def _official(source: str, institutions: list[dict]) -> bool:
    """True when a figure's source is one of the country's own institutions (the agency that
    counts), not a report about the country."""
    src = _words_of(source)
    for inst in institutions:
        words = _words_of(inst["title"])
        if words and (words <= src or len(words & src) >= 3):
            return True
    return False


def _statistic_baseline(a: Assessment, metric: str, kind: str) -> tuple[str, str, float | None, float | None]:
    """(text, year, value, highest earlier value) of a metric's baseline: the latest year with a
    figure, whole-year figures only; a country's own agency before a report about it; a national
    total before figures broken down (which are named each with its breakdown, never added up).
    Nothing found: empty text."""
    if a.statistics is None or not metric or not len(a.statistics):
        return "", "", None, None
    breakdown = [c for c in a.statistics_dis if c in a.statistics]
    sub = [r for r in a.statistic_rows if r["metric"] == metric and r["period"] == ""]
    if not sub:
        return "", "", None, None
    def rank(r: dict) -> tuple:
        whole = all(r[c] == "" for c in breakdown)
        return (whole, _official(r["source"], a.institutions))
    top = max(rank(r) for r in sub)  # the most specific kind of figure there is, then its latest year
    year = max(r["year"] for r in sub if rank(r) == top)
    latest = sorted([r for r in sub if r["year"] == year], key=rank, reverse=True)
    best = latest[0]
    parts = [c for c in breakdown if best[c]]
    def fig(r: dict) -> str:
        return f"{(r['qualifier'] + ' ') if r.get('qualifier') else ''}{format_number(int(float(r['value'])))}"
    text = _("{figure}, {year}: {value} ({source})", figure=best["label"], year=year, value=fig(best),
             source=best["source"])
    if parts:
        text += " — " + _("only {breakdown}: no total is reported", breakdown=", ".join(str(best[c]) for c in parts))
    others = [r for r in latest[1:] if rank(r) == rank(best)]
    if others:
        text += ". " + _("Also reported: {figures}; agree on one figure before using it (double-counting risk)",
                         figures="; ".join(f"{fig(r)} ({r['source']})" for r in others))
    if kind in ("percentage", "rate"):
        text = _("Related figure (the share itself is not reported): {text}", text=text)
    same = [r for r in sub if rank(r) == rank(best) and all(r[c] == best[c] for c in breakdown) and r["year"] < year]
    earlier = max((float(r["value"]) for r in same), default=None)
    return text + ".", year, float(best["value"]), earlier


def _evidence_basis(r: dict, status_word, min_base: int) -> str:
    """What a status rests on, from the score's fields: the desk finding with its
    citations, else the first source that gave a signal (segment lists stay in
    the evidence annex)."""
    if r.get("desk_signal"):
        cites = split_ids(r.get("desk_citations"))
        return _("desk review: {status}", status=status_word(r["desk_signal"])) + (f" ({'; '.join(cites)})" if cites else "")
    if r.get("survey_signal"):
        n, fav = int(r["survey_n"]), int(r["survey_favourable"])
        return _("survey: {favourable} of {n} favourable{share}", favourable=format_number(fav), n=format_number(n),
                 share=share_beside(fav, n, min_base))
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
        basis = _evidence_basis(r, lambda code: inst.status_label(code).lower(), inst.rubric.percent_min_base)
        status = inst.status_label(r["status"]).lower() if r["status"] in inst.rubric.status_labels \
            else r["status"]
        parts.append(f"{ind} {inst.indicators.short_level(c)}: {status}" + (f" ({basis})" if basis else ""))
    return _("Assessment: {criteria}.", criteria="; ".join(parts)) if parts else ""


def activity_types(text: str, criterion: str, cfg: Plan) -> list[str]:
    """The kinds of work an activity's wording names (plan.yaml ``activity_types``), in phase
    order; none named: the type its criterion's level calls for."""
    low = " " + str(text or "").lower()
    found = [k for k, t in cfg.activity_types.items()
             if any(re.search(r"(?<![a-z])" + re.escape(w.lower()), low) for w in t.keywords)]
    found = found or [cfg.default_types[criterion]]  # type: ignore[index]
    return sorted(found, key=lambda k: (cfg.activity_types[k].phase, list(cfg.activity_types).index(k)))


def result_indicator(types: list[str], cfg: Plan) -> str:
    """Countable results, one per kind of work ("At least 120 staff trained over 6 training days")."""
    return "; ".join(cfg.activity_types[k].result.format(n=format_number(cfg.activity_types[k].quantity),
                                                         people=format_number(cfg.activity_types[k].people or 0))
                     for k in types)


def cost_estimate(types: list[str], cfg: Plan, costs) -> tuple[str, str, float, float]:
    """(estimate, basis, low, high) of an activity from the unit costs of its kinds of work."""
    low = high = 0.0
    basis = []
    for k in types:
        c, q = costs.types[k], cfg.activity_types[k].quantity
        low, high = low + q * c.low, high + q * c.high
        basis.append(_("{n} × {unit} at {currency} {amount} ({covers})", n=format_number(q), unit=c.unit,
                       currency=costs.currency, amount=format_range(format_number(int(c.low)),
                                                                    format_number(int(c.high))), covers=c.covers))
    if high == 0:
        return _("No funding required (illustrative estimate)"), "; ".join(basis), low, high
    return (_("{currency} {amount} (illustrative estimate)", currency=costs.currency,
              amount=format_range(format_number(int(low)), format_number(int(high)))), "; ".join(basis), low, high)


def schedule(acts: list[dict], cfg: Plan, years: int) -> None:
    """Set each activity's start and end quarter (numbers counted from the plan's first quarter)
    from its priority, its kinds of work and what it presupposes: within an operational objective,
    an activity whose first work is of a later phase starts once the earlier-phase work of the
    others has done its first part. Sets ``_q`` (start, end) and ``follows`` (activity ids)."""
    last = 4 * years
    by_obj: dict[str, list[dict]] = defaultdict(list)
    for r in acts:
        by_obj[r["objective"]].append(r)
    for rows in by_obj.values():
        rows.sort(key=lambda r: (cfg.activity_types[r["_types"][0]].phase, r["id"]))
        ends: dict[int, list[tuple[str, int]]] = defaultdict(list)  # phase → (id, end of its first part)
        for r in rows:
            phase = cfg.activity_types[r["_types"][0]].phase
            start = int(cfg.priority_start.get(r.get("_priority", ""), 1))
            before = [(i, e) for p, lst in ends.items() if p < phase for i, e in lst]
            if before:
                start = max(start, max(e for _i, e in before) + 1)
            start = min(start, last)
            q, first_end, stop = start, None, start
            for k in r["_types"]:
                stop = min(last, q + cfg.activity_types[k].quarters - 1)
                first_end = stop if first_end is None else first_end
                q = min(last, stop + 1)
            end = last if any(cfg.activity_types[k].to_end for k in r["_types"]) else stop
            r["_q"] = (start, end)
            r["follows"] = ", ".join(i for i, _e in before)
            ends[phase].append((r["id"], first_end or end))


def collectors(keys: list[str], institutions: list[dict]) -> list[str]:
    """The country's institutions that collect an indicator's data: for a role, the first body
    holding it; for a capability, every service providing it. None: an empty list (never invented)."""
    out: list[str] = []
    for k in keys:
        bodies = [i for i in institutions if i["kind"] == "body" and k in i["mandate"]]
        services = [i for i in institutions if k in i["provides"] and i["kind"] != "body"]
        names = [bodies[0]["title"]] if bodies else [s["title"] for s in services]
        out += [n for n in names if n not in out]
        if out:
            break
    return out


def mid_year(first_year: int, years: int) -> int:
    """The mid-term year: the last year of the plan's first half."""
    return first_year + max(0, (years + 1) // 2 - 1)


def draft_rows(a: Assessment, inst, cfg: Plan, first_year: int, years: int | None = None
               ) -> tuple[list[dict], list[dict], dict]:
    """The drafted rows of the two sheets, and the outcomes ``{indicator: text}``.
    Row ids are stable: activity ``<indicator>.<n>`` (n = 1–4 for fw1…op2),
    MEL indicator ``M<indicator>.<letter>``."""
    years = years or cfg.plan_years
    end = first_year + years - 1
    mid = mid_year(first_year, years)
    costs = inst.unit_costs
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
            text = rec.get("text") or _("Act so that this holds: {criterion}.", criterion=label(ind.criteria[c]))
            types = activity_types(rec.get("plain", rec.get("text")) or "", c, cfg)
            estimate, basis, low, high = cost_estimate(types, cfg, costs)
            n = CRITERIA.index(c) + 1
            activities.append({
                "id": f"{ind.id}.{n}", "area": area_title, "objective": ind.id,
                "criteria": _criterion_key(ind.id, c), "key_measure": rec.get("title", ""),
                "activity": text + (" " + _("(recommendation {id})", id=rec["id"]) if rec.get("id") else ""),
                "responsible": "; ".join(rec.get("bodies") or bodies),
                "result_indicator": result_indicator(types, cfg),
                "financial": estimate, "cost_basis": basis,
                "current_nap": current_plan_text(nap_ids, a.nap_period),
                "status": f"gap: {STATUS_WORDS.get(gr['status'], gr['status'])}",
                "_types": types, "_priority": rec.get("priority", ""), "_low": low, "_high": high,
            })
        for k, m in enumerate(o.indicators):
            crits: list[str] = [c for c in gap_crits if c in m.criteria]
            if not crits:
                continue
            exists = bool(m.creates) and set(m.creates) <= a.provided  # it would measure adopting what exists
            kind = m.kind
            stat, stat_year, value, earlier = _statistic_baseline(a, m.metric or "", kind)
            items = sorted({q for c in crits for q in inst.evidence_for(ind.id, c).survey})
            survey = _survey_baseline(a, items, inst.rubric.percent_min_base)
            status = _status_baseline(a, ind.id, crits, inst)
            quantitative = cfg.kinds.get(kind) == "quantitative"
            if quantitative:
                base_parts, evidence = [stat], [status]
                src = N_("statistic") if stat else NO_FIGURE
            elif kind == "compliance":
                base_parts, evidence, src = [status], [survey], N_("assessment status")
            else:
                base_parts, evidence = [survey], [status]
                src = N_("survey") if survey else N_("assessment status")
                if not survey:
                    base_parts, evidence = [status], []
            target = (cfg.existing_target if exists else m.target).format(end=end)
            mid_target = (m.mid_target or cfg.mid_targets.get(kind, "")).format(mid=mid, end=end)
            if m.growth and value is not None and kind == "number" and not exists:
                ref = max(value, earlier or 0)  # never below the highest figure already reached
                mid_target, target = (cfg.number_target.format(value=format_number(math.ceil(ref * (1 + g))),
                                                               year=y, share=share_as_given(g))
                                      for g, y in zip(m.growth, (mid, end)))
            who = collectors(m.collected_by, a.institutions)
            mel.append({
                "id": f"M{ind.id}.{'abcdefgh'[k]}", "area": area_title,
                "criteria": ", ".join(_criterion_key(ind.id, c) for c in crits),
                "outputs": "; ".join(f"{ind.id}.{CRITERIA.index(c) + 1} "
                                     f"{label(ind.criteria[c])}" for c in crits),
                "indicator": m.text, "kind": kind, "disaggregation": ", ".join(d.replace("_", " ") for d in m.disaggregation),
                "baseline": " ".join(p for p in base_parts if p), "baseline_from": _(src),
                "evidence": " ".join(p for p in evidence if p),
                "mid_target": mid_target, "target": target,
                "verification": m.verification,
                "frequency": m.frequency,
                "collector": collector_text(m.collector, who), "_institutions": who,
                "status": "gap: " + ", ".join(dict.fromkeys(STATUS_WORDS.get(first_gap[c]['status'], '') for c in crits)),
            })
    schedule(activities, cfg, years)
    for r in activities:
        s, e = r.pop("_q")
        r["start"], r["end"] = quarter(s, first_year), quarter(e, first_year)
        r.pop("_types"), r.pop("_priority")
    return activities, mel, outcomes
