"""Which interview passages the report quotes (``ctnat.report.drafting.QuotePool``):
only under the one area all of a passage's codes belong to, never twice, never
with contact details, a critical voice first, one quote per interview, and
only what the name screen allows."""

from __future__ import annotations

import pandas as pd

from ctnat.report.drafting import QuotePool

LONG = "The shelter staff said the referral took far too long for most of the victims they saw"


def _row(seg, area, theme, polarity, interview, text=LONG, origin="interview", entity="ngo"):
    return {"segment_id": seg, "origin": origin, "interview_code": interview, "question": "", "entity_type": entity,
            "theme": theme, "area": area, "criteria": "", "matched_text": text, "polarity": polarity,
            "source": "auto", "coder": ""}


def _pool(rows):
    return QuotePool(pd.DataFrame(rows))


def _allow_all(text, where, flagged):
    return True


def test_a_passage_coded_to_two_areas_is_quoted_under_neither():
    pool = _pool([_row("s1", "2", "t_a", "contradicts", "I1"), _row("s1", "3", "t_b", "", "I1"),
                  _row("s2", "2", "t_a", "supports", "I2")])
    assert [q[0] for q in pool.pick("2", set(), allow=_allow_all)] == ["s2"]
    assert pool.pick("3", set(), allow=_allow_all) == []


def test_critical_first_then_supportive_one_per_interview_and_never_twice():
    pool = _pool([_row("s3", "1", "t", "supports", "I2"), _row("s1", "1", "t", "contradicts", "I1"),
                  _row("s2", "1", "t", "supports", "I1"), _row("s4", "1", "t", "", "I3")])
    picked = pool.pick("1", set(), limit=2, allow=_allow_all)
    assert [q[0] for q in picked] == ["s1", "s3"]  # s2 is the same interview as s1
    assert picked[0][2] == "an interviewee from civil society"
    assert [q[0] for q in pool.pick("1", set(), limit=2, exclude={"s1"}, allow=_allow_all)] == ["s2", "s4"]


def test_contact_details_length_theme_origin_and_the_name_screen():
    rows = [_row("s1", "1", "t", "contradicts", "I1", text=LONG + " call +994 12 345 67 89"),
            _row("s2", "1", "t", "contradicts", "I2", text="Too short to quote."),
            _row("s3", "1", "t", "contradicts", "I3", text=LONG * 5),
            _row("s4", "1", "t", "contradicts", "I4", origin="survey"),
            _row("s5", "1", "other", "contradicts", "I5"),
            _row("s6", "1", "t", "contradicts", "I6"),
            _row("s7", "1", "t", "contradicts", "I7")]
    pool = _pool(rows)
    seen = []

    def screen(text, where, flagged):
        seen.append((where, flagged))
        return not flagged

    picked = pool.pick("1", {"s6"}, limit=1, theme="t", allow=screen)
    assert [q[0] for q in picked] == ["s7"]  # s6 was flagged by ingest and the screen refused it
    assert seen == [("area 1", True), ("area 1", False)]
    assert picked[0][1].startswith("The shelter staff said") and picked[0][1].endswith(".")
