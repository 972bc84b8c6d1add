"""The report's consolidated recommendations, its "to confirm" section and the
rules of the evidence trail.

Recommendations are drafted by the ``recommend`` stage (``ctnat/recommend``,
``analysis/<ISO3>/recommendations.csv``): per area a few consolidated
recommendations from the building blocks of ``instruments/recommendations.yaml``,
each with the gaps it answers, what should change, actions, responsible bodies,
priority and timeframe, numbered ``R<area>.<n>`` densely over those the workshop
did not reject. Worksheets refer to the block ``key``, so renumbering never
invalidates a filled worksheet."""

from __future__ import annotations

import pandas as pd
from docx.shared import Pt

from ..documents.docx_tools import note, table
from ..instruments import Rubric
from ..messages import N_, _, ngettext
from ..recommend.draft import ACTION_SEP


def render_area_recommendations(doc, recs: pd.DataFrame) -> None:
    """One area's recommendations: number and title, what should change, the
    actions, then gaps answered, responsible bodies, priority and timeframe."""
    for r in recs.to_dict("records"):
        head = doc.add_paragraph()
        head.add_run(f"{r['id']} {r['title']}").bold = True
        if r.get("outcome") == "amended" and r.get("validated_text"):
            doc.add_paragraph(r["validated_text"])
            head.add_run(" " + _("(validated at the workshop, amended)")).italic = True
        else:
            doc.add_paragraph(r["change"])
            if r.get("outcome") == "endorsed":
                head.add_run(" " + _("(validated at the workshop)")).italic = True
        for action in [a for a in str(r["actions"]).split(ACTION_SEP) if a.strip()]:
            doc.add_paragraph(action, style="List Bullet")
        meta = doc.add_paragraph()
        for label, value in ((N_("Responsible"), r["bodies"]), (N_("Priority"), r["priority"] or _("not set")),
                             (N_("Timeframe"), r["timeframe"]), (N_("Answers the gaps"), r["gap_detail"])):
            meta.add_run(_("{label}: ", label=_(label))).bold = True
            meta.add_run(f"{value}.  ")
        for run in meta.runs:
            run.font.size = Pt(8.5)


def render_rejected(doc, rejected: pd.DataFrame) -> None:
    if not len(rejected):
        return
    doc.add_paragraph(_("Not retained: the validation workshop rejected {recommendations}.", recommendations="; ".join(
        ngettext("“{title}” ({n} group against)", "“{title}” ({n} groups against)", int(r["groups_rejected"]),
                 title=r["title"]) for r in rejected.to_dict("records"))))


def render_to_confirm(doc, confirm: pd.DataFrame | None, heading: str, inst,
                      reasons: dict[tuple[str, str], str] | None = None) -> None:
    """The criteria whose status is provisional, for the assessor to confirm (``inst``: the
    instruments, whose labels name the criterion levels and statuses; ``reasons``: why, by
    criterion, worded from the scores' fields)."""
    doc.add_heading(heading, level=2)
    if confirm is None or not len(confirm):
        doc.add_paragraph(_("No criterion has conflicting evidence: every framework criterion decided by a cited "
                            "desk-review finding agrees with what stakeholders said, and no Level 2 is rated above "
                            "its Level 1."))
        return
    doc.add_paragraph(ngettext(
        "{n} criterion carries a provisional status. For framework criteria (laws, ratifications, plans, "
        "procedures on paper) a cited desk-review finding decides the status; where survey or interview evidence "
        "disagrees, the status is kept but marked for the assessor to confirm, rather than averaged away. A framework "
        "criterion without a cited finding stays insufficient evidence, marked when stakeholders spoke to it. A "
        "Level 2 rated above its Level 1 is flagged the same way. The assessor confirms or corrects each one with an "
        "override and a reason ({path}).",
        "{n} criteria carry a provisional status. For framework criteria (laws, ratifications, plans, "
        "procedures on paper) a cited desk-review finding decides the status; where survey or interview evidence "
        "disagrees, the status is kept but marked for the assessor to confirm, rather than averaged away. A framework "
        "criterion without a cited finding stays insufficient evidence, marked when stakeholders spoke to it. A "
        "Level 2 rated above its Level 1 is flagged the same way. The assessor confirms or corrects each one with an "
        "override and a reason ({path}).", len(confirm), path="data/raw/<ISO3>/overrides.yaml"))
    levels, statuses = inst.indicators.short_levels, inst.rubric.status_labels
    rows = [[f"{r['indicator']} " + (inst.indicators.short_level(r["criterion"]) if r["criterion"] in levels
                                     else r["criterion"]), r["criterion_text"],
             inst.status_label(r["provisional_status"]).lower() if r["provisional_status"] in statuses
             else r["provisional_status"], (reasons or {}).get((r["indicator"], r["criterion"]), "")]
            for r in confirm.to_dict("records")]
    table(doc, [_("Criterion"), _("Text"), _("Provisional status"), _("Why to confirm")], rows,
          widths_cm=[2.4, 5.6, 2.2, 6.4], font_size=7.5)


def render_rules(doc, rubric: Rubric) -> None:
    """The rubric's rules, each explained, as printed before the evidence trail."""
    rules = rubric.rules
    if not rules:
        return
    table(doc, [_("Rule"), _("Meaning")], [[k, v] for k, v in rules.items()], widths_cm=[2.2, 14.4], font_size=7.5)
    note(doc, _("The Rule column of the evidence trail names the rule that decided each status, and C1, C2 or C3 "
                "when the status is to confirm."))
