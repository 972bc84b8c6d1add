"""What ingest takes in besides the survey files and interview notes.

Only ingest reads ``data/raw/<ISO3>/``. Every file there has a *kind*, decided by
where it stands (:data:`LAYOUT`); a file of no known kind is an error that names
it — nothing in a country's folder is skipped without a word. Each reader here
validates one kind of received input and returns the processed tables made from
it, so that later stages read ``data/processed/<ISO3>/`` only:

========================  ====================================  =====================================
received                  kind                                  processed
========================  ====================================  =====================================
``overrides.yaml``        the assessor's status overrides and   ``overrides.csv``, ``accepted.csv``
                          the contradictions accepted
``coding/*.csv``          the assessor's coding decisions       ``coding_decisions.csv``
``workshop/*``            filled workshop worksheets            ``workshop_votes.csv``,
                                                                ``workshop_decisions.csv``
``nap/nap.yaml`` + plans  National Action Plans                 ``nap_measures.csv``, ``nap_plans.json``,
                                                                ``nap_texts.json``
``narrative/*.md``        the assessor's narrative              ``analysis/<ISO3>/narrative/`` (its own
                                                                stage, so an edit redrafts only the report)
``statistics.csv|xlsx``   official statistics (baselines)       ``statistics.csv`` (ctnat/ingest/statistics.py)
``plan/*.xlsx``           the edited results framework          ``plan_edits.csv`` (ctnat/ingest/plan_workbook.py)
``reading.yaml``          encoding/delimiter of survey files    applied when the files are read; recorded in
                          detection gets wrong                  ``manifest.json`` (ctnat/ingest/reading.py)
========================  ====================================  =====================================
"""

from __future__ import annotations

import fnmatch
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..instruments import CRITERIA
from ..problems import CHECKS, CtnatError, Problem
from .coding_decisions import read_coding_files
from .nap_plans import COLUMNS, parse_nap_file
from .worksheets import DECISIONS, read_worksheet

#: Where each kind of received file stands, relative to ``data/raw/<ISO3>/``
#: (first match wins). ``received.jsonl`` and ``withdrawals.jsonl`` are the
#: logs of what arrived and what was withdrawn.
LAYOUT: list[tuple[str, str]] = [
    ("received.jsonl", "receipt_log"),
    ("withdrawals.jsonl", "withdrawal_log"),
    ("cleaning_log.csv", "cleaning_log"),
    ("reading.yaml", "reading_settings"),  # how to read survey files detection gets wrong (ctnat/ingest/reading.py)
    (".incoming/*", "upload_in_progress"),  # an upload being stored (or cut short): not yet received
    ("surveys/*", "survey"),
    ("interviews/*", "interview"),
    ("desk_review.yaml", "desk_review"),
    ("context.yaml", "context"),
    ("overrides.yaml", "overrides"),
    ("coding/*.csv", "coding_decisions"),
    ("workshop/*", "workshop_worksheet"),
    ("nap/nap.yaml", "nap_registry"),
    ("nap/*", "nap_plan"),
    ("narrative/*.md", "narrative"),
    ("names_blocklist.txt", "names_blocklist"),
    ("quotes.yaml", "quote_decisions"),
    ("statistics.csv", "statistics"),
    ("statistics.xlsx", "statistics"),
    ("plan/*", "plan_workbook"),
]

WHERE_THINGS_GO = ("survey files in surveys/, interview notes in interviews/, desk_review.yaml, context.yaml, "
                   "overrides.yaml, coding decisions in coding/*.csv, filled worksheets in workshop/, plans in nap/ "
                   "(listed in nap/nap.yaml), the narrative in narrative/*.md, names_blocklist.txt, quotes.yaml, "
                   "official figures in statistics.csv or statistics.xlsx, edited results frameworks in plan/*.xlsx, "
                   "cleaning_log.csv, reading.yaml")


def kind_of(rel: str) -> str | None:
    """The kind of a received file from its path relative to the country folder."""
    for pattern, kind in LAYOUT:
        if fnmatch.fnmatch(rel, pattern) or (pattern.endswith("/*") and rel.startswith(pattern[:-1])):
            return kind
    return None


def received_files(country_dir: Path) -> list[Path]:
    """Every file under a country's raw folder, sorted (hidden files included:
    they are received data too)."""
    if not country_dir.exists():
        return []
    return sorted(p for p in country_dir.rglob("*") if p.is_file())


@dataclass
class Taken:
    """What one reader made of its files: processed outputs and problems."""
    outputs: dict[str, object] = field(default_factory=dict)  # file name -> DataFrame | str
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # received path -> rows taken


