"""The long answers table (one row per answer) built column by column from
the coded respondent table — the same rows, in the same order, as walking
respondent by respondent (``run._long_answers_by_row``).

For 50,000 respondents the table has about four million rows, so it is never
held as Python objects. What an answer row says besides its respondent —
question, column, option code, value — depends only on the survey column and
the distinct value in it (or, for multiple choice, one of the codes in it):
those "answer kinds" are listed once. A block of respondents then becomes two
integer arrays (respondent, answer kind), placed in order by counting, not
sorting; :func:`write_long_answers` writes each block as CSV through
:class:`ctnat.csv_writer.RowWriter`, so the memory needed does not grow with
the table.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from ..instruments import Instruments
from .columnar import as_categorical

COLUMNS = ["respondent_code", "question", "column", "option_code", "value", "source_file", "source_row"]
BLOCK = 2_000  # respondents per block (about 160,000 answer rows for the CT-NAT survey)


@dataclass
class _Piece:
    """One column of the respondent table: each row's category, and per
    category the number of answer rows it makes (0 or 1; for multiple choice
    one per code) and the first of their answer kinds (consecutive)."""

    codes: np.ndarray
    counts: np.ndarray
    first_kind: np.ndarray


class _Kinds:
    """The answer kinds: (question, column, option code, value) texts."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, items: list[tuple[str, str, str, str]]) -> int:
        base = len(self.rows)
        self.rows += items
        return base


def _column(respondents: pd.DataFrame, col: str, n: int) -> tuple[np.ndarray, list[str]]:
    """(an index per row, the distinct texts) of a column as text (missing: empty)."""
    from ..csv_writer import column_values

    if col not in respondents:
        return np.zeros(n, dtype=np.int8), [""]
    got = column_values(respondents[col])  # categories, or whole numbers factorised: no text per row
    if got is not None:
        return got
    s = as_categorical(respondents[col])
    return s.cat.codes.to_numpy(), s.cat.categories.tolist()  # int8 or int16 mostly: kept narrow


def _pieces(respondents: pd.DataFrame, inst: Instruments, kinds: _Kinds) -> list[_Piece]:
    n = len(respondents)
    pieces = []

    def add(col: str, rows_of_value) -> None:
        """``rows_of_value(text)`` -> the answer kinds one cell holding ``text`` makes."""
        codes, cats = _column(respondents, col, n)
        counts, firsts = [], []
        for c in cats:
            items = rows_of_value(c) if c != "" else []
            firsts.append(kinds.add(items))
            counts.append(len(items))
        pieces.append(_Piece(codes, np.asarray(counts, dtype=np.int64), np.asarray(firsts, dtype=np.int64)))

    for f in inst.survey.fields:
        q = f.code
        if f.type == "single":
            add(f.name, lambda v, q=q, c=f.name: [(q, c, v, "")])
        elif f.type == "multiple":
            add(f.name, lambda v, q=q, c=f.name: [(q, c, code, "") for code in v.split(";")])
        elif f.type in ("rank", "priorities"):
            for o in f.options:
                col = f"{f.name}_{o.code}"
                add(col, lambda v, q=q, c=col, code=o.code: [(q, c, code, v)])
        elif f.type == "text":
            add(f.name, lambda v, q=q, c=f.name: [(q, c, "", v)])
        if f.has_other:
            add(f"{f.name}_other", lambda v, q=q, c=f"{f.name}_other": [(q, c, "other", v)])
    return pieces


def _block(pieces: list[_Piece], a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
    """The answer rows of respondents a..b-1 in order: (respondent, answer kind)
    per row. Each respondent's rows follow the survey's column order; the
    position of every row is counted, not sorted."""
    m = b - a
    counts = np.column_stack([p.counts[p.codes[a:b]] for p in pieces]) if pieces else np.zeros((m, 0), np.int64)
    flat = counts.reshape(-1)
    starts = (np.cumsum(flat) - flat).reshape(counts.shape)
    total = int(flat.sum())
    kind = np.empty(total, dtype=np.int64)
    for j, p in enumerate(pieces):
        cnt = counts[:, j]
        rows = np.flatnonzero(cnt)
        if not len(rows):
            continue
        first = p.first_kind[p.codes[a:b][rows]]
        if int(cnt.max()) == 1:
            kind[starts[rows, j]] = first
        else:  # a multiple-choice cell: its codes, consecutive
            c = cnt[rows]
            step = np.arange(int(c.sum())) - np.repeat(np.cumsum(c) - c, c)
            kind[np.repeat(starts[rows, j], c) + step] = np.repeat(first, c) + step
    respondent = np.repeat(np.arange(a, b), counts.sum(axis=1))
    return respondent, kind


def _prepare(respondents: pd.DataFrame, inst: Instruments):
    kinds = _Kinds()
    pieces = _pieces(respondents, inst, kinds)
    n = len(respondents)
    per_respondent = [_column(respondents, c, n) for c in ("respondent_code", "source_file", "source_row")]
    return n, pieces, kinds, per_respondent


def _blocks(n: int, pieces) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    for a in range(0, n, BLOCK):
        yield _block(pieces, a, min(n, a + BLOCK))


def long_answers(respondents: pd.DataFrame, inst: Instruments) -> pd.DataFrame:
    """The long answers table as a DataFrame of text (for small tables and tests;
    ingest writes it with :func:`write_long_answers`)."""
    if respondents.empty:
        return pd.DataFrame(columns=COLUMNS)
    n, pieces, kinds, (code, sfile, srow) = _prepare(respondents, inst)
    table = np.asarray(kinds.rows, dtype=object).reshape(-1, 4)
    parts = []
    for r, k in _blocks(n, pieces):
        parts.append(pd.DataFrame({
            "respondent_code": np.asarray(code[1], dtype=object)[code[0][r]],
            "question": table[k, 0], "column": table[k, 1], "option_code": table[k, 2], "value": table[k, 3],
            "source_file": np.asarray(sfile[1], dtype=object)[sfile[0][r]],
            "source_row": np.asarray(srow[1], dtype=object)[srow[0][r]]}, columns=COLUMNS))
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(parts, ignore_index=True).astype("str")


def write_long_answers(respondents: pd.DataFrame, inst: Instruments, path: str | os.PathLike) -> int:
    """Write the long answers table to ``path`` as CSV — the same bytes as
    ``long_answers(respondents, inst).to_csv(path, index=False)`` — block by
    block; returns the number of rows."""
    from ..csv_writer import RowWriter, csv_field, csv_line, release_arrow_memory

    path = Path(path)
    total = 0
    with open(path, "wb") as fh:
        fh.write(csv_line(COLUMNS).encode("utf-8"))
        if respondents.empty:
            return 0
        n, pieces, kinds, (code, sfile, srow) = _prepare(respondents, inst)
        # each line: "respondent," + "question,column,option,value," + "source_file,source_row\n"
        lead = [csv_field(c) + "," for c in code[1]]
        middle = [",".join(csv_field(x) for x in k) + "," for k in kinds.rows]
        files = [csv_field(f) + "," for f in sfile[1]]
        rows = [csv_field(r) + "\n" for r in srow[1]]
        tail_of = pd.factorize(sfile[0].astype(np.int64) * len(rows) + srow[0].astype(np.int64))
        tails = [files[k // len(rows)] + rows[k % len(rows)] for k in tail_of[1].tolist()]
        tail = np.asarray(tail_of[0], dtype=np.int64)
        out = RowWriter(fh, [lead, middle, tails], quoted=True)
        for r, k in _blocks(n, pieces):
            total += len(r)
            out.write([code[0][r], k, tail[r]])
    release_arrow_memory()
    return total
