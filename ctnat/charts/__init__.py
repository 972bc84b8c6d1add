"""Charts: plotly figures rendered to PNG through kaleido in one browser session."""

from .build import build_charts, build_workshop_charts, chart_use, country_charts, draw_country_charts
from .render import Chart, render_charts, render_naive

__all__ = ["Chart", "build_charts", "build_workshop_charts", "chart_use", "country_charts", "draw_country_charts",
           "render_charts", "render_naive"]
