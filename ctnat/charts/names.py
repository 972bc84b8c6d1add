"""The country's name as charts and their captions give it (no plotly needed to import)."""

from __future__ import annotations

from .. import catalogue
from ..messages import label_of


def country_name(country: str, root) -> str:
    """The short name readers know (context.yaml ``name.short``), else the ISO code."""
    name = catalogue.read_json("context", country, root, missing_ok=True, default={}).get("name")
    if isinstance(name, dict):
        return label_of(name.get("short")) or label_of(name) or country
    return str(name or country)
