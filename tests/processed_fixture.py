"""Build a small processed dataset directly (as `ctnat ingest` would write it),
so the analysis, coding, scoring and report stages can be tested on their own."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ctnat.instruments import CRITERIA, load_instruments


def write_processed(root: Path, country: str, respondents: list[dict], interviews: list[dict],
                    segments: list[dict], desk: dict | None = None, default_finding: str = "unknown") -> Path:
    inst = load_instruments(root / "instruments")
    d = root / "data" / "processed" / country
    d.mkdir(parents=True, exist_ok=True)
    cols = inst.survey.columns()
    pd.DataFrame([{c: r.get(c, "") for c in cols} for r in respondents], columns=cols).to_csv(
        d / "respondents.csv", index=False)
    pd.DataFrame(interviews, columns=["interview_code", "date", "format", "entity_type", "participants_male",
                                      "participants_female", "participants_total", "sections_asked",
                                      "source_file"]).to_csv(d / "interviews.csv", index=False)
    pd.DataFrame(segments, columns=["segment_id", "interview_code", "question", "section", "area", "entity_type",
                                    "text"]).to_csv(d / "segments.csv", index=False)
    rows = []
    for ind, crit, _ in inst.indicators.criteria_rows():
        finding, cites = (desk or {}).get(f"{ind.id}.{crit}", (default_finding, ""))
        rows.append({"indicator": ind.id, "criterion": crit, "finding": finding, "summary": "",
                     "citations": cites})
    pd.DataFrame(rows).to_csv(d / "desk_review.csv", index=False)
    (d / "context.json").write_text(json.dumps({"country": country, "name": {"en": "Testland", "short": "Testland"},
                                                "capital": "Test City"}), encoding="utf-8")
    (d / "manifest.json").write_text(json.dumps({"country": country, "inputs": []}), encoding="utf-8")
    return d


def respondent(code: str, **answers) -> dict:
    """A respondent row; keyword names are column names (``q3_1_4="adequate"``)."""
    return {"respondent_code": code, **answers}


def segment(interview: str, question: str, text: str, entity_type: str = "state") -> dict:
    area = {"3": "1", "4": "2", "5": "3", "6": "4", "7": "5"}.get(question.split(".")[0], "")
    return {"segment_id": f"{interview}:{question}", "interview_code": interview, "question": question,
            "section": question.split(".")[0], "area": area, "entity_type": entity_type, "text": text}


def interview(code: str, male: int, female: int, entity_type: str = "state") -> dict:
    return {"interview_code": code, "date": "2016-01-19", "format": "in_person", "entity_type": entity_type,
            "participants_male": male, "participants_female": female, "participants_total": male + female,
            "sections_asked": "1;3;7;8", "source_file": f"interviews/{code}.md"}


ALL_CRITERIA = [(i, c) for i in [f"{a}.{n}" for a in range(1, 6) for n in range(1, 6)] for c in CRITERIA]
