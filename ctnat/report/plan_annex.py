"""The report's annex "From findings to action": per area, the outcomes of the
draft results framework with their indicators, baselines and targets, and the
open points the framework's checks found (``ctnat plan`` writes the tables)."""

from __future__ import annotations


from docx.shared import Pt

from .. import catalogue
from ..instruments import Area
from ..messages import N_, _, format_number, label, ngettext
from ..documents.docx_tools import assessor_note, caption, table
from ..documents.published_text import draft_mode

CHECK_TEXT = {
    "missing_baseline": N_("indicators without a baseline figure"),
    "missing_target": N_("indicators without a target"),
    "missing_date": N_("activities without a start or completion date"),
    "missing_verification": N_("indicators without a means of verification"),
    "missing_frequency": N_("indicators without a frequency of data collection"),
    "missing_collector": N_("indicators without anyone to collect the data"),
    "whole_institution": N_("data collection given to a whole institution rather than a unit or person"),
    "delivery_outcome": N_("outcomes worded as a delivery rather than a change"),
    "percentage_on_qualitative": N_("percentage targets on qualitative indicators (an inbuilt quantitative target)"),
    "missing_financial": N_("activities without a financial estimate"),
    "one_kind_only": N_("outcomes whose indicators are all of one kind (only numbers, or only judgements)"),
    "no_disaggregation": N_("counts of people with no disaggregation"),
    "no_year": N_("targets or outcomes that do not say by when"),
    "missing_responsible": N_("activities without a responsible body"),
    "gap_not_covered": N_("gaps with no row in the framework"),
}


def add_plan_annex(doc, country: str, root=None, areas: list[Area] | None = None, *, letter: str,
                   criterion_name=str) -> bool:
    """Add the annex to ``doc`` as annex ``letter``. Returns False, after a note saying how to draft
    the framework, when ``ctnat plan`` has not run. ``criterion_name``: a criterion key's name for
    readers ('1.1 Operational L1' for 1.1.op1)."""
    doc.add_heading(_("Annex {letter}. From findings to action", letter=letter), level=1)
    needed = ("plan_activities", "plan_mel", "plan_lint")
    if not all(catalogue.exists(n, country, root) for n in needed):
        if draft_mode():
            assessor_note(doc, _("the results framework has not been drafted yet; build the plan, then the "
                                 "report again."))
        return False
    acts, mel, lint = (catalogue.read(n, country, root) for n in needed)
    open_acts = acts[~acts["status"].str.startswith("gap closed")]
    closed = len(acts) - len(open_acts)
    doc.add_paragraph(
        _("From the gaps, CT-NAT drafted a results framework in the form of the ICMPD practitioner's guide: "
          "{activities} for the next National Action Plan (Annex 3 form) and a monitoring, evaluation and learning "
          "plan with {indicators} for {outcomes} (Annex 4 form), in the results-framework workbook delivered with this report. Each baseline is taken from this "
          "assessment — an official figure with its year and source, a survey share with its n, or the criterion's "
          "status and evidence. The assessor edits the workbook; edits are kept when the pipeline runs again.",
          activities=ngettext("{n} activity", "{n} activities", len(open_acts)),
          indicators=ngettext("{n} indicator", "{n} indicators", len(mel)),
          outcomes=ngettext("{n} outcome", "{n} outcomes", mel["outcome"].nunique()))
        + (" " + ngettext("{n} activity answers gaps that have since closed.",
                          "{n} activities answer gaps that have since closed.", closed) if closed else ""))
    titles = {x.id: label(x.title) for x in areas or []}
    for area_id, grp in mel.groupby(mel["area"].str.extract(r"^(\d+)")[0], sort=True):
        doc.add_heading(f"{titles.get(area_id, grp['area'].iloc[0])}", level=2)
        for oid, og in grp.groupby("outcome", sort=False):
            para = doc.add_paragraph()
            para.add_run(_("Outcome {id}: ", id=oid)).bold = True
            para.add_run(og["outcome_text"].iloc[0])
            rows = [[r["indicator"], r["kind"], r["baseline"] or _("missing"), r.get("mid_target", ""), r["target"]]
                    for r in og.to_dict("records")]
            table(doc, [_("Indicator"), _("Kind"), _("Baseline"), _("Mid-term target"), _("End target")], rows,
                  widths_cm=[4.0, 2.0, 5.3, 2.6, 2.7], font_size=7)
    caption(doc, _("Outcomes, indicators and baselines of the draft results framework"))
    monitoring = catalogue.read("plan_monitoring", country, root, missing_ok=True)
    if monitoring is not None and len(monitoring):
        doc.add_heading(_("How the plan is monitored"), level=2)
        for r in monitoring.to_dict("records"):
            para = doc.add_paragraph()
            para.add_run(f"{r['section']}. ").bold = True
            para.add_run(str(r["text"]))
    doc.add_heading(_("Open points"), level=2)
    if not len(lint):
        doc.add_paragraph(_("The framework's checks found nothing missing."))
        return True
    counts = lint.groupby(["check", "severity"]).size().reset_index(name="n")
    counts["order"] = counts["severity"].map({"missing": 0}).fillna(1)
    counts = counts.sort_values(["order", "n"], ascending=[True, False])
    doc.add_paragraph(_(
        "The checks follow the guide: a monitoring plan needs for each indicator a baseline, a target, a means of "
        "verification, a frequency and a named unit or person to collect the data, and outcomes should describe a "
        "change rather than a delivery. What they found:"))
    for r in counts.to_dict("records"):
        para = doc.add_paragraph(style="List Bullet")
        what = _(CHECK_TEXT[r["check"]]) if r["check"] in CHECK_TEXT else r["check"]
        para.add_run(f"{what.capitalize()}: {format_number(r['n'])}")
        para.add_run(" " + (_("(to complete)") if r["severity"] == "missing" else _("(to look at)"))).font.size = Pt(8)
    missing = lint[lint["severity"] == "missing"]
    if len(missing):
        rows = [[r["id"], r["column"], r["message"]] for r in missing.head(40).to_dict("records")]
        table(doc, [_("Row"), _("Column"), _("What is missing")], rows, widths_cm=[2, 4, 10.5], font_size=7)
        caption(doc, _("Items to complete in the results framework")
                + (" " + _("(first 40 of {n}; all are on its Checks sheet)", n=format_number(len(missing)))
                   if len(missing) > 40 else ""))
    return True

