"""Judge each of the 100 indicator criteria from its evidence, by the rubric.

Three kinds of evidence can speak to a criterion:

- ``desk``: the assessor's desk-review finding (met / partly met / not met, or
  unknown) with source citations;
- ``survey``: the grid items ``evidence_map.yaml`` maps to the criterion, pooled
  into a favourable share among valid answers — a signal only when the pooled
  number of valid answers reaches ``survey.min_n``;
- ``interview``: coded interview segments bearing on the criterion, as a net
  polarity (supports vs contradicts) — a signal only when they come from at least
  ``interview.min_interviews`` interviews.

Each signal becomes met (1), partly met (0.5) or not met (0). No signal at all →
``insufficient_evidence`` (never 0). One signal, or all agreeing → that status.

Evidence has a hierarchy (rubric ``hierarchy``): a framework criterion (a law,
ratification, plan or procedure on paper) with a *cited* desk-review finding is
decided by that finding (rule R4); survey or interview signals that disagree do
not move it but make it "conflicting evidence — for the assessor to confirm"
(``to_confirm``, the desk status kept as the provisional status). Other
disagreeing signals (operational criteria, uncited desk findings) → the weighted
mean (weights per framework / operational criterion) mapped through the
rubric's bands. Every decision records its rule. An assessor override always
wins, is recorded with its reason and settles anything that was to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

POINTS = {"met": 1.0, "partly_met": 0.5, "not_met": 0.0}


@dataclass
class Signal:
    source: str  # desk | survey | interview
    status: str  # met | partly_met | not_met
    detail: str
    refs: list[str] = field(default_factory=list)


@dataclass
class Judgement:
    indicator: str
    criterion: str
    status: str
    rule: str
    signals: list[Signal]
    evidence: list[dict]  # long-form evidence records (source, ref, detail, used)
    override_reason: str = ""
    to_confirm: bool = False
    confirm_reason: str = ""

    def flag(self, reason: str) -> None:
        """Mark the status as provisional, for the assessor to confirm."""
        self.to_confirm = True
        self.confirm_reason = "; ".join(r for r in (self.confirm_reason, reason) if r)


def desk_signal(row: dict | None) -> Signal | None:
    """The desk-review finding as a signal (``unknown`` gives none)."""
    if not row or row.get("finding") not in POINTS:
        return None
    cites = [c.strip() for c in str(row.get("citations") or "").split(";") if c.strip()]
    return Signal("desk", row["finding"], f"desk review: {row['finding']}"
                  + (f" ({'; '.join(cites)})" if cites else ""), cites)


def survey_signal(items: list[dict], rubric: dict) -> tuple[Signal | None, str]:
    """Pool the mapped grid items' favourability; returns (signal, note)."""
    cfg = rubric["survey"]
    n = sum(int(i["n_valid"]) for i in items)
    fav = sum(int(i["favourable"]) for i in items)
    if not items:
        return None, ""
    if n < int(cfg["min_n"]):
        return None, f"survey: n={n} valid answers, below the minimum of {cfg['min_n']}"
    share = fav / n
    if share >= float(cfg["met_share"]):
        status = "met"
    elif share >= float(cfg["partly_share"]):
        status = "partly_met"
    else:
        status = "not_met"
    return Signal("survey", status, f"survey: {fav}/{n} favourable ({share:.0%})",
                  [i["question"] for i in items]), ""


def interview_signal(segments: list[dict], rubric: dict) -> tuple[Signal | None, str]:
    """Net polarity of the coded segments; returns (signal, note)."""
    cfg = rubric["interview"]
    polar = [s for s in segments if s.get("polarity") in ("supports", "contradicts")]
    if not polar:
        return None, ""
    interviews = {s["interview_code"] for s in polar}
    need = int(cfg["min_interviews"])
    sup = sum(1 for s in polar if s["polarity"] == "supports")
    con = len(polar) - sup
    if len(interviews) < need:
        return None, f"interviews: {len(polar)} segment(s) from {len(interviews)} interview(s), below the minimum of {need}"
    net = (sup - con) / (sup + con)
    if net >= float(cfg["met_net"]):
        status = "met"
    elif net <= float(cfg["not_met_net"]):
        status = "not_met"
    else:
        status = "partly_met"
    return Signal("interview", status, f"interviews: {sup} supporting, {con} contradicting "
                  f"segment(s) from {len(interviews)} interview(s)", [s["segment_id"] for s in polar]), ""


STATUS_WORDS = {"met": "met", "partly_met": "partly met", "not_met": "not met"}


def desk_decides(signals: list[Signal], kind: str, rubric: dict) -> Signal | None:
    """The desk signal when the rubric's hierarchy lets it decide alone: a
    framework criterion with a desk finding that cites at least one source."""
    cfg = ((rubric.get("hierarchy") or {}).get("framework") or {})
    if kind != "framework" or cfg.get("decided_by") != "desk":
        return None
    desk = next((s for s in signals if s.source == "desk"), None)
    if desk is None or (cfg.get("needs_citation", True) and not desk.refs):
        return None
    return desk


def conflicts(signals: list[Signal], decisive: Signal) -> str:
    """Words naming the signals that disagree with the decisive one ('' if none)."""
    others = [s for s in signals if s is not decisive and s.status != decisive.status]
    if not others:
        return ""
    return (f"conflicting evidence: the cited desk finding says {STATUS_WORDS[decisive.status]}, but "
            + "; ".join(f"{s.source} says {STATUS_WORDS[s.status]} ({s.detail.split(': ', 1)[-1]})"
                        for s in others))


