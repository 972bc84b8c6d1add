"""Every reference within and between the instrument files, checked in one place.

Once each file has the right shape (:mod:`.schema`), :func:`reference_problems`
checks what no single model can: codes unique, every label present in every
declared language, and every reference resolved —

- survey: sections → indicator areas, grids → scales, questions → choice lists,
  roles, positions → position groups;
- indicators: areas → survey sections;
- evidence map → indicator criteria, survey grid items (each with what it measures; a
  frequency item with the answer it reads as met from), interview questions;
- codebook → areas, criteria; valid patterns;
- rubric: statuses, gap statuses and points → the statuses it declares; the matching
  table covers everything a criterion may ask;
- NAP rules → indicators, areas, checklist items;
- recommendation blocks → areas, criteria, timeframes, the survey's priorities, and each
  action's capabilities and roles → capabilities.yaml (a creating action has an
  ``if_exists`` alternative or is ``droppable``);
- capabilities: keys unique, criteria known;
- plan → every indicator, its four criteria, kinds, frequencies, statistics metrics, the roles and
  capabilities who collect the data; activity types ↔ unit_costs.yaml (each type costed, each cost a type).

Each problem names the file, the line, the key path, the value found and what
was expected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ..problems import Problem
from .roles import ROLES
from .schema import (ASKS, CRITERIA, Capabilities, Codebook, EvidenceMap, Indicators, InterviewGuide, NapRules, Option, Plan,
                     Recommendations, Rubric, Source, Statistics, Survey, Text, UnitCosts, Untranslated,
                     normalise)

SUPPORTED_LANGUAGES = ("en", "ru", "az", "hy", "ka")
# The statuses the scoring rules decide; rubric.yaml `statuses` must list them (in
# the order reports and tables show them) and may not leave one out.
SCORED_STATUSES = ("met", "partly_met", "not_met")
INSUFFICIENT = "insufficient_evidence"
BLOCK_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
COLUMN_NAME = re.compile(r"[a-z][a-z0-9_]*")
CRITERION_FORM = "<indicator id>.<fw1|fw2|op1|op2>"
# The files with no `languages:` list whose labels the documents print: every label of theirs
# needs each language the documents are built in.
DOCUMENT_LANGUAGES = ("en", "ru")
LABELLED_FILES = ("rubric", "recommendations")


def reference_problems(files: dict[str, BaseModel], sources: dict[str, Source]) -> list[Problem]:
    """The problems of the validated instrument files (by stem), each check run
    when the files it reads are present."""
    out: list[Problem] = []
    for stem in ("indicators", "survey", "interview_guide", "codebook", "capabilities"):
        if stem in files:
            out += _languages(files[stem], sources[stem])
    for stem in LABELLED_FILES:
        if stem in files:
            out += _labels(files[stem], sources[stem], DOCUMENT_LANGUAGES)
    ind = files.get("indicators")
    survey = files.get("survey")
    if isinstance(ind, Indicators):
        out += _indicators(ind, sources["indicators"], survey if isinstance(survey, Survey) else None)
    if isinstance(survey, Survey):
        out += _survey(survey, sources["survey"], ind if isinstance(ind, Indicators) else None)
    guide = files.get("interview_guide")
    if isinstance(guide, InterviewGuide):
        out += _guide(guide, sources["interview_guide"])
    ev = files.get("evidence_map")
    if isinstance(ev, EvidenceMap):
        out += _evidence(ev, sources["evidence_map"], survey, ind, guide)
    codebook = files.get("codebook")
    if isinstance(ind, Indicators):
        areas = {a.id for a in ind.areas}
        extra = {a.id for a in codebook.extra_areas} if isinstance(codebook, Codebook) else set()
        if isinstance(codebook, Codebook):
            out += _codebook(codebook, sources["codebook"], ind, areas | extra)
        if isinstance(files.get("rubric"), Rubric):
            out += _rubric(files["rubric"], sources["rubric"])  # type: ignore[arg-type]
        if isinstance(files.get("nap_rules"), NapRules):
            out += _nap_rules(files["nap_rules"], sources["nap_rules"], ind, areas | extra)  # type: ignore[arg-type]
        if isinstance(files.get("recommendations"), Recommendations):
            out += _blocks(files["recommendations"], sources["recommendations"], ind,  # type: ignore[arg-type]
                           survey if isinstance(survey, Survey) else None)
        caps = files.get("capabilities")
        if isinstance(caps, Capabilities):
            out += _capabilities(caps, sources["capabilities"], ind)
            if isinstance(files.get("recommendations"), Recommendations):
                out += _action_capabilities(files["recommendations"], sources["recommendations"],  # type: ignore[arg-type]
                                            caps)
            if isinstance(files.get("plan"), Plan):
                out += _plan_capabilities(files["plan"], sources["plan"], caps)  # type: ignore[arg-type]
        if isinstance(files.get("plan"), Plan):
            stats = files.get("statistics")
            out += _plan(files["plan"], sources["plan"], ind,  # type: ignore[arg-type]
                         stats if isinstance(stats, Statistics) else None)
    if isinstance(files.get("plan"), Plan) and isinstance(files.get("unit_costs"), UnitCosts):
        out += _unit_costs(files["unit_costs"], sources["unit_costs"], files["plan"], sources["plan"])  # type: ignore[arg-type]
    if isinstance(files.get("statistics"), Statistics):
        out += _narrative_terms(files["statistics"], sources["statistics"])  # type: ignore[arg-type]
    return out


def _narrative_terms(stats: Statistics, src: Source) -> list[Problem]:
    """The narrative words name breakdown values and metrics the file declares."""
    t, out = stats.narrative_terms, []
    if t is None:
        return out
    for n, g in enumerate(t.groups):
        loc = ("narrative_terms", "groups", n)
        if g.column not in stats.disaggregations:
            out.append(src.problem(loc + ("column",), f"unknown breakdown '{g.column}'", g.column,
                                   ", ".join(stats.disaggregations)))
        elif stats.disaggregations[g.column] and g.value not in stats.disaggregations[g.column]:
            out.append(src.problem(loc + ("value",), f"unknown value '{g.value}' of {g.column}", g.value,
                                   ", ".join(stats.disaggregations[g.column])))
    for m in t.metrics:
        if m not in stats.metrics:
            out.append(src.problem(("narrative_terms", "metrics", m), f"unknown metric '{m}'", m,
                                   ", ".join(stats.metrics)))
    return out


# ------------------------------------------------------------------ labels
def _texts(obj: Any, loc: tuple = ()) -> Iterator[tuple[tuple, Text]]:
    if isinstance(obj, Text):
        yield loc, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _texts(getattr(obj, name), loc + (name,))
    elif isinstance(obj, list):
        for i, x in enumerate(obj):
            yield from _texts(x, loc + (i,))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _texts(v, loc + (k,))


def _languages(model: Any, src: Source) -> list[Problem]:
    """The file's declared languages, and every label of it in each of them."""
    out = []
    langs = list(model.languages)
    if "en" not in langs:
        out.append(src.problem(("languages",), "must include 'en'", langs))
    for lang in langs:
        if lang not in SUPPORTED_LANGUAGES:
            out.append(src.problem(("languages",), f"unknown language '{lang}'", lang, ", ".join(SUPPORTED_LANGUAGES)))
    return out + _labels(model, src, langs)


