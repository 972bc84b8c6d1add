"""Survey free-text answers as segments, so that they can be coded like
interview notes (their ids, ``AZEsur3:8.2``, are what coding decisions name)."""

from __future__ import annotations

import pandas as pd


def survey_text_segments(respondents: pd.DataFrame, inst) -> pd.DataFrame:
    """Survey free-text answers (2.6, 8.2, 8.3 and "other" texts) as segments
    ``AZEsur3:8.2`` so they can be coded like interview notes."""
    rows = []
    text_cols = []
    for f in inst.survey.fields:
        if f.type == "text":
            text_cols.append((f.name, f.code))
        if f.has_other:
            text_cols.append((f"{f.name}_other", f.code))
    for r in respondents.to_dict("records"):
        for col, code in text_cols:
            text = str(r.get(col) or "").strip()
            if text:
                suffix = "-other" if col.endswith("_other") else ""
                rows.append({"segment_id": f"{r['respondent_code']}:{code}{suffix}", "origin": "survey",
                             "interview_code": "", "question": code, "entity_type": "", "text": text})
    return pd.DataFrame(rows, columns=["segment_id", "origin", "interview_code", "question", "entity_type", "text"])
