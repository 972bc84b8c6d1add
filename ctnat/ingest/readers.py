"""Read a received file into a table of text cells, whatever its format.

Formats are judged by content (magic bytes), not by the file extension:

* CSV/TXT in any encoding Excel, LibreOffice or Numbers write — UTF-8 with or
  without BOM, UTF-16 with or without BOM, Windows code pages ("CSV (Windows)"
  is cp1252), Mac Roman … — chosen by charset-normalizer, preferring among its
  candidates the decoding whose header and first answers match the instrument;
  delimiter ``,`` ``;`` or tab, any line ending.
* Spreadsheets ``.xlsx``, ``.xlsm``, ``.ods`` and ``.xls`` through python-calamine.
  Archives are judged by their members' sizes and compression ratios before
  anything is parsed. Responses spread over several sheets with the same header
  are read together.
* SPSS ``.sav`` and Stata ``.dta`` (value labels applied, via pyreadstat), and
  returned Word survey forms.

The header row is the row, among the first rows, that names the most survey
columns: title rows above it are skipped. Row numbers are the ones Excel shows
(blank lines count). Every failure is a :class:`~ctnat.problems.Problem` naming
the file.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from ..messages import N_, _, format_number, ngettext
from ..problems import CtnatError, InputError, Problem
from .guard import guarded
from .word import read_word_survey

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # validate and the portal
# ingest reads files already received: a 50,000-respondent export is larger than
# an upload should be, and archives are judged by their structure anyway
INGEST_MAX_BYTES = 200 * 1024 * 1024
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # an archive that inflates beyond this in total is refused
MAX_MEMBER = 120 * 1024 * 1024  # … or one of whose members does
MAX_RATIO = 100  # a member larger than RATIO_FLOOR compressed more than this is a bomb, not a survey
RATIO_FLOOR = 10 * 1024 * 1024
HEADER_SEARCH_ROWS = 30
#: a survey export has a few hundred columns (a Kobo export with one column per option, a thousand or two)
MAX_COLUMNS = 10_000
DELIMITERS = (",", ";", "\t")

Scorer = Callable[[list], int]
# what :func:`sniff` may say of a file the readers take in ("encrypted" gets the password message)
READABLE_KINDS = frozenset({"text", "xlsx", "ods", "xls", "encrypted", "docx", "sav", "dta"})


@dataclass
class TableRead:
    """A table read from a file: text cells, plus what we learned on the way."""

    frame: pd.DataFrame
    format: str
    sheet: str | None = None
    encoding: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    header_row: int = 1  # the spreadsheet row holding the column names
    delimiter: str | None = None
    row_numbers: list[int] | None = None  # Excel row of each frame row (None: header_row + 1 + i)
    row_files: list[str] | None = None  # where each row comes from, when several sheets were read
    headers: list[str] = field(default_factory=list)  # the header cells as received, in order


def _ole_streams(data: bytes) -> str:
    if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00" in data[:1 << 20] \
            or b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data[:1 << 20]:
        return "encrypted"
    if b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" in data:  # before "Book": a Word
        return "doc"  # document may name a bookmark or an embedded workbook
    if b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k\x00" in data or b"B\x00o\x00o\x00k\x00" in data:
        return "xls"
    return "ole"


def _utf16_without_bom(sample: bytes) -> str | None:
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    ze, zo = even.count(0) / len(even), odd.count(0) / len(odd)
    if zo > 0.3 and ze < 0.05:
        return "utf-16-le"
    if ze > 0.3 and zo < 0.05:
        return "utf-16-be"
    return None


def sniff(data: bytes) -> str:
    """The kind of file from its content: xlsx, ods, docx, zip, sav, dta, pdf,
    xls, doc, encrypted (a password-protected Office file), ole, binary or text."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            z = zipfile.ZipFile(io.BytesIO(data))
            names = z.namelist()
        except (zipfile.BadZipFile, ValueError):
            return "truncated"  # a zip (xlsx, docx, ods) that stops before its directory: a cut-off download
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("word/") for n in names):
            return "docx"
        if "mimetype" in names:
            try:
                mime = z.read("mimetype")[:100]
            except Exception:  # noqa: BLE001 - damaged member
                mime = b""
            if b"opendocument.spreadsheet" in mime:
                return "ods"
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
        return _ole_streams(data)
    sample = data[:4096]
    if sample.startswith(b"\xff\xfe") or sample.startswith(b"\xfe\xff"):
        return "text"
    if b"\x00" in sample:
        return "text" if _utf16_without_bom(sample) else "binary"
    return "text"


