"""``ctnat plan``: the draft results framework of a country, and ``ctnat plan
check FILE`` on a filled workbook.

:func:`plan_country` reads only processed and analysis tables (the assessor's
edited workbook arrives through ingest as ``data/processed/<ISO3>/plan_edits.csv``),
drafts a row for every gap, keeps every cell the assessor edited, marks rows whose
gap has closed, lints the whole and writes
``analysis/<ISO3>/<ISO3>_results_framework.xlsx`` plus the tables the report's annex
reads (``plan_activities.csv``, ``plan_mel.csv``, ``plan_checks.csv``,
``plan_lint.csv``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd

from .. import __version__, catalogue
from ..messages import _, label_of
from ..ingest.plan_workbook import (
    ACTIVITIES,
    ACTIVITY_COLUMNS,
    MEL,
    MEL_COLUMNS,
    read_workbook,
)
from ..instruments import load_instruments
from ..paths import instruments_dir
from ..problems import MissingInputError, Problem
from .framework import STATUS_WORDS, Assessment, current_plan_words, draft_rows, plan_config
from .lint import Finding, checklist, lint_rows
from .monitoring import monitoring_sections
from .recommendations import recommendations_by_criterion
from .workbook import write_workbook

OUTCOME_ID = re.compile(r"^O(\d+\.\d+)$")


def load_assessment(country: str, root=None) -> Assessment:
    """The tables the framework is drafted from; a clear error when scoring has not run."""
    def opt(name: str) -> pd.DataFrame | None:
        return catalogue.read(name, country, root, missing_ok=True)

    gaps, scores = catalogue.read("gaps", country, root), catalogue.read("scores", country, root)
    inst = load_instruments(instruments_dir(root))
    recs = recommendations_by_criterion(country, root, inst)
    stats = opt("statistics")
    dis = list(inst.statistics.disaggregations)
    try:
        nap_plan = catalogue.read_json("nap_plan", country, root, missing_ok=True, default={})
    except json.JSONDecodeError:
        nap_plan = {}
    plan_id, period = str(nap_plan.get("plan_id", "")), str(nap_plan.get("period", "") or "")
    instruments = opt("country_instruments")
    provided = ({k for r in instruments.to_dict("records") if r["status"] == "in_force"
                 for k in str(r["provides"] or "").split(";") if k} if instruments is not None else set())
    institutions = ([{"title": str(r["title"]), "kind": r["kind"],
                      "mandate": [x for x in str(r["mandate"] or "").split(";") if x],
                      "provides": [x for x in str(r["provides"] or "").split(";") if x]}
                     for r in instruments.to_dict("records")
                     if r["kind"] in ("body", "service", "system") and r["status"] == "in_force"]
                    if instruments is not None else [])
    return Assessment(gaps=gaps, scores=scores, institutions=institutions,
                      recommendations=recs, provided=provided, favourability=opt("favourability"),
                      statistics=stats, statistics_dis=dis, nap_coverage=opt("nap_coverage"),
                      nap_measures=opt("nap_measures"),
                      nap_agency_area=opt("nap_agency_area"), nap_plan_id=plan_id,
                      nap_period=period)


def plan_period(ctx: dict, nap_plan: dict, years: int) -> tuple[int, int]:
    """(first year, number of years) of the drafted plan, from the country: the period the
    context gives (``plan_period: {start, end}``); else the year after the current NAP ends when
    that is still ahead at the assessment; else the year after the assessment's last dated event;
    the build day only when the context dates nothing."""
    period = ctx.get("plan_period") or {}
    if isinstance(period, dict) and str(period.get("start", "")).isdigit():
        start = int(period["start"])
        stop = int(period["end"]) if str(period.get("end", "")).isdigit() else start + years - 1
        return start, max(1, stop - start + 1)
    dates = [str(v) for v in ((ctx.get("workshop") or {}).get("date"), ctx.get("survey_deadline"),
                              (ctx.get("interview_period") or {}).get("end")) if v]
    assessed = max((int(d[:4]) for d in dates if d[:4].isdigit()), default=None)
    if assessed is None:
        return dt.date.today().year + 1, years
    nap_end = str(nap_plan.get("end", ""))
    if nap_end.isdigit() and int(nap_end) >= assessed:
        return int(nap_end) + 1, years
    return assessed + 1, years


def _draft_map(activities, mel, outcomes) -> dict:
    d = {}
    for r in activities:
        d[(ACTIVITIES, r["id"])] = {k: r.get(k, "") for k, _ in ACTIVITY_COLUMNS if k != "id"}
    for r in mel:
        d[(MEL, r["id"])] = {k: r.get(k, "") for k, _ in MEL_COLUMNS if k != "id"}
    for ind, text in outcomes.items():
        d[(MEL, f"O{ind}")] = {"area": f"Outcome {ind}: {text}"}
    return d


CRITERION_KEY = r"\d+\.\d+\.(?:fw|op)[12]"


def _criteria_keys(text: str) -> set[str]:
    return set(re.findall(CRITERION_KEY, str(text or "")))


class CriteriaWords:
    """The "Criteria (gaps)" cell of the workbook both ways. A reader sees each gap criterion by
    its name and status ('1.1 Operational L1 — partly met', as the report names it); the plan's
    rows, its tables and the consistency checks keep the keys ('1.1.op1'), and the hidden sheet
    ``_draft`` holds the keys drafted for each row. A cell read back is turned into keys from
    either form: the names (in any language of ``indicators.yaml``) or the keys an older workbook
    showed."""

    def __init__(self, indicators, statuses: dict[str, str] | None = None):
        self.indicators = indicators
        self.statuses = statuses or {}  # key → status in words, of the criteria that are gaps now
        names = sorted({(str(t), c) for c, text in indicators.short_levels.items()
                        for t in (text.values() if isinstance(text, dict) else [text])},
                       key=lambda tc: -len(tc[0]))
        alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t, _c in names)
        self._level = {t.casefold(): c for t, c in names}
        self._rx = re.compile(rf"(?P<key>{CRITERION_KEY})|(?P<ind>\d+\.\d+)\s+(?P<name>{alternatives})",
                              re.IGNORECASE)

    def keys(self, text) -> list[str]:
        """The criterion keys a cell names, in its order, each once."""
        out: list[str] = []
        for m in self._rx.finditer(str(text or "")):
            key = m.group("key") or f"{m.group('ind')}.{self._level[' '.join(m.group('name').split()).casefold()]}"
            if key not in out:
                out.append(key)
        return out

    def shown(self, keys_text) -> str:
        """The cell a reader sees for a row's criteria: names with the status of those still gaps;
        a cell naming no criterion is shown as written."""
        keys = self.keys(keys_text)
        if not keys:
            return str(keys_text or "")
        return "; ".join(_("{criterion} — {status}", criterion=self.indicators.criterion_name(k),
                           status=self.statuses[k]) if k in self.statuses else self.indicators.criterion_name(k)
                         for k in keys)


def merge_edits(activities: list[dict], mel: list[dict], outcomes: dict[str, str], edits: pd.DataFrame | None,
                gap_keys: set[str], words: CriteriaWords | None = None, nap_plan: tuple[str, str] = ("", "")
                ) -> tuple[list[dict], list[dict], dict[str, str], dict]:
    """Apply the assessor's edited cells to the new draft, matching rows by their id. A cell
    counts as edited when its value differs from what CT-NAT drafted for it (kept in the hidden
    sheet); the criteria cell when the criteria it names differ from the keys drafted, whether it
    shows them by name or, in a workbook of an earlier version, by key. Every criteria cell read
    back is kept as keys. Rows the assessor added are kept; drafted rows whose gap has closed are
    kept with status 'gap closed'. ``nap_plan``: (id, period) of the current plan, to put an
    earlier version's 'nap2014: 13.1.5' in words. Returns the rows, outcomes and a summary."""
    summary = {"edited_cells": 0, "kept_rows": 0, "added_rows": 0, "closed_rows": 0, "new_rows": 0}
    if edits is None or not len(edits):
        return activities, mel, outcomes, summary

    def keys_of(text) -> list[str]:
        return words.keys(text) if words is not None else list(dict.fromkeys(re.findall(CRITERION_KEY, str(text))))

    def criteria_cell(value: str) -> str:
        """A criteria cell read back, as keys (as written when it names no criterion)."""
        keys = keys_of(value)
        return ", ".join(keys) if keys else value

    def edited(rec: dict) -> bool:
        if rec["column"] == "criteria":
            return keys_of(rec["value"]) != keys_of(rec["draft_value"])
        return rec["value"] != rec["draft_value"]

    sheets = {ACTIVITIES: {r["id"]: r for r in activities}, MEL: {r["id"]: r for r in mel}}
    old_ids = set(zip(edits["sheet"], edits["id"]))
    summary["new_rows"] = sum(1 for s, rows in sheets.items() for rid in rows if (s, rid) not in old_ids)
    for (sheet, rid), grp in edits.groupby(["sheet", "id"], sort=False):
        m = OUTCOME_ID.match(rid)
        if sheet == MEL and m:
            cell = grp[grp["column"] == "area"]
            if len(cell) and cell.iloc[0]["value"] != cell.iloc[0]["draft_value"]:
                text = re.sub(r"^Outcome \d+\.\d+:\s*", "", cell.iloc[0]["value"])
                if m.group(1) in outcomes or text:
                    outcomes[m.group(1)] = text
                    summary["edited_cells"] += 1
            continue
        changed = {r["column"]: r["value"] for r in grp.to_dict("records") if edited(r)}
        if "criteria" in changed:
            changed["criteria"] = criteria_cell(changed["criteria"])
        for col in ("current_nap", "activity"):
            if col in changed:
                changed[col] = _in_words(col, changed[col], nap_plan)
        target = sheets.get(sheet, {})
        if rid in target:
            target[rid].update(changed)
            summary["edited_cells"] += len(changed)
            if changed:
                summary["kept_rows"] += 1
            continue
        cells = grp.to_dict("records")
        old = {r["column"]: r["value"] for r in cells}
        old["id"] = rid
        crit = next((r for r in cells if r["column"] == "criteria"), None)
        if crit is not None:  # the keys the hidden sheet holds, unless the assessor changed the cell
            old["criteria"] = criteria_cell(crit["value"] if edited(crit) else crit["draft_value"])
        for col in ("current_nap", "activity"):
            if old.get(col):
                old[col] = _in_words(col, old[col], nap_plan)
        if rid.startswith("added-") or not grp["draft_value"].astype(bool).any():
            summary["added_rows"] += 1
            summary["edited_cells"] += len(changed)
            old["status"] = old.get("status") or "added by the assessor"
        else:
            crits = keys_of(old.get("criteria", ""))
            if crits and not (set(crits) & gap_keys):
                names = [words.indicators.criterion_name(k) for k in crits] if words is not None else crits
                old["status"] = "gap closed: " + ", ".join(names) + " no longer a gap"
                summary["closed_rows"] += 1
            summary["edited_cells"] += len(changed)
        target[rid] = old
        if sheet == MEL:
            oid = _outcome_id(old)
            if oid and oid not in outcomes:
                prev = edits[(edits["sheet"] == MEL) & (edits["id"] == f"O{oid}") & (edits["column"] == "area")]
                outcomes[oid] = re.sub(r"^Outcome \d+\.\d+:\s*", "", prev.iloc[0]["value"]) if len(prev) else ""
    order = _sort_key
    return (sorted(sheets[ACTIVITIES].values(), key=order), sorted(sheets[MEL].values(), key=order),
            dict(sorted(outcomes.items(), key=lambda kv: _num(kv[0]))), summary)


