"""Suggest codes for interview segments and survey free text from the codebook.

Each segment is split into sentences; a theme is suggested for a segment when
one of its patterns (in any declared language) matches a sentence. The first
matching sentence becomes ``matched_text``; the polarity is told from the cue
words of ``codebook.yaml`` in the matching sentences (contradicting cues win a
tie, since a gap stated is more informative than praise), or left empty.

The criteria a coded segment counts for are the ones its matching sentences are
about: a theme's ``criteria_rules`` (patterns → criteria) add the criteria whose
patterns match; when none matches, the theme's own ``criteria`` (what general talk
about the theme bears on) apply. So a complaint about training under the legal
framework theme does not count against ratification.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..instruments import Codebook

SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+")
CODED_COLUMNS = ["segment_id", "origin", "interview_code", "question", "entity_type", "theme", "area", "criteria",
                 "matched_text", "polarity", "source", "coder"]


@dataclass
class Theme:
    code: str
    area: str
    label: dict
    description: dict
    criteria: list[str]
    patterns: list[re.Pattern]
    rules: list[tuple[list[re.Pattern], list[str]]]


def compile_codebook(codebook: Codebook) -> tuple[list[Theme], dict[str, list[re.Pattern]]]:
    """Compile the codebook's themes and polarity cues (all languages)."""
    def rx(patterns: dict[str, list[str]]) -> list[re.Pattern]:
        return [re.compile(p, re.IGNORECASE) for lang in patterns for p in (patterns.get(lang) or [])]

    themes = [Theme(code=t.code, area=t.area, label=t.label, description=t.description or {},
                    criteria=list(t.criteria), patterns=rx(t.patterns),
                    rules=[(rx(r.patterns), list(r.criteria)) for r in t.criteria_rules])
              for t in codebook.themes]
    cues = {"contradicts": rx(codebook.polarity.contradicts), "supports": rx(codebook.polarity.supports)}
    return themes, cues


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_SPLIT.split(text or "") if s and s.strip()]


def criteria_of(theme: Theme, hits: list[str]) -> list[str]:
    """The criteria the matching sentences are about (see the module docstring)."""
    out: list[str] = []
    for patterns, crits in theme.rules:
        if any(p.search(s) for s in hits for p in patterns):
            out += [c for c in crits if c not in out]
    return out or list(theme.criteria)


BUT = re.compile(r",? but |; however,? ", re.IGNORECASE)
NO_GAP = re.compile(r"\bno (?:gaps?|problems?|issues?)\b", re.IGNORECASE)


def polarity_of(sentence_list: list[str], cues: dict[str, list[re.Pattern]]) -> str:
    # after "but" comes the speaker's point; "no gaps" is praise, not two gap cues
    parts = [NO_GAP.sub("no_gap", BUT.split(s)[-1]) for s in sentence_list]
    neg = sum(1 for s in parts for p in cues.get("contradicts", []) if p.search(s))
    pos = sum(1 for s in parts for p in cues.get("supports", []) if p.search(s))
    pos += sum(1 for s in sentence_list if NO_GAP.search(s))
    if neg == 0 and pos == 0:
        return ""
    return "contradicts" if neg >= pos else "supports"


def autocode(segments: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Coded rows for ``segments`` (columns segment_id, interview_code, question,
    entity_type, text, origin) — one row per (segment, theme)."""
    themes, cues = compile_codebook(codebook)
    rows = []
    for seg in segments.to_dict("records"):
        sents = sentences(str(seg.get("text") or ""))
        for t in themes:
            hits = [s for s in sents if any(p.search(s) for p in t.patterns)]
            if not hits:
                continue
            rows.append({
                "segment_id": seg["segment_id"], "origin": seg.get("origin", "interview"),
                "interview_code": seg.get("interview_code", ""), "question": seg.get("question", ""),
                "entity_type": seg.get("entity_type", ""), "theme": t.code, "area": t.area,
                "criteria": ";".join(criteria_of(t, hits)), "matched_text": hits[0][:400],
                "polarity": polarity_of(hits, cues), "source": "auto", "coder": "",
            })
    return pd.DataFrame(rows, columns=CODED_COLUMNS)