def check_zip_bomb(data: bytes, name: str) -> None:
    """Refuse an archive (xlsx, ods, docx) whose members would expand to an
    implausible size — judged from the archive directory, before parsing."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError):
        raise InputError(f"{name} cannot be read", [Problem(name, "the file is a damaged spreadsheet or document "
                                                           "(the zip container cannot be opened)")]) from None
    total = sum(i.file_size for i in infos)
    worst = max(infos, key=lambda i: i.file_size / max(i.compress_size, 1), default=None)
    ratio = worst.file_size / max(worst.compress_size, 1) if worst else 0
    big = max((i.file_size for i in infos), default=0)
    if total > MAX_UNCOMPRESSED or big > MAX_MEMBER or (worst is not None and worst.file_size > RATIO_FLOOR
                                                        and ratio > MAX_RATIO):
        raise InputError(f"{name} refused", [Problem(
            name, f"the file would expand to {total / 1e6:.0f} MB when opened, which is not a plausible survey file"
                  + (f" (one part is compressed {ratio:.0f} to 1)" if ratio > MAX_RATIO else ""),
            expected=f"at most {MAX_UNCOMPRESSED // 1024 // 1024} MB uncompressed, no part over "
                     f"{MAX_MEMBER // 1024 // 1024} MB, and no part compressed more than {MAX_RATIO} to 1")])


# ------------------------------------------------------------------------ text
def _bom(data: bytes) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return "utf-16"
    return None


# Windows Western, Cyrillic and Turkish/Azerbaijani "CSV", Mac Excel "CSV"
COMMON_ENCODINGS = ("cp1252", "cp1251", "cp1254", "mac_roman")
#: letters of the instruments' languages besides English (az, ru, hy, ka): text that holds them reads right
# (Azerbaijani ə ı İ ğ ş, which Western code pages lack; Cyrillic, Armenian, Georgian)
LANGUAGE_LETTERS = re.compile("[\u0259\u018f\u0131\u0130\u011f\u011e\u015f\u015e"
                              "\u0400-\u04ff\u0531-\u0587\u10a0-\u10ff]")
#: letters no instrument language writes (Icelandic ý ð þ, the mark of Azerbaijani cp1254 read as cp1252)
FOREIGN_LETTERS = re.compile("[\u00fd\u00dd\u00f0\u00d0\u00fe\u00de]")
_IMPLAUSIBLE = re.compile(r"[a-z\u00df-\u00ff][\u00c0-\u00de]|[\u0080-\u009f\ufffd]"
                         r"|[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")


def encoding_candidates(data: bytes) -> list[str]:
    """Encodings worth trying, most likely first: a BOM is definitive; valid
    UTF-8 (or UTF-16 without BOM) is taken as it is; otherwise
    charset-normalizer's candidates, then the code pages Excel writes most."""
    bom = _bom(data)
    if bom:
        return [bom]
    sample = data[:4096]
    if b"\x00" in sample:
        u16 = _utf16_without_bom(sample)
        if u16:
            return [u16]
    try:
        data.decode("utf-8")
        return ["utf-8"]
    except UnicodeDecodeError:
        pass
    out = []
    try:
        from charset_normalizer import from_bytes

        for m in list(from_bytes(data, steps=8, chunk_size=1024))[:5]:
            out.append(m.encoding)
    except Exception:  # noqa: BLE001 - the detector must never stop a read
        pass
    for enc in COMMON_ENCODINGS:
        if enc not in out:
            out.append(enc)
    return out


def plausibility(text: str, encoding: str) -> int:
    """Higher for text that reads like text: the code pages Excel writes get a
    bonus; a lower-case letter followed by an accented capital ('DonÕt', the
    mark of Mac Roman read as Windows) or a control character costs."""
    sample = text[:100_000]
    bonus = 50 if encoding.replace("-", "_").lower() in COMMON_ENCODINGS else 0
    return bonus - 10 * len(_IMPLAUSIBLE.findall(sample)) + 2 * len(LANGUAGE_LETTERS.findall(sample)) \
        - 10 * len(FOREIGN_LETTERS.findall(sample))


