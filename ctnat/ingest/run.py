"""``ctnat ingest``.

:func:`ingest_country` reads everything under ``data/raw/<ISO3>/`` and writes the
processed tables. Ingest validates every input first and writes nothing when
any input has an error, so the previous processed data stays as it was.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from .. import __version__, catalogue
from ..atomic import atomic_dir
from ..csv_writer import write_frame
from ..confidentiality.mandates import mandate_cues
from ..confidentiality.quotes import screen_inputs
from ..instruments import CRITERIA, Instruments, load_instruments
from ..paths import instruments_dir, processed_dir, project_root, raw_dir
from ..problems import InputError, MissingInputError, Problem, printable
from ..tables import load_yaml
from .validate import validate_interview_file, validate_survey_file
from .scrub import scrub_text
from .store import sha256_of

SURVEY_SUFFIXES = {".csv", ".xlsx", ".sav", ".dta", ".docx", ".txt", ".tsv"}
INTERVIEW_SUFFIXES = {".md", ".markdown", ".csv", ".docx", ".txt"}
FINDINGS = ("met", "partly_met", "not_met", "unknown")


# ----------------------------------------------------------------------- ingest
def _desk_review(path: Path, inst: Instruments) -> tuple[pd.DataFrame, list[Problem], dict | None]:
    """The desk review's findings per criterion, its problems, and the parsed file
    (None when it is not valid YAML), which the sources' reader reuses."""
    problems = []
    name = path.name
    try:
        data = load_yaml(path) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return pd.DataFrame(), [Problem(name, f"not valid YAML ({getattr(exc, 'problem', exc)})",
                                        row=(mark.line + 1) if mark else None)], None
    if not isinstance(data, dict):  # the schema (country_facts.DeskReview) names what is wrong
        data = {}
    sources = {str(s.get("id")) for s in data.get("sources") or [] if isinstance(s, dict)}
    known = {(i.id, c) for i in inst.indicators.indicators for c in CRITERIA}
    rows, seen = {}, set()
    for n, e in enumerate(data.get("criteria") or []):
        if not isinstance(e, dict):
            continue  # the schema (country_facts.DeskReview) names it
        key = (str(e.get("indicator", "")), str(e.get("criterion", "")))
        where = f"criteria[{n}]"
        if key not in known:
            problems.append(Problem(name, "unknown criterion", column=where, value=f"{key[0]} {key[1]}",
                                    expected=(f"an indicator {inst.indicators.indicators[0].id}–"
                                              f"{inst.indicators.indicators[-1].id} "
                                              "and a criterion fw1, fw2, op1 or op2")))
            continue
        if key in seen:
            problems.append(Problem(name, f"criterion {key[0]} {key[1]} is listed twice", column=where))
        seen.add(key)
        finding = str(e.get("finding", "unknown")).strip()
        if finding not in FINDINGS:
            problems.append(Problem(name, "unknown finding", column=f"{where}.finding", value=finding,
                                    expected=", ".join(FINDINGS)))
        cites = e.get("citations") or []
        cites = [cites] if isinstance(cites, str) else [str(c) for c in cites]
        for c in cites:
            src = c.split(",")[0].strip()
            if sources and src not in sources:
                problems.append(Problem(name, f"citation '{c}' refers to a source not in the sources list",
                                        column=f"{where}.citations", value=src,
                                        expected="a source id listed under 'sources:'", severity="warning"))
        rows[key] = {"indicator": key[0], "criterion": key[1], "finding": finding,
                     "summary": scrub_text(e.get("summary", "")), "citations": "; ".join(cites)}
    missing = sorted(known - seen)
    if missing:
        problems.append(Problem(name, f"{len(missing)} criteria have no desk-review entry and are treated as "
                                      "'unknown'", value=", ".join(f"{i}.{c}" for i, c in missing[:8])
                                + ("…" if len(missing) > 8 else ""), severity="warning"))
    table = [rows.get((i.id, c)) or {"indicator": i.id, "criterion": c, "finding": "unknown", "summary": "",
                                     "citations": ""} for i in inst.indicators.indicators for c in CRITERIA]
    return pd.DataFrame(table), problems, data