def _in_words(column: str, value: str, nap_plan: tuple[str, str]) -> str:
    """A cell of a workbook of an earlier version in the words this one writes: the current plan
    ('nap2014: 13.1.5') and an activity's recommendation ('… [R1.1]')."""
    if column == "current_nap":
        return current_plan_words(value, *nap_plan)
    if column == "activity":
        return re.sub(r"\s*\[(R\d+(?:\.\d+)*)\]$", lambda m: " " + _("(recommendation {id})", id=m.group(1)),
                      str(value))
    return value


def _num(ind: str) -> tuple:
    parts = re.findall(r"\d+", ind)
    return tuple(int(p) for p in parts) if parts else (99,)


def _outcome_id(rec: dict) -> str:
    m = re.match(r"^M?(\d+\.\d+)", rec.get("id", "")) or re.match(r"^(\d+\.\d+)", rec.get("criteria", ""))
    return m.group(1) if m else ""


def _sort_key(rec: dict) -> tuple:
    area = re.match(r"^(\d+)", rec.get("area", ""))
    return (int(area.group(1)) if area else 99, _num(_outcome_id(rec) or "99"), rec.get("id", ""))


def rejected_gaps(recs: dict[tuple[str, str], dict]) -> set[str]:
    """The gap criteria (``1.1.fw1``) whose recommendation the validation workshop rejected."""
    return {f"{ind}.{crit}" for (ind, crit), r in recs.items() if r.get("outcome") == "rejected"}


