"""``ctnat withdraw``, ``ctnat accept-change`` and ``ctnat clean template``:
corrections without touching received files, and recording a change made to one."""

from __future__ import annotations

import click

from .common import country_option


@click.command("withdraw")
@click.argument("file")
@country_option
@click.option("--reason", required=True, help="Why the file is withdrawn (kept in the log and the report annex).")
@click.option("--by", default=None, help="Who withdraws it.")
def withdraw_cmd(file, country, reason, by):
    """Withdraw a received FILE: it stays in data/raw, the withdrawal is logged
    in data/raw/<ISO3>/withdrawals.jsonl, and ingest leaves it out."""
    from ..ingest.registry import withdraw_file

    entry = withdraw_file(file, country, reason, by=by)
    click.echo(f"Withdrawn {entry['file']} ({country}): {entry['reason']}. Run `ctnat ingest --country {country}`.")


@click.command("accept-change")
@click.argument("file")
@country_option
@click.option("--reason", required=True, help="Why the received file was changed (kept in received.jsonl).")
@click.option("--by", default=None, help="Who records the change.")
def accept_change_cmd(file, country, reason, by):
    """Record that a received FILE was changed on purpose: ingest refuses a
    received file whose content differs from its receipt until the change is
    recorded (an accept_change entry in data/raw/<ISO3>/received.jsonl)."""
    from ..ingest.registry import accept_change
    from ..messages import _
    from ..problems import printable

    entry = accept_change(file, country, reason, by=by)
    click.echo(_("Recorded the change to {file} ({country}): {reason}. Run `ctnat ingest --country {country}`.",
                 file=printable(f"{entry['kind']}/{entry['stored_as']}"), country=country, reason=entry["reason"]))


@click.group("clean")
def clean_group():
    """The cleaning log data/raw/<ISO3>/cleaning_log.csv."""


@clean_group.command("template")
@country_option
def clean_template_cmd(country):
    """Write an empty cleaning log for COUNTRY (never overwrites one)."""
    from ..ingest.cleaning_log import template_path, write_template

    path = write_template(template_path(country))
    click.echo(f"Wrote {path}: one line per change (respondent_code, column, old_value, new_value, reason; "
               "optional changed_by, date; column _remove removes a whole response).")


commands = [withdraw_cmd, accept_change_cmd, clean_group]
