"""Draft consolidated recommendations from the gaps — plain functions over tables.

One recommendation per building block with at least one gap criterion. It lists
the actions whose criterion is a gap, and only those: an action never targets a
criterion the evidence says is met (for a framework criterion, the cited desk
finding decides — see rubric ``hierarchy``). Numbers are given afterwards by
:func:`number`, densely per area in the order of the building blocks, over the
recommendations the workshop did not reject; the block ``key`` is what worksheets
and outcomes refer to, so renumbering never invalidates a filled worksheet.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd

from ..instruments import Recommendations
from ..messages import N_, _, label
from .ground import ACTION_COLUMNS, DROPPED, IF_EXISTS, KEPT, PARTLY, CountryHas, ground_action

STATUS_WORDS = {"met": N_("met"), "partly_met": N_("partly met"), "not_met": N_("not met"),
                "insufficient_evidence": N_("insufficient evidence")}
DRAFT_COLUMNS = ["key", "area", "title", "change", "actions", "gaps", "gap_detail", "bodies", "bodies_source",
                 "priority", "priority_basis", "timeframe", "action_basis", "action_actors", "existing_instruments",
                 "dropped_actions"]
OUTCOME_COLUMNS = ["outcome", "validated_text", "groups_endorsed", "groups_amended", "groups_rejected"]
COLUMNS = ["id"] + DRAFT_COLUMNS + OUTCOME_COLUMNS
ACTION_SEP = " | "


def letter_scores(priorities: pd.DataFrame | None) -> dict[str, tuple[int, int]]:
    """priority letter → (survey weighted score, workshop score)."""
    if priorities is None or not len(priorities):
        return {}
    def num(v) -> int:
        try:
            return int(float(v))
        except (TypeError, ValueError):
            return 0
    return {str(r["priority"]): (num(r.get("weighted_score")), num(r.get("workshop_score")))
            for r in priorities.to_dict("records")}


def priority_of(letters: list[str], scores: dict[str, tuple[int, int]], high_top: int) -> tuple[str, str]:
    """(high | medium | low, the basis in words) for a block's priority letters."""
    combined = {k: s + w for k, (s, w) in scores.items()}
    ranked = [k for k, v in sorted(combined.items(), key=lambda kv: (-kv[1], kv[0])) if v > 0]
    top = set(ranked[:high_top])
    # letters tied with the last of the top ones count as top too
    if len(ranked) > high_top:
        cut = combined[ranked[high_top - 1]]
        top |= {k for k in ranked if combined[k] == cut}
    basis = "; ".join(_("{letter}: survey {survey}, workshop {workshop}", letter=k, survey=scores[k][0],
                          workshop=scores[k][1]) for k in letters if k in scores)
    if not scores:
        return "", _("no priorities recorded")
    if any(k in top for k in letters):
        return "high", basis
    if any(combined.get(k, 0) > 0 for k in letters):
        return "medium", basis
    return "low", basis or _("no priority letter")


def draft(blocks: Recommendations, scores: pd.DataFrame, gap_statuses: list[str], priorities: pd.DataFrame | None = None,
          bodies: dict[str, tuple[list[str], str]] | None = None, has: CountryHas | None = None) -> pd.DataFrame:
    """The draft recommendations (unnumbered), in building-block order (see :func:`draft_with_actions`)."""
    return draft_with_actions(blocks, scores, gap_statuses, priorities, bodies, has)[0]


