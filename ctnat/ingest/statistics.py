"""Baseline statistics received from a country: ``data/raw/<ISO3>/statistics.csv``
(or ``statistics.xlsx``).

One row per figure — ``metric, year, period, source, value`` plus the
disaggregation columns of ``instruments/statistics.yaml`` (``sex``,
``age_group``, ``nationality``, ``form_of_exploitation`` …; empty = all). Every
problem names the file, the row as a spreadsheet shows it, the column, the value
and what was expected. Two warnings carry the ICMPD guide's cautions: the same
metric, year and breakdown reported by two sources (fragmented data collection
leads to double counting) and counts of people below the small-cell threshold.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import pandas as pd

from ..instruments import Statistics
from ..problems import CtnatError, InputError, Problem
from ..small_cells import is_small_cell
from .readers import read_table

STAT_NAMES = ("statistics.csv", "statistics.xlsx")
KEY_COLUMNS = ("metric", "year", "period")


def statistics_vocabulary(inst) -> Statistics:
    """``instruments/statistics.yaml`` (checked when the instruments load)."""
    return inst.statistics


def output_columns(voc: Statistics) -> list[str]:
    dis = list(voc.disaggregations)
    return ["metric", "year", "period", "source", "value", "qualifier"] + dis + ["note", "seed_lines",
                                                                                 "label", "unit", "kind",
                                                                                 "small_cell", "source_row"] + \
        [c for c in voc.columns.optional if c not in ("period", "qualifier", "note", "seed_lines")]


def find_statistics_file(raw: Path) -> Path | None:
    """The statistics file of a country, or None. Both a CSV and an XLSX is an
    error: which one holds the figures would be a guess."""
    found = [raw / n for n in STAT_NAMES if (raw / n).exists()]
    if len(found) > 1:
        raise InputError(f"{raw} holds both statistics.csv and statistics.xlsx", [Problem(
            "statistics.xlsx", "two statistics files were received; CT-NAT cannot tell which one is current",
            expected="one file: put the figures of both in one, and move the other out of data/raw "
                     "(keep it elsewhere for the record)")])
    return found[0] if found else None


def _number(text: str) -> float | None:
    t = text.replace("\u00a0", "").replace(" ", "").replace(",", "")
    try:
        v = float(t)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def validate_statistics(path: Path, inst, display_name: str | None = None,
                        small_cell: int | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Read and check one statistics file. Returns the canonical table (one row
    per figure, with the metric's label, unit, kind and a small-cell flag) and
    every problem found; rows with an error are left out of the table, and the
    caller must stop on any error."""
    name = display_name or path.name
    voc = statistics_vocabulary(inst)
    metrics = voc.metrics
    dis = voc.disaggregations
    required = list(voc.columns.required or ["metric", "year", "source", "value"])
    optional = list(voc.columns.optional)
    qualifiers = list(voc.columns.qualifiers or [""])
    if small_cell is None:
        small_cell = inst.rubric.small_cell
    problems: list[Problem] = []
    try:
        read = read_table(path, prefer_columns=set(required) | set(dis), display_name=name)
    except CtnatError as exc:
        return pd.DataFrame(columns=output_columns(voc)), exc.problems or [Problem(name, str(exc))]
    problems += read.warnings
    df = read.frame
    first = read.header_row + 1
    header = [str(c).strip() for c in df.columns]
    df.columns = [h.lower() for h in header]
    known = set(required) | set(optional) | set(dis) | {"period", "qualifier"}
    for h, low in zip(header, df.columns):
        if low not in known:
            problems.append(Problem(name, f"column '{h}' is not a statistics column, so its values would be lost",
                                    row=read.header_row, column=h, expected="one of: " + ", ".join(
                                        sorted(known))))
    dupcols = [c for c in set(df.columns) if list(df.columns).count(c) > 1]
    for c in dupcols:
        problems.append(Problem(name, f"column '{c}' appears twice", row=read.header_row, column=c,
                                expected="each column once"))
    for c in required:
        if c not in df.columns:
            problems.append(Problem(name, f"the required column '{c}' is missing", row=read.header_row,
                                    column=c, expected="columns " + ", ".join(required)))
    if any(p.severity == "error" for p in problems):
        return pd.DataFrame(columns=output_columns(voc)), problems
    if df.empty:
        problems.append(Problem(name, "the file has a header row but no figures", expected="one row per figure"))
        return pd.DataFrame(columns=output_columns(voc)), problems
    this_year = dt.date.today().year
    rows = []
    for i, rec in enumerate(df.to_dict("records")):
        row = first + i
        rec = {k: str(v).strip() for k, v in rec.items()}
        if not any(rec.values()):
            continue
        bad = False

        def err(col, msg, expected, row=row, rec=rec):
            nonlocal bad
            bad = True
            problems.append(Problem(name, msg, row=row, column=col, value=rec.get(col, ""), expected=expected))

        metric = rec.get("metric", "")
        if metric not in metrics:
            err("metric", f"'{metric}' is not a known metric" if metric else "the metric is empty",
                "one of: " + ", ".join(metrics))
        year = rec.get("year", "")
        if not re.fullmatch(r"(19|20)\d\d", year) or int(year) > this_year:
            err("year", f"'{year}' is not a year" if year else "the year is empty",
                f"a four-digit year up to {this_year}, e.g. 2014")
        if not rec.get("source"):
            err("source", "the source is empty", "who published or reported the figure, e.g. "
                                                  "'Ministry of Internal Affairs annual report 2015'")
        value = _number(rec.get("value", ""))
        if value is None or value < 0:
            err("value", f"'{rec.get('value', '')}' is not a number" if rec.get("value") else "the value is empty",
                "a number of 0 or more (no units, no text)")
        elif metric in metrics and metrics[metric].kind == "number" and value != int(value):
            err("value", f"'{rec['value']}' is not a whole number", f"a count of {metrics[metric].unit}")
        q = rec.get("qualifier", "")
        if q not in qualifiers:
            err("qualifier", f"'{q}' is not a qualifier", "empty, or one of: " + ", ".join(x for x in qualifiers if x))
        for col, allowed in dis.items():
            v = rec.get(col, "")
            match = {str(a).lower(): str(a) for a in allowed}
            if v and allowed and v.lower() not in match:
                err(col, f"'{v}' is not a value of {col}", "empty (all) or one of: " + ", ".join(map(str, allowed)))
            elif v and allowed:
                rec[col] = match[v.lower()]
        if bad:
            continue
        m = metrics[metric]
        out = {c: rec.get(c, "") for c in output_columns(voc)}
        out.update(metric=metric, year=year, value=str(int(value)) if value == int(value) else repr(value),
                   label=m.label, unit=m.unit, kind=m.kind, source_row=str(row),
                   small_cell=bool(m.persons and is_small_cell(value, small_cell)))
        rows.append(out)
    table = pd.DataFrame(rows, columns=output_columns(voc))
    problems += _duplicates(table, name, list(dis))
    for r in table[table["small_cell"].astype(bool)].to_dict("records"):
        problems.append(Problem(name, f"a count of {r['value']} ({r['unit']}) is a small cell, below {small_cell}: "
                                      "it may identify someone; the report marks it", row=int(r["source_row"]),
                                column="value", expected=f"counts of people of {small_cell} or more in published "
                                                          "tables", severity="warning"))
    return table, problems


