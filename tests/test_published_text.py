"""The published-text lint (ctnat.documents.published_text): no criterion or
question code, snake_case value, file path, command, placeholder or raw ISO date
reaches a reader, in any document of any bundled country."""

from __future__ import annotations

import re

import pytest
from docx import Document

from ctnat.documents.published_text import Passage, offences, offences_in, passages

KINDS = ("assessment_report.docx", "workshop_handout.docx", "workshop_worksheet.docx", "workshop_slides.pptx",
         "results_framework.xlsx")


def rules_of(text: str) -> list[tuple[str, str]]:
    return [(o.rule, o.match) for o in offences_in(Passage("doc", "here", text))]


@pytest.mark.parametrize("text, found", [
    ("Answers the gaps: 1.1.op1 partly met", [("criterion code", "1.1.op1")]),
    ("rated above its Level 1 fw1 (not met)", [("criterion code", "fw1")]),
    ("see column q3_1_4", [("criterion code", "q3_1_4"), ("snake_case", "q3_1_4")]),
    ("R4.5 Safe migration [key: pr_migration]", [("tag", "[key: pr_migration]"), ("snake_case", "pr_migration")]),
    ("status partly_met", [("snake_case", "partly_met")]),
    ("nap2014: 13.1.5", [("snake_case", "nap2014")]),
    ("put them in data/raw/AZE/statistics.csv", [("file", "data/raw/AZE/statistics.csv")]),
    ("detail in AZE_evidence_annex.csv", [("file", "AZE_evidence_annex.csv")]),
    ("the overrides.yaml file", [("file", "overrides.yaml")]),
    ("(ctnat nap analyse)", [("command", "ctnat nap")]),
    ("run make report COUNTRY=AZE", [("command", "make report"), ("command", "COUNTRY=A")]),
    ("[Assessor's narrative: write the text to add it here.]",
     [("placeholder", "[Assessor's narrative: write the text to add it here.]")]),
    ("Dear {country}", [("placeholder", "{country}")]),
    ("adopted 2009-08 by decree", [("raw date", "2009-08")]),
    ("received 2026-12-08", [("raw date", "2026-12-08")]),
])
def test_the_lint_finds_each_kind_of_machine_word(text, found):
    assert rules_of(text) == found


@pytest.mark.parametrize("text", [
    "3.1.2 Are victims referred to services? (n=6)",          # the seed numbers its questions
    "1.1 Operational L1 partly met",                            # indicator number and the level in words
    "R1.1 A referral mechanism every agency uses",               # recommendation numbers the report defines
    "M1.5.b | Baseline",                                         # plan rows the workbook defines
    "R4 | Framework criterion with a desk-review finding",      # rubric rule labels the rules table defines
    "Law No. 958-IIIQ, 28 June 2005 (https://e-qanun.az/framework/11084.pdf)",  # addresses read as written
    "the plan for 2027–2030; years 2009-2010",
    "more than 13,000 victims — 50% of them",
])
def test_what_the_seed_prints_is_allowed(text):
    assert rules_of(text) == []


def test_passages_reach_tables_headers_and_every_sheet(tmp_path):
    import openpyxl

    doc = Document()
    doc.add_paragraph("Body")
    doc.add_table(rows=1, cols=1).rows[0].cells[0].text = "see overrides.yaml"
    doc.sections[0].footer.paragraphs[0].text = "partly_met"
    path = tmp_path / "x.docx"
    doc.save(str(path))
    found = offences([path])
    assert [(o.location, o.rule) for o in found] == [("table 1, row 1, cell 1", "file"),
                                                     ("section 1 footer", "snake_case")]
    wb = openpyxl.Workbook()
    wb.active.title = "not_met"
    wb.active["B2"] = "1.2.fw1"
    hidden = wb.create_sheet("hidden")
    hidden["A1"] = "pr_migration"
    hidden.sheet_state = "hidden"
    book = tmp_path / "x.xlsx"
    wb.save(str(book))
    assert [(p.location, p.text) for p in passages(book)] == [("sheet name", "not_met"), ("not_met!B2", "1.2.fw1")]


