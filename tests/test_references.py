"""References as data (issue 25): the desk review's sources carry author or
organisation, title, year, publisher and document number or URL; the
bibliography lists only complete sources, in one style; a citation of a source
without a title (or author, or year) is a problem for the assessor, never a line."""

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml
from docx import Document

from ctnat import catalogue
from ctnat.ingest.desk_sources import read_desk_sources
from ctnat.problems import InputError
from ctnat.report.annexes import bibliography_annex, bibliography_line

#: the one style: key, then "Author or organisation (year) Title. [Publisher. ][Number. ][URL.]"
LINE = re.compile(r"^(?:Aze|Gen|IOM) \d+  [^()]+(?:\([^()]+\))?[^()]* \(\d{4}\) \S.*\.$")


def _desk(tmp_path, sources) -> Path:
    p = tmp_path / "desk_review.yaml"
    p.write_text(yaml.safe_dump({"country": "XXX", "sources": sources}, allow_unicode=True, sort_keys=False),
                 encoding="utf-8")
    return p


def test_a_source_without_a_title_is_a_warning_naming_file_source_field_and_expected(tmp_path):
    table, _, problems = read_desk_sources(_desk(tmp_path, [
        {"id": "Doc 1", "author": "Ministry of Justice", "title": "Annual report", "year": 2015},
        {"id": "Doc 2", "author": "An NGO"}]))
    (p,) = problems
    assert (p.file, p.severity, p.column, p.value) == ("desk_review.yaml", "warning", "sources[Doc 2].title", "Doc 2")
    assert "no title, year" in p.message and "the document's title" in p.expected and p.row == 7  # the line of "- id: Doc 2"
    assert table.set_index("id")["missing"].to_dict() == {"Doc 1": "", "Doc 2": "title;year"}


@pytest.mark.parametrize("source, column, expected", [
    ({"id": "Doc 1", "title": "T", "year": "twenty"}, "sources[Doc 1].year", "a whole number"),
    ({"id": "Doc 1", "author": "A", "title": "T", "year": 2015, "url": "www.example.org"}, "sources[Doc 1].url", "starting with http://"),
    ({"id": "Doc 1", "titel": "T"}, "sources[Doc 1].titel", "one of: id, author, title"),
    ({"title": "T"}, "sources[0].id", "a value for 'id'"),
])
def test_a_source_of_the_wrong_shape_is_an_error_naming_the_field(tmp_path, source, column, expected):
    _, _, problems = read_desk_sources(_desk(tmp_path, [source]))
    assert [p.severity for p in problems] == ["error"]
    assert problems[0].column == column and expected in (problems[0].expected or ""), problems[0]


def test_a_source_listed_twice_is_an_error(tmp_path):
    _, _, problems = read_desk_sources(_desk(tmp_path, [{"id": "Doc 1"}, {"id": "Doc 1"}]))
    assert [(p.severity, p.value) for p in problems if "twice" in p.message] == [("error", "Doc 1")]
    assert all(p.row for p in problems)


def test_ingest_stops_on_a_malformed_source_and_lists_untitled_ones_as_warnings(tmp_path):
    from ctnat.ingest import ingest_country
    from tests.conftest import REPO, minimal_country

    root = tmp_path / "project"
    shutil.copytree(REPO / "instruments", root / "instruments")
    d = minimal_country(root)
    good = (d / "desk_review.yaml").read_text(encoding="utf-8")
    manifest = ingest_country("AZE", root=root)
    untitled = sorted(re.match(r"sources\[(.+)\]\.", w["column"])[1] for w in manifest["warnings"]
                      if w["severity"] == "warning" and str(w["column"]).startswith("sources["))
    assert untitled == ["Aze 16", "Aze 17", "Aze 18", "Aze 21"]
    (d / "desk_review.yaml").write_text(good.replace('  year: 2014\n', '  year: "2014a"\n', 1), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        ingest_country("AZE", root=root)
    (p,) = [p for p in exc.value.problems if p.severity == "error"]
    assert (p.file, p.column, p.value) == ("desk_review.yaml", "sources[Aze 8].year", "2014a"), p


def _bibliography(tmp_path, sources: list[dict], text: str):
    root = tmp_path / "project"
    cols = catalogue.table("desk_sources").columns
    catalogue.write("desk_sources", pd.DataFrame(sources, columns=cols).fillna(""), "XXX", root)
    doc = Document()
    doc.add_paragraph(text)
    unresolved = bibliography_annex(doc, SimpleNamespace(country="XXX", root=root), "Bibliography")
    return doc, unresolved


def test_the_bibliography_lists_complete_sources_in_one_style_and_flags_the_rest(tmp_path):
    doc, unresolved = _bibliography(tmp_path, [
        {"id": "Aze 1", "author": "Ministry of Justice", "title": "Annual report", "year": "2015",
         "publisher": "Government printer", "number": "No. 5", "url": "https://example.org/r"},
        {"id": "Aze 2", "author": "An NGO", "missing": "title;year"},
        {"id": "Aze 3", "author": "GRETA", "title": "Evaluation report.", "year": "2014"}],
        "As Aze 1, Aze 2 (p. 4) and Aze 9 show.")
    paras = [p.text for p in doc.paragraphs]
    assert "Aze 1  Ministry of Justice (2015) Annual report. Government printer. No. 5. https://example.org/r." in paras
    assert "Aze 3  GRETA (2014) Evaluation report." in paras  # no doubled full stop
    assert not [t for t in paras if t.startswith("Aze 2")]  # an untitled source makes no line
    title = next(r for p in doc.paragraphs if p.text.startswith("Aze 1") for r in p.runs if r.text == "Annual report")
    assert title.italic
    assert any("for the assessor to complete): Aze 2 (title and year)" in t for t in paras), paras
    assert any("(for the assessor to add): Aze 9" in t for t in paras)
    assert unresolved == ["Aze 2", "Aze 9"]
    assert "(1 of the 2 is cited in this report)" in paras[2]


def test_a_bibliography_line_is_author_year_title_then_what_identifies_the_document():
    assert bibliography_line({"author": "Cabinet of Ministers", "year": "2008", "title": "Rules on referral",
                              "number": "Decision No. 21"}) == ("Cabinet of Ministers (2008) ", "Rules on referral",
                                                                ". Decision No. 21.")


def test_the_aze_report_prints_no_untitled_source_and_every_line_in_the_style(aze):
    root, path = aze
    paras = [p.text for p in Document(str(path)).paragraphs]
    start = max(i for i, t in enumerate(paras) if re.fullmatch(r"Annex [A-Z]\. Bibliography", t))
    end = next(i for i in range(start + 1, len(paras)) if paras[i].startswith("Annex "))
    lines = [t for t in paras[start + 2:end] if not t.startswith("Cited in the text")]
    assert len(lines) == 8 and all(LINE.match(t) for t in lines), lines
    assert not any(t.startswith(("Aze 16", "Aze 17", "Aze 18", "Aze 21")) for t in lines)
    text = "\n".join(paras)
    assert "cited in the 2016 assessment" not in text and "title not given" not in text
    assert "Aze 30  Group of Experts on Action against Trafficking in Human Beings (2014) " in text
    assert "Aze 7  Cabinet of Ministers of the Republic of Azerbaijan (2008) Rules on Referring Victims" in text
    note = next(t for t in paras[start:end] if "for the assessor to complete" in t)
    assert all(k in note for k in ("Aze 16", "Aze 17 (title and year)", "Aze 18", "Aze 21"))
