"""Recommendations grounded in the country: nothing is asked for that the desk review
says exists (it is reworded, left out, or asked for the missing part only, the
instrument named), country-specific actions reach only their country, each action
names its actors from the country's bodies, and the plan follows."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import yaml

from ctnat.instruments import load_instruments
from ctnat.instruments.schema import Action, Block
from ctnat.messages import label
from ctnat.recommend.ground import CountryHas, ground_action
from tests.conftest import REPO, copy_country

INST = load_instruments()
BLOCKS = {b.key: b for b in INST.recommendations.blocks}
COUNTRIES = ("AZE", "ARM", "GEO")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """AZE, ARM and GEO built up to the plan in one temporary project."""
    from ctnat.build import build_country

    root = tmp_path_factory.mktemp("grounded") / "project"
    shutil.copytree(REPO / "instruments", root / "instruments")
    shutil.copytree(REPO / "report_templates", root / "report_templates")
    for c in COUNTRIES:
        copy_country(root, c)
        build_country(c, root=root, until="plan")
    return root


def table(root, country, name) -> pd.DataFrame:
    return pd.read_csv(root / "analysis" / country / name, dtype=str, keep_default_na=False)


def provided(country) -> set[str]:
    """What the country's desk review says it has in force (read from the raw file)."""
    data = yaml.safe_load((REPO / "data" / "raw" / country / "desk_review.yaml").read_text(encoding="utf-8"))
    return {k for e in data.get("country_instruments") or [] if e["status"] == "in_force" for k in e["provides"]}


def action(key, start) -> Action:
    return next(a for a in BLOCKS[key].actions if label(a.text).startswith(start))


def row(actions, key, n):
    r = actions[(actions["key"] == key) & (actions["action"] == str(n))]
    assert len(r) == 1, (key, n)
    return r.iloc[0][["criterion", "basis", "verb", "text", "existing", "missing", "instruments",
                      "instrument_numbers", "instrument_dates", "instrument_citations"]].tolist()


# ------------------------------------------------------------------ the examples of the issue
def test_aze_is_not_asked_for_its_indicators_its_return_rules_or_a_consent_provision_in_law(built):
    acts = table(built, "AZE", "recommendation_actions.csv")
    assert row(acts, "id_tools", 1) == [
        "1.3.fw1", "if_exists", "amend",
        "Update the existing indicators, get them to every front-line agency and train staff to use them.",
        "identification_indicators", "", "decision_131_2009_identification", "Decision No. 131", "2009",
        "Aze 6;IOM 2016"]
    assert row(acts, "pa_reintegration", 3) == [
        "2.3.fw2", "partly", "", "Adopt rules on residence permits for foreign victims.", "repatriation_rules",
        "residence_permits_for_victims", "law_thb_arts_19_20;repatriation_rules_2013",
        "Articles 19 and 20 | Decision No. 22", " | 2013-09", "IOM 2016 | Aze 3;IOM 2016"]
    assert row(acts, "ip_law", 7) == [
        "3.2.fw2", "if_exists", "amend",
        "Carry the existing consent provision into the criminal code under which cases are tried, or make sure "
        "courts apply it.", "consent_irrelevance_in_law", "", "law_thb_art_1_0_2", "Article 1.0.2", "", "IOM 2016"]
    recs = " ".join(table(built, "AZE", "recommendations.csv")["actions"])
    assert "Issue national indicators" not in recs and "on their safe return" not in recs
    assert "State in law that a victim's consent" not in recs
    assert "into the criminal code" in recs  # the Criminal Code gap stays recommended


def test_geo_is_not_asked_to_adopt_a_referral_mechanism(built):
    # GEO's referral mechanism is in place and works (1.1 met on every criterion, the 2011 resolution listed):
    # no action is drafted on 1.1, and no text asks to adopt one
    acts = table(built, "GEO", "recommendation_actions.csv")
    has = pd.read_csv(built / "data" / "processed" / "GEO" / "country_instruments.csv", dtype=str)
    assert "national_referral_mechanism" in has.set_index("id").loc["nrm_resolution_2011", "provides"]
    assert not acts["criterion"].str.startswith("1.1.").any()
    for name, column in (("recommendations.csv", "actions"), ("plan_activities.csv", "activity")):
        assert not table(built, "GEO", name)[column].str.contains("Adopt a national referral mechanism").any()


