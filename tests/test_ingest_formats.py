"""Every way survey and interview data arrives, round-tripped through
validation to the same option codes — and the guarantees of ingest: nothing
received is altered, a failed ingest writes nothing."""

import hashlib
import shutil

import pandas as pd
import pyreadstat
import pytest

from ctnat.ingest import ingest_country, store_received_file, validate_file
from ctnat.instruments import load_instruments
from ctnat.instruments.template import write_template
from ctnat.problems import CtnatError
from tests.conftest import copy_country

S = load_instruments().survey
EXPECTED = [
    {"respondent_code": "AZEsur1", "q1_2": "le_police", "q3_1_4": "adequate", "q2_2": "prostitution;forced_labour",
     "q5_1_9": "neither", "q8_1_J": "1", "q8_1_A": "2"},
    {"respondent_code": "AZEsur2", "q1_2": "ngo_local", "q3_1_4": "inadequate", "q2_2": "forced_marriage",
     "q5_1_9": "disagree", "q8_1_J": "2", "q8_1_A": ""},
]


def en(name, code):
    return S.field(name).option(code).en


def ru(name, code):
    return S.field(name).option(code).label["ru"]


def labelled(lang=en, sep=";"):
    rows = []
    for e in EXPECTED:
        r = {"respondent_code": e["respondent_code"]}
        for k in ("q1_2", "q3_1_4", "q5_1_9"):
            r[k] = lang(k, e[k])
        r["q2_2"] = sep.join(lang("q2_2", c) for c in e["q2_2"].split(";"))
        r["q8_1_J"], r["q8_1_A"] = e["q8_1_J"], e["q8_1_A"]
        rows.append(r)
    return pd.DataFrame(rows)


def check(path, fmt=None, **kw):
    res = validate_file(path, "AZE", **kw)
    assert res.can_ingest, [str(p) for p in res.problems]
    assert res.rows == 2
    got = res.table.fillna("")
    for e, (_, g) in zip(EXPECTED, got.iterrows()):
        for k, v in e.items():
            assert str(g[k]) == v, (k, g[k], v)
    if fmt:
        assert res.format == fmt
    return res


def test_csv_with_commas(tmp_path):
    labelled().to_csv(tmp_path / "a.csv", index=False)
    check(tmp_path / "a.csv", "csv")


def test_csv_with_semicolons_and_bom_as_excel_saves_it(tmp_path):
    labelled().to_csv(tmp_path / "a.csv", index=False, sep=";", encoding="utf-8-sig")
    check(tmp_path / "a.csv", "csv-semicolon")


def test_csv_in_windows_cyrillic_with_russian_labels(tmp_path):
    labelled(ru).to_csv(tmp_path / "ru.csv", index=False, encoding="cp1251")
    res = check(tmp_path / "ru.csv")
    assert res.table.iloc[0]["q3_1_4"] == "adequate"


def test_codes_and_labels_in_any_case_and_spacing(tmp_path):
    df = labelled()
    df.loc[0, "q3_1_4"] = "  ADEQUATE "
    df.loc[1, "q3_1_4"] = "inadequate"
    df.loc[1, "q1_2"] = "ngo_local"
    df.to_csv(tmp_path / "mixed.csv", index=False)
    check(tmp_path / "mixed.csv")


def test_xlsx(tmp_path):
    labelled().to_excel(tmp_path / "a.xlsx", index=False)
    check(tmp_path / "a.xlsx", "xlsx")


def _numeric_with_labels():
    df = pd.DataFrame({"respondent_code": [e["respondent_code"] for e in EXPECTED]})
    labels = {}
    for k in ("q1_2", "q3_1_4", "q5_1_9"):
        opts = S.field(k).options
        labels[k] = {i + 1: o.en for i, o in enumerate(opts)}
        df[k] = [1 + [o.code for o in opts].index(e[k]) for e in EXPECTED]
    df["q2_2"] = ["Forced labour or services;Exploitation in prostitution", "Forced marriage"]
    df["q8_1_J"] = [1, 2]
    df["q8_1_A"] = [2, None]
    return df, labels


def test_spss_with_value_labels(tmp_path):
    df, labels = _numeric_with_labels()
    pyreadstat.write_sav(df, str(tmp_path / "a.sav"), variable_value_labels=labels)
    check(tmp_path / "a.sav", "sav")


def test_stata_with_value_labels(tmp_path):
    df, labels = _numeric_with_labels()
    pyreadstat.write_dta(df, str(tmp_path / "a.dta"), variable_value_labels=labels)
    check(tmp_path / "a.dta", "dta")


