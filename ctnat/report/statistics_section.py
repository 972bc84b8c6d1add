"""The report's "official statistics" part of the situation chapter: every figure
received in ``statistics.csv`` (processed by ingest) as a table with its year,
breakdown and source, small cells and figures reported by two sources marked,
and the trend chart."""

from __future__ import annotations

from .. import catalogue
from ..ingest.statistics import KEY_COLUMNS
from ..messages import _, format_list, format_number, ngettext
from ..charts.names import country_name as _country_name
from ..documents.docx_tools import caption, note, table
from .pictures import ChartPictures

SKIP = {"metric", "year", "period", "source", "value", "qualifier", "note", "seed_lines", "label", "unit", "kind",
        "small_cell", "source_row"}


def _yes(v) -> bool:
    """The small-cell flag, read as text ('yes') or typed (True)."""
    return str(v).strip().lower() in ("yes", "true", "1")


def _value(v) -> str:
    number = float(v)
    return format_number(int(number)) if number.is_integer() else str(v)


def _breakdown(r: dict, dis: list[str]) -> str:
    parts = [str(r[c]) for c in dis if r.get(c)]
    return ", ".join(parts) if parts else _("total")


def add_statistics_section(doc, country: str, root=None, charts: ChartPictures | None = None) -> bool:
    """Add the section (heading level 3) to ``doc``. Returns False, after a note
    saying how to add them, when no statistics were received."""
    doc.add_heading(_("Official statistics"), level=3)
    s = catalogue.read("statistics", country, root, missing_ok=True)
    if s is None or not len(s):
        note(doc, _("No official statistics were received for this assessment."))
        return False
    dis = [c for c in s.columns if c not in SKIP]
    key = list(KEY_COLUMNS) + dis
    s["_sources"] = s.groupby(key, dropna=False)["source"].transform("nunique")
    # sources that give one figure different values disagree; the same value twice is a double report
    s["_values"] = s.assign(_v=s["qualifier"].astype(str) + s["value"].astype(float).astype(str)) \
        .groupby(key, dropna=False)["_v"].transform("nunique")
    years = sorted(set(s["year"]))
    n_src = s["source"].nunique()
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else years[0]
    doc.add_paragraph(ngettext(
        "The assessment received {n} official figure from {sources}, covering {years}. They are the baselines the "
        "results framework (Annex “From findings to action”) starts from. Figures are shown as each source gave "
        "them and never added up across sources.",
        "The assessment received {n} official figures from {sources}, covering {years}. They are the baselines the "
        "results framework (Annex “From findings to action”) starts from. Figures are shown as each source gave "
        "them and never added up across sources.", len(s),
        sources=ngettext("{n} source", "{n} sources", n_src), years=span))
    rows = []
    for r in s.sort_values(["label", "year", "source"]).to_dict("records"):
        value = format_number(int(float(r["value"]))) if float(r["value"]).is_integer() else r["value"]
        marks = ("*" if _yes(r.get("small_cell")) else "") + \
            (("‡" if int(r["_values"]) > 1 else "†") if int(r["_sources"]) > 1 else "")
        rows.append([r["label"], r["year"] + (f" ({r['period']})" if r.get("period") else ""), _breakdown(r, dis),
                     (f"{r['qualifier']} " if r.get("qualifier") else "") + value + marks, r["source"]])
    table(doc, [_("Figure"), _("Year"), _("Breakdown"), _("Value"), _("Source")], rows,
          widths_cm=[4.6, 1.6, 3.6, 2, 4.8], font_size=7.5)
    caption(doc, _("Official statistics received for {country}", country=_country_name(country, root)))
    small = int(s["small_cell"].map(_yes).sum())
    double = s[(s["_sources"].astype(int) > 1) & (s["_values"].astype(int) == 1)]
    differ = s[(s["_sources"].astype(int) > 1) & (s["_values"].astype(int) > 1)]
    notes = []
    if small:
        notes.append(ngettext("* a count of people below the small-cell threshold ({n} figure): it may identify "
                              "someone; do not publish it on its own.",
                              "* a count of people below the small-cell threshold ({n} figures): it may identify "
                              "someone; do not publish it on its own.", small))
    if len(double):
        groups = double.groupby(key, dropna=False)
        notes.append(ngettext("† the same figure is reported, with the same value, by more than one source ({n} "
                              "case): fragmented data collection risks double counting, so the results framework "
                              "names every source and asks for one to be agreed as the baseline.",
                              "† the same figure is reported, with the same value, by more than one source ({n} "
                              "cases): fragmented data collection risks double counting, so the results framework "
                              "names every source and asks for one to be agreed as the baseline.", len(groups)))
    if len(differ):
        cases = []
        for _key, g in differ.sort_values(["label", "year", "source"]).groupby(key, dropna=False, sort=False):
            first = g.iloc[0]
            values = format_list(_("{value} ({source})", value=(f"{r['qualifier']} " if r.get("qualifier") else "")
                                   + _value(r["value"]), source=r["source"]) for r in g.to_dict("records"))
            cases.append(_("{figure}, {year}{breakdown}: {values}", figure=first["label"], year=first["year"],
                           breakdown="" if _breakdown(first, dis) == _("total") else f" ({_breakdown(first, dis)})",
                           values=values))
        notes.append(ngettext("‡ the sources disagree on this figure ({n} case: {cases}): the table shows each "
                              "value as its source gave it; agree on one before using it as a baseline.",
                              "‡ the sources disagree on these figures ({n} cases: {cases}): the table shows each "
                              "value as its source gave it; agree on one before using it as a baseline.",
                              len(cases), cases="; ".join(cases)))
    for n in notes:
        note(doc, n)
    if charts is not None:
        charts.figure(doc, "statistics_trend", _("Official figures over time: whole-year totals, one bar per source"))
    return True
