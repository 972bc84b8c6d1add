"""The report's area chapters argued indicator by indicator, and what the
recommendations chapter needs to name the findings it answers.

Each indicator of an area gets a numbered subsection titled with its wording
(``instruments/indicators.yaml``) that argues its status from the evidence:

1. what the documents establish — the desk review's finding per criterion with
   its citations, and the facts of the country's instruments that a drafted
   recommendation relies on (so that no recommendation rests on a fact the
   findings never state);
2. what interviewees said — how many interviews spoke to it, positive against
   critical, a stakeholder group that disagrees with the others said as dissent,
   and up to two passages as reported speech (:class:`~.drafting.QuotePool`,
   the confidentiality gate);
3. how the survey compares — the statements that measure the indicator, as
   counts (the report's bases are small), set against the documents;
4. the assessment and why — the criteria's statuses in words with the rule's
   reason, and what is missing where the evidence is insufficient.

The sentences take their shape from the evidence (sources agree, disagree, one
source, none), not one template per slot. Every table of the chapter is
introduced in the text by its number, which :class:`TableNumbers` knows before
the table is inserted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..instruments import CRITERIA
from ..messages import N_, _, format_list, format_number, label, ngettext, number_word
from ..problems import StageError
from ..recommend.ground import KEPT, LIST_SEP

FRAMEWORK, OPERATIONAL = ("fw1", "fw2"), ("op1", "op2")
GROUP_WORDS = {"state": N_("interviewees from State agencies"), "ngo": N_("interviewees from civil society"),
               "international": N_("interviewees from international organizations"),
               "other": N_("other interviewees")}
SOURCE_WORDS = {"desk": N_("the documents"), "survey": N_("the survey"), "interview": N_("the interviews")}
#: an internal reference inside an instrument's note (a key, a seed line range): not for the reader
INTERNAL_REF_RX = re.compile(r"\s*\((?:[^()]*\b[a-z]+_[a-z0-9_]+\b[^()]*|[^()]*\blines?\s+\d[^()]*|\d+(?:\.\d+)+)\)")
#: the kinds of instrument whose note the findings state when an action presupposes them (laws and the
#: bodies they empower; a service's or a plan's note describes its work, which the desk findings already do)
RULE_KINDS = ("law", "code_article", "body")
#: a sentence of an instrument's note addressed to whoever maintains the data (about the source document)
MAINTAINER_RX = re.compile(r"[^.]*\bseed\b[^.]*\.\s*", re.I)
#: a data key in an instrument's note ('see labour_inspection_limits_2011'): the instrument it points to
KEY_RX = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def _lower_first(text: str) -> str:
    text = str(text).strip()
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text


def _cap(text: str) -> str:
    text = str(text).strip()
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    text = str(text).strip()
    return text if not text or text[-1] in ".!?…" else text + "."


def published_fact(text: str) -> str:
    """An instrument's note as a reader sees it: internal references in brackets
    (a data key, a line range of a source) are dropped."""
    text = MAINTAINER_RX.sub("", INTERNAL_REF_RX.sub("", str(text or ""))).strip()
    return _sentence(text) if text else ""


def citation_text(citations: str) -> str:
    """'Aze 7; IOM 2016, §2.1' from the desk review's ';'-separated citations."""
    return "; ".join(c.strip() for c in str(citations or "").split(";") if c.strip())


# ------------------------------------------------------------------ table numbers
class TableNumbers:
    """The numbers the next captions of a kind will get, so that the text can
    introduce a table before it is inserted; :meth:`check` then holds each
    caption to the number the text announced."""

    def __init__(self, doc, kind: str = "Table") -> None:
        self.doc, self.kind = doc, kind
        self.planned: dict[str, int] = {}
        self._next = doc.__dict__.get("_ctnat_captions", {}).get(kind, 0) + 1

    def plan(self, key: str) -> str:
        self.planned[key] = self._next
        self._next += 1
        return self.ref(key)

    def ref(self, key: str) -> str:
        return _("Table {n}", n=format_number(self.planned[key]))

    def check(self, key: str, shown: str) -> None:
        """``shown``: what :func:`~ctnat.documents.docx_tools.caption` returned."""
        if shown != self.ref(key):  # the caption's words, in the document's language
            raise StageError(f"the text announced {self.kind} {self.planned[key]} for {key}, but the caption is "
                             f"{shown}: tables were inserted in another order than planned")


