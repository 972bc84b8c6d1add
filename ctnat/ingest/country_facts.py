"""What the desk review says the country has, as data: ``country_instruments:``
(laws, code articles, ratifications, decisions, plans, bodies, services,
systems, agreements — each with what it provides in the capability keys of
``instruments/capabilities.yaml``) and ``background:`` (the country's situation,
routes, victims, legal framework, institutions and services).

:func:`read_country_facts` checks the whole of ``desk_review.yaml`` against
:class:`DeskReview` — a top-level key it does not know is an error, so nothing
the assessor typed is silently ignored — then every reference: capability keys,
roles, criteria, citations (to the sources listed under ``sources:``) and
``part_of`` (another entry, or the name of a law not listed). Each problem names
the file, the line and the key path. It returns the ``country_instruments``
table (one row per entry; lists ``;``-joined) and the background as a mapping.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import Field as Spec

from ..instruments import Instruments
from ..instruments.model import read_source
from ..instruments.schema import Source, Strict, model_problems
from ..problems import Problem

KINDS = ("law", "code_article", "ratification", "decision", "plan", "body", "service", "system", "agreement")
STATUSES = ("in_force", "planned", "draft", "expired")
#: the status of an instrument the country has now (what an action would otherwise create)
IN_FORCE = "in_force"
COLUMNS = ["id", "kind", "title", "issuer", "number", "date", "status", "provides", "criteria", "citations",
           "part_of", "mandate", "operator", "gaps", "note"]
ID_FORM = re.compile(r"^[a-z][a-z0-9_]*$")


class CountryInstrument(Strict):
    id: str
    kind: Literal["law", "code_article", "ratification", "decision", "plan", "body", "service", "system",
                  "agreement"]
    title: str = Spec(min_length=1)
    issuer: str | None = None
    number: str | None = None
    number_variants: list[str] = []
    date: str | None = Spec(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    status: Literal["in_force", "planned", "draft", "expired"]
    provides: list[str] = []  # capability keys
    criteria: list[str] = []  # indicator.criterion ids it speaks to
    citations: list[str] = []  # "<source id>[, locator]"
    part_of: str | None = None  # the id of another entry, or the name of a law not listed
    mandate: list[str] = []  # roles of a body (capabilities.yaml)
    operator: Literal["state", "ngo"] | None = None
    gaps: str | None = None
    note: str | None = None
    seed: Any = None  # where in the reviewed documents (file and line ranges), for the reviewer
    anchor: Any = None


class BackgroundItem(Strict):
    text: str = Spec(min_length=1)
    source_year: int | None = None
    citations: list[str] = []
    seed: Any = None
    anchor: Any = None


class Ratification(Strict):
    instrument: str = Spec(min_length=1)
    year: int | None = None
    status: str | None = None
    note: str | None = None
    seed: Any = None
    anchor: Any = None


class LegalFramework(Strict):
    items: list[BackgroundItem] = []
    ratifications: list[Ratification] = []


class GlossaryTerm(Strict):
    abbreviation: str = Spec(min_length=1, pattern=r"^\S+$")
    meaning: str = Spec(min_length=1)


class Background(Strict):
    situation: list[BackgroundItem] = []
    routes: list[BackgroundItem] = []
    victim_profiles: list[BackgroundItem] = []
    legal_framework: LegalFramework = LegalFramework()
    institutions: list[BackgroundItem] = []
    services: list[BackgroundItem] = []
    glossary: list[GlossaryTerm] = []  # the country's acronyms (the report lists those it uses)


class DeskFinding(Strict):
    """The desk review's finding on one criterion (its keys; the values are
    checked by the desk-review reader, ctnat/ingest/run.py)."""
    indicator: Any = None
    criterion: Any = None
    finding: Any = None
    summary: Any = None
    citations: Any = None
    seed: Any = None
    anchor: Any = None


class DeskReview(Strict):
    """The keys of ``desk_review.yaml``; the values of ``sources`` and ``criteria``
    are checked entry by entry by the desk-review reader (ctnat/ingest/run.py)."""
    country: str | None = None
    assessor: str | None = None
    sources: list[dict[str, Any]] = []  # checked by ctnat/ingest/desk_sources.py
    criteria: list[DeskFinding] = []
    country_instruments: list[CountryInstrument] = []
    background: Background = Background()


def empty_instruments() -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS)


def read_country_facts(path: Path, inst: Instruments) -> tuple[pd.DataFrame, dict, list[Problem]]:
    """(country_instruments table, background, problems) of a desk_review.yaml."""
    problems: list[Problem] = []
    src = read_source(path, problems)
    if src is None:
        return empty_instruments(), {}, []  # not valid YAML: the desk-review reader reports it
    model, shape = model_problems(DeskReview, src)
    if model is None:
        return empty_instruments(), {}, shape
    assert isinstance(model, DeskReview)
    problems += instrument_problems(model, src, inst)
    rows = [{"id": e.id, "kind": e.kind, "title": e.title.strip(), "issuer": e.issuer or "",
             "number": e.number or "", "date": e.date or "", "status": e.status,
             "provides": ";".join(e.provides), "criteria": ";".join(e.criteria),
             "citations": ";".join(c.strip() for c in e.citations), "part_of": e.part_of or "",
             "mandate": ";".join(e.mandate), "operator": e.operator or "",
             "gaps": " ".join((e.gaps or "").split()), "note": " ".join((e.note or "").split())}
            for e in model.country_instruments]
    background = model.background.model_dump(mode="json")
    return pd.DataFrame(rows, columns=COLUMNS), background, problems


def instrument_problems(model: DeskReview, src: Source, inst: Instruments) -> list[Problem]:
    """The references of every country instrument (see the module doc)."""
    out = []
    caps, roles = inst.capabilities.keys(), inst.capabilities.role_keys()
    criteria = inst.indicators.criterion_keys()
    sources = {str(s.get("id")).strip() for s in model.sources if s.get("id") is not None}
    ids = [e.id for e in model.country_instruments]
    seen: set[str] = set()
    for n, e in enumerate(model.country_instruments):
        loc: tuple = ("country_instruments", n)
        if not ID_FORM.match(e.id):
            out.append(src.problem(loc + ("id",), "an id is lower-case letters, digits and _", e.id,
                                   "e.g. law_combating_thb_2005"))
        if e.id in seen:
            out.append(src.problem(loc + ("id",), "duplicate id", e.id, "each id once"))
        seen.add(e.id)
        for field, known, expected in (("provides", caps, "a capability key of instruments/capabilities.yaml"),
                                       ("mandate", set(roles), "a role of instruments/capabilities.yaml: "
                                        + ", ".join(roles)),
                                       ("criteria", criteria, "<indicator id>.<fw1|fw2|op1|op2>")):
            for j, k in enumerate(getattr(e, field)):
                if k not in known:
                    out.append(src.problem(loc + (field,), f"unknown {field.rstrip('s')} '{k}'", k, expected,
                                           at=loc + (field, j)))
        if e.mandate and e.kind != "body":
            out.append(src.problem(loc + ("mandate",), "only a body has a mandate", e.kind, "kind: body"))
        for j, c in enumerate(e.citations):
            sid = c.split(",")[0].strip()
            if sid not in sources:
                out.append(src.problem(loc + ("citations",), f"citation '{c}' refers to a source not in the "
                                       "sources list", sid, "a source id listed under 'sources:'",
                                       at=loc + ("citations", j)))
        if e.part_of and re.fullmatch(r"[a-z][a-z0-9_]*", e.part_of) and e.part_of not in ids:
            out.append(src.problem(loc + ("part_of",), f"unknown instrument '{e.part_of}'", e.part_of,
                                   "the id of another entry of country_instruments, or the name of a law"))
    return out
