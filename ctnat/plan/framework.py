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

import re
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from ..instruments import CRITERIA
from ..problems import CtnatError

CRIT_NAME = {"fw1": "Framework L1", "fw2": "Framework L2", "op1": "Operational L1", "op2": "Operational L2"}
STATUS_WORDS = {"met": "met", "partly_met": "partly met", "not_met": "not met",
                "insufficient_evidence": "insufficient evidence"}


INDICATOR_KEYS = {"criteria", "kind", "text", "target", "verification", "frequency", "collector", "disaggregation",
                  "metric"}


def plan_config(inst) -> dict:
    """``instruments/plan.yaml``, checked: every indicator has an objective, an
    outcome and MEL indicators that together cover its four criteria."""
    cfg = inst.extra.get("plan")
    path = inst.directory / "plan.yaml"
    if not isinstance(cfg, dict) or not isinstance(cfg.get("objectives"), dict):
        raise CtnatError(f"{path} is missing or has no 'objectives:' — `ctnat plan` needs it.")
    kinds = cfg.get("kinds") or {}
    freqs = set(cfg.get("frequencies") or [])
    problems = []
    for ind in inst.indicators.indicators:
        o = cfg["objectives"].get(ind.id)
        if not o:
            problems.append(f"objectives.'{ind.id}' is missing")
            continue
        for k in ("objective", "outcome", "indicators"):
            if not o.get(k):
                problems.append(f"objectives.'{ind.id}'.{k} is missing")
        covered = set()
        for n, m in enumerate(o.get("indicators") or []):
            covered |= set(m.get("criteria") or [])
            unknown = sorted(set(m) - INDICATOR_KEYS)
            if unknown:  # e.g. a comma inside an unquoted {flow: mapping} value splits it
                problems.append(f"objectives.'{ind.id}'.indicators[{n}] has unknown key(s) {unknown}: quote values "
                                "that contain commas")
            if m.get("kind") not in kinds:
                problems.append(f"objectives.'{ind.id}'.indicators[{n}].kind '{m.get('kind')}' is not one of "
                                + ", ".join(kinds))
            if m.get("frequency") not in freqs:
                problems.append(f"objectives.'{ind.id}'.indicators[{n}].frequency '{m.get('frequency')}' is not in "
                                "frequencies")
            for k in ("text", "target", "verification", "collector"):
                if not m.get(k):
                    problems.append(f"objectives.'{ind.id}'.indicators[{n}].{k} is missing")
        if o.get("indicators") and covered != set(CRITERIA):
            problems.append(f"objectives.'{ind.id}': its indicators cover {sorted(covered)}, not all of "
                            f"{list(CRITERIA)}")
    if problems:
        raise CtnatError(f"{path} has {len(problems)} problem(s):\n  " + "\n  ".join(problems))
    return cfg


def quarter(q: int, first_year: int) -> str:
    """Quarter number counted from the plan's start (1 = Q1 of the first year)."""
    return f"Q{(q - 1) % 4 + 1} {first_year + (q - 1) // 4}"


@dataclass
class Assessment:
    """What the framework is drafted from (all read by :mod:`ctnat.plan.run`)."""

    gaps: pd.DataFrame  # indicator, criterion, area, status, criterion_text
    scores: pd.DataFrame  # indicator, criterion, status, evidence
    recommendations: dict  # (indicator, criterion) → {id, text, outcome, bodies} (ctnat.plan.recommendations)
    favourability: pd.DataFrame | None = None
    statistics: pd.DataFrame | None = None
    statistics_dis: list[str] = field(default_factory=list)
    nap_coverage: pd.DataFrame | None = None
    nap_measures: pd.DataFrame | None = None
    nap_agency_area: pd.DataFrame | None = None
    nap_plan_id: str = ""


def _criterion_key(ind: str, crit: str) -> str:
    return f"{ind}.{crit}"


def _nap_for(a: Assessment, ind: str) -> tuple[list[str], list[str]]:
    """(measure ids of the current plan for an indicator, their lead bodies by frequency)."""
    if a.nap_coverage is None or not len(a.nap_coverage):
        return [], []
    row = a.nap_coverage[a.nap_coverage["indicator"] == ind]
    ids = [x.strip() for x in str(row["measure_ids"].iloc[0]).split(";" if ";" in str(row["measure_ids"].iloc[0])
                                                                     else ",") if x.strip()] if len(row) else []
    bodies: Counter = Counter()
    if ids and a.nap_measures is not None and len(a.nap_measures):
        m = a.nap_measures
        if a.nap_plan_id and "plan_id" in m:
            m = m[m["plan_id"] == a.nap_plan_id]
        for r in m[m["id"].isin(ids)].to_dict("records"):
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
    f = a.favourability[a.favourability["question"].isin(items)]
    f = f[pd.to_numeric(f["n_valid"], errors="coerce").fillna(0) > 0]
    if not len(f):
        return ""
    fav = int(pd.to_numeric(f["favourable"]).sum())
    n = int(pd.to_numeric(f["n_valid"]).sum())
    parts = ", ".join(f"{r['question']} (n={r['n_valid']})" for r in f.to_dict("records"))
    what = ("answer" if n == 1 else "answers") + ("" if len(f) == 1 else " pooled over items")
    return f"Survey: {fav} of {n} {what} favourable ({round(100 * fav / n)}%) — {parts}."


