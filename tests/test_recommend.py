"""Consolidated recommendations: drafted from the gaps, never for what the evidence
says is done, numbered densely and stably, dropped when the workshop rejects them."""

from pathlib import Path

import pandas as pd
import pytest
import yaml

from ctnat.instruments import CRITERIA, check_instruments, load_instruments
from ctnat.messages import label
from ctnat.problems import CtnatError
from ctnat.recommend import draft, number, recommend_country
from ctnat.recommend.draft import ACTION_SEP, priority_of

INST = load_instruments()
BLOCKS = INST.recommendations
GAP = ["not_met", "partly_met"]


def scores(**statuses) -> pd.DataFrame:
    """All 100 criteria met, except those given as ``c1_4_fw1="not_met"``."""
    rows = []
    for ind in INST.indicators.indicators:
        for c in CRITERIA:
            key = f"c{ind.id.replace('.', '_')}_{c}"
            rows.append({"indicator": ind.id, "criterion": c, "status": statuses.get(key, "met"),
                         "to_confirm": "False"})
    return pd.DataFrame(rows)


def actions_of(rec) -> list[str]:
    return rec["actions"].split(ACTION_SEP)


def test_nothing_is_recommended_when_everything_is_met():
    assert len(draft(BLOCKS, scores(), GAP)) == 0


def test_only_the_gaps_are_answered_and_a_met_hotline_is_never_asked_for():
    # 1.4 Framework L1 (a hotline exists) met; its publicity (fw2) not met
    d = draft(BLOCKS, scores(c1_4_fw2="not_met"), GAP)
    assert list(d["key"]) == ["id_self"]
    rec = d.iloc[0]
    assert rec["gaps"] == "1.4.fw2" and rec["gap_detail"] == "1.4.fw2 not met"
    texts = {a.criterion: label(a.text) for b in BLOCKS.blocks for a in b.actions}
    assert texts["1.4.fw1"] not in actions_of(rec)
    assert all(t in actions_of(rec) for c, t in texts.items() if c == "1.4.fw2")


def test_one_recommendation_answers_several_indicators_of_an_area():
    d = draft(BLOCKS, scores(c1_1_op2="partly_met", c1_5_fw2="not_met", c1_5_op1="partly_met"), GAP)
    assert list(d["key"]) == ["id_referral"]
    assert d.iloc[0]["gaps"] == "1.1.op2; 1.5.fw2; 1.5.op1"


def test_insufficient_evidence_is_no_gap_and_to_confirm_is_shown():
    s = scores(c3_4_fw1="insufficient_evidence", c3_4_fw2="partly_met")
    s.loc[(s.indicator == "3.4") & (s.criterion == "fw2"), "to_confirm"] = "True"
    d = draft(BLOCKS, s, GAP)
    assert d.iloc[0]["gaps"] == "3.4.fw2" and d.iloc[0]["gap_detail"] == "3.4.fw2 partly met (to confirm)"


def test_numbers_are_dense_per_area_and_a_rejected_one_leaves_no_hole():
    d = draft(BLOCKS, scores(c1_1_fw1="not_met", c1_2_fw1="not_met", c1_3_fw1="not_met", c2_1_fw1="not_met"), GAP)
    first = number(d)
    assert list(first["id"]) == ["R1.1", "R1.2", "R1.3", "R2.1"]
    outcomes = pd.DataFrame([{"key": "id_formal", "outcome": "rejected", "validated_text": "",
                              "groups_endorsed": "0", "groups_amended": "0", "groups_rejected": "2"}])
    after = number(d, outcomes).set_index("key")
    assert after.loc["id_formal", "id"] == "" and after.loc["id_formal", "outcome"] == "rejected"
    assert (after.loc["id_referral", "id"], after.loc["id_tools", "id"]) == ("R1.1", "R1.2")
    assert number(d).equals(first)  # the same input numbers the same way


def test_priority_comes_from_the_survey_and_workshop_votes():
    scores_ = {"J": (9, 9), "A": (5, 2), "E": (4, 2), "K": (1, 0), "C": (0, 0)}
    assert priority_of(["J"], scores_, 3)[0] == "high"
    assert priority_of(["K"], scores_, 3)[0] == "medium"
    assert priority_of(["C"], scores_, 3) == ("low", "C: survey 0, workshop 0")
    assert priority_of(["J"], {}, 3) == ("", "no priorities recorded")


def test_bad_building_blocks_are_reported_with_file_and_key(project):
    path = project / "instruments/recommendations.yaml"
    data = yaml.safe_load(path.read_text())
    first = data["blocks"][0]  # a block of area 1
    data["blocks"] += [
        dict(first, key="a", actions=[{"criterion": "2.1.fw1", "text": "x"}, {"criterion": "9.9.fw1", "text": "y"}]),
        dict(first, key="a", timeframe="soon", actions=[{"criterion": "1.1.fw1", "text": " "}])]
    path.write_text(yaml.safe_dump(data))
    text = "\n".join(str(p) for p in check_instruments(project / "instruments"))
    assert "blocks[a].actions[0].criterion" in text and "belongs to another area" in text
    assert "unknown criterion '9.9.fw1'" in text and "duplicate key" in text
    assert "unknown timeframe 'soon'" in text and "an action needs a criterion and a text" in text


def test_the_instrument_check_rejects_a_broken_library(project):
    path = project / "instruments/recommendations.yaml"
    data = yaml.safe_load(path.read_text())
    data["blocks"][0]["actions"][0]["criterion"] = "1.1.fw9"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(CtnatError) as err:
        load_instruments(project / "instruments")
    assert "recommendations.yaml" in str(err.value) and "1.1.fw9" in str(err.value)


