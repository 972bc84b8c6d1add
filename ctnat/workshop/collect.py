"""The workshop stage. Ingest takes in the filled worksheets
(``data/raw/<ISO3>/workshop/``) as ``workshop_votes.csv`` (group, priority,
rank — used by ``analyse``) and ``workshop_decisions.csv``; this stage matches
the decisions to the current draft recommendations and writes
``analysis/<ISO3>/workshop_outcomes.csv`` (each recommendation's outcome, amended
wording and how many groups endorsed, amended or rejected it). Worksheets refer to
a recommendation by its building-block key (``id_referral``), never by its
number, so a filled worksheet stays valid when the numbering changes; the
recommend stage then drops what the workshop rejected and numbers the rest."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from .. import catalogue
from ..instruments import load_instruments
from ..paths import instruments_dir
from ..problems import InputError, Problem
from ..messages import _

OUTCOME_COLUMNS = ["key", "outcome", "validated_text", "groups_endorsed", "groups_amended", "groups_rejected"]


def collect_workshop(country: str, root=None, recs: pd.DataFrame | None = None, progress=None) -> dict:
    """The workshop stage: each group's decisions (taken in and checked by
    ingest, ``data/processed/<ISO3>/workshop_decisions.csv``) matched to the
    current draft recommendations, and the outcome of each written to
    ``analysis/<ISO3>/workshop_outcomes.csv`` (empty when no worksheet came in).
    A decision on a key that is not in the draft is an error, unless the key
    belongs to a building block with no gap left (a warning: kept aside). The
    draft is every building block with at least one gap criterion in ``gaps.csv``."""
    country = country.upper()
    say = progress or (lambda m: None)
    inst = load_instruments(instruments_dir(root))
    decisions = catalogue.read("workshop_decisions", country, root)
    blocks = inst.recommendations.blocks
    known = {b.key for b in blocks}
    if recs is not None:
        rec_ids = set(recs["key"])
    else:
        gaps = catalogue.read("gaps", country, root)
        gap_keys = set(gaps["indicator"] + "." + gaps["criterion"])
        rec_ids = {b.key for b in blocks if any(a.criterion in gap_keys for a in b.actions)}
    prio = inst.survey.by_role("priorities")
    letters = [o.code for o in prio.options] if prio is not None else []
    key = _("a recommendation key as printed on the worksheet (such as id_referral)")
    items = _("{first}–{last} or {key}", first=letters[0], last=letters[-1], key=key) if letters else key
    problems = []
    for r in decisions.to_dict("records"):
        item = r["item"]
        if item in rec_ids:
            continue
        row = int(r["source_row"]) or None
        if item in known:
            problems.append(Problem(r["source_file"], f"recommendation {item} is no longer in the draft (no gap "
                                    "is left there); the group's decision is kept aside",
                                    row=row, column="item", value=item, severity="warning"))
        else:
            problems.append(Problem(r["source_file"], f"'{item}' is neither a priority letter nor the key of a "
                                    "recommendation", row=row, column="item", value=item,
                                    expected=items))
    errors = [x for x in problems if x.severity == "error"]
    if errors:
        raise InputError(f"Workshop worksheets of {country} have {len(errors)} problem(s) (nothing was written):",
                         problems)
    for w in problems:
        say(f"workshop {country}: {w}")
    outcomes = []
    for rid in sorted(rec_ids):
        sub = decisions[decisions["item"] == rid]
        counts = Counter(sub["decision"])
        amended = [t for t in sub[sub["decision"] == "amend"]["amended_text"] if t.strip()]
        if not counts:
            continue
        if counts["reject"] > counts["endorse"] + counts["amend"]:
            outcome = "rejected"
        elif counts["amend"] and counts["amend"] >= counts["endorse"]:
            outcome = "amended"
        else:
            outcome = "endorsed"
        outcomes.append({"key": rid, "outcome": outcome, "validated_text": amended[0] if outcome == "amended" else "",
                         "groups_endorsed": counts["endorse"], "groups_amended": counts["amend"],
                         "groups_rejected": counts["reject"]})
    table = pd.DataFrame(outcomes, columns=OUTCOME_COLUMNS)
    path = catalogue.write("workshop_outcomes", table, country, root)
    groups = sorted(set(decisions["group_id"]) | set(catalogue.read("workshop_votes", country, root)["group_id"]))
    say(f"workshop {country}: decisions of {len(groups)} group(s) on {len(table)} recommendation(s)")
    return {"groups": groups, "outcomes": table, "path": path, "warnings": problems}
