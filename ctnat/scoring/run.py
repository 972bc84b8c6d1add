"""``ctnat score`` and ``ctnat compare``: the 100 criterion statuses with their
evidence trail, indicator and area scores, the gaps, and the cross-country table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import catalogue
from ..tables import write_csv
from ..instruments import Rubric, load_instruments
from ..paths import instruments_dir, project_root
from ..problems import InstrumentError
from .criteria import evidence_frame, flag_levels, frequency_read, judge, to_frame

def load_overrides(country: str, inst=None, root=None) -> dict[tuple[str, str], dict]:
    """The assessor's overrides as ingest took them in (``data/processed/<ISO3>/overrides.csv``,
    validated there): criterion → status and reason."""
    df = catalogue.read("overrides", country, root)
    return {(r["indicator"], r["criterion"]): {"status": r["status"], "reason": r["reason"]}
            for r in df.to_dict("records")}


def _nap_evidence(country: str, root) -> dict[tuple[str, str], list[dict]]:
    """NAP measures as desk-review evidence for the assessor to confirm (never a score):
    the plan's coverage, its measure ids and whether it asks the assessor to check the
    criterion; none when the country has no plan."""
    from ..nap import nap_desk_evidence

    records = nap_desk_evidence(country, root=root)
    out: dict[tuple[str, str], list[dict]] = {}
    for r in records or []:
        ids = r.get("measure_ids") or []
        out.setdefault((str(r.get("indicator")), str(r.get("criterion"))), []).append(
            {"status": str(r.get("status", "")), "measures": ids if isinstance(ids, list) else [str(ids)],
             "check": bool(r.get("flag"))})
    return out


def score_country(country: str, root=None, progress=None) -> dict[str, Path]:
    """Judge all 100 criteria for one country and write ``scores.csv``,
    ``evidence.csv``, ``indicator_scores.csv``, ``area_scores.csv``, ``gaps.csv``
    and ``to_confirm.csv`` (the provisional statuses the assessor must confirm)."""
    country = country.upper()
    say = progress or (lambda msg: None)
    inst = load_instruments(instruments_dir(root))
    rubric = inst.rubric
    if not rubric:
        raise InstrumentError(f"{instruments_dir(root) / 'rubric.yaml'} is missing: scoring needs a rubric.")
    desk = {(r["indicator"], r["criterion"]): r for r in catalogue.read("desk_review", country, root).to_dict("records")}
    fav = {r["question"]: r for r in catalogue.read("favourability", country, root).to_dict("records")}
    counts = answer_counts(catalogue.read("survey_items", country, root))
    coded = catalogue.read("coded_segments", country, root, missing_ok=True)
    segments = coded.to_dict("records") if coded is not None else []
    if coded is None:
        say(f"score {country}: no coded_segments.csv (run `ctnat code`); interviews not counted")
    overrides = load_overrides(country, inst, root)
    nap = _nap_evidence(country, root)
    judgements = []
    fields = {f.code: f for f in inst.survey.grid_fields()}
    bears_on = theme_criteria(inst)
    for ind, crit, _ in inst.indicators.criteria_rows():
        ev = inst.evidence_for(ind.id, crit)
        asks = ind.asks_of(crit)
        items = [survey_item(fav[q], inst.measures.get(q, ""), ev.met_at.get(q, ""), counts.get(q, {}),
                             fields[q].scale.valid_codes() if q in fields else [])
                 for q in ev.survey if q in fav]
        key = f"{ind.id}.{crit}"
        segs = [dict(s, on_topic=key in bears_on.get(str(s.get("theme")), set()),
                     proposal=str(s.get("question")) in inst.proposal_questions) for s in segments
                if key in [c.strip() for c in str(s.get("criteria") or "").split(";")]]
        judgements.append(judge(ind.id, crit, desk.get((ind.id, crit)), items, segs, rubric,
                                overrides.get((ind.id, crit)), nap.get((ind.id, crit)), asks=asks))
    flag_levels(judgements, rubric)
    scores = to_frame(judgements, rubric.version)
    evidence = evidence_frame(judgements)
    ind_scores, area_scores = indicator_and_area_scores(scores, inst, rubric)
    gaps = gap_table(scores, inst, rubric)
    written = {
        "scores": catalogue.write("scores", scores, country, root),
        "evidence": catalogue.write("evidence", evidence, country, root),
        "indicator_scores": catalogue.write("indicator_scores", ind_scores, country, root),
        "area_scores": catalogue.write("area_scores", area_scores, country, root),
        "gaps": catalogue.write("gaps", gaps, country, root),
        "to_confirm": catalogue.write("to_confirm", confirm_table(scores, inst), country, root),
    }
    counts = scores["status"].value_counts().to_dict()
    say(f"score {country}: " + ", ".join(f"{s} {counts.get(s, 0)}" for s in rubric.statuses)
        + f"; {int(scores['to_confirm'].sum())} to confirm")
    return written


def answer_counts(items: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Answers per option of each survey question (``survey_items.csv``)."""
    out: dict[str, dict[str, int]] = {}
    for r in items.to_dict("records"):
        out.setdefault(str(r["question"]), {})[str(r["option_code"])] = int(r["count"] or 0)
    return out


