"""Small python-docx helpers: tables, cell shading, fields (TOC, page numbers),
captions, and placeholder replacement in a template."""

from __future__ import annotations

import functools
import re
from xml.sax.saxutils import escape as xml_escape
import subprocess

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from ..messages import N_, _

TABLE_STYLE = "CT-NAT Table"


def shade(cell, hex_colour: str) -> None:
    """Fill a table cell with a background colour (``'F4B183'``)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_colour.lstrip("#"))
    tc_pr.append(shd)


def cell_fill(cell) -> str | None:
    """The background colour of a cell, or None (used by tests)."""
    shd = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return shd.get(qn("w:fill")) if shd is not None else None


CELL_PAD_CM = 0.46      # left + right cell margins and the rule
EM_CM = 2.54 / 72       # one point in cm
GLYPH = 0.56            # widest average glyph of a word, as a share of the font size (Arial)
BOLD_GLYPH = 0.62


def _words(text: str) -> list[str]:
    """The pieces a line may break between: spaces, and after a hyphen or slash."""
    return [w for w in re.split(r"\s+|(?<=[-/])", str(text)) if w]


@functools.lru_cache(maxsize=4)
def _font(bold: bool):
    """The TrueType font the documents are set in (fontconfig's match for the
    style's family, Liberation Sans for Arial), for measuring words; None when
    fontconfig or Pillow is missing (then an average glyph width is used)."""
    from ..style import FONT_FAMILY

    try:
        from PIL import ImageFont

        path = subprocess.run(["fc-match", "-f", "%{file}", f"{FONT_FAMILY}:bold" if bold else FONT_FAMILY],
                              capture_output=True, text=True, timeout=10).stdout.strip()
        return ImageFont.truetype(path, 100) if path else None
    except Exception:  # no fontconfig, no Pillow, unreadable font: fall back to the estimate
        return None


ZWSP = "\u200b"


def breakable(text: str) -> str:
    """Allow a line break after a slash ("investigation/prosecution"): Word and
    LibreOffice treat a slashed pair as one word and would otherwise cut it."""
    return re.sub(r"/(?=\w)", "/" + ZWSP, text)


def text_width_cm(text: str, font_size: float, bold: bool = False) -> float:
    return _length_em(text, bold) * font_size * EM_CM


@functools.lru_cache(maxsize=65536)
def _length_em(text: str, bold: bool) -> float:
    """Width of ``text`` in ems; remembered, as tables repeat the same words."""
    font = _font(bold)
    if font is not None:
        return font.getlength(text) / 100 * 1.03
    return len(text) * (BOLD_GLYPH if bold else GLYPH)


def remember_style_lookups(doc) -> None:
    """Make style look-ups of ``doc`` cost a dictionary access.

    python-docx finds a style by name by searching every style in the styles
    part, and then searches again for the default style, on every
    ``add_paragraph(style=…)``, ``add_heading`` and every read of
    ``paragraph.style``: in the report that was much of the stage's time.
    The styles of a document being built do not change once the template is
    open (the template module adds its styles before), so the answers are
    remembered per document. An unknown name is still an error, and is not
    remembered."""
    part = doc.part
    get_style_id, get_style = part.get_style_id, part.get_style
    ids: dict = {}
    styles: dict = {}

    def style_id(style_or_name, style_type):
        key = (style_or_name if isinstance(style_or_name, str) else getattr(style_or_name, "style_id", None),
               style_type)
        if key[0] is None:
            return get_style_id(style_or_name, style_type)
        if key not in ids:
            ids[key] = get_style_id(style_or_name, style_type)
        return ids[key]

    def style(style_id_, style_type):
        key = (style_id_, style_type)
        if key not in styles:
            styles[key] = get_style(style_id_, style_type)
        return styles[key]

    part.get_style_id = style_id
    part.get_style = style


def usable_width_cm(doc) -> float:
    """Page width between the margins of the document's last section: the
    body's own section properties (``doc.sections`` searches the whole
    document for them, on every table)."""
    from docx.section import Section

    sec = Section(doc.element.body.get_or_add_sectPr(), doc.part)
    return (sec.page_width - sec.left_margin - sec.right_margin) / 360000


def column_widths(header: list[str], rows: list[list], font_size: float, total_cm: float) -> list[float]:
    """Widths from content: every column is at least as wide as its longest
    word (header in bold), so no word breaks inside; the room left is shared in
    proportion to how much text each column holds, up to one line of it."""
    cols = len(header)
    minimum, want = [], []
    for i in range(cols):
        cells = [str(r[i]) if i < len(r) and r[i] is not None else "" for r in rows]
        words = [text_width_cm(w, font_size, True) for w in _words(header[i])]
        words += [text_width_cm(w, font_size) for c in cells for line in c.splitlines() for w in _words(line)]
        minimum.append(max(words + [0.4]) + CELL_PAD_CM)
        longest = max([text_width_cm(line, font_size) for c in cells for line in c.splitlines()] + [0])
        want.append(max(minimum[-1], min(longest, total_cm) + CELL_PAD_CM))
    if sum(want) <= total_cm:
        return want
    if sum(minimum) >= total_cm:
        return minimum  # too many long words for the page: keep words whole, let the table run wide
    spare = total_cm - sum(minimum)
    extra = [w - m for w, m in zip(want, minimum)]
    return [m + spare * e / sum(extra) for m, e in zip(minimum, extra)]


def table(doc, header: list[str], rows: list[list], widths_cm: list[float] | None = None,
          font_size: float = 9, style: str | None = None, total_cm: float | None = None):
    """Add a table with a bold header row; returns it. Column widths are
    computed from the content (see :func:`column_widths`); ``widths_cm`` is only
    a fallback for callers that pass no rows.

    The body rows are written as XML in one piece (:func:`_body_rows`), the same
    elements python-docx's ``add_row``/``add_run`` make (``tests/test_documents.py``
    compares them): building them one cell at a time through python-docx was
    most of the report stage's time."""
    from docx.shared import Cm

    t = doc.add_table(rows=1, cols=len(header))
    try:
        t.style = doc.styles[style or TABLE_STYLE]
    except KeyError:
        t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = Pt(font_size)
    head = t.rows[0].cells  # python-docx computes a row's cells anew on each access
    for i, h in enumerate(header):  # a new cell holds one empty paragraph
        c = head[i]
        run = c.paragraphs[0].add_run(str(h))
        run.bold = True
        run.font.size = size
        shade(c, "DCE6F0")
    _repeat_header(t.rows[0])
    widths = column_widths([str(h) for h in header], rows, font_size, total_cm or usable_width_cm(doc)) \
        if rows or not widths_cm else widths_cm
    t.autofit = False
    for i, w in enumerate(widths):
        t.columns[i].width = Cm(w)
        head[i].width = Cm(w)
    if rows:
        for tr in _body_rows(rows, [Cm(w) for w in widths], size, len(header)):
            t._tbl.append(tr)
    return t


