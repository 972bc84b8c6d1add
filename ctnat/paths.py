"""Where things live. Every function takes an optional project root so tests can
work in a temporary copy; the default is ``$CTNAT_ROOT`` or the repository that
contains this package."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_root(root: str | os.PathLike | None = None) -> Path:
    """The project directory holding ``instruments/``, ``data/`` and ``analysis/``."""
    if root is not None:
        return Path(root)
    env = os.environ.get("CTNAT_ROOT")
    if env:
        return Path(env)
    return PACKAGE_DIR.parent


def instruments_dir(root=None) -> Path:
    return project_root(root) / "instruments"


def raw_dir(country: str, root=None) -> Path:
    return project_root(root) / "data" / "raw" / country.upper()


def processed_dir(country: str, root=None) -> Path:
    return project_root(root) / "data" / "processed" / country.upper()


def analysis_dir(country: str, root=None) -> Path:
    return project_root(root) / "analysis" / country.upper()


def templates_dir(root=None) -> Path:
    return project_root(root) / "report_templates"


def portal_dir(root=None) -> Path:
    """The upload portal's own state: users, sessions, the secret key."""
    return project_root(root) / "data" / "portal"
