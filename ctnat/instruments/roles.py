"""What the code may know about a survey question: its *role*.

Python never names a question code or a survey column. A question in
``instruments/survey.yaml`` carries ``role: <name>`` when a stage needs to find
it (the respondent's country, sex, the priorities list, …); the stage asks the
survey for the role (:meth:`Survey.by_role`) and gets the question or ``None``
when the region's questionnaire does not ask it — then the table, chart or
paragraph built from it simply does not appear.

Each role may be held by one question at most and only by a question of the
listed types.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    name: str
    types: tuple[str, ...]
    meaning: str


_ROLES = (
    # who answered (the respondent profile of the methodology section)
    Role("country", ("single",), "the country the respondent primarily works in (an ISO3 code per option)"),
    Role("position", ("single",), "the respondent's position; option `group` gives the position group"),
    Role("years_in_organisation", ("single",), "how long the respondent has worked for their organisation"),
    Role("years_counter_trafficking", ("single",), "how long the respondent has worked on counter-trafficking"),
    Role("age", ("single",), "the respondent's age band"),
    Role("sex", ("single",), "the respondent's sex (options female / male)"),
    # the trafficking situation
    Role("situation_role", ("single", "multiple"), "country of origin, transit or destination"),
    Role("situation_forms", ("single", "multiple"), "the most common forms of exploitation"),
    Role("situation_prominent", ("single",), "the most prominent form of exploitation"),
    Role("situation_sectors", ("single", "multiple"), "sectors where people are most commonly exploited"),
    Role("situation_ranking", ("rank",), "groups ranked from most to least trafficked"),
    Role("situation_trend", ("single",), "whether trafficking is growing or declining"),
    Role("situation_trend_reasons", ("text",), "why trafficking is growing or declining"),
    # priorities for action
    Role("priorities", ("priorities",), "the ranked priorities for action (also voted at the workshop)"),
    Role("priorities_reasons", ("text",), "why the respondent chose those priorities"),
    Role("comments", ("text",), "any other comments"),
)
ROLES: dict[str, Role] = {r.name: r for r in _ROLES}

# The roles that make up the respondent profile, in the order the report lists them.
PROFILE_ROLES = ("country", "position", "years_in_organisation", "years_counter_trafficking", "age", "sex")
# The situation questions counted option by option (the ranking has its own table).
SITUATION_COUNT_ROLES = ("situation_role", "situation_forms", "situation_prominent", "situation_sectors",
                         "situation_trend")
