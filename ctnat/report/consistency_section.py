"""The report's section for the assessor on what the consistency gate found
(``analysis/<ISO3>/consistency.csv``): each contradiction in words, those the
assessor accepted with their reason."""

from __future__ import annotations

from .. import catalogue
from ..messages import _, ngettext


def add_consistency_section(doc, country: str, root, heading: str) -> None:
    """A heading (level 2), one paragraph and a bullet per contradiction."""
    rows = catalogue.read("consistency", country, root, missing_ok=True)
    doc.add_heading(heading, level=2)
    checked = _("Before this report was drafted, its parts were checked against each other: recommendations "
                "against the criteria's statuses and the instruments the country has, the results framework against "
                "the workshop's decisions, official figures against each other and against the narrative, and tables "
                "against their data and text.")
    if rows is None or not len(rows):
        doc.add_paragraph(checked + " " + _("No contradiction was found."))
        return
    accepted = rows[rows["accepted"].astype(bool)]
    open_rows = rows[~rows["accepted"].astype(bool)]
    doc.add_paragraph(checked + " " + ngettext(
        "{n} contradiction was found; {accepted}.", "{n} contradictions were found; {accepted}.", len(rows),
        accepted=ngettext("the assessor accepted {n} of them", "the assessor accepted {n} of them", len(accepted))))
    if len(open_rows):
        doc.add_paragraph(_("For the assessor to resolve (correct the source, or accept the contradiction with a "
                            "reason):"))
        for r in open_rows.to_dict("records"):
            doc.add_paragraph(r["message"], style="List Bullet")
    if len(accepted):
        doc.add_paragraph(_("Accepted by the assessor:"))
        for r in accepted.to_dict("records"):
            doc.add_paragraph(_("{message} Accepted: {reason}", message=r["message"], reason=r["reason"]),
                              style="List Bullet")
