"""State vs non-State respondents on each opinion-grid item.

Where both groups have at least the rubric's ``comparison.min_group_size`` valid
answers, the item gets a Mann–Whitney U test on the ordinal answer (position on
the scale, most favourable = 1) and Fisher's exact test on favourable vs not.
Below that size the row says "too few to compare" and carries no p-value: a
p-value from two people is never reported.
"""

from __future__ import annotations

import pandas as pd

from ..instruments import Instruments, Rubric
from .profiles import respondent_sector
from .survey_stats import _cell_values

COLUMNS = ["question", "block", "n_state", "n_non_state", "favourable_share_state",
           "favourable_share_non_state", "mann_whitney_p", "fisher_p", "result"]


def compare_state_non_state(respondents: pd.DataFrame, inst: Instruments, rubric: Rubric) -> pd.DataFrame:
    """``group_comparison.csv``: one row per grid item."""
    min_n = rubric.comparison.min_group_size
    alpha = rubric.comparison.alpha
    sector = respondent_sector(respondents, inst)
    rows = []
    for f in inst.survey.grid_fields():
        values = _cell_values(respondents.get(f.name, pd.Series([""] * len(respondents))))
        order = {c: i + 1 for i, c in enumerate(f.scale.valid_codes())}
        groups = {}
        for g in ("state", "non_state"):
            v = values[(sector == g) & values.isin(order)]
            groups[g] = v
        n_s, n_n = len(groups["state"]), len(groups["non_state"])
        share = {g: round(float(v.isin(f.scale.favourable).mean()), 3) if len(v) else None
                 for g, v in groups.items()}
        row: dict = {"question": f.code, "block": f.grid, "n_state": n_s, "n_non_state": n_n,
               "favourable_share_state": share["state"], "favourable_share_non_state": share["non_state"],
               "mann_whitney_p": None, "fisher_p": None}
        if min(n_s, n_n) < min_n:
            row["result"] = f"too few to compare (fewer than {min_n} valid answers in a group)"
        else:
            from scipy import stats  # loaded only when two groups are large enough to compare

            a = groups["state"].map(order).astype(float)
            b = groups["non_state"].map(order).astype(float)
            if a.nunique() == 1 and b.nunique() == 1 and a.iloc[0] == b.iloc[0]:
                row["mann_whitney_p"] = 1.0
            else:
                row["mann_whitney_p"] = round(float(stats.mannwhitneyu(a, b, alternative="two-sided").pvalue), 4)
            fav_s = int(groups["state"].isin(f.scale.favourable).sum())
            fav_n = int(groups["non_state"].isin(f.scale.favourable).sum())
            row["fisher_p"] = round(float(stats.fisher_exact([[fav_s, n_s - fav_s], [fav_n, n_n - fav_n]]).pvalue), 4)
            row["result"] = "groups differ" if min(row["mann_whitney_p"], row["fisher_p"]) < alpha \
                else "no clear difference"
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)
