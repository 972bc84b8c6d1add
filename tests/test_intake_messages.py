"""What the user of `make report` is told about the files they edit by hand:
every warning of the ingest in full, typos and malformed values in the
assessor's YAML files named with file, line and key, country codes in any case,
and a file that is not a plan refused by `ctnat nap parse`."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from ctnat.cli import main
from ctnat.ingest import ingest_country
from ctnat.problems import InputError, InstrumentError

from .conftest import REPO, minimal_country

DESK_REVIEW = """\
country: AZE
sources:
- id: Aze 7
  author: Cabinet of Ministers
  title: the 2008 referral rules
  year: 2008
criteria:
- indicator: '1.1'
  criterion: fw1
  finding: met
  summary: A referral mechanism exists.
  citations: [Aze 7, "Mda 2, p. 4"]
- indicator: '1.1'
  criterion: fw2
  finding: met
  summary: The rules name the agencies.
  citations: [Aze 7]
"""


CONTEXT = """\
country: AZE
name:
  en: Republic of Azerbaijan
  short: Azerbaijan
  # the name as it stands in a sentence: "in the Republic of Azerbaijan"
  in_text:
    en: the Republic of Azerbaijan
capital: Baku
interview_period:
  start: '2016-01-13'
  end: '2016-01-25'
  days: 3
survey_deadline: '2016-01-31'
workshop:
  date: '2016-04-25'
  place: Baku
