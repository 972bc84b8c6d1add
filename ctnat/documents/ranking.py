"""Naming the first items of a ranking honestly: every item tied with the last one
named is named too."""

from __future__ import annotations

import pandas as pd


def top_with_ties(frame: pd.DataFrame, column: str, k: int, ascending: bool = False,
                  order: str | None = None) -> pd.DataFrame:
    """The first ``k`` rows by ``column`` (highest first unless ``ascending``), plus
    every further row whose value equals the ``k``-th's: three priorities asked
    for and four tied at the cut gives four. ``order`` sorts rows of one value."""
    if not len(frame) or k <= 0:
        return frame.iloc[0:0]
    values = pd.to_numeric(frame[column], errors="coerce")
    d = frame.assign(_v=values).dropna(subset=["_v"])
    d = d.sort_values(["_v", order] if order else ["_v"], ascending=[ascending, True] if order else [ascending])
    if not len(d):
        return frame.iloc[0:0]
    cut = d["_v"].iloc[min(k, len(d)) - 1]
    keep = d["_v"] >= cut if not ascending else d["_v"] <= cut
    return d[keep].drop(columns="_v")
