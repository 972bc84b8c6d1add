"""The trafficking situation (survey section 2) and the priorities (8.1).

- origin / transit / destination (2.1), forms of exploitation (2.2) and the most
  prominent one (2.2.1), sectors (2.3), growing or declining (2.5);
- the 2.4 ranking of trafficked groups: mean and median rank per group;
- priorities A–Q: selections, ranks and a rank-weighted score (1st = 3, 2nd = 2,
  3rd = 1), joined with the validation-workshop group votes when present.
"""

from __future__ import annotations

import pandas as pd

from ..instruments import Instruments
from .survey_stats import item_counts


def situation_counts(respondents: pd.DataFrame, inst: Instruments) -> pd.DataFrame:
    """``situation_counts.csv``: counts for 2.1, 2.2, 2.2.1, 2.3 and 2.5."""
    rows = []
    for code in ("2.1", "2.2", "2.2.1", "2.3", "2.5"):
        rows += item_counts(inst.survey.field(code), respondents)
    df = pd.DataFrame(rows)
    return df[["question", "option_code", "option_label", "count", "n_valid", "n_missing", "percent"]]


def group_ranking(respondents: pd.DataFrame, inst: Instruments) -> pd.DataFrame:
    """``situation_ranking.csv``: per trafficked group of 2.4, how many ranked it,
    mean and median rank (1 = most trafficked), and how often it was ranked first."""
    f = inst.survey.field("2.4")
    rows = []
    for o in f.options:
        col = f"{f.name}_{o.code}"
        ranks = pd.to_numeric(respondents[col], errors="coerce").dropna() if col in respondents else pd.Series([])
        rows.append({"group": o.code, "label": o.en, "n": int(len(ranks)),
                     "mean_rank": round(float(ranks.mean()), 2) if len(ranks) else None,
                     "median_rank": float(ranks.median()) if len(ranks) else None,
                     "ranked_first": int((ranks == 1).sum())})
    df = pd.DataFrame(rows)
    return df.sort_values(["mean_rank", "group"], na_position="last").reset_index(drop=True)


def priorities(respondents: pd.DataFrame, inst: Instruments, rubric: dict | None = None,
               workshop_votes: pd.DataFrame | None = None) -> pd.DataFrame:
    """``priorities.csv``: one row per priority A–Q.

    ``workshop_votes`` (optional) has columns ``group_id``, ``priority``, ``rank``;
    ``workshop_groups`` counts the groups that chose a priority and
    ``workshop_score`` weights their ranks like the survey's."""
    f = inst.survey.field("8.1")
    weights = {int(k): v for k, v in ((rubric or {}).get("priority_weights") or {1: 3, 2: 2, 3: 1}).items()}
    rows = []
    for o in f.options:
        col = f"{f.name}_{o.code}"
        ranks = pd.to_numeric(respondents[col], errors="coerce").dropna().astype(int) if col in respondents \
            else pd.Series([], dtype=int)
        row = {"priority": o.code, "label": o.en, "selections": int(len(ranks))}
        for r in range(1, f.rank_max + 1):
            row[f"rank{r}"] = int((ranks == r).sum())
        row["weighted_score"] = int(sum(weights.get(int(r), 0) for r in ranks))
        if workshop_votes is not None and len(workshop_votes):
            votes = workshop_votes[workshop_votes["priority"].astype(str) == o.code]
            row["workshop_groups"] = int(votes["group_id"].nunique())
            row["workshop_score"] = int(sum(weights.get(int(r), 0)
                                            for r in pd.to_numeric(votes["rank"], errors="coerce").dropna()))
        else:
            row["workshop_groups"] = 0
            row["workshop_score"] = 0
        rows.append(row)
    return pd.DataFrame(rows)
