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
    pd.DataFrame([dict(names_flagged=False, **sg) for sg in segments],
                 columns=["segment_id", "interview_code", "question", "section", "area", "entity_type",
                          "text", "names_flagged"]).to_csv(d / "segments.csv", index=False)
    # the assessor's inputs, none yet (take_in_assessor_files reads them from data/raw like ingest)
    pd.DataFrame(columns=["indicator", "criterion", "status", "reason"]).to_csv(d / "overrides.csv", index=False)
    pd.DataFrame(columns=["segment_id", "theme", "polarity", "action", "coder", "note", "file"]).to_csv(
        d / "coding_decisions.csv", index=False)
    pd.DataFrame(columns=["group_id", "priority", "rank", "source_file", "source_row"]).to_csv(
        d / "workshop_votes.csv", index=False)
    pd.DataFrame(columns=["group_id", "item", "decision", "amended_text", "source_file", "source_row"]).to_csv(
        d / "workshop_decisions.csv", index=False)
    (d / "nap_plans.json").write_text("{}", encoding="utf-8")
    (d / "nap_texts.json").write_text("{}", encoding="utf-8")
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


def take_in_assessor_files(root: Path, country: str) -> None:
    """Take in ``data/raw/<ISO3>/overrides.yaml`` and ``coding/*.csv`` with
    ingest's own readers and write their processed tables (raises the readers'
    CtnatError on problems), as a full ingest would."""
    from ctnat.ingest.text_segments import survey_text_segments
    from ctnat.ingest.received import read_coding_decisions, read_overrides
    from ctnat.problems import CtnatError

    inst = load_instruments(root / "instruments")
    raw = root / "data" / "raw" / country
    d = root / "data" / "processed" / country
    taken = [read_overrides(raw / "overrides.yaml", inst, "overrides.yaml")]
    coding = sorted((raw / "coding").glob("*.csv")) if (raw / "coding").exists() else []
    if coding:
        segs = pd.read_csv(d / "segments.csv", dtype=str, keep_default_na=False)
        resp = pd.read_csv(d / "respondents.csv", dtype=str, keep_default_na=False)
        all_segs = pd.concat([segs.assign(origin="interview"), survey_text_segments(resp, inst)], ignore_index=True)
        taken.append(read_coding_decisions(coding, all_segs, inst, raw))
    problems = [p for t in taken for p in t.problems]
    if [p for p in problems if p.severity == "error"]:
        raise CtnatError("ingest stopped:", problems)
    for t in taken:
        for name, table in t.outputs.items():
            table.to_csv(d / name, index=False)
