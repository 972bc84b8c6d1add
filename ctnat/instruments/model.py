"""The CT-NAT instruments, read from ``instruments/*.yaml`` and validated on load.

The YAML files are the single source of truth for question codes, wording,
answer options and translations, the 25 indicators and their criteria, the
interview guide, and the survey-item → criterion evidence map. Everything else
(validation schemas, XLSForm, Word forms, report annexes) is generated from them.

>>> inst = load_instruments()
>>> inst.survey.by_role("priorities").type
'priorities'
>>> len(inst.indicators.indicators)
25
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..messages import label
from ..paths import instruments_dir
from ..problems import InstrumentError, Problem
from .roles import ROLES
from .schema import SCHEMAS, schema_problems
from ..tables import load_yaml

SUPPORTED_LANGUAGES = ("en", "ru", "az", "hy", "ka")
CRITERIA = ("fw1", "fw2", "op1", "op2")
FIELD_TYPES = ("single", "multiple", "rank", "priorities", "text")
# The statuses the scoring rules decide; rubric.yaml `statuses` must list them (in
# the order reports and tables show them) and may not leave one out.
SCORED_STATUSES = ("met", "partly_met", "not_met")
INSUFFICIENT = "insufficient_evidence"


def normalise(text) -> str:
    """Fold a label for matching: Unicode NFKC, case-folded, dashes unified,
    surrounding and repeated spaces removed."""
    s = unicodedata.normalize("NFKC", str(text))
    s = s.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    s = re.sub(r"\s+", " ", s).strip().casefold()
    return s


# --------------------------------------------------------------------------- model
@dataclass
class Option:
    code: str
    label: dict
    group: str | None = None
    other: bool = False  # "Other – please specify": has a free-text companion
    dont_know: bool = False

    @property
    def en(self) -> str:
        return self.label.get("en", self.code)


@dataclass
class Scale:
    code: str
    title: dict
    options: list[Option]
    favourable: list[str]
    unfavourable: list[str]
    sentence: str = ""  # the report's sentence for one item: {subject}, {code}, {answers}

    def valid_codes(self) -> list[str]:
        """Codes that count as a substantive answer (everything but "don't know")."""
        return [o.code for o in self.options if not o.dont_know]


@dataclass
class Field:
    """One answerable question as it appears in the data: a plain question, or one
    item of an opinion grid."""

    code: str  # as printed, e.g. "3.1.4"
    name: str  # column name, e.g. "q3_1_4"
    type: str  # single | multiple | rank | priorities | text
    section: str
    area: str | None
    text: dict
    options: list[Option] = field(default_factory=list)
    scale: Scale | None = None
    grid: str | None = None  # block code, e.g. "3.1"
    grid_text: dict | None = None
    max_choices: int | None = None
    rank_max: int | None = None
    subset_of: str | None = None
    choices_ref: str | None = None
    role: str | None = None  # what the code knows the question as (see roles.py)

    @property
    def en(self) -> str:
        return self.text.get("en", "")

    def option(self, code: str) -> Option | None:
        for o in self.options:
            if o.code == code:
                return o
        return None

    @property
    def has_other(self) -> bool:
        return any(o.other for o in self.options)

    def columns(self) -> list[str]:
        """The canonical columns this field occupies in the respondent table."""
        if self.type == "rank":
            return [f"{self.name}_{o.code}" for o in self.options]
        if self.type == "priorities":
            cols = [f"{self.name}_{o.code}" for o in self.options]
        else:
            cols = [self.name]
        if self.has_other:
            cols.append(f"{self.name}_other")
        return cols

    def lookup(self) -> dict[str, str]:
        """Map every accepted spelling of an answer (code or a label in any
        language, normalised) to its option code."""
        table: dict[str, str] = {}
        for o in self.options:
            table[normalise(o.code)] = o.code
            for text in o.label.values():
                table.setdefault(normalise(text), o.code)
        return table

    def as_dict(self) -> dict:
        d = {
            "code": self.code,
            "name": self.name,
            "type": self.type,
            "section": self.section,
            "area": self.area,
            "text": self.text,
            "columns": self.columns(),
            "choices": [
                {"code": o.code, "label": o.en, "labels": o.label,
                 **({"group": o.group} if o.group else {}),
                 **({"other": True} if o.other else {}),
                 **({"dont_know": True} if o.dont_know else {})}
                for o in self.options
            ],
        }
        for key in ("grid", "max_choices", "rank_max", "subset_of", "role"):
            if getattr(self, key) is not None:
                d[key] = getattr(self, key)
        if self.scale is not None:
            d["scale"] = self.scale.code
        return d


@dataclass
class PositionGroup:
    """A group of positions (``survey.yaml`` ``position_groups``) and whether it is a State actor."""

    code: str
    label: dict
    sector: str  # "state" or "non_state"

    @property
    def en(self) -> str:
        return self.label.get("en", self.code)


@dataclass
class Survey:
    version: str
    languages: list[str]
    sections: list[dict]
    scales: dict[str, Scale]
    choice_lists: dict[str, list[Option]]
    fields: list[Field]
    blocks: list[dict]  # the questions as printed (grids with their items)
    position_groups: list[PositionGroup] = field(default_factory=list)

    def position_group(self, code: str) -> PositionGroup | None:
        for g in self.position_groups:
            if g.code == code:
                return g
        return None

    def field(self, code_or_name: str) -> Field:
        for f in self.fields:
            if f.code == code_or_name or f.name == code_or_name:
                return f
        raise KeyError(code_or_name)

    def by_role(self, role: str) -> Field | None:
        """The question that holds ``role`` (see :mod:`ctnat.instruments.roles`), or
        None when this questionnaire does not ask it."""
        if role not in ROLES:
            raise KeyError(f"unknown question role '{role}'")
        for f in self.fields:
            if f.role == role:
                return f
        return None

    def fields_with_role(self, *roles: str) -> list[Field]:
        """The questions holding any of ``roles``, in the order the roles are given
        (roles no question holds are left out)."""
        return [f for f in (self.by_role(r) for r in roles) if f is not None]

    def grid_blocks(self) -> list[dict]:
        return [b for b in self.blocks if b.get("type") == "grid"]

    def grid_fields(self, block: str | None = None) -> list[Field]:
        return [f for f in self.fields if f.grid and (block is None or f.grid == block)]

    def columns(self) -> list[str]:
        """Canonical respondent-table columns, in questionnaire order."""
        cols = ["respondent_code"]
        for f in self.fields:
            cols += f.columns()
        return cols

    def section_title(self, code: str, lang: str = "en") -> str:
        for s in self.sections:
            if s["code"] == code:
                return s["title"].get(lang) or s["title"]["en"]
        raise KeyError(code)


@dataclass
class Indicator:
    id: str
    area: str
    title: dict
    criteria: dict[str, dict]


@dataclass
class Indicators:
    version: str
    languages: list[str]
    levels: dict[str, dict]
    areas: list[dict]
    indicators: list[Indicator]
    short_levels: dict[str, dict] = field(default_factory=dict)  # {fw1: {en: Framework L1}, …}

    def area(self, area_id: str) -> dict:
        for a in self.areas:
            if a["id"] == area_id:
                return a
        raise KeyError(area_id)

    def indicator(self, ind_id: str) -> Indicator:
        for i in self.indicators:
            if i.id == ind_id:
                return i
        raise KeyError(ind_id)

    def short_level(self, criterion: str) -> str:
        """'Framework L1' for ``fw1``, in the current language."""
        return label(self.short_levels[criterion])

    def criteria_rows(self) -> list[tuple[Indicator, str, dict]]:
        """All 100 (indicator, criterion key, wording) triples in order."""
        return [(i, c, i.criteria[c]) for i in self.indicators for c in CRITERIA]


@dataclass
class InterviewGuide:
    raw: dict

    @property
    def sections(self) -> list[dict]:
        return self.raw["sections"]

    @property
    def header_fields(self) -> list[dict]:
        return self.raw["header_fields"]

    def questions(self) -> list[dict]:
        return [dict(q, section=s["code"]) for s in self.sections for q in s["questions"]]

    def question_codes(self) -> list[str]:
        return [q["code"] for q in self.questions()]

    def header_field(self, key: str) -> dict:
        for h in self.header_fields:
            if h["key"] == key:
                return h
        raise KeyError(key)


@dataclass
class Instruments:
    directory: Path
    survey: Survey
    indicators: Indicators
    guide: InterviewGuide
    evidence_map: list[dict]
    extra: dict  # other instrument files (codebook, rubric, …) by stem, raw

    @property
    def rubric(self) -> dict:
        """rubric.yaml, checked against its schema (every key present)."""
        return self.extra["rubric"]

    def status_label(self, status: str) -> str:
        """'Partly met' for ``partly_met``, in the current language (rubric.yaml ``status_labels``)."""
        return label(self.rubric["status_labels"][status])

    @property
    def nap_rules(self) -> dict:
        """nap_rules.yaml, checked against its schema."""
        return self.extra["nap_rules"]

    def evidence_for(self, indicator: str, criterion: str) -> dict:
        for e in self.evidence_map:
            if e["indicator"] == indicator and e["criterion"] == criterion:
                return e
        return {"indicator": indicator, "criterion": criterion, "survey": [], "interview": []}

    def criteria_without_survey(self) -> list[str]:
        return [f"{e['indicator']}.{e['criterion']}" for e in self.evidence_map if not e.get("survey")]

    def as_dict(self) -> dict:
        """A JSON-ready view (what ``ctnat instruments dump --json`` prints)."""
        s = self.survey
        return {
            "survey": {
                "version": s.version,
                "languages": s.languages,
                "sections": s.sections,
                "scales": {
                    k: {"title": v.title, "favourable": v.favourable, "unfavourable": v.unfavourable,
                        "options": [{"code": o.code, "label": o.en, "labels": o.label,
                                     **({"dont_know": True} if o.dont_know else {})} for o in v.options]}
                    for k, v in s.scales.items()
                },
                "questions": [f.as_dict() for f in s.fields],
                "columns": s.columns(),
            },
            "indicators": [
                {"id": i.id, "area": i.area, "area_title": self.indicators.area(i.area)["title"]["en"],
                 "title": i.title["en"], "criteria": {k: v["en"] for k, v in i.criteria.items()}}
                for i in self.indicators.indicators
            ],
            "areas": self.indicators.areas,
            "interview_guide": self.guide.raw,
            "evidence_map": self.evidence_map,
            "criteria_without_survey_evidence": self.criteria_without_survey(),
        }


# ------------------------------------------------------------------------ loading
class _Checker:
    """Collects problems while reading one instrument file."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []

    def fail(self, key: str, message: str, value=None, expected: str | None = None):
        self.problems.append(Problem(file=self.path.name, column=key, message=f"{key}: {message}",
                                     value=None if value is None else str(value), expected=expected))

    def label(self, key: str, obj, languages) -> dict:
        if isinstance(obj, str):
            obj = {"en": obj}
        if not isinstance(obj, dict):
            self.fail(key, "expected a mapping of language code to text", obj, "e.g. {en: ..., ru: ...}")
            return {"en": str(obj)}
        for lang in languages:
            if not str(obj.get(lang) or "").strip():
                self.fail(key, f"missing '{lang}' text", None, f"a non-empty '{lang}' label")
        for lang in obj:
            if lang not in SUPPORTED_LANGUAGES:
                self.fail(key, f"unknown language '{lang}'", lang, ", ".join(SUPPORTED_LANGUAGES))
        return {k: str(v) for k, v in obj.items() if v is not None}

    def require(self, key: str, obj: dict, *names):
        ok = True
        for n in names:
            if n not in obj or obj[n] in (None, ""):
                self.fail(f"{key}.{n}", "is required but missing")
                ok = False
        return ok


