"""Corrections without touching received files: every file in a data folder is
read (or is an error naming it), cumulative re-exports and corrected files
supersede earlier records, withdrawals, the cleaning log, and atomic writes
under a kill."""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from tests.conftest import minimal_country
from ctnat.cli import main
from ctnat.ingest import ingest_country, store_received_file
from ctnat.ingest.answers_table import long_answers
from ctnat.ingest.run import _long_answers_by_row
from ctnat.ingest.scrub import scrub_text
from ctnat.instruments import load_instruments
from ctnat.problems import CtnatError

FIELD = Path(__file__).parent / "fixtures" / "field"
HEADER = "respondent_code,q3_1_4,q5_1_9,q8_3\n"


def _receive(project, name: str, rows: str):
    """A survey file of the AZE test project received through the store the portal uses: ``HEADER`` + ``rows``."""
    return store_received_file((HEADER + rows).encode(), "AZE", "surveys", name, root=project)


def _project(project: Path) -> Path:
    """AZE interviews and desk review, no survey files yet."""
    d = minimal_country(project)
    (d / "surveys").mkdir()
    return d


def _tree(path: Path) -> dict:
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


def _respondents(project) -> pd.DataFrame:
    return pd.read_csv(project / "data/processed/AZE/respondents.csv", dtype=str, keep_default_na=False)


# ------------------------------------------------------------------ registry
def test_every_file_in_a_data_folder_is_read_whatever_its_name(project):
    d = _project(project)
    shutil.copy(FIELD / "10_macro_workbook.xlsm", d / "surveys" / "kobo.xlsm")
    shutil.copy(FIELD / "13_csv_named_xls.xls", d / "surveys" / "..hidden.xls")
    shutil.copy(FIELD / "27_truncated_upload_name.cs", d / "surveys" / "upload_from_portal.cs")
    m = ingest_country("AZE", root=project)
    read = {Path(i["path"]).name: i["rows"] for i in m["inputs"] if i["kind"] == "survey"}
    assert read == {"kobo.xlsm": 2, "..hidden.xls": 2, "upload_from_portal.cs": 2}
    # the same respondents three times: the last received wins, two earlier records superseded each
    assert len(m["superseded"]) == 4


def test_an_unreadable_file_is_an_error_naming_it_not_a_silent_skip(project):
    d = _project(project)
    shutil.copy(FIELD / "01_excel_csv_windows_cp1252.csv", d / "surveys" / "responses.csv")
    shutil.copy(FIELD / "33_excel_lock_file.xlsx", d / "surveys" / "~$responses.xlsx")
    (d / "surveys" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + b"\x00" * 200)
    with pytest.raises(CtnatError) as err:
        ingest_country("AZE", root=project)
    text = str(err.value)
    assert "surveys/~$responses.xlsx: the file is not a table CT-NAT can read" in text
    assert "surveys/.DS_Store: the file is not a table CT-NAT can read" in text
    assert "ctnat withdraw surveys/.DS_Store --country AZE" in text


def test_hand_placed_files_are_recorded_once_after_a_successful_ingest(project):
    d = _project(project)
    shutil.copy(FIELD / "01_excel_csv_windows_cp1252.csv", d / "surveys" / "responses.csv")
    ingest_country("AZE", root=project)
    log = [json.loads(x) for x in (d / "received.jsonl").read_text().splitlines()]
    assert [(r["kind"], r["stored_as"], r["status"]) for r in log if r["kind"] == "surveys"] == \
        [("surveys", "responses.csv", "found")]
    n = len(log)
    ingest_country("AZE", root=project)
    assert len((d / "received.jsonl").read_text().splitlines()) == n  # recorded once


