"""Read a document the way its reader will: DOCX → PDF (LibreOffice) → text,
and check what a reader would notice first.

- the table of contents is filled (entries with page numbers, no "update
  field" placeholder);
- no word is broken across the lines of a table cell ("Adequat / e");
- every citation in the text ("Aze 17") resolves to an entry of the
  bibliography, or is listed under it for the assessor (a source without a
  title, author or year: ``flagged``);
- the page count is plausible.

``check_pdf`` returns the problems found (an empty list when there are none).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import ToolError
from .annexes import citation_pattern

TOC_LINE = re.compile(r"^\s*\S.*?(?:\.{3,}|\s{2,}|\t)\s*(\d+)\s*$")
PLACEHOLDER = "Update field"
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


@dataclass
class PdfCheck:
    pdf: Path
    pages: int = 0
    toc_entries: int = 0
    citations: set = field(default_factory=set)
    sources: set = field(default_factory=set)
    flagged: set = field(default_factory=set)  # cited, listed for the assessor under the bibliography, no line
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page (poppler's pdftotext, reading order)."""
    try:
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                             timeout=120, check=True).stdout
    except FileNotFoundError:
        raise ToolError("Checking a PDF needs poppler's pdftotext: `sudo apt-get install poppler-utils`.") from None
    except subprocess.CalledProcessError as exc:
        raise ToolError(f"pdftotext could not read {pdf}: {exc.stderr.strip()[-200:]}") from None
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def docx_vocabulary(docx: Path) -> tuple[set[str], set[str]]:
    """(every word of the document, the words inside its tables), lower case."""
    from docx import Document

    doc = Document(str(docx))
    table_words, words = set(), set()
    for t in doc.tables:
        for row in t.rows:
            for c in row.cells:
                table_words.update(w.lower() for w in WORD.findall(c.text))
    for p in doc.paragraphs:
        words.update(w.lower() for w in WORD.findall(p.text))
    return words | table_words, table_words


def broken_words(pages: list[str], vocabulary: set[str], table_words: set[str]) -> list[str]:
    """Pairs of consecutive lines where the last piece of one and the first of
    the next join into a word of the tables while the first piece is no word of
    the document: a word the layout broke in two ("Adequat" + "e")."""
    found = []
    for page in pages:
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        for a_line, b_line in zip(lines, lines[1:]):
            a = WORD.findall(a_line.split()[-1]) if a_line.split() else []
            b = WORD.findall(b_line.split()[0]) if b_line.split() else []
            if not a or not b or not a_line.split()[-1].endswith(a[-1]) or not b_line.split()[0].startswith(b[0]):
                continue
            head, tail = a[-1], b[0]
            joined = (head + tail).lower()
            if joined in table_words and head.lower() not in vocabulary and len(head) >= 2:
                found.append(f"{head}|{tail}")
    return found


def bibliography_ids(pages: list[str], heading: str = "Bibliography") -> set[str]:
    """Short references listed after the last page that carries ``heading``."""
    start = max((i for i, p in enumerate(pages) if re.search(rf"^Annex [A-Z]\. {heading}\s*$", p, re.M)), default=None)
    if start is None:
        return set()
    text = "\n".join(pages[start:])
    text = text[re.search(rf"^Annex [A-Z]\. {heading}\s*$", text, re.M).end():]
    nxt = re.search(r"^Annex [A-Z]\. ", text, re.M)  # the bibliography ends where the next annex starts
    text = text[:nxt.start()] if nxt else text
    return {m.group(1) for m in re.finditer(r"^([A-Z][A-Za-z]+ \d+)\s(?!of \d+\s*$)", text, re.M)}


def check_pdf(pdf: str | Path, docx: str | Path | None = None, min_pages: int = 1, max_pages: int = 400,
              toc: bool = True, bibliography: bool = True) -> PdfCheck:
    pdf = Path(pdf)
    pages = pdf_pages(pdf)
    res = PdfCheck(pdf=pdf, pages=len(pages))
    if not (min_pages <= len(pages) <= max_pages):
        res.problems.append(f"{pdf.name}: {len(pages)} pages, expected between {min_pages} and {max_pages}")
    if toc:
        idx = next((i for i, p in enumerate(pages[:6]) if re.search(r"^\s*Contents\s*$", p, re.M)), None)
        if idx is None:
            res.problems.append(f"{pdf.name}: no 'Contents' page in the first six pages")
        else:
            body = pages[idx][re.search(r"^\s*Contents\s*$", pages[idx], re.M).end():]
            entries = [ln for ln in body.splitlines() if TOC_LINE.match(ln)]
            res.toc_entries = len(entries)
            if PLACEHOLDER.lower() in pages[idx].lower() or len(entries) < 3:
                res.problems.append(f"{pdf.name}: the table of contents is not filled "
                                    f"({len(entries)} entries with page numbers)")
            last = max((int(TOC_LINE.match(e).group(1)) for e in entries), default=0)
            if last > len(pages):
                res.problems.append(f"{pdf.name}: the contents point to page {last} of {len(pages)}")
    if docx is not None:
        vocab, table_words = docx_vocabulary(Path(docx))
        broken = broken_words(pages, vocab, table_words)
        if broken:
            res.problems.append(f"{pdf.name}: words broken across table lines: " + ", ".join(sorted(set(broken))[:20]))
    if bibliography:
        res.sources = bibliography_ids(pages)
        ids = sorted(res.sources) or ["Aze 1"]
        start = max((i for i, p in enumerate(pages) if re.search(r"^Annex [A-Z]\. Bibliography\s*$", p, re.M)),
                    default=len(pages))
        text = "\n".join(pages[:start])
        res.citations = {f"{m.group(1)} {m.group(2)}" for m in citation_pattern(ids).finditer(text)}
        after = "\n".join(pages[start:])
        res.flagged = {f"{m.group(1)} {m.group(2)}" for m in citation_pattern(ids).finditer(after)} - res.sources
        missing = sorted(res.citations - res.sources - res.flagged)
        if missing:
            res.problems.append(f"{pdf.name}: citations with no bibliography entry: {', '.join(missing[:20])}")
    return res


def check_document(docx: str | Path, **kw) -> PdfCheck:
    """Convert ``docx`` to PDF (contents updated) and check the PDF."""
    from ..documents.pdf import to_pdf

    docx = Path(docx)
    return check_pdf(to_pdf(docx), docx=docx, **kw)
