"""Write the bundled demonstration data under data/raw/<ISO3>/ (AZE, ARM, GEO).

Kept so anyone can see how the synthetic data was made. It refuses to touch a
country folder that already exists (data/raw is append-only for received data);
the bundled demonstration folders are ours to regenerate, with an explicit
--force (optionally limited to parts with --only). The AZE survey answers
reproduce every Azerbaijan survey figure the seed report prints
(tests/fixtures/seed_aze_figures.yaml lists them with their seed lines).

    .venv/bin/python scripts/make_sample_data.py [--root DIR] [--force] [--only PART] [COUNTRY ...]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ctnat.instruments import CRITERIA, load_instruments  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from aze_interview_notes import AZE_FREE_TEXT, AZE_INTERVIEWS  # noqa: E402

INST = load_instruments(ROOT / "instruments")
S = INST.survey


def label(code_or_name: str, option: str) -> str:
    """English label of an option (what a focal point types in Excel)."""
    return S.field(code_or_name).option(option).en


# --------------------------------------------------------------------------- AZE
# Grid answers fixed by the seed (option codes, respondents 1..7; "" = not answered)
AZE_FIXED = {
    # section 3: all seven answer (every consistent section-3 figure of the seed adds up to 7)
    "3.1.4": ["adequate", "neither", "inadequate", "adequate", "adequate", "adequate", "neither"],
    "3.1.5": ["adequate", "inadequate", "inadequate", "adequate", "adequate", "adequate", "inadequate"],
    "3.1.6": ["inadequate", "adequate", "inadequate", "adequate", "adequate", "adequate", "inadequate"],
    "3.2.3": ["often", "often", "rarely", "always", "often", "often", "rarely"],
    "3.2.4": ["sometimes", "rarely", "never", "often", "sometimes", "sometimes", "rarely"],
    "3.2.5": ["often", "sometimes", "rarely", "always", "always", "often", "rarely"],
    "3.2.6": ["often", "rarely", "rarely", "often", "often", "sometimes", "rarely"],
    "4.1.9": ["somewhat_adequate", "inadequate", "inadequate", "somewhat_adequate", "somewhat_adequate",
              "somewhat_adequate", "adequate_for_some"],
    # sections 5-7: respondents 1-6 (the seventh stopped after section 4)
    "5.1.4": ["neither", "neither", "disagree", "agree", "agree", "neither", ""],
    "5.1.5": ["neither", "neither", "disagree", "agree", "neither", "agree", ""],
    "5.1.6": ["neither", "disagree", "disagree", "agree", "neither", "neither", ""],
    "5.1.7": ["neither", "disagree", "disagree", "agree", "neither", "agree", ""],
    "5.1.9": ["neither", "neither", "disagree", "neither", "neither", "neither", ""],
    "6.1.1": ["neither", "disagree", "disagree", "agree", "agree", "neither", ""],
    "6.1.2": ["neither", "disagree", "disagree", "agree", "neither", "neither", ""],
    "6.1.3": ["disagree", "neither", "disagree", "agree", "neither", "neither", ""],
    "6.1.4": ["agree", "agree", "disagree", "agree", "agree", "neither", ""],
    "6.1.5": ["neither", "neither", "disagree", "agree", "neither", "", ""],
    "6.1.6": ["agree", "agree", "agree", "neither", "disagree", "", ""],
    "6.1.7": ["neither", "disagree", "disagree", "neither", "neither", "", ""],
    "7.1.1": ["agree", "agree", "neither", "agree", "agree", "", ""],
    "7.1.2": ["neither", "neither", "disagree", "agree", "neither", "neither", ""],
    "7.2.1": ["sometimes", "sometimes", "never", "sometimes", "sometimes", "sometimes", ""],
    "7.2.2": ["sometimes"] * 6 + [""],
    "7.3.2": ["easy", "neither", "difficult", "easy", "easy", "neither", ""],
    "7.3.3": ["neither", "neither", "neither", "easy", "easy", "neither", ""],
    "7.3.4": ["neither", "easy", "difficult", "easy", "neither", "neither", ""],
}
# 2.2 forms of exploitation per respondent: three name forced marriage (seed lines 272-275)
AZE_FORMS = [["forced_labour", "prostitution", "other_sexual"], ["forced_labour", "prostitution", "forced_marriage"],
             ["prostitution", "forced_marriage", "forced_labour"], ["prostitution", "forced_labour", "other_sexual"],
             ["forced_labour", "prostitution", "slavery"], ["prostitution", "forced_labour", "forced_marriage"],
             ["prostitution", "forced_labour", "other_sexual"]]
AZE_PRIORITIES = [{"J": 1, "A": 2, "L": 3}, {"J": 1, "B": 2, "E": 3}, {"J": 1, "G": 2, "H": 3},
                  {"A": 1, "B": 2, "M": 3}, {"H": 1, "L": 2, "N": 3}, {"E": 1, "M": 2, "D": 3}, {"P": 1}]
AZE_PROFILE = [("igo_iom", "male"), ("igo_un", "male"), ("ngo_local", "female"), ("le_police", "male"),
               ("gov_other", "male"), ("justice_prosecutor", "male"), ("ngo_victim_support", "male")]

SCALE_WEIGHTS = {
    "adequacy": [3, 3, 1, 2, 2, 0.5], "frequency": [1, 3, 3, 2, 1, 0.5],
    "agreement": [3, 3, 1.5, 0.5], "ease": [2, 3, 1, 0.5],
}
FREE_TEXT = {
    "q2_6": ["More cases come to light because police and NGOs look for them, not necessarily because trafficking grows.",
             "Labour migration to neighbouring countries keeps rising and recruiters promise jobs that do not exist.",
             "Awareness has improved in the cities, but rural families remain exposed to false job offers.",
             "Hard to say: official figures are low while NGOs report more requests for help.",
             "Economic pressure on young people in the regions pushes them to accept risky offers abroad.",
             "The number of identified victims is stable; exploitation inside the country is less visible."],
    "q8_2": ["Identification must improve first; without it victims never reach the shelter or the courts.",
             "Services should follow victims after the shelter: housing and jobs decide whether they are re-trafficked.",
             "Prosecutors and judges need regular training so that cases are not reclassified as lesser crimes.",
             "NGOs need predictable State funding; the grant rules make joint work difficult.",
             "Research on labour exploitation is missing, so campaigns target the wrong groups.",
             "Cooperation with destination countries decides whether victims abroad are found and returned safely."],
    "q8_3": ["Please involve regional practitioners next time; most decisions are made in the capital.",
             "I am happy to discuss further — write to me at a.respondent@example.org or call +994 12 555 0101.",
             "The survey could ask about compensation for victims.", "", "", ""],
}


def _pick(rng, scale_code, options):
    w = SCALE_WEIGHTS[scale_code]
    return rng.choices([o.code for o in options], weights=w[:len(options)], k=1)[0]


def _lean_pick(rng, options, lean: float) -> str:
    """An answer leaning as ``lean`` says (1 favourable … 0 unfavourable): the options
    are ordered from the most to the least favourable; one answer in twenty is "don't know"."""
    ordered = [o.code for o in options if not getattr(o, "dont_know", False)]
    dont_know = [o.code for o in options if getattr(o, "dont_know", False)]
    if dont_know and rng.random() < 0.05:
        return dont_know[0]
    last = len(ordered) - 1
    weights = [math.exp(-((k / last) - (1 - lean)) ** 2 / 0.3) for k in range(len(ordered))]
    return rng.choices(ordered, weights=weights, k=1)[0]


def survey_rows(country: str, n: int, rng: random.Random, fixed=None, priorities=None, profile=None,
                answered_sections=None, forms=None, free_text=None, lean=None) -> list[dict]:
    rows = []
    for i in range(n):
        r = {"respondent_code": f"{country}sur{i + 1}"}
        pos, sex = profile[i] if profile else (rng.choice([o.code for o in S.field("1.2").options[:-1]]),
                                               rng.choice(["female", "male"]))
        r["q1_1"] = label("1.1", country)
        r["q1_2"] = label("1.2", pos)
        r["q1_3"] = label("1.3", rng.choice(["y1_3", "y3_5", "y5_10", "gt10"]))
        r["q1_4"] = label("1.4", rng.choice(["y1_3", "y3_5", "y5_10", "gt10"]))
        r["q1_5"] = label("1.5", rng.choice(["a18_34", "a35_50", "a35_50", "a51_65"]))
        r["q1_6"] = label("1.6", sex)
        r["q2_1"] = ";".join(label("2.1", c) for c in rng.choice([["origin", "destination"], ["origin", "transit"],
                                                                   ["origin", "transit", "destination"], ["origin"]]))
        chosen = forms[i] if forms else rng.choice([["forced_labour", "prostitution", "other_sexual"],
                                                    ["forced_labour", "prostitution", "slavery"],
                                                    ["prostitution", "forced_labour", "forced_marriage"]])
        r["q2_2"] = ";".join(label("2.2", c) for c in chosen)
        r["q2_2_1"] = label("2.2.1", chosen[0])
        r["q2_3"] = ";".join(label("2.3", c) for c in rng.choice([["construction", "sex_industry", "agriculture"],
                                                                   ["sex_industry", "private_homes", "construction"],
                                                                   ["agriculture", "construction"],
                                                                   ["sex_industry", "service_sector", "streets"]]))
        ranks = rng.choice([[1, 3, 2, 4], [1, 2, 3, 4], [2, 1, 3, 4], [1, 2, 4, 3]])
        for g, k in zip(["adult_female", "adult_male", "female_child", "male_child"], ranks):
            r[f"q2_4_{g}"] = k
        r["q2_5"] = label("2.5", rng.choice(["growing", "neither", "growing", "declining"]))
        r["q2_6"] = free_text["q2_6"][i] if free_text else FREE_TEXT["q2_6"][i % 6]
        for f in S.grid_fields():
            if answered_sections and f.section not in answered_sections[i]:
                r[f.name] = ""
                continue
            if fixed and f.code in fixed:
                code = fixed[f.code][i]
            elif lean:
                code = _lean_pick(rng, f.scale.options, lean[f.code])
            else:
                code = _pick(rng, f.scale.code, f.scale.options)
            r[f.name] = f.option(code).en if code else ""
        pr = priorities[i] if priorities else dict(zip(rng.sample("ABCDEFGHIJKLMNOP", 3), [1, 2, 3]))
        for o in S.field("8.1").options:
            r[f"q8_1_{o.code}"] = pr.get(o.code, "")
        r["q8_2"] = free_text["q8_2"][i] if free_text else FREE_TEXT["q8_2"][i % 6]
        r["q8_3"] = free_text["q8_3"][i] if free_text else FREE_TEXT["q8_3"][i % 6]
        rows.append(r)
    return rows


# ----------------------------------------------------------------- interview notes
FIRST = ["Elnur", "Rashad", "Leyla", "Aygun", "Farid", "Nigar", "Tural", "Sabina", "Orkhan", "Gunel", "Anar", "Kamala",
         "Vugar", "Samira", "Ilgar", "Narmin", "Armen", "Ani", "Davit", "Nino", "Giorgi", "Tamar", "Levan", "Mariam"]
LAST = ["Quliyev", "Mammadova", "Hasanov", "Aliyeva", "Ismayilov", "Karimova", "Huseynov", "Safarova",
        "Petrosyan", "Hakobyan", "Beridze", "Kapanadze", "Tsiklauri", "Sargsyan"]

def interview_md(country: str, n: int, entity: str, male: int, female: int, day: str, rng: random.Random,
                 extra_contact: bool = False, notes=None) -> str:
    """One interview's notes from ``notes`` (interview number -> (entity, organisation,
    {question: text}))."""
    entity, org, answers = notes[n]
    header = {
        "country": country, "interview_code": f"{country}int{n}",
        "interviewer_name": "Dr Mira Kovalenko", "interviewer_organisation": "Independent consultant for IOM",
        "respondent_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "respondent_organisation": org, "respondent_title": rng.choice(["Head of Division", "Senior Adviser",
                                                                        "Programme Manager", "Deputy Director"]),
        "entity_type": entity, "date_time": f"{day} {rng.choice(['09:30', '11:00', '14:00', '16:00'])}",
        "format": "group" if male + female > 2 else "in_person",
        "participants_male": male, "participants_female": female,
    }
    lines = ["---", yaml.safe_dump(header, allow_unicode=True, sort_keys=False).strip(), "---", ""]
    for q in INST.guide.questions():
        if q.code not in answers:
            continue
        text = answers[q.code]
        if extra_contact and q.code == "8.2":
            text += " The participant offered further documents: contact via focal.point@example.org or +994 50 555 12 34."
        lines += [f"## {q.code}", text, ""]
    return "\n".join(lines)


def split_participants(total_m: int, total_f: int, n: int, rng: random.Random) -> list[tuple[int, int]]:
    """Share the participants over n interviews, at least one person each."""
    people = ["m"] * total_m + ["f"] * total_f
    rng.shuffle(people)
    out = [[0, 0] for _ in range(n)]
    for k, p in enumerate(people):
        slot = k % n if k < n else rng.randrange(n)
        out[slot][0 if p == "m" else 1] += 1
    return [tuple(x) for x in out]


# -------------------------------------------------------------------- desk review
DESK_SEED = ROOT / "tests" / "fixtures" / "desk_review_seed_lines.yaml"


def aze_desk_review(country: str) -> dict:
    """The AZE desk review: for each of the 100 criteria the finding the seed report's
    text supports, with the seed's own citation keys (source file, with the seed lines
    each finding rests on: tests/fixtures/desk_review_seed_lines.yaml)."""
    src = yaml.safe_load(DESK_SEED.read_text(encoding="utf-8"))
    crits = []
    for e in src["criteria"]:
        ind, crit = e["id"].rsplit(".", 1)
        crits.append({"indicator": ind, "criterion": crit, "finding": e["finding"], "summary": e["summary"],
                      "citations": list(e["citations"])})
    return {"country": country,
            "assessor": "Assessment team (demonstration data: the findings of IOM's 2016 assessment of Azerbaijan)",
            "sources": src["sources"], "criteria": crits}


NARRATIVE = {
    "situation": """## Situation and trends

