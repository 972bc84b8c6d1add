"""The whole chain on the bundled Azerbaijan data, as `make report COUNTRY=AZE`
runs it: ingest → code → analyse → score → charts → report. Run once per test
session in a temporary copy of the project."""

import re
import zipfile

import pandas as pd
import yaml
from docx import Document

from ctnat.documents.docx_tools import cell_fill
from tests.conftest import REPO

SEED = yaml.safe_load((REPO / "tests/fixtures/seed_aze_figures.yaml").read_text(encoding="utf-8"))


def items(root):
    return pd.read_csv(root / "analysis/AZE/survey_items.csv", dtype=str, keep_default_na=False)


def test_survey_items_reproduce_every_seed_figure(aze):
    root, _ = aze
    it = items(root)
    for fig in SEED["items"]:
        q = it[it["question"] == fig["question"]].set_index("option_code")
        for option, n in fig["counts"].items():
            assert int(q.loc[option, "count"]) == n, (fig["question"], option)
        others = set(q.index) - set(fig["counts"]) - {"dont_know"}
        assert all(int(q.loc[o, "count"]) == 0 for o in others), fig["question"]
    totals = pd.read_csv(root / "analysis/AZE/grid_totals.csv", dtype=str).set_index("block")
    for b in SEED["blocks"]:
        assert int(totals.loc[b["block"], "total_respondents"]) == b["total_respondents"]
        assert int(totals.loc[b["block"], "respondents_to_block"]) == b["respondents_to_block"]
    prio = pd.read_csv(root / "analysis/AZE/priorities.csv", dtype=str).set_index("priority")
    for letter, n in SEED["priorities_survey"]["counts"].items():
        assert int(prio.loc[letter, "selections"]) == n


def test_profiles_match_the_seed(aze):
    root, _ = aze
    ip = pd.read_csv(root / "analysis/AZE/interview_profile.csv", dtype=str, keep_default_na=False)
    get = lambda d, c: int(ip[(ip.dimension == d) & (ip.code == c)]["count"].iloc[0])
    assert get("interviews", "") == 14 and get("participants", "male") == 28 and get("participants", "female") == 8
    assert get("entity_type", "state") == 10
    rp = pd.read_csv(root / "analysis/AZE/respondent_profile.csv", dtype=str, keep_default_na=False)
    assert int(rp[(rp.dimension == "sex") & (rp.code == "female")]["count"].iloc[0]) == 1


def test_processed_tables_carry_no_names_emails_or_phones(aze):
    root, _ = aze
    names = _raw_names(root)
    for f in (root / "data/processed/AZE").iterdir():
        text = f.read_text(encoding="utf-8")
        for n in names:
            assert n not in text, (f.name, n)
        assert "@example.org" not in text and "555 0101" not in text


def _raw_names(root):
    names = set()
    for p in (root / "data/raw/AZE/interviews").glob("*.md"):
        header = yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1])
        for k in ("interviewer_name", "respondent_name"):
            names.add(header[k])
    return names


def test_the_override_is_recorded(aze):
    root, _ = aze
    s = pd.read_csv(root / "analysis/AZE/scores.csv", dtype=str, keep_default_na=False).set_index(
        ["indicator", "criterion"])
    assert s.loc[("5.2", "op2"), "status"] == "partly_met"
    assert s.loc[("5.2", "op2"), "override_reason"].startswith("The national coordinator convenes")


def report_text(doc):
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_report_has_the_seed_structure(aze):
    _, path = aze
    doc = Document(str(path))
    heads = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for h in ("Executive summary", "Acronyms and abbreviations", "1 Introduction and methodology",
              "2 Country background", "2.1 The trafficking situation", "2.2 Legal framework",
              "2.3 Institutional framework", "3 Findings",
              "3.1 Identification and referral", "3.2 Protection and assistance", "3.3 Investigation and prosecution",
              "3.4 Prevention", "3.5 Cooperation and coordination", "4 Conclusions", "5 Recommendations",
              "Annex A. Interview guide", "Annex B. E-survey", "Annex C. Assessment indicators",
              "Annex D. Evidence trail"):
        assert h in heads, h
    text = report_text(doc)
    assert "14 interviews were carried out in Baku" in text and "36 people (28 men and 8 women" in text
    assert "Of these interviews, 10 were with State agencies" in text
    assert "7 people responded to the electronic survey (1 women and 6 men" in text or \
        "7 people responded to the electronic survey (1 woman" in text


def test_indicator_tables_shade_exactly_the_unmet_criteria(aze):
    root, path = aze
    doc = Document(str(path))
    scores = pd.read_csv(root / "analysis/AZE/scores.csv", dtype=str).set_index(["indicator", "criterion"])
    matrices = [t for t in doc.tables if t.rows[0].cells[0].text == "Indicator" and "[" in t.rows[1].cells[1].text]
    assert len(matrices) == 5
    seen = 0
    from ctnat.style import status_fill

    unmet_fills = {status_fill("not_met"), status_fill("partly_met")}
    for t in matrices:
        for row in t.rows[1:]:
            ind = row.cells[0].text.split()[0]
            for cell, crit in zip(row.cells[1:], ("fw1", "fw2", "op1", "op2")):
                status = scores.loc[(ind, crit), "status"]
                assert (cell_fill(cell) in unmet_fills) == (status in ("not_met", "partly_met")), (ind, crit)
                seen += 1
    assert seen == 100


