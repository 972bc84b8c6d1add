"""A Russian reader's check of every Russian document of AZE (issue 26): the visible text (what
ctnat.documents.published_text extracts) is Cyrillic apart from names, acronyms, numbers and quoted
material; every heading and caption is Russian; the published-text lint applies as to English.

A failure lists what a Russian reader would stumble on: the Latin words outside quotes (with where
they stand) and the catalogue's messages still untranslated that the documents print in English."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from ctnat.documents.published_text import Passage, offences, passages

CATALOGUE = ("not yet true (issue 26 open): the message catalogue, indicators, rubric and recommendations are in "
             "Russian, but plan.yaml, statistics.yaml, unit_costs.yaml and glossary.yaml have no ru labels yet, and "
             "area and indicator titles stored in English in the scoring and NAP tables still reach the handout and "
             "figures; remove this mark when they do not")
#: Latin words outside quotes a Russian document may hold at most (names of bodies and sources as
#: published, in the bibliography and the statistics' sources), as a share of its words
LATIN_SHARE = 0.03

_QUOTED = re.compile(r"“[^”]*”|«[^»]*»|\"[^\"]*\"|„[^“”]*[“”]")
_ADDRESS = re.compile(r"https?://\S+|\bwww\.\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+")
_WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*")
_LATIN = re.compile(r"[A-Za-z]")


def latin_words(text: str, names: set[str] = frozenset()) -> list[str]:
    """The words of ``text`` a Russian reader would read as English: words with Latin letters
    outside quotation marks and addresses, but acronyms (NGO, GRETA, US), single letters (n=14)
    and the ``names`` given (bodies, sources and instruments as the data name them)."""
    bare = _ADDRESS.sub(" ", _QUOTED.sub(" ", text))
    return [w for w in _WORD.findall(bare) if _LATIN.search(w) and len(w) > 1 and not w.isupper()
            and w not in names]


def words(text: str) -> list[str]:
    return _WORD.findall(_ADDRESS.sub(" ", _QUOTED.sub(" ", text)))


@pytest.mark.parametrize("text, found", [
    ("В 2016 г. проведено 14 интервью (n=14).", []),
    ("Рекомендации для NGO и GRETA", []),
    ("Этот раздел: “Protection and assistance” как цитата", []),
    ("Of the 100 criteria, 36 are met", ["Of", "the", "criteria", "are", "met"]),
    ("Таблица 3. Official statistics", ["Official", "statistics"]),
    ("см. https://www.example.org/report", []),
])
def test_latin_words_are_those_outside_quotes_acronyms_and_names(text, found):
    assert latin_words(text) == found


def test_a_name_given_is_not_an_offender():
    assert latin_words("по данным Counter-trafficking Main Department", {"Counter-trafficking", "Main",
                                                                          "Department"}) == []


def data_names(root: Path, country: str) -> set[str]:
    """The words of the names the data give in their own language: sources' authors, titles and
    publishers (printed as published), instruments' titles and issuers, statistics' sources."""
    from ctnat import catalogue

    out: set[str] = set()
    for name, columns in (("desk_sources", ("author", "title", "publisher")),
                          ("country_instruments", ("title", "issuer", "number")), ("statistics", ("source",))):
        frame = catalogue.read(name, country, root, missing_ok=True)
        if frame is None:
            continue
        for column in columns:
            for value in frame.get(column, []):
                out |= set(_WORD.findall(str(value)))
    return out


def headings_and_captions(path: Path) -> list[Passage]:
    """The headings, title and captions of a Word document (by their styles)."""
    from docx import Document

    out = []
    for p in Document(str(path)).paragraphs:
        style = p.style.name if p.style is not None else ""
        if style.startswith(("Heading", "Title", "Caption")) and p.text.strip():
            out.append(Passage(path.name, style, p.text))
    return out


def untranslated_messages(text: str) -> list[str]:
    """The catalogue's messages without a Russian translation whose English words stand in ``text``."""
    from babel.messages.pofile import read_po

    from ctnat.messages import translations_file

    with translations_file("ru").open("rb") as f:
        catalog = read_po(f, locale="ru")
    found = []
    for message in catalog:
        if not message.id or (message.string if isinstance(message.string, str) else all(message.string)):
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        fixed = max(re.split(r"\{[^}]*\}", msgid), key=len).strip()
        if len(fixed) >= 12 and fixed in text:
            found.append(msgid)
    return sorted(found)


def reading_report(paths: list[Path], names: set[str]) -> tuple[dict, list[str]]:
    """Per document: (share of Latin words, the commonest offenders with a place), and the headings
    and captions that are not Russian."""
    shares, headings = {}, []
    for path in paths:
        total, latin, where = 0, Counter(), {}
        for p in passages(path):
            total += len(words(p.text))
            for w in latin_words(p.text, names):
                latin[w] += 1
                where.setdefault(w, p.location)
        shares[path.name] = (sum(latin.values()) / max(total, 1),
                             [f"{w} ×{n} ({where[w]})" for w, n in latin.most_common(15)])
        if path.suffix == ".docx":
            headings += [f"{h.document} [{h.location}] {h.text[:100]!r}" for h in headings_and_captions(path)
                         if latin_words(h.text, names)]
    return shares, headings


@pytest.fixture(scope="module")
def russian_aze(aze_in_both_languages):
    from ctnat.documents.published_text import published_documents

    root = aze_in_both_languages[0]
    return root, published_documents(root / "analysis" / "AZE" / "ru", "AZE")


def test_the_russian_documents_pass_the_published_text_lint(russian_aze):
    _root, paths = russian_aze
    assert len(paths) == 5
    assert [str(o) for o in offences(paths)] == []


@pytest.mark.xfail(strict=False, reason=CATALOGUE)
def test_a_russian_reader_reads_russian_in_every_russian_document(russian_aze):
    root, paths = russian_aze
    names = data_names(root, "AZE")
    shares, headings = reading_report(paths, names)
    text = "\n".join(p.text for path in paths for p in passages(path))
    problems = [f"{doc}: {share:.0%} Latin words outside quotes; e.g. {', '.join(examples)}"
                for doc, (share, examples) in shares.items() if share > LATIN_SHARE]
    problems += [f"heading or caption not in Russian: {h}" for h in headings[:80]]
    if len(headings) > 80:
        problems.append(f"… and {len(headings) - 80} more headings or captions not in Russian")
    untranslated = untranslated_messages(text)
    if untranslated:
        problems.append(f"{len(untranslated)} messages printed untranslated (no msgstr in the ru catalogue):\n    "
                        + "\n    ".join(untranslated[:60]))
    assert not problems, "\n".join(problems)
