"""The field corpus (tests/fixtures/field/, written by make_field_corpus.py):
what focal points really send and what an attacker might — one expected outcome
per file: can it be ingested, how many responses, and the message it gets."""

from pathlib import Path

import pytest

from ctnat.ingest import validate_file

CORPUS = Path(__file__).parent / "fixtures" / "field"

# name: (can ingest, rows, a problem that must be reported (prefix of str(problem)) or None)
EXPECTED = {
    "01_excel_csv_windows_cp1252.csv": (True, 2, None),
    "02_mac_excel_csv_mac_roman.csv": (True, 2, None),
    "03_excel_unicode_text_utf16_tab.txt": (True, 2, None),
    "04_utf16_without_bom.csv": (True, 2, None),
    "05_utf8_bom_semicolon_crlf.csv": (True, 2, None),
    "06_cp1251_russian_labels.csv": (True, 2, None),
    "07_title_rows_above_header.csv": (True, 2, None),
    "08_title_rows.xlsx": (True, 2, None),
    "09_blank_lines_before_an_error.csv": (False, 2, "ERROR: 09_blank_lines_before_an_error.csv, row 5, column 'q3_1_4': 'Very good' is not an answer"),
    "10_macro_workbook.xlsm": (True, 2, None),
    "11_libreoffice.ods": (True, 2, None),
    "12_old_excel_97.xls": (True, 2, None),
    "13_csv_named_xls.xls": (True, 2, None),
    "14_two_sheets_same_header.xlsx": (True, 3, "WARNING: 14_two_sheets_same_header.xlsx: the responses are spread over 2 sheets with the same header (20 January, 31 January); they are read together"),
    "15_two_sheets_different_header.xlsx": (False, 0, "ERROR: 15_two_sheets_different_header.xlsx: the sheet 'late responses' also holds survey columns, but its header differs"),
    "16_password_protected.xlsx": (False, 0, "ERROR: 16_password_protected.xlsx: the workbook is protected with a password"),
    "17_kobo_labels_groups_slash.xlsx": (True, 2, None),
    "18_kobo_labels_russian_groups.csv": (True, 2, None),
    "19_kobo_labels_select_multiple_split.csv": (True, 2, None),
    "20_duplicated_header.csv": (False, 0, "ERROR: 20_duplicated_header.csv, row 1, column 'q3_1_4': the column header is used twice: column C ('q3_1_4') and column D ('q3_1_4')"),
    "21_unmatched_question_column.csv": (False, 0, "ERROR: 21_unmatched_question_column.csv, row 1, column 'q3_1_99': column J ('q3_1_99') looks like a survey question"),
    "22_foreign_columns_names_emails.csv": (True, 2, "WARNING: 22_foreign_columns_names_emails.csv, row 1, column 'E-mail': this column is not part of the CT-NAT survey"),
    "23_same_code_different_case.csv": (False, 2, "ERROR: 23_same_code_different_case.csv, row 3, column 'respondent_code': respondent code 'AZEsur1' is used twice (first in row 2, written 'azesur1')"),
    "24_cyrillic_letter_in_code.csv": (False, 2, "ERROR: 24_cyrillic_letter_in_code.csv, row 2, column 'respondent_code': '\u0410ZEsur1' is not a respondent code; it mixes Latin letters with '\u0410' (Cyrillic Capital Letter A)"),
    "25_commas_instead_of_semicolons.csv": (False, 2, "ERROR: 25_commas_instead_of_semicolons.csv, row 2, column 'q2_2': 'Exploitation in prostitution, Forced labour or services' is not an answer to 2.2; the answers are separated by commas"),
    "26_..dotted_name.csv": (True, 2, None),
    "27_truncated_upload_name.cs": (True, 2, None),
    "28_answers_without_header.csv": (False, 0, "ERROR: 28_answers_without_header.csv, row 1, column 'J': column J has answers but no header"),
    "29_long_cells_without_spaces.csv": (True, 2, None),
    "30_phone_and_email_in_text.csv": (True, 2, None),
    "31_ratio_bomb.xlsx": (False, 0, "ERROR: 31_ratio_bomb.xlsx: the file would expand to 31 MB when opened, which is not a plausible survey file (one part is compressed"),
    "32_html_named_xls.xls": (False, 0, "ERROR: 32_html_named_xls.xls: the file is not a table CT-NAT can read: it is a web page (HTML)"),
    "33_excel_lock_file.xlsx": (False, 0, "ERROR: 33_excel_lock_file.xlsx: the file is not a table CT-NAT can read: it is a binary file"),
    "34_bom_only.csv": (False, 0, "ERROR: 34_bom_only.csv: the file is empty"),
    "35_formula_in_a_cell.csv": (True, 2, None),
    "36_pipe_delimited.csv": (False, 0, "ERROR: 36_pipe_delimited.csv, row 1: the whole header was read as one column: the file seems to separate its columns with '|'"),
}
# what every readable file must decode to (the same two respondents)
CODED = [{"respondent_code": "AZEsur1", "q1_2": "le_police", "q3_1_4": "adequate", "q2_2": "prostitution;forced_labour"},
         {"respondent_code": "AZEsur2", "q3_1_4": "dont_know", "q2_2": "forced_marriage"}]


