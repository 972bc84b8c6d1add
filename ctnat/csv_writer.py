"""Write large tables as CSV fast, byte for byte as ``DataFrame.to_csv`` does.

pandas writes a CSV cell by cell through Python's ``csv`` module: about 4 s per
million rows of seven columns. Here each column is reduced to its distinct
values (a categorical already is; other text columns are factorised), each
distinct value is formatted once — quoted, as Python's ``csv`` module does with
``QUOTE_MINIMAL``, only when it holds a comma, a double quote or a line feed
(quotes doubled) — and the rows are assembled by pyarrow in blocks of a few
megabytes: the memory needed does not grow with the table.

Only what ingest writes in bulk is handled this way: text (categorical,
``str`` or Python strings), whole numbers and booleans, two columns or more.
Anything else (floats, dates, a single column, whose empty cell pandas writes
as ``""``) goes to ``DataFrame.to_csv`` unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO, Iterable, Sequence

import numpy as np
import pandas as pd

BLOCK_BYTES = 8 << 20  # rows are assembled this many bytes at a time


def csv_field(value: str) -> str:
    """``value`` as one CSV cell (``csv.QUOTE_MINIMAL``, ``,`` and ``\\n``)."""
    if "," in value or '"' in value or "\n" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_line(cells: Iterable[str]) -> str:
    return ",".join(csv_field(c) for c in cells) + "\n"


def column_values(s: pd.Series) -> tuple[np.ndarray, list[str]] | None:
    """(an index per row, the distinct cells as text) of one column — what
    ``to_csv`` writes for it — or None for a column kind not handled here."""
    dtype = s.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy()  # int8 or int16 mostly: never widened for the whole column
        cats = s.cat.categories
        if not all(isinstance(c, str) for c in cats.tolist()):
            return None
        values = cats.tolist()
        if (codes < 0).any():  # a missing value is written as an empty cell
            codes = np.where(codes < 0, len(values), codes.astype(np.int64))
            values = values + [""]
        return codes, values
    if pd.api.types.is_bool_dtype(dtype) and not pd.api.types.is_extension_array_dtype(dtype):
        return s.to_numpy().astype(np.int8), ["False", "True"]
    if pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_extension_array_dtype(dtype):
        codes, uniques = pd.factorize(s.to_numpy())
        return codes, [str(int(u)) for u in uniques]
    if pd.api.types.is_string_dtype(dtype):
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        values = list(uniques)
        if not all(isinstance(v, str) for v in values):
            return None
        codes = np.asarray(codes)
        if (codes < 0).any():
            codes = np.where(codes < 0, len(values), codes)
            values = values + [""]
        return codes, values
    return None


class RowWriter:
    """Writes rows whose cells are ``values[j][codes[j][i]]``. The distinct
    values of every column are quoted once, each followed by its separator
    (``,``, or the line end for the last column), and kept in one pyarrow
    array; a block of rows is then one ``take`` of that array with the
    interleaved indices, whose bytes are the CSV text — no per-cell work in
    Python, no join."""

    def __init__(self, fh: BinaryIO, values: Sequence[list[str]], quoted: bool = False):
        """``quoted``: the values are complete cells already, separators included."""
        import pyarrow as pa

        self.fh = fh
        self.bases = []
        cells: list[str] = []
        width = total = 0
        for j, vals in enumerate(values):
            end = "" if quoted else ("\n" if j == len(values) - 1 else ",")
            column = vals if quoted else [csv_field(v) + end for v in vals]
            self.bases.append(len(cells))
            cells += column
            size = sum(map(len, column))
            total += size
            width += size // max(len(column), 1) + 1
        self.pool = pa.array(cells, type=pa.large_string() if total >= 1 << 29 else pa.string())
        self.rows = max(1, BLOCK_BYTES // max(width, 1))

    def write(self, codes: Sequence[np.ndarray]) -> None:
        import pyarrow as pa

        n = len(codes[0]) if len(codes) else 0
        for a in range(0, n, self.rows):
            b = min(n, a + self.rows)
            ids = np.empty((b - a, len(codes)), dtype=np.int64)
            for j, c in enumerate(codes):
                ids[:, j] = c[a:b]
                ids[:, j] += self.bases[j]
            _write_string_array(self.fh, self.pool.take(pa.array(ids.reshape(-1))))


def _write_string_array(fh: BinaryIO, arr) -> None:
    """Write the text of a pyarrow string array, element after element."""
    import pyarrow as pa

    if isinstance(arr, pa.ChunkedArray):
        for chunk in arr.chunks:
            _write_string_array(fh, chunk)
        return
    if len(arr) == 0:
        return
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64 if arr.type == pa.large_string() else np.int32)
    start, end = int(offsets[arr.offset]), int(offsets[arr.offset + len(arr)])
    fh.write(memoryview(arr.buffers()[2])[start:end])


def write_frame(df: pd.DataFrame, path: str | os.PathLike) -> Path:
    """``df.to_csv(path, index=False, encoding="utf-8")``, the same bytes,
    faster for a large table of text (not atomic: write into a temporary
    directory or file, as ingest does)."""
    path = Path(path)
    cols = None
    if len(df.columns) >= 2 and df.columns.is_unique and all(isinstance(c, str) for c in df.columns):
        cols = [column_values(df[c]) for c in df.columns]
    if cols is None or any(c is None for c in cols):
        df.to_csv(path, index=False, encoding="utf-8")
        return path
    with open(path, "wb") as fh:
        fh.write(csv_line(str(c) for c in df.columns).encode("utf-8"))
        RowWriter(fh, [v for _, v in cols]).write([c for c, _ in cols])  # type: ignore[misc]
    release_arrow_memory()
    return path


def release_arrow_memory() -> None:
    """Give the blocks pyarrow's allocator keeps for reuse back to the system."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
