"""The documents as their reader sees them: charts legible at print size, one
visual identity, a report whose contents, captions, citations and tables
survive conversion to PDF, and a handout and slides on A4 with the country's
name and the workshop's date."""

import re
import zipfile

import pytest
from docx import Document
from docx.shared import Cm
from pptx import Presentation

from ctnat.charts import country_charts
from ctnat.report.annexes import citations_in, sources_text, why
from ctnat.instruments import load_instruments
from ctnat.scoring.criteria import judge, to_frame
from ctnat.report.build import ANNEXES, STATUS_FILL, _Data, annex_letters, excerpt
from ctnat.documents.docx_tools import column_widths, text_width_cm
from ctnat.report.drafting import tidy_quote
from ctnat.documents.pdf import soffice_path, to_pdf, uno_python
from ctnat.report.pdf_check import bibliography_ids, broken_words, check_pdf
from ctnat.style import MIN_TEXT_PT, PT_PER_PX, STATUS_COLOURS, status_fill
from tests.test_pipeline_aze import report_text

needs_office = pytest.mark.skipif(not (soffice_path() and uno_python()),
                                  reason="LibreOffice with python3-uno is not installed")


# ------------------------------------------------------------------ charts
def _font_sizes(node, path=""):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "size" and "font" in path.split(".")[-1] and isinstance(v, (int, float)):
                yield path, v
            yield from _font_sizes(v, f"{path}.{k}")
    elif isinstance(node, list):
        for v in node:
            yield from _font_sizes(v, path)


@pytest.fixture(scope="module")
def charts(aze):
    root, _ = aze
    return country_charts("AZE", root=root)


def test_every_chart_prints_its_text_at_8pt_or_more(charts):
    assert len(charts) >= 20
    for c in charts:
        fig = c.figure.to_plotly_json()
        sizes = list(_font_sizes(fig))
        assert sizes, c.name
        for where, px in sizes:
            assert px * PT_PER_PX >= MIN_TEXT_PT, (c.name, where, px)


def test_every_series_in_a_legend_is_on_an_axis_the_figure_defines(charts):
    for c in charts:
        layout = c.figure.to_plotly_json()["layout"]
        for trace in c.figure.data:
            for attr in ("xaxis", "yaxis"):
                ref = getattr(trace, attr, None)
                if ref and ref not in ("x", "y"):
                    assert f"{attr}{ref[1:]}" in layout, (c.name, trace.name, ref)


def test_priorities_chart_draws_survey_and_workshop_series(charts):
    prio = next(c for c in charts if c.name == "priorities")
    names = [t.name for t in prio.figure.data]
    assert "Workshop groups" in names and any(n.startswith("Survey") for n in names)
    ws = next(t for t in prio.figure.data if t.name == "Workshop groups")
    assert sum(ws.x) > 0 and ws.xaxis in (None, "x")


def test_count_axes_show_whole_numbers_only(charts):
    for c in charts:
        if c.name in ("respondent_roles", "interview_entities", "situation_forms", "priorities"):
            ax = c.figure.layout.xaxis
            assert ax.tickformat == "d" and float(ax.dtick) == int(ax.dtick), c.name


def test_titles_wrap_instead_of_being_cut(charts):
    grid = next(c for c in charts if c.name == "grid_3_1")
    title = grid.figure.layout.title.text
    assert "…" not in title and "<br>" in title
    assert "these mechanisms" in title.replace("<br>", " ")  # the whole wording, not a cut


def test_the_top_margin_holds_the_title_and_a_legend_wrapped_in_columns_of_its_widest_entry(charts):
    # plotly lays a wrapping horizontal legend out in columns as wide as its widest entry, inside the plot
    # area; grid 3.1 has a long entry ("Neither adequate nor inadequate") and long item labels: one per row
    grid = next(c for c in charts if c.name == "grid_3_1")
    lines = grid.figure.layout.title.text.count("<br>") + 1
    assert len(grid.figure.data) == 6
    assert grid.figure.layout.margin.t >= 14 + 20 * lines + 22 * 6


def test_a_legend_below_the_plot_hangs_from_it_and_has_room_for_every_row(charts):
    from ctnat.charts.figures import legend_rows_of

    below = [c for c in charts if c.figure.layout.legend.y is not None and c.figure.layout.legend.y < 0]
    assert [c.name for c in below] == ["statistics_trend"]
    for c in below:
        legend = c.figure.layout.legend
        assert legend.yanchor == "top", c.name  # anchored at its bottom it would grow up over the plot
        rows = legend_rows_of(c.figure, c.width)
        assert rows >= 3 and c.figure.layout.margin.b >= 34 + 22 * rows + 16, c.name


