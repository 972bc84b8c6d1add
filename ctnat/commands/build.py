"""``ctnat build``: the stages a country's outputs need, in one process."""

from __future__ import annotations

import click

from ..build import LANGUAGES, STAGE_NAMES
from .common import country_option, progress_echo

STAGE_CHOICES = STAGE_NAMES  # every stage of ctnat/build.py


@click.command("build")
@country_option
@click.option("--until", type=click.Choice(STAGE_CHOICES), default="report", show_default=True,
              help="The stage to bring up to date, with every stage it needs.")
@click.option("--force", is_flag=True, help="Run the stages even if nothing changed.")
@click.option("--draft", is_flag=True,
              help="Build the report as a working draft: an assessor's note marks each section whose assessor's "
                   "text is missing (the final report leaves it out).")
@click.option("--lang", "lang", type=click.Choice(LANGUAGES), default=LANGUAGES[0], show_default=True,
              help="The language of the documents: another than English writes them to analysis/<ISO3>/<lang>/ "
                   "from the same tables (only the drafting, charts and documents run per language).")
def build_cmd(country, until, force, draft, lang):
    """Run, in one process, exactly the stages whose inputs changed (by content:
    received files added, changed or deleted, instruments, code) up to UNTIL,
    then list the report's sections that await the assessor's text."""
    from ..build import awaiting_assessor, build_country
    from ..ingest.notices import describe_warnings
    from ..messages import _, ngettext

    result = build_country(country, until=until, progress=progress_echo, force=force, draft=draft, lang=lang)
    click.echo(f"{country}: ran {', '.join(result['ran']) or 'nothing (all up to date)'}")
    for line in describe_warnings(country, result["warnings"]):
        click.echo(line)
    waiting = awaiting_assessor(country, lang=lang)
    if waiting and until == "report":
        click.echo(ngettext("{n} section of the report awaits the assessor's text:",
                            "{n} sections of the report await the assessor's text:", len(waiting)))
        for section, path in waiting:
            click.echo(_("  - {section}: write {path}", section=section, path=path))
        click.echo(_("The final report leaves these sections out; `ctnat build --draft` (make report DRAFT=1) "
                     "marks each with an assessor's note."))


commands = [build_cmd]
