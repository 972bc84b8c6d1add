"""Draft recommendations: one per gap (an unmet criterion of ``gaps.csv``),
drawn from ``instruments/recommendations.yaml`` and numbered per area for the
validation workshop. The number is fixed by the criterion, not by the order of
the gaps — ``R<area>.<n>`` with n = 4 × (indicator − 1) + criterion (fw1 = 1 …
op2 = 4), so ``R2.9`` is always indicator 2.3, Framework L1 — and a worksheet
filled at the workshop stays valid when the scores are re-run. When workshop
outcomes exist (``analysis/<ISO3>/workshop_outcomes.csv``, the workshop stage), amended
wording replaces the draft and is marked as validated."""

from __future__ import annotations

import pandas as pd

from ..tables import read_csv
from ..instruments import CRITERIA, load_instruments
from ..paths import analysis_dir, instruments_dir, processed_dir
from ..problems import CtnatError

COLUMNS = ["id", "area", "indicator", "criterion", "status", "text", "outcome", "validated_text",
           "groups_endorsed", "groups_amended", "groups_rejected"]


def recommendation_id(indicator: str, criterion: str) -> str:
    """The stable discussion number of the recommendation for a criterion."""
    area, n = indicator.split(".")
    return f"R{area}.{4 * (int(n) - 1) + CRITERIA.index(criterion) + 1}"


def all_recommendation_ids(inst) -> set[str]:
    return {recommendation_id(i.id, c) for i in inst.indicators.indicators for c in CRITERIA}


def library(inst) -> dict[str, str]:
    """criterion key (``1.1.fw1``) → recommendation text."""
    recs = (inst.extra.get("recommendations") or {}).get("recommendations") or []
    return {r["criterion"]: r["text"] for r in recs}


def draft_recommendations(country: str, root=None, with_outcomes: bool = True) -> pd.DataFrame:
    """The numbered draft recommendations of a country, with workshop outcomes
    merged in when present."""
    country = country.upper()
    inst = load_instruments(instruments_dir(root))
    gaps_path = analysis_dir(country, root) / "gaps.csv"
    if not gaps_path.exists():
        raise CtnatError(f"{gaps_path} does not exist: run `ctnat score --country {country}` first.")
    gaps = read_csv(gaps_path)
    lib = library(inst)
    rows = []
    for area in inst.indicators.areas:
        sub = gaps[gaps["area"] == area["id"]]
        for r in sub.to_dict("records"):
            key = f"{r['indicator']}.{r['criterion']}"
            text = lib.get(key) or (f"Take steps so that the following is achieved: "
                                    f"{r['criterion_text'].rstrip('.')} (indicator {r['indicator']}).")
            rows.append({"id": recommendation_id(r["indicator"], r["criterion"]), "area": area["id"], "indicator": r["indicator"],
                         "criterion": r["criterion"], "status": r["status"], "text": text})
    df = pd.DataFrame(rows, columns=COLUMNS[:6])
    outcomes_path = analysis_dir(country, root) / "workshop_outcomes.csv"
    if with_outcomes and outcomes_path.exists() and len(df):
        out = read_csv(outcomes_path)
        df = df.merge(out, on="id", how="left", suffixes=("", "_ws"))
    for c in COLUMNS:
        if c not in df:
            df[c] = ""
    df = df.fillna("")
    return df[COLUMNS]
