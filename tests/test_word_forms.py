"""The Word survey form and interview guide: generated from the instruments,
tagged, and read back after a person filled them in."""

import pytest
from click.testing import CliRunner
from docx import Document

from ctnat.cli import main
from ctnat.ingest import validate_file
from ctnat.instruments import load_instruments
from ctnat.instruments.word_forms import (fill_controls, read_interview_guide, read_survey_form,
                                          write_interview_guide, write_survey_form)
from ctnat.problems import CtnatError
from tests.test_pipeline_aze import report_text as all_text


def tags(path):
    import zipfile
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    import re
    return set(re.findall(r'w:tag w:val="([^"]+)"', xml))


def test_survey_form_carries_every_question_code_and_tag(tmp_path):
    out = write_survey_form(tmp_path / "form.docx", "AZE")
    doc = Document(str(out))
    text = all_text(doc)
    inst = load_instruments()
    for f in inst.survey.fields:
        assert f.code in text, f.code
    t = tags(out)
    assert "ctnat|q3_1_4|adequate" in t and "ctnat|q3_1_4|dont_know" in t
    assert "ctnat|q2_4_adult_female" in t and "ctnat|q8_1_J" in t and "ctnat|q2_2_other" in t
    assert "ctnat|respondent_code" in t
    assert doc.core_properties.subject.startswith("ctnat-survey-form|AZE|")


def test_russian_form_has_russian_labels(tmp_path):
    out = write_survey_form(tmp_path / "form_ru.docx", "AZE", lang="ru")
    text = all_text(Document(str(out)))
    assert "Способность компетентных органов точно идентифицировать жертв" in text and "Не знаю" in text


def test_an_undeclared_language_is_refused(tmp_path):
    with pytest.raises(CtnatError, match="not available in 'ka'"):
        write_survey_form(tmp_path / "x.docx", "GEO", lang="ka")


def test_a_returned_form_is_read_back(tmp_path):
    blank = write_survey_form(tmp_path / "form.docx", "AZE")
    filled = fill_controls(blank, tmp_path / "AZEsur8.docx",
                           checked={"ctnat|q1_1|AZE", "ctnat|q1_2|ngo_local", "ctnat|q1_6|female",
                                    "ctnat|q2_2|forced_labour", "ctnat|q2_2|prostitution", "ctnat|q3_1_4|adequate"},
                           texts={"ctnat|respondent_code": "AZEsur8", "ctnat|q2_6": "More labour cases.",
                                  "ctnat|q8_1_J": "1", "ctnat|q8_1_A": "2"})
    [row] = read_survey_form(filled)
    assert row["respondent_code"] == "AZEsur8" and row["q1_2"] == "ngo_local"
    assert set(row["q2_2"].split(";")) == {"forced_labour", "prostitution"} and row["q3_1_4"] == "adequate"
    assert row["q8_1_J"] == "1" and row["q2_6"] == "More labour cases."
    assert "q3_1_5" not in row  # untouched boxes and placeholders are not answers
    res = validate_file(filled, "AZE")
    assert res.can_ingest and res.format == "docx-form" and res.rows == 1
    assert res.table.iloc[0]["q3_1_4"] == "adequate"


def test_an_x_typed_into_a_box_counts_as_ticked(tmp_path):
    blank = write_survey_form(tmp_path / "form.docx", "AZE")
    filled = fill_controls(blank, tmp_path / "x.docx", texts={"ctnat|q3_1_4|inadequate": "X",
                                                              "ctnat|respondent_code": "AZEsur9"})
    assert read_survey_form(filled)[0]["q3_1_4"] == "inadequate"


def test_a_docx_that_is_not_a_form_is_rejected(tmp_path):
    d = Document()
    d.add_paragraph("Dear colleague, please find my answers below.")
    d.save(tmp_path / "letter.docx")
    with pytest.raises(CtnatError, match="is not a CT-NAT survey form"):
        read_survey_form(tmp_path / "letter.docx")
    res = validate_file(tmp_path / "letter.docx", "AZE")
    assert not res.can_ingest
    assert "is not a CT-NAT survey form" in res.problems[0].message


def test_interview_guide_carries_every_question_and_reads_back(tmp_path):
    out = write_interview_guide(tmp_path / "guide.docx", "AZE")
    doc = Document(str(out))
    text = all_text(doc)
    for code in load_instruments().guide.question_codes():
        assert code in text
    t = tags(out)
    assert "ctnat|answer|3.2" in t and "ctnat|header|entity_type|state" in t and "ctnat|select|4" in t
    filled = fill_controls(out, tmp_path / "AZEint20.docx",
                           checked={"ctnat|header|entity_type|ngo", "ctnat|header|format|in_person"},
                           texts={"ctnat|header|interview_code": "AZEint20", "ctnat|header|date_time": "2016-01-21 10:00",
                                  "ctnat|header|participants_male": "1", "ctnat|header|participants_female": "2",
                                  "ctnat|header|interviewer_name": "Test Interviewer",
                                  "ctnat|answer|3.4": "The hotline works well.", "ctnat|answer|7.1": "Cooperation is ad hoc."})
    header, answers = read_interview_guide(filled)
    assert header["entity_type"] == "ngo" and header["interview_code"] == "AZEint20"
    assert answers == {"3.4": "The hotline works well.", "7.1": "Cooperation is ad hoc."}
    res = validate_file(filled, "AZE")
    assert res.kind == "interview" and res.can_ingest, [str(p) for p in res.problems]
    assert res.segments[0]["segment_id"] == "AZEint20:3.4"
    assert "Test Interviewer" not in str(res.table.to_dict()) + str(res.segments)


def test_cli_writes_both_documents(tmp_path):
    r = CliRunner().invoke(main, ["instruments", "survey-form", "--country", "AZE", "--lang", "ru",
                                  "-o", str(tmp_path / "f.docx")])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["instruments", "interview-guide", "--country", "AZE", "-o", str(tmp_path / "g.docx")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "g.docx").stat().st_size > 10_000
