"""The assessor's coding decisions (``data/raw/<ISO3>/coding/*.csv``), read and
validated at ingest.

A coding file has the columns ``segment_id``, ``theme``, ``polarity``
(``supports``, ``contradicts`` or empty), ``action`` (``add`` — the default — or
``remove``), ``coder`` (defaults to the file name) and optionally ``note``.
The coding stage applies them over the automatic suggestions
(:func:`ctnat.coding.manual.apply_manual`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..instruments import Theme
from ..problems import InputError, Problem

POLARITIES = ("supports", "contradicts", "")
ACTIONS = ("add", "remove")


def read_coding_files(files: list[Path], segments: pd.DataFrame, themes: dict[str, Theme]) -> pd.DataFrame:
    """Read and validate coding CSV files (a list of paths, or a folder whose
    ``*.csv`` are read); raise :class:`CtnatError` listing each bad row (file,
    row, column, value, what is allowed)."""
    if isinstance(files, Path):
        files = sorted(files.glob("*.csv")) if files.exists() else []
    known_segments = set(segments["segment_id"])
    frames, problems = [], []
    for path in files:
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
            problems.append(Problem(path.name, f"cannot be read as a UTF-8 CSV table ({type(exc).__name__})"))
            continue
        missing = [c for c in ("segment_id", "theme") if c not in df.columns]
        if missing:
            problems.append(Problem(path.name, f"required column(s) missing: {', '.join(missing)}",
                                    expected="segment_id, theme, polarity, action, coder"))
            continue
        for col, default in (("polarity", ""), ("action", "add"), ("coder", path.stem), ("note", "")):
            if col not in df.columns:
                df[col] = default
        df["coder"] = df["coder"].where(df["coder"].str.strip() != "", path.stem)
        df["action"] = df["action"].str.strip().str.lower().replace("", "add")
        df["polarity"] = df["polarity"].str.strip().str.lower()
        for i, r in df.iterrows():
            row = i + 2
            if r["segment_id"] not in known_segments:
                problems.append(Problem(path.name, "unknown segment id (not in the processed interview segments)",
                                        row=row, column="segment_id", value=r["segment_id"],
                                        expected="an id like AZEint3:3.2 from data/processed/<ISO3>/segments.csv"))  # not a question code
            if r["theme"] not in themes:
                problems.append(Problem(path.name, "unknown theme", row=row, column="theme", value=r["theme"],
                                        expected="a theme code from instruments/codebook.yaml"))
            if r["polarity"] not in POLARITIES:
                problems.append(Problem(path.name, "unknown polarity", row=row, column="polarity",
                                        value=r["polarity"], expected="supports, contradicts or empty"))
            if r["action"] not in ACTIONS:
                problems.append(Problem(path.name, "unknown action", row=row, column="action", value=r["action"],
                                        expected="add or remove"))
        df["file"] = path.name
        frames.append(df)
    if problems:
        raise InputError(f"The coding files have {len(problems)} problem(s):", problems)
    if not frames:
        return pd.DataFrame(columns=["segment_id", "theme", "polarity", "action", "coder", "note", "file"])
    return pd.concat(frames, ignore_index=True)
