"""The desk review's source list (``sources:`` in desk_review.yaml) as a
processed table, ``desk_sources.csv``, for the report's bibliography; and who
reviewed the documents (``assessor``), kept in context.json as ``desk_assessor``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..tables import load_yaml

COLUMNS = ["id", "title", "author", "publisher", "year", "url"]


def desk_sources(path: Path, data: object = None) -> tuple[pd.DataFrame, str]:
    """(sources table, assessor) from a desk_review.yaml, or from its ``data``
    when the caller has parsed it already; empty when the file has none (its
    validity is checked by the desk-review reader)."""
    if data is None:
        try:
            data = load_yaml(path) or {}
        except Exception:  # invalid YAML is reported by the desk-review reader
            return pd.DataFrame(columns=COLUMNS), ""
    if not isinstance(data, dict):
        return pd.DataFrame(columns=COLUMNS), ""
    rows = [{c: ("" if s.get(c) is None else str(s.get(c)).strip()) for c in COLUMNS}
            for s in data.get("sources") or [] if isinstance(s, dict) and s.get("id")]
    return pd.DataFrame(rows, columns=COLUMNS), str(data.get("assessor") or "").strip()
