"""The one small I/O module every stage uses for its tables and YAML.

Processed and analysis tables are UTF-8 CSV files (readable by an assessor in
any spreadsheet). Read back, every column is text — codes stay codes ("01" is
not 1) — except the columns declared in :data:`TYPED_COLUMNS`, which come back
with their type: booleans as real booleans (never the strings "True"/"False"),
counts as integers. Writes are atomic (temporary file + rename).

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

import os
from pathlib import Path
from typing import Any

import yaml

from .atomic import atomic_path

try:  # libyaml is bundled with PyYAML's wheels
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - a PyYAML built without libyaml
    _Loader = yaml.SafeLoader

#: Columns that carry a type other than text, by column name (the same name
#: means the same thing in every table).
TYPED_COLUMNS: dict[str, str] = {
    # booleans
    "passed": "bool", "recurring": "bool", "small_cell": "bool", "names_flagged": "bool",
    "superseded": "bool", "withdrawn": "bool", "to_confirm": "bool", "is_gap": "bool",
    "no_lead_body": "bool", "vague_responsibility": "bool", "recurring_no_deadline": "bool", "no_indicator": "bool",
    "no_budget": "bool", "vague_wording": "bool",
    # whole numbers
    "count": "int", "n_valid": "int", "n_missing": "int", "total_respondents": "int",
    "respondents_to_block": "int", "selections": "int", "rank1": "int", "rank2": "int", "rank3": "int",
    "workshop_groups": "int", "source_row": "int", "participants_male": "int", "participants_female": "int",
    "participants_total": "int",
}

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


def read_table(path: str | os.PathLike, types: dict[str, str] | None = None):
    """Read a CSV table written by CT-NAT: text columns stay text, the columns of
    :data:`TYPED_COLUMNS` (or ``types``) get their type."""
    import pandas as pd

    df = pd.read_csv(path, dtype=object, keep_default_na=False, encoding="utf-8")
    wanted = dict(TYPED_COLUMNS, **(types or {}))
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
