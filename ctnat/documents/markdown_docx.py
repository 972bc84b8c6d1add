"""Merge the assessor's Markdown narrative into the Word document.

Parsed with markdown-it (CommonMark); headings, paragraphs, bullet and numbered
lists, block quotes, **bold**, *italic*, `code` and links are kept; citations
such as "(Aze 12, p. 4)" are plain text and pass through unchanged. Markdown
headings are shifted below the chapter heading they are merged into.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark")


def _add_inline(paragraph, children) -> None:
    bold = italic = False
    link = None
    for tok in children or []:
        if tok.type == "strong_open":
            bold = True
        elif tok.type == "strong_close":
            bold = False
        elif tok.type == "em_open":
            italic = True
        elif tok.type == "em_close":
            italic = False
        elif tok.type == "link_open":
            link = tok.attrs.get("href")
        elif tok.type == "link_close":
            if link:
                paragraph.add_run(f" ({link})")
            link = None
        elif tok.type in ("text", "code_inline", "html_inline"):
            run = paragraph.add_run(tok.content)
            run.bold = bold or None
            run.italic = italic or None
            if tok.type == "code_inline":
                run.font.name = "Consolas"
        elif tok.type in ("softbreak",):
            paragraph.add_run(" ")
        elif tok.type == "hardbreak":
            paragraph.add_run().add_break()


def markdown_to_docx(doc, text: str, base_level: int = 2, skip_heading: str = "") -> int:
    """Append Markdown ``text`` to ``doc``. The shallowest Markdown heading
    becomes Heading ``base_level + 1`` and deeper ones follow it, so the
    hierarchy never skips a level; a heading that repeats ``skip_heading``
    (the chapter title the text is merged under) is left out.
    Returns the number of block elements written."""
    tokens = _md.parse(text or "")
    md_levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    top = min(md_levels) if md_levels else 1
    list_stack: list[str] = []
    pending_style = None
    in_quote = False
    written = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            level = min(base_level + 1 + int(tok.tag[1]) - top, 4)
            inline = tokens[i + 1]
            if skip_heading and inline.content.strip().lower() == skip_heading.strip().lower():
                i += 3
                continue
            p = doc.add_heading("", level=level)
            _add_inline(p, inline.children)
            written += 1
            i += 3
            continue
        if tok.type == "bullet_list_open":
            list_stack.append("List Bullet")
        elif tok.type == "ordered_list_open":
            list_stack.append("List Number")
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            list_stack.pop()
        elif tok.type == "list_item_open":
            depth = len(list_stack)
            base = list_stack[-1]
            pending_style = base if depth == 1 else f"{base} {min(depth, 3)}"
        elif tok.type == "blockquote_open":
            in_quote = True
        elif tok.type == "blockquote_close":
            in_quote = False
        elif tok.type == "paragraph_open":
            inline = tokens[i + 1]
            style = pending_style or ("Quote" if in_quote else None)
            try:
                p = doc.add_paragraph(style=style) if style else doc.add_paragraph()
            except KeyError:
                p = doc.add_paragraph()
            pending_style = None
            _add_inline(p, inline.children)
            written += 1
            i += 3
            continue
        elif tok.type in ("fence", "code_block"):
            p = doc.add_paragraph()
            r = p.add_run(tok.content.rstrip("\n"))
            r.font.name = "Consolas"
            written += 1
        elif tok.type == "hr":
            doc.add_paragraph("—")
        i += 1
    return written
