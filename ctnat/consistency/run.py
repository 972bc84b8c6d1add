"""The consistency stage: before any document is written, every contradiction
between the assessment's parts — recommendation vs status vs the country's
instruments, results framework vs workshop decisions, statistics vs statistics,
narrative vs statistics, a report table vs its data and text — in
``analysis/<ISO3>/consistency.csv``. A blocking contradiction stops the build
(:class:`~ctnat.problems.ConsistencyError` naming each row) unless the assessor
accepts it in ``data/raw/<ISO3>/overrides.yaml`` (``accepted:``: check, key,
reason); the report lists what the gate found, and what was accepted and why.

The stage reads the rows the plan and the report will draw from the same
functions they use (:func:`ctnat.plan.run.plan_rows`,
:func:`ctnat.report.build.checklist_rows`), so what it checks is what they write.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import catalogue
from ..instruments import load_instruments
from ..messages import _, label
from ..paths import instruments_dir
from ..problems import ConsistencyError, Problem
from ..report.narrative import narrative_part
from .checks import (
    Contradiction,
    actions_creating_existing,
    actions_on_met,
    checklist_table,
    narrative_negations,
    sources_disagree,
    workshop_in_plan,
)

COLUMNS = catalogue.table("consistency").columns
INSTRUMENTS_TABLE = "country_instruments"  # written by ingest from desk_review.yaml, when the catalogue has it


def _part_names(inst, parts) -> dict[str, str]:
    """'area2' → 'The narrative on protection and assistance' (no file name reaches the report)."""
    areas = {f"area{a.id}": label(a.title) for a in inst.indicators.areas}
    return {p: (_("The narrative on {area}", area=areas[p].lower()) if p in areas
                else _("The narrative on the situation") if p == "situation" else _("The narrative")) for p in parts}


def _narrative(country: str, root) -> dict[str, str]:
    manifest = catalogue.read_json("narrative_manifest", country, root, missing_ok=True, default={}) or {}
    parts = {}
    files = [Path(entry["path"]) for entry in manifest.get("inputs", [])]
    # the parts in the order of the English files, then those a language has on its own (narrative/ru/…)
    names = dict.fromkeys([f.stem for f in files if f.parent.name == "narrative"] + [f.stem for f in files])
    for name in names:
        p, found = narrative_part(country, root, name)  # the current language's, as the report prints it
        if p is not None and found == "own":
            parts[name] = p.read_text(encoding="utf-8")
    return parts


def _country_instruments(country: str, root) -> pd.DataFrame | None:
    if INSTRUMENTS_TABLE not in catalogue.TABLES:
        return None
    return catalogue.read(INSTRUMENTS_TABLE, country, root, missing_ok=True)


def action_map(inst) -> list[dict]:
    """What each action of the recommendation blocks creates, found by its text (and
    by the text of each of its parts: what it asks of a country that has some of it)."""
    out = []
    for b in inst.recommendations.blocks:
        for a in b.actions:
            base = {"block": b.key, "criterion": a.criterion}
            out.append({**base, "text_starts": label(a.text).strip(), "creates": list(a.creates)})
            out += [{**base, "text_starts": label(text).strip(), "creates": [cap]} for cap, text in a.parts.items()]
    return out


def find_contradictions(country: str, root=None) -> list[Contradiction]:
    """Every contradiction of a country's assessment, in check order."""
    from ..nap import nap_summary
    from ..plan.run import plan_rows
    from ..report.build import checklist_rows

    inst = load_instruments(instruments_dir(root))
    recs = catalogue.read("recommendations", country, root)
    scores = catalogue.read("scores", country, root)
    plan = plan_rows(country, root)
    found = actions_on_met(inst, recs, scores, plan["activities"])
    instruments = _country_instruments(country, root)
    if instruments is not None and len(instruments):
        found += actions_creating_existing(recs, plan["activities"], instruments, action_map(inst))
    found += workshop_in_plan(recs, plan["activities"], plan["mel"])
    stats = catalogue.read("statistics", country, root, missing_ok=True)
    dis = list(inst.statistics.disaggregations)
    found += sources_disagree(stats, dis)
    parts = _narrative(country, root)
    labels = {k: m.label for k, m in inst.statistics.metrics.items()}
    found += narrative_negations(parts, _part_names(inst, parts), stats, inst.statistics.narrative_terms, labels)
    nap = nap_summary(country, root)
    if nap is not None:
        found += checklist_table(checklist_rows(nap["checklist"]), nap["checklist"], set(nap["failed"]["key"]))
    return found


def consistency_table(found: list[Contradiction], accepted: pd.DataFrame | None) -> pd.DataFrame:
    """The rows of ``consistency.csv``: each contradiction, with the assessor's
    acceptance and reason where ``accepted`` (check, key, reason) has one."""
    reasons = {} if accepted is None else {(r["check"], r["key"]): r["reason"] for r in accepted.to_dict("records")}
    rows = [dict(c.as_row(), accepted=(c.check, c.key) in reasons, reason=reasons.get((c.check, c.key), ""))
            for c in found]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def check_country(country: str, root=None, progress=None) -> dict:
    """The consistency stage: write ``consistency.csv``, then stop with a
    :class:`ConsistencyError` naming every blocking row not accepted."""
    country = country.upper()
    say = progress or (lambda msg: None)
    found = find_contradictions(country, root)
    accepted = catalogue.read("accepted", country, root, missing_ok=True)
    table = consistency_table(found, accepted)
    path = catalogue.write("consistency", table, country, root)
    if accepted is not None:
        unused = set(zip(accepted["check"], accepted["key"])) - set(zip(table["check"], table["key"]))
        for check, key in sorted(unused):
            say(f"consistency {country}: the acceptance of {check} {key} (overrides.yaml) matches no contradiction "
                "any more; it can go")
    open_rows = table[(table["severity"] == "blocking") & ~table["accepted"].astype(bool)]
    say(f"consistency {country}: {len(table)} contradiction(s), {int((table['severity'] == 'blocking').sum())} "
        f"blocking, {int(table['accepted'].astype(bool).sum())} accepted → {path}")
    if len(open_rows):
        rel = f"analysis/{country}/{path.name}"
        raise ConsistencyError(
            f"{country}: {len(open_rows)} blocking contradiction(s) between parts of the assessment; no document was "
            f"written. Fix each, or accept it in data/raw/{country}/overrides.yaml under 'accepted:' with the "
            "check, the key and your reason:",
            [Problem(rel, f"{r['check']}: {r['message']}", row=int(i) + 2, column="key", value=r["key"],
                     expected=f"{r['left_table']} {r['left_key']} and {r['right_table']} {r['right_key']} to agree")
             for i, r in open_rows.iterrows()])
    return {"path": path, "rows": len(table), "blocking": int((table["severity"] == "blocking").sum())}

