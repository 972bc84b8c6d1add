"""Write the results framework workbook (openpyxl): the sheets "NAP activities"
(Annex 3 shape) and "MEL plan" (Annex 4 shape) grouped by area — and by
operational objective / outcome — with wrapped text, set column widths and a
frozen header; "Checks" with the nine-item checklist per outcome and the lint;
hidden sheets ``_draft`` (the values CT-NAT drafted, the criteria as keys, to tell edits apart on the
next run) and ``_meta``."""

from __future__ import annotations

import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..atomic import atomic_path
from ..messages import N_, _, format_number
from ..ingest.plan_workbook import (
    ACTIVITIES,
    ACTIVITY_COLUMNS,
    DRAFT,
    GROUP_IDS,
    MEL,
    MEL_COLUMNS,
    META,
)

WIDTHS = {"key_measure": 22, "follows": 9, "cost_basis": 30, "mid_target": 20, "evidence": 36, "id": 7, "area": 11, "objective": 9, "criteria": 16, "activity": 46, "responsible": 24, "start": 10,
          "end": 11, "result_indicator": 34, "financial": 12, "current_nap": 16, "status": 13,
          "outputs": 30, "indicator": 32, "kind": 11, "disaggregation": 16, "baseline": 42, "baseline_from": 13,
          "target": 22, "verification": 22, "frequency": 13, "collector": 22}
HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
AREA_FILL = PatternFill("solid", fgColor="D9E2F3")
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
CLOSED_FILL = PatternFill("solid", fgColor="E2EFDA")
FLAG_FILL = PatternFill("solid", fgColor="FCE4D6")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")


# TRANSLATORS: how serious an open point of the results framework is: a required element is missing, or
# something for the assessor to check.
SEVERITY_WORDS = {"missing": N_("missing"), "check": N_("check")}


def _title(ws, text: str, ncols: int) -> None:
    ws.cell(row=1, column=1, value=text).font = Font(bold=True, size=13)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)


def _header(ws, cols, row: int = 2) -> None:
    for j, (key, head) in enumerate(cols, start=1):
        c = ws.cell(row=row, column=j, value=_(head))  # the header in the workbook's language
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = HEAD_FILL
        c.alignment = Alignment(wrap_text=True, vertical="center")
        c.border = BORDER
        ws.column_dimensions[get_column_letter(j)].width = WIDTHS.get(key, 14)
    ws.row_dimensions[row].height = 42
    ws.freeze_panes = ws.cell(row=row + 1, column=2)
    ws.auto_filter.ref = f"A{row}:{get_column_letter(len(cols))}{row}"


def _group_row(ws, r: int, rid: str, text: str, ncols: int, fill, level: int) -> None:
    ws.cell(row=r, column=1, value=rid).font = Font(color="808080", size=8)
    c = ws.cell(row=r, column=2, value=text)
    c.font = Font(bold=True)
    c.alignment = Alignment(wrap_text=True, vertical="center")
    for j in range(1, ncols + 1):
        ws.cell(row=r, column=j).fill = fill
    ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=ncols)
    ws.row_dimensions[r].height = 30 if len(text) > 120 else 18
    if level:
        ws.row_dimensions[r].outline_level = level


def _lines(text: str, width: float) -> int:
    """Lines a wrapped cell needs at a column width (in characters)."""
    per = max(1.0, width * 1.15)
    return sum(max(1, math.ceil(len(part) / per)) for part in str(text or "").split("\n"))


def _add_cell_styles(wb) -> None:
    """Named cell styles for the data cells: wrapped, bordered; an id in small
    grey; a closed gap's row green, a flagged cell orange. A named style is set
    with one look-up, where setting font, fill, border and alignment one by one
    costs openpyxl a hash of each, which was much of the plan stage's time."""
    for kind, font in (("cell", None), ("id", Font(size=8, color="595959"))):
        for state, fill in (("", None), (" closed", CLOSED_FILL), (" flagged", FLAG_FILL)):
            style = NamedStyle(name=f"CT-NAT {kind}{state}", alignment=WRAP, border=BORDER)
            if font is not None:
                style.font = font
            if fill is not None:
                style.fill = fill
            wb.add_named_style(style)


