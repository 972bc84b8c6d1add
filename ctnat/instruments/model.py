"""The CT-NAT instruments, read from ``instruments/*.yaml`` and validated on load.

The YAML files are the single source of truth for question codes, wording,
answer options and translations, the 25 indicators and their criteria, the
interview guide, the survey-item → criterion evidence map, the codebook, the
rubric, the NAP rules, the statistics vocabulary, the plan's wording and the
recommendation building blocks. Each file is read once into its pydantic model
(:mod:`.schema`), the references between files are checked in one place
(:mod:`.checks`), and :class:`Instruments` holds the models every stage uses.

>>> inst = load_instruments()
>>> inst.survey.by_role("priorities").type
'priorities'
>>> len(inst.indicators.indicators)
25
>>> inst.rubric.survey.min_n
3
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml
from pydantic import BaseModel, ConfigDict

from ..messages import label, register_labels
from ..paths import instruments_dir
from ..problems import InstrumentError, Problem
from ..tables import _Loader
from .checks import INSUFFICIENT, SCORED_STATUSES, SUPPORTED_LANGUAGES, reference_problems
from .schema import (CRITERIA, SCHEMAS, Area, Capabilities, Glossary, MandateCues, Codebook, Evidence, EvidenceMap, Field, Indicator, Indicators, InterviewGuide,
                     NapRules, Option, Plan, PositionGroup, Recommendations, Rubric, Scale, Source, Statistics,
                     Survey, Text, UnitCosts, normalise, validate)

__all__ = ["CRITERIA", "INSUFFICIENT", "SCORED_STATUSES", "SUPPORTED_LANGUAGES", "Area", "Field", "Indicator",
           "Indicators", "Instruments", "InterviewGuide", "Option", "PositionGroup", "Scale", "Survey", "Text",
           "check_instruments", "describe_problem", "load_instruments", "normalise"]

FIELD_TYPES = ("single", "multiple", "rank", "priorities", "text")


class Instruments(BaseModel):
    """Every instrument file of one directory, validated and cross-checked."""

    model_config = ConfigDict(frozen=True)

    directory: Path
    survey: Survey
    indicators: Indicators
    guide: InterviewGuide
    evidence_map: list[Evidence]
    measures: dict[str, str]  # survey grid item -> what it measures (evidence_map.yaml)
    proposal_questions: list[str]  # guide questions whose answers are proposals (evidence_map.yaml)
    codebook: Codebook
    rubric: Rubric
    recommendations: Recommendations
    capabilities: Capabilities
    nap_rules: NapRules
    statistics: Statistics
    plan: Plan
    mandate_cues: MandateCues
    unit_costs: UnitCosts
    glossary: Glossary

    def evidence_for(self, indicator: str, criterion: str) -> Evidence:
        for e in self.evidence_map:
            if e.indicator == indicator and e.criterion == criterion:
                return e
        return Evidence(indicator=indicator, criterion=criterion)

    def status_label(self, status: str) -> str:
        """'Partly met' for ``partly_met``, in the current language (rubric.yaml ``status_labels``)."""
        return label(self.rubric.status_labels[status])

    def criteria_without_survey(self) -> list[str]:
        return [f"{e.indicator}.{e.criterion}" for e in self.evidence_map if not e.survey]

    def as_dict(self) -> dict:
        """A JSON-ready view (what ``ctnat instruments dump --json`` prints)."""
        s = self.survey
        return {
            "survey": {
                "version": s.version,
                "languages": s.languages,
                "sections": [sec.model_dump() for sec in s.sections],
                "scales": {
                    k: {"title": v.title, "favourable": v.favourable, "unfavourable": v.unfavourable,
                        "options": [{"code": o.code, "label": o.en, "labels": o.label,
                                     **({"dont_know": True} if o.dont_know else {})} for o in v.options]}
                    for k, v in s.scales.items()
                },
                "questions": [f.as_dict() for f in s.fields],
                "columns": s.columns(),
            },
            "indicators": [
                {"id": i.id, "area": i.area, "area_title": self.indicators.area(i.area).title["en"],
                 "title": i.title["en"], "criteria": {k: v["en"] for k, v in i.criteria.items()}}
                for i in self.indicators.indicators
            ],
            "areas": [a.model_dump(exclude_unset=True) for a in self.indicators.areas],
            "interview_guide": self.guide.model_dump(exclude_unset=True),
            "evidence_map": [e.model_dump() for e in self.evidence_map],
            "measures": self.measures,
            "criteria_without_survey_evidence": self.criteria_without_survey(),
        }


# ------------------------------------------------------------------------ loading
def read_source(path: Path, problems: list[Problem]) -> Source | None:
    """Parse one instrument file with the C loader, composing its nodes once (their
    marks give each key's line) and building the data from them."""
    if not path.exists():
        problems.append(Problem(file=path.name, message="instrument file is missing", expected=f"{path}"))
        return None
    try:
        with open(path, "rb") as fh:
            loader = _Loader(fh)
            try:
                node = loader.get_single_node()
                data: Any = loader.construct_document(node) if node is not None else None
            finally:
                loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(file=path.name, row=(mark.line + 1) if mark else None,
                                message=f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(file=path.name, message="expected a YAML mapping at the top level"))
        return None
    return Source(path.name, data, node)


def describe_problem(p: Problem) -> str:
    """One line for ``ctnat instruments check``: file, line, key path, what is
    wrong, the value found and what was expected."""
    line = f"{p.file}{'' if p.row is None else f', line {p.row}'}: {p.message}"
    if p.value is not None and "found" not in p.message:
        line += f"; found {p.value!r}"
    if p.expected and "expected" not in p.message:
        line += f"; expected {p.expected}"
    return line


def check_instruments(directory: str | Path | None = None) -> list[Problem]:
    """Validate every instrument file; return the problems (empty when all is well)."""
    try:
        _load(Path(directory) if directory else instruments_dir())
    except InstrumentError as exc:
        return exc.problems
    return []


def load_instruments(directory: str | Path | None = None) -> Instruments:
    """Read and validate ``instruments/``. Raises :class:`InstrumentError` naming every
    problem (file, line and key) when something is wrong. Cached per directory
    while no file in it changes."""
    return _load_cached(str(Path(directory or instruments_dir()).resolve()), _mtime_key(directory))


def _mtime_key(directory) -> tuple:
    d = Path(directory or instruments_dir())
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in d.glob("*.yaml"))) if d.exists() else ()


