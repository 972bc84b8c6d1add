"""The one small I/O module every stage uses for its tables and YAML.

Processed and analysis tables are UTF-8 CSV files (readable by an assessor in
any spreadsheet). Read back, every column is text — codes stay codes ("01" is
not 1) — except the columns given a type (the table catalogue,
``ctnat/catalogue.py``, declares them), which come back with it: booleans as
real booleans (never the strings "True"/"False"), counts as integers. Writes
are atomic (temporary file + rename).

Text columns are read as Python strings (``object`` dtype), not as pandas 3's
default pyarrow-backed ``str``: the stages after ingest work on small tables
row by row and cell by cell (index look-ups, ``to_dict``, ``map``), where every
access to an arrow string converts it, so plain strings make those stages
faster (the stage times are in ``BENCHMARKS.md``). Ingest, which handles the large survey files, has its own
columnar reader (``ctnat/ingest/readers.py``).

YAML is parsed with PyYAML's C loader (``CSafeLoader``, ~10× faster than the
pure-Python one) when libyaml is available.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import yaml

from .atomic import atomic_path

try:  # libyaml is bundled with PyYAML's wheels
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - a PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no", ""}


def load_yaml(source: str | bytes | os.PathLike | Path) -> Any:
    """Parse YAML text, or the file at a path, with the C loader."""
    if isinstance(source, (os.PathLike, Path)):
        with open(source, "rb") as fh:
            return yaml.load(fh, Loader=_Loader)  # noqa: S506 - a safe loader
    return yaml.load(source, Loader=_Loader)  # noqa: S506 - a safe loader


def _to_bool(value: str) -> bool:
    v = str(value).strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise ValueError(f"'{value}' is not a boolean")


#: Tables up to this size are remembered, by content, for the rest of the
#: process: in one ``ctnat build`` the stages read the same small tables again
#: and again (78 reads of 26 files for AZE), and parsing them was a tenth of
#: the build's own time. A table is recognised by the hash of its bytes, so an
#: edited or replaced file is always parsed anew; larger tables (the survey
#: responses of a big country) are never kept, and the tables kept add up to
#: at most CACHE_TOTAL_BYTES of CSV (the least recently read go first), so a
#: long-running portal holds a few tens of MB at most. (All 47 AZE tables
#: under 256 KB add up to 0.6 MB.)
CACHE_MAX_BYTES = 256 * 1024
CACHE_TOTAL_BYTES = 8 * 1024 * 1024
_parsed: OrderedDict[tuple, tuple[int, Any]] = OrderedDict()  # key → (size of the CSV, frame)
_parsed_lock = threading.Lock()
_kept = {"bytes": 0}


def read_table(path: str | os.PathLike, types: dict[str, str] | None = None):
    """Read a CSV table written by CT-NAT: text columns stay text, the columns
    named in ``types`` (``{"passed": "bool", "count": "int"}``) get their type. Each call returns a
    frame of its own (a copy of a remembered one when the file's bytes were
    parsed before in this process)."""
    if os.stat(path).st_size > CACHE_MAX_BYTES:
        return _parse_table(path, types)  # parsed from the file, never held whole in memory as bytes
    with open(path, "rb") as fh:
        data = fh.read()
    if len(data) > CACHE_MAX_BYTES:  # grew since
        return _parse_table(io.BytesIO(data), types)
    key = (hashlib.blake2b(data, digest_size=20).digest(), tuple(sorted((types or {}).items())))
    with _parsed_lock:
        kept = _parsed.get(key)
        if kept is not None:
            _parsed.move_to_end(key)
    if kept is not None:
        return kept[1].copy(deep=True)
    frame = _parse_table(io.BytesIO(data), types)
    with _parsed_lock:
        if key not in _parsed:
            _parsed[key] = (len(data), frame)
            _kept["bytes"] += len(data)
        while _kept["bytes"] > CACHE_TOTAL_BYTES and _parsed:
            _kept["bytes"] -= _parsed.popitem(last=False)[1][0]
    return frame.copy(deep=True)


def _parse_table(source, types: dict[str, str] | None):
    import pandas as pd

    df = pd.read_csv(source, dtype=object, keep_default_na=False, encoding="utf-8")
    wanted = types or {}
    for col in df.columns:
        kind = wanted.get(col)
        if kind == "bool":
            df[col] = df[col].map(_to_bool).astype(bool)
        elif kind == "int":
            s = df[col].str.strip()
            if (s != "").all():
                try:
                    df[col] = s.astype(float).astype("int64")
                except ValueError:
                    pass  # a column of that name holding text in this table: leave it as text
    return df


def write_table(df, path: str | os.PathLike) -> Path:
    """Write a table as UTF-8 CSV, atomically. Booleans are written True/False."""
    with atomic_path(path) as tmp:
        df.to_csv(tmp, index=False, encoding="utf-8")
    return Path(path)


# the names the stages have always used
read_csv = read_table
write_csv = write_table
