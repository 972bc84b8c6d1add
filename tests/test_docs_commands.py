"""The commands the documentation shows exist as shown.

Every ``ctnat …`` and ``make …`` command in README.md and docs/*.md — in a code
block, or in a code span of the text — is checked against the code: a ``ctnat``
command resolves to a command of the CLI whose ``--help`` runs, and every
option it shows is an option of that command; a ``make`` target is a target of
the Makefile. So the docs cannot drift from the commands."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ctnat.cli import main

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
FENCE = re.compile(r"^\s*(```|~~~)")
SPAN = re.compile(r"`([^`\n]+)`")
# a command as a reader would type it: `ctnat …`, `.venv/bin/ctnat …`, `$ make …`
COMMAND = re.compile(r"(?:^|[\s;(&|])(?:\$ )?(?:\.venv/bin/|\./)?((?:ctnat|make)(?:\s+\S.*)?)$")
OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")
WORD = re.compile(r"^[a-z][a-z0-9_-]*$")


def shown_commands(text: str) -> list[tuple[int, str]]:
    """(line, command) for every command the Markdown ``text`` shows; a comment
    after `` #`` is left out."""
    out, inside = [], False
    for n, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            inside = not inside
            continue
        for piece in [line] if inside else SPAN.findall(line):
            m = COMMAND.search(piece.strip()) if inside else COMMAND.match(piece.strip())
            if m:
                out.append((n, m.group(1).split(" #")[0].replace("\\|", "|").strip()))
    return out


def resolve(command: str) -> tuple[list[str], click.Command | None]:
    """The command path (``["nap", "parse"]``) a ``ctnat`` command line names and
    its click command (None when a word names no command)."""
    cmd: click.Command = main
    path: list[str] = []
    for word in command.split()[1:]:
        if not isinstance(cmd, click.Group) or not WORD.match(word):
            break
        sub = cmd.commands.get(word)
        if sub is None:
            return path + [word], None
        cmd, path = sub, path + [word]
    return path, cmd


def options_of(cmd: click.Command) -> set[str]:
    return {o for p in cmd.params for o in (*p.opts, *p.secondary_opts)} | {"--help", "-h"}


def _all() -> list[tuple[str, str]]:
    return [(f"{p.relative_to(REPO)}:{n}", c) for p in DOCS for n, c in shown_commands(p.read_text("utf-8"))]


CTNAT = [(where, c) for where, c in _all() if c.split()[0] == "ctnat"]
MAKE = [(where, c) for where, c in _all() if c.split()[0] == "make"]


def test_the_docs_show_commands_of_both_kinds():
    assert len(CTNAT) > 50 and len(MAKE) > 20


def test_commands_are_found_in_code_blocks_and_code_spans():
    text = ("Run `make report COUNTRY=AZE` or `ctnat nap parse FILE`; not make it so.\n"
            "```bash\n.venv/bin/ctnat build --country AZE   # every stage\n$ make test\n```\n")
    assert shown_commands(text) == [(1, "make report COUNTRY=AZE"), (1, "ctnat nap parse FILE"),
                                    (3, "ctnat build --country AZE"), (4, "make test")]


def test_every_ctnat_command_shown_exists_with_the_options_shown():
    wrong = []
    for where, command in CTNAT:
        path, cmd = resolve(command)
        if cmd is None:
            wrong.append(f"{where}: `{command}`: there is no command 'ctnat {' '.join(path)}'")
            continue
        unknown = [o for o in OPTION.findall(command) if o not in options_of(cmd)]
        if unknown:
            wrong.append(f"{where}: `{command}`: 'ctnat {' '.join(path)}' has no option {', '.join(unknown)}")
    assert wrong == []


def test_a_command_or_option_that_does_not_exist_is_caught():
    assert resolve("ctnat nap parse --country AZE")[1] is not None
    assert "--title" not in options_of(resolve("ctnat nap parse plan.docx --title X")[1])
    assert resolve("ctnat report-everything --country AZE") == (["report-everything"], None)


@pytest.mark.parametrize("path", sorted({" ".join(resolve(c)[0]) for _w, c in CTNAT if resolve(c)[1] is not None}))
def test_the_help_of_every_command_shown_runs(path):
    result = CliRunner().invoke(main, [*path.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output


def test_every_make_target_shown_is_in_the_makefile():
    targets = set(re.findall(r"^([A-Za-z][\w-]*)\s*:(?!=)", (REPO / "Makefile").read_text("utf-8"), re.M))
    wrong = [f"{where}: `{command}`" for where, command in MAKE
             if not all(w in targets for w in command.split()[1:] if WORD.match(w))]  # not VAR=value, not …
    assert wrong == []
