"""The recommendation behind each gap, whatever stage produced it.

Two shapes are read:

- consolidated recommendations (``analysis/<ISO3>/recommendations.csv`` from the
  ``recommend`` stage): one row per building block with the gaps it answers
  (``gaps``), responsible bodies, timeframe and workshop outcome; the actions per
  criterion are those the recommend stage kept (``recommendation_actions.csv``:
  reworded where the country has what an action would create, none where every
  action was dropped for that reason);
- one draft per criterion (``recommendations:`` list in the same YAML, with the
  report's numbering and workshop outcomes).

Returns one record per gap criterion: ``id``, ``text``, ``outcome``, ``bodies``.
"""

from __future__ import annotations

from .. import catalogue
from ..messages import N_, _, label
from ..recommend.ground import DROPPED, KEPT

NOTES = {"endorsed": N_("(endorsed at the validation workshop)"),
         "amended": N_("(as amended at the validation workshop)"),
         "rejected": N_("(not endorsed at the validation workshop: reconsider)")}


def _note(outcome: str) -> str:
    return " " + _(NOTES[outcome]) if outcome in NOTES else ""


def _kept_actions(actions) -> tuple[dict[tuple[str, str], list[str]], set[tuple[str, str]]]:
    """(block key, criterion) → the texts of its actions kept by the recommend stage
    (as drafted, reworded for what exists, or worded for the missing part); and the
    (block key, criterion) pairs whose every action asked for what the country has."""
    kept: dict[tuple[str, str], list[str]] = {}
    gone: set[tuple[str, str]] = set()
    for r in actions.to_dict("records") if actions is not None else []:
        pair = (r["key"], r["criterion"])
        if r["basis"] in KEPT:
            kept.setdefault(pair, []).append(str(r["text"]).strip())
        elif r["basis"] == DROPPED:
            gone.add(pair)
    return kept, gone - set(kept)


def _actors(actions) -> dict[tuple[str, str], list[str]]:
    """(block key, criterion) → the actors of its kept actions, in order, once each."""
    out: dict[tuple[str, str], list[str]] = {}
    for r in actions.to_dict("records") if actions is not None else []:
        if r["basis"] in KEPT:
            names = out.setdefault((r["key"], r["criterion"]), [])
            names += [a.strip() for a in str(r["actors"]).split(";") if a.strip() and a.strip() not in names]
    return out


def _from_consolidated(recs, inst, actions=None) -> dict[tuple[str, str], dict]:
    blocks = {b.key: b for b in inst.recommendations.blocks}
    kept, gone = _kept_actions(actions)
    actors = _actors(actions)
    out: dict[tuple[str, str], dict] = {}
    for _block, gap in sorted(gone):  # a gap whose actions the country's instruments made moot
        ind_, crit_ = gap.rsplit(".", 1)
        out[(ind_, crit_)] = {"id": "", "text": "", "outcome": "", "bodies": [], "answered_by_existing": True}
    for r in recs.to_dict("records"):
        block = blocks.get(r.get("key", ""))
        for key in [g.strip() for g in str(r.get("gaps", "")).split(";") if g.strip()]:
            ind, crit = key.rsplit(".", 1)
            if actions is not None:
                texts = kept.get((r.get("key", ""), key), [])
            else:
                texts = [label(a.text).strip() for a in (block.actions if block else []) if a.criterion == key]
            text = " ".join(texts) or str(r.get("change", ""))
            ref = r.get("id") or r.get("key", "")
            note = _note(r.get("outcome", ""))
            if r.get("outcome") == "amended" and str(r.get("validated_text") or "").strip():
                text = str(r["validated_text"]).strip()  # the workshop's wording replaces the drafted actions
            out[(ind, crit)] = {"id": ref, "text": text + note, "plain": text,
                                "outcome": r.get("outcome", ""), "title": str(r.get("title") or ""),
                                "priority": str(r.get("priority") or ""),
                                "bodies": actors.get((r.get("key", ""), key))
                                or [b.strip() for b in str(r.get("bodies", "")).split(";") if b.strip()]}
    return out


def _from_per_criterion(country, root, inst) -> dict[tuple[str, str], dict]:
    from ..recommend import draft_recommendations

    recs = draft_recommendations(country, root)
    out = {}
    for r in recs.to_dict("records"):
        if "indicator" not in r or "criterion" not in r:
            continue
        text = r["validated_text"] if r.get("outcome") == "amended" and r.get("validated_text") else r.get("text", "")
        out[(r["indicator"], r["criterion"])] = {"id": r.get("id", ""),
                                                 "text": text + _note(r.get("outcome", "")),
                                                 "outcome": r.get("outcome", ""), "bodies": []}
    return out


def recommendations_by_criterion(country: str, root, inst) -> dict[tuple[str, str], dict]:
    """(indicator, criterion) → recommendation record for every gap that has one."""
    recs = catalogue.read("recommendations", country, root, missing_ok=True)
    if recs is not None and "gaps" in recs.columns:
        return _from_consolidated(recs, inst, catalogue.read("recommendation_actions", country, root, missing_ok=True))
    return _from_per_criterion(country, root, inst)
