"""The recommendation behind each gap, whatever stage produced it.

Two shapes are read:

- consolidated recommendations (``analysis/<ISO3>/recommendations.csv`` from the
  ``recommend`` stage): one row per building block with the gaps it answers
  (``gaps``), responsible bodies, timeframe and workshop outcome; the actions per
  criterion come from the blocks of ``instruments/recommendations.yaml``;
- one draft per criterion (``recommendations:`` list in the same YAML, with the
  report's numbering and workshop outcomes).

Returns one record per gap criterion: ``id``, ``text``, ``outcome``, ``bodies``.
"""

from __future__ import annotations

from .. import catalogue
from ..messages import N_, _

NOTES = {"endorsed": N_("(endorsed at the validation workshop)"),
         "amended": N_("(as amended at the validation workshop)"),
         "rejected": N_("(not endorsed at the validation workshop: reconsider)")}


def _note(outcome: str) -> str:
    return " " + _(NOTES[outcome]) if outcome in NOTES else ""


def _from_consolidated(recs, inst) -> dict[tuple[str, str], dict]:
    blocks = {b.key: b for b in inst.recommendations.blocks}
    out: dict[tuple[str, str], dict] = {}
    for r in recs.to_dict("records"):
        block = blocks.get(r.get("key", ""))
        for key in [g.strip() for g in str(r.get("gaps", "")).split(";") if g.strip()]:
            ind, crit = key.rsplit(".", 1)
            actions = [a.text.strip() for a in (block.actions if block else []) if a.criterion == key]
            text = " ".join(actions) or str(r.get("change", ""))
            ref = r.get("id") or r.get("key", "")
            note = _note(r.get("outcome", ""))
            if r.get("outcome") == "amended" and str(r.get("validated_text") or "").strip():
                text = str(r["validated_text"]).strip()  # the workshop's wording replaces the drafted actions
            out[(ind, crit)] = {"id": ref, "text": text + note,
                                "outcome": r.get("outcome", ""),
                                "bodies": [b.strip() for b in str(r.get("bodies", "")).split(";") if b.strip()]}
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
        return _from_consolidated(recs, inst)
    return _from_per_criterion(country, root, inst)
