"""The trend chart of the baseline statistics (``data/processed/<ISO3>/statistics.csv``):
one panel per metric reported for at least two years, whole-year totals only,
a bar per year and source — so two sources for one year stand side by side
instead of being added up."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import catalogue
from ..messages import _, format_number
from .figures import BLUE, GREEN, ORANGE, PURPLE, SKY, VERMILION, _layout, cm, legend_rows_of, wrap
from .names import country_name as _country_name
from .render import Chart

COLOURS = [BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILION]
BREAKDOWN_SKIP = {"metric", "year", "period", "source", "value", "qualifier", "note", "seed_lines", "label", "unit",
                  "kind", "small_cell", "source_row"}


def yearly_totals(stats):
    """Rows for whole years with no breakdown."""
    d = stats[stats["period"] == ""]
    for c in [c for c in stats.columns if c not in BREAKDOWN_SKIP]:
        d = d[d[c] == ""]
    return d


def statistics_charts(country: str, root=None) -> list[Chart]:
    stats = catalogue.read("statistics", country, root, missing_ok=True)
    if stats is None:
        return []
    d = yearly_totals(stats)
    metrics = [m for m, g in d.groupby("metric", sort=False) if g["year"].nunique() >= 2]
    if not metrics:
        return []
    sources = list(dict.fromkeys(d[d["metric"].isin(metrics)]["source"]))
    colour = {s: COLOURS[i % len(COLOURS)] for i, s in enumerate(sources)}
    fig = make_subplots(rows=1, cols=len(metrics), horizontal_spacing=0.08,
                        subplot_titles=[wrap(d[d["metric"] == m]["label"].iloc[0], 28) for m in metrics])
    shown = set()
    axes: dict[str, dict] = {}
    for j, m in enumerate(metrics, start=1):
        g = d[d["metric"] == m]
        for s in sources:
            sub = g[g["source"] == s].sort_values("year")
            if not len(sub):
                continue
            vals = sub["value"].astype(float)
            # a figure the source qualifies ("more than 13,000") is a lower bound: hatched, never a plain bar
            hatch = ["/" if str(q).strip() else "" for q in sub["qualifier"]]
            fig.add_trace(go.Bar(x=sub["year"], y=vals, name=wrap(s, 60), marker_color=colour[s],
                                 marker_pattern_shape=hatch,
                                 text=[f"{q + ' ' if q else ''}{format_number(int(v))}" for q, v in zip(sub["qualifier"], vals)],
                                 textposition="outside", constraintext="none", legendgroup=s, showlegend=s not in shown,
                                 cliponaxis=False),
                          row=1, col=j)
            shown.add(s)
        suffix = "" if j == 1 else str(j)
        axes[f"xaxis{suffix}"] = dict(type="category", categoryorder="category ascending")
        axes[f"yaxis{suffix}"] = dict(gridcolor="#EEEEEE", rangemode="tozero")
    # the panels' titles sit above the plots, so the legend goes below them: under the year labels,
    # then the source line, with the bottom margin grown to hold every legend row
    width, top, ticks_px = cm(16), 110, 34
    legend_px = 22 * legend_rows_of(fig, width)

    source = _("official statistics received for {country}", country=_country_name(country, root))
    if any(str(q).strip() for q in d["qualifier"]):
        source += "; " + _("hatched bars: the source gives only a lower bound (“more than”)")
    bottom = ticks_px + legend_px + 10 + 16 * 2 + 10
    height = top + 260 + bottom  # 260 px of plot
    fig = _layout(fig, _("Official figures over time (whole-year totals, by source)"), source, height=height,
                  width=width, layout=dict(axes, barmode="group"),
                  overrides=dict(margin={"l": 20, "r": 20, "t": top, "b": bottom},
                                 legend={"y": -ticks_px / 260, "yanchor": "top"}),
                  source_shift_px=ticks_px + legend_px + 10)  # the source line, under the legend
    return [Chart(name="statistics_trend", figure=fig, height=height, caption=_("Official figures over time"))]