# ---------------------------------------------------------------- AZE invariants
def test_aze_no_recommendation_targets_what_the_decisive_evidence_says_is_met(aze):
    root, _ = aze
    recs = pd.read_csv(root / "analysis/AZE/recommendations.csv", dtype=str, keep_default_na=False)
    s = pd.read_csv(root / "analysis/AZE/scores.csv", dtype=str, keep_default_na=False)
    status = dict(zip(s["indicator"] + "." + s["criterion"], s["status"]))
    by_criterion = {}
    for b in BLOCKS.blocks:
        for a in b.actions:  # as drafted, reworded for what the country has, or one part of it
            for text in [a.text, *([a.if_exists.text] if a.if_exists else []), *a.parts.values()]:
                by_criterion.setdefault(label(text).strip(), set()).add(a.criterion)
    assert len(recs)
    for r in recs.to_dict("records"):
        for g in r["gaps"].split("; "):
            assert status[g] in GAP, (r["key"], g, status[g])
        for action in actions_of(r):
            assert any(status[c] in GAP for c in by_criterion[action]), (r["key"], action)
    # a framework criterion whose cited desk finding says met is in no recommendation
    desk = pd.read_csv(root / "data/processed/AZE/desk_review.csv", dtype=str, keep_default_na=False)
    met = {f"{d['indicator']}.{d['criterion']}" for d in desk.to_dict("records")
           if d["criterion"].startswith("fw") and d["finding"] == "met" and d["citations"].strip()}
    overridden = set(s.loc[s["override_reason"] != "", "indicator"] + "." + s.loc[s["override_reason"] != "", "criterion"])
    answered = {g for r in recs["gaps"] for g in r.split("; ")}
    assert not (met - overridden) & answered


def test_aze_recommendations_are_consolidated_numbered_without_gaps_and_carry_bodies(aze):
    root, _ = aze
    recs = pd.read_csv(root / "analysis/AZE/recommendations.csv", dtype=str, keep_default_na=False)
    kept = recs[recs["id"] != ""]
    for area, sub in kept.groupby("area"):
        assert list(sub["id"]) == [f"R{area}.{n}" for n in range(1, len(sub) + 1)]
        assert 1 <= len(sub) <= 8
    assert (recs.loc[recs["id"] == "", "outcome"] == "rejected").all()
    assert (kept["bodies"] != "").all() and (kept["timeframe"] != "").all()
    assert kept["bodies_source"].str.startswith("National Action Plan").any()
    assert set(kept["priority"]) <= {"high", "medium", "low"}


def test_aze_rerun_gives_the_same_recommendations(aze, tmp_path):
    root, _ = aze
    path = root / "analysis/AZE/recommendations.csv"
    before = path.read_bytes()
    recommend_country("AZE", root=root)
    assert path.read_bytes() == before


# ---------------------------------------------------------------- the seed comparison
def test_compare_sorts_each_reference_item():
    from ctnat.recommend.compare import added, compare

    s = scores(c1_3_fw2="partly_met", c4_5_op2="not_met")
    recs = number(draft(BLOCKS, s, GAP), pd.DataFrame([{"key": "pr_migration", "outcome": "rejected"}]))
    ref = [{"line": 1, "area": "1", "about": "a", "key": "id_tools", "criterion": "1.3.fw2"},
           {"line": 2, "area": "1", "about": "b", "key": "id_referral", "criterion": "1.1.op1"},
           {"line": 3, "area": "4", "about": "c", "key": "pr_migration", "criterion": "4.5.op2"},
           {"line": 4, "area": "2", "about": "d", "key": None, "criterion": None}]
    t = compare(ref, recs, s, BLOCKS)
    assert list(t["result"]) == ["reproduced", "not a gap", "rejected", "not in library"]
    assert list(t["recommendation"]) == ["R1.1", "", "—", ""] and t.loc[1, "status"] == "met"
    assert added(ref, recs).empty  # every gap answered is referenced


def test_docs_comparison_with_the_seed_is_current(aze):
    import importlib.util

    root, _ = aze
    path = Path(__file__).resolve().parents[1] / "scripts" / "compare_seed_recommendations.py"
    spec = importlib.util.spec_from_file_location("compare_seed", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    doc = (path.parents[1] / "docs" / "recommendations.md").read_text(encoding="utf-8")
    current = doc.split(mod.BEGIN, 1)[1].split(mod.END, 1)[0]
    assert current == "\n" + mod.generated(root), "run scripts/compare_seed_recommendations.py"


def test_the_library_has_nineteen_blocks_three_to_five_per_area():
    per_area = pd.Series([b.area for b in BLOCKS.blocks]).value_counts()
    assert len(BLOCKS.blocks) == 19 and per_area.between(3, 5).all()
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "19 recommendation building blocks" in readme


def test_a_priority_letter_the_survey_lacks_stops_the_stage(aze, tmp_path):
    import shutil

    root, _ = aze
    project = tmp_path / "p"
    shutil.copytree(root / "instruments", project / "instruments")
    shutil.copytree(root / "analysis", project / "analysis")
    shutil.copytree(root / "data/processed", project / "data/processed")
    path = project / "instruments/recommendations.yaml"
    data = yaml.safe_load(path.read_text())
    data["blocks"][0]["priorities"] = ["Z"]
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(CtnatError) as err:
        recommend_country("AZE", root=project)
    assert "blocks[id_referral].priorities: unknown priority 'Z'" in str(err.value)
    assert (project / "analysis/AZE/recommendations.csv").read_bytes() == \
        (root / "analysis/AZE/recommendations.csv").read_bytes()  # nothing written