# ------------------------------------------------------------------ evidence per criterion
@dataclass
class Criterion:
    """One criterion's evidence and status, as the argument needs it."""

    code: str  # fw1 …
    text: str  # what it asks (indicators.yaml)
    status: str
    rule: str
    desk_summary: str = ""
    desk_citations: str = ""
    desk_signal: str = ""
    survey_items: list[str] = field(default_factory=list)  # items that measure it
    survey_unmatched: list[str] = field(default_factory=list)  # asked, but not measuring it
    survey_n: int = 0
    survey_favourable: int = 0
    #: a frequency item read from a lower answer than the scale's favourable ones (the
    #: criterion's met_at, e.g. "Sometimes" for "some victims"): that answer's label
    survey_read_from: str = ""
    survey_signal: str = ""
    interview_signal: str = ""
    to_confirm: bool = False
    level_above: bool = False
    override_reason: str = ""

    @property
    def framework(self) -> bool:
        return self.code in FRAMEWORK


def _split(value) -> list[str]:
    return [x.strip() for x in str(value or "").split(";") if x.strip()]


def criteria_of(indicator, scores: pd.DataFrame, desk: pd.DataFrame | None) -> list[Criterion]:
    """The four criteria of ``indicator`` with their evidence (``scores.csv``, ``desk_review.csv``)."""
    s = scores[scores["indicator"] == indicator.id].set_index("criterion")
    dk = desk[desk["indicator"] == indicator.id].set_index("criterion") if desk is not None else None
    out = []
    for c in CRITERIA:
        if c not in s.index:
            continue
        r = s.loc[c]
        unmatched = _split(r.get("survey_unmatched"))
        summary = ""
        if dk is not None and c in dk.index:
            summary = str(dk.loc[c, "summary"] or "")
        out.append(Criterion(
            code=c, text=label(indicator.criteria[c]), status=str(r["status"]), rule=str(r["rule"]),
            desk_summary=summary, desk_citations=citation_text(r.get("desk_citations")),
            desk_signal=str(r.get("desk_signal") or ""),
            survey_items=[i for i in _split(r.get("survey_items")) if i not in unmatched], survey_unmatched=unmatched,
            survey_n=int(float(r.get("survey_n") or 0)), survey_favourable=int(float(r.get("survey_favourable") or 0)),
            survey_signal=str(r.get("survey_signal") or ""), interview_signal=str(r.get("interview_signal") or ""),
            to_confirm=str(r.get("to_confirm")) == "True", level_above=str(r.get("level_above")) == "True",
            override_reason=str(r.get("override_reason") or "") if str(r.get("overridden")) == "True" else ""))
    return out


# ------------------------------------------------------------------ 1 documents
SENTENCE_END_RX = re.compile(r"(?<=[.!?…])\s+(?=[A-ZА-ЯЁ\"“«(])")


def documents_paragraph(criteria: list[Criterion], facts: list[str]) -> str:
    """What the documents establish: each criterion's desk finding with its citations,
    every sentence said once (desk findings of sibling criteria often repeat a sentence),
    then the instrument facts the recommendations rely on."""
    said, parts = set(), []
    for c in criteria:
        sentences = [x for x in SENTENCE_END_RX.split(c.desk_summary.strip()) if x.strip()]
        new = [x for x in sentences if " ".join(x.split()).rstrip(".").lower() not in said]
        said.update(" ".join(x.split()).rstrip(".").lower() for x in new)
        if not new:
            continue
        text = _sentence(" ".join(new))
        parts.append(_("{finding} ({citations})", finding=text[:-1], citations=c.desk_citations) + text[-1]
                     if c.desk_citations else text)
    if not parts and not facts:
        return _("None of the documents reviewed speaks to this indicator.")
    if not parts:
        return _("The desk review has no finding on this indicator's criteria; it records only the following.") + \
            " " + " ".join(facts)
    return " ".join(parts + facts)