# ------------------------------------------------------------------ overrides
def read_overrides(path: Path, inst, display: str) -> Taken:
    """The assessor's overrides: every entry needs a known criterion, a valid
    status and a reason."""
    t = Taken()
    cols = ["indicator", "criterion", "status", "reason"]
    t.outputs["accepted.csv"] = pd.DataFrame(columns=ACCEPTED_COLUMNS)
    if not path.exists():
        t.outputs["overrides.csv"] = pd.DataFrame(columns=cols)
        return t
    from .assessor_files import Overrides, read_checked

    source, probs = read_checked(path, display, Overrides)  # YAML syntax, keys (did you mean …?), types
    t.problems += probs
    if source is None:
        return t
    data = source.raw
    if not isinstance(data, dict):
        t.problems.append(Problem(display, "expected 'overrides:' followed by a list of entries"))
        return t
    known = {(i.id, c) for i in inst.indicators.indicators for c in CRITERIA}
    statuses = inst.rubric.statuses
    rows, seen = [], set()
    for n, o in enumerate(data.get("overrides") or []):
        where = f"overrides[{n}]"
        if not isinstance(o, dict):
            t.problems.append(Problem(display, "an override must be a mapping", column=where, value=str(o),
                                      expected="indicator, criterion, status, reason"))
            continue
        key = (str(o.get("indicator", "")), str(o.get("criterion", "")))
        if key not in known:
            t.problems.append(Problem(display, "unknown criterion", column=where, value=f"{key[0]} {key[1]}",
                                      expected=(f"an indicator {inst.indicators.indicators[0].id}–"
                                                f"{inst.indicators.indicators[-1].id} and a criterion fw1, fw2, op1 or op2")))
        elif key in seen:
            t.problems.append(Problem(display, f"criterion {key[0]} {key[1]} is overridden twice", column=where,
                                      value=f"{key[0]} {key[1]}", expected="one override per criterion"))
        elif o.get("status") not in statuses:
            t.problems.append(Problem(display, "unknown status", column=f"{where}.status",
                                      value=str(o.get("status")), expected=", ".join(statuses)))
        elif not str(o.get("reason") or "").strip():
            t.problems.append(Problem(display, "an override needs a reason", column=f"{where}.reason",
                                      expected="the assessor's reason, in words"))
        else:
            seen.add(key)
            rows.append({"indicator": key[0], "criterion": key[1], "status": o["status"],
                         "reason": str(o["reason"]).strip()})
    t.outputs["overrides.csv"] = pd.DataFrame(rows, columns=cols)
    accepted = _accepted(data.get("accepted"), display, t.problems)
    t.outputs["accepted.csv"] = pd.DataFrame(accepted, columns=ACCEPTED_COLUMNS)
    t.rows[display] = len(rows) + len(accepted)
    return t


ACCEPTED_COLUMNS = ["check", "key", "reason"]


def _accepted(entries, display: str, problems: list[Problem]) -> list[dict]:
    """The contradictions of the consistency gate the assessor accepts (``accepted:``):
    each a known check, the key of its row in ``consistency.csv`` and a reason."""
    if entries is None:
        return []
    if not isinstance(entries, list):
        problems.append(Problem(display, "'accepted:' must be a list of entries", column="accepted",
                                value=str(entries), expected="- check: …, key: …, reason: …"))
        return []
    rows, seen = [], set()
    for n, a in enumerate(entries):
        where = f"accepted[{n}]"
        if not isinstance(a, dict):
            problems.append(Problem(display, "an accepted contradiction must be a mapping", column=where,
                                    value=str(a), expected="check, key, reason"))
            continue
        check, key, reason = (str(a.get(k) or "").strip() for k in ACCEPTED_COLUMNS)
        if check not in CHECKS:
            problems.append(Problem(display, "unknown check", column=f"{where}.check", value=check,
                                    expected=", ".join(CHECKS)))
        elif not key:
            problems.append(Problem(display, "an accepted contradiction needs the key of its row in "
                                    "consistency.csv", column=f"{where}.key", expected="the row's key"))
        elif (check, key) in seen:
            problems.append(Problem(display, f"{check} {key} is accepted twice", column=where,
                                    value=f"{check} {key}", expected="one entry per contradiction"))
        elif not reason:
            problems.append(Problem(display, "an accepted contradiction needs a reason", column=f"{where}.reason",
                                    expected="the assessor's reason, in words"))
        else:
            seen.add((check, key))
            rows.append({"check": check, "key": key, "reason": reason})
    return rows