def test_kobo_xml_values_export_with_groups_split_columns_and_metadata(tmp_path):
    rows = []
    for i, e in enumerate(EXPECTED):
        r = {"start": "2016-01-20T10:00:00", "s1/respondent_code": e["respondent_code"], "s1/q1_2": e["q1_2"],
             "s3/g3_1/q3_1_4": e["q3_1_4"], "s5/g5_1/q5_1_9": e["q5_1_9"],
             "s2/q2_2": e["q2_2"].replace(";", " "), "s8/q8_1_J": e["q8_1_J"], "s8/q8_1_A": e["q8_1_A"],
             "_id": 1000 + i, "_uuid": f"uuid-{i}", "_submission_time": "2016-01-21T08:00:00", "_index": i + 1}
        for o in S.field("2.2").options:
            r[f"s2/q2_2/{o.code}"] = 1 if o.code in e["q2_2"].split(";") else 0
        rows.append(r)
    pd.DataFrame(rows).to_csv(tmp_path / "kobo.csv", index=False, sep=";")
    res = check(tmp_path / "kobo.csv")
    assert res.table.iloc[0]["_uuid"] == "uuid-0" and res.table.iloc[1]["_index"] == "2"
    assert not [p for p in res.problems if "_submission_time" in str(p)]  # metadata is provenance, no warning


def test_kobo_label_mode_export(tmp_path):
    df = labelled()
    header = {"respondent_code": "Survey #"}
    for k in ("q1_2", "q3_1_4", "q5_1_9", "q2_2"):
        f = S.field(k)
        header[k] = f"{f.code} {f.en}"
    header["q8_1_J"], header["q8_1_A"] = "q8_1_J", "q8_1_A"
    df = df.rename(columns=header)
    df["_id"] = [1, 2]
    df.to_excel(tmp_path / "kobo_labels.xlsx", index=False)
    check(tmp_path / "kobo_labels.xlsx")


def test_odk_central_csv(tmp_path):
    rows = []
    for i, e in enumerate(EXPECTED):
        rows.append({"SubmissionDate": "2016-01-21T08:00:00.000Z", "s1-respondent_code": e["respondent_code"],
                     "s1-q1_2": e["q1_2"], "s3-g3_1-q3_1_4": e["q3_1_4"], "s5-g5_1-q5_1_9": e["q5_1_9"],
                     "s2-q2_2": e["q2_2"].replace(";", " "), "s8-q8_1_J": e["q8_1_J"], "s8-q8_1_A": e["q8_1_A"],
                     "meta-instanceID": f"uuid:{i}", "KEY": f"uuid:{i}", "ReviewState": ""})
    pd.DataFrame(rows).to_csv(tmp_path / "odk.csv", index=False)
    res = check(tmp_path / "odk.csv")
    assert res.table.iloc[0]["KEY"] == "uuid:0"


def test_the_csv_template_round_trips(tmp_path):
    [tpl, _] = write_template(tmp_path / "AZE_template.csv", "AZE")
    blank = pd.read_csv(tpl, dtype=str, encoding="utf-8-sig")
    filled = pd.concat([blank, labelled()], ignore_index=True).fillna("")
    filled.to_csv(tmp_path / "AZE_filled.csv", index=False, encoding="utf-8-sig")
    check(tmp_path / "AZE_filled.csv")


def test_the_xlsx_template_round_trips_reading_the_responses_sheet(tmp_path):
    [tpl] = write_template(tmp_path / "AZE_template.xlsx", "AZE")
    sheets = pd.read_excel(tpl, sheet_name=None, dtype=str)
    with pd.ExcelWriter(tmp_path / "AZE_filled.xlsx") as xw:
        pd.concat([sheets["responses"], labelled()], ignore_index=True).to_excel(xw, sheet_name="responses", index=False)
        sheets["allowed_values"].to_excel(xw, sheet_name="allowed_values", index=False)
    res = check(tmp_path / "AZE_filled.xlsx")
    assert res.sheet == "responses"


def test_interview_notes_as_csv(tmp_path):
    (tmp_path / "notes.csv").write_text(
        "interview_code,country,entity_type,format,participants_male,participants_female,date_time,question,answer\n"
        "AZEint30,AZE,ngo,in_person,1,2,2016-01-20,3.4,The hotline is not advertised.\n"
        "AZEint30,,,,,,,7.1,Cooperation happens case by case.\n"
        "AZEint31,AZE,State agency/institution,Group meeting,3,0,2016-01-21,5.5,Training is ad hoc.\n",
        encoding="utf-8")
    res = validate_file(tmp_path / "notes.csv", "AZE")
    assert res.kind == "interview" and res.can_ingest, [str(p) for p in res.problems]
    assert list(res.table["interview_code"]) == ["AZEint30", "AZEint31"]
    assert list(res.table["entity_type"]) == ["ngo", "state"]
    assert [s["segment_id"] for s in res.segments] == ["AZEint30:3.4", "AZEint30:7.1", "AZEint31:5.5"]


