"""The desk review's source list (``sources:`` in desk_review.yaml) as a
processed table, ``desk_sources.csv``, for the report's bibliography; and who
reviewed the documents (``assessor``), kept in context.json as ``desk_assessor``.

Each source is a :class:`DeskSource`: the key the findings cite it by (``id``,
e.g. "Aze 30"), its author or organisation, title, year, publisher and document
number or URL (docs/data_formats.md, "Desk review sources"). A source without
an author, title or year cannot make a bibliography line: it is a warning for
the assessor (listed with ingest's warnings and by ``make report``), and the
bibliography leaves it out. A source of the wrong shape (no id, an id twice, an
unknown key, a year that is not a year, a URL that is not one) is an error.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ConfigDict
from pydantic import Field as Spec

from ..instruments.model import read_source
from ..instruments.schema import Strict, model_problems
from ..problems import Problem

#: what a bibliography line needs, with what the assessor is asked for when it is missing
REQUIRED = {"author": "the author or organisation that wrote or issued the document",
            "title": "the document's title",
            "year": "the year the document was published or adopted (e.g. 2014)"}
URL = re.compile(r"^https?://\S+$")
COLUMNS = ["id", "author", "title", "year", "publisher", "number", "url", "missing"]


class DeskSource(Strict):
    """One entry of ``sources:``."""
    id: str = Spec(min_length=1)  # the key the findings cite ("Aze 30", "Aze 30, p. 7")
    author: str | None = None  # author or organisation
    title: str | None = None
    year: int | None = Spec(default=None, ge=1800, le=2100)
    publisher: str | None = None
    number: str | None = None  # document number (a decision, an order, a report symbol)
    url: str | None = None  # checked by the reader: a web address
    note: str | None = None  # for the assessor; never printed
    seed: Any = None  # where in the reviewed documents (file and line ranges), for the reviewer

    def missing(self) -> list[str]:
        """The required fields this source lacks (empty: it makes a bibliography line)."""
        return [k for k in REQUIRED if getattr(self, k) in (None, "") or not str(getattr(self, k)).strip()]


class _Sources(Strict):
    """The part of desk_review.yaml this reader takes; the rest is checked elsewhere."""
    model_config = ConfigDict(extra="ignore")
    assessor: str | None = None
    sources: list[DeskSource] = []


def _clean(v: object) -> str:
    return "" if v is None else " ".join(str(v).split())


def read_desk_sources(path: Path) -> tuple[pd.DataFrame, str, list[Problem]]:
    """(sources table, assessor, problems) of a desk_review.yaml; an empty table
    when the file is absent or not valid YAML (the desk-review reader reports that)."""
    empty = pd.DataFrame(columns=COLUMNS)
    if not path.exists():
        return empty, "", []
    src = read_source(path, [])
    if src is None:
        return empty, "", []
    model, problems = model_problems(_Sources, src)
    if model is None:
        return empty, "", problems
    assert isinstance(model, _Sources)
    rows, seen = [], set()
    for n, s in enumerate(model.sources):
        sid = s.id.strip()
        if sid in seen:
            problems.append(src.problem(("sources", n, "id"), f"source '{sid}' is listed twice", sid,
                                        "each source id once"))
            continue
        seen.add(sid)
        if s.url and not URL.match(s.url.strip()):
            problems.append(src.problem(("sources", n, "url"), "not a web address", s.url,
                                        "a web address starting with http:// or https://"))
        missing = s.missing()
        if missing:
            problems.append(Problem(
                src.name, f"source '{sid}' has no {', '.join(missing)}: it is left out of the bibliography, and "
                f"every citation of {sid} is for the assessor to complete", row=src.problem(("sources", n), "").row,
                column=f"sources[{sid}].{missing[0]}", value=sid,
                expected="; ".join(f"{k}: {REQUIRED[k]}" for k in missing), severity="warning"))
        rows.append({"id": sid, "author": _clean(s.author), "title": _clean(s.title),
                     "year": "" if s.year is None else str(s.year), "publisher": _clean(s.publisher),
                     "number": _clean(s.number), "url": _clean(s.url), "missing": ";".join(missing)})
    return pd.DataFrame(rows, columns=COLUMNS), _clean(model.assessor), problems
