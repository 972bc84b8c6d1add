"""Options and helpers shared by the command modules."""

from __future__ import annotations

import click


def _country(ctx, param, value):
    if value is None:
        return value
    if not (len(value) == 3 and value.isalpha()):
        raise click.BadParameter(f"'{value}' is not an ISO 3166-1 alpha-3 code (three letters, e.g. AZE)")
    return value.upper()


country_option = click.option("--country", required=True, callback=_country,
                              help="ISO 3166-1 alpha-3 country code, e.g. AZE.")


def progress_echo(message: str) -> None:
    """Progress lines go to stderr so stdout stays parseable."""
    click.echo(message, err=True)


commands: list = []