def _read_yaml(path: Path, problems: list[Problem]):
    if not path.exists():
        problems.append(Problem(file=path.name, message="instrument file is missing",
                                expected=f"{path}"))
        return None
    try:
        data = load_yaml(path)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(file=path.name, row=(mark.line + 1) if mark else None,
                                message=f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(file=path.name, message="expected a YAML mapping at the top level"))
        return None
    shape = schema_problems(path.name, path.stem, data)
    if shape:  # the file has the wrong shape: report that, read nothing from it
        problems += shape
        return None
    return data


def _languages(c: _Checker, data: dict) -> list[str]:
    langs = data.get("languages") or ["en"]
    if "en" not in langs:
        c.fail("languages", "must include 'en'", langs)
    for lang in langs:
        if lang not in SUPPORTED_LANGUAGES:
            c.fail("languages", f"unknown language '{lang}'", lang, ", ".join(SUPPORTED_LANGUAGES))
    return list(langs)


def _options(c: _Checker, key: str, raw, langs) -> list[Option]:
    out, seen = [], set()
    if not isinstance(raw, list) or not raw:
        c.fail(key, "expected a non-empty list of options")
        return out
    for i, o in enumerate(raw):
        k = f"{key}[{i}]"
        if not isinstance(o, dict) or not c.require(k, o, "code", "label"):
            continue
        code = str(o["code"])
        if code in seen:
            c.fail(f"{k}.code", f"duplicate option code '{code}'", code, "unique codes")
        seen.add(code)
        out.append(Option(code=code, label=c.label(f"{k}.label", o["label"], langs),
                          group=o.get("group"), other=bool(o.get("other")),
                          dont_know=bool(o.get("dont_know"))))
    # a translated label must map back to one code only
    for lang in langs:
        labels = {}
        for o in out:
            t = normalise(o.label.get(lang, ""))
            if t and t in labels and labels[t] != o.code:
                c.fail(key, f"label '{o.label[lang]}' ({lang}) is used by two options: "
                       f"'{labels[t]}' and '{o.code}'", o.label[lang], "distinct labels")
            labels[t] = o.code
    return out