def test_every_source_line_ends_at_the_plot_s_right_edge(charts):
    # wide axis labels push the plot's left edge right; a source line starting there ran off the picture
    for c in charts:
        source = c.figure.layout.annotations[-1]
        assert source.text.startswith("Source:"), c.name
        assert (source.x, source.xanchor, source.xref) == (1, "right", "paper"), c.name


def test_heat_map_rows_are_tall_enough_for_their_longest_label(charts):
    for c in charts:
        if c.name.startswith("matrix_area") or c.name == "indicator_matrix":
            labels = c.figure.data[0].y
            tallest = max(str(label).count("<br>") + 1 for label in labels)
            assert (c.height - 170) / len(labels) >= 15 * tallest, c.name


def test_one_status_palette_everywhere():
    assert STATUS_FILL == {s: status_fill(s) for s in STATUS_COLOURS}
    assert len(set(STATUS_COLOURS.values())) == 4


# ------------------------------------------------------------------ small rules
def test_column_widths_keep_the_longest_word_whole():
    header = ["Item", "Adequate", "Somewhat adequate", "Sometimes", "Neither adequate nor inadequate"]
    rows = [["3.1.1 National or local referral mechanism", "n=2*", "n=2*", "n=1*", "n=0"]]
    widths = column_widths(header, rows, 8, 16.4)
    for h, w in zip(header, widths):
        longest = max(h.split(), key=len)
        assert w >= text_width_cm(longest, 8, bold=True), h
    assert sum(widths) <= 16.4 + 1e-6


def test_quotes_and_excerpts_end_at_word_boundaries():
    assert tidy_quote("the hotline is rarely used;") == "The hotline is rarely used…"
    assert tidy_quote("works well") == "Works well."
    window = "rafficking in human beings seriously endanger the human rights and freedoms of people, and the state must act To i"
    out = excerpt(window)
    assert out.startswith("…in human") and out.endswith("must act To…")
    assert excerpt("not found in the plan") == "not found in the plan"


def test_a_country_name_stands_in_a_sentence_as_its_context_says():
    d = _Data.__new__(_Data)  # only the context: no table is read
    d.country = "KGZ"
    d.context = {"name": {"en": "Kyrgyz Republic", "in_text": {"en": "the Kyrgyz Republic"}}}
    assert d.in_country == "in the Kyrgyz Republic"
    d.context = {"name": {"en": "Georgia", "short": "Georgia"}}
    assert d.in_country == "in Georgia"


def test_annexes_take_their_letters_from_their_place_in_the_list():
    assert annex_letters(ANNEXES) == dict(zip(ANNEXES, "ABCDEFGH"))
    before_the_workshop = annex_letters(a for a in ANNEXES if a != "workshop")
    assert "workshop" not in before_the_workshop
    assert [before_the_workshop[a] for a in ("evidence", "bibliography", "data", "plan")] == ["D", "E", "F", "G"]


def test_evidence_is_explained_in_words_without_segment_ids():
    segs = [{"segment_id": f"AZEint{k}:3.5", "interview_code": f"AZEint{k}", "entity_type": "state",
             "polarity": "supports"} for k in (1, 2, 3)]
    segs.append({"segment_id": "AZEint2:3.4", "interview_code": "AZEint2", "polarity": ""})
    j = judge("1.1", "op1", {"finding": "met", "citations": "Aze 26, p. 57"}, [], segs, load_instruments().rubric,
              asks="used")
    (row,) = to_frame([j], "3.0").to_dict("records")
    assert why(row) == "The desk review and interviews agree: met."
    text = sources_text(row, load_instruments().rubric.percent_min_base)
    assert "AZEint" not in text and "Aze 26, p. 57" in text
    assert citations_in("as shown (Aze 17, p. 19) and (Aze 6)", ["Aze 1", "Aze 6"]) == {"Aze 17", "Aze 6"}


