"""Numbers that agree: one rule for counts and percentages (a figure about people is a
count, its percentage beside it only from the rubric's ``percent_min_base`` up), ties and
ranges said as such, and a "more than" figure drawn as a lower bound."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ctnat import catalogue
from ctnat.charts.figures import sex_chart
from ctnat.charts.statistics import statistics_charts
from ctnat.documents.published_text import passages
from ctnat.instruments import load_instruments
from ctnat.messages import format_range, label, share_beside
from ctnat.plan.framework import Assessment, _evidence_basis, _survey_baseline
from ctnat.report.annexes import numbers_rule
from ctnat.workshop.handout import key_survey_results

INST = load_instruments()
MB = INST.rubric.percent_min_base


# ------------------------------------------------------------------ the rule, in the instruments and one helper
def test_a_count_of_people_shows_its_percentage_only_from_the_rubric_s_base_up():
    assert MB == 20
    assert [share_beside(4, 7, MB), share_beside(9, 19, MB)] == ["", ""]
    assert [share_beside(10, 20, MB), share_beside(24, 40, MB)] == [" (50%)", " (60%)"]
    # answers pooled over statements count their people: 28 answers from 7 respondents are a base of 7
    assert share_beside(13, 28, MB, people=7) == "" and share_beside(30, 60, MB, people=20) == " (50%)"


def test_the_limitations_state_the_rule_from_the_instrument():
    sentence = numbers_rule(INST.rubric)
    assert "its percentage is given beside the count only when 20 or more people stand behind it" in sentence
    assert "a percentage never stands alone" in sentence and "scores are the share of assessed criteria met" in sentence
    # a changed instrument is a changed sentence
    assert "only when 50 or more people" in numbers_rule(INST.rubric.model_copy(update={"percent_min_base": 50}))


def _assessment(rows: list[dict]) -> Assessment:
    return Assessment(gaps=pd.DataFrame(), scores=pd.DataFrame(), recommendations={},
                      favourability=pd.DataFrame(rows))


def test_a_results_framework_baseline_on_seven_respondents_is_a_count():
    a = _assessment([{"question": "3.1.5", "n_valid": "7", "favourable": "4"}])
    assert _survey_baseline(a, ["3.1.5"], MB) == "Survey: 4 of 7 answers favourable — question 3.1.5 (n=7)."
    # 28 answers pooled over four statements, from 7 respondents: still a count
    a = _assessment([{"question": q, "n_valid": "7", "favourable": "3"} for q in ("3.1.3", "3.1.4", "3.1.5", "3.1.6")])
    assert _survey_baseline(a, ["3.1.3", "3.1.4", "3.1.5", "3.1.6"], MB).startswith(
        "Survey: 12 of 28 answers pooled over items favourable — ")
    a = _assessment([{"question": "3.1.5", "n_valid": "30", "favourable": "12"},
                     {"question": "3.1.6", "n_valid": "20", "favourable": "8"}])
    assert _survey_baseline(a, ["3.1.5", "3.1.6"], MB) == (
        "Survey: 20 of 50 answers pooled over items favourable (40%) — question 3.1.5 (n=30), question 3.1.6 (n=20).")
    row = {"desk_signal": "", "survey_signal": "partly_met", "survey_n": "13", "survey_favourable": "8"}
    assert _evidence_basis(row, str, MB) == "survey: 8 of 13 favourable"


def test_the_sex_donut_prints_counts_and_a_share_only_from_the_base_up():
    small = sex_chart(2, 7, "Sex", "source", "interview_sex", MB).figure.data[0]
    assert small.textinfo == "text" and list(small.text) == ["Men<br>2", "Women<br>7"]
    large = sex_chart(12, 13, "Sex", "source", "interview_sex", MB).figure.data[0]
    assert list(large.text) == ["Men<br>12 (48%)", "Women<br>13 (52%)"]


# ------------------------------------------------------------------ ties and ranges
def _items(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame([{"question": q, "n_valid": n, "favourable": f, "unfavourable": u} for q, n, f, u in rows])


def _lines(rows: list[tuple]) -> list[str]:
    return key_survey_results(_items(rows), INST, INST.rubric.survey.min_n, MB)


def test_the_handout_says_a_tie_as_a_tie():
    lines = _lines([("3.1.1", 6, 5, 1), ("3.1.2", 6, 5, 0), ("3.1.3", 6, 2, 3), ("3.1.4", 6, 1, 3),
                    ("3.1.5", 6, 1, 2)])
    f = {q: label(INST.survey.field(q).text) for q in ("3.1.1", "3.1.2", "3.1.3", "3.1.4", "3.1.5")}
    assert lines == [
        f"Most favourable, tied at 5 of 6 valid answers favourable each: 3.1.1 {f['3.1.1']}; 3.1.2 {f['3.1.2']}",
        f"Least favourable, tied at 3 of 6 valid answers unfavourable each: 3.1.3 {f['3.1.3']}; 3.1.4 {f['3.1.4']}"]
    # a tie on the share from different numbers of answers gives each its count
    assert _lines([("3.1.1", 6, 3, 0), ("3.1.2", 4, 2, 0), ("3.1.3", 6, 1, 1)])[0] == (
        f"Most favourable, tied: 3.1.1 {f['3.1.1']} — 3 of 6 valid answers favourable; "
        f"3.1.2 {f['3.1.2']} — 2 of 4 valid answers favourable")
    lines = _lines([("3.1.1", 6, 5, 1), ("3.1.2", 6, 4, 0), ("3.1.3", 6, 2, 3), ("3.1.4", 6, 1, 2)])
    assert [line.split(" — ")[0] for line in lines] == [
        f"Most favourable: 3.1.1 {f['3.1.1']}", f"Next most favourable: 3.1.2 {f['3.1.2']}",
        f"Least favourable: 3.1.3 {f['3.1.3']}", f"Next least favourable: 3.1.4 {f['3.1.4']}"]


def test_a_statement_nobody_answered_unfavourably_is_never_called_least_favourable():
    # every respondent answered the middle option of 3.1.2 and 3.1.3: neither favourable nor unfavourable
    lines = _lines([("3.1.1", 6, 4, 0), ("3.1.2", 6, 0, 0), ("3.1.3", 6, 0, 0)])
    assert not any("Least favourable" in line or "0 of 6" in line for line in lines)
    assert lines == [lines[0], "No statement in this area drew an unfavourable answer."]
    assert _lines([("3.1.2", 6, 0, 0), ("3.1.3", 5, 0, 0)]) == [
        "No statement in this area drew a favourable answer.",
        "No statement in this area drew an unfavourable answer."]


def test_a_range_with_equal_ends_is_one_number():
    assert format_range("6", "6") == "6"
    assert format_range("12,000", "30,000") == "12,000–30,000"


# ------------------------------------------------------------------ "more than" drawn as a lower bound
def test_a_more_than_figure_is_drawn_hatched(project):
    header = ("metric,year,period,source,value,qualifier,sex,age_group,nationality,form_of_exploitation,provider,"
              "agency,assistance_type,note,seed_lines,label,unit,kind,small_cell,source_row")
    rows = ["victims_identified,2014,,Ministry,54,,,,,,,,,,,Victims identified,persons,number,False,2",
            "victims_identified,2015,,Ministry,13000,more than,,,,,,,,,,Victims identified,persons,number,False,3"]
    path = catalogue.path("statistics", "XYZ", project)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    (chart,) = statistics_charts("XYZ", project)
    (bar,) = [t for t in chart.figure.data if t.type == "bar"]
    shapes = dict(zip(bar.x, bar.marker.pattern.shape))
    assert shapes == {"2014": "", "2015": "/"}  # the lower bound hatched, the exact figure plain
    assert list(bar.text) == ["54", "more than 13,000"]
    assert any("hatched bars" in (a.text or "") for a in chart.figure.layout.annotations)  # and says so


# ------------------------------------------------------------------ what the bundled countries publish
COUNT_WITH_SHARE = re.compile(r"(\d[\d,]*)\s*(?:of|/)\s*(\d[\d,]*)\b[^()%\n]{0,80}?\(\d+(?:\.\d+)?\s?%\)")
EQUAL_RANGE = re.compile(r"\b[Bb]etween (\d[\d,]*) and \1\b|(?<![\d.,])(\d[\d,]*)\s?[–-]\s?\2(?![\d.,])")


@pytest.mark.parametrize("country", ["AZE", "ARM", "GEO"])
def test_no_published_document_gives_a_share_of_a_small_base_or_an_empty_range(bundled_documents, country):
    found = []
    for doc in bundled_documents[country]:
        for p in passages(doc):
            text = p.text.replace("\u200b", "")
            for m in COUNT_WITH_SHARE.finditer(text):
                if int(m.group(2).replace(",", "")) < MB:
                    found.append(f"{doc.name} {p.location}: {m.group(0)}")
            found += [f"{doc.name} {p.location}: {m.group(0)}" for m in EQUAL_RANGE.finditer(text)]
            if re.search(r"[Ll]east favourable\W[^.\n]*\b0 of \d", text):
                found.append(f"{doc.name} {p.location}: {text[:120]}")
    assert found == []
