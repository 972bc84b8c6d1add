"""Map a received table's headers onto the canonical survey columns — by name,
never by position.

Understands the CT-NAT template (``q3_1_4``), KoboToolbox exports (``group/
question`` paths, in XML-values or label mode, select-multiple ``question/option``
0/1 columns) and ODK Central CSV (``group-question`` paths). Kobo and ODK
metadata (``_id``, ``_uuid``, ``_submission_time``, ``_index``, ``KEY``,
``SubmissionDate`` …) are kept as provenance; columns CT-NAT does not know get a
warning and stay in the received file only (they may hold names or e-mails).
"""

from __future__ import annotations

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
              "meta/instancename", "meta-instancename"}


@dataclass
class ColumnMap:
    canonical: dict[str, str] = field(default_factory=dict)  # received header -> canonical column
    split_multiple: dict[str, dict[str, str]] = field(default_factory=dict)  # field name -> {header: option code}
    provenance: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def _leaf(header: str) -> str:
    h = header.strip().lstrip("\ufeff")
    if "/" in h:
        return h.split("/")[-1].strip()
    return h


def _is_meta(header: str) -> bool:
    h = header.strip().lower()
    return h.startswith("_") or h in META_EXACT or h.split("/")[-1].startswith("_") or h.startswith("meta/") \
        or h.startswith("meta-") or h.startswith("__")


def map_columns(headers: list[str], survey: Survey) -> ColumnMap:
    """Work out which received column holds which canonical column."""
    canonical = set(survey.columns())
    by_code = {f.code: f for f in survey.fields}
    multi = {f.name: f for f in survey.fields if f.type == "multiple"}
    labels = {}
    for f in survey.fields:
        for text in f.text.values():
            labels.setdefault(normalise(text), f.name)
    m = ColumnMap()
    taken: set[str] = set()
    for h in headers:
        raw = str(h)
        leaf = _leaf(raw)
        low = normalise(leaf)
        target = None
        if normalise(raw) in RESPONDENT_ALIASES or low in RESPONDENT_ALIASES:
            target = "respondent_code"
        elif leaf in canonical:
            target = leaf
        elif "-" in leaf and leaf.split("-")[-1] in canonical:  # ODK Central group-question
            target = leaf.split("-")[-1]
        else:
            # Kobo select-multiple split column: .../q2_2/forced_labour (XML) or label paths
            parts = [p.strip() for p in raw.split("/")]
            if len(parts) >= 2:
                parent = parts[-2].split("-")[-1]
                parent_field = multi.get(parent) or _field_by_label(parts[-2], by_code, labels, survey)
                if parent_field is not None and parent_field.type == "multiple":
                    code = parent_field.lookup().get(normalise(parts[-1]))
                    if code:
                        m.split_multiple.setdefault(parent_field.name, {})[raw] = code
                        continue
            f = _field_by_label(leaf, by_code, labels, survey)
            if f is not None:
                target = f.name
            elif normalise(leaf).endswith("please specify") or normalise(leaf).startswith("other"):
                target = None
        if target and target not in taken:
            m.canonical[raw] = target
            taken.add(target)
        elif _is_meta(raw):
            m.provenance.append(raw)
        else:
            m.unknown.append(raw)
    return m


_CODE_PREFIX = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s+(.*)$")


def _field_by_label(text: str, by_code: dict, labels: dict, survey: Survey):
    """Kobo label-mode headers: '3.1.4 Capacity of …' or the question text itself."""
    m = _CODE_PREFIX.match(text)
    if m and m.group(1) in by_code:
        return by_code[m.group(1)]
    name = labels.get(normalise(text))
    if name:
        return survey.field(name)
    return None


def unknown_column_warnings(file: str, cmap: ColumnMap) -> list[Problem]:
    return [Problem(file, "this column is not part of the CT-NAT survey; it stays in the received file but is not copied or analysed",
                    row=1, column=h, value=h, expected="a column of the CT-NAT template", severity="warning")
            for h in cmap.unknown]


def canonical_frame(df: pd.DataFrame, cmap: ColumnMap, survey: Survey) -> pd.DataFrame:
    """A frame with canonical column names (missing ones empty), multiple-choice
    split columns folded into ``;``-joined codes, and provenance columns kept."""
    out = pd.DataFrame(index=df.index)
    for h, target in cmap.canonical.items():
        out[target] = df[h].astype(str)
    for name, cols in cmap.split_multiple.items():
        chosen = []
        for _, row in df[list(cols)].iterrows():
            codes = [cols[h] for h in cols if str(row[h]).strip().lower() in ("1", "1.0", "true", "yes")]
            chosen.append(";".join(codes))
        if name not in out or (out[name].str.strip() == "").all():
            out[name] = chosen
        else:
            out[f"__split__{name}"] = chosen
    for c in survey.columns():
        if c not in out:
            out[c] = ""
    # only Kobo/ODK metadata travel on as provenance; unknown columns (which may
    # hold names or e-mails) stay in the received file
    for h in cmap.provenance:
        out[f"prov:{h}"] = df[h].astype(str)
    return out