languages:
- en
- ru
- az
"""


@pytest.fixture
def country(project) -> Path:
    d = minimal_country(project, all_interviews=False)
    (d / "desk_review.yaml").write_text(DESK_REVIEW, encoding="utf-8")
    (d / "context.yaml").write_text(CONTEXT, encoding="utf-8")
    return d


def _cli(project, monkeypatch, *args):
    monkeypatch.setenv("CTNAT_ROOT", str(project))
    return CliRunner().invoke(main, list(args))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _problems(project) -> list[str]:
    with pytest.raises(InputError) as caught:
        ingest_country("AZE", root=project)
    return [str(p) for p in caught.value.problems if p.severity == "error"]


# ------------------------------------------------------------------ warnings
def test_the_build_shows_every_warning_grouped_by_file_with_counts(project, country, monkeypatch):
    result = _cli(project, monkeypatch, "build", "--country", "AZE", "--until", "ingest")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-4:] == [
        "AZE: 2 warnings in the received files (the outputs were made; read them before publishing):",
        "  desk_review.yaml (2)",
        "    column 'criteria[0].citations': citation 'Mda 2, p. 4' refers to a source not in the sources list — "
        "expected: a source id listed under 'sources:'",
        "    98 criteria have no desk-review entry and are treated as 'unknown'"]


def test_an_up_to_date_build_shows_the_warnings_again(project, country, monkeypatch):
    (country / "desk_review.yaml").unlink()
    _cli(project, monkeypatch, "build", "--country", "AZE", "--until", "ingest")
    again = _cli(project, monkeypatch, "build", "--country", "aze", "--until", "ingest")
    assert again.output.splitlines()[-4:] == [
        "AZE: ran nothing (all up to date)",
        "AZE: 1 warning in the received files (the outputs were made; read it before publishing):",
        "  desk_review.yaml (1)",
        "    there is no desk review: every criterion is treated as 'unknown'"]


def test_the_same_warning_at_several_rows_is_one_line_naming_the_rows():
    from ctnat.ingest.notices import describe_warnings

    small = {"file": "statistics.csv", "message": "a count of 1 is a small cell", "column": "value",
             "severity": "warning", "value": None, "expected": None}
    assert describe_warnings("AZE", [dict(small, row=4), dict(small, row=31)]) == [
        "AZE: 2 warnings in the received files (the outputs were made; read them before publishing):",
        "  statistics.csv (2)",
        "    2×: column 'value': a count of 1 is a small cell (rows 4 and 31)"]
    assert describe_warnings("AZE", [dict(small, row=4, severity="error")]) == []


# ------------------------------------------------------- the assessor's YAML files
def test_a_misspelt_key_in_the_context_is_refused_with_the_key_it_meant(project, country):
    _edit(country / "context.yaml", "capital:", "captial:")
    assert _problems(project) == [
        "ERROR: context.yaml, line 8, column 'captial': captial: unknown key (did you mean 'capital'?)"]


def test_a_date_that_is_not_one_is_refused_with_the_form_expected(project, country):
    _edit(country / "context.yaml", "date: '2016-04-25'", "date: next spring")
    _edit(country / "context.yaml", "survey_deadline: '2016-01-31'", "survey_deadline: '2016-02-30'")
    assert _problems(project) == [
        "ERROR: context.yaml, line 13, column 'survey_deadline': survey_deadline: expected a date written "
        "YYYY-MM-DD (e.g. 2016-04-25), found '2016-02-30'",
        "ERROR: context.yaml, line 15, column 'workshop.date': workshop.date: expected a date written YYYY-MM-DD "
        "(e.g. 2016-04-25), found 'next spring'"]


def test_nested_keys_and_values_of_the_context_are_checked(project, country):
    _edit(country / "context.yaml", "  short:", "  shrt:")
    _edit(country / "context.yaml", "  days: 3", "  days: three")
    _edit(country / "context.yaml", "- az", "- Azerbaijani")
    assert _problems(project) == [
        "ERROR: context.yaml, line 4, column 'name.shrt': name.shrt: unknown key (did you mean 'short'?)",
        "ERROR: context.yaml, line 12, column 'interview_period.days': interview_period.days: expected a whole "
        "number, found 'three'",
        "ERROR: context.yaml, line 20, column 'languages[2]': languages[2]: expected a language code of two or "
        "three small letters (e.g. az), found 'Azerbaijani'"]


def test_the_context_of_another_country_is_refused(project, country):
    _edit(country / "context.yaml", "country: AZE", "country: GEO")
    assert _problems(project) == [
        "ERROR: context.yaml, line 1, column 'country': country: 'GEO' is not the country of this folder, AZE"]


def test_the_bundled_contexts_and_the_documented_one_have_the_right_shape(tmp_path):
    from ctnat.ingest.assessor_files import Context, read_checked

    documented = (REPO / "docs" / "data_formats.md").read_text("utf-8").split("## Context (`context.yaml`)")[1]
    (tmp_path / "context.yaml").write_text(documented.split("```yaml\n")[1].split("```")[0], encoding="utf-8")
    for path in [tmp_path / "context.yaml", *sorted((REPO / "data" / "raw").glob("*/context.yaml"))]:
        assert read_checked(path, "context.yaml", Context)[1] == [], path


def test_a_yaml_syntax_error_names_the_file_and_its_line(project, country):
    _edit(country / "context.yaml", "capital: Baku", "capital: Baku\nworkshop: {date: 2016-04-25, place: Baku")
    assert _problems(project) == ["ERROR: context.yaml, line 10: not valid YAML: did not find expected ',' or '}'"]


def test_overrides_with_a_misspelt_key_are_refused(project, country):
    (country / "overrides.yaml").write_text(textwrap.dedent("""\
        overides:
        - indicator: '5.2'
          criterion: op2
          status: partly_met
          reasn: validated at the workshop
        """), encoding="utf-8")
    assert _problems(project) == [
        "ERROR: overrides.yaml, line 1, column 'overides': overides: unknown key (did you mean 'overrides'?)"]
    _edit(country / "overrides.yaml", "overides:", "overrides:")
    assert _problems(project) == [
        "ERROR: overrides.yaml, line 5, column 'overrides[5.2.op2].reasn': overrides[5.2.op2].reasn: unknown key "
        "(did you mean 'reason'?)"]


def test_the_plan_list_is_checked_key_by_key(project, country):
    (country / "nap").mkdir()
    (country / "nap" / "plan.txt").write_text("1. Prevention\n- The Ministry shall train police officers.\n")
    (country / "nap" / "nap.yaml").write_text("plans:\n- id: nap2019\n  period: next five years\n  fle: plan.txt\n")
    assert _problems(project) == [
        "ERROR: nap/nap.yaml, line 3, column 'plans[nap2019].period': plans[nap2019].period: expected a year or two "
        "years joined by a hyphen (e.g. 2014-2018), found 'next five years'",
        "ERROR: nap/nap.yaml, line 2, column 'plans[nap2019].file': plans[nap2019].file: is required but missing",
        "ERROR: nap/nap.yaml, line 4, column 'plans[nap2019].fle': plans[nap2019].fle: unknown key "
        "(did you mean 'file'?)"]
    (country / "nap" / "nap.yaml").write_text("plans:\n- id: nap2019\n  file: plan.txt\n   period: 2019\n")
    assert _problems(project) == ["ERROR: nap/nap.yaml, line 4: not valid YAML: mapping values are not allowed "
                                  "in this context"]


def test_the_messages_say_what_was_expected(project, country):
    _edit(country / "context.yaml", "capital:", "captial:")
    with pytest.raises(InputError) as caught:
        ingest_country("AZE", root=project)
    assert [line for line in str(caught.value).splitlines() if "ERROR" in line] == [(
        "  ERROR: context.yaml, line 8, column 'captial': captial: unknown key (did you mean 'capital'?) — "
        "expected: one of: country, name, demonstration, capital, interview_period, survey_deadline, workshop, "
        "plan_period, languages, author, assessor")]


def test_a_yaml_syntax_error_in_an_instrument_names_file_and_line_without_a_traceback(project, monkeypatch):
    rubric = project / "instruments" / "rubric.yaml"
    rubric.write_text("version: a: 1\n" + rubric.read_text("utf-8"), encoding="utf-8")
    from ctnat.instruments import load_instruments

    with pytest.raises(InstrumentError) as caught:
        load_instruments(project / "instruments")
    assert [str(p) for p in caught.value.problems] == [
        "ERROR: rubric.yaml, line 1: not valid YAML: mapping values are not allowed in this context"]
    result = _cli(project, monkeypatch, "instruments", "check")
    assert result.exit_code == 1
    assert "rubric.yaml, line 1: not valid YAML: mapping values are not allowed in this context" in result.output
    assert "Traceback" not in result.output


# ------------------------------------------------------------------ country codes
def test_a_country_code_in_small_letters_is_the_country(project, country, monkeypatch):
    result = _cli(project, monkeypatch, "ingest", "--country", "aze")
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if line.startswith("Ingested ")] == [
        "Ingested AZE: 1 context file(s), 1 desk_review file(s), 1 interview file(s); 2 warning(s)."]
    assert (project / "data" / "processed" / "AZE" / "manifest.json").exists()


@pytest.mark.parametrize("code", ["az", "AZER", "A1E", "ÄZE"])
def test_what_is_not_a_country_code_is_refused(project, monkeypatch, code):
    result = _cli(project, monkeypatch, "build", "--country", code)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: Invalid value for '--country': '{code}' is not an ISO 3166-1 alpha-3 code (three letters, e.g. AZE)")


def test_make_takes_the_country_in_any_case():
    shown = subprocess.run(["make", "-n", "report", "COUNTRY=aze"], cwd=REPO, capture_output=True, text=True,
                           check=True).stdout
    assert "build --country AZE " in shown
    assert "analysis/AZE/AZE_assessment_report.docx" in shown
    assert "analysis/aze" not in shown and "--country aze" not in shown


# ------------------------------------------------------------------ nap parse
def test_nap_parse_refuses_a_document_that_is_not_a_plan(monkeypatch):
    result = CliRunner().invoke(main, ["nap", "parse", str(REPO / "docs" / "nap.md")])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "nap.md is not a National Action Plan: nothing was read from it",
        "  ERROR: nap.md, row 1: the file is a Markdown document (headings or code blocks at lines 1, 3, 5 …), not "
        "the text of a plan — expected: a plan as text or DOCX with numbered sections ('2. Title') or an activity "
        "table, or the CSV/XLSX NAP template"]


def test_nap_parse_still_reads_the_bundled_plans():
    for name, shown in [("AZE_NAP_2004.txt", "AZE_NAP_2004: 69 measures (narrative layout)"),
                        ("AZE_NAP_2014-2018.txt", "AZE_NAP_2014-2018: 60 measures (table layout)")]:
        result = CliRunner().invoke(main, ["nap", "parse", str(REPO / "data" / "raw" / "AZE" / "nap" / name)])
        assert result.exit_code == 0
        assert result.output.splitlines()[0] == shown


def test_a_misspelt_key_in_a_desk_review_entry_is_refused(project, country):
    _edit(country / "desk_review.yaml", "  citations: [Aze 7]\n", "  citatons: [Aze 7]\n")
    _edit(country / "desk_review.yaml", "  title: the 2008", "  titel: the 2008")
    assert _problems(project) == [
        "ERROR: desk_review.yaml, line 17, column 'criteria[1.1.fw2].citatons': criteria[1.1.fw2].citatons: "
        "unknown key (did you mean 'citations'?)",
        "ERROR: desk_review.yaml, line 5, column 'sources[Aze 7].titel': sources[Aze 7].titel: unknown key "
        "(did you mean 'title'?)"]
    _edit(country / "desk_review.yaml", "criteria:\n", "criteria:\n- just a sentence\n")
    assert "ERROR: desk_review.yaml, line 8, column 'criteria[0]': criteria[0]: expected a mapping of keys to " \
           "values, found 'just a sentence'" in _problems(project)
