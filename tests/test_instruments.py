"""The instruments are data: the seed's survey (Annex D), interview guide
(Annex C) and 25 indicators (Annex E), loaded and validated from YAML."""

import json
import shutil

import pytest
import yaml
from click.testing import CliRunner

from ctnat.cli import main
from ctnat.instruments import CRITERIA, check_instruments, load_instruments, normalise


@pytest.fixture(scope="module")
def inst():
    return load_instruments()


def test_twenty_five_indicators_and_one_hundred_criteria(inst):
    ids = [i.id for i in inst.indicators.indicators]
    assert ids == [f"{a}.{n}" for a in range(1, 6) for n in range(1, 6)]
    rows = inst.indicators.criteria_rows()
    assert len(rows) == 100
    assert all(text["en"].strip() for _, _, text in rows)


def test_indicator_wording_is_the_seeds(inst):
    nrm = inst.indicators.indicator("1.1")
    assert nrm.title["en"].startswith("National Referral Mechanism (NRM)")
    assert nrm.criteria["fw1"]["en"] == "NRM specific to THB is in place"
    assert nrm.criteria["op2"]["en"] == ("State and non-State actors are referring and assisting "
                                         "victims through an NRM framework")
    assert [a.title["en"] for a in inst.indicators.areas] == [
        "Identification and referral", "Protection and assistance", "Investigation and prosecution",
        "Prevention", "Cooperation and coordination"]


GRIDS = {"3.1": 7, "3.2": 6, "4.1": 10, "4.2": 5, "5.1": 10, "6.1": 8, "7.1": 4, "7.2": 6, "7.3": 6}
SCALES = {"3.1": "adequacy", "4.1": "adequacy", "3.2": "frequency", "7.2": "frequency", "4.2": "agreement",
          "5.1": "agreement", "6.1": "agreement", "7.1": "agreement", "7.3": "ease"}


def test_every_annex_d_question_is_present(inst):
    s = inst.survey
    plain = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.2.1", "2.3", "2.4", "2.5", "2.6",
             "8.1", "8.2", "8.3"]
    for code in plain:
        assert s.field(code).name == "q" + code.replace(".", "_")
    for block, n in GRIDS.items():
        items = s.grid_fields(block)
        assert [f.code for f in items] == [f"{block}.{i}" for i in range(1, n + 1)]
        assert {f.scale.code for f in items} == {SCALES[block]}
    assert len(s.field("1.2").options) == 20
    assert [o.code for o in s.field("8.1").options] == list("ABCDEFGHIJKLMNOPQ")
    assert s.field("2.2").max_choices == 3 and s.field("2.3").max_choices == 3
    assert s.field("2.4").type == "rank" and s.field("2.4").rank_max == 4
    assert s.field("8.1").type == "priorities" and s.field("8.1").rank_max == 3
    assert s.field("3.1.4").en.startswith("Capacity of competent authorities to accurately identify")


def test_scales_use_the_wording_respondents_chose_and_say_what_is_favourable(inst):
    scales = inst.survey.scales
    assert [o.en for o in scales["adequacy"].options] == [
        "Adequate", "Somewhat adequate", "Adequate for some", "Neither adequate nor inadequate",
        "Inadequate", "Don't know"]
    assert [o.en for o in scales["frequency"].options][:5] == ["Always", "Often", "Sometimes", "Rarely", "Never"]
    assert [o.en for o in scales["agreement"].options][:3] == ["Agree", "Neither agree nor disagree", "Disagree"]
    assert [o.en for o in scales["ease"].options][:3] == ["Easy", "Neither easy nor difficult", "Difficult"]
    for scale in scales.values():
        assert scale.favourable and scale.options[-1].dont_know


def test_russian_labels_map_to_the_same_codes(inst):
    f = inst.survey.field("3.1.4")
    lookup = f.lookup()
    for o in f.options:
        assert lookup[normalise(o.label["ru"])] == o.code
        assert lookup[normalise("  " + o.en.upper() + " ")] == o.code
    assert all(q.text.get("ru") for q in inst.survey.fields)


def test_interview_guide_sections_and_rule(inst):
    g = inst.guide
    assert [s.code for s in g.sections] == [str(i) for i in range(1, 9)]
    assert g.always_asked == ["7", "8"]
    assert g.selection_rule.chosen_per_respondent == ["2", "3", "4", "5", "6"]
    keys = {h.key for h in g.header_fields}
    assert {"country", "interviewer_name", "respondent_organisation", "format",
            "participants_male", "participants_female"} <= keys


