"""Charts: plotly figures rendered to PNG through kaleido in one browser session.

The names below are imported on first use (PEP 562), so that
``from ctnat.charts import browser`` does not import plotly, pandas and the
figure code: ``ctnat build`` starts Chromium that way before anything heavy
is loaded, and the browser comes up while ingest imports pandas
(``docs/architecture.md``).
"""

from __future__ import annotations

import importlib
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from .. import catalogue

if TYPE_CHECKING:
    from .build import build_charts, build_workshop_charts, chart_use, country_charts, draw_country_charts
    from .render import Chart, render_charts, render_naive

#: the report's charts and their digests, written by the ``charts`` stage as
#: soon as the figures are built (the pictures may still be being drawn): the
#: report's input (``ctnat/report/pictures.py``), so that the report can be
#: written while Chromium draws. Here, where reading it loads no plotly.
REPORT_LISTING = PurePath(catalogue.table("report_charts").file).name

_LAZY = {"build_charts": "build", "build_workshop_charts": "build", "chart_use": "build",
         "country_charts": "build", "draw_country_charts": "build",
         "Chart": "render", "render_charts": "render", "render_naive": "render"}

__all__ = ["REPORT_LISTING", "Chart", "build_charts", "build_workshop_charts", "chart_use", "country_charts", "draw_country_charts",
           "render_charts", "render_naive"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
