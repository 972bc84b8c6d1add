"""``ctnat analyse``, ``ctnat score``, ``ctnat compare``."""

from __future__ import annotations

import click

from .common import country_option, one_at_a_time, progress_echo


@click.command("analyse")
@country_option
def analyse_cmd(country):
    """Survey statistics, profiles, situation, priorities and the State vs
    non-State comparison → analysis/<ISO3>/*.csv."""
    from ..analysis import analyse_country

    with one_at_a_time(country):
        written = analyse_country(country, progress=progress_echo)
    for name, path in written.items():
        click.echo(f"{name}: {path}")


@click.command("score")
@country_option
def score_cmd(country):
    """Judge the 100 indicator criteria → scores.csv, evidence.csv, indicator and
    area scores, gaps.csv (rules in instruments/rubric.yaml)."""
    from ..scoring import score_country

    with one_at_a_time(country):
        written = score_country(country, progress=progress_echo)
    for name, path in written.items():
        click.echo(f"{name}: {path}")


@click.command("compare")
@click.argument("countries", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="CSV to write (default analysis/comparison_<ISO3>_….csv).")
def compare_cmd(countries, output):
    """Cross-country comparison of criterion statuses and indicator scores."""
    from ..scoring import compare_countries

    click.echo(f"Wrote {compare_countries(list(countries), output=output)}")


commands = [analyse_cmd, score_cmd, compare_cmd]
