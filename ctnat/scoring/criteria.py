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

A judgement is data, not prose: its rule id, each source's signal with the
facts behind it (cited sources, survey items with n and favourable answers,
the coded segments counted) and its flags become columns of ``scores.csv``
(:data:`SCORE_COLUMNS`; lists are ``;``-joined, :func:`join_ids`). The report
and the plan word them; nothing downstream reads a sentence written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..instruments import Rubric

POINTS = {"met": 1.0, "partly_met": 0.5, "not_met": 0.0}
SOURCES = ("desk", "survey", "interview")
LIST_SEP = ";"


def join_ids(ids) -> str:
    """A list-valued field as one CSV cell: the ids ``;``-joined, no spaces."""
    return LIST_SEP.join(str(i) for i in ids)


def split_ids(cell) -> list[str]:
    """The ids of a ``;``-joined cell (an empty cell is no id)."""
    return [p.strip() for p in str(cell or "").split(LIST_SEP) if p.strip()]


@dataclass
class Signal:
    source: str  # desk | survey | interview
    status: str  # met | partly_met | not_met
    refs: list[str] = field(default_factory=list)  # citations | item codes | segment ids


@dataclass
class Judgement:
    indicator: str
    criterion: str
    status: str
    rule: str  # the rubric rule id that decided the status: R0-R4 or OVERRIDE
    signals: list[Signal]
    evidence: list[dict]  # long-form evidence records (evidence.csv)
    facts: dict[str, Any] = field(default_factory=dict)  # the per-source columns of scores.csv
    computed_status: str = ""
    computed_rule: str = ""
    weighted_mean: float | None = None
    override_reason: str = ""
    conflicting: bool = False  # C1
    level_above: bool = False  # C2

    @property
    def overridden(self) -> bool:
        return self.rule == "OVERRIDE"

    @property
    def to_confirm(self) -> bool:
        return self.conflicting or self.level_above


def desk_signal(row: dict | None) -> tuple[Signal | None, dict]:
    """The desk-review finding as a signal (``unknown`` gives none); returns (signal, facts)."""
    if row is None:
        return None, {"desk_finding": "", "desk_signal": "", "desk_citations": ""}
    finding = str(row.get("finding") or "unknown")
    cites = split_ids(row.get("citations"))
    sig = Signal("desk", finding, cites) if finding in POINTS else None
    return sig, {"desk_finding": finding, "desk_signal": sig.status if sig else "", "desk_citations": join_ids(cites)}


def survey_signal(items: list[dict], rubric: Rubric) -> tuple[Signal | None, dict]:
    """Pool the mapped grid items' favourability; returns (signal, facts)."""
    cfg = rubric.survey
    n = sum(int(i["n_valid"]) for i in items)
    fav = sum(int(i["favourable"]) for i in items)
    facts = {"survey_items": join_ids(i["question"] for i in items), "survey_n": n, "survey_favourable": fav,
             "survey_signal": "", "survey_below_min": bool(items) and n < cfg.min_n}
    if not items or facts["survey_below_min"]:
        return None, facts
    share = fav / n
    if share >= cfg.met_share:
        status = "met"
    elif share >= cfg.partly_share:
        status = "partly_met"
    else:
        status = "not_met"
    facts["survey_signal"] = status
    return Signal("survey", status, [i["question"] for i in items]), facts


def interview_signal(segments: list[dict], rubric: Rubric) -> tuple[Signal | None, dict]:
    """Net polarity of the coded segments; returns (signal, facts)."""
    cfg = rubric.interview
    polar = [s for s in segments if s.get("polarity") in ("supports", "contradicts")]
    interviews = {s["interview_code"] for s in polar}
    sup = sum(1 for s in polar if s["polarity"] == "supports")
    con = len(polar) - sup
    facts = {"interview_segments": join_ids(s["segment_id"] for s in polar), "interview_n": len(interviews),
             "interview_supporting": sup, "interview_contradicting": con, "interview_signal": "",
             "interview_below_min": bool(polar) and len(interviews) < cfg.min_interviews}
    if not polar or facts["interview_below_min"]:
        return None, facts
    net = (sup - con) / (sup + con)
    if net >= cfg.met_net:
        status = "met"
    elif net <= cfg.not_met_net:
        status = "not_met"
    else:
        status = "partly_met"
    facts["interview_signal"] = status
    return Signal("interview", status, [s["segment_id"] for s in polar]), facts


