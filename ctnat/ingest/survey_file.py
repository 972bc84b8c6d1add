"""Validate one received survey file: read it (any format the registry knows),
find its header, map its columns, check every answer.

Used by ``ctnat validate``, ``ctnat ingest`` and the upload portal alike, so a
file one of them accepts the others take in.
"""

from __future__ import annotations

from pathlib import Path

from ..instruments import Instruments, normalise
from ..messages import _
from ..problems import CtnatError, Problem
from .columns import canonical_frame, map_columns, matcher_for, unknown_column_warnings
from .readers import read_table
from .result import ValidationResult


def value_scorer(survey):
    """Rates data rows by how many cells are a known answer label — used to
    choose between text encodings when the header alone cannot tell."""
    known = set()
    for f in survey.fields:
        for o in f.options:
            for text in o.label.values():
                known.add(normalise(text))
    def score(rows):
        n = 0
        for r in rows[:50]:
            for c in r:
                if c and normalise(c) in known:
                    n += 1
        return n
    return score


def unmatched_options(cmap, mt, name: str, header_row: int) -> list[Problem]:
    """Refuse the one-column-per-option variables of a select-multiple question
    (SPSS/Stata dichotomies ``q2_1a`` …, or ``q2_1/…``) that name none of its
    options: read as unknown columns, the question would be stored empty."""
    import re

    found: dict[str, list[str]] = {}
    pattern = re.compile(r"(q\d+(?:_\d+)*)(?:/(.+)|([a-z]))")
    for h in list(cmap.unknown) + [p.column for p in cmap.errors if p.column]:
        m = pattern.fullmatch(h.strip())
        if m and m.group(1) in mt.multi:
            found.setdefault(m.group(1), []).append(h)
    taken = {h for cols in found.values() for h in cols}
    cmap.unknown[:] = [h for h in cmap.unknown if h not in taken]
    cmap.errors[:] = [p for p in cmap.errors if p.column not in taken]
    out = []
    for base, cols in found.items():
        f = mt.multi[base]
        out.append(Problem(
            name, _("the columns {cols} look like the answer options of {code} (one yes/no column per option, as "
                    "SPSS or Stata multiple-response sets store them), but their labels name none of its options, "
                    "so the answers to {code} cannot be read", cols=", ".join(cols[:6]) + (" …" if len(cols) > 6
                                                                                          else ""), code=f.code),
            row=header_row, column=cols[0], value=cols[0],
            expected=_("each option variable labelled with the option's wording (e.g. '{label}'), or {code} "
                       "as one column {name} with the chosen options separated by ';'",
                       label=f.options[0].label.get("en", f.options[0].code), code=f.code, name=f.name)))
    return out


def validate_survey_table(path: Path, country: str, inst: Instruments, max_bytes: int | None = None,
                          display_name: str | None = None, encoding: str | None = None,
                          delimiter: str | None = None, include_hidden: bool = False) -> ValidationResult:
    from .validate_survey import SurveyValidator

    name = display_name or path.name
    res = ValidationResult(name, "survey")
    mt = matcher_for(inst.survey)
    try:
        read = read_table(path, max_bytes=max_bytes, display_name=name, score=mt.header_score,
                          encoding=encoding, delimiter=delimiter, value_score=value_scorer(inst.survey),
                          include_hidden=include_hidden)
    except CtnatError as exc:
        res.problems = exc.problems or [Problem(name, str(exc))]
        return res
    res.format, res.sheet = read.format, read.sheet
    res.encoding, res.delimiter = read.encoding, read.delimiter
    res.problems += read.warnings
    if (encoding or delimiter) and not read.format.startswith("csv"):
        res.problems.append(Problem(name, f"an encoding or delimiter was given, but the file is a {read.format} "
                                          "file, not text: they are not used", severity="warning",
                                    value=", ".join(x for x in (encoding, delimiter) if x),
                                    expected="--encoding and --delimiter (or reading.yaml) for CSV/TXT files only"))
    df = read.frame
    if df.shape[1] == 0:
        res.problems.append(Problem(name, "the file has no columns", expected="a header row with the template's "
                                                                             "column names"))
        return res
    headers = [str(c) for c in df.columns]
    if len(headers) == 1 and any(ch in headers[0] for ch in "|^:") and not read.delimiter == "|":
        sep = next(ch for ch in "|^:" if ch in headers[0])
        how = f"validate with --delimiter '{sep}'" if sep == "|" else "save it again with one of them"
        res.problems.append(Problem(name, f"the whole header was read as one column: the file seems to separate "
                                          f"its columns with '{sep}'", row=read.header_row, value=sep,
                                    expected=f"columns separated by ',' ';' or tab, or {how}"))
        return res
    cmap = map_columns(headers, inst.survey, name, read.header_row)
    res.problems += unmatched_options(cmap, mt, name, read.header_row)
    res.problems += cmap.errors
    res.problems += unknown_column_warnings(name, cmap, read.header_row)
    if "respondent_code" not in cmap.canonical.values():
        res.problems.append(Problem(name, "the required column 'respondent_code' is missing", row=read.header_row,
                                    column="respondent_code", expected=f"a column respondent_code holding codes "
                                                                       f"like {country.upper()}sur1"))
    answer_cols = set(cmap.canonical.values()) - {"respondent_code"}
    if not answer_cols and not cmap.split_multiple:
        res.problems.append(Problem(name, "none of the survey's answer columns were found", row=read.header_row,
                                    expected="columns named as in the CT-NAT template, e.g. "
                                             + ", ".join(inst.survey.columns()[1:3])))
    if res.errors:
        return res
    if df.empty:
        res.problems.append(Problem(name, "the file has a header row but no responses",
                                    expected="one row per respondent"))
        return res
    if len(set(headers)) < len(headers):  # identical foreign headers: reach columns by position
        df = df.copy()
        df.columns = [f"{h}\u0000{i}" if h in cmap.unknown else h for i, h in enumerate(headers)]
    frame = canonical_frame(df, cmap, inst.survey)
    v = SurveyValidator(inst.survey, country, name, first_row=read.header_row + 1,
                        row_numbers=read.row_numbers, row_files=read.row_files)
    coded = v.validate(frame)
    res.problems += v.problems
    res.rows = len(coded)
    res.table = coded
    return res
