"""Resubmissions: the same respondent in two received files.

Kobo and ODK exports are cumulative, and a corrected file repeats the
respondents it corrects. When a respondent code (compared trimmed and
case-insensitively) appears in several received files, the record from the file
received last — in the order of ``received.jsonl`` — is kept, and each earlier
record is listed as superseded (file, row, and the file and row that replace
it). Within one file a repeated code stays an error.
"""

from __future__ import annotations

import pandas as pd


def resolve_resubmissions(respondents: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """``respondents`` in order of receipt (column ``source_file``) -> (the
    kept rows, the superseded records)."""
    if respondents.empty or "respondent_code" not in respondents:
        return respondents, []
    codes = respondents["respondent_code"].astype(str)
    has = codes != ""
    last = ~codes.duplicated(keep="last") | ~has
    superseded = []
    if (~last).any():
        keep_idx = {}
        for i, c in zip(respondents.index[last & has], codes[last & has]):
            keep_idx[c] = i
        for i in respondents.index[~last]:
            r = respondents.loc[i]
            k = respondents.loc[keep_idx[codes[i]]]
            superseded.append({"respondent_code": r["respondent_code"], "file": r["source_file"],
                               "row": int(r["source_row"]), "superseded_by": k["source_file"],
                               "superseded_by_row": int(k["source_row"])})
    return respondents[last].reset_index(drop=True), superseded


CHANGE_COLUMNS = ["kind", "respondent_code", "file", "row", "replaced_by", "replaced_by_row", "column",
                  "old_value", "new_value", "reason", "date"]


def changes_table(superseded: list[dict], cleaning: list[dict], survey) -> pd.DataFrame:
    """``data_changes.csv``: superseded records and cleaning-log changes, with
    answers as English labels (text answers not quoted; no person named)."""
    from .scrub import scrub_text

    def label(column, code):
        if not code or column == "_remove":
            return code
        for f in survey.fields:
            if column == f.name and f.options:
                return "; ".join((f.option(c).en if f.option(c) else c) for c in str(code).split(";"))
            if column in f.columns():
                return code
        return code

    def question(column):
        for f in survey.fields:
            if column in f.columns():
                return f.code if column == f.name else f"{f.code} ({column})"
        return column

    rows = [{"kind": "superseded", "respondent_code": s["respondent_code"], "file": s["file"], "row": s["row"],
             "replaced_by": s["superseded_by"], "replaced_by_row": s["superseded_by_row"]} for s in superseded]
    text_cols = {c for f in survey.fields for c in f.columns() if f.type == "text" or c.endswith("_other")}
    for c in cleaning:
        if c["column"] in text_cols:  # text answers are not quoted outside the received file
            c = dict(c, old_value="(text)", new_value="(text)")
        rows.append({"kind": "cleaning", "respondent_code": c["respondent_code"], "file": "cleaning_log.csv",
                     "row": c["log_row"], "column": question(c["column"]) if c["column"] != "_remove" else "_remove",
                     "old_value": label(c["column"], c["old_value"]), "new_value": label(c["column"], c["new_value"]),
                     "reason": scrub_text(c["reason"]), "date": c.get("date", "")})
    return pd.DataFrame([{k: "" if r.get(k) is None else str(r[k]) for k in CHANGE_COLUMNS} for r in rows],
                        columns=CHANGE_COLUMNS)