def _load_survey(path: Path, area_ids: set[str] | None, problems: list[Problem]) -> Survey | None:
    data = _read_yaml(path, problems)
    if data is None:
        return None
    c = _Checker(path)
    langs = _languages(c, data)
    sections: list[dict] = []
    for i, s in enumerate(data.get("sections") or []):
        if c.require(f"sections[{i}]", s, "code", "title"):
            area = s.get("area")
            if area is not None and area_ids is not None and str(area) not in area_ids:
                c.fail(f"sections[{i}].area", f"unknown area '{area}'", area, ", ".join(sorted(area_ids)))
            sections.append({"code": str(s["code"]), "title": c.label(f"sections[{i}].title", s["title"], langs),
                             "area": None if area is None else str(area)})
    section_area: dict[str, str | None] = {s["code"]: s["area"] for s in sections}

    scales = {}
    for code, s in (data.get("scales") or {}).items():
        opts = _options(c, f"scales.{code}.options", s.get("options"), langs)
        codes = {o.code for o in opts}
        for side in ("favourable", "unfavourable"):
            for fav in s.get(side) or []:
                if fav not in codes:
                    c.fail(f"scales.{code}.{side}", f"'{fav}' is not an option of this scale", fav,
                           ", ".join(sorted(codes)))
        if not s.get("favourable"):
            c.fail(f"scales.{code}.favourable", "every scale must say which options count as favourable")
        sentence = str(s.get("sentence") or "")
        for ph in ("{subject}", "{code}", "{answers}"):
            if ph not in sentence:
                c.fail(f"scales.{code}.sentence", f"must contain {ph}", sentence or None,
                       "a sentence with {subject}, {code} and {answers}")
        scales[code] = Scale(code=code, title=c.label(f"scales.{code}.title", s.get("title", code), langs),
                             options=opts, favourable=list(s.get("favourable") or []),
                             unfavourable=list(s.get("unfavourable") or []), sentence=sentence)
    lists = {name: _options(c, f"choice_lists.{name}", opts, langs)
             for name, opts in (data.get("choice_lists") or {}).items()}

    fields: list[Field] = []
    blocks = []
    seen_codes, seen_names = set(), set()
    seen_roles: dict[str, str] = {}

    def add(f: Field, key: str):
        if f.code in seen_codes:
            c.fail(f"{key}.code", f"duplicate question code '{f.code}'", f.code, "unique codes")
        if f.name in seen_names:
            c.fail(f"{key}.name", f"duplicate column name '{f.name}'", f.name, "unique names")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", f.name):
            c.fail(f"{key}.name", "column names must be lower-case letters, digits and _", f.name,
                   "a lower-case letter, then letters, digits and _")
        seen_codes.add(f.code)
        seen_names.add(f.name)
        fields.append(f)

    for i, q in enumerate(data.get("questions") or []):
        key = f"questions[{i}]"
        if not isinstance(q, dict) or not c.require(key, q, "code", "type", "section", "text"):
            continue
        code, qtype, section = str(q["code"]), q["type"], str(q["section"])
        key = f"questions[{code}]"
        if section not in section_area:
            c.fail(f"{key}.section", f"unknown section '{section}'", section, ", ".join(section_area))
        area = section_area.get(section)
        text = c.label(f"{key}.text", q["text"], langs)
        blocks.append(dict(q, code=code, section=section))
        if qtype == "grid":
            scale = scales.get(q.get("scale"))
            if scale is None:
                c.fail(f"{key}.scale", f"unknown scale '{q.get('scale')}'", q.get("scale"), ", ".join(scales))
            items = q.get("items") or []
            if not items:
                c.fail(f"{key}.items", "a grid needs at least one item")
            for j, it in enumerate(items):
                ik = f"{key}.items[{j}]"
                if not c.require(ik, it, "code", "name", "text"):
                    continue
                if not str(it["code"]).startswith(code + "."):
                    c.fail(f"{ik}.code", f"item code must start with '{code}.'", it["code"])
                add(Field(code=str(it["code"]), name=str(it["name"]), type="single", section=section,
                          area=area, text=c.label(f"{ik}.text", it["text"], langs),
                          options=list(scale.options) if scale else [], scale=scale, grid=code,
                          grid_text=text), ik)
            continue
        if qtype not in FIELD_TYPES:
            c.fail(f"{key}.type", f"unknown question type '{qtype}'", qtype, ", ".join(FIELD_TYPES + ("grid",)))
            continue
        if not c.require(key, q, "name"):
            continue
        options: list[Option] = []
        if qtype != "text":
            ref = q.get("choices")
            if ref not in lists:
                c.fail(f"{key}.choices", f"unknown choice list '{ref}'", ref, ", ".join(lists))
            options = list(lists.get(ref, []))
        f = Field(code=code, name=str(q["name"]), type=qtype, section=section, area=area, text=text,
                  options=options, max_choices=q.get("max_choices"), rank_max=q.get("rank_max"),
                  subset_of=q.get("subset_of"), choices_ref=q.get("choices"),
                  role=None if q.get("role") is None else str(q["role"]))
        if f.role is not None:
            r = ROLES.get(f.role)
            if r is None:
                c.fail(f"{key}.role", f"unknown role '{f.role}'", f.role, ", ".join(ROLES))
            elif qtype not in r.types:
                c.fail(f"{key}.role", f"role '{f.role}' needs a question of type {' or '.join(r.types)}", qtype,
                       " or ".join(r.types))
            elif f.role in seen_roles:
                c.fail(f"{key}.role", f"role '{f.role}' is already held by question {seen_roles[f.role]}",
                       f.role, "each role on one question at most")
            else:
                seen_roles[f.role] = code
        if qtype == "rank" and f.rank_max != len(options):
            c.fail(f"{key}.rank_max", "a ranking needs one rank per option", f.rank_max, str(len(options)))
        if qtype == "priorities" and not (f.max_choices and f.rank_max):
            c.fail(key, "priorities need max_choices and rank_max")
        add(f, key)
    codes = {f.code for f in fields}
    for f in fields:
        if f.subset_of and f.subset_of not in codes:
            c.fail(f"questions[{f.code}].subset_of", f"refers to unknown question '{f.subset_of}'", f.subset_of)
    groups = _position_groups(c, data.get("position_groups") or [], langs)
    position = next((f for f in fields if f.role == "position"), None)
    if position is not None:  # every position is in a declared group
        declared = [g.code for g in groups]
        undeclared: dict[str, list[str]] = {}
        for o in position.options:
            if o.group not in declared:
                undeclared.setdefault(o.group or "", []).append(o.code)
        for group, option_codes in undeclared.items():
            c.fail(f"choice_lists.{position.choices_ref}",
                   f"the position option(s) {', '.join(option_codes)} of question {position.code} "
                   + (f"name the group '{group}', which position_groups does not declare" if group
                      else "have no group"),
                   group or None, "a group of position_groups: " + (", ".join(declared) or "none is declared"))
    problems += c.problems
    return Survey(version=str(data.get("version", "")), languages=langs, sections=sections, scales=scales,
                  choice_lists=lists, fields=fields, blocks=blocks, position_groups=groups)


