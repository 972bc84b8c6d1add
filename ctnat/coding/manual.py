"""The assessor's coding decisions applied over the automatic suggestions, and
agreement between coders. The decisions are read at ingest
(:mod:`ctnat.ingest.coding_decisions`).

A coding file has the columns ``segment_id``, ``theme``, ``polarity``
(``supports``, ``contradicts`` or empty), ``action`` (``add`` — the default — or
``remove``), ``coder`` (defaults to the file name) and optionally ``note``.
Manual decisions win over the automatic suggestions on every re-run.
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from ..instruments import Theme
from .autocode import CODED_COLUMNS


def apply_manual(auto: pd.DataFrame, manual: pd.DataFrame, segments: pd.DataFrame,
                 themes: dict[str, Theme]) -> pd.DataFrame:
    """Merge manual decisions into the automatic codes: for each (segment, theme)
    the last manual decision wins (files in name order)."""
    if manual.empty:
        return auto
    coded = {(r["segment_id"], r["theme"]): r for r in auto.to_dict("records")}
    seg_by_id = {r["segment_id"]: r for r in segments.to_dict("records")}
    for r in manual.to_dict("records"):
        key = (r["segment_id"], r["theme"])
        if r["action"] == "remove":
            coded.pop(key, None)
            continue
        seg = seg_by_id[r["segment_id"]]
        theme = themes[r["theme"]]
        prev = coded.get(key, {})
        coded[key] = {
            "segment_id": r["segment_id"], "origin": seg.get("origin", "interview"),
            "interview_code": seg.get("interview_code", ""), "question": seg.get("question", ""),
            "entity_type": seg.get("entity_type", ""), "theme": r["theme"], "area": theme.area,
            "criteria": ";".join(theme.criteria),
            "matched_text": prev.get("matched_text") or str(seg.get("text", ""))[:400],
            "polarity": r["polarity"], "source": "manual", "coder": r["coder"],
        }
    return pd.DataFrame(list(coded.values()), columns=CODED_COLUMNS)


def coder_agreement(manual: pd.DataFrame) -> pd.DataFrame:
    """Krippendorff's alpha (nominal) for every pair of coders, over the segments
    both coded. A segment's value is the set of themes the coder applied."""
    rows = []
    adds = manual[manual["action"] == "add"]
    coders = sorted(adds["coder"].unique())
    for i, a in enumerate(coders):
        for b in coders[i + 1:]:
            sa = adds[adds["coder"] == a].groupby("segment_id")["theme"].apply(lambda s: "|".join(sorted(set(s))))
            sb = adds[adds["coder"] == b].groupby("segment_id")["theme"].apply(lambda s: "|".join(sorted(set(s))))
            units = sorted(set(sa.index) & set(sb.index))
            alpha = None
            if len(units) >= 2:
                values = sorted(set(sa[units]) | set(sb[units]))
                idx = {v: n for n, v in enumerate(values)}
                data = np.array([[idx[sa[u]] for u in units], [idx[sb[u]] for u in units]], dtype=float)
                if len(values) == 1:
                    alpha = 1.0
                else:
                    import krippendorff  # only when two coders coded the same segments

                    alpha = round(float(krippendorff.alpha(reliability_data=data,
                                                           level_of_measurement="nominal")), 3)
            agree = int(sum(sa[u] == sb[u] for u in units))
            rows.append({"coder_a": a, "coder_b": b, "segments_both_coded": len(units),
                         "identical": agree, "krippendorff_alpha": alpha,
                         "note": "" if alpha is not None else "fewer than 2 segments coded by both"})
    return pd.DataFrame(rows, columns=["coder_a", "coder_b", "segments_both_coded", "identical",
                                       "krippendorff_alpha", "note"])
