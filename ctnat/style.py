"""One visual identity for everything CT-NAT writes: the report, the workshop
handout, the slides and the charts read their status colours, font family and
chart sizing from here, so "partly met" is the same colour on every page.

Status colours are mid-tones from the Okabe–Ito family (colour-blind safe) that
carry black text: the same hex value shades a report table cell, a heat-map
square, a slide box and a legend swatch.
"""

from __future__ import annotations

STATUSES = ("met", "partly_met", "not_met", "insufficient_evidence")
STATUS_LABELS = {"met": "Met", "partly_met": "Partly met", "not_met": "Not met",
                 "insufficient_evidence": "Insufficient evidence"}
STATUS_COLOURS = {"met": "#8CBDE6", "partly_met": "#F7C873", "not_met": "#E8875E",
                  "insufficient_evidence": "#D9D9D9"}
STATUS_WORDS = {"met": "blue", "partly_met": "light orange", "not_met": "dark orange",
                "insufficient_evidence": "grey"}


CRITERION_LABELS = {"fw1": "Framework L1", "fw2": "Framework L2", "op1": "Operational L1", "op2": "Operational L2"}


def status_fill(status: str) -> str:
    """The colour as Word wants it in ``w:shd`` (no ``#``)."""
    return STATUS_COLOURS[status].lstrip("#").upper()


STATUS_FILL = {s: status_fill(s) for s in STATUSES}


def status_legend() -> str:
    """'blue = met; light orange = partly met; …' for notes under tables."""
    return "; ".join(f"{STATUS_WORDS[s]} = {STATUS_LABELS[s].lower()}" for s in STATUSES)


# Series colours for charts (Okabe–Ito)
BLUE, SKY, GREEN, YELLOW, ORANGE, VERMILION, PURPLE, GREY = (
    "#0072B2", "#56B4E9", "#009E73", "#F0E442", "#E69F00", "#D55E00", "#CC79A7", "#999999")
LIGHT_GREY = "#D9D9D9"

# One font family. Documents name Arial (LibreOffice renders it with the
# metric-compatible Liberation Sans); charts list both.
FONT_FAMILY = "Arial"
CHART_FONT_FAMILY = "Arial, Liberation Sans, DejaVu Sans, sans-serif"

# Charts are laid out at the size they are placed: PX_PER_CM figure pixels per
# centimetre on the page, exported at CHART_SCALE for print resolution.
PX_PER_CM = 40
CHART_SCALE = 3
PT_PER_PX = 72 / 2.54 / PX_PER_CM  # 0.709 pt per figure pixel at placed size
MIN_TEXT_PT = 8.0
# font sizes in figure pixels: the smallest is >= MIN_TEXT_PT when placed
CHART_TEXT_PX = 13   # 9.2 pt
CHART_SMALL_PX = 12  # 8.5 pt
CHART_TITLE_PX = 15  # 10.6 pt
