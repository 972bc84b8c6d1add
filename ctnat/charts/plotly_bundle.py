"""Which plotly.js Chromium loads to draw the charts.

Loading the page that draws the charts is most of the time Chromium needs
before it can draw: the full plotly.js that plotly.py ships is 4.8 MB, the
official "cartesian" partial bundle (vendored in ``vendor/`` with its MIT
licence) 1.5 MB, and a session is ready to draw sooner with it (``make bench``
times both; the figures are in ``BENCHMARKS.md``). The partial bundle draws the trace types
in :data:`TRACES`, which are all our charts use, with the same code as the full
bundle of the same version: the pictures are byte-identical
(``tests/test_plotly_bundle.py``).

Two guards keep it from drawing anything wrong:

* it is used only when its version is the version of the plotly.js that the
  installed plotly.py ships; otherwise kaleido loads plotly.py's own (slower,
  same pictures), and a test fails until the vendored bundle is updated;
* a chart with a trace type outside :data:`TRACES` is an error naming the chart
  (plotly.js would silently draw an unknown trace type as nothing).

To update: download ``plotly.js-cartesian-dist-min`` at the version plotly.py
ships (``npm pack plotly.js-cartesian-dist-min@<version>``) and replace
``vendor/plotly-cartesian.min.js``.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

BUNDLE = Path(__file__).resolve().parent / "vendor" / "plotly-cartesian.min.js"
#: the trace modules of the cartesian bundle (its README)
TRACES = frozenset({"bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image",
                    "pie", "scatter", "scatterternary", "violin"})


def version(path: Path) -> str | None:
    """The plotly.js version a bundle's header states (``* plotly.js … v4.1.1``)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.read(400)
    except OSError:
        return None
    m = re.search(r"plotly\.js[^\n]*? v(\d+\.\d+\.\d+)", head)
    return m.group(1) if m else None


def shipped_version() -> str | None:
    """The version of the plotly.js that the installed plotly.py ships."""
    import plotly

    return version(Path(plotly.__file__).parent / "package_data" / "plotly.min.js")


@functools.cache
def page_script() -> Path | None:
    """The vendored bundle, when it is the version plotly.py ships; else None
    (kaleido then loads plotly.py's full plotly.js)."""
    ours = version(BUNDLE)
    return BUNDLE if ours is not None and ours == shipped_version() else None


def unsupported_traces(figure) -> list[str]:
    """Trace types of ``figure`` (a plotly figure or its dict) that the
    vendored bundle cannot draw."""
    data = figure.get("data", []) if isinstance(figure, dict) else figure.data
    types = {(t.get("type") if isinstance(t, dict) else t.type) or "scatter" for t in data}
    return sorted(types - TRACES)