def decode_text(data: bytes, name: str, encoding: str | None = None,
                score: Callable[[str], int] | None = None) -> tuple[str, str]:
    """Decode text: the given encoding, or the best candidate. With ``score``
    (text -> how well it matches the instrument), the candidate whose header
    and answers match best wins; then the most plausible text; ties go to the
    detector's order."""
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(f"{name} cannot be read", [Problem(
                name, f"'{encoding}' is not a known text encoding", value=encoding,
                expected="an encoding name such as utf-8, cp1252, cp1251, mac_roman, utf-16")]) from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{name} cannot be read", [Problem(
                name, f"the file is not valid {encoding} text (byte {exc.start})", value=encoding,
                expected="the encoding the file was saved in, or leave --encoding out to detect it")]) from None
        return text.lstrip("\ufeff"), encoding
    decoded = []
    for enc in encoding_candidates(data):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        decoded.append((enc, text.lstrip("\ufeff")))
    unrecognised = InputError(f"{name} cannot be read", [Problem(
        name, "the text encoding could not be recognised",
        expected="save the file as 'CSV UTF-8 (comma delimited)' in Excel and send it again")])
    if not decoded:
        raise unrecognised
    if len(decoded) == 1:
        enc, text = decoded[0]
        if enc.startswith("utf"):
            return text, enc
    scored = []
    for i, (enc, t) in enumerate(decoded):
        head = score(t[:200_000]) if score else 0
        scored.append((head, plausibility(t, enc), -i, enc, t))
    head, _, _, enc, text = max(scored)
    if head < 1000 and _mostly_foreign(text):
        raise unrecognised
    return text, enc


def _mostly_foreign(text: str) -> bool:
    """True when a text decoded without a header match has almost no plain
    ASCII letters or digits: the bytes were not text in any code page we know."""
    sample = text[:4000]
    if not sample.strip():
        return False
    plain = sum(1 for ch in sample if ch.isascii() and (ch.isalnum() or ch in " ,;\t\r\n\"'._-"))
    return plain / len(sample) < 0.3


def _records(text: str, delim: str, limit: int) -> list[list[str]]:
    out = []
    reader = csv.reader(io.StringIO(text[:400_000]), delimiter=delim)
    try:
        for rec in reader:
            out.append(rec)
            if len(out) >= limit:
                break
    except csv.Error:
        pass
    return out


def find_header(rows: list[list], score: Scorer | None) -> tuple[int, int]:
    """(index, score) of the header among the first rows: the first row naming
    the most survey columns; the first non-blank row when none does."""
    best, best_score = None, 0
    first_nonblank = None
    for i, r in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if first_nonblank is None and any(str(c).strip() for c in r):
            first_nonblank = i
        if score is not None:
            s = score(r)
            if s > best_score:
                best, best_score = i, s
    if best is None:
        return (first_nonblank or 0), 0
    return best, best_score


def choose_delimiter(text: str, score: Scorer | None, delimiter: str | None = None) -> str:
    if delimiter:
        return delimiter
    best = None
    for d in DELIMITERS:
        rows = _records(text, d, HEADER_SEARCH_ROWS)
        idx, s = find_header(rows, score)
        width = len(rows[idx]) if rows else 0
        key = (s, width)
        if best is None or key > best[0]:
            best = (key, d)
    return best[1]


def text_score(score: Scorer | None, value_score: Callable[[list[list[str]]], int] | None = None):
    """A text scorer for :func:`decode_text` built from a header scorer: header
    matches count most, then answers that match a label."""
    def f(text: str) -> int:
        total = 0
        for d in DELIMITERS:
            rows = _records(text, d, HEADER_SEARCH_ROWS + 50)
            idx, s = find_header(rows, score)
            v = value_score(rows[idx + 1:]) if value_score else 0
            total = max(total, s * 1000 + v)
        return total
    return f


def table_problem(body: str, delim: str, header_row: int, name: str) -> Problem:
    """What makes ``body`` (the text from the header row on) not a table, with
    the row as a spreadsheet shows it: a quoted answer is one row however many
    lines it spans."""
    reader = csv.reader(io.StringIO(body), delimiter=delim)
    lines = body.split("\n")
    width, n, start, spans = None, 0, 0, 0
    try:
        while True:
            at = reader.line_num
            rec = next(reader, None)
            if rec is None:
                break
            n, start = n + 1, at
            spans = reader.line_num - start
            if width is None:
                width = len(rec)
            elif len(rec) > width:
                return Problem(
                    name, _("the file is not a well-formed table: row {row} has {n} cells but the header has "
                            "{width}", row=header_row + n - 1, n=len(rec), width=width),
                    row=header_row + n - 1, value=lines[start][:80] if start < len(lines) else "",
                    expected=_("one cell per column in every row: an answer that holds '{d}' goes in double quotes "
                               "(Excel does this when it saves a CSV)", d=delim if delim != "\t" else "tab"))
    except csv.Error:
        spans = 2
    if n and spans > 1:  # the last row ran to the end of the file: a quote opened there was never closed
        row = header_row + n - 1
        return Problem(
            name, _("the file is not a well-formed table: row {row} opens a quoted answer with '\"' that is never "
                    "closed, so every line after it would be read as one answer", row=row),
            row=row, value=lines[start][:80] if start < len(lines) else "",
            expected=_("remove the stray '\"' from row {row} (or write it twice: \"\"), save the file and send "
                       "it again", row=row))
    return Problem(name, _("the file is not a well-formed table"),
                   expected="one header row, then one row per respondent, all with the same number of columns")


