"""The one-way house: packages import only downward, imports inside functions
counted (import-linter's layers contract in pyproject.toml)."""

from __future__ import annotations

import pkgutil
import tomllib

import ctnat
from tests.conftest import REPO


def _config() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


def test_the_layers_contract_holds():
    from importlinter.cli import lint_imports

    # no cache: a stale import graph must never pass a change
    assert lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True) == 0, (
        "an import runs up the house or across independent packages: run `.venv/bin/lint-imports` for the chain")


def test_every_package_and_module_of_ctnat_stands_on_a_layer():
    layers = [c for c in _config()["contracts"] if c["id"] == "one-way-house"][0]["layers"]
    named = {m.strip() for line in layers for part in line.split("|") for m in part.split(":")}
    top_level = {f"ctnat.{m.name}" for m in pkgutil.iter_modules(ctnat.__path__)}
    assert top_level - named == set(), "a new package or module needs its place in the layers (pyproject.toml)"
    assert named - top_level == set()
