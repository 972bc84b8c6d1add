"""Mandate cues: words that name an institution a country has only one of, or
describe it by its mandate (``instruments/mandate_cues.yaml``). A passage that
holds one identifies who spoke or who is meant as surely as a name, so the quote
gate withholds it for the assessor like a name (see :mod:`.quotes`).

A cue is a run of word beginnings matched against consecutive words of the
text, in any letter case and with accents folded: "migration servic" matches
"State Migration Service"; "миграционн служб" matches "Миграционной службы".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..messages import _
from .screen import _norm, words


@dataclass(frozen=True)
class MandateCue:
    institution: str  # as the review list names it
    stems: tuple[str, ...]


def mandate_cues(institutions: Iterable[tuple[str, Iterable[str]]]) -> list[MandateCue]:
    """The cues of (institution label, cue texts in every language) pairs, as
    ``instruments/mandate_cues.yaml`` lists them (validated by the instruments' model)."""
    out = []
    for label, cues in institutions:
        for cue in cues:
            stems = tuple(_norm(w) for w in words(cue))
            if stems:
                out.append(MandateCue(label, stems))
    return out


def mandate_reason(text: str, cues: list[MandateCue]) -> str | None:
    """Why ``text`` identifies a one-of-a-kind institution, or None."""
    if not cues:
        return None
    ws = [_norm(w) for w in words(text)]
    for cue in cues:
        k = len(cue.stems)
        for i in range(len(ws) - k + 1):
            if all(ws[i + j].startswith(s) for j, s in enumerate(cue.stems)):
                return _("it names or describes by its mandate an institution the country has only one of "
                         "({institution})", institution=cue.institution)
    return None


def cues_as_dict(cues: list[MandateCue]) -> list[dict]:
    return [{"institution": c.institution, "stems": list(c.stems)} for c in cues]


def cues_from_dict(rows: list[dict] | None) -> list[MandateCue]:
    return [MandateCue(r["institution"], tuple(r["stems"])) for r in rows or []]
