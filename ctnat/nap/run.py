"""``ctnat nap parse | analyse | compare`` and what other stages ask of the NAP
analysis (desk-review evidence, the report's NAP section).

Plans of a country are listed in ``data/raw/<ISO3>/nap/nap.yaml`` (id, title,
period, file). Ingest parses every listed plan into
``data/processed/<ISO3>/nap_measures.csv`` (column ``plan_id``); the analysis of
one plan — by default the latest — goes to ``analysis/<ISO3>/nap_*.csv``; a
country with no plan gets empty NAP tables and an empty ``nap_plan.json``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import catalogue
from ..tables import write_csv
from ..instruments import load_instruments
from ..paths import analysis_dir, instruments_dir
from ..problems import CtnatError, InputError, MissingInputError, StageError, UsageError
from ..messages import _, format_number, label, ngettext
from . import analyse as A
from ..ingest.nap_plans import parse_nap_file


class NoPlanError(CtnatError):
    """The country has no National Action Plan listed (not an error in the data)."""


NAP_TABLES = ("nap_classification", "nap_flags", "nap_checklist", "nap_coverage", "nap_agency_area", "nap_gaps")


def empty_nap_columns(inst) -> dict[str, list[str]]:
    """The columns of each NAP table, for the header-only tables of a country
    with no plan (a test checks they match the tables of a real plan)."""
    return {
        "nap_classification": ["plan_id", "id", "section", "text", "primary_indicator", "primary_area",
                               "secondary_indicator", "score", "matched_terms", "all_indicators"],
        "nap_flags": list(A.FLAG_COLUMNS),
        "nap_checklist": ["key", "item", "passed", "evidence", "recommendation"],
        "nap_coverage": ["indicator", "area", "title", "status", "measures", "measure_ids"],
        "nap_agency_area": ["body", *[f"area{a.id}_{r}" for a in inst.indicators.areas
                                      for r in ("lead", "partner")], "total"],
        "nap_gaps": ["kind", "ref", "what", "status", "recommendation"],
    }


def _rules(root):
    inst = load_instruments(instruments_dir(root))
    return inst, inst.nap_rules


def parse_plan(path: str | Path, plan_id: str | None = None, root=None) -> dict:
    """Parse one NAP file and return what was read (nothing is stored: plans
    reach the analysis through ``data/raw/<ISO3>/nap/nap.yaml`` and ingest)."""
    path = Path(path)
    plan_id = plan_id or path.stem
    plan = parse_nap_file(path, plan_id, list(_rules(root)[1].recurring_terms))
    if plan.measures.empty:
        raise InputError(f"No measures could be read from {path.name}", plan.problems)
    return {"plan_id": plan_id, "measures": len(plan.measures), "layout": plan.layout, "problems": plan.problems,
            "table": plan.measures}


def _plans(country, root):
    if not catalogue.exists("nap_plans", country, root):
        raise MissingInputError(f"No processed data for {country}: run `ctnat ingest --country {country}` first.")
    plans = catalogue.read_json("nap_plans", country, root)
    if not plans:
        raise NoPlanError(f"{country} has no National Action Plan: list its plans in "
                          f"data/raw/{country}/nap/nap.yaml to have them analysed.")
    return plans


def latest_plan(country: str, root=None) -> str:
    plans = _plans(country, root)
    return max(plans, key=lambda k: (str(plans[k].get("end") or ""), k))


def plan_measures(country: str, plan_id: str, root=None) -> tuple[pd.DataFrame, str]:
    df = catalogue.read("nap_measures", country, root)
    sub = df[df["plan_id"] == plan_id]
    if sub.empty:
        raise UsageError(f"Plan '{plan_id}' has not been parsed for {country}; parsed: "
                         f"{', '.join(sorted(df['plan_id'].unique()))}")
    texts = catalogue.read_json("nap_texts", country, root)
    return sub.reset_index(drop=True), texts.get(plan_id, "")


def analyse_plan(country: str, plan_id: str | None = None, root=None, progress=None) -> dict[str, Path]:
    """Classify, flag and check one plan; write ``analysis/<ISO3>/nap_*.csv``."""
    country = country.upper()
    say = progress or (lambda m: None)
    inst, rules = _rules(root)
    try:
        plan_id = plan_id or latest_plan(country, root)
    except NoPlanError as exc:
        # said once, here; every later stage sees the empty plan record and leaves the NAP out
        say(f"nap {country}: {exc}")
        written = {name: catalogue.write(name, pd.DataFrame(columns=columns), country, root)
                   for name, columns in empty_nap_columns(inst).items()}
        catalogue.write_json("nap_plan", "{}", country, root)
        return written
    measures, text = plan_measures(country, plan_id, root)
    cls = A.classify(measures, rules)
    flags = A.flag_measures(measures, rules)
    check = A.checklist(measures, text, rules, cls)
    cov = A.coverage(cls, inst)
    agency = A.agency_area(measures, cls, inst)
    gaps = A.gap_list(cov, check)
    written = {
        "nap_classification": catalogue.write("nap_classification", cls, country, root),
        "nap_flags": catalogue.write("nap_flags", flags, country, root),
        "nap_checklist": catalogue.write("nap_checklist", check, country, root),
        "nap_coverage": catalogue.write("nap_coverage", cov, country, root),
        "nap_agency_area": catalogue.write("nap_agency_area", agency, country, root),
        "nap_gaps": catalogue.write("nap_gaps", gaps, country, root),
    }
    catalogue.write_json("nap_plan", {"plan_id": plan_id, **_plans(country, root)[plan_id]}, country, root,
                         indent=1, ensure_ascii=False)
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
    if output:
        return write_csv(pd.DataFrame(rows), Path(output))
    return catalogue.write("nap_compare", pd.DataFrame(rows), country, root, part=f"{old}_{new}")


def _analysed_plan(country: str, root=None) -> dict:
    """The plan the NAP stage analysed; {} when the country has none. A missing
    record means the NAP stage has not run, which is an error."""
    meta = catalogue.read_json("nap_plan", country, root)
    # a plan was analysed but its tables are not all there: never taken for "no plan" (a check of the NAP
    # stage's outputs, not a read of them)
    missing = [f"{n}.csv" for n in NAP_TABLES if meta and not catalogue.path(n, country, root).exists()]
    if missing:
        raise StageError(f"The NAP analysis of {country} in {analysis_dir(country, root)} is incomplete (missing "
                         f"{', '.join(missing)}): run `ctnat nap analyse --country {country}` again.")
    return meta


def nap_desk_evidence(country: str, root=None) -> list[dict]:
    """Per criterion, the NAP evidence the assessor confirms (never a score)."""
    meta = _analysed_plan(country, root)
    if not meta:
        return []
    inst = load_instruments(instruments_dir(root))
    return A.desk_evidence(catalogue.read("nap_coverage", country, root), inst, meta.get("title", meta.get("plan_id", "")))


def nap_summary(country: str, root=None) -> dict | None:
    """What the report's NAP section needs; None when no NAP was analysed."""
    meta = _analysed_plan(country, root)
    if not meta:
        return None
    inst = load_instruments(instruments_dir(root))
    cls, cov = catalogue.read("nap_classification", country, root), catalogue.read("nap_coverage", country, root)
    check, flags = catalogue.read("nap_checklist", country, root), catalogue.read("nap_flags", country, root)
    measures = plan_measures(country, meta["plan_id"], root)[0]
    per_area = cls["primary_area"].value_counts().to_dict()
    kinds = []
    for m in measures.to_dict("records"):
        if bool(m["recurring"]) and not m["period_end"]:
            kinds.append("recurring")
        elif m["period_end"]:
            kinds.append("dated")
        else:
            kinds.append("none")
    deadline = pd.DataFrame({"area": cls["primary_area"], "kind": kinds})
    leads = measures["lead_body"].replace("", pd.NA).dropna().value_counts().head(8)
    failed = check[~check["passed"]]
    status = cov["status"].value_counts().to_dict()
    n = len(measures)
    recurring = kinds.count("recurring")
    areas = {a.id: label(a.title) for a in inst.indicators.areas}
    top_area = max(per_area, key=per_area.get) if per_area else ""
    gaps = cov[cov["status"] == "gap"]["indicator"].tolist()
    covered, mentioned, gap = (int(status.get(k, 0)) for k in ("covered", "mentioned", "gap"))
    paragraph = " ".join(part for part in (
        ngettext("The {plan} sets out {n} measure.", "The {plan} sets out {n} measures.", n,
                 plan=meta["title"] if "title" in meta else _("National Action Plan")),
        ngettext("Read against the {n} indicator, {covered} addressed by at least one measure, {mentioned} only "
                 "touched on, and {gap}{which}.",
                 "Read against the {n} indicators, {covered} addressed by at least one measure, {mentioned} only "
                 "touched on, and {gap}{which}.", len(inst.indicators.indicators),
                 covered=ngettext("{n} indicator is", "{n} indicators are", covered),
                 mentioned=ngettext("{n} is", "{n} are", mentioned),
                 gap=ngettext("{n} has no measure", "{n} have no measure", gap),
                 which=" ({})".format(", ".join(gaps)) if gaps else ""),
        _("Most measures concern {area} ({n}).", area=areas.get(top_area, "").lower(),
          n=format_number(per_area.get(top_area, 0))) if top_area else "",
        ngettext("{n} measure is recurring with no end date; {no_indicator} and {no_budget}.",
                 "{n} measures are recurring with no end date; {no_indicator} and {no_budget}.", recurring,
                 no_indicator=ngettext("{n} has no indicator", "{n} have no indicator",
                                       int(flags["no_indicator"].sum())),
                 no_budget=_("{n} no budget", n=format_number(int(flags["no_budget"].sum())))),
        ngettext("Of the {n} checklist point of the ICMPD review, the plan misses {missed}: {items}.",
                 "Of the {n} checklist points of the ICMPD review, the plan misses {missed}: {items}.", len(check),
                 missed=format_number(len(failed)), items=", ".join(r.lower() for r in failed["item"]))
        if len(failed) else _("The plan meets every checklist point.")) if part)
    return {"plan": meta, "measures": n, "per_area": per_area, "deadline": deadline, "top_bodies": leads,
            "coverage": cov, "checklist": check, "failed": failed, "paragraph": paragraph}
