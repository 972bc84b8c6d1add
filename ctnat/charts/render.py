"""Render plotly figures to PNG through kaleido — all of a report's charts in one
browser session, and only the charts whose data changed.

A chart's identity is a SHA-256 of its figure JSON and export options, kept in
``charts/.chart_hashes.json``; an unchanged chart whose PNG exists is skipped.
Kaleido drives the Chromium found on the machine (Debian's ``chromium``).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go

from ..atomic import write_text
from ..problems import CtnatError, ToolError
from ..messages import _
from ..style import CHART_SCALE, PX_PER_CM
from . import browser

HASH_FILE = ".chart_hashes.json"
# laid out at its placed size (PX_PER_CM px per cm), exported at CHART_SCALE: 16 cm → 1,920 px, 305 dpi
DEFAULT_OPTS = {"width": 16 * PX_PER_CM, "height": 420, "scale": CHART_SCALE}


@dataclass
class Chart:
    name: str  # file stem, e.g. "grid_3_1"
    figure: go.Figure
    width: int = DEFAULT_OPTS["width"]
    height: int = DEFAULT_OPTS["height"]
    caption: str = ""

    @property
    def width_cm(self) -> float:
        """The width the chart is laid out for on the page."""
        return self.width / PX_PER_CM

    def opts(self) -> dict:
        return {"width": self.width, "height": self.height, "scale": DEFAULT_OPTS["scale"], "format": "png"}

    def digest(self) -> str:
        payload = self.figure.to_json() + json.dumps(self.opts(), sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _check_browser() -> None:
    if not (shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
            or Path("/usr/bin/chromium").exists()):
        raise ToolError("Charts need a Chromium browser for kaleido, and none was found. "
                        "Install Debian's package: `sudo apt-get install chromium` (make does this when root).")


def _check_traces(chart: Chart) -> None:
    from .plotly_bundle import page_script, unsupported_traces

    missing = unsupported_traces(chart.figure) if page_script() is not None else []
    if missing:
        raise ToolError(f"The chart '{chart.name}' uses the trace type(s) {', '.join(missing)}, which the plotly.js "
                        "bundle in ctnat/charts/vendor does not draw (see ctnat/charts/plotly_bundle.py).")


def render_charts(charts: Iterable[Chart], out_dir: str | Path, progress=None, force: bool = False,
                  index: str = HASH_FILE, background: bool = False, listing: str | None = None) -> dict:
    """Write every chart as ``<out_dir>/<name>.png``; charts whose figure and
    options are unchanged since the last run are not re-rendered. ``charts`` may
    be a generator: each chart goes to the browser as soon as it is built, so
    Python builds the next figure while Chromium draws this one. ``index`` names
    the file that remembers the charts of this set once drawn: two sets can
    share a folder, and a chart its set no longer draws is deleted.

    ``background=True`` (and a browser session started, see
    :func:`ctnat.charts.browser.start`) returns as soon as every figure is
    built and queued: Chromium draws while the caller goes on, and
    :func:`finish_drawings` (which the report calls before it places the
    pictures) waits, puts the pictures in place and writes the index. Until
    then neither the pictures nor the index have changed.

    ``listing`` names a file written as soon as every figure is built: the
    set's charts and their digests, for a reader that waits for the pictures
    itself (the report). It is deleted if the drawing fails, so that the
    stage that wrote it runs again.

    Returns ``{"rendered": [...], "skipped": [...], "paths": {name: path},
    "charts": [...], "drawing": bool}`` (``drawing``: still being drawn)."""
    drawing = _Drawing(Path(out_dir), index, progress or (lambda msg: None), listing)
    drawing.start(charts, force, background)
    if background and drawing.batch is not None:
        with _pending_lock:
            _pending[drawing.out.resolve()] = drawing
        return drawing.summary(still_drawing=True)
    return drawing.finish()


class _Drawing:
    """One set of charts on its way to Chromium and back."""

    def __init__(self, out: Path, index: str, say, listing: str | None = None) -> None:
        self.out, self.index, self.say = out, index, say
        self.listing = out / listing if listing else None
        self.new: dict[str, str] = {}
        self.done: list[Chart] = []
        self.todo: list[Chart] = []
        self.skipped: list[str] = []
        self.batch: browser.Batch | None = None
        self.started = 0.0

    def start(self, charts: Iterable[Chart], force: bool, background: bool) -> None:
        out = self.out
        out.mkdir(parents=True, exist_ok=True)
        hash_path = out / self.index
        try:
            self.old = json.loads(hash_path.read_text(encoding="utf-8")) if hash_path.exists() else {}
        except json.JSONDecodeError:
            self.old = {}

        def jobs():
            for c in charts:
                self.done.append(c)
                digest = c.digest()
                self.new[c.name] = digest
                if not force and self.old.get(c.name) == digest and (out / f"{c.name}.png").exists():
                    self.skipped.append(c.name)
                    continue
                if not self.todo:
                    _check_browser()
                _check_traces(c)
                self.todo.append(c)
                yield {"fig": c.figure, "path": str(_tmp_path(out, c)), "opts": c.opts()}

        self.started = time.perf_counter()
        queued = jobs()
        try:
            if background:  # handed over to the shared session, if one was started
                self.batch = browser.submit(queued)
            if self.batch is None:  # drawn here and now (if submit took every job, none is left)
                browser.render(queued)
        except Exception as exc:
            self._failed(exc)
        if self.listing is not None:
            write_text(self.listing, json.dumps(self.new, indent=1, sort_keys=True))

    def _failed(self, exc: BaseException):
        _discard(self.out, self.todo)
        if self.listing is not None:
            self.listing.unlink(missing_ok=True)
        if isinstance(exc, CtnatError):
            raise exc
        # kaleido/choreographer errors are not user-actionable types
        raise ToolError(f"Chart rendering failed in Chromium/kaleido: {type(exc).__name__}: {exc}") from None

    def finish(self) -> dict:
        """Wait for the drawing (if it was handed over), put the pictures in
        place, delete pictures the set no longer draws, write the index."""
        out = self.out
        if self.batch is not None:
            try:
                self.batch.wait()
            except Exception as exc:
                self._failed(exc)
        for c in self.todo:
            tmp = _tmp_path(out, c)
            if not tmp.exists():
                self._failed(ToolError(f"Chart rendering failed in Chromium/kaleido: no picture was written for "
                                       f"{c.name}"))
        for c in self.todo:
            _tmp_path(out, c).replace(out / f"{c.name}.png")
        if self.todo:
            seconds = f"{time.perf_counter() - self.started:.1f}"
            late = "; " + _("the last drawn {seconds} s after the first was handed over",
                            seconds=seconds) if self.batch is not None else ""
            self.say(f"charts: rendered {len(self.todo)} chart(s) in one browser session "
                     f"({len(self.skipped)} unchanged{late})")
        else:
            self.say(f"charts: all {len(self.skipped)} chart(s) unchanged")
        for stale in set(self.old) - set(self.new) - _claimed_elsewhere(out, self.index):
            (out / f"{stale}.png").unlink(missing_ok=True)  # a chart no longer drawn leaves no picture behind
        write_text(out / self.index, json.dumps(self.new, indent=1, sort_keys=True))
        return self.summary(still_drawing=False)

    def summary(self, still_drawing: bool) -> dict:
        return {"rendered": [c.name for c in self.todo], "skipped": self.skipped,
                "paths": {c.name: self.out / f"{c.name}.png" for c in self.done}, "charts": self.done,
                "drawing": still_drawing}


_pending: dict[Path, _Drawing] = {}
_pending_lock = threading.Lock()


def drawing_in(out_dir: str | Path) -> bool:
    """Whether charts of ``out_dir`` are still being drawn in this process."""
    with _pending_lock:
        return Path(out_dir).resolve() in _pending


def finish_drawings(out_dir: str | Path | None = None) -> None:
    """Wait for the charts still being drawn in this process (those of
    ``out_dir``, or all) and put them in place; raise the first error. A
    failed set leaves its pictures and index as they were before it."""
    with _pending_lock:
        keys = [k for k in _pending if out_dir is None or k == Path(out_dir).resolve()]
        drawings = [_pending.pop(k) for k in keys]
    error: CtnatError | None = None
    for d in drawings:
        try:
            d.finish()
        except CtnatError as exc:
            error = error or exc
    if error is not None:
        raise error


def chart_indexes(out: Path) -> list[Path]:
    """The index files of the chart sets drawn into ``out``."""
    return sorted(out.glob(f".*{HASH_FILE[1:]}")) if out.exists() else []


def _claimed_elsewhere(out: Path, index: str) -> set[str]:
    """Charts another set in the same folder draws (a chart that moved from one
    set to the other must not be deleted by the set it left)."""
    names: set[str] = set()
    for path in chart_indexes(out):
        if path.name != index:
            try:
                names |= set(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, json.JSONDecodeError):
                pass
    return names


def _tmp_path(out: Path, chart: Chart) -> Path:
    return out / f".{chart.name}.tmp.png"


def _discard(out: Path, charts: list[Chart]) -> None:
    for c in charts:
        _tmp_path(out, c).unlink(missing_ok=True)


def render_naive(charts: list[Chart], out_dir: str | Path) -> None:
    """Each chart with its own ``write_image`` call (a browser start per chart).
    Only for the benchmark's comparison."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for c in charts:
        c.figure.write_image(str(out / f"{c.name}.png"), width=c.width, height=c.height, scale=DEFAULT_OPTS["scale"])
