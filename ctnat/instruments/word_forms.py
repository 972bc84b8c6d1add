"""The Word survey form respondents fill in and return, the interviewer's Word
guide — and reading both back.

Every answer place is a Word content control tagged so a returned document can
be read automatically:

- ``ctnat|<column>|<option code>`` — a checkbox (single/multiple choice, grid cell);
- ``ctnat|<column>`` — a text field (free text, "other" text, a rank, a priority rank,
  ``respondent_code``);
- ``ctnat|header|<key>`` and ``ctnat|header|<key>|<code>`` — interview header fields;
- ``ctnat|answer|<question code>`` — an interview answer box;
- ``ctnat|select|<section>`` — the sections chosen for an interview.

Respondents who type an "X" into a checkbox instead of clicking it are read
correctly too. The document's core properties record the form kind, country and
instrument version (``ctnat-survey-form|AZE|1.0``).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..atomic import atomic_path
from ..messages import _
from ..problems import InputError, Problem, UsageError
from .model import Instruments, load_instruments

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = f'xmlns:w="{W}" xmlns:w14="{W14}"'
UNCHECKED, CHECKED = "\u2610", "\u2612"
# marks that tick a box typed over it, in any script: Latin and Cyrillic x (Х х), ✓ ✔ ☑ ☒ ✖ ✗ ✘
CHECK_TEXT = {CHECKED, "x", "X", "\u0425", "\u0445", "\u2713", "\u2714", "\u2611", "\u2716", "\u2717", "\u2718"}

TEXTS: dict[str, dict] = {
    "survey_title": {"en": "CT-NAT e-survey on the response to trafficking in human beings",
                     "ru": "Электронный опрос CT-NAT о мерах противодействия торговле людьми"},
    "survey_intro": {
        "en": ["This survey asks for your views on trafficking in human beings in the country where you work and "
               "on how the response to it could be stronger. It takes about 15 to 20 minutes.",
               "Your answers are confidential: they are combined with other answers and never attributed to you.",
               "Tick one box per line in the tables (click the box, or type an X in it), write in the grey fields, "
               "save the document and return it by e-mail to the person who sent it to you."],
        "ru": ["Этот опрос посвящён вашему мнению о торговле людьми в стране, где вы работаете, и о том, как можно "
               "усилить меры противодействия. Он займёт около 15–20 минут.",
               "Ваши ответы конфиденциальны: они объединяются с другими ответами и никогда не приписываются вам.",
               "Отметьте по одному полю в каждой строке таблиц (щёлкните по полю или впишите в него X), впишите "
               "ответы в серые поля, сохраните документ и верните его по электронной почте отправителю."]},
    "respondent_code": {"en": "Survey number (filled in by the team)", "ru": "Номер анкеты (заполняет команда)"},
    "rank": {"en": "Rank", "ru": "Ранг"},
    "item": {"en": "Item", "ru": "Пункт"},
    "specify": {"en": "Please specify:", "ru": "Пожалуйста, уточните:"},
    "type_here": {"en": "…", "ru": "…"},
    "thanks": {"en": "Thank you for taking part.", "ru": "Благодарим вас за участие."},
    "guide_title": {"en": "CT-NAT in-depth interview guide", "ru": "Руководство CT-NAT для углублённого интервью"},
    "instructions": {"en": "Instructions for the interviewer", "ru": "Инструкции для интервьюера"},
    "note": {"en": "Information note for participants", "ru": "Информационная записка для участников"},
    "header": {"en": "Interview record", "ru": "Сведения об интервью"},
    "selection": {"en": "Sections to ask", "ru": "Разделы для опроса"},
    "selection_text": {
        # interview-guide questions 1.1 and 1.2, not survey questions
        "en": "From the answers to 1.1 and 1.2, choose {choose} of sections {chosen}; sections {always} are asked "  # not a question code
              "in every interview.",
        "ru": "По ответам на вопросы 1.1 и 1.2 выберите {choose} из разделов {chosen}; разделы {always} задаются "  # not a question code
              "в каждом интервью."},
    "answer": {"en": "Notes", "ru": "Записи"},
    "observations": {"en": "Interviewer observations (internal; not part of the interview record)",
                     "ru": "Наблюдения интервьюера (для внутреннего пользования; не входят в запись интервью)"},
}


def _t(key: str, lang: str):
    d = TEXTS[key]
    return d.get(lang) or d["en"]


def _lab(label: dict, lang: str) -> str:
    return label.get(lang) or label.get("en", "")


def _esc(s: str) -> str:
    return (str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


def checkbox_xml(tag: str) -> str:
    return (f'<w:sdt {NS}><w:sdtPr><w:tag w:val="{_esc(tag)}"/><w14:checkbox>'
            f'<w14:checked w14:val="0"/><w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
            f'<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
            f'<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic"/>'
            f'</w:rPr><w:t>{UNCHECKED}</w:t></w:r></w:sdtContent></w:sdt>')


def textfield_xml(tag: str, placeholder: str = "…", multiline: bool = False) -> str:
    ml = ' w:multiLine="1"' if multiline else ""
    return (f'<w:sdt {NS}><w:sdtPr><w:tag w:val="{_esc(tag)}"/><w:showingPlcHdr/><w:text{ml}/></w:sdtPr>'
            f'<w:sdtContent><w:r><w:rPr><w:color w:val="808080"/><w:shd w:val="clear" w:color="auto" '
            f'w:fill="EDEDED"/></w:rPr><w:t xml:space="preserve">{_esc(placeholder)}</w:t></w:r></w:sdtContent></w:sdt>')


def answerbox_xml(tag: str, placeholder: str) -> str:
    """A block-level rich-text box (several paragraphs) for interview notes."""
    return (f'<w:sdt {NS}><w:sdtPr><w:tag w:val="{_esc(tag)}"/><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'
            f'<w:p><w:pPr><w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="A6A6A6"/>'
            f'<w:left w:val="single" w:sz="4" w:space="4" w:color="A6A6A6"/>'
            f'<w:bottom w:val="single" w:sz="4" w:space="4" w:color="A6A6A6"/>'
            f'<w:right w:val="single" w:sz="4" w:space="4" w:color="A6A6A6"/></w:pBdr></w:pPr>'
            f'<w:r><w:rPr><w:color w:val="808080"/></w:rPr><w:t xml:space="preserve">{_esc(placeholder)}</w:t></w:r>'
            f'</w:p></w:sdtContent></w:sdt>')


def _add_inline(paragraph, xml: str) -> None:
    paragraph._p.append(parse_xml(xml))


def _checkbox_line(doc_or_cell, tag: str, text: str = ""):
    p = doc_or_cell.add_paragraph()
    _add_inline(p, checkbox_xml(tag))
    if text:
        p.add_run(" " + text)
    p.paragraph_format.space_after = Pt(1)
    return p


def _setup(doc, title: str, subject: str) -> None:
    sec = doc.sections[0]
    sec.left_margin = sec.right_margin = Cm(2)
    sec.top_margin = sec.bottom_margin = Cm(1.8)
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = title
    doc.core_properties.subject = subject
    doc.core_properties.keywords = subject
    h = doc.add_heading(title, level=0)
    h.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _languages(inst: Instruments, lang: str, which: str) -> None:
    declared = inst.survey.languages if which == "survey" else inst.guide.languages
    if lang not in declared:
        raise UsageError(f"The {which} is not available in '{lang}'. Declared languages: {', '.join(declared)} "
                         f"(add translations to instruments/{'survey' if which == 'survey' else 'interview_guide'}.yaml "
                         "and list the language under 'languages').")


def _grid_table(doc, fields, lang):
    scale = fields[0].scale
    t = doc.add_table(rows=1, cols=1 + len(scale.options))
    t.style = doc.styles["Table Grid"]
    hdr = t.rows[0].cells
    hdr[0].text = _t("item", lang)
    for i, o in enumerate(scale.options, start=1):
        hdr[i].text = _lab(o.label, lang)
        hdr[i].paragraphs[0].runs[0].font.size = Pt(8)
        hdr[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for f in fields:
        cells = t.add_row().cells
        cells[0].text = f"{f.code} {_lab(f.text, lang)}"
        cells[0].paragraphs[0].runs[0].font.size = Pt(9)
        for i, o in enumerate(scale.options, start=1):
            p = cells[i].paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _add_inline(p, checkbox_xml(f"ctnat|{f.name}|{o.code}"))
    for row in t.rows:
        row.cells[0].width = Cm(6.5)
    doc.add_paragraph()


def write_survey_form(path: str | Path, country: str, lang: str = "en", inst: Instruments | None = None) -> Path:
    """Write the Word survey form for ``country`` in ``lang``."""
    inst = inst or load_instruments()
    _languages(inst, lang, "survey")
    s = inst.survey
    country = country.upper()
    doc = Document()
    _setup(doc, _t("survey_title", lang), f"ctnat-survey-form|{country}|{s.version}|{lang}")
    for para in _t("survey_intro", lang):
        doc.add_paragraph(para)
    p = doc.add_paragraph(f"{_t('respondent_code', lang)} ({country}sur…): ")
    _add_inline(p, textfield_xml("ctnat|respondent_code", f"{country}sur"))
    current_section, done_grids = None, set()
    for f in s.fields:
        if f.section != current_section:
            current_section = f.section
            doc.add_heading(f"{f.section}. {s.section_title(f.section, lang)}", level=1)
        if f.grid:
            if f.grid in done_grids:
                continue
            done_grids.add(f.grid)
            q = doc.add_paragraph()
            q.add_run(f"{f.grid} ").bold = True
            q.add_run(_lab(f.grid_text, lang))
            _grid_table(doc, s.grid_fields(f.grid), lang)
            continue
        q = doc.add_paragraph()
        q.add_run(f"{f.code} ").bold = True
        q.add_run(_lab(f.text, lang))
        q.paragraph_format.space_before = Pt(8)
        if f.type in ("single", "multiple"):
            for o in f.options:
                _checkbox_line(doc, f"ctnat|{f.name}|{o.code}", _lab(o.label, lang))
        elif f.type in ("rank", "priorities"):
            t = doc.add_table(rows=1, cols=2)
            t.style = doc.styles["Table Grid"]
            t.rows[0].cells[0].text = _t("item", lang)
            t.rows[0].cells[1].text = _t("rank", lang) + f" (1–{f.rank_max})"
            for o in f.options:
                cells = t.add_row().cells
                prefix = f"{o.code}. " if f.type == "priorities" else ""
                cells[0].text = prefix + _lab(o.label, lang)
                _add_inline(cells[1].paragraphs[0], textfield_xml(f"ctnat|{f.name}_{o.code}", " "))
            for row in t.rows:
                row.cells[0].width = Cm(13)
                row.cells[1].width = Cm(3)
        elif f.type == "text":
            p = doc.add_paragraph()
            _add_inline(p, textfield_xml(f"ctnat|{f.name}", _t("type_here", lang) * 3, multiline=True))
        if f.has_other:
            p = doc.add_paragraph(_t("specify", lang) + " ")
            _add_inline(p, textfield_xml(f"ctnat|{f.name}_other", _t("type_here", lang)))
    doc.add_paragraph()
    doc.add_paragraph(_t("thanks", lang)).runs[0].italic = True
    path = Path(path)
    with atomic_path(path) as tmp:
        doc.save(str(tmp))
    return path


def write_interview_guide(path: str | Path, country: str, lang: str = "en", inst: Instruments | None = None) -> Path:
    """Write the interviewer's Word guide for ``country`` in ``lang``."""
    inst = inst or load_instruments()
    _languages(inst, lang, "interview guide")
    g = inst.guide
    country = country.upper()
    doc = Document()
    _setup(doc, _t("guide_title", lang), f"ctnat-interview-guide|{country}|{g.version}|{lang}")
    p = doc.add_paragraph(f"{_lab(inst.guide.header_field('interview_code').label, lang)} ({country}int…): ")
    _add_inline(p, textfield_xml("ctnat|header|interview_code", f"{country}int"))
    doc.add_heading(_t("instructions", lang), level=1)
    for ins in g.instructions:
        doc.add_paragraph(_lab(ins, lang), style="List Number")
    doc.add_heading(_t("note", lang), level=1)
    for part in g.information_note:
        doc.add_heading(_lab(part.title, lang), level=3)
        doc.add_paragraph(_lab(part.text, lang))
    doc.add_heading(_t("header", lang), level=1)
    t = doc.add_table(rows=0, cols=2)
    t.style = doc.styles["Table Grid"]
    for h in inst.guide.header_fields:
        if h.key == "interview_code":
            continue
        cells = t.add_row().cells
        cells[0].text = _lab(h.label, lang)
        if h.type == "choice":
            for k, ch in enumerate(h.choices or []):
                par = cells[1].paragraphs[0] if k == 0 else cells[1].add_paragraph()
                _add_inline(par, checkbox_xml(f"ctnat|header|{h.key}|{ch.code}"))
                par.add_run(" " + _lab(ch.label, lang))
        else:
            default = country if h.key == "country" else " "
            _add_inline(cells[1].paragraphs[0], textfield_xml(f"ctnat|header|{h.key}", default))
    for row in t.rows:
        row.cells[0].width = Cm(6)
        row.cells[1].width = Cm(11)
    rule = g.selection_rule
    chosen = rule.chosen_per_respondent if rule else []
    doc.add_heading(_t("selection", lang), level=1)
    doc.add_paragraph(_t("selection_text", lang).format(choose=rule.choose if rule else "2 to 3",
                                                        chosen=", ".join(chosen), always=", ".join(g.always_asked)))
    for s in inst.guide.sections:
        if s.code in chosen:
            _checkbox_line(doc, f"ctnat|select|{s.code}", f"{s.code}. {_lab(s.title, lang)}")
    for s in inst.guide.sections:
        doc.add_heading(f"{s.code}. {_lab(s.title, lang)}", level=1)
        if s.subtitle:
            doc.add_paragraph(_lab(s.subtitle, lang)).runs[0].italic = True
        for q in s.questions:
            qp = doc.add_paragraph()
            qp.add_run(f"{q.code} ").bold = True
            qp.add_run(_lab(q.text, lang)).bold = True
            for pr in q.prompts:
                doc.add_paragraph(_lab(pr, lang), style="List Bullet")
            doc.element.body.append(parse_xml(answerbox_xml(f"ctnat|answer|{q.code}", _t("answer", lang) + "…")))
    doc.add_heading(_t("observations", lang), level=2)
    for c in g.closing:
        doc.add_paragraph(_lab(c, lang), style="List Bullet")
    doc.element.body.append(parse_xml(answerbox_xml("ctnat|observations", "…")))
    # keep the section properties last in the body
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is not None:
        body.remove(sect)
        body.append(sect)
    path = Path(path)
    with atomic_path(path) as tmp:
        doc.save(str(tmp))
    return path


