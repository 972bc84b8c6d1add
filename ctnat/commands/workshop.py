"""``ctnat handout`` and ``ctnat workshop collect``."""

from __future__ import annotations

import click

from .common import country_option, one_at_a_time, progress_echo


@click.command("handout")
@country_option
@click.option("--no-pdf", is_flag=True, help="Do not convert the handout to PDF.")
def handout_cmd(country, no_pdf):
    """Write the validation-workshop handout (and PDF), group worksheet and slides."""
    from ..workshop import build_handout

    with one_at_a_time(country):
        written = build_handout(country, progress=progress_echo, pdf=not no_pdf)
    for name, path in written.items():
        click.echo(f"{name}: {path}")


@click.group("workshop")
def workshop_group():
    """Validation workshop results."""


@workshop_group.command("collect")
@country_option
def collect_cmd(country):
    """Match the groups' decisions (worksheets taken in by ingest) to the draft
    recommendations and write analysis/<ISO3>/workshop_outcomes.csv."""
    from ..workshop import collect_workshop

    with one_at_a_time(country):
        res = collect_workshop(country, progress=progress_echo)
    if not res["groups"]:
        click.echo(f"No worksheets came in for {country} (data/raw/{country}/workshop/).")
    else:
        click.echo(f"{len(res['groups'])} group(s): {', '.join(res['groups'])} → {res['path']}")


commands = [handout_cmd, workshop_group]
