"""``ctnat build`` draws the report's charts while the plan and the report's
text are written: the chart stage hands the figures to Chromium and returns,
and the report places the pictures last, once drawn. These tests hold what
that must not change: the same document, pictures and index that only change
once the drawing is complete, and a failed drawing that makes the chart stage
run again instead of leaving the report with stale pictures."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from ctnat.build import _drawn_in_background, _needed, build_country
from ctnat.charts import Chart, browser
from ctnat.charts.build import build_charts
from ctnat.charts.render import drawing_in, finish_drawings, render_charts
from ctnat.problems import CtnatError
from ctnat.report.build import build_report


@pytest.fixture
def built_copy(aze, tmp_path):
    """A private copy of the built AZE project."""
    root, _ = aze
    work = tmp_path / "project"
    shutil.copytree(root, work)
    return work


def _parts(docx) -> dict[str, bytes]:
    """Every part of a DOCX but its core properties (which hold the time it was saved)."""
    with zipfile.ZipFile(docx) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def _pictures(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.png"))}


def test_the_report_is_the_same_when_its_charts_are_drawn_while_it_is_written(built_copy):
    root = built_copy
    charts = root / "analysis" / "AZE" / "charts"
    first = build_report("AZE", root=root)  # the charts were drawn before, by the build
    before = _parts(first)
    drawn = _pictures(charts)
    (charts / "interview_sex.png").write_bytes(b"an older picture")  # what the drawing replaces
    index = (charts / ".chart_hashes.json").read_bytes()
    browser.start()
    try:
        result = build_charts("AZE", root=root, force=True, background=True)
        assert result["drawing"] and drawing_in(charts)  # handed over, not yet waited for
        # until the drawing is finished, the pictures and the index are the old ones
        assert (charts / "interview_sex.png").read_bytes() == b"an older picture"
        assert (charts / ".chart_hashes.json").read_bytes() == index
        second = build_report("AZE", root=root)  # waits for the pictures before placing them
    finally:
        browser.stop()
    assert not drawing_in(charts)
    assert _pictures(charts) == drawn
    assert _parts(second) == before
    with zipfile.ZipFile(second) as z:
        assert len([n for n in z.namelist() if n.startswith("word/media/")]) == len(result["charts"]) == 12


def test_a_failed_background_drawing_makes_the_chart_stage_run_again(built_copy):
    class Unprintable(Chart):
        def opts(self) -> dict:
            return dict(super().opts(), format="xyz")  # kaleido refuses it once it is being drawn

    from ctnat.charts import country_charts

    root = built_copy
    charts = root / "analysis" / "AZE" / "charts"
    good = country_charts("AZE", root=root, use="report")[:2]
    bad = Unprintable(name=good[0].name, figure=good[1].figure)
    listing = charts / "report_charts.json"
    assert listing.exists()
    before = _pictures(charts), (charts / ".chart_hashes.json").read_bytes()
    browser.start()
    try:
        result = render_charts([bad, good[1]], charts, force=True, background=True, listing=listing.name)
        assert result["drawing"]
        with pytest.raises(CtnatError, match="Chart rendering failed"):
            finish_drawings(charts)
    finally:
        browser.stop()
    assert not listing.exists()  # the report's input is gone: the chart stage is out of date
    assert (_pictures(charts), (charts / ".chart_hashes.json").read_bytes()) == before
    assert not list(charts.glob(".*.tmp.png"))


def test_a_build_whose_drawing_fails_stops_and_draws_again_next_time(built_copy, monkeypatch):
    root = built_copy
    charts = root / "analysis" / "AZE" / "charts"
    (charts / "report_charts.json").unlink()  # the chart stage and the report must run again
    original = Chart.opts

    def refused(self):
        return dict(original(self), format="xyz") if self.name == "area_scores" else original(self)

    monkeypatch.setattr(Chart, "opts", refused)
    with pytest.raises(CtnatError, match="Chart rendering failed"):
        build_country("AZE", root=root)
    assert not (charts / "report_charts.json").exists()
    monkeypatch.setattr(Chart, "opts", original)
    result = build_country("AZE", root=root)
    assert {"charts", "report"} <= set(result["ran"])
    assert (charts / "report_charts.json").exists()
    assert json.loads((charts / "report_charts.json").read_text()) == \
        json.loads((charts / ".chart_hashes.json").read_text())


def test_only_a_build_that_writes_the_report_after_them_draws_the_charts_in_the_background():
    assert _drawn_in_background(_needed("report")) == {"charts"}
    assert _drawn_in_background(_needed("charts")) == set()  # nothing after it waits for the pictures
    assert _drawn_in_background(_needed("handout")) == set()  # the handout reads the pictures by their index


def test_the_report_stage_alone_places_the_pictures_on_disk(built_copy):
    """``ctnat report`` in a process of its own: nothing is being drawn, and the
    pictures the chart stage drew are placed."""
    root = built_copy
    out = build_report("AZE", root=root)
    with zipfile.ZipFile(out) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    charts = root / "analysis" / "AZE" / "charts"
    listed = json.loads((charts / "report_charts.json").read_text())
    assert sorted(media) == sorted((charts / f"{name}.png").read_bytes() for name in listed)


def test_a_listed_chart_that_was_never_drawn_is_an_error(built_copy):
    root = built_copy
    (root / "analysis" / "AZE" / "charts" / "area_scores.png").unlink()
    with pytest.raises(CtnatError, match="area_scores.png is listed .* but was never drawn"):
        build_report("AZE", root=root)