The assessment found a country that is **mainly a country of origin**, with growing signs of
internal trafficking and of labour exploitation that is rarely identified (Aze 17, p. 19).

- Sexual exploitation abroad remains the best-documented form.
- Labour exploitation in construction and agriculture is suspected but *seldom detected* (Aze 30, p. 33).
- Forced begging and domestic servitude were raised in several interviews.
""",
    "area1": """## Identification and referral

A national referral mechanism has existed for several years and assigns roles to State agencies
(Aze 7). In practice, identification depends heavily on the **specialised police unit**, and
official victim status still follows the opening of a criminal case.

- Labour inspectors rarely identify victims (Aze 30, p. 33).
- The indicators adopted under the referral rules are *not widely used*.
""",
    "area2": """## Protection and assistance

The State shelter offers accommodation, medical and psychological help; NGOs add legal aid and
reintegration support, now mostly with volunteers and charity (Aze 17, p. 11).

- There is **no long-term shelter**, and men cannot stay in the shelter.
- Compensation is provided for in law but rarely paid.
""",
    "area3": """## Investigation and prosecution

The criminal law covers the international definition (article 144-1 of the Criminal Code). Investigations are mainly
*reactive*; special investigative techniques and financial investigations are not applied.

- Training for prosecutors and judges is **ad hoc**.
""",
    "area4": """## Prevention

