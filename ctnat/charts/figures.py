"""The report's charts as plotly figures — pure functions of the analysis tables.

Colour-blind-safe palette (Okabe–Ito); every chart has a title, axis labels and a
source line naming the data and its n.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..instruments import Instruments
from .render import Chart

# Okabe–Ito
BLUE, SKY, GREEN, YELLOW, ORANGE, VERMILION, PURPLE, GREY = (
    "#0072B2", "#56B4E9", "#009E73", "#F0E442", "#E69F00", "#D55E00", "#CC79A7", "#999999")
LIGHT_GREY = "#D9D9D9"
STATUS_COLOURS = {"met": BLUE, "partly_met": SKY, "not_met": ORANGE, "insufficient_evidence": LIGHT_GREY}
STATUS_LABELS = {"met": "Met", "partly_met": "Partly met", "not_met": "Not met",
                 "insufficient_evidence": "Insufficient evidence"}
FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=13, color="#222222")


def wrap(text: str, width: int = 48) -> str:
    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)


def _layout(fig: go.Figure, title: str, source: str, height: int = 520, **kw) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0.01, xanchor="left", font=dict(size=17)),
        font=FONT, plot_bgcolor="white", paper_bgcolor="white", height=height,
        margin=dict(l=20, r=20, t=70, b=90), legend=dict(orientation="h", y=-0.14, x=0, yanchor="top"),
        **kw)
    fig.add_annotation(text=f"Source: {source}", xref="paper", yref="paper", x=0, y=-0.30 if height < 450 else -0.24,
                       xanchor="left", yanchor="top", showarrow=False, font=dict(size=11, color="#555555"))
    return fig


def _sequential(n: int, colours: list[str]) -> list[str]:
    return (colours * ((n // len(colours)) + 1))[:n]


def grid_chart(block: dict, items: pd.DataFrame, inst: Instruments, totals: dict, country: str) -> Chart:
    """Diverging stacked bars for one opinion grid: favourable options to the
    right, unfavourable to the left, neutral options split across zero, and
    "don't know" in a panel of its own. Counts (n) on the bars."""
    fields = inst.survey.grid_fields(block["code"])
    scale = fields[0].scale
    neutral = [o.code for o in scale.options if not o.dont_know and o.code not in scale.favourable
               and o.code not in scale.unfavourable]
    dk = [o.code for o in scale.options if o.dont_know]
    fav_colours = dict(zip(scale.favourable, [BLUE, SKY]))
    unfav_colours = dict(zip(scale.unfavourable, [VERMILION, ORANGE]))
    neutral_colours = dict(zip(neutral, [LIGHT_GREY, "#BDBDBD", "#A6A6A6"]))
    rows = [wrap(f"{f.code} {f.en}", 44) for f in fields]
    counts = {f.code: items[items["question"] == f.code].set_index("option_code")["count"].astype(int).to_dict()
              for f in fields}
    fig = make_subplots(rows=1, cols=2, column_widths=[0.84, 0.16], shared_yaxes=True, horizontal_spacing=0.02)
    label = {o.code: o.en for o in scale.options}

    def bar(code, values, base, colour, col=1):
        fig.add_trace(go.Bar(y=rows, x=values, base=base, orientation="h", name=label[code],
                             marker=dict(color=colour, line=dict(color="white", width=1)),
                             text=[str(int(abs(v))) if v else "" for v in values], textposition="inside",
                             insidetextanchor="middle", textfont=dict(size=12),
                             legendrank={**{c: i for i, c in enumerate(o.code for o in scale.options)}}[code]),
                      row=1, col=col)

    # neutral: split half/half around zero
    half = {f.code: sum(counts[f.code].get(c, 0) for c in neutral) / 2 for f in fields}
    left = {f.code: -half[f.code] for f in fields}
    right = {f.code: half[f.code] for f in fields}
    for code in neutral:
        vals = [counts[f.code].get(code, 0) for f in fields]
        # draw neutral as one block centred on zero, stacked left->right
        bases = [left[f.code] for f in fields]
        bar(code, vals, bases, neutral_colours[code])
        for f, v in zip(fields, vals):
            left[f.code] += v
    for code in scale.favourable:
        vals = [counts[f.code].get(code, 0) for f in fields]
        bar(code, vals, [right[f.code] for f in fields], fav_colours.get(code, BLUE))
        for f, v in zip(fields, vals):
            right[f.code] += v
    neg = {f.code: -half[f.code] for f in fields}
    for code in scale.unfavourable:
        vals = [counts[f.code].get(code, 0) for f in fields]
        bar(code, [-v for v in vals], [neg[f.code] for f in fields], unfav_colours.get(code, ORANGE))
        for f, v in zip(fields, vals):
            neg[f.code] -= v
    for code in dk:
        vals = [counts[f.code].get(code, 0) for f in fields]
        bar(code, vals, [0] * len(fields), GREY, col=2)
    span = max([1] + [right[f.code] for f in fields] + [-neg[f.code] for f in fields])
    fig.update_xaxes(range=[-span - 0.5, span + 0.5], zeroline=True, zerolinecolor="#444444", zerolinewidth=1.5,
                     title_text="← unfavourable · respondents (n) · favourable →", gridcolor="#EEEEEE",
                     row=1, col=1)
    fig.update_xaxes(title_text="Don't know (n)", range=[0, max(1, span) + 0.5], gridcolor="#EEEEEE", row=1, col=2)
    fig.update_yaxes(autorange="reversed", title_text=None)
    fig.update_layout(barmode="overlay")
    n_total, n_block = totals.get("total_respondents", 0), totals.get("respondents_to_block", 0)
    height = 180 + 62 * len(fields)
    _layout(fig, f"{block['code']} {wrap(scale.title['en'] + ': ' + _short(block), 90)}",
            f"CT-NAT e-survey, {country}, n={n_total} (answered this block: n={n_block})", height=max(height, 420))
    return Chart(name=f"grid_{block['code'].replace('.', '_')}", figure=fig, height=max(height, 420),
                 caption=f"Survey answers to {block['code']} (n={n_block} of {n_total} respondents)")


def _short(block: dict) -> str:
    text = block["text"]["en"] if isinstance(block.get("text"), dict) else str(block.get("text", ""))
    return text.split("(")[0].strip().rstrip(".")[:120]


def count_bar(df: pd.DataFrame, label_col: str, count_col: str, title: str, source: str, name: str,
              x_title: str = "Respondents (n)", colour: str = BLUE, sort: bool = True) -> Chart:
    """A horizontal bar chart of counts."""
    d = df[[label_col, count_col]].copy()
    d[count_col] = d[count_col].astype(int)
    if sort:
        d = d.sort_values(count_col, ascending=True)
    fig = go.Figure(go.Bar(y=[wrap(v, 40) for v in d[label_col]], x=d[count_col], orientation="h",
                           marker_color=colour, text=d[count_col], textposition="outside"))
    height = max(380, 140 + 38 * len(d))
    fig.update_xaxes(title_text=x_title, gridcolor="#EEEEEE", rangemode="tozero",
                     range=[0, max(1, int(d[count_col].max() if len(d) else 1)) * 1.15 + 0.5])
    fig.update_yaxes(title_text=None)
    _layout(fig, title, source, height=height, showlegend=False)
    return Chart(name=name, figure=fig, height=height, caption=title)


def sex_chart(male: int, female: int, title: str, source: str, name: str) -> Chart:
    """Participants (or respondents) by sex, as a donut with counts and shares."""
    fig = go.Figure(go.Pie(labels=["Men", "Women"], values=[male, female], hole=0.45, sort=False,
                           marker=dict(colors=[BLUE, ORANGE]), textinfo="label+value+percent"))
    _layout(fig, title, source, height=420)
    return Chart(name=name, figure=fig, width=700, height=420, caption=title)


def ranking_chart(ranking: pd.DataFrame, source: str, code: str, rank_max: int) -> Chart:
    """The ranking question (role ``situation_ranking``, printed as ``code``): mean
    rank per group (1 = most trafficked, ``rank_max`` = least), with how many ranked it."""
    d = ranking.assign(mean_rank=pd.to_numeric(ranking["mean_rank"], errors="coerce"),
                       n=pd.to_numeric(ranking["n"], errors="coerce").fillna(0).astype(int))
    d = d.dropna(subset=["mean_rank"]).sort_values("mean_rank", ascending=False)
    fig = go.Figure(go.Bar(y=d["label"], x=d["mean_rank"], orientation="h", marker_color=PURPLE,
                           text=[f"mean {m:.1f} (n={n})" for m, n in zip(d["mean_rank"], d["n"])],
                           textposition="outside"))
    fig.update_xaxes(title_text=f"Mean rank (1 = most trafficked, {rank_max} = least)", range=[0, rank_max + 0.9],
                     gridcolor="#EEEEEE")
    _layout(fig, f"{code} Most and least trafficked groups", source, height=400, showlegend=False)
    return Chart(name="situation_ranking", figure=fig, height=400, caption="Ranking of trafficked groups")


def priorities_chart(prio: pd.DataFrame, source: str, code: str, rank_max: int) -> Chart:
    """The priorities (role ``priorities``, printed as ``code``): survey selections
    by rank (1 to ``rank_max``) and workshop groups."""
    d = prio.copy()
    labels = [f"{p} {wrap(lbl, 60)}" for p, lbl in zip(d["priority"], d["label"])]
    fig = go.Figure()
    shades = [BLUE, SKY, "#A6CEE3", "#CFE3F0", "#E8F1F8"]
    for r in range(1, rank_max + 1):
        colour = shades[min(r, len(shades)) - 1]
        fig.add_trace(go.Bar(y=labels, x=d[f"rank{r}"].astype(int), orientation="h", name=f"Survey: rank {r}",
                             marker_color=colour))
    if "workshop_groups" in d and d["workshop_groups"].astype(int).sum() > 0:
        fig.add_trace(go.Bar(y=labels, x=d["workshop_groups"].astype(int), orientation="h",
                             name="Workshop groups", marker_color=ORANGE, xaxis="x2", yaxis="y",
                             opacity=0.85, width=0.3, offset=0.22))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=11))
    fig.update_xaxes(title_text="Times chosen (n)", gridcolor="#EEEEEE", dtick=1)
    height = 160 + 40 * len(d)
    _layout(fig, f"{code} Priorities for action ({d['priority'].iloc[0]}–{d['priority'].iloc[-1]})"
            if len(d) else f"{code} Priorities for action", source, height=height)
    return Chart(name="priorities", figure=fig, height=height, width=1100, caption="Priorities for action")


def indicator_matrix_chart(scores: pd.DataFrame, inst: Instruments, country: str, area: str | None = None) -> Chart:
    """The indicator × criterion matrix as a heat map coloured by status."""
    order = ["not_met", "partly_met", "met", "insufficient_evidence"]
    value = {"not_met": 0, "partly_met": 1, "met": 2, "insufficient_evidence": 3}
    inds = [i for i in inst.indicators.indicators if area is None or i.area == area]
    crit = ["fw1", "fw2", "op1", "op2"]
    s = scores.set_index(["indicator", "criterion"])["status"].to_dict()
    z = [[value.get(s.get((i.id, c), "insufficient_evidence"), 3) for c in crit] for i in inds]
    text = [[STATUS_LABELS.get(s.get((i.id, c), ""), "") for c in crit] for i in inds]
    colours = [STATUS_COLOURS[k] for k in order]
    scale = []
    for k, col in enumerate(colours):
        scale += [[k / 4, col], [(k + 1) / 4, col]]
    ylabels = [f"{i.id} {wrap(i.title['en'], 38)}" for i in inds]
    fig = go.Figure(go.Heatmap(z=z, x=["Framework L1", "Framework L2", "Operational L1", "Operational L2"],
                               y=ylabels, text=text, texttemplate="%{text}", textfont=dict(size=11),
                               colorscale=scale, zmin=0, zmax=4, showscale=False, xgap=3, ygap=3))
    for k in order:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=STATUS_LABELS[k],
                                 marker=dict(size=14, color=STATUS_COLOURS[k], symbol="square")))
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=11))
    fig.update_xaxes(side="top")
    height = 200 + (44 if area else 34) * len(inds)
    title = "Indicator matrix" + (f": {inst.indicators.area(area)['title']['en']}" if area else " (25 indicators × 4 criteria)")
    _layout(fig, title, f"CT-NAT scoring of desk review, survey and interviews, {country}", height=height,
            xaxis=dict(showgrid=False), yaxis=dict(showgrid=False))
    name = f"matrix_area{area}" if area else "indicator_matrix"
    return Chart(name=name, figure=fig, height=height, width=1000, caption=title)


def area_scores_chart(area_scores: pd.DataFrame, country: str) -> Chart:
    """Area scores (share of criteria met, partly met counting half)."""
    d = area_scores.copy()
    d["pct"] = pd.to_numeric(d["score"], errors="coerce") * 100
    fig = go.Figure(go.Bar(x=[wrap(t, 18) for t in d["title"]], y=d["pct"], marker_color=GREEN,
                           text=[f"{v:.0f}%" if pd.notna(v) else "n/a" for v in d["pct"]], textposition="outside"))
    fig.update_yaxes(title_text="Score (% of assessed criteria met; partly met = ½)", range=[0, 110],
                     gridcolor="#EEEEEE")
    _layout(fig, "Area scores", f"CT-NAT scoring, {country}", height=460, showlegend=False)
    return Chart(name="area_scores", figure=fig, height=460, caption="Area scores")
