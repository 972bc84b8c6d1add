"""Intake benchmarks (part of ``make bench``): a 50,000-row survey CSV through
``ctnat validate`` and ``ctnat ingest``, wall time and peak memory (maximum
resident set size of the process, measured from outside), and the e-mail and
phone scrubbing of one 5 MB cell without spaces.

Targets: validate ≤ 3 s, ingest ≤ 5 s, peak memory ≤ 300 MB. Each command of
the current code runs :data:`REPEAT` times; the figure is the median time and
the largest peak memory (the machine may be shared: single runs vary). When
the git history holds the intake before this work (commit ``a021965``), the
same file is put through that code once as well, for the side-by-side figures.

``python -m ctnat.bench_intake`` prints the figures; with ``--write`` it also
replaces the intake section of BENCHMARKS.md (``make bench`` writes the whole
file); ``--no-old`` skips the old code (minutes on a loaded machine);
``--odd-only`` measures only the odd files: a few-KB workbook with a stray cell
at XFD1048576 and a 200,000-column CSV (targets: validate ≤ 3 s, ≤ 500 MB).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

OLD_REV = "a021965"
ROWS = 50_000
TARGETS = {"validate": 3.0, "ingest": 5.0, "rss_mb": 300.0}
REPEAT = 5

_MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
dt = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{dt:.3f} {rss:.1f} {p.returncode}")
sys.stderr.write(p.stdout[-1500:] + p.stderr[-1500:])
"""


def measure(cmd: list[str], env: dict, cwd: Path) -> tuple[float, float, int, str]:
    """(seconds, peak RSS in MB, exit status, output tail) of one command in its own process."""
    proc = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, env=env, cwd=cwd)
    secs, rss, rc = proc.stdout.split()
    return float(secs), float(rss), int(rc), proc.stderr


