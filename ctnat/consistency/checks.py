"""The checks of the consistency gate: plain functions over the tables (and the
rows the plan and the report will draw), each returning the contradictions it
finds. A contradiction names both sides — the table, the key of the row in it
and the value — and says in words what contradicts what. The severity of each
check is :data:`ctnat.problems.CHECKS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..messages import _, format_list, format_number
from ..problems import CHECKS


@dataclass(frozen=True)
class Contradiction:
    check: str
    key: str
    left: tuple[str, str, str]  # table, key in it, value
    right: tuple[str, str, str]
    message: str

    @property
    def severity(self) -> str:
        return CHECKS[self.check]

    def as_row(self) -> dict:
        return {"check": self.check, "severity": self.severity, "key": self.key,
                "left_table": self.left[0], "left_key": self.left[1], "left_value": self.left[2],
                "right_table": self.right[0], "right_key": self.right[1], "right_value": self.right[2],
                "message": self.message}


def split_keys(text) -> list[str]:
    """``1.1.fw1; 1.1.op2`` (or comma-separated) as a list of criterion keys."""
    return re.findall(r"\d+\.\d+\.(?:fw|op)[12]", str(text or ""))


def _criterion(inst, key: str) -> str:
    ind, crit = key.rsplit(".", 1)
    return f"{ind} {inst.indicators.short_level(crit)}"


def _status_label(inst, status: str) -> str:
    return inst.status_label(status).lower() if status in inst.rubric.status_labels else status


# ------------------------------------------------------- a. recommendation vs status vs instruments
def actions_on_met(inst, recs: pd.DataFrame, scores: pd.DataFrame, activities: list[dict]) -> list[Contradiction]:
    """A recommendation, or an activity of the results framework, that acts on a
    criterion the assessment finds met (a plan row the assessor kept after its gap
    closed says so in its status, and is left alone)."""
    status = {f"{r['indicator']}.{r['criterion']}": r["status"] for r in scores.to_dict("records")}
    out = []
    for r in recs.to_dict("records"):
        if not r["id"] or r["outcome"] == "rejected":
            continue
        for g in split_keys(r["gaps"]):
            if status.get(g) == "met":
                out.append(Contradiction(
                    "action_on_met_criterion", f"{r['id']} {g}", ("recommendations", r["id"], g),
                    ("scores", g, status[g]),
                    _("Recommendation {rec} acts on {criterion}, which the assessment finds met.", rec=r["id"],
                      criterion=_criterion(inst, g))))
    for a in activities:
        if str(a.get("status", "")).startswith("gap closed"):
            continue
        for g in split_keys(a.get("criteria")):
            if status.get(g) == "met":
                out.append(Contradiction(
                    "action_on_met_criterion", f"{a['id']} {g}", ("plan_activities", a["id"], a.get("activity", "")),
                    ("scores", g, status[g]),
                    _("Activity {row} of the results framework acts on {criterion}, which the assessment finds "
                      "met.", row=a["id"], criterion=_criterion(inst, g))))
    return out


IN_FORCE = ("in_force", "")  # a country instrument without a status counts as in force


def actions_creating_existing(recs: pd.DataFrame, activities: list[dict], instruments: pd.DataFrame,
                              action_map: list[dict]) -> list[Contradiction]:
    """An action (of a recommendation, or an activity of the results framework)
    that creates or adopts a capability one of the country's instruments in force
    already provides. The actions are found by the first words of their text
    (``text_starts``: the text of each action of ``instruments/recommendations.yaml``, see ``run.action_map``),
    so an action reworded to amend, apply or fund what exists no longer matches."""
    have: dict[str, dict] = {}
    for r in instruments.to_dict("records"):
        if str(r.get("status", "")) not in IN_FORCE:
            continue
        for cap in [c.strip() for c in re.split(r"[;,]", str(r.get("provides", ""))) if c.strip()]:
            have.setdefault(cap, r)
    out = []

    def found(where: str, row_id: str, text: str, entries: list[dict]) -> None:
        for e in entries:
            if not str(text).startswith(e["text_starts"]) and f" {e['text_starts']}" not in str(text):
                continue
            for cap in e.get("creates") or []:
                if cap in have:
                    i = have[cap]
                    out.append(Contradiction(
                        "action_creates_existing", f"{row_id} {cap}", (where, row_id, text),
                        ("country_instruments", str(i["id"]), str(i.get("title", ""))),
                        _("{what} asks to create or adopt what the country already has: {instrument}.",
                          what=(_("Recommendation {rec}", rec=row_id) if where == "recommendations"
                                else _("Activity {row} of the results framework", row=row_id)),
                          instrument=str(i.get("title", "")))))

    for r in recs.to_dict("records"):
        if not r["id"] or r["outcome"] == "rejected":
            continue
        entries = [e for e in action_map if e.get("block") == r["key"]]
        for action in [a.strip() for a in str(r["actions"]).split(" | ") if a.strip()]:
            found("recommendations", r["id"], action, entries)
    for a in activities:
        crits = set(split_keys(a.get("criteria")))
        found("plan_activities", a["id"], a.get("activity", ""),
              [e for e in action_map if e.get("criterion") in crits])
    return out


# ---------------------------------------------------------------- b. plan rows vs workshop decisions
def workshop_in_plan(recs: pd.DataFrame, activities: list[dict], mel: list[dict]) -> list[Contradiction]:
    """What the workshop rejected appears nowhere in the results framework; what it
    amended is used as amended. A gap counts as rejected when every recommendation
    answering it was rejected."""
    rows = recs.to_dict("records")
    kept = {g for r in rows if r["outcome"] != "rejected" for g in split_keys(r["gaps"])}
    out = []
    for r in rows:
        if r["outcome"] == "rejected":
            gone = set(split_keys(r["gaps"])) - kept
            for sheet, plan_rows, text_of in (("plan_activities", activities, "activity"), ("plan_mel", mel,
                                                                                            "indicator")):
                for a in plan_rows:
                    hit = sorted(gone & set(split_keys(a.get("criteria"))))
                    if hit:
                        out.append(Contradiction(
                            "rejected_in_plan", a["id"], ("workshop_outcomes", r["key"], r["outcome"]),
                            (sheet, a["id"], str(a.get(text_of, ""))),
                            _("The results framework keeps row {row} of the recommendation “{title}”, which the "
                              "validation workshop rejected.", row=a["id"], title=r["title"])))
        elif r["outcome"] == "amended" and str(r["validated_text"]).strip():
            wording = str(r["validated_text"]).strip()
            mine = set(split_keys(r["gaps"]))
            for a in activities:
                if mine & set(split_keys(a.get("criteria"))) and wording not in str(a.get("activity", "")):
                    out.append(Contradiction(
                        "amended_not_as_amended", a["id"], ("workshop_outcomes", r["key"], wording),
                        ("plan_activities", a["id"], str(a.get("activity", ""))),
                        _("Activity {row} of the results framework does not use the wording of recommendation {rec} "
                          "as the validation workshop amended it.", row=a["id"], rec=r["id"])))
    return out


# ------------------------------------------------------------------ c. statistics vs statistics
def _value(v) -> str:
    number = float(v)
    return format_number(int(number)) if number.is_integer() else str(v)


def figure_key(r: dict, dis: list[str]) -> str:
    """``convictions 2014`` (+ period, + breakdown values): one figure, whatever its source."""
    parts = [r["metric"], str(r["year"])] + ([r["period"]] if r.get("period") else [])
    return " ".join(parts + [str(r[c]) for c in dis if r.get(c)])


def sources_disagree(stats: pd.DataFrame | None, dis: list[str]) -> list[Contradiction]:
    """One figure (metric, year, period and breakdown) given with different values
    by different sources."""
    if stats is None or not len(stats):
        return []
    dis = [c for c in dis if c in stats.columns]
    groups: dict[str, list[dict]] = {}
    for r in stats.to_dict("records"):
        groups.setdefault(figure_key(r, dis), []).append(r)
    out = []
    for key, rows in groups.items():
        by_source: dict[str, dict] = {}
        for r in rows:
            by_source.setdefault(r["source"], r)
        if len(by_source) < 2 or len({(r["qualifier"], float(r["value"])) for r in by_source.values()}) < 2:
            continue
        first, *others = by_source.values()
        for o in others:
            if (o["qualifier"], float(o["value"])) == (first["qualifier"], float(first["value"])):
                continue
            out.append(Contradiction(
                "sources_disagree", key, ("statistics", f"{key} ({first['source']})", str(first["value"])),
                ("statistics", f"{key} ({o['source']})", str(o["value"])),
                _("{figure}, {year}: the sources disagree — {values}. Agree on one before using it as a baseline.",
                  figure=first["label"], year=first["year"],
                  values=format_list(_("{value} ({source})", value=_value(r["value"]), source=r["source"])
                                     for r in by_source.values()))))
    return out


# ------------------------------------------------------------------ d. narrative vs statistics
def _pattern(words: list[str]) -> re.Pattern:
    alts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) + r"\b" for w in words]
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + ")", re.IGNORECASE)


def _clauses(text: str) -> list[tuple[int, str, str]]:
    """(line number, sentence, clause) of a Markdown text; a clause ends at , ; or the sentence's end."""
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        plain = re.sub(r"[*_`#>]+", "", line).replace("’", "'").strip(" -\t")
        for sentence in re.split(r"(?<=[.!?])\s+", plain):
            for clause in re.split(r"[,;]", sentence):
                if clause.strip():
                    out.append((n, sentence.strip(), clause))
    return out


