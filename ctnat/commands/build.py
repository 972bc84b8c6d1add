"""``ctnat build``: the stages a country's outputs need, in one process."""

from __future__ import annotations

import click

from ..build import STAGE_NAMES
from .common import country_option, progress_echo

STAGE_CHOICES = STAGE_NAMES  # every stage of ctnat/build.py


@click.command("build")
@country_option
@click.option("--until", type=click.Choice(STAGE_CHOICES), default="report", show_default=True,
              help="The stage to bring up to date, with every stage it needs.")
@click.option("--force", is_flag=True, help="Run the stages even if nothing changed.")
def build_cmd(country, until, force):
    """Run, in one process, exactly the stages whose inputs changed (by content:
    received files added, changed or deleted, instruments, code) up to UNTIL."""
    from ..build import build_country

    result = build_country(country, until=until, progress=progress_echo, force=force)
    click.echo(f"{country}: ran {', '.join(result['ran']) or 'nothing (all up to date)'}")


commands = [build_cmd]
