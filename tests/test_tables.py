"""``ctnat.tables.read_table``: typed columns come back typed, and the frames
remembered within a process are never stale and never shared."""

from __future__ import annotations

import os

from ctnat import tables
from ctnat.tables import read_table


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_booleans_and_counts_come_back_typed_and_codes_stay_text(tmp_path):
    df = read_table(_write(tmp_path / "t.csv", "code,passed,count\n01,True,3\n02,False,4\n"),
                    types={"passed": "bool", "count": "int"})
    assert df["code"].tolist() == ["01", "02"]
    assert df["passed"].tolist() == [True, False] and df["passed"].dtype == bool
    assert df["count"].tolist() == [3, 4]


def test_a_frame_read_again_is_a_copy_of_its_own(tmp_path):
    path = _write(tmp_path / "t.csv", "code,label\nA,first\nB,second\n")
    first = read_table(path)
    first.loc[0, "label"] = "changed by a stage"
    first["extra"] = 1
    again = read_table(path)
    assert again["label"].tolist() == ["first", "second"] and "extra" not in again


def test_a_file_rewritten_in_place_is_read_anew_even_with_the_same_size_and_time(tmp_path):
    path = _write(tmp_path / "t.csv", "code,label\nA,aaaa\n")
    stamp = os.stat(path)
    assert read_table(path)["label"].tolist() == ["aaaa"]
    _write(path, "code,label\nA,bbbb\n")  # same size
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # and the same modification time
    assert read_table(path)["label"].tolist() == ["bbbb"]


def test_declared_types_are_part_of_what_is_remembered(tmp_path):
    path = _write(tmp_path / "t.csv", "code,score\nA,1\n")
    assert read_table(path)["score"].tolist() == ["1"]
    assert read_table(path, types={"score": "int"})["score"].tolist() == [1]
    assert read_table(path)["score"].tolist() == ["1"]


def test_large_tables_are_not_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "CACHE_MAX_BYTES", 10)
    before = len(tables._parsed)
    assert len(read_table(_write(tmp_path / "big.csv", "code,label\nA,more than ten bytes\n"))) == 1
    assert len(tables._parsed) == before


def test_the_tables_kept_never_add_up_to_more_than_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "_parsed", type(tables._parsed)())
    monkeypatch.setattr(tables, "_kept", {"bytes": 0})
    paths = [_write(tmp_path / f"t{i}.csv", f"code,label\nA,{'x' * 20}{i}\n") for i in range(8)]
    size = paths[0].stat().st_size
    monkeypatch.setattr(tables, "CACHE_TOTAL_BYTES", 3 * size + 1)
    for p in paths:
        read_table(p)
    assert tables._kept["bytes"] == sum(n for n, _ in tables._parsed.values()) <= 3 * size + 1
    assert len(tables._parsed) == 3  # the three most recently read
    assert read_table(paths[0])["label"].iloc[0].endswith("0")  # an evicted table is parsed again
