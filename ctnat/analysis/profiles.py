"""Who answered: the respondent profile (survey questions 1.1–1.6, positions in
1.2 grouped) and the interview profile (interviews, participants by sex, entity
types) — the figures of the report's methodology section."""

from __future__ import annotations

import pandas as pd

from ..instruments import Instruments
from .survey_stats import _cell_values

POSITION_GROUPS = {
    "law_enforcement": "Law enforcement",
    "justice": "Justice system",
    "government": "Government",
    "ngo": "Non-governmental organization",
    "intergovernmental": "Intergovernmental organization",
    "other": "Other",
}
STATE_GROUPS = ("law_enforcement", "justice", "government")
ENTITY_LABELS = {"state": "State agency/institution", "ngo": "Non-governmental organization",
                 "international": "International organization", "other": "Other"}


def position_group(code: str, inst: Instruments) -> str:
    """The group (law enforcement, justice, …) of a 1.2 position code, or ''."""
    opt = inst.survey.field("1.2").option(code) if code else None
    return (opt.group or "other") if opt else ""


def respondent_sector(respondents: pd.DataFrame, inst: Instruments) -> pd.Series:
    """'state' / 'non_state' / '' per respondent, from the 1.2 position group."""
    groups = _cell_values(respondents.get("q1_2", pd.Series([""] * len(respondents)))).map(
        lambda c: position_group(c, inst))
    return groups.map(lambda g: "" if not g else ("state" if g in STATE_GROUPS else "non_state"))


def respondent_profile(respondents: pd.DataFrame, inst: Instruments) -> pd.DataFrame:
    """``respondent_profile.csv``: rows (dimension, code, label, count) for country,
    position, position group, years in organisation, years on counter-trafficking,
    age, sex, and State vs non-State."""
    rows = []
    total = len(respondents)
    for code, dim in (("1.1", "country"), ("1.2", "position"), ("1.3", "years_in_organisation"),
                      ("1.4", "years_counter_trafficking"), ("1.5", "age"), ("1.6", "sex")):
        f = inst.survey.field(code)
        values = _cell_values(respondents.get(f.name, pd.Series([""] * total)))
        for o in f.options:
            rows.append({"dimension": dim, "code": o.code, "label": o.en, "count": int((values == o.code).sum())})
        rows.append({"dimension": dim, "code": "", "label": "Not answered", "count": int((values == "").sum())})
    groups = _cell_values(respondents.get("q1_2", pd.Series([""] * total))).map(lambda c: position_group(c, inst))
    for g, label in POSITION_GROUPS.items():
        rows.append({"dimension": "position_group", "code": g, "label": label, "count": int((groups == g).sum())})
    sector = respondent_sector(respondents, inst)
    for code, label in (("state", "State"), ("non_state", "Non-State")):
        rows.append({"dimension": "sector", "code": code, "label": label, "count": int((sector == code).sum())})
    rows.append({"dimension": "total", "code": "", "label": "Survey respondents", "count": total})
    return pd.DataFrame(rows, columns=["dimension", "code", "label", "count"])


def interview_profile(interviews: pd.DataFrame) -> pd.DataFrame:
    """``interview_profile.csv``: number of interviews, participants by sex, entity types."""
    n = len(interviews)
    male = int(pd.to_numeric(interviews.get("participants_male"), errors="coerce").fillna(0).sum()) if n else 0
    female = int(pd.to_numeric(interviews.get("participants_female"), errors="coerce").fillna(0).sum()) if n else 0
    rows = [
        {"dimension": "interviews", "code": "", "label": "Interviews", "count": n},
        {"dimension": "participants", "code": "male", "label": "Men", "count": male},
        {"dimension": "participants", "code": "female", "label": "Women", "count": female},
        {"dimension": "participants", "code": "total", "label": "All participants", "count": male + female},
    ]
    types = interviews.get("entity_type", pd.Series([], dtype="string")).astype("string").fillna("")
    for code, label in ENTITY_LABELS.items():
        rows.append({"dimension": "entity_type", "code": code, "label": label, "count": int((types == code).sum())})
    return pd.DataFrame(rows, columns=["dimension", "code", "label", "count"])


def profile_value(profile: pd.DataFrame, dimension: str, code: str = "") -> int:
    """Look one count up in a profile table."""
    hit = profile[(profile["dimension"] == dimension) & (profile["code"].fillna("") == code)]
    return int(hit["count"].iloc[0]) if len(hit) else 0
