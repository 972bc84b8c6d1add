"""Sentences drafted from the numbers, in the manner of the seed report
("Survey respondents considered … 'adequate' (n=4), …"), and anonymised quotes."""

from __future__ import annotations

import re
from typing import NamedTuple

import pandas as pd

from ..instruments import Field
from ..messages import N_, _, format_list, format_number, label

ATTRIBUTION = {"state": N_("an interviewee from a State agency"),
               "ngo": N_("an interviewee from civil society"),
               "international": N_("an interviewee from an international organization"),
               "other": N_("an interviewee")}
CONTACT_RX = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d ()-]{6,}\d|\[(?:e-?mail|phone)[^\]]*\]", re.I)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text


def item_sentence(field: Field, counts: dict[str, int]) -> str | None:
    """One sentence for one grid item; None when nobody answered it."""
    parts = [_("“{answer}” (n={n})", answer=label(o.label).lower(), n=format_number(counts.get(o.code, 0)))
             for o in field.options if counts.get(o.code, 0)]
    if not parts:
        return None
    subject = _lower_first(label(field.text).rstrip("."))
    code = f"({field.code})"
    # the wording is the scale's (survey.yaml, scales.<code>.sentence)
    return field.scale.sentence.format(subject=subject, code=code, answers=format_list(parts))


def _answers(field: Field, counts: dict[str, int]) -> str:
    """“sometimes” 5, “never” 1 — what the answers to one statement were, in the scale's order."""
    return format_list(_("“{answer}” {n}", answer=label(o.label).lower(), n=format_number(counts[o.code]))
                       for o in field.options if counts.get(o.code))


def block_summary(fields: list[Field], fav: pd.DataFrame, min_n: int,
                  counts: dict[str, dict[str, int]] | None = None) -> str | None:
    """Which statements of a block were seen most and least favourably: every
    statement tied at the top (most favourable answers) or at the bottom (most
    unfavourable answers) is named; a statement with fewer than ``min_n`` answers
    is named and marked, not dropped; a least favourable one says what its answers
    were (``counts``: question → option code → count). None when fewer than two
    statements were answered."""
    from ..documents.ranking import top_with_ties

    counts = counts or {}
    d = fav[fav["question"].isin([f.code for f in fields])].copy()
    d["n_valid"] = pd.to_numeric(d["n_valid"], errors="coerce").fillna(0).astype(int)
    d = d[d["n_valid"] > 0]
    if len(d) < 2:
        return None
    d["fav_share"] = pd.to_numeric(d["favourable"], errors="coerce").fillna(0) / d["n_valid"]
    d["unfav_share"] = pd.to_numeric(d["unfavourable"], errors="coerce").fillna(0) / d["n_valid"]
    by = {f.code: f for f in fields}

    def small(r) -> str:
        return _("; only {n} answers, fewer than {min_n}", n=format_number(int(r["n_valid"])),
                 min_n=format_number(min_n)) if int(r["n_valid"]) < min_n else ""

    def about(code: str) -> str:
        return _lower_first(label(by[code].text).rstrip("."))

    hi = top_with_ties(d[d["fav_share"] > 0], "fav_share", 1, order="question")
    rest = d[~d["question"].isin(set(hi["question"]))]  # a statement named most favourable is not also least
    lo = top_with_ties(rest[rest["unfav_share"] > 0], "unfav_share", 1, order="question")
    his = format_list(_("{code} ({text}: {favourable} of {n} valid answers favourable{small})", code=r["question"],
                        text=about(r["question"]), favourable=format_number(int(float(r["favourable"]))),
                        n=format_number(int(r["n_valid"])), small=small(r)) for r in hi.to_dict("records"))
    los = format_list(_("{code} ({text}: {unfavourable} of {n} unfavourable — {answers}{small})", code=r["question"],
                        text=about(r["question"]), unfavourable=format_number(int(float(r["unfavourable"]))),
                        n=format_number(int(r["n_valid"])), answers=_answers(by[r["question"]],
                                                                             counts.get(r["question"], {})),
                        small=small(r)) for r in lo.to_dict("records"))
    if len(hi) and len(lo):
        return _("Views were most favourable on {hi} and least favourable on {lo}.", hi=his, lo=los)
    if len(hi) and (d["unfav_share"] > 0).any():  # the statements drawing unfavourable answers are named above
        return _("Views were most favourable on {hi}.", hi=his)
    if len(hi):
        return _("Views were most favourable on {hi}; no statement drew an unfavourable answer.", hi=his)
    if len(lo):
        return _("No statement drew a favourable answer; views were least favourable on {lo}.", lo=los)
    return _("No statement drew a favourable or an unfavourable answer.")