# ---------------------------------------------------------------------- reading
def _text(el) -> str:
    """The text of a paragraph or run: a line break (Shift+Enter) is a new line
    and a tab a tab, so words on two lines are never glued."""
    out = []
    for node in el.iter(qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab")):
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.tag == qn("w:tab"):
            if node.getparent() is not None and node.getparent().tag == qn("w:r"):
                out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def _controls(path: Path):
    try:
        doc = Document(str(path))
    except Exception:  # noqa: BLE001 - python-docx raises several types for non-docx input
        raise InputError(f"{path.name} cannot be opened as a Word document: it is damaged or cut off; open it in "
                         "Word, save it again as .docx and send the saved copy") from None
    out = []
    for sdt in doc.element.body.iter(qn("w:sdt")):
        pr = sdt.find(qn("w:sdtPr"))
        tag_el = pr.find(qn("w:tag")) if pr is not None else None
        if tag_el is None:
            continue
        tag = tag_el.get(qn("w:val")) or ""
        if not tag.startswith("ctnat|"):
            continue
        content = sdt.find(qn("w:sdtContent"))
        paras = content.findall(qn("w:p")) if content is not None else []
        if paras:
            text = "\n".join(_text(p) for p in paras)
        else:
            text = _text(content) if content is not None else ""
        placeholder = pr.find(qn("w:showingPlcHdr")) is not None
        box = pr.find(f"{{{W14}}}checkbox")
        checked = None
        if box is not None:
            state = box.find(f"{{{W14}}}checked")
            val = state.get(f"{{{W14}}}val") if state is not None else "0"
            checked = val in ("1", "true") or any(ch in CHECK_TEXT for ch in text.strip())
        out.append((tag.split("|")[1:], text.strip(), placeholder, checked))
    return doc, out


def _kind(doc) -> str:
    return (doc.core_properties.subject or "").split("|")[0]


def read_survey_form(path: str | Path) -> list[dict]:
    """A returned survey form as ``[{column: raw value}]`` (option codes for
    ticked boxes, several joined with ';')."""
    path = Path(path)
    doc, controls = _controls(path)
    if _kind(doc) != "ctnat-survey-form" and not any(c[0][0].startswith("q") for c in controls):
        raise InputError(f"{path.name} is not a CT-NAT survey form: it has no CT-NAT answer fields. "
                         "Use the form made by `ctnat instruments survey-form`.")
    if not controls:  # the form's subject survived, its answer fields did not
        raise InputError(f"{path.name} cannot be read", [Problem(
            path.name, _("the survey form has lost its answer fields: it was saved by a program that removes "
                         "Word's form fields (LibreOffice Writer, Google Docs, WPS), so its answers cannot be told "
                         "apart"), expected=_("the form filled in and saved in Microsoft Word (desktop or online), "
                                              "or the answers in the Excel survey template"))])
    row: dict[str, str] = {}
    ticks: dict[str, list[str]] = {}
    for parts, text, placeholder, checked in controls:
        if checked is not None:
            if checked and len(parts) >= 2:
                ticks.setdefault(parts[0], []).append(parts[1])
            continue
        if not placeholder and text and text != "…":
            row[parts[0]] = text
    for col, codes in ticks.items():
        row[col] = ";".join(codes)
    return [row]


def read_interview_guide(path: str | Path) -> tuple[dict, dict]:
    """A filled interview guide as (header values by key, answers by question code)."""
    path = Path(path)
    doc, controls = _controls(path)
    if _kind(doc) != "ctnat-interview-guide" and not any(c[0][0] == "answer" for c in controls):
        raise InputError(f"{path.name} is not a CT-NAT interview guide: it has no CT-NAT answer boxes. "
                         "Use the guide made by `ctnat instruments interview-guide`.")
    header, answers = {}, {}
    for parts, text, placeholder, checked in controls:
        if parts[0] == "header":
            if checked is not None:
                if checked:
                    header[parts[1]] = parts[2]
            elif not placeholder and text:
                header[parts[1]] = text
        elif parts[0] == "answer" and not placeholder and text:
            answers[parts[1]] = text
    return header, answers


def fill_controls(path: str | Path, out: str | Path, checked: set[str] | frozenset[str] = frozenset(), texts: dict | None = None) -> Path:
    """Fill a CT-NAT form programmatically, the way Word does when a person
    clicks a checkbox or types into a field: ``checked`` holds the tags of boxes
    to tick, ``texts`` maps tags of text fields (or answer boxes) to text.
    Used by tests and to prepare demonstration data."""
    texts = dict(texts or {})
    doc = Document(str(path))
    for sdt in doc.element.body.iter(qn("w:sdt")):
        pr = sdt.find(qn("w:sdtPr"))
        tag_el = pr.find(qn("w:tag")) if pr is not None else None
        if tag_el is None:
            continue
        tag = tag_el.get(qn("w:val"))
        content = sdt.find(qn("w:sdtContent"))
        box = pr.find(f"{{{W14}}}checkbox")
        if box is not None and tag in checked:
            box.find(f"{{{W14}}}checked").set(f"{{{W14}}}val", "1")
            for t in content.iter(qn("w:t")):
                t.text = CHECKED
        elif tag in texts:
            ph = pr.find(qn("w:showingPlcHdr"))
            if ph is not None:
                pr.remove(ph)
            ts = list(content.iter(qn("w:t")))
            ts[0].text = str(texts[tag])
            for t in ts[1:]:
                t.text = ""
    doc.save(str(out))
    return Path(out)