def desk_decides(signals: list[Signal], kind: str, rubric: Rubric) -> Signal | None:
    """The desk signal when the rubric's hierarchy lets it decide alone: a
    framework criterion with a desk finding that cites at least one source."""
    cfg = rubric.hierarchy.framework
    if kind != "framework" or cfg.decided_by != "desk":
        return None
    desk = next((s for s in signals if s.source == "desk"), None)
    if desk is None or (cfg.needs_citation and not desk.refs):
        return None
    return desk


def conflicts(signals: list[Signal], decisive: Signal) -> list[Signal]:
    """The signals that disagree with the decisive one."""
    return [s for s in signals if s is not decisive and s.status != decisive.status]


def combine(signals: list[Signal], kind: str, rubric: Rubric) -> tuple[str, str, float | None]:
    """(status, rule id, weighted mean or None) from the available signals."""
    if not signals:
        return "insufficient_evidence", "R0", None
    decisive = desk_decides(signals, kind, rubric)
    if decisive is not None:
        return decisive.status, "R4", None
    statuses = {s.status for s in signals}
    if len(signals) == 1:
        return signals[0].status, "R1", None
    if len(statuses) == 1:
        return signals[0].status, "R2", None
    weights = getattr(rubric.weights, kind)
    total = sum(getattr(weights, s.source) for s in signals)
    mean = sum(getattr(weights, s.source) * POINTS[s.status] for s in signals) / total
    bands = rubric.bands
    if mean >= bands.met:
        status = "met"
    elif mean <= bands.not_met:
        status = "not_met"
    else:
        status = "partly_met"
    return status, "R3", mean


def criterion_kind(criterion: str) -> str:
    return "framework" if criterion.startswith("fw") else "operational"


def judge(indicator: str, criterion: str, desk_row: dict | None, survey_items: list[dict],
          segments: list[dict], rubric: Rubric, override: dict | None = None,
          extra_evidence: list[dict] | None = None) -> Judgement:
    """Judge one criterion. ``extra_evidence``: the NAP's record for it (status,
    measure ids, whether it asks the assessor to check), never counted."""
    kind = criterion_kind(criterion)
    evidence: list[dict] = []
    signals: list[Signal] = []
    ds, facts = desk_signal(desk_row)
    if desk_row is not None:
        evidence.append({"source": "desk", "ref": f"{indicator}.{criterion}", "used": ds is not None,
                         "finding": facts["desk_finding"], "citations": facts["desk_citations"]})
    ss, sfacts = survey_signal(survey_items, rubric)
    for i in survey_items:
        evidence.append({"source": "survey", "ref": i["question"], "used": ss is not None,
                         "n_valid": int(i["n_valid"]), "favourable": int(i["favourable"])})
    iss, ifacts = interview_signal(segments, rubric)
    uncounted = []
    for s in segments:
        used = iss is not None and s.get("polarity") in ("supports", "contradicts")
        if not used:
            uncounted.append(s["segment_id"])
        evidence.append({"source": "interview", "ref": s["segment_id"], "used": used,
                         "theme": s.get("theme", ""), "polarity": s.get("polarity") or ""})
    signals = [s for s in (ds, ss, iss) if s]
    nap = {"nap_status": "", "nap_measures": "", "nap_check": False}
    for e in extra_evidence or []:
        nap = {"nap_status": e["status"], "nap_measures": join_ids(e["measures"]), "nap_check": bool(e["check"])}
        evidence.append({"source": "nap", "ref": nap["nap_measures"], "used": False, "finding": e["status"],
                         "nap_check": nap["nap_check"]})
    status, rule, mean = combine(signals, kind, rubric)
    facts.update(sfacts)
    facts.update(ifacts, interview_uncounted=join_ids(uncounted))
    facts.update(nap)
    j = Judgement(indicator, criterion, status, rule, signals, evidence, facts,
                  computed_status=status, computed_rule=rule, weighted_mean=mean)
    decisive = desk_decides(signals, kind, rubric)
    if override:
        j.rule, j.status, j.override_reason = "OVERRIDE", override["status"], override["reason"]
    elif decisive is not None and conflicts(signals, decisive):
        j.conflicting = True
    return j


