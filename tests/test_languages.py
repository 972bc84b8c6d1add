"""Documents in another language from the same data (issue 26): ``ctnat build --lang ru`` writes
the drafting, charts and documents to ``analysis/<ISO3>/ru/`` from the one ingest, scoring and set
of tables; a build in one language never makes the other's out of date; the assessor's narrative is
taken per language and an English-only section is marked, never mixed in; dates and numbers are
written the Russian way."""

from __future__ import annotations

import shutil

import pytest

from ctnat import catalogue
from ctnat.messages import format_date, format_month, format_number, format_percent, language, translate_label

DOCUMENTS = ("{c}_assessment_report.docx", "{c}_workshop_handout.docx", "{c}_workshop_slides.pptx",
             "{c}_workshop_worksheet.docx", "{c}_results_framework.xlsx")


# ------------------------------------------------------------------ where each language's files go
def test_a_per_language_table_of_another_language_lives_in_its_folder_and_the_shared_tables_stay(tmp_path):
    a = tmp_path / "analysis" / "AZE"
    assert catalogue.path("assessment_report", "AZE", tmp_path) == a / "AZE_assessment_report.docx"
    with language("ru"):
        assert catalogue.path("assessment_report", "AZE", tmp_path) == a / "ru" / "AZE_assessment_report.docx"
        assert catalogue.path("results_framework", "AZE", tmp_path) == a / "ru" / "AZE_results_framework.xlsx"
        assert catalogue.path("report_charts", "AZE", tmp_path) == a / "ru" / "charts" / "report_charts.json"
        assert catalogue.path("recommendations", "AZE", tmp_path) == a / "ru" / "recommendations.csv"
        # one ingest, one scoring, one set of tables for every language
        assert catalogue.path("scores", "AZE", tmp_path) == a / "scores.csv"
        assert catalogue.path("respondents", "AZE", tmp_path) == tmp_path / "data" / "processed" / "AZE" / \
            "respondents.csv"
    assert catalogue.path("recommendations", "AZE", tmp_path, lang="ru") == a / "ru" / "recommendations.csv"


def test_only_the_drafting_charts_and_documents_are_tasks_per_language():
    from ctnat.build import STAGES

    per_language = {s.name: s.task_name("ru") for s in STAGES if s.task_name("ru") != s.name}
    assert per_language == {"charts": "charts:ru", "recommend": "recommend:ru", "consistency": "consistency:ru",
                            "plan": "plan:ru", "report": "report:ru", "workshop_charts": "workshop_charts:ru",
                            "handout": "handout:ru"}
    assert {s.language("ru") for s in STAGES if s.name in ("ingest", "code", "analyse", "score")} == {"en"}
    assert all(s.task_name("en") == s.name for s in STAGES)


def test_a_language_the_documents_are_not_written_in_is_refused_with_the_languages(tmp_path):
    from ctnat.build import build_country
    from ctnat.problems import UsageError

    with pytest.raises(UsageError, match="'xx' is not a language of the documents; the languages are: en, ru"):
        build_country("AZE", root=tmp_path, lang="xx")


# ------------------------------------------------------------------ dates and numbers
def test_dates_and_numbers_are_written_the_russian_way():
    with language("ru"):
        assert format_date("2026-12-07") == "7 декабря 2026\u202fг."
        assert format_month("2016-04-25") == "апрель 2016\u202fг."
        assert format_number(13216) == "13\xa0216"
        assert format_number(57.1) == "57,1"
        assert format_number(0.5, decimals=2) == "0,50"
        assert format_percent(0.45) == "45\xa0%"
    assert (format_date("2026-12-07"), format_number(13216), format_number(57.1)) == ("7 December 2026", "13,216",
                                                                                         "57.1")


def test_a_label_a_shared_stage_stored_in_english_is_read_in_the_documents_language(repo):
    from ctnat.instruments import load_instruments

    inst = load_instruments(repo / "instruments")
    option = next(o for f in inst.survey.fields for o in f.options if o.label.get("ru"))
    with language("ru"):
        assert translate_label(option.en) == option.label["ru"]
        assert translate_label("a text no instrument or message has") == "a text no instrument or message has"
    assert translate_label(option.en) == option.en


def test_a_shared_tables_words_are_given_in_the_language_read_in(tmp_path, repo):
    import pandas as pd

    from ctnat.instruments import load_instruments

    inst = load_instruments(repo / "instruments")
    option = next(o for f in inst.survey.fields for o in f.options if o.label.get("ru"))
    catalogue.write("respondent_profile", pd.DataFrame([{"dimension": "sex", "code": option.code,
                                                          "label": option.en, "count": "3"}]), "AZE", tmp_path)
    assert catalogue.read("respondent_profile", "AZE", tmp_path)["label"].tolist() == [option.en]
    with language("ru"):
        assert catalogue.read("respondent_profile", "AZE", tmp_path)["label"].tolist() == [option.label["ru"]]


