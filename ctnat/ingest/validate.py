"""``ctnat validate``: check one received survey or interview file without
storing it (:func:`validate_file`); ingest checks each file with the same
functions."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..confidentiality.quotes import personal_header_values
from ..instruments import Instruments, load_instruments
from ..paths import instruments_dir
from ..problems import CtnatError, Problem
from .interviews import read_interview_file, validate_interview
from .result import ValidationResult
from .survey_file import validate_survey_table


def guess_kind(path: Path) -> str:
    """'interview' for notes (Markdown, or a table with interview_code/question
    columns, or the Word guide), otherwise 'survey'."""
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        return "interview"
    with open(path, "rb") as fh:  # the first bytes only: a received file may be large
        head = fh.read(4000)
    if head.startswith(b"---") or head.lstrip(b"\xef\xbb\xbf").startswith(b"---"):
        return "interview"
    if b"interview_code" in head and b"question" in head:
        return "interview"
    if suffix == ".docx" and b"word/" in head:
        try:
            import zipfile

            with zipfile.ZipFile(path) as z:
                xml = z.read("word/document.xml")
            if b"ctnat|answer|" in xml or b"ctnat|header|" in xml:
                return "interview"
        except (KeyError, OSError, zipfile.BadZipFile):
            pass
    return "survey"


def validate_survey_file(path: Path, country: str, inst: Instruments, max_bytes: int | None = None,
                         display_name: str | None = None, encoding: str | None = None,
                         delimiter: str | None = None, include_hidden: bool = False) -> ValidationResult:
    return validate_survey_table(path, country, inst, max_bytes=max_bytes, display_name=display_name,
                                 encoding=encoding, delimiter=delimiter, include_hidden=include_hidden)


def validate_interview_file(path: Path, country: str, inst: Instruments, display_name: str | None = None,
                            max_bytes: int | None = None) -> ValidationResult:
    name = display_name or path.name
    res = ValidationResult(name, "interview", format=path.suffix.lstrip(".").lower() or "text")
    from .readers import DEFAULT_MAX_BYTES

    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    if path.stat().st_size > limit:
        res.problems.append(Problem(name, f"the file is {path.stat().st_size / 1024 / 1024:.1f} MB, larger than the "
                                          f"limit of {limit / 1024 / 1024:.0f} MB"))
        return res
    try:
        parts = read_interview_file(path, name)
    except CtnatError as exc:
        res.problems = exc.problems or [Problem(name, str(exc))]
        return res
    metas = []
    for header, answers, problems in parts:
        res.personal_terms += _personal_terms(header, inst)
        res.personal += personal_header_values(header, inst.guide)
        meta, segments, probs = validate_interview(header, answers, problems, name, country, inst)
        res.problems += probs
        metas.append(meta)
        res.segments += segments
    res.rows = len(metas)
    res.table = pd.DataFrame(metas)
    return res


def validate_file(path: str | Path, country: str, root=None, max_bytes: int | None = None,
                  kind: str | None = None, display_name: str | None = None, encoding: str | None = None,
                  delimiter: str | None = None, include_hidden: bool = False) -> ValidationResult:
    """Check one survey or interview file for ``country`` without storing it."""
    path = Path(path)
    inst = load_instruments(instruments_dir(root))
    name = display_name or path.name
    if not path.exists():
        return ValidationResult(name, kind or "survey", [Problem(name, "the file does not exist")])
    kind = kind or guess_kind(path)
    if kind == "interview":
        return validate_interview_file(path, country, inst, name, max_bytes)
    return validate_survey_file(path, country, inst, max_bytes, name, encoding=encoding, delimiter=delimiter,
                                include_hidden=include_hidden)


def _personal_terms(header: dict, inst: Instruments) -> list[str]:
    """The values of the guide's personal header fields (names, titles) of one
    interview, and their longer words — used only to flag segments that
    mention them; never written anywhere."""
    keys = [h.key for h in inst.guide.header_fields if h.personal]
    low = {str(k).strip().lower(): v for k, v in header.items()}
    terms = []
    for k in keys:
        v = str(low.get(k) or "").strip()
        if v:
            terms.append(v)
            terms += [part for part in re.split(r"[\s,.;]+", v) if len(part) > 3 and part[:1].isupper()]
    return terms
