"""Files that focal points really send, second round (issue 27): workbooks with
a stray cell, hidden sheets and rows, reads under a memory and time limit."""

import csv
import resource
import time
from pathlib import Path

import openpyxl
import pytest

from ctnat.ingest import validate_file
from ctnat.ingest.guard import guarded
from ctnat.problems import InputError

AZE = Path(__file__).resolve().parents[1] / "data/raw/AZE/surveys/AZE_esurvey_responses.csv"


def aze_rows(n: int = 3) -> list[list[str]]:
    with open(AZE, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))[: n + 1]


def workbook(path: Path, rows: list[list[str]], **cells) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "responses"
    for r in rows:
        ws.append(r)
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)
    return path


def cpu_seconds() -> float:
    """Processor time of this process and its children (the machine may be shared: wall time varies)."""
    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def messages(res) -> list[str]:
    return [str(p) for p in res.problems]


@pytest.mark.parametrize("cell", ["XFD1048576", "CZ1048576"])
def test_a_stray_cell_far_from_the_data_is_refused_naming_it(tmp_path, cell):
    path = workbook(tmp_path / "stray.xlsx", aze_rows(2), **{cell: "x"})
    assert path.stat().st_size < 20_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = cpu_seconds()
    res = validate_file(path, "AZE")
    assert cpu_seconds() - t < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024  # KB
    [p] = res.errors
    col = cell.rstrip("0123456789")
    wide = "16,384" if col == "XFD" else "104"
    last = aze_rows(0)[0]
    assert str(p) == (f"ERROR: stray.xlsx, row 1048576, column '{col}': the sheet 'responses' has a value far "
                      f"outside its data (A1:{p.message.split('A1:')[1].split(')')[0]}): {cell} ('x'). Because of "
                      f"it the sheet spans 1,048,576 rows × {wide} columns, too large to read")
    assert f"A1:{openpyxl.utils.get_column_letter(len(last))}3" in p.message
    assert p.value == "x"
    assert p.expected == f"delete the stray cell ({cell}) in responses, save the workbook and send it again"


def test_a_formatted_but_empty_far_cell_is_not_data(tmp_path):
    wb_path = workbook(tmp_path / "styled.xlsx", aze_rows(2))
    wb = openpyxl.load_workbook(wb_path)
    wb.active["XFD1048576"].number_format = "0.00"
    wb.save(wb_path)
    res = validate_file(wb_path, "AZE")
    assert res.can_ingest and res.rows == 2, messages(res)


def test_hidden_sheet_and_hidden_rows_are_left_out_and_said(tmp_path):
    rows = aze_rows(3)
    path = workbook(tmp_path / "hidden.xlsx", rows)
    wb = openpyxl.load_workbook(path)
    pilot = wb.create_sheet("pilot")
    for r in [rows[0]] + [[f"AZEsur{90 + i}"] + r[1:] for i, r in enumerate(rows[1:])]:
        pilot.append(r)
    pilot.sheet_state = "hidden"
    wb["responses"].row_dimensions[3].hidden = True
    wb.save(path)
    res = validate_file(path, "AZE")
    assert res.can_ingest and res.rows == 2
    assert list(res.table["respondent_code"]) == ["AZEsur1", "AZEsur3"]
    assert "WARNING: hidden.xlsx: hidden sheets were left out: 'pilot'" in messages(res)
    assert "WARNING: hidden.xlsx: 1 hidden row was left out: row 3" in messages(res)
    both = validate_file(path, "AZE", include_hidden=True)
    assert both.rows == 6 and both.can_ingest, messages(both)


def test_ingest_reads_hidden_parts_when_reading_yaml_says_so(tmp_path):
    from ctnat.ingest.reading import read_reading

    d = tmp_path / "AZE"
    (d / "surveys").mkdir(parents=True)
    workbook(d / "surveys/x.xlsx", aze_rows(1))
    workbook(d / "surveys/y.xlsx", aze_rows(1))
    (d / "reading.yaml").write_text('"surveys/x.xlsx": {include_hidden: true}\n"surveys/y.xlsx": {include_hidden: '
                                    'maybe}\n', encoding="utf-8")
    entries, problems = read_reading(d)
    assert entries["surveys/x.xlsx"].include_hidden
    assert entries["surveys/x.xlsx"].as_dict() == {"include_hidden": True}
    assert [p.message for p in problems] == ["include_hidden is true or false"]


def test_a_read_that_exceeds_the_memory_limit_is_stopped_with_a_plain_message(monkeypatch):
    monkeypatch.setenv("CTNAT_READ_MEMORY_MB", "100")

    def greedy():
        return bytearray(400 * 1024 * 1024)

    with pytest.raises(InputError) as err:
        guarded(greedy, name="big.xlsx")
    [p] = err.value.problems
    assert p.message.startswith("reading the file needed more than 100 MB of memory, so it was stopped")
    assert p.expected.startswith("open the file, delete the rows and columns after the last answer")


