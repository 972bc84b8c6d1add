"""``ctnat validate`` and ``ctnat ingest``."""

from __future__ import annotations

import json
import sys

import click

from .common import country_option, progress_echo


@click.command("validate")
@click.argument("file", type=click.Path(dir_okay=False))
@country_option
@click.option("--json", "as_json", is_flag=True, help="Print the problems as a JSON list of records.")
@click.option("--kind", type=click.Choice(["survey", "interview"]), default=None,
              help="What the file holds (guessed from its content when omitted).")
@click.option("--max-mb", type=float, default=None, help="Size limit in MB (default 20).")
@click.option("--encoding", default=None, help="Text encoding of a CSV (e.g. cp1252, mac_roman); detected when omitted.")
@click.option("--delimiter", default=None, help="CSV delimiter (',', ';' or 'tab'); detected when omitted.")
def validate_cmd(file, country, as_json, kind, max_mb, encoding, delimiter):
    """Check one survey or interview FILE without storing it. Exit 0 when it can
    be ingested (warnings allowed), 1 when it cannot."""
    from ..ingest import validate_file

    res = validate_file(file, country, kind=kind, max_bytes=int(max_mb * 1024 * 1024) if max_mb else None,
                        encoding=encoding, delimiter={"tab": "\t", "\\t": "\t"}.get(delimiter, delimiter))
    if as_json:
        click.echo(json.dumps([p.as_dict() for p in res.problems], ensure_ascii=False, indent=1))
    else:
        for p in res.problems:
            line = str(p)
            if p.value not in (None, ""):
                line += f" (found: {p.value!r})"
            if p.expected:
                line += f" — expected: {p.expected}"
            click.echo(line)
        verdict = "can be ingested" if res.can_ingest else "cannot be ingested"
        click.echo(f"{res.file}: {res.kind} file, {res.rows} row(s) read, {len(res.errors)} error(s), "
                   f"{len(res.problems) - len(res.errors)} warning(s): {verdict}.")
    sys.exit(0 if res.can_ingest else 1)


@click.command("ingest")
@country_option
def ingest_cmd(country):
    """Validate everything under data/raw/<ISO3>/ and write data/processed/<ISO3>/.
    Nothing is written when any input has an error."""
    from ..ingest import ingest_country

    m = ingest_country(country, progress=progress_echo)
    kinds = {}
    for i in m["inputs"]:
        kinds[i["kind"]] = kinds.get(i["kind"], 0) + 1
    click.echo(f"Ingested {country}: " + ", ".join(f"{n} {k} file(s)" for k, n in kinds.items())
               + f"; {len(m['warnings'])} warning(s).")


@click.command("narrative")
@country_option
def narrative_cmd(country):
    """Take in the assessor's narrative (data/raw/<ISO3>/narrative/*.md) for the report."""
    from ..ingest import ingest_narrative

    m = ingest_narrative(country, progress=progress_echo)
    click.echo(f"Narrative of {country}: {len(m['inputs'])} file(s).")


commands = [validate_cmd, ingest_cmd, narrative_cmd]
