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
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go

from ..atomic import write_text
from ..problems import CtnatError
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
        raise CtnatError("Charts need a Chromium browser for kaleido, and none was found. "
                         "Install Debian's package: `sudo apt-get install chromium` (make does this when root).")


def render_charts(charts: Iterable[Chart], out_dir: str | Path, progress=None, force: bool = False,
                  index: str = HASH_FILE) -> dict:
    """Write every chart as ``<out_dir>/<name>.png``; charts whose figure and
    options are unchanged since the last run are not re-rendered. ``charts`` may
    be a generator: each chart goes to the browser as soon as it is built, so
    Python builds the next figure while Chromium draws this one. ``index`` names
    the file that remembers the charts of this set: two sets can share a folder,
    and a chart its set no longer draws is deleted. Returns
    ``{"rendered": [...], "skipped": [...], "paths": {name: path}, "charts": [...]}``."""
    say = progress or (lambda msg: None)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    hash_path = out / index
    try:
        old = json.loads(hash_path.read_text(encoding="utf-8")) if hash_path.exists() else {}
    except json.JSONDecodeError:
        old = {}
    new: dict[str, str] = {}
    done: list[Chart] = []
    todo: list[Chart] = []
    skipped: list[str] = []

    def jobs():
        for c in charts:
            done.append(c)
            digest = c.digest()
            new[c.name] = digest
            if not force and old.get(c.name) == digest and (out / f"{c.name}.png").exists():
                skipped.append(c.name)
                continue
            if not todo:
                _check_browser()
            todo.append(c)
            yield {"fig": c.figure, "path": str(_tmp_path(out, c)), "opts": c.opts()}

    try:
        browser.render(jobs())
    except CtnatError:
        _discard(out, todo)
        raise
    except Exception as exc:  # kaleido/choreographer errors are not user-actionable types
        _discard(out, todo)
        raise CtnatError(f"Chart rendering failed in Chromium/kaleido: {type(exc).__name__}: {exc}") from None
    for c in todo:
        tmp = _tmp_path(out, c)
        if not tmp.exists():
            _discard(out, todo)
            raise CtnatError(f"Chart rendering failed in Chromium/kaleido: no picture was written for {c.name}")
        tmp.replace(out / f"{c.name}.png")
    if todo:
        say(f"charts: rendered {len(todo)} chart(s) in one browser session ({len(skipped)} unchanged)")
    else:
        say(f"charts: all {len(skipped)} chart(s) unchanged")
    for stale in set(old) - set(new) - _claimed_elsewhere(out, index):
        (out / f"{stale}.png").unlink(missing_ok=True)  # a chart no longer drawn leaves no picture behind
    write_text(hash_path, json.dumps(new, indent=1, sort_keys=True))
    return {"rendered": [c.name for c in todo], "skipped": skipped,
            "paths": {c.name: out / f"{c.name}.png" for c in done}, "charts": done}


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