# ------------------------------------------------------------------ 2 interviews
@dataclass
class Voices:
    """The interview passages the scoring counted for an indicator's criteria."""

    interviews: int  # distinct interviews
    supporting: int  # passages
    critical: int
    by_group: dict[str, tuple[int, int]]  # entity type → (supporting, critical)


def voices_of(criteria_codes: list[str], scores_rows: pd.DataFrame, coded: pd.DataFrame | None) -> Voices:
    """Count the passages ``scores.csv`` lists as interview evidence for the criteria
    (``interview_segments``), each passage once, with its polarity and stakeholder type."""
    ids: set[str] = set()
    for v in scores_rows["interview_segments"]:
        ids.update(_split(v))
    if coded is None or not ids:
        return Voices(0, 0, 0, {})
    rows = coded[coded["segment_id"].isin(ids) & (coded["origin"] == "interview")]
    rows = rows[rows["criteria"].fillna("").map(lambda v: bool(set(_split(v)) & set(criteria_codes)))]
    polarity: dict[str, str] = {}
    types: dict[str, str] = {}
    interviews: dict[str, str] = {}
    for r in rows.to_dict("records"):
        p = r["polarity"] if isinstance(r["polarity"], str) else ""
        if p or r["segment_id"] not in polarity:
            polarity[r["segment_id"]] = p or polarity.get(r["segment_id"], "")
        types[r["segment_id"]] = r.get("entity_type") or "other"
        interviews[r["segment_id"]] = r["interview_code"]
    by_group: dict[str, tuple[int, int]] = {}
    for sid, p in polarity.items():
        s, c = by_group.get(types[sid], (0, 0))
        by_group[types[sid]] = (s + (p == "supports"), c + (p == "contradicts"))
    sup = sum(1 for p in polarity.values() if p == "supports")
    crit = sum(1 for p in polarity.values() if p == "contradicts")
    return Voices(len(set(interviews.values())), sup, crit, by_group)


def _leaning(s: int, c: int) -> str:
    return "supports" if s > c else "contradicts" if c > s else "mixed"


def interviews_sentence(v: Voices, total_interviews: int) -> str:
    """How many interviews spoke to the indicator and which way; a stakeholder group
    leaning the other way from the rest is named as dissent."""
    if v.interviews == 0:
        return _("None of the interview passages the scoring counted speaks to this indicator.")
    of = ngettext("{k} of the {n} interview", "{k} of the {n} interviews", total_interviews,
                  k=format_number(v.interviews))
    if v.supporting and not v.critical:
        lead = ngettext("{of} spoke to it, and its remark was positive.",
                        "{of} spoke to it, and every remark was positive.", v.supporting, of=_cap(of))
    elif v.critical and not v.supporting:
        lead = ngettext("{of} spoke to it, and its remark was critical.",
                        "{of} spoke to it, and every remark was critical.", v.critical, of=_cap(of))
    elif not v.critical and not v.supporting:
        lead = _("{of} spoke to it without taking a side.", of=_cap(of))
    else:
        lead = _("{of} spoke to it: {s} and {c}.", of=_cap(of),
                 s=ngettext("{n} remark was positive", "{n} remarks were positive", v.supporting),
                 c=ngettext("{n} critical", "{n} critical", v.critical))
    leaning = {g: _leaning(*sc) for g, sc in v.by_group.items() if sum(sc)}
    pos = sorted(g for g, w in leaning.items() if w == "supports")
    neg = sorted(g for g, w in leaning.items() if w == "contradicts")
    if pos and neg:
        lead += " " + _("Views divided by who spoke: {positive} were mostly positive, whereas {critical} were mostly "
                        "critical.", positive=format_list(_(GROUP_WORDS.get(g, GROUP_WORDS["other"])) for g in pos),
                        critical=format_list(_(GROUP_WORDS.get(g, GROUP_WORDS["other"])) for g in neg))
    return lead