def flag_names(segments: list[dict], terms: list[str]) -> None:
    """Set ``names_flagged`` on every segment whose text contains one of the
    personal terms (whole words, any case)."""
    pattern = None
    uniq = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if uniq:
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in uniq) + r")(?!\w)", re.I)
    for seg in segments:
        seg["names_flagged"] = bool(pattern and pattern.search(str(seg.get("text") or "")))


def _entry(p: Path, d: Path, root, kind: str, rows: int | None = None, **extra) -> dict:
    return {"path": str(p.relative_to(project_root(root))), "sha256": sha256_of(p), "bytes": p.stat().st_size,
            "kind": kind, "rows": rows, **extra}


def ingest_country(country: str, root=None, progress=None) -> dict:
    """Validate and ingest everything under ``data/raw/<ISO3>/`` (but the
    narrative, which :func:`ingest_narrative` takes in) and write
    ``data/processed/<ISO3>/`` as one set. Every received file is recorded in
    the manifest with its SHA-256; a file of no known kind is an error. Raises
    :class:`CtnatError` listing every problem, writing nothing, when any input
    has an error. Returns the manifest."""
    from .plan_workbook import read_plan_workbooks
    from .received import (WHERE_THINGS_GO, kind_of, read_coding_decisions, read_nap, read_overrides,
                           read_worksheets, received_files)
    from .statistics import read_statistics

    country = country.upper()
    say = progress or (lambda msg: None)
    inst = load_instruments(instruments_dir(root))
    d = raw_dir(country, root)
    if not d.exists():
        raise MissingInputError(f"No data for {country}: {d} does not exist. Put the survey files in "
                                f"{d / 'surveys'} and the interview notes in {d / 'interviews'}.")
    problems: list[Problem] = []
    by_kind: dict[str, list[Path]] = {}
    for p in received_files(d):
        rel = p.relative_to(d).as_posix()
        kind = kind_of(rel)
        if kind is None:
            problems.append(Problem(rel, "CT-NAT does not know what this file is, so it cannot be used",
                                    expected=WHERE_THINGS_GO))
            kind = "unknown"
        by_kind.setdefault(kind, []).append(p)
    # survey and interview files in order of receipt, withdrawn ones left out (registry)
    from .readers import INGEST_MAX_BYTES
    from .registry import arrived_together, changed_problems, order_of_receipt

    received, withdrawn_files, found, changed = order_of_receipt(country, root, by_kind)
    problems += changed_problems(changed, country)  # a received file edited in place: never taken in silently
    rows_of: dict[Path, int | None] = {}
    extra_of: dict[Path, dict] = {p: {"received": t} for p, t in received.items()}
    survey_frames, interview_rows, segments, terms, personal = [], [], [], [], []
    from .reading import READING_NAME, read_reading, reading_hint  # encodings/delimiters detection gets wrong

    reading, probs = read_reading(d)
    problems += probs
    if (d / READING_NAME).exists():
        rows_of[d / READING_NAME] = len(reading)
    for p in by_kind.get("survey", []):
        rel = p.relative_to(d).as_posix()
        how = reading.get(rel)
        res = validate_survey_file(p, country, inst, INGEST_MAX_BYTES, display_name=str(p.relative_to(d)),
                                   encoding=how.encoding if how else None, delimiter=how.delimiter if how else None,
                                   include_hidden=bool(how and how.include_hidden))
        problems += res.problems + unreadable_hint(res, rel, country) + reading_hint(res, rel, country, p, how)
        say(f"ingest {country}: {printable(p.name)}: {res.rows} response(s), {len(res.errors)} error(s)")
        rows_of[p] = res.rows
        extra_of.setdefault(p, {}).update(format=res.format, encoding=res.encoding, delimiter=res.delimiter,
                                          **({"reading": how.as_dict()} if how else {}))
        if res.table is not None and len(res.table):
            t = res.table.copy()
            t["source_file"] = str(p.relative_to(d))
            t["source_format"] = res.format
            survey_frames.append(t)
    for p in by_kind.get("interview", []):
        res = validate_interview_file(p, country, inst, display_name=str(p.relative_to(d)))
        problems += res.problems + unreadable_hint(res, p.relative_to(d).as_posix(), country)
        rows_of[p] = res.rows
        terms += res.personal_terms
        personal += res.personal
        if res.table is not None:
            interview_rows += res.table.to_dict("records")
            segments += res.segments
    # two files placed by hand at once with the same respondents: which one replaces the other is a guess
    problems += arrived_together(found, {str(t["source_file"].iloc[0]): set(
        t["respondent_code"].astype(str).str.strip().str.casefold()) - {""}
        for t in survey_frames if "respondent_code" in t}, country)
    flag_names(segments, terms)
    say(f"ingest {country}: {len(interview_rows)} interview(s)")
    desk_path = d / "desk_review.yaml"
    from .country_facts import empty_instruments, read_country_facts  # what the country has, its background

    instruments, background, desk_data = empty_instruments(), {}, None
    if desk_path.exists():
        desk, probs, desk_data = _desk_review(desk_path, inst)
        problems += probs
        rows_of[desk_path] = len(desk)
        if not any(p.file == desk_path.name and p.severity == "error" and "YAML" in p.message for p in probs):
            instruments, background, probs = read_country_facts(desk_path, inst)
            problems += probs
    else:
        problems.append(Problem("desk_review.yaml", "there is no desk review: every criterion is treated as "
                                                    "'unknown'", severity="warning"))
        desk, _ = _desk_review_empty(inst)
    from .desk_sources import read_desk_sources  # the bibliography's sources and the assessor

    sources, desk_assessor, probs = read_desk_sources(desk_path)
    problems += probs
    context = {}
    ctx_path = d / "context.yaml"
    if ctx_path.exists():
        from .assessor_files import Context, context_problems, read_checked

        ctx_source, probs = read_checked(ctx_path, "context.yaml", Context)
        problems += probs
        if ctx_source is not None:
            problems += context_problems(ctx_source, country)
            context = ctx_source.raw
        rows_of[ctx_path] = 1
    # the same respondent in several files: the later-received record wins; then the cleaning log
    from .columnar import concat_frames

    respondents = concat_frames(survey_frames) if survey_frames else pd.DataFrame(columns=inst.survey.columns())
    from .cleaning_log import LOG_NAME, apply_cleaning_log
    from .corrections import changes_table, resolve_resubmissions

    respondents, superseded = resolve_resubmissions(respondents)
    cleaning = []
    if (d / LOG_NAME).exists():
        respondents, cleaning, probs = apply_cleaning_log(respondents, inst.survey, country, d / LOG_NAME, LOG_NAME)
        problems += probs
        rows_of[d / LOG_NAME] = len(cleaning)
    seen_int = {}
    for r in interview_rows:
        if r["interview_code"] in seen_int:
            problems.append(Problem(r["source_file"], f"interview code '{r['interview_code']}' is also used in "
                                    f"{seen_int[r['interview_code']]}", column="interview_code",
                                    value=r["interview_code"], expected="each interview code once"))
        seen_int[r["interview_code"]] = r["source_file"]
    cols = inst.survey.columns()
    prov = [c for c in respondents.columns if c not in cols and c not in ("source_file", "source_row",
                                                                          "source_format")]
    respondents = respondents.reindex(columns=cols + ["source_file", "source_row", "source_format"] + prov).fillna("")
    seg = pd.DataFrame(segments, columns=["segment_id", "interview_code", "question", "section", "area",
                                          "entity_type", "text", "names_flagged"])
    # the assessor's inputs: overrides, coding decisions, worksheets, plans
    taken = [read_overrides(d / "overrides.yaml", inst, "overrides.yaml")]
    if by_kind.get("coding_decisions"):
        from .text_segments import survey_text_segments

        all_segs = pd.concat([seg.assign(origin="interview"), survey_text_segments(respondents, inst)],
                             ignore_index=True)
        taken.append(read_coding_decisions(by_kind["coding_decisions"], all_segs, inst, d))
    taken.append(read_worksheets(by_kind.get("workshop_worksheet", []), inst, d))
    taken.append(read_nap(d, by_kind.get("nap_plan", []), inst))
    taken.append(read_statistics(by_kind.get("statistics", []), inst, d))
    taken.append(read_plan_workbooks(by_kind.get("plan_workbook", []), d))
    outputs: dict[str, object] = {}
    for t in taken:
        problems += t.problems
        outputs.update(t.outputs)
        for rel, n in t.rows.items():
            rows_of[d / rel] = n
    # the name screen: fingerprints of header names and block lists, the assessor's quote decisions
    screen = screen_inputs(country, root, personal, by_kind.get("names_blocklist", []),
                           (by_kind.get("quote_decisions") or [None])[0],
                           mandate_cues((i.label, [c for cs in i.cues.values() for c in cs])
                                        for i in inst.mandate_cues.institutions))
    problems += screen.problems
    outputs.update(screen.outputs)
    for p_, n in screen.rows.items():
        rows_of[p_] = n
    from .plan_workbook import EDIT_COLUMNS
    from .statistics import output_columns, statistics_vocabulary

    outputs.setdefault("statistics.csv", pd.DataFrame(columns=output_columns(statistics_vocabulary(inst))))
    outputs.setdefault("plan_edits.csv", pd.DataFrame(columns=EDIT_COLUMNS))
    outputs.setdefault("coding_decisions.csv", pd.DataFrame(
        columns=["segment_id", "theme", "polarity", "action", "coder", "note", "file"]))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(f"Ingest of {country} stopped: {len(errors)} error(s) in the received files "
                         f"(nothing was written; the previous processed data is unchanged).", problems)
    interviews = pd.DataFrame(interview_rows, columns=["interview_code", "date", "format", "entity_type",
                                                       "participants_male", "participants_female",
                                                       "participants_total", "sections_asked", "source_file"])
    changes = changes_table(superseded, cleaning, inst.survey)
    files = {"respondents.csv": respondents, "answers.csv": LongAnswers(respondents, inst),
             "interviews.csv": interviews,
             "segments.csv": seg, "desk_review.csv": desk, "desk_sources.csv": sources,
             "country_instruments.csv": instruments,
             "background.json": json.dumps(background, ensure_ascii=False, indent=1),
             "data_changes.csv": changes, **outputs,
             "context.json": json.dumps({**context, **({"desk_assessor": desk_assessor} if desk_assessor else {})},
                                        ensure_ascii=False, indent=1, default=str)}
    inputs = [_entry(p, d, root, kind, rows_of.get(p), **extra_of.get(p, {}))
              for kind, paths in sorted(by_kind.items()) if kind != "narrative" for p in paths]
    inputs.sort(key=lambda e: e["path"])
    from .registry import receipt_numbers

    numbers = receipt_numbers(country, root)  # the numbers the portal shows, for the report's data annex
    prefix = f"data/raw/{country}/"
    for e in inputs:
        if e["kind"] in ("survey", "interview") and e["path"].startswith(prefix):
            e["no"] = numbers.get(e["path"][len(prefix):])
    manifest = {"country": country, "tool_version": __version__,
                "inputs": inputs, "outputs": sorted(list(files) + ["manifest.json"]),
                "narrative": f"analysis/{country}/narrative/manifest.json",
                # resubmissions and corrections (see ctnat/ingest/corrections.py, cleaning_log.py)
                "superseded": superseded,
                # a reason is typed by a person and goes on to the report: no e-mail or phone number in it
                "withdrawn": [dict(w, reason=scrub_text(w.get("reason", "")), no=numbers.get(w.get("file")))
                              for w in withdrawn_files],
                "cleaning": changes[changes["kind"] == "cleaning"].to_dict("records"),
                # no values: a warning may quote a cell, and processed data carries no personal data
                "warnings": [dict(p.as_dict(), value=None) for p in problems]}
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=1)
    from .registry import record_found

    record_found(country, found, root)  # files placed by hand: receipt appended once, on success
    # everything is validated: write the whole set in a new directory, then swap it in
    out = processed_dir(country, root)
    for fname, content in files.items():  # every file is a table of the catalogue, with its declared columns
        if isinstance(content, pd.DataFrame):
            catalogue.check_columns(catalogue.by_file(fname).name, content)
        else:
            catalogue.by_file(fname)
    with atomic_dir(out) as tmp:
        for fname, content in files.items():
            if isinstance(content, LongAnswers):
                content.write(tmp / fname)
            elif isinstance(content, pd.DataFrame):
                write_frame(content, tmp / fname)  # the bytes of DataFrame.to_csv, faster for large tables
            else:
                (tmp / fname).write_text(str(content), encoding="utf-8")
    say(f"ingest {country}: {len(respondents)} survey response(s), {len(interviews)} interview(s), "
        f"{len(seg)} interview segment(s) → {out}")
    return manifest


