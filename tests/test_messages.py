"""Words live in one layer: sentences in the gettext catalogue (ctnat/locale), labels
in the instruments, counts from the instruments. These tests hold the catalogue in
step with the code, show the helpers' locale-aware output, and add a 26th indicator
by YAML alone to see every count of the report follow."""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from ctnat import problems
import yaml
from babel.messages.pofile import read_po

from ctnat import messages as M
from ctnat.messages import _, format_date, format_list, format_number, format_percent, ngettext, number_word

from .conftest import REPO, copy_country


# ---------------------------------------------------------------- the catalogue files
def _msgids(catalog) -> set:
    return {m.id for m in catalog if m.id}


def test_the_template_holds_exactly_the_messages_the_code_marks():
    """A message added in code without `python -m ctnat.messages` (or one left in the
    catalogue after its code is gone) fails here."""
    with M.POT.open("rb") as f:
        in_file = _msgids(read_po(f))
    in_code = _msgids(M.extract())
    assert in_code - in_file == set(), "run `python -m ctnat.messages` to add these to ctnat/locale/messages.pot"
    assert in_file - in_code == set(), "run `python -m ctnat.messages` to drop these from ctnat/locale/messages.pot"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_language_catalogue_has_every_message_of_the_template(lang):
    with M.POT.open("rb") as f:
        template = _msgids(read_po(f))
    po = M.LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    assert _msgids(catalog) == template


def _placeholders(text: str) -> list:
    return sorted(set(re.findall(r"\{[^{}]*\}", text)))


def test_every_russian_message_is_translated_with_the_placeholders_of_its_english_id():
    """An empty msgstr would print English in a Russian document; a placeholder lost or renamed in
    translation would drop a figure (or raise KeyError). Plurals need Russian's three forms."""
    po = M.LOCALE_DIR / "ru" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        catalog = read_po(f, locale="ru")
    assert catalog.num_plurals == 3
    empty, wrong = [], []
    for m in catalog:
        if not m.id:
            continue
        if isinstance(m.id, str):
            forms, english = [m.string], _placeholders(m.id)
        else:
            forms, english = list(m.string), _placeholders(m.id[1])
        if len(forms) != (3 if not isinstance(m.id, str) else 1) or not all(str(f or "").strip() for f in forms):
            empty.append(m.id)
        elif any(_placeholders(f) not in (english, _placeholders(m.id if isinstance(m.id, str) else m.id[0]))
                 for f in forms):
            wrong.append((m.id, forms))
    assert empty == [], f"{len(empty)} Russian messages untranslated, e.g. {empty[:3]}"
    assert wrong == [], f"placeholders differ from the English id: {wrong[:3]}"


def test_a_message_inside_another_messages_arguments_reaches_the_catalogue(tmp_path):
    """``_("… {list}", list=", ".join(_("{a} ({n})", …) for …))``: Babel alone misses the inner one."""
    (tmp_path / "m.py").write_text('_("Outer {x}.", x=", ".join(ngettext("{n} inner", "{n} inners", k) for k in ks))\n',
                                   encoding="utf-8")
    ids = {m.id for m in M.extract(tmp_path) if m.id}
    assert "Outer {x}." in ids and ("{n} inner", "{n} inners") in ids


def test_the_catalogue_is_read_from_the_po_file_without_a_compile_step(tmp_path, monkeypatch):
    """A translation written into a .po is used at once (no .mo to build)."""
    locale = tmp_path / "locale"
    shutil.copytree(M.LOCALE_DIR, locale)
    po = locale / "ru" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    text = re.sub(r'msgid "Interviews"\nmsgstr "[^"]*"', 'msgid "Interviews"\nmsgstr "Интервью (правка)"', text)
    text = re.sub(r'msgid "Survey respondents"\nmsgstr "[^"]*"', 'msgid "Survey respondents"\nmsgstr ""', text)
    text = re.sub(r'(msgid "\{n\} man"\nmsgid_plural "\{n\} men"\n)msgstr\[0\] "[^"]*"\nmsgstr\[1\] "[^"]*"\n'
                  r'msgstr\[2\] "[^"]*"',
                  r'\1msgstr[0] "{n} мужчина"\nmsgstr[1] "{n} мужчины"\nmsgstr[2] "{n} мужчин"', text)
    po.write_text(text, encoding="utf-8")
    monkeypatch.setattr(M, "LOCALE_DIR", locale)
    M._translations.cache_clear()
    try:
        with M.language("ru"):
            assert _("Interviews") == "Интервью (правка)"
            assert [ngettext("{n} man", "{n} men", n) for n in (1, 3, 5, 21)] == [
                "1 мужчина", "3 мужчины", "5 мужчин", "21 мужчина"]
            assert _("Survey respondents") == "Survey respondents"  # untranslated: the English id
        assert _("Interviews") == "Interviews"
    finally:
        M._translations.cache_clear()


