"""Reading settings ingest honours: a survey file that only reads with an
encoding or delimiter given by hand is recorded in data/raw/<ISO3>/reading.yaml
(``ctnat validate FILE --encoding X --delimiter Y --remember``), checked, applied
by ingest and recorded in the manifest; a change to it re-runs ingest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from tests.conftest import minimal_country
from ctnat.build import build_country
from ctnat.cli import main
from ctnat.ingest import ingest_country
from ctnat.ingest.reading import Reading, read_reading, remember_reading
from ctnat.problems import CtnatError

FIELD = Path(__file__).parent / "fixtures" / "field"
PIPE = FIELD / "36_pipe_delimited.csv"  # respondent_code|q1_2|q3_1_4|… : detection cannot read it
# Central European Windows code page: detection takes it for cp1252 and reads 'Łódź' as '£ódŸ'
CP1250 = "respondent_code;q3_1_4;q5_1_9;q8_3\nAZEsur1;Adequate;Agree;Łódź: the shelter is full\n".encode("cp1250")


def _project(project: Path) -> Path:
    d = minimal_country(project, all_interviews=False)
    (d / "surveys").mkdir()
    return d


def _cli(project, monkeypatch, *args):
    monkeypatch.setenv("CTNAT_ROOT", str(project))
    return CliRunner().invoke(main, list(args))


def _respondents(project) -> pd.DataFrame:
    return pd.read_csv(project / "data/processed/AZE/respondents.csv", dtype=str, keep_default_na=False)


def _manifest(project) -> dict:
    return json.loads((project / "data/processed/AZE/manifest.json").read_text(encoding="utf-8"))


# ------------------------------------------------ detection fails: say how
def test_ingest_of_a_file_only_an_override_reads_says_exactly_how_to_set_it(project):
    d = _project(project)
    shutil.copy(PIPE, d / "surveys" / "kobo.csv")
    with pytest.raises(CtnatError) as err:
        ingest_country("AZE", root=project)
    assert ("WARNING: surveys/kobo.csv: the file separates its columns with '|'; record that with: ctnat validate "
            "surveys/kobo.csv --country AZE --delimiter '|' --remember (it checks that the file then reads, and "
            "writes data/raw/AZE/reading.yaml, which ingest follows)") in str(err.value)
    assert not (d / "reading.yaml").exists()


def test_when_the_encoding_is_not_recognised_the_error_shows_the_command_to_try(project):
    d = _project(project)
    (d / "surveys" / "utf32.csv").write_bytes("respondent_code,q3_1_4\nAZEsur1,Adequate\n".encode("utf-32"))
    with pytest.raises(CtnatError) as err:
        ingest_country("AZE", root=project)
    assert ("WARNING: surveys/utf32.csv: if the file is text saved in another encoding (e.g. cp1252, cp1250, cp1251, "
            "mac_roman, koi8_r, utf-16) or with another delimiter (',' ';' tab '|'), find the settings that read it "
            "with: ctnat validate surveys/utf32.csv --country AZE --encoding ENCODING --delimiter ';' — then add "
            "--remember to record them in data/raw/AZE/reading.yaml, which ingest follows") in str(err.value)


def test_the_command_from_the_hint_remembers_and_the_next_ingest_reads_the_file(project, monkeypatch):
    d = _project(project)
    shutil.copy(PIPE, d / "surveys" / "kobo.csv")
    out = _cli(project, monkeypatch, "validate", "surveys/kobo.csv", "--country", "AZE", "--delimiter", "|",
               "--remember")
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[-2:] == [
        "kobo.csv: survey file, 2 row(s) read, 0 error(s), 0 warning(s): can be ingested.",
        'Remembered in data/raw/AZE/reading.yaml: surveys/kobo.csv is read with delimiter "|". The next ingest '
        "(`ctnat ingest --country AZE`, `make report`) follows it."]
    assert (d / "reading.yaml").read_text(encoding="utf-8").splitlines()[-1] == '"surveys/kobo.csv": {delimiter: "|"}'
    m = ingest_country("AZE", root=project)
    assert list(_respondents(project)["respondent_code"]) == ["AZEsur1", "AZEsur2"]
    entries = {Path(i["path"]).name: i for i in m["inputs"]}
    assert entries["reading.yaml"]["kind"] == "reading_settings" and len(entries["reading.yaml"]["sha256"]) == 64
    assert entries["reading.yaml"]["rows"] == 1
    assert (entries["kobo.csv"]["reading"], entries["kobo.csv"]["delimiter"], entries["kobo.csv"]["format"]) == (
        {"delimiter": "|"}, "|", "csv-pipe")


def test_an_encoding_setting_corrects_a_code_page_detection_reads_wrongly(project):
    d = _project(project)
    (d / "surveys" / "export.csv").write_bytes(CP1250)
    m = ingest_country("AZE", root=project)
    assert _respondents(project).loc[0, "q8_3"] == "£ódŸ: the shelter is full"  # detected as cp1252: wrong
    assert next(i for i in m["inputs"] if i["kind"] == "survey")["encoding"] == "cp1252"
    remember_reading("surveys/export.csv", "AZE", Reading(encoding="cp1250"), root=project)
    m = ingest_country("AZE", root=project)
    assert _respondents(project).loc[0, "q8_3"] == "Łódź: the shelter is full"
    assert next(i for i in m["inputs"] if i["kind"] == "survey")["reading"] == {"encoding": "cp1250"}


def test_a_change_to_reading_yaml_re_runs_ingest_in_the_build(project):
    d = _project(project)
    (d / "surveys" / "export.csv").write_bytes(CP1250)
    assert build_country("AZE", root=project, until="ingest")["ran"] == ["ingest"]
    assert build_country("AZE", root=project, until="ingest")["ran"] == []
    remember_reading("surveys/export.csv", "AZE", Reading(encoding="cp1250"), root=project)
    assert build_country("AZE", root=project, until="ingest")["ran"] == ["ingest"]
    assert _respondents(project).loc[0, "q8_3"] == "Łódź: the shelter is full"


# ------------------------------------------------- validate reads as ingest
def test_validate_reads_a_received_file_with_its_recorded_settings_unless_told_otherwise(project, monkeypatch):
    d = _project(project)
    shutil.copy(PIPE, d / "surveys" / "kobo.csv")
    remember_reading("surveys/kobo.csv", "AZE", Reading(delimiter="|"), root=project)
    as_ingest = _cli(project, monkeypatch, "validate", "data/raw/AZE/surveys/kobo.csv", "--country", "AZE")
    assert as_ingest.exit_code == 0, as_ingest.output
    assert as_ingest.output.splitlines()[-1] == \
        'Read with the settings of data/raw/AZE/reading.yaml: delimiter "|" (as ingest reads it).'
    told = _cli(project, monkeypatch, "validate", "surveys/kobo.csv", "--country", "AZE", "--delimiter", ",")
    assert told.exit_code == 1 and "Read with the settings" not in told.output


def test_settings_given_for_a_spreadsheet_are_said_to_be_unused(project, monkeypatch):
    out = _cli(project, monkeypatch, "validate", str(FIELD / "08_title_rows.xlsx"), "--country", "AZE",
               "--encoding", "cp1252")
    assert out.exit_code == 0, out.output
    assert ("WARNING: 08_title_rows.xlsx: an encoding or delimiter was given, but the file is a xlsx file, not text: "
            "they are not used (found: 'cp1252') — expected: --encoding and --delimiter (or reading.yaml) for "
            "CSV/TXT files only") in out.output


@pytest.mark.parametrize("option, value, message", [
    ("--encoding", "cp9999", "Invalid value for '--encoding': 'cp9999' is not a text encoding Python knows; expected "
                             "a text encoding Python knows, e.g. utf-8, cp1252, cp1250, cp1251, mac_roman, koi8_r, "
                             "utf-16"),
    ("--encoding", "base64", "Invalid value for '--encoding': 'base64' is a codec for bytes, not a text encoding"),
    ("--delimiter", ":", "Invalid value for '--delimiter': ':' is not a delimiter CT-NAT reads; expected \",\" \";\" "
                         "tab or \"|\""),
])
def test_validate_options_are_checked(project, monkeypatch, option, value, message):
    out = _cli(project, monkeypatch, "validate", str(PIPE), "--country", "AZE", option, value)
    assert out.exit_code == 2 and message in " ".join(out.output.split())


def test_tab_is_a_delimiter_by_name(project, monkeypatch):
    tsv = project / "answers.txt"
    tsv.write_text(PIPE.read_text(encoding="utf-8").replace("|", "\t"), encoding="utf-8")
    out = _cli(project, monkeypatch, "validate", str(tsv), "--country", "AZE", "--delimiter", "tab")
    assert out.exit_code == 0 and "2 row(s) read, 0 error(s)" in out.output


# --------------------------------------------------- what is not remembered
def test_remember_refuses_a_file_that_is_not_received_settings_that_do_not_work_and_no_settings(project, monkeypatch):
    d = _project(project)
    shutil.copy(PIPE, d / "surveys" / "kobo.csv")
    outside = _cli(project, monkeypatch, "validate", str(PIPE), "--country", "AZE", "--delimiter", "|", "--remember")
    assert outside.exit_code == 1
    assert ("ERROR: " + str(PIPE) + ": --remember records how to read a received survey file of AZE, and this is not "
            "one") in outside.output
    wrong = _cli(project, monkeypatch, "validate", "surveys/kobo.csv", "--country", "AZE", "--delimiter", ";",
                 "--remember")
    assert wrong.exit_code == 1
    assert wrong.output.splitlines()[-1] == ("Not remembered: surveys/kobo.csv cannot be ingested with these "
                                            "settings either (1 error(s) above); data/raw/AZE/reading.yaml is "
                                            "unchanged.")
    none = _cli(project, monkeypatch, "validate", "surveys/kobo.csv", "--country", "AZE", "--remember")
    assert none.exit_code == 1 and "--remember needs the settings to record" in none.output
    assert not (d / "reading.yaml").exists()
    _cli(project, monkeypatch, "withdraw", "surveys/kobo.csv", "--country", "AZE", "--reason", "a test")
    gone = _cli(project, monkeypatch, "validate", "surveys/kobo.csv", "--country", "AZE", "--delimiter", "|",
                "--remember")
    assert gone.exit_code == 1 and "the file is withdrawn, so ingest does not read it" in gone.output
    assert not (d / "reading.yaml").exists()


def test_ingest_takes_no_one_off_settings(project, monkeypatch):
    _project(project)
    out = _cli(project, monkeypatch, "ingest", "--country", "AZE", "--delimiter", "|")
    assert out.exit_code == 2
    assert ("ingest takes no --delimiter: it reads every received file as data/raw/AZE/reading.yaml says, so that "
            "every later build reads it the same way. Record how to read a file with: ctnat validate "
            "data/raw/AZE/surveys/NAME --country AZE --encoding X --delimiter Y --remember") in \
        " ".join(out.output.split())


# ----------------------------------------------- the file is kept as written
def test_remember_replaces_an_entry_and_keeps_every_other_line(project):
    d = _project(project)
    shutil.copy(PIPE, d / "surveys" / "kobo.csv")
    (d / "surveys" / "export.csv").write_bytes(CP1250)
    (d / "reading.yaml").write_text(
        "# settings agreed with the focal point, 3 March\n"
        "surveys/kobo.csv:\n"
        "  encoding: utf-8\n"
        "  delimiter: ','\n"
        "# the next one is the Kobo re-export\n", encoding="utf-8")
    remember_reading("surveys/kobo.csv", "AZE", Reading(delimiter="|"), root=project)
    remember_reading("surveys/export.csv", "AZE", Reading("cp1250", "\t"), root=project)
    assert (d / "reading.yaml").read_text(encoding="utf-8") == (
        "# settings agreed with the focal point, 3 March\n"
        '"surveys/kobo.csv": {delimiter: "|"}\n'
        "# the next one is the Kobo re-export\n"
        '"surveys/export.csv": {encoding: "cp1250", delimiter: tab}\n')
    entries, problems = read_reading(d)
    assert problems == [] and entries == {"surveys/kobo.csv": Reading(None, "|"),
                                          "surveys/export.csv": Reading("cp1250", "\t")}
    assert not any((d / ".incoming").iterdir())  # no temporary file left


# ------------------------------------------------------- every entry checked
@pytest.mark.parametrize("text, line", [
    ('"surveys/nope.csv": {encoding: utf-8}\n',
     "ERROR: reading.yaml, line 1, column 'surveys/nope.csv': there is no received survey file 'surveys/nope.csv' "
     "(found: 'surveys/nope.csv') — expected: the path of a received survey file as ingest names it, e.g. "
     "surveys/NAME.csv (received: surveys/kobo.csv)"),
    ('kobo.csv: {delimiter: "|"}\n',
     "ERROR: reading.yaml, line 1, column 'kobo.csv': there is no received survey file 'kobo.csv' (found: "
     "'kobo.csv') — expected: the path of a received survey file, here probably surveys/kobo.csv"),
    ('"interviews/AZEint1.md": {encoding: cp1252}\n',
     "ERROR: reading.yaml, line 1, column 'interviews/AZEint1.md': reading settings apply to survey files only, not "
     "to interview notes"),
    ('# header\n"surveys/kobo.csv": {encoding: cp9999}\n',
     "ERROR: reading.yaml, line 2, column 'surveys/kobo.csv.encoding': 'cp9999' is not a text encoding Python knows "
     "(found: 'cp9999') — expected: a text encoding Python knows, e.g. utf-8, cp1252, cp1250, cp1251, mac_roman, "
     "koi8_r, utf-16"),
    ('"surveys/kobo.csv": {encoding: rot13}\n',
     "ERROR: reading.yaml, line 1, column 'surveys/kobo.csv.encoding': 'rot13' is a codec for bytes, not a text "
     "encoding (found: 'rot13')"),
    ('"surveys/kobo.csv": {delimiter: ":"}\n',
     "ERROR: reading.yaml, line 1, column 'surveys/kobo.csv.delimiter': ':' is not a delimiter CT-NAT reads (found: "
     "':') — expected: \",\" \";\" tab or \"|\""),
    ('surveys/kobo.csv:\n  delimiter: |\n',
     "ERROR: reading.yaml, line 2, column 'surveys/kobo.csv.delimiter': the delimiter is empty (in YAML, write | and "
     ", in quotes: delimiter: \"|\") — expected: \",\" \";\" tab or \"|\""),
    ('"surveys/kobo.csv": {delimter: "|"}\n',
     "ERROR: reading.yaml, line 1, column 'surveys/kobo.csv.delimter': 'delimter' is not a reading setting (did you mean "
     "'delimiter'?) (found: 'delimter') — expected: encoding, delimiter"),
    ('"surveys/kobo.csv": {}\n',
     "ERROR: reading.yaml, line 1, column 'surveys/kobo.csv': the entry sets neither an encoding nor a delimiter"),
    ('"surveys/kobo.csv": {delimiter: "|"}\n"surveys/kobo.csv": {delimiter: ","}\n',
     "ERROR: reading.yaml, line 2, column 'surveys/kobo.csv': 'surveys/kobo.csv' is listed twice"),
    ('- surveys/kobo.csv\n',
     "ERROR: reading.yaml, line 1: expected one entry per file, each 'path: {encoding, delimiter}'"),
    ('"surveys/kobo.csv": {delimiter: "|"\n',
     "ERROR: reading.yaml, line 2: not valid YAML (expected ',' or '}', but got '<stream end>')"),
])
def test_every_entry_of_reading_yaml_is_checked_and_ingest_names_its_line(project, text, line):
    d = _project(project)
    shutil.copy(PIPE, d / "surveys" / "kobo.csv")
    (d / "reading.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(CtnatError) as err:
        ingest_country("AZE", root=project)
    assert any(x.strip().startswith(line) for x in str(err.value).splitlines()), str(err.value)
    assert not (project / "data/processed/AZE").exists()


def test_remember_refuses_to_touch_a_broken_reading_yaml(project):
    d = _project(project)
    shutil.copy(PIPE, d / "surveys" / "kobo.csv")
    (d / "reading.yaml").write_text('"surveys/kobo.csv": {delimiter: "|"\n', encoding="utf-8")
    with pytest.raises(CtnatError, match="has to be repaired before a setting can be added"):
        remember_reading("surveys/kobo.csv", "AZE", Reading(delimiter="|"), root=project)
    assert (d / "reading.yaml").read_text(encoding="utf-8") == '"surveys/kobo.csv": {delimiter: "|"\n'