def narrative_negations(parts: dict[str, str], part_names: dict[str, str], stats: pd.DataFrame | None,
                        terms, labels: dict[str, str]) -> list[Contradiction]:
    """A clause of the narrative that names a group, a metric and a negation ("men
    cannot stay in the shelter") while the statistics count that group for that
    metric. The words are the instruments' (statistics.yaml ``narrative_terms``)."""
    if terms is None or stats is None or not len(stats):
        return []
    negation = _pattern(terms.negations)
    metrics = {m: _pattern(w) for m, w in terms.metrics.items()}
    groups = {(g.column, g.value): _pattern(g.words) for g in terms.groups if g.column in stats.columns}
    counted: dict[tuple[str, str, str], list[dict]] = {}
    for r in stats.to_dict("records"):
        for (col, value) in groups:
            if r[col] == value and float(r["value"]) > 0:
                counted.setdefault((r["metric"], col, value), []).append(r)
    out, seen = [], set()
    for part, text in parts.items():
        for line, sentence, clause in _clauses(text):
            if not negation.search(clause):
                continue
            for (col, value), g in groups.items():
                if not g.search(clause):
                    continue
                for metric, m in metrics.items():
                    rows = counted.get((metric, col, value))
                    key = f"{part} {col}={value} {metric}"
                    if not rows or not m.search(clause) or key in seen:
                        continue
                    seen.add(key)
                    values = "; ".join(f"{_value(r['value'])} ({r['year']}, {r['source']})" for r in rows)
                    out.append(Contradiction(
                        "narrative_negates_statistic", key, ("narrative_text", f"{part}.md:{line}", sentence),
                        ("statistics", f"{metric} {col}={value}", values),
                        _("{where} says “{sentence}”, but the statistics give figures for the breakdown "
                          "“{group}” under “{figure}”: {values}.",
                          where=part_names.get(part, part), sentence=sentence, group=value,
                          figure=labels.get(metric, metric), values=values)))
    return out