def _labels(model: Any, src: Source, langs: list[str] | tuple[str, ...]) -> list[Problem]:
    """Every label of the file in each of ``langs`` (a text for the assessor alone excepted)."""
    out = []
    for loc, text in _texts(model):
        for lang in [] if isinstance(text, Untranslated) else langs:
            if not str(text.get(lang) or "").strip():
                out.append(src.problem(loc, f"missing '{lang}' text", None, f"a non-empty '{lang}' label"))
        for lang in text:
            if lang not in SUPPORTED_LANGUAGES:
                out.append(src.problem(loc, f"unknown language '{lang}'", lang, ", ".join(SUPPORTED_LANGUAGES)))
    return out


def _options(src: Source, loc: tuple, options: list[Option], langs: list[str]) -> list[Problem]:
    out, seen = [], set()
    if not options:
        out.append(src.problem(loc, "expected a non-empty list of options"))
    for i, o in enumerate(options):
        if o.code in seen:
            out.append(src.problem(loc + (i, "code"), f"duplicate option code '{o.code}'", o.code, "unique codes"))
        seen.add(o.code)
    for lang in langs:  # a translated label must map back to one code only
        labels: dict[str, str] = {}
        for o in options:
            t = normalise(o.label.get(lang, ""))
            if t and t in labels and labels[t] != o.code:
                out.append(src.problem(loc, f"label '{o.label[lang]}' ({lang}) is used by two options: "
                                            f"'{labels[t]}' and '{o.code}'", o.label[lang], "distinct labels"))
            labels[t] = o.code
    return out


