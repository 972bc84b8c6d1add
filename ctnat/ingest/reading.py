"""How to read a received survey file that detection gets wrong:
``data/raw/<ISO3>/reading.yaml``.

CT-NAT detects the text encoding and the delimiter of a CSV/TXT file (see
:mod:`.readers`). When it cannot — a file that separates its columns with ``|``,
an old code page it reads as another one — ``ctnat validate FILE --encoding X
--delimiter Y`` reads it as told, and ``--remember`` records the settings here,
so that ``ctnat ingest`` (and ``make report``, which runs it) reads the file the
same way every time. The file is written by the researcher (by that command or
by hand), like ``cleaning_log.csv``: it is a received file of its own, listed in
the manifest with its SHA-256, and a change to it re-runs ingest. One line per
survey file, named by its path in the country folder as ingest names it::

    "surveys/export.csv": {encoding: "cp1250", delimiter: ";"}
    "surveys/kobo (2).txt": {delimiter: "|"}
    "surveys/export.xlsx": {include_hidden: true}

``include_hidden: true`` reads the hidden sheets and hidden rows of a workbook
too (ingest leaves them out, with a warning naming them, unless told so).

Every entry is checked: the file must be a received survey file, the encoding
one Python knows for text, the delimiter ``,`` ``;`` ``tab`` or ``|``. A
problem names ``reading.yaml``, its line, the entry and what is allowed.
"""

from __future__ import annotations

import codecs
import difflib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..messages import _
from ..paths import raw_dir
from ..problems import CtnatError, InputError, Problem, UsageError

READING_NAME = "reading.yaml"
#: how a delimiter may be written (in reading.yaml or after --delimiter) -> the character
DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\\t": "\t", "\t": "\t", "|": "|"}
DELIMITER_NAMES = {",": '","', ";": '";"', "\t": "tab", "|": '"|"'}
EXPECTED_DELIMITER = '"," ";" tab or "|"'
EXPECTED_ENCODING = "a text encoding Python knows, e.g. utf-8, cp1252, cp1250, cp1251, mac_roman, koi8_r, utf-16"
KEYS = ("encoding", "delimiter", "include_hidden")
HEADER = """\
# How ingest reads received survey files whose text encoding or delimiter it cannot
# detect. One line per file, named by its path in this folder as ingest names it:
#   "surveys/NAME.csv": {encoding: "cp1252", delimiter: ";"}
# encoding: a Python codec (utf-8, cp1252, cp1250, cp1251, mac_roman, koi8_r, utf-16 ...)
# delimiter: "," ";" tab or "|"
# include_hidden: true   (a workbook's hidden sheets and rows are read too)
# Written by `ctnat validate FILE --country ISO3 --encoding X --delimiter Y --remember`
# (or by hand); ingest follows it, and the manifest records it.
"""


@dataclass(frozen=True)
class Reading:
    """How to read one text file; None: detect it."""

    encoding: str | None = None
    delimiter: str | None = None
    include_hidden: bool = False

    def describe(self) -> str:
        parts = []
        if self.encoding:
            parts.append(f"encoding {self.encoding}")
        if self.delimiter:
            parts.append(f"delimiter {DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))}")
        if self.include_hidden:
            parts.append("hidden sheets and rows included")
        return ", ".join(parts)

    def as_dict(self) -> dict:
        out: dict[str, str | bool] = {}
        if self.encoding:
            out["encoding"] = self.encoding
        if self.delimiter:
            out["delimiter"] = "tab" if self.delimiter == "\t" else self.delimiter
        if self.include_hidden:
            out["include_hidden"] = True
        return out


def parse_delimiter(value) -> str:
    """The delimiter character for ``,`` ``;`` ``tab`` (or a tab) and ``|``;
    ValueError with a plain message otherwise."""
    text = "" if value is None else str(value)
    key = text if text in DELIMITERS else text.strip().lower()
    if key not in DELIMITERS:
        if text == "":
            raise ValueError('the delimiter is empty (in YAML, write | and , in quotes: delimiter: "|"); '
                             f"expected {EXPECTED_DELIMITER}")
        raise ValueError(f"'{text}' is not a delimiter CT-NAT reads; expected {EXPECTED_DELIMITER}")
    return DELIMITERS[key]