def tidy_quote(text: str) -> str:
    """A passage as a quote: whitespace collapsed, a trailing ';', ',' or ':'
    replaced by an ellipsis, and a closing full stop where the sentence ends."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    text = re.sub(r"\s*[;,:\u2013\u2014-]+$", "…", text)
    if text and text[-1] not in ".!?…\"”":
        text += "."
    return text[:1].upper() + text[1:]


# Verbatim words in interview notes stand inside quotation marks (“…”, "…" or «…»); a span of
# at least four words is a remark the interviewer wrote down as said (shorter ones are terms).
VERBATIM_RX = re.compile(r"[“\"«]([^“”\"«»]+)[”\"»]")
VERBATIM_MIN_WORDS = 4
# A passage opening with a pronoun refers to something the reader cannot see (in notes, mostly the
# interviewee's own body: "It has no specific role in …"); it is not reported.
OPEN_REFERENCE = {"it", "its", "they", "their", "he", "she", "his", "her", "this", "он", "она", "оно", "они", "его",
                  "ее", "их", "это"}


def verbatim_span(text: str) -> str:
    """The longest span the notes mark as verbatim in ``text``, or ''."""
    spans = [m.group(1).strip() for m in VERBATIM_RX.finditer(str(text or ""))]
    spans = [sp for sp in spans if len(sp.split()) >= VERBATIM_MIN_WORDS]
    return max(spans, key=len) if spans else ""


class Voice(NamedTuple):
    """An interview passage chosen for the report."""
    segment_id: str
    text: str  # the passage as screened (its quote id is this text's)
    who: str  # the generic attribution
    verbatim: str  # the words the notes mark as said, or ''
    polarity: str


class QuotePool:
    """The interview passages of ``coded_segments`` that may be reported, read
    once for the whole report (a pandas filter per theme had been a tenth of
    the report stage's time): :meth:`pick` then chooses among them.

    ``question_areas`` maps each guide question to the area of the guide section
    asking it (None for the respondent profile, the situation and the closing
    questions). With it, a passage is reported only under a theme of the area its
    question asks about: a respondent describing their own role (1.2) is never
    reported, and a remark made elsewhere that the codebook's words tie to a
    theme is counted under the theme but not printed there."""

    def __init__(self, coded: pd.DataFrame, question_areas: dict[str, str | None] | None = None) -> None:
        interviews = coded[coded["origin"] == "interview"]
        self.rows = interviews.to_dict("records")
        self.question_areas = question_areas
        areas: dict[str, set[str]] = {}
        for r in self.rows:
            areas.setdefault(r["segment_id"], set()).add(str(r["area"]))
        self.areas_of = areas  # the areas a passage is coded to
        # words written with a capital inside a sentence (Baku, State, NGOs): kept so when a passage
        # becomes a clause of reported speech
        self.proper = {m.group(1) for r in self.rows if isinstance(r["matched_text"], str)
                       for m in re.finditer(r"(?<=[^.!?\s] )([A-ZА-ЯЁ]\w*)", r["matched_text"])}

    def _asked_about(self, r: dict, area: str) -> bool:
        if self.question_areas is None:
            return True
        q = str(r.get("question") or "")
        return self.question_areas.get(q) == area

    def pick(self, area: str, withheld: set[str], limit: int = 2, theme: str | None = None,
             exclude: set | None = None, *, allow, criteria: set[str] | None = None) -> list[Voice]:
        """Up to ``limit`` anonymised passages for an area (and ``theme``). A
        passage is only reported under the area every one of its codes belongs
        to and its question asks about (so a passage on identification never
        appears under prevention), never twice (``exclude`` holds segment ids
        already used), and never with contact details or from a segment in
        ``withheld`` (ingest flagged a name from the interview headers in it). Each
        passage must also pass ``allow(text, where, flagged)`` — the name screen
        and mandate cues, :class:`ctnat.confidentiality.QuoteGate`, which lists
        what it withholds for the assessor. A critical voice first, then a
        supportive one. ``criteria``: only passages coded to one of these criteria
        (``1.2.op1``), for the argument of one indicator."""
        exclude = exclude if exclude is not None else set()
        area = str(area)
        d = [r for r in self.rows
             if str(r["area"]) == area and self.areas_of[r["segment_id"]] == {area} and self._asked_about(r, area)
             and r["segment_id"] not in exclude and (theme is None or r["theme"] == theme)
             and (criteria is None or bool(criteria & set(str(r.get("criteria") or "").split(";"))))
             and isinstance(r["matched_text"], str) and 50 <= len(r["matched_text"]) <= 320
             and (re.findall(r"\w+", r["matched_text"].lower()) or [""])[0].replace("ё", "е") not in OPEN_REFERENCE]

        def ok(text: str, flagged: bool) -> bool:
            return not CONTACT_RX.search(text) and allow(tidy_quote(text), _("area {area}", area=area), flagged)

        out: list[Voice] = []
        seen_interviews = set()
        for polarity in ("contradicts", "supports", ""):
            same = [r for r in d if (r["polarity"] if isinstance(r["polarity"], str) else "") == polarity]
            for r in sorted(same, key=lambda r: (r["segment_id"], r["theme"])):
                if r["interview_code"] in seen_interviews or not ok(r["matched_text"], r["segment_id"] in withheld):
                    continue
                out.append(Voice(r["segment_id"], tidy_quote(r["matched_text"]),
                                 _(ATTRIBUTION.get(r.get("entity_type") or "", ATTRIBUTION["other"])),
                                 verbatim_span(r["matched_text"]), polarity))
                seen_interviews.add(r["interview_code"])
                break
            if len(out) >= limit:
                break
        return out

    def clause(self, text: str) -> str:
        """A passage as the clause of a sentence of reported speech: its first
        word lower-cased unless it is a name or an acronym, its end a full stop."""
        text = re.sub(r"[.…]+$", "", text.strip())
        first = re.match(r"\w+", text)
        if first and first.group(0) not in self.proper:
            text = _lower_first(text)
        return text + "."


def voice_sentence(v: Voice, clause: str) -> str:
    """What an interviewee said, as the report prints it: the words the notes
    mark as verbatim in quotation marks, anything else — the interviewer's
    paraphrase — as reported speech, never in quotation marks."""
    who = v.who[:1].upper() + v.who[1:]
    if v.verbatim:
        return _("{who} said: “{words}”", who=who, words=v.verbatim)
    if v.polarity == "contradicts":
        return _("According to {who}, {clause}", who=v.who, clause=clause)
    return _("{who} said that {clause}", who=who, clause=clause)
