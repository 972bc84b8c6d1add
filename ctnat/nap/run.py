"""``ctnat nap parse | analyse | compare`` and what other stages ask of the NAP
analysis (desk-review evidence, the report's NAP section).

Plans of a country are listed in ``data/raw/<ISO3>/nap/nap.yaml`` (id, title,
period, file). Parsed measures of every plan go to
``data/processed/<ISO3>/nap_measures.csv`` (column ``plan_id``); the analysis of
one plan — by default the latest — goes to ``analysis/<ISO3>/nap_*.csv``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import yaml

from ..analysis.run import read_csv, write_csv
from ..atomic import write_text
from ..instruments import load_instruments
from ..paths import analysis_dir, instruments_dir, processed_dir, raw_dir
from ..problems import CtnatError, Problem
from . import analyse as A
from .parse import COLUMNS, parse_nap_file


def plan_registry(country: str, root=None) -> list[dict]:
    path = raw_dir(country, root) / "nap" / "nap.yaml"
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [dict(p, id=str(p["id"]), period=str(p.get("period", ""))) for p in data.get("plans") or []]


def _rules(root):
    inst = load_instruments(instruments_dir(root))
    return inst, inst.nap_rules


def parse_plan(path: str | Path, country: str, plan_id: str | None = None, title: str | None = None,
               period: str | None = None, root=None) -> dict:
    """Parse one NAP file and store its measures (replacing an earlier parse of
    the same plan) in ``data/processed/<ISO3>/nap_measures.csv``."""
    country = country.upper()
    path = Path(path)
    plan_id = plan_id or path.stem
    plan = parse_nap_file(path, plan_id, list(_rules(root)[1]["recurring_terms"]))
    if plan.measures.empty:
        raise CtnatError(f"No measures could be read from {path.name}", plan.problems)
    out = processed_dir(country, root)
    store = out / "nap_measures.csv"
    old = read_csv(store) if store.exists() else pd.DataFrame(columns=COLUMNS)
    old = old[old["plan_id"] != plan_id]
    both = pd.concat([old, plan.measures.astype(str)], ignore_index=True)
    write_csv(both, store)
    meta_path = out / "nap_plans.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    start, end = (period.split("-") + [""])[:2] if period else ("", "")
    from ..ingest.store import sha256_of

    meta[plan_id] = {"title": title or plan_id, "period": period or "", "start": start, "end": end or start,
                     "file": path.name, "sha256": sha256_of(path), "layout": plan.layout, "measures": len(plan.measures),
                     "problems": [p.as_dict() for p in plan.problems]}
    write_text(meta_path, json.dumps(meta, indent=1, ensure_ascii=False))
    (out / f"nap_text_{plan_id}.txt").write_text(plan.full_text, encoding="utf-8")
    return {"plan_id": plan_id, "measures": len(plan.measures), "layout": plan.layout, "problems": plan.problems,
            "path": store}


def parse_registered(country: str, root=None) -> list[dict]:
    """Parse every plan listed in ``data/raw/<ISO3>/nap/nap.yaml``."""
    plans = plan_registry(country, root)
    if not plans:
        raise CtnatError(f"No plans listed in {raw_dir(country, root) / 'nap' / 'nap.yaml'}")
    return [parse_plan(raw_dir(country, root) / "nap" / p["file"], country, p["id"], p.get("title"), p.get("period"),
                       root) for p in plans]


def _plans(country, root):
    meta_path = processed_dir(country, root) / "nap_plans.json"
    if not meta_path.exists():
        raise CtnatError(f"No parsed NAP for {country}: run `ctnat nap parse --country {country}` first.")
    return json.loads(meta_path.read_text(encoding="utf-8"))


def latest_plan(country: str, root=None) -> str:
    plans = _plans(country, root)
    return max(plans, key=lambda k: (str(plans[k].get("end") or ""), k))


def plan_measures(country: str, plan_id: str, root=None) -> tuple[pd.DataFrame, str]:
    df = read_csv(processed_dir(country, root) / "nap_measures.csv")
    sub = df[df["plan_id"] == plan_id]
    if sub.empty:
        raise CtnatError(f"Plan '{plan_id}' has not been parsed for {country}; parsed: "
                         f"{', '.join(sorted(df['plan_id'].unique()))}")
    text_path = processed_dir(country, root) / f"nap_text_{plan_id}.txt"
    return sub.reset_index(drop=True), text_path.read_text(encoding="utf-8") if text_path.exists() else ""


def analyse_plan(country: str, plan_id: str | None = None, root=None, progress=None) -> dict[str, Path]:
    """Classify, flag and check one plan; write ``analysis/<ISO3>/nap_*.csv``."""
    country = country.upper()
    say = progress or (lambda m: None)
    inst, rules = _rules(root)
    plan_id = plan_id or latest_plan(country, root)
    measures, text = plan_measures(country, plan_id, root)
    cls = A.classify(measures, rules)
    flags = A.flag_measures(measures, rules)
    check = A.checklist(measures, text, rules, cls)
    cov = A.coverage(cls, inst)
    agency = A.agency_area(measures, cls, inst)
    gaps = A.gap_list(cov, check)
    out = analysis_dir(country, root)
    written = {
        "nap_classification": write_csv(cls, out / "nap_classification.csv"),
        "nap_flags": write_csv(flags, out / "nap_flags.csv"),
        "nap_checklist": write_csv(check, out / "nap_checklist.csv"),
        "nap_coverage": write_csv(cov, out / "nap_coverage.csv"),
        "nap_agency_area": write_csv(agency, out / "nap_agency_area.csv"),
        "nap_gaps": write_csv(gaps, out / "nap_gaps.csv"),
    }
    write_text(out / "nap_plan.json", json.dumps({"plan_id": plan_id, **_plans(country, root)[plan_id]},
                                                 indent=1, ensure_ascii=False))
    say(f"nap {country}: {plan_id}: {len(measures)} measures; coverage "
        + ", ".join(f"{k} {v}" for k, v in cov["status"].value_counts().items())
        + f"; checklist {int(check['passed'].sum())}/{len(check)} passed")
    return written


def compare_plans(country: str, old: str, new: str, root=None, output: str | Path | None = None) -> Path:
    """What the new plan added or dropped against the old one, per indicator."""
    inst, rules = _rules(root)
    rows = []
    cls = {}
    for pid in (old, new):
        m, _ = plan_measures(country, pid, root)
        cls[pid] = A.coverage(A.classify(m, rules), inst).set_index("indicator")
    for ind in inst.indicators.indicators:
        a, b = cls[old].loc[ind.id], cls[new].loc[ind.id]
        change = "kept" if (a["status"] == "covered") == (b["status"] == "covered") else \
            ("added" if b["status"] == "covered" else "dropped")
        rows.append({"indicator": ind.id, "title": ind.title["en"], f"{old}_status": a["status"],
                     f"{old}_measures": a["measures"], f"{new}_status": b["status"], f"{new}_measures": b["measures"],
                     "change": change})
    out = Path(output) if output else analysis_dir(country, root) / f"nap_compare_{old}_{new}.csv"
    return write_csv(pd.DataFrame(rows), out)


def nap_desk_evidence(country: str, root=None) -> list[dict]:
    """Per criterion, the NAP evidence the assessor confirms (never a score)."""
    cov_path = analysis_dir(country, root) / "nap_coverage.csv"
    if not cov_path.exists():
        return []
    inst = load_instruments(instruments_dir(root))
    meta = json.loads((analysis_dir(country, root) / "nap_plan.json").read_text(encoding="utf-8"))
    return A.desk_evidence(read_csv(cov_path), inst, meta.get("title", meta.get("plan_id", "")))


def nap_summary(country: str, root=None) -> dict | None:
    """What the report's NAP section needs; None when no NAP was analysed."""
    out = analysis_dir(country, root)
    if not (out / "nap_coverage.csv").exists():
        return None
    inst = load_instruments(instruments_dir(root))
    meta = json.loads((out / "nap_plan.json").read_text(encoding="utf-8"))
    cls, cov = read_csv(out / "nap_classification.csv"), read_csv(out / "nap_coverage.csv")
    check, flags = read_csv(out / "nap_checklist.csv"), read_csv(out / "nap_flags.csv")
    measures, _ = plan_measures(country, meta["plan_id"], root)
    per_area = cls["primary_area"].value_counts().to_dict()
    kinds = []
    for m in measures.to_dict("records"):
        if str(m["recurring"]).lower() == "true" and not m["period_end"]:
            kinds.append("recurring")
        elif m["period_end"]:
            kinds.append("dated")
        else:
            kinds.append("none")
    deadline = pd.DataFrame({"area": cls["primary_area"], "kind": kinds})
    leads = measures["lead_body"].replace("", pd.NA).dropna().value_counts().head(8)
    failed = check[check["passed"] == "False"]
    status = cov["status"].value_counts().to_dict()
    n = len(measures)
    recurring = kinds.count("recurring")
    areas = {a["id"]: a["title"]["en"] for a in inst.indicators.areas}
    top_area = max(per_area, key=per_area.get) if per_area else ""
    gaps = cov[cov["status"] == "gap"]["indicator"].tolist()
    paragraph = (
        f"The {meta.get('title', 'National Action Plan')} sets out {n} measures. Read against the 25 indicators, "
        f"{status.get('covered', 0)} indicators are addressed by at least one measure, {status.get('mentioned', 0)} "
        f"are only touched on, and {status.get('gap', 0)} have no measure"
        + (f" ({', '.join(gaps)})" if gaps else "") + ". "
        + (f"Most measures concern {areas.get(top_area, '').lower()} ({per_area.get(top_area, 0)}). " if top_area else "")
        + f"{recurring} measures are recurring with no end date; "
        + f"{int((flags['no_indicator'] == 'True').sum())} have no indicator and "
        + f"{int((flags['no_budget'] == 'True').sum())} no budget. "
        + (f"Of the {len(check)} checklist points of the ICMPD review, the plan misses {len(failed)}: "
           + ", ".join(r.lower() for r in failed["item"]) + "." if len(failed) else "The plan meets every checklist point."))
    return {"plan": meta, "measures": n, "per_area": per_area, "deadline": deadline, "top_bodies": leads,
            "coverage": cov, "checklist": check, "failed": failed, "paragraph": paragraph}