# ------------------------------------------------------------------ indicators.yaml
def _indicators(ind: Indicators, src: Source, survey: Survey | None) -> list[Problem]:
    out = []
    for key in ("levels", "short_levels"):
        if set(getattr(ind, key)) != set(CRITERIA):
            out.append(src.problem((key,), "must define exactly fw1, fw2, op1, op2", ", ".join(getattr(ind, key)),
                                   "fw1, fw2, op1, op2"))
    area_ids = [a.id for a in ind.areas]
    if len(set(area_ids)) != len(area_ids):
        out.append(src.problem(("areas",), "duplicate area id", area_ids))
    sections = [s.code for s in survey.sections] if survey is not None else None
    for n, a in enumerate(ind.areas):
        if sections is not None and a.survey_section is not None and a.survey_section not in sections:
            out.append(src.problem(("areas", n, "survey_section"), f"unknown survey section '{a.survey_section}'",
                                   a.survey_section, "a section code from survey.yaml: " + ", ".join(sections)))
    seen = set()
    for n, i in enumerate(ind.indicators):
        if i.id in seen:
            out.append(src.problem(("indicators", n, "id"), f"duplicate indicator id '{i.id}'", i.id))
        seen.add(i.id)
        if i.area not in area_ids:
            out.append(src.problem(("indicators", n, "area"), f"unknown area '{i.area}'", i.area, ", ".join(area_ids)))
        if set(i.criteria) != set(CRITERIA):
            out.append(src.problem(("indicators", n, "criteria"), "must have exactly fw1, fw2, op1, op2",
                                   ", ".join(i.criteria), "fw1, fw2, op1, op2"))
        if set(i.asks) != set(CRITERIA):
            out.append(src.problem(("indicators", n, "asks"), "must say what each of fw1, fw2, op1, op2 asks",
                                   ", ".join(i.asks), "fw1, fw2, op1, op2"))
    return out


# ------------------------------------------------------------------ survey.yaml
def _survey(s: Survey, src: Source, ind: Indicators | None) -> list[Problem]:
    out: list[Problem] = []
    langs = list(s.languages)
    area_ids = sorted(a.id for a in ind.areas) if ind is not None else None
    for n, sec in enumerate(s.sections):
        if sec.area is not None and area_ids is not None and sec.area not in area_ids:
            out.append(src.problem(("sections", n, "area"), f"unknown area '{sec.area}'", sec.area,
                                   ", ".join(area_ids)))
    for code, sc in s.scales.items():
        out += _options(src, ("scales", code, "options"), sc.options, langs)
        codes = {o.code for o in sc.options}
        for side in ("favourable", "unfavourable"):
            for fav in getattr(sc, side):
                if fav not in codes:
                    out.append(src.problem(("scales", code, side), f"'{fav}' is not an option of this scale", fav,
                                           ", ".join(sorted(codes))))
        if not sc.favourable:
            out.append(src.problem(("scales", code, "favourable"),
                                   "every scale must say which options count as favourable"))
        for ph in ("{subject}", "{code}", "{answers}"):
            if ph not in sc.sentence:
                out.append(src.problem(("scales", code, "sentence"), f"must contain {ph}", sc.sentence or None,
                                       "a sentence with {subject}, {code} and {answers}"))
    for name, opts in s.choice_lists.items():
        out += _options(src, ("choice_lists", name), opts, langs)
    section_codes = [sec.code for sec in s.sections]
    seen_codes: set[str] = set()
    seen_names: set[str] = set()
    seen_roles: dict[str, str] = {}

    def column(loc: tuple, code: str, name: str) -> None:
        if code in seen_codes:
            out.append(src.problem(loc + ("code",), f"duplicate question code '{code}'", code, "unique codes"))
        if name in seen_names:
            out.append(src.problem(loc + ("name",), f"duplicate column name '{name}'", name, "unique names"))
        if not COLUMN_NAME.fullmatch(name):
            out.append(src.problem(loc + ("name",), "column names must be lower-case letters, digits and _", name,
                                   "a lower-case letter, then letters, digits and _"))
        seen_codes.add(code)
        seen_names.add(name)

    for n, q in enumerate(s.questions):
        loc: tuple = ("questions", n)
        if q.section not in section_codes:
            out.append(src.problem(loc + ("section",), f"unknown section '{q.section}'", q.section,
                                   ", ".join(section_codes)))
        if q.type == "grid":
            if q.scale not in s.scales:
                out.append(src.problem(loc + ("scale",), f"unknown scale '{q.scale}'", q.scale, ", ".join(s.scales)))
            if not q.items:
                out.append(src.problem(loc + ("items",), "a grid needs at least one item"))
            for j, it in enumerate(q.items or []):
                if not it.code.startswith(q.code + "."):
                    out.append(src.problem(loc + ("items", j, "code"), f"item code must start with '{q.code}.'",
                                           it.code))
                column(loc + ("items", j), it.code, it.name)
            continue
        if q.name is None:
            out.append(src.problem(loc + ("name",), "is required but missing"))
            continue
        options = [] if q.type == "text" else s.choice_lists.get(q.choices or "")
        if options is None:
            out.append(src.problem(loc + ("choices",), f"unknown choice list '{q.choices}'", q.choices,
                                   ", ".join(s.choice_lists)))
            options = []
        if q.role is not None:
            r = ROLES.get(q.role)
            if r is None:
                out.append(src.problem(loc + ("role",), f"unknown role '{q.role}'", q.role, ", ".join(ROLES)))
            elif q.type not in r.types:
                out.append(src.problem(loc + ("role",), f"role '{q.role}' needs a question of type "
                                       f"{' or '.join(r.types)}", q.type, " or ".join(r.types)))
            elif q.role in seen_roles:
                out.append(src.problem(loc + ("role",), f"role '{q.role}' is already held by question "
                                       f"{seen_roles[q.role]}", q.role, "each role on one question at most"))
            else:
                seen_roles[q.role] = q.code
        if q.type == "rank" and q.rank_max != len(options):
            out.append(src.problem(loc + ("rank_max",), "a ranking needs one rank per option", q.rank_max,
                                   str(len(options))))
        if q.type == "priorities" and not (q.max_choices and q.rank_max):
            out.append(src.problem(loc, "priorities need max_choices and rank_max"))
        column(loc, q.code, q.name)
    for n, q in enumerate(s.questions):
        if q.subset_of and q.subset_of not in seen_codes:
            out.append(src.problem(("questions", n, "subset_of"), f"refers to unknown question '{q.subset_of}'",
                                   q.subset_of))
    declared: list[str] = []
    for n, g in enumerate(s.position_groups):
        if g.code in declared:
            out.append(src.problem(("position_groups", n, "code"), f"duplicate position group '{g.code}'", g.code,
                                   "unique codes"))
        declared.append(g.code)
    position = s.by_role("position")
    if position is not None:  # every position is in a declared group
        undeclared: dict[str, list[str]] = {}
        for o in position.options:
            if o.group not in declared:
                undeclared.setdefault(o.group or "", []).append(o.code)
        for group, option_codes in undeclared.items():
            out.append(src.problem(
                ("choice_lists", position.choices_ref),
                f"the position option(s) {', '.join(option_codes)} of question {position.code} "
                + (f"name the group '{group}', which position_groups does not declare" if group else "have no group"),
                group or None, "a group of position_groups: " + (", ".join(declared) or "none is declared")))
    return out


