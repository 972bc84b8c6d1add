"""``ctnat.charts.figures._layout`` makes each chart's figure once from plain
dictionaries instead of a series of plotly ``update_*`` calls (ten times
faster). These tests hold that the dictionaries mean what the update calls
meant: nested settings merge, and axis-wide settings reach every axis of a
figure with subplots."""

from __future__ import annotations

import json

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ctnat.charts.figures import _layout, _merge


def _same(a: go.Figure, b: go.Figure) -> bool:
    return json.loads(a.to_json()) == json.loads(b.to_json())


def test_settings_merge_as_update_layout_merges_them():
    first = dict(title=dict(text="T", font=dict(size=12)), margin=dict(l=10, r=20), height=300)
    second = dict(title=dict(x=0.1, font=dict(color="red")), margin=dict(l=5), barmode="stack")
    updated = go.Figure(go.Bar(x=[1], y=[2]))
    updated.update_layout(first)
    updated.update_layout(second)
    made = go.Figure(go.Bar(x=[1], y=[2]), layout=_merge(_merge({}, first), second))
    assert _same(updated, made)
    assert made.layout.title.font.size == 12 and made.layout.title.font.color == "red"  # merged, not replaced


def test_axis_settings_reach_every_axis_of_a_figure_with_subplots():
    def panels():
        fig = make_subplots(rows=1, cols=3)
        for col in (1, 2, 3):
            fig.add_trace(go.Bar(x=["a"], y=[col], name=f"p{col}"), row=1, col=col)
        return fig

    made = _layout(panels(), "Three panels", "test", xaxes=dict(gridcolor="#EEEEEE"),
                   yaxes=dict(autorange="reversed"), layout={"xaxis2": dict(type="category")})
    updated = panels()
    updated.update_xaxes(type="category", row=1, col=2)
    updated.update_xaxes(gridcolor="#EEEEEE")
    updated.update_yaxes(autorange="reversed")
    for axis in ("xaxis", "xaxis2", "xaxis3"):
        assert made.layout[axis].gridcolor == updated.layout[axis].gridcolor == "#EEEEEE"
        assert made.layout[axis].domain == updated.layout[axis].domain  # the subplot grid is kept
    for axis in ("yaxis", "yaxis2", "yaxis3"):
        assert made.layout[axis].autorange == "reversed"
    assert made.layout.xaxis2.type == "category" and made.layout.xaxis.type is None
    assert [t.xaxis for t in made.data] == ["x", "x2", "x3"]
    assert made.layout.annotations[-1].text.startswith("Source: test")