@pytest.mark.parametrize("country", COUNTRIES)
def test_no_recommendation_activity_or_mel_row_asks_to_create_what_exists(built, country):
    has = provided(country)
    acts = table(built, country, "recommendation_actions.csv")
    asked: list[tuple[str, str]] = []
    for r in acts.to_dict("records"):
        a = BLOCKS[r["key"]].actions[int(r["action"]) - 1]
        wants = {"as_drafted": set(a.creates), "partly": set(r["missing"].split(";"))}.get(r["basis"], set())
        asked += [(r["key"], k) for k in wants & has]
    assert asked == []
    moot = [label(a.text).strip() for b in BLOCKS.values() for a in b.actions if a.creates and set(a.creates) <= has]
    recs = " ".join(table(built, country, "recommendations.csv")["actions"])
    activities = " ".join(table(built, country, "plan_activities.csv")["activity"])
    assert [t for t in moot if t in recs or t in activities] == []
    # a MEL indicator on the adoption of what exists has the review target, not an adoption target
    adopted = {m.text for o in INST.plan.objectives.values() for m in o.indicators if m.creates and set(m.creates) <= has}
    mel = table(built, country, "plan_mel.csv")
    assert [r["id"] for r in mel.to_dict("records") if r["indicator"] in adopted
            and not r["target"].startswith("The existing instrument is reviewed")] == []


def test_a_mel_row_on_the_adoption_of_what_exists_targets_its_review(built):
    # AZE has a State data system (the police database): 4.3 has gaps, so its row stays, with a review target
    mel = table(built, "AZE", "plan_mel.csv").set_index("id")
    assert mel.loc["M4.3.a", "target"].startswith("The existing instrument is reviewed against practice, and "
                                                  "amended where the review finds gaps, by ")
    assert mel.loc["M3.3.a", "target"] == "Designated by the end of year 1"  # AZE has a police unit but no prosecution unit


def test_a_country_specific_action_reaches_only_its_country(built):
    start = "Explain what the rules on grants"
    assert start in " ".join(table(built, "AZE", "recommendation_actions.csv")["drafted_text"])
    assert BLOCKS["pa_funding"].actions[3].requires == ["ngo_foreign_funding_restrictions"]
    # ARM has the gap the action answers (2.1 fw2 not met): the action is considered and not drawn
    assert row(table(built, "ARM", "recommendation_actions.csv"), "pa_funding", 4)[:2] == ["2.1.fw2", "not_drawn"]
    # GEO's State budget funds NGO services (2.1 fw2 met, no gap): the block's 2.1 fw2 actions are not drafted
    geo = table(built, "GEO", "recommendation_actions.csv")
    assert not ((geo["key"] == "pa_funding") & (geo["criterion"] == "2.1.fw2")).any()
    for country in ("ARM", "GEO"):
        assert start not in " ".join(table(built, country, "recommendations.csv")["actions"])


def test_actors_come_from_the_bodies_mandates_else_the_block(built):
    acts = table(built, "AZE", "recommendation_actions.csv").set_index(["key", "action"])
    assert acts.loc[("ip_law", "7"), "actors"] == ("Working group on improving anti-trafficking legislation; "
                                                  "Ministry of Justice; Prosecutor General's Office")
    assert acts.loc[("ip_law", "7"), "actors_source"] == "desk review (mandates)"
    # no AZE body runs a hotline: the block's bodies (here from the National Action Plan)
    assert acts.loc[("id_self", "2"), "actors"] == "The Ministry of Internal Affairs"
    assert acts.loc[("id_self", "2"), "actors_source"].startswith("National Action Plan")