def test_interview_markdown_is_scrubbed_and_names_stay_raw(tmp_path):
    (tmp_path / "AZEint40.md").write_text(
        "---\ncountry: AZE\ninterview_code: AZEint40\ninterviewer_name: Ada Example\nrespondent_name: Bo Sample\n"
        "entity_type: state\nformat: in_person\nparticipants_male: 1\nparticipants_female: 0\n"
        "date_time: 2016-01-20 10:00\n---\n\n## 3.1\nCall +994 50 123 45 67 or bo@example.org for details.\n",
        encoding="utf-8")
    res = validate_file(tmp_path / "AZEint40.md", "AZE")
    assert res.can_ingest
    assert res.segments[0]["text"] == "Call [phone removed] or [e-mail removed] for details."
    assert "Ada Example" not in str(res.table.to_dict()) and "Bo Sample" not in str(res.table.to_dict())


def _digest_tree(path):
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


def test_a_failed_ingest_leaves_raw_and_processed_byte_for_byte_unchanged(project):
    copy_country(project, "AZE")
    ingest_country("AZE", root=project)
    raw, processed = project / "data/raw/AZE", project / "data/processed/AZE"
    shutil.copy(__import__("pathlib").Path(__file__).parent / "fixtures/malformed/05_unknown_answer_value.csv",
                raw / "surveys" / "late_arrival.csv")
    before_raw, before_processed = _digest_tree(raw), _digest_tree(processed)
    with pytest.raises(CtnatError) as err:
        ingest_country("AZE", root=project)
    assert "nothing was written" in str(err.value)
    assert "surveys/late_arrival.csv, row 3, column 'q3_1_4': 'Very good' is not an answer to 3.1.4" in str(err.value)
    assert _digest_tree(raw) == before_raw
    assert _digest_tree(processed) == before_processed


def test_ingest_writes_the_processed_tables_and_manifest(project):
    copy_country(project, "AZE")
    m = ingest_country("AZE", root=project)
    out = project / "data/processed/AZE"
    for name in ("respondents.csv", "answers.csv", "interviews.csv", "segments.csv", "desk_review.csv",
                 "context.json", "manifest.json"):
        assert (out / name).exists()
    survey = next(i for i in m["inputs"] if i["kind"] == "survey")
    raw = project / survey["path"]
    assert survey["sha256"] == hashlib.sha256(raw.read_bytes()).hexdigest() and survey["rows"] == 7
    answers = pd.read_csv(out / "answers.csv", dtype=str)
    assert set(answers[answers.question == "3.1.4"]["option_code"]) == {"adequate", "neither", "inadequate"}


def test_the_same_codes_in_a_later_file_supersede_the_earlier_ones(project):
    copy_country(project, "AZE")
    src = project / "data/raw/AZE/surveys/AZE_esurvey_responses.csv"
    shutil.copy(src, project / "data/raw/AZE/surveys/resent.csv")
    m = ingest_country("AZE", root=project)
    assert len(m["superseded"]) == 7
    assert {s["superseded_by"] for s in m["superseded"]} == {"surveys/resent.csv"}


def test_store_is_append_only(project):
    first = store_received_file(b"respondent_code\nAZEsur1\n", "AZE", "surveys", "responses.csv", root=project,
                                uploaded_by="focal-aze")
    again = store_received_file(b"respondent_code\nAZEsur1\n", "AZE", "surveys", "other name.csv", root=project)
    changed = store_received_file(b"respondent_code\nAZEsur2\n", "AZE", "surveys", "responses.csv", root=project)
    sneaky = store_received_file(b"x", "AZE", "surveys", "../../../etc/passwd", root=project)
    assert not first.duplicate and again.duplicate and again.path == first.path
    assert changed.path.name == "responses (2).csv" and first.path.read_bytes() == b"respondent_code\nAZEsur1\n"
    assert sneaky.path.parent == project / "data/raw/AZE/surveys" and sneaky.path.name == "passwd"
    log = (project / "data/raw/AZE/received.jsonl").read_text().splitlines()
    assert len(log) == 4 and '"status": "duplicate"' in log[1] and "AZEsur" not in "".join(log)


@pytest.mark.parametrize("country,surveys,interviews,men,women", [("ARM", 6, 16, 19, 18), ("GEO", 6, 10, 6, 13)])
def test_the_other_bundled_countries_ingest(project, country, surveys, interviews, men, women):
    copy_country(project, country)
    ingest_country(country, root=project)
    out = project / "data/processed" / country
    assert len(pd.read_csv(out / "respondents.csv")) == surveys
    i = pd.read_csv(out / "interviews.csv")
    assert (len(i), i["participants_male"].sum(), i["participants_female"].sum()) == (interviews, men, women)


def test_unknown_columns_such_as_names_never_reach_processed_data(project):
    copy_country(project, "AZE", receipts=False)
    src = project / "data/raw/AZE/surveys/AZE_esurvey_responses.csv"
    df = pd.read_csv(src, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df["Respondent name"] = "Zarina Testova"
    df["email"] = "zarina@example.org"
    df.to_csv(src, index=False)
    ingest_country("AZE", root=project)
    for f in (project / "data/processed/AZE").iterdir():
        text = f.read_text(encoding="utf-8")
        assert "Zarina" not in text and "zarina@example.org" not in text
