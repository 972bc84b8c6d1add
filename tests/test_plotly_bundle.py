"""Chromium draws the charts with the vendored plotly.js "cartesian" bundle,
which loads faster than plotly.py's full plotly.js (``ctnat/charts/plotly_bundle.py``).
It must be the same plotly.js, draw the same pictures, and refuse a chart it
cannot draw."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from ctnat.charts import Chart, browser, country_charts, plotly_bundle, render_charts
from ctnat.problems import CtnatError


def test_the_vendored_bundle_is_the_plotly_js_that_plotly_py_ships():
    """Upgrading plotly without updating ctnat/charts/vendor fails here (the
    charts would still be drawn, with plotly.py's slower full bundle)."""
    assert plotly_bundle.version(plotly_bundle.BUNDLE) == plotly_bundle.shipped_version()
    assert plotly_bundle.page_script() == plotly_bundle.BUNDLE


def test_the_bundle_draws_every_kind_of_chart_as_the_full_plotly_js_does(aze, tmp_path, monkeypatch):
    root, _ = aze
    charts = country_charts("AZE", root=root)
    by_type: dict[str, Chart] = {}
    for c in charts:  # one chart of each trace type the charts use
        for t in c.figure.data:
            by_type.setdefault(t.type or "scatter", c)
    assert {"bar", "heatmap"} <= set(by_type)
    picked = list({c.name: c for c in by_type.values()}.values())
    assert all(not plotly_bundle.unsupported_traces(c.figure) for c in charts)
    loaded = []  # the plotly.js each session loaded
    original = browser._kaleido_class

    def recording():
        cls = original()

        class Recording(cls):  # type: ignore[misc, valid-type]
            def __init__(self, *args, **kwargs):
                loaded.append(kwargs.get("plotlyjs"))
                super().__init__(*args, **kwargs)

        return Recording

    monkeypatch.setattr(browser, "_kaleido_class", recording)
    render_charts(picked, tmp_path / "bundle", force=True)
    monkeypatch.setattr(plotly_bundle, "page_script", lambda: None)  # kaleido loads plotly.py's full plotly.js
    render_charts(picked, tmp_path / "full", force=True)
    assert loaded == [plotly_bundle.BUNDLE, None]
    bundle = {p.name: p.read_bytes() for p in (tmp_path / "bundle").glob("*.png")}
    full = {p.name: p.read_bytes() for p in (tmp_path / "full").glob("*.png")}
    assert len(bundle) == len(picked)
    assert bundle == full


def test_a_chart_the_bundle_cannot_draw_is_an_error_that_names_it(tmp_path):
    polar = Chart(name="radar", figure=go.Figure(go.Scatterpolar(r=[1, 2, 3], theta=["a", "b", "c"])))
    with pytest.raises(CtnatError, match="'radar' uses the trace type.*scatterpolar"):
        render_charts([polar], tmp_path / "polar", force=True)
    assert not list((tmp_path / "polar").glob("*.png"))