def combine(signals: list[Signal], kind: str, rubric: dict) -> tuple[str, str]:
    """(status, rule) from the available signals."""
    if not signals:
        return "insufficient_evidence", "R0 no usable evidence"
    decisive = desk_decides(signals, kind, rubric)
    if decisive is not None:
        return decisive.status, (f"R4 framework criterion decided by the cited desk-review finding "
                                 f"({'+'.join(s.source for s in signals)})")
    statuses = {s.status for s in signals}
    sources = "+".join(s.source for s in signals)
    if len(signals) == 1:
        return signals[0].status, f"R1 single source ({sources})"
    if len(statuses) == 1:
        return signals[0].status, f"R2 sources agree ({sources})"
    weights = rubric["weights"][kind]
    total = sum(float(weights[s.source]) for s in signals)
    mean = sum(float(weights[s.source]) * POINTS[s.status] for s in signals) / total
    bands = rubric["bands"]
    if mean >= float(bands["met"]):
        status = "met"
    elif mean <= float(bands["not_met"]):
        status = "not_met"
    else:
        status = "partly_met"
    return status, f"R3 weighted {kind} mean {mean:.2f} ({sources})"


def judge(indicator: str, criterion: str, desk_row: dict | None, survey_items: list[dict],
          segments: list[dict], rubric: dict, override: dict | None = None,
          extra_evidence: list[dict] | None = None) -> Judgement:
    """Judge one criterion."""
    kind = "framework" if criterion.startswith("fw") else "operational"
    evidence: list[dict] = []
    signals: list[Signal] = []
    ds = desk_signal(desk_row)
    if desk_row is not None:
        evidence.append({"source": "desk", "ref": f"{indicator}.{criterion}",
                         "detail": f"{desk_row.get('finding', '')}: {desk_row.get('citations', '')}".strip(": "),
                         "used": ds is not None})
    if ds:
        signals.append(ds)
    ss, note = survey_signal(survey_items, rubric)
    for i in survey_items:
        share = i.get("favourable_share")
        evidence.append({"source": "survey", "ref": i["question"],
                         "detail": f"n={i['n_valid']}, favourable {i['favourable']}"
                                   + (f" ({float(share):.0%})" if share not in (None, "") else ""),
                         "used": ss is not None})
    if ss:
        signals.append(ss)
    iss, inote = interview_signal(segments, rubric)
    for s in segments:
        evidence.append({"source": "interview", "ref": s["segment_id"],
                         "detail": f"{s.get('theme', '')} ({s.get('polarity') or 'no polarity'})",
                         "used": iss is not None and s.get("polarity") in ("supports", "contradicts")})
    if iss:
        signals.append(iss)
    for e in extra_evidence or []:
        evidence.append(dict(e, used=False))
    status, rule = combine(signals, kind, rubric)
    notes = [n for n in (note, inote) if n]
    if notes and status == "insufficient_evidence":
        rule += "; " + "; ".join(notes)
    j = Judgement(indicator, criterion, status, rule, signals, evidence)
    decisive = desk_decides(signals, kind, rubric)
    if decisive is not None and conflicts(signals, decisive):
        j.rule += "; C1 to confirm"
        j.flag(conflicts(signals, decisive))
    if override:
        j.rule = f"OVERRIDE (computed: {status} by {rule})"
        j.status = override["status"]
        j.override_reason = override["reason"]
        j.to_confirm, j.confirm_reason = False, ""
    return j


LEVEL_PAIRS = (("fw1", "fw2"), ("op1", "op2"))


def flag_levels(judgements: list[Judgement], rubric: dict) -> None:
    """Flag (never change) each Level-2 criterion rated above its Level 1
    (rule C2), unless the assessor overrode the Level-2 status."""
    cfg = (rubric.get("hierarchy") or {}).get("level_order") or {}
    if cfg.get("above_level_1", "to_confirm") != "to_confirm":
        return
    pairs = [tuple(p) for p in cfg.get("pairs") or LEVEL_PAIRS]
    by_key = {(j.indicator, j.criterion): j for j in judgements}
    for j in judgements:
        for l1, l2 in pairs:
            low = by_key.get((j.indicator, l1))
            if j.criterion != l2 or low is None or j.override_reason:
                continue
            if j.status in POINTS and low.status in POINTS and POINTS[j.status] > POINTS[low.status]:
                j.rule += "; C2 to confirm"
                j.flag(f"Level 2 ({STATUS_WORDS[j.status]}) rated above its Level 1 {low.criterion} "
                       f"({STATUS_WORDS[low.status]})")


def evidence_text(j: Judgement) -> str:
    """One readable line of evidence for ``scores.csv``."""
    parts = [s.detail + (f" [{', '.join(s.refs)}]" if s.refs and s.source != "desk" else "") for s in j.signals]
    nap = [e for e in j.evidence if e["source"] == "nap"]
    unused = [e for e in j.evidence if not e["used"] and e["source"] != "nap"]
    if nap:
        parts.append("NAP, for the assessor to confirm: " + "; ".join(e["detail"] for e in nap))
    if unused:
        parts.append("not counted: " + ", ".join(f"{e['source']} {e['ref']}" for e in unused))
    return " | ".join(parts)


def to_frame(judgements: list[Judgement], rubric_version: str) -> pd.DataFrame:
    return pd.DataFrame([{
        "indicator": j.indicator, "criterion": j.criterion, "status": j.status, "rule": j.rule,
        "evidence": evidence_text(j), "override_reason": j.override_reason, "rubric_version": rubric_version,
        "to_confirm": j.to_confirm, "confirm_reason": j.confirm_reason,
    } for j in judgements], columns=SCORE_COLUMNS)


SCORE_COLUMNS = ["indicator", "criterion", "status", "rule", "evidence", "override_reason", "rubric_version",
                 "to_confirm", "confirm_reason"]
