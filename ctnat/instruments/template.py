"""Export the CSV upload template and its list of allowed values.

The template has the canonical columns of :meth:`Survey.columns` and one example
respondent code row left empty for the focal point to fill in. The companion
``*_allowed_values.csv`` (or the second sheet when writing ``.xlsx``) says, for
every column, the question, what kind of answer it takes and every allowed value.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..atomic import atomic_path
from .model import Field, Instruments, load_instruments


def _allowed(f: Field, column: str) -> tuple[str, str]:
    if column.endswith("_other"):
        return "free text", "text describing the 'Other' answer"
    if f.type == "single":
        return "one answer", "; ".join(f"{o.code} = {o.en}" for o in f.options)
    if f.type == "multiple":
        limit = f" (at most {f.max_choices})" if f.max_choices else ""
        return ("several answers separated by ';'" + limit,
                "; ".join(f"{o.code} = {o.en}" for o in f.options))
    if f.type == "rank":
        return f"a rank from 1 to {f.rank_max}, each rank used once across the {len(f.options)} columns", \
            ", ".join(str(i) for i in range(1, f.rank_max + 1))
    if f.type == "priorities":
        return (f"rank 1-{f.rank_max} for at most {f.max_choices} chosen priorities, empty otherwise",
                ", ".join(str(i) for i in range(1, f.rank_max + 1)))
    return "free text", "any text"


def allowed_values_table(inst: Instruments, country: str) -> pd.DataFrame:
    """One row per template column: column, question code, question, answer kind, allowed values."""
    rows = [{"column": "respondent_code", "question": "", "text": "Survey number",
             "answer": "required, unique", "allowed_values": f"{country.upper()}sur1, {country.upper()}sur2, …"}]
    for f in inst.survey.fields:
        for col in f.columns():
            kind, allowed = _allowed(f, col)
            text = f.en
            if f.type in ("rank", "priorities") and not col.endswith("_other"):
                opt = f.option(col[len(f.name) + 1:])
                text = f"{f.en} — {opt.en}" if opt else text
            rows.append({"column": col, "question": f.code, "text": text, "answer": kind,
                         "allowed_values": allowed})
    return pd.DataFrame(rows)


def write_template(path: str | Path, country: str, inst: Instruments | None = None) -> list[Path]:
    """Write the upload template. ``.csv``: the template plus
    ``<stem>_allowed_values.csv`` beside it; ``.xlsx``: one workbook with the sheets
    ``responses`` and ``allowed_values``. Returns the files written."""
    inst = inst or load_instruments()
    path = Path(path)
    cols = inst.survey.columns()
    template = pd.DataFrame(columns=cols)
    allowed = allowed_values_table(inst, country)
    if path.suffix.lower() == ".xlsx":
        with atomic_path(path) as tmp:
            with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
                template.to_excel(xw, sheet_name="responses", index=False)
                allowed.to_excel(xw, sheet_name="allowed_values", index=False)
        return [path]
    companion = path.with_name(f"{path.stem}_allowed_values.csv")
    with atomic_path(path) as tmp:
        template.to_csv(tmp, index=False, encoding="utf-8-sig")
    with atomic_path(companion) as tmp:
        allowed.to_csv(tmp, index=False, encoding="utf-8-sig")
    return [path, companion]
