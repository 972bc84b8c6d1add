"""Read a received file into a table of text cells, whatever its format.

Formats are judged by content (magic bytes), not by the file extension:
CSV (comma or semicolon; UTF-8 with or without BOM, other encodings detected),
XLSX (the sheet whose header matches the survey best), SPSS ``.sav`` and Stata
``.dta`` (value labels applied, via pyreadstat), and returned Word survey forms.
Every failure is a :class:`~ctnat.problems.Problem` naming the file.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..problems import CtnatError, Problem

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # an XLSX/DOCX that inflates beyond this is refused
MAX_RATIO = 200


@dataclass
class TableRead:
    """A table read from a file: text cells, plus what we learned on the way."""

    frame: pd.DataFrame
    format: str
    sheet: str | None = None
    encoding: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    header_row: int = 1  # the spreadsheet row holding the column names


def sniff(data: bytes) -> str:
    """The kind of file from its first bytes: xlsx, docx, zip, sav, dta, pdf,
    ole (old Office), binary or text."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "binary"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("word/") for n in names):
            return "docx"
        return "zip"
    if head.startswith(b"$FL2") or head.startswith(b"$FL3"):
        return "sav"
    if head[:1] in (b"\x71", b"\x72", b"\x73", b"\x75", b"\x76", b"\x77") and head[1:2] in (b"\x01", b"\x02"):
        return "dta"
    if data[:11] == b"<stata_dta>":
        return "dta"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    sample = data[:4096]
    if b"\x00" in sample and not (sample.startswith(b"\xff\xfe") or sample.startswith(b"\xfe\xff")):
        return "binary"
    return "text"