# ------------------------------------------------------------------ 3 survey
def survey_sentence(criteria: list[Criterion], item_text, table_of) -> str:
    """How the survey compares with the documents, in counts. ``item_text``: item code →
    its statement; ``table_of``: item code → 'Table 5' (the table showing it) or ''."""
    measured = [c for c in criteria if c.survey_items and c.survey_n]
    asked = sorted({i for c in criteria for i in c.survey_unmatched + c.survey_items})

    def items(codes) -> str:
        tables = sorted({table_of(i) for i in codes if table_of(i)})
        words = format_list(_("“{statement}”", statement=_lower_first(item_text(i)).rstrip(".")) for i in codes)
        return _("{statements} ({tables})", statements=words, tables=format_list(tables)) if tables else words

    if not measured:
        if asked:
            return _("The survey asked about {items}, but these statements do not measure what this indicator's "
                     "criteria ask, so they were not counted.", items=items(asked))
        return _("No survey statement measures this indicator.")
    out = []
    for c in measured:
        codes = c.survey_items
        if c.survey_read_from:
            # counted from a lower answer than the scale's favourable ones: say so, or the
            # count argues with the grid table beside it
            base = ngettext("Of {n} answer on {items}, {fav} answered “{answer}” or more often",
                            "Of {n} answers on {items}, {fav} answered “{answer}” or more often", c.survey_n,
                            items=items(codes), fav=format_number(c.survey_favourable),
                            answer=_lower_first(c.survey_read_from))
        else:
            base = ngettext("Of {n} answer on {items}, {fav} was favourable",
                            "Of {n} answers on {items}, {fav} were favourable", c.survey_n,
                            items=items(codes), fav=format_number(c.survey_favourable))
        if not c.desk_signal or not c.survey_signal:
            out.append(base + ".")
        elif c.survey_signal == c.desk_signal:
            out.append(_("{answers}, which bears out the documents.", answers=base))
        elif _rank(c.survey_signal) < _rank(c.desk_signal):
            out.append(_("{answers}: respondents see it less favourably than the documents suggest.", answers=base))
        else:
            out.append(_("{answers}: respondents see it more favourably than the documents suggest.", answers=base))
    return " ".join(out)


def read_from(survey, evidence: pd.DataFrame, indicator: str, criterion: str, items: list[str]) -> str:
    """The label of the answer a criterion's frequency items are counted from, when it is
    lower than the scale's favourable answers (``met_at`` in ``evidence.csv``); else ''."""
    if evidence is None or not items:
        return ""
    rows = evidence[(evidence["indicator"].astype(str) == indicator) & (evidence["criterion"] == criterion)
                    & (evidence["source"] == "survey") & (evidence["ref"].isin(items))]
    for met_at in rows["met_at"].fillna("").astype(str):
        if not met_at:
            continue
        scale = getattr(survey.field(str(rows.iloc[0]["ref"])), "scale", None)
        if scale is not None and met_at not in scale.favourable:
            option = next((o for o in scale.options if o.code == met_at), None)
            if option is not None:
                return label(option.label)
    return ""


def _rank(status: str) -> int:
    return {"not_met": 0, "partly_met": 1, "met": 2}.get(status, -1)


# ------------------------------------------------------------------ 4 assessment
FRAME_WORDS = {"met": N_("the framework is in place"), "partly": N_("the framework is only partly in place"),
               "not": N_("the framework is not in place"),
               "none": N_("the documents cannot show whether a framework is in place")}