def _position_groups(c: _Checker, raw: list, langs: list[str]) -> list[PositionGroup]:
    out: list[PositionGroup] = []
    for i, g in enumerate(raw):
        key = f"position_groups[{i}]"
        if not isinstance(g, dict) or not c.require(key, g, "code", "label", "sector"):
            continue
        if str(g["code"]) in {x.code for x in out}:
            c.fail(f"{key}.code", f"duplicate position group '{g['code']}'", g["code"], "unique codes")
        if g["sector"] not in ("state", "non_state"):
            c.fail(f"{key}.sector", f"unknown sector '{g['sector']}'", g["sector"], "state or non_state")
        out.append(PositionGroup(code=str(g["code"]), label=c.label(f"{key}.label", g["label"], langs),
                                 sector=str(g["sector"])))
    return out


def _load_indicators(path: Path, problems: list[Problem]) -> Indicators | None:
    data = _read_yaml(path, problems)
    if data is None:
        return None
    c = _Checker(path)
    langs = _languages(c, data)
    levels = {k: c.label(f"levels.{k}", v, langs) for k, v in (data.get("levels") or {}).items()}
    if set(levels) != set(CRITERIA):
        c.fail("levels", "must define exactly fw1, fw2, op1, op2", ", ".join(levels), "fw1, fw2, op1, op2")
    short = {k: c.label(f"short_levels.{k}", v, langs) for k, v in (data.get("short_levels") or {}).items()}
    if set(short) != set(CRITERIA):
        c.fail("short_levels", "must define exactly fw1, fw2, op1, op2", ", ".join(short), "fw1, fw2, op1, op2")
    areas = []
    for i, a in enumerate(data.get("areas") or []):
        if c.require(f"areas[{i}]", a, "id", "key", "title"):
            areas.append(dict(a, id=str(a["id"]), title=c.label(f"areas[{i}].title", a["title"], langs)))
    area_ids = [a["id"] for a in areas]
    if len(set(area_ids)) != len(area_ids):
        c.fail("areas", "duplicate area id", area_ids)
    inds, seen = [], set()
    for i, ind in enumerate(data.get("indicators") or []):
        key = f"indicators[{i}]"
        if not c.require(key, ind, "id", "area", "title", "criteria"):
            continue
        iid = str(ind["id"])
        key = f"indicators[{iid}]"
        if iid in seen:
            c.fail(f"{key}.id", f"duplicate indicator id '{iid}'", iid)
        seen.add(iid)
        if str(ind["area"]) not in area_ids:
            c.fail(f"{key}.area", f"unknown area '{ind['area']}'", ind["area"], ", ".join(area_ids))
        crit = ind.get("criteria") or {}
        if set(crit) != set(CRITERIA):
            c.fail(f"{key}.criteria", "must have exactly fw1, fw2, op1, op2", ", ".join(map(str, crit)),
                   "fw1, fw2, op1, op2")
        inds.append(Indicator(id=iid, area=str(ind["area"]), title=c.label(f"{key}.title", ind["title"], langs),
                              criteria={k: c.label(f"{key}.criteria.{k}", crit[k], langs)
                                        for k in CRITERIA if k in crit}))
    problems += c.problems
    return Indicators(version=str(data.get("version", "")), languages=langs, levels=levels, areas=areas,
                      indicators=inds, short_levels=short)


