"""The auto-coder measured against the hand-labelled gold set of the bundled AZE data
(tests/fixtures/coding_gold.csv): floors it must hold, the figures docs/coding.md
reports, and evidence that goes only to the criteria a segment is about."""

import sys

import pandas as pd
import pytest
import yaml

from ctnat.coding.autocode import autocode
from ctnat.coding.evaluate import evaluate, read_gold
from ctnat.instruments import load_instruments
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
import coding_accuracy  # noqa: E402

GOLD = read_gold(REPO / "tests/fixtures/coding_gold.csv")
CODEBOOK = load_instruments(REPO / "instruments").codebook


@pytest.fixture(scope="module")
def segments():
    return coding_accuracy.segments_of_bundled_aze()


@pytest.fixture(scope="module")
def coded(segments):
    return autocode(segments, CODEBOOK)


def test_gold_set_labels_at_least_150_segments_that_exist(segments):
    assert GOLD["segment_id"].nunique() >= 150
    assert set(GOLD["segment_id"]) <= set(segments["segment_id"])
    themes = {t.code for t in CODEBOOK.themes}
    assert set(GOLD["theme"]) - {""} <= themes
    crits = {c for v in GOLD["criteria"] for c in v.split(";") if c}
    assert all(c.count(".") == 2 and c.rsplit(".", 1)[1] in ("fw1", "fw2", "op1", "op2") for c in crits)


def test_auto_coder_holds_its_floor(coded):
    r = evaluate(GOLD, coded, [t.code for t in CODEBOOK.themes])
    assert r["theme"]["precision"] >= 0.55 and r["theme"]["recall"] >= 0.85, r["theme"]
    assert r["criterion"]["precision"] >= 0.55 and r["criterion"]["recall"] >= 0.80, r["criterion"]
    assert r["criterion"]["framework_false"] <= 25, r["criterion"]
    assert r["polarity"]["accuracy"] >= 0.70, r["polarity"]


def test_evidence_goes_only_to_the_criteria_a_segment_is_about(coded):
    by_seg = coded.groupby("segment_id")["criteria"].apply(lambda s: {c for v in s for c in v.split(";") if c})
    # a prosecutor unsure whether the protocol was ratified says nothing about ratification
    assert "3.1.fw1" not in by_seg["AZEint4:5.2"]
    # complaints about training, prosecutions or sentences never reach ratification
    for sid in ("AZEint9:5.5", "AZEint4:5.5", "AZEint11:5.7", "AZEint4:8.2", "AZEint4:5.3"):
        assert "3.1.fw1" not in by_seg.get(sid, set()), sid
    # a proposal "in line with the Council of Europe Convention" is about demand, not ratification
    assert by_seg["AZEint8:6.4"] == {"4.4.fw1"}


def test_a_criteria_rule_narrows_the_criteria():
    seg = pd.DataFrame([{"segment_id": "X:5.2", "interview_code": "X", "question": "5.2", "entity_type": "state",
                         "text": "The country ratified the trafficking protocol in 2003.", "origin": "interview"},
                        {"segment_id": "X:5.7", "interview_code": "X", "question": "5.7", "entity_type": "state",
                         "text": "Sentences under the criminal code are too light.", "origin": "interview"}])
    out = autocode(seg, CODEBOOK)
    out = out[out["theme"] == "ip_legal_framework"].set_index("segment_id")
    assert out.loc["X:5.2", "criteria"] == "3.1.fw1" and out.loc["X:5.2", "polarity"] == "supports"
    assert out.loc["X:5.7", "criteria"] == "3.1.op2" and out.loc["X:5.7", "polarity"] == "contradicts"


def test_docs_report_the_measured_figures(segments):
    text = (REPO / "docs/coding.md").read_text(encoding="utf-8")
    assert coding_accuracy.report(segments) in text


def test_an_unknown_criterion_in_a_rule_is_an_error(project):
    from ctnat.instruments import load_instruments
    from ctnat.problems import CtnatError

    path = project / "instruments/codebook.yaml"
    cb = yaml.safe_load(path.read_text(encoding="utf-8"))
    cb["themes"][5]["criteria_rules"][0]["criteria"] = ["9.9.fw1"]
    path.write_text(yaml.safe_dump(cb, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(CtnatError) as err:
        load_instruments(project / "instruments")
    assert "criteria_rules" in str(err.value.problems) and "9.9.fw1" in str(err.value.problems)