def survey_item(fav: dict, measures: str, met_at: str, counts: dict[str, int], valid: list[str]) -> dict:
    """One mapped survey item as scoring reads it: what it measures, and its
    valid and favourable answers (a frequency item's read from ``met_at`` on)."""
    item = {"question": fav["question"], "measures": measures, "met_at": met_at,
            "n_valid": int(fav["n_valid"]), "favourable": int(fav["favourable"])}
    if met_at and met_at in valid:
        item["n_valid"], item["favourable"] = frequency_read(counts, valid, met_at)
    return item


def theme_criteria(inst) -> dict[str, set[str]]:
    """The criteria each codebook theme bears on: its own and those of its rules."""
    return {t.code: set(t.criteria) | {c for r in t.criteria_rules for c in r.criteria}
            for t in inst.codebook.themes}


def indicator_and_area_scores(scores: pd.DataFrame, inst, rubric: Rubric) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Indicator score = points of assessed criteria / number assessed (met 1,
    partly met 0.5); criteria with insufficient evidence are counted apart."""
    points = dict(rubric.criterion_points)
    statuses = rubric.statuses
    rows = []
    for ind in inst.indicators.indicators:
        sub = scores[scores["indicator"] == ind.id]
        assessed = sub[sub["status"].isin(points)]
        score = round(float(assessed["status"].map(points).mean()), 3) if len(assessed) else None
        rows.append({"indicator": ind.id, "area": ind.area, "title": ind.title["en"],
                     **{s: int((sub["status"] == s).sum()) for s in statuses},
                     "assessed": int(len(assessed)), "score": score})
    ind_df = pd.DataFrame(rows)
    arows = []
    for a in inst.indicators.areas:
        sub = ind_df[ind_df["area"] == a.id]
        vals = sub["score"].dropna()
        arows.append({"area": a.id, "title": a.title["en"],
                      **{s: int(sub[s].sum()) for s in statuses},
                      "indicators_scored": int(len(vals)),
                      "score": round(float(vals.mean()), 3) if len(vals) else None})
    return ind_df, pd.DataFrame(arows)


def gap_table(scores: pd.DataFrame, inst, rubric: Rubric) -> pd.DataFrame:
    """The unmet criteria (rubric ``gap_statuses``) the recommendations must address."""
    gap_statuses = rubric.gap_statuses
    rows = []
    for _, r in scores[scores["status"].isin(gap_statuses)].iterrows():
        ind = inst.indicators.indicator(r["indicator"])
        rows.append({"indicator": r["indicator"], "criterion": r["criterion"], "area": ind.area,
                     "indicator_title": ind.title["en"], "criterion_text": ind.criteria[r["criterion"]]["en"],
                     "status": r["status"], "rule": r["rule"], "to_confirm": bool(r["to_confirm"])})
    return pd.DataFrame(rows, columns=["indicator", "criterion", "area", "indicator_title", "criterion_text",
                                       "status", "rule", "to_confirm"])


CONFIRM_COLUMNS = ["indicator", "criterion", "area", "criterion_text", "provisional_status", "conflicting",
                   "level_above", "opinion_only"]


def confirm_table(scores: pd.DataFrame, inst) -> pd.DataFrame:
    """The criteria whose status is provisional — conflicting evidence, a
    Level 2 rated above its Level 1, or a framework criterion only opinion
    speaks to — for the assessor to confirm (by an
    override with a reason, which settles them). The flags say why; the
    evidence is in ``scores.csv``."""
    rows = []
    for r in scores[scores["to_confirm"].astype(bool)].to_dict("records"):
        ind = inst.indicators.indicator(r["indicator"])
        rows.append({"indicator": r["indicator"], "criterion": r["criterion"], "area": ind.area,
                     "criterion_text": ind.criteria[r["criterion"]]["en"], "provisional_status": r["status"],
                     "conflicting": bool(r["conflicting"]), "level_above": bool(r["level_above"]),
                     "opinion_only": bool(r["opinion_only"])})
    return pd.DataFrame(rows, columns=CONFIRM_COLUMNS)


def compare_countries(countries: list[str], root=None, output: str | Path | None = None) -> Path:
    """The cross-country comparison table (the purpose of Annex E): one row per
    criterion with each country's status, then indicator and area scores."""
    countries = [c.upper() for c in countries]
    inst = load_instruments(instruments_dir(root))
    table = pd.DataFrame([{"indicator": i.id, "criterion": c, "criterion_text": t["en"]}
                          for i, c, t in inst.indicators.criteria_rows()])
    ind_rows = pd.DataFrame([{"indicator": i.id, "criterion": "score", "criterion_text": i.title["en"]}
                             for i in inst.indicators.indicators])
    for country in countries:
        s = catalogue.read("scores", country, root)
        table[country] = table.merge(s, on=["indicator", "criterion"], how="left")["status"].values
        ind = catalogue.read("indicator_scores", country, root)
        ind_rows[country] = ind_rows.merge(ind, on="indicator", how="left")["score"].values
    result = pd.concat([table, ind_rows], ignore_index=True)
    out = Path(output) if output else project_root(root) / "analysis" / f"comparison_{'_'.join(countries)}.csv"
    return write_csv(result, out)
