"""What a ``ctnat`` command does to its own process."""

from __future__ import annotations

import atexit
import gc

from click.testing import CliRunner

from ctnat.cli import GC_THRESHOLDS, main


def test_a_command_collects_garbage_rarely_and_skips_the_last_full_collection(monkeypatch):
    registered = []
    monkeypatch.setattr(atexit, "register", lambda func, *a, **k: registered.append(func))
    monkeypatch.setattr(atexit, "unregister", lambda func: None)
    before = gc.get_threshold()
    try:
        result = CliRunner().invoke(main, ["build", "--country", "ZZZ"])
        assert result.exit_code == 1  # no data for ZZZ: the command ran and said so
        assert gc.get_threshold() == GC_THRESHOLDS
        assert registered == [gc.freeze]  # at exit, not after each command
    finally:
        gc.set_threshold(*before)