def _load_guide(path: Path, problems: list[Problem]) -> InterviewGuide | None:
    data = _read_yaml(path, problems)
    if data is None:
        return None
    c = _Checker(path)
    langs = _languages(c, data)
    for i, h in enumerate(data.get("header_fields") or []):
        if c.require(f"header_fields[{i}]", h, "key", "label", "type"):
            c.label(f"header_fields[{h['key']}].label", h["label"], langs)
            for j, ch in enumerate(h.get("choices") or []):
                c.label(f"header_fields[{h['key']}].choices[{j}].label", ch.get("label"), langs)
    for i, n in enumerate(data.get("information_note") or []):
        c.label(f"information_note[{i}].text", n.get("text"), langs)
    seen = set()
    if not data.get("sections"):
        c.fail("sections", "the guide has no sections")
    for i, s in enumerate(data.get("sections") or []):
        if not c.require(f"sections[{i}]", s, "code", "title", "questions"):
            continue
        s["code"] = str(s["code"])
        c.label(f"sections[{s['code']}].title", s["title"], langs)
        for j, q in enumerate(s["questions"]):
            if not c.require(f"sections[{s['code']}].questions[{j}]", q, "code", "text"):
                continue
            q["code"] = str(q["code"])
            key = f"sections[{s['code']}].questions[{q['code']}]"
            if q["code"] in seen:
                c.fail(f"{key}.code", f"duplicate question code '{q['code']}'", q["code"])
            seen.add(q["code"])
            if not q["code"].startswith(s["code"] + "."):
                c.fail(f"{key}.code", f"question code must start with '{s['code']}.'", q["code"])
            c.label(f"{key}.text", q["text"], langs)
            for k, p in enumerate(q.get("prompts") or []):
                c.label(f"{key}.prompts[{k}]", p, langs)
    problems += c.problems
    return InterviewGuide(raw=data)


