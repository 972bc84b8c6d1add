"""The results framework workbook (``ctnat plan``) read back after the assessor
edited it.

The assessor saves the edited workbook in ``data/raw/<ISO3>/plan/``; ingest reads
every workbook there, checks its shape and writes one processed table,
``plan_edits.csv``: one row per cell of the newest workbook with the value the
assessor left and the value CT-NAT drafted (kept in the hidden sheet ``_draft``),
so the next ``ctnat plan`` keeps every edited cell. ``ctnat plan check FILE``
uses the same reader on a single file.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from pathlib import Path

import pandas as pd

from ..messages import N_, in_every_language
from ..problems import CtnatError, Problem

# The sheets and headers are written in the workbook's language (``_``) and read back in any language;
# CT-NAT knows them by these English names.
ACTIVITIES = N_("NAP activities")
MEL = N_("MEL plan")
DRAFT = "_draft"
META = "_meta"
# (key, header as shown). The first block is the guide's Annex 3 / Annex 4 columns.
ACTIVITY_COLUMNS = [
    ("id", N_("Id")), ("area", N_("Area")), ("objective", N_("Operational objective")), ("criteria", N_("Criteria (gaps)")),
    ("key_measure", N_("Key measure")), ("activity", N_("Activity")), ("responsible", N_("Responsible Bodies")),
    ("start", N_("Starting date")), ("end", N_("Planned completion date")),
    ("result_indicator", N_("Result indicator")), ("financial", N_("Financial estimate")), ("cost_basis", N_("Cost basis")),
    ("follows", N_("Starts after")), ("current_nap", N_("In current NAP")), ("status", N_("Status")),
]
MEL_COLUMNS = [
    ("id", N_("Id")), ("area", N_("Area")), ("criteria", N_("Criteria (gaps)")), ("outputs", N_("Outputs")),
    ("indicator", N_("Indicators")), ("kind", N_("Kind")), ("disaggregation", N_("Disaggregation")),
    ("baseline", N_("Baseline")), ("baseline_from", N_("Baseline from")), ("mid_target", N_("Mid-term target")),
    ("target", N_("Targets")), ("evidence", N_("What the assessment found")),
    ("verification", N_("Means of verification")), ("frequency", N_("Frequency of data collection")),
    ("collector", N_("Responsible (who collects the data)")), ("status", N_("Status")),
]
SHEETS = {ACTIVITIES: ACTIVITY_COLUMNS, MEL: MEL_COLUMNS}
# the first column of a group row (an area, an objective) rather than a plan row
GROUP_IDS = (N_("area {n}"), N_("objective {n}"))
# columns added after the first workbooks went out: a workbook saved without them is read as it is
LATER_COLUMNS = {"key_measure", "follows", "cost_basis", "mid_target", "evidence"}
PLAN_SUFFIXES = {".xlsx"}
EDIT_COLUMNS = ["sheet", "id", "column", "value", "draft_value", "excel_row", "source_file"]


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, (dt.datetime, dt.date)):
        return v.strftime("%Y-%m-%d")
    return str(v).strip()


def read_workbook(path: Path, display_name: str | None = None) -> tuple[dict, list[Problem], dict]:
    """Read a results framework workbook. Returns ``({sheet: [row dict]}, problems,
    meta)``; each row dict has the column keys plus ``_row`` (the Excel row) and
    ``_group`` (True for area / outcome header rows). ``meta`` holds the hidden
    ``_meta`` values and ``_draft`` rows (``{(sheet, id): {key: value}}``)."""
    name = display_name or path.name
    from openpyxl import load_workbook

    from .readers import check_zip_bomb, sniff

    data = path.read_bytes()
    if sniff(data) != "xlsx":
        return {}, [Problem(name, "the file is not an Excel workbook (.xlsx)",
                            expected="the workbook written by `ctnat plan`, saved as .xlsx")], {}
    try:
        check_zip_bomb(data, name)
        wb = load_workbook(path, data_only=True)
    except CtnatError as exc:
        return {}, exc.problems or [Problem(name, str(exc))], {}
    except Exception as exc:  # openpyxl raises many types for damaged files
        return {}, [Problem(name, f"the workbook cannot be opened ({type(exc).__name__})")], {}
    problems: list[Problem] = []
    sheets: dict[str, list[dict]] = {}
    meta_columns: dict[str, list[str]] = {}
    group_ids = tuple(word.split("{n}")[0] for g in GROUP_IDS for word in in_every_language(g))
    for sheet, cols in SHEETS.items():
        shown = next((s for s in in_every_language(sheet) if s in wb.sheetnames), None)
        if shown is None:
            problems.append(Problem(name, f"the sheet '{sheet}' is missing", expected="the sheets "
                                    + ", ".join(SHEETS) + " as `ctnat plan` wrote them"))
            continue
        ws = wb[shown]
        header_row, header = None, []
        for r in range(1, min(ws.max_row, 10) + 1):
            vals = [_text(c.value) for c in ws[r]]
            if vals and vals[0] in in_every_language("Id"):
                header_row, header = r, vals
                break
        if header_row is None:
            problems.append(Problem(name, f"sheet '{sheet}': no header row starting with 'Id' in the first 10 rows",
                                    expected="the header row as `ctnat plan` wrote it"))
            continue
        by_header = {shown_h: k for k, h in cols for shown_h in in_every_language(h)}
        keys = []
        for h in header:
            if not h:
                keys.append(None)
                continue
            if h not in by_header:
                problems.append(Problem(f"{name} [{sheet}]", f"column '{h}' is not a column of this sheet, so its "
                                        "values would be lost", row=header_row, column=h,
                                        expected="one of: " + ", ".join(by_header)))
            keys.append(by_header.get(h))
        meta_columns[sheet] = [k for k in keys if k]
        for k, h in cols:
            if k not in keys and k not in LATER_COLUMNS:
                problems.append(Problem(f"{name} [{sheet}]", f"the column '{h}' is missing", row=header_row,
                                        column=h, expected="every column `ctnat plan` wrote (hide a column "
                                                           "rather than delete it)"))
        rows, seen = [], {}
        for r in range(header_row + 1, ws.max_row + 1):
            cells = [_text(c.value) for c in ws[r]]
            rec: dict[str, Any] = {k: (cells[i] if i < len(cells) else "") for i, k in enumerate(keys) if k}
            if not any(rec.values()):
                continue
            rec["_row"] = r
            rid = rec.get("id", "")
            rec["_group"] = rid.startswith(group_ids)
            if rid and not rec["_group"]:
                if rid in seen:
                    problems.append(Problem(f"{name} [{sheet}]", f"the id '{rid}' is used twice (rows {seen[rid]} "
                                            f"and {r})", row=r, column="Id", value=rid,
                                            expected="each id once; leave Id empty on rows you add"))
                seen[rid] = r
            rows.append(rec)
        sheets[sheet] = rows
    meta: dict = {"draft": {}, "columns": meta_columns}
    if META in wb.sheetnames:
        for row in wb[META].iter_rows(values_only=True):
            if row and row[0]:
                meta[_text(row[0])] = _text(row[1] if len(row) > 1 else "")
    if DRAFT in wb.sheetnames:
        ws = wb[DRAFT]
        head = [_text(c.value) for c in ws[1]]
        for row in ws.iter_rows(min_row=2, values_only=True):
            rec = dict(zip(head, (_text(v) for v in row)))
            if rec.get("sheet") and rec.get("id"):
                meta["draft"][(rec["sheet"], rec["id"])] = {k: v for k, v in rec.items() if k not in ("sheet", "id")}
    return sheets, problems, meta


def _modified(path: Path) -> str:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
        m = wb.properties.modified
        wb.close()
        return m.isoformat() if m else ""
    except Exception:  # unreadable files are reported by read_workbook
        return ""


def read_plan_workbooks(paths: list[Path], raw: Path):
    """Ingest's reader for the ``plan_workbook`` kind (``data/raw/<ISO3>/plan/*``)
    → ``plan_edits.csv``."""
    from .received import Taken

    t = Taken()
    edits, problems, files = read_plan_files(sorted(paths), raw)
    t.problems += problems
    for p, n in files:
        t.rows[p.relative_to(raw).as_posix()] = n
    if edits is not None:
        t.outputs["plan_edits.csv"] = edits
    return t


def read_plan_files(paths: list[Path], raw: Path) -> tuple[pd.DataFrame | None, list[Problem], list[tuple[Path, int]]]:
    """Every workbook received in ``plan/``: all are checked; the newest (by the
    time Excel/LibreOffice saved it, then by name) gives the edits. Returns
    (edits table or None, problems, [(path, rows)])."""
    problems: list[Problem] = []
    files, readable = [], []
    for p in paths:
        name = str(p.relative_to(raw))
        if p.suffix.lower() not in PLAN_SUFFIXES:
            problems.append(Problem(name, "only results framework workbooks (.xlsx) belong in plan/",
                                    expected="the workbook `ctnat plan` wrote, edited and saved as .xlsx"))
            files.append((p, 0))
            continue
        sheets, probs, meta = read_workbook(p, name)
        problems += probs
        n = sum(len(v) for v in sheets.values())
        files.append((p, n))
        if not any(x.severity == "error" for x in probs):
            readable.append((_modified(p), p.name, p, sheets, meta))
    if not readable:
        return None, problems, files
    readable.sort(key=lambda t: (t[0], t[1]))
    *older, newest = readable
    for o in older:
        problems.append(Problem(str(o[2].relative_to(raw)), f"an older results framework; the edits of "
                                f"{newest[2].name} (saved later) are used", severity="warning"))
    return edits_table(newest[3], newest[4], str(newest[2].relative_to(raw))), problems, files


def edits_table(sheets: dict, meta: dict, source: str) -> pd.DataFrame:
    """One row per cell: value left by the assessor and the value drafted."""
    rows = []
    draft = meta.get("draft", {})
    for sheet, recs in sheets.items():
        present = meta.get("columns", {}).get(sheet)
        keys = [k for k, _ in SHEETS[sheet] if present is None or k in present]
        for rec in recs:
            if rec.get("_group"):
                continue
            rid = rec.get("id", "")
            d = draft.get((sheet, rid), {}) if rid else {}
            if not rid:  # a row the assessor added: it keeps this id from now on
                rid = f"added-{'A' if sheet == ACTIVITIES else 'M'}{rec['_row']}"
            for k in keys:
                if k == "id":
                    continue
                rows.append({"sheet": sheet, "id": rid, "column": k, "value": rec.get(k, ""),
                             "draft_value": d.get(k, ""), "excel_row": str(rec["_row"]), "source_file": source})
    return pd.DataFrame(rows, columns=EDIT_COLUMNS)