PRACTICE_WORDS = {"met": N_("practice meets it"), "partly": N_("practice follows it only partly"),
                  "not": N_("practice falls short"), "none": N_("there is too little evidence to judge practice")}


def _level(statuses: list[str]) -> str:
    known = [s for s in statuses if s in ("met", "partly_met", "not_met")]
    if not known:
        return "none"
    if all(s == "met" for s in known):
        return "met"
    if all(s == "not_met" for s in known):
        return "not"
    return "partly"


def overall_sentence(criteria: list[Criterion]) -> str:
    """'Overall, the framework is in place, but practice follows it only partly.'"""
    fw = _level([c.status for c in criteria if c.framework])
    op = _level([c.status for c in criteria if not c.framework])
    contrast = (fw == "met" and op in ("partly", "not")) or (fw in ("not", "partly") and op == "met")
    if contrast:
        return _("Overall, {frame}, but {practice}.", frame=_(FRAME_WORDS[fw]), practice=_(PRACTICE_WORDS[op]))
    return _("Overall, {frame}, and {practice}.", frame=_(FRAME_WORDS[fw]), practice=_(PRACTICE_WORDS[op]))


def reason(c: Criterion, status_label) -> str:
    """Why the criterion has its status, in plain words (the rubric's rule)."""
    def said(source: str, signal: str) -> str:
        return _("{source}: {status}", source=_(SOURCE_WORDS[source]), status=status_label(signal).lower())

    signals = [(s, v) for s, v in (("desk", c.desk_signal), ("survey", c.survey_signal),
                                   ("interview", c.interview_signal)) if v]
    if c.override_reason:
        why = _("the assessor decided it: {reason}", reason=_lower_first(c.override_reason).rstrip("."))
    elif c.status == "insufficient_evidence" and c.framework:
        why = _("no document reviewed establishes it, and stakeholders' views alone cannot decide what is on paper")
    elif c.status == "insufficient_evidence":
        why = _("no document, survey statement or interview counted for it speaks to it, so it cannot be shown "
                "either way")
    elif c.rule == "R4":
        why = _("the documents decide a framework criterion ({citations})", citations=c.desk_citations) \
            if c.desk_citations else _("the documents decide a framework criterion")
    elif c.rule == "R1" and signals:
        why = _("only {source} speak to it", source=_(SOURCE_WORDS[signals[0][0]]))
    elif c.rule == "R2":
        why = _("{sources} agree", sources=format_list(_(SOURCE_WORDS[s]) for s, _v in signals))
    elif c.rule == "R3":
        why = _("the sources disagree ({views}), and weighing them gives this status",
                views=format_list(said(s, v) for s, v in signals))
    else:
        why = ""
    if c.to_confirm and c.level_above:
        why += _("; it is rated above the level below it, so the assessor is asked to check both")
    elif c.to_confirm:
        why += _("; stakeholders' views differ from the documents, so the assessor is asked to confirm it")
    return why


def criterion_line(c: Criterion, level: str, status_label) -> str:
    """'Framework L1 — Formal processes … are in place: met, because the documents decide …'"""
    why = reason(c, status_label)
    status = status_label(c.status).lower()
    if why:
        return _("{level} — {criterion}: {status}, because {why}.", level=level, criterion=c.text.rstrip("."),
                 status=status, why=why)
    return _("{level} — {criterion}: {status}.", level=level, criterion=c.text.rstrip("."), status=status)