# ------------------------------------------------------------ coding decisions
def read_coding_decisions(paths: list[Path], segments: pd.DataFrame, inst, country_dir: Path) -> Taken:
    """The assessor's coding decisions, checked against the segments and the codebook."""

    t = Taken()
    themes = {th.code: th for th in inst.codebook.themes}
    try:
        manual = read_coding_files(paths, segments, themes)
    except CtnatError as exc:
        t.problems += exc.problems or [Problem("coding/", str(exc))]
        return t
    t.outputs["coding_decisions.csv"] = manual
    for p in paths:
        t.rows[str(p.relative_to(country_dir))] = int((manual["file"] == p.name).sum()) if len(manual) else 0
    return t


# ------------------------------------------------------------------ worksheets
def read_worksheets(paths: list[Path], inst, country_dir: Path) -> Taken:
    """Filled workshop worksheets: the priorities each group ranked (checked
    here: letters, ranks, how many) and each group's decision on each draft
    recommendation (the decision words are checked here; whether the
    recommendation id is in the current draft is checked by the workshop stage,
    which knows the draft)."""
    t = Taken()
    prio = inst.survey.by_role("priorities")
    letters = {o.code for o in prio.options} if prio is not None else set()
    max_priorities = prio.max_choices if prio is not None else 3
    rank_max = prio.rank_max if prio is not None else 3
    vote_rows, decision_rows, groups = [], [], []
    for p in paths:
        name = str(p.relative_to(country_dir))
        try:
            df = read_worksheet(p)
        except CtnatError as exc:
            t.problems += [Problem(name, q.message, q.row, q.column, q.value, q.expected, q.severity)
                           for q in exc.problems] or [Problem(name, str(exc))]
            continue
        is_docx = p.suffix.lower() == ".docx"
        file_groups = {g for g in df["group_id"].astype(str).str.strip() if g}
        if not file_groups:
            t.problems.append(Problem(name, "the group is not named", column="group_id",
                                      expected="the group's name or number"))
        elif len(file_groups) > 1 and is_docx:
            t.problems.append(Problem(name, "one worksheet must come from one group", column="group_id",
                                      value=", ".join(sorted(file_groups))))
        groups += sorted(file_groups)
        taken = 0
        for g, sub in df.groupby(df["group_id"].astype(str).str.strip()):
            ranks: dict[str, int] = {}
            for i, r in sub.iterrows():
                row = None if is_docx else int(i) + 2
                item = str(r["item"]).strip()
                if not item:
                    continue
                if item in letters:
                    raw = str(r["rank"]).strip()
                    if raw == "":
                        continue  # not chosen
                    try:
                        rank = int(float(raw))
                        if not 1 <= rank <= rank_max or float(raw) != rank:
                            raise ValueError
                    except ValueError:
                        t.problems.append(Problem(name, f"the rank of priority {item} is not a whole number from 1 "
                                                        f"to {rank_max}", row=row, column="rank", value=raw,
                                                  expected=f"1 to {rank_max}"))
                        continue
                    ranks[item] = rank
                    vote_rows.append({"group_id": g, "priority": item, "rank": rank, "source_file": name,
                                      "source_row": row or 0})
                    taken += 1
                    continue
                decision = [d.strip().lower() for d in str(r["decision"]).split(";") if d.strip()]
                if not decision:
                    continue  # the group did not discuss it
                if len(decision) > 1:
                    t.problems.append(Problem(name, f"recommendation {item} has more than one decision ticked",
                                              row=row, column="decision", value=", ".join(decision),
                                              expected="one of " + ", ".join(DECISIONS)))
                elif decision[0] not in DECISIONS:
                    t.problems.append(Problem(name, f"'{decision[0]}' is not a decision", row=row,
                                              column="decision", value=decision[0],
                                              expected=", ".join(DECISIONS)))
                elif decision[0] == "amend" and not str(r["amended_text"]).strip():
                    t.problems.append(Problem(name, f"recommendation {item} is marked 'amend' but has no amended "
                                                    "wording", row=row, column="amended_text",
                                              expected="the wording the group proposes"))
                else:
                    decision_rows.append({"group_id": g, "item": item, "decision": decision[0],
                                          "amended_text": str(r["amended_text"]).strip(), "source_file": name,
                                          "source_row": row or 0})
                    taken += 1
            if len(ranks) > max_priorities:
                t.problems.append(Problem(name, f"group {g} ranked {len(ranks)} priorities; at most "
                                                f"{max_priorities} are allowed", column="rank",
                                          value=", ".join(f"{k}={v}" for k, v in sorted(ranks.items())),
                                          expected=f"ranks for no more than {max_priorities} priorities"))
            for rnk in sorted(r for r, n in Counter(ranks.values()).items() if n > 1):
                keys = sorted(k for k, v in ranks.items() if v == rnk)
                t.problems.append(Problem(name, f"group {g} gave rank {rnk} to more than one priority "
                                                f"({', '.join(keys)})", column="rank",
                                          value=", ".join(f"{k}={rnk}" for k in keys), expected="each rank used once"))
        t.rows[name] = taken
    for g, n in Counter(groups).items():
        if n > 1:
            t.problems.append(Problem("workshop/", f"group '{g}' handed in more than one worksheet", value=g,
                                      expected="one worksheet per group"))
    t.outputs["workshop_votes.csv"] = pd.DataFrame(
        vote_rows, columns=["group_id", "priority", "rank", "source_file", "source_row"])
    t.outputs["workshop_decisions.csv"] = pd.DataFrame(
        decision_rows, columns=["group_id", "item", "decision", "amended_text", "source_file", "source_row"])
    return t


