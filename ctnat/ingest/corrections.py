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