def _load_evidence(path: Path, survey: Survey | None, indicators: Indicators | None,
                   guide: InterviewGuide | None, problems: list[Problem]) -> list[dict]:
    data = _read_yaml(path, problems)
    if data is None:
        return []
    c = _Checker(path)
    entries = []
    survey_codes = {f.code for f in survey.grid_fields()} if survey else None
    guide_codes = set(guide.question_codes()) if guide else None
    crit_keys = {(i.id, k) for i in indicators.indicators for k in CRITERIA} if indicators else None
    seen = set()
    for i, e in enumerate(data.get("criteria") or []):
        key = f"criteria[{i}]"
        if not c.require(key, e, "indicator", "criterion"):
            continue
        ident = (str(e["indicator"]), str(e["criterion"]))
        key = f"criteria[{ident[0]}.{ident[1]}]"
        if crit_keys is not None and ident not in crit_keys:
            c.fail(key, f"unknown criterion {ident[0]} {ident[1]}", f"{ident[0]}.{ident[1]}",
                   "an indicator id from indicators.yaml and one of fw1, fw2, op1, op2")
        if ident in seen:
            c.fail(key, "criterion listed twice")
        seen.add(ident)
        surveys = [str(s) for s in e.get("survey") or []]
        interviews = [str(s) for s in e.get("interview") or []]
        for s in surveys:
            if survey_codes is not None and s not in survey_codes:
                c.fail(f"{key}.survey", f"unknown survey item '{s}'", s, "a grid item code from survey.yaml")
        for s in interviews:
            if guide_codes is not None and s not in guide_codes:
                c.fail(f"{key}.interview", f"unknown interview question '{s}'", s,
                       "a question code from interview_guide.yaml")
        entries.append({"indicator": ident[0], "criterion": ident[1], "survey": surveys,
                        "interview": interviews, "note": e.get("note", "")})
    if crit_keys is not None:
        for ident in sorted(crit_keys - seen):
            c.fail("criteria", f"criterion {ident[0]} {ident[1]} has no entry", None,
                   "one entry per criterion (survey: [] when no survey item informs it)")
    problems += c.problems
    return entries


