"""Exports a field team needs before any data exists."""

import pandas as pd
from click.testing import CliRunner
from pyxform import xls2xform

from ctnat.cli import main
from ctnat.instruments import load_instruments


def test_xlsform_converts_with_pyxform(tmp_path):
    out = tmp_path / "ctnat_survey.xlsx"
    result = CliRunner().invoke(main, ["instruments", "xlsform", "--country", "AZE", "-o", str(out)])
    assert result.exit_code == 0, result.output
    sheets = pd.read_excel(out, sheet_name=None)
    assert {"survey", "choices", "settings"} <= set(sheets)
    assert "label::Russian (ru)" in sheets["survey"].columns
    xml = tmp_path / "form.xml"
    xls2xform.xls2xform_convert(xlsform_path=str(out), xform_path=str(xml))
    text = xml.read_text(encoding="utf-8")
    for f in load_instruments().survey.fields:
        assert f"/{f.name}" in text or f"{f.name}_" in text


def test_csv_template_has_every_column_and_allowed_values(tmp_path):
    out = tmp_path / "AZE_template.csv"
    result = CliRunner().invoke(main, ["instruments", "template", "--country", "AZE", "-o", str(out)])
    assert result.exit_code == 0, result.output
    cols = list(pd.read_csv(out, encoding="utf-8-sig").columns)
    assert cols == load_instruments().survey.columns()
    assert cols[0] == "respondent_code" and "q3_1_4" in cols and "q8_1_A" in cols
    allowed = pd.read_csv(tmp_path / "AZE_template_allowed_values.csv", encoding="utf-8-sig")
    row = allowed.set_index("column").loc["q3_1_4"]
    assert "adequate = Adequate" in row["allowed_values"] and row["question"] == "3.1.4"
    assert "AZEsur1" in allowed.set_index("column").loc["respondent_code", "allowed_values"]


def test_xlsx_template_has_two_sheets(tmp_path):
    out = tmp_path / "AZE_template.xlsx"
    CliRunner().invoke(main, ["instruments", "template", "--country", "aze", "-o", str(out)])
    assert set(pd.read_excel(out, sheet_name=None)) == {"responses", "allowed_values"}


def test_bad_country_code_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["instruments", "template", "--country", "Azerbaijan",
                                       "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "ISO 3166-1 alpha-3" in result.output
