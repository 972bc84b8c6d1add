"""The report's front and back matter and the country background (issue 25, item 1):
executive summary, acronyms, country background (situation, legal framework with the
ratification table, institutions), conclusions and the reading of the area-score chart,
each drafted from the data - change the data and the wording follows."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest
from docx import Document

from ctnat import catalogue
from ctnat.instruments import load_instruments
from ctnat.report.background import add_background_chapter, ratification_rows
from ctnat.report.build import _Data
from ctnat.report.conclusions import (certainty_sentence, chart_reading, lower_first, opening, read_areas)
from ctnat.report.front_matter import headline, used_in
from tests.conftest import REPO
from tests.test_pipeline_aze import report_text


@pytest.fixture(scope="module")
def doc(aze):
    return Document(str(aze[1]))


@pytest.fixture
def data(aze):
    return _Data("AZE", aze[0])


def _body(doc) -> list[tuple[str, str]]:
    """(style, text) of every body paragraph, in order."""
    return [(p.style.name, p.text) for p in doc.paragraphs]


def _section(doc, heading: str) -> list[str]:
    """The paragraphs under ``heading`` up to the next heading of the same or a higher level."""
    body = _body(doc)
    start = next(i for i, (s, t) in enumerate(body) if s.startswith("Heading") and t == heading)
    level = body[start][0]
    out = []
    for style, text in body[start + 1:]:
        if style.startswith("Heading") and style <= level:
            break
        out.append(text)
    return out


# ------------------------------------------------------------------ the AZE report
def test_front_matter_comes_after_the_contents_and_before_chapter_one(doc, aze):
    heads = [t for s, t in _body(doc) if s.startswith("Heading 1")]
    assert heads[:3] == ["Executive summary", "Acronyms and abbreviations", "1 Introduction and methodology"]
    summary = " ".join(_section(doc, "Executive summary"))
    assert "14 interviews with 36 people" in summary and "7 responses to an electronic survey" in summary
    assert "Of the 100 criteria, 36 are met, 35 partly met and 26 not met; 3 could not be judged." in summary
    # the priority recommendations: the recommend stage's high-priority ones, number and title
    recs = catalogue.read("recommendations", "AZE", aze[0]).fillna("")
    high = recs[(recs["priority"] == "high") & (recs["id"] != "")]
    assert len(high) and all(f"{r.id} {r.title}" in summary for r in high.itertuples())
    assert "What the evidence cannot show" in [t for s, t in _body(doc) if s.startswith("Heading")]


def test_the_acronyms_list_holds_only_acronyms_the_document_uses(doc):
    listed = _section(doc, "Acronyms and abbreviations")
    abbreviations = [line.split("\t")[0] for line in listed if "\t" in line]
    assert "NGO" in abbreviations and "MIA" in abbreviations  # general (instruments) and the country's own
    rest = report_text(doc).replace("\n".join(listed), "")
    for a in abbreviations:
        assert used_in(a, rest), a
    glossary = load_instruments(REPO / "instruments").glossary.meanings()
    unused = [a for a in glossary if not used_in(a, rest)]
    assert unused and not set(unused) & set(abbreviations)


def test_used_in_matches_whole_words_and_plurals():
    assert used_in("NGO", "two NGOs and one NGO's shelter")
    assert not used_in("UN", "UNTOC") and not used_in("CAT", "CATEGORY") and not used_in("NAP", "CT-NAP")


def test_background_chapter_holds_the_desk_review_and_the_statistics(doc, aze):
    heads = [t for s, t in _body(doc) if s.startswith("Heading")]
    chapter = heads[heads.index("2 Country background"):heads.index("3 Findings")]
    for h in ("2.1 The trafficking situation", "Routes", "Victims and those at risk", "What survey respondents said",
              "Official statistics", "2.2 Legal framework", "2.3 Institutional framework"):
        assert h in chapter, h
    text = report_text(doc)
    assert "Decision No. 21 of 2008" in text and "Article 144-1" in text  # from the background's legal framework


def test_ratification_table_rows_come_from_the_country_instruments(doc, aze):
    inst = catalogue.read("country_instruments", "AZE", aze[0]).fillna("")
    rows = ratification_rows(inst)
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "International instrument")
    assert [[c.text for c in r.cells] for r in table.rows[1:]] == rows
    assert len(rows) == int((inst["kind"] == "ratification").sum())
    assert ["UN Protocol to Prevent, Suppress and Punish Trafficking in Persons", "2003", "ratified or acceded"] in rows


def test_every_added_table_and_figure_is_named_in_the_text_before_it(doc):
    """The ratification, laws and institutions tables and the area-score chart: "Table N" /
    "Figure N" stands in a paragraph before the caption."""
    body = [t for _s, t in _body(doc)]
    for caption_start in ("International instruments: ratification", "Laws, articles and decisions",
                          "Bodies and services against trafficking", "Area scores"):
        i, cap = next((i, t) for i, t in enumerate(body) if re.match(r"(Table|Figure) \d+\. " + caption_start, t))
        label = re.match(r"(Table|Figure) \d+", cap).group(0)
        assert any(label in t for t in body[max(0, i - 40):i]), cap


def test_conclusions_chapter_stands_before_the_recommendations(doc):
    heads = [t for s, t in _body(doc) if s.startswith("Heading 1")]
    assert heads.index("4 Conclusions") + 1 == heads.index("5 Recommendations")
    paragraphs = _section(doc, "4 Conclusions")
    assert any(p.startswith("Across the 100 criteria") for p in paragraphs)


# ------------------------------------------------------------------ wording follows the data
def test_an_area_s_standing_follows_its_score(data):
    readings = read_areas(data)
    first = opening(readings[1], readings, data.rubric)  # protection and assistance: lowest in AZE
    assert "weakest area (45%)" in first
    data.area_scores.loc[data.area_scores["area"].astype(str) == "2", "score"] = 0.9
    readings = read_areas(data)
    now = opening(readings[1], readings, data.rubric)
    assert "scores highest of the five areas (90%)" in now and "largely in place" in now


def test_a_tie_at_the_top_is_said_as_a_tie(data):
    for area in ("1", "5"):
        data.area_scores.loc[data.area_scores["area"].astype(str) == area, "score"] = 0.7
    readings = read_areas(data)
    assert chart_reading(readings).startswith("Identification and referral and cooperation and coordination share "
                                              "the highest score (70%)")
    assert "shares the highest score of the areas (70%) with cooperation and coordination" in \
        opening(readings[0], readings, data.rubric)


def test_an_area_mostly_without_evidence_is_said_to_be_so(data):
    rows = data.scores["indicator"].str.startswith("3.")
    data.scores.loc[rows, "status"] = "insufficient_evidence"
    data.area_scores.loc[data.area_scores["area"].astype(str) == "3", "score"] = ""
    readings = read_areas(data)
    r = readings[2]
    assert certainty_sentence(r).startswith("Most of the area could not be judged: 20 of its 20 criteria")
    assert headline(data, r).startswith("mostly beyond what the evidence can judge")
    assert opening(r, readings, data.rubric).startswith("No criterion of investigation and prosecution could be scored")


def test_titles_keep_their_acronyms_and_proper_names():
    assert lower_first("Formal processes for identification") == "formal processes for identification"
    assert lower_first("National Referral Mechanism (NRM)") == "National Referral Mechanism (NRM)"
    assert lower_first("NGO funding") == "NGO funding"


# ------------------------------------------------------------------ a country whose desk review is silent
def test_a_silent_desk_review_is_said_in_words_without_paths(tmp_path):
    doc = Document()
    d = SimpleNamespace(country="AZE", root=tmp_path, short_name="Testland",
                        inst=load_instruments(REPO / "instruments"))
    add_background_chapter(doc, d, 2, narrative=lambda: None, survey=lambda: None, statistics=lambda: None)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "The desk review does not yet describe the forms and trends of trafficking, routes of trafficking, and " \
           "who is trafficked and who is at risk in Testland." in text
    assert "does not yet list the international instruments Testland is party to" in text
    assert not re.search(r"data/|\.ya?ml|\.csv|\b[a-z]+_[a-z_]+\b|\[", text), text
    assert not doc.tables


def test_ratification_rows_are_sorted_by_year_with_undated_ones_last():
    inst = pd.DataFrame([{"kind": "ratification", "title": "B", "date": "", "status": "in_force"},
                         {"kind": "ratification", "title": "A", "date": "2010-01", "status": "planned"},
                         {"kind": "law", "title": "L", "date": "2005", "status": "in_force"},
                         {"kind": "ratification", "title": "C", "date": "1992", "status": "in_force"}])
    assert ratification_rows(inst) == [["C", "1992", "ratified or acceded"],
                                       ["A", "2010", "signed; ratification planned"],
                                       ["B", "not given", "ratified or acceded"]]