def check_encoding(value) -> str:
    """``value`` when Python knows it as a text encoding; ValueError otherwise."""
    text = "" if value is None else str(value).strip()
    try:
        info = codecs.lookup(text)
    except (LookupError, TypeError, ValueError):
        raise ValueError(f"'{text}' is not a text encoding Python knows; expected {EXPECTED_ENCODING}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"'{text}' is a codec for bytes, not a text encoding; expected {EXPECTED_ENCODING}")
    return text


def _survey_files(country_dir: Path) -> list[str]:
    folder = country_dir / "surveys"
    if not folder.exists():
        return []
    return sorted(p.relative_to(country_dir).as_posix() for p in folder.rglob("*") if p.is_file())


def _expected_file(key: str, files: list[str]) -> str:
    near = [f for f in files if f.split("/", 1)[1] == key] or difflib.get_close_matches(key, files, n=1, cutoff=0.85)
    if near:
        return f"the path of a received survey file, here probably {near[0]}"
    return ("the path of a received survey file as ingest names it, e.g. surveys/NAME.csv"
            + (f" (received: {', '.join(files[:5])}{' …' if len(files) > 5 else ''})" if files else
               " (no survey file has been received)"))


def _compose(text: str, display: str) -> tuple[yaml.Node | None, list[Problem]]:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [Problem(display, f"not valid YAML ({getattr(exc, 'problem', exc)})",
                              row=(mark.line + 1) if mark else None,
                              expected='one line per file: "surveys/NAME.csv": {encoding: "cp1252", delimiter: ";"}')]


def read_reading(country_dir: Path, display: str = READING_NAME) -> tuple[dict[str, Reading], list[Problem]]:
    """The checked entries of ``reading.yaml`` (path relative to the country
    folder -> :class:`Reading`) and the problems of the others. No file: no
    entries."""
    path = country_dir / READING_NAME
    if not path.exists():
        return {}, []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return {}, [Problem(display, "the file is not UTF-8 text", value=f"byte {exc.start}",
                            expected="reading.yaml saved as UTF-8")]
    node, problems = _compose(text, display)
    if problems:
        return {}, problems
    if node is None:  # empty, or comments only
        return {}, []
    if not isinstance(node, yaml.MappingNode):
        return {}, [Problem(display, "expected one entry per file, each 'path: {encoding, delimiter}'",
                            row=node.start_mark.line + 1,
                            expected='"surveys/NAME.csv": {encoding: "cp1252", delimiter: ";"}')]
    files = _survey_files(country_dir)
    out: dict[str, Reading] = {}
    for key_node, value_node in node.value:
        row = key_node.start_mark.line + 1
        key = str(key_node.value).strip()
        if key in out:
            problems.append(Problem(display, f"'{key}' is listed twice", row=row, column=key, value=key,
                                    expected="one entry per file"))
            continue
        if key.startswith("interviews/"):
            problems.append(Problem(display, "reading settings apply to survey files only, not to interview notes",
                                    row=row, column=key, value=key, expected=_expected_file(key, files)))
            continue
        if key not in files:
            problems.append(Problem(display, f"there is no received survey file '{key}'", row=row, column=key,
                                    value=key, expected=_expected_file(key, files)))
            continue
        if not isinstance(value_node, yaml.MappingNode):
            problems.append(Problem(display, "the settings of a file are 'encoding' and/or 'delimiter'", row=row,
                                    column=key, value=str(getattr(value_node, "value", ""))[:60],
                                    expected='{encoding: "cp1252", delimiter: ";"}'))
            continue
        settings: dict[str, str | None] = {"encoding": None, "delimiter": None, "include_hidden": None}
        ok = True
        for k_node, v_node in value_node.value:
            name, raw = str(k_node.value).strip(), v_node.value
            at = k_node.start_mark.line + 1
            if name not in KEYS:
                close = difflib.get_close_matches(name, KEYS, n=1)
                hint = " " + _("(did you mean '{key}'?)", key=close[0]) if close else ""
                problems.append(Problem(display, f"'{name}' is not a reading setting{hint}", row=at,
                                        column=f"{key}.{name}", value=name,
                                        expected="encoding, delimiter, include_hidden"))
                ok = False
                continue
            if name == "include_hidden":
                if str(raw).strip().lower() not in ("true", "false", "yes", "no"):
                    problems.append(Problem(display, _("include_hidden is true or false"), row=at,
                                            column=f"{key}.{name}", value=str(raw)[:60], expected="true, false"))
                    ok = False
                elif str(raw).strip().lower() in ("true", "yes"):
                    settings[name] = "true"
                continue
            if not isinstance(raw, str):
                problems.append(Problem(display, f"the {name} must be one word", row=at, column=f"{key}.{name}",
                                        value=str(raw)[:60],
                                        expected=EXPECTED_ENCODING if name == "encoding" else EXPECTED_DELIMITER))
                ok = False
                continue
            try:
                settings[name] = check_encoding(raw) if name == "encoding" else parse_delimiter(raw)
            except ValueError as exc:
                message, _sep, expected = str(exc).rpartition("; expected ")
                problems.append(Problem(display, message, row=at, column=f"{key}.{name}", value=raw,
                                        expected=expected))
                ok = False
        if ok and not (settings["encoding"] or settings["delimiter"] or settings["include_hidden"]):
            problems.append(Problem(display, "the entry sets neither an encoding nor a delimiter", row=row,
                                    column=key, expected='{encoding: "cp1252"} and/or {delimiter: ";"}'))
            ok = False
        if ok:
            out[key] = Reading(settings["encoding"], settings["delimiter"], settings["include_hidden"] == "true")
    return out, problems


def reading_path(country: str, root=None) -> Path:
    return raw_dir(country, root) / READING_NAME


def reading_for(rel: str, country: str, root=None) -> Reading | None:
    """The recorded settings of one received file (None when there are none or
    when ``reading.yaml`` has a problem — ingest then reports it)."""
    entries, _problems = read_reading(raw_dir(country, root))
    return entries.get(rel)


def _entry_line(rel: str, reading: Reading) -> str:
    values = ", ".join(f"{k}: {'tab' if v == 'tab' else json.dumps(v, ensure_ascii=False)}"
                       for k, v in reading.as_dict().items())
    return f"{json.dumps(rel, ensure_ascii=False)}: {{{values}}}\n"


def remember_reading(rel: str, country: str, reading: Reading, root=None) -> Path:
    """Record (or replace) the settings of the received survey file ``rel`` in
    ``reading.yaml``, keeping every other line of it — comments included. The
    file is written whole under another name and renamed: a kill leaves the old
    file or the new one."""
    country = country.upper()
    d = raw_dir(country, root)
    path = d / READING_NAME
    if not (reading.encoding or reading.delimiter or reading.include_hidden):
        raise UsageError("nothing to remember", [Problem(rel, "no reading setting given",
                                                         expected="--encoding and/or --delimiter")])
    if rel not in _survey_files(d):
        raise UsageError(f"{rel} is not a received survey file of {country}", [Problem(
            rel, "reading settings are remembered for received survey files only",
            expected=f"a file under {d / 'surveys'}")])
    text = path.read_bytes().decode("utf-8-sig") if path.exists() else HEADER
    _entries, problems = read_reading(d)
    if problems and any(p.message.startswith(("not valid YAML", "expected one entry", "the file is not UTF-8"))
                        for p in problems):
        raise InputError(f"{path} has to be repaired before a setting can be added to it", problems)
    node, _problems = _compose(text, READING_NAME)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    new = _entry_line(rel, reading)
    replaced = False
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if str(key_node.value).strip() != rel:
                continue
            start = key_node.start_mark.line
            end = value_node.end_mark.line if value_node.end_mark.column > 0 else value_node.end_mark.line - 1
            end = min(max(end, start), len(lines) - 1)
            while end > start and (not lines[end].strip() or lines[end].lstrip().startswith("#")):
                end -= 1  # comments and blank lines below the entry stay
            lines[start:end + 1] = [new]
            replaced = True
            break
    if not replaced:
        lines.append(new)
    out = "".join(lines)
    check, _problems = _compose(out, READING_NAME)  # never write a file ingest could not read
    if not isinstance(check, yaml.MappingNode):
        raise InputError(f"{path} could not be updated; edit it by hand", [Problem(
            READING_NAME, "the updated file would not be a mapping of files to settings")])
    incoming = d / ".incoming"  # a temporary file a kill leaves behind is not a received file there
    incoming.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="reading-", suffix=".part", dir=incoming)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(out)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


