"""``ctnat analyse``: read ``data/processed/<ISO3>/`` and write the survey and
interview statistics to ``analysis/<ISO3>/``."""

from __future__ import annotations

from pathlib import Path

from .. import catalogue
from ..instruments import load_instruments
from ..paths import analysis_dir, instruments_dir
from .compare_groups import compare_state_non_state
from .profiles import interview_profile, respondent_profile
from .situation import group_ranking, priorities, situation_counts
from .survey_stats import favourability_table, grid_totals, survey_items


def analyse_country(country: str, root=None, progress=None) -> dict[str, Path]:
    """Compute every survey and interview statistic for one country and write
    them as CSV under ``analysis/<ISO3>/``. Returns the files written."""
    country = country.upper()
    say = progress or (lambda msg: None)
    inst = load_instruments(instruments_dir(root))
    rubric = inst.rubric
    respondents = catalogue.read("respondents", country, root)
    interviews = catalogue.read("interviews", country, root)
    votes = catalogue.read("workshop_votes", country, root, missing_ok=True)
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
    written = {name: catalogue.write(name, df, country, root) for name, df in tables.items()}
    say(f"analyse {country}: wrote {len(written)} tables to {out}")
    return written