def read_csv_text(text: str, name: str) -> tuple[pd.DataFrame, str]:
    """Parse CSV text whose first non-blank row is the header: (frame, delimiter)."""
    df, delim, _row, _cells = read_csv_table(text, name)
    return df, delim


def read_csv_table(text: str, name: str, score: Scorer | None = None, delimiter: str | None = None,
                   ) -> tuple[pd.DataFrame, str, int, list[str]]:
    """Parse CSV text: (body frame, delimiter, header row as Excel counts it,
    header cells). Blank lines are kept as empty rows so positions stay true."""
    delim = choose_delimiter(text, score, delimiter)
    rows = _records(text, delim, HEADER_SEARCH_ROWS)
    idx, _unused = find_header(rows, score)
    if rows and len(rows[idx]) > MAX_COLUMNS:
        raise too_wide(name, idx + 1, len(rows[idx]))
    # where the header record starts in the text
    reader = csv.reader(io.StringIO(text[:400_000]), delimiter=delim)
    lines_before = 0
    try:
        for _i in range(idx):
            next(reader)
        lines_before = reader.line_num
    except (StopIteration, csv.Error):
        lines_before = 0
    start = 0
    for _i in range(lines_before):
        nl = text.find("\n", start)
        if nl < 0:
            break
        start = nl + 1
    body = text[start:] if start else text
    try:
        df = pd.read_csv(io.StringIO(body), sep=delim, dtype=str, header=None, keep_default_na=False,
                         na_filter=False, skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL, engine="c")
    except (pd.errors.ParserError, csv.Error):
        raise InputError(_("{name} cannot be read", name=name), [table_problem(body, delim, idx + 1, name)]) \
            from None
    except pd.errors.EmptyDataError:
        return pd.DataFrame(), delim, idx + 1, []
    if df.empty:
        return pd.DataFrame(), delim, idx + 1, []
    header = [str(v).strip() for v in df.iloc[0]]
    df = df.iloc[1:].reset_index(drop=True)
    return _name_columns(df, header, name, idx + 1), delim, idx + 1, header


def _name_columns(df: pd.DataFrame, header: list[str], name: str, header_row: int) -> pd.DataFrame:
    """Give the body its header; a column with answers but no header is an
    error, an entirely empty unnamed column is left out."""
    from .columns import excel_column

    keep, names = [], []
    for i, h in enumerate(header):
        if h == "":
            col = df.iloc[:, i].astype(str).str.strip()
            filled = col[col != ""]
            if len(filled):
                raise InputError(f"{name} cannot be read", [Problem(
                    name, f"column {excel_column(i)} has answers but no header", row=header_row,
                    column=excel_column(i), value=str(filled.iloc[0])[:60],
                    expected="a column name in the header row for every column with data")])
            continue
        keep.append(i)
        names.append(h)
    out = df.iloc[:, keep]
    out.columns = names
    return out


def _is_utf8(enc: str) -> bool:
    return enc.replace("-", "").replace("_", "").lower().startswith(("utf8", "ascii"))


def _decodes(path: Path, enc: str) -> bool:
    """Whether the whole file decodes in ``enc``, read in chunks — no second
    copy of a large file in memory."""
    import codecs

    try:
        dec = codecs.getincrementaldecoder(enc)(errors="strict")
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                dec.decode(chunk, final=False)
        dec.decode(b"", final=True)
        return True
    except (UnicodeDecodeError, LookupError):
        return False


def _head(data: bytes, enc: str, size: int = 400_000) -> str:
    import codecs

    dec = codecs.getincrementaldecoder(enc)(errors="replace")
    return dec.decode(data[:size], final=len(data) <= size)


BIG_TEXT = 2 * 1024 * 1024  # above this, a CSV is parsed by pyarrow when its layout allows


def too_wide(name: str, row: int, width: int) -> InputError:
    return InputError(_("{name} cannot be read", name=name), [Problem(
        name, _("the header row has {n} columns or more, far more than a survey file has; the file is not "
                "a survey export, or its rows and columns were swapped", n=format_number(width)),
        row=row, value=format_number(width),
        expected=_("at most {max} columns: one per survey question (or answer option), one row per respondent",
                   max=format_number(MAX_COLUMNS)))])