def test_a_read_that_exceeds_the_time_limit_is_stopped(monkeypatch):
    monkeypatch.setenv("CTNAT_READ_TIMEOUT", "0.5")
    with pytest.raises(InputError) as err:
        guarded(time.sleep, 30, name="slow.ods")
    assert err.value.problems[0].message.startswith("reading the file took longer than 0 seconds")


def test_a_read_within_the_limits_returns_its_result():
    assert guarded(sum, [1, 2, 3], name="ok.xlsx") == 6


def test_a_header_of_200000_columns_is_refused_quickly(tmp_path):
    path = tmp_path / "wide.csv"
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["respondent_code", "q1_1"] + [f"x{i}" for i in range(199_998)])
        w.writerow(["AZEsur1", "Azerbaijan"] + [""] * 199_998)
    t = cpu_seconds()
    res = validate_file(path, "AZE")
    assert cpu_seconds() - t < 3
    [p] = res.errors
    assert p.row == 1 and p.message.startswith("the header row has ")
    assert p.expected.startswith("at most 10,000 columns")


# ------------------------------------------------ answers kept, as sent (item 2)
def test_spss_dichotomy_variables_fill_the_select_multiple_question(tmp_path):
    import pandas as pd
    import pyreadstat

    df = pd.DataFrame({"respondent_code": ["AZEsur1", "AZEsur2"], "q1_1": ["Azerbaijan", "Azerbaijan"],
                       "q2_1a": [1.0, 0.0], "q2_1b": [1.0, 1.0], "q2_1c": [0.0, 0.0]})
    labels = {"q2_1a": "Country of origin for victims of trafficking",
              "q2_1b": "Country of transit for victims of trafficking",
              "q2_1c": "Country of destination for victims of trafficking"}
    pyreadstat.write_sav(df, str(tmp_path / "mr.sav"), column_labels=labels)
    res = validate_file(tmp_path / "mr.sav", "AZE")
    assert list(res.table["q2_1"]) == ["origin;transit", "transit"], messages(res)
    pyreadstat.write_sav(df, str(tmp_path / "bare.sav"))  # no labels: which option is which cannot be told
    bare = validate_file(tmp_path / "bare.sav", "AZE")
    assert not bare.can_ingest
    assert messages(bare)[0] == (
        "ERROR: bare.sav, row 1, column 'q2_1/q2_1a': the columns q2_1/q2_1a, q2_1/q2_1b, q2_1/q2_1c look like the "
        "answer options of 2.1 (one yes/no column per option, as SPSS or Stata multiple-response sets store them), "
        "but their labels name none of its options, so the answers to 2.1 cannot be read")


