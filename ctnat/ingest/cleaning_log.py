"""The cleaning log: corrections to received answers, kept as data.

``data/raw/<ISO3>/cleaning_log.csv`` — the practice of humanitarian survey teams
(REACH/IMPACT ``cleaningtools``) — has one line per change:

``respondent_code, column, old_value, new_value, reason`` and optionally
``changed_by, date``. ``column`` is a survey column (``q3_1_4``) or its
question code; the special column ``_remove`` removes the whole response.

Ingest applies the log to the received (and resubmission-resolved) responses
after checking every line: the respondent must exist, the old value must match
what was received (the code or any label of it; empty matches empty), the new
value must be a valid answer. Any failed check is an error naming the log and
its row as Excel shows it (header = row 1); nothing is applied then.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..instruments import Survey, normalise
from ..problems import CtnatError, Problem, UsageError
from .validate_survey import SurveyValidator, canonical_code

LOG_NAME = "cleaning_log.csv"
REQUIRED = ["respondent_code", "column", "old_value", "new_value", "reason"]
OPTIONAL = ["changed_by", "date"]
REMOVE = "_remove"


def template_frame() -> pd.DataFrame:
    return pd.DataFrame(columns=REQUIRED + OPTIONAL)


def write_template(path: Path) -> Path:
    """An empty cleaning log (UTF-8 with BOM, so Excel opens it correctly)."""
    from ..atomic import atomic_path

    path = Path(path)
    if path.exists():
        raise UsageError(f"{path} already exists", [Problem(path.name, "a cleaning log is already there; it is "
                                                            "never overwritten", expected="add lines to it instead")])
    with atomic_path(path) as tmp:
        template_frame().to_csv(tmp, index=False, encoding="utf-8-sig")
    return path


def read_log(path: Path, name: str) -> tuple[pd.DataFrame, list[Problem]]:
    from .readers import decode_text, read_csv_text

    data = path.read_bytes()
    if not data.strip():
        return template_frame(), []
    try:
        text, _ = decode_text(data, name)
        df, _ = read_csv_text(text, name)
    except CtnatError as exc:
        return template_frame(), exc.problems
    df.columns = [str(c).strip().lower() for c in df.columns]
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        return template_frame(), [Problem(name, f"required column(s) missing: {', '.join(missing)}", row=1,
                                          expected=", ".join(REQUIRED + OPTIONAL))]
    for c in OPTIONAL:
        if c not in df.columns:
            df[c] = ""
    return df.fillna("").astype(str), []


def _field_for(survey: Survey, column: str):
    """(field, canonical column) for a log column: a survey column or a code."""
    col = column.strip()
    for f in survey.fields:
        if col == f.code or col == f.name:
            return f, f.name
        if col in f.columns():
            return f, col
    return None, None


def _same(f, column: str, old: str, received: str) -> bool:
    if normalise(old) == normalise(received):
        return True
    if f.options and column == f.name:
        lookup = f.lookup()
        if f.type == "multiple":
            codes = sorted(lookup.get(normalise(p), p) for p in old.split(";") if p.strip())
            return codes == sorted(x for x in received.split(";") if x)
        return lookup.get(normalise(old)) == received
    return False


def apply_cleaning_log(respondents: pd.DataFrame, survey: Survey, country: str, path: Path, name: str,
                       ) -> tuple[pd.DataFrame, list[dict], list[Problem]]:
    """(cleaned respondents, the changes applied, problems)."""
    log, problems = read_log(path, name)
    if problems or log.empty:
        return respondents, [], problems
    out = respondents.copy()
    codes = out["respondent_code"].astype(str) if len(out) else pd.Series([], dtype=str)
    index = {c: i for i, c in zip(out.index, codes)}
    changes, removed = [], set()
    v = SurveyValidator(survey, country, name)
    for n, rec in enumerate(log.to_dict("records")):
        row = n + 2
        code = canonical_code(rec["respondent_code"])
        column = rec["column"].strip()
        reason = rec["reason"].strip()
        old, new = rec["old_value"].strip(), rec["new_value"].strip()

        def err(msg, col=None, value=None, expected=None, row=row):
            problems.append(Problem(name, msg, row=row, column=col, value=value, expected=expected))

        if not any(str(x).strip() for x in rec.values()):
            continue
        if not reason:
            err("every change needs a reason", "reason", expected="why the value is changed")
        if code not in index:
            err(f"respondent '{rec['respondent_code']}' is not among the received responses", "respondent_code",
                rec["respondent_code"], "the code of a received response")
            continue
        i = index[code]
        if column == REMOVE:
            if code in removed:
                err(f"respondent '{code}' is removed twice", "column", column)
            removed.add(code)
            changes.append({"respondent_code": code, "column": REMOVE, "old_value": "", "new_value": "",
                            "reason": reason, "changed_by": rec["changed_by"], "date": rec["date"],
                            "log_row": row})
            continue
        f, col = _field_for(survey, column)
        if f is None:
            err(f"'{column}' is not a survey column", "column", column,
                f"a column of the CT-NAT template, or {REMOVE} to remove the whole response")
            continue
        if code in removed:
            err(f"respondent '{code}' is removed by an earlier line of the log", "column", column)
            continue
        received = str(out.at[i, col]) if col in out.columns else ""
        if not _same(f, col, old, received):
            err(f"the old value does not match what was received for {code} in {col} (the log is stale or "
                "the line is wrong)", "old_value", old, f"the received value '{received}'" if f.type != "text"
                else "the received text")
            continue
        if f.type == "single" and col == f.name:
            mp = v._single_map(f, [new])
            value, e = mp[new]
            errs = [e] if e else []
        elif f.type == "multiple" and col == f.name:
            value, errs = v._multiple_one(f, new)
        elif f.type in ("rank", "priorities") and col != f"{f.name}_other":
            r, e = v._rank_value(new, f.rank_max)
            value, errs = ("" if r is None else str(r)), ([e] if e else [])
        else:
            from .scrub import scrub_text

            value, errs = scrub_text(new), []
        if errs:
            for msg, val, expected in errs:
                err(f"the new value is not valid: {msg}", "new_value", val, expected)
            continue
        if col in out.columns and isinstance(out[col].dtype, pd.CategoricalDtype) \
                and value not in out[col].cat.categories:
            out[col] = out[col].cat.add_categories([value])  # intake holds answers as categoricals
        out.at[i, col] = value
        changes.append({"respondent_code": code, "column": col, "old_value": received, "new_value": value,
                        "reason": reason, "changed_by": rec["changed_by"], "date": rec["date"], "log_row": row})
    if problems:
        return respondents, [], problems
    if removed:
        out = out[~out["respondent_code"].astype(str).isin(removed)].reset_index(drop=True)
    return out, changes, []


def template_path(country: str, root=None) -> Path:
    from ..paths import raw_dir

    return raw_dir(country, root) / LOG_NAME