def test_the_report_build_draws_the_report_charts_and_only_those(aze):
    from ctnat.charts import chart_use

    root, path = aze
    charts = root / "analysis/AZE/charts"
    drawn = {p.stem for p in charts.glob("*.png")}
    assert drawn and all(chart_use(name) == "report" for name in drawn), drawn
    for name in ("interview_sex", "situation_forms", "priorities", "area_scores", "nap_coverage"):
        assert (charts / f"{name}.png").stat().st_size > 10_000
    with zipfile.ZipFile(path) as z:
        images = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(images) == len(drawn)  # every chart drawn for the report is in it (the grids are tables there)
    doc = Document(str(path))
    prio = next(t for t in doc.tables if t.rows[0].cells[0].text == "Priority")
    rows = {r.cells[0].text.split(".")[0]: r.cells[1].text.count("•") for r in prio.rows[1:]}
    assert rows == SEED["priorities_survey"]["counts"]


def test_every_n_quoted_in_the_text_equals_survey_items(aze):
    root, path = aze
    it = items(root)
    label_to_code = {}
    for r in it.to_dict("records"):
        label_to_code[(r["question"], r["option_label"].lower())] = int(r["count"])
    doc = Document(str(path))
    checked = 0
    for p in doc.paragraphs:
        m = re.search(r"\((\d+\.\d+\.\d+)\)", p.text)
        if not m:
            continue
        for label, n in re.findall(r"“([^”]+)” \(n=(\d+)\)", p.text):
            assert label_to_code[(m.group(1), label)] == int(n), (m.group(1), label)
            checked += 1
    # each survey statement an indicator's finding cites, with its count of favourable answers and its n
    fav = pd.read_csv(root / "analysis/AZE/favourability.csv", dtype=str, keep_default_na=False).set_index("question")
    from ctnat.instruments import load_instruments
    from ctnat.messages import label
    survey = load_instruments(root / "instruments").survey
    statement_code = {label(survey.field(code).text).lower().rstrip("."): code for code in fav.index}
    summaries = 0
    for p in doc.paragraphs:
        for n, statement, k in re.findall(r"Of (\d+) answers on “([^”]+)” \(Table \d+\), (\d+) were favourable", p.text):
            code = statement_code[statement.lower()]
            assert (int(fav.loc[code, "favourable"]), int(fav.loc[code, "n_valid"])) == (int(k), int(n)), code
            summaries += 1
    # counted from a lower answer ("sometimes" for "some victims"): the count is the criterion's own read
    ev = pd.read_csv(root / "analysis/AZE/evidence.csv", dtype=str, keep_default_na=False)
    ev = ev[ev["source"] == "survey"]
    for p in doc.paragraphs:
        for n, statement, k, _answer in re.findall(r"Of (\d+) answers on “([^”]+)” \(Table \d+\), (\d+) answered "
                                                  r"“([^”]+)” or more often", p.text):
            code = statement_code[statement.lower()]
            reads = set(zip(ev.loc[ev["ref"] == code, "favourable"], ev.loc[ev["ref"] == code, "n_valid"]))
            assert (k, n) in reads, code
            summaries += 1
    assert summaries >= 10
    for t in doc.tables:
        if t.rows[0].cells[0].text != "Item":
            continue
        head = [c.text for c in t.rows[0].cells]
        for row in t.rows[1:]:
            code = row.cells[0].text.split()[0]
            for lab, cell in zip(head[1:], row.cells[1:]):
                assert cell.text.rstrip("*") == f"n={label_to_code[(code, lab.lower())]}"
                assert cell.text.endswith("*") == (0 < label_to_code[(code, lab.lower())] < 3)
                checked += 1
    assert checked >= 300  # every answer cell of the nine survey grids


def test_no_respondent_name_or_contact_reaches_the_report(aze):
    root, path = aze
    text = report_text(Document(str(path)))
    for name in _raw_names(root):
        assert name not in text
        assert name.split()[-1] not in text
    assert "@example.org" not in text and "555 0101" not in text and "555 12 34" not in text


def test_the_narrative_reaches_the_report_and_stays_as_written(aze):
    root, path = aze
    narrative = root / "data/raw/AZE/narrative/area1.md"
    assert "specialised police unit" in narrative.read_text(encoding="utf-8")
    assert "specialised police unit" in report_text(Document(str(path)))


def test_report_survey_tables_match_the_seed_figure_by_figure(aze):
    """The grid tables of the drafted report print every seed figure (n per option)."""
    from ctnat.instruments import load_instruments

    _, path = aze
    inst = load_instruments(REPO / "instruments")
    doc = Document(str(path))
    rows = {}
    for t in doc.tables:
        head = [c.text.strip() for c in t.rows[0].cells]
        if head[0] != "Item":
            continue
        for r in t.rows[1:]:
            cells = [c.text.strip() for c in r.cells]
            code = cells[0].split(" ")[0]
            rows[code] = {h: int(re.sub(r"\D", "", v) or 0) for h, v in zip(head[1:], cells[1:]) if v.startswith("n=")}
    for fig in SEED["items"]:
        field = inst.survey.field(fig["question"])
        printed = rows[fig["question"]]
        for o in field.options:
            want = fig["counts"].get(o.code, 0)
            if o.code != "dont_know" or want:
                assert printed.get(o.en, 0) == want, (fig["question"], o.code, printed)
