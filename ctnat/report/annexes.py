"""Report parts built from the data rather than from one table: the
limitations section, the evidence annex (for a reader, with the machine detail
in a CSV beside the report) and the bibliography of the desk review's sources,
in which every citation made in the text resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from .. import catalogue
from ..scoring.criteria import SOURCES, criterion_kind, level_pairs, split_ids
from ..small_cells import is_small_cell
from ..style import STATUS_LABELS
from ..documents.docx_tools import caption, note, table

CRIT_SHORT = {"fw1": "Framework L1", "fw2": "Framework L2", "op1": "Operational L1", "op2": "Operational L2"}
SOURCE_WORDS = {"desk": "desk review", "survey": "survey", "interview": "interviews"}


# ------------------------------------------------------------------ limitations
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
    out.append(
        f"The assessment rests on {n_int} interviews and {n_sur} survey responses. Between {lo} and {hi} respondents "
        "answered each block of survey statements, so every survey figure is given as a count (n) and none as a "
        "percentage of the population of practitioners; the survey describes the views of those who answered, "
        "not of the sector as a whole.")
    ent = d.iprofile[d.iprofile["dimension"] == "entity_type"]
    reached = [(r["label"], int(r["count"])) for r in ent.to_dict("records") if int(r["count"]) > 0]
    missed = [r["label"].lower() for r in ent.to_dict("records") if int(r["count"]) == 0 and r["code"] != "other"]
    groups = d.profile[d.profile["dimension"] == "position_group"]
    g_missed = [r["label"].lower() for r in groups.to_dict("records") if int(r["count"]) == 0 and r["code"] != "other"]
    g_one = [r["label"].lower() for r in groups.to_dict("records") if int(r["count"]) == 1]
    text = "Interviews reached " + _join([f"{label.lower()} ({n})" for label, n in reached]) + "."
    if missed:
        text += f" No interview was held with {_join(missed, 'or')}."
    if g_missed:
        text += f" No survey respondent worked in {_join(g_missed, 'or')}."
    if g_one:
        text += (f" Only one respondent each came from {_join(g_one)}, so their answers are individual views of "
                 "those groups.")
    out.append(text)
    capital = d.context.get("capital")
    if capital:
        out.append(
            f"All interviews were held in {capital}. Practice outside the capital — in the regions, at borders and "
            "in labour-receiving sectors — reaches the assessment only through what national bodies and the "
            "survey's respondents reported about it.")
    small = int(d.rubric["small_cell"])
    counts = pd.to_numeric(d.items["count"], errors="coerce").fillna(0).astype(int)
    grid_q = {f.code for f in d.inst.survey.grid_fields()}
    in_grid = d.items["question"].isin(grid_q)
    n_small = int((is_small_cell(counts, small) & in_grid).sum())
    n_cells = int(((counts > 0) & in_grid).sum())
    out.append(f"Of the {n_cells} answer cells of the survey grids that hold any answers, {n_small} hold fewer than "
               f"{small}; they are marked * in the tables and read as individual views, not trends.")
    sc = d.scores
    flags = []
    n_ie = int((sc["status"] == "insufficient_evidence").sum())
    if n_ie:
        flags.append(f"{n_ie} of the {len(sc)} criteria had too little evidence to be scored")
    single = int((sc["rule"] == "R1").sum())
    if single:
        flags.append(f"{single} were decided on a single source")
    mixed = int((sc["rule"] == "R3").sum())
    if mixed:
        flags.append(f"on {mixed} the sources disagreed and were weighed")
    over = sc[sc["overridden"].map(_yes)]
    if len(over):
        flags.append(f"the assessor overrode the computed status of {len(over)} "
                     f"({_join([f'{r.indicator} {CRIT_SHORT.get(r.criterion, r.criterion)}' for r in over.itertuples()])})")
    if flags:
        out.append("Of the scores: " + "; ".join(flags) + ". Annex D gives the reason for each status.")
    return out


def _join(parts: list[str], last: str = "and") -> str:
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {last} " + parts[-1]


# ------------------------------------------------------------------ evidence
# Every sentence about a criterion's evidence is worded here from the columns
# of scores.csv (see ctnat.scoring.criteria.SCORE_COLUMNS); none is read back
# from another stage's text.
STATUS_WORDS = {"met": "met", "partly_met": "partly met", "not_met": "not met"}
NAP_CHECK = "no NAP measure: assessor to check this framework criterion"


def signal_sources(row: dict) -> list[str]:
    """The sources that gave a signal, in the order desk, survey, interview."""
    return [s for s in SOURCES if row.get(f"{s}_signal")]


def _share(fav: int, n: int) -> str:
    return f"{fav / n:.0%}"


def signal_detail(row: dict, source: str) -> str:
    """What one source's signal rests on: 'met (Aze 7; Aze 6)', '8/13 favourable
    (62%)', '1 supporting, 2 contradicting segment(s) from 3 interview(s)'."""
    if source == "desk":
        cites = split_ids(row["desk_citations"])
        return row["desk_finding"] + (f" ({'; '.join(cites)})" if cites else "")
    if source == "survey":
        n, fav = int(row["survey_n"]), int(row["survey_favourable"])
        return f"{fav}/{n} favourable ({_share(fav, n)})"
    return (f"{int(row['interview_supporting'])} supporting, {int(row['interview_contradicting'])} contradicting "
            f"segment(s) from {int(row['interview_n'])} interview(s)")