# ------------------------------------------------------------------- hints
def _is_text(path: Path) -> bool:
    from .readers import sniff

    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return bool(head.strip()) and sniff(head) == "text"


def reading_hint(res, rel: str, country: str, path: Path, used: Reading | None) -> list[Problem]:
    """For a received text file that could not be read as a table (its header
    not found, its encoding not recognised, its columns run together): exactly
    how to read it with other settings and make ingest follow them."""
    if not res.errors or res.table is not None or not _is_text(path):
        return []
    where = f"data/raw/{country}/{READING_NAME}"
    if used is not None:
        return [Problem(rel, f"this file was read with the settings of {where} ({used.describe()}); if they are "
                             f"wrong, try others with: ctnat validate {rel} --country {country} --encoding … "
                             "--delimiter …, then add --remember to replace them", severity="warning")]
    delimiter = next((p.value for p in res.errors if p.value == "|" and "one column" in p.message), None)
    if delimiter:
        return [Problem(rel, f"the file separates its columns with '{delimiter}'; record that with: ctnat validate "
                             f"{rel} --country {country} --delimiter '{delimiter}' --remember (it checks that the "
                             f"file then reads, and writes {where}, which ingest follows)", severity="warning")]
    return [Problem(rel, "if the file is text saved in another encoding (e.g. cp1252, cp1250, cp1251, mac_roman, "
                         "koi8_r, utf-16) or with another delimiter (',' ';' tab '|'), find the settings that read it "
                         f"with: ctnat validate {rel} --country {country} --encoding ENCODING --delimiter ';' — then "
                         f"add --remember to record them in {where}, which ingest follows", severity="warning")]


