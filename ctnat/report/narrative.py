"""The assessor's narrative in the language of the document being written.

The narrative is printed as the assessor wrote it, never translated by the tool.
English text lives in ``data/raw/<ISO3>/narrative/<part>.md``; another language's
in ``narrative/<lang>/<part>.md`` (``narrative/ru/area1.md``). The narrative stage
copies both to ``analysis/<ISO3>/narrative/``. A Russian document takes the Russian
part; a part that exists only in English is not slipped into it: the report lists
it among the sections awaiting the assessor and, in a working draft, shows it
under an assessor's note (:func:`ctnat.report.build._narrative`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from .. import catalogue
from ..messages import current_language

#: how a part was found: in the document's language, only in the base language, or not at all
Found = Literal["own", "base_only", "missing"]


def narrative_part(country: str, root, name: str, lang: str | None = None) -> tuple[Path | None, Found]:
    """The file of narrative part ``name`` (``area1``, ``situation``) for a document in
    ``lang`` (default: the current language), and how it was found."""
    lang = lang or current_language()
    base = catalogue.input_path("narrative_text", country, root, must_exist=False, part=name)
    if lang == catalogue.BASE_LANGUAGE:
        return (base, "own") if base.exists() else (None, "missing")
    own = catalogue.input_path("narrative_text", country, root, must_exist=False, part=f"{lang}/{name}")
    if own.exists():
        return own, "own"
    return (base, "base_only") if base.exists() else (None, "missing")
