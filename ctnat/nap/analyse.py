"""Map NAP measures to the 25 indicators, flag weak measures, run the ICMPD
checklist, and derive coverage, an agency × area matrix and the gap list.

Rules live in ``instruments/nap_rules.yaml``. A measure's score for an indicator
is the number of that indicator's patterns it matches, plus a bonus when the
measure's NAP section is about the indicator's area; the best score is the
primary indicator, the next the secondary one.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from ..instruments import CRITERIA, Instruments, NapRules
from ..messages import _, format_number, ngettext

FLAG_COLUMNS = ["id", "no_lead_body", "vague_responsibility", "recurring_no_deadline", "no_indicator", "no_budget",
                "vague_wording", "flags"]


def _compile(rules: NapRules):
    ind = {k: [(re.compile(p.lstrip("!"), re.I), 3.0 if p.startswith("!") else 1.0) for p in v]
           for k, v in rules.indicators.items()}
    sec = {k: [re.compile(p, re.I) for p in v] for k, v in rules.section_areas.items()}
    return ind, sec


def classify(measures: pd.DataFrame, rules: NapRules) -> pd.DataFrame:
    """Primary and secondary indicator (and area) for every measure, with the terms that matched."""
    ind_rx, sec_rx = _compile(rules)
    bonus = rules.section_bonus
    rows = []
    for m in measures.to_dict("records"):
        text = str(m.get("text", ""))
        title = f"{m.get('section_title', '')} {m.get('specific_goal', '')}"
        areas = {a for a, pats in sec_rx.items() if any(p.search(title) for p in pats)}
        scores, terms = {}, {}
        for ind, pats in ind_rx.items():
            hits = [(p.pattern, w) for p, w in pats if p.search(text)]
            if not hits:
                continue
            scores[ind] = sum(w for _pattern, w in hits) + (bonus if ind.split(".")[0] in areas else 0)
            terms[ind] = [h for h, _ in hits]
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        primary = ranked[0][0] if ranked else ""
        secondary = ranked[1][0] if len(ranked) > 1 else ""
        rows.append({"plan_id": m.get("plan_id", ""), "id": m["id"], "section": m.get("section", ""),
                     "text": text, "primary_indicator": primary, "primary_area": primary.split(".")[0] if primary else "",
                     "secondary_indicator": secondary, "score": ranked[0][1] if ranked else 0,
                     "matched_terms": "; ".join(terms.get(primary, [])),
                     "all_indicators": ";".join(k for k, _ in ranked)})
    return pd.DataFrame(rows)


def flag_measures(measures: pd.DataFrame, rules: NapRules) -> pd.DataFrame:
    """Per measure: no lead body, vague responsibility, recurring with no
    deadline, no indicator, no budget, vague wording."""
    vague = [re.compile(re.escape(t), re.I) for t in rules.vague_terms]
    vague_bodies = [t.lower() for t in rules.vague_bodies]
    rows = []
    for m in measures.to_dict("records"):
        bodies = f"{m.get('lead_body', '')}; {m.get('partner_bodies', '')}".lower()
        f = {
            "id": m["id"],
            "no_lead_body": not str(m.get("lead_body", "")).strip(),
            "vague_responsibility": any(v in bodies for v in vague_bodies),
            "recurring_no_deadline": str(m.get("recurring", "")).lower() in ("true", "1") and not str(m.get("period_end", "")).strip(),
            "no_indicator": not str(m.get("indicator", "")).strip(),
            "no_budget": not str(m.get("resources", "")).strip(),
            "vague_wording": any(p.search(str(m.get("text", ""))) for p in vague),
        }
        f["flags"] = ";".join(k for k in FLAG_COLUMNS[1:-1] if f[k])
        rows.append(f)
    return pd.DataFrame(rows, columns=FLAG_COLUMNS)


def checklist(measures: pd.DataFrame, full_text: str, rules: NapRules, classification: pd.DataFrame) -> pd.DataFrame:
    """The plan-level checklist of the ICMPD review: passed / failed, with evidence."""
    rows = []
    text = full_text or " ".join(measures["text"].astype(str))
    areas = set(classification["primary_area"]) | set(
        a.split(".")[0] for s in classification["all_indicators"] for a in str(s).split(";") if a)
    n = len(measures)

    def share(col):
        return int(measures[col].astype(str).str.strip().ne("").sum()) if n else 0

    for item in rules.checklist:
        test, evidence = item.test, ""
        if test == "goals_separate":
            goals = share("specific_goal")
            ok = goals > 0 or bool(re.search(r"\b(goals?|objectives?|aims?)\b", text[:20000], re.I)) and \
                measures["section"].astype(str).str.len().gt(0).all()
            evidence = ngettext("{n} activity carries a specific goal", "{n} activities carry a specific goal", goals) \
                if goals else _("goals stated in the narrative part")
        elif test == "four_components":
            need = {"4": "prevention", "2": "protection", "3": "prosecution", "5": "partnership"}
            missing = [v for k, v in need.items() if k not in areas]
            ok = not missing
            evidence = _("all four present") if ok else _("missing: {components}", components=", ".join(missing))
        elif test in ("every_lead", "every_period", "every_budget", "every_indicator"):
            col = {"every_lead": "lead_body", "every_period": "period_text", "every_budget": "resources",
                   "every_indicator": "indicator"}[test]
            have = share(col)
            ok = n > 0 and have == n
            evidence = ngettext("{have} of {n} activity", "{have} of {n} activities", n, have=format_number(have))
        else:
            hits = []
            for p in item.patterns or []:
                m = re.search(p, text, re.I)
                if m:
                    start = max(0, m.start() - 50)
                    hits.append(text[start:m.end() + 50].replace("\n", " ").strip())
            ok = bool(hits)
            evidence = hits[0] if hits else _("not found in the plan")
        rows.append({"key": item.key, "item": item.label, "passed": bool(ok), "evidence": evidence,
                     "recommendation": "" if ok else rules.checklist_recommendations.get(item.key, "")})
    return pd.DataFrame(rows)


def coverage(classification: pd.DataFrame, inst: Instruments) -> pd.DataFrame:
    """Per indicator: covered (a measure's primary indicator), mentioned only
    (secondary), or gap — with the measure ids."""
    rows = []
    for ind in inst.indicators.indicators:
        prim = classification[classification["primary_indicator"] == ind.id]["id"].tolist()
        sec = classification[classification["secondary_indicator"] == ind.id]["id"].tolist()
        status = "covered" if prim else ("mentioned" if sec else "gap")
        rows.append({"indicator": ind.id, "area": ind.area, "title": ind.title["en"], "status": status,
                     "measures": len(prim), "measure_ids": ", ".join(prim or sec)})
    return pd.DataFrame(rows)


def agency_area(measures: pd.DataFrame, classification: pd.DataFrame, inst: Instruments) -> pd.DataFrame:
    """Lead and partner roles of each body per area (counts of measures)."""
    area = dict(zip(classification["id"], classification["primary_area"]))
    counts: Counter = Counter()
    for m in measures.to_dict("records"):
        a = area.get(m["id"], "")
        if not a:
            continue
        if str(m.get("lead_body", "")).strip():
            counts[(m["lead_body"], a, "lead")] += 1
        for p in [x.strip() for x in str(m.get("partner_bodies", "")).split(";") if x.strip()]:
            counts[(p, a, "partner")] += 1
    bodies = sorted({k[0] for k in counts})
    rows = []
    for b in bodies:
        row = {"body": b}
        for ar in inst.indicators.areas:
            row[f"area{ar.id}_lead"] = counts[(b, ar.id, "lead")]
            row[f"area{ar.id}_partner"] = counts[(b, ar.id, "partner")]
        row["total"] = sum(v for k, v in row.items() if k != "body")
        rows.append(row)
    return pd.DataFrame(rows).sort_values(["total", "body"], ascending=[False, True]) if rows else pd.DataFrame()


def gap_list(cov: pd.DataFrame, check: pd.DataFrame) -> pd.DataFrame:
    rows = [{"kind": "indicator", "ref": r["indicator"], "what": r["title"], "status": r["status"],
             "recommendation": _("Add measures for indicator {indicator} ({title}) to the next plan.",
                                 indicator=r["indicator"], title=r["title"])}
            for r in cov[cov["status"] != "covered"].to_dict("records")]
    rows += [{"kind": "checklist", "ref": r["key"], "what": r["item"], "status": "failed",
              "recommendation": r["recommendation"]} for r in check[~check["passed"]].to_dict("records")]
    return pd.DataFrame(rows, columns=["kind", "ref", "what", "status", "recommendation"])


def desk_evidence(cov: pd.DataFrame, inst: Instruments, plan_title: str) -> list[dict]:
    """NAP evidence per criterion, for the assessor to confirm: never a score."""
    out = []
    cov = cov.set_index("indicator")
    for ind in inst.indicators.indicators:
        r = cov.loc[ind.id]
        ids = [i.strip() for i in str(r["measure_ids"]).split(",") if i.strip()]
        for c in CRITERIA:
            rec = {"indicator": ind.id, "criterion": c, "status": r["status"], "measure_ids": ids, "plan": plan_title,
                   "flag": ""}
            if c.startswith("fw") and r["status"] == "gap":
                rec["flag"] = _("no NAP measure: assessor to check this framework criterion")
            out.append(rec)
    return out