def ingest_narrative(country: str, root=None, progress=None) -> dict:
    """Take in the assessor's narrative (``data/raw/<ISO3>/narrative/*.md``, and
    per language ``narrative/<lang>/*.md``, e.g. ``narrative/ru/area1.md``):
    each file is checked to be UTF-8 text and copied, with a manifest of its
    SHA-256, to ``analysis/<ISO3>/narrative/`` (``narrative/ru/`` for the Russian
    text) — its own stage, so that editing a paragraph redrafts the report without
    re-running ingest."""
    country = country.upper()
    say = progress or (lambda msg: None)
    d = raw_dir(country, root) / "narrative"
    paths = sorted(p for p in d.rglob("*") if p.is_file()) if d.exists() else []
    problems, texts, inputs = [], {}, []
    for p in paths:
        rel = p.relative_to(d.parent).as_posix()
        if p.suffix.lower() != ".md":
            problems.append(Problem(rel, "the narrative folder holds Markdown files only, so this file cannot be "
                                         "used", expected="area1.md … area5.md, situation.md (Markdown)"))
            continue
        try:
            texts[p.relative_to(d).as_posix()] = text = p.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problems.append(Problem(rel, "the narrative is not UTF-8 text", row=None,
                                    value=f"byte {exc.start}", expected="Markdown saved as UTF-8"))
            continue
        inputs.append(_entry(p, d, root, "narrative", text.count("\n") + 1))
    if problems:
        raise InputError(f"The narrative of {country} cannot be taken in (nothing was written):", problems)
    manifest = {"country": country, "tool_version": __version__, "inputs": inputs}
    with atomic_dir(catalogue.path("narrative_manifest", country, root).parent) as tmp:
        for name, text in texts.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp / name).write_text(text, encoding="utf-8")
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    say(f"narrative {country}: {len(texts)} file(s)")
    return manifest


