"""Read interview notes: Markdown (a YAML header block with the guide's header
fields, then one ``## <question code>`` heading per answered question), CSV
(one row per answer: ``interview_code``, ``question``, ``answer`` plus the header
fields, which may be given on the first row only), or the filled Word interview
guide. Personal header fields (names, titles) are read but never leave
``data/raw``; answers are scrubbed of e-mails and phone numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from ..instruments import Instruments, normalise
from ..problems import InputError, Problem
from .readers import decode_text, sniff
from .scrub import scrub_text

CODE_RX = re.compile(r"^([A-Za-z]{3})int(\d+)$")
HEADING_RX = re.compile(r"^#{1,6}\s*(?:Q\.?\s*)?(\d+\.\d+)\.?\s*(.*)$")


@dataclass
class Interview:
    code: str
    header: dict
    answers: dict[str, str]
    source_file: str
    problems: list[Problem] = field(default_factory=list)


def _md(path: Path, name: str) -> tuple[dict, dict[str, str], list[Problem]]:
    text, _ = decode_text(path.read_bytes(), name)
    problems = []
    m = re.match(r"^\ufeff?---\s*\n(.*?)\n---\s*\n?(.*)$", text, re.S)
    if not m:
        raise InputError(f"{name} has no header block", [Problem(
            name, "the notes do not start with a header block between two '---' lines", row=1,
            expected="---, then 'key: value' lines for the guide's header fields, then ---")])
    try:
        header = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"{name} has a broken header", [Problem(
            name, f"the header block is not valid 'key: value' lines ({getattr(exc, 'problem', exc)})",
            row=(mark.line + 2) if mark else None)]) from None
    if not isinstance(header, dict):
        raise InputError(f"{name} has a broken header", [Problem(name, "the header block must be 'key: value' lines",
                                                               row=2)])
    answers: dict[str, list[str]] = {}
    current = None
    offset = text[: m.start(2)].count("\n")
    for n, line in enumerate(m.group(2).splitlines(), start=offset + 1):
        h = HEADING_RX.match(line.strip())
        if h:
            current = h.group(1)
            if current in answers:
                problems.append(Problem(name, f"question {current} appears twice", row=n, column=current,
                                        expected="one heading per question"))
            answers.setdefault(current, [])
            continue
        if line.strip().startswith("#"):
            problems.append(Problem(name, "this heading is not a question code of the interview guide", row=n,
                                    value=line.strip(), expected="a heading like '## 3.2'", severity="warning"))  # not a question code
            current = None
            continue
        if current:
            answers[current].append(line)
        elif line.strip():
            problems.append(Problem(name, "text before the first question heading was not read", row=n,
                                    value=line.strip()[:60], expected="notes under a '## <question code>' heading",
                                    severity="warning"))
    return header, {k: "\n".join(v).strip() for k, v in answers.items()}, problems


def _csv(path: Path, name: str) -> list[tuple[dict, dict[str, str], list[Problem]]]:
    from .readers import read_csv_text

    text, _ = decode_text(path.read_bytes(), name)
    df, _ = read_csv_text(text, name)
    df.columns = [c.strip().lower() for c in df.columns]
    missing = [c for c in ("interview_code", "question", "answer") if c not in df.columns]
    if missing:
        raise InputError(f"{name} is not an interview notes table", [Problem(
            name, f"required column(s) missing: {', '.join(missing)}", row=1,
            expected="interview_code, question, answer and the header fields")])
    out = []
    for _code, group in df.groupby("interview_code", sort=False):
        header = {}
        for c in df.columns:
            if c in ("question", "answer"):
                continue
            vals = [v for v in group[c] if str(v).strip()]
            if vals:
                header[c] = vals[0]
        answers = {}
        for _idx, r in group.iterrows():
            answers[str(r["question"]).strip()] = str(r["answer"])
        out.append((header, answers, []))
    return out


def read_interview_file(path: str | Path, display_name: str | None = None) -> list[tuple[dict, dict[str, str], list[Problem]]]:
    """(header, answers by question code, problems) for each interview in a file."""
    path = Path(path)
    name = display_name or path.name
    data = path.read_bytes()
    if not data.strip():
        raise InputError(f"{name} is empty", [Problem(name, "the file is empty")])
    kind = sniff(data)
    if kind == "docx":
        from .readers import check_zip_bomb
        from .word import read_word_interview

        check_zip_bomb(data, name)
        return [read_word_interview(path, name)]
    if kind != "text":
        raise InputError(f"{name} is not interview notes", [Problem(
            name, f"the file is not interview notes CT-NAT can read (it looks like a {kind} file)",
            expected="Markdown (.md), CSV or the Word interview guide (.docx)")])
    if path.suffix.lower() == ".csv" or (b"interview_code" in data[:2000] and b"---" not in data[:10]):
        return _csv(path, name)
    return [_md(path, name)]


def validate_interview(header: dict, answers: dict[str, str], problems: list[Problem], name: str,
                       country: str, inst: Instruments) -> tuple[dict, list[dict], list[Problem]]:
    """Check one interview and return its metadata row and its answer segments."""
    problems = list(problems)
    guide = inst.guide
    header = {str(k).strip().lower(): ("" if v is None else v) for k, v in header.items()}
    code = str(header.get("interview_code", "")).strip()
    country = country.upper()

    def err(message, column=None, value=None, expected=None, severity="error"):
        problems.append(Problem(name, message, column=column, value=None if value is None else str(value),
                                expected=expected, severity=severity))

    if not code:
        err("the interview code is missing", "interview_code", "", f"a code like {country}int1")
    else:
        m = CODE_RX.match(code)
        if not m:
            err(f"'{code}' is not an interview code", "interview_code", code, f"e.g. {country}int1")
        elif m.group(1).upper() != country:
            err(f"interview code '{code}' belongs to {m.group(1).upper()}, but the notes are being checked for "
                f"{country}", "interview_code", code, f"codes starting with {country}int")
    hc = str(header.get("country", "")).strip()
    if hc and hc.upper() != country and normalise(hc) not in (normalise(country),):
        country_field = inst.survey.by_role("country")
        mapped = country_field.lookup().get(normalise(hc)) if country_field is not None else None
        if mapped != country:
            err(f"the country in the header is '{hc}', but the notes are being checked for {country}", "country",
                hc, country)
    meta: dict = {"interview_code": code}
    for key in ("entity_type", "format"):
        try:
            fdef = guide.header_field(key)
        except KeyError:
            continue
        value = str(header.get(key, "")).strip()
        table = {}
        for ch in fdef.choices or []:
            table[normalise(ch.code)] = ch.code
            for t in ch.label.values():
                table[normalise(t)] = ch.code
        if not value:
            err(f"the header field '{key}' is empty", key, "", ", ".join(ch.code for ch in fdef.choices or []),
                severity="warning" if key == "format" else "error")
            meta[key] = ""
        elif normalise(value) not in table:
            err(f"'{value}' is not an allowed {key.replace('_', ' ')}", key, value,
                "one of: " + ", ".join(f"{ch.code} ({ch.label['en']})" for ch in fdef.choices or []))
            meta[key] = ""
        else:
            meta[key] = table[normalise(value)]
    for key in ("participants_male", "participants_female"):
        value = str(header.get(key, "")).strip()
        try:
            n = int(float(value))
            if n < 0 or n != float(value):
                raise ValueError
        except ValueError:
            err(f"the number of participants '{key}' is not a whole number", key, value, "a whole number, e.g. 3")
            n = 0
        meta[key] = n
    meta["participants_total"] = meta["participants_male"] + meta["participants_female"]
    when = header.get("date_time", "")
    if isinstance(when, (dt.date, dt.datetime)):
        meta["date"] = when.isoformat()[:10]
    else:
        text = str(when).strip()
        try:
            meta["date"] = pd.Timestamp(text).date().isoformat() if text else ""
        except (ValueError, TypeError):
            err(f"'{text}' is not a date", "date_time", text, "e.g. 2016-01-19 10:00")
            meta["date"] = ""
        if not text:
            err("the interview date is empty", "date_time", "", "e.g. 2016-01-19 10:00", severity="warning")
    known = set(guide.question_codes())
    sections_of = {q.code: q.section for q in guide.questions()}
    area_of = {s.code: (s.area or "") for s in guide.sections}
    segments = []
    for q, text in answers.items():
        if q not in known:
            err(f"'{q}' is not a question of the interview guide", q, q, "a question code such as 3.2")  # not a question code
            continue
        if not str(text).strip():
            continue
        sec = sections_of[q]
        segments.append({"segment_id": f"{code}:{q}", "interview_code": code, "question": q, "section": sec,
                         "area": area_of.get(sec, "") or "", "entity_type": meta.get("entity_type", ""),
                         "text": scrub_text(str(text).strip())})
    asked = sorted({sections_of[q] for q in answers if q in sections_of}, key=int)
    meta["sections_asked"] = ";".join(asked)
    for s in guide.always_asked:
        if s not in asked and segments:
            err(f"section {s} is always asked, but the notes have no answer from it", None, None,
                f"notes under the questions of section {s}", severity="warning")
    meta["source_file"] = name
    return meta, segments, problems
