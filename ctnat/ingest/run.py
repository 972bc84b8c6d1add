"""``ctnat validate`` and ``ctnat ingest``.

:func:`validate_file` checks one received file without storing it;
:func:`ingest_country` reads everything under ``data/raw/<ISO3>/`` and writes the
processed tables. Ingest validates every input first and writes nothing when
any input has an error, so the previous processed data stays as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .. import __version__
from ..atomic import write_text
from ..instruments import CRITERIA, Instruments, load_instruments
from ..paths import instruments_dir, processed_dir, project_root, raw_dir
from ..problems import CtnatError, Problem
from .columns import canonical_frame, map_columns, unknown_column_warnings
from .interviews import read_interview_file, validate_interview
from .readers import read_table
from .scrub import scrub_text
from .store import sha256_of
from .validate_survey import SurveyValidator

SURVEY_SUFFIXES = {".csv", ".xlsx", ".sav", ".dta", ".docx", ".txt", ".tsv"}
INTERVIEW_SUFFIXES = {".md", ".markdown", ".csv", ".docx", ".txt"}
FINDINGS = ("met", "partly_met", "not_met", "unknown")


@dataclass
class ValidationResult:
    file: str
    kind: str  # survey | interview
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    format: str = ""
    sheet: str | None = None
    table: pd.DataFrame | None = None  # coded survey rows, or interview metadata
    segments: list[dict] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def can_ingest(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {"file": self.file, "kind": self.kind, "format": self.format, "sheet": self.sheet,
                "rows": self.rows, "can_ingest": self.can_ingest,
                "problems": [p.as_dict() for p in self.problems]}


def guess_kind(path: Path) -> str:
    """'interview' for notes (Markdown, or a table with interview_code/question
    columns, or the Word guide), otherwise 'survey'."""
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        return "interview"
    head = path.read_bytes()[:4000]
    if head.startswith(b"---") or head.lstrip(b"\xef\xbb\xbf").startswith(b"---"):
        return "interview"
    if b"interview_code" in head and b"question" in head:
        return "interview"
    if suffix == ".docx" and b"word/" in head:
        try:
            import zipfile

            with zipfile.ZipFile(path) as z:
                xml = z.read("word/document.xml")
            if b"ctnat|answer|" in xml or b"ctnat|header|" in xml:
                return "interview"
        except (KeyError, OSError, zipfile.BadZipFile):
            pass
    return "survey"


def validate_survey_file(path: Path, country: str, inst: Instruments, max_bytes: int | None = None,
                         display_name: str | None = None) -> ValidationResult:
    name = display_name or path.name
    res = ValidationResult(name, "survey")
    try:
        read = read_table(path, max_bytes=max_bytes, prefer_columns=set(inst.survey.columns()), display_name=name)
    except CtnatError as exc:
        res.problems = exc.problems or [Problem(name, str(exc))]
        return res
    res.format, res.sheet = read.format, read.sheet
    res.problems += read.warnings
    df = read.frame
    if df.shape[1] == 0:
        res.problems.append(Problem(name, "the file has no columns", expected="a header row with the template's "
                                                                             "column names"))
        return res
    cmap = map_columns([str(c) for c in df.columns], inst.survey)
    res.problems += unknown_column_warnings(name, cmap)
    if "respondent_code" not in cmap.canonical.values():
        res.problems.append(Problem(name, "the required column 'respondent_code' is missing", row=1,
                                    column="respondent_code", expected=f"a column respondent_code holding codes "
                                                                       f"like {country.upper()}sur1"))
    answer_cols = set(cmap.canonical.values()) - {"respondent_code"}
    if not answer_cols and not cmap.split_multiple:
        res.problems.append(Problem(name, "none of the survey's answer columns were found", row=1,
                                    expected="columns named as in the CT-NAT template, e.g. "
                                             + ", ".join(inst.survey.columns()[1:3])))
    if res.errors:
        return res
    if df.empty:
        res.problems.append(Problem(name, "the file has a header row but no responses",
                                    expected="one row per respondent"))
        return res
    frame = canonical_frame(df, cmap, inst.survey)
    v = SurveyValidator(inst.survey, country, name, first_row=read.header_row + 1)
    coded = v.validate(frame)
    res.problems += v.problems
    res.rows = len(coded)
    res.table = coded
    return res


def validate_interview_file(path: Path, country: str, inst: Instruments, display_name: str | None = None,
                            max_bytes: int | None = None) -> ValidationResult:
    name = display_name or path.name
    res = ValidationResult(name, "interview", format=path.suffix.lstrip(".").lower() or "text")
    from .readers import DEFAULT_MAX_BYTES

    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    if path.stat().st_size > limit:
        res.problems.append(Problem(name, f"the file is {path.stat().st_size / 1024 / 1024:.1f} MB, larger than the "
                                          f"limit of {limit / 1024 / 1024:.0f} MB"))
        return res
    try:
        parts = read_interview_file(path, name)
    except CtnatError as exc:
        res.problems = exc.problems or [Problem(name, str(exc))]
        return res
    metas = []
    for header, answers, problems in parts:
        meta, segments, probs = validate_interview(header, answers, problems, name, country, inst)
        res.problems += probs
        metas.append(meta)
        res.segments += segments
    res.rows = len(metas)
    res.table = pd.DataFrame(metas)
    return res


def validate_file(path: str | Path, country: str, root=None, max_bytes: int | None = None,
                  kind: str | None = None, display_name: str | None = None) -> ValidationResult:
    """Check one survey or interview file for ``country`` without storing it."""
    path = Path(path)
    inst = load_instruments(instruments_dir(root))
    name = display_name or path.name
    if not path.exists():
        return ValidationResult(name, kind or "survey", [Problem(name, "the file does not exist")])
    kind = kind or guess_kind(path)
    if kind == "interview":
        return validate_interview_file(path, country, inst, name, max_bytes)
    return validate_survey_file(path, country, inst, max_bytes, name)


# ----------------------------------------------------------------------- ingest
def _desk_review(path: Path, inst: Instruments) -> tuple[pd.DataFrame, list[Problem]]:
    problems = []
    name = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return pd.DataFrame(), [Problem(name, f"not valid YAML ({getattr(exc, 'problem', exc)})",
                                        row=(mark.line + 1) if mark else None)]
    sources = {str(s.get("id")) for s in data.get("sources") or [] if isinstance(s, dict)}
    known = {(i.id, c) for i in inst.indicators.indicators for c in CRITERIA}
    rows, seen = {}, set()
    for n, e in enumerate(data.get("criteria") or []):
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
    return pd.DataFrame(table), problems


def _inputs(d: Path, sub: str, suffixes: set[str]) -> list[Path]:
    folder = d / sub
    if not folder.exists():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
                  and not p.name.startswith(".") and not p.name.startswith("~$"))


def ingest_country(country: str, root=None, progress=None) -> dict:
    """Validate and ingest everything under ``data/raw/<ISO3>/``. Raises
    :class:`CtnatError` listing every problem, writing nothing, when any input
    has an error. Returns the manifest."""
    country = country.upper()
    say = progress or (lambda msg: None)
    inst = load_instruments(instruments_dir(root))
    d = raw_dir(country, root)
    if not d.exists():
        raise CtnatError(f"No data for {country}: {d} does not exist. Put the survey files in "
                         f"{d / 'surveys'} and the interview notes in {d / 'interviews'}.")
    problems: list[Problem] = []
    inputs = []
    survey_frames, interview_rows, segments = [], [], []
    for p in _inputs(d, "surveys", SURVEY_SUFFIXES):
        res = validate_survey_file(p, country, inst, display_name=str(p.relative_to(d)))
        problems += res.problems
        say(f"ingest {country}: {p.name}: {res.rows} response(s), {len(res.errors)} error(s)")
        inputs.append({"path": str(p.relative_to(project_root(root))), "sha256": sha256_of(p),
                       "bytes": p.stat().st_size, "kind": "survey", "format": res.format, "rows": res.rows})
        if res.table is not None and len(res.table):
            t = res.table.copy()
            t["source_file"] = str(p.relative_to(d))
            t["source_format"] = res.format
            survey_frames.append(t)
    for p in _inputs(d, "interviews", INTERVIEW_SUFFIXES):
        res = validate_interview_file(p, country, inst, display_name=str(p.relative_to(d)))
        problems += res.problems
        inputs.append({"path": str(p.relative_to(project_root(root))), "sha256": sha256_of(p),
                       "bytes": p.stat().st_size, "kind": "interview", "rows": res.rows})
        if res.table is not None:
            interview_rows += res.table.to_dict("records")
            segments += res.segments
    say(f"ingest {country}: {len(interview_rows)} interview(s)")
    desk_path = d / "desk_review.yaml"
    if desk_path.exists():
        desk, probs = _desk_review(desk_path, inst)
        problems += probs
        inputs.append({"path": str(desk_path.relative_to(project_root(root))), "sha256": sha256_of(desk_path),
                       "bytes": desk_path.stat().st_size, "kind": "desk_review", "rows": len(desk)})
    else:
        problems.append(Problem("desk_review.yaml", "there is no desk review: every criterion is treated as "
                                                    "'unknown'", severity="warning"))
        desk, _ = _desk_review_empty(inst)
    context = {}
    ctx_path = d / "context.yaml"
    if ctx_path.exists():
        try:
            context = yaml.safe_load(ctx_path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            problems.append(Problem("context.yaml", f"not valid YAML ({exc})"))
        inputs.append({"path": str(ctx_path.relative_to(project_root(root))), "sha256": sha256_of(ctx_path),
                       "bytes": ctx_path.stat().st_size, "kind": "context", "rows": 1})
    # codes must be unique across files too
    respondents = pd.concat(survey_frames, ignore_index=True) if survey_frames else pd.DataFrame(
        columns=inst.survey.columns())
    if len(respondents):
        dup = respondents[respondents["respondent_code"].duplicated(keep="first") & (respondents["respondent_code"] != "")]
        for r in dup.to_dict("records"):
            problems.append(Problem(r["source_file"], f"respondent code '{r['respondent_code']}' also appears in "
                                    "another survey file", row=int(r["source_row"]), column="respondent_code",
                                    value=r["respondent_code"], expected="each respondent once across all files"))
    seen_int = {}
    for r in interview_rows:
        if r["interview_code"] in seen_int:
            problems.append(Problem(r["source_file"], f"interview code '{r['interview_code']}' is also used in "
                                    f"{seen_int[r['interview_code']]}", column="interview_code",
                                    value=r["interview_code"], expected="each interview code once"))
        seen_int[r["interview_code"]] = r["source_file"]
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CtnatError(f"Ingest of {country} stopped: {len(errors)} error(s) in the received files "
                         f"(nothing was written; the previous processed data is unchanged).", problems)
    out = processed_dir(country, root)
    cols = inst.survey.columns()
    prov = [c for c in respondents.columns if c not in cols and c not in ("source_file", "source_row",
                                                                          "source_format")]
    respondents = respondents.reindex(columns=cols + ["source_file", "source_row", "source_format"] + prov).fillna("")
    answers = _long_answers(respondents, inst)
    interviews = pd.DataFrame(interview_rows, columns=["interview_code", "date", "format", "entity_type",
                                                       "participants_male", "participants_female",
                                                       "participants_total", "sections_asked", "source_file"])
    seg = pd.DataFrame(segments, columns=["segment_id", "interview_code", "question", "section", "area",
                                          "entity_type", "text"])
    files = {"respondents.csv": respondents, "answers.csv": answers, "interviews.csv": interviews,
             "segments.csv": seg, "desk_review.csv": desk}
    manifest = {"country": country, "tool_version": __version__,
                "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "inputs": inputs, "outputs": sorted(list(files) + ["context.json"]),
                # no values: a warning may quote a cell, and processed data carries no personal data
                "warnings": [dict(p.as_dict(), value=None) for p in problems]}
    # everything is validated: write each output atomically, manifest last
    from ..atomic import atomic_path

    for fname, df in files.items():
        with atomic_path(out / fname) as tmp:
            df.to_csv(tmp, index=False, encoding="utf-8")
    write_text(out / "context.json", json.dumps(context, ensure_ascii=False, indent=1, default=str))
    write_text(out / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    say(f"ingest {country}: {len(respondents)} survey response(s), {len(interviews)} interview(s), "
        f"{len(seg)} interview segment(s) → {out}")
    return manifest


def _desk_review_empty(inst):
    rows = [{"indicator": i.id, "criterion": c, "finding": "unknown", "summary": "", "citations": ""}
            for i in inst.indicators.indicators for c in CRITERIA]
    return pd.DataFrame(rows), []


def _long_answers(respondents: pd.DataFrame, inst: Instruments) -> pd.DataFrame:
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
