"""The trafficking situation (survey section 2) and the priorities (8.1), found by
their roles in ``survey.yaml``; a question the region does not ask is left out.

- origin / transit / destination, forms of exploitation and the most prominent
  one, sectors, growing or declining (roles ``situation_*``);
- the ranking of trafficked groups: mean and median rank per group;
- priorities A–Q: selections, ranks and a rank-weighted score (the rubric's
  ``priority_weights``), joined with the validation-workshop group votes when present.
"""

from __future__ import annotations

import pandas as pd

from ..instruments import Instruments, Rubric
from ..instruments.roles import SITUATION_COUNT_ROLES
from .survey_stats import item_counts

SITUATION_COLUMNS = ["question", "option_code", "option_label", "count", "n_valid", "n_missing", "percent"]
RANKING_COLUMNS = ["group", "label", "n", "mean_rank", "median_rank", "ranked_first"]


def situation_counts(respondents: pd.DataFrame, inst: Instruments) -> pd.DataFrame:
    """``situation_counts.csv``: option counts for the situation questions the
    survey asks (roles ``situation_role``, ``situation_forms``, ``situation_prominent``,
    ``situation_sectors``, ``situation_trend``)."""
    rows = []
    for f in inst.survey.fields_with_role(*SITUATION_COUNT_ROLES):
        rows += item_counts(f, respondents)
    return pd.DataFrame(rows, columns=SITUATION_COLUMNS)


def group_ranking(respondents: pd.DataFrame, inst: Instruments) -> pd.DataFrame:
    """``situation_ranking.csv``: per trafficked group of the ranking question (role
    ``situation_ranking``), how many ranked it, mean and median rank (1 = most
    trafficked), and how often it was ranked first. Empty when the survey has no ranking."""
    f = inst.survey.by_role("situation_ranking")
    if f is None:
        return pd.DataFrame(columns=RANKING_COLUMNS)
    rows = []
    for o in f.options:
        col = f"{f.name}_{o.code}"
        ranks = pd.to_numeric(respondents[col], errors="coerce").dropna() if col in respondents else pd.Series([])
        rows.append({"group": o.code, "label": o.en, "n": int(len(ranks)),
                     "mean_rank": round(float(ranks.mean()), 2) if len(ranks) else None,
                     "median_rank": float(ranks.median()) if len(ranks) else None,
                     "ranked_first": int((ranks == 1).sum())})
    df = pd.DataFrame(rows, columns=RANKING_COLUMNS)
    return df.sort_values(["mean_rank", "group"], na_position="last").reset_index(drop=True)


def priorities(respondents: pd.DataFrame, inst: Instruments, rubric: Rubric,
               workshop_votes: pd.DataFrame | None = None) -> pd.DataFrame:
    """``priorities.csv``: one row per priority A–Q.

    ``workshop_votes`` (optional) has columns ``group_id``, ``priority``, ``rank``;
    ``workshop_groups`` counts the groups that chose a priority and
    ``workshop_score`` weights their ranks like the survey's."""
    f = inst.survey.by_role("priorities")
    if f is None:
        return pd.DataFrame(columns=["priority", "label", "selections", "weighted_score", "workshop_groups",
                                     "workshop_score"])
    weights = dict(rubric.priority_weights)
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
