"""Report parts built from the data rather than from one table: the
limitations section, the evidence annex (for a reader, with the machine detail
in a CSV beside the report) and the bibliography of the desk review's sources,
in which every citation made in the text resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from .. import catalogue
from ..instruments import Rubric
from ..messages import N_, _, format_list, format_number, label, ngettext, share_beside
from ..scoring.criteria import SOURCES, criterion_kind, level_pairs, split_ids
from ..small_cells import is_small_cell
from ..documents.docx_tools import caption, note, table

# What each source is called in running text ("the desk review and interviews agree").
SOURCE_WORDS = {"desk": N_("desk review"), "survey": N_("survey"), "interview": N_("interviews")}
# A status in running text ("read as partly met").
STATUS_WORDS = {"met": N_("met"), "partly_met": N_("partly met"), "not_met": N_("not met"),
                "insufficient_evidence": N_("insufficient evidence")}
# The rubric's stakeholder types of interviews, in running text.
STAKEHOLDER_WORDS = {"state": N_("State bodies"), "ngo": N_("non-governmental organizations"),
                     "international": N_("international organizations"), "other": N_("others")}
# The kind of criterion a weighted mean was taken for (ctnat.scoring.criteria.criterion_kind).
KIND_WORDS = {"framework": N_("framework"), "operational": N_("operational")}


def _status_word(status: str) -> str:
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


# ------------------------------------------------------------------ limitations
def numbers_rule(rubric: Rubric) -> str:
    """The report's rule for counts and percentages, worded from the rubric's ``percent_min_base``
    (the threshold ``ctnat.messages.share_beside`` applies in every document)."""
    return ngettext(
        "The report follows one rule for numbers: a figure about the people who took part (respondents, their "
        "answers, interview participants) is a count, n of N, and its percentage is given beside the count only "
        "when {n} or more people stand behind it (answers pooled over several statements count their respondents,"
        " not their answers); a percentage never stands alone. Area and indicator scores are the share of "
        "assessed criteria met, not of people, and are given as percentages.",
        "The report follows one rule for numbers: a figure about the people who took part (respondents, their "
        "answers, interview participants) is a count, n of N, and its percentage is given beside the count only "
        "when {n} or more people stand behind it (answers pooled over several statements count their respondents,"
        " not their answers); a percentage never stands alone. Area and indicator scores are the share of "
        "assessed criteria met, not of people, and are given as percentages.", rubric.percent_min_base)


def limitations(d) -> list[str]:
    """Paragraphs on what the evidence can and cannot carry, every figure read
    from the analysis tables: sample sizes, who was and was not reached, where,
    small cells, and what the assessor flagged."""
    out = []
    n_sur = d.count(d.profile, "total")
    n_int = d.count(d.iprofile, "interviews")
    blocks = d.totals.copy()
    answered = pd.to_numeric(blocks["respondents_to_block"], errors="coerce").fillna(0).astype(int)
    lo, hi = (int(answered.min()), int(answered.max())) if len(answered) else (0, 0)
    # a range whose ends are equal is one number: "6 respondents answered each block", never "between 6 and 6"
    answered_each = ngettext("{n} respondent answered each block of survey statements",
                             "{n} respondents answered each block of survey statements", lo) if lo == hi else \
        _("Between {lo} and {hi} respondents answered each block of survey statements", lo=format_number(lo),
          hi=format_number(hi))
    out.append(_(
        "The assessment rests on {interviews} and {responses}. {answered_each}. {numbers_rule} The survey describes "
        "the views of those who answered, not of the sector as a whole.",
        interviews=ngettext("{n} interview", "{n} interviews", n_int),
        responses=ngettext("{n} survey response", "{n} survey responses", n_sur), answered_each=answered_each,
        numbers_rule=numbers_rule(d.rubric)))
    ent = d.iprofile[d.iprofile["dimension"] == "entity_type"]
    reached = [(r["label"], int(r["count"])) for r in ent.to_dict("records") if int(r["count"]) > 0]
    missed = [r["label"].lower() for r in ent.to_dict("records") if int(r["count"]) == 0 and r["code"] != "other"]
    groups = d.profile[d.profile["dimension"] == "position_group"]
    g_missed = [r["label"].lower() for r in groups.to_dict("records") if int(r["count"]) == 0 and r["code"] != "other"]
    g_one = [r["label"].lower() for r in groups.to_dict("records") if int(r["count"]) == 1]
    sentences = [_("Interviews reached {entities}.", entities=format_list(
        _("{label} ({n})", label=text.lower(), n=format_number(n)) for text, n in reached))]
    if missed:
        sentences.append(_("No interview was held with {entities}.", entities=format_list(missed, style="or")))
    if g_missed:
        sentences.append(_("No survey respondent worked in {groups}.", groups=format_list(g_missed, style="or")))
    if g_one:
        sentences.append(_("Only one respondent each came from {groups}, so their answers are individual views of "
                           "those groups.", groups=format_list(g_one)))
    out.append(" ".join(sentences))
    capital = d.context.get("capital")
    if capital:
        out.append(_(
            "All interviews were held in {capital}. Practice outside the capital — in the regions, at borders and "
            "in labour-receiving sectors — reaches the assessment only through what national bodies and the "
            "survey's respondents reported about it.", capital=capital))
    small = d.rubric.small_cell
    counts = pd.to_numeric(d.items["count"], errors="coerce").fillna(0).astype(int)
    grid_q = {f.code for f in d.inst.survey.grid_fields()}
    in_grid = d.items["question"].isin(grid_q)
    n_small = int((is_small_cell(counts, small) & in_grid).sum())
    n_cells = int(((counts > 0) & in_grid).sum())
    out.append(ngettext(
        "Of the {n} answer cell of the survey grids that holds any answers, {small} holds fewer than {min}; they "
        "are marked * in the tables and read as individual views, not trends.",
        "Of the {n} answer cells of the survey grids that hold any answers, {small} hold fewer than {min}; they "
        "are marked * in the tables and read as individual views, not trends.", n_cells,
        small=format_number(n_small), min=format_number(small)))
    sc = d.scores
    flags = []
    n_ie = int((sc["status"] == "insufficient_evidence").sum())
    if n_ie:
        flags.append(ngettext("{n} of the {total} criteria had too little evidence to be scored",
                              "{n} of the {total} criteria had too little evidence to be scored", n_ie,
                              total=format_number(len(sc))))
    single = int((sc["rule"] == "R1").sum())
    if single:
        flags.append(ngettext("{n} was decided on a single source", "{n} were decided on a single source", single))
    mixed = int((sc["rule"] == "R3").sum())
    if mixed:
        flags.append(_("on {n} the sources disagreed and were weighed", n=format_number(mixed)))
    over = sc[sc["overridden"].map(_yes)]
    if len(over):
        flags.append(_("the assessor overrode the computed status of {n} ({criteria})", n=format_number(len(over)),
                       criteria=format_list(f"{r.indicator} {d.inst.indicators.short_level(r.criterion)}"
                                            for r in over.itertuples())))
    if flags:
        out.append(_("Of the scores: {flags}.", flags="; ".join(flags)) + " "
                   + _("Annex {letter} gives the reason for each status.", letter=d.annexes["evidence"]))
    return out


# ------------------------------------------------------------------ evidence
# Every sentence about a criterion's evidence is worded here from the columns
# of scores.csv (see ctnat.scoring.criteria.SCORE_COLUMNS); none is read back
# from another stage's text.
def signal_sources(row: dict) -> list[str]:
    """The sources that gave a signal, in the order desk, survey, interview."""
    return [s for s in SOURCES if row.get(f"{s}_signal")]


def _favourable(row: dict, min_base: int, respondents: int | None = None) -> str:
    """'8 of 13 favourable'; from ``min_base`` answers (and, pooled over statements, ``min_base`` of the
    survey's ``respondents``) up '24 of 40 favourable (60%)' — the numbers rule."""
    n, fav = int(row["survey_n"]), int(row["survey_favourable"])
    # TRANSLATORS: {share} is empty or " (60%)", printed only on a base large enough (rubric percent_min_base)
    return _("{favourable} of {n} favourable{share}", favourable=format_number(fav), n=format_number(n),
             share=share_beside(fav, n, min_base, respondents))


def _segments(row: dict) -> str:
    """'1 supporting, 2 contradicting segments from 3 interviews'."""
    sup, con = int(row["interview_supporting"]), int(row["interview_contradicting"])
    return ngettext("{supporting} supporting, {contradicting} contradicting segment from {interviews}",
                    "{supporting} supporting, {contradicting} contradicting segments from {interviews}", sup + con,
                    supporting=format_number(sup), contradicting=format_number(con),
                    interviews=ngettext("{n} interview", "{n} interviews", int(row["interview_n"])))


def signal_detail(row: dict, source: str, min_base: int, respondents: int | None = None) -> str:
    """What one source's signal rests on: 'met (Aze 7; Aze 6)', '8 of 13
    favourable', '1 supporting, 2 contradicting segments from 3 interviews'
    (``min_base``: the rubric's ``percent_min_base``; ``respondents``: the survey's)."""
    if source == "desk":
        cites = split_ids(row["desk_citations"])
        return row["desk_finding"] + (f" ({'; '.join(cites)})" if cites else "")
    if source == "survey":
        return _favourable(row, min_base, respondents)
    return _segments(row)


def _nap_words(row: dict) -> str:
    """'covered (13.1.5)', with the plan's request to check; '' without a plan."""
    if not row.get("nap_status"):
        return ""
    ids = split_ids(row["nap_measures"])
    text = row["nap_status"] + (f" ({', '.join(ids)})" if ids else "")
    if _yes(row.get("nap_check")):
        text = _("{nap} — no NAP measure: assessor to check this framework criterion", nap=text)
    return text


def nap_detail(row: dict) -> str:
    """'NAP: covered (13.1.5)', with the plan's request to check, or '' without a plan."""
    words = _nap_words(row)
    return _("NAP: {detail}", detail=words) if words else ""


def not_counted(row: dict) -> list[str]:
    """The evidence the rules set aside, as 'source ref', in the order desk, survey, interview."""
    out = []
    if row.get("desk_finding") and not row.get("desk_signal"):
        ref = f"{row['indicator']}.{row['criterion']}"
        out.append(_("desk {ref}", ref=ref))
    aside = split_ids(row.get("survey_items")) if not row.get("survey_signal") else split_ids(row.get("survey_unmatched"))
    out += [_("survey {ref}", ref=q) for q in aside]
    out += [_("interview {ref}", ref=s) for s in split_ids(row.get("interview_uncounted"))]
    return out


def counted_survey_items(row: dict) -> list[str]:
    """The survey items that measure what the criterion asks (the others are set aside)."""
    unmatched = set(split_ids(row.get("survey_unmatched")))
    return [q for q in split_ids(row.get("survey_items")) if q not in unmatched]


def evidence_line(row: dict, min_base: int, respondents: int | None = None) -> str:
    """The evidence column of the annex CSV: every signal with its references,
    the NAP's word and what was not counted."""
    parts = []
    for src in signal_sources(row):
        refs = {"survey": counted_survey_items(row), "interview": split_ids(row["interview_segments"])}.get(src, [])
        parts.append(_("{source}: {detail}", source=_(SOURCE_WORDS[src]), detail=signal_detail(row, src, min_base, respondents))
                     + (f" [{', '.join(refs)}]" if refs else ""))
    if _nap_words(row):
        parts.append(_("NAP, for the assessor to confirm: {detail}", detail=_nap_words(row)))
    if not_counted(row):
        parts.append(_("not counted: {refs}", refs=", ".join(not_counted(row))))
    return " | ".join(parts)


def _below_min_notes(row: dict, rubric: Rubric) -> list[str]:
    notes = []
    if _yes(row.get("survey_below_min")):
        notes.append(ngettext("survey: n={n} valid answer, below the minimum of {min}",
                              "survey: n={n} valid answers, below the minimum of {min}", int(row["survey_n"]),
                              min=format_number(rubric.survey.min_n)))
    if _yes(row.get("interview_below_min")):
        notes.append(_("interviews: {segments}, below the minimum of {min} or {types}", segments=ngettext(
            "{n} segment from {interviews}", "{n} segments from {interviews}",
            int(row["interview_supporting"]) + int(row["interview_contradicting"]),
            interviews=ngettext("{n} interview", "{n} interviews", int(row["interview_n"]))),
            min=ngettext("{n} interview", "{n} interviews", rubric.interview.min_interviews),
            types=ngettext("{n} stakeholder type", "{n} stakeholder types", rubric.interview.min_types)))
    return notes


def _computed_rule_line(row: dict, rubric: Rubric) -> str:
    rule, sources = row["computed_rule"], "+".join(signal_sources(row))
    if rule == "R5":
        return "; ".join([_("R5 framework criterion without a cited desk-review finding"),
                          *_below_min_notes(row, rubric)])
    if rule == "R0":
        notes = [_("R0 no usable evidence")]
        return "; ".join(notes + _below_min_notes(row, rubric))
    if rule == "R1":
        return _("R1 single source ({sources})", sources=sources)
    if rule == "R2":
        return _("R2 sources agree ({sources})", sources=sources)
    if rule == "R3":
        kind = criterion_kind(row["criterion"])
        return _("R3 weighted {kind} mean {mean} ({sources})", kind=_(KIND_WORDS[kind]) if kind in KIND_WORDS else kind,
                 mean=format_number(float(row["weighted_mean"]), decimals=2), sources=sources)
    return _("R4 framework criterion decided by the cited desk-review finding ({sources})", sources=sources)


def rule_line(row: dict, rubric: Rubric) -> str:
    """The rule column of the annex CSV: the rule id with what it weighed, and
    the C1/C2 flags; an override names the computed status and rule."""
    if _yes(row.get("overridden")):
        return _("OVERRIDE (computed: {status} by {rule})", status=row["computed_status"],
                 rule=_computed_rule_line(row, rubric))
    flags = ([_("C1 to confirm")] if _yes(row.get("conflicting")) else []) + (
        [_("C2 to confirm")] if _yes(row.get("level_above")) else []) + (
        [_("C3 to confirm")] if _yes(row.get("opinion_only")) else [])
    return "; ".join([_computed_rule_line(row, rubric), *flags])


def why(row: dict) -> str:
    """The rubric rule that decided a status, in words."""
    tail = ""
    if _yes(row.get("opinion_only")):
        tail = " " + _("Stakeholders spoke to it: for the assessor to check the documents (see the section on "
                       "conflicting evidence).")
    elif _yes(row.get("to_confirm")):
        tail = " " + _("The sources conflict: for the assessor to confirm (see the section on conflicting evidence).")
    rule, status = row["rule"], row["status"]
    word = _status_word(status)
    names = format_list(_(SOURCE_WORDS[s]) for s in signal_sources(row))
    if rule == "OVERRIDE":
        override = row.get("override_reason") or ""
        return (_("Set by the assessor: {reason}", reason=override) if override else _("Set by the assessor.")) + tail
    if rule == "R0":
        return _("No source gave usable evidence on this criterion.") + tail
    if rule == "R5":
        return _("A framework criterion, which only a document can establish: the desk review cites none, so the "
                 "evidence is insufficient.") + tail
    if rule == "R1":
        return _("Only the {sources} spoke to it: {status}.", sources=names, status=word) + tail
    if rule == "R2":
        return _("The {sources} agree: {status}.", sources=names, status=word) + tail
    if rule == "R4":
        return _("A framework criterion, decided by the finding the desk review cites: {status}.", status=word) + tail
    return _("The {sources} differ; weighed together they score {mean} on a 0–1 scale, read as {status}.",
             sources=names, mean=format_number(float(row["weighted_mean"]), decimals=2), status=word) + tail


def sources_text(row: dict, min_base: int, respondents: int | None = None) -> str:
    """The sources a status rests on, one line each, for a reader: without
    segment ids or what the rules set aside (both are in the annex CSV)."""
    lines = []
    for src in signal_sources(row):
        if src == "desk":
            cites = split_ids(row["desk_citations"])
            lines.append(_("Desk review: {status}", status=_status_word(row["desk_signal"]))
                         + (f" ({'; '.join(cites)})" if cites else ""))
        elif src == "survey":
            lines.append(_("Survey: {detail}", detail=_favourable(row, min_base, respondents)))
        else:
            sup, con = int(row["interview_supporting"]), int(row["interview_contradicting"])
            lines.append(_("Interviews: {remarks}", remarks=ngettext(
                "{supporting} supporting, {contradicting} contradicting remark from {interviews}",
                "{supporting} supporting, {contradicting} contradicting remarks from {interviews}", sup + con,
                supporting=format_number(sup), contradicting=format_number(con),
                interviews=ngettext("{n} interview", "{n} interviews", int(row["interview_n"])))))
    if row.get("nap_status"):
        lines.append(_("National Action Plan (to confirm): {detail}", detail=_nap_words(row)))
    return "\n".join(lines)


# What a source other than the desk review said, in a reason to confirm.
SOURCE_SAYS = {"survey": N_("survey says {status} ({detail})"), "interview": N_("interview says {status} ({detail})")}


def confirm_reasons(scores: pd.DataFrame, rubric: Rubric, level_name=str,
                    respondents: int | None = None) -> dict[tuple[str, str], str]:
    """Why each provisional status is to be confirmed (C1, C2, C3), by criterion
    (``level_name``: a criterion level's name for readers, 'Framework L1' for fw1)."""
    rows = {(r["indicator"], r["criterion"]): r for r in scores.to_dict("records")}
    level_1 = {l2: l1 for l1, l2 in level_pairs(rubric)}
    out = {}
    for key, r in rows.items():
        reasons = []
        if _yes(r.get("conflicting")):
            desk = r["desk_signal"]
            reasons.append(_("conflicting evidence: the cited desk finding says {status}, but {others}",
                             status=_status_word(desk), others="; ".join(
                                 _(SOURCE_SAYS[s], status=_status_word(r[f"{s}_signal"]),
                                   detail=signal_detail(r, s, rubric.percent_min_base, respondents))
                                 for s in signal_sources(r) if s != "desk" and r[f"{s}_signal"] != desk)))
        if _yes(r.get("opinion_only")):
            reasons.append(_("no cited desk-review finding, but {others}", others="; ".join(
                _(SOURCE_SAYS[s], status=_status_word(r[f"{s}_signal"]),
                  detail=signal_detail(r, s, rubric.percent_min_base, respondents))
                for s in signal_sources(r) if s != "desk") or _("the desk review gives a finding without a source")))
        if _yes(r.get("level_above")):
            low = rows[(key[0], level_1[key[1]])]
            reasons.append(_("Level 2 ({status}) rated above its {criterion} ({status_1})",
                             status=_status_word(r["status"]), criterion=level_name(low["criterion"]),
                             status_1=_status_word(low["status"])))
        if reasons:
            out[key] = "; ".join(reasons)
    return out


def _yes(value) -> bool:
    """A flag of scores.csv, typed (True) or as text ('True')."""
    return value is True or str(value).strip().lower() in ("true", "1")


def evidence_rules_text(rubric: Rubric) -> str:
    """How evidence counts, with the rubric's minimums: what speaks to which
    criterion, how framework criteria are decided, and how interviews count."""
    return " ".join([
        _("Evidence counts for a criterion only when it measures what the criterion asks. Whether a law, plan, "
          "body or procedure exists, and what it sets out, is established by the documents of the desk review: "
          "without a cited finding a framework criterion is left as insufficient evidence, never scored from "
          "opinion. Survey statements on adequacy speak only to criteria about adequacy or how stakeholders see "
          "the response; a statement on how often something happens counts as met from the answer the criterion "
          "calls for (“sometimes” for occasional practice, “often” for consistent or "
          "proactive practice)."),
        ngettext("A survey signal needs at least {n} valid answer.", "A survey signal needs at least {n} valid answers.",
                 rubric.survey.min_n),
        _("Interviews count by stakeholder type ({types}): each interview is one voice, each type's view the "
          "balance of its interviews; when the types agree their view is taken, when they differ the criterion "
          "reads as partly met. An interview signal needs {interviews} or views from {groups}. Recommendations "
          "made in interviews, survey comments and remarks on another topic inform the text, not a status.",
          types=format_list(_(STAKEHOLDER_WORDS.get(t, t)) for t in rubric.interview.stakeholder_types),
          interviews=ngettext("{n} interview", "{n} interviews", rubric.interview.min_interviews),
          groups=ngettext("{n} stakeholder type", "{n} stakeholder types", rubric.interview.min_types)),
    ])


def evidence_annex(doc, d, heading: str) -> Path:
    """The evidence annex for a reader — criterion, status, why, sources —
    and ``<ISO3>_evidence_annex.csv`` with the machine detail beside the report."""
    doc.add_heading(heading, level=1)
    doc.add_paragraph(_(
        "For each criterion: the status, why the rules of rubric version {version} gave it, and the sources it "
        "rests on (desk-review citations, survey statements with their favourable answers, and how many "
        "interviews spoke to it). The rule codes and the coded interview passages behind every row are in "
        "the evidence spreadsheet delivered with this report.", version=d.rubric.version))
    doc.add_paragraph(evidence_rules_text(d.rubric))
    inst = d.inst
    by_id = {i.id: i for i in inst.indicators.indicators}
    respondents = d.count(d.profile, "total")  # answers pooled over statements come from these people
    rows_csv = []
    for area in inst.indicators.areas:
        area_title = label(area.title).lower()
        doc.add_heading(_("Evidence: {area}", area=area_title), level=2)
        sub = d.scores[d.scores["indicator"].map(lambda i: by_id[i].area if i in by_id else "") == area.id]
        rows = []
        for r in sub.to_dict("records"):
            ind = by_id[r["indicator"]]
            crit_text = label(ind.criteria[r["criterion"]])
            reason = why(r)
            rows.append([f"{r['indicator']} {inst.indicators.short_level(r['criterion'])}: {crit_text}",
                         inst.status_label(r["status"]), reason,
                         sources_text(r, d.rubric.percent_min_base, respondents)])
            rows_csv.append({"indicator": r["indicator"], "criterion": r["criterion"], "criterion_text": crit_text,
                             "status": r["status"], "why": reason, "rule": rule_line(r, d.rubric),
                             "evidence": evidence_line(r, d.rubric.percent_min_base, respondents),
                             "override_reason": r.get("override_reason", ""),
                             "rubric_version": r.get("rubric_version", "")})
        table(doc, [_("Criterion"), _("Status"), _("Why"), _("Sources")], rows, font_size=8)
        caption(doc, _("Evidence for each criterion: {area}", area=area_title))
    return catalogue.write("evidence_annex", pd.DataFrame(rows_csv), d.country, d.root)


# ------------------------------------------------------------------ bibliography
def desk_sources(country: str, root=None) -> list[dict]:
    """The desk review's source list, as ingest wrote it (``desk_sources.csv``)."""
    sources = catalogue.read("desk_sources", country, root, missing_ok=True)
    return sources.to_dict("records") if sources is not None else []


def citation_pattern(ids: list[str]) -> re.Pattern:
    """A pattern for citations such as 'Aze 17' built from the sources' id prefixes."""
    prefixes = sorted({re.sub(r"\s*\d+$", "", str(i)) for i in ids if re.search(r"\d+$", str(i))}) or ["Aze"]
    return re.compile(r"\b(" + "|".join(re.escape(p) for p in prefixes) + r") (\d+)\b")


def citations_in(text: str, ids: list[str]) -> set[str]:
    return {f"{m.group(1)} {m.group(2)}" for m in citation_pattern(ids).finditer(text)}


def document_text(doc) -> str:
    """The text of every paragraph of the body, tables included, one per line
    (read from the XML: python-docx's cell objects cost a second per report)."""
    from docx.oxml.ns import qn

    para, text = qn("w:p"), qn("w:t")
    return "\n".join("".join(t.text or "" for t in p.iter(text)) for p in doc.element.body.iter(para))


def bibliography_line(s: dict) -> tuple[str, str, str]:
    """A complete source in the report's one citation style, as (before the title,
    the title, after it): ``Author or organisation (year) Title. Publisher.
    Document number. URL.`` — the title set in italics by the caller."""
    head = f"{s['author']} ({s['year']}) "
    parts = [str(s.get(k) or "").strip().rstrip(".") for k in ("publisher", "number", "url")]
    return head, str(s["title"]).strip().rstrip("."), "".join(f". {t}" for t in parts if t) + "."


def complete(s: dict) -> bool:
    """A source with the author, title and year a bibliography line needs (ingest
    writes what it lacks under ``missing``)."""
    return not str(s.get("missing") or "").strip()


def bibliography_annex(doc, d, heading: str) -> list[str]:
    """List every complete source of the desk review (author or organisation,
    year, title…: see :func:`bibliography_line`); returns the citations in the
    text that resolve to no line — a source not listed, or one without an author,
    title or year — which are written under the list, for the assessor to fix."""
    sources = desk_sources(d.country, d.root)
    ids = [str(s["id"]) for s in sources]
    listed = [s for s in sources if complete(s)]
    cited = citations_in(document_text(doc), ids)
    doc.add_heading(heading, level=1)
    if not listed:
        doc.add_paragraph(_("The desk review lists no sources."))
    else:
        keys = {str(s["id"]) for s in listed}
        doc.add_paragraph(ngettext(
            "The documents of the desk review, by the short reference used in the text ({n} of the {total} is "
            "cited in this report).",
            "The documents of the desk review, by the short reference used in the text ({n} of the {total} are "
            "cited in this report).", len(cited & keys), total=format_number(len(keys))))
    for s in sorted(listed, key=lambda s: _id_key(str(s["id"]))):
        head, title, tail = bibliography_line(s)
        p = doc.add_paragraph()
        p.add_run(f"{s['id']}").bold = True
        p.add_run(f"  {head}")
        p.add_run(title).italic = True
        p.add_run(tail)
    missing = sorted(cited - set(ids), key=_id_key)
    if missing:
        note(doc, _("Cited in the text but not in the desk review's source list (for the assessor to add): "
                    "{citations}.", citations=", ".join(missing)))
    lacking = {str(s["id"]): str(s["missing"]).split(";") for s in sources if not complete(s)}
    untitled = sorted(cited & set(lacking), key=_id_key)
    if untitled:
        note(doc, _("Cited in the text but left out of this list because the desk review's source list does not "
                    "give what a reference needs (for the assessor to complete): {citations}.",
                    citations="; ".join(f"{i} ({format_list(_(FIELD_WORDS[k]) for k in lacking[i])})"
                                        for i in untitled)))
    return sorted(set(missing) | set(untitled), key=_id_key)


#: A source's field, in words, for the note on incomplete sources.
FIELD_WORDS = {"author": N_("author or organisation"), "title": N_("title"), "year": N_("year")}


def _id_key(i: str):
    m = re.match(r"(.*?)(\d+)$", i)
    return (m.group(1), int(m.group(2))) if m else (i, 0)