# ------------------------------------------------------------------ facts recommendations rely on
def relied_facts(indicator_id: str, rec_actions: pd.DataFrame | None, recs: pd.DataFrame, inst,
                 instruments: pd.DataFrame | None) -> list[tuple[str, str]]:
    """(instrument id, sentence) for the country's instruments that a drafted action on this
    indicator relies on — what it ``requires`` or ``presupposes`` — and that carry a note on how
    they work in practice (``gaps``); an instrument that note points to comes along (the labour
    inspectorate's note points to the law limiting its inspections)."""
    if rec_actions is None or instruments is None or not len(rec_actions) or not len(instruments):
        return []
    kept_keys = set(recs["key"])
    blocks = {b.key: b for b in inst.recommendations.blocks}
    by_cap: dict[str, list[str]] = {}
    rows = {r["id"]: r for r in instruments.to_dict("records") if str(r.get("status")) == "in_force"}
    for i, r in rows.items():
        for k in _split(r.get("provides")):
            by_cap.setdefault(k, []).append(i)
    ids: list[str] = []
    for a in rec_actions.to_dict("records"):
        if a["key"] not in kept_keys or a["basis"] not in KEPT or not str(a["criterion"]).startswith(indicator_id + "."):
            continue
        block = blocks.get(a["key"])
        action = block.actions[int(a["action"]) - 1] if block and int(a["action"]) <= len(block.actions) else None
        found = [i for k in _split(a.get("requires")) for i in by_cap.get(k, [])]
        found += [i for k in (action.presupposes if action else []) for i in by_cap.get(k, [])
                  if rows[i].get("kind") in RULE_KINDS]
        found += [j for i in found for j in KEY_RX.findall(str(rows[i].get("gaps") or "")) if j in rows]
        ids += [i for i in found if i not in ids]
    out = []
    for i in ids:
        r = rows.get(i)
        if r is None or not str(r.get("gaps") or "").strip():
            continue
        fact = published_fact(r["gaps"])
        if not fact:
            continue
        cites = citation_text(r.get("citations"))
        title = str(r["title"])
        # the note is a fragment about the instrument ("Limited to registered companies…"):
        # it follows the instrument's name as what the documents say of it in practice
        fact = _lower_first(fact)
        out.append((i, _("On how the {instrument} works in practice, the documents say: {fact} ({citations})",
                         instrument=title, citations=cites, fact=fact.rstrip(".")) + "."
                    if cites else _("On how the {instrument} works in practice, the documents say: {fact}",
                                    instrument=title, fact=fact)))
    return out


# ------------------------------------------------------------------ the index recommendations read
@dataclass
class FindingsIndex:
    """Where each indicator is argued (section number and title) and which instrument facts
    each section states — what the recommendations chapter cites."""

    sections: dict[str, tuple[str, str]] = field(default_factory=dict)  # indicator → (section, title)
    facts: dict[str, set[str]] = field(default_factory=dict)  # indicator → instrument ids stated

    def section_words(self, indicator_ids) -> str:
        """'section 2.2.1 (National Referral Mechanism …) and section 2.2.5 (…)'"""
        refs = [self.sections[i] for i in dict.fromkeys(indicator_ids) if i in self.sections]
        return format_list(_("section {number} ({title})", number=n, title=t) for n, t in refs)


def indicator_subsection_number(area_number: str, k: int) -> str:
    return f"{area_number}.{k}"


def status_counts(criteria: list[Criterion], status_label) -> str:
    """'5 met, 3 partly met and 2 not met' over the given criteria (statuses present only)."""
    order = ("met", "partly_met", "not_met", "insufficient_evidence")
    counts = {s: sum(1 for c in criteria if c.status == s) for s in order}
    return format_list(_("{n} {status}", n=format_number(counts[s]), status=status_label(s).lower())
                       for s in order if counts[s])


def number_of(n: int) -> str:
    return number_word(n)


__all__ = ["TableNumbers", "Criterion", "criteria_of", "documents_paragraph", "Voices", "voices_of",
           "interviews_sentence", "read_from", "survey_sentence", "overall_sentence", "reason", "criterion_line",
           "relied_facts", "FindingsIndex", "published_fact", "status_counts", "LIST_SEP"]