Awareness-raising is regular and visible, but it targets citizens travelling abroad rather than
internal trafficking or foreign victims (Gen 1). Research on labour exploitation is missing.
""",
    "area5": """## Cooperation and coordination

A national coordinator and successive **National Action Plans** structure the response (Aze 16, p. 3).
Cooperation with NGOs is limited by funding rules; bilateral agreements are seldom used in cases.
""",
}


# ------------------------------------------------------------ ARM and GEO from their scenarios
# The two synthetic demonstration countries are generated from the scenarios in
# scripts/demo_scenarios.py: the desk review (findings, sources, country instruments,
# background), survey answers leaning as the scenario says, interview notes in reported
# speech, the assessor's narratives and the statistics all follow one story per country.
from demo_scenarios import DEMO_NOTE, SCENARIOS, desk_findings  # noqa: E402
from demo_scenarios import lean as indicator_lean  # noqa: E402

STATUS_VALUE = {"met": 1.0, "partly_met": 0.5, "not_met": 0.0}
EVIDENCE_MAP = yaml.safe_load((ROOT / "instruments" / "evidence_map.yaml").read_text(encoding="utf-8"))


def _cite(sc: dict, src) -> str:
    number, page = src
    return f"{sc['sources'][number - 1][0]}, p. {page}"


def _summary(spec: dict, criterion: str, finding: str) -> str:
    """The desk finding in the assessor's words, from the indicator's three sentences."""
    if spec.get(f"{criterion}_text"):
        return spec[f"{criterion}_text"]
    if finding == "unknown":
        return "No document reviewed speaks to this; the desk review found no source."
    framework = criterion.startswith("fw")
    positive = spec["doc"] if framework else spec["works"]
    if finding == "met":
        return positive
    if finding == "partly_met":
        return f"{positive} {spec['gap']}"
    return spec["doc"] if framework and spec["level"] == "weak" else spec["gap"]


def scenario_desk_review(country: str) -> dict:
    sc = SCENARIOS[country]
    findings = desk_findings(sc)
    crits, instruments = [], []
    for ind in INST.indicators.indicators:
        spec = sc["indicators"][ind.id]
        for c in CRITERIA:
            f = findings[f"{ind.id}.{c}"]
            crits.append({"indicator": ind.id, "criterion": c, "finding": f, "summary": _summary(spec, c, f),
                          "citations": [] if f == "unknown" else [_cite(sc, spec["src"])]})
        for e in spec["inst"]:
            speaks = [f"{ind.id}.{c}" for c in ("fw1", "fw2") if findings[f"{ind.id}.{c}"] in ("met", "partly_met")]
            instruments.append({**e, "criteria": speaks, "citations": [_cite(sc, spec["src"])]})
    sources = [{"id": sid, "author": author, "title": title, "year": year, "publisher": publisher}
               for sid, author, title, year, publisher in sc["sources"]]
    bg = sc["background"]
    first = sc["sources"][0][0]
    item = lambda text, n=2: {"text": text, "citations": [sc["sources"][n - 1][0]]}  # noqa: E731
    background = {
        "situation": [item(t) for t in bg["situation"]],
        "routes": [item(t, 4) for t in bg["routes"]],
        "victim_profiles": [item(t, 4) for t in bg["victim_profiles"]],
        "legal_framework": {"items": [{"text": t, "citations": [first]} for t in bg["legal_framework"]],
                            "ratifications": [{"instrument": i, "year": y, "status": "ratified"}
                                              for i, y in bg["ratifications"]]},
        "institutions": [item(t, 3) for t in bg["institutions"]],
        "services": [item(t, 6) for t in bg["services"]],
    }
    return {"country": country,
            "assessor": f"Assessment team (synthetic demonstration data: an invented profile, not findings about "
                        f"{sc['name']})",
            "sources": sources, "criteria": crits, "country_instruments": instruments, "background": background}


def survey_lean(country: str) -> dict[str, float]:
    """How favourably each survey grid item leans: the mean of the scenario's findings on
    the criteria it informs (the indicator's lean where the desk review is silent)."""
    sc = SCENARIOS[country]
    findings = desk_findings(sc)
    values: dict[str, list[float]] = {}
    for e in EVIDENCE_MAP["criteria"]:
        key = f"{e['indicator']}.{e['criterion']}"
        v = STATUS_VALUE.get(findings[key], indicator_lean(sc, e["indicator"]))
        for item in e.get("survey") or []:
            values.setdefault(str(item), []).append(v)
    return {f.code: sum(values[f.code]) / len(values[f.code]) if f.code in values else 0.5 for f in S.grid_fields()}


def survey_priorities(country: str, n: int, rng: random.Random) -> list[dict[str, int]]:
    """Question 8.1: three priorities each, mostly among the scenario's weak areas."""
    favoured = SCENARIOS[country]["priorities"]
    others = [o.code for o in S.field("8.1").options if o.code not in favoured and o.code != "Q"]
    out = []
    for _ in range(n):
        picks: list[str] = []
        while len(picks) < 3:
            c = rng.choice(favoured) if rng.random() < 0.75 else rng.choice(others)
            if c not in picks:
                picks.append(c)
        out.append(dict(zip(picks, [1, 2, 3])))
    return out


SCENARIO_ORGS = {
    "state": ["Ministry of Internal Affairs, anti-trafficking division", "Prosecutor's Office",
              "Ministry of Labour and Social Affairs", "Secretariat of the coordination council",
              "Border Guard Service", "Ministry of Justice", "Ministry of Education", "State Migration Service",
              "Ministry of Health"],
    "ngo": ["Legal aid NGO", "Women's rights NGO", "NGO running a crisis service", "Youth NGO", "Migrant support NGO"],
    "international": ["International organisation, country office", "UN agency, country office"],
}
SCENARIO_TOPICS = {"state": "identification and investigation", "ngo": "assistance to victims",
                   "international": "counter-trafficking programmes"}
SCENARIO_SECTIONS = {"state": [["3", "5", "7"], ["3", "4", "7"], ["5", "6", "7"], ["4", "6", "7"], ["3", "6", "7"]],
                     "ngo": [["3", "4", "7"], ["4", "6", "7"], ["3", "4", "5"]],
                     "international": [["3", "4", "5", "6", "7"]]}
ROLES = {"1.1": ["Head of a unit; oversees the work on {topic}.", "Senior specialist working on {topic}.",
                 "Programme coordinator responsible for {topic}."],
         "1.2": ["Takes part in the coordination meetings and reports on {topic}.",
                 "Handles individual cases and works with other agencies on {topic}."]}
TRENDS = ["The participants thought the number of cases is stable, while labour exploitation is rarely identified.",
          "Identified cases are growing, which the participants put down to better identification rather than "
          "to more trafficking."]
def _voice(level: str, entity: str, rng: random.Random) -> str:
    """Which of the indicator's sentences this interview gives: the scenario's view, with
    some dissent (an NGO doubting what works, a State body defending what is weak)."""
    if level == "strong":
        return "gap" if entity == "ngo" and rng.random() < 0.3 else "works"
    if level == "partial":
        return {"state": "works", "ngo": "gap"}.get(entity) or rng.choice(["works", "gap"])
    return "works" if entity == "state" and rng.random() < 0.25 else "gap"


def scenario_interviews(country: str, entities: list[str], rng: random.Random) -> dict:
    """Interview number -> (entity, organisation, {question: notes}), in the interviewer's
    third-person words; a sentence marked with quotation marks is what was said verbatim."""
    sc = SCENARIOS[country]
    by_question: dict[str, list[str]] = {}
    for ind, spec in sc["indicators"].items():
        by_question.setdefault(spec["q"], []).append(ind)
    weak = [i for i, spec in sc["indicators"].items() if spec["level"] == "weak"]
    quoted: set[str] = set()
    seen = {"state": 0, "ngo": 0, "international": 0}
    out = {}
    for n, entity in enumerate(entities, start=1):
        k = seen[entity]
        seen[entity] += 1
        org = SCENARIO_ORGS[entity][k % len(SCENARIO_ORGS[entity])]
        topic = SCENARIO_TOPICS[entity]
        answers = {q: rng.choice(ROLES[q]).format(topic=topic) for q in ("1.1", "1.2")}
        answers["2.1"] = sc["background"]["routes"][n % 2]
        answers["2.5"] = sc["background"]["victim_profiles"][n % 2]
        answers["2.6"] = TRENDS[n % 2]
        sections = rng.choice(SCENARIO_SECTIONS[entity])
        for q in INST.guide.questions():
            if q.code.split(".")[0] not in sections or q.code not in by_question:
                continue
            said = []
            for ind in by_question[q.code]:
                spec = sc["indicators"][ind]
                level = spec.get("lean", "partial") if spec["level"] == "thin" else spec["level"]
                voice = _voice(level, entity, rng)
                said.append(spec[voice])
                if voice == "gap" and entity == "ngo" and spec.get("quote") and ind not in quoted:
                    quoted.add(ind)
                    said.append(f"One participant put it this way: “{spec['quote']}”.")
            answers[q.code] = " ".join(said)
        barrier = sc["indicators"][weak[n % len(weak)]]
        answers["8.1"] = f"Asked about the main barriers, the participants pointed to gaps: {barrier['gap'][0].lower()}" \
                         f"{barrier['gap'][1:]}"
        title = INST.indicators.indicator(weak[(n + 1) % len(weak)]).title["en"]
        answers["8.2"] = f"Give priority to {title[0].lower()}{title[1:]}."
        out[n] = (entity, org, answers)
    return out


def scenario_narrative(country: str) -> dict[str, str]:
    """The assessor's narrative for the situation and every area, from the scenario."""
    sc = SCENARIOS[country]
    bg = sc["background"]
    # the assessor's reading of the situation, not a copy of the background facts the
    # report's country background prints beside it
    out = {"situation": "## Situation and trends\n\n" + DEMO_NOTE.format(name=sc["name"]) + "\n\n"
                        + sc["overview"] + "\n"}
    for area in INST.indicators.areas:
        inds = [i for i in INST.indicators.indicators if i.id.split(".")[0] == area.id]
        strong = [f"{sc['indicators'][i.id]['doc'][:-1]} ({_cite(sc, sc['indicators'][i.id]['src'])})."
                  for i in inds if sc["indicators"][i.id]["level"] == "strong"]
        bullets = []
        for i in inds:
            spec = sc["indicators"][i.id]
            if spec["level"] == "partial":
                bullets.append(f"{spec['works']} {spec['gap']}")
            elif spec["level"] == "weak":
                bullets.append(f"{spec['gap'][:-1]} ({_cite(sc, spec['src'])}).")
            elif spec["level"] == "thin":
                bullets.append(f"{spec['gap']} No document was found on this point, so it rests on what "
                               "interviewees and survey respondents said.")
        text = f"## {area.title['en']}\n\n{sc['intros'][f'area{area.id}']} {' '.join(strong)}".rstrip() + "\n"
        if bullets:
            text += "\n" + "".join(f"- {b}\n" for b in bullets)
        out[f"area{area.id}"] = text
    return out


STAT_COLUMNS = ["metric", "year", "period", "source", "value", "qualifier", "sex", "age_group", "nationality",
                "form_of_exploitation", "provider", "assistance_type", "agency", "note", "seed_lines"]


def scenario_statistics(country: str) -> pd.DataFrame:
    sc = SCENARIOS[country]
    def source(row):  # the 7th element names the source; the ministry's annual report otherwise
        sid, _, title, _, _ = sc["sources"][(row[6] if len(row) > 6 else 2) - 1]
        return f"{title} ({sid})"

    rows = [{"metric": r[0], "year": r[1], "source": source(r), "value": r[2], "sex": r[3], "age_group": r[4],
             "form_of_exploitation": r[5], "note": "synthetic demonstration figure"} for r in sc["statistics"]]
    return pd.DataFrame(rows, columns=STAT_COLUMNS)


def scenario_context(country: str, capital: str, languages: list[str], workshop_date: str) -> dict:
    name = SCENARIOS[country]["name"]
    return {"country": country,
            "name": {"en": f"{name} (synthetic demonstration data)", "short": name, "in_text": {"en": name}},
            "demonstration": DEMO_NOTE.format(name=name),
            "capital": capital, "interview_period": {"start": "2016-01-13", "end": "2016-01-25", "days": 3},
            "survey_deadline": "2016-01-31", "workshop": {"date": workshop_date, "place": capital},
            "languages": languages}


PARTS = ("surveys", "interviews", "desk_review", "context", "narrative", "overrides", "statistics", "receipts")


def write_receipts(d: Path, day: str) -> None:
    """The receipt log of the bundled survey and interview files, as ingest writes it for files placed by hand,
    dated the last day of fieldwork (the data's date, not the day someone builds it) and in path order: a fresh
    clone builds without appending to it, and the report's data annex shows the same dates and numbers every day."""
    import hashlib
    import json

    lines = []
    for f in sorted(p for sub in ("surveys", "interviews") if (d / sub).exists() for p in (d / sub).rglob("*")
                    if p.is_file()):
        kind, stored = f.relative_to(d).as_posix().split("/", 1)
        lines.append(json.dumps({"name": f.name, "stored_as": stored, "kind": kind, "time": f"{day}T18:00:00+00:00",
                                 "by": None, "sha256": hashlib.sha256(f.read_bytes()).hexdigest(),
                                 "status": "found", "rows": None}, ensure_ascii=False))
    (d / "received.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def write_country(root: Path, country: str, spec: dict, force: bool = False, only=None) -> None:
    """Write the demonstration data of one country. Refuses an existing folder unless
    ``force`` (then only the files of the parts written are replaced; nothing else in
    the folder is touched). Each part draws from its own random stream, so rewriting
    one part leaves the others identical."""
    d = root / "data" / "raw" / country
    if d.exists() and not force:
        raise SystemExit(f"{d} exists: data/raw is append-only for received data. This folder is bundled "
                         f"demonstration data: pass --force to rewrite the files this script writes")
    parts = set(only or PARTS)
    rng = lambda part: random.Random(f"{spec['seed']}:{part}")  # noqa: E731
    d.mkdir(parents=True, exist_ok=True)
    if "surveys" in parts:
        (d / "surveys").mkdir(exist_ok=True)
        r = rng("surveys")
        survey = spec.get("survey", {})
        rows = survey_rows(country, spec["n_surveys"], r, **(survey(country, r) if callable(survey) else survey))
        pd.DataFrame(rows, columns=S.columns()).to_csv(d / "surveys" / f"{country}_esurvey_responses.csv",
                                                       index=False, encoding="utf-8-sig")
    if "interviews" in parts:
        (d / "interviews").mkdir(exist_ok=True)
        r = rng("interviews")
        parts_mf = split_participants(spec["men"], spec["women"], spec["n_interviews"], r)
        entities = spec["entities"]
        days = spec["days"]
        notes = spec["interviews"]
        if callable(notes):
            notes = notes(country, entities, rng("interview_notes"))
        for n in range(1, spec["n_interviews"] + 1):
            m, f = parts_mf[n - 1]
            text = interview_md(country, n, entities[n - 1], m, f, days[(n - 1) % len(days)], r,
                                extra_contact=(n == 2), notes=notes)
            (d / "interviews" / f"{country}int{n}.md").write_text(text, encoding="utf-8")
    if "desk_review" in parts:
        desk = spec["desk_review"](country)
        (d / "desk_review.yaml").write_text(
            yaml.safe_dump(desk, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    if "context" in parts:
        (d / "context.yaml").write_text(yaml.safe_dump(spec["context"], allow_unicode=True, sort_keys=False),
                                        encoding="utf-8")
    if "narrative" in parts and spec.get("narrative"):
        (d / "narrative").mkdir(exist_ok=True)
        narrative = spec["narrative"](country) if callable(spec["narrative"]) else spec["narrative"]
        for name, text in narrative.items():
            (d / "narrative" / f"{name}.md").write_text(text, encoding="utf-8")
    if "overrides" in parts and spec.get("overrides"):
        (d / "overrides.yaml").write_text(yaml.safe_dump({"overrides": spec["overrides"]}, sort_keys=False),
                                          encoding="utf-8")
    if "statistics" in parts and spec.get("statistics"):
        spec["statistics"](country).to_csv(d / "statistics.csv", index=False, encoding="utf-8")
    if parts & {"surveys", "interviews", "receipts"}:  # the receipts follow the files they record
        write_receipts(d, spec["days"][-1])
    print(f"wrote {d} ({', '.join(p for p in PARTS if p in parts)})")


SPECS = {
    "AZE": {"seed": 2016, "n_surveys": 7, "n_interviews": 14, "men": 28, "women": 8, "prefix": "Aze",
            "entities": [AZE_INTERVIEWS[n][0] for n in sorted(AZE_INTERVIEWS)], "interviews": AZE_INTERVIEWS,
            "days": ["2016-01-19", "2016-01-20", "2016-01-21"],
            "survey": {"fixed": AZE_FIXED, "priorities": AZE_PRIORITIES, "profile": AZE_PROFILE, "forms": AZE_FORMS,
                       "free_text": AZE_FREE_TEXT,
                       "answered_sections": [set("1234567")] * 6 + [{"1", "2", "3", "4"}]},
            "desk_review": aze_desk_review, "narrative": NARRATIVE,
            "overrides": [{"indicator": "5.2", "criterion": "op2", "status": "partly_met",
                           "reason": "The national coordinator convenes all agencies, but NGOs told the assessor "
                                     "they are invited only to some meetings; validated at the workshop."}],
            "context": {"country": "AZE", "name": {"en": "Republic of Azerbaijan", "short": "Azerbaijan"},
                        "capital": "Baku", "interview_period": {"start": "2016-01-13", "end": "2016-01-25", "days": 3},
                        "survey_deadline": "2016-01-31", "workshop": {"date": "2016-04-25", "place": "Baku"},
                        "languages": ["en", "ru", "az"]}},
    # ARM and GEO: synthetic demonstration countries generated from their scenarios (demo_scenarios.py)
    "ARM": {"seed": 374, "n_surveys": 6, "n_interviews": 16, "men": 19, "women": 18,
            "entities": ["state", "ngo", "state", "state", "international", "state", "ngo", "state", "state",
                         "ngo", "state", "state", "ngo", "international", "state", "ngo"],
            "days": ["2016-01-13", "2016-01-14", "2016-01-15"],
            "survey": lambda c, r: {"lean": survey_lean(c), "priorities": survey_priorities(c, 6, r)},
            "interviews": scenario_interviews, "desk_review": scenario_desk_review,
            "narrative": scenario_narrative, "statistics": scenario_statistics,
            "context": scenario_context("ARM", "Yerevan", ["en", "ru", "hy"], "2016-04-20")},
    "GEO": {"seed": 995, "n_surveys": 6, "n_interviews": 10, "men": 6, "women": 13,
            "entities": ["state", "ngo", "state", "ngo", "international", "state", "ngo", "state", "ngo", "state"],
            "days": ["2016-01-22", "2016-01-23", "2016-01-25"],
            "survey": lambda c, r: {"lean": survey_lean(c), "priorities": survey_priorities(c, 6, r),
                                    "profile": [("gov_victim_support", "female"), ("ngo_victim_support", "female"),
                                                ("igo_iom", "female"), ("le_police", "female"),
                                                ("ngo_local", "female"), ("igo_un", "female")]},
            "interviews": scenario_interviews, "desk_review": scenario_desk_review,
            "narrative": scenario_narrative, "statistics": scenario_statistics,
            "context": scenario_context("GEO", "Tbilisi", ["en", "ru", "ka"], "2016-04-22")},
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("countries", nargs="*", default=list(SPECS))
    ap.add_argument("--root", type=Path, default=ROOT)
    ap.add_argument("--workshop", action="store_true", help="write the AZE workshop worksheets (after make report)")
    ap.add_argument("--force", action="store_true",
                    help="rewrite the files this script writes in an existing country folder (bundled demo data "
                         "only: never use it on a folder holding received data)")
    ap.add_argument("--only", action="append", choices=PARTS, help="write only this part (repeatable)")
    args = ap.parse_args(argv)
    if args.workshop:
        write_workshop(args.root, force=args.force)
        return
    for c in args.countries:
        write_country(args.root, c.upper(), SPECS[c.upper()], force=args.force, only=args.only)



# ------------------------------------------------------------- workshop worksheets
WORKSHOP_GROUPS = [  # decisions refer to recommendation keys (instruments/recommendations.yaml)
    ("Group 1", {"J": 1, "A": 2, "B": 3},
     {"id_referral": ("amend", "Route every identified or presumed victim through one referral procedure, including "
                               "victims of labour exploitation found by labour inspectors, and publish referral "
                               "statistics every year."),
      "id_formal": ("endorse", ""), "pa_funding": ("endorse", ""), "pr_migration": ("reject", "")}),
    ("Group 2", {"J": 1, "E": 2, "L": 3},
     {"id_referral": ("amend", "Refer every presumed victim through the referral mechanism and report on referrals "
                               "yearly."),
      "pa_funding": ("endorse", ""), "ip_cases": ("endorse", ""), "pr_migration": ("reject", "")}),
    ("Group 3", {"J": 1, "G": 2, "N": 3},
     {"id_formal": ("endorse", ""), "pa_funding": ("amend", "Secure multi-year State funding for NGO services, "
                                                            "assessed against the real cost of assistance."),
      "ip_cases": ("endorse", ""), "pr_migration": ("endorse", "")}),
]


def write_workshop(root: Path, country: str = "AZE", force: bool = False) -> None:
    """Three filled group worksheets (two Word, one CSV) for the bundled AZE data.
    Needs the draft recommendations: run `make report COUNTRY=AZE` first."""
    from ctnat.instruments.word_forms import fill_controls
    from ctnat.recommend import draft_recommendations
    from ctnat.workshop.worksheet import write_worksheet

    d = root / "data" / "raw" / country / "workshop"
    if d.exists() and not force:
        raise SystemExit(f"{d} exists: data/raw is append-only (bundled demonstration data: pass --force)")
    d.mkdir(parents=True, exist_ok=True)
    recs = draft_recommendations(country, root, with_outcomes=False)
    current = set(recs["key"])
    blank = Path("/tmp") / f"{country}_worksheet_blank.docx"
    write_worksheet(blank, country, recs, root)
    for n, (group, prio, decisions) in enumerate(WORKSHOP_GROUPS, start=1):
        missing = set(decisions) - current
        if missing:
            raise SystemExit(f"{sorted(missing)} are not draft recommendations of {country} now")
        if n < 3:
            checked = {f"ctnat|ws|rec|{key}|{dec}" for key, (dec, _) in decisions.items()}
            texts = {"ctnat|ws|group_id": group, **{f"ctnat|ws|priority|{k}": str(v) for k, v in prio.items()},
                     **{f"ctnat|ws|rec|{key}|text": t for key, (dec, t) in decisions.items() if t}}
            fill_controls(blank, d / f"{country}_worksheet_group{n}.docx", checked=checked, texts=texts)
        else:
            rows = [{"group_id": group, "item": k, "rank": v, "decision": "", "amended_text": ""} for k, v in prio.items()]
            rows += [{"group_id": group, "item": key, "rank": "", "decision": dec, "amended_text": t}
                     for key, (dec, t) in decisions.items()]
            pd.DataFrame(rows).to_csv(d / f"{country}_worksheet_group{n}.csv", index=False)
    print(f"wrote {d}")


if __name__ == "__main__":
    main()
