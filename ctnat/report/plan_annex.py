"""The report's annex "From findings to action": per area, the outcomes of the
draft results framework with their indicators, baselines and targets, and the
open points the framework's checks found (``ctnat plan`` writes the tables)."""

from __future__ import annotations

import re

from docx.shared import Pt

from .. import catalogue
from ..documents.docx_tools import caption, note, table

CHECK_TEXT = {
    "missing_baseline": "indicators without a baseline figure",
    "missing_target": "indicators without a target",
    "missing_date": "activities without a start or completion date",
    "missing_verification": "indicators without a means of verification",
    "missing_frequency": "indicators without a frequency of data collection",
    "missing_collector": "indicators without anyone to collect the data",
    "whole_institution": "data collection given to a whole institution rather than a unit or person",
    "delivery_outcome": "outcomes worded as a delivery rather than a change",
    "percentage_on_qualitative": "percentage targets on qualitative indicators (an inbuilt quantitative target)",
    "missing_financial": "activities without a financial estimate",
    "one_kind_only": "outcomes whose indicators are all of one kind (only numbers, or only judgements)",
    "no_disaggregation": "counts of people with no disaggregation",
    "no_year": "targets or outcomes that do not say by when",
    "missing_responsible": "activities without a responsible body",
    "gap_not_covered": "gaps with no row in the framework",
}


def _next_annex_letter(doc) -> str:
    used = [m.group(1) for p in doc.paragraphs for m in [re.match(r"^Annex ([A-Z])\.", p.text)]
            if m and p.style.name.startswith("Heading")]
    return chr(ord(max(used)) + 1) if used else "A"


def add_plan_annex(doc, country: str, root=None, areas: list[dict] | None = None) -> bool:
    """Add the annex to ``doc``. Returns False, after a note saying how to draft
    the framework, when ``ctnat plan`` has not run."""
    letter = _next_annex_letter(doc)
    doc.add_heading(f"Annex {letter}. From findings to action", level=1)
    needed = ("plan_activities", "plan_mel", "plan_lint")
    if not all(catalogue.exists(n, country, root) for n in needed):
        note(doc, f"[The results framework has not been drafted: run `make plan COUNTRY={country}`, then the "
                  "report again.]")
        return False
    acts, mel, lint = (catalogue.read(n, country, root) for n in needed)
    open_acts = acts[~acts["status"].str.startswith("gap closed")]
    closed = len(acts) - len(open_acts)
    doc.add_paragraph(
        f"From the gaps, CT-NAT drafted a results framework in the form of the ICMPD practitioner's guide: "
        f"{len(open_acts)} activities for the next National Action Plan (Annex 3 form) and a monitoring, "
        f"evaluation and learning plan with {len(mel)} indicators for {mel['outcome'].nunique()} outcomes "
        f"(Annex 4 form), in {country}_results_framework.xlsx. Each baseline is taken from this assessment — "
        "an official figure with its year and source, a survey share with its n, or the criterion's status and "
        "evidence. The assessor edits the workbook; edits are kept when the pipeline runs again."
        + (f" {closed} activit{'y' if closed == 1 else 'ies'} answer gaps that have since closed." if closed else ""))
    titles = {str(x["id"]): x["title"]["en"] for x in areas or []}
    for area_id, grp in mel.groupby(mel["area"].str.extract(r"^(\d+)")[0], sort=True):
        doc.add_heading(f"{titles.get(area_id, grp['area'].iloc[0])}", level=2)
        for oid, og in grp.groupby("outcome", sort=False):
            para = doc.add_paragraph()
            para.add_run(f"Outcome {oid}: ").bold = True
            para.add_run(og["outcome_text"].iloc[0])
            rows = [[r["indicator"], r["kind"], r["baseline"], r["target"], r["criteria"]] for r in og.to_dict("records")]
            table(doc, ["Indicator", "Kind", "Baseline", "Target", "Gaps"], rows, widths_cm=[4.0, 2.1, 6.1, 2.8, 1.6],
                  font_size=7)
    caption(doc, "Outcomes, indicators and baselines of the draft results framework")
    doc.add_heading("Open points", level=2)
    if not len(lint):
        doc.add_paragraph("The framework's checks found nothing missing.")
        return True
    counts = lint.groupby(["check", "severity"]).size().reset_index(name="n")
    counts["order"] = counts["severity"].map({"missing": 0}).fillna(1)
    counts = counts.sort_values(["order", "n"], ascending=[True, False])
    doc.add_paragraph(
        "The checks follow the guide: a monitoring plan needs for each indicator a baseline, a target, a means of "
        "verification, a frequency and a named unit or person to collect the data, and outcomes should describe a "
        "change rather than a delivery. What they found:")
    for r in counts.to_dict("records"):
        para = doc.add_paragraph(style="List Bullet")
        para.add_run(f"{CHECK_TEXT.get(r['check'], r['check']).capitalize()}: {r['n']}")
        para.add_run(" (to complete)" if r["severity"] == "missing" else " (to look at)").font.size = Pt(8)
    missing = lint[lint["severity"] == "missing"]
    if len(missing):
        rows = [[r["id"], r["column"], r["message"]] for r in missing.head(40).to_dict("records")]
        table(doc, ["Row", "Column", "What is missing"], rows, widths_cm=[2, 4, 10.5], font_size=7)
        caption(doc, "Items to complete in the results framework"
                + (f" (first 40 of {len(missing)}; all are on its Checks sheet)" if len(missing) > 40 else ""))
    return True

