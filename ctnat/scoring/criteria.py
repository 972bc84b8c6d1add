"""Judge each of the 100 indicator criteria from its evidence, by the rubric.

Three kinds of evidence can speak to a criterion, and only evidence that
measures what the criterion asks counts:

- ``desk``: the assessor's desk-review finding (met / partly met / not met, or
  unknown) with source citations;
- ``survey``: the grid items ``evidence_map.yaml`` maps to the criterion whose
  measure (``measures``: existence, use, adequacy, frequency) may speak to what
  the criterion asks (indicators.yaml ``asks``; the rubric's ``matching``
  table), pooled into a favourable share among valid answers — a signal only
  when the pooled number of valid answers reaches ``survey.min_n``. A frequency
  item is favourable from the answer its ``met_at`` names on ("sometimes" for
  ad hoc practice, "often" for consistent practice); other items by their
  scale's favourable answers;
- ``interview``: coded interview segments whose theme bears on the criterion
  (survey free text and off-topic segments never count). Each interview is one
  voice (the balance of its segments), each stakeholder type's view the balance
  of its interviews; all types agreeing give their status, types that differ
  "partly met" — a signal only from ``interview.min_interviews`` interviews or
  ``interview.min_types`` stakeholder types.

Each signal becomes met (1), partly met (0.5) or not met (0).

Framework criteria (a law, ratification, plan or procedure on paper) are decided
by documents: a *cited* desk finding decides (rule R4) and disagreeing survey or
interview signals make it "conflicting evidence — for the assessor to confirm"
(C1); without a cited desk finding the criterion is ``insufficient_evidence``
(R5), flagged to confirm (C3) when opinion or an uncited finding speaks to it —
never met or not met from opinion. Operational criteria: no signal →
``insufficient_evidence`` (R0, never 0); one signal, or all agreeing → that
status (R1, R2); disagreeing signals → the weighted mean mapped through the
rubric's bands (R3). Every decision records its rule. An assessor override
always wins, is recorded with its reason and settles anything that was to
confirm.

A judgement is data, not prose: its rule id, each source's signal with the
facts behind it (cited sources, survey items with n and favourable answers,
the coded segments counted, each stakeholder type's view, what was set aside)
and its flags become columns of ``scores.csv`` (:data:`SCORE_COLUMNS`; lists
are ``;``-joined, :func:`join_ids`). The report and the plan word them; nothing
downstream reads a sentence written here.
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
    opinion_only: bool = False  # C3

    @property
    def overridden(self) -> bool:
        return self.rule == "OVERRIDE"

    @property
    def to_confirm(self) -> bool:
        return self.conflicting or self.level_above or self.opinion_only


def desk_signal(row: dict | None) -> tuple[Signal | None, dict]:
    """The desk-review finding as a signal (``unknown`` gives none); returns (signal, facts)."""
    if row is None:
        return None, {"desk_finding": "", "desk_signal": "", "desk_citations": ""}
    finding = str(row.get("finding") or "unknown")
    cites = split_ids(row.get("citations"))
    sig = Signal("desk", finding, cites) if finding in POINTS else None
    return sig, {"desk_finding": finding, "desk_signal": sig.status if sig else "", "desk_citations": join_ids(cites)}


def frequency_read(counts: dict[str, int], valid: list[str], met_at: str) -> tuple[int, int]:
    """(valid answers, favourable answers) of a frequency item read from ``met_at``
    on: ``valid`` are the scale's answers from most to least often (no "don't know")."""
    n = sum(int(counts.get(c, 0)) for c in valid)
    fav = sum(int(counts.get(c, 0)) for c in valid[:valid.index(met_at) + 1])
    return n, fav


def matches(item: dict, asks: str, rubric: Rubric) -> bool:
    """Whether a survey item's measure may speak to what the criterion asks."""
    return item.get("measures") in rubric.matching.get(asks, [])  # type: ignore[call-overload]


def survey_signal(items: list[dict], rubric: Rubric, asks: str) -> tuple[Signal | None, dict]:
    """Pool the favourability of the mapped items that match what the criterion
    asks; returns (signal, facts)."""
    cfg = rubric.survey
    counted = [i for i in items if matches(i, asks, rubric)]
    n = sum(int(i["n_valid"]) for i in counted)
    fav = sum(int(i["favourable"]) for i in counted)
    facts = {"survey_items": join_ids(i["question"] for i in items), "survey_n": n, "survey_favourable": fav,
             "survey_signal": "", "survey_below_min": bool(counted) and n < cfg.min_n,
             "survey_unmatched": join_ids(i["question"] for i in items if i not in counted)}
    if not counted or facts["survey_below_min"]:
        return None, facts
    share = fav / n
    if share >= cfg.met_share:
        status = "met"
    elif share >= cfg.partly_share:
        status = "partly_met"
    else:
        status = "not_met"
    facts["survey_signal"] = status
    return Signal("survey", status, [i["question"] for i in counted]), facts


