"""The validation workshop: handout, worksheet and slides out; filled worksheets
in; the report's priorities table and validation annex reflect them."""

import shutil
import zipfile

import pandas as pd
import pytest
from docx import Document
from pptx import Presentation

from ctnat.instruments.word_forms import fill_controls
from ctnat.problems import CtnatError
from ctnat.build import build_country
from tests.conftest import build_handout_in
from tests.test_pipeline_aze import _raw_names, report_text


@pytest.fixture(scope="module")
def handout(aze, tmp_path_factory):
    """The handout built in a copy of the AZE project (the shared one stays as built)."""
    root = tmp_path_factory.mktemp("handout") / "project"
    shutil.copytree(aze[0], root)
    return root, build_handout_in(root)


def test_the_handout_build_draws_a_chart_for_every_grid_block_and_each_area_matrix(handout):
    root, out = handout
    charts = root / "analysis/AZE/charts"
    for name in [f"grid_{b}" for b in ("3_1", "3_2", "4_1", "4_2", "5_1", "6_1", "7_1", "7_2", "7_3")] + \
            [f"matrix_area{a}" for a in range(1, 6)] + ["indicator_matrix", "situation_ranking", "priorities"]:
        assert (charts / f"{name}.png").stat().st_size > 10_000, name
    with zipfile.ZipFile(out["slides"]) as z:
        assert len([n for n in z.namelist() if n.startswith("ppt/media/")]) >= 6  # 5 area matrices, priorities


def test_slides_without_their_charts_are_an_error(handout, tmp_path):
    from ctnat.workshop import build_handout

    root = tmp_path / "project"
    shutil.copytree(handout[0], root)
    (root / "analysis/AZE/charts/matrix_area3.png").unlink()
    with pytest.raises(CtnatError, match="matrix_area3"):
        build_handout("AZE", root=root, pdf=False)


def test_handout_worksheet_and_slides_are_written(handout):
    root, out = handout
    doc = Document(str(out["handout"]))
    heads = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "1. Identification and referral" in heads and "5. Cooperation and coordination" in heads
    text = report_text(doc)
    recs = pd.read_csv(root / "analysis/AZE/recommendations.csv", dtype=str, keep_default_na=False)
    first = recs[recs["id"] == "R1.1"].iloc[0]
    assert f"R1.1\n{first['title']}: {first['change']}" in text
    # consolidated: a few per area, not one line per criterion
    assert recs.groupby("area").size().max() <= 8
    assert "National Action Plan measures" in text and "13.2.1 Increasing organizational" in text
    ws = Document(str(out["worksheet"]))
    assert "J. Strengthening efforts to raise awareness" in report_text(ws)
    assert "[key:" not in report_text(ws)  # the key travels in the form fields' tags, not on the page
    assert f"ctnat|ws|rec|{first['key']}|endorse" in ws.element.xml
    prs = Presentation(str(out["slides"]))
    titles = [s.shapes.title.text for s in prs.slides if s.shapes.title is not None]
    assert "How the assessment was made" in titles and "Priorities for action (A–Q)" in titles
    assert len(prs.slides) >= 5 + 4


def test_handout_and_slides_name_no_one_and_quote_no_one(handout):
    root, out = handout
    text = report_text(Document(str(out["handout"])))
    prs = Presentation(str(out["slides"]))
    text += "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    for name in _raw_names(root):
        assert name not in text
    coded = pd.read_csv(root / "analysis/AZE/coded_segments.csv", dtype=str, keep_default_na=False)
    for quote in coded["matched_text"]:
        if len(quote) > 40:
            assert quote not in text