def _read_text_table(data: bytes, name: str, score, encoding, delimiter, value_score,
                     path: Path | None = None) -> TableRead:
    """A CSV/TXT table. ``data`` is the whole file, or only its first part when
    ``path`` is given for a large file (then pyarrow reads the file itself
    when it can, keeping one compact copy in memory)."""
    scorer = text_score(score, value_score) if score else None
    if path is None or encoding:
        if path is not None:
            data = path.read_bytes()
        text, enc = decode_text(data, name, encoding, scorer)
    else:
        cut = data.rfind(b"\n")
        head_bytes = data[:cut + 1] if cut > 0 else data
        _, enc = decode_text(head_bytes, name, None, scorer)
        # UTF-8 is checked by pyarrow as it parses (one pass, not two); other encodings here
        ok = _is_utf8(enc) or _decodes(path, enc)
        text = None
        if not ok:  # the first part misled us: decide on the whole file
            data = path.read_bytes()
            text, enc = decode_text(data, name, None, scorer)
    head = text[:400_000] if text is not None else _head(data, enc)
    if not head.strip():
        raise InputError(f"{name} is empty", [Problem(name, "the file is empty")])
    lead = head[:300].lstrip().lower()
    if lead.startswith(("<html", "<!doctype html", "<table", "<?xml", "<workbook")):
        raise InputError(f"{name} is not a table", [Problem(
            name, "the file is not a table CT-NAT can read: it is a web page (HTML) or an XML document, "
                  "as some systems export under a spreadsheet name",
            expected="open it in Excel or LibreOffice and save it as .xlsx or CSV UTF-8")])
    if text is None:
        fast = _read_big_csv(path, enc, head, score, delimiter)
        if fast is not None:
            df, delim, header_row, header = fast
            fmt = {";": "csv-semicolon", "\t": "csv-tab", "|": "csv-pipe"}.get(delim, "csv")
            return TableRead(df, fmt, encoding=enc, header_row=header_row, delimiter=delim, headers=header)
        data = path.read_bytes()
        try:
            text = data.decode(enc).lstrip("\ufeff")
        except UnicodeDecodeError:  # UTF-8 in the first part only: decide on the whole file
            text, enc = decode_text(data, name, None, scorer)
    del data
    if "\r" in text:  # Windows (CRLF) and old Mac (CR) line endings
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    df, delim, header_row, header = read_csv_table(text, name, score, delimiter)
    fmt = {";": "csv-semicolon", "\t": "csv-tab", "|": "csv-pipe"}.get(delim, "csv")
    return TableRead(df, fmt, encoding=enc, header_row=header_row, delimiter=delim, headers=header)


def _read_big_csv(path: Path, enc: str, head: str, score, delimiter):
    """A large CSV through pyarrow's reader, when row positions stay exact:
    valid UTF-8 text and no blank line (pyarrow checks both as it parses: empty
    lines are not skipped, so a blank line between rows of several columns is
    a short row it refuses). None otherwise — the caller takes the general
    path, which keeps blank lines as empty rows.

    Each column is read dictionary-encoded and comes back as a pandas
    categorical: every distinct answer is stored once and each row holds a
    small integer, so a 50,000-row export takes about a quarter of the memory
    of plain strings, and the validation works on the distinct values. One
    thread and 1 MB blocks keep the reader's own buffers small."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if not _is_utf8(enc):
        return None
    norm = head.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    delim = choose_delimiter(norm, score, delimiter)
    rows = _records(norm, delim, HEADER_SEARCH_ROWS)
    if not rows:
        return None
    idx, _unused = find_header(rows, score)
    header = [str(v).strip() for v in rows[idx]]
    width = len(header)
    if width > MAX_COLUMNS:
        raise too_wide(str(path.name), idx + 1, width)
    names = [f"f{i}" for i in range(width)]
    text = pa.dictionary(pa.int32(), pa.string())
    try:
        table = pacsv.read_csv(
            str(path),
            read_options=pacsv.ReadOptions(skip_rows=idx + 1, column_names=names, block_size=1 << 20,
                                           encoding="utf8", use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter=delim, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(strings_can_be_null=False, quoted_strings_can_be_null=False,
                                                 null_values=[], column_types={n: text for n in names},
                                                 check_utf8=True, auto_dict_encode=False))
    except (pa.ArrowInvalid, pa.ArrowTypeError, OSError):
        return None
    table = table.unify_dictionaries()
    df = table.to_pandas(split_blocks=True, self_destruct=True)
    del table
    # the parser's buffers are free now, but pyarrow's allocator keeps them for reuse: give them back
    # (about 60 MB for a 73 MB file), so they do not add to the memory of what follows
    pa.default_memory_pool().release_unused()
    return _name_columns(df, header, "", idx + 1), delim, idx + 1, header


# ------------------------------------------------------------------ workbooks
def _cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    s = str(v)
    if s.endswith(".0") and s[:-2].lstrip("-").isdigit():
        s = s[:-2]
    return s.strip()


def _sheet_rows(wb, sheet: str) -> list[list]:
    return wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def _read_workbook(data: bytes, name: str, kind: str, score: Scorer | None,
                   include_hidden: bool = False) -> TableRead:
    """A workbook, read in a child process under the memory and time limits of
    :mod:`.guard`, after its sheets' real size is checked (:mod:`.sheet_scan`)."""
    if kind in ("xlsx", "ods"):
        check_zip_bomb(data, name)
    return guarded(_load_workbook, data, name, kind, score, include_hidden, name=name)


