"""The received folder's integrity: a received file changed in place is an error
until the assessor records the change; files placed by hand are ordered by when
they were first seen, then last modified (never by name alone), with a warning
when two of them share respondents; the bundled sample data ships its receipts."""

from __future__ import annotations

import hashlib
import json
import os

import pandas as pd
import pytest
from click.testing import CliRunner

from tests.conftest import REPO, copy_country, minimal_country
from ctnat.cli import main
from ctnat.ingest import ingest_country, store_received_file
from ctnat.ingest.registry import accept_change, read_jsonl, received_files
from ctnat.problems import InputError, UsageError

HEADER = "respondent_code,q3_1_4,q5_1_9,q8_3\n"


def _project(project):
    d = minimal_country(project)
    (d / "surveys").mkdir()
    return d


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _respondents(project) -> pd.DataFrame:
    return pd.read_csv(project / "data/processed/AZE/respondents.csv", dtype=str, keep_default_na=False)


def _edited_in_place(project):
    """A survey file received through the portal, ingested, then overwritten with one answer changed."""
    d = _project(project)
    before, after = HEADER + "AZEsur1,Adequate,Agree,\n", HEADER + "AZEsur1,Inadequate,Agree,\n"
    store_received_file(before.encode(), "AZE", "surveys", "r.csv", root=project)
    ingest_country("AZE", root=project)
    (d / "surveys" / "r.csv").write_text(after)
    when = read_jsonl(d / "received.jsonl")[0]["time"][:10]
    return d, before, after, when


def test_a_received_file_changed_in_place_stops_ingest_naming_it(project):
    d, before, after, when = _edited_in_place(project)
    processed = (project / "data/processed/AZE/respondents.csv").read_bytes()
    with pytest.raises(InputError) as exc:
        ingest_country("AZE", root=project)
    assert [str(p) for p in exc.value.problems if p.severity == "error"] == [
        f"ERROR: surveys/r.csv: the file has changed since it was received on {when}: its content is no longer "
        f"the one recorded then (SHA-256 {_sha(before)[:12]}…, now {_sha(after)[:12]}…), and a received file is "
        "never edited"]
    assert exc.value.problems[0].expected == (
        "put the file back as it was received and send the correction as a new file in surveys/ (its records "
        "replace the earlier ones of the same respondents) or as a line in cleaning_log.csv; to keep the file as "
        "it is now, record the change: ctnat accept-change surveys/r.csv --country AZE --reason \"…\"")
    assert (project / "data/processed/AZE/respondents.csv").read_bytes() == processed  # nothing written


def test_a_hand_placed_file_changed_after_its_first_ingest_is_refused_too(project):
    d = _project(project)
    (d / "surveys" / "by_hand.csv").write_text(HEADER + "AZEsur1,Adequate,Agree,\n")
    ingest_country("AZE", root=project)  # recorded as found, with its SHA-256
    (d / "surveys" / "by_hand.csv").write_text(HEADER + "AZEsur1,Adequate,Disagree,\n")
    with pytest.raises(InputError) as exc:
        ingest_country("AZE", root=project)
    assert [p.file for p in exc.value.problems if p.severity == "error"] == ["surveys/by_hand.csv"]


