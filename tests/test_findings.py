"""The area chapters argue each indicator, and the recommendations say why and which
findings they answer (ctnat/report/findings.py, ctnat/report/recommendations.py)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from docx import Document

from ctnat.report.findings import (Criterion, FindingsIndex, TableNumbers, Voices, documents_paragraph,
                                   interviews_sentence, overall_sentence, published_fact, reason, survey_sentence)
from ctnat.report.recommendations import Rationale

LABELS = {"met": "Met", "partly_met": "Partly met", "not_met": "Not met", "insufficient_evidence": "Insufficient evidence"}
CODE_RX = re.compile(r"\b\d+\.\d+\.(?:fw|op)\d\b|\b(?:fw|op)\d\b|\b[a-z]+_[a-z_]+\b")


def status_label(s):
    return LABELS[s]


def crit(code="op1", status="partly_met", rule="R3", **kw) -> Criterion:
    return Criterion(code=code, text="Formal processes are consistently used", status=status, rule=rule, **kw)


def test_dissent_between_stakeholder_groups_is_said_as_dissent():
    v = Voices(interviews=3, supporting=2, critical=2, by_group={"state": (2, 0), "ngo": (0, 2)})
    text = interviews_sentence(v, 14)
    assert text.startswith("3 of the 14 interviews spoke to it: 2 remarks were positive and 2 critical.")
    assert ("Views divided by who spoke: interviewees from State agencies were mostly positive, whereas "
            "interviewees from civil society were mostly critical.") in text


def test_agreeing_interviews_and_no_interviews_read_differently():
    assert interviews_sentence(Voices(2, 0, 3, {"ngo": (0, 3)}), 10) == \
        "2 of the 10 interviews spoke to it, and every remark was critical."
    assert "None of the interview passages" in interviews_sentence(Voices(0, 0, 0, {}), 10)


def test_a_survey_less_favourable_than_the_documents_says_so_in_counts():
    c = crit(desk_signal="met", survey_signal="not_met", survey_items=["3.2.1"], survey_n=7, survey_favourable=2)
    text = survey_sentence([c], lambda code: "Victims of trafficking are identified", lambda code: "Table 7")
    assert text == ("Of 7 answers on “victims of trafficking are identified” (Table 7), 2 were favourable: "
                    "respondents see it less favourably than the documents suggest.")
    same = crit(desk_signal="not_met", survey_signal="not_met", survey_items=["3.2.1"], survey_n=7,
                survey_favourable=1)
    assert survey_sentence([same], lambda code: "X", lambda code: "").endswith("which bears out the documents.")


def test_a_survey_statement_that_does_not_measure_the_indicator_is_named_as_not_counted():
    c = crit(survey_unmatched=["3.1.5"])
    text = survey_sentence([c], lambda code: "Indicators, screening checklists", lambda code: "Table 6")
    assert "do not measure what this indicator's criteria ask, so they were not counted" in text


def test_insufficient_evidence_says_what_is_missing():
    fw = crit("fw2", "insufficient_evidence", "R5")
    assert reason(fw, status_label) == ("no document reviewed establishes it, and stakeholders' views alone cannot "
                                        "decide what is on paper")
    op = crit("op2", "insufficient_evidence", "R0")
    assert "cannot be shown either way" in reason(op, status_label)
    assert "None of the documents reviewed speaks to this indicator." == documents_paragraph([op], [])


def test_disagreeing_sources_are_named_with_their_statuses():
    c = crit(desk_signal="partly_met", survey_signal="not_met", interview_signal="not_met", status="not_met")
    assert reason(c, status_label) == ("the sources disagree (the documents: partly met, the survey: not met and the "
                                       "interviews: not met), and weighing them gives this status")


def test_the_overall_assessment_contrasts_framework_and_practice_only_when_they_differ():
    fw = [crit("fw1", "met", "R4"), crit("fw2", "met", "R4")]
    assert overall_sentence(fw + [crit("op1", "partly_met")]) == \
        "Overall, the framework is in place, but practice follows it only partly."
    assert overall_sentence([crit("fw1", "partly_met", "R4"), crit("op1", "partly_met")]) == \
        "Overall, the framework is only partly in place, and practice follows it only partly."


def test_an_instrument_note_loses_its_internal_references():
    assert published_fact("Limited to registered companies (see labour_inspection_limits_2011); staff said so "
                          "(lines 1458-1460)") == "Limited to registered companies; staff said so."
    assert published_fact("Plans to improve the rules (13.1.5). The seed numbers these rules twice.") == \
        "Plans to improve the rules."


def test_a_table_is_announced_by_the_number_its_caption_gets():
    from ctnat.documents.docx_tools import caption, table

    doc = Document()
    caption(doc, "an earlier table")
    numbers = TableNumbers(doc)
    assert numbers.plan("matrix") == "Table 2" and numbers.plan("themes") == "Table 3"
    table(doc, ["a"], [["1"]])
    numbers.check("matrix", caption(doc, "matrix"))
    caption(doc, "a table the text did not announce")  # takes number 3
    with pytest.raises(Exception, match="announced Table 3"):
        numbers.check("themes", caption(doc, "themes"))


class _Inst:
    """Just enough instruments for a rationale."""

    class indicators:  # noqa: N801
        indicators = [type("I", (), {"id": "2.2", "criteria": {"fw2": "Services are available outside shelters"}})()]

    @staticmethod
    def status_label(s):
        return LABELS[s]


def test_a_recommendation_names_its_section_and_indicator_and_no_code():
    index = FindingsIndex(sections={"2.2": ("2.3.2", "Accessibility of services")},
                          facts={"2.2": {"bar_rule"}})
    scores = pd.DataFrame([{"indicator": "2.2", "criterion": "fw2", "status": "partly_met"}])
    desk = pd.DataFrame([{"indicator": "2.2", "criterion": "fw2", "summary": "NGO legal aid is limited by the Bar "
                          "membership rule.", "citations": "Aze 17, p. 16"}])
    instruments = pd.DataFrame([{"id": "bar_rule", "title": "Law on Legal Assistance"}])
    why = Rationale(index, _Inst, scores, desk, instruments)
    rec = {"gaps": "2.2.fw2"}
    text = why.text(rec)
    assert text == ("Why: the findings of section 2.3.2 (Accessibility of services) find “Services are available "
                    "outside shelters” partly met. Section 2.3.2 sets out the evidence: NGO legal aid is limited by the "
                    "Bar membership rule (Aze 17, p. 16). It takes into account what the findings set out on Law on "
                    "Legal Assistance (section 2.3.2).")
    assert not CODE_RX.search(text) and why.sections(rec) == "section 2.3.2 (Accessibility of services)"


def _body(report):
    doc = Document(str(report))
    return "\n".join(p.text for p in doc.paragraphs)


def test_the_aze_area_chapters_refer_to_every_table_they_show(aze):
    _root, report = aze
    text = _body(report)
    chapters = text[text.index("\n3.1 "):text.index("\n3.6 ")]  # the area chapters (3.6: the plan)
    shown = re.findall(r"^Table (\d+)\. ", chapters, re.M)
    assert len(shown) >= 15
    prose = "\n".join(line for line in chapters.splitlines() if not re.match(r"Table \d+\. ", line))
    for n in shown:
        assert re.search(rf"\bTables? (?:\d+ and )?{n}\b", prose), f"Table {n} is never referred to"
    assert "Views were most favourable" not in text


def test_the_aze_recommendations_say_why_and_rest_on_facts_the_findings_state(aze):
    _root, report = aze
    text = _body(report)
    findings = text[text.index("\n3.1 "):text.index("\n4 Conclusions")]
    recs = text[text.index("\n5.1 "):text.index("Annex A.")]
    assert recs.count("Why: the findings of section 3.") >= 15
    assert not re.search(r"\b\d+\.\d+\.(?:fw|op)\d\b|Answers the gaps", recs)
    # the facts the issue found only in the recommendations now stand in the findings
    for fact in ("Bar Association", "Law on Grants", "permission from two ministries"):
        assert fact in findings, fact


def test_a_sentence_two_criteria_share_is_said_once():
    # desk findings of sibling criteria often repeat a sentence (GEO printed one three times)
    fw1 = crit("fw1", "met", "R1", desk_summary="The resolution sets out how victims are identified.",
               desk_citations="Geo 1, p. 8")
    op1 = crit("op1", "partly_met", "R3",
               desk_summary="The resolution sets out how victims are identified. Labour cases are rarely identified.",
               desk_citations="Geo 1, p. 8")
    op2 = crit("op2", "not_met", "R3", desk_summary="Labour cases are rarely identified.", desk_citations="Geo 1")
    text = documents_paragraph([fw1, op1, op2], [])
    assert text.count("The resolution sets out how victims are identified") == 1
    assert text.count("Labour cases are rarely identified") == 1
    assert text == ("The resolution sets out how victims are identified (Geo 1, p. 8). "
                    "Labour cases are rarely identified (Geo 1, p. 8).")
