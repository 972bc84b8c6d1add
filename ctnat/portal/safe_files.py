"""Files the portal serves never start a cell with = + - @ (or a tab or carriage
return): such cells are prefixed with an apostrophe so a spreadsheet program
shows them as text instead of running them as formulas."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def escape_csv_bytes(data: bytes) -> bytes:
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[neutralise(c) for c in r] for r in rows])
    return out.getvalue().encode("utf-8-sig")


def escape_xlsx(data: bytes) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(DANGEROUS)):
                    cell.value = neutralise(str(cell.value))
                    cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
