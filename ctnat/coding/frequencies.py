"""Theme frequencies per area and the theme co-occurrence table."""

from __future__ import annotations

import itertools

import pandas as pd


def theme_frequencies(coded: pd.DataFrame, codebook: dict) -> pd.DataFrame:
    """``theme_frequencies.csv``: per theme, the number of interviews and of
    interview segments coded with it, supporting / contradicting segments, and
    survey free-text mentions. Themes never coded appear with zeros."""
    rows = []
    interviews = coded[coded["origin"] == "interview"]
    survey = coded[coded["origin"] == "survey"]
    for t in codebook.get("themes") or []:
        sub = interviews[interviews["theme"] == t["code"]]
        rows.append({"area": str(t["area"]), "theme": t["code"], "label": t["label"]["en"],
                     "interviews": int(sub["interview_code"].nunique()), "segments": int(len(sub)),
                     "supports": int((sub["polarity"] == "supports").sum()),
                     "contradicts": int((sub["polarity"] == "contradicts").sum()),
                     "survey_mentions": int((survey["theme"] == t["code"]).sum())})
    df = pd.DataFrame(rows)
    return df.sort_values(["area", "interviews", "segments"], ascending=[True, False, False]).reset_index(drop=True)


def theme_cooccurrence(coded: pd.DataFrame, codebook: dict) -> pd.DataFrame:
    """``theme_cooccurrence.csv``: a theme × theme matrix counting interview
    segments coded with both (the diagonal = segments with the theme)."""
    codes = [t["code"] for t in codebook.get("themes") or []]
    m = pd.DataFrame(0, index=codes, columns=codes)
    interviews = coded[coded["origin"] == "interview"]
    for _, group in interviews.groupby("segment_id"):
        themes = sorted(set(group["theme"]) & set(codes))
        for t in themes:
            m.loc[t, t] += 1
        for a, b in itertools.combinations(themes, 2):
            m.loc[a, b] += 1
            m.loc[b, a] += 1
    m.index.name = "theme"
    return m.reset_index()
