"""The published-text lint: what a reader sees in every published document, and
the words in it that belong to the machine rather than to the reader.

:func:`passages` extracts the reader-visible text of a report, handout or
worksheet (``.docx``: body paragraphs and tables in order, text boxes, headers
and footers), of the slides (``.pptx``: every text frame and table of every
slide) and of the results-framework workbook (``.xlsx``: every sheet name and
every cell of a visible sheet, row and column). :func:`offences` finds in them:

``criterion code``
    a criterion's key (``1.1.op1``), a bare criterion level (``fw1``, ``op2``)
    or a survey column (``q3_1_4``);
``tag``
    an internal tag in square brackets (``[key: id_referral]``, ``[pr_migration]``);
``snake_case``
    an identifier of the code (``partly_met``, ``pr_migration``) or a label
    glued to a year (``nap2014``);
``file``
    a project folder (``data/raw/…``), a file name (``statistics.csv``,
    ``AZE_evidence_annex.csv``, ``overrides.yaml``) or a template's angle
    brackets (``<ISO3>``);
``command``
    a command of the tool (``ctnat nap analyse``, ``make report``, ``--draft``);
``placeholder``
    an unfilled template slot (``[Assessor's narrative: write …]``,
    ``{country}``, ``%s``);
``raw date``
    an ISO date or year-month (``2016-04-25``, ``2009-08``) where the reader
    expects a date in words.

Allowed, on purpose (docs/published-text.md says why): question numbers
(``3.1.2``) and indicator numbers (``1.1``) — the seed's method numbers its
questions and indicators, and the instrument annex prints them; section,
recommendation (``R1.1``) and plan-row numbers (``M1.1.b``), which the document
itself defines; the rubric's rule labels (``R0``–``R5``, ``C1``–``C3``), which the
rules table of the report defines and the evidence trail refers to; web
addresses and e-mail addresses in the bibliography (a reader follows them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PUBLISHED_SUFFIXES = (".docx", ".pptx", ".xlsx")

#: ``ctnat build --draft`` (``make report DRAFT=1``) sets it for the stages it runs: a section whose
#: assessor's text is missing then shows a marked note for the assessor instead of being left out
DRAFT_ENV = "CTNAT_DRAFT"


def draft_mode() -> bool:
    """Is the report being built as a working draft (assessor's notes shown)?"""
    import os

    return os.environ.get(DRAFT_ENV, "") not in ("", "0")


@dataclass(frozen=True)
class Passage:
    document: str
    location: str
    text: str


@dataclass(frozen=True)
class Offence:
    document: str
    location: str
    rule: str
    match: str
    text: str

    def __str__(self) -> str:
        return f"{self.document} [{self.location}] {self.rule}: {self.match!r} in {self.text[:160]!r}"


# ------------------------------------------------------------------ the rules
_CODE_EXT = "csv|tsv|ya?ml|json|xlsx?|xlsm|docx?|pptx?|md|py|sqlite3?|txt|sav|dta|odt|ods|zip|png|pdf|jsonl"
RULES: list[tuple[str, re.Pattern]] = [
    ("criterion code", re.compile(r"\b[1-9]\.[1-9]\.(?:fw|op)[1-9]\b|\b(?:fw|op)[1-9]\b|\bq\d+(?:_\w+)+\b")),
    ("tag", re.compile(r"\[(?:key|code|id|role)\s*:[^\]]*\]|\[[a-z]+(?:_[a-z0-9]+)+\]")),
    ("snake_case", re.compile(r"(?<![\w@/.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z]{2,}(?:19|20)\d\d\b")),
    ("file", re.compile(r"\b(?:data|analysis|instruments|report_templates|ctnat)/[\w<>./-]*"
                        r"|(?<![\w/.-])[\w<>-]+\.(?:" + _CODE_EXT + r")\b"
                        r"|<(?:ISO3|area|n|country|name|path)>")),
    ("command", re.compile(r"\bctnat\s+[a-z]+|\bmake\s+(?:report|handout|plan|test|bench|serve|instruments)\b"
                           r"|(?<![\w-])--[a-z][a-z-]+\b|\b[A-Z_]{3,}=\S")),
    ("placeholder", re.compile(r"\[[^\]]*\b(?:write|TODO|TBD|fill in)\b[^\]]*\]|\{[^{}\s]*\}|%\(?\w*\)?[sd]\b"
                               r"|\bTODO\b|\bXXX\b|\bFIXME\b")),
    ("raw date", re.compile(r"(?<![\w./-])(?:19|20)\d\d-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?(?![\w/-])")),
]

# web and e-mail addresses are read as written; they are taken out before the rules run
_ADDRESS = re.compile(r"https?://\S+|\bwww\.\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+")
_INVISIBLE = str.maketrans("", "", "\u200b\u00ad\u2060")


def offences_in(passage: Passage) -> list[Offence]:
    """Every machine word of one passage (a paragraph, a cell, a shape)."""
    text = passage.text.translate(_INVISIBLE)
    bare = _ADDRESS.sub(" ", text)
    found = []
    for rule, rx in RULES:
        for m in rx.finditer(bare):
            found.append(Offence(passage.document, passage.location, rule, m.group(0), " ".join(text.split())))
    return found


def offences(paths) -> list[Offence]:
    """Every offence in the published documents ``paths`` (any of .docx, .pptx, .xlsx)."""
    out: list[Offence] = []
    for path in paths:
        for p in passages(Path(path)):
            out += offences_in(p)
    return out


# ------------------------------------------------------------------ what a reader sees
def passages(path: Path) -> list[Passage]:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx(path)
    if suffix == ".pptx":
        return _pptx(path)
    if suffix == ".xlsx":
        return _xlsx(path)
    raise ValueError(f"not a published document: {path}")


def _xml_text(el) -> str:
    """The text of a WordprocessingML element: its runs' text, tabs and breaks."""
    parts = []
    for x in el.iter():
        tag = x.tag.rsplit("}", 1)[-1]
        if tag == "t" and x.text:
            parts.append(x.text)
        elif tag in ("tab", "br", "cr"):
            parts.append(" ")
    return "".join(parts)


def _docx(path: Path) -> list[Passage]:
    from docx import Document

    doc = Document(str(path))
    name = path.name
    out: list[Passage] = []
    npara = ntable = 0
    for el in doc.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            npara += 1
            out.append(Passage(name, f"paragraph {npara}", _xml_text(el)))
        elif tag == "tbl":
            ntable += 1
            rows = [r for r in el.iter() if r.tag.endswith("}tr")]
            for i, tr in enumerate(rows, 1):
                cells = [c for c in tr if c.tag.endswith("}tc")]
                for j, tc in enumerate(cells, 1):
                    out.append(Passage(name, f"table {ntable}, row {i}, cell {j}", _xml_text(tc)))
    for i, section in enumerate(doc.sections, 1):
        for kind, part in (("header", section.header), ("footer", section.footer),
                           ("first-page header", section.first_page_header),
                           ("first-page footer", section.first_page_footer)):
            if part.is_linked_to_previous and i > 1:
                continue
            text = _xml_text(part._element)
            if text.strip():
                out.append(Passage(name, f"section {i} {kind}", text))
    return [p for p in out if p.text.strip()]


def _pptx(path: Path) -> list[Passage]:
    from pptx import Presentation

    prs = Presentation(str(path))
    out: list[Passage] = []
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            where = f"slide {n}, {shape.name}"
            if shape.has_text_frame:
                out.append(Passage(path.name, where, shape.text_frame.text))
            if getattr(shape, "has_table", False) and shape.has_table:
                for i, row in enumerate(shape.table.rows, 1):
                    for j, cell in enumerate(row.cells, 1):
                        out.append(Passage(path.name, f"{where}, row {i}, cell {j}", cell.text))
    return [p for p in out if p.text.strip()]


def _xlsx(path: Path) -> list[Passage]:
    import openpyxl
    from openpyxl.utils import get_column_letter

    wb = openpyxl.load_workbook(str(path))
    out: list[Passage] = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        out.append(Passage(path.name, "sheet name", ws.title))
        hidden_cols = {k for k, d in ws.column_dimensions.items() if d.hidden}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or ws.row_dimensions[cell.row].hidden:
                    continue
                col = get_column_letter(cell.column)
                if col in hidden_cols:
                    continue
                out.append(Passage(path.name, f"{ws.title}!{col}{cell.row}", str(cell.value)))
    return [p for p in out if p.text.strip()]


def published_documents(analysis_dir: Path, country: str) -> list[Path]:
    """The documents of one country a reader gets: the report, the workshop
    handout, worksheet and slides, and the results framework (each language)."""
    names = (f"{country}_assessment_report.docx", f"{country}_workshop_handout.docx",
             f"{country}_workshop_worksheet.docx", f"{country}_workshop_slides.pptx",
             f"{country}_results_framework.xlsx")
    return sorted(p for p in Path(analysis_dir).rglob("*") if p.name in names)
