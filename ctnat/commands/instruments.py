"""``ctnat instruments …`` — check, dump and export the instruments."""

from __future__ import annotations

import json
import sys

import click

from ..instruments import check_instruments, load_instruments


@click.group("instruments")
def instruments_group():
    """Check, print and export the instruments in instruments/*.yaml."""


@instruments_group.command("check")
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=None,
              help="Instrument directory (default: instruments/).")
def check_cmd(directory):
    """Validate every instrument file: unique codes, every reference resolves,
    every label present in every declared language. Exit 1 on any problem."""
    problems = check_instruments(directory)
    if problems:
        click.echo(f"{len(problems)} problem(s) in the instrument files:", err=True)
        for p in problems:
            click.echo(f"  {p}", err=True)
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
    click.echo(json.dumps(load_instruments(directory).as_dict(), ensure_ascii=False, indent=2))


commands = [instruments_group]