def test_the_corpus_is_complete():
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_field_file_gets_its_outcome(name):
    can_ingest, rows, message = EXPECTED[name]
    res = validate_file(CORPUS / name, "AZE")
    assert res.can_ingest is can_ingest, [str(p) for p in res.problems]
    assert res.rows == rows
    if message:
        assert any(str(p).startswith(message) for p in res.problems), [str(p) for p in res.problems]
    if can_ingest:
        got = res.table.set_index("respondent_code")
        for e in CODED:
            if e["respondent_code"] not in got.index:
                continue
            for k, v in e.items():
                if k != "respondent_code" and k in got.columns:
                    assert got.loc[e["respondent_code"], k] == v, (k, got.loc[e["respondent_code"], k])
    assert "Traceback" not in "".join(str(p) for p in res.problems)


def test_title_rows_and_blank_lines_keep_excel_row_numbers():
    res = validate_file(CORPUS / "07_title_rows_above_header.csv", "AZE")
    assert list(res.table["source_row"]) == [4, 5]
    res = validate_file(CORPUS / "08_title_rows.xlsx", "AZE")
    assert list(res.table["source_row"]) == [5, 6]


def test_rows_of_several_sheets_name_their_sheet():
    res = validate_file(CORPUS / "14_two_sheets_same_header.xlsx", "AZE")
    assert list(res.table["source_sheet"]) == ["14_two_sheets_same_header.xlsx (sheet '20 January')"] + \
        ["14_two_sheets_same_header.xlsx (sheet '31 January')"] * 2
    assert list(res.table["source_row"]) == [2, 2, 3]


def test_text_is_scrubbed_and_years_survive():
    res = validate_file(CORPUS / "30_phone_and_email_in_text.csv", "AZE")
    text = res.table.iloc[0]["q8_3"]
    assert text == "Call the hotline [phone removed] or write to [e-mail removed] (2014-2018 plan)."


def test_encoding_and_delimiter_overrides(tmp_path):
    res = validate_file(CORPUS / "36_pipe_delimited.csv", "AZE", delimiter="|")
    assert res.can_ingest and res.rows == 2
    forced = validate_file(CORPUS / "02_mac_excel_csv_mac_roman.csv", "AZE", encoding="cp1252")
    assert not forced.can_ingest  # read the wrong way, "Don’t know" is "DonÕt know"
    assert any("DonÕt know" in str(p) for p in forced.problems)
    unknown = validate_file(CORPUS / "01_excel_csv_windows_cp1252.csv", "AZE", encoding="klingon")
    assert unknown.errors[0].message == "'klingon' is not a known text encoding"


def test_validate_cli_takes_encoding_and_delimiter():
    from click.testing import CliRunner

    from ctnat.cli import main

    ok = CliRunner().invoke(main, ["validate", str(CORPUS / "36_pipe_delimited.csv"), "--country", "AZE",
                                   "--delimiter", "|"])
    assert ok.exit_code == 0, ok.output
    tab = CliRunner().invoke(main, ["validate", str(CORPUS / "03_excel_unicode_text_utf16_tab.txt"), "--country",
                                    "AZE", "--delimiter", "tab", "--encoding", "utf-16"])
    assert tab.exit_code == 0, tab.output