def describe_problem(p: Problem) -> str:
    """One line for ``ctnat instruments check``: file, key path, what is wrong,
    the value found and what was expected."""
    line = f"{p.file}: {p.message}"
    if p.value is not None and "found" not in p.message:
        line += f"; found {p.value!r}"
    if p.expected and "expected" not in p.message:
        line += f"; expected {p.expected}"
    return line


def check_instruments(directory: str | Path | None = None) -> list[Problem]:
    """Validate every instrument file; return the problems (empty when all is well)."""
    try:
        _load(Path(directory) if directory else instruments_dir())
    except InstrumentError as exc:
        return exc.problems
    return []


def load_instruments(directory: str | Path | None = None) -> Instruments:
    """Read and validate ``instruments/``. Raises :class:`InstrumentError` naming every
    problem (file and key) when something is wrong. Cached per directory."""
    return _load_cached(str(Path(directory or instruments_dir()).resolve()), _mtime_key(directory))


def _mtime_key(directory) -> tuple:
    d = Path(directory or instruments_dir())
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in d.glob("*.yaml"))) if d.exists() else ()


@lru_cache(maxsize=8)
def _load_cached(directory: str, _key: tuple) -> Instruments:
    return _load(Path(directory))


def _load(d: Path) -> Instruments:
    problems: list[Problem] = []
    indicators = _load_indicators(d / "indicators.yaml", problems)
    area_ids = {a["id"] for a in indicators.areas} if indicators else None
    survey = _load_survey(d / "survey.yaml", area_ids, problems)
    guide = _load_guide(d / "interview_guide.yaml", problems)
    evidence = _load_evidence(d / "evidence_map.yaml", survey, indicators, guide, problems)
    extra = {}
    for p in sorted(d.glob("*.yaml")):
        if p.stem not in SCHEMAS:
            problems.append(Problem(file=p.name, message="not a CT-NAT instrument file (no schema describes it)",
                                    value=p.name, expected=", ".join(f"{s}.yaml" for s in SCHEMAS)))
            continue
        if p.stem not in ("survey", "indicators", "interview_guide", "evidence_map"):
            data = _read_yaml(p, problems)
            if data is not None:
                extra[p.stem] = data
    for stem in SCHEMAS:
        if stem not in ("survey", "indicators", "interview_guide", "evidence_map") and not (d / f"{stem}.yaml").exists():
            problems.append(Problem(file=f"{stem}.yaml", message="instrument file is missing",
                                    expected=f"{d / (stem + '.yaml')}"))
    if indicators is not None:
        _check_extras(d, extra, indicators, problems)
    if problems:
        raise InstrumentError(f"Instrument files in {d} have {len(problems)} problem(s):", problems)
    return Instruments(directory=d, survey=survey, indicators=indicators, guide=guide,
                       evidence_map=evidence, extra=extra)