def check_zip_bomb(data: bytes, name: str) -> None:
    """Refuse an archive (xlsx, docx) whose declared uncompressed size is huge."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        raise CtnatError(f"{name} cannot be read", [Problem(name, "the file is a damaged spreadsheet or document "
                                                           "(the zip container cannot be opened)")]) from None
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED or (len(data) and total / max(len(data), 1) > MAX_RATIO and total > 20 * 1024 * 1024):
        raise CtnatError(f"{name} refused", [Problem(
            name, f"the file would expand to {total / 1e6:.0f} MB when opened, which is not a plausible survey file",
            expected=f"at most {MAX_UNCOMPRESSED // 1024 // 1024} MB uncompressed")])


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode text: UTF-8 (with or without BOM) first, then a detected encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    import chardet

    guess = chardet.detect(data[:200_000])
    enc, conf = guess.get("encoding"), guess.get("confidence") or 0
    if enc and conf >= 0.3:
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            pass
    raise CtnatError(f"{name} cannot be read", [Problem(
        name, "the text encoding could not be recognised",
        expected="save the file as 'CSV UTF-8 (comma delimited)' in Excel and send it again")])


def read_csv_text(text: str, name: str) -> tuple[pd.DataFrame, str]:
    """Parse CSV text, telling comma from semicolon (and tab) by the header line."""
    first = text.splitlines()[0] if text.strip() else ""
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    delim = max(counts, key=counts.get) if any(counts.values()) else ","
    try:
        df = pd.read_csv(io.StringIO(text), sep=delim, dtype=str, keep_default_na=False, na_filter=False,
                         skip_blank_lines=True, quoting=csv.QUOTE_MINIMAL)
    except (pd.errors.ParserError, csv.Error) as exc:
        raise CtnatError(f"{name} cannot be read", [Problem(
            name, f"the file is not a well-formed table ({str(exc).splitlines()[0]})",
            expected="one header row, then one row per respondent, all with the same number of columns")]) from None
    return df, delim


def _read_xlsx(data: bytes, name: str, prefer_columns: set[str]) -> TableRead:
    check_zip_bomb(data, name)
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str, header=None, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise CtnatError(f"{name} cannot be read", [Problem(
            name, f"the spreadsheet cannot be opened ({type(exc).__name__})")]) from None
    if not sheets:
        raise CtnatError(f"{name} is empty", [Problem(name, "the workbook has no sheets")])

    def score(df):
        if df.empty:
            return -1
        header = {str(v).strip().split("/")[-1] for v in df.iloc[0].dropna()}
        return len(header & prefer_columns)

    best = max(sheets, key=lambda s: score(sheets[s]))
    raw = sheets[best].fillna("")
    warnings = []
    if len(sheets) > 1:
        warnings.append(Problem(name, f"the workbook has {len(sheets)} sheets ({', '.join(sheets)}); "
                                      f"read the sheet '{best}', whose columns match the survey best",
                                severity="warning", value=best))
    if raw.empty:
        return TableRead(pd.DataFrame(), "xlsx", sheet=best, warnings=warnings)
    header = [str(v).strip() for v in raw.iloc[0]]
    df = raw.iloc[1:].reset_index(drop=True)
    df.columns = header
    df = df.loc[:, [c for c in df.columns if c != ""]]
    df = df.map(lambda v: _cell_text(v))
    return TableRead(df, "xlsx", sheet=best, warnings=warnings)


def _cell_text(v) -> str:
    s = "" if v is None else str(v)
    if s.endswith(".0") and s[:-2].lstrip("-").isdigit():
        s = s[:-2]
    return s.strip()


def _read_stat(path: Path, kind: str, name: str) -> TableRead:
    import pyreadstat

    reader = pyreadstat.read_sav if kind == "sav" else pyreadstat.read_dta
    try:
        df, meta = reader(str(path), apply_value_formats=True, formats_as_category=False)
    except Exception as exc:  # pyreadstat.ReadstatError and friends
        raise CtnatError(f"{name} cannot be read", [Problem(
            name, f"the {'SPSS' if kind == 'sav' else 'Stata'} file cannot be opened ({exc})")]) from None
    df = df.astype(object).where(pd.notna(df), "").map(_cell_text)
    return TableRead(df, kind)


def read_table(path: str | Path, max_bytes: int | None = None, prefer_columns: set[str] | None = None,
               display_name: str | None = None) -> TableRead:
    """Read any supported survey file as text cells. Raises :class:`CtnatError`
    with a plain-language problem when the file is empty, too large, not a
    table, or unreadable."""
    path = Path(path)
    name = display_name or path.name
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    size = path.stat().st_size
    if size > limit:
        raise CtnatError(f"{name} refused", [Problem(
            name, f"the file is {size / 1024 / 1024:.1f} MB, larger than the limit of {limit / 1024 / 1024:.0f} MB",
            value=f"{size} bytes", expected=f"at most {limit} bytes")])
    data = path.read_bytes()
    if not data.strip():
        raise CtnatError(f"{name} is empty", [Problem(name, "the file is empty", expected="a table with a header row")])
    kind = sniff(data)
    if kind == "xlsx":
        return _read_xlsx(data, name, prefer_columns or set())
    if kind in ("sav", "dta"):
        return _read_stat(path, kind, name)
    if kind == "docx":
        check_zip_bomb(data, name)
        from .word import read_word_survey

        return read_word_survey(path, name)
    if kind == "text":
        text, enc = decode_text(data, name)
        if not text.strip():
            raise CtnatError(f"{name} is empty", [Problem(name, "the file is empty")])
        df, delim = read_csv_text(text, name)
        return TableRead(df, "csv" + ("-semicolon" if delim == ";" else ""), encoding=enc)
    what = {"pdf": "a PDF document", "ole": "an old-format Office file (.xls or .doc)", "zip": "a zip archive",
            "binary": "a binary file"}[kind]
    hint = "save it as .xlsx or CSV UTF-8" if kind == "ole" else "a CSV, XLSX, SPSS (.sav) or Stata (.dta) file"
    raise CtnatError(f"{name} is not a table", [Problem(
        name, f"the file is not a table CT-NAT can read: it is {what}", expected=hint)])