def test_bundled_worksheets_fill_the_priorities_table_and_the_annex(aze):
    root, path = aze
    doc = Document(str(path))
    prio = next(t for t in doc.tables if t.rows[0].cells[0].text == "Priority")
    workshop = {r.cells[0].text.split(".")[0]: r.cells[2].text.count("•") for r in prio.rows[1:]}
    assert workshop["J"] == 3 and workshop["A"] == 1 and workshop["N"] == 1 and workshop["C"] == 0
    text = report_text(doc)
    assert "Annex E. Validation workshop outcomes" in text
    assert "including victims of labour exploitation found by labour inspectors" in text
    assert "(validated at the workshop, amended)" in text
    # the workshop rejected the migration recommendation: it has no number and is not in the chapter
    recs = pd.read_csv(root / "analysis/AZE/recommendations.csv", dtype=str, keep_default_na=False)
    migration = recs.set_index("key").loc["pr_migration"]
    assert migration["outcome"] == "rejected" and migration["id"] == ""
    annex = next(t for t in doc.tables if t.rows[0].cells[0].text == "Rec.")
    row = next(r for r in annex.rows if r.cells[5].text == migration["title"])
    assert row.cells[0].text == "not numbered" and row.cells[1].text == "rejected" and row.cells[4].text == "2"
    kept = recs[recs["id"] != ""]
    assert f"{kept.iloc[0]['id']} {kept.iloc[0]['title']}" in text
    assert "Not retained: the validation workshop rejected" in text


def test_round_trip_a_new_worksheet(handout, tmp_path):
    root, out = handout
    project = tmp_path / "p"
    shutil.copytree(root, project)
    ws_dir = project / "data/raw/AZE/workshop"
    fill_controls(out["worksheet"], ws_dir / "AZE_worksheet_group4.docx",
                  checked={"ctnat|ws|rec|id_formal|amend"},
                  texts={"ctnat|ws|group_id": "Group 4", "ctnat|ws|priority|K": "1", "ctnat|ws|priority|C": "2",
                         "ctnat|ws|rec|id_formal|text": "Adopt written identification procedures for all regions."})
    build_country("AZE", root=project, until="report")
    votes = pd.read_csv(project / "data/processed/AZE/workshop_votes.csv", dtype=str)
    assert set(votes[votes.group_id == "Group 4"]["priority"]) == {"K", "C"}
    text = report_text(Document(str(project / "analysis/AZE/AZE_assessment_report.docx")))
    assert "Adopt written identification procedures for all regions." not in text  # endorsed by 2 of 3
    outcomes = pd.read_csv(project / "analysis/AZE/workshop_outcomes.csv", dtype=str, keep_default_na=False)
    formal = outcomes.set_index("key").loc["id_formal"]
    assert (formal["groups_endorsed"], formal["groups_amended"]) == ("2", "1") and formal["outcome"] == "endorsed"


def test_a_malformed_worksheet_is_rejected_with_a_clear_message(aze, tmp_path):
    root, _ = aze
    project = tmp_path / "p"
    shutil.copytree(root, project)
    bad = project / "data/raw/AZE/workshop/AZE_worksheet_group9.csv"
    bad.write_text("group_id,item,rank,decision,amended_text\n"
                   "Group 9,J,1,,\nGroup 9,A,1,,\nGroup 9,B,2,,\nGroup 9,C,3,,\n"
                   "Group 9,id_formal,,amend,\n", encoding="utf-8")
    before = (project / "data/processed/AZE/workshop_votes.csv").read_bytes()
    with pytest.raises(CtnatError) as err:
        build_country("AZE", root=project, until="report")
    msg = str(err.value)
    assert "AZE_worksheet_group9.csv, column 'rank': group Group 9 ranked 4 priorities; at most 3 are allowed" in msg
    assert "group Group 9 gave rank 1 to more than one priority (A, J)" in msg
    assert "row 6, column 'amended_text': recommendation id_formal is marked 'amend' but has no amended " \
           "wording" in msg
    assert (project / "data/processed/AZE/workshop_votes.csv").read_bytes() == before


def test_a_decision_on_an_unknown_recommendation_stops_the_workshop_stage(aze, tmp_path):
    root, _ = aze
    project = tmp_path / "p"
    shutil.copytree(root, project)
    (project / "data/raw/AZE/workshop/AZE_worksheet_group9.csv").write_text(
        "group_id,item,rank,decision,amended_text\nGroup 9,J,1,,\nGroup 9,R9.99,,endorse,\n", encoding="utf-8")
    before = (project / "analysis/AZE/workshop_outcomes.csv").read_bytes()
    with pytest.raises(CtnatError) as err:
        build_country("AZE", root=project, until="report")
    assert "AZE_worksheet_group9.csv, row 3, column 'item': 'R9.99' is neither a priority letter nor the key " \
           "of a recommendation" in str(err.value)
    assert (project / "analysis/AZE/workshop_outcomes.csv").read_bytes() == before
