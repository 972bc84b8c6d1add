"""The report's chapters in order, numbered from their place: the seed report's
structure with a country background and conclusions added (executive summary and
acronyms come first, unnumbered; the annexes last, lettered)."""

from __future__ import annotations

CHAPTERS = ("introduction", "background", "findings", "conclusions", "recommendations")


def chapter(name: str) -> int:
    """The number of chapter ``name`` (``chapter("findings")`` → 3)."""
    return CHAPTERS.index(name) + 1
