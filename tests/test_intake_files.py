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


def messages(res) -> list[str]:
    return [str(p) for p in res.problems]


@pytest.mark.parametrize("cell", ["XFD1048576", "CZ1048576"])
def test_a_stray_cell_far_from_the_data_is_refused_naming_it(tmp_path, cell):
    path = workbook(tmp_path / "stray.xlsx", aze_rows(2), **{cell: "x"})
    assert path.stat().st_size < 20_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    res = validate_file(path, "AZE")
    assert time.perf_counter() - t < 2
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
    t = time.perf_counter()
    res = validate_file(path, "AZE")
    assert time.perf_counter() - t < 3
    [p] = res.errors
    assert p.row == 1 and p.message.startswith("the header row has ")
    assert p.expected.startswith("at most 10,000 columns")