# ------------------------------------------------------------------ the rule, action by action
def has(**provides) -> CountryHas:
    rows = [{"id": k, "kind": "law", "title": f"Law {k}", "number": "", "date": "2010", "citations": "S 1",
             "status": "in_force", "provides": v, "mandate": ""} for k, v in provides.items()]
    return CountryHas.from_table(pd.DataFrame(rows))


def ground(key, start, country):
    b: Block = BLOCKS[key]
    a = action(key, start)
    n = b.actions.index(a) + 1
    return ground_action(b, n, a, country, (["the block's bodies"], "block"), 4, "desk")


def test_an_action_is_reworded_left_out_or_kept_by_what_the_country_has():
    r = ground("id_referral", "Adopt a national referral", has(nrm="national_referral_mechanism"))
    assert (r["basis"], r["verb"], r["instruments"], r["actors"]) == ("if_exists", "amend", "nrm", "the block's bodies")
    assert r["text"].startswith("Review the existing referral rules")
    r = ground("id_referral", "Adopt a national referral", has(other="hotline;shelter"))
    assert (r["basis"], r["text"][:34]) == ("as_drafted", "Adopt a national referral mechanis")
    assert ground("id_referral", "Adopt a national referral", CountryHas())["basis"] == "as_drafted"


def test_an_in_force_instrument_counts_a_draft_does_not():
    t = pd.DataFrame([{"id": "d", "kind": "law", "title": "Draft", "status": "draft",
                       "provides": "national_referral_mechanism", "mandate": ""}])
    r = ground("id_referral", "Adopt a national referral", CountryHas.from_table(t))
    assert r["basis"] == "as_drafted"


def test_a_partly_covered_action_keeps_the_missing_part():
    r = ground("ip_cases", "Designate specialised", has(police="specialised_police_unit"))
    assert (r["basis"], r["existing"], r["missing"]) == ("partly", "specialised_police_unit",
                                                         "specialised_prosecution_unit")
    assert r["text"] == "Designate specialised prosecutors competent for trafficking in law or policy."


def test_a_droppable_action_is_left_out():
    b = BLOCKS["id_referral"]
    a = b.actions[0].model_copy(update={"if_exists": None, "droppable": True})
    r = ground_action(b, 1, a, has(nrm="national_referral_mechanism"), ([], ""), 4, "desk")
    assert (r["basis"], r["text"], r["instruments"]) == ("dropped", "", "nrm")


