"""``ctnat nap parse | analyse | compare``."""

from __future__ import annotations

import click

from .common import _country, progress_echo


@click.group("nap")
def nap_group():
    """National Action Plan analysis."""


@nap_group.command("parse")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--country", required=True, callback=_country, help="ISO3 country code.")
@click.option("--plan-id", default=None, help="Identifier of the plan (default: the file name).")
@click.option("--title", default=None, help="Title of the plan.")
@click.option("--period", default=None, help="Period, e.g. 2014-2018.")
def parse_cmd(file, country, plan_id, title, period):
    """Parse FILE (text, DOCX, or the CSV/XLSX NAP template) into measures; without
    FILE, parse every plan listed in data/raw/<ISO3>/nap/nap.yaml."""
    from ..nap import parse_plan, parse_registered

    results = [parse_plan(file, country, plan_id, title, period)] if file else parse_registered(country)
    for r in results:
        click.echo(f"{r['plan_id']}: {r['measures']} measures ({r['layout']} layout) → {r['path']}")
        for p in r["problems"]:
            click.echo(f"  {p}", err=True)


@nap_group.command("analyse")
@click.option("--country", required=True, callback=_country, help="ISO3 country code.")
@click.option("--plan-id", default=None, help="Plan to analyse (default: the latest).")
def analyse_cmd(country, plan_id):
    """Classify measures to indicators, flag them, run the ICMPD checklist and
    write coverage, agency × area matrix and gaps to analysis/<ISO3>/nap_*.csv."""
    from ..nap import analyse_plan

    for name, path in analyse_plan(country, plan_id, progress=progress_echo).items():
        click.echo(f"{name}: {path}")


@nap_group.command("compare")
@click.argument("old")
@click.argument("new")
@click.option("--country", required=True, callback=_country, help="ISO3 country code.")
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False))
def compare_cmd(old, new, country, output):
    """What plan NEW added or dropped against plan OLD, per indicator."""
    from ..nap import compare_plans

    click.echo(f"Wrote {compare_plans(country, old, new, output=output)}")


commands = [nap_group]
