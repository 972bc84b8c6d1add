"""Theme frequencies per area and the theme co-occurrence table."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from ..instruments import Codebook


def theme_frequencies(coded: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """``theme_frequencies.csv``: per theme, the number of interviews and of
    interview segments coded with it, supporting / contradicting segments, and
    survey free-text mentions. Themes never coded appear with zeros."""
    rows = []
    interviews = coded[coded["origin"] == "interview"]
    survey = coded[coded["origin"] == "survey"]
    for t in codebook.themes:
        sub = interviews[interviews["theme"] == t.code]
        rows.append({"area": t.area, "theme": t.code, "label": t.label["en"],
                     "interviews": int(sub["interview_code"].nunique()), "segments": int(len(sub)),
                     "supports": int((sub["polarity"] == "supports").sum()),
                     "contradicts": int((sub["polarity"] == "contradicts").sum()),
                     "survey_mentions": int((survey["theme"] == t.code).sum())})
    df = pd.DataFrame(rows)
    return df.sort_values(["area", "interviews", "segments"], ascending=[True, False, False]).reset_index(drop=True)


def theme_cooccurrence(coded: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """``theme_cooccurrence.csv``: a theme × theme matrix counting interview
    segments coded with both (the diagonal = segments with the theme)."""
    codes = [t.code for t in codebook.themes]
    at = {c: i for i, c in enumerate(codes)}
    counts = np.zeros((len(codes), len(codes)), dtype="int64")  # counted in numpy: pandas' .loc per cell is slow
    interviews = coded[coded["origin"] == "interview"]
    by_segment: dict[str, set[str]] = {}
    for seg, theme in zip(interviews["segment_id"], interviews["theme"]):
        by_segment.setdefault(seg, set()).add(theme)
    for found in by_segment.values():
        themes = sorted(found & at.keys())
        for t in themes:
            counts[at[t], at[t]] += 1
        for a, b in itertools.combinations(themes, 2):
            counts[at[a], at[b]] += 1
            counts[at[b], at[a]] += 1
    m = pd.DataFrame(counts, index=pd.Index(codes, name="theme"), columns=codes)
    return m.reset_index()
