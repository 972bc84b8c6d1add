"""Who answered: the respondent profile (the survey questions with the profile
roles of ``survey.yaml`` — country, position, years, age, sex — positions grouped) and the interview profile (interviews, participants by sex, entity
types) — the figures of the report's methodology section."""

from __future__ import annotations

import pandas as pd

from ..instruments import Instruments
from ..messages import N_, _, label
from ..instruments.roles import PROFILE_ROLES
from .survey_stats import _cell_values

def position_group(code: str, inst: Instruments) -> str:
    """The group (law enforcement, justice, …) of a position code (role
    ``position``; ``survey.yaml`` ``position_groups``), or ''."""
    f = inst.survey.by_role("position")
    opt = f.option(code) if (code and f is not None) else None
    return (opt.group or "") if opt else ""


def respondent_sector(respondents: pd.DataFrame, inst: Instruments) -> pd.Series:
    """'state' / 'non_state' / '' per respondent: the ``sector`` of the position group."""
    sector = {g.code: g.sector for g in inst.survey.position_groups}
    return _position_groups(respondents, inst).map(lambda g: sector.get(g, ""))


def _position_groups(respondents: pd.DataFrame, inst: Instruments) -> pd.Series:
    f = inst.survey.by_role("position")
    values = respondents.get(f.name) if f is not None else None
    if values is None:
        return pd.Series([""] * len(respondents), index=respondents.index, dtype=object)
    return _cell_values(values).map(lambda c: position_group(c, inst))


def respondent_profile(respondents: pd.DataFrame, inst: Instruments) -> pd.DataFrame:
    """``respondent_profile.csv``: rows (dimension, code, label, count) for country,
    position, position group, years in organisation, years on counter-trafficking,
    age, sex, and State vs non-State. The dimension is the question's role; a
    profile question the survey does not ask has no rows."""
    rows = []
    total = len(respondents)
    for f in inst.survey.fields_with_role(*PROFILE_ROLES):
        dim = f.role
        values = _cell_values(respondents.get(f.name, pd.Series([""] * total)))
        for o in f.options:
            rows.append({"dimension": dim, "code": o.code, "label": label(o.label),
                         "count": int((values == o.code).sum())})
        rows.append({"dimension": dim, "code": "", "label": _("Not answered"), "count": int((values == "").sum())})
    if inst.survey.by_role("position") is not None:
        groups = _position_groups(respondents, inst)
        for g in inst.survey.position_groups:
            rows.append({"dimension": "position_group", "code": g.code, "label": g.en,
                         "count": int((groups == g.code).sum())})
        sector = respondent_sector(respondents, inst)
        for code, name in (("state", N_("State")), ("non_state", N_("Non-State"))):
            rows.append({"dimension": "sector", "code": code, "label": _(name), "count": int((sector == code).sum())})
    rows.append({"dimension": "total", "code": "", "label": _("Survey respondents"), "count": total})
    return pd.DataFrame(rows, columns=["dimension", "code", "label", "count"])


def interview_profile(interviews: pd.DataFrame, inst: Instruments) -> pd.DataFrame:
    """``interview_profile.csv``: number of interviews, participants by sex, entity types."""
    n = len(interviews)
    male = int(pd.to_numeric(interviews.get("participants_male"), errors="coerce").fillna(0).sum()) if n else 0
    female = int(pd.to_numeric(interviews.get("participants_female"), errors="coerce").fillna(0).sum()) if n else 0
    rows = [
        {"dimension": "interviews", "code": "", "label": _("Interviews"), "count": n},
        {"dimension": "participants", "code": "male", "label": _("Men"), "count": male},
        {"dimension": "participants", "code": "female", "label": _("Women"), "count": female},
        {"dimension": "participants", "code": "total", "label": _("All participants"), "count": male + female},
    ]
    types = interviews.get("entity_type", pd.Series([], dtype="string")).astype("string").fillna("")
    # the entity types are the interview guide's header choices (interview_guide.yaml, entity_type)
    for choice in inst.guide.header_field("entity_type").choices or []:
        code, label = choice.code, choice.label
        rows.append({"dimension": "entity_type", "code": code, "label": label.get("en", code),
                     "count": int((types == code).sum())})
    return pd.DataFrame(rows, columns=["dimension", "code", "label", "count"])


def profile_value(profile: pd.DataFrame, dimension: str, code: str = "") -> int:
    """Look one count up in a profile table."""
    hit = profile[(profile["dimension"] == dimension) & (profile["code"].fillna("") == code)]
    return int(hit["count"].iloc[0]) if len(hit) else 0
