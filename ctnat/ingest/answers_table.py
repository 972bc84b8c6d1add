"""The long answers table (one row per answer) built column by column from
the coded respondent table — the same rows, in the same order, as walking
respondent by respondent, at a fraction of the cost for large files."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..instruments import Instruments

COLUMNS = ["respondent_code", "question", "column", "option_code", "value", "source_file", "source_row"]


def long_answers(respondents: pd.DataFrame, inst: Instruments) -> pd.DataFrame:
    if respondents.empty:
        return pd.DataFrame(columns=COLUMNS)
    n = len(respondents)
    pos = np.arange(n)
    base_code = respondents["respondent_code"].astype(str).to_numpy()
    src_file = respondents.get("source_file", pd.Series([""] * n)).astype(str).to_numpy()
    src_row = respondents.get("source_row", pd.Series([""] * n)).astype(str).to_numpy()
    pieces = []
    seq = 0

    def add(mask, question, column, option, value, idx=None):
        nonlocal seq
        sel = pos[mask] if idx is None else idx
        if len(sel) == 0:
            seq += 1
            return
        pieces.append(pd.DataFrame({
            "_r": sel, "_k": seq, "respondent_code": base_code[sel], "question": question, "column": column,
            "option_code": option if np.ndim(option) == 0 else np.asarray(option),
            "value": value if np.ndim(value) == 0 else np.asarray(value),
            "source_file": src_file[sel], "source_row": src_row[sel]}))
        seq += 1

    def values(col):
        if col not in respondents:
            return np.array([""] * n, dtype=object)
        return respondents[col].astype(str).fillna("").to_numpy()

    for f in inst.survey.fields:
        if f.type == "single":
            v = values(f.name)
            m = v != ""
            add(m, f.code, f.name, v[m], "")
        elif f.type == "multiple":
            v = values(f.name)
            m = v != ""
            if m.any():
                s = pd.Series(v[m], index=pos[m]).str.split(";").explode()
                add(None, f.code, f.name, s.to_numpy(), "", idx=s.index.to_numpy())
            else:
                seq += 1
        elif f.type in ("rank", "priorities"):
            for o in f.options:
                v = values(f"{f.name}_{o.code}")
                m = v != ""
                add(m, f.code, f"{f.name}_{o.code}", o.code, v[m])
        elif f.type == "text":
            v = values(f.name)
            m = v != ""
            add(m, f.code, f.name, "", v[m])
        if f.has_other:
            v = values(f"{f.name}_other")
            m = v != ""
            add(m, f.code, f"{f.name}_other", "other", v[m])
    if not pieces:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(pieces, ignore_index=True)
    out = out.sort_values(["_r", "_k"], kind="stable")
    return out[COLUMNS].reset_index(drop=True)