def test_a_recorded_change_is_taken_in_and_a_further_change_is_refused_again(project, monkeypatch):
    d, before, after, _when = _edited_in_place(project)
    monkeypatch.setenv("CTNAT_ROOT", str(project))
    res = CliRunner().invoke(main, ["accept-change", "surveys/r.csv", "--country", "AZE",
                                    "--reason", "the focal point corrected 3.1.4 by phone", "--by", "assessor"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("Recorded the change to surveys/r.csv (AZE): the focal point corrected 3.1.4 by "
                                 "phone. Run `ctnat ingest --country AZE`.")
    last = read_jsonl(d / "received.jsonl")[-1]
    assert {k: last[k] for k in ("kind", "stored_as", "status", "sha256", "previous_sha256", "reason", "by")} == {
        "kind": "surveys", "stored_as": "r.csv", "status": "accept_change", "sha256": _sha(after),
        "previous_sha256": _sha(before), "reason": "the focal point corrected 3.1.4 by phone", "by": "assessor"}
    ingest_country("AZE", root=project)
    assert _respondents(project)["q3_1_4"].tolist() == ["inadequate"]
    (d / "surveys" / "r.csv").write_text(HEADER + "AZEsur1,Adequate,Disagree,\n")
    with pytest.raises(InputError, match="error"):
        ingest_country("AZE", root=project)


def test_recording_a_change_that_did_not_happen_is_refused(project):
    d = _project(project)
    store_received_file((HEADER + "AZEsur1,Adequate,Agree,\n").encode(), "AZE", "surveys", "r.csv", root=project)
    when = read_jsonl(d / "received.jsonl")[0]["time"][:10]
    with pytest.raises(UsageError) as exc:
        accept_change("surveys/r.csv", "AZE", "no reason really", root=project)
    assert exc.value.args[0] == "surveys/r.csv has not changed"
    assert [str(p) for p in exc.value.problems] == [
        f"ERROR: surveys/r.csv: the file is as it was recorded on {when}: there is no change to record"]


def _placed_by_hand(d, name: str, rows: str, mtime: int) -> None:
    (d / "surveys" / name).write_text(HEADER + rows)
    os.utime(d / "surveys" / name, (mtime, mtime))


def test_files_placed_by_hand_together_are_ordered_by_modification_not_name(project):
    d = _project(project)
    _placed_by_hand(d, "zz_original.csv", "AZEsur1,Adequate,Agree,\nAZEsur2,Adequate,Agree,\n", 1_700_000_000)
    _placed_by_hand(d, "aa_corrected.csv", "AZEsur1,Inadequate,Agree,\nAZEsur2,Inadequate,Agree,\n", 1_700_086_400)
    m = ingest_country("AZE", root=project)
    assert [s["file"] for s in m["superseded"]] == ["surveys/zz_original.csv"] * 2  # the newer one wins
    assert set(_respondents(project)["source_file"]) == {"surveys/aa_corrected.csv"}
    log = [r["stored_as"] for r in read_jsonl(d / "received.jsonl") if r["kind"] == "surveys"]
    assert log == ["zz_original.csv", "aa_corrected.csv"]
    warnings = [w for w in m["warnings"] if w["file"] == "surveys/aa_corrected.csv"]
    assert [w["message"] for w in warnings] == [
        "surveys/zz_original.csv and surveys/aa_corrected.csv were both placed in the folder by hand and are taken "
        "in by the same ingest, and 2 respondents are in both; surveys/aa_corrected.csv was modified later "
        "(2023-11-15T22:13), so it counts as received later and its records replace those of "
        "surveys/zz_original.csv"]
    assert warnings[0]["expected"] == (
        "if surveys/zz_original.csv is the correction, withdraw the other file: ctnat withdraw "
        "surveys/aa_corrected.csv --country AZE --reason \"…\" (files sent through the portal are ordered by when "
        "they arrived)")


def test_a_file_placed_by_hand_later_comes_after_the_ones_already_received(project):
    d = _project(project)
    _placed_by_hand(d, "zz_first.csv", "AZEsur1,Adequate,Agree,\n", 1_700_086_400)
    ingest_country("AZE", root=project)
    _placed_by_hand(d, "aa_later.csv", "AZEsur1,Inadequate,Agree,\n", 1_600_000_000)  # an old file, seen later
    m = ingest_country("AZE", root=project)
    assert [s["file"] for s in m["superseded"]] == ["surveys/zz_first.csv"]
    assert not [w for w in m["warnings"] if "placed in the folder by hand" in w["message"]]


def test_hand_placed_files_without_respondents_in_common_raise_no_warning(project):
    d = _project(project)
    _placed_by_hand(d, "a.csv", "AZEsur1,Adequate,Agree,\n", 1_700_000_000)
    _placed_by_hand(d, "b.csv", "AZEsur2,Adequate,Agree,\n", 1_700_086_400)
    m = ingest_country("AZE", root=project)
    assert not [w for w in m["warnings"] if "placed in the folder by hand" in w["message"]]


@pytest.mark.parametrize("country", ["AZE", "ARM", "GEO"])
def test_the_bundled_sample_data_ships_a_receipt_for_every_file(country):
    files, _gone, pending, changed = received_files(country, REPO)
    assert (pending, changed) == ([], [])
    assert {f.received for f in files} == {read_jsonl(REPO / "data/raw" / country / "received.jsonl")[0]["time"]}


def test_ingesting_the_bundled_sample_appends_nothing_and_dates_files_by_the_data(project):
    d = copy_country(project, "AZE")
    log = (d / "received.jsonl").read_bytes()
    m = ingest_country("AZE", root=project)
    assert (d / "received.jsonl").read_bytes() == log
    survey = next(i for i in m["inputs"] if i["kind"] == "survey")
    assert survey["received"] == "2016-01-21T18:00:00+00:00"
    assert json.loads(log.splitlines()[0])["time"] == "2016-01-21T18:00:00+00:00"


def test_a_copy_of_the_bundled_sample_is_refused_once_a_file_is_edited(project):
    d = copy_country(project, "AZE")
    with open(d / "interviews" / "AZEint1.md", "a", encoding="utf-8") as fh:
        fh.write("\nOne more sentence typed into the received notes.\n")
    with pytest.raises(InputError) as exc:
        ingest_country("AZE", root=project)
    assert [p.file for p in exc.value.problems if p.severity == "error"] == ["interviews/AZEint1.md"]


def test_a_received_file_deleted_by_hand_stops_ingest_naming_it(project):
    # received data is never deleted: a file that leaves the folder without a withdrawal is an error
    d = _project(project)
    text = HEADER + "AZEsur1,Adequate,Agree,\n"
    store_received_file(text.encode(), "AZE", "surveys", "r.csv", root=project)
    ingest_country("AZE", root=project)
    when = read_jsonl(d / "received.jsonl")[0]["time"][:10]
    (d / "surveys" / "r.csv").unlink()
    with pytest.raises(InputError) as exc:
        ingest_country("AZE", root=project)
    errors = [p for p in exc.value.problems if p.severity == "error"]
    assert [str(p) for p in errors] == [
        f"ERROR: surveys/r.csv: the file received on {when} (SHA-256 {_sha(text)[:12]}…) is no longer in the "
        "folder, and received data is never deleted"]
    assert errors[0].expected.startswith("put the file back as it was received; to take it out of the assessment, "
                                         "withdraw it once it is back: ctnat withdraw surveys/r.csv --country AZE")
