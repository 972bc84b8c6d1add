"""``recommend`` stage: ``analysis/<ISO3>/recommendations.csv`` from the scores,
the priorities for action, the National Action Plan's responsible bodies, what the
country has (the desk review's instruments: ``recommendation_actions.csv`` says what
became of each action and why) and the workshop outcomes. Reads only processed and analysis tables."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from .. import catalogue
from ..instruments import Recommendations, load_instruments
from ..messages import _
from ..paths import instruments_dir
from ..problems import Problem, StageError
from .draft import COLUMNS, DRAFT_COLUMNS, draft_with_actions, number
from .ground import CountryHas


def _plan_order(country: str, root) -> list[str]:
    """Plan ids, most recent first (by end year, then start year)."""
    plans = catalogue.read_json("nap_plans", country, root, missing_ok=True, default={})
    if not plans:
        return []
    def year(v) -> int:
        try:
            return int(str(v)[:4])
        except ValueError:
            return 0
    return sorted(plans, key=lambda k: (year(plans[k].get("end")), year(plans[k].get("start"))), reverse=True)


def nap_bodies(country: str, root, blocks: Recommendations) -> dict[str, tuple[list[str], str]]:
    """Block key → (responsible bodies, source): the lead bodies (then partner
    bodies) of the measures of the most recent National Action Plan that the NAP
    analysis classified to the block's indicators."""
    cls_path = catalogue.path("nap_classification", country, root)
    if (not catalogue.exists("nap_classification", country, root) or not catalogue.exists("nap_measures", country, root)
            or not cls_path.stat().st_size):
        return {}  # no plan: the NAP stage said so and wrote empty tables
    cls = catalogue.read("nap_classification", country, root)
    mea = catalogue.read("nap_measures", country, root)
    merged = cls.merge(mea[["plan_id", "id", "lead_body", "partner_bodies"]], on=["plan_id", "id"], how="left")
    order = _plan_order(country, root) or sorted(merged["plan_id"].unique(), reverse=True)
    max_bodies = blocks.max_bodies
    out = {}
    for b in blocks.blocks:
        inds = {a.criterion.rsplit(".", 1)[0] for a in b.actions}
        for plan in order:
            sub = merged[(merged["plan_id"] == plan) & merged["primary_indicator"].isin(inds)]
            if not len(sub):
                continue
            lead = Counter(x.strip() for x in sub["lead_body"].fillna("") if x.strip())
            partner = Counter(p.strip() for x in sub["partner_bodies"].fillna("") for p in x.split(";") if p.strip())
            names = sorted(set(lead) | set(partner), key=lambda k: (-lead[k], -partner[k], k))[:max_bodies]
            if names:
                ids = ", ".join(sorted(sub["id"], key=lambda s: [int(p) if p.isdigit() else p for p in s.split(".")]))
                out[b.key] = (names, _("National Action Plan {plan}, measures {ids}", plan=plan, ids=ids))
                break
    return out


def load_outcomes(country: str, root) -> pd.DataFrame | None:
    out = catalogue.read("workshop_outcomes", country, root, missing_ok=True)
    if out is None:
        return None
    if "key" not in out.columns:
        path = catalogue.path("workshop_outcomes", country, root)
        raise StageError(f"{path} has no 'key' column: it was written by an older CT-NAT. Re-run "
                         f"`ctnat build --country {country}` (the workshop stage writes it again).",
                         [Problem(path.name, "column 'key' missing", row=1, expected="key, outcome, …")])
    return out


def recommend_country(country: str, root=None, progress=None) -> dict[str, Path]:
    """Draft, merge workshop outcomes, number and write ``recommendations.csv``."""
    country = country.upper()
    say = progress or (lambda m: None)
    inst = load_instruments(instruments_dir(root))
    blocks = inst.recommendations  # the priorities each block names are the survey's (checked on load)
    scores = catalogue.read("scores", country, root)
    priorities = catalogue.read("priorities", country, root, missing_ok=True)
    gap_statuses = inst.rubric.gap_statuses
    has = CountryHas.from_table(catalogue.read("country_instruments", country, root, missing_ok=True))
    drafts, actions = draft_with_actions(blocks, scores, gap_statuses, priorities, nap_bodies(country, root, blocks),
                                         has, name_of=inst.indicators.criterion_name)
    outcomes = load_outcomes(country, root)
    recs = number(drafts, outcomes)
    if outcomes is not None:
        aside = sorted(set(outcomes.loc[outcomes["outcome"].astype(str) != "", "key"]) - set(recs["key"]))
        if aside:
            say(f"recommend {country}: workshop decisions on {', '.join(aside)} kept aside — no gap left there now")
    written = {"recommendations": catalogue.write("recommendations", recs, country, root),
               "recommendation_actions": catalogue.write("recommendation_actions", actions, country, root)}
    kept = recs[recs["id"] != ""]
    say(f"recommend {country}: {len(kept)} recommendation(s) in {kept['area'].nunique()} area(s)"
        + (f", {int((recs['outcome'] == 'rejected').sum())} rejected at the workshop"
           if (recs["outcome"] == "rejected").any() else ""))
    return written


def load_recommendations(country: str, root=None) -> pd.DataFrame:
    """``recommendations.csv`` as written by :func:`recommend_country`."""
    df = catalogue.read("recommendations", country, root)
    path = catalogue.path("recommendations", country, root)
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise StageError(f"{path} lacks column(s) {', '.join(missing)}: re-run the recommend stage.")
    return df[COLUMNS]


def draft_recommendations(country: str, root=None, with_outcomes: bool = True) -> pd.DataFrame:
    """The numbered recommendations of a country. ``with_outcomes=False`` gives
    the draft put to the workshop (every drafted recommendation, numbered as if
    no group had decided yet). A ``text`` column carries the title."""
    recs = load_recommendations(country, root)
    if not with_outcomes:
        recs = number(recs[DRAFT_COLUMNS])
    recs = recs[recs["id"] != ""].copy()
    recs["text"] = recs["title"]
    return recs.reset_index(drop=True)


def rejected_recommendations(country: str, root=None) -> pd.DataFrame:
    recs = load_recommendations(country, root)
    return recs[recs["outcome"] == "rejected"].reset_index(drop=True)