def _load_workbook(data: bytes, name: str, kind: str, score: Scorer | None, include_hidden: bool) -> TableRead:
    import python_calamine as pc

    from .sheet_scan import check_grids, scan_workbook

    scans = scan_workbook(data, kind)
    if scans:
        check_grids(scans, name)
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        meta = {m.name: m for m in wb.sheets_metadata}
        hidden = {s.name for s in scans if s.hidden} if scans else \
            {n for n, m in meta.items() if m.visible != pc.SheetVisibleEnum.Visible}
        names = [s for s in wb.sheet_names if include_hidden or s not in hidden]
        sheets = {s: _sheet_rows(wb, s) for s in names}
    except pc.PasswordError:
        raise _password_error(name) from None
    except Exception:  # noqa: BLE001 - calamine raises several types for damaged files
        raise InputError(_("{name} cannot be read", name=name), [Problem(
            name, _("the spreadsheet is damaged: Excel or LibreOffice may still open it, but its contents "
                    "cannot be read"),
            expected=_("open it in Excel or LibreOffice, save it again as .xlsx and send the saved copy"))]) from None
    warnings: list[Problem] = []
    left_out = [s for s in wb.sheet_names if s in hidden and s not in sheets]
    if left_out:
        warnings.append(Problem(name, _("hidden sheets were left out: {sheets}", sheets=", ".join(
            f"'{s}'" for s in left_out)), severity="warning", value=", ".join(left_out),
            expected=_("unhide a sheet that holds responses, or read hidden sheets too with --include-hidden")))
    hidden_rows = {s.name: s.hidden_rows for s in scans} if scans else {}
    if not sheets and left_out:
        raise InputError(_("{name} cannot be read", name=name), [Problem(
            name, _("every sheet of the workbook is hidden: {sheets}", sheets=", ".join(left_out)),
            expected=_("unhide the sheet with the responses, or read hidden sheets too with --include-hidden"))])
    if not sheets:
        raise InputError(f"{name} is empty", [Problem(name, "the workbook has no sheets")])
    found = {}
    for s, rows in sheets.items():
        rows = [[_cell_text(c) for c in r] for r in rows[:HEADER_SEARCH_ROWS]]
        idx, sc = find_header(rows, score)
        found[s] = (idx, sc, [c for c in rows[idx]] if rows else [])
    best = max(sheets, key=lambda s: (found[s][1], -list(sheets).index(s)))
    best_header = _header_signature(found[best][2])
    same = [s for s in sheets if found[s][1] > 0 and _header_signature(found[s][2]) == best_header] \
        if found[best][1] > 0 else [best]
    problems = []
    for s in sheets:
        if s in same:
            continue
        body = [r for r in sheets[s] if any(_cell_text(c) for c in r)]
        if found[s][1] >= max(3, found[best][1] // 2) and len(body) > 1:
            problems.append(Problem(
                name, f"the sheet '{s}' also holds survey columns, but its header differs from the sheet "
                      f"'{best}', so its rows cannot be read with them", value=s,
                expected="responses on one sheet, or on several sheets with exactly the same header row"))
    if problems:
        raise InputError(f"{name} cannot be read", problems)
    fmt = kind
    if len(same) > 1:
        warnings.append(Problem(name, f"the responses are spread over {len(same)} sheets with the same header "
                                      f"({', '.join(same)}); they are read together", severity="warning",
                                value=", ".join(same)))
    elif len(sheets) > 1:
        warnings.append(Problem(name, f"the workbook has {len(sheets)} sheets ({', '.join(sheets)}); "
                                      f"read the sheet '{best}', whose columns match the survey best",
                                severity="warning", value=best))
    frames, row_numbers, row_files = [], [], []
    header = None
    for s in same:
        idx = found[s][0]
        rows = sheets[s]
        if not rows:
            continue
        hdr = [_cell_text(c) for c in rows[idx]]
        width = len(hdr)
        skip = set() if include_hidden else {r for r in hidden_rows.get(s, ()) if r > idx + 1}
        numbers = [idx + 2 + i for i in range(len(rows) - idx - 1) if idx + 2 + i not in skip]
        kept = [r for i, r in enumerate(rows[idx + 1:]) if idx + 2 + i not in skip]
        left = sorted(r for r in skip if r <= len(rows) and any(_cell_text(c) for c in rows[r - 1]))
        if left:
            warnings.append(Problem(
                name if len(same) == 1 else f"{name} (sheet '{s}')",
                ngettext("{n} hidden row was left out: row {rows}", "{n} hidden rows were left out: rows {rows}",
                         len(left), rows=_row_list(left)), severity="warning", value=_row_list(left),
                expected=_("unhide the rows that hold responses, or read hidden rows too with --include-hidden")))
        body = [[_cell_text(c) for c in r[:width]] + [""] * (width - len(r)) for r in kept]
        extra = [(n, r) for n, r in zip(numbers, kept) if any(_cell_text(c) for c in r[width:])]
        if extra:
            n, r = extra[0]
            raise InputError(f"{name} cannot be read", [Problem(
                name, "a row has answers to the right of the last column with a header", row=n,
                expected="a column name in the header row for every column with data")])
        df = pd.DataFrame(body, columns=range(width), dtype="str") if body else pd.DataFrame(columns=range(width))
        df = _name_columns(df, hdr, name if len(same) == 1 else f"{name} (sheet '{s}')", idx + 1)
        if header is None:
            header = hdr
        else:
            df = df.reindex(columns=[h for h in header if h != ""])
        frames.append(df)
        row_numbers += numbers[:len(df)]
        row_files += [f"{name} (sheet '{s}')"] * len(df)
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return TableRead(frame, fmt, sheet=", ".join(same), warnings=warnings, header_row=found[same[0]][0] + 1,
                     row_numbers=row_numbers, row_files=row_files if len(same) > 1 else None,
                     headers=header or [])


def _row_list(rows: list[int]) -> str:
    """5, 7-9, 12 (at most ten ranges)."""
    spans: list[list[int]] = []
    for r in rows:
        if spans and r == spans[-1][1] + 1:
            spans[-1][1] = r
        else:
            spans.append([r, r])
    text = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans[:10])
    return text + (" …" if len(spans) > 10 else "")


