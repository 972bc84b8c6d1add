"""A second instrument set, adapted for another region with no Python change
(tests/fixtures/region2/instruments/survey.yaml: another country list; questions
dropped, renumbered and added), runs end to end to a report on a small synthetic
data set for Kyrgyzstan."""

from __future__ import annotations

import random
import re
import shutil

import pandas as pd
import pytest
import yaml
from docx import Document

from ctnat.instruments import load_instruments
from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "region2"


def _respondents(inst, n: int, seed: int = 14) -> pd.DataFrame:
    """n synthetic answers written as a focal point would export them: answer labels."""
    rng = random.Random(seed)
    rows = []
    for k in range(1, n + 1):
        row = {"respondent_code": f"KGZsur{k}"}
        for f in inst.survey.fields:
            labels = [o.en for o in f.options if not o.other]
            if f.role == "country":
                row[f.name] = "Kyrgyzstan"
            elif f.type == "single":
                row[f.name] = rng.choice(labels)
            elif f.type == "multiple":
                row[f.name] = ";".join(rng.sample(labels, 2))
            elif f.type == "priorities":
                for rank, o in enumerate(rng.sample(f.options, f.max_choices), start=1):
                    row[f"{f.name}_{o.code}"] = rank
            elif f.type == "text":
                row[f.name] = "Recruiters promise work abroad that does not exist." if k % 3 == 0 else ""
        rows.append(row)
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def region2(tmp_path_factory):
    from ctnat.build import build_country

    root = tmp_path_factory.mktemp("region2") / "project"
    shutil.copytree(REPO / "instruments", root / "instruments")
    for p in (FIXTURE / "instruments").glob("*.yaml"):  # the region's own files replace the shipped ones
        shutil.copy(p, root / "instruments" / p.name)
    shutil.copytree(REPO / "report_templates", root / "report_templates")
    raw = root / "data" / "raw" / "KGZ"
    (raw / "surveys").mkdir(parents=True)
    (raw / "interviews").mkdir()
    (root / "data" / "processed").mkdir()
    (root / "analysis").mkdir()
    (raw / "context.yaml").write_text(yaml.safe_dump(
        {"country": "KGZ", "name": {"en": "Kyrgyz Republic", "short": "Kyrgyzstan",
                         "in_text": {"en": "the Kyrgyz Republic"}}, "capital": "Bishkek",
         "interview_period": {"start": "2024-03-04", "end": "2024-03-15", "days": 5}, "languages": ["en", "ru"]}),
        encoding="utf-8")
    desk = (REPO / "data/raw/ARM/desk_review.yaml").read_text(encoding="utf-8")
    (raw / "desk_review.yaml").write_text(desk.replace("country: ARM", "country: KGZ"), encoding="utf-8")
    for n in range(1, 7):
        text = (REPO / f"data/raw/ARM/interviews/ARMint{n}.md").read_text(encoding="utf-8")
        text = text.replace("country: ARM", "country: KGZ").replace(f"ARMint{n}", f"KGZint{n}")
        (raw / "interviews" / f"KGZint{n}.md").write_text(text, encoding="utf-8")
    inst = load_instruments(root / "instruments")
    _respondents(inst, 12).to_csv(raw / "surveys" / "KGZ_esurvey.csv", index=False)

    build_country("KGZ", root=root, until="report")  # every stage, charts rendered, as `ctnat build` does
    return root, inst, root / "analysis" / "KGZ" / "KGZ_assessment_report.docx"


def test_the_region_survey_is_what_the_yaml_says(region2):
    _, inst, _ = region2
    s = inst.survey
    assert [o.code for o in s.by_role("country").options] == ["KAZ", "KGZ", "TJK", "UZB", "other"]
    assert s.by_role("situation_prominent") is None and s.by_role("situation_ranking") is None
    assert s.by_role("age") is None
    assert (s.by_role("sex").code, s.by_role("sex").name) == ("1.5", "q1_5")
    assert (s.by_role("situation_trend").code, s.by_role("situation_trend").name) == ("2.4", "q2_4")


def test_ingest_keeps_the_added_question_and_the_renumbered_columns(region2):
    root, inst, _ = region2
    resp = pd.read_csv(root / "data/processed/KGZ/respondents.csv", dtype=str, keep_default_na=False)
    assert len(resp) == 12
    assert {"q1_5", "q1_6", "q2_4"} <= set(resp.columns)
    assert set(resp["q1_6"]) <= {"national", "local"} and set(resp["q1_5"]) <= {"female", "male"}
    assert "q2_2_1" not in resp.columns and not any(c.startswith("q2_4_adult") for c in resp.columns)


def test_analysis_has_the_region_questions_and_none_of_the_dropped(region2):
    root, _, _ = region2
    out = root / "analysis/KGZ"
    sit = pd.read_csv(out / "situation_counts.csv", dtype=str)
    assert set(sit["question"]) == {"2.1", "2.2", "2.3", "2.4"}
    assert set(sit[sit["question"] == "2.4"]["option_code"]) == {"growing", "declining", "neither"}
    prof = pd.read_csv(out / "respondent_profile.csv", dtype=str, keep_default_na=False)
    assert "age" not in set(prof["dimension"])
    assert int(prof[(prof["dimension"] == "sex")]["count"].astype(int).sum()) == 12
    assert pd.read_csv(out / "situation_ranking.csv").empty


def test_the_report_is_built_without_the_dropped_questions(region2):
    root, inst, report = region2
    doc = Document(str(report))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "human beings in the Kyrgyz Republic with" in text  # the name as the context writes it in a sentence
    assert "most prominent" not in text  # 2.2.1 is not asked in this region
    assert "growing or declining (2.4)" in text  # the trend, renumbered
    captions = [p.text for p in doc.paragraphs if p.text.startswith("Survey question")]
    assert not any("trafficked" in c for c in captions)  # no ranking table
    fpr = inst.survey.by_role("priorities")
    assert f"priorities for action ({fpr.code})" in text
    assert not re.search(r"\(2\.5, n=", text)


def test_the_charts_follow_the_region_survey(region2):
    from ctnat.charts.build import country_charts

    root, _, _ = region2
    names = {c.name for c in country_charts("KGZ", root)}
    assert {"situation_role", "situation_forms", "situation_sectors", "priorities", "respondent_roles"} <= names
    assert "situation_ranking" not in names
    rendered = {p.stem for p in (root / "analysis/KGZ/charts").glob("*.png")}
    assert {c.name for c in country_charts("KGZ", root, use="report")} == rendered  # built until the report
