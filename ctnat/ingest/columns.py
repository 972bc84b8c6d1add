"""Map a received table's headers onto the canonical survey columns — by name,
never by position.

Understands the CT-NAT template (``q3_1_4``), KoboToolbox exports (``group/
question`` paths, in XML-values or label mode — labels in any language of the
instrument, with or without the question number, whatever punctuation they hold,
``/`` included — and select-multiple ``question/option`` 0/1 columns) and ODK
Central CSV (``group-question`` paths). Kobo and ODK metadata (``_id``, ``_uuid``,
``_submission_time``, ``_index``, ``KEY``, ``SubmissionDate`` …) are kept as
provenance.

Nothing is dropped quietly: two columns for the same question are an error; a
column that looks like a survey question (a question number or name, or a label
close to one) but matches none is an error; only clearly foreign columns (names,
e-mails, notes) get a warning and stay in the received file only.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import pandas as pd

from ..instruments import Survey, normalise
from ..problems import Problem

RESPONDENT_ALIASES = {"respondent_code", "respondent", "survey_#", "survey #", "survey no", "survey_no",
                      "survey number", "code", "respondent code"}
META_EXACT = {"key", "submissiondate", "start", "end", "today", "deviceid", "instanceid", "instancename",
              "submitterid", "submittername", "attachmentsexpected", "attachmentspresent", "status",
              "reviewstate", "devicesid", "edits", "formversion", "meta/instanceid", "meta-instanceid",
              "meta/instancename", "meta-instancename", "username", "simserial", "subscriberid", "phonenumber",
              "audit", "version", "__version__"}
# a question number (3.1.4, q3_1_4, Q 3.1.4) at the start of a header's last part
QUESTION_LIKE = re.compile(r"^\s*(?:q\s*)?\d+(?:[._]\d+)+\b", re.IGNORECASE)


def label_key(text) -> str:
    """A label folded for matching: normalised, every run of punctuation or
    spaces turned into one space ("industries/sectors" = "industries sectors")."""
    return re.sub(r"[\W_]+", " ", normalise(text)).strip()


def excel_column(i: int) -> str:
    """Spreadsheet letter of a 0-based column position (0 -> A, 26 -> AA)."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


@dataclass
class ColumnMap:
    canonical: dict[str, str] = field(default_factory=dict)  # received header -> canonical column
    split_multiple: dict[str, dict[str, str]] = field(default_factory=dict)  # field name -> {header: option code}
    provenance: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)  # duplicated or unmatched question columns


class Matcher:
    """Every spelling of every survey column: canonical name, Kobo/ODK path
    leaf, and labels in every instrument language (with or without the
    question number)."""

    def __init__(self, survey: Survey):
        self.survey = survey
        self.canonical = set(survey.columns())
        self.multi = {f.name: f for f in survey.fields if f.type == "multiple"}
        labels: dict[str, str] = {}
        ambiguous: set[str] = set()
        multi_labels: dict[str, object] = {}

        def add(text, target):
            k = label_key(text)
            if not k:
                return
            if k in labels and labels[k] != target:
                ambiguous.add(k)
            labels.setdefault(k, target)

        for f in survey.fields:
            for text in f.text.values():
                add(f"{f.code} {text}", f.name)
                add(text, f.name)
                if f.type == "multiple":
                    multi_labels[label_key(f"{f.code} {text}")] = f
                    multi_labels[label_key(text)] = f
            add(f.code, f.name)
            if f.type in ("rank", "priorities"):
                for o in f.options:
                    col = f"{f.name}_{o.code}"
                    for text in o.label.values():
                        add(f"{o.code} {text}", col)
                        add(f"{f.code} {text}", col)
                        add(f"{f.code} {o.code} {text}", col)
                        if f.type == "rank":
                            add(text, col)
            if f.has_other:
                other = next(o for o in f.options if o.other)
                for text in other.label.values():
                    add(f"{f.code} {text}", f"{f.name}_other")
        for k in ambiguous:
            labels.pop(k, None)
        self.labels = labels
        self.multi_labels = multi_labels
        self.label_keys = list(labels)
        self.aliases = {label_key(a) for a in RESPONDENT_ALIASES}

    # ---------------------------------------------------------------- matching
    def target(self, text: str) -> str | None:
        """The canonical column one header (or one part of a path) names."""
        t = text.strip().lstrip("\ufeff")
        if not t:
            return None
        if t in self.canonical:
            return t
        if t.lower() in self.canonical:
            return t.lower()
        key = label_key(t)
        if key in self.aliases:
            return "respondent_code"
        if "-" in t and t.split("-")[-1] in self.canonical:  # ODK Central group-question
            return t.split("-")[-1]
        return self.labels.get(key)

    def multiple_parent(self, text: str):
        t = text.strip()
        if t.split("-")[-1] in self.multi:
            return self.multi[t.split("-")[-1]]
        return self.multi_labels.get(label_key(t))

    def resolve(self, header: str):
        """('column', name) | ('split', field, option code) | None for one header."""
        raw = str(header)
        direct = self.target(raw)
        if direct:
            return ("column", direct)
        parts = raw.split("/")
        if len(parts) > 1:
            # select-multiple split column: <question path>/<option>
            for j in range(len(parts) - 1, 0, -1):
                option = "/".join(parts[j:]).strip()
                for i in range(j):
                    parent = self.multiple_parent("/".join(parts[i:j]))
                    if parent is not None:
                        code = parent.lookup().get(normalise(option)) or _option_by_key(parent, option)
                        if code:
                            return ("split", parent, code)
            for i in range(1, len(parts)):
                t = self.target("/".join(parts[i:]))
                if t:
                    return ("column", t)
        return None

    def header_score(self, cells: list) -> int:
        """How many cells of a candidate header row name a survey column."""
        n = 0
        for c in cells:
            s = "" if c is None else str(c).strip()
            if s and len(s) < 2000 and self.resolve(s) is not None:
                n += 1
        return n

    def looks_like_question(self, header: str) -> str | None:
        """Why an unmatched header looks like a survey question, or None."""
        parts = [p for p in str(header).split("/") if p.strip()]
        leaf = parts[-1].strip() if parts else ""
        if QUESTION_LIKE.match(leaf) or any(QUESTION_LIKE.match(p) for p in parts):
            return "it starts with a question number"
        key = label_key(leaf)
        if len(key) >= 12:
            close = difflib.get_close_matches(key, self.label_keys, n=1, cutoff=0.85)
            if close:
                return f"its label is close to the label of {self.labels[close[0]]}"
        return None


