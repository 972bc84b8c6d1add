"""The workshop stage. Ingest takes in the filled worksheets
(``data/raw/<ISO3>/workshop/``) as ``workshop_votes.csv`` (group, priority,
rank — used by ``analyse``) and ``workshop_decisions.csv``; this stage matches
the decisions to the current draft recommendations and writes
``analysis/<ISO3>/workshop_outcomes.csv`` (each recommendation's outcome, amended
wording and how many groups endorsed, amended or rejected it)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from ..analysis.run import load_processed
from ..instruments import load_instruments
from ..paths import analysis_dir, instruments_dir
from ..problems import CtnatError, Problem
from ..tables import write_csv

OUTCOME_COLUMNS = ["id", "outcome", "validated_text", "groups_endorsed", "groups_amended", "groups_rejected"]


def collect_workshop(country: str, root=None, recs: pd.DataFrame | None = None, progress=None) -> dict:
    """The workshop stage: each group's decisions (taken in and checked by
    ingest, ``data/processed/<ISO3>/workshop_decisions.csv``) matched to the
    current draft recommendations, and the outcome of each written to
    ``analysis/<ISO3>/workshop_outcomes.csv`` (empty when no worksheet came in).
    A decision on an id that is not in the draft is an error, unless the id
    belongs to a criterion that is no longer a gap (a warning: kept aside)."""
    from ..report.recommendations import all_recommendation_ids, draft_recommendations

    country = country.upper()
    say = progress or (lambda m: None)
    inst = load_instruments(instruments_dir(root))
    decisions = load_processed(country, root, "workshop_decisions")
    recs = recs if recs is not None else draft_recommendations(country, root, with_outcomes=False)
    rec_ids, known = set(recs["id"]), all_recommendation_ids(inst)
    prio = inst.survey.by_role("priorities")
    letters = [o.code for o in prio.options] if prio is not None else []
    items = (f"{letters[0]}–{letters[-1]} or " if letters else "") + "a recommendation id such as R2.3"
    problems = []
    for r in decisions.to_dict("records"):
        item = r["item"]
        if item in rec_ids:
            continue
        row = int(r["source_row"]) or None
        if item in known:
            problems.append(Problem(r["source_file"], f"recommendation {item} is no longer in the draft (its "
                                    "criterion is now met or lacks evidence); the group's decision is kept aside",
                                    row=row, column="item", value=item, severity="warning"))
        else:
            problems.append(Problem(r["source_file"], f"'{item}' is neither a priority letter nor a recommendation "
                                    "id of the current draft", row=row, column="item", value=item,
                                    expected=items))
    errors = [x for x in problems if x.severity == "error"]
    if errors:
        raise CtnatError(f"Workshop worksheets of {country} have {len(errors)} problem(s) (nothing was written):",
                         problems)
    for w in problems:
        say(f"workshop {country}: {w}")
    outcomes = []
    for rid in recs["id"]:
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
        outcomes.append({"id": rid, "outcome": outcome, "validated_text": amended[0] if outcome == "amended" else "",
                         "groups_endorsed": counts["endorse"], "groups_amended": counts["amend"],
                         "groups_rejected": counts["reject"]})
    table = pd.DataFrame(outcomes, columns=OUTCOME_COLUMNS)
    path = write_csv(table, analysis_dir(country, root) / "workshop_outcomes.csv")
    groups = sorted(set(decisions["group_id"]) | set(load_processed(country, root, "workshop_votes")["group_id"]))
    say(f"workshop {country}: decisions of {len(groups)} group(s) on {len(table)} recommendation(s)")
    return {"groups": groups, "outcomes": table, "path": path, "warnings": problems}
