"""``ctnat instruments …`` — check, dump and export the instruments."""

from __future__ import annotations

import json
import sys

import click

from .common import _country


@click.group("instruments")
def instruments_group():
    """Check, print and export the instruments in instruments/*.yaml."""


@instruments_group.command("check")
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=None,
              help="Instrument directory (default: instruments/).")
def check_cmd(directory):
    """Validate every instrument file: unique codes, every reference resolves,
    every label present in every declared language. Exit 1 on any problem."""
    from ..instruments import check_instruments, describe_problem, load_instruments

    problems = check_instruments(directory)
    if problems:
        click.echo(f"{len(problems)} problem(s) in the instrument files:", err=True)
        for p in problems:
            click.echo(f"  {describe_problem(p)}", err=True)
        sys.exit(1)
    inst = load_instruments(directory)
    click.echo(f"OK: {len(inst.survey.fields)} survey fields, {len(inst.indicators.indicators)} indicators "
               f"({len(inst.indicators.criteria_rows())} criteria), "
               f"{len(inst.guide.question_codes())} interview questions.")


@instruments_group.command("dump")
@click.option("--json", "as_json", is_flag=True, required=True, help="Print as JSON (the only format).")
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=None)
def dump_cmd(as_json, directory):
    """Print the parsed instruments as JSON to stdout."""
    from ..instruments import load_instruments

    click.echo(json.dumps(load_instruments(directory).as_dict(), ensure_ascii=False, indent=2))


@instruments_group.command("xlsform")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The .xlsx to write.")
@click.option("--country", callback=_country, default=None, help="ISO3 code, to constrain respondent codes.")
def xlsform_cmd(output, country):
    """Write the e-survey as an XLSForm for KoboToolbox or ODK."""
    from ..instruments.xlsform import write_xlsform

    click.echo(f"Wrote {write_xlsform(output, country)}")


@instruments_group.command("template")
@click.option("--country", required=True, callback=_country, help="ISO3 country code, e.g. AZE.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="FILE.csv (plus FILE_allowed_values.csv) or FILE.xlsx (two sheets).")
def template_cmd(country, output):
    """Write the CSV/XLSX upload template and the allowed values per column."""
    from ..instruments.template import write_template

    for p in write_template(output, country):
        click.echo(f"Wrote {p}")


@instruments_group.command("survey-form")
@click.option("--country", required=True, callback=_country, help="ISO3 country code, e.g. AZE.")
@click.option("--lang", default="en", show_default=True, help="Language of the form (en, ru, …).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The .docx to write.")
def survey_form_cmd(country, lang, output):
    """Write the Word survey form respondents fill in and return (tagged fields)."""
    from ..instruments.word_forms import write_survey_form

    click.echo(f"Wrote {write_survey_form(output, country, lang)}")


@instruments_group.command("interview-guide")
@click.option("--country", required=True, callback=_country, help="ISO3 country code, e.g. AZE.")
@click.option("--lang", default="en", show_default=True, help="Language of the guide (en, ru, …).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The .docx to write.")
def interview_guide_cmd(country, lang, output):
    """Write the interviewer's Word guide: information note, header fields, an
    answer box per question (tagged by question code)."""
    from ..instruments.word_forms import write_interview_guide

    click.echo(f"Wrote {write_interview_guide(output, country, lang)}")


commands = [instruments_group]