def test_the_checker_finds_broken_words_and_unresolved_citations():
    vocab = {"adequate", "somewhat", "the", "national"}
    pages = ["Item\nAdequat\ne\nSomewhat\nadequate\n"]
    assert broken_words(pages, vocab, {"adequate"}) == ["Adequat|e"]
    assert broken_words(["Somewhat\nadequate\n"], vocab, {"adequate"}) == []
    biblio = ["text (Aze 2) and (Aze 9)\n", "Annex F. Bibliography\nAze 2  Document two.\nPage 3 of 3\n"]
    assert bibliography_ids(biblio) == {"Aze 2"}


# ------------------------------------------------------------------ the report
def test_report_structure_reads_as_a_document(aze):
    root, path = aze
    doc = Document(str(path))
    text = report_text(doc)
    assert "in the Republic of Azerbaijan" in text and "in Republic of" not in text
    # every picture has a numbered figure caption, every caption a number in sequence
    pictures = len(doc.inline_shapes)
    figures = [p.text for p in doc.paragraphs if p.style.name == "Caption" and p.text.startswith("Figure ")]
    tables = [p.text for p in doc.paragraphs if p.style.name == "Caption" and p.text.startswith("Table ")]
    assert pictures == len(figures) >= 10
    assert [int(re.match(r"Figure (\d+)\.", f).group(1)) for f in figures] == list(range(1, len(figures) + 1))
    assert len(tables) >= 30
    # headings never skip a level and never repeat their parent's title
    last, parents = 0, {}
    for p in doc.paragraphs:
        m = re.match(r"Heading (\d)", p.style.name)
        if not m:
            continue
        lvl = int(m.group(1))
        assert lvl <= last + 1 or lvl <= 2, (p.text, last, lvl)
        parent = parents.get(lvl - 1, "")
        assert p.text.strip().lower() != re.sub(r"^[\d.]+\s*", "", parent).strip().lower(), p.text
        parents[lvl] = p.text
        last = lvl
    # interview voices, under the indicator they speak to: each once, reported speech (the AZE notes mark
    # nothing verbatim)
    voices = re.findall(r"(?:^|\. )((?:Yet )?(?:An|an|According to an|according to an) interviewee from [^.]+\.)", text,
                        re.M)
    assert len(voices) >= 5 and len(voices) == len(set(voices))
    for q in voices:
        assert "“" not in q and not q.endswith(";.")
    # survey items are no longer repeated as one templated sentence per item
    assert not re.search(r"\(\d+\.\d+\.\d+\), survey respondents answered", text)
    assert (root / "analysis/AZE/AZE_evidence_annex.csv").exists()
    assert "Annex F. Bibliography" in text or "Annex E. Bibliography" in text
    # the annexes are lettered in sequence from the builder's list, and the text refers to them by those letters
    annexes = [p.text for p in doc.paragraphs if p.style.name == "Heading 1" and p.text.startswith("Annex ")]
    assert len(annexes) >= 7 and [a[len("Annex ")] for a in annexes] == list("ABCDEFGH"[:len(annexes)]), annexes
    evidence = next(a for a in annexes if a.endswith(". Evidence trail"))
    assert f"Annex {evidence[len('Annex ')]} gives the reason for each status." in text


def _assessor(root):
    import yaml

    return yaml.safe_load((root / "data/raw/AZE/desk_review.yaml").read_text(encoding="utf-8"))["assessor"]


def test_document_properties_name_ctnat_and_the_author(aze):
    root, path = aze
    props = Document(str(path)).core_properties
    assert props.author == _assessor(root) and props.last_modified_by == "CT-NAT"
    assert "Azerbaijan" in props.title and props.created.year >= 2024
    with zipfile.ZipFile(path) as z:
        app = z.read("docProps/app.xml").decode()
        assert "<Application>CT-NAT</Application>" in app
        assert "docProps/thumbnail.jpeg" not in z.namelist()
    for value in (props.author, props.last_modified_by, props.comments):
        assert "python-docx" not in (value or "") and "Canny" not in (value or "")


@needs_office
def test_report_pdf_has_contents_whole_words_and_resolving_citations(aze, tmp_path):
    import shutil

    root, path = aze
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    pdf = to_pdf(copy)
    res = check_pdf(pdf, docx=copy, min_pages=30, max_pages=120)
    assert res.ok, res.problems
    assert res.toc_entries >= 20 and len(res.citations) >= 5 and res.citations <= res.sources | res.flagged
    assert res.flagged == {"Aze 16", "Aze 17", "Aze 18", "Aze 21"}  # no line: listed for the assessor
    # the DOCX was updated too: it opens with the contents filled (each heading also listed in the contents)
    with zipfile.ZipFile(copy) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert xml.count("Purpose of the assessment") >= 2 and "Update field" not in xml