# ---------------------------------------------------------- interview_guide.yaml
def _guide(g: InterviewGuide, src: Source) -> list[Problem]:
    out = []
    if not g.sections:
        out.append(src.problem(("sections",), "the guide has no sections"))
    seen = set()
    for n, s in enumerate(g.sections):
        for j, q in enumerate(s.questions):
            loc = ("sections", n, "questions", j, "code")
            if q.code in seen:
                out.append(src.problem(loc, f"duplicate question code '{q.code}'", q.code))
            seen.add(q.code)
            if not q.code.startswith(s.code + "."):
                out.append(src.problem(loc, f"question code must start with '{s.code}.'", q.code))
    return out


# -------------------------------------------------------------- evidence_map.yaml
def _evidence(ev: EvidenceMap, src: Source, survey: Any, ind: Any, guide: Any) -> list[Problem]:
    out = []
    fields = {f.code: f for f in survey.grid_fields()} if isinstance(survey, Survey) else {}
    survey_codes = set(fields) if isinstance(survey, Survey) else None
    guide_codes = set(guide.question_codes()) if isinstance(guide, InterviewGuide) else None
    for k, q in enumerate(ev.proposal_questions):
        if guide_codes is not None and q not in guide_codes:
            out.append(src.problem(("proposal_questions",), f"unknown interview question '{q}'", q,
                                   "a question code from interview_guide.yaml", at=("proposal_questions", k)))
    for item in ev.measures:
        if survey_codes is not None and item not in survey_codes:
            out.append(src.problem(("measures", item), f"unknown survey item '{item}'", item,
                                   "a grid item code from survey.yaml"))
    crit_keys = {(i.id, k) for i in ind.indicators for k in CRITERIA} if isinstance(ind, Indicators) else None
    seen = set()
    for n, e in enumerate(ev.criteria):
        loc: tuple = ("criteria", n)
        ident = (e.indicator, e.criterion)
        if crit_keys is not None and ident not in crit_keys:
            out.append(src.problem(loc, f"unknown criterion {ident[0]} {ident[1]}", f"{ident[0]}.{ident[1]}",
                                   "an indicator id from indicators.yaml and one of fw1, fw2, op1, op2"))
        if ident in seen:
            out.append(src.problem(loc, "criterion listed twice"))
        seen.add(ident)
        for k, item in enumerate(e.survey):
            if survey_codes is not None and item not in survey_codes:
                out.append(src.problem(loc + ("survey",), f"unknown survey item '{item}'", item,
                                       "a grid item code from survey.yaml", at=loc + ("survey", k)))
            elif item not in ev.measures:
                out.append(src.problem(loc + ("survey",), f"survey item '{item}' does not say what it measures",
                                       item, "an entry for it under measures", at=loc + ("survey", k)))
            elif ev.measures[item] == "frequency" and item not in e.met_at:
                out.append(src.problem(loc + ("met_at",), f"frequency item '{item}' has no answer it reads as met "
                                       "from", item, "met_at: {" + item + ": <an answer of its scale>}",
                                       at=loc + ("survey", k)))
        for item, level in e.met_at.items():
            if item not in e.survey or ev.measures.get(item) != "frequency":
                out.append(src.problem(loc + ("met_at", item), f"'{item}' is not a frequency item of this "
                                       "criterion", item, "one of the criterion's survey items that measure frequency"))
            elif item in fields and level not in fields[item].scale.valid_codes():
                out.append(src.problem(loc + ("met_at", item), f"unknown answer '{level}'", level,
                                       "an answer of the item's scale: " + ", ".join(fields[item].scale.valid_codes())))
        for k, item in enumerate(e.interview):
            if guide_codes is not None and item not in guide_codes:
                out.append(src.problem(loc + ("interview",), f"unknown interview question '{item}'", item,
                                       "a question code from interview_guide.yaml", at=loc + ("interview", k)))
    if crit_keys is not None:
        for ident in sorted(crit_keys - seen):
            out.append(src.problem(("criteria",), f"criterion {ident[0]} {ident[1]} has no entry", None,
                                   "one entry per criterion (survey: [] when no survey item informs it)"))
    return out


