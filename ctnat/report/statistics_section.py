"""The report's "official statistics" part of the situation chapter: every figure
received in ``statistics.csv`` (processed by ingest) as a table with its year,
breakdown and source, small cells and figures reported by two sources marked,
and the trend chart."""

from __future__ import annotations

from .. import catalogue
from ..ingest.statistics import KEY_COLUMNS
from ..documents.docx_tools import caption, note, table
from .pictures import ChartPictures

SKIP = {"metric", "year", "period", "source", "value", "qualifier", "note", "seed_lines", "label", "unit", "kind",
        "small_cell", "source_row"}


def _yes(v) -> bool:
    """The small-cell flag, read as text ('yes') or typed (True)."""
    return str(v).strip().lower() in ("yes", "true", "1")


def _breakdown(r: dict, dis: list[str]) -> str:
    parts = [str(r[c]) for c in dis if r.get(c)]
    return ", ".join(parts) if parts else "total"


def add_statistics_section(doc, country: str, root=None, charts: ChartPictures | None = None) -> bool:
    """Add the section (heading level 3) to ``doc``. Returns False, after a note
    saying how to add them, when no statistics were received."""
    doc.add_heading("Official statistics", level=3)
    s = catalogue.read("statistics", country, root, missing_ok=True)
    if s is None or not len(s):
        note(doc, f"[No official statistics were received: put them in data/raw/{country}/statistics.csv "
                  "(metric, year, source, value and any breakdown) and run the pipeline again.]")
        return False
    dis = [c for c in s.columns if c not in SKIP]
    key = list(KEY_COLUMNS) + dis
    s["_sources"] = s.groupby(key, dropna=False)["source"].transform("nunique")
    years = sorted(set(s["year"]))
    n_src = s["source"].nunique()
    doc.add_paragraph(
        f"The assessment received {len(s)} official figure{'s' if len(s) != 1 else ''} from {n_src} "
        f"source{'s' if n_src != 1 else ''}, covering {years[0]}" + (f"–{years[-1]}" if len(years) > 1 else "")
        + ". They are the baselines the results framework (Annex “From findings to action”) starts from. "
          "Figures are shown as each source gave them and never added up across sources.")
    rows = []
    for r in s.sort_values(["label", "year", "source"]).to_dict("records"):
        value = f"{int(float(r['value'])):,}" if float(r["value"]).is_integer() else r["value"]
        marks = ("*" if _yes(r.get("small_cell")) else "") + ("†" if int(r["_sources"]) > 1 else "")
        rows.append([r["label"], r["year"] + (f" ({r['period']})" if r.get("period") else ""), _breakdown(r, dis),
                     (f"{r['qualifier']} " if r.get("qualifier") else "") + value + marks, r["source"]])
    table(doc, ["Figure", "Year", "Breakdown", "Value", "Source"], rows, widths_cm=[4.6, 1.6, 3.6, 2, 4.8],
          font_size=7.5)
    caption(doc, f"Official statistics received for {country} (data/raw/{country}/statistics.csv)")
    small = int(s["small_cell"].map(_yes).sum())
    double = s[s["_sources"].astype(int) > 1]
    notes = []
    if small:
        notes.append(f"* a count of people below the small-cell threshold ({small} figure{'s' if small != 1 else ''}): "
                     "it may identify someone; do not publish it on its own.")
    if len(double):
        groups = double.groupby(key, dropna=False)
        notes.append(f"† the same figure is reported by more than one source ({len(groups)} case"
                     f"{'s' if len(groups) != 1 else ''}): fragmented data collection risks double counting, so "
                     "the results framework names every source and asks for one to be agreed as the baseline.")
    for n in notes:
        note(doc, n)
    if charts is not None:
        charts.figure(doc, "statistics_trend", "Official figures over time: whole-year totals, one bar per source")
    return True