def _cell_style(key: str, state: str) -> str:
    return f"CT-NAT {'id' if key == 'id' else 'cell'}{state}"


def _data_row(ws, r: int, cols, rec: dict, flagged: set[tuple[str, str]]) -> None:
    closed = str(rec.get("status", "")).startswith("gap closed")
    # row height set explicitly: spreadsheet programs do not all grow rows for wrapped text
    ws.row_dimensions[r].height = 12.5 * max(_lines(rec.get(k, ""), WIDTHS.get(k, 14)) for k, _head in cols) + 3
    for j, (key, _head) in enumerate(cols, start=1):
        c = ws.cell(row=r, column=j, value=rec.get(key, "") or None)
        state = " closed" if closed else " flagged" if (rec.get("id"), key) in flagged else ""
        c.style = _cell_style(key, state)
    ws.row_dimensions[r].outline_level = 2


def _sheet(wb, name: str, cols, rows: list[dict], group_key: str, group_text, title: str,
           flagged: set[tuple[str, str]]) -> dict[str, int]:
    """Write a sheet of rows grouped by area and ``group_key``; returns the Excel row of each id."""
    ws = wb.create_sheet(_(name))  # the sheet's name in the workbook's language
    _title(ws, title, len(cols))
    _header(ws, cols)
    r = 3
    where: dict[str, int] = {}
    last_area, last_group = None, None
    for rec in rows:
        if rec["area"] != last_area:
            last_area, last_group = rec["area"], None
            _group_row(ws, r, _(GROUP_IDS[0], n=rec['area'].split(' ')[0]), _("Strategic area {area}", area=rec["area"]),
                       len(cols), AREA_FILL, 0)
            r += 1
        g = rec.get(group_key, "")
        if g and g != last_group:
            last_group = g
            rid, text = group_text(rec)
            _group_row(ws, r, rid, text, len(cols), GROUP_FILL, 1)
            where[rid] = r
            r += 1
        _data_row(ws, r, cols, rec, flagged)
        where[rec.get("id", "")] = r
        r += 1
    ws.sheet_properties.outlinePr.summaryBelow = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
    return where


def write_workbook(path: Path, activities: list[dict], mel: list[dict], outcomes: dict[str, str],
                   checklist_rows: list[dict], findings: list, draft: dict, meta: dict, country_name: str,
                   objectives: dict[str, str] | None = None,
                   monitoring: list[tuple[str, str]] | None = None) -> Path:
    """Write the workbook atomically. ``draft`` maps (sheet, id) to the drafted
    values of that row (kept hidden, so the next run can tell edits apart)."""
    objectives = objectives or {}
    wb = Workbook()
    wb.remove(wb.active)
    _add_cell_styles(wb)
    flagged = {(f.id, key) for f in findings for key, head in ACTIVITY_COLUMNS + MEL_COLUMNS
               if head == f.column or (f.column == "Outcome" and key == "outputs")}
    where = {}  # sheet → {id: Excel row}, for the open points on the Checks sheet
    where[ACTIVITIES] = _sheet(wb, ACTIVITIES, ACTIVITY_COLUMNS, activities, "objective",
           lambda rec: (_(GROUP_IDS[1], n=rec['objective']),
                        _("Operational objective {id}: {objective}", id=rec["objective"],
                          objective=objectives.get(rec["objective"], ""))),
           _("{country}: draft National Action Plan activities (ICMPD guide, Annex 3 form). Financial estimates are "
             "illustrative, from round unit costs: replace them with the ministry's own costing", country=country_name),
           flagged)
    # the MEL sheet: one outcome row per indicator, editable (id O<indicator>)
    rows = []
    for rec in mel:
        rows.append(dict(rec, _outcome=rec["id"][1:].rsplit(".", 1)[0]))
    ws_title = _("{country}: monitoring, evaluation and learning plan (ICMPD guide, Annex 4 form)",
                 country=country_name)
    where[MEL] = _sheet(wb, MEL, MEL_COLUMNS, rows, "_outcome",
           lambda rec: (f"O{rec['_outcome']}", _("Outcome {id}: {outcome}", id=rec["_outcome"],
                                                 outcome=outcomes.get(rec["_outcome"], ""))),
           ws_title, flagged)
    _checks_sheet(wb, checklist_rows, findings, where)
    if monitoring:
        _text_sheet(wb, _("Monitoring plan"), _("{country}: how the plan is monitored (ICMPD guide, Annex 4)",
                                                country=country_name), monitoring)
    d = wb.create_sheet(DRAFT)
    keys = sorted({k for v in draft.values() for k in v})
    d.append(["sheet", "id"] + keys)
    for (sheet, rid), vals in draft.items():
        d.append([sheet, rid] + [vals.get(k, "") for k in keys])
    d.sheet_state = "hidden"
    m = wb.create_sheet(META)
    for k, v in meta.items():
        m.append([k, str(v)])
    m.sheet_state = "hidden"
    with atomic_path(path) as tmp:
        wb.save(str(tmp))
    return path


