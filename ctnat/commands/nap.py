"""``ctnat nap parse | analyse | compare``."""

from __future__ import annotations

import click

from .common import _country, one_at_a_time, progress_echo


@click.group("nap")
def nap_group():
    """National Action Plan analysis."""


@nap_group.command("parse")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--plan-id", default=None, help="Identifier of the plan (default: the file name).")
def parse_cmd(file, plan_id):
    """Show what CT-NAT reads from a NAP FILE (text, DOCX, or the CSV/XLSX NAP
    template) without storing anything. To have a plan analysed, put it in
    data/raw/<ISO3>/nap/ and list it in nap.yaml; ingest takes it in."""
    from ..nap import parse_plan

    r = parse_plan(file, plan_id)
    click.echo(f"{r['plan_id']}: {r['measures']} measures ({r['layout']} layout)")
    for p in r["problems"]:
        click.echo(f"  {p}", err=True)


@nap_group.command("analyse")
@click.option("--country", required=True, callback=_country, help="ISO3 country code.")
@click.option("--plan-id", default=None, help="Plan to analyse (default: the latest).")
def analyse_cmd(country, plan_id):
    """Classify measures to indicators, flag them, run the ICMPD checklist and
    write coverage, agency × area matrix and gaps to analysis/<ISO3>/nap_*.csv."""
    from ..nap import analyse_plan

    with one_at_a_time(country):
        written = analyse_plan(country, plan_id, progress=progress_echo)
    for name, path in written.items():
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