@pytest.mark.parametrize("country", ["AZE", "ARM", "GEO"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_machine_word_reaches_a_published_document(bundled_documents, country, kind):
    docs = [p for p in bundled_documents[country] if p.name.endswith(kind)]
    assert docs, f"{country}: no {kind}"
    assert [str(o) for o in offences(docs)] == []


def test_the_workbook_keeps_its_keys_on_hidden_sheets_which_the_lint_skips_only_as_hidden(bundled_documents,
                                                                                          tmp_path):
    import openpyxl

    book = next(p for p in bundled_documents["AZE"] if p.name.endswith("results_framework.xlsx"))
    wb = openpyxl.load_workbook(str(book))
    assert {ws.title: ws.sheet_state for ws in wb.worksheets if ws.title.startswith("_")} == \
        {"_draft": "hidden", "_meta": "hidden"}
    wb["_draft"].sheet_state = "visible"  # shown, its keys are machine words like any other
    shown = tmp_path / book.name
    wb.save(str(shown))
    found = {(o.location.split("!")[0], o.rule) for o in offences([shown])}
    assert {sheet for sheet, _rule in found} == {"_draft"} and ("_draft", "criterion code") in found


# ------------------------------------------------------------------ draft mode and what awaits the assessor
def test_a_missing_narrative_is_left_out_of_the_final_report_listed_and_marked_only_in_a_draft(bundled_documents,
                                                                                                  tmp_path):
    import shutil

    from ctnat.build import awaiting_assessor, build_country

    src = next(p for p in bundled_documents["GEO"] if p.name.endswith("report.docx")).parents[2]
    root = tmp_path / "project"
    shutil.copytree(src, root)
    (root / "data" / "raw" / "GEO" / "narrative" / "area5.md").unlink()
    report = root / "analysis" / "GEO" / "GEO_assessment_report.docx"

    build_country("GEO", root=root, until="report", draft=False)
    text = "\n".join(p.text for p in Document(str(report)).paragraphs)
    assert "Assessor’s note" not in text and "[Assessor" not in text
    waiting = awaiting_assessor("GEO", root)
    assert [(s, p.name) for s, p in waiting] == [("Cooperation and coordination", "area5.md")]

    result = build_country("GEO", root=root, until="report", draft=True)
    assert "report" in result["ran"]  # switching to a draft rebuilds the report
    notes = [p.text for p in Document(str(report)).paragraphs if p.text.startswith("[Assessor’s note")]
    assert len(notes) == 1 and "Cooperation and coordination" in notes[0]
    assert [str(o) for o in offences([report])] == []  # the note names the section, never a file


def test_the_cover_is_dated_from_the_context_never_the_build_day():
    from ctnat.report.build import assessment_month

    ctx = {"interview_period": {"start": "2016-01-13", "end": "2016-01-25"}, "survey_deadline": "2016-01-31",
           "workshop": {"date": "2016-04-25"}}
    assert assessment_month(ctx, after_workshop=False) == "January 2016"
    assert assessment_month(ctx, after_workshop=True) == "April 2016"
    assert assessment_month({}, after_workshop=True) == "date to be set"


def test_a_year_and_month_is_said_in_words():
    from ctnat.messages import format_date

    assert format_date("2009-08") == "August 2009"
    assert format_date("2016-04-25") == "25 April 2016"


def test_the_rules_table_lists_r_before_c_each_in_number_order():
    from ctnat.report.recommendations import _rule_order

    assert sorted(["C3", "OVERRIDE", "R1", "C2", "R0", "C1"], key=_rule_order) == \
        ["R0", "R1", "C1", "C2", "C3", "OVERRIDE"]


def test_a_caption_keeps_its_table_on_its_page():
    from docx.oxml.ns import qn

    from ctnat.documents.docx_tools import caption, table

    doc = Document()
    t = table(doc, ["A", "B"], [["1", "2"], ["3", "4"]])
    caption(doc, "Two rows")
    last, first = t.rows[-1], t.rows[1]
    assert all(p._p.pPr is not None and p._p.pPr.find(qn("w:keepNext")) is not None
               for c in last.cells for p in c.paragraphs)
    assert all(p._p.pPr is None or p._p.pPr.find(qn("w:keepNext")) is None for c in first.cells for p in c.paragraphs)


def test_the_worksheet_is_a4(bundled_documents):
    ws = next(p for p in bundled_documents["AZE"] if p.name.endswith("worksheet.docx"))
    sec = Document(str(ws)).sections[0]
    assert abs(sec.page_width.cm - 21.0) < 0.05 and abs(sec.page_height.cm - 29.7) < 0.05


def test_the_limitations_say_a_range_with_equal_ends_as_one_number(bundled_documents):
    report = next(p for p in bundled_documents["AZE"] if p.name.endswith("report.docx"))
    text = "\n".join(p.text for p in Document(str(report)).paragraphs)
    assert not re.search(r"Between (\d+) and \1 ", text)
    assert "a percentage never stands alone" in text and "% men" not in text


@pytest.mark.parametrize("country", ["AZE", "ARM", "GEO"])
def test_every_table_and_figure_of_the_report_is_referred_to_in_the_text(bundled_documents, country):
    from docx import Document
    report = next(p for p in bundled_documents[country] if p.name.endswith("_assessment_report.docx"))
    doc = Document(str(report))
    captions = [re.match(r"(Table|Figure) (\d+)\.", p.text) for p in doc.paragraphs if p.style.name == "Caption"]
    captions = [m.group(1) + " " + m.group(2) for m in captions if m]
    said = "\n".join(p.text for p in doc.paragraphs if p.style.name != "Caption")
    said += "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert len(captions) > 20
    assert [c for c in captions if not re.search(re.escape(c) + r"(?!\d)", said)] == []