def _duplicates(table: pd.DataFrame, name: str, dis: list[str]) -> list[Problem]:
    """Same metric, year, period and breakdown twice: from one source it is an
    error (which figure is right?), from two sources a warning (double counting)."""
    problems = []
    if table.empty:
        return problems
    key = list(KEY_COLUMNS) + dis
    for _, grp in table.groupby(key, sort=False, dropna=False):
        if len(grp) < 2:
            continue
        first = grp.iloc[0]
        breakdown = ", ".join(f"{c} {first[c]}" for c in dis if first[c]) or "no breakdown (total)"
        what = f"{first['metric']} {first['year']}{(' ' + first['period']) if first['period'] else ''}, {breakdown}"
        for _source, sub in grp.groupby("source", sort=False):
            if len(sub) > 1:
                rows_ = ", ".join(sub["source_row"])
                problems.append(Problem(name, f"{what} is given {len(sub)} times by the same source (rows {rows_})",
                                        row=int(sub.iloc[1]["source_row"]), column="value",
                                        value="; ".join(sub["value"]),
                                        expected="one figure per metric, year, breakdown and source"))
        if grp["source"].nunique() > 1:
            listing = "; ".join(f"{r['source']}: {r['value']} (row {r['source_row']})" for r in grp.to_dict("records"))
            problems.append(Problem(name, f"{what} is reported by {grp['source'].nunique()} sources — {listing}. "
                                          "Adding them up would count the same victims or cases twice",
                                    row=int(grp.iloc[1]["source_row"]), column="source",
                                    expected="use one source per figure in baselines, or explain the difference",
                                    severity="warning"))
    return problems


def double_counted(table: pd.DataFrame, dis: list[str]) -> pd.Series:
    """True for rows whose metric, year, period and breakdown another source also reports."""
    if table.empty:
        return pd.Series([], dtype=bool)
    key = list(KEY_COLUMNS) + dis
    return table.groupby(key, dropna=False)["source"].transform("nunique") > 1


def read_statistics(paths: list[Path], inst, country_dir: Path):
    """Ingest's reader for the ``statistics`` kind: at most one file
    (``statistics.csv`` or ``statistics.xlsx``) → ``statistics.csv``."""
    from .received import Taken

    t = Taken()
    if not paths:
        return t
    if len(paths) > 1:
        t.problems.append(Problem(
            "statistics.xlsx", "two statistics files were received; CT-NAT cannot tell which one is current",
            expected="one file: put the figures of both in one, and move the other out of data/raw "
                     "(keep it elsewhere for the record)"))
        return t
    path = paths[0]
    rel = path.relative_to(country_dir).as_posix()
    table, problems = validate_statistics(path, inst, display_name=rel)
    t.problems += problems
    t.rows[rel] = len(table)
    t.outputs["statistics.csv"] = table
    return t
