"""The report's charts: the ones the chart stage listed, placed in the
document once they are drawn.

``ctnat build`` hands the report's charts to Chromium and goes on with the
plan and the report while they are drawn (``ctnat/charts/render.py``). The
report therefore knows its charts from ``charts/report_charts.json``, which the
chart stage writes as soon as the figures are built; each chart gets an empty
paragraph where it belongs, and :meth:`ChartPictures.fill` waits for the
drawing and puts every picture in its paragraph at the end. The document is the
same whether the pictures were drawn before the report started or while it was
written (``tests/test_report_pictures.py``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from docx.shared import Cm

from .. import catalogue
from ..problems import MissingInputError, StageError
from ..style import CHART_SCALE, PX_PER_CM
from ..documents.docx_tools import caption

MAX_WIDTH_CM = 16.4  # the text width of the report's pages


def png_size(path) -> tuple[int, int]:
    """(width, height) in pixels, read from the PNG header."""
    with open(path, "rb") as fh:
        head = fh.read(24)
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


class ChartPictures:
    """The charts the report can show, and where it put them."""

    def __init__(self, country: str, root=None) -> None:
        self.country = country
        listing = self.listing = catalogue.input_path("report_charts", country, root, must_exist=False)
        self.dir = listing.parent
        if not listing.exists():
            raise MissingInputError(f"{listing} does not exist: run `ctnat charts --country {country}` first "
                                    f"(`ctnat build --country {country}` runs every stage).")
        try:
            self.names = set(json.loads(listing.read_text(encoding="utf-8")))
        except json.JSONDecodeError as exc:
            raise StageError(f"{listing} is not valid JSON ({exc}): run `ctnat charts --country {country}` "
                             "again.") from None
        self.slots: list[tuple] = []

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def path(self, name: str) -> Path:
        return self.dir / f"{name}.png"

    def place(self, doc, name: str) -> bool:
        """Keep a paragraph for chart ``name`` here (kept with the caption that
        follows it); False, and nothing added, when the chart stage did not draw it."""
        if name not in self.names:
            return False
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        self.slots.append((paragraph, self.path(name)))
        return True

    def figure(self, doc, name: str, text: str) -> bool:
        """Place chart ``name`` here with its numbered figure caption ``text``;
        False, and nothing added, when the chart stage did not draw it."""
        if not self.place(doc, name):
            return False
        caption(doc, text, kind="Figure")
        return True

    def fill(self) -> None:
        """Wait for charts still being drawn in this process, then put each
        picture in its paragraph at the width it was laid out for (so that its
        text prints at the size it was designed for), at most the text width."""
        render = sys.modules.get("ctnat.charts.render")  # not loaded: nothing is being drawn in this process
        if render is not None:
            render.finish_drawings(self.dir)
        for paragraph, path in self.slots:
            if not path.exists():
                raise StageError(f"The chart {path} is listed in {self.listing} but was never drawn: run "
                                 f"`ctnat charts --country {self.country} --force`.")
            width_cm = min(png_size(path)[0] / (PX_PER_CM * CHART_SCALE), MAX_WIDTH_CM)
            paragraph.add_run().add_picture(str(path), width=Cm(width_cm))
        self.slots = []