# ---------------------------------------------------------------- the helpers
def test_english_plurals_numbers_dates_and_lists():
    assert [ngettext("{n} interview", "{n} interviews", n) for n in (0, 1, 2)] == [
        "0 interviews", "1 interview", "2 interviews"]
    assert ngettext("{n} person", "{n} people", 1200) == "1,200 people"
    assert format_number(25) == "25"
    assert format_percent(0.425) == "42%" and format_percent(1) == "100%"
    assert format_date("2016-01-03") == "3 January 2016"
    assert format_date(dt.date(2024, 11, 20)) == "20 November 2024"
    assert format_date("spring 2016") == "spring 2016"
    assert format_list(["a"]) == "a"
    assert format_list(["a", "b", "c"]) == "a, b and c"
    assert format_list(["prevention", "cooperation and coordination"], serial=True) == (
        "prevention and cooperation and coordination")
    assert format_list(["a", "b", "cooperation and coordination"], serial=True) == (
        "a, b, and cooperation and coordination")
    assert number_word(5) == "five" and number_word(12) == "12"
    assert format_list(["a", "b", "c"], style="or") == "a, b or c"
    assert [format_number(x, decimals=2) for x in (0.5, 0.625, 0.675, 1234.5)] == ["0.50", "0.62", "0.68", "1,234.50"]
    assert _("{label} (n={n})", label="State", n=3) == "State (n=3)"


def test_russian_formats_numbers_dates_and_lists_its_own_way():
    with M.language("ru"):
        assert format_number(1234) == "1\xa0234"
        assert format_date("2016-01-03") == "3 января 2016\u202fг."
        assert format_list(["a", "b", "c"]) == "a, b и c"


# ---------------------------------------------------------------- no prose outside the catalogue
SCANNED = ["ctnat/report", "ctnat/documents", "ctnat/workshop", "ctnat/charts", "ctnat/nap/run.py",
           "ctnat/plan/workbook.py", "ctnat/plan/lint.py", "ctnat/plan/recommendations.py", "ctnat/style.py",
           "ctnat/nap/analyse.py", "ctnat/analysis/profiles.py", "ctnat/confidentiality", "ctnat/recommend/draft.py",
           "ctnat/recommend/run.py", "ctnat/portal/jobs.py", "ctnat/build.py", "ctnat/consistency"]
# Modules left out, so that the list only shrinks: pdf_check.py reports to the developer what it finds
# in a PDF and looks for the contents placeholder's English words.
NOT_YET = {"ctnat/report/pdf_check.py"}
# Calls whose string arguments are not document text: errors, progress lines, styles, XML.
NOT_PROSE_CALLS = {"Problem", "say", "progress", "print", "get_or_add_style", "qn", "OxmlElement", "parse_xml"} | {
    name for name, obj in vars(problems).items() if isinstance(obj, type) and issubclass(obj, problems.CtnatError)}
PROSE = re.compile(r"[A-Za-z]+ [a-z]+")  # a word followed by a lower-case word: a phrase


def _prose_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exempt: set[int] = set()  # ids of string nodes that are fine where they stand

    def mark(node):
        for sub in ast.walk(node):
            if isinstance(sub, ast.Constant):
                exempt.add(id(sub))

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in ("_", "ngettext", "N_") or name in NOT_PROSE_CALLS:
                mark(node)
            for kw in node.keywords:  # style="List Bullet", …; a stage's doc= is its line in progress and help
                if kw.arg in ("style", "encoding", "errors", "doc"):
                    mark(kw.value)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                exempt.add(id(body[0].value))  # docstrings
        elif isinstance(node, ast.Raise):
            mark(node)
        elif isinstance(node, ast.Subscript):
            mark(node.slice)  # r["option_label"], styles["List Bullet"]
        elif isinstance(node, ast.Compare):
            mark(node)  # "Title" in styles
    out = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in exempt
                and PROSE.search(node.value)):
            out.append((node.lineno, node.value))
    return out


def _scanned_files() -> list[Path]:
    files = []
    for entry in SCANNED:
        p = REPO / entry
        files += sorted(p.rglob("*.py")) if p.is_dir() else [p]
    return [f for f in files if str(f.relative_to(REPO)) not in NOT_YET]