# ------------------------------------------------------------------------ NAP
NAP_COLUMNS_META = ("title", "period", "start", "end", "file", "sha256", "layout", "measures", "problems")


def read_nap(country_dir: Path, nap_files: list[Path], inst) -> Taken:
    """Every plan listed in ``nap/nap.yaml`` parsed to measures; a plan file that
    the registry does not list, or a listed file that is missing, is an error."""
    from .store import sha256_of

    t = Taken()
    reg_path = country_dir / "nap" / "nap.yaml"
    empty = pd.DataFrame(columns=list(COLUMNS))
    t.outputs["nap_measures.csv"] = empty
    t.outputs["nap_plans.json"] = "{}"
    t.outputs["nap_texts.json"] = "{}"
    if not reg_path.exists():
        for unlisted in nap_files:
            t.problems.append(Problem(str(unlisted.relative_to(country_dir)), "a plan file without nap/nap.yaml: CT-NAT "
                                      "does not know which plan it is", expected="nap/nap.yaml listing id, title, "
                                      "period and file of each plan"))
        return t
    name = "nap/nap.yaml"
    from .assessor_files import NapRegistry, read_checked

    source, probs = read_checked(reg_path, name, NapRegistry)  # YAML syntax, keys (did you mean …?), types
    t.problems += probs
    if source is None:
        return t
    data = source.raw
    plans = data.get("plans") if isinstance(data, dict) else None
    if not isinstance(plans, list):
        t.problems.append(Problem(name, "expected 'plans:' followed by a list of plans",
                                  expected="plans: [{id, title, period, file}, …]"))
        return t
    listed, frames, meta, texts = set(), [], {}, {}
    for n, p in enumerate(plans):
        where = f"plans[{n}]"
        if not isinstance(p, dict) or not p.get("id") or not p.get("file"):
            t.problems.append(Problem(name, "a plan needs an id and a file", column=where, value=str(p),
                                      expected="id, title, period, file"))
            continue
        pid, fname, period = str(p["id"]), str(p["file"]), str(p.get("period") or "")
        path = country_dir / "nap" / fname
        listed.add(path)
        if pid in meta:
            t.problems.append(Problem(name, f"plan id '{pid}' is listed twice", column=f"{where}.id", value=pid,
                                      expected="one entry per plan"))
            continue
        if not path.exists():
            t.problems.append(Problem(name, "the plan's file is not in nap/", column=f"{where}.file", value=fname,
                                      expected="a file name in data/raw/<ISO3>/nap/"))
            continue
        plan = parse_nap_file(path, pid, list(inst.nap_rules.recurring_terms))
        if plan.measures.empty:
            t.problems += plan.problems or [Problem(f"nap/{fname}", "no measures could be read from the plan")]
            t.problems.append(Problem(f"nap/{fname}", "no measures could be read from the plan",
                                      expected="an activity table, a prose plan with numbered measures, or the "
                                               "ICMPD template"))
            continue
        frames.append(plan.measures.astype(str))
        start, end = (period.split("-") + [""])[:2] if period else ("", "")
        meta[pid] = {"title": str(p.get("title") or pid), "period": period, "start": start, "end": end or start,
                     "file": fname, "sha256": sha256_of(path), "layout": plan.layout,
                     "measures": len(plan.measures), "problems": [q.as_dict() for q in plan.problems]}
        texts[pid] = plan.full_text
        t.rows[f"nap/{fname}"] = len(plan.measures)
    for p in nap_files:
        if p not in listed:
            t.problems.append(Problem(str(p.relative_to(country_dir)), "this plan file is not listed in nap/nap.yaml",
                                      expected="an entry with its id, title, period and file in nap/nap.yaml"))
    if frames:
        t.outputs["nap_measures.csv"] = pd.concat(frames, ignore_index=True)
    t.outputs["nap_plans.json"] = json.dumps(meta, indent=1, ensure_ascii=False)
    t.outputs["nap_texts.json"] = json.dumps(texts, indent=1, ensure_ascii=False)
    return t
