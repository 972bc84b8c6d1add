"""``ctnat serve`` and ``ctnat portal add-user | revoke | list``."""

from __future__ import annotations

import click

from .common import _country


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--secure-cookies", is_flag=True, help="Mark cookies Secure (when served behind HTTPS).")
def serve_cmd(host, port, secure_cookies):
    """Start the focal-point upload portal (waitress WSGI server)."""
    from waitress import serve

    from ..portal import create_app

    app = create_app(config={"SESSION_COOKIE_SECURE": secure_cookies})
    click.echo(f"CT-NAT portal on http://{host}:{port}/ (Ctrl+C to stop)")
    serve(app, host=host, port=port, threads=4)


@click.group("portal")
def portal_group():
    """Manage portal users."""


@portal_group.command("add-user")
@click.argument("name")
@click.option("--country", callback=_country, default=None, help="ISO3 country (required for focal points).")
@click.option("--role", type=click.Choice(["focal-point", "researcher"]), required=True)
def add_user_cmd(name, country, role):
    """Create a user and print their access code (shown once; only a hash is kept)."""
    from ..portal import add_user

    code = add_user(name, country, role)
    click.echo(f"Access code for {name} (give it to them privately; it is not stored and cannot be shown again):")
    click.echo(code)


@portal_group.command("revoke")
@click.argument("name")
def revoke_cmd(name):
    """Revoke a user's access code."""
    from ..portal import revoke_user

    revoke_user(name)
    click.echo(f"Revoked {name}.")


@portal_group.command("list")
def list_cmd():
    """List users (never their codes)."""
    from ..portal.users import load_users

    for name, u in sorted(load_users().items()):
        click.echo(f"{name}\t{u['role']}\t{u['country'] or 'all countries'}\t{'revoked' if u.get('revoked') else 'active'}")


commands = [serve_cmd, portal_group]
