"""``ctnat plan --country ISO3`` and ``ctnat plan check FILE``."""

from __future__ import annotations

import click

from .common import _country, one_at_a_time, progress_echo


@click.group("plan", invoke_without_command=True)
@click.option("--country", default=None, callback=_country, help="ISO3 country code, e.g. AZE.")
@click.option("--first-year", type=int, default=None,
              help="First year of the drafted plan (default: next calendar year).")
@click.pass_context
def plan_group(ctx, country, first_year):
    """Draft the results framework of a country — NAP activities (Annex 3 form),
    MEL plan (Annex 4 form) and the guide's checks — as
    analysis/<ISO3>/<ISO3>_results_framework.xlsx. An edited copy placed in
    data/raw/<ISO3>/plan/ is read by ingest and its edits are kept."""
    if ctx.invoked_subcommand is not None:
        return
    if not country:
        raise click.UsageError("give --country ISO3 (or use `ctnat plan check FILE`)")
    from ..plan import plan_country

    with one_at_a_time(country):
        r = plan_country(country, progress=progress_echo, first_year=first_year)
    click.echo(f"{r['path']}: {r['activities']} activities, {r['mel_rows']} MEL indicators, "
               f"{r['covered']} of {r['gaps']} gaps covered, {r['edited_cells']} edited cell(s) kept, "
               f"{r['findings']} open point(s) ({r['missing']} missing)")


@plan_group.command("check")
@click.argument("file", type=click.Path(dir_okay=False))
def check_cmd(file):
    """Check a filled results framework workbook on its own: exit 0 when nothing
    required is missing (points to check are listed), 1 otherwise."""
    from ..plan import check_workbook
    from ..problems import InputError

    findings, problems = check_workbook(file)
    if any(p.severity == "error" for p in problems):
        raise InputError(f"{file} cannot be checked:", problems)
    for p in problems:
        click.echo(str(p), err=True)
    for f in findings:
        click.echo(str(f))
    missing = sum(f.severity == "missing" for f in findings)
    click.echo(f"{file}: {len(findings)} open point(s), {missing} with something missing", err=True)
    if missing:
        raise click.exceptions.Exit(1)


commands = [plan_group]