def _form(tmp_path, texts=None, checked=frozenset(), strip=False):
    from docx import Document

    from ctnat.instruments.word_forms import fill_controls, write_survey_form

    blank = write_survey_form(tmp_path / "blank.docx", "AZE", "ru")
    out = fill_controls(blank, tmp_path / "form.docx", checked=set(checked), texts=texts or {})
    if strip:  # as LibreOffice Writer saves it: each content control replaced by what it held
        doc = Document(str(out))
        for sdt in list(doc.element.body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sdt")):
            parent = sdt.getparent()
            content = sdt.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sdtContent")
            for child in list(content if content is not None else []):
                parent.insert(parent.index(sdt), child)
            parent.remove(sdt)
        doc.save(str(out))
    return out


def test_a_box_ticked_with_a_cyrillic_kha_counts(tmp_path):
    from docx import Document

    path = _form(tmp_path, {"ctnat|q1_1": "Azerbaijan", "ctnat|respondent_code": "AZEsur1"})
    doc = Document(str(path))
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for sdt in doc.element.body.iter(f"{W}sdt"):
        tag = sdt.find(f"{W}sdtPr/{W}tag")
        if tag is not None and tag.get(f"{W}val") == "ctnat|q2_1|origin":
            next(sdt.iter(f"{W}t")).text = "\u0425"  # Cyrillic capital Kha, typed over the box
    doc.save(str(path))
    from ctnat.instruments.word_forms import read_survey_form

    assert read_survey_form(path)[0]["q2_1"] == "origin"


def test_line_breaks_in_a_word_field_are_kept(tmp_path):
    from docx import Document

    from ctnat.instruments.word_forms import read_survey_form

    path = _form(tmp_path, {"ctnat|q8_3": "Shelter in Baku"})
    doc = Document(str(path))
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for sdt in doc.element.body.iter(f"{W}sdt"):
        tag = sdt.find(f"{W}sdtPr/{W}tag")
        if tag is not None and tag.get(f"{W}val") == "ctnat|q8_3":
            t = next(sdt.iter(f"{W}t"))
            run = t.getparent()
            br = run.makeelement(f"{W}br", {})
            t2 = run.makeelement(f"{W}t", {})
            t2.text = "Ganja has none"
            run.append(br)
            run.append(t2)
    doc.save(str(path))
    assert read_survey_form(path)[0]["q8_3"] == "Shelter in Baku\nGanja has none"


def test_a_form_saved_without_its_fields_says_what_to_do(tmp_path):
    path = _form(tmp_path, {"ctnat|q1_1": "Azerbaijan"}, strip=True)
    res = validate_file(path, "AZE")
    assert messages(res) == [
        "ERROR: form.docx: the survey form has lost its answer fields: it was saved by a program that removes "
        "Word's form fields (LibreOffice Writer, Google Docs, WPS), so its answers cannot be told apart"]
    assert res.errors[0].expected.startswith("the form filled in and saved in Microsoft Word")


@pytest.mark.parametrize(("codec", "text"), [("cp1254", "Bakıda sığınacaq yoxdur"),
                                             ("cp1251", "Приют в Баку есть; в Гяндже нет")])
def test_code_pages_of_the_instrument_languages_are_read_right(tmp_path, codec, text):
    path = tmp_path / "export.csv"
    path.write_bytes(f'respondent_code,q1_1,q8_3\r\nAZEsur1,Azerbaijan,"{text}"\r\n'.encode(codec))
    res = validate_file(path, "AZE")
    assert res.encoding == codec
    assert res.table.loc[0, "q8_3"] == text


# ------------------------------------------------ messages that say what to do (item 3)
def test_a_stray_quote_is_named_by_the_row_a_spreadsheet_shows(tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text('respondent_code,q1_1,q8_3\nAZEsur1,Azerbaijan,"two\nlines"\nAZEsur2,Azerbaijan,"She said no\n'
                    'AZEsur3,Azerbaijan,fine\n', encoding="utf-8")
    res = validate_file(path, "AZE")
    [p] = res.errors
    assert str(p) == ("ERROR: quote.csv, row 3: the file is not a well-formed table: row 3 opens a quoted answer "
                      "with '\"' that is never closed, so every line after it would be read as one answer")
    assert p.value == 'AZEsur2,Azerbaijan,"She said no'
    assert p.expected == "remove the stray '\"' from row 3 (or write it twice: \"\"), save the file and send it again"


def test_a_cut_off_download_is_called_that(tmp_path):
    whole = workbook(tmp_path / "whole.xlsx", aze_rows(2))
    (tmp_path / "cut.xlsx").write_bytes(whole.read_bytes()[:2000])
    res = validate_file(tmp_path / "cut.xlsx", "AZE")
    assert messages(res) == ["ERROR: cut.xlsx: the file is incomplete: it stops part-way, as a download or copy "
                             "that was cut off does (2,000 bytes received)"]


def test_a_word_doc_is_told_to_be_saved_as_docx(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + \
        "Book".encode("utf-16-le") + b"\x00" * 2000
    (tmp_path / "answers.doc").write_bytes(ole)
    [p] = validate_file(tmp_path / "answers.doc", "AZE").errors
    assert str(p) == "ERROR: answers.doc: the file is not a table CT-NAT can read: it is an old-format Word document (.doc)"
    assert p.expected == ("open it in Word and save it as a Word document (.docx): File > Save As > Word Document; "
                          "send the .docx")


def test_a_damaged_workbook_names_no_library_class(tmp_path):
    whole = workbook(tmp_path / "whole.xlsx", aze_rows(2))
    import zipfile

    with zipfile.ZipFile(whole) as z, zipfile.ZipFile(tmp_path / "bad.xlsx", "w") as out:
        for item in z.infolist():
            data = z.read(item)
            out.writestr(item, data[: len(data) // 2] if "worksheets/sheet" in item.filename else data)
    [p] = validate_file(tmp_path / "bad.xlsx", "AZE").errors
    assert "Error" not in str(p) and "Calamine" not in str(p)


def test_a_file_name_with_a_new_line_cannot_forge_a_line(tmp_path):
    from click.testing import CliRunner

    from ctnat.cli import main

    path = tmp_path / "x.csv\nx.csv: survey file, 9 row(s) read, 0 error(s), 0 warning(s): can be ingested."
    path.write_text("nothing useful\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["validate", str(path), "--country", "AZE"]).output
    assert not any(line.endswith("can be ingested.") and "cannot" not in line for line in out.splitlines())
    assert "x.csv\\nx.csv: survey file" in out