def _check_extras(d: Path, extra: dict, indicators: Indicators, problems: list[Problem]) -> None:
    """Check the references of the codebook, rubric and recommendation library."""
    criteria = {f"{i.id}.{c}" for i in indicators.indicators for c in CRITERIA}
    areas = {a["id"] for a in indicators.areas} | {str(a.get("id")) for a in (extra.get("codebook") or {}).get("extra_areas") or []}
    if "codebook" in extra:
        c = _Checker(d / "codebook.yaml")
        cb = extra["codebook"]
        langs = _languages(c, cb)
        seen = set()
        for n, t in enumerate(cb.get("themes") or []):
            key = f"themes[{t.get('code', n)}]"
            if not c.require(key, t, "code", "area", "label"):
                continue
            if t["code"] in seen:
                c.fail(f"{key}.code", f"duplicate theme code '{t['code']}'", t["code"])
            seen.add(t["code"])
            if str(t["area"]) not in areas:
                c.fail(f"{key}.area", f"unknown area '{t['area']}'", t["area"], ", ".join(sorted(areas)))
            c.label(f"{key}.label", t["label"], langs)
            for crit in t.get("criteria") or []:
                if crit not in criteria:
                    c.fail(f"{key}.criteria", f"unknown criterion '{crit}'", crit, "<indicator id>.<fw1|fw2|op1|op2>")
            for lang, pats in (t.get("patterns") or {}).items():
                for pat in pats or []:
                    try:
                        re.compile(pat)
                    except re.error as exc:
                        c.fail(f"{key}.patterns.{lang}", f"invalid regular expression: {exc}", pat)
            for k, rule in enumerate(t.get("criteria_rules") or []):
                for crit in rule.get("criteria") or []:
                    if crit not in criteria:
                        c.fail(f"{key}.criteria_rules[{k}].criteria", f"unknown criterion '{crit}'", crit,
                               "<indicator id>.<fw1|fw2|op1|op2>")
                for lang, pats in (rule.get("patterns") or {}).items():
                    for pat in pats or []:
                        try:
                            re.compile(pat)
                        except re.error as exc:
                            c.fail(f"{key}.criteria_rules[{k}].patterns.{lang}", f"invalid regular expression: {exc}",
                                   pat)
        problems += c.problems
    if "rubric" in extra:
        c = _Checker(d / "rubric.yaml")
        r = extra["rubric"]
        statuses = [str(s) for s in r["statuses"]]
        needed = list(SCORED_STATUSES) + [INSUFFICIENT]
        for s in needed:
            if s not in statuses:
                c.fail("statuses", f"'{s}' is missing", ", ".join(statuses), ", ".join(needed))
        for s in statuses:
            if s not in r["status_labels"]:
                c.fail(f"status_labels.{s}", "is required but missing", None, "a label for every status")
            else:
                c.label(f"status_labels.{s}", r["status_labels"][s], ["en"])
        for s in r["gap_statuses"]:
            if s not in statuses:
                c.fail("gap_statuses", f"unknown status '{s}'", s, ", ".join(statuses))
        for s in r["criterion_points"]:
            if s not in statuses:
                c.fail(f"criterion_points.{s}", f"unknown status '{s}'", s, ", ".join(statuses))
        for s in SCORED_STATUSES:
            if s not in r["criterion_points"]:
                c.fail(f"criterion_points.{s}", "is required but missing", None, "points for every scored status")
        if r["survey"]["partly_share"] > r["survey"]["met_share"]:
            c.fail("survey.partly_share", "must not be above survey.met_share", r["survey"]["partly_share"],
                   f"at most {r['survey']['met_share']}")
        if r["bands"]["not_met"] > r["bands"]["met"]:
            c.fail("bands.not_met", "must not be above bands.met", r["bands"]["not_met"], f"at most {r['bands']['met']}")
        problems += c.problems
    if "nap_rules" in extra:
        c = _Checker(d / "nap_rules.yaml")
        n = extra["nap_rules"]
        ind_ids = [i.id for i in indicators.indicators]
        for k in n["indicators"]:
            if str(k) not in ind_ids:
                c.fail(f"indicators.{k}", f"unknown indicator '{k}'", k, "an indicator id from indicators.yaml")
        for k in n["section_areas"]:
            if str(k) not in areas:
                c.fail(f"section_areas.{k}", f"unknown area '{k}'", k, ", ".join(sorted(areas)))
        keys = [it["key"] for it in n["checklist"]]
        for k in n["checklist_recommendations"]:
            if k not in keys:
                c.fail(f"checklist_recommendations.{k}", f"unknown checklist item '{k}'", k, ", ".join(keys))
        for group in ("section_areas", "indicators"):
            for k, pats in n[group].items():
                for pat in pats:
                    try:
                        re.compile(pat.lstrip("!"))
                    except re.error as exc:
                        c.fail(f"{group}.{k}", f"invalid regular expression: {exc}", pat)
        problems += c.problems
    if "recommendations" in extra:
        from .blocks import check_blocks

        problems += check_blocks(d / "recommendations.yaml", extra["recommendations"], criteria,
                                 {a["id"] for a in indicators.areas}, None)
