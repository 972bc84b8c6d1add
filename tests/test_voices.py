"""Voices handled honestly (issue 25): the interviewer's paraphrase is reported
speech with a generic attribution, only words the notes mark as verbatim are
quoted; a passage naming a one-of-a-kind institution by its mandate is withheld
for the assessor like a name; a passage is reported only under a theme of the
area its guide question asks about; the name screen knows declined Russian
surnames, Armenian and Georgian script."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from docx import Document

from ctnat.confidentiality import NameFingerprints, NameScreen, QuoteGate, heuristic_reason, quote_id
from ctnat.confidentiality.mandates import mandate_cues
from ctnat.instruments import load_instruments
from ctnat.report.drafting import QuotePool, Voice, verbatim_span, voice_sentence
from tests.conftest import REPO

CHECKS_MIGRANTS = "Checks migrants found working without a permit and passes any sign of trafficking to the police."
RECEIVES_COMPLAINTS = "Receives complaints and includes trafficking in the annual report."


def _gate(decisions=None):
    inst = load_instruments(REPO / "instruments")
    cues = mandate_cues((i.label, [c for cs in i.cues.values() for c in cs]) for i in inst.mandate_cues.institutions)
    return QuoteGate(NameScreen(), decisions or {}, mandates=cues)


# ------------------------------------------------------------------ reported speech and verbatim words
def test_a_paraphrase_is_reported_speech_never_in_quotation_marks():
    pool = QuotePool(pd.DataFrame(columns=["origin", "segment_id", "area", "matched_text"]))
    v = Voice("AZEint11:5.7", "Penalties tend to be light, and mid-level offenders are shielded by corruption.",
              "an interviewee from civil society", "", "contradicts")
    assert voice_sentence(v, pool.clause(v.text)) == ("According to an interviewee from civil society, penalties "
                                                       "tend to be light, and mid-level offenders are shielded by "
                                                       "corruption.")
    v = v._replace(polarity="supports", text="Officers rely on general indicators and their experience…")
    assert voice_sentence(v, pool.clause(v.text)) == ("An interviewee from civil society said that officers rely on "
                                                       "general indicators and their experience.")


def test_only_words_the_notes_mark_as_verbatim_are_quoted():
    text = 'The shelter director was blunt: "we cannot take anyone from the regions" and asked for a second shelter.'
    assert verbatim_span(text) == "we cannot take anyone from the regions"
    assert verbatim_span("The so-called «voluntary» return is rare.") == ""  # a term, not a remark
    v = Voice("s", text, "an interviewee from civil society", verbatim_span(text), "contradicts")
    assert voice_sentence(v, "") == "An interviewee from civil society said: “we cannot take anyone from the regions”"


# ------------------------------------------------------------------ mandates identify like names
@pytest.mark.parametrize("text, institution", [
    (CHECKS_MIGRANTS, "the migration service"),
    (RECEIVES_COMPLAINTS, "the ombudsperson's office"),
    ("The Ombudsman visited the shelter twice.", "the ombudsperson's office"),
    ("Сотрудники Миграционной службы не знают индикаторов.", "the migration service"),
    ("The centre is paid from the State budget, but its budget does not cover the number of clients and staff are "
     "too few.", "the interviewee's own institution"),
])
def test_a_passage_naming_a_unique_institution_is_withheld_for_the_assessor(text, institution):
    gate = _gate()
    assert not gate.allow(text, "interview", "area 5")
    assert institution in gate.withheld[0]["reason"]
    assert _gate({quote_id(text): "clear"}).allow(text, "interview", "area 5")  # the assessor can clear it


def test_ordinary_passages_and_workshop_wording_pass_the_mandate_cues():
    gate = _gate()
    assert gate.allow("Penalties tend to be light, and mid-level offenders are shielded by corruption.", "interview")
    assert gate.allow("Train labour inspectors to spot forced labour.", "workshop_amendment", "R1.1")


# ------------------------------------------------------------------ the name screen
def test_a_surname_beside_its_declined_form_is_withheld():
    assert heuristic_reason("По словам Нигяр Гасановой (Гасанова, НПО): приют переполнен.")
    assert heuristic_reason("Приют переполнен (Гасанова, НПО).")  # a bracket is not a sentence start
    assert heuristic_reason("Мы говорили с Ивановой.")  # -овой, whatever NFKD makes of й
    # each form alone starts a sentence (where Russian capitalises plurals too); the pair gives it away
    assert heuristic_reason("Гасановой позвонили. Гасанова согласилась.") == "a surname written in two grammatical forms"
    assert heuristic_reason("Органов полиции мало, органы не работают.") is None


@pytest.mark.parametrize("header_name, in_notes", [
    ("Աննա Պետրոսյան", "Ըստ Պետրոսյանի, ապաստարանը լիքն է։"),  # Armenian genitive
    ("Աննա Պետրոսյան", "Աննային ասացինք, որ ապաստարանը լիքն է։"),  # Armenian dative of the first name
    ("ნინო ბერიძე", "ბერიძის თქმით, თავშესაფარი სავსეა."),  # Georgian genitive (the final -ე drops)
    ("ნინო ბერიძე", "ნინომ გვითხრა, რომ თავშესაფარი სავსეა."),  # Georgian ergative
    ("Нигяр Гасанова", "По словам Гасановой, приют переполнен."),  # Russian genitive of a feminine surname
])
def test_header_names_in_armenian_georgian_and_cyrillic_script_are_withheld(header_name, in_notes):
    fp = NameFingerprints(salt="s")
    fp.add_name(header_name)
    gate = QuoteGate(NameScreen(fp, heuristics=False))
    assert not gate.allow(in_notes, "interview", "area 2")
    assert gate.withheld[0]["reason"] == "a name from an interview header or a block list"


def test_surnames_typed_in_armenian_and_georgian_script_are_flagged():
    assert heuristic_reason("Մենք հանդիպեցինք Սարգսյանին։")
    assert heuristic_reason("გელაშვილმა თქვა, რომ პოლიცია არ რეაგირებს.")
    assert heuristic_reason("პოლიცია არ რეაგირებს.") is None


# ------------------------------------------------------------------ the AZE build
def _question_areas():
    guide = load_instruments(REPO / "instruments").guide
    return {q.code: s.area for s in guide.sections for q in s.questions}


def test_a_passage_is_reported_only_under_the_area_its_question_asks_about(aze):
    """AZEint12 answered 1.2 (its own role) with "Receives complaints …", which the
    codebook's words put under national coordinator and reporting: no longer printed there."""
    root, _ = aze
    coded = pd.read_csv(root / "analysis/AZE/coded_segments.csv", dtype=str, keep_default_na=False)
    allow_all = lambda text, where, flagged: True  # noqa: E731
    row = coded[coded["matched_text"] == RECEIVES_COMPLAINTS].iloc[0]
    assert (row["segment_id"], row["theme"]) == ("AZEint12:1.2", "co_coordinator")
    unfiltered = QuotePool(coded).pick("5", set(), theme="co_coordinator", limit=5, allow=allow_all)
    assert "AZEint12:1.2" in [v.segment_id for v in unfiltered]
    pool = QuotePool(coded, _question_areas())
    for area, theme in (("5", "co_coordinator"), ("1", "id_nrm"), ("2", "pa_differentiation")):
        picked = pool.pick(area, set(), theme=theme, limit=5, allow=allow_all)
        assert all(_question_areas()[v.segment_id.split(":")[1]] == area for v in picked), picked


def test_the_aze_report_reports_voices_and_withholds_mandates(aze):
    root, report = aze
    doc = Document(str(report))
    text = "\n".join(p.text for p in doc.paragraphs)
    for gone in ("Checks migrants found working", "Receives complaints", "Arranges schooling for child victims",
                 "The centre is paid from the State budget", "It has no specific role", "“Penalties tend"):
        assert gone.lower() not in text.lower(), gone
    assert ("According to an interviewee from civil society, penalties tend to be "
            "light, and mid-level offenders are shielded by corruption.") in text
    assert ("According to an interviewee from a State agency, officers rely on "
            "general indicators and their experience.") in text
    review = pd.read_csv(root / "analysis/AZE/quotes_to_review.csv", dtype=str, keep_default_na=False)
    centre = review[review["text"].str.startswith("The centre is paid from the State budget")]
    assert list(centre["where"]) == ["area 2"]
    assert centre["reason"].iloc[0].endswith("(the interviewee's own institution)")
    assert not re.search(r"said: “|According to [^,]+, “", text)
