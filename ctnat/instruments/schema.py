"""The shape of every instrument file, as pydantic models.

Each ``instruments/<name>.yaml`` is validated against the model named in
:data:`SCHEMAS` before anything reads it: types, required keys and allowed keys
(a misspelt key is an error, never a silent fallback to a default). Every
problem is reported with the file, the key path (list items named by their
``code``/``id``/``key`` where they have one), the value found and what was
expected::

    rubric.yaml: survey.min_n: expected a whole number, found 'three'
    rubric.yaml: survey.met_shar: unknown key (did you mean 'met_share'?)

References between files (survey items in the evidence map, criteria in the
codebook and the recommendation library, …) are checked by
:mod:`ctnat.instruments.model` once every file has the right shape.

To extend a file with a new key, add the field to its model here; a key the
model does not list is refused.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..problems import Problem

Label = Union[str, dict[str, Union[str, None]]]  # {en: ..., ru: ...}; the loader checks the languages


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ------------------------------------------------------------------ survey.yaml
class SurveyOption(Strict):
    code: str
    label: Label
    group: str | None = None
    other: bool = False
    dont_know: bool = False


class SurveyScale(Strict):
    title: Label
    sentence: str
    favourable: list[str]
    unfavourable: list[str] = []
    options: list[SurveyOption]


class SurveySection(Strict):
    code: str
    title: Label
    area: str | None = None


class GridItem(Strict):
    code: str
    name: str
    text: Label


class SurveyQuestion(Strict):
    code: str
    name: str | None = None
    role: str | None = None
    section: str
    type: Literal["single", "multiple", "rank", "priorities", "text", "grid"]
    text: Label
    choices: str | None = None
    max_choices: int | None = Field(default=None, ge=1)
    rank_max: int | None = Field(default=None, ge=1)
    subset_of: str | None = None
    scale: str | None = None
    items: list[GridItem] | None = None


class PositionGroup(Strict):
    code: str
    label: Label
    sector: Literal["state", "non_state"]


class SurveyFile(Strict):
    version: str
    languages: list[str]
    sections: list[SurveySection]
    scales: dict[str, SurveyScale]
    position_groups: list[PositionGroup] = []
    choice_lists: dict[str, list[SurveyOption]]
    questions: list[SurveyQuestion]


# ---------------------------------------------------------- interview_guide.yaml
class HeaderChoice(Strict):
    code: str
    label: Label


class HeaderField(Strict):
    key: str
    label: Label
    type: Literal["country", "code", "text", "choice", "datetime", "integer"]
    personal: bool = False
    choices: list[HeaderChoice] | None = None


class NoteItem(Strict):
    key: str
    title: Label
    text: Label


class GuideQuestion(Strict):
    code: str
    text: Label
    prompts: list[Label] = []


class GuideSection(Strict):
    code: str
    title: Label
    subtitle: Label | None = None
    area: str | None = None
    questions: list[GuideQuestion]


class SelectionRule(Strict):
    screening: list[str]
    chosen_per_respondent: list[str]
    choose: str
    always_asked: list[str]


class GuideFile(Strict):
    version: str
    languages: list[str]
    code_pattern: str
    instructions: list[Label] = []
    information_note: list[NoteItem] = []
    header_fields: list[HeaderField]
    selection_rule: SelectionRule | None = None
    sections: list[GuideSection]
    closing: list[Label] = []


# ---------------------------------------------------------------- indicators.yaml
class Area(Strict):
    id: str
    key: str
    title: Label
    survey_section: str | None = None


class IndicatorEntry(Strict):
    id: str
    area: str
    title: Label
    criteria: dict[str, Label]


class IndicatorsFile(Strict):
    version: str
    languages: list[str]
    levels: dict[str, Label]
    short_levels: dict[str, Label]
    areas: list[Area]
    indicators: list[IndicatorEntry]


# -------------------------------------------------------------- evidence_map.yaml
class EvidenceEntry(Strict):
    indicator: str
    criterion: str
    survey: list[str] = []
    interview: list[str] = []
    note: str = ""


class EvidenceMapFile(Strict):
    version: str
    criteria: list[EvidenceEntry]


# ------------------------------------------------------------------ codebook.yaml
class ExtraArea(Strict):
    id: str
    title: Label


class CriteriaRule(Strict):
    patterns: dict[str, list[str]]
    criteria: list[str]


class Theme(Strict):
    code: str
    area: str
    label: Label
    description: Label | None = None
    criteria: list[str] = []
    patterns: dict[str, list[str]] = {}
    criteria_rules: list[CriteriaRule] = []


class Polarity(Strict):
    contradicts: dict[str, list[str]]
    supports: dict[str, list[str]]


class CodebookFile(Strict):
    version: str
    languages: list[str]
    extra_areas: list[ExtraArea] = []
    polarity: Polarity
    themes: list[Theme]


# -------------------------------------------------------------------- rubric.yaml
class SurveyRule(Strict):
    min_n: int = Field(ge=1)
    met_share: float = Field(ge=0, le=1)
    partly_share: float = Field(ge=0, le=1)


class InterviewRule(Strict):
    min_interviews: int = Field(ge=1)
    met_net: float = Field(ge=-1, le=1)
    not_met_net: float = Field(ge=-1, le=1)


class SourceWeights(Strict):
    desk: float = Field(ge=0)
    survey: float = Field(ge=0)
    interview: float = Field(ge=0)


class Weights(Strict):
    framework: SourceWeights
    operational: SourceWeights


class Bands(Strict):
    met: float = Field(ge=0, le=1)
    not_met: float = Field(ge=0, le=1)


class Comparison(Strict):
    min_group_size: int = Field(ge=1)
    alpha: float = Field(gt=0, lt=1)


class FrameworkHierarchy(Strict):
    decided_by: Literal["desk", "all"]
    needs_citation: bool
    disagreement: Literal["to_confirm"]


class LevelOrder(Strict):
    pairs: list[list[Literal["fw1", "fw2", "op1", "op2"]]]
    above_level_1: Literal["to_confirm", "off"]


class Hierarchy(Strict):
    framework: FrameworkHierarchy
    level_order: LevelOrder


class RubricFile(Strict):
    version: str
    statuses: list[str]
    status_labels: dict[str, Label]
    hierarchy: Hierarchy
    rules: dict[str, str]
    survey: SurveyRule
    interview: InterviewRule
    weights: Weights
    bands: Bands
    criterion_points: dict[str, float]
    gap_statuses: list[str]
    comparison: Comparison
    priority_weights: dict[int, int]
    small_cell: int = Field(ge=1)


# ----------------------------------------------------------- recommendations.yaml
class Action(Strict):
    criterion: str
    text: str


class Block(Strict):
    key: str
    area: str
    title: str
    change: str
    priorities: list[str] = []
    timeframe: str
    default_bodies: str
    actions: list[Action] = Field(min_length=1)


class PriorityRule(Strict):
    high_top: int = Field(ge=1)


class RecommendationsFile(Strict):
    version: str
    timeframes: dict[str, str]
    priority: PriorityRule
    max_bodies: int = Field(ge=1)
    blocks: list[Block] = Field(min_length=1)


# -------------------------------------------------------------------- nap_rules.yaml
class ChecklistItem(Strict):
    key: str
    label: str
    patterns: list[str] | None = None
    test: str | None = None


class NapRulesFile(Strict):
    version: str
    section_areas: dict[str, list[str]]
    section_bonus: float = Field(ge=0)
    indicators: dict[str, list[str]]
    vague_terms: list[str]
    vague_bodies: list[str]
    recurring_terms: list[str]
    checklist: list[ChecklistItem]
    checklist_recommendations: dict[str, str]


# ------------------------------------------------------------------ statistics.yaml
class StatisticsColumns(Strict):
    required: list[str]
    optional: list[str] = []
    qualifiers: list[str] = [""]


class StatisticsMetric(Strict):
    label: str
    unit: str
    kind: Literal["number", "percentage", "rate"]
    persons: bool


class StatisticsFile(Strict):
    version: str
    columns: StatisticsColumns
    disaggregations: dict[str, list[str]]
    metrics: dict[str, StatisticsMetric]


# ------------------------------------------------------------------------ plan.yaml
class PlanIndicator(Strict):
    criteria: list[Literal["fw1", "fw2", "op1", "op2"]]
    kind: str
    text: str
    target: str
    verification: str
    frequency: str
    collector: str
    disaggregation: list[str]
    metric: str | None = None


class PlanObjective(Strict):
    objective: str
    outcome: str
    indicators: list[PlanIndicator]


class PlanChecklistItem(Strict):
    id: str
    text: str
    checks: list[str]


class PlanLint(Strict):
    delivery_words: list[str]
    unit_words: list[str]
    institution_words: list[str]
    people_words: list[str]
    placeholder_words: list[str]
    by_when_patterns: list[str] = []


class PlanFile(Strict):
    version: str
    plan_years: int = Field(ge=1)
    timing: dict[str, list[int]]
    kinds: dict[str, Literal["quantitative", "qualitative"]]
    frequencies: list[str]
    lint: PlanLint
    checklist: list[PlanChecklistItem]
    objectives: dict[str, PlanObjective]


SCHEMAS: dict[str, type[BaseModel]] = {
    "survey": SurveyFile,
    "interview_guide": GuideFile,
    "indicators": IndicatorsFile,
    "evidence_map": EvidenceMapFile,
    "codebook": CodebookFile,
    "rubric": RubricFile,
    "recommendations": RecommendationsFile,
    "nap_rules": NapRulesFile,
    "statistics": StatisticsFile,
    "plan": PlanFile,
}


# ------------------------------------------------------------------ error report
_EXPECTED = {
    "int_parsing": "a whole number", "int_type": "a whole number", "int_from_float": "a whole number",
    "float_parsing": "a number", "float_type": "a number",
    "bool_parsing": "true or false", "bool_type": "true or false",
    "string_type": "text (write codes in quotes, e.g. '1.10')",
    "list_type": "a list", "dict_type": "a mapping of keys to values", "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
}


def _identity(item: Any) -> str | None:
    if isinstance(item, dict):
        if "indicator" in item and "criterion" in item:
            return f"{item['indicator']}.{item['criterion']}"
        for k in ("code", "id", "key", "criterion"):
            if item.get(k) not in (None, ""):
                return str(item[k])
    return None


def key_path(raw: Any, loc: tuple) -> str:
    """A readable key path: ``questions[2.2.1].role``, ``survey.min_n``."""
    out, node = "", raw
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            out += f"[{_identity(item) or part}]"
            node = item
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def _unwrap(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        return [a for arg in typing.get_args(tp) for a in _unwrap(arg)]
    return [tp]


def allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys the model allows at ``loc`` (the mapping holding an unknown key)."""
    candidates: list[Any] = [model]
    for part in loc:
        nxt: list[Any] = []
        for tp in candidates:
            for t in _unwrap(tp):
                if isinstance(t, type) and issubclass(t, BaseModel) and isinstance(part, str):
                    if part in t.model_fields:
                        nxt.append(t.model_fields[part].annotation)
                elif typing.get_origin(t) is list and isinstance(part, int):
                    nxt.append(typing.get_args(t)[0])
                elif typing.get_origin(t) is dict:
                    nxt.append(typing.get_args(t)[1])
        candidates = nxt
    keys: list[str] = []
    for tp in candidates:
        for t in _unwrap(tp):
            if isinstance(t, type) and issubclass(t, BaseModel):
                keys += [k for k in t.model_fields if k not in keys]
    return keys


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def schema_problems(file: str, stem: str, raw: Any) -> list[Problem]:
    """Validate the parsed YAML of ``<stem>.yaml`` against its model; one
    :class:`Problem` per error (empty when the file has the right shape)."""
    model = SCHEMAS.get(stem)
    if model is None:
        return []
    try:
        model.model_validate(raw)
    except ValidationError as exc:
        return [_problem(file, model, raw, e) for e in exc.errors(include_url=False)]
    return []


def _problem(file: str, model: type[BaseModel], raw: Any, e: Any) -> Problem:
    loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and (p in ("str", "dict[str,union[str,none]]")
                                                                    or p.startswith(("function-", "list[", "dict[")))))
    path = key_path(raw, loc)
    kind = e["type"]
    value = e.get("input")
    if kind == "missing":
        return Problem(file=file, column=path, message=f"{path}: is required but missing",
                       expected=f"a value for '{loc[-1]}'")
    if kind == "extra_forbidden":
        allowed = allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return Problem(file=file, column=path, message=f"{path}: unknown key{hint}", value=str(loc[-1]),
                       expected="one of: " + ", ".join(allowed))
    if kind == "literal_error":
        expected = str((e.get("ctx") or {}).get("expected", ""))
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        ctx = e.get("ctx") or {}
        word = {"greater_than_equal": "at least", "greater_than": "more than", "less_than_equal": "at most",
                "less_than": "less than"}[kind]
        expected = f"a number {word} {next(iter(ctx.values()))}"
    else:
        expected = _EXPECTED.get(kind, e.get("msg", ""))
    return Problem(file=file, column=path, message=f"{path}: expected {expected}, found {_shown(value)}",
                   value=None if value is None else str(value), expected=expected)