@needs_office
def test_the_checker_catches_a_word_broken_in_a_narrow_table(tmp_path):
    doc = Document()
    doc.add_paragraph("Contents")
    t = doc.add_table(rows=2, cols=3)
    t.style = doc.styles["Table Grid"]
    t.autofit = False
    for row, texts in zip(t.rows, (["Item", "Adequate", "Sometimes"], ["x", "n=2", "n=1"])):
        for cell, text in zip(row.cells, texts):
            cell.text = text
            cell.width = Cm(1.0)  # too narrow for "Adequate" at 11 pt
    for col in t.columns:
        col.width = Cm(1.0)
    path = tmp_path / "narrow.docx"
    doc.save(str(path))
    res = check_pdf(to_pdf(path), docx=path, toc=False, bibliography=False)
    assert any("broken across table lines" in p for p in res.problems), res.problems


# ------------------------------------------------------------------ handout and slides
@pytest.fixture(scope="module")
def handout(aze, tmp_path_factory):
    import shutil

    from tests.conftest import build_handout_in

    root = tmp_path_factory.mktemp("handout-documents") / "project"
    shutil.copytree(aze[0], root)  # the shared AZE project stays as built
    return root, build_handout_in(root)


def test_handout_is_a4_in_the_report_font_with_the_country_and_workshop_date(handout):
    root, out = handout
    doc = Document(str(out["handout"]))
    sec = doc.sections[0]
    assert abs(sec.page_width.cm - 21.0) < 0.05 and abs(sec.page_height.cm - 29.7) < 0.05
    assert doc.styles["Normal"].font.name == "Arial"
    text = report_text(doc)
    assert "Azerbaijan" in doc.paragraphs[0].text and "AZE" not in doc.paragraphs[0].text
    assert "25 April 2016" in text
    assert doc.core_properties.author == _assessor(root)


def test_slides_are_a4_with_titles_that_fit_and_the_report_colours(handout):
    root, out = handout
    prs = Presentation(str(out["slides"]))
    assert abs(prs.slide_width.cm - 29.7) < 0.05 and abs(prs.slide_height.cm - 21.0) < 0.05
    titles = [s.shapes.title for s in prs.slides]
    assert "Azerbaijan" in titles[0].text_frame.text and "AZE" not in titles[0].text_frame.text
    assert "25 April 2016" in "\n".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    for t in titles:
        size = t.text_frame.paragraphs[0].runs[0].font.size.pt
        per_line = t.width.cm / (size * 0.55 * 2.54 / 72)
        assert len(t.text_frame.text) <= 2 * per_line, t.text_frame.text
        assert t.left + t.width <= prs.slide_width
    assert prs.core_properties.author == _assessor(root) and prs.core_properties.last_modified_by == "CT-NAT"


def test_workshop_date_comes_from_the_context_never_from_today():
    from ctnat.workshop.handout import workshop_date

    assert workshop_date({"workshop": {"date": "2016-04-25"}}) == "25 April 2016"
    assert "to be set" in workshop_date({})


# ------------------------------------------------------------------ python-docx speed-ups
def _sample_document(remember: bool):
    from ctnat.documents.docx_tools import remember_style_lookups, table
    from ctnat.documents.template import make_template

    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.docx"
        make_template(path)
        doc = Document(str(path))
    if remember:
        remember_style_lookups(doc)
    for level in (1, 2, 1):
        doc.add_heading(f"Heading at level {level}", level=level)
        doc.add_paragraph("Body text", style="Normal")
        doc.add_paragraph("Default style")
    table(doc, ["Code", "Answer"], [["3.1.1", "Yes/no"], ["3.1.2", "A longer answer\nover two lines"]])
    with pytest.raises(KeyError):
        doc.add_paragraph("x", style="No such style")
    return doc


def test_remembered_style_lookups_write_the_same_document():
    plain, fast = _sample_document(False), _sample_document(True)
    assert fast.element.xml == plain.element.xml
    assert [p.style.name for p in fast.paragraphs] == [p.style.name for p in plain.paragraphs]
    assert "Heading 2" in [p.style.name for p in fast.paragraphs]