# ------------------------------------------------------------------ codebook.yaml
def _patterns(src: Source, loc: tuple, pats: list[str], strip: str = "") -> list[Problem]:
    out = []
    for k, pat in enumerate(pats):
        try:
            re.compile(pat.lstrip(strip) if strip else pat)
        except re.error as exc:
            out.append(src.problem(loc, f"invalid regular expression: {exc}", pat, at=loc + (k,)))
    return out


def _codebook(cb: Codebook, src: Source, ind: Indicators, areas: set[str]) -> list[Problem]:
    out = []
    criteria = ind.criterion_keys()
    seen = set()
    for n, t in enumerate(cb.themes):
        loc: tuple = ("themes", n)
        if t.code in seen:
            out.append(src.problem(loc + ("code",), f"duplicate theme code '{t.code}'", t.code))
        seen.add(t.code)
        if t.area not in areas:
            out.append(src.problem(loc + ("area",), f"unknown area '{t.area}'", t.area, ", ".join(sorted(areas))))
        for k, crit in enumerate(t.criteria):
            if crit not in criteria:
                out.append(src.problem(loc + ("criteria",), f"unknown criterion '{crit}'", crit, CRITERION_FORM,
                                       at=loc + ("criteria", k)))
        for lang, pats in t.patterns.items():
            out += _patterns(src, loc + ("patterns", lang), pats)
        for k, rule in enumerate(t.criteria_rules):
            for m, crit in enumerate(rule.criteria):
                if crit not in criteria:
                    out.append(src.problem(loc + ("criteria_rules", k, "criteria"), f"unknown criterion '{crit}'",
                                           crit, CRITERION_FORM, at=loc + ("criteria_rules", k, "criteria", m)))
            for lang, pats in rule.patterns.items():
                out += _patterns(src, loc + ("criteria_rules", k, "patterns", lang), pats)
    return out