# ------------------------------------------------------------- resubmissions
def test_a_cumulative_re_export_supersedes_the_earlier_export(project):
    _project(project)
    _receive(project, "kobo_2016-01-20.csv", "AZEsur1,Adequate,Agree,\nAZEsur2,Inadequate,Disagree,\n")
    _receive(project, "kobo_2016-01-31.csv", "azesur1,Adequate,Agree,\nAZEsur2,Inadequate,Disagree,\n"
             "AZEsur3,Adequate,Agree,\n")
    m = ingest_country("AZE", root=project)
    r = _respondents(project)
    assert list(r["respondent_code"]) == ["AZEsur1", "AZEsur2", "AZEsur3"]
    assert set(r["source_file"]) == {"surveys/kobo_2016-01-31.csv"}
    assert [(s["respondent_code"], s["file"], s["row"], s["superseded_by"]) for s in m["superseded"]] == [
        ("AZEsur1", "surveys/kobo_2016-01-20.csv", 2, "surveys/kobo_2016-01-31.csv"),
        ("AZEsur2", "surveys/kobo_2016-01-20.csv", 3, "surveys/kobo_2016-01-31.csv")]


def test_a_corrected_file_wins_by_order_of_receipt_not_by_name(project):
    d = _project(project)
    _receive(project, "z_first.csv", "AZEsur1,Adequate,Agree,\n")
    _receive(project, "a_correction.csv", "AZEsur1,Inadequate,Agree,\n")
    ingest_country("AZE", root=project)
    r = _respondents(project)
    assert list(r["q3_1_4"]) == ["inadequate"] and list(r["source_file"]) == ["surveys/a_correction.csv"]
    assert _tree(d)  # nothing was deleted: both files are still there
    assert (d / "surveys" / "z_first.csv").exists() and (d / "surveys" / "a_correction.csv").exists()


def test_a_repeated_code_inside_one_file_is_still_an_error(project):
    d = _project(project)
    (d / "surveys" / "r.csv").write_text(HEADER + "AZEsur1,Adequate,Agree,\nAZEsur1,Adequate,Agree,\n")
    with pytest.raises(CtnatError, match="respondent code 'AZEsur1' is used twice"):
        ingest_country("AZE", root=project)


# --------------------------------------------------------------- withdrawal
def test_a_withdrawn_file_is_kept_logged_and_left_out(project, monkeypatch):
    d = _project(project)
    _receive(project, "good.csv", "AZEsur1,Adequate,Agree,\n")
    _receive(project, "test_upload.csv", "AZEsur2,Very good,Agree,\n")
    with pytest.raises(CtnatError):
        ingest_country("AZE", root=project)
    monkeypatch.setenv("CTNAT_ROOT", str(project))
    out = CliRunner().invoke(main, ["withdraw", "surveys/test_upload.csv", "--country", "AZE", "--reason",
                                    "a test upload by the focal point"])
    assert out.exit_code == 0, out.output
    m = ingest_country("AZE", root=project)
    assert (d / "surveys" / "test_upload.csv").exists()
    assert [(w["file"], w["reason"]) for w in m["withdrawn"]] == [("surveys/test_upload.csv",
                                                                   "a test upload by the focal point")]
    assert list(_respondents(project)["respondent_code"]) == ["AZEsur1"]
    again = CliRunner().invoke(main, ["withdraw", "surveys/test_upload.csv", "--country", "AZE", "--reason", "x"])
    assert again.exit_code == 1 and "already withdrawn" in again.output
    nothing = CliRunner().invoke(main, ["withdraw", "surveys/nope.csv", "--country", "AZE", "--reason", "x"])
    assert nothing.exit_code == 1 and "does not exist" in nothing.output


def test_a_withdrawal_reason_reaches_processed_data_without_contact_details(project):
    from ctnat.ingest.registry import withdraw_file

    d = _project(project)
    _receive(project, "good.csv", "AZEsur1,Adequate,Agree,\n")
    _receive(project, "wrong.csv", "AZEsur2,Adequate,Agree,\n")
    withdraw_file("surveys/wrong.csv", "AZE", "sent by mistake; ask anna.petrova@example.org or +994 12 555 0147",
                  root=project)
    m = ingest_country("AZE", root=project)
    reason = m["withdrawn"][0]["reason"]
    assert "anna.petrova" not in reason and "555 0147" not in reason and reason.startswith("sent by mistake")
    manifest = (project / "data/processed/AZE/manifest.json").read_text(encoding="utf-8")
    assert "anna.petrova" not in manifest and "555 0147" not in manifest
    assert "anna.petrova" in (d / "withdrawals.jsonl").read_text(encoding="utf-8")  # the log keeps what was typed