def test_the_bibliography_counts_citations_in_paragraphs_and_tables_and_lists_unknown_ones(aze):
    from types import SimpleNamespace

    from ctnat.report.annexes import bibliography_annex

    root, _ = aze
    doc = Document()
    doc.add_paragraph("As Aze 3 and Aze 999 record, and as Aze")
    doc.add_paragraph("7 says: a citation cut by a paragraph end does not count.")
    doc.add_table(rows=1, cols=1).rows[0].cells[0].text = "A table cell citing Aze 8."
    missing = bibliography_annex(doc, SimpleNamespace(country="AZE", root=root), "Bibliography")
    assert missing == ["Aze 999"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert re.search(r"\(2 of the \d+ are cited in this report\)", text), text
    assert "Aze 999" in text


def _reference_table(doc, header, rows, font_size=9, total_cm=None):
    """Table rows built cell by cell through python-docx, as docx_tools.table did before it wrote them as XML."""
    from docx.shared import Pt as _Pt

    from ctnat.documents.docx_tools import TABLE_STYLE, _cant_split, _repeat_header, breakable, shade, usable_width_cm
    from docx.enum.table import WD_TABLE_ALIGNMENT

    t = doc.add_table(rows=1, cols=len(header))
    t.style = doc.styles[TABLE_STYLE]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = _Pt(font_size)
    for i, h in enumerate(header):
        c = t.rows[0].cells[i]
        run = c.paragraphs[0].add_run(str(h))
        run.bold = True
        run.font.size = size
        shade(c, "DCE6F0")
    _repeat_header(t.rows[0])
    for r in rows:
        row = t.add_row()
        _cant_split(row)
        for i, v in enumerate(r):
            run = row.cells[i].paragraphs[0].add_run(breakable("" if v is None else str(v)))
            run.font.size = size
    widths = column_widths([str(h) for h in header], rows, font_size, total_cm or usable_width_cm(doc))
    t.autofit = False
    for i, w in enumerate(widths):
        t.columns[i].width = Cm(w)
    for row in t.rows:
        for i, w in enumerate(widths):
            row.cells[i].width = Cm(w)
    return t


def test_tables_written_as_xml_equal_tables_built_cell_by_cell():
    from ctnat.documents.docx_tools import table
    from ctnat.documents.template import make_template

    import tempfile
    from pathlib import Path

    header = ["Code", "Answer", "n", "Note"]
    rows = [["3.1.1", "Yes/no", 3, None],
            ["3.1.2", "Two lines\nof text", 0, "  leading and trailing spaces  "],
            ["A & B <c>", "tab\there", 2.5, "quotes \" and ' and ünïcode – ‘Баку’"],
            ["short row"],
            ["", "", "", "\r\nbreaks\r\n"]]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.docx"
        make_template(path)
        built, reference = Document(str(path)), Document(str(path))
    for size in (9, 8, 8.5):
        table(built, header, rows, font_size=size)
        _reference_table(reference, header, rows, font_size=size)
    assert built.element.xml == reference.element.xml
    with pytest.raises(ValueError, match="5 cells for 4 columns"):
        table(built, header, [["1", "2", "3", "4", "5"]])


def test_every_official_figure_is_labelled_on_its_bar(charts):
    # narrow bars (several sources a year) had their value hidden: plotly hides outside text that would
    # have to shrink below the uniform minimum size, unless the text is allowed to be wider than the bar
    trend = next(c for c in charts if c.name == "statistics_trend")
    bars = [t for t in trend.figure.data if t.type == "bar"]
    assert bars and all(t.constraintext == "none" and t.textposition == "outside" for t in bars)
    assert all(len(t.text) == len(t.y) and all(str(x).strip() for x in t.text) for t in bars)
    assert "more than 13,000" in [x for t in bars for x in t.text]  # a qualified figure keeps its words


PATH_OR_PLACEHOLDER = re.compile(r"data/raw/|data/processed/|<ISO3>|<area>|<n>")


def test_no_file_path_or_template_placeholder_reaches_the_report_or_the_handout(aze, handout):
    """A reader gets words, not the project's folders or a template's angle brackets (the
    statistics caption, the to-confirm note, the rubric's override rule and the handout's
    numbering note each printed one)."""
    found = []
    for name, path in (("report", aze[1]), ("handout", handout[1]["handout"])):
        text = report_text(Document(str(path))).replace("\u200b", "")  # break opportunities inside paths
        found += [f"{name}: {line.strip()[:120]}" for line in text.splitlines() if PATH_OR_PLACEHOLDER.search(line)]
    assert found == []
