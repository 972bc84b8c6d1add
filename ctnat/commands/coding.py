"""``ctnat code`` and the codebook exchange commands."""

from __future__ import annotations

import click
import yaml

from .common import one_at_a_time, progress_echo


@click.group("code", invoke_without_command=True)
@click.option("--country", default=None, help="ISO3 country code: code this country's interviews.")
@click.pass_context
def code_group(ctx, country):
    """Auto-code interview notes and survey free text with instruments/codebook.yaml,
    merge the assessor's decisions from data/raw/<ISO3>/coding/*.csv, and write
    coded segments, theme frequencies and co-occurrence."""
    if ctx.invoked_subcommand is not None:
        return
    if not country:
        raise click.UsageError("give --country ISO3 (or a subcommand: export-qdc, import-qdc)")
    from ..coding import code_country
    from .common import _country

    country = _country(ctx, None, country)
    with one_at_a_time(country):
        written = code_country(country, progress=progress_echo)
    for name, path in written.items():
        click.echo(f"{name}: {path}")


@code_group.command("export-qdc")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The .qdc file to write.")
def export_qdc_cmd(output):
    """Export the codebook as REFI-QDA (.qdc) for QualCoder, NVivo, ATLAS.ti."""
    from ..coding import export_qdc
    from ..instruments import load_instruments

    inst = load_instruments()
    titles = {a.id: a.title["en"] for a in inst.indicators.areas}
    click.echo(f"Wrote {export_qdc(inst.codebook, output, titles)}")


@code_group.command("import-qdc")
@click.argument("qdc", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Where to write the merged codebook YAML (review it, then replace instruments/codebook.yaml).")
def import_qdc_cmd(qdc, output):
    """Read a REFI-QDA codebook back into a codebook YAML file."""
    from ..atomic import write_text
    from ..coding import import_qdc
    from ..instruments import load_instruments

    merged = import_qdc(qdc, load_instruments().codebook)
    write_text(output, yaml.safe_dump(merged, allow_unicode=True, sort_keys=False))
    click.echo(f"Wrote {output} ({len(merged['themes'])} themes)")


commands = [code_group]