# ------------------------------------------------------------- cleaning log
def _with_log(project, lines: str):
    d = _project(project)
    (d / "surveys" / "r.csv").write_text(HEADER + "AZEsur1,Adequate,Agree,fine\nAZEsur2,Inadequate,Disagree,\n"
                                                  "AZEsur3,Adequate,Agree,\n")
    (d / "cleaning_log.csv").write_text("respondent_code,column,old_value,new_value,reason,changed_by,date\n"
                                        + lines, encoding="utf-8")
    return d


def test_the_cleaning_log_is_applied_and_listed(project):
    _with_log(project, "azesur2,q3_1_4,Inadequate,Somewhat adequate,respondent corrected by phone,RA,2016-02-01\n"
                       "AZEsur3,_remove,,,duplicate test response,RA,2016-02-01\n"
                       "AZEsur1,q8_3,fine,call +994 12 345 67 89,typo,RA,\n")
    m = ingest_country("AZE", root=project)
    r = _respondents(project).set_index("respondent_code")
    assert list(r.index) == ["AZEsur1", "AZEsur2"]
    assert r.loc["AZEsur2", "q3_1_4"] == "somewhat_adequate"
    assert r.loc["AZEsur1", "q8_3"] == "call [phone removed]"
    assert [(c["respondent_code"], c["column"], c["old_value"], c["new_value"]) for c in m["cleaning"]] == [
        ("AZEsur2", "3.1.4", "Inadequate", "Somewhat adequate"), ("AZEsur3", "_remove", "", ""),
        ("AZEsur1", "8.3", "(text)", "(text)")]
    changes = pd.read_csv(project / "data/processed/AZE/data_changes.csv", dtype=str, keep_default_na=False)
    assert "+994" not in changes.to_csv() and list(changes["kind"]) == ["cleaning"] * 3


def test_a_stale_or_invalid_cleaning_log_line_stops_ingest_naming_its_row(project):
    _with_log(project, "AZEsur2,q3_1_4,Adequate,Somewhat adequate,stale old value,,\n"
                       "AZEsur1,q3_1_4,Adequate,Very good,invalid new value,,\n"
                       "AZEsur9,q3_1_4,Adequate,Inadequate,no such respondent,,\n")
    with pytest.raises(CtnatError) as err:
        ingest_country("AZE", root=project)
    text = str(err.value)
    assert "cleaning_log.csv, row 2, column 'old_value': the old value does not match what was received" in text
    assert "cleaning_log.csv, row 3, column 'new_value': the new value is not valid: 'Very good' is not an answer" in text
    assert "cleaning_log.csv, row 4, column 'respondent_code': respondent 'AZEsur9' is not among" in text
    assert not (project / "data/processed/AZE").exists()


def test_clean_template_writes_an_empty_log_and_never_overwrites(project, monkeypatch):
    _project(project)
    monkeypatch.setenv("CTNAT_ROOT", str(project))
    first = CliRunner().invoke(main, ["clean", "template", "--country", "AZE"])
    assert first.exit_code == 0, first.output
    log = project / "data/raw/AZE/cleaning_log.csv"
    assert log.read_text(encoding="utf-8-sig").strip() == \
        "respondent_code,column,old_value,new_value,reason,changed_by,date"
    second = CliRunner().invoke(main, ["clean", "template", "--country", "AZE"])
    assert second.exit_code == 1 and "never overwritten" in second.output


# ------------------------------------------------------------------ atomic
KILL_INGEST = textwrap.dedent("""
    import os, signal, sys
    import pandas as pd
    root = sys.argv[1]
    written = []
    real = pd.DataFrame.to_csv
    def dying(self, path, *a, **k):
        real(self, path, *a, **k)
        written.append(path)
        if len(written) == 2:
            os.kill(os.getpid(), signal.SIGKILL)
    pd.DataFrame.to_csv = dying
    import ctnat.ingest.run as run  # ingest writes its large tables with ctnat.csv_writer
    real_frame = run.write_frame
    def dying_frame(df, path):
        real_frame(df, path)
        written.append(path)
        if len(written) == 2:
            os.kill(os.getpid(), signal.SIGKILL)
    run.write_frame = dying_frame
    from ctnat.ingest import ingest_country
    ingest_country("AZE", root=root)
""")