@lru_cache(maxsize=8)
def _load_cached(directory: str, _key: tuple) -> Instruments:
    return _load(Path(directory))


def _load(d: Path) -> Instruments:
    problems: list[Problem] = []
    for p in sorted(d.glob("*.yaml")):
        if p.stem not in SCHEMAS:
            problems.append(Problem(file=p.name, message="not a CT-NAT instrument file (no schema describes it)",
                                    value=p.name, expected=", ".join(f"{s}.yaml" for s in SCHEMAS)))
    files: dict[str, BaseModel] = {}
    sources: dict[str, Source] = {}
    for stem in SCHEMAS:
        source = read_source(d / f"{stem}.yaml", problems)
        if source is None:
            continue
        model, shape = validate(stem, source)
        problems += shape  # a file of the wrong shape: report that, read nothing from it
        if model is not None:
            files[stem], sources[stem] = model, source
    problems += reference_problems(files, sources)
    if problems:
        raise InstrumentError(f"Instrument files in {d} have {len(problems)} problem(s):", problems)
    parts: dict[str, Any] = {stem: files[stem] for stem in SCHEMAS if stem not in ("interview_guide", "evidence_map")}
    parts["guide"] = files["interview_guide"]
    evidence = files["evidence_map"]
    assert isinstance(evidence, EvidenceMap)
    parts["evidence_map"] = evidence.criteria
    parts["measures"] = dict(evidence.measures)
    parts["proposal_questions"] = list(evidence.proposal_questions)
    register_labels(_labels_in([source.raw for source in sources.values()]))
    return Instruments(directory=d, **parts)


def _labels_in(node) -> Iterator[dict]:
    """Every label ``{en: …, ru: …}`` in the instruments' data (for :func:`ctnat.messages.translate_label`)."""
    if isinstance(node, dict):
        if isinstance(node.get("en"), str):
            yield node
        for value in node.values():
            yield from _labels_in(value)
    elif isinstance(node, (list, tuple)) or hasattr(node, "__next__"):
        for value in node:
            yield from _labels_in(value)