# ------------------------------------------------------------------ the narrative per language
def test_the_narrative_part_is_the_languages_own_else_marked_as_english_only(tmp_path):
    from ctnat.report.narrative import narrative_part

    n = tmp_path / "analysis" / "AZE" / "narrative"
    (n / "ru").mkdir(parents=True)
    (n / "area1.md").write_text("English", encoding="utf-8")
    (n / "area2.md").write_text("English", encoding="utf-8")
    (n / "ru" / "area2.md").write_text("Русский", encoding="utf-8")
    assert narrative_part("AZE", tmp_path, "area1") == (n / "area1.md", "own")
    assert narrative_part("AZE", tmp_path, "area3") == (None, "missing")
    with language("ru"):
        assert narrative_part("AZE", tmp_path, "area1") == (n / "area1.md", "base_only")
        assert narrative_part("AZE", tmp_path, "area2") == (n / "ru" / "area2.md", "own")
        assert narrative_part("AZE", tmp_path, "area3") == (None, "missing")


# ------------------------------------------------------------------ the bundled AZE in both languages
@pytest.fixture(scope="module")
def both(aze_in_both_languages):
    return aze_in_both_languages


def test_make_report_handout_plan_in_russian_write_the_five_documents_in_the_ru_folder(both):
    root, ran, _before, _after = both
    ru = root / "analysis" / "AZE" / "ru"
    assert sorted(p.name for p in ru.iterdir() if p.suffix in (".docx", ".pptx", ".xlsx")) == \
        sorted(d.format(c="AZE") for d in DOCUMENTS)
    assert (ru / "charts" / "report_charts.json").exists()
    # one ingest, one scoring: the Russian build ran only the drafting, charts and documents
    assert set(ran["ru report"]) == {"charts", "recommend", "consistency", "plan", "report"}
    assert set(ran["ru handout"]) == {"workshop_charts", "handout"}


def test_a_build_in_one_language_never_makes_the_others_out_of_date(both):
    _root, ran, before, after = both
    assert {k: v for k, v in ran.items() if k.startswith("en")} == {"en report": [], "en plan": [], "en handout": []}
    assert {k: v for k, v in ran.items() if k.startswith("ru again")} == \
        {"ru again report": [], "ru again plan": [], "ru again handout": []}
    assert after == before  # the English files untouched by the Russian build


def test_an_english_only_narrative_is_listed_for_the_assessor_and_kept_out_of_the_final_russian_report(both):
    from docx import Document

    from ctnat.build import awaiting_assessor

    root, _ran, _b, _a = both
    waiting = awaiting_assessor("AZE", root, lang="ru")
    assert len(waiting) == 6  # the bundled AZE narrative is written in English only
    assert {p.parent for _s, p in waiting} == {root / "data" / "raw" / "AZE" / "narrative" / "ru"}
    assert awaiting_assessor("AZE", root) == []
    english = (root / "data" / "raw" / "AZE" / "narrative" / "area1.md").read_text(encoding="utf-8")
    sentence = max((line.strip() for line in english.splitlines() if not line.startswith("#")), key=len)[:60]
    ru_text = "\n".join(p.text for p in Document(str(root / "analysis/AZE/ru/AZE_assessment_report.docx")).paragraphs)
    en_text = "\n".join(p.text for p in Document(str(root / "analysis/AZE/AZE_assessment_report.docx")).paragraphs)
    assert sentence in en_text and sentence not in ru_text


def test_in_a_russian_draft_an_english_only_section_is_shown_under_a_note_and_a_russian_one_is_printed(both,
                                                                                                       tmp_path):
    from docx import Document

    from ctnat.build import awaiting_assessor, build_country

    root = tmp_path / "project"
    shutil.copytree(both[0], root)
    raw = root / "data" / "raw" / "AZE" / "narrative"
    (raw / "ru").mkdir()
    (raw / "ru" / "situation.md").write_text("Положение в стране описано оценщиком по-русски.\n", encoding="utf-8")
    result = build_country("AZE", root=root, until="report", lang="ru", draft=True)
    assert "narrative" in result["ran"] and "report" in result["ran"]
    text = "\n".join(p.text for p in Document(str(root / "analysis/AZE/ru/AZE_assessment_report.docx")).paragraphs)
    assert "Положение в стране описано оценщиком по-русски." in text
    notes = [line for line in text.splitlines() if line.startswith("[")]
    assert len(notes) == 5  # the five areas, whose text exists only in English
    english = (raw / "area1.md").read_text(encoding="utf-8")
    sentence = max((line.strip() for line in english.splitlines() if not line.startswith("#")), key=len)[:60]
    assert sentence in text  # shown to the assessor, to be translated
    assert len(awaiting_assessor("AZE", root, lang="ru")) == 5


