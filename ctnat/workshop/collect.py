"""Validate the filled worksheets in ``data/raw/<ISO3>/workshop/`` and turn them
into ``data/processed/<ISO3>/workshop_votes.csv`` (group, priority, rank) and
``workshop_outcomes.csv`` (each recommendation's outcome, amended wording and
how many groups endorsed, amended or rejected it)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from ..atomic import atomic_path
from ..instruments import load_instruments
from ..paths import instruments_dir, processed_dir, raw_dir
from ..problems import CtnatError, Problem
from .worksheet import DECISIONS, read_worksheet


def worksheet_files(country: str, root=None) -> list[Path]:
    d = raw_dir(country, root) / "workshop"
    if not d.exists():
        return []
    return sorted(p for p in d.iterdir() if p.is_file() and p.suffix.lower() in (".docx", ".csv")
                  and not p.name.startswith((".", "~$")))


def validate_worksheet(df: pd.DataFrame, name: str, rec_ids: set[str], letters: set[str],
                       max_priorities: int = 3, rank_max: int = 3, known_ids: set[str] = frozenset()) -> list[Problem]:
    """Problems of one worksheet: group missing, unknown items, bad or repeated
    ranks, too many priorities, unknown or double decisions, amend without text."""
    problems = []
    groups = {g for g in df["group_id"].astype(str).str.strip() if g}
    if not groups:
        problems.append(Problem(name, "the group is not named", column="group_id", expected="the group's name or number"))
    elif len(groups) > 1 and name.lower().endswith(".docx"):
        problems.append(Problem(name, "one worksheet must come from one group", column="group_id",
                                value=", ".join(sorted(groups))))
    for g, sub in df.groupby(df["group_id"].astype(str).str.strip()):
        ranks = {}
        for i, r in sub.iterrows():
            row = int(i) + 2 if not name.lower().endswith(".docx") else None
            item = str(r["item"]).strip()
            if item in letters:
                try:
                    rank = int(float(str(r["rank"]).strip()))
                    if not 1 <= rank <= rank_max or float(str(r["rank"]).strip()) != rank:
                        raise ValueError
                except ValueError:
                    problems.append(Problem(name, f"the rank of priority {item} is not a whole number from 1 to "
                                                  f"{rank_max}", row=row, column="rank", value=str(r["rank"]),
                                            expected=f"1 to {rank_max}"))
                    continue
                ranks[item] = rank
            elif item in rec_ids:
                decision = [d.strip().lower() for d in str(r["decision"]).split(";") if d.strip()]
                if not decision:
                    continue  # the group did not discuss it
                if len(decision) > 1:
                    problems.append(Problem(name, f"recommendation {item} has more than one decision ticked",
                                            row=row, column="decision", value=", ".join(decision),
                                            expected="one of endorse, amend, reject"))
                elif decision[0] not in DECISIONS:
                    problems.append(Problem(name, f"'{decision[0]}' is not a decision", row=row, column="decision",
                                            value=decision[0], expected="endorse, amend or reject"))
                elif decision[0] == "amend" and not str(r["amended_text"]).strip():
                    problems.append(Problem(name, f"recommendation {item} is marked 'amend' but has no amended "
                                                  "wording", row=row, column="amended_text",
                                            expected="the wording the group proposes"))
            elif item in known_ids:
                problems.append(Problem(name, f"recommendation {item} is no longer in the draft (its criterion is "
                                              "now met or lacks evidence); the group's decision is kept aside",
                                        row=row, column="item", value=item, severity="warning"))
            else:
                problems.append(Problem(name, f"'{item}' is neither a priority letter nor a recommendation id of "
                                              "the current draft", row=row, column="item", value=item,
                                        expected="A–Q or a recommendation id such as R2.3"))
        if len(ranks) > max_priorities:
            problems.append(Problem(name, f"group {g} ranked {len(ranks)} priorities; at most {max_priorities} "
                                          "are allowed", column="rank",
                                    value=", ".join(f"{k}={v}" for k, v in sorted(ranks.items())),
                                    expected=f"ranks for no more than {max_priorities} priorities"))
        repeated = [r for r, n in Counter(ranks.values()).items() if n > 1]
        for rnk in sorted(repeated):
            keys = sorted(k for k, v in ranks.items() if v == rnk)
            problems.append(Problem(name, f"group {g} gave rank {rnk} to more than one priority ({', '.join(keys)})",
                                    column="rank", value=", ".join(f"{k}={rnk}" for k in keys),
                                    expected="each rank used once"))
    return problems


def collect_workshop(country: str, root=None, recs: pd.DataFrame | None = None, progress=None) -> dict | None:
    """Validate every filled worksheet and write the processed votes and outcomes.
    Returns None when there are no worksheets; raises :class:`CtnatError` with
    every problem when a worksheet is malformed (nothing is written then)."""
    from ..report.recommendations import all_recommendation_ids, draft_recommendations

    country = country.upper()
    files = worksheet_files(country, root)
    if not files:
        return None
    say = progress or (lambda m: None)
    inst = load_instruments(instruments_dir(root))
    recs = recs if recs is not None else draft_recommendations(country, root, with_outcomes=False)
    rec_ids = set(recs["id"])
    f81 = inst.survey.by_role("priorities")
    letters = {o.code for o in f81.options} if f81 is not None else set()
    frames, problems = [], []
    for p in files:
        try:
            df = read_worksheet(p)
        except CtnatError as exc:
            problems += exc.problems or [Problem(p.name, str(exc))]
            continue
        problems += validate_worksheet(df, p.name, rec_ids, letters, f81.max_choices, f81.rank_max,
                                       all_recommendation_ids(inst))
        frames.append(df.assign(source_file=p.name))
    groups = [g for f in frames for g in set(f["group_id"].astype(str).str.strip()) if g]
    for g, n in Counter(groups).items():
        if n > 1:
            problems.append(Problem("workshop/", f"group '{g}' handed in more than one worksheet", value=g,
                                    expected="one worksheet per group"))
    errors = [x for x in problems if x.severity == "error"]
    if errors:
        raise CtnatError(f"Workshop worksheets of {country} have {len(errors)} problem(s) (nothing was written):",
                         problems)
    allrows = pd.concat(frames, ignore_index=True)
    allrows["group_id"] = allrows["group_id"].astype(str).str.strip()
    votes = allrows[allrows["item"].isin(letters)][["group_id", "item", "rank"]].rename(columns={"item": "priority"})
    votes["rank"] = votes["rank"].astype(float).astype(int)
    outcomes = []
    for rid in recs["id"]:
        sub = allrows[(allrows["item"] == rid) & (allrows["decision"].str.strip() != "")]
        counts = Counter(sub["decision"].str.strip().str.lower())
        amended = [t for t in sub[sub["decision"].str.lower() == "amend"]["amended_text"] if t.strip()]
        if not counts:
            outcome = ""
        elif counts["reject"] > counts["endorse"] + counts["amend"]:
            outcome = "rejected"
        elif counts["amend"] and counts["amend"] >= counts["endorse"]:
            outcome = "amended"
        else:
            outcome = "endorsed"
        outcomes.append({"id": rid, "outcome": outcome, "validated_text": amended[0] if outcome == "amended" else "",
                         "groups_endorsed": counts["endorse"], "groups_amended": counts["amend"],
                         "groups_rejected": counts["reject"]})
    out = processed_dir(country, root)
    with atomic_path(out / "workshop_votes.csv") as tmp:
        votes.to_csv(tmp, index=False)
    with atomic_path(out / "workshop_outcomes.csv") as tmp:
        pd.DataFrame(outcomes).to_csv(tmp, index=False)
    say(f"workshop {country}: {len(files)} worksheet(s) from {len(set(groups))} group(s)")
    return {"groups": sorted(set(groups)), "votes": votes, "outcomes": pd.DataFrame(outcomes)}
