"""The instruments as pydantic models: the shape of every instrument file and the
domain model every stage uses.

Each ``instruments/<name>.yaml`` is validated against the model named in
:data:`SCHEMAS`: types, required keys and allowed keys (a misspelt key is an
error, never a silent fallback to a default). The validated models are what
:func:`ctnat.instruments.load_instruments` returns; no stage reads the YAML
as dictionaries. Every problem is reported with the file, the line, the key path
(list items named by their ``code``/``id``/``key`` where they have one), the
value found and what was expected::

    rubric.yaml, line 31: survey.min_n: expected a whole number, found 'three'
    rubric.yaml, line 32: survey.met_shar: unknown key (did you mean 'met_share'?)

References between files (survey items in the evidence map, criteria in the
codebook and the recommendation library, …) are checked in one place,
:mod:`ctnat.instruments.checks`, once every file has the right shape.

To extend a file with a new key, add the field to its model here; a key the
model does not list is refused.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
import unicodedata
from typing import Any, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, PrivateAttr, ValidationError, model_validator
from pydantic import Field as Spec
from pydantic_core import core_schema

from ..messages import label
from ..problems import Problem
from .roles import ROLES

#: The four criteria of every indicator, in the order the method lists them
#: (indicators.yaml ``levels`` must define exactly these).
Criterion = Literal["fw1", "fw2", "op1", "op2"]
CRITERIA: tuple[str, ...] = typing.get_args(Criterion)

#: What a criterion asks (indicators.yaml ``asks``): that an instrument exists, that
#: a document sets out what the criterion names, that a practice is used (at least
#: occasionally), used consistently (generally, regularly, for all), used
#: proactively, that it is adequate (sufficient, meets needs), or how stakeholders
#: perceive it.
Asks = Literal["exists", "documented", "used", "used_consistently", "proactive", "adequate", "perceived"]
ASKS: tuple[str, ...] = typing.get_args(Asks)
#: What a survey item measures (evidence_map.yaml ``measures``).
Measures = Literal["existence", "use", "adequacy", "frequency"]
MEASURES: tuple[str, ...] = typing.get_args(Measures)


def normalise(text) -> str:
    """Fold a label for matching: Unicode NFKC, case-folded, dashes unified,
    surrounding and repeated spaces removed."""
    s = unicodedata.normalize("NFKC", str(text))
    s = s.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    s = re.sub(r"\s+", " ", s).strip().casefold()
    return s


class Text(dict):
    """A label in each language, ``{en: ..., ru: ...}``. A plain string in the
    YAML is the English label; a language left empty (``ru:``) is left out. The
    languages each file declares are checked by :mod:`.checks`."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls._make, handler(Union[str, dict[str, Union[str, None]]]),
            serialization=core_schema.plain_serializer_function_ser_schema(dict))

    @classmethod
    def _make(cls, value: Any) -> Text:
        if isinstance(value, str):
            return cls(en=value)
        return cls({k: str(v) for k, v in value.items() if v is not None})


class Untranslated(Text):
    """A text for the assessor (a theme's description) that may stand in English
    alone: its other languages are not required."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ------------------------------------------------------------------ survey.yaml
class Option(Strict):
    code: str
    label: Text
    group: str | None = None
    other: bool = False  # "Other – please specify": has a free-text companion
    dont_know: bool = False

    @property
    def en(self) -> str:
        return self.label.get("en", self.code)


class Scale(Strict):
    title: Text
    sentence: str  # the report's sentence for one item: {subject}, {code}, {answers}
    favourable: list[str]
    unfavourable: list[str] = []
    options: list[Option]
    _code: str = PrivateAttr(default="")

    @property
    def code(self) -> str:
        """The scale's key in ``scales:``."""
        return self._code

    def valid_codes(self) -> list[str]:
        """Codes that count as a substantive answer (everything but "don't know")."""
        return [o.code for o in self.options if not o.dont_know]


class Section(Strict):
    code: str
    title: Text
    area: str | None = None


class GridItem(Strict):
    code: str
    name: str
    text: Text