def plan_rows(country: str, root=None, first_year: int | None = None) -> dict:
    """The rows of the results framework as the plan stage writes them (the
    assessor's edits merged, lint findings and checks made), without writing
    anything: the consistency stage checks them before any document is written.
    A gap whose recommendation the workshop rejected gets no row."""
    inst = load_instruments(instruments_dir(root))
    cfg = plan_config(inst)
    a = load_assessment(country, root)
    rejected = rejected_gaps(a.recommendations)
    if rejected:
        a.gaps = a.gaps[~(a.gaps["indicator"] + "." + a.gaps["criterion"]).isin(rejected)].reset_index(drop=True)
    ctx = catalogue.read_json("context", country, root, missing_ok=True, default={})
    try:
        nap_plan = catalogue.read_json("nap_plan", country, root, missing_ok=True, default={})
    except json.JSONDecodeError:
        nap_plan = {}
    start, years = plan_period(ctx, nap_plan, cfg.plan_years)
    first_year = first_year or start
    activities, mel, outcomes = draft_rows(a, inst, cfg, first_year, years)
    draft = _draft_map(activities, mel, outcomes)
    gap_keys = {f"{r['indicator']}.{r['criterion']}" for r in a.gaps.to_dict("records")}
    edits = catalogue.read("plan_edits", country, root, missing_ok=True)
    labels = inst.rubric.status_labels
    words = CriteriaWords(inst.indicators, {
        f"{r['indicator']}.{r['criterion']}": (inst.status_label(r["status"]).lower() if r["status"] in labels
                                               else STATUS_WORDS.get(r["status"], r["status"]))
        for r in a.gaps.to_dict("records")})
    activities, mel, outcomes, summary = merge_edits(activities, mel, outcomes, edits, gap_keys, words,
                                                     (a.nap_plan_id, a.nap_period))
    findings = lint_rows(activities, mel, outcomes, cfg)
    checks = checklist(outcomes, findings, cfg)
    covered_a = set().union(*[_criteria_keys(r.get("criteria")) for r in activities]) if activities else set()
    covered_m = set().union(*[_criteria_keys(r.get("criteria")) for r in mel]) if mel else set()
    uncovered = sorted(gap_keys - covered_a) + sorted(gap_keys - covered_m)
    if uncovered:  # the assessor may delete a row; the gap then shows as an open point
        for k in sorted(set(uncovered)):
            findings.append(Finding(ACTIVITIES if k not in covered_a else MEL, None, inst.indicators.criterion_name(k),
                                    "Criteria (gaps)",
                                    "gap_not_covered", _("the gap {gap} has no row on this sheet",
                                                         gap=inst.indicators.criterion_name(k)), "missing",
                                    k.rsplit(".", 1)[0]))
    return {"inst": inst, "cfg": cfg, "first_year": first_year, "years": years, "activities": activities, "mel": mel,
            "outcomes": outcomes, "findings": findings, "checks": checks, "summary": summary, "gap_keys": gap_keys,
            "covered": (covered_a, covered_m), "rejected": rejected, "draft": draft, "institutions": a.institutions,
            "words": words}


