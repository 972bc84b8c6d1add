"""Checks on a results framework: the guide's M&E plan requirements (§B.2.1.1:
means of verification, baseline, targets, specific responsibility, timelines),
§A.4.3 on indicator kinds, and its nine-item checklist for outcomes and
indicators. Works on the rows of a drafted or an edited workbook alike.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ..ingest.plan_workbook import ACTIVITIES, ACTIVITY_COLUMNS, MEL, MEL_COLUMNS
from ..instruments import Plan
from ..messages import _
from .framework import NO_FIGURE

HEAD_A, HEAD_M = dict(ACTIVITY_COLUMNS), dict(MEL_COLUMNS)  # a finding names the column by its head
OUTCOME = "Outcome"  # a finding on an outcome row (the workbook flags its outputs cell)

QUARTER = re.compile(r"^(Q[1-4]|I{1,3}|IV)\s*(quarter)?\s*(19|20)\d\d$|^(19|20)\d\d(-\d\d(-\d\d)?)?$|^Q[1-4] (19|20)\d\d$",
                     re.IGNORECASE)


@dataclass
class Finding:
    sheet: str
    row: int | None
    id: str
    column: str
    check: str
    message: str
    severity: str = "missing"  # missing: a required element is absent; check: for the assessor to look at
    outcome: str = ""  # indicator id of the outcome the row belongs to

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = f"{self.sheet}" + (f", row {self.row}" if self.row else "") + (f", {self.id}" if self.id else "")
        return f"{self.severity.upper()}: {where}, column '{self.column}': {self.message}"


def _words(text: str, words: list[str], plural: bool = False) -> list[str]:
    """The ``words`` found in ``text`` as whole words (``plural``: also with an -s: 'case managers')."""
    low = str(text or "").lower()
    end = r"s?(?![a-z])" if plural else r"(?![a-z])"
    return [w for w in words if re.search(r"(?<![a-z])" + re.escape(w.lower()) + end, low)]


def _placeholder(text: str, cfg: Plan) -> bool:
    low = str(text or "").lower()
    return any(p in low for p in cfg.lint.placeholder_words)


def _outcome_of(rec: dict) -> str:
    m = re.match(r"^M?(\d+\.\d+)", str(rec.get("id", "")))
    if m:
        return m.group(1)
    m = re.match(r"^(\d+\.\d+)", str(rec.get("criteria", "")))
    return m.group(1) if m else ""


def _figure(text: str) -> float | None:
    """The first figure of a cell written as a number ("54", "13,216"), after the year and label."""
    m = re.search(r":[^\d:]*?(\d[\d,\u00a0]*)", str(text or ""))  # after a qualifier, if any
    if not m:
        return None
    return float(re.sub(r"[^\d]", "", m.group(1)))


def _below_baseline(baseline: str, targets: list[str], reasons: list[str]) -> tuple[str, str] | None:
    """(target, baseline) when a target's first number is below the baseline's figure and the
    target gives no reason; None otherwise."""
    base = _figure(baseline)
    if base is None:
        return None
    for tgt in targets:
        m = re.search(r"(?<![\d.])(\d[\d,]*)(?!\s*%)(?![\d])", re.sub(r"(19|20)\d\d", "", str(tgt or "")))
        if m and float(m.group(1).replace(",", "")) < base and not _words(tgt, reasons):
            return m.group(1), f"{base:g}"
    return None


def whole_institution(text: str, cfg: Plan) -> bool:
    """True when responsibility names an institution but no unit or person in it."""
    lint = cfg.lint
    return bool(_words(text, lint.institution_words)) and not _words(text, lint.unit_words, plural=True)


def lint_rows(activities: list[dict], mel: list[dict], outcomes: dict[str, str], cfg: Plan) -> list[Finding]:
    """Every finding on the rows of both sheets and on the outcomes. Rows are
    dicts with the column keys (``_row`` = Excel row when read back); rows whose
    status says the gap has closed are still checked."""
    lint = cfg.lint
    kinds = cfg.kinds
    freqs = [f.lower() for f in cfg.frequencies]
    out: list[Finding] = []

    def add(sheet, rec, column, check, message, severity="missing"):
        out.append(Finding(sheet, rec.get("_row"), rec.get("id", ""), column, check, message, severity,
                           _outcome_of(rec)))

    for r in activities:
        if not r.get("activity"):
            add(ACTIVITIES, r, HEAD_A["activity"], "missing_activity", _("no activity is described"))
        if not r.get("responsible"):
            add(ACTIVITIES, r, HEAD_A["responsible"], "missing_responsible", _("no responsible body"))
        for col, name in (("start", HEAD_A["start"]), ("end", HEAD_A["end"])):
            v = r.get(col, "")
            if not v or _placeholder(v, cfg):
                add(ACTIVITIES, r, name, "missing_date", _("no date"))
            elif not QUARTER.match(v):
                add(ACTIVITIES, r, name, "missing_date", _("'{value}' is not a date or a quarter (e.g. Q2 2027)", value=v))
        if not r.get("result_indicator"):
            add(ACTIVITIES, r, HEAD_A["result_indicator"], "missing_result_indicator", _("no result indicator"))
        if not r.get("financial") or _placeholder(r.get("financial"), cfg):
            add(ACTIVITIES, r, HEAD_A["financial"], "missing_financial",
                _("no financial estimate (an amount, or 'no funding required')"), "check")
    per_outcome_kinds: dict[str, set[str]] = {}
    for r in mel:
        kind = str(r.get("kind", "")).strip().lower()
        if not r.get("indicator"):
            add(MEL, r, HEAD_M["indicator"], "no_indicator", _("no indicator"))
        if kind not in kinds:
            add(MEL, r, HEAD_M["kind"], "unknown_kind", _("'{value}' is not an indicator kind; use one of {kinds}",
                                                  value=r.get("kind", ""), kinds=", ".join(kinds)))
        else:
            per_outcome_kinds.setdefault(_outcome_of(r), set()).add(kinds[kind])
        base = r.get("baseline", "")
        if not base or _placeholder(base, cfg):
            add(MEL, r, HEAD_M["baseline"], "missing_baseline", _("no baseline"))
        elif kinds.get(kind) == "quantitative" and _(NO_FIGURE) in str(r.get("baseline_from", "")):
            add(MEL, r, HEAD_M["baseline"], "missing_baseline", _("a quantitative indicator with no figure as baseline: "
                "collect the official figure or establish it in the plan's first year"))
        tgt = r.get("target", "")
        if kind == "number" and base:
            below = _below_baseline(base, [r.get("mid_target", ""), tgt], lint.reason_words)
            if below is not None:
                add(MEL, r, HEAD_M["target"], "target_below_baseline",
                    _("the target {target} is below the baseline figure {baseline}, and says no reason why",
                      target=below[0], baseline=below[1]))
        if not tgt or _placeholder(tgt, cfg):
            add(MEL, r, HEAD_M["target"], "missing_target", _("no target"))
        elif kinds.get(kind) == "qualitative" and "%" in tgt:
            add(MEL, r, HEAD_M["target"], "percentage_on_qualitative",
                _("a percentage target on a {kind} indicator is an inbuilt quantitative target: the indicator stays "
                  "qualitative, so say how the share is measured (e.g. which survey)", kind=kind), "check")
        if tgt and not re.search("|".join(lint.by_when_patterns or [r"(19|20)\d\d"]), tgt, re.IGNORECASE):
            add(MEL, r, HEAD_M["target"], "no_year", _("the target does not say by when"), "check")
        if not r.get("verification") or _placeholder(r.get("verification"), cfg):
            add(MEL, r, HEAD_M["verification"], "missing_verification", _("no means of verification"))
        fq = str(r.get("frequency", "")).strip().lower()
        if not fq or _placeholder(fq, cfg):
            add(MEL, r, HEAD_M["frequency"], "missing_frequency", _("no frequency of data collection"))
        elif fq not in freqs:
            add(MEL, r, HEAD_M["frequency"], "missing_frequency",
                _("'{value}' is not a frequency; use one of {frequencies}", value=r.get("frequency"),
                  frequencies=", ".join(freqs)), "check")
        who = r.get("collector", "")
        if not who or _placeholder(who, cfg):
            add(MEL, r, HEAD_M["collector"], "missing_collector", _("no one collects the data"))
        elif whole_institution(who, cfg):
            add(MEL, r, HEAD_M["collector"], "whole_institution",
                _("'{who}' names only a whole institution: name the unit or person who collects the data", who=who))
        if kinds.get(kind) == "quantitative" and not r.get("disaggregation") and \
                _words(r.get("indicator", ""), [w + "s" for w in lint.people_words]
                       + lint.people_words):
            add(MEL, r, HEAD_M["disaggregation"], "no_disaggregation", _("a count or share with no disaggregation "
                "(sex, age, nationality …): say how it is broken down, or why not"), "check")
    for ind, text in outcomes.items():
        rec = {"id": f"O{ind}", "_row": None}
        hits = _words(text, lint.delivery_words)
        if hits:
            out.append(Finding(MEL, None, f"O{ind}", OUTCOME, "delivery_outcome",
                               _("the outcome is worded as a delivery ('{word}') rather than a change in conditions "
                                 "or capacities", word=hits[0]), "missing", ind))
        if not re.search(r"(19|20)\d\d", text):
            out.append(Finding(MEL, None, f"O{ind}", OUTCOME, "no_year", _("the outcome does not say by when"),
                               "check", ind))
        if not any(_outcome_of(m) == ind for m in mel):
            out.append(Finding(MEL, None, f"O{ind}", OUTCOME, "no_indicator", _("the outcome has no indicator"),
                               "missing", ind))
        del rec
    for ind, fams in per_outcome_kinds.items():
        if len(fams) == 1 and ind in outcomes:
            fam = next(iter(fams))
            out.append(Finding(MEL, None, f"O{ind}", HEAD_M["kind"], "one_kind_only",
                               _("all indicators of the outcome are {kind}: add one that measures the quality or "
                                 "effect", kind=fam) if fam == "quantitative" else
                               _("all indicators of the outcome are {kind}: add one that measures what was done, in "
                                 "numbers", kind=fam), "check", ind))
    return out


def checklist(outcomes: dict[str, str], findings: list[Finding], cfg: Plan) -> list[dict]:
    """The guide's nine-item checklist per outcome: 'No' when an automatic check
    that informs the item found something, 'Yes — confirm' when the checks
    passed, and left to the assessor when no automatic check applies."""
    rows = []
    by = {}
    for f in findings:
        by.setdefault(f.outcome, []).append(f)
    for ind, text in outcomes.items():
        fs = by.get(ind, [])
        for item in cfg.checklist:
            checks = set(item.checks)
            hits = [f for f in fs if f.check in checks]
            if not checks:
                answer, why = _("assessor to judge"), ""
            elif hits:
                answer = _("No")
                why = "; ".join(sorted({(f"{cfg.smart[f.check]} — " if f.check in cfg.smart else "")
                                        + (f.message if f.column in (OUTCOME, HEAD_M["kind"]) else f"{f.id}: {f.message}")
                                        for f in hits}))[:700]
            else:
                answer, why = _("Yes (automatic checks passed; confirm)"), ""
            rows.append({"outcome": ind, "outcome_text": text, "item": item.id, "question": item.text,
                         "answer": answer, "found": why})
    return rows
