"""The shape of the YAML files the assessor edits by hand in ``data/raw/<ISO3>/``.

``context.yaml``, ``overrides.yaml`` and ``nap/nap.yaml`` are described here by
pydantic models in the style of the instruments' (``ctnat/instruments/schema.py``;
``desk_review.yaml`` has its own in :mod:`.country_facts`, ``reading.yaml`` is
checked line by line in :mod:`.reading`). Every file is read with its line
marks, so a YAML syntax error names the file and its line, never a traceback;
a key the model does not list is refused with the key it probably meant, and
values are typed — a date is ``YYYY-MM-DD``, a year a number::

    context.yaml, line 9: captial: unknown key (did you mean 'capital'?)
    context.yaml, line 14: workshop.date: expected a date written YYYY-MM-DD (e.g. 2016-04-25), found 'next spring'

The readers keep the data as written (``context.json`` is ``context.yaml`` as
JSON); the models only decide whether it can be taken in. What the entries
refer to (a criterion, a status, a plan's file) is checked by the readers in
:mod:`.received`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, create_model
from pydantic import Field as Spec
from pydantic_core import PydanticCustomError

from ..instruments.checks import SUPPORTED_LANGUAGES
from ..instruments.model import read_source
from ..instruments.schema import Source, Strict, model_problems
from ..messages import _
from ..problems import Problem
from ..tables import load_yaml


def _iso_date(value: Any) -> Any:
    """A date as YAML gives it (unquoted: a date; quoted: text) when it is one, written YYYY-MM-DD."""
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            dt.date.fromisoformat(text)
            return value
        except ValueError:
            pass
    raise PydanticCustomError("date_form", _("a date written YYYY-MM-DD (e.g. 2016-04-25)"))


def _period(value: Any) -> Any:
    """A plan's period: a year, or two years joined by a hyphen (``2014-2018``)."""
    if re.fullmatch(r"\d{4}(-\d{4})?", str(value).strip()):
        return value
    raise PydanticCustomError("period_form", _("a year or two years joined by a hyphen (e.g. 2014-2018)"))


def _language(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"[a-z]{2,3}", value):
        return value
    raise PydanticCustomError("language_form", _("a language code of two or three small letters (e.g. az)"))


def _in_english(value: Any) -> Any:
    """A plain text where a text per language may stand is the English one."""
    return {"en": value} if isinstance(value, str) else value


IsoDate = Annotated[Any, AfterValidator(_iso_date)]
Year = Annotated[int, Spec(ge=1900, le=2100)]
Language = Annotated[Any, AfterValidator(_language)]

#: the country's name: in each language the instruments know, its short form, and the form
#: it takes in a sentence ("the Republic of Azerbaijan")
_TEXTS = {lang: (str | None, None) for lang in SUPPORTED_LANGUAGES}
InText: type[BaseModel] = create_model("InText", __base__=Strict, **_TEXTS)  # type: ignore[call-overload]
CountryName: type[BaseModel] = create_model(
    "CountryName", __base__=Strict,
    short=(Annotated[InText, BeforeValidator(_in_english)] | None, None),  # type: ignore[valid-type]
    in_text=(Annotated[InText, BeforeValidator(_in_english)] | None, None),  # type: ignore[valid-type]
    **_TEXTS)  # type: ignore[call-overload]


class Period(Strict):
    start: IsoDate | None = None
    end: IsoDate | None = None
    days: int | None = Spec(default=None, ge=0)


class Workshop(Strict):
    date: IsoDate | None = None
    place: str | None = None


class PlanPeriod(Strict):
    start: Year
    end: Year | None = None


class Context(Strict):
    """``context.yaml``: the country's facts the documents state."""
    country: str | None = None
    name: Annotated[CountryName, BeforeValidator(_in_english)] | None = None  # type: ignore[valid-type]
    demonstration: str | None = None  # the note that the data are a demonstration's
    capital: str | None = None
    interview_period: Period | None = None
    survey_deadline: IsoDate | None = None
    workshop: Workshop | None = None
    plan_period: PlanPeriod | None = None  # the years of the plan to draft (docs/plan.md)
    languages: list[Language] = []
    author: str | None = None  # the documents' author (else the assessor)
    assessor: str | None = None


class Override(Strict):
    indicator: Any = None  # the criterion, its status and the reason are checked by read_overrides
    criterion: Any = None
    status: Any = None
    reason: Any = None


class Accepted(Strict):
    check: Any = None
    key: Any = None
    reason: Any = None


class Overrides(Strict):
    """``overrides.yaml``: the assessor's status overrides and accepted contradictions."""
    overrides: list[Override] | None = None
    accepted: list[Accepted] | None = None


class NapPlan(Strict):
    id: str | int
    title: str | None = None
    period: Annotated[str | int, AfterValidator(_period)] | None = None
    file: str


class NapRegistry(Strict):
    """``nap/nap.yaml``: the country's National Action Plans and their files."""
    plans: list[NapPlan]


def read_checked(path: Path, display: str, model: type[BaseModel]) -> tuple[Source | None, list[Problem]]:
    """The file at ``path`` read with its line marks and checked against ``model``:
    (the source, None when it cannot be used; the problems, named ``display``)."""
    problems: list[Problem] = []
    try:
        empty = load_yaml(path) is None  # nothing but comments: an empty file, as if absent
    except yaml.YAMLError:
        empty = False  # read_source names the line
    if empty:
        return Source(display, {}, None), []
    source = read_source(path, problems)
    if source is not None:
        source.name = display
        problems += model_problems(model, source)[1]
    # the message names the value found and what was expected: not again after it
    problems = [dataclasses.replace(p, file=display, value=None if p.value and p.value in p.message else p.value,
                                    expected=None if p.expected and p.expected in p.message else p.expected)
                for p in problems]
    bad = any(p.severity == "error" for p in problems)
    return (None if bad else source), problems


def context_problems(source: Source, country: str) -> list[Problem]:
    """``country:`` in context.yaml, when given, is the folder's country."""
    given = source.raw.get("country")
    if given is not None and str(given).strip().upper() != country.upper():
        return [source.problem(("country",), _("'{found}' is not the country of this folder, {country}",
                                               found=given, country=country.upper()))]
    return []