def _header_signature(cells: list) -> tuple:
    return tuple(str(c).strip() for c in cells if str(c).strip())


def _password_error(name: str) -> CtnatError:
    return InputError(f"{name} cannot be read", [Problem(
        name, "the workbook is protected with a password, so CT-NAT cannot open it",
        expected="the same workbook saved without a password (in Excel: File > Info > Protect Workbook > "
                 "Encrypt with Password, clear the password, save); send the password separately never")])


def _read_stat(path: Path, kind: str, name: str) -> TableRead:
    import pyreadstat

    reader = pyreadstat.read_sav if kind == "sav" else pyreadstat.read_dta
    program = "SPSS" if kind == "sav" else "Stata"
    try:
        raw, meta = reader(str(path))
        df = pyreadstat.set_value_labels(raw, meta, formats_as_category=False)
    except Exception:  # noqa: BLE001 - pyreadstat.ReadstatError and friends
        raise InputError(_("{name} cannot be read", name=name), [Problem(
            name, _("the {program} file is damaged or cut off: it cannot be opened", program=program),
            expected=_("save it again in {program} (File > Save As) and send the saved copy, or export the "
                       "responses as .xlsx or CSV", program=program))]) from None
    df = df.astype(object).where(pd.notna(df), "").map(_cell_text)
    df = _dichotomies(df, raw, meta)
    return TableRead(df, kind, headers=[str(c) for c in df.columns])


#: a dichotomy variable of a select-multiple question, as SPSS/Stata users name them: q2_1a, q2_1b …
DICHOTOMY = re.compile(r"(q\d+(?:_\d+)*)([a-z])")