def _desk_review_empty(inst):
    rows = [{"indicator": i.id, "criterion": c, "finding": "unknown", "summary": "", "citations": ""}
            for i in inst.indicators.indicators for c in CRITERIA]
    return pd.DataFrame(rows), []


def unreadable_hint(res, rel: str, country: str) -> list[Problem]:
    """For a received file that yielded nothing: how to leave it out."""
    if not res.errors or res.rows:
        return []
    return [Problem(rel, "every file in the data folders is read; if this one is not data, leave it out with: "
                         f"ctnat withdraw {rel} --country {country} --reason \"…\"", severity="warning")]


@dataclass
class LongAnswers:
    """``answers.csv``, written straight from the respondent table block by
    block (about four million rows for 50,000 respondents: never held whole)."""

    respondents: pd.DataFrame
    inst: Instruments

    def write(self, path: Path) -> int:
        from .answers_table import write_long_answers

        return write_long_answers(self.respondents, self.inst, path)


def _long_answers_by_row(respondents: pd.DataFrame, inst: Instruments) -> pd.DataFrame:
    rows = []
    for r in respondents.to_dict("records"):
        base = {"respondent_code": r["respondent_code"], "source_file": r.get("source_file", ""),
                "source_row": r.get("source_row", "")}
        for f in inst.survey.fields:
            if f.type == "single" and r.get(f.name):
                rows.append({**base, "question": f.code, "column": f.name, "option_code": r[f.name], "value": ""})
            elif f.type == "multiple" and r.get(f.name):
                for code in str(r[f.name]).split(";"):
                    rows.append({**base, "question": f.code, "column": f.name, "option_code": code, "value": ""})
            elif f.type in ("rank", "priorities"):
                for o in f.options:
                    v = r.get(f"{f.name}_{o.code}")
                    if v not in (None, ""):
                        rows.append({**base, "question": f.code, "column": f"{f.name}_{o.code}",
                                     "option_code": o.code, "value": v})
            elif f.type == "text" and r.get(f.name):
                rows.append({**base, "question": f.code, "column": f.name, "option_code": "", "value": r[f.name]})
            if f.has_other and r.get(f"{f.name}_other"):
                rows.append({**base, "question": f.code, "column": f"{f.name}_other", "option_code": "other",
                             "value": r[f"{f.name}_other"]})
    return pd.DataFrame(rows, columns=["respondent_code", "question", "column", "option_code", "value",
                                       "source_file", "source_row"])