LEVEL_PAIRS = (("fw1", "fw2"), ("op1", "op2"))


def level_pairs(rubric: Rubric) -> list[tuple[str, str]]:
    """The (Level 1, Level 2) criterion pairs of the rubric's level order."""
    return [(str(p[0]), str(p[1])) for p in rubric.hierarchy.level_order.pairs or LEVEL_PAIRS]


def flag_levels(judgements: list[Judgement], rubric: Rubric) -> None:
    """Flag (never change) each Level-2 criterion rated above its Level 1
    (rule C2), unless the assessor overrode the Level-2 status."""
    if rubric.hierarchy.level_order.above_level_1 != "to_confirm":
        return
    by_key = {(j.indicator, j.criterion): j for j in judgements}
    for j in judgements:
        for l1, l2 in level_pairs(rubric):
            low = by_key.get((j.indicator, l1))
            if j.criterion != l2 or low is None or j.overridden:
                continue
            if j.status in POINTS and low.status in POINTS and POINTS[j.status] > POINTS[low.status]:
                j.level_above = True


#: The columns of ``scores.csv``: the decision, its flags (booleans), then each
#: source's signal (a status, or empty when the source gave none) and the facts
#: behind it. ``rule`` is the rubric rule that decided the status (``OVERRIDE``
#: for an assessor override); ``computed_status``/``computed_rule`` what the
#: evidence gave; ``weighted_mean`` only for R3.
SCORE_COLUMNS = [
    "indicator", "criterion", "status", "rule", "computed_status", "computed_rule", "weighted_mean",
    "to_confirm", "conflicting", "level_above", "overridden", "override_reason", "rubric_version",
    "desk_finding", "desk_signal", "desk_citations",
    "survey_items", "survey_n", "survey_favourable", "survey_signal", "survey_below_min",
    "interview_segments", "interview_n", "interview_supporting", "interview_contradicting", "interview_signal",
    "interview_below_min", "interview_uncounted",
    "nap_status", "nap_measures", "nap_check",
]

#: The columns of ``evidence.csv``: one row per piece of evidence, with the
#: fields of its kind (desk: finding, citations; survey: n_valid, favourable;
#: interview: theme, polarity; nap: finding = the plan's coverage, nap_check).
EVIDENCE_COLUMNS = ["indicator", "criterion", "source", "ref", "used", "finding", "citations", "n_valid",
                    "favourable", "theme", "polarity", "nap_check"]


def to_frame(judgements: list[Judgement], rubric_version: str) -> pd.DataFrame:
    return pd.DataFrame([{
        "indicator": j.indicator, "criterion": j.criterion, "status": j.status, "rule": j.rule,
        "computed_status": j.computed_status, "computed_rule": j.computed_rule,
        "weighted_mean": "" if j.weighted_mean is None else round(j.weighted_mean, 6),
        "to_confirm": j.to_confirm, "conflicting": j.conflicting, "level_above": j.level_above,
        "overridden": j.overridden, "override_reason": j.override_reason, "rubric_version": rubric_version,
        **j.facts,
    } for j in judgements], columns=SCORE_COLUMNS)


def evidence_frame(judgements: list[Judgement]) -> pd.DataFrame:
    rows = [{c: e.get(c, "") for c in EVIDENCE_COLUMNS} | {"indicator": j.indicator, "criterion": j.criterion}
            for j in judgements for e in j.evidence]
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
