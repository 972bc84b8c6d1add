"""Compare the drafted recommendations with a reference list — for instance the
recommendations of an earlier assessment of the same country — item by item.

A reference item names the building block and criterion whose action carries
its idea (or none). Each item is then:

- ``reproduced``: the country's recommendations contain that action (its
  criterion is a gap, and the workshop did not reject the recommendation);
- ``rejected``: drafted, but the validation workshop rejected the recommendation;
- ``not a gap``: the library has the action, but the evidence does not call for
  it (the criterion is met, or the evidence is insufficient) — the status says which;
- ``not in library``: no building block carries the idea.

The gaps a drafted recommendation answers that no reference item points to are
what the tool adds.
"""

from __future__ import annotations

import pandas as pd

from ..instruments import Recommendations

COMPARE_COLUMNS = ["line", "area", "about", "key", "criterion", "result", "status", "recommendation"]


def compare(reference: list[dict], recs: pd.DataFrame, scores: pd.DataFrame, blocks: Recommendations) -> pd.DataFrame:
    """One row per reference item with its result (see the module doc)."""
    actions = {(b.key, a.criterion) for b in blocks.blocks for a in b.actions}
    status = dict(zip(scores["indicator"] + "." + scores["criterion"], scores["status"]))
    by_key = {r["key"]: r for r in recs.to_dict("records")}
    rows = []
    for item in reference:
        key, crit = item.get("key"), item.get("criterion")
        rec = by_key.get(key) if key else None
        answered = rec is not None and crit in [g.strip() for g in str(rec["gaps"]).split(";")]
        if not crit or (key, crit) not in actions:
            result = "not in library"
        elif answered and rec["outcome"] == "rejected":
            result = "rejected"
        elif answered:
            result = "reproduced"
        else:
            result = "not a gap"
        rows.append({"line": item["line"], "area": str(item["area"]), "about": item["about"], "key": key or "",
                     "criterion": crit or "", "result": result, "status": status.get(crit, "") if crit else "",
                     "recommendation": (rec["id"] or "—") if answered else ""})
    return pd.DataFrame(rows, columns=COMPARE_COLUMNS)


def added(reference: list[dict], recs: pd.DataFrame) -> pd.DataFrame:
    """Per drafted (not rejected) recommendation, the gaps it answers that no
    reference item points to — what the tool adds (rows without any are left out)."""
    covered = {(i.get("key"), i.get("criterion")) for i in reference}
    rows = []
    for r in recs[recs["id"] != ""].to_dict("records"):
        extra = [g.strip() for g in str(r["gaps"]).split(";") if g.strip() and (r["key"], g.strip()) not in covered]
        if extra:
            rows.append({"id": r["id"], "key": r["key"], "title": r["title"], "gaps": "; ".join(extra)})
    return pd.DataFrame(rows, columns=["id", "key", "title", "gaps"])


def markdown(table: pd.DataFrame, extra: pd.DataFrame) -> str:
    """The comparison as Markdown: counts, then the items, then the additions."""
    counts = table["result"].value_counts()
    order = ["reproduced", "not a gap", "rejected", "not in library"]
    out = [f"Of {len(table)} reference recommendations: "
           + ", ".join(f"{counts.get(k, 0)} {k}" for k in order) + ".", ""]
    out += ["| Seed line | Area | Recommendation (summary) | Block / criterion | Result | Status | CT-NAT |",
            "|---|---|---|---|---|---|---|"]
    for r in table.to_dict("records"):
        out.append(f"| {r['line']} | {r['area']} | {r['about']} | {r['key']} {r['criterion']} | {r['result']} | "
                   f"{r['status'].replace('_', ' ')} | {r['recommendation']} |")
    out += ["", (f"Gaps CT-NAT answers that no reference recommendation points to, in {len(extra)} of its "
                 "recommendations:"), ""]
    out += [f"- {r['id']} {r['title']}: {r['gaps']}" for r in extra.to_dict("records")]
    return "\n".join(out) + "\n"