# -------------------------------------------------------------------- rubric.yaml
def _rubric(r: Rubric, src: Source) -> list[Problem]:
    out = []
    for asks in ASKS:
        if asks not in r.matching:
            out.append(src.problem(("matching",), f"does not say which measures speak to '{asks}'", None,
                                   f"{asks}: [<measures>] (an empty list when none does)"))
    if len(set(r.interview.stakeholder_types)) != len(r.interview.stakeholder_types):
        out.append(src.problem(("interview", "stakeholder_types"), "a type is listed twice",
                               ", ".join(r.interview.stakeholder_types)))
    needed = list(SCORED_STATUSES) + [INSUFFICIENT]
    for s in needed:
        if s not in r.statuses:
            out.append(src.problem(("statuses",), f"'{s}' is missing", ", ".join(r.statuses), ", ".join(needed)))
    for s in r.statuses:
        if s not in r.status_labels:
            out.append(src.problem(("status_labels", s), "is required but missing", None, "a label for every status"))
        elif not str(r.status_labels[s].get("en") or "").strip():
            out.append(src.problem(("status_labels", s), "missing 'en' text", None, "a non-empty 'en' label"))
    for k, s in enumerate(r.gap_statuses):
        if s not in r.statuses:
            out.append(src.problem(("gap_statuses",), f"unknown status '{s}'", s, ", ".join(r.statuses),
                                   at=("gap_statuses", k)))
    for s in r.criterion_points:
        if s not in r.statuses:
            out.append(src.problem(("criterion_points", s), f"unknown status '{s}'", s, ", ".join(r.statuses)))
    for s in SCORED_STATUSES:
        if s not in r.criterion_points:
            out.append(src.problem(("criterion_points", s), "is required but missing", None,
                                   "points for every scored status"))
    if r.survey.partly_share > r.survey.met_share:
        out.append(src.problem(("survey", "partly_share"), "must not be above survey.met_share",
                               r.survey.partly_share, f"at most {r.survey.met_share}"))
    if r.bands.not_met > r.bands.met:
        out.append(src.problem(("bands", "not_met"), "must not be above bands.met", r.bands.not_met,
                               f"at most {r.bands.met}"))
    return out


# -------------------------------------------------------------------- nap_rules.yaml
def _nap_rules(n: NapRules, src: Source, ind: Indicators, areas: set[str]) -> list[Problem]:
    out = []
    ind_ids = [i.id for i in ind.indicators]
    for k in n.indicators:
        if k not in ind_ids:
            out.append(src.problem(("indicators", k), f"unknown indicator '{k}'", k,
                                   "an indicator id from indicators.yaml"))
    for k in n.section_areas:
        if k not in areas:
            out.append(src.problem(("section_areas", k), f"unknown area '{k}'", k, ", ".join(sorted(areas))))
    keys = [it.key for it in n.checklist]
    for k in n.checklist_recommendations:
        if k not in keys:
            out.append(src.problem(("checklist_recommendations", k), f"unknown checklist item '{k}'", k,
                                   ", ".join(keys)))
    for group in ("section_areas", "indicators"):
        for k, pats in getattr(n, group).items():
            out += _patterns(src, (group, k), pats, strip="!")
    return out


# ----------------------------------------------------------- recommendations.yaml
def _english(value: str | Text) -> str:
    """A key's text, or a label's English, without surrounding space."""
    return str((value.get("en") if isinstance(value, dict) else value) or "").strip()


def _blocks(rec: Recommendations, src: Source, ind: Indicators, survey: Survey | None) -> list[Problem]:
    """Every key unique and free of ``|``, every criterion known and of the block's
    area, every priority letter an option of the survey's priorities question,
    every timeframe declared."""
    out = []
    criteria = ind.criterion_keys()
    areas = sorted(a.id for a in ind.areas)
    prio = survey.by_role("priorities") if survey is not None else None
    letters = [o.code for o in prio.options] if prio is not None and prio.type == "priorities" else None
    seen: set[str] = set()
    for n, b in enumerate(rec.blocks):
        loc: tuple = ("blocks", n)
        for k in ("key", "area", "title", "change", "timeframe"):
            if not _english(getattr(b, k)):
                out.append(src.problem(loc + (k,), "is required but missing"))
        if b.key and not BLOCK_KEY.match(b.key):
            out.append(src.problem(loc + ("key",), "a key is lower-case letters, digits and _", b.key,
                                   "e.g. id_referral"))
        if b.key in seen:
            out.append(src.problem(loc + ("key",), "duplicate key", b.key))
        seen.add(b.key)
        if b.area and b.area not in areas:
            out.append(src.problem(loc + ("area",), f"unknown area '{b.area}'", b.area, ", ".join(areas)))
        if b.timeframe and b.timeframe not in rec.timeframes:
            out.append(src.problem(loc + ("timeframe",), f"unknown timeframe '{b.timeframe}'", b.timeframe,
                                   ", ".join(sorted(rec.timeframes)) or "a key of `timeframes:`"))
        for j, letter in enumerate(b.priorities):
            if letters is not None and letter not in letters:
                out.append(src.problem(loc + ("priorities",), f"unknown priority '{letter}'", letter,
                                       "a letter of the survey's priorities question: " + ", ".join(sorted(letters)),
                                       at=loc + ("priorities", j)))
        for m, a in enumerate(b.actions):
            aloc = loc + ("actions", m)
            if not _english(a.text) or not a.criterion.strip():
                out.append(src.problem(aloc, "an action needs a criterion and a text"))
            elif a.criterion not in criteria:
                out.append(src.problem(aloc + ("criterion",), f"unknown criterion '{a.criterion}'", a.criterion,
                                       CRITERION_FORM))
            elif b.area != a.criterion.split(".")[0]:
                out.append(src.problem(aloc + ("criterion",), "the criterion belongs to another area", a.criterion,
                                       f"a criterion of area {b.area}"))
    return out


