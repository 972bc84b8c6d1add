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
from dataclasses import dataclass
from typing import Any

from ..messages import N_, _, format_date, format_list, label, ngettext
from ..recommend.draft import ACTION_SEP
from ..recommend.ground import DROPPED, IF_EXISTS, LIST_SEP, PARTLY
from .findings import FindingsIndex, citation_text


@dataclass
class Rationale:
    """What a recommendation's rationale reads: where each indicator is argued
    (:class:`~ctnat.report.findings.FindingsIndex`), the criteria's statuses and texts,
    the desk review's findings and the instruments the findings state."""

    index: FindingsIndex
    inst: Any  # the instruments (ctnat.instruments.Instruments, or what a test gives)
    scores: pd.DataFrame
    desk: pd.DataFrame | None = None
    instruments: pd.DataFrame | None = None

    def _status(self, indicator: str, criterion: str) -> str:
        s = self.scores[(self.scores["indicator"] == indicator) & (self.scores["criterion"] == criterion)]
        return str(s["status"].iloc[0]) if len(s) else ""

    def _desk(self, indicator: str, criterion: str) -> tuple[str, str]:
        if self.desk is None:
            return "", ""
        s = self.desk[(self.desk["indicator"] == indicator) & (self.desk["criterion"] == criterion)]
        return (str(s["summary"].iloc[0] or ""), citation_text(s["citations"].iloc[0])) if len(s) else ("", "")

    def gaps(self, r: dict) -> list[tuple[str, str]]:
        """(indicator, criterion) of the gaps a recommendation answers, in its order."""
        out = []
        for g in str(r.get("gaps") or "").split(";"):
            g = g.strip()
            if g.count(".") >= 2:
                ind, crit = g.rsplit(".", 1)
                out.append((ind, crit))
        return out

    def sections(self, r: dict) -> str:
        return self.index.section_words(ind for ind, _c in self.gaps(r))

    def text(self, r: dict) -> str:
        """Why the recommendation: the criteria it answers by status, in words, with the
        findings sections that argue them; one documented finding behind the worst gap; the
        instruments' facts it relies on, as the findings state them."""
        gaps = self.gaps(r)
        if not gaps:
            return ""
        indicators = {i.id: i for i in self.inst.indicators.indicators}
        by_status: dict[str, list[str]] = {}
        for ind, crit in gaps:
            if ind in indicators and crit in indicators[ind].criteria:
                by_status.setdefault(self._status(ind, crit), []).append(
                    _("“{criterion}”", criterion=label(indicators[ind].criteria[crit]).rstrip(".")))
        judged = format_list(_("{criteria} {status}", criteria=format_list(texts),
                               status=self.inst.status_label(s).lower())
                             for s, texts in sorted(by_status.items(), key=lambda kv: STATUS_ORDER.get(kv[0], 9)))
        out = [_("Why: the findings of {sections} find {judged}.", sections=self.sections(r), judged=judged)]
        worst = sorted(gaps, key=lambda g: STATUS_ORDER.get(self._status(*g), 9))
        for ind, crit in worst:
            summary, cites = self._desk(ind, crit)
            if summary.strip() and ind in self.index.sections:
                finding = summary.strip().rstrip(".")
                out.append(_("Section {number} sets out the evidence: {finding} ({citations}).",
                             number=self.index.sections[ind][0], finding=finding, citations=cites) if cites else
                           _("Section {number} sets out the evidence: {finding}.",
                             number=self.index.sections[ind][0], finding=finding))
                break
        titles = {}
        if self.instruments is not None and len(self.instruments):
            titles = dict(zip(self.instruments["id"], self.instruments["title"]))
        facts = []
        for ind in dict.fromkeys(i for i, _c in gaps):
            names = [titles[i] for i in sorted(self.index.facts.get(ind, ())) if i in titles]
            if names and ind in self.index.sections:
                facts.append(_("{instruments} (section {number})", instruments=format_list(names),
                               number=self.index.sections[ind][0]))
        if facts:
            out.append(_("It takes into account what the findings set out on {instruments}.",
                         instruments=format_list(facts)))
        return " ".join(out)


STATUS_ORDER = {"not_met": 0, "partly_met": 1, "met": 2, "insufficient_evidence": 3}


def render_area_recommendations(doc, recs: pd.DataFrame, section: str = "", why: Rationale | None = None) -> None:
    """One area's recommendations: number and title, what should change, the
    actions with who carries each out, then why (the gaps and the evidence, with the
    findings sections that argue them), responsible bodies, priority and timeframe."""
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
        if why is not None and (reason := why.text(r)):
            doc.add_paragraph(reason)
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
                  (N_("Timeframe"), r["timeframe"])]
        sections = why.sections(r) if why is not None else ""
        if sections:
            fields.insert(0, (N_("Answers the findings of"), sections))
        elif section:
            fields.insert(0, (N_("Answers the findings of section"), section))
        for name, value in fields:
            meta.add_run(_("{label}: ", label=_(name))).bold = True
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
                                     else r["criterion"]), _criterion_text(inst, r),
             inst.status_label(r["provisional_status"]).lower() if r["provisional_status"] in statuses
             else r["provisional_status"], (reasons or {}).get((r["indicator"], r["criterion"]), "")]
            for r in confirm.to_dict("records")]
    table(doc, [_("Criterion"), _("Text"), _("Provisional status"), _("Why to confirm")], rows,
          widths_cm=[2.4, 5.6, 2.2, 6.4], font_size=7.5)


def _rule_order(rule_id: str) -> tuple[int, int, str]:
    """Rules (R…) before checks to confirm (C…) before anything else, each by number."""
    group = {"R": 0, "C": 1}.get(rule_id[:1], 2)
    digits = rule_id[1:]
    return (group, int(digits) if digits.isdigit() else 0, rule_id)


def _criterion_text(inst, r: dict) -> str:
    """A criterion's wording in the language in force (the table's English when the instruments lack it)."""
    ind = next((i for i in inst.indicators.indicators if i.id == r["indicator"]), None)
    return label(ind.criteria[r["criterion"]]) if ind is not None and r["criterion"] in ind.criteria else r["criterion_text"]


def render_rules(doc, rubric: Rubric) -> None:
    """The rubric's rules, each explained, as printed before the evidence trail."""
    rules = rubric.rules
    if not rules:
        return
    order = sorted(rules, key=_rule_order)  # R0…R5, then C1…C3, then the override, whatever the file's order
    table(doc, [_("Rule"), _("Meaning")], [[k, label(rules[k])] for k in order], widths_cm=[2.2, 14.4], font_size=7.5)
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