def _ingest_killed_by(script: str, project: Path) -> tuple[Path, dict]:
    """Ingest one survey file, add a second, and run ingest in a process that
    ``script`` kills midway: (the processed folder, its files before)."""
    d = _project(project)
    (d / "surveys" / "r.csv").write_text(HEADER + "AZEsur1,Adequate,Agree,\n")
    ingest_country("AZE", root=project)
    out = project / "data/processed/AZE"
    before = _tree(out)
    (d / "surveys" / "r2.csv").write_text(HEADER + "AZEsur2,Inadequate,Agree,\n")
    proc = subprocess.run([sys.executable, "-c", script, str(project)], capture_output=True,
                          cwd=Path(__file__).resolve().parents[1])
    assert proc.returncode == -signal.SIGKILL
    return out, before


def test_a_kill_during_ingest_leaves_the_old_set_complete(project):
    out, before = _ingest_killed_by(KILL_INGEST, project)
    assert _tree(out) == before  # the old set, byte for byte
    m = ingest_country("AZE", root=project)  # the next run completes and cleans up
    assert list(_respondents(project)["respondent_code"]) == ["AZEsur1", "AZEsur2"]
    assert [p.name for p in out.parent.iterdir()] == ["AZE"]  # no stray temporary directory
    assert json.loads((out / "manifest.json").read_text()) == m


KILL_STORE = textwrap.dedent("""
    import os, signal, sys
    root = sys.argv[1]
    real = os.link
    def dying(src, dst, *a, **k):
        os.kill(os.getpid(), signal.SIGKILL)
    os.link = dying
    from ctnat.ingest import store_received_file
    store_received_file(b"respondent_code,q3_1_4\\nAZEsur2,Adequate\\n" * 1000, "AZE", "surveys", "big.csv",
                        root=root)
""")


def test_a_kill_while_storing_an_upload_leaves_no_partial_file(project):
    d = _project(project)
    _receive(project, "r.csv", "AZEsur1,Adequate,Agree,\n")
    log_before = (d / "received.jsonl").read_text()
    proc = subprocess.run([sys.executable, "-c", KILL_STORE, str(project)], capture_output=True,
                          cwd=Path(__file__).resolve().parents[1])
    assert proc.returncode == -signal.SIGKILL
    assert sorted(p.name for p in (d / "surveys").iterdir()) == ["r.csv"]
    assert (d / "received.jsonl").read_text() == log_before
    ingest_country("AZE", root=project)  # later ingests are not broken
    assert list(_respondents(project)["respondent_code"]) == ["AZEsur1"]


# -------------------------------------------------------------------- cost
def test_scrubbing_a_long_cell_without_spaces_is_correct():
    # linear patterns (the speed is measured in `make bench`): a long token stays, an e-mail inside text goes
    s = "a" * 300_000 + " write to x.y@example.org or +994 12 345 67 89 " + "1 " * 20_000
    out = scrub_text(s)
    assert out.startswith("a" * 300_000 + " write to [e-mail removed] or [phone removed] ")
    assert scrub_text("-" * 100_000 + "@" * 10) == "-" * 100_000 + "@" * 10
    assert scrub_text("between 2014-2018 and 2019") == "between 2014-2018 and 2019"
    assert scrub_text("ref12 3456789") == "ref12 [phone removed]"


def test_the_long_answers_table_is_the_same_as_walking_row_by_row(project):
    from tests.conftest import copy_country

    copy_country(project, "AZE")
    ingest_country("AZE", root=project)
    inst = load_instruments(project / "instruments")
    r = _respondents(project)
    fast, slow = long_answers(r, inst), _long_answers_by_row(r, inst)
    pd.testing.assert_frame_equal(fast.astype(str).reset_index(drop=True), slow.astype(str).reset_index(drop=True))
    assert len(fast) > 500


