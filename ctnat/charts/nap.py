"""The report's NAP charts: measures per area by deadline type, the indicator
coverage heat map, and the bodies leading most measures."""

from __future__ import annotations

import plotly.graph_objects as go

from . import figures as F
from .render import Chart
from ..instruments import load_instruments
from ..messages import N_, _, format_number, label, ngettext
from ..paths import instruments_dir
from ..nap import nap_summary


def nap_charts(country: str, root=None) -> list[Chart]:
    s = nap_summary(country, root)
    if s is None:
        return []
    inst = load_instruments(instruments_dir(root))
    title = s["plan"]["title"] if "title" in s["plan"] else _("NAP")
    src = _("CT-NAT reading of the {plan}", plan=title)
    d = s["deadline"]
    areas = [a.id for a in inst.indicators.areas]
    labels = [F.wrap(label(a.title), 16) for a in inst.indicators.areas]
    fig = go.Figure()
    for kind, colour, name in (("dated", F.BLUE, N_("With an end date")),
                               ("recurring", F.ORANGE, N_("Recurring, no end date")),
                               ("none", F.GREY, N_("No timeline"))):
        fig.add_trace(go.Bar(x=labels, y=[int(((d["area"] == a) & (d["kind"] == kind)).sum()) for a in areas],
                             name=_(name), marker_color=colour))
    fig = F._layout(fig, _("NAP measures per area by deadline type (n={n})", n=format_number(s["measures"])), src,
                    height=460, layout=dict(barmode="stack"),
                    yaxes=dict(title=dict(text=_("Measures (n)")), gridcolor="#EEEEEE"))
    charts = [Chart("nap_measures_area", fig, height=460)]
    cov = s["coverage"]
    val = {"covered": 2, "mentioned": 1, "gap": 0}
    # one row per area, one cell per indicator of that area (as many as indicators.yaml lists)
    per_area = [[i.id for i in inst.indicators.indicators if i.area == a] for a in areas]
    width = max((len(ids) for ids in per_area), default=0)
    status = cov.set_index("indicator")["status"]
    z = [[val[status.loc[ids[k]]] if k < len(ids) else None for k in range(width)] for ids in per_area]
    text = [[ids[k] if k < len(ids) else "" for k in range(width)] for ids in per_area]
    fig = go.Figure(go.Heatmap(z=z, x=[_("Indicator {k}", k=k) for k in range(1, width + 1)], y=labels, text=text,
                               texttemplate="%{text}", colorscale=[[0, F.ORANGE], [0.5, F.SKY], [1, F.BLUE]],
                               zmin=0, zmax=2, showscale=False, xgap=3, ygap=3))
    for name, colour in ((N_("Covered"), F.BLUE), (N_("Mentioned only"), F.SKY), (N_("Gap"), F.ORANGE)):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=_(name),
                                 marker=dict(size=14, color=colour, symbol="square")))
    fig = F._layout(fig, ngettext("NAP coverage of the {n} indicator", "NAP coverage of the {n} indicators",
                                  len(inst.indicators.indicators)), src, height=460, yaxes=dict(autorange="reversed"))
    charts.append(Chart("nap_coverage", fig, height=460))
    tb = s["top_bodies"].reset_index()
    tb.columns = ["body", "count"]
    charts.append(F.count_bar(tb, "body", "count", _("Bodies leading most NAP measures"), src, "nap_top_bodies",
                              x_title=_("Measures led (n)"), colour=F.GREEN))
    return charts
