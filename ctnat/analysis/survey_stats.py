"""Survey statistics: counts per question and option, the way the seed report
tables them ("n per answer option", with the block totals "Total survey
respondents: n=7" and "Total respondents to these questions: n=6").

All functions take the canonical respondent table (``respondents.csv`` from
:mod:`ctnat.ingest`: one row per respondent, option codes in the cells) and the
loaded instruments, and return DataFrames.
"""

from __future__ import annotations

import pandas as pd

from ..instruments import Field, Instruments

ITEM_COLUMNS = ["question", "block", "option_code", "option_label", "rank", "count", "n_valid",
                "n_missing", "percent"]


def _cell_values(series: pd.Series) -> pd.Series:
    """Cells as stripped strings, empty for missing."""
    return series.astype("string").fillna("").str.strip()


def _selections(series: pd.Series) -> list[set[str]]:
    """A multiple-choice column as sets of option codes, one per respondent."""
    return [{t.strip() for t in v.split(";") if t.strip()} for v in _cell_values(series).tolist()]


def _pct(count: int, n: int) -> float:
    return round(100.0 * count / n, 1) if n else 0.0


def item_counts(field: Field, respondents: pd.DataFrame) -> list[dict]:
    """Rows of ``survey_items.csv`` for one field (zero counts included)."""
    total = len(respondents)
    rows = []
    base = {"question": field.code, "block": field.grid or "", "rank": ""}
    if field.type == "single":
        values = _cell_values(respondents.get(field.name, pd.Series([""] * total, dtype="string")))
        counts = values.value_counts().to_dict()  # one pass, not one comparison per option
        n_valid = total - int(counts.get("", 0))
        for o in field.options:
            c = int(counts.get(o.code, 0))
            rows.append({**base, "option_code": o.code, "option_label": o.en, "count": c, "n_valid": n_valid,
                         "n_missing": total - n_valid, "percent": _pct(c, n_valid)})
    elif field.type == "multiple":
        sel = _selections(respondents.get(field.name, pd.Series([""] * total, dtype="string")))
        n_valid = sum(1 for s in sel if s)
        for o in field.options:
            c = sum(1 for s in sel if o.code in s)
            rows.append({**base, "option_code": o.code, "option_label": o.en, "count": c, "n_valid": n_valid,
                         "n_missing": total - n_valid, "percent": _pct(c, n_valid)})
    elif field.type == "rank":
        cols = {o.code: pd.to_numeric(respondents.get(f"{field.name}_{o.code}"), errors="coerce")
                if f"{field.name}_{o.code}" in respondents else pd.Series([float("nan")] * total)
                for o in field.options}
        answered = pd.concat(cols.values(), axis=1).notna().any(axis=1)
        n_valid = int(answered.sum())
        for o in field.options:
            for r in range(1, field.rank_max + 1):
                c = int((cols[o.code] == r).sum())
                rows.append({**base, "option_code": o.code, "option_label": o.en, "rank": r, "count": c,
                             "n_valid": n_valid, "n_missing": total - n_valid, "percent": _pct(c, n_valid)})
    elif field.type == "priorities":
        cols = {o.code: pd.to_numeric(respondents[f"{field.name}_{o.code}"], errors="coerce")
                if f"{field.name}_{o.code}" in respondents else pd.Series([float("nan")] * total)
                for o in field.options}
        answered = pd.concat(cols.values(), axis=1).notna().any(axis=1)
        n_valid = int(answered.sum())
        for o in field.options:
            c = int(cols[o.code].notna().sum())
            rows.append({**base, "option_code": o.code, "option_label": o.en, "count": c, "n_valid": n_valid,
                         "n_missing": total - n_valid, "percent": _pct(c, n_valid)})
    return rows


def survey_items(respondents: pd.DataFrame, inst: Instruments) -> pd.DataFrame:
    """``survey_items.csv``: one row per question and option (and rank, for 2.4)."""
    rows = []
    for f in inst.survey.fields:
        rows += item_counts(f, respondents)
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


def grid_totals(respondents: pd.DataFrame, inst: Instruments) -> pd.DataFrame:
    """Per opinion grid: all survey respondents and those who answered at least one item."""
    rows = []
    total = len(respondents)
    for block in inst.survey.grid_blocks():
        names = [f.name for f in inst.survey.grid_fields(block.code) if f.name in respondents]
        answered = (respondents[names].astype("string").fillna("").apply(lambda s: s.str.strip()) != "").any(axis=1) \
            if names else pd.Series([False] * total)
        rows.append({"block": block.code, "scale": block.scale, "total_respondents": total,
                     "respondents_to_block": int(answered.sum())})
    return pd.DataFrame(rows, columns=["block", "scale", "total_respondents", "respondents_to_block"])


def favourability(field: Field, respondents: pd.DataFrame) -> dict:
    """Favourable share of one grid item among its valid (non-"don't know") answers."""
    values = _cell_values(respondents.get(field.name, pd.Series([], dtype="string")))
    scale = field.scale
    valid = values[values.isin(scale.valid_codes())]
    fav = int(valid.isin(scale.favourable).sum())
    unfav = int(valid.isin(scale.unfavourable).sum())
    n = int(len(valid))
    return {"question": field.code, "n_valid": n, "favourable": fav, "unfavourable": unfav,
            "dont_know": int(values.isin([o.code for o in scale.options if o.dont_know]).sum()),
            "favourable_share": round(fav / n, 3) if n else None}


def favourability_table(respondents: pd.DataFrame, inst: Instruments) -> pd.DataFrame:
    """``favourability.csv``: every grid item's favourable share (the scoring input)."""
    rows = [dict(favourability(f, respondents), block=f.grid, scale=f.scale.code, area=f.area)
            for f in inst.survey.grid_fields()]
    return pd.DataFrame(rows, columns=["question", "block", "scale", "area", "n_valid", "favourable",
                                       "unfavourable", "dont_know", "favourable_share"])
