"""Qualitative coding: suggestions from the codebook, the assessor's decisions
winning, theme frequencies, REFI-QDA exchange and coder agreement."""

import pandas as pd
import pytest

from ctnat.coding import code_country, export_qdc, import_qdc
from ctnat.instruments import load_instruments
from ctnat.problems import CtnatError
from tests.processed_fixture import interview, respondent, segment, take_in_assessor_files, write_processed


@pytest.fixture
def tst(project):
    write_processed(project, "TST", [respondent("TSTsur1", q8_2="Awareness campaigns on TV reach few people in rural areas.")],
                    [interview("TSTint1", 2, 1), interview("TSTint2", 1, 1, "ngo")],
                    [segment("TSTint1", "3.4", "The hotline is well known and works well."),
                     segment("TSTint2", "3.4", "Few victims call the hotline; it is not advertised outside the capital."),
                     segment("TSTint2", "4.6", "Funding for the shelter is insufficient. The shelter itself is good.")])
    return project


def coded(root):
    return pd.read_csv(root / "analysis/TST/coded_segments.csv", dtype=str, keep_default_na=False)


def test_autocoding_suggests_themes_with_polarity(tst):
    take_in_assessor_files(tst, "TST")
    code_country("TST", root=tst)
    c = coded(tst).set_index(["segment_id", "theme"])
    assert c.loc[("TSTint1:3.4", "id_self_identification"), "polarity"] == "supports"
    assert c.loc[("TSTint2:3.4", "id_self_identification"), "polarity"] == "contradicts"
    assert c.loc[("TSTint2:4.6", "pa_funding"), "matched_text"] == "Funding for the shelter is insufficient."
    assert "1.4.op1" in c.loc[("TSTint1:3.4", "id_self_identification"), "criteria"].split(";")
    assert set(c["source"]) == {"auto"}
    # survey free text is coded too, kept apart from interviews
    assert c.loc[("TSTsur1:8.2", "pr_awareness_media"), "origin"] == "survey"


def test_theme_frequencies_count_interviews_and_segments(tst):
    take_in_assessor_files(tst, "TST")
    code_country("TST", root=tst)
    f = pd.read_csv(tst / "analysis/TST/theme_frequencies.csv").set_index("theme")
    assert f.loc["id_self_identification", "interviews"] == 2
    assert f.loc["id_self_identification", "supports"] == 1 and f.loc["id_self_identification", "contradicts"] == 1
    assert f.loc["pr_awareness_media", "survey_mentions"] == 1 and f.loc["pr_awareness_media", "interviews"] == 0
    co = pd.read_csv(tst / "analysis/TST/theme_cooccurrence.csv").set_index("theme")
    assert co.loc["pa_funding", "pa_shelter_access"] == 1


def test_manual_decisions_win_on_rerun(tst):
    coding = tst / "data/raw/TST/coding"
    coding.mkdir(parents=True)
    (coding / "assessor.csv").write_text(
        "segment_id,theme,polarity,action,coder\n"
        "TSTint1:3.4,id_self_identification,contradicts,add,assessor\n"
        "TSTint2:4.6,pa_shelter_access,,remove,assessor\n"
        "TSTint2:4.6,pa_standards_compensation,supports,,assessor\n", encoding="utf-8")
    take_in_assessor_files(tst, "TST")
    code_country("TST", root=tst)
    c = coded(tst).set_index(["segment_id", "theme"])
    row = c.loc[("TSTint1:3.4", "id_self_identification")]
    assert row["polarity"] == "contradicts" and row["source"] == "manual"
    assert ("TSTint2:4.6", "pa_shelter_access") not in c.index
    assert c.loc[("TSTint2:4.6", "pa_standards_compensation"), "source"] == "manual"


def test_a_bad_coding_file_names_file_row_column_and_value(tst):
    coding = tst / "data/raw/TST/coding"
    coding.mkdir(parents=True)
    (coding / "assessor.csv").write_text("segment_id,theme,polarity\nTSTint9:3.4,id_nrm,\nTSTint1:3.4,no_such_theme,maybe\n")
    with pytest.raises(CtnatError) as err:
        take_in_assessor_files(tst, "TST")
        code_country("TST", root=tst)
    msg = str(err.value)
    assert "assessor.csv, row 2, column 'segment_id': unknown segment id" in msg
    assert "assessor.csv, row 3, column 'theme': unknown theme" in msg
    assert "assessor.csv, row 3, column 'polarity': unknown polarity" in msg


def test_two_coders_get_krippendorffs_alpha(tst):
    coding = tst / "data/raw/TST/coding"
    coding.mkdir(parents=True)
    rows = "segment_id,theme,polarity\nTSTint1:3.4,id_self_identification,supports\n" \
           "TSTint2:3.4,id_self_identification,contradicts\nTSTint2:4.6,pa_funding,contradicts\n"
    (coding / "coder_a.csv").write_text(rows)
    (coding / "coder_b.csv").write_text(rows.replace("TSTint2:4.6,pa_funding", "TSTint2:4.6,pa_shelter_access"))
    take_in_assessor_files(tst, "TST")
    code_country("TST", root=tst)
    agr = pd.read_csv(tst / "analysis/TST/coding_agreement.csv")
    row = agr.iloc[0]
    assert (row["coder_a"], row["coder_b"]) == ("coder_a", "coder_b")
    assert row["segments_both_coded"] == 3 and row["identical"] == 2
    assert -1 <= row["krippendorff_alpha"] < 1


def test_codebook_round_trips_through_refi_qda(tmp_path):
    codebook = load_instruments().codebook
    path = export_qdc(codebook, tmp_path / "ctnat.qdc")
    text = path.read_text(encoding="utf-8")
    assert 'xmlns="urn:QDA-XML:codebook:1.0"' in text and "Referral mechanism and roles" in text
    edited = text.replace('name="Funding of services"', 'name="Funding of protection services"')
    edited = edited.replace("</Codes>", '<Code guid="0E7C3F5C-0000-4000-8000-000000000001" name="Corruption" '
                                        'isCodable="true"><Description>New theme</Description></Code></Codes>')
    (tmp_path / "edited.qdc").write_text(edited, encoding="utf-8")
    merged = import_qdc(tmp_path / "edited.qdc", codebook)
    by_code = {t["code"]: t for t in merged["themes"]}
    assert by_code["pa_funding"]["label"]["en"] == "Funding of protection services"
    assert by_code["pa_funding"]["patterns"] == codebook.theme("pa_funding").patterns
    assert by_code["corruption"]["patterns"] == {} and len(merged["themes"]) == len(codebook.themes) + 1


def test_import_rejects_a_file_that_is_not_a_codebook(tmp_path):
    (tmp_path / "x.qdc").write_text("<html></html>")
    with pytest.raises(CtnatError, match="is not a REFI-QDA codebook"):
        import_qdc(tmp_path / "x.qdc", load_instruments().codebook)