POLAR = ("supports", "contradicts")


def segment_set_aside(segment: dict) -> str:
    """Why a coded segment cannot count for the criterion it was listed under
    ('' when it can): survey free text, an answer to a question asking for
    recommendations (a proposal, not a finding), a theme that does not bear on
    it, no polarity."""
    if (segment.get("origin") or "interview") != "interview":
        return "not_interview"
    if segment.get("proposal"):
        return "proposal"
    if not segment.get("on_topic", True):
        return "off_topic"
    if segment.get("polarity") not in POLAR:
        return "no_polarity"
    return ""


def _balance(views: list[str]) -> str:
    sup, con = views.count("supports"), views.count("contradicts")
    return "supports" if sup > con else "contradicts" if con > sup else "mixed"


def stakeholder_type(entity_type, rubric: Rubric) -> str:
    """The rubric's stakeholder type of an interview (an unlisted type is the last one, 'other')."""
    types = rubric.interview.stakeholder_types
    return entity_type if entity_type in types else types[-1]


def interview_signal(segments: list[dict], rubric: Rubric) -> tuple[Signal | None, dict]:
    """Each stakeholder type's view of the criterion and whether they agree;
    returns (signal, facts)."""
    cfg = rubric.interview
    polar = [s for s in segments if not segment_set_aside(s)]
    voices: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for s in polar:
        voices.setdefault(s["interview_code"], []).append(s["polarity"])
        kinds[s["interview_code"]] = stakeholder_type(s.get("entity_type"), rubric)
    by_type: dict[str, list[str]] = {}
    for code, pols in voices.items():
        by_type.setdefault(kinds[code], []).append(_balance(pols))
    views = {t: _balance(v) for t, v in by_type.items()}
    sup = sum(1 for s in polar if s["polarity"] == "supports")
    below = bool(polar) and len(voices) < cfg.min_interviews and len(views) < cfg.min_types
    facts = {"interview_segments": join_ids(s["segment_id"] for s in polar), "interview_n": len(voices),
             "interview_supporting": sup, "interview_contradicting": len(polar) - sup, "interview_signal": "",
             "interview_views": join_ids(f"{t}={views[t]}" for t in cfg.stakeholder_types if t in views),
             "interview_below_min": below}
    if not polar or below:
        return None, facts
    agreed = set(views.values())
    status = ("met" if agreed == {"supports"} else "not_met" if agreed == {"contradicts"} else "partly_met")
    facts["interview_signal"] = status
    return Signal("interview", status, [s["segment_id"] for s in polar]), facts


def cited_desk(signals: list[Signal], rubric: Rubric) -> Signal | None:
    """The desk signal when it may decide a framework criterion: a finding that
    cites at least one source (when the rubric asks for a citation)."""
    desk = next((s for s in signals if s.source == "desk"), None)
    if desk is None or (rubric.hierarchy.framework.needs_citation and not desk.refs):
        return None
    return desk


def desk_decides(signals: list[Signal], kind: str, rubric: Rubric) -> Signal | None:
    """The cited desk signal of a framework criterion (it decides alone), else None."""
    return cited_desk(signals, rubric) if kind == "framework" else None


def conflicts(signals: list[Signal], decisive: Signal) -> list[Signal]:
    """The signals that disagree with the decisive one."""
    return [s for s in signals if s is not decisive and s.status != decisive.status]


