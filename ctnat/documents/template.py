"""The Word template the report is built on (``report_templates/``).

``report_templates/ctnat_report_template.docx`` holds the styles, the cover page,
header and footer. A non-programmer changes fonts, colours, logo or cover text in
Word; CT-NAT fills the ``{{placeholders}}`` (``title``, ``country_name``, ``date``,
``version``, ``subtitle``) and appends the content after the cover.
``make_template`` (re)creates the default template.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt, RGBColor

from ..atomic import atomic_path
from ..messages import N_, _, current_language, language
from ..paths import templates_dir
from ..style import FONT_FAMILY
from .docx_tools import TABLE_STYLE, add_field, remember_style_lookups

TEMPLATE_NAME = "ctnat_report_template.docx"
NAVY = RGBColor(0x1F, 0x3A, 0x5F)


def template_path(root=None) -> Path:
    return templates_dir(root) / TEMPLATE_NAME


def make_template(path: str | Path) -> Path:
    """Write the default report template."""
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.3)
    sec.top_margin, sec.bottom_margin = Cm(2.2), Cm(2.0)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT_FAMILY
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5), ("Heading 4", 10.5)):
        st = styles[name]
        st.font.name = FONT_FAMILY
        st.font.size = Pt(size)
        st.font.color.rgb = NAVY
        st.font.bold = True
        st.paragraph_format.space_before = Pt(14 if name == "Heading 1" else 10)
        st.paragraph_format.space_after = Pt(6)
    styles["Heading 1"].paragraph_format.page_break_before = True
    styles["Heading 4"].font.italic = False
    for name in ("Title", "Caption", "Quote", "List Bullet", "List Bullet 2", "Table Grid"):
        if name in [s.name for s in styles]:
            styles[name].font.name = FONT_FAMILY
    plain_fonts(doc)
    cap = styles["Caption"]
    cap.font.size = Pt(9)
    cap.font.italic = True
    cap.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    if TABLE_STYLE not in [s.name for s in styles]:
        ts = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
        ts.base_style = styles["Table Grid"]
        ts.font.size = Pt(9)
    quote = styles["Quote"] if "Quote" in [s.name for s in styles] else styles.add_style("Quote", WD_STYLE_TYPE.PARAGRAPH)
    quote.font.italic = True
    quote.paragraph_format.left_indent = Cm(1)

    # cover
    for _blank in range(6):
        doc.add_paragraph()
    p = doc.add_paragraph()
    r = p.add_run("{{title}}")
    r.font.size, r.bold, r.font.color.rgb = Pt(26), True, NAVY
    p = doc.add_paragraph()
    r = p.add_run("{{country_name}}")
    r.font.size, r.font.color.rgb = Pt(20), NAVY
    p = doc.add_paragraph()
    r = p.add_run("{{subtitle}}")
    r.font.size = Pt(12)
    for _blank in range(10):
        doc.add_paragraph()
    p = doc.add_paragraph()
    r = p.add_run("{{date}}")
    r.font.size = Pt(12)
    p = doc.add_paragraph()
    r = p.add_run(_("Draft produced with CT-NAT {version} — for the assessor to edit before publication.",
                    version="{{version}}"))
    r.font.size, r.italic = Pt(9), True
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # header and footer (cover page has its own empty ones)
    sec.different_first_page_header_footer = True
    hp = sec.header.paragraphs[0]
    hp.text = _("{country} — counter-trafficking needs assessment (draft)", country="{{country_name}}")
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    hp.runs[0].font.size = Pt(8.5)
    hp.runs[0].font.color.rgb = RGBColor(0x66, 0x66, 0x66)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, between, after = _page_words()
    fp.add_run(before)
    add_field(fp, "PAGE", "1")
    fp.add_run(between)
    add_field(fp, "NUMPAGES", "1")
    if after:
        fp.add_run(after)
    path = Path(path)
    with atomic_path(path) as tmp:
        doc.save(tmp)
    return path


def plain_fonts(doc) -> None:
    """Name the font family everywhere instead of the theme's fonts (Calibri
    Light for headings), so headings and body text share one family."""
    from docx.oxml.ns import qn

    root = doc.styles.element
    for rfonts in root.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            rfonts.set(qn(attr), FONT_FAMILY)


def open_template(root=None):
    """Open the project's report template (creating the default one if missing)."""
    path = template_path(root)
    if not path.exists():
        make_template(path)
    doc = Document(str(path))
    if current_language() != "en":
        _template_in_language(doc)
    remember_style_lookups(doc)
    return doc


# TRANSLATORS: the footer's page numbers; {page} and {pages} are fields Word fills in.
PAGE_WORDS = N_("Page {page} of {pages}")
# The template's own words (the cover's note, the running header), with the placeholders they hold
TEMPLATE_WORDS = (
    (N_("Draft produced with CT-NAT {version} — for the assessor to edit before publication."),
     {"version": "{{version}}"}),
    (N_("{country} — counter-trafficking needs assessment (draft)"), {"country": "{{country_name}}"}),
)


def _page_words() -> tuple[str, str, str]:
    """The footer's words around the page number and the page count: ('Page ', ' of ', '')."""
    before, _p, rest = _(PAGE_WORDS).partition("{page}")
    between, _n, after = rest.partition("{pages}")
    return before, between, after


def _template_in_language(doc) -> None:
    """The template's own words (written in English when it was made) in the current language: each run
    that reads as the English of one of :data:`TEMPLATE_WORDS` or of the footer's page words."""
    lang = current_language()
    with language("en"):
        english = {_(msgid, **values): (msgid, values) for msgid, values in TEMPLATE_WORDS}
        page_en = _page_words()
    page = dict(zip(page_en, _page_words()))
    paragraphs = list(doc.paragraphs)
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            paragraphs += part.paragraphs
    with language(lang):
        for p in paragraphs:
            for run in p.runs:
                if run.text in english:
                    msgid, values = english[run.text]
                    run.text = _(msgid, **values)
                elif run.text and run.text in page:
                    run.text = page[run.text]
