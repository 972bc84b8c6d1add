"""The ``ctnat`` command line. Every command is a thin wrapper over a documented
Python function; the commands live in :mod:`ctnat.commands` (one module per
subsystem, each exposing a ``commands`` list) and are discovered here.

Errors the user can act on (:class:`ctnat.problems.CtnatError`) are printed as
plain messages with exit status 1 — never a traceback. Set ``CTNAT_DEBUG=1`` to
see the traceback of an unexpected failure.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

import click

from . import __version__
from .problems import CtnatError


#: collection thresholds for a command's process: the pipeline makes many
#: short-lived objects and few reference cycles, and with Python's defaults
#: (700, 10, 10) the cyclic collector took about 0.3 s of a 6 s build (mostly
#: full collections over the imported libraries); these make it about 0.08 s
GC_THRESHOLDS = (20_000, 20, 20)


class _Group(click.Group):
    def invoke(self, ctx):
        import atexit
        import gc

        gc.set_threshold(*GC_THRESHOLDS)
        # when the process ends, keep the interpreter's last full collection from walking every
        # object pandas, plotly and python-docx made (about 0.2 s); at exit only, so that a
        # process that goes on (a test run invoking commands) collects as usual
        atexit.unregister(gc.freeze)  # once, however many commands this process invokes
        atexit.register(gc.freeze)
        try:
            return super().invoke(ctx)
        except CtnatError as exc:
            click.echo(str(exc), err=True)
            ctx.exit(1)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - last line of defence: no tracebacks for users
            if os.environ.get("CTNAT_DEBUG"):
                raise
            click.echo(f"ctnat: unexpected error: {type(exc).__name__}: {exc}\n"
                       "Run again with CTNAT_DEBUG=1 for details, and please report it.", err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ctnat")
def main():
    """CT-NAT — Counter-trafficking Needs Assessment Tool.

    From survey files, interview notes and the desk review to a scored country
    assessment report. Typical use: `make report COUNTRY=AZE`.
    """


def _register() -> None:
    from . import commands

    for mod in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{mod.name}")
        for cmd in getattr(module, "commands", []):
            main.add_command(cmd)


_register()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