# ------------------------------------------------------------------ ingest: country_instruments checked
def ingest_with(project, edit):
    """Ingest the AZE desk review (with its context and interviews) after ``edit(text) -> text``;
    the problems of the InputError, as (row, column, message)."""
    from ctnat.ingest import ingest_country
    from ctnat.problems import InputError
    from tests.conftest import minimal_country

    d = minimal_country(project)
    p = d / "desk_review.yaml"
    p.write_text(edit(p.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        ingest_country("AZE", root=project)
    return [(x.row, x.column, x.message) for x in exc.value.problems if x.severity == "error"]


def test_ingest_writes_the_country_instruments_and_background(project):
    from ctnat import catalogue
    from ctnat.ingest import ingest_country
    from tests.conftest import minimal_country

    minimal_country(project)
    ingest_country("AZE", root=project)
    t = catalogue.read("country_instruments", "AZE", project).set_index("id")
    assert t.loc["decision_131_2009_identification", ["kind", "number", "date", "status", "citations"]].tolist() == [
        "decision", "Decision No. 131", "2009", "in_force", "Aze 6;IOM 2016"]
    assert t.loc["prosecutor_generals_office", "mandate"] == "prosecution"
    bg = catalogue.read_json("background", "AZE", project)
    assert set(bg) == {"situation", "routes", "victim_profiles", "legal_framework", "institutions", "services",
                       "glossary"}
    assert bg["legal_framework"]["ratifications"][0]["instrument"]


def test_an_unknown_top_level_key_of_the_desk_review_is_an_error(project):
    probs = ingest_with(project, lambda t: t.replace("background:", "backgruond:", 1))
    assert len(probs) == 1 and probs[0][1] == "backgruond" and "did you mean 'background'" in probs[0][2]


@pytest.mark.parametrize("old, new, column, message", [
    ("  provides: [victim_identification_procedure, identification_indicators,",
     "  provides: [victim_identification_procedur, identification_indicators,",
     "country_instruments[decision_131_2009_identification].provides", "unknown provide"),
    ("  mandate: [prosecution]", "  mandate: [prosecutors]",
     "country_instruments[prosecutor_generals_office].mandate", "unknown mandate"),
    ("  citations: [Aze 6, IOM 2016]", "  citations: [Aze 66, IOM 2016]",
     "country_instruments[decision_131_2009_identification].citations", "not in the sources list"),
    ("  kind: decision\n  title: Rules (indicators)", "  kind: decree\n  title: Rules (indicators)",
     "country_instruments[decision_131_2009_identification].kind", ""),
    ("  number: Decision No. 131\n  date: '2009'", "  number: Decision No. 131\n  date: 'in 2009'",
     "country_instruments[decision_131_2009_identification].date", ""),
])
def test_a_country_instrument_is_checked_with_line_and_key(project, old, new, column, message):
    entry = "- id: " + column.split("[")[1].split("]")[0]
    first = (REPO / "data/raw/AZE/desk_review.yaml").read_text(encoding="utf-8").splitlines().index(entry) + 1
    probs = ingest_with(project, lambda t: t.replace(old, new, 1))
    assert [(c, message in m) for _, c, m in probs] == [(column, True)]
    assert first < probs[0][0] < first + 12  # the line of the key, within its entry


# ------------------------------------------------------------------ instruments: capabilities checked
@pytest.mark.parametrize("old, new, message", [
    ("    creates: [identification_indicators]\n", "    creates: [identification_indicator]\n",
     "unknown capability 'identification_indicator'"),
    ("  actors: [justice, prosecution, legislature]", "  actors: [justice, prosecutors, legislature]",
     "unknown role 'prosecutors'"),
    ("      verb: amend\n      text:\n        en: Update the existing indicators",
     "      verb: revise\n      text:\n        en: Update the existing indicators", "verb"),
    ("      hotline:\n        en: Set up a national hotline and make it part of awareness raising.\n"
     "        ru: Создать национальную горячую линию и включить её в работу по повышению осведомлённости.\n", "",
     "words each of them alone"),
])
def test_the_capabilities_of_each_action_are_checked(tmp_path, old, new, message):
    from ctnat.instruments import check_instruments

    d = tmp_path / "instruments"
    shutil.copytree(REPO / "instruments", d)
    p = d / "recommendations.yaml"
    text = p.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    probs = check_instruments(d)
    assert len(probs) == 1 and message in f"{probs[0].message} {probs[0].column}", probs


def test_a_creating_action_needs_an_alternative_or_to_be_droppable(tmp_path):
    from ctnat.instruments import check_instruments

    d = tmp_path / "instruments"
    shutil.copytree(REPO / "instruments", d)
    p = d / "recommendations.yaml"
    text = p.read_text(encoding="utf-8")
    old = ("    if_exists:\n      verb: amend\n      text:\n        en: Update the existing indicators, get them to every "
           "front-line agency and train staff to use them.\n        ru: Обновить действующие признаки, довести их до "
           "каждого ведомства, работающего непосредственно с людьми, и обучить сотрудников их применению.\n")
    assert old in text
    p.write_text(text.replace(old, "", 1), encoding="utf-8")
    probs = check_instruments(d)
    assert [(x.row, x.message.split(": ", 1)[1]) for x in probs] == [
        (probs[0].row, "an action that creates something needs an alternative for a country that has it")]
    p.write_text(text.replace(old, "    droppable: true\n", 1), encoding="utf-8")
    assert check_instruments(d) == []
