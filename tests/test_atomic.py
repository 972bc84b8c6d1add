"""Atomic writes: a folder of outputs is swapped in by one exchange where Linux
offers it, so no reader ever finds the old folder gone and the new one not yet in
place."""

from __future__ import annotations

import os

import ctnat.atomic as atomic


def test_replacing_a_folder_is_one_exchange_and_no_two_step_rename(tmp_path, monkeypatch):
    out = tmp_path / "processed"
    out.mkdir()
    (out / "old.csv").write_text("old")
    swaps, renames = [], []
    real_exchange, real_replace = atomic._exchange, os.replace
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: swaps.append((a, b)) or real_exchange(a, b))
    monkeypatch.setattr(atomic.os, "replace", lambda a, b: renames.append((a, b)) or real_replace(a, b))
    inode_of_new = None
    with atomic.atomic_dir(out) as tmp:
        (tmp / "new.csv").write_text("new")
        inode_of_new = os.stat(tmp).st_ino
    assert len(swaps) == 1 and swaps[0][1] == out
    assert renames == []  # the old folder was never moved aside: the exchange did it all
    assert sorted(p.name for p in out.iterdir()) == ["new.csv"]
    assert os.stat(out).st_ino == inode_of_new  # the folder built aside is the one in place
    assert [p.name for p in tmp_path.iterdir()] == ["processed"]  # the old folder, now in tmp, is gone


def test_a_first_write_renames_the_new_folder_into_place(tmp_path):
    out = tmp_path / "analysis"
    with atomic.atomic_dir(out) as tmp:
        (tmp / "scores.csv").write_text("x")
    assert (out / "scores.csv").read_text() == "x"
    assert [p.name for p in tmp_path.iterdir()] == ["analysis"]


def test_without_the_exchange_the_two_step_swap_still_leaves_one_complete_folder(tmp_path, monkeypatch):
    out = tmp_path / "processed"
    out.mkdir()
    (out / "old.csv").write_text("old")
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    with atomic.atomic_dir(out) as tmp:
        (tmp / "new.csv").write_text("new")
    assert sorted(p.name for p in out.iterdir()) == ["new.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["processed"]
