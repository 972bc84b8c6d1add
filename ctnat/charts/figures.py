"""The report's charts as plotly figures — pure functions of the analysis tables.

Every chart is laid out at the size it is placed on the page (``style.PX_PER_CM``
figure pixels per centimetre), so its smallest text is at least 8 pt in print.
Layout rules: the title wraps (never cut; the caption carries the full wording),
the legend sits between the title and the plot, the source line at the bottom
edge below the axis title, count axes show whole numbers only, and every series
named in the legend is drawn on an axis the figure defines.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..instruments import CRITERIA, Instruments, Question
from ..messages import _, format_number, format_percent, label, ngettext, share_beside
from ..style import (BLUE, CHART_FONT_FAMILY, CHART_SMALL_PX, CHART_TEXT_PX, CHART_TITLE_PX, GREEN, GREY,
                     LIGHT_GREY, ORANGE, PURPLE, PX_PER_CM, SKY, STATUS_COLOURS, STATUS_LABELS, STATUSES,
                     VERMILION, YELLOW)
from .render import Chart

__all__ = ["BLUE", "GREEN", "GREY", "ORANGE", "PURPLE", "SKY", "VERMILION", "YELLOW", "STATUS_COLOURS",
           "STATUS_LABELS", "grid_chart", "count_bar", "sex_chart", "ranking_chart", "priorities_chart",
           "indicator_matrix_chart", "area_scores_chart", "wrap", "count_axis"]

FONT = dict(family=CHART_FONT_FAMILY, size=CHART_TEXT_PX, color="#222222")
CHAR_PX = 0.55  # average glyph width as a share of the font size (Arial)


def wrap(text: str, width: int = 48) -> str:
    """Wrap at word boundaries with plotly line breaks; never cuts a word."""
    return "<br>".join(textwrap.wrap(str(text), width, break_long_words=False)) or str(text)


def _chars(px_width: float, font_px: float = CHART_TEXT_PX) -> int:
    return max(10, int(px_width / (font_px * CHAR_PX)))


def cm(width_cm: float) -> int:
    """Figure width in pixels for a chart placed ``width_cm`` wide."""
    return int(round(width_cm * PX_PER_CM))


def count_axis(max_value: float) -> dict:
    """Axis settings for counts: whole-number ticks only."""
    top = max(1, int(math.ceil(max_value)))
    step = 1 if top <= 10 else (2 if top <= 20 else 5 if top <= 50 else 10 if top <= 100 else None)
    out: dict = dict(tickformat="d", rangemode="tozero")
    if step:
        out.update(dtick=step, tick0=0)
    return out


def _y_label_px(fig: go.Figure) -> float:
    """About how wide the longest line of the y axis's category labels prints."""
    lines = [line for t in fig.data if getattr(t, "orientation", None) == "h" or t.type == "heatmap"
             for label in (t.y if t.y is not None else ()) for line in str(label).split("<br>")]
    return max((len(line) for line in lines), default=0) * CHART_SMALL_PX * CHAR_PX + 10


def legend_names(fig: go.Figure) -> list[str]:
    return [t.name for t in fig.data if getattr(t, "showlegend", None) is not False and t.name]