# Non-prose strings that look like phrases: XML, plotly settings, a command, and the plan
# stage's status code that the workbook reads back.
ALLOWED = {
    '<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="', '<w:r><w:rPr><w:sz w:val="',
    '<w:tr><w:trPr><w:cantSplit w:val="true"/></w:trPr>', "category ascending", "make plan COUNTRY=", "gap closed",
    # the published-text lint's rule names and locations: what a developer reads in a failing test, never a document
    "criterion code", "raw date", "first-page header", "first-page footer", "sheet name",
    r"\[[^\]]*\b(?:write|TODO|TBD|fill in)\b[^\]]*\]|\{[^{}\s]*\}|%\(?\w*\)?[sd]\b|\bTODO\b|\bXXX\b|\bFIXME\b",
}


def test_report_workshop_and_chart_modules_hold_no_english_sentences():
    """Document text is marked for the catalogue (``_``/``ngettext``/``N_``) or comes from the
    instruments; a literal English phrase added back to these modules fails here."""
    found = [f"{f.relative_to(REPO)}:{line}: {text!r}" for f in _scanned_files()
             for line, text in _prose_literals(f) if text not in ALLOWED]
    assert found == []


def test_the_scan_finds_a_sentence_written_as_a_literal(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('def f(doc):\n    doc.add_paragraph("No gaps were identified in this area.")\n'
                   '    doc.add_paragraph(_("This one is marked."))\n', encoding="utf-8")
    assert _prose_literals(bad) == [(2, "No gaps were identified in this area.")]


# ---------------------------------------------------------------- counts follow the instruments
def _add_indicator(instruments: Path) -> None:
    """A 26th indicator, 5.6, with its four criteria and evidence map entries, by YAML alone."""
    path = instruments / "indicators.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["indicators"].append({
        "id": "5.6", "area": "5",
        "title": {"en": "Regional data exchange on trafficking cases",
                  "ru": "Региональный обмен данными по делам о торговле людьми"},
        "criteria": {"fw1": {"en": "A data exchange agreement with neighbouring States is in place",
                             "ru": "Действует соглашение об обмене данными с соседними государствами"},
                     "fw2": {"en": "The agreement sets out what is exchanged, by whom and how often",
                             "ru": "Соглашение определяет, какие данные, кем и как часто передаются"},
                     "op1": {"en": "Data are exchanged as the agreement sets out",
                             "ru": "Обмен данными ведётся так, как предусмотрено соглашением"},
                     "op2": {"en": "Exchanged data inform joint operations and policy",
                             "ru": "Полученные данные используются в совместных операциях и политике"}},
        "asks": {"fw1": "exists", "fw2": "documented", "op1": "used", "op2": "used"}})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path = instruments / "evidence_map.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["criteria"] += [{"indicator": "5.6", "criterion": c, "survey": [], "interview": [],
                          "note": "desk review of data exchange agreements"} for c in ("fw1", "fw2", "op1", "op2")]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path = instruments / "plan.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["objectives"]["5.6"] = data["objectives"]["5.5"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    parts += [doc.core_properties.subject or "", doc.core_properties.title or ""]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def aze26(tmp_path_factory):
    from ctnat.build import build_country

    root = tmp_path_factory.mktemp("aze26") / "project"
    shutil.copytree(REPO / "instruments", root / "instruments")
    shutil.copytree(REPO / "report_templates", root / "report_templates")
    _add_indicator(root / "instruments")
    copy_country(root, "AZE")
    build_country("AZE", root=root, until="report")
    return root


def test_the_portal_step_of_the_score_stage_counts_the_indicators_of_the_instruments():
    from types import SimpleNamespace

    from ctnat.build import stage, step_name
    from ctnat.instruments import load_instruments

    assert step_name(stage("score"), load_instruments(REPO / "instruments")) == "Scoring the 25 indicators"
    assert step_name(stage("score"), SimpleNamespace(indicators=SimpleNamespace(indicators=[None] * 26))) == (
        "Scoring the 26 indicators")
    assert step_name(stage("ingest"), load_instruments(REPO / "instruments")) == (
        "Reading and checking the received files")


# "against 26 indicators", "the 26 indicators", "the 104 criteria": the whole set, counted
WHOLE = re.compile(r"\b(?:against|the) (\d+) (indicators|criteria)\b")


def test_a_26th_indicator_added_by_yaml_alone_is_counted_everywhere_in_the_report(aze26):
    text = _docx_text(aze26 / "analysis" / "AZE" / "AZE_assessment_report.docx")
    counts = WHOLE.findall(text)
    assert len(counts) >= 6  # subtitle, properties, purpose, NAP paragraph and chart, the scores' limitation
    assert set(counts) == {("26", "indicators"), ("104", "criteria")}, counts
    assert "against 26 indicators in five areas" in text
    assert "Assessment of the response to trafficking in human beings against 26 indicators" in text
    assert "5.6 Regional data exchange on trafficking cases" in text
    assert not re.search(r"\b(25|100) (indicators|criteria)\b", text)
