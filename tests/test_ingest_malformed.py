"""The malformed-file corpus (tests/fixtures/malformed/, written by
make_malformed.py): each file gets its exact plain-language message."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ctnat.cli import main
from ctnat.ingest import validate_file

CORPUS = Path(__file__).parent / "fixtures" / "malformed"

EXPECTED = {
    "01_missing_respondent_code.csv": (False, "ERROR: 01_missing_respondent_code.csv, row 3, column 'respondent_code': the respondent code is empty"),
    "02_duplicate_respondent_code.csv": (False, "ERROR: 02_duplicate_respondent_code.csv, row 4, column 'respondent_code': respondent code 'AZEsur1' is used twice (first in row 2)"),
    "03_country_mismatch_code.csv": (False, "ERROR: 03_country_mismatch_code.csv, row 2, column 'respondent_code': respondent code 'GEOsur1' belongs to GEO, but this file is being checked for AZE"),
    "04_country_mismatch_q1_1.csv": (False, "ERROR: 04_country_mismatch_q1_1.csv, row 2, column 'q1_1': the country of work (1.1) is Georgia, but this file is being checked for AZE"),
    "05_unknown_answer_value.csv": (False, "ERROR: 05_unknown_answer_value.csv, row 3, column 'q3_1_4': 'Very good' is not an answer to 3.1.4"),
    "06_too_many_forms_2_2.csv": (False, "ERROR: 06_too_many_forms_2_2.csv, row 2, column 'q2_2': 4 answers chosen for 2.2; at most 3 are allowed"),
    "07_too_many_sectors_2_3.csv": (False, "ERROR: 07_too_many_sectors_2_3.csv, row 2, column 'q2_3': 4 answers chosen for 2.3; at most 3 are allowed"),
    "08_ranks_not_a_permutation.csv": (False, "ERROR: 08_ranks_not_a_permutation.csv, row 2, column 'q2_4_*': the ranks of 2.4 must use each of 1, 2, 3, 4 exactly once"),
    "09_rank_not_a_number.csv": (False, "ERROR: 09_rank_not_a_number.csv, row 2, column 'q2_4_adult_female': 'first' is not a rank"),
    "10_too_many_priorities.csv": (False, "ERROR: 10_too_many_priorities.csv, row 2, column 'q8_1_*': 4 priorities ranked in 8.1; at most 3 are allowed"),
    "11_repeated_priority_rank.csv": (False, "ERROR: 11_repeated_priority_rank.csv, row 2, column 'q8_1_*': rank 1 is given to more than one priority in 8.1 (A, J)"),
    "12_unknown_column.csv": (True, "WARNING: 12_unknown_column.csv, row 1, column 'favourite_colour': this column is not part of the CT-NAT survey; it stays in the received file but is not copied or analysed"),
    "13_no_respondent_code_column.csv": (False, "ERROR: 13_no_respondent_code_column.csv, row 1, column 'respondent_code': the required column 'respondent_code' is missing"),
    "14_no_answer_columns.csv": (False, "ERROR: 14_no_answer_columns.csv, row 1: none of the survey's answer columns were found"),
    "15_empty.csv": (False, "ERROR: 15_empty.csv: the file is empty"),
    "16_header_only.csv": (False, "ERROR: 16_header_only.csv: the file has a header row but no responses"),
    "17_renamed_pdf.csv": (False, "ERROR: 17_renamed_pdf.csv: the file is not a table CT-NAT can read: it is a PDF document"),
    "18_binary.xlsx": (False, "ERROR: 18_binary.xlsx: the file is not a table CT-NAT can read: it is a binary file"),
    "19_several_sheets.xlsx": (True, "WARNING: 19_several_sheets.xlsx: the workbook has 2 sheets (Read me, responses); read the sheet 'responses', whose columns match the survey best"),
    "20_subset_2_2_1.csv": (True, "WARNING: 20_subset_2_2_1.csv, row 2, column 'q2_2_1': the answer to 2.2.1 ('Forced marriage') is not among the answers chosen in 2.2"),
    "21_unknown_encoding.csv": (False, "ERROR: 21_unknown_encoding.csv: the text encoding could not be recognised"),
    "22_ragged_rows.csv": (False, "ERROR: 22_ragged_rows.csv: the file is not a well-formed table"),
    "23_interview_no_header.md": (False, "ERROR: 23_interview_no_header.md, row 1: the notes do not start with a header block between two '---' lines"),
    "24_interview_bad_fields.md": (False, "ERROR: 24_interview_bad_fields.md, column 'entity_type': 'ministry' is not an allowed entity type"),
    "25_old_excel.xls": (False, "ERROR: 25_old_excel.xls: the file is not a table CT-NAT can read: it is an old-format Office file (.xls or .doc)"),
    "26_spreadsheet_bomb.xlsx": (False, "ERROR: 26_spreadsheet_bomb.xlsx: the file would expand to 315 MB when opened, which is not a plausible survey file"),
}


def test_the_corpus_is_complete():
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_malformed_file_gets_its_message(name):
    can_ingest, message = EXPECTED[name]
    res = validate_file(CORPUS / name, "AZE")
    assert res.can_ingest is can_ingest
    assert any(str(p).startswith(message) for p in res.problems), [str(p) for p in res.problems]


def test_unknown_value_lists_what_is_allowed():
    res = validate_file(CORPUS / "05_unknown_answer_value.csv", "AZE")
    p = res.errors[0]
    assert p.value == "Very good" and p.row == 3 and p.column == "q3_1_4"
    assert p.expected.startswith("one of: Adequate, Somewhat adequate, Adequate for some, Neither adequate nor "
                                 "inadequate, Inadequate, Don't know")


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    big = tmp_path / "big.csv"
    big.write_text("respondent_code,q3_1_4\n" + "AZEsur1,Adequate\n" * 2000)
    res = validate_file(big, "AZE", max_bytes=10_000)
    assert not res.can_ingest
    assert "larger than the limit" in res.problems[0].message


def test_validate_cli_exit_codes_and_json():
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(CORPUS / "12_unknown_column.csv"), "--country", "AZE"])
    assert ok.exit_code == 0 and "can be ingested" in ok.output
    bad = runner.invoke(main, ["validate", str(CORPUS / "05_unknown_answer_value.csv"), "--country", "AZE", "--json"])
    assert bad.exit_code == 1
    records = json.loads(bad.output)
    assert records[0]["row"] == 3 and records[0]["column"] == "q3_1_4" and records[0]["value"] == "Very good"
    usage = runner.invoke(main, ["validate", str(CORPUS / "05_unknown_answer_value.csv"), "--country", "Azerbaijan"])
    assert usage.exit_code == 2
    missing = runner.invoke(main, ["validate", "/no/such/file.csv", "--country", "AZE"])
    assert missing.exit_code == 1 and "does not exist" in missing.output
    for result in (ok, bad, usage, missing):
        assert "Traceback" not in result.output