def make_big_csv(src: Path, dest: Path, rows: int = ROWS) -> int:
    """The bundled AZE responses repeated to ``rows`` respondents (labels as
    focal points send them); returns the file size."""
    base = pd.read_csv(src / "data/raw/AZE/surveys/AZE_esurvey_responses.csv", dtype=str, keep_default_na=False,
                       encoding="utf-8-sig")
    reps = -(-rows // len(base))
    big = pd.concat([base] * reps, ignore_index=True).iloc[:rows].copy()
    big["respondent_code"] = [f"AZEsur{i + 1}" for i in range(rows)]
    big.to_csv(dest, index=False, encoding="utf-8")
    return dest.stat().st_size


def _project(src: Path, root: Path, big: Path, instruments: Path | None = None) -> None:
    """A project holding the big survey file; ``instruments`` (default: the current ones) are the
    instrument files the measured code reads — the old code reads those of its own commit."""
    shutil.copytree(instruments or src / "instruments", root / "instruments")
    d = root / "data/raw/AZE"
    d.mkdir(parents=True)
    for name in ("desk_review.yaml", "context.yaml"):
        shutil.copy(src / "data/raw/AZE" / name, d / name)
    shutil.copytree(src / "data/raw/AZE/interviews", d / "interviews")
    (d / "surveys").mkdir()
    shutil.copy(big, d / "surveys" / big.name)
    (root / "data/processed").mkdir(parents=True)


def _old_checkout(src: Path, dest: Path) -> Path | None:
    """The package and its instrument files as they were at OLD_REV, or None when git cannot give them."""
    try:
        subprocess.run(["git", "-C", str(src), "cat-file", "-e", OLD_REV], check=True, capture_output=True)
        archive = subprocess.run(["git", "-C", str(src), "archive", OLD_REV, "ctnat", "instruments"], check=True,
                                 capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    dest.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def _runs(pkg_parent: Path, root: Path, big: Path, max_mb: int, repeat: int = 1) -> dict:
    env = dict(os.environ, CTNAT_ROOT=str(root), PYTHONPATH=str(pkg_parent))
    # the old intake refuses files over 20 MB in ingest: lift the limit for the comparison only
    validate = [sys.executable, "-m", "ctnat", "validate", str(big), "--country", "AZE", "--max-mb", str(max_mb)]
    ingest = [sys.executable, "-c", "import sys, ctnat.ingest.readers as r; r.DEFAULT_MAX_BYTES = 1 << 30; "
              "from ctnat.cli import main; sys.argv = ['ctnat', 'ingest', '--country', 'AZE']; main()"]
    out: dict = {"repeat": repeat}
    runs: dict[str, list] = {"validate": [], "ingest": []}
    for _ in range(repeat):  # alternate the two commands, so a burst of load touches both alike
        for key, cmd in (("validate", validate), ("ingest", ingest)):
            secs, rss, rc, tail = measure(cmd, env, root)
            runs[key].append((secs, rss))
            if rc != 0:
                out[f"{key}_ok"] = False
                out[f"{key}_error"] = tail.strip().splitlines()[-1][:200] if tail.strip() else f"exit {rc}"
    for key, xs in runs.items():
        out[key] = statistics.median(x[0] for x in xs)
        out[f"{key}_runs"] = [round(x[0], 2) for x in xs]
        out[f"{key}_rss_mb"] = max(x[1] for x in xs)
        out.setdefault(f"{key}_ok", True)
    return out


ODD_TARGETS = {"seconds": 3.0, "rss_mb": 500.0}


def make_odd_files(src: Path, dest: Path) -> list[Path]:
    """Two files that once took the machine down: a few-KB workbook with one stray
    value at XFD1048576, and a CSV with a 200,000-column header."""
    import csv

    import openpyxl

    with open(src / "data/raw/AZE/surveys/AZE_esurvey_responses.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[:3]
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.active["XFD1048576"] = "x"
    stray = dest / "stray_cell_XFD1048576.xlsx"
    wb.save(stray)
    wide = dest / "columns_200000.csv"
    with open(wide, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(rows[0] + [f"extra_{i}" for i in range(200_000 - len(rows[0]))])
        w.writerow(rows[1] + [""] * (200_000 - len(rows[0])))
    return [stray, wide]


def bench_odd_files(src: Path) -> dict:
    """``ctnat validate`` of each odd file: seconds, peak memory, and whether it ended with a verdict."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="ctnat-bench-odd-") as tmp_name:
        tmp = Path(tmp_name)
        env = dict(os.environ, PYTHONPATH=str(src))
        for f in make_odd_files(src, tmp):
            secs, rss, rc, _tail = measure([sys.executable, "-m", "ctnat", "validate", str(f), "--country", "AZE"],
                                           env, src)
            out[f.name] = {"seconds": secs, "rss_mb": rss, "exit": rc, "bytes": f.stat().st_size}
    return out


def odd_lines(odd: dict) -> list[str]:
    lines = ["", "Odd files through `ctnat validate` (each refused with a message; exit 1 is the verdict "
                 "\"cannot be ingested\"):", "", "| file | size | seconds | peak memory, MB | target |", "|---|---:|---:|---:|---|"]
    for name, r in odd.items():
        ok = r["seconds"] <= ODD_TARGETS["seconds"] and r["rss_mb"] <= ODD_TARGETS["rss_mb"] and r["exit"] == 1
        lines.append(f"| `{name}` | {r['bytes'] / 1e3:.0f} KB | {r['seconds']:.1f} | {r['rss_mb']:.0f} | "
                     f"≤ 3 s, ≤ 500 MB: {'met' if ok else 'NOT met'} |")
    return lines + [""]


def scrub_5mb() -> dict:
    from .ingest.scrub import scrub_text

    out = {}
    for name, text in (("letters", "a" * 5_000_000), ("letters then @", "a" * 5_000_000 + "@"),
                       ("digits and spaces", "1 " * 2_500_000), ("dotted", "a." * 2_500_000 + "@b")):
        t = time.perf_counter()
        scrub_text(text)
        out[name] = time.perf_counter() - t
    return out


def bench_intake(src: Path, old: bool = True, repeat: int = REPEAT) -> dict:
    res: dict = {}
    try:
        res["load_before"] = os.getloadavg()[0]
    except OSError:
        res["load_before"] = None
    with tempfile.TemporaryDirectory(prefix="ctnat-bench-intake-") as tmp_name:
        tmp = Path(tmp_name)
        big = tmp / "AZE_50000_responses.csv"
        res["bytes"] = make_big_csv(src, big)
        max_mb = int(res["bytes"] / 1024 / 1024) + 10
        new_root = tmp / "new"
        _project(src, new_root, big)
        res["new"] = _runs(src, new_root, big, max_mb, repeat)
        if old:
            pkg = _old_checkout(src, tmp / "old_pkg")
            if pkg is not None:
                old_root = tmp / "old"
                _project(src, old_root, big, instruments=pkg / "instruments")
                res["old"] = _runs(pkg, old_root, big, max_mb)
    res["scrub"] = scrub_5mb()
    res["odd"] = bench_odd_files(src)
    try:
        res["load_average"] = os.getloadavg()[0]
    except OSError:
        res["load_average"] = None
    return res


def table_lines(r: dict) -> list[str]:
    """Markdown rows for BENCHMARKS.md."""
    new, old = r["new"], r.get("old") or {}

    def cell(d, key, fmt):
        if not d:
            return "not measured"
        if not d.get(f"{key}_ok", True):
            return f"failed ({d.get(f'{key}_error', '')})"
        return fmt.format(d[key])

    def met(value, target):
        return "met" if value <= target else "NOT met"

    rss = max(new["validate_rss_mb"], new["ingest_rss_mb"])
    n = new.get("repeat", 1)

    def spread(key):
        runs = new.get(f"{key}_runs") or [new[key]]
        return f"{new[key]:.1f}" + (f" ({min(runs):.1f}–{max(runs):.1f})" if len(runs) > 1 else "")

    load = f"{r.get('load_before') or 0:.1f} before, {r.get('load_average') or 0:.1f} after"
    lines = [
        "",
        f"### Intake: a {ROWS:,}-row survey CSV ({r['bytes'] / 1e6:.0f} MB, the bundled AZE responses repeated)",
        "",
        f"Measured by `python -m ctnat.bench_intake` on {time.strftime('%Y-%m-%d')}. \"now\": the median of {n} "
        f"runs of each command (the range in brackets) and the largest peak memory of those runs; \"before\": one "
        f"run. Load average {load} (on {os.cpu_count()} cores; figures taken while other work ran are slower "
        "than on an idle machine).",
        "",
        "| what | now | before (`a021965`) | target |",
        "|---|---:|---:|---|",
        f"| `ctnat validate`, seconds | {spread('validate')} | {cell(old, 'validate', '{:.1f}')} | ≤ 3 s: "
        f"{met(new['validate'], TARGETS['validate'])} |",
        f"| `ctnat ingest` (with the AZE interviews), seconds | {spread('ingest')} | "
        f"{cell(old, 'ingest', '{:.1f}')} | ≤ 5 s: {met(new['ingest'], TARGETS['ingest'])} |",
        f"| peak memory (max RSS) of validate / ingest, MB | {new['validate_rss_mb']:.0f} / "
        f"{new['ingest_rss_mb']:.0f} | {cell(old, 'validate_rss_mb', '{:.0f}')} / "
        f"{cell(old, 'ingest_rss_mb', '{:.0f}')} | ≤ 300 MB: {met(rss, TARGETS['rss_mb'])} |",
        "",
        "Scrubbing e-mails and phone numbers from one 5 MB cell without spaces (seconds): "
        + ", ".join(f"{k} {v:.2f}" for k, v in r["scrub"].items()) + ".",
        "",
    ]
    if r.get("odd"):
        lines[-1:-1] = odd_lines(r["odd"])
    if not new.get("validate_ok") or not new.get("ingest_ok"):
        lines.insert(-1, f"The current code did not finish cleanly: {json.dumps(new)[:300]}")
    return lines


def write_section(path: Path, lines: list[str]) -> None:
    """Replace the intake section of BENCHMARKS.md (from its heading to the end)."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    cut = old.find("### Intake")
    head = (old[:cut] if cut >= 0 else old + "\n").rstrip("\n") + "\n"
    path.write_text(head + "\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    from .paths import project_root

    if "--odd-only" in sys.argv:  # just the odd files, printed
        print("\n".join(odd_lines(bench_odd_files(project_root()))))
        sys.exit(0)
    r = bench_intake(project_root(), old="--no-old" not in sys.argv)
    print(json.dumps(r, indent=1))
    print("\n".join(table_lines(r)))
    if "--write" in sys.argv:
        write_section(project_root() / "BENCHMARKS.md", table_lines(r))