# ------------------------------------------------------------------ e. tables vs their data and text
def checklist_table(table_rows: list[dict], check: pd.DataFrame, failed_keys: set[str]) -> list[Contradiction]:
    """The report's checklist table of the National Action Plan against the NAP
    analysis (``nap_checklist``) and against the section's sentence, which names
    the points the plan misses."""
    data = {r["key"]: bool(r["passed"]) for r in check.to_dict("records")}
    out = []
    for r in table_rows:
        key = r["key"]
        said = key not in failed_keys
        shown = _("met") if r["met"] else _("not met")
        if r["met"] != data.get(key):
            out.append(Contradiction(
                "table_contradicts_data", f"nap_checklist {key}", ("nap_checklist", key, str(data.get(key))),
                ("report:checklist_table", key, str(r["met"])),
                _("The National Action Plan checklist table shows “{item}” as {shown}, but the plan analysis "
                  "records it as {data}.", item=r["item"], shown=shown,
                  data=_("met") if data.get(key) else _("not met"))))
        elif r["met"] != said:
            out.append(Contradiction(
                "table_contradicts_data", f"nap_checklist:text {key}", ("report:checklist_sentence", key, str(said)),
                ("report:checklist_table", key, str(r["met"])),
                _("The National Action Plan checklist table shows “{item}” as {shown}, but the section's text "
                  "says otherwise.", item=r["item"], shown=shown)))
    return out
