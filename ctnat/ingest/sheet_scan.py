"""Look at a workbook's sheets before loading them: where the data really is,
how many cells hold something, which sheets and rows are hidden.

A spreadsheet reader builds a grid as large as the sheet's last filled cell: one
stray value at XFD1048576 (the bottom-right corner of an Excel sheet, a common
slip of the keyboard) makes a 3 KB file a grid of 17 billion cells. So the
sheets of an ``.xlsx`` or ``.ods`` are first streamed through (cell positions
only, in constant memory) and a sheet whose grid would be much larger than its
filled cells is refused, naming the stray cells, before any grid is built.
Cells that hold nothing (formatting only) are not data and do not count.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from array import array
from dataclasses import dataclass, field

from ..messages import _, format_number
from ..problems import InputError, Problem

#: a sheet's grid may always be this large (rows x columns) …
GRID_FLOOR = 2_000_000
#: … and larger only when at least one cell in GRID_DENSITY is filled
GRID_DENSITY = 4
ROW_GAP, COLUMN_GAP = 1000, 100  # empty rows / columns that set a stray cell apart from the data

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def column_letters(col: int) -> str:
    """1 -> A, 27 -> AA."""
    s = ""
    while col > 0:
        col, r = divmod(col - 1, 26)
        s = chr(65 + r) + s
    return s


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


@dataclass
class SheetScan:
    name: str
    hidden: bool = False
    rows: array = field(default_factory=lambda: array("I"))  # row of each filled cell (1-based)
    cols: array = field(default_factory=lambda: array("I"))
    values: dict = field(default_factory=dict)  # (row, col) -> text, for the few cells a message may name
    hidden_rows: set = field(default_factory=set)

    @property
    def filled(self) -> int:
        return len(self.rows)

    @property
    def grid(self) -> int:
        return (max(self.rows, default=0)) * (max(self.cols, default=0))

    def too_large(self) -> bool:
        return self.grid > max(GRID_FLOOR, GRID_DENSITY * self.filled)


def _block_end(positions, gap: int) -> int:
    """The last position before the first run of more than ``gap`` empty ones."""
    last = 0
    for p in sorted(set(positions)):
        if last and p - last > gap:
            break
        last = p
    return last


def _xml_events(source, tags):
    from lxml import etree

    return etree.iterparse(source, events=("end",), tag=tags, resolve_entities=False, no_network=True,
                           huge_tree=False, load_dtd=False)


def _xlsx_sheets(z: zipfile.ZipFile) -> list[tuple[str, str, bool]]:
    """(name, member path, hidden) of each sheet, in workbook order."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    wb = etree.fromstring(z.read("xl/workbook.xml"), parser)
    rels = {}
    try:
        for r in etree.fromstring(z.read("xl/_rels/workbook.xml.rels"), parser):
            rels[r.get("Id")] = r.get("Target", "")
    except KeyError:
        pass
    out = []
    for s in wb.iter(f"{MAIN}sheet"):
        target = rels.get(s.get(f"{REL}id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        out.append((s.get("name", ""), path, s.get("state", "visible") in ("hidden", "veryHidden")))
    return out


def _shared_strings(z: zipfile.ZipFile, wanted: set[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    if not wanted or "xl/sharedStrings.xml" not in z.namelist():
        return out
    last = max(wanted)
    with z.open("xl/sharedStrings.xml") as fh:
        for i, (_ev, el) in enumerate(_xml_events(fh, f"{MAIN}si")):
            if i in wanted:
                out[i] = "".join(el.itertext())
            el.clear()
            if i >= last:
                break
    return out


def scan_xlsx(z: zipfile.ZipFile) -> list[SheetScan]:
    out = []
    names = set(z.namelist())
    for name, member, hidden in _xlsx_sheets(z):
        sc = SheetScan(name, hidden)
        out.append(sc)
        if member not in names:
            continue
        shared: dict[tuple[int, int], int] = {}
        with z.open(member) as fh:
            for _ev, el in _xml_events(fh, (f"{MAIN}row", f"{MAIN}c")):
                if el.tag == f"{MAIN}row":
                    if el.get("hidden") in ("1", "true"):
                        r = el.get("r")
                        if r and r.isdigit():
                            sc.hidden_rows.add(int(r))
                    el.clear()
                    while el.getprevious() is not None:  # drop the rows already seen: constant memory
                        del el.getparent()[0]
                    continue
                ref = el.get("r") or ""
                v = el.find(f"{MAIN}v")
                text = v.text if v is not None else None
                if text is None and el.find(f"{MAIN}is") is not None:
                    text = "".join(el.find(f"{MAIN}is").itertext())
                if text not in (None, "") and ref:
                    letters = ref.rstrip("0123456789")
                    row, col = int(ref[len(letters):] or 0), _column_number(letters)
                    sc.rows.append(row)
                    sc.cols.append(col)
                    if el.get("t") == "s" and text.isdigit():
                        shared[(row, col)] = int(text)
                    elif row > 1000 or col > 100:  # only far cells are ever named
                        sc.values[(row, col)] = text
                el.clear()
        if sc.too_large():
            far = {k: i for k, i in shared.items() if k[0] > 1000 or k[1] > 100}
            strings = _shared_strings(z, set(far.values()))
            sc.values.update({k: strings.get(i, "") for k, i in far.items()})
    return out


def scan_ods(z: zipfile.ZipFile) -> list[SheetScan]:
    with z.open("content.xml") as fh:
        data = fh.read()
    from lxml import etree

    hidden_styles = set()
    out: list[SheetScan] = []
    sc: SheetScan | None = None
    row = 0
    for ev, el in etree.iterparse(io.BytesIO(data), events=("start", "end"), resolve_entities=False,
                                  no_network=True, load_dtd=False):
        if ev == "start":
            if el.tag == f"{TABLE}table":
                sc = SheetScan(el.get(f"{TABLE}name", ""), el.get(f"{TABLE}style-name") in hidden_styles)
                out.append(sc)
                row = 0
            continue
        if el.tag == f"{STYLE}style":
            props = el.find(f"{STYLE}table-properties")
            if props is not None and props.get(f"{TABLE}display") == "false":
                hidden_styles.add(el.get(f"{STYLE}name"))
        elif el.tag == f"{TABLE}table-row" and sc is not None:
            repeat = int(el.get(f"{TABLE}number-rows-repeated", "1") or 1)
            col = 0
            for cell in el:
                if cell.tag not in (f"{TABLE}table-cell", f"{TABLE}covered-table-cell"):
                    continue
                n = int(cell.get(f"{TABLE}number-columns-repeated", "1") or 1)
                filled = cell.get(f"{OFFICE}value-type") is not None or cell.find(f"{TEXT}p") is not None
                if filled:
                    text = "".join(cell.itertext()) or cell.get(f"{OFFICE}value", "")
                    for r in range(row + 1, row + 1 + min(repeat, 10_000_000)):
                        for c in range(col + 1, col + 1 + min(n, 20_000)):
                            sc.rows.append(r)
                            sc.cols.append(c)
                            if r > 1000 or c > 100:
                                sc.values.setdefault((r, c), text)
                            if len(sc.rows) > 50_000_000:
                                break
                col += n
            if el.get(f"{TABLE}visibility") in ("collapse", "filter"):
                sc.hidden_rows.update(range(row + 1, row + 1 + min(repeat, 1_000_000)))
            row += repeat
            el.clear()
    return out


def scan_workbook(data: bytes, kind: str) -> list[SheetScan] | None:
    """The sheets of an .xlsx or .ods (None for other kinds, or a container this
    scan cannot follow: the reader then judges it under the memory limit)."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        if kind == "xlsx":
            return scan_xlsx(z)
        if kind == "ods":
            return scan_ods(z)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError):
        return None
    return None


def check_grids(scans: list[SheetScan], name: str) -> None:
    """Refuse a sheet whose grid would be far larger than its filled cells,
    naming the stray cells and the range the data really takes."""
    problems = []
    for sc in scans:
        if not sc.too_large():
            continue
        last_row, last_col = _block_end(sc.rows, ROW_GAP), _block_end(sc.cols, COLUMN_GAP)
        stray = sorted({(r, c) for r, c in zip(sc.rows, sc.cols) if r > last_row or c > last_col})
        if not stray:  # no gap: name the far corner
            stray = [max(zip(sc.rows, sc.cols), key=lambda rc: rc[0] * rc[1])]
        cells = [f"{column_letters(c)}{r}" for r, c in stray[:3]]
        shown = ", ".join(f"{cell} ({sc.values.get(rc, '')[:30]!r})" for cell, rc in zip(cells, stray[:3]))
        more = len(stray) - 3
        problems.append(Problem(
            name, _("the sheet '{sheet}' has a value far outside its data ({data}): {cells}{more}. Because of it "
                    "the sheet spans {rows} rows × {cols} columns, too large to read",
                    sheet=sc.name, data="A1:" + column_letters(last_col) + str(last_row), cells=shown,
                    more=(_(" and {n} more", n=format_number(more)) if more > 0 else ""),
                    rows=format_number(max(sc.rows)), cols=format_number(max(sc.cols))),
            row=stray[0][0], column=column_letters(stray[0][1]), value=sc.values.get(stray[0], "")[:60],
            expected=_("delete the stray cell ({cell}) in {sheet}, save the workbook and send it again",
                       cell=", ".join(cells), sheet=sc.name)))
    if problems:
        raise InputError(_("{name} cannot be read", name=name), problems)