# ------------------------------------------------------------------ capabilities.yaml
def _plan_capabilities(plan: Plan, source, caps: Capabilities) -> list[Problem]:
    """The plan's indicators name capabilities they create and the roles or capabilities
    that collect their data: each must be a key of capabilities.yaml."""
    keys = caps.keys()
    checks = (("creates", keys, "unknown capability '{k}'", "a capability key of capabilities.yaml"),
              ("collected_by", keys | set(caps.role_keys()), "unknown role or capability '{k}'",
               "a role or capability key of capabilities.yaml"))
    out = []
    for ind_id, o in plan.objectives.items():
        for n, m in enumerate(o.indicators):
            for name, known, what, expected in checks:
                for j, k in enumerate(getattr(m, name)):
                    if k not in known:
                        loc = ("objectives", ind_id, "indicators", n, name)
                        out.append(source.problem(loc, what.format(k=k), k, expected, at=loc + (j,)))
    return out


def _capabilities(caps: Capabilities, src: Source, ind: Indicators) -> list[Problem]:
    """Capability and role keys unique and well formed; every criterion known."""
    out = []
    criteria = ind.criterion_keys()
    groups: tuple[tuple[str, list[str]], ...] = (("capabilities", [c.key for c in caps.capabilities]),
                                                 ("roles", caps.role_keys()))
    for group, keys in groups:
        seen: set[str] = set()
        for n, key in enumerate(keys):
            if not BLOCK_KEY.match(key):
                out.append(src.problem((group, n, "key"), "a key is lower-case letters, digits and _", key,
                                       "e.g. national_referral_mechanism"))
            if key in seen:
                out.append(src.problem((group, n, "key"), "duplicate key", key))
            seen.add(key)
    for n, c in enumerate(caps.capabilities):
        for j, k in enumerate(c.criteria):
            if k not in criteria:
                out.append(src.problem(("capabilities", n, "criteria"), f"unknown criterion '{k}'", k,
                                       CRITERION_FORM, at=("capabilities", n, "criteria", j)))
    return out


def _action_capabilities(rec: Recommendations, src: Source, caps: Capabilities) -> list[Problem]:
    """Every capability an action creates, presupposes or requires and every role
    of a block or action declared in capabilities.yaml; an action that creates
    something has an ``if_exists`` alternative or is ``droppable``, and only then."""
    out = []
    keys, roles = caps.keys(), caps.role_keys()
    for n, b in enumerate(rec.blocks):
        for j, role in enumerate(b.actors):
            if role not in roles:
                out.append(src.problem(("blocks", n, "actors"), f"unknown role '{role}'", role,
                                       "a role of capabilities.yaml: " + ", ".join(roles), at=("blocks", n, "actors", j)))
        for m, a in enumerate(b.actions):
            aloc: tuple = ("blocks", n, "actions", m)
            for field in ("creates", "presupposes", "requires"):
                for j, k in enumerate(getattr(a, field)):
                    if k not in keys:
                        out.append(src.problem(aloc + (field,), f"unknown capability '{k}'", k,
                                               "a capability key of capabilities.yaml", at=aloc + (field, j)))
            for j, role in enumerate(a.actors):
                if role not in roles:
                    out.append(src.problem(aloc + ("actors",), f"unknown role '{role}'", role,
                                           "a role of capabilities.yaml: " + ", ".join(roles),
                                           at=aloc + ("actors", j)))
            both = sorted(set(a.creates) & set(a.presupposes))
            if both:
                out.append(src.problem(aloc + ("presupposes",), "an action cannot presuppose what it creates",
                                       ", ".join(both)))
            if a.creates and a.if_exists is None and not a.droppable:
                out.append(src.problem(aloc + ("creates",), "an action that creates something needs an alternative "
                                       "for a country that has it", ", ".join(a.creates),
                                       "if_exists (verb and text), or droppable: true"))
            if len(a.creates) > 1 and set(a.parts) != set(a.creates):
                out.append(src.problem(aloc + ("parts",), "an action that creates several things words each of them "
                                       "alone, for a country that has only some", ", ".join(sorted(a.parts)) or None,
                                       "parts: one text for each of " + ", ".join(a.creates)))
            if len(a.creates) < 2 and a.parts:
                out.append(src.problem(aloc + ("parts",), "parts apply only to an action that creates several things",
                                       ", ".join(a.parts)))
            if not a.creates and (a.if_exists is not None or a.droppable):
                out.append(src.problem(aloc, "if_exists and droppable apply only to an action that creates something",
                                       None, "creates: [capability keys]"))
    return out


