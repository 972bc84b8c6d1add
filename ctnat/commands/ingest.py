"""``ctnat validate`` and ``ctnat ingest``."""

from __future__ import annotations

import json
import sys

import click

from .common import country_option, one_at_a_time, progress_echo


def _checked(check: str):
    """A click callback that passes an option through ``ctnat.ingest.reading.<check>``."""
    def callback(ctx, param, value):
        if value is None:
            return value
        from ..ingest import reading

        try:
            return getattr(reading, check)(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
    return callback


_encoding, _delimiter = _checked("check_encoding"), _checked("parse_delimiter")


@click.command("validate")
@click.argument("file", type=click.Path(dir_okay=False))
@country_option
@click.option("--json", "as_json", is_flag=True, help="Print the problems as a JSON list of records.")
@click.option("--kind", type=click.Choice(["survey", "interview"]), default=None,
              help="What the file holds (guessed from its content when omitted).")
@click.option("--max-mb", type=float, default=None, help="Size limit in MB (default 20).")
@click.option("--encoding", default=None, callback=_encoding,
              help="Text encoding of a CSV (e.g. cp1252, cp1250, mac_roman); detected when omitted.")
@click.option("--delimiter", default=None, callback=_delimiter,
              help="CSV delimiter: ',', ';', 'tab' or '|'; detected when omitted.")
@click.option("--include-hidden", is_flag=True,
              help="Read the hidden sheets and hidden rows of a workbook too (left out, with a warning, otherwise); "
                   "with --remember, ingest reads them too.")
@click.option("--remember", is_flag=True,
              help="Record --encoding/--delimiter for this received survey file in data/raw/<ISO3>/reading.yaml, "
                   "which ingest follows (only when the file can then be ingested).")
def validate_cmd(file, country, as_json, kind, max_mb, encoding, delimiter, include_hidden, remember):
    """Check one survey or interview FILE without storing it. Exit 0 when it can
    be ingested (warnings allowed), 1 when it cannot. A received survey file
    (data/raw/<ISO3>/surveys/NAME, or surveys/NAME) is read as ingest reads it:
    with its settings in reading.yaml unless --encoding or --delimiter are given."""
    from ..ingest.reading import validate_with_reading

    done = validate_with_reading(file, country, encoding=encoding, delimiter=delimiter, remember=remember,
                                 include_hidden=include_hidden, kind=kind, max_bytes=int(max_mb * 1024 * 1024) if max_mb else None)
    res = done.result
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
        from ..messages import _
        from ..problems import printable

        verdict = "can be ingested" if res.can_ingest else "cannot be ingested"
        if res.encoding and res.format.startswith("csv"):
            click.echo(_("{file}: read as {encoding} text", file=printable(res.file), encoding=res.encoding))
        click.echo(f"{printable(res.file)}: {res.kind} file, {res.rows} row(s) read, {len(res.errors)} error(s), "
                   f"{len(res.problems) - len(res.errors)} warning(s): {verdict}.")
    for note in done.notes:
        click.echo(note, err=as_json)
    sys.exit(0 if res.can_ingest and (done.remembered or not remember) else 1)


def _one_off(ctx, param, value):
    if value:
        country = ctx.params.get("country") or "ISO3"
        raise click.UsageError(
            f"ingest takes no {param.opts[0]}: it reads every received file as data/raw/{country}/reading.yaml says, "
            "so that every later build reads it the same way. Record how to read a file with: ctnat validate "
            f"data/raw/{country}/surveys/NAME --country {country} --encoding X --delimiter Y --remember")
    return value


@click.command("ingest")
@country_option
@click.option("--encoding", hidden=True, expose_value=False, callback=_one_off)
@click.option("--delimiter", hidden=True, expose_value=False, callback=_one_off)
def ingest_cmd(country):
    """Validate everything under data/raw/<ISO3>/ and write data/processed/<ISO3>/.
    Nothing is written when any input has an error. Survey files that detection
    reads wrongly are read as data/raw/<ISO3>/reading.yaml says (see ctnat
    validate --remember)."""
    from ..ingest import ingest_country
    from ..ingest.notices import describe_warnings

    with one_at_a_time(country):
        m = ingest_country(country, progress=progress_echo)
    kinds = {}
    for i in m["inputs"]:
        kinds[i["kind"]] = kinds.get(i["kind"], 0) + 1
    click.echo(f"Ingested {country}: " + ", ".join(f"{n} {k} file(s)" for k, n in kinds.items())
               + f"; {len(m['warnings'])} warning(s).")
    for line in describe_warnings(country, m["warnings"]):
        click.echo(line)


@click.command("narrative")
@country_option
def narrative_cmd(country):
    """Take in the assessor's narrative (data/raw/<ISO3>/narrative/*.md) for the report."""
    from ..ingest import ingest_narrative

    with one_at_a_time(country):
        m = ingest_narrative(country, progress=progress_echo)
    click.echo(f"Narrative of {country}: {len(m['inputs'])} file(s).")


commands = [validate_cmd, ingest_cmd, narrative_cmd]