def _statistic_baseline(a: Assessment, metric: str, kind: str) -> tuple[str, str]:
    """(text, year) of the latest whole-year total of a metric; every source of
    that year is named, so a double count is visible."""
    s = a.statistics
    if s is None or not metric or not len(s):
        return "", ""
    sub = s[(s["metric"] == metric) & (s["period"] == "")]
    for c in a.statistics_dis:
        if c in sub:
            sub = sub[sub[c] == ""]
    if not len(sub):
        return "", ""
    year = max(sub["year"])
    latest = sub[sub["year"] == year]
    label = latest["label"].iloc[0]
    figures = "; ".join(f"{(r['qualifier'] + ' ') if r.get('qualifier') else ''}{int(float(r['value'])):,}"
                        f" ({r['source']})" for r in latest.to_dict("records"))
    text = f"{label}, {year}: {figures}."
    if latest["source"].nunique() > 1:
        text += " Two sources report this figure: agree on one before using it as baseline (double-counting risk)."
    if kind in ("percentage", "rate"):
        text = "Related figure (the share itself is not reported): " + text
    return text, year


def _status_baseline(a: Assessment, ind: str, crits: list[str]) -> str:
    parts = []
    for c in crits:
        row = a.scores[(a.scores["indicator"] == ind) & (a.scores["criterion"] == c)]
        if not len(row):
            continue
        r = row.iloc[0]
        ev = str(r.get("evidence", "")).split(" | ")
        desk = next((e for e in ev if e.startswith("desk review")), ev[0] if ev else "")
        desk = re.sub(r"\s*\[[^\]]*\]", "", desk)  # segment lists stay in the evidence annex
        parts.append(f"{ind} {CRIT_NAME[c]}: {STATUS_WORDS.get(r['status'], r['status'])}"
                     + (f" ({desk})" if desk else ""))
    return ("Assessment: " + "; ".join(parts) + ".") if parts else ""


def draft_rows(a: Assessment, inst, cfg: dict, first_year: int) -> tuple[list[dict], list[dict], dict]:
    """The drafted rows of the two sheets, and the outcomes ``{indicator: text}``.
    Row ids are stable: activity ``<indicator>.<n>`` (n = 1–4 for fw1…op2),
    MEL indicator ``M<indicator>.<letter>``."""
    years = int(cfg.get("plan_years", 4))
    end = first_year + years - 1
    timing = cfg.get("timing") or {}
    areas = {x["id"]: x["title"]["en"] for x in inst.indicators.areas}
    gaps = a.gaps
    recs = a.recommendations
    activities, mel, outcomes = [], [], {}
    for ind in inst.indicators.indicators:
        g = gaps[gaps["indicator"] == ind.id]
        if not len(g):
            continue
        o = cfg["objectives"][ind.id]
        area_title = f"{ind.area} {areas.get(ind.area, '')}"
        outcome = o["outcome"].format(end=end)
        outcomes[ind.id] = outcome
        nap_ids, nap_bodies = _nap_for(a, ind.id)
        bodies = nap_bodies[:2] or ([_area_lead(a, ind.area)] if _area_lead(a, ind.area) else [])
        gap_crits = [c for c in CRITERIA if c in set(g["criterion"])]
        for c in gap_crits:
            gr = g[g["criterion"] == c].iloc[0]
            rec = recs.get((ind.id, c), {})
            text = rec.get("text") or f"Act so that this holds: {gr['criterion_text']}."
            start, stop = timing.get(c, [1, 4 * years])
            n = CRITERIA.index(c) + 1
            activities.append({
                "id": f"{ind.id}.{n}", "area": area_title, "objective": ind.id,
                "criteria": _criterion_key(ind.id, c),
                "activity": text + (f" [{rec['id']}]" if rec.get("id") else ""),
                "responsible": "; ".join(rec.get("bodies") or bodies), "start": quarter(int(start), first_year),
                "end": quarter(int(stop), first_year),
                "result_indicator": f"By {quarter(int(stop), first_year)}: {gr['criterion_text']}",
                "financial": "",
                "current_nap": (f"{a.nap_plan_id}: " if a.nap_plan_id else "") + ", ".join(nap_ids) if nap_ids else "",
                "status": f"gap: {STATUS_WORDS.get(gr['status'], gr['status'])}",
            })
        for k, m in enumerate(o["indicators"]):
            crits = [c for c in gap_crits if c in (m.get("criteria") or [])]
            if not crits:
                continue
            kind = m["kind"]
            stat, _ = _statistic_baseline(a, m.get("metric", ""), kind)
            items = sorted({q for c in crits for q in inst.evidence_for(ind.id, c)["survey"]})
            survey = _survey_baseline(a, items)
            status = _status_baseline(a, ind.id, crits)
            quantitative = (cfg.get("kinds") or {}).get(kind) == "quantitative"
            if quantitative:
                base_parts, src = [stat, status], "statistic" if stat else "assessment status (no figure received)"
            elif kind == "compliance":
                base_parts, src = [status, survey], "assessment status"
            else:
                base_parts, src = [survey, status], "survey" if survey else "assessment status"
            mel.append({
                "id": f"M{ind.id}.{'abcdefgh'[k]}", "area": area_title,
                "criteria": ", ".join(_criterion_key(ind.id, c) for c in crits),
                "outputs": "; ".join(f"{ind.id}.{CRITERIA.index(c) + 1} "
                                     f"{g[g['criterion'] == c].iloc[0]['criterion_text']}" for c in crits),
                "indicator": m["text"], "kind": kind, "disaggregation": ", ".join(d.replace("_", " ") for d in m.get("disaggregation") or []),
                "baseline": " ".join(p for p in base_parts if p), "baseline_from": src,
                "target": str(m["target"]).format(end=end), "verification": m["verification"],
                "frequency": m["frequency"], "collector": m["collector"],
                "status": "gap: " + ", ".join(STATUS_WORDS.get(g[g['criterion'] == c].iloc[0]['status'], '')
                                              for c in crits),
            })
    return activities, mel, outcomes