def _checks_sheet(wb, checklist_rows: list[dict], findings: list, where: dict | None = None) -> None:
    ws = wb.create_sheet(_("Checks"))
    cols = [("outcome", _("Outcome")), ("item", _("Item")), ("question", _("Checklist for outcomes and indicators")),
            ("answer", _("Answer")), ("found", _("What the checks found"))]
    widths = [9, 6, 60, 20, 60]
    _title(ws, _("Checklist for outcomes and indicators (ICMPD guide, §A.4.3), per outcome"), len(cols))
    for j, ((_key, head), w) in enumerate(zip(cols, widths), start=1):
        c = ws.cell(row=2, column=j, value=head)
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = HEAD_FILL
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = "A3"
    r = 3
    for rec in checklist_rows:
        ws.row_dimensions[r].height = 12.5 * max(_lines(rec.get("question", ""), 60), _lines(rec.get("found", ""), 60),
                                                 _lines(rec.get("answer", ""), 20)) + 3
        for j, (key, _head) in enumerate(cols, start=1):
            c = ws.cell(row=r, column=j, value=rec.get(key, ""))
            # the answer is "No" exactly when the checks found something
            c.style = _cell_style("", " flagged" if key == "answer" and rec.get("found") else "")
        r += 1
    r += 1
    ws.cell(row=r, column=1, value=_("Open points ({n})", n=format_number(len(findings)))).font = Font(bold=True,
                                                                                                        size=12)
    r += 1
    heads = [_("Sheet"), _("Row"), _("Problem"), _("Severity"), _("Id / column")]
    for j, h in enumerate(heads, start=1):
        c = ws.cell(row=r, column=j, value=h)
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = HEAD_FILL
    r += 1
    for f in findings:
        row = f.row or (where or {}).get(f.sheet, {}).get(f.id, "")  # a drafted row: where it was written
        vals = [_(f.sheet), row, f.message, _(SEVERITY_WORDS.get(f.severity, f.severity)), f"{f.id} / {_(f.column)}"]
        ws.row_dimensions[r].height = 12.5 * _lines(f.message, 60) + 3
        for j, v in enumerate(vals, start=1):
            ws.cell(row=r, column=j, value=v).style = _cell_style("", "")
        r += 1
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _text_sheet(wb, name: str, title: str, sections: list[tuple[str, str]]) -> None:
    """A sheet of headed paragraphs (the monitoring plan's purpose, context, reporting and review)."""
    ws = wb.create_sheet(name)
    _title(ws, title, 2)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 110
    for r, (head, text) in enumerate(sections, start=3):
        ws.cell(row=r, column=1, value=head).font = Font(bold=True)
        ws.cell(row=r, column=1).alignment = WRAP
        ws.cell(row=r, column=2, value=text).style = _cell_style("", "")
        ws.row_dimensions[r].height = 12.5 * _lines(text, 110) + 3
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