def test_evidence_map_covers_every_criterion(inst):
    assert len(inst.evidence_map) == 100
    assert "3.1.1" in inst.evidence_for("1.1", "op1").survey + inst.evidence_for("1.1", "op2").survey
    assert any("3.1.5" in inst.evidence_for("1.3", c).survey for c in CRITERIA)
    assert any("3.1.6" in inst.evidence_for("1.4", c).survey for c in CRITERIA)
    assert any("5.1.6" in inst.evidence_for("3.4", c).survey for c in CRITERIA)
    assert 0 < len(inst.criteria_without_survey()) < 100


def test_check_passes_on_the_shipped_instruments():
    result = CliRunner().invoke(main, ["instruments", "check"])
    assert result.exit_code == 0, result.output
    assert "25 indicators (100 criteria)" in result.output


def test_check_names_the_file_and_key_of_a_broken_instrument(tmp_path, repo):
    d = tmp_path / "instruments"
    shutil.copytree(repo / "instruments", d)
    data = yaml.safe_load((d / "survey.yaml").read_text(encoding="utf-8"))
    grid = next(q for q in data["questions"] if q["code"] == "3.1")
    grid["scale"] = "adequacyy"
    del data["scales"]["agreement"]["options"][0]["label"]["ru"]
    (d / "survey.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = [str(p) for p in check_instruments(d)]
    assert "ERROR: survey.yaml, line 582, column 'questions[3.1].scale': questions[3.1].scale: unknown scale 'adequacyy'" \
        in problems
    assert any("scales.agreement.options[0].label" in p and "missing 'ru' text" in p for p in problems)
    result = CliRunner().invoke(main, ["instruments", "check", "--dir", str(d)])
    assert result.exit_code == 1
    assert "survey.yaml" in result.output and "questions[3.1].scale" in result.output


def test_check_reports_unknown_evidence_references(tmp_path, repo):
    d = tmp_path / "instruments"
    shutil.copytree(repo / "instruments", d)
    data = yaml.safe_load((d / "evidence_map.yaml").read_text(encoding="utf-8"))
    data["criteria"][0]["survey"] = ["9.9.9"]
    (d / "evidence_map.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert any("unknown survey item '9.9.9'" in str(p) and "evidence_map.yaml" in str(p)
               for p in check_instruments(d))


def test_broken_yaml_is_reported_with_its_line(tmp_path, repo):
    d = tmp_path / "instruments"
    shutil.copytree(repo / "instruments", d)
    (d / "indicators.yaml").write_text("areas: [\n  - id: 1\n", encoding="utf-8")
    problems = check_instruments(d)
    assert any(p.file == "indicators.yaml" and "not valid YAML" in p.message and p.row for p in problems)


def test_dump_json_has_questions_indicators_and_guide():
    result = CliRunner().invoke(main, ["instruments", "dump", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    q = next(q for q in data["survey"]["questions"] if q["code"] == "3.1.4")
    assert q["name"] == "q3_1_4" and q["type"] == "single" and q["area"] == "1"
    assert {"code": "adequate", "label": "Adequate"}.items() <= q["choices"][0].items()
    ind = data["indicators"][0]
    assert ind["id"] == "1.1" and set(ind["criteria"]) == {"fw1", "fw2", "op1", "op2"}
    assert len(data["interview_guide"]["sections"]) == 8


def test_every_position_is_in_a_declared_group_with_a_sector(tmp_path, repo):
    def broken(change):
        d = tmp_path / change.__name__ / "instruments"
        shutil.copytree(repo / "instruments", d)
        data = yaml.safe_load((d / "survey.yaml").read_text(encoding="utf-8"))
        change(data)
        (d / "survey.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return [str(p) for p in check_instruments(d)]

    def groups(data):
        data["position_groups"] = [g for g in data["position_groups"] if g["code"] != "justice"]
        del next(o for o in data["choice_lists"]["position"] if o["code"] == "igo_un")["group"]

    def sector(data):
        next(g for g in data["position_groups"] if g["code"] == "ngo")["sector"] = "civil"

    problems = broken(groups)
    assert any("choice_lists.position" in p and "justice_judge, justice_prosecutor, justice_other" in p
               and "'justice', which position_groups does not declare" in p for p in problems), problems
    assert any("igo_un" in p and "have no group" in p for p in problems), problems
    assert broken(sector) == ["ERROR: survey.yaml, line 403, column 'position_groups[ngo].sector': position_groups[ngo].sector: "
                              "expected 'state' or 'non_state', found 'civil'"]