def test_a_number_a_table_stored_is_written_in_the_documents_language_with_its_decimals():
    from ctnat.messages import format_stored

    with language("ru"):
        assert [format_stored(x) for x in ("2.0", "2.33", "13216", "R1.1", "")] == ["2,0", "2,33", "13\xa0216",
                                                                                    "R1.1", ""]
    assert [format_stored(x) for x in ("2.0", "13216")] == ["2.0", "13216"]


# ------------------------------------------------------------------ the words come from the catalogue
class StandIn:
    """A Russian catalogue standing in for the real one (whose translations are filled elsewhere):
    the messages given, the English id for the others."""

    def __init__(self, words: dict[str, str]):
        self.words = words

    def gettext(self, msgid: str) -> str:
        return self.words.get(msgid, msgid)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.words.get(singular if n == 1 else plural, singular if n == 1 else plural)


@pytest.fixture
def russian_words(monkeypatch):
    from ctnat import messages

    def use(words: dict[str, str]) -> None:
        real = messages._translations
        monkeypatch.setattr(messages, "_translations", lambda lang: StandIn(words) if lang == "ru" else real(lang))
    return use


def test_the_workbook_is_written_in_its_language_and_read_back_in_any(tmp_path, russian_words):
    import openpyxl

    from ctnat.ingest.plan_workbook import read_workbook
    from ctnat.plan import check_workbook

    from .test_plan import _bad_workbook

    russian_words({"NAP activities": "Мероприятия НПД", "MEL plan": "План МОО", "Checks": "Проверки",
                   "Id": "№", "Activity": "Мероприятие", "area {n}": "область {n}", "missing": "отсутствует"})
    path = tmp_path / "ru.xlsx"
    with language("ru"):
        _bad_workbook(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:3] == ["Мероприятия НПД", "План МОО", "Проверки"]
    assert [c.value for c in book["Мероприятия НПД"][2]][:6] == ["№", "Area", "Operational objective",
                                                                  "Criteria (gaps)", "Key measure", "Мероприятие"]
    assert book["Мероприятия НПД"]["A3"].value == "область 1"
    sheets, problems, _meta = read_workbook(path)
    assert problems == []
    assert [r["id"] for r in sheets["NAP activities"] if not r["_group"]] == ["1.4.1", "1.4.2", "1.4.3"]
    findings, problems = check_workbook(path)  # the lint reads a Russian workbook as it reads an English one
    assert not problems and ("1.4.2", "missing_date") in {(f.id, f.check) for f in findings}


def test_the_templates_own_words_are_in_the_documents_language(tmp_path, russian_words):
    from ctnat.documents.template import make_template, open_template

    russian_words({"Page {page} of {pages}": "Стр. {page} из {pages}",
                   "{country} — counter-trafficking needs assessment (draft)":
                       "{country} — оценка потребностей в сфере противодействия торговле людьми (проект)"})
    from ctnat.documents.template import template_path

    make_template(template_path(tmp_path))  # made in English, as the project's template is
    english = open_template(tmp_path)
    with language("ru"):
        russian = open_template(tmp_path)
    footer = [r.text for r in russian.sections[0].footer.paragraphs[0].runs if r.text.strip()]
    assert footer[0] == "Стр. " and " из " in footer
    assert russian.sections[0].header.paragraphs[0].text == \
        "{{country_name}} — оценка потребностей в сфере противодействия торговле людьми (проект)"
    assert english.sections[0].header.paragraphs[0].text == \
        "{{country_name}} — counter-trafficking needs assessment (draft)"


def test_a_caption_is_numbered_in_the_documents_language(russian_words):
    from docx import Document

    from ctnat.documents.docx_tools import caption

    russian_words({"Table {n}": "Таблица {n}", "Figure {n}": "Рисунок {n}"})
    doc = Document()
    with language("ru"):
        assert caption(doc, "Официальная статистика") == "Таблица 1"
        assert caption(doc, "Роли респондентов", kind="Figure") == "Рисунок 1"
    assert caption(doc, "Official statistics") == "Table 2"
    assert [p.text for p in doc.paragraphs] == ["Таблица 1. Официальная статистика", "Рисунок 1. Роли респондентов",
                                                "Table 2. Official statistics"]
