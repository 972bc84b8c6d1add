"""Measure the auto-coder against a hand-labelled gold set.

The gold set (``tests/fixtures/coding_gold.csv`` for the bundled AZE data) has one row per
(segment, theme) a person decided by reading the segment: ``segment_id, theme, criteria,
polarity``. A segment with no theme has one row with an empty theme, so that every
labelled segment is counted (themes the auto-coder puts on it are false positives).
``criteria`` lists only the criteria the segment's content is about (``;``-separated);
``polarity`` is supports, contradicts, neutral or empty (situation themes).

Three measures, each over the labelled segments only:
- theme: per theme, precision and recall of the (segment, theme) pairs;
- criterion: precision and recall of the (segment, criterion) pairs — what scoring
  uses as interview evidence;
- polarity: for (segment, theme) pairs both sides have and the gold calls supports or
  contradicts, the share where the auto-coder's polarity agrees.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

POLARITIES = {"supports", "contradicts", "neutral", ""}


def read_gold(path) -> pd.DataFrame:
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"segment_id", "theme", "criteria", "polarity"} - set(gold.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {sorted(missing)}")
    bad = gold[~gold["polarity"].isin(POLARITIES)]
    if len(bad):
        raise ValueError(f"{path}: row {bad.index[0] + 2}: polarity '{bad['polarity'].iloc[0]}', "
                         f"expected one of supports, contradicts, neutral or empty")
    return gold


def _split(value: str) -> list[str]:
    return [c.strip() for c in str(value or "").split(";") if c.strip()]


def _pr(tp: int, fp: int, fn: int) -> tuple[float | None, float | None]:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    return p, r


def evaluate(gold: pd.DataFrame, coded: pd.DataFrame, themes: list[str]) -> dict:
    """Compare ``coded`` (the auto-coder's rows: segment_id, theme, criteria, polarity)
    with ``gold`` on the segments the gold set labels. Returns per-theme rows and
    the micro-averaged theme, criterion and polarity figures."""
    labelled = set(gold["segment_id"])
    coded = coded[coded["segment_id"].isin(labelled)]
    g_pairs = {(r.segment_id, r.theme) for r in gold.itertuples() if r.theme}
    a_pairs = {(r.segment_id, r.theme) for r in coded.itertuples()}
    per_theme = []
    for t in themes:
        g = {s for s, th in g_pairs if th == t}
        a = {s for s, th in a_pairs if th == t}
        tp, fp, fn = len(g & a), len(a - g), len(g - a)
        p, r = _pr(tp, fp, fn)
        per_theme.append({"theme": t, "gold": len(g), "auto": len(a), "tp": tp, "precision": p, "recall": r})
    tp, fp, fn = len(g_pairs & a_pairs), len(a_pairs - g_pairs), len(g_pairs - a_pairs)
    theme_p, theme_r = _pr(tp, fp, fn)

    g_crit = {(r.segment_id, c) for r in gold.itertuples() for c in _split(r.criteria)}
    a_crit = {(r.segment_id, c) for r in coded.itertuples() for c in _split(r.criteria)}
    ctp, cfp, cfn = len(g_crit & a_crit), len(a_crit - g_crit), len(g_crit - a_crit)
    crit_p, crit_r = _pr(ctp, cfp, cfn)
    # evidence put on a framework criterion the segment is not about
    wrong_fw = sorted(p for p in a_crit - g_crit if ".fw" in p[1])

    gold_pol = defaultdict(set)
    for r in gold.itertuples():
        if r.theme and r.polarity in ("supports", "contradicts"):
            gold_pol[(r.segment_id, r.theme)].add(r.polarity)
    auto_pol = {(r.segment_id, r.theme): r.polarity for r in coded.itertuples()}
    judged = [(k, v) for k, v in gold_pol.items() if k in auto_pol]
    agree = sum(1 for k, v in judged if auto_pol[k] in v)
    return {
        "segments": len(labelled), "per_theme": pd.DataFrame(per_theme),
        "theme": {"tp": tp, "fp": fp, "fn": fn, "precision": theme_p, "recall": theme_r},
        "criterion": {"tp": ctp, "fp": cfp, "fn": cfn, "precision": crit_p, "recall": crit_r,
                      "framework_false": len(wrong_fw)},
        "polarity": {"judged": len(judged), "agree": agree,
                     "accuracy": agree / len(judged) if judged else None},
    }


def fmt(x: float | None) -> str:
    return "–" if x is None or x != x else f"{x:.2f}"


def markdown(result: dict, title: str) -> str:
    """The figures as a Markdown section (what docs/coding.md embeds)."""
    t, c, p = result["theme"], result["criterion"], result["polarity"]
    lines = [f"### {title}", "",
             f"{result['segments']} labelled segments. Theme pairs: precision {fmt(t['precision'])}, recall "
             f"{fmt(t['recall'])} ({t['tp']} right, {t['fp']} wrong, {t['fn']} missed). Criterion pairs: precision "
             f"{fmt(c['precision'])}, recall {fmt(c['recall'])} ({c['tp']} right, {c['fp']} wrong, {c['fn']} missed; "
             f"{c['framework_false']} wrong pairs on a framework criterion). Polarity agrees on {p['agree']} of "
             f"{p['judged']} ({fmt(p['accuracy'])}).", "",
             "| theme | gold | auto | right | precision | recall |", "|---|---:|---:|---:|---:|---:|"]
    for r in result["per_theme"].itertuples():
        lines.append(f"| {r.theme} | {r.gold} | {r.auto} | {r.tp} | {fmt(r.precision)} | {fmt(r.recall)} |")
    return "\n".join(lines) + "\n"
