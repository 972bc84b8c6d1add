"""The columnar intake (issue 12, bounded cost): large CSVs read by pyarrow keep
Excel's row numbers and their encoding; the fast CSV writer and the streamed
answers table write exactly the bytes pandas would. Speed is measured in
``make bench`` only."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ctnat.ingest.readers as readers
from ctnat.csv_writer import write_frame
from ctnat.ingest.answers_table import long_answers, write_long_answers
from ctnat.ingest.run import _long_answers_by_row
from ctnat.ingest.validate import validate_file
from ctnat.instruments import load_instruments
from tests.conftest import REPO

AZE = REPO / "data/raw/AZE/surveys/AZE_esurvey_responses.csv"


@pytest.fixture
def pyarrow_path(monkeypatch):
    """Every CSV over 1 KB goes through the large-file reader; records its calls."""
    calls = []
    real = readers._read_big_csv

    def spy(*a, **k):
        out = real(*a, **k)
        calls.append(out is not None)
        return out

    monkeypatch.setattr(readers, "BIG_TEXT", 1024)
    monkeypatch.setattr(readers, "_read_big_csv", spy)
    return calls


def _aze(rows: int) -> pd.DataFrame:
    base = pd.read_csv(AZE, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    big = pd.concat([base] * (rows // len(base) + 1), ignore_index=True).iloc[:rows].copy()
    big["respondent_code"] = [f"AZEsur{i + 1}" for i in range(rows)]
    return big


def test_a_large_csv_keeps_excel_row_numbers_after_blank_lines(tmp_path, pyarrow_path):
    df = _aze(40)
    df.loc[29, "q3_1_4"] = "Very good"
    lines = df.to_csv(index=False).split("\n")
    lines.insert(11, "")  # a blank line after Excel row 11: the bad answer, data row 30, is on Excel row 32
    path = tmp_path / "responses.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    res = validate_file(path, "AZE")
    assert pyarrow_path == [True]
    assert [(p.row, p.column, p.value) for p in res.errors] == [(32, "q3_1_4", "Very good")]
    assert res.rows == 40 and list(res.table["source_row"])[9:12] == [11, 13, 14]


def test_a_large_csv_that_stops_being_utf8_is_read_in_its_encoding(tmp_path, pyarrow_path):
    df = _aze(400).map(lambda v: v.replace("\u2013", "-").replace("\u2014", "-"))  # plain ASCII: labels still match
    df.to_csv(tmp_path / "ascii.csv", index=False)
    assert len((tmp_path / "ascii.csv").read_text(encoding="ascii")) > 450_000  # beyond the part read first
    df.loc[390, "q8_3"] = "We don’t know"  # a curly apostrophe: one byte, 0x92, in Windows-1252
    path = tmp_path / "responses.csv"
    path.write_bytes(df.to_csv(index=False).encode("cp1252"))
    res = validate_file(path, "AZE")
    assert pyarrow_path == [False]  # pyarrow refused the text; the whole file decided the encoding
    assert res.can_ingest and res.encoding == "cp1252", [str(p) for p in res.problems]
    assert res.table.loc[390, "q8_3"] == "We don’t know"


def test_the_fast_csv_writer_writes_the_bytes_of_to_csv(tmp_path):
    rng = np.random.default_rng(7)
    cells = ["a", "", "a,b", 'say "hi"', "two\nlines", "cr\ronly", " lead", "x\r\ny", "Ж", "'", "#", "semi;colon"]
    n = 300
    pick = [cells[i] for i in rng.integers(0, len(cells), n)]
    with_missing = [None if i % 7 == 0 else v for i, v in enumerate(pick)]
    df = pd.DataFrame({
        "text": pd.Series(pick, dtype="str"),
        "coded, with comma": pd.Series(pick, dtype="category"),
        "missing": pd.Series(with_missing, dtype="category"),
        "objects": pd.Series(with_missing, dtype=object),
        'quote"d': pd.Series(with_missing, dtype="str"),
        "source_row": np.arange(2, n + 2),
        "passed": rng.integers(0, 2, n).astype(bool),
    })
    df.to_csv(tmp_path / "pandas.csv", index=False, encoding="utf-8")
    write_frame(df, tmp_path / "fast.csv")
    assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()


def test_the_streamed_answers_table_is_the_one_walking_row_by_row(tmp_path):
    inst = load_instruments(REPO / "instruments")
    res = validate_file(REPO / "tests/fixtures/field/14_two_sheets_same_header.xlsx", "AZE")
    t = pd.concat([validate_file(AZE, "AZE").table, res.table], ignore_index=True)
    t["source_file"] = ['surveys/a, "quoted".csv'] * 7 + ["surveys/b.xlsx"] * (len(t) - 7)
    slow = _long_answers_by_row(t, inst)
    pd.testing.assert_frame_equal(long_answers(t, inst), slow.astype("str"))
    n = write_long_answers(t, inst, tmp_path / "answers.csv")
    slow.to_csv(tmp_path / "slow.csv", index=False, encoding="utf-8")
    assert n == len(slow) > 500
    assert (tmp_path / "answers.csv").read_bytes() == (tmp_path / "slow.csv").read_bytes()