def legend_rows_of(fig: go.Figure, width: int) -> int:
    """The rows a horizontal legend takes: plotly wraps it within the plot area
    (which long category labels on the y axis narrow) in columns as wide as its
    widest entry."""
    names = legend_names(fig)
    if not names:
        return 0
    room = width - 30 - _y_label_px(fig)
    entry = [len(n) * CHART_SMALL_PX * CHAR_PX + 40 for n in names]
    if sum(entry) <= room:
        return 1
    per_row = max(1, int(room // max(entry)))
    return -(-len(names) // per_row)


def _merge(into: dict, update: dict) -> dict:
    """Merge ``update`` into ``into`` the way plotly's ``update_layout`` does:
    nested dictionaries are merged, anything else replaces."""
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        elif isinstance(value, dict):
            into[key] = _merge({}, value)
        else:
            into[key] = value
    return into


def _axes(layout: dict, letter: str) -> list[str]:
    """The figure's x (or y) axes, as plotly's ``update_xaxes`` finds them."""
    return sorted({f"{letter}axis"} | {k for k in layout if k.startswith(f"{letter}axis")
                                       and k[5:].isdigit()}, key=lambda k: int(k[5:] or 1))


def _layout(fig: go.Figure, title: str, source: str, height: int = 420, width: int | None = None,
            legend: bool | None = None, bottom_px: int = 48, *, layout: dict | None = None,
            xaxes: dict | None = None, yaxes: dict | None = None, overrides: dict | None = None,
            source_shift_px: int | None = None, **kw) -> go.Figure:
    """The chart's figure: ``fig``'s traces (and, for subplots, its axes) laid
    out with the title (wrapped) at the top, then the legend, then the plot; the
    source line at the bottom edge, ``bottom_px`` below the x-axis tick labels
    and title (``source_shift_px`` instead, when given).

    The chart's own settings come as plain dictionaries, merged in this order:
    ``layout`` (per-axis settings under ``xaxis``, ``xaxis2``, …), ``xaxes`` and
    ``yaxes`` (for every x or y axis), the house style with ``kw``, then
    ``overrides`` (which may change the house style). The figure is made once from the merged layout: plotly
    validates a layout given to ``go.Figure`` about ten times faster than the
    same settings applied by ``update_layout``/``update_xaxes`` one call at a
    time, which had been most of the chart stage's own time. Returns a new
    figure."""
    width = width or cm(16)
    title_lines = textwrap.wrap(str(title).replace("<br>", " "), _chars(width - 20, CHART_TITLE_PX),
                                break_long_words=False) or [""]
    show_legend = legend if legend is not None else kw.pop("showlegend", True)
    kw.pop("showlegend", None)
    names = legend_names(fig)
    legend_rows = legend_rows_of(fig, width) if show_legend and names else 0
    source_lines = textwrap.wrap(_("Source: {source}", source=source), _chars(width - 20, CHART_SMALL_PX),
                                 break_long_words=False)
    top = 14 + 20 * len(title_lines) + 22 * legend_rows + 10
    bottom = bottom_px + 10 + 16 * len(source_lines)
    merged = fig.layout.to_plotly_json()
    merged.pop("template", None)  # the new figure gets plotly's default template, as this one did
    _merge(merged, layout or {})
    for letter, settings in (("x", xaxes), ("y", yaxes)):
        for axis in _axes(merged, letter):
            _merge(merged, {axis: settings or {}})
    _merge(merged, dict(
        title=dict(text="<br>".join(title_lines), x=0.01, xanchor="left", y=1, yref="container", yanchor="top",
                   pad=dict(t=10), font=dict(size=CHART_TITLE_PX)),
        font=FONT, plot_bgcolor="white", paper_bgcolor="white", height=height, width=width,
        margin=dict(l=10, r=20, t=top, b=bottom), showlegend=bool(show_legend and names),
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0, xanchor="left", font=dict(size=CHART_SMALL_PX),
                    traceorder="normal"),
        uniformtext=dict(minsize=CHART_SMALL_PX, mode="hide")))
    for letter, margin in (("x", False), ("y", True)):
        for axis in _axes(merged, letter):
            _merge(merged, {axis: dict(tickfont=dict(size=CHART_SMALL_PX), title=dict(font=dict(size=CHART_SMALL_PX)),
                                       automargin=margin)})
    _merge(merged, kw)
    _merge(merged, overrides or {})
    # the source ends at the plot's right edge: wide axis labels (automargin) move the plot's left
    # edge right, and a line starting there could run off the picture; wrapped to the full width, it fits
    merged["annotations"] = list(merged.get("annotations", [])) + [dict(
        text="<br>".join(source_lines), align="right", xref="paper", yref="paper", x=1, y=0,
        xanchor="right", yanchor="top", yshift=-(bottom_px if source_shift_px is None else source_shift_px),
        showarrow=False, font=dict(size=CHART_SMALL_PX, color="#555555"))]
    return go.Figure(data=fig.data, layout=merged)


def grid_chart(block: Question, items: pd.DataFrame, inst: Instruments, totals: dict, country: str) -> Chart:
    """Diverging stacked bars for one opinion grid: favourable options to the
    right, unfavourable to the left, neutral options split across zero, and
    "don't know" in a panel of its own. Counts (n) on the bars."""
    fields = inst.survey.grid_fields(block.code)
    scale = fields[0].scale
    neutral = [o.code for o in scale.options if not o.dont_know and o.code not in scale.favourable
               and o.code not in scale.unfavourable]
    dk = [o.code for o in scale.options if o.dont_know]
    fav_colours = dict(zip(scale.favourable, [BLUE, SKY]))
    unfav_colours = dict(zip(scale.unfavourable, [VERMILION, ORANGE]))
    neutral_colours = dict(zip(neutral, [LIGHT_GREY, "#BDBDBD", "#A6A6A6"]))
    width = cm(16)
    rows = [wrap(f"{f.code} {label(f.text)}", 34) for f in fields]
    counts = {f.code: items[items["question"] == f.code].set_index("option_code")["count"].astype(int).to_dict()
              for f in fields}
    fig = make_subplots(rows=1, cols=2, column_widths=[0.82, 0.18], shared_yaxes=True, horizontal_spacing=0.03)
    names = {o.code: label(o.label) for o in scale.options}
    rank = {c: i for i, c in enumerate(o.code for o in scale.options)}

    def bar(code, values, base, colour, col=1):
        fig.add_trace(go.Bar(y=rows, x=values, base=base, orientation="h", name=names[code],
                             marker=dict(color=colour, line=dict(color="white", width=1)),
                             text=[str(int(abs(v))) if v else "" for v in values], textposition="inside",
                             insidetextanchor="middle", textfont=dict(size=CHART_SMALL_PX),
                             legendrank=rank[code]), row=1, col=col)

    half = {f.code: sum(counts[f.code].get(c, 0) for c in neutral) / 2 for f in fields}
    left = {f.code: -half[f.code] for f in fields}
    right = {f.code: half[f.code] for f in fields}
    for code in neutral:
        vals = [counts[f.code].get(code, 0) for f in fields]
        bar(code, vals, [left[f.code] for f in fields], neutral_colours[code])
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
    ticks = list(range(-int(math.ceil(span)), int(math.ceil(span)) + 1, 1 if span <= 8 else 2))
    dk_max = max([1] + [counts[f.code].get(c, 0) for f in fields for c in dk])
    axes = {"xaxis": dict(range=[-span - 0.5, span + 0.5], zeroline=True, zerolinecolor="#444444",
                          zerolinewidth=1.5, tickvals=ticks, ticktext=[str(abs(t)) for t in ticks],
                          title=dict(text=_("◀ unfavourable · respondents (n) · favourable ▶")), gridcolor="#EEEEEE"),
            "xaxis2": dict(title=dict(text=_("Don't know")), range=[0, dk_max + 0.5], gridcolor="#EEEEEE",
                           **count_axis(dk_max))}
    n_total, n_block = totals.get("total_respondents", 0), totals.get("respondents_to_block", 0)
    height = max(360, 170 + 16 * sum(r.count("<br>") + 1 for r in rows) + 14 * len(rows))
    full = f"{block.code} {label(scale.title)}: {_short(block)}"
    fig = _layout(fig, full, _("CT-NAT e-survey, {country}, n={n} (answered this block: n={block})", country=country,
                               n=format_number(n_total), block=format_number(n_block)),
                  height=height, width=width, layout=dict(axes, barmode="overlay"),
                  yaxes=dict(autorange="reversed", title=dict(text=None)))
    return Chart(name=f"grid_{block.code.replace('.', '_')}", figure=fig, width=width, height=height,
                 caption=ngettext("Survey answers to {block} (n={answered} of {n} respondent)",
                                  "Survey answers to {block} (n={answered} of {n} respondents)", n_total, block=full,
                                  answered=format_number(n_block)))


def _short(block: Question) -> str:
    text = label(block.text)
    return text.split("(")[0].strip().rstrip(".")


def count_bar(df: pd.DataFrame, label_col: str, count_col: str, title: str, source: str, name: str,
              x_title: str | None = None, colour: str = BLUE, sort: bool = True,
              width_cm: float = 14) -> Chart:
    """A horizontal bar chart of counts."""
    d = df[[label_col, count_col]].copy()
    d[count_col] = d[count_col].astype(int)
    if sort:
        d = d.sort_values(count_col, ascending=True, kind="stable")
    width = cm(width_cm)
    labels = [wrap(v, 30) for v in d[label_col]]
    fig = go.Figure(go.Bar(y=labels, x=d[count_col], orientation="h", marker_color=colour,
                           text=d[count_col], textposition="outside", textfont=dict(size=CHART_SMALL_PX),
                           cliponaxis=False))
    tallest = max([lbl.count("<br>") + 1 for lbl in labels] + [1])
    height = max(260, 140 + len(d) * (16 * tallest + 12))
    top = int(d[count_col].max()) if len(d) else 1
    fig = _layout(fig, title, source, height=height, width=width, legend=False,
                  xaxes=dict(title=dict(text=x_title or _("Respondents (n)")), gridcolor="#EEEEEE", range=[0, max(1, top) * 1.12 + 0.3],
                             **count_axis(top)),
                  yaxes=dict(title=dict(text=None)))
    return Chart(name=name, figure=fig, width=width, height=height, caption=title)


def sex_chart(male: int, female: int, title: str, source: str, name: str, min_base: int) -> Chart:
    """Participants (or respondents) by sex, as a donut labelled with counts; a share beside each
    count only when there are at least ``min_base`` people (the numbers rule, ``share_beside``)."""
    width = cm(10)
    labels, values = [_("Men"), _("Women")], [male, female]
    text = [f"{lbl}<br>{format_number(v)}{share_beside(v, male + female, min_base)}" for lbl, v in zip(labels, values)]
    fig = go.Figure(go.Pie(labels=labels, values=values, hole=0.45, sort=False, text=text,
                           marker=dict(colors=[BLUE, ORANGE]), textinfo="text",
                           textfont=dict(size=CHART_TEXT_PX), insidetextorientation="horizontal"))
    fig = _layout(fig, title, source, height=300, width=width, legend=False, bottom_px=8)
    return Chart(name=name, figure=fig, width=width, height=300, caption=title)


def ranking_chart(ranking: pd.DataFrame, source: str, code: str, rank_max: int) -> Chart:
    """The ranking question (role ``situation_ranking``, printed as ``code``): mean
    rank per group (1 = most trafficked, ``rank_max`` = least), with how many ranked it."""
    d = ranking.assign(mean_rank=pd.to_numeric(ranking["mean_rank"], errors="coerce"),
                       n=pd.to_numeric(ranking["n"], errors="coerce").fillna(0).astype(int))
    d = d.dropna(subset=["mean_rank"]).sort_values("mean_rank", ascending=False)
    width = cm(14)
    fig = go.Figure(go.Bar(y=[wrap(v, 24) for v in d["label"]], x=d["mean_rank"], orientation="h",
                           marker_color=PURPLE, text=[f"{format_number(float(m), decimals=1)} (n={n})"
                                                          for m, n in zip(d["mean_rank"], d["n"])],
                           textposition="outside", textfont=dict(size=CHART_SMALL_PX), cliponaxis=False))
    fig = _layout(fig, _("{code} Most and least trafficked groups", code=code), source, height=300, width=width,
                  legend=False, xaxes=dict(title=dict(text=_("Mean rank (1 = most trafficked, {last} = least)",
                                                             last=rank_max)),
                                           range=[0, rank_max + 1.2], dtick=1, gridcolor="#EEEEEE"))
    return Chart(name="situation_ranking", figure=fig, width=width, height=300,
                 caption=_("Ranking of trafficked groups"))


def priorities_chart(prio: pd.DataFrame, source: str, code: str, rank_max: int, name: str = "priorities") -> Chart:
    """The priorities (role ``priorities``, printed as ``code``): survey choices
    stacked by rank (1 to ``rank_max``), and beside them the workshop groups'
    choices, both on the same count axis."""
    d = prio.copy()
    width = cm(14)
    labels = [str(p) for p in d["priority"]]  # the full wording is in the table beside the chart
    fig = go.Figure()
    base = [0] * len(d)
    has_ws = "workshop_groups" in d and d["workshop_groups"].astype(int).sum() > 0
    shades = [BLUE, SKY, "#A6CEE3", "#CFE3F0", "#E8F1F8"]
    for r in range(1, rank_max + 1):
        colour = shades[min(r, len(shades)) - 1]
        vals = d[f"rank{r}"].astype(int).tolist()
        fig.add_trace(go.Bar(y=labels, x=vals, base=base, orientation="h", name=_("Survey: choice {rank}", rank=r),
                             marker_color=colour, offsetgroup="survey"))
        base = [b + v for b, v in zip(base, vals)]
    top = max(base + [1])
    if has_ws:
        ws = d["workshop_groups"].astype(int).tolist()
        fig.add_trace(go.Bar(y=labels, x=ws, orientation="h", name=_("Workshop groups"), marker_color=ORANGE,
                             offsetgroup="workshop"))
        top = max(top, max(ws))
    height = 150 + len(d) * (30 if has_ws else 20)
    title = (_("{code} Priorities for action ({first}–{last})", code=code, first=d["priority"].iloc[0],
               last=d["priority"].iloc[-1]) if len(d) else _("{code} Priorities for action", code=code))
    fig = _layout(fig, title, source, height=height, width=width,
                  layout=dict(barmode="group", bargap=0.25, bargroupgap=0.05),
                  yaxes=dict(autorange="reversed", title=dict(text=_("Priority (wording in the table)"))),
                  xaxes=dict(title=dict(text=_("Times chosen (n)")), gridcolor="#EEEEEE", range=[0, top + 0.5],
                             **count_axis(top)))
    return Chart(name=name, figure=fig, height=height, width=width, caption=_("Priorities for action"))


def indicator_matrix_chart(scores: pd.DataFrame, inst: Instruments, country: str, area: str | None = None) -> Chart:
    """The indicator × criterion matrix as a heat map coloured by status."""
    order = list(STATUSES)
    value = {k: i for i, k in enumerate(order)}
    inds = [i for i in inst.indicators.indicators if area is None or i.area == area]
    crit = list(CRITERIA)
    s = scores.set_index(["indicator", "criterion"])["status"].to_dict()
    z = [[value.get(s.get((i.id, c), "insufficient_evidence"), 3) for c in crit] for i in inds]
    statuses = inst.rubric.status_labels
    text = [[wrap(inst.status_label(s[(i.id, c)]) if s.get((i.id, c)) in statuses else "", 12) for c in crit]
            for i in inds]
    scale = []
    for k, st in enumerate(order):
        scale += [[k / 4, STATUS_COLOURS[st]], [(k + 1) / 4, STATUS_COLOURS[st]]]
    width = cm(16)
    # an area's five rows have room for long labels; the whole matrix's 25 rows wrap them wider
    ylabels = [f"{i.id} {wrap(label(i.title), 30 if area else 46)}" for i in inds]
    levels = [inst.indicators.short_level(c).rsplit(" ", 1) for c in crit]  # "Framework L1" on two lines
    fig = go.Figure(go.Heatmap(z=z, x=["<br>".join(words) for words in levels],
                               y=ylabels, text=text, texttemplate="%{text}", textfont=dict(size=CHART_SMALL_PX),
                               colorscale=scale, zmin=0, zmax=4, showscale=False, xgap=3, ygap=3,
                               showlegend=False))
    for st in order:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=inst.status_label(st),
                                 marker=dict(size=12, color=STATUS_COLOURS[st], symbol="square")))
    # heat-map rows are all of one height: each must hold the label with the most lines
    tallest = max((lbl.count("<br>") + 1 for lbl in ylabels), default=1)
    height = 170 + len(inds) * max(15 * tallest, 30 if area else 22)
    if area:
        title = _("Indicator matrix: {area}", area=label(inst.indicators.area(area).title))
    else:
        title = ngettext("Indicator matrix ({n} indicator × {criteria} criteria)",
                         "Indicator matrix ({n} indicators × {criteria} criteria)", len(inds),
                         criteria=format_number(len(crit)))
    fig = _layout(fig, title, _("CT-NAT scoring of desk review, survey and interviews, {country}", country=country),
                  height=height,
                  width=width, yaxes=dict(autorange="reversed"), xaxes=dict(side="bottom"),
                  xaxis=dict(showgrid=False), yaxis=dict(showgrid=False), bottom_px=40)
    name = f"matrix_area{area}" if area else "indicator_matrix"
    return Chart(name=name, figure=fig, height=height, width=width, caption=title)


def area_scores_chart(area_scores: pd.DataFrame, country: str) -> Chart:
    """Area scores (share of criteria met, partly met counting half)."""
    d = area_scores.copy()
    d["pct"] = pd.to_numeric(d["score"], errors="coerce") * 100
    width = cm(14)
    fig = go.Figure(go.Bar(x=[wrap(t, 14) for t in d["title"]], y=d["pct"], marker_color=GREEN,
                           text=[format_percent(v / 100) if pd.notna(v) else _("n/a") for v in d["pct"]],
                           textposition="outside", textfont=dict(size=CHART_SMALL_PX), cliponaxis=False))
    fig = _layout(fig, _("Area scores"), _("CT-NAT scoring, {country}", country=country), height=340, width=width,
                  legend=False, bottom_px=62, yaxes=dict(title=dict(text=_("Score (%)")), range=[0, 105], dtick=20,
                                                         gridcolor="#EEEEEE"))
    return Chart(name="area_scores", figure=fig, height=340, width=width,
                 caption=_("Area scores: share of assessed criteria met (partly met counts half)"))
