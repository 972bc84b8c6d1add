"""``ctnat serve`` and ``ctnat portal add-user | revoke | list``."""

from __future__ import annotations

import click

from .common import _country


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--secure-cookies", is_flag=True, help="Mark cookies Secure (when served behind HTTPS).")
@click.option("--trusted-proxies", default=0, show_default=True, type=click.IntRange(0, 5),
              help="Reverse proxies in front of the portal whose X-Forwarded-For/-Proto are believed.")
@click.option("--session-hours", default=8.0, show_default=True, type=click.FloatRange(0.1, 24 * 30),
              help="A session ends this long after sign-in.")
@click.option("--idle-minutes", default=30.0, show_default=True, type=click.FloatRange(1, 24 * 60),
              help="A session ends after this long without a request.")
@click.option("--check-seconds", default=60, show_default=True, type=click.IntRange(5, 3600),
              help="Time an uploaded file may take to be checked before it is refused.")
@click.option("--check-slots", default=2, show_default=True, type=click.IntRange(1, 16),
              help="Uploads checked at once; more get 'busy, try again'.")
@click.option("--time-zone", default="UTC", show_default=True,
              help="IANA time zone the pages give times in (e.g. Asia/Baku); the pages name it.")
def serve_cmd(host, port, secure_cookies, trusted_proxies, session_hours, idle_minutes, check_seconds, check_slots,
              time_zone):
    """Start the focal-point upload portal (waitress WSGI server)."""
    from waitress import serve

    from ..portal import create_app

    app = create_app(config={"SESSION_COOKIE_SECURE": secure_cookies, "TRUSTED_PROXIES": trusted_proxies,
                             "SESSION_LIFETIME": session_hours * 3600, "SESSION_IDLE": idle_minutes * 60,
                             "CHECK_TIMEOUT": check_seconds, "CHECK_SLOTS": check_slots, "TIME_ZONE": time_zone})
    click.echo(f"CT-NAT portal on http://{host}:{port}/ (Ctrl+C to stop)")
    # more threads than check slots: sign-in and pages are served while files are checked
    serve(app, host=host, port=port, threads=check_slots + 4)


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