def _dichotomies(df: pd.DataFrame, raw: pd.DataFrame, meta) -> pd.DataFrame:
    """Multiple-response sets and dichotomy variables (``q2_1a``, ``q2_1b`` …,
    one 1/0 variable per answer option) as the split columns the survey reader
    folds into one answer: each is renamed ``<question>/<its variable label>``
    (the label names the option) and holds 1 where the option was chosen — the
    set's counted value, or 1/yes/true. A column whose label names no option
    is refused later, naming it (:func:`~.survey_file.validate_survey_table`)."""
    labels = getattr(meta, "column_names_to_labels", None) or {}
    members: dict[str, tuple[str, object]] = {}
    for set_name, s in (getattr(meta, "mr_sets", None) or {}).items():
        if str(s.get("type", "D")).upper().startswith("D"):
            for v in s.get("variable_list") or []:
                members[v] = (str(set_name).lstrip("$"), s.get("counted_value"))
    for c in df.columns:
        m = DICHOTOMY.fullmatch(str(c))
        if m and c not in members:
            members[c] = (m.group(1), None)
    if not members:
        return df
    rename = {}
    for c, (base, counted) in members.items():
        if c not in df.columns:
            continue
        values = raw[c].map(_cell_text)
        if counted is not None:
            ticked = values == _cell_text(counted)
        else:
            ticked = values.str.lower().isin(("1", "true", "yes")) | df[c].str.lower().isin(("1", "true", "yes"))
        df[c] = ticked.map({True: "1", False: ""})
        rename[c] = f"{base}/{(labels.get(c) or '').strip() or c}"
    return df.rename(columns=rename)


def _read_word(path: Path, name: str) -> TableRead:
    return TableRead(read_word_survey(path, name), "docx-form")


WHAT = {"pdf": "a PDF document", "ole": "an old-format Office file (.xls or .doc) without a readable workbook", "doc": "an old-format Word document (.doc)",
        "zip": "a zip archive", "binary": "a binary file"}
#: what to do instead, for kinds that have a better answer than "send a table"
WHAT_TO_DO = {
    "doc": N_("open it in Word and save it as a Word document (.docx): File > Save As > Word Document; send the "
              ".docx"),
}


def read_table(path: str | Path, max_bytes: int | None = None, prefer_columns: set[str] | None = None,
               display_name: str | None = None, score: Scorer | None = None, encoding: str | None = None,
               delimiter: str | None = None, value_score=None, include_hidden: bool = False) -> TableRead:
    """Read any supported survey file as text cells. ``score`` rates a candidate
    header row (how many cells name a survey column); ``encoding`` and
    ``delimiter`` override detection for text files; ``include_hidden`` reads
    the hidden sheets and rows of a workbook too. Raises :class:`CtnatError`
    with a plain-language problem when the file is empty, too large, not a
    table, or unreadable."""
    path = Path(path)
    name = display_name or path.name
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    size = path.stat().st_size
    if size > limit:
        raise InputError(f"{name} refused", [Problem(
            name, f"the file is {size / 1024 / 1024:.1f} MB, larger than the limit of {limit / 1024 / 1024:.0f} MB",
            value=f"{size} bytes", expected=f"at most {limit} bytes")])
    if score is None and prefer_columns:
        cols = set(prefer_columns)
        score = lambda cells: sum(1 for c in cells if str(c).strip().split("/")[-1] in cols)  # noqa: E731
    big = size > BIG_TEXT
    with open(path, "rb") as fh:
        data = fh.read(400_000 if big else -1)
    if not data.strip() and not big:
        raise InputError(f"{name} is empty", [Problem(name, "the file is empty", expected="a table with a header row")])
    kind = sniff(data)
    if big and kind != "text":
        data = path.read_bytes()
    if kind in ("xlsx", "ods", "xls"):
        return _read_workbook(data, name, kind, score, include_hidden)
    if kind == "encrypted":
        raise _password_error(name)
    if kind in ("sav", "dta"):
        return guarded(_read_stat, path, kind, name, name=name)
    if kind == "docx":
        check_zip_bomb(data, name)
        return guarded(_read_word, path, name, name=name)
    if kind == "text":
        return _read_text_table(data, name, score, encoding, delimiter, value_score, path if big else None)
    if kind == "truncated":
        raise InputError(_("{name} cannot be read", name=name), [Problem(
            name, _("the file is incomplete: it stops part-way, as a download or copy that was cut off does "
                    "({size} bytes received)", size=format_number(size)),
            expected=_("download or copy the file again, check that it opens, and send it again"))])
    hint = _(WHAT_TO_DO[kind]) if kind in WHAT_TO_DO else "a CSV, XLSX, ODS, SPSS (.sav) or Stata (.dta) file"
    raise InputError(f"{name} is not a table", [Problem(
        name, f"the file is not a table CT-NAT can read: it is {WHAT[kind]}", expected=hint)])