SIGNAL_HEAD = {"desk": "desk review", "survey": "survey", "interview": "interviews"}


def nap_detail(row: dict) -> str:
    """'NAP: covered (13.1.5)', with the plan's request to check, or '' without a plan."""
    if not row.get("nap_status"):
        return ""
    ids = split_ids(row["nap_measures"])
    return (f"NAP: {row['nap_status']}" + (f" ({', '.join(ids)})" if ids else "")
            + (f" — {NAP_CHECK}" if _yes(row.get("nap_check")) else ""))


def not_counted(row: dict) -> list[str]:
    """The evidence the rules set aside, as 'source ref', in the order desk, survey, interview."""
    out = []
    if row.get("desk_finding") and not row.get("desk_signal"):
        out.append(f"desk {row['indicator']}.{row['criterion']}")
    if not row.get("survey_signal"):
        out += [f"survey {q}" for q in split_ids(row.get("survey_items"))]
    out += [f"interview {s}" for s in split_ids(row.get("interview_uncounted"))]
    return out


def evidence_line(row: dict) -> str:
    """The evidence column of the annex CSV: every signal with its references,
    the NAP's word and what was not counted."""
    parts = []
    for src in signal_sources(row):
        refs = {"survey": split_ids(row["survey_items"]), "interview": split_ids(row["interview_segments"])}.get(src, [])
        parts.append(f"{SIGNAL_HEAD[src]}: {signal_detail(row, src)}" + (f" [{', '.join(refs)}]" if refs else ""))
    if nap_detail(row):
        parts.append("NAP, for the assessor to confirm: " + nap_detail(row))
    if not_counted(row):
        parts.append("not counted: " + ", ".join(not_counted(row)))
    return " | ".join(parts)


def _computed_rule_line(row: dict, rubric: dict) -> str:
    rule, sources = row["computed_rule"], "+".join(signal_sources(row))
    if rule == "R0":
        notes = []
        if _yes(row.get("survey_below_min")):
            notes.append(f"survey: n={int(row['survey_n'])} valid answers, below the minimum of "
                         f"{rubric['survey']['min_n']}")
        if _yes(row.get("interview_below_min")):
            notes.append(f"interviews: {int(row['interview_supporting']) + int(row['interview_contradicting'])} "
                         f"segment(s) from {int(row['interview_n'])} interview(s), below the minimum of "
                         f"{int(rubric['interview']['min_interviews'])}")
        return "; ".join(["R0 no usable evidence", *notes])
    if rule == "R1":
        return f"R1 single source ({sources})"
    if rule == "R2":
        return f"R2 sources agree ({sources})"
    if rule == "R3":
        return f"R3 weighted {criterion_kind(row['criterion'])} mean {float(row['weighted_mean']):.2f} ({sources})"
    return f"R4 framework criterion decided by the cited desk-review finding ({sources})"


