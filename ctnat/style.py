"""One visual identity for everything CT-NAT writes: the report, the workshop
handout, the slides and the charts read their status colours, font family and
chart sizing from here, so "partly met" is the same colour on every page.

Status colours are mid-tones from the Okabe–Ito family (colour-blind safe) that
carry black text: the same hex value shades a report table cell, a heat-map
square, a slide box and a legend swatch.
"""

from __future__ import annotations

from collections.abc import Callable

from .messages import N_, _

STATUSES = ("met", "partly_met", "not_met", "insufficient_evidence")
# English fallbacks; documents take a status's label from rubric.yaml (``Instruments.status_label``)
STATUS_LABELS = {"met": N_("Met"), "partly_met": N_("Partly met"), "not_met": N_("Not met"),
                 "insufficient_evidence": N_("Insufficient evidence")}
STATUS_COLOURS = {"met": "#8CBDE6", "partly_met": "#F7C873", "not_met": "#E8875E",
                  "insufficient_evidence": "#D9D9D9"}
STATUS_WORDS = {"met": N_("blue"), "partly_met": N_("light orange"), "not_met": N_("dark orange"),
                "insufficient_evidence": N_("grey")}


def status_fill(status: str) -> str:
    """The colour as Word wants it in ``w:shd`` (no ``#``)."""
    return STATUS_COLOURS[status].lstrip("#").upper()


STATUS_FILL = {s: status_fill(s) for s in STATUSES}


def status_legend(label_of: Callable[[str], str] | None = None) -> str:
    """'blue = met; light orange = partly met; …' for notes under tables; ``label_of`` gives a
    status's label (the instruments' ``Instruments.status_label``)."""
    label_of = label_of or STATUS_LABELS.__getitem__
    return "; ".join(_("{colour} = {status}", colour=_(STATUS_WORDS[s]), status=label_of(s).lower())
                     for s in STATUSES)


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