def _body_rows(rows: list[list], widths: list, size, ncols: int) -> list:
    """``<w:tr>`` elements for ``rows``: rows kept whole across pages, each cell
    at its column's width holding one run of the text at ``size`` (a tab or a
    line break in the text becomes ``<w:tab/>`` or ``<w:br/>``, as python-docx
    writes them)."""
    from docx.oxml.ns import nsdecls
    from docx.oxml.parser import parse_xml
    from docx.oxml.simpletypes import ST_HpsMeasure, ST_TwipsMeasure

    sz = ST_HpsMeasure.convert_to_xml(size)
    tc_open = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{ST_TwipsMeasure.convert_to_xml(w)}"/></w:tcPr><w:p>'
               for w in widths]
    run_open = f'<w:r><w:rPr><w:sz w:val="{sz}"/></w:rPr>'
    parts = [f"<w:tbl {nsdecls('w')}>"]
    for r in rows:
        if len(r) > ncols:
            raise ValueError(f"a table row has {len(r)} cells for {ncols} columns: {r!r}")
        parts.append('<w:tr><w:trPr><w:cantSplit w:val="true"/></w:trPr>')
        for i in range(ncols):
            parts.append(tc_open[i])
            if i < len(r):
                v = r[i]
                parts.append(run_open + _run_content(breakable("" if v is None else str(v))) + "</w:r>")
            parts.append("</w:p></w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return list(parse_xml("".join(parts)))


_RUN_BREAKS = re.compile(r"(\t|\r|\n)")


def _run_content(text: str) -> str:
    out = []
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{space}>{xml_escape(piece)}</w:t>")
    return "".join(out)


def _cant_split(row) -> None:
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def add_field(paragraph, instr: str, placeholder: str = "") -> None:
    """Insert a Word field (e.g. ``PAGE``, ``TOC \\o "1-3" \\h``)."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run._r.append(text)
    run = paragraph.add_run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def add_toc(doc) -> None:
    """A table of contents field; Word fills it when the document is opened
    (the document asks to update fields)."""
    add_field(doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u',
              _("Right-click and choose 'Update field' to build the table of contents."))
    settings = doc.settings.element
    upd = settings.find(qn("w:updateFields"))
    if upd is None:
        upd = OxmlElement("w:updateFields")
        settings.append(upd)
    upd.set(qn("w:val"), "true")


# TRANSLATORS: a caption's number as a reader sees it ("Table 3. …", "Figure 5. …"); also how the text
# refers to it.
CAPTION_WORDS = {"Table": N_("Table {n}"), "Figure": N_("Figure {n}")}


def caption(doc, text: str, kind: str = "Table") -> str:
    """A numbered caption, "Table 3. …" or "Figure 5. …": the number is a SEQ
    field (Word and LibreOffice renumber it) whose shown value CT-NAT counts."""
    counters = doc.__dict__.setdefault("_ctnat_captions", {})
    counters[kind] = counters.get(kind, 0) + 1
    try:
        p = doc.add_paragraph(style="Caption")
    except KeyError:
        p = doc.add_paragraph()
    # the field keeps its English name (SEQ Table); the reader reads the words around the number
    words = _(CAPTION_WORDS[kind]) if kind in CAPTION_WORDS else f"{kind} {{n}}"
    before, _n, after = words.partition("{n}")
    p.add_run(before)
    add_field(p, f"SEQ {kind} \\* ARABIC", str(counters[kind]))
    p.add_run(f"{after}. {text}")
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    p.paragraph_format.keep_with_next = False
    keep_with_caption(p)
    return words.format(n=counters[kind])


def keep_with_caption(caption_paragraph) -> None:
    """Keep what a caption describes on its page: the table's last row, or the
    figure's paragraph, just before the caption is kept with the next paragraph,
    so that a page never ends between a table or figure and its caption."""
    prev = caption_paragraph._p.getprevious()
    if prev is None:
        return
    if prev.tag == qn("w:tbl"):
        rows = prev.findall(qn("w:tr"))
        paras = rows[-1].iter(qn("w:p")) if rows else []
    elif prev.tag == qn("w:p"):
        paras = [prev]
    else:
        return
    for p in paras:
        ppr = p.get_or_add_pPr()
        if ppr.find(qn("w:keepNext")) is None:
            ppr.insert(0, OxmlElement("w:keepNext"))


def assessor_note(doc, text: str) -> None:
    """A note for the assessor in a working draft (``ctnat build --draft``):
    bold, highlighted and in square brackets, so nobody mistakes it for the report's text."""
    from docx.enum.text import WD_COLOR_INDEX

    p = doc.add_paragraph()
    r = p.add_run(f"[{_('Assessor’s note')}: {text}]")
    r.bold = True
    r.font.highlight_color = WD_COLOR_INDEX.YELLOW


def note(doc, text: str, size: float = 8.5) -> None:
    p = doc.add_paragraph()
    r = p.add_run(text)
    r.italic = True
    r.font.size = Pt(size)
    r.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def replace_placeholders(doc, values: dict[str, str]) -> None:
    """Replace ``{{key}}`` in every paragraph of the body, headers and footers,
    also when Word split the placeholder over several runs."""
    def paragraphs():
        yield from doc.paragraphs
        for t in doc.tables:
            for row in t.rows:
                for c in row.cells:
                    yield from c.paragraphs
        for s in doc.sections:
            for part in (s.header, s.footer, s.first_page_header, s.first_page_footer):
                yield from part.paragraphs

    rx = re.compile(r"\{\{\s*(\w+)\s*\}\}")
    for p in paragraphs():
        if "{{" not in p.text:
            continue
        full = p.text
        new = rx.sub(lambda m: str(values.get(m.group(1), m.group(0))), full)
        if new == full or not p.runs:
            continue
        p.runs[0].text = new
        for r in p.runs[1:]:
            r.text = ""


#: how a table or figure that no sentence refers to is introduced, just before it
INTRODUCTIONS = {"Table": N_("Table {n} shows {what}."), "Figure": N_("Figure {n} shows {what}.")}


def _text_of(el) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def introduce_unreferenced(doc) -> list[str]:
    """Every table and figure is referred to in the text: a caption whose number no
    sentence names gets a sentence introducing it, placed before the table or the
    figure (not before notes between them and the caption). Returns what it introduced
    ("Table 3", …). Run once the document is complete, before it is saved."""
    body = doc.element.body
    paragraphs = [el for el in body.iter(qn("w:p"))]
    pattern = {kind: re.compile("^" + re.escape(_(words)).replace(re.escape("{n}"), r"(\d+)") + r"\. (.*)$", re.S)
               for kind, words in CAPTION_WORDS.items()}
    captions, text = [], []
    for el in paragraphs:
        style = el.find(qn("w:pPr") + "/" + qn("w:pStyle"))
        s = _text_of(el)
        is_caption = style is not None and style.get(qn("w:val")) in ("Caption", "Beschriftung")
        for kind, rx in pattern.items():
            m = rx.match(s) if is_caption else None
            if m:
                captions.append((kind, m.group(1), m.group(2), el))
                break
        else:
            text.append(s)
    said = "\n".join(text)
    out = []
    for kind, n, what, el in captions:
        name = _(CAPTION_WORDS[kind]).format(n=n)
        if re.search(re.escape(name) + r"(?!\d)", said):
            continue
        target, prev = el, el.getprevious()
        for _step in range(4):  # back over notes to the table, or to the figure's paragraph
            if prev is None:
                break
            if (kind == "Table" and prev.tag == qn("w:tbl")) or (
                    kind == "Figure" and prev.tag == qn("w:p") and next(prev.iter(qn("w:drawing")), None) is not None):
                target = prev
                break
            prev = prev.getprevious()
        what = what.strip().rstrip(".")
        words = what.split()
        # lower-case a sentence's first word, not a name's ("National Action Plan measures")
        if words and words[0][1:].islower() and (len(words) == 1 or not words[1][:1].isupper()):
            what = what[:1].lower() + what[1:]
        intro = OxmlElement("w:p")
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = _(INTRODUCTIONS[kind], n=n, what=what)
        t.set(qn("xml:space"), "preserve")
        run.append(t)
        intro.append(run)
        target.addprevious(intro)
        out.append(name)
    return out