def rule_line(row: dict, rubric: dict) -> str:
    """The rule column of the annex CSV: the rule id with what it weighed, and
    the C1/C2 flags; an override names the computed status and rule."""
    if _yes(row.get("overridden")):
        return f"OVERRIDE (computed: {row['computed_status']} by {_computed_rule_line(row, rubric)})"
    return (_computed_rule_line(row, rubric) + ("; C1 to confirm" if _yes(row.get("conflicting")) else "")
            + ("; C2 to confirm" if _yes(row.get("level_above")) else ""))


def why(row: dict) -> str:
    """The rubric rule that decided a status, in words."""
    tail = " The sources conflict: for the assessor to confirm (see the section on conflicting evidence)." \
        if _yes(row.get("to_confirm")) else ""
    rule, status = row["rule"], row["status"]
    label = STATUS_LABELS.get(status, status).lower()
    names = _join([SOURCE_WORDS[s] for s in signal_sources(row)])
    if rule == "OVERRIDE":
        override = row.get("override_reason") or ""
        return (f"Set by the assessor: {override}" if override else "Set by the assessor.") + tail
    if rule == "R0":
        return "No source gave usable evidence on this criterion." + tail
    if rule == "R1":
        return f"Only the {names} spoke to it: {label}." + tail
    if rule == "R2":
        return f"The {names} agree: {label}." + tail
    if rule == "R4":
        return f"A framework criterion, decided by the finding the desk review cites: {label}." + tail
    return (f"The {names} differ; weighed together they score {float(row['weighted_mean']):.2f} on a 0–1 scale, "
            f"read as {label}." + tail)


def sources_text(row: dict) -> str:
    """The sources a status rests on, one line each, for a reader: without
    segment ids or what the rules set aside (both are in the annex CSV)."""
    lines = []
    for src in signal_sources(row):
        if src == "desk":
            cites = split_ids(row["desk_citations"])
            lines.append(f"Desk review: {STATUS_WORDS[row['desk_signal']]}" + (f" ({'; '.join(cites)})" if cites else ""))
        elif src == "survey":
            lines.append(f"Survey: {signal_detail(row, src)}")
        else:
            lines.append(f"Interviews: {int(row['interview_supporting'])} supporting, "
                         f"{int(row['interview_contradicting'])} contradicting remarks from {int(row['interview_n'])} "
                         "interviews")
    if row.get("nap_status"):
        lines.append("National Action Plan (to confirm): " + nap_detail(row).removeprefix("NAP: "))
    return "\n".join(lines)


def confirm_reasons(scores: pd.DataFrame, rubric: dict) -> dict[tuple[str, str], str]:
    """Why each provisional status is to be confirmed (C1, C2), by criterion."""
    rows = {(r["indicator"], r["criterion"]): r for r in scores.to_dict("records")}
    level_1 = {l2: l1 for l1, l2 in level_pairs(rubric)}
    out = {}
    for key, r in rows.items():
        reasons = []
        if _yes(r.get("conflicting")):
            desk = r["desk_signal"]
            reasons.append(f"conflicting evidence: the cited desk finding says {STATUS_WORDS[desk]}, but " + "; ".join(
                f"{s} says {STATUS_WORDS[r[f'{s}_signal']]} ({signal_detail(r, s)})"
                for s in signal_sources(r) if s != "desk" and r[f"{s}_signal"] != desk))
        if _yes(r.get("level_above")):
            low = rows[(key[0], level_1[key[1]])]
            reasons.append(f"Level 2 ({STATUS_WORDS[r['status']]}) rated above its Level 1 {low['criterion']} "
                           f"({STATUS_WORDS[low['status']]})")
        if reasons:
            out[key] = "; ".join(reasons)
    return out