def test_the_report_annex_lists_superseded_withdrawn_and_cleaned_records(project):
    from docx import Document

    from ctnat.ingest.registry import withdraw_file
    from ctnat.report.data_annex import add_data_annex

    d = _with_log(project, "AZEsur2,q3_1_4,Inadequate,Somewhat adequate,corrected by phone,Ada Example,2016-02-01\n")
    (d / "surveys" / "resent.csv").write_text(HEADER + "AZEsur1,Adequate,Agree,fine\n")
    (d / "surveys" / "Bo_Sample_test.csv").write_text(HEADER + "AZEsur7,Adequate,Agree,\n")
    withdraw_file("surveys/Bo_Sample_test.csv", "AZE", "test upload", root=project)
    ingest_country("AZE", root=project)
    doc = Document()
    add_data_annex(doc, "AZE", project, letter="E")
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "Annex E. Data received and corrections" in text
    assert "Superseded survey records (1):" in text and "Withdrawn files (1):" in text
    assert " row 2" in text and ".0" not in text.replace("2016-02-01", "")
    assert "3.1.4: Inadequate → Somewhat adequate" in text and "corrected by phone" in text
    assert "test upload" in text
    for private in ("Ada Example", "Bo_Sample", "resent.csv"):
        assert private not in text


KILL_SWAP = textwrap.dedent("""
    import os, signal, sys
    import ctnat.atomic as atomic
    root = sys.argv[1]
    atomic._exchange = lambda a, b: False  # a system without renameat2: the two-step swap
    real = os.replace
    calls = []
    def dying(a, b):
        real(a, b)
        calls.append(b)
        if str(b).endswith(".AZE.old"):  # the old set moved aside, the new one not yet in place
            os.kill(os.getpid(), signal.SIGKILL)
    os.replace = dying
    from ctnat.ingest import ingest_country
    ingest_country("AZE", root=root)
""")


def test_a_kill_inside_the_swap_is_repaired_before_anything_reads(project):
    from ctnat.atomic import clean_leftovers

    out, before = _ingest_killed_by(KILL_SWAP, project)
    clean_leftovers(out)  # what the next atomic write does first
    assert _tree(out) == before
    # with renameat2 the swap is one step: a kill right after it leaves the new set
    from ctnat.atomic import _exchange

    a, b = project / "a", project / "b"
    a.mkdir(), b.mkdir()
    (a / "x").write_text("a"), (b / "x").write_text("b")
    assert _exchange(a, b) and (a / "x").read_text() == "b" and (b / "x").read_text() == "a"


def test_the_report_annex_numbers_files_as_the_portal_does(project):
    from ctnat.ingest.registry import received_overview, withdraw_file
    from ctnat.report.data_annex import data_annex_rows

    d = _project(project)
    # received in an order that is not the order of their names; one placed by hand, one withdrawn
    _receive(project, "zz_first.csv", "AZEsur1,Adequate,Agree,\n")
    _receive(project, "mistake.csv", "AZEsur9,Adequate,Agree,\n")
    _receive(project, "aa_second.csv", "AZEsur2,Adequate,Agree,\n")
    (d / "surveys" / "mm_by_hand.csv").write_text(HEADER + "AZEsur3,Adequate,Agree,\n")
    withdraw_file("surveys/mistake.csv", "AZE", "sent by mistake", root=project)
    ingest_country("AZE", root=project)
    portal = {f["file"]: f"{'S' if f['kind'] == 'survey' else 'I'}{f['no']}" for f in received_overview("AZE", project)}
    assert portal["surveys/zz_first.csv"] == "S1" and portal["surveys/mistake.csv"] == "S2"
    assert portal["surveys/aa_second.csv"] == "S3"
    annex = data_annex_rows("AZE", project)
    surveys = [row[0] for row in annex["files"] if row[1] == "survey"]
    assert surveys == [portal[f] for f in ("surveys/zz_first.csv", "surveys/aa_second.csv", "surveys/mm_by_hand.csv")]
    assert [row[0] for row in annex["withdrawn"]] == [portal["surveys/mistake.csv"]]
