"""``ctnat recommend``: the consolidated recommendations stage alone."""

from __future__ import annotations

import click

from .common import country_option, one_at_a_time, progress_echo


@click.command("recommend")
@country_option
def recommend_cmd(country):
    """Draft the consolidated recommendations per area from the gaps, the NAP's
    bodies, the priorities and the workshop outcomes, and write
    analysis/<ISO3>/recommendations.csv (this step alone; `ctnat build` runs what it needs)."""
    from ..recommend import recommend_country

    with one_at_a_time(country):
        written = recommend_country(country, progress=progress_echo)
    for name, path in written.items():
        click.echo(f"{name}: {path}")


commands = [recommend_cmd]