# ------------------------------------------------------------- validate it
@dataclass
class ValidateOutcome:
    """What :func:`validate_with_reading` did besides validating."""

    result: object  # the ValidationResult
    notes: list[str]
    remembered: Path | None = None


def validate_with_reading(file: str | Path, country: str, root=None, encoding: str | None = None,
                          delimiter: str | None = None, remember: bool = False, include_hidden: bool = False,
                          **options) -> ValidateOutcome:
    """``ctnat validate``: check ``file`` as ingest would read it. A received
    survey file of ``country`` (given as a path, as ``surveys/NAME`` or as its
    name) is read with its settings in ``reading.yaml`` unless ``encoding`` or
    ``delimiter`` are given; with ``remember``, settings that let the file be
    ingested are recorded there for ingest. ``options`` go to
    :func:`~ctnat.ingest.validate_file`."""
    from .registry import resolve_received, withdrawn
    from .validate import validate_file

    country = country.upper()
    where = f"data/raw/{country}/{READING_NAME}"
    path, rel = Path(file), None
    try:
        path, rel = resolve_received(file, country, root)
    except CtnatError:
        if remember:
            raise UsageError(f"{file}: nothing was remembered", [Problem(
                str(file), f"--remember records how to read a received survey file of {country}, and this is not one",
                expected=f"a file in data/raw/{country}/surveys/ (received through the portal or placed there)")]) \
                from None
    notes = []
    given = encoding is not None or delimiter is not None or include_hidden
    recorded = reading_for(rel, country, root) if rel else None
    if recorded is not None and not given:
        encoding, delimiter, include_hidden = recorded.encoding, recorded.delimiter, recorded.include_hidden
        notes.append(f"Read with the settings of {where}: {recorded.describe()} (as ingest reads it).")
    res = validate_file(path, country, root=root, encoding=encoding, delimiter=delimiter,
                        include_hidden=include_hidden, **options)
    if given and res.kind == "interview":
        res.problems.append(Problem(res.file, "--encoding and --delimiter apply to survey files; interview notes "
                                              "are read with their encoding detected", severity="warning",
                                    expected="Markdown or CSV notes saved as UTF-8"))
    if not remember:
        return ValidateOutcome(res, notes)
    if not given:
        raise UsageError("nothing to remember", [Problem(str(file), "--remember needs the settings to record",
                                                         expected="--encoding and/or --delimiter")])
    assert rel is not None
    if res.kind != "survey" or not rel.startswith("surveys/"):
        raise UsageError(f"{rel}: nothing was remembered", [Problem(
            rel, "reading settings are remembered for survey files only", expected="a file under surveys/")])
    if rel in withdrawn(country, root):
        raise UsageError(f"{rel}: nothing was remembered", [Problem(
            rel, "the file is withdrawn, so ingest does not read it")])
    if not res.can_ingest:
        notes.append(f"Not remembered: {rel} cannot be ingested with these settings either "
                     f"({len(res.errors)} error(s) above); {where} is unchanged.")
        return ValidateOutcome(res, notes)
    how = Reading(encoding, delimiter, include_hidden)
    saved = remember_reading(rel, country, how, root)
    notes.append(f"Remembered in {where}: {rel} is read with {how.describe()}. The next ingest "
                 f"(`ctnat ingest --country {country}`, `make report`) follows it.")
    return ValidateOutcome(res, notes, saved)
