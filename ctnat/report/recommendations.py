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
from ..messages import N_, _, format_date, format_list, ngettext
from ..recommend.draft import ACTION_SEP
from ..recommend.ground import DROPPED, IF_EXISTS, LIST_SEP, PARTLY


def render_area_recommendations(doc, recs: pd.DataFrame, section: str = "") -> None:
    """One area's recommendations: number and title, what should change, the
    actions with who carries each out, then the findings section it answers, gaps
    answered, responsible bodies, priority and timeframe."""
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
        actors = str(r.get("action_actors") or "").split(ACTION_SEP)
        for n, action in enumerate(str(r["actions"]).split(ACTION_SEP)):
            if not action.strip():
                continue
            para = doc.add_paragraph(action, style="List Bullet")
            who = actors[n].strip() if n < len(actors) else ""
            if who and who != str(r["bodies"]).strip():  # an action's own actors, where they differ
                para.add_run(" " + _("Who: {actors}.", actors=format_list(w.strip() for w in who.split(";")))).italic \
                    = True
        meta = doc.add_paragraph()
        fields = [(N_("Responsible"), r["bodies"]), (N_("Priority"), r["priority"] or _("not set")),
                  (N_("Timeframe"), r["timeframe"]), (N_("Answers the gaps"), r["gap_detail"])]
        if section:
            fields.insert(0, (N_("Answers the findings of section"), section))
        for label, value in fields:
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
        "override and a reason in the country's overrides file.",
        "{n} criteria carry a provisional status. For framework criteria (laws, ratifications, plans, "
        "procedures on paper) a cited desk-review finding decides the status; where survey or interview evidence "
        "disagrees, the status is kept but marked for the assessor to confirm, rather than averaged away. A framework "
        "criterion without a cited finding stays insufficient evidence, marked when stakeholders spoke to it. A "
        "Level 2 rated above its Level 1 is flagged the same way. The assessor confirms or corrects each one with an "
        "override and a reason in the country's overrides file.", len(confirm)))
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


def instrument_words(row: dict) -> list[str]:
    """Each instrument behind an action's change, as a reader would cite it: title,
    number and date, then the sources in brackets."""
    cols = ("instrument_titles", "instrument_numbers", "instrument_dates", "instrument_citations")
    parts = [str(row.get(c) or "").split(LIST_SEP) for c in cols]
    out = []
    for title, number, date, cites in zip(*parts):
        name = ", ".join(x.strip() for x in (title, number, format_date(date.strip()) if date.strip() else "") if x)
        sources = "; ".join(c.strip() for c in cites.split(";") if c.strip())
        out.append(_("{instrument} ({sources})", instrument=name, sources=sources) if sources else name)
    return out


def render_existing(doc, actions: pd.DataFrame | None, recs: pd.DataFrame, capability_label) -> None:
    """The actions the country's instruments changed, in plain words: what the
    building block would have asked, what the country already has (which
    instrument, with its number, date and sources) and what is recommended instead.
    ``capability_label``: key → label."""
    if actions is None or not len(actions):
        return
    ids = dict(zip(recs["key"], recs["id"]))
    changed = [r for r in actions.to_dict("records") if r["basis"] in (IF_EXISTS, DROPPED, PARTLY) and ids.get(r["key"])]
    doc.add_heading(_("What the country already has"), level=2)
    if not changed:
        doc.add_paragraph(_("No drafted action asked for something the desk review lists as already in force."))
        return
    doc.add_paragraph(ngettext(
        "{n} drafted action asked for something the desk review lists as already in force; it was changed as "
        "follows.",
        "{n} drafted actions asked for something the desk review lists as already in force; they were changed as "
        "follows.", len(changed)))
    for r in changed:
        has = format_list(capability_label(k) for k in str(r["existing"]).split(";") if k)
        where = format_list(instrument_words(r))
        ref = ids.get(r["key"]) or ""
        para = doc.add_paragraph(style="List Bullet")
        if ref:
            para.add_run(f"{ref} ").bold = True
        if r["basis"] == IF_EXISTS:
            para.add_run(_("The drafted action “{drafted}” asks for what the country already has — {has}: {where}. "
                           "Recommended instead: “{text}”", drafted=r["drafted_text"], has=has.lower(), where=where,
                           text=r["text"]))
        elif r["basis"] == PARTLY:
            missing = format_list(capability_label(k) for k in str(r["missing"]).split(";") if k)
            para.add_run(_("Of the drafted action “{drafted}”, the country already has {has} ({where}); "
                           "recommended is only what is missing, {missing}: “{text}”", drafted=r["drafted_text"], has=has.lower(), where=where,
                           missing=missing.lower(), text=r["text"]))
        else:
            para.add_run(_("The drafted action “{drafted}” is left out: the country already has it — {has}: "
                           "{where}.",
                           drafted=r["drafted_text"], has=has.lower(), where=where))