class Question(Strict):
    """A question as printed: a plain question, or an opinion grid with its items."""

    code: str
    name: str | None = None
    role: str | None = None
    section: str
    type: Literal["single", "multiple", "rank", "priorities", "text", "grid"]
    text: Text
    choices: str | None = None
    max_choices: int | None = Spec(default=None, ge=1)
    rank_max: int | None = Spec(default=None, ge=1)
    subset_of: str | None = None
    scale: str | None = None
    items: list[GridItem] | None = None


class PositionGroup(Strict):
    """A group of positions and whether it is a State actor."""

    code: str
    label: Text
    sector: Literal["state", "non_state"]

    @property
    def en(self) -> str:
        return self.label.get("en", self.code)


class Field(BaseModel):
    """One answerable question as it appears in the data: a plain question, or one
    item of an opinion grid. Made by :class:`Survey` from its questions."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    code: str  # as printed, e.g. "3.1.4"
    name: str  # column name, e.g. "q3_1_4"
    type: str  # single | multiple | rank | priorities | text
    section: str
    area: str | None
    text: Text
    options: list[Option] = []
    scale: Scale | None = None
    grid: str | None = None  # block code, e.g. "3.1"
    grid_text: Text | None = None
    max_choices: int | None = None
    rank_max: int | None = None
    subset_of: str | None = None
    choices_ref: str | None = None
    role: str | None = None  # what the code knows the question as (see roles.py)

    @property
    def en(self) -> str:
        return self.text.get("en", "")

    def option(self, code: str) -> Option | None:
        for o in self.options:
            if o.code == code:
                return o
        return None

    @property
    def has_other(self) -> bool:
        return any(o.other for o in self.options)

    def columns(self) -> list[str]:
        """The canonical columns this field occupies in the respondent table."""
        if self.type == "rank":
            return [f"{self.name}_{o.code}" for o in self.options]
        if self.type == "priorities":
            cols = [f"{self.name}_{o.code}" for o in self.options]
        else:
            cols = [self.name]
        if self.has_other:
            cols.append(f"{self.name}_other")
        return cols

    def lookup(self) -> dict[str, str]:
        """Map every accepted spelling of an answer (code or a label in any
        language, normalised) to its option code."""
        table: dict[str, str] = {}
        for o in self.options:
            table[normalise(o.code)] = o.code
            for text in o.label.values():
                table.setdefault(normalise(text), o.code)
        return table

    def as_dict(self) -> dict:
        d = {
            "code": self.code,
            "name": self.name,
            "type": self.type,
            "section": self.section,
            "area": self.area,
            "text": self.text,
            "columns": self.columns(),
            "choices": [
                {"code": o.code, "label": o.en, "labels": o.label,
                 **({"group": o.group} if o.group else {}),
                 **({"other": True} if o.other else {}),
                 **({"dont_know": True} if o.dont_know else {})}
                for o in self.options
            ],
        }
        for key in ("grid", "max_choices", "rank_max", "subset_of", "role"):
            if getattr(self, key) is not None:
                d[key] = getattr(self, key)
        if self.scale is not None:
            d["scale"] = self.scale.code
        return d


class Survey(Strict):
    version: str
    languages: list[str]
    sections: list[Section]
    scales: dict[str, Scale]
    position_groups: list[PositionGroup] = []
    choice_lists: dict[str, list[Option]]
    questions: list[Question]
    _fields: list[Field] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _derive(self) -> Survey:
        for code, scale in self.scales.items():
            scale._code = code
        area = {s.code: s.area for s in self.sections}
        fields: list[Field] = []
        for q in self.questions:
            if q.type == "grid":
                scale = self.scales.get(q.scale or "")
                for it in q.items or []:
                    fields.append(Field(code=it.code, name=it.name, type="single", section=q.section,
                                        area=area.get(q.section), text=it.text,
                                        options=list(scale.options) if scale else [], scale=scale, grid=q.code,
                                        grid_text=q.text))
            elif q.name is not None:
                fields.append(Field(code=q.code, name=q.name, type=q.type, section=q.section,
                                    area=area.get(q.section), text=q.text,
                                    options=[] if q.type == "text" else list(self.choice_lists.get(q.choices or "", [])),
                                    max_choices=q.max_choices, rank_max=q.rank_max, subset_of=q.subset_of,
                                    choices_ref=q.choices, role=q.role))
        self._fields = fields
        return self

    @property
    def fields(self) -> list[Field]:
        """The answerable questions (each grid item one field), in questionnaire order."""
        return self._fields

    @property
    def blocks(self) -> list[Question]:
        """The questions as printed (grids with their items)."""
        return self.questions

    def position_group(self, code: str) -> PositionGroup | None:
        for g in self.position_groups:
            if g.code == code:
                return g
        return None

    def field(self, code_or_name: str) -> Field:
        for f in self.fields:
            if f.code == code_or_name or f.name == code_or_name:
                return f
        raise KeyError(code_or_name)

    def by_role(self, role: str) -> Field | None:
        """The question that holds ``role`` (see :mod:`ctnat.instruments.roles`), or
        None when this questionnaire does not ask it."""
        if role not in ROLES:
            raise KeyError(f"unknown question role '{role}'")
        for f in self.fields:
            if f.role == role:
                return f
        return None

    def fields_with_role(self, *roles: str) -> list[Field]:
        """The questions holding any of ``roles``, in the order the roles are given
        (roles no question holds are left out)."""
        return [f for f in (self.by_role(r) for r in roles) if f is not None]

    def grid_blocks(self) -> list[Question]:
        return [b for b in self.questions if b.type == "grid"]

    def grid_fields(self, block: str | None = None) -> list[Field]:
        return [f for f in self.fields if f.grid and (block is None or f.grid == block)]

    def columns(self) -> list[str]:
        """Canonical respondent-table columns, in questionnaire order."""
        cols = ["respondent_code"]
        for f in self.fields:
            cols += f.columns()
        return cols

    def section_title(self, code: str, lang: str = "en") -> str:
        for s in self.sections:
            if s.code == code:
                return s.title.get(lang) or s.title["en"]
        raise KeyError(code)


# ---------------------------------------------------------- interview_guide.yaml
class HeaderChoice(Strict):
    code: str
    label: Text


class HeaderField(Strict):
    key: str
    label: Text
    type: Literal["country", "code", "text", "choice", "datetime", "integer"]
    personal: bool = False
    choices: list[HeaderChoice] | None = None


class NoteItem(Strict):
    key: str
    title: Text
    text: Text


class GuideQuestion(Strict):
    code: str
    text: Text
    prompts: list[Text] = []
    _section: str = PrivateAttr(default="")

    @property
    def section(self) -> str:
        """The code of the guide section asking it."""
        return self._section


class GuideSection(Strict):
    code: str
    title: Text
    subtitle: Text | None = None
    area: str | None = None
    questions: list[GuideQuestion]


class SelectionRule(Strict):
    screening: list[str]
    chosen_per_respondent: list[str]
    choose: str
    always_asked: list[str]


class InterviewGuide(Strict):
    version: str
    languages: list[str]
    code_pattern: str
    instructions: list[Text] = []
    information_note: list[NoteItem] = []
    header_fields: list[HeaderField]
    selection_rule: SelectionRule | None = None
    sections: list[GuideSection]
    closing: list[Text] = []

    @model_validator(mode="after")
    def _derive(self) -> InterviewGuide:
        for s in self.sections:
            for q in s.questions:
                q._section = s.code
        return self

    def questions(self) -> list[GuideQuestion]:
        return [q for s in self.sections for q in s.questions]

    def question_codes(self) -> list[str]:
        return [q.code for q in self.questions()]

    def header_field(self, key: str) -> HeaderField:
        for h in self.header_fields:
            if h.key == key:
                return h
        raise KeyError(key)

    @property
    def always_asked(self) -> list[str]:
        """The sections asked in every interview (``selection_rule.always_asked``)."""
        return list(self.selection_rule.always_asked) if self.selection_rule else []


# ---------------------------------------------------------------- indicators.yaml
class Area(Strict):
    id: str
    key: str
    title: Text
    survey_section: str | None = None


class Indicator(Strict):
    id: str
    area: str
    title: Text
    criteria: dict[str, Text]
    asks: dict[Criterion, Asks]  # what each criterion asks, from its wording

    def asks_of(self, criterion: str) -> str:
        """What one criterion (``fw1`` … ``op2``) asks."""
        return self.asks[criterion]  # type: ignore[index]


class Indicators(Strict):
    version: str
    languages: list[str]
    levels: dict[str, Text]
    short_levels: dict[str, Text]  # {fw1: {en: Framework L1}, …}
    areas: list[Area]
    indicators: list[Indicator]

    def short_level(self, criterion: str) -> str:
        """'Framework L1' for ``fw1``, in the current language."""
        return label(self.short_levels[criterion])

    def criterion_name(self, key: str) -> str:
        """'1.1 Operational L1' for the criterion key ``1.1.op1``: how a reader
        is shown a criterion (the key itself is the code's, never printed)."""
        indicator, _sep, level = key.rpartition(".")
        return f"{indicator} {self.short_level(level)}" if level in self.short_levels else key

    def area(self, area_id: str) -> Area:
        for a in self.areas:
            if a.id == area_id:
                return a
        raise KeyError(area_id)

    def indicator(self, ind_id: str) -> Indicator:
        for i in self.indicators:
            if i.id == ind_id:
                return i
        raise KeyError(ind_id)

    def criteria_rows(self) -> list[tuple[Indicator, str, Text]]:
        """All 100 (indicator, criterion key, wording) triples in order."""
        return [(i, c, i.criteria[c]) for i in self.indicators for c in CRITERIA]

    def criterion_keys(self) -> set[str]:
        """Every ``<indicator id>.<criterion>``."""
        return {f"{i.id}.{c}" for i in self.indicators for c in CRITERIA}


# -------------------------------------------------------------- evidence_map.yaml
class Evidence(Strict):
    indicator: str
    criterion: str
    survey: list[str] = []
    # a frequency item: the answer from which on it reads as met for this criterion
    met_at: dict[str, str] = {}
    interview: list[str] = []
    note: str = ""


class EvidenceMap(Strict):
    version: str
    proposal_questions: list[str] = []  # guide questions whose answers are proposals, never evidence
    measures: dict[str, Measures]  # survey grid item code -> what it measures
    criteria: list[Evidence]


# ------------------------------------------------------------------ codebook.yaml
class ExtraArea(Strict):
    id: str
    title: Text


class CriteriaRule(Strict):
    patterns: dict[str, list[str]]
    criteria: list[str]


class Theme(Strict):
    code: str
    area: str
    label: Text
    description: Untranslated | None = None
    criteria: list[str] = []
    patterns: dict[str, list[str]] = {}  # regular expressions by language
    criteria_rules: list[CriteriaRule] = []


class Polarity(Strict):
    contradicts: dict[str, list[str]]
    supports: dict[str, list[str]]


class Codebook(Strict):
    version: str
    languages: list[str]
    extra_areas: list[ExtraArea] = []
    polarity: Polarity
    themes: list[Theme]

    def theme(self, code: str) -> Theme | None:
        return next((t for t in self.themes if t.code == code), None)


# -------------------------------------------------------------------- rubric.yaml
class SurveyRule(Strict):
    min_n: int = Spec(ge=1)
    met_share: float = Spec(ge=0, le=1)
    partly_share: float = Spec(ge=0, le=1)


class InterviewRule(Strict):
    stakeholder_types: list[str] = Spec(min_length=1)  # the interviews' entity types; others count as the last
    min_interviews: int = Spec(ge=1)  # interviews with a view, all types together, or ...
    min_types: int = Spec(ge=1)  # ... views from this many stakeholder types


class SourceWeights(Strict):
    desk: float = Spec(ge=0)
    survey: float = Spec(ge=0)
    interview: float = Spec(ge=0)


class Bands(Strict):
    met: float = Spec(ge=0, le=1)
    not_met: float = Spec(ge=0, le=1)


class Comparison(Strict):
    min_group_size: int = Spec(ge=1)
    alpha: float = Spec(gt=0, lt=1)


class FrameworkHierarchy(Strict):
    decided_by: Literal["desk"]
    needs_citation: bool
    disagreement: Literal["to_confirm"]
    without_desk: Literal["insufficient_evidence"]
    opinion_without_desk: Literal["to_confirm", "off"]


class LevelOrder(Strict):
    pairs: list[list[Criterion]]
    above_level_1: Literal["to_confirm", "off"]


class Hierarchy(Strict):
    framework: FrameworkHierarchy
    level_order: LevelOrder


class Rubric(Strict):
    version: str
    statuses: list[str]
    status_labels: dict[str, Text]  # English at least; other languages where translated
    hierarchy: Hierarchy
    rules: dict[str, Text]  # what each rule means, as the evidence annex prints it
    survey: SurveyRule
    interview: InterviewRule
    matching: dict[Asks, list[Measures]]  # which survey measures may speak to which asks
    weights: SourceWeights  # operational criteria only
    bands: Bands
    criterion_points: dict[str, float]
    gap_statuses: list[str]
    comparison: Comparison
    priority_weights: dict[int, int]
    small_cell: int = Spec(ge=1)
    # a figure about people shows its percentage beside the count only from this base up (ctnat.messages.share_beside)
    percent_min_base: int = Spec(ge=1)


# ----------------------------------------------------------- recommendations.yaml
class IfExists(Strict):
    """What an action becomes when the country already has what it creates."""
    verb: Literal["amend", "apply", "fund", "evaluate"]
    text: Text


class Action(Strict):
    criterion: str
    text: Text
    creates: list[str] = []  # capability keys (capabilities.yaml) the action would create or adopt
    presupposes: list[str] = []  # capability keys that must exist for it to make sense
    requires: list[str] = []  # drawn only when the country has an in-force instrument providing each
    if_exists: IfExists | None = None
    parts: dict[str, Text] = {}  # capability → the action's wording for it alone (an action creating several)
    droppable: bool = False  # left out, rather than reworded, when the country has what it creates
    actors: list[str] = []  # roles (capabilities.yaml); the block's when empty


class Block(Strict):
    key: str
    area: str
    title: Text
    change: Text
    priorities: list[str] = []
    timeframe: str
    default_bodies: Text
    actors: list[str] = []  # roles (capabilities.yaml) of the bodies that carry out its actions
    actions: list[Action] = Spec(min_length=1)


class PriorityRule(Strict):
    high_top: int = Spec(ge=1)


class Recommendations(Strict):
    version: str
    timeframes: dict[str, Text]
    priority: PriorityRule
    max_bodies: int = Spec(ge=1)
    blocks: list[Block] = Spec(min_length=1)

    def block(self, key: str) -> Block | None:
        return next((b for b in self.blocks if b.key == key), None)


# ------------------------------------------------------------------ capabilities.yaml
class Capability(Strict):
    key: str
    label: Text
    criteria: list[str] = Spec(min_length=1)


class Role(Strict):
    key: str
    label: Text


class Capabilities(Strict):
    """What a country can have that an action would otherwise create, and the roles
    an institution can hold (``instruments/capabilities.yaml``)."""
    version: str
    languages: list[str]
    capabilities: list[Capability] = Spec(min_length=1)
    roles: list[Role] = Spec(min_length=1)

    def keys(self) -> set[str]:
        return {c.key for c in self.capabilities}

    def role_keys(self) -> list[str]:
        return [r.key for r in self.roles]

    def label(self, key: str) -> str:
        """The capability's label in the current language (the key when unknown)."""
        c = next((c for c in self.capabilities if c.key == key), None)
        return label(c.label) if c is not None else key


# -------------------------------------------------------------------- nap_rules.yaml
class ChecklistItem(Strict):
    key: str
    label: str
    patterns: list[str] | None = None
    test: str | None = None


class NapRules(Strict):
    version: str
    section_areas: dict[str, list[str]]
    section_bonus: float = Spec(ge=0)
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


class NarrativeGroup(Strict):
    """A group the statistics break down by (``sex`` = ``male``) and the words naming it."""
    column: str
    value: str
    words: list[str]


class NarrativeTerms(Strict):
    """The words by which the assessor's narrative names a group the statistics
    break down by, or a metric, and the words of a negation; the consistency gate
    reads a narrative sentence with all three against the statistics. A word
    ending in ``*`` matches any ending (``мужчин*``)."""
    negations: list[str]
    groups: list[NarrativeGroup]
    metrics: dict[str, list[str]]  # metric → words


class Statistics(Strict):
    version: str
    columns: StatisticsColumns
    disaggregations: dict[str, list[str]]
    metrics: dict[str, StatisticsMetric]
    narrative_terms: NarrativeTerms | None = None


# ------------------------------------------------------------------------ plan.yaml
class PlanIndicator(Strict):
    criteria: list[Criterion]
    kind: str
    text: str
    target: str
    verification: str
    frequency: str
    collector: str  # the unit or person inside the institution (a suggestion the planner confirms)
    disaggregation: list[str]
    metric: str | None = None
    creates: list[str] = []  # capability keys it measures the adoption of (capabilities.yaml)
    # who collects the data: role keys (a body's mandate) or capability keys (what a service
    # provides) of capabilities.yaml, matched to the country's institutions in the desk review
    collected_by: list[str] = Spec(min_length=1)
    mid_target: str | None = None  # the mid-term target (else plan.yaml mid_targets by kind)
    growth: list[float] | None = None  # [mid, end] rise over the baseline figure, for a number indicator


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
    reason_words: list[str] = []  # a target below its baseline that says why is not a finding


class ActivityType(Strict):
    """A kind of work an activity stands for (plan.yaml ``activity_types``), costed in unit_costs.yaml."""
    phase: int = Spec(ge=1, le=3)
    quarters: int = Spec(ge=1)
    quantity: int = Spec(ge=1)
    people: int | None = None
    to_end: bool = False
    keywords: list[str] = Spec(min_length=1)
    result: str


class Plan(Strict):
    version: str
    plan_years: int = Spec(ge=1)
    priority_start: dict[str, int] = {}
    activity_types: dict[str, ActivityType] = Spec(min_length=1)
    default_types: dict[Criterion, str]
    mid_targets: dict[str, str]
    number_target: str
    smart: dict[str, str] = {}
    # the target of a MEL indicator on the adoption of something the country already has
    existing_target: str = "The existing instrument is reviewed against practice, and amended where the review finds gaps, by {end}"
    timing: dict[str, list[int]]
    kinds: dict[str, Literal["quantitative", "qualitative"]]
    frequencies: list[str]
    lint: PlanLint
    checklist: list[PlanChecklistItem]
    objectives: dict[str, PlanObjective]


# ------------------------------------------------------------------------ unit_costs.yaml
class UnitCost(Strict):
    unit: str
    low: float = Spec(ge=0)
    high: float = Spec(ge=0)
    covers: str


class UnitCosts(Strict):
    """Illustrative cost of one unit of each activity type of plan.yaml (the seeds give no costs)."""
    version: str
    currency: str = Spec(min_length=3)
    basis: str = Spec(min_length=1)
    types: dict[str, UnitCost] = Spec(min_length=1)


# The names the file models had before they became the domain model.
SurveyOption, SurveyScale, SurveySection, SurveyQuestion = Option, Scale, Section, Question
SurveyFile, GuideFile, IndicatorsFile, IndicatorEntry = Survey, InterviewGuide, Indicators, Indicator
EvidenceEntry, EvidenceMapFile, CodebookFile, RubricFile = Evidence, EvidenceMap, Codebook, Rubric
RecommendationsFile, NapRulesFile, StatisticsFile, PlanFile = Recommendations, NapRules, Statistics, Plan

# ------------------------------------------------------------------ mandate_cues.yaml
class MandateInstitution(Strict):
    """A body a country has only one of, and the words that name it or its mandate, per language."""
    key: str
    label: str
    cues: dict[str, list[str]]


class MandateCues(Strict):
    version: str
    institutions: list[MandateInstitution]


# -------------------------------------------------------------------- glossary.yaml
class Term(Strict):
    abbreviation: str = Spec(min_length=1, pattern=r"^\S+$")
    meaning: Text


class Glossary(Strict):
    """Acronyms and abbreviations any report may use; a country adds its own in its
    desk review (``background: glossary:``). The report lists those its text uses."""
    version: str
    terms: list[Term] = Spec(min_length=1)

    def meanings(self) -> dict[str, Text]:
        return {t.abbreviation: t.meaning for t in self.terms}


SCHEMAS: dict[str, type[BaseModel]] = {
    "survey": Survey,
    "interview_guide": InterviewGuide,
    "indicators": Indicators,
    "evidence_map": EvidenceMap,
    "codebook": Codebook,
    "rubric": Rubric,
    "recommendations": Recommendations,
    "capabilities": Capabilities,
    "nap_rules": NapRules,
    "statistics": Statistics,
    "plan": Plan,
    "mandate_cues": MandateCues,
    "unit_costs": UnitCosts,
    "glossary": Glossary,
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
        for k in ("code", "id", "key"):
            if item.get(k) not in (None, ""):
                return str(item[k])
    return None


def key_path(raw: Any, loc: tuple) -> str:
    """A readable key path: ``questions[2.2.1].role``, ``survey.min_n``. List
    items are named by their code, id or key; answer options (``options``,
    ``choice_lists.<name>``) by their position."""
    out, node, parent = "", raw, None
    for part in loc:
        if isinstance(part, int) and isinstance(node, list):
            item = node[part] if part < len(node) else None
            by_index = parent == "options" or out.startswith("choice_lists.")
            out += f"[{part if by_index else (_identity(item) or part)}]"
            node = item
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
        parent = part
    return out


def line_of(node: Any, loc: tuple) -> int | None:
    """The line (1-based) in the YAML file of the value at ``loc``, from the
    composed document's node marks: the line of the deepest key or list item
    that exists (for a missing key, the mapping that lacks it)."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                    node, line = v, k.start_mark.line + 1
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


class Source:
    """One instrument file as read: its name, its parsed data and its composed
    YAML nodes (for line numbers). Problems found in it are made here."""

    def __init__(self, name: str, raw: Any, node: Any = None):
        self.name, self.raw, self.node = name, raw, node

    def problem(self, loc: tuple, message: str, value: Any = None, expected: str | None = None, *,
                at: tuple | None = None) -> Problem:
        """A problem at the key path ``loc`` (its line is that of ``at`` when given, a
        deeper place such as the list item at fault)."""
        path = key_path(self.raw, loc)
        return Problem(file=self.name, row=line_of(self.node, loc if at is None else at),
                       column=path or None, message=f"{path}: {message}" if path else message,
                       value=None if value is None else str(value), expected=expected)


def _unwrap(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:  # a type with a validator (a received file's model)
        return _unwrap(typing.get_args(tp)[0])
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


def validate(stem: str, source: Source) -> tuple[BaseModel | None, list[Problem]]:
    """Validate the parsed YAML of ``<stem>.yaml`` against its model: the model
    (None when the file has the wrong shape) and one :class:`Problem` per error."""
    model = SCHEMAS[stem]
    try:
        return model.model_validate(source.raw), []
    except ValidationError as exc:
        return None, [_problem(source, model, e) for e in exc.errors(include_url=False)]


def model_problems(model: type[BaseModel], source: Source) -> tuple[BaseModel | None, list[Problem]]:
    """Validate a YAML file read into ``source`` against any model (a received
    file described by a model, such as the desk review): the model (None when the
    file has the wrong shape) and one :class:`Problem` per error, with line and key path."""
    try:
        return model.model_validate(source.raw), []
    except ValidationError as exc:
        return None, [_problem(source, model, e) for e in exc.errors(include_url=False)]


def schema_problems(file: str, stem: str, raw: Any, node: Any = None) -> list[Problem]:
    """The shape problems of ``<stem>.yaml`` (empty when it has the right shape)."""
    if stem not in SCHEMAS:
        return []
    return validate(stem, Source(file, raw, node))[1]


def _problem(source: Source, model: type[BaseModel], e: Any) -> Problem:
    loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and (p in ("str", "dict[str,union[str,none]]")
                                                                    or p.startswith(("function-", "list[", "dict[")))))
    kind = e["type"]
    value = e.get("input")
    if kind == "missing":
        return source.problem(loc, "is required but missing", expected=f"a value for '{loc[-1]}'")
    if kind == "extra_forbidden":
        allowed = allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return source.problem(loc, f"unknown key{hint}", str(loc[-1]), "one of: " + ", ".join(allowed))
    if kind == "literal_error":
        expected = str((e.get("ctx") or {}).get("expected", ""))
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        ctx = e.get("ctx") or {}
        word = {"greater_than_equal": "at least", "greater_than": "more than", "less_than_equal": "at most",
                "less_than": "less than"}[kind]
        expected = f"a number {word} {next(iter(ctx.values()))}"
    else:
        expected = _EXPECTED.get(kind, e.get("msg", ""))
    return source.problem(loc, f"expected {expected}, found {_shown(value)}", value, expected)