def _yes(value) -> bool:
    """A flag of scores.csv, typed (True) or as text ('True')."""
    return value is True or str(value).strip().lower() in ("true", "1")


def evidence_annex(doc, d, heading: str) -> Path:
    """The evidence annex for a reader — criterion, status, why, sources —
    and ``<ISO3>_evidence_annex.csv`` with the machine detail beside the report."""
    doc.add_heading(heading, level=1)
    csv = catalogue.path("evidence_annex", d.country, d.root)
    doc.add_paragraph(
        f"For each criterion: the status, why the rules of rubric version {d.rubric['version']} gave it, "
        "and the sources it rests on (desk-review citations, survey statements with their favourable answers, "
        "and how many interviews spoke to it). The rule codes and the coded interview passages behind every "
        f"row are in {csv.name}, beside this report.")
    inst = d.inst
    by_id = {i.id: i for i in inst.indicators.indicators}
    rows_csv = []
    for area in inst.indicators.areas:
        doc.add_heading(f"Evidence: {area['title']['en'].lower()}", level=2)
        sub = d.scores[d.scores["indicator"].map(lambda i: by_id[i].area if i in by_id else "") == area["id"]]
        rows = []
        for r in sub.to_dict("records"):
            ind = by_id[r["indicator"]]
            crit_text = ind.criteria[r["criterion"]]["en"]
            reason = why(r)
            rows.append([f"{r['indicator']} {CRIT_SHORT[r['criterion']]}: {crit_text}",
                         STATUS_LABELS[r["status"]], reason, sources_text(r)])
            rows_csv.append({"indicator": r["indicator"], "criterion": r["criterion"], "criterion_text": crit_text,
                             "status": r["status"], "why": reason, "rule": rule_line(r, d.rubric),
                             "evidence": evidence_line(r),
                             "override_reason": r.get("override_reason", ""),
                             "rubric_version": r.get("rubric_version", "")})
        table(doc, ["Criterion", "Status", "Why", "Sources"], rows, font_size=8)
        caption(doc, f"Evidence for each criterion: {area['title']['en'].lower()}")
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


def bibliography_annex(doc, d, heading: str) -> list[str]:
    """List every source of the desk review; returns the citations in the text
    that do not resolve (written under the list, for the assessor to fix)."""
    sources = desk_sources(d.country, d.root)
    ids = [str(s["id"]) for s in sources]
    cited = citations_in(document_text(doc), ids)
    doc.add_heading(heading, level=1)
    if not sources:
        doc.add_paragraph("The desk review lists no sources.")
        return sorted(cited)
    doc.add_paragraph("The documents of the desk review, by the short reference used in the text "
                      f"({len(cited & set(ids))} of the {len(ids)} are cited in this report).")
    for s in sorted(sources, key=lambda s: _id_key(str(s["id"]))):
        bits = [str(s.get(k)).strip() for k in ("author", "title") if s.get(k)]
        line = ". ".join(b.rstrip(".") for b in bits)
        extra = [str(s[k]) for k in ("publisher", "year", "url") if s.get(k)]
        p = doc.add_paragraph()
        p.add_run(f"{s['id']}").bold = True
        p.add_run(f"  {line}" + (f" ({', '.join(extra)})" if extra else "") + ".")
    missing = sorted(cited - set(ids), key=_id_key)
    if missing:
        note(doc, "Cited in the text but not in the desk review's source list (for the assessor to add): "
                  + ", ".join(missing) + ".")
    return missing


def _id_key(i: str):
    m = re.match(r"(.*?)(\d+)$", i)
    return (m.group(1), int(m.group(2))) if m else (i, 0)