# ------------------------------------------------------------------------ plan.yaml
def _plan(plan: Plan, src: Source, ind: Indicators, stats: Statistics | None) -> list[Problem]:
    """Every indicator has an objective, an outcome and MEL indicators that
    together cover its four criteria, of declared kinds and frequencies."""
    out = []
    ids = [i.id for i in ind.indicators]
    for key in plan.objectives:
        if key not in ids:
            out.append(src.problem(("objectives", key), f"unknown indicator '{key}'", key,
                                   "an indicator id from indicators.yaml"))
    for i in ind.indicators:
        o = plan.objectives.get(i.id)
        if o is None:
            out.append(src.problem(("objectives", i.id), f"indicator {i.id} has no objective", None,
                                   "an objective, an outcome and MEL indicators for every indicator"))
            continue
        loc: tuple = ("objectives", i.id)
        for k in ("objective", "outcome"):
            if not getattr(o, k).strip():
                out.append(src.problem(loc + (k,), "is required but missing"))
        if not o.indicators:
            out.append(src.problem(loc + ("indicators",), "is required but missing"))
        covered: set[str] = set()
        for n, m in enumerate(o.indicators):
            mloc = loc + ("indicators", n)
            covered |= set(m.criteria)
            if m.kind not in plan.kinds:
                out.append(src.problem(mloc + ("kind",), f"unknown kind '{m.kind}'", m.kind, ", ".join(plan.kinds)))
            if m.frequency not in plan.frequencies:
                out.append(src.problem(mloc + ("frequency",), f"unknown frequency '{m.frequency}'", m.frequency,
                                       ", ".join(plan.frequencies)))
            for k in ("text", "target", "verification", "collector"):
                if not getattr(m, k).strip():
                    out.append(src.problem(mloc + (k,), "is required but missing"))
            if stats is not None and m.metric is not None and m.metric not in stats.metrics:
                out.append(src.problem(mloc + ("metric",), f"unknown metric '{m.metric}'", m.metric,
                                       "a metric of statistics.yaml: " + ", ".join(stats.metrics)))
        if o.indicators and covered != set(CRITERIA):
            out.append(src.problem(loc + ("indicators",), "the MEL indicators do not cover every criterion",
                                   ", ".join(sorted(covered)), ", ".join(CRITERIA)))
    return out


# ------------------------------------------------------------------------ unit_costs.yaml
def _unit_costs(costs: UnitCosts, src: Source, plan: Plan, plan_src: Source) -> list[Problem]:
    """Every activity type of plan.yaml has a unit cost and every unit cost is of a type
    plan.yaml declares; a range runs from low to high; default types are declared types."""
    out = []
    for key in plan.activity_types:
        if key not in costs.types:
            out.append(plan_src.problem(("activity_types", key), f"activity type '{key}' has no unit cost", key,
                                        "an entry under `types` in unit_costs.yaml"))
    for key, c in costs.types.items():
        if key not in plan.activity_types:
            out.append(src.problem(("types", key), f"unknown activity type '{key}'", key,
                                   "an activity type of plan.yaml: " + ", ".join(plan.activity_types)))
        if c.low > c.high:
            out.append(src.problem(("types", key, "low"), f"the range runs from {c.low:g} down to {c.high:g}",
                                   f"{c.low:g}", "low no higher than high"))
    for crit, key in plan.default_types.items():
        if key not in plan.activity_types:
            out.append(plan_src.problem(("default_types", crit), f"unknown activity type '{key}'", key,
                                        "an activity type of plan.yaml: " + ", ".join(plan.activity_types)))
    return out
