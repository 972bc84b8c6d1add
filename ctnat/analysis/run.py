"""``ctnat analyse``: read ``data/processed/<ISO3>/`` and write the survey and
interview statistics to ``analysis/<ISO3>/``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..instruments import load_instruments
from ..paths import analysis_dir, instruments_dir, processed_dir
from ..problems import MissingInputError
from ..tables import read_csv, write_csv
from .compare_groups import compare_state_non_state
from .profiles import interview_profile, respondent_profile
from .situation import group_ranking, priorities, situation_counts
from .survey_stats import favourability_table, grid_totals, survey_items


def load_processed(country: str, root=None, name: str = "respondents") -> pd.DataFrame:
    """One processed table; a clear error when ingest has not been run."""
    path = processed_dir(country, root) / f"{name}.csv"
    if not path.exists():
        raise MissingInputError(f"{path} does not exist: run `ctnat ingest --country {country.upper()}` first.")
    return read_csv(path)


def analyse_country(country: str, root=None, progress=None) -> dict[str, Path]:
    """Compute every survey and interview statistic for one country and write
    them as CSV under ``analysis/<ISO3>/``. Returns the files written."""
    country = country.upper()
    say = progress or (lambda msg: None)
    inst = load_instruments(instruments_dir(root))
    rubric = inst.rubric
    respondents = load_processed(country, root, "respondents")
    interviews = load_processed(country, root, "interviews")
    votes_path = processed_dir(country, root) / "workshop_votes.csv"
    votes = read_csv(votes_path) if votes_path.exists() else None
    out = analysis_dir(country, root)
    say(f"analyse {country}: {len(respondents)} survey responses, {len(interviews)} interviews")
    tables = {
        "survey_items": survey_items(respondents, inst),
        "grid_totals": grid_totals(respondents, inst),
        "favourability": favourability_table(respondents, inst),
        "respondent_profile": respondent_profile(respondents, inst),
        "interview_profile": interview_profile(interviews, inst),
        "situation_counts": situation_counts(respondents, inst),
        "situation_ranking": group_ranking(respondents, inst),
        "priorities": priorities(respondents, inst, rubric, votes),
        "group_comparison": compare_state_non_state(respondents, inst, rubric),
    }
    written = {name: write_csv(df, out / f"{name}.csv") for name, df in tables.items()}
    say(f"analyse {country}: wrote {len(written)} tables to {out}")
    return written
