"""The chart stage draws every chart in one page of one browser session, with
no page reload between charts (``ctnat/charts/browser.py``). These tests hold
what that relies on: a chart's picture does not depend on which charts were
drawn before it, a failed chart is an error (never a missing picture), and the
session still draws correctly after a failure."""

from __future__ import annotations

import pytest

from ctnat.charts import Chart, browser, country_charts, render_charts
from ctnat.problems import CtnatError


@pytest.fixture(scope="module")
def some_charts(aze):
    root, _ = aze
    charts = country_charts("AZE", root=root)
    # different kinds: a stacked grid chart, a heat map, bars with a legend, a ranking
    wanted = ("grid_3_1", "matrix_area1", "priorities", "situation_ranking", "area_scores")
    picked = [c for c in charts if c.name in wanted]
    assert len(picked) == len(wanted)
    return picked


def _pictures(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.png"))}


def test_a_chart_looks_the_same_whatever_was_drawn_before_it(some_charts, tmp_path):
    browser.start()
    try:
        render_charts(some_charts, tmp_path / "forward", force=True)
        render_charts(list(reversed(some_charts)), tmp_path / "backward", force=True)
    finally:
        browser.stop()
    forward, backward = _pictures(tmp_path / "forward"), _pictures(tmp_path / "backward")
    assert len(forward) == len(some_charts)
    assert forward == backward
    # and the same as each chart drawn in a session of its own
    for chart in some_charts[:2]:
        render_charts([chart], tmp_path / "alone" / chart.name, force=True)
        alone = _pictures(tmp_path / "alone" / chart.name)
        assert alone[f"{chart.name}.png"] == forward[f"{chart.name}.png"], chart.name


def test_a_failed_batch_is_an_error_and_the_session_recovers(some_charts, tmp_path):
    class Unprintable(Chart):
        def opts(self) -> dict:
            return dict(super().opts(), format="xyz")  # kaleido refuses it mid-batch

    bad = Unprintable(name="bad", figure=some_charts[0].figure)
    browser.start()
    try:
        with pytest.raises(CtnatError, match="Chart rendering failed"):
            render_charts([bad, *some_charts[1:3]], tmp_path / "failed", force=True)
        assert not list((tmp_path / "failed").glob("*.png"))  # nothing half-made left behind
        assert not list((tmp_path / "failed").glob(".*.tmp.png"))
        render_charts(some_charts, tmp_path / "after", force=True)
    finally:
        browser.stop()
    render_charts(some_charts, tmp_path / "fresh", force=True)
    assert _pictures(tmp_path / "after") == _pictures(tmp_path / "fresh")


def test_a_chart_that_cannot_be_built_stops_the_stream_with_its_error(some_charts, tmp_path):
    def charts():
        yield from some_charts[:2]
        raise CtnatError("the priorities table is missing")

    with pytest.raises(CtnatError, match="priorities table is missing"):
        render_charts(charts(), tmp_path / "cut", force=True)
    assert not list((tmp_path / "cut").glob("*.png"))
    assert not list((tmp_path / "cut").glob(".*.tmp.png"))


def _chromium_descendants() -> list[int]:
    """Processes named chromium that descend from this one (kaleido starts the
    browser through a small wrapper process)."""
    import os
    from pathlib import Path

    parent, name = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        pid = int(stat.parent.name)
        name[pid] = text.split("(", 1)[1].rsplit(")", 1)[0]
        parent[pid] = int(text.rsplit(")", 1)[1].split()[1])

    def descends(pid: int) -> bool:
        while pid > 1:
            pid = parent.get(pid, 0)
            if pid == os.getpid():
                return True
        return False

    return [pid for pid in name if "chrom" in name[pid] and descends(pid)]


def test_a_session_closed_in_the_background_leaves_no_browser_behind(some_charts, tmp_path):
    browser.start()
    try:
        render_charts(some_charts[:1], tmp_path / "one", force=True)
        assert _chromium_descendants()  # the session's browser runs below this process
        browser.stop(wait=False)  # what ctnat build does after its last chart stage
    finally:
        browser.stop()  # what it does at the end
    assert _chromium_descendants() == []


def test_a_process_that_never_stops_its_session_still_exits_and_leaves_no_browser():
    import os
    import subprocess
    import sys
    import time

    from tests.conftest import REPO

    code = ("from ctnat.charts import browser; from tests.test_charts_render import _chromium_descendants; "
            "browser.start(); assert browser._session.ready.wait(60); print(*_chromium_descendants())")
    proc = subprocess.run([sys.executable, "-c", code], timeout=90, capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-2000:]
    pids = [int(p) for p in proc.stdout.split()]
    assert pids  # the browser was running when the process ended
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{p}") for p in pids):
        time.sleep(0.2)
    assert not [p for p in pids if os.path.exists(f"/proc/{p}")]


def test_while_a_session_is_open_threads_take_turns_every_millisecond():
    """The session's thread gets the GIL within 1 ms of asking (not Python's
    5 ms), so that it keeps drawing while the build's main thread works; the
    setting is restored when the last session ends."""
    import sys

    before = sys.getswitchinterval()
    browser.start()
    try:
        assert browser._session is not None and browser._session.ready.wait(120)
        assert sys.getswitchinterval() == browser.SWITCH_INTERVAL < before
    finally:
        browser.stop()
    assert sys.getswitchinterval() == before


def test_a_session_two_builds_share_stays_open_until_both_let_go(some_charts, tmp_path):
    """The portal can build two countries at once, in two threads of one
    process: the build that finishes first must not close the browser the
    other is drawing with."""
    browser.start()
    browser.start()
    try:
        shared = browser._session
        browser.stop()  # the first build is done
        assert browser._session is shared is not None
        render_charts(some_charts[:1], tmp_path / "other", force=True)  # the other build draws on
        assert (tmp_path / "other" / f"{some_charts[0].name}.png").exists()
    finally:
        browser.stop()
    assert browser._session is None
    assert _chromium_descendants() == []


def test_a_build_waits_only_for_its_own_countrys_drawing(tmp_path, monkeypatch):
    from ctnat.build import finish_drawings
    from ctnat.charts import render

    finished = []

    class Drawing:
        def __init__(self, country):
            self.country = country

        def finish(self):
            finished.append(self.country)

    for country in ("AZE", "ARM"):
        folder = (tmp_path / "analysis" / country / "charts").resolve()
        monkeypatch.setitem(render._pending, folder, Drawing(country))
    finish_drawings("AZE", tmp_path)
    assert finished == ["AZE"]
    assert (tmp_path / "analysis" / "ARM" / "charts").resolve() in render._pending


def test_starting_the_browser_loads_neither_plotly_nor_pandas():
    """``ctnat build`` starts Chromium before ingest imports pandas: importing
    ``ctnat.charts.browser`` must not import the figure code (which loads
    pandas and plotly's figure classes, about 0.4 s that held Chromium back)."""
    import subprocess
    import sys

    from tests.conftest import REPO

    code = ("import sys; from ctnat.charts import browser; "
            "print(*sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'plotly', 'numpy', 'kaleido')))")
    proc = subprocess.run([sys.executable, "-c", code], timeout=60, capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == []
    # the names the package offers are still there, loaded on first use
    import ctnat.charts

    assert ctnat.charts.Chart.__module__ == "ctnat.charts.render"
    assert callable(ctnat.charts.country_charts)
    with pytest.raises(AttributeError):
        ctnat.charts.no_such_name  # noqa: B018