def _option_by_key(f, text: str) -> str | None:
    k = label_key(text)
    for o in f.options:
        if label_key(o.code) == k or any(label_key(v) == k for v in o.label.values()):
            return o.code
    return None


_MATCHERS: dict[int, tuple[Survey, Matcher]] = {}


def matcher_for(survey: Survey) -> Matcher:
    """The matcher of one loaded instrument (built once per instrument)."""
    hit = _MATCHERS.get(id(survey))
    if hit is None or hit[0] is not survey:
        if len(_MATCHERS) > 8:
            _MATCHERS.clear()
        hit = _MATCHERS[id(survey)] = (survey, Matcher(survey))
    return hit[1]


def _is_meta(header: str) -> bool:
    h = header.strip().lower()
    return h.startswith("_") or h in META_EXACT or h.split("/")[-1].startswith("_") or h.startswith("meta/") \
        or h.startswith("meta-") or h.startswith("__")


def map_columns(headers: list[str], survey: Survey, file: str = "", header_row: int = 1) -> ColumnMap:
    """Work out which received column holds which canonical column."""
    mt = matcher_for(survey)
    m = ColumnMap()
    taken: dict[str, int] = {}
    split_taken: dict[tuple[str, str], int] = {}
    for pos, h in enumerate(headers):
        raw = str(h)
        where = f"{excel_column(pos)} ('{raw}')"
        hit = mt.resolve(raw)
        if hit and hit[0] == "split":
            _, f, code = hit
            if (f.name, code) in split_taken:
                m.errors.append(Problem(file, f"two columns hold option '{code}' of {f.code}: column "
                                        f"{excel_column(split_taken[(f.name, code)])} and column {where}",
                                        row=header_row, column=raw, value=raw,
                                        expected="each question or option in one column only"))
                continue
            split_taken[(f.name, code)] = pos
            m.split_multiple.setdefault(f.name, {})[raw] = code
            continue
        if hit:
            target = hit[1]
            if target in taken:
                first = headers[taken[target]]
                m.errors.append(Problem(
                    file, f"the column header is used twice: column {excel_column(taken[target])} ('{first}') and "
                          f"column {where} both hold '{target}'", row=header_row, column=raw, value=raw,
                    expected="each question in one column only (delete or rename one of them)"))
                continue
            taken[target] = pos
            m.canonical[raw] = target
        elif _is_meta(raw):
            m.provenance.append(raw)
        else:
            why = mt.looks_like_question(raw)
            if why:
                m.errors.append(Problem(
                    file, f"column {where} looks like a survey question ({why}) but matches none of the "
                          "instrument's questions, so its answers cannot be used", row=header_row, column=raw,
                    value=raw, expected="the column name from the CT-NAT template or the question's full label"))
            else:
                m.unknown.append(raw)
    return m


def unknown_column_warnings(file: str, cmap: ColumnMap, header_row: int = 1) -> list[Problem]:
    return [Problem(file, "this column is not part of the CT-NAT survey; it stays in the received file but is not copied or analysed",
                    row=header_row, column=h, value=h, expected="a column of the CT-NAT template", severity="warning")
            for h in cmap.unknown]


def canonical_frame(df: pd.DataFrame, cmap: ColumnMap, survey: Survey) -> pd.DataFrame:
    """A frame with canonical column names (missing ones empty), multiple-choice
    split columns folded into ``;``-joined codes, and provenance columns kept.
    Every column is text held as a categorical (see :mod:`.columnar`)."""
    from .columnar import as_categorical

    cols: dict[str, pd.Series] = {}
    for h, target in cmap.canonical.items():
        cols[target] = as_categorical(df[h])
    for name, split in cmap.split_multiple.items():
        chosen = None
        for h, code in split.items():
            ticked = df[h].astype(str).str.strip().str.lower().isin(("1", "1.0", "true", "yes"))
            part = ticked.map({True: code, False: ""})
            chosen = part if chosen is None else (chosen + ";" + part)
        chosen = as_categorical(chosen.str.replace(r";{2,}", ";", regex=True).str.strip(";"))
        if name not in cols or (cols[name].astype(str).str.strip() == "").all():
            cols[name] = chosen
        else:
            cols[f"__split__{name}"] = chosen
    empty = as_categorical(pd.Series([""] * len(df), index=df.index, dtype="str"))
    for c in survey.columns():
        if c not in cols:
            cols[c] = empty
    # only Kobo/ODK metadata travel on as provenance; unknown columns (which may
    # hold names or e-mails) stay in the received file
    for h in cmap.provenance:
        cols[f"prov:{h}"] = as_categorical(df[h])
    return pd.DataFrame(cols, index=df.index)
