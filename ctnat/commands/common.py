"""Options and helpers shared by the command modules."""

from __future__ import annotations

import click


def _country(ctx, param, value):
    """An ISO 3166-1 alpha-3 code in any case (``aze`` is AZE); anything else is refused."""
    if value is None:
        return value
    code = value.strip()
    if not (len(code) == 3 and code.isascii() and code.isalpha()):
        from ..messages import _
        from ..problems import printable

        raise click.BadParameter(_("'{value}' is not an ISO 3166-1 alpha-3 code (three letters, e.g. AZE)",
                                   value=printable(value)))
    return code.upper()


country_option = click.option("--country", required=True, callback=_country,
                              help="ISO 3166-1 alpha-3 country code, e.g. AZE.")


def progress_echo(message: str) -> None:
    """Progress lines go to stderr so stdout stays parseable."""
    click.echo(message, err=True)


def one_at_a_time(country: str):
    """The country's lock (see :func:`ctnat.build.country_lock`), held by every
    command that writes a stage's outputs, as ``ctnat build`` holds it."""
    from ..build import country_lock

    return country_lock(country, say=progress_echo)


commands: list = []