def draft_with_actions(blocks: Recommendations, scores: pd.DataFrame, gap_statuses: list[str],
                       priorities: pd.DataFrame | None = None, bodies: dict[str, tuple[list[str], str]] | None = None,
                       has: CountryHas | None = None,
                       name_of: Callable[[str], str] = str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The draft recommendations (unnumbered), in building-block order, and one
    row per action of a gap criterion saying what became of it
    (:mod:`ctnat.recommend.ground`).

    ``scores``: indicator, criterion, status, to_confirm. ``bodies``: block key →
    (responsible bodies, where they come from); blocks absent fall back to their
    ``default_bodies``. ``has``: what the country has (none: every action as drafted).
    ``name_of``: a criterion key's name for readers (``gap_detail``: '1.1 Operational L1 partly met')."""
    status = {f"{r['indicator']}.{r['criterion']}": r for r in scores.to_dict("records")}
    lscores = letter_scores(priorities)
    high_top = blocks.priority.high_top
    timeframes = blocks.timeframes
    has = has or CountryHas()
    rows, action_rows = [], []
    for b in blocks.blocks:
        gaps: list[str] = []
        kept: list[dict] = []
        who, source = (bodies or {}).get(b.key) or ([], "")
        if not who:
            who, source = [label(b.default_bodies)], _("building block (no National Action Plan measure)")
        for n, a in enumerate(b.actions, start=1):
            r = status.get(a.criterion)
            if r is None or r["status"] not in gap_statuses:
                continue
            row = ground_action(b, n, a, has, (who, source), blocks.max_bodies, _("desk review (mandates)"))
            action_rows.append(row)
            if row["basis"] not in KEPT:
                continue
            if a.criterion not in gaps:
                gaps.append(a.criterion)
            kept.append(row)
        if not gaps:
            continue
        actions = [k["text"] for k in kept]
        detail = []
        for g in gaps:
            r = status[g]
            confirm = str(r.get("to_confirm", "")).lower() in ("true", "1")
            detail.append(f"{name_of(g)} {_(STATUS_WORDS[r['status']])}" + (" " + _("(to confirm)") if confirm else ""))
        prio, basis = priority_of(list(b.priorities), lscores, high_top)
        tf = b.timeframe
        mine = [x for x in action_rows if x["key"] == b.key]
        named = [k for k in kept if k["actors_source"] != source]  # actors from the bodies' mandates
        if named:  # the recommendation's responsible bodies: its actions' actors
            who = list(dict.fromkeys(a.strip() for k in named for a in k["actors"].split(";") if a.strip()))
            who, source = who[:blocks.max_bodies], named[0]["actors_source"]
        changed = [i for x in mine if x["basis"] in (IF_EXISTS, PARTLY, DROPPED) for i in x["instruments"].split(";")]
        rows.append({"key": b.key, "area": b.area, "title": label(b.title), "change": label(b.change),
                     "actions": ACTION_SEP.join(actions), "gaps": "; ".join(gaps), "gap_detail": "; ".join(detail),
                     "bodies": "; ".join(w for w in who if w), "bodies_source": source, "priority": prio,
                     "priority_basis": basis, "timeframe": f"{tf} ({label(timeframes[tf]) if tf in timeframes else tf})",
                     "action_basis": ACTION_SEP.join(k["basis"] for k in kept),
                     "action_actors": ACTION_SEP.join(k["actors"] for k in kept),
                     "existing_instruments": ";".join(dict.fromkeys(i for i in changed if i)),
                     "dropped_actions": sum(x["basis"] == DROPPED for x in mine)})
    return pd.DataFrame(rows, columns=DRAFT_COLUMNS), pd.DataFrame(action_rows, columns=ACTION_COLUMNS)


def number(drafts: pd.DataFrame, outcomes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Merge workshop outcomes (by ``key``) and number the recommendations the
    workshop did not reject ``R<area>.<n>``, densely per area, in draft order.
    Rejected ones stay in the table without a number (for the record)."""
    df = drafts.copy()
    for c in OUTCOME_COLUMNS:
        df[c] = ""
    if outcomes is not None and len(outcomes) and "key" in outcomes:
        o = outcomes.drop_duplicates("key").set_index("key")
        for c in OUTCOME_COLUMNS:
            if c in o:
                df[c] = df["key"].map(o[c]).fillna("").astype(str)
    df["id"] = ""
    for area, sub in df[df["outcome"] != "rejected"].groupby("area", sort=False):
        for n, idx in enumerate(sub.index, start=1):
            df.loc[idx, "id"] = f"R{area}.{n}"
    return df[COLUMNS].reset_index(drop=True)