def combine(signals: list[Signal], kind: str, rubric: Rubric) -> tuple[str, str, float | None]:
    """(status, rule id, weighted mean or None) from the available signals."""
    if kind == "framework":
        decisive = desk_decides(signals, kind, rubric)
        if decisive is not None:
            return decisive.status, "R4", None
        return rubric.hierarchy.framework.without_desk, "R5", None
    if not signals:
        return "insufficient_evidence", "R0", None
    statuses = {s.status for s in signals}
    if len(signals) == 1:
        return signals[0].status, "R1", None
    if len(statuses) == 1:
        return signals[0].status, "R2", None
    weights = rubric.weights
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
          extra_evidence: list[dict] | None = None, *, asks: str) -> Judgement:
    """Judge one criterion that asks ``asks`` (indicators.yaml). ``survey_items``:
    the mapped items with ``question``, ``measures``, ``n_valid`` and
    ``favourable`` (a frequency item's read from its ``met_at``); ``segments``:
    the coded segments listed under the criterion, with ``on_topic`` (its theme
    bears on the criterion). ``extra_evidence``: the NAP's record for it
    (status, measure ids, whether it asks the assessor to check), never counted."""
    kind = criterion_kind(criterion)
    evidence: list[dict] = []
    ds, facts = desk_signal(desk_row)
    if desk_row is not None:
        evidence.append({"source": "desk", "ref": f"{indicator}.{criterion}", "used": ds is not None,
                         "finding": facts["desk_finding"], "citations": facts["desk_citations"]})
    ss, sfacts = survey_signal(survey_items, rubric, asks)
    for i in survey_items:
        matched = matches(i, asks, rubric)
        evidence.append({"source": "survey", "ref": i["question"], "used": ss is not None and matched,
                         "n_valid": int(i["n_valid"]), "favourable": int(i["favourable"]),
                         "measures": i.get("measures", ""), "met_at": i.get("met_at", ""),
                         "set_aside": "" if ss is not None and matched else "unmatched" if not matched
                         else "below_min"})
    iss, ifacts = interview_signal(segments, rubric)
    uncounted, off_topic = [], []
    for s in segments:
        aside = segment_set_aside(s) or ("" if iss is not None else "below_min")
        if aside:
            uncounted.append(s["segment_id"])
        if aside == "off_topic":
            off_topic.append(s["segment_id"])
        evidence.append({"source": "interview", "ref": s["segment_id"], "used": not aside,
                         "theme": s.get("theme", ""), "polarity": s.get("polarity") or "",
                         "entity_type": s.get("entity_type") or "", "set_aside": aside})
    signals = [s for s in (ds, ss, iss) if s]
    nap = {"nap_status": "", "nap_measures": "", "nap_check": False}
    for e in extra_evidence or []:
        nap = {"nap_status": e["status"], "nap_measures": join_ids(e["measures"]), "nap_check": bool(e["check"])}
        evidence.append({"source": "nap", "ref": nap["nap_measures"], "used": False, "finding": e["status"],
                         "nap_check": nap["nap_check"]})
    status, rule, mean = combine(signals, kind, rubric)
    facts.update(sfacts)
    facts.update(ifacts, interview_uncounted=join_ids(uncounted), interview_off_topic=join_ids(off_topic))
    facts.update(nap)
    facts["asks"] = asks
    j = Judgement(indicator, criterion, status, rule, signals, evidence, facts,
                  computed_status=status, computed_rule=rule, weighted_mean=mean)
    decisive = desk_decides(signals, kind, rubric)
    if override:
        j.rule, j.status, j.override_reason = "OVERRIDE", override["status"], override["reason"]
    elif decisive is not None and conflicts(signals, decisive):
        j.conflicting = True
    elif rule == "R5" and signals and rubric.hierarchy.framework.opinion_without_desk == "to_confirm":
        j.opinion_only = True
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
    "to_confirm", "conflicting", "level_above", "opinion_only", "overridden", "override_reason", "rubric_version",
    "asks", "desk_finding", "desk_signal", "desk_citations",
    "survey_items", "survey_n", "survey_favourable", "survey_signal", "survey_below_min", "survey_unmatched",
    "interview_segments", "interview_n", "interview_supporting", "interview_contradicting", "interview_signal",
    "interview_views", "interview_below_min", "interview_uncounted", "interview_off_topic",
    "nap_status", "nap_measures", "nap_check",
]

#: The columns of ``evidence.csv``: one row per piece of evidence, with the
#: fields of its kind (desk: finding, citations; survey: n_valid, favourable,
#: what it measures and a frequency item's met_at; interview: theme, polarity,
#: entity_type; nap: finding = the plan's coverage, nap_check) and, when it did
#: not count, why (``set_aside``: unmatched, below_min, off_topic, not_interview,
#: proposal, no_polarity).
EVIDENCE_COLUMNS = ["indicator", "criterion", "source", "ref", "used", "finding", "citations", "n_valid",
                    "favourable", "measures", "met_at", "theme", "polarity", "entity_type", "set_aside", "nap_check"]


def to_frame(judgements: list[Judgement], rubric_version: str) -> pd.DataFrame:
    return pd.DataFrame([{
        "indicator": j.indicator, "criterion": j.criterion, "status": j.status, "rule": j.rule,
        "computed_status": j.computed_status, "computed_rule": j.computed_rule,
        "weighted_mean": "" if j.weighted_mean is None else round(j.weighted_mean, 6),
        "to_confirm": j.to_confirm, "conflicting": j.conflicting, "level_above": j.level_above,
        "opinion_only": j.opinion_only,
        "overridden": j.overridden, "override_reason": j.override_reason, "rubric_version": rubric_version,
        **j.facts,
    } for j in judgements], columns=SCORE_COLUMNS)


def evidence_frame(judgements: list[Judgement]) -> pd.DataFrame:
    rows = [{c: e.get(c, "") for c in EVIDENCE_COLUMNS} | {"indicator": j.indicator, "criterion": j.criterion}
            for j in judgements for e in j.evidence]
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