def plan_country(country: str, root=None, progress=None, first_year: int | None = None) -> dict:
    """Draft (or refresh) ``analysis/<ISO3>/<ISO3>_results_framework.xlsx``.
    Returns paths and counts: gaps, gaps covered, rows, edited cells kept, findings."""
    country = country.upper()
    say = progress or (lambda msg: None)
    p = plan_rows(country, root, first_year)
    cfg, first_year, activities, mel, outcomes = p["cfg"], p["first_year"], p["activities"], p["mel"], p["outcomes"]
    findings, checks, summary, gap_keys = p["findings"], p["checks"], p["summary"], p["gap_keys"]
    covered_a, covered_m = p["covered"]
    draft = p["draft"]
    ctx = catalogue.read_json("context", country, root, missing_ok=True, default={})
    name = ctx.get("name") or {}
    country_name = (label_of(name) if isinstance(name, dict) else str(name)) or country
    in_text = label_of(name.get("in_text")) if isinstance(name, dict) and isinstance(name.get("in_text"), dict) else ""
    meta = {"country": country, "tool_version": __version__, "rubric_version": p["inst"].rubric.version,
            "first_year": first_year,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    costs = p["inst"].unit_costs
    monitoring = monitoring_sections(in_text or country_name, first_year, p["years"], p["institutions"], mel, activities,
                                     costs.currency, sum(float(r.get("_low", 0)) for r in activities),
                                     sum(float(r.get("_high", 0)) for r in activities))
    # the workbook shows each row's criteria by name; its hidden sheet and the tables keep the keys
    shown = p["words"].shown
    xlsx = write_workbook(catalogue.path("results_framework", country, root),
                          [dict(r, criteria=shown(r.get("criteria"))) for r in activities],
                          [dict(r, criteria=shown(r.get("criteria"))) for r in mel], outcomes, checks, findings,
                          draft, meta, country_name,
                          {k: v.objective for k, v in cfg.objectives.items()}, monitoring)
    catalogue.write("plan_monitoring", pd.DataFrame(monitoring, columns=["section", "text"]), country, root)
    catalogue.write("plan_activities", pd.DataFrame(activities, columns=[k for k, _ in ACTIVITY_COLUMNS]), country,
                    root)
    mel_df = pd.DataFrame(mel, columns=[k for k, _ in MEL_COLUMNS])
    mel_df["outcome"] = [_outcome_id(r) for r in mel]
    mel_df["outcome_text"] = [outcomes.get(_outcome_id(r), "") for r in mel]
    catalogue.write("plan_mel", mel_df, country, root)
    catalogue.write("plan_checks", pd.DataFrame(checks, columns=["outcome", "outcome_text", "item", "question",
                                                                 "answer", "found"]), country, root)
    catalogue.write("plan_lint", pd.DataFrame([f.as_dict() for f in findings],
                                              columns=["sheet", "row", "id", "column", "check", "message",
                                                       "severity", "outcome"]), country, root)
    result = {"path": xlsx, "gaps": len(gap_keys), "covered": len(gap_keys & covered_a & covered_m),
              "activities": len(activities), "mel_rows": len(mel), "outcomes": len(outcomes),
              "findings": len(findings), "missing": sum(f.severity == "missing" for f in findings), **summary}
    say(f"plan {country}: {result['activities']} activities, {result['mel_rows']} MEL indicators for "
        f"{result['outcomes']} outcomes; {result['covered']} of {result['gaps']} gaps covered; "
        f"{summary['edited_cells']} edited cell(s) kept; {result['findings']} open point(s) → {xlsx}")
    return result


def rows_from_workbook(sheets: dict) -> tuple[list[dict], list[dict], dict[str, str]]:
    """Split a read-back workbook into activity rows, MEL rows and outcomes."""
    acts = [r for r in sheets.get(ACTIVITIES, []) if not r.get("_group")]
    mel, outcomes = [], {}
    for r in sheets.get(MEL, []):
        if r.get("_group"):
            continue
        m = OUTCOME_ID.match(r.get("id", ""))
        if m:
            outcomes[m.group(1)] = re.sub(r"^Outcome \d+\.\d+:\s*", "", r.get("area", ""))
        else:
            mel.append(r)
    for r in mel:
        oid = _outcome_id(r)
        if oid and oid not in outcomes:
            outcomes[oid] = ""
    return acts, mel, outcomes


def check_workbook(path: str | Path, root=None) -> tuple[list[Finding], list[Problem]]:
    """Lint a filled results framework on its own. Returns (findings, problems
    reading the file); any reading problem is an error the user must fix first."""
    path = Path(path)
    if not path.exists():
        raise MissingInputError(f"{path} does not exist")
    inst = load_instruments(instruments_dir(root))
    cfg = plan_config(inst)
    sheets, problems, _meta = read_workbook(path)
    if any(p.severity == "error" for p in problems):
        return [], problems
    acts, mel, outcomes = rows_from_workbook(sheets)
    return lint_rows(acts, mel, outcomes, cfg), problems
