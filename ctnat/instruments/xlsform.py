"""Export the e-survey as an XLSForm (KoboToolbox / ODK Collect / Enketo).

The form has one group per survey section, one ``select_one`` per grid item, a
``select_multiple`` with a count constraint for 2.2 and 2.3, integer fields for the
2.4 ranking and the 8.1 priorities, and a ``label::<Language> (<code>)`` column per
declared language. Field names are the canonical column names, so an export from
Kobo or ODK maps straight back onto them (``ctnat.ingest`` strips group paths).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..atomic import atomic_path
from .model import Field, Instruments, load_instruments

LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "az": "Azerbaijani", "hy": "Armenian", "ka": "Georgian"}


def _label_cols(langs):
    return [f"label::{LANGUAGE_NAMES[lang]} ({lang})" for lang in langs]


def _labels(text: dict, langs, prefix: str = "") -> dict:
    return {col: prefix + (text.get(lang) or text["en"]) for col, lang in zip(_label_cols(langs), langs)}


def xlsform_tables(inst: Instruments, country: str | None = None) -> dict[str, pd.DataFrame]:
    """The survey, choices and settings sheets as DataFrames."""
    s = inst.survey
    langs = s.languages
    rows: list[dict] = []
    choices: list[dict] = []
    lists_done: set[str] = set()

    def add_list(name: str, options):
        if name in lists_done:
            return
        lists_done.add(name)
        for o in options:
            choices.append({"list_name": name, "name": o.code, **_labels(o.label, langs)})

    code_rx = f"^{country.upper()}sur[0-9]+$" if country else "^[A-Z]{3}sur[0-9]+$"
    rows.append({"type": "text", "name": "respondent_code", "required": "yes",
                 "constraint": f"regex(., '{code_rx}')",
                 "constraint_message": "ISO3 country code + 'sur' + number, e.g. AZEsur1",
                 **{c: "Survey #" for c in _label_cols(langs)}})
    by_section: dict[str, list[Field]] = {}
    for f in s.fields:
        by_section.setdefault(f.section, []).append(f)
    for sec in s.sections:
        fields = by_section.get(sec.code, [])
        if not fields:
            continue
        rows.append({"type": "begin_group", "name": f"s{sec.code}",
                     **_labels(sec.title, langs, f"{sec.code}. ")})
        current_grid = None
        for f in fields:
            if f.grid != current_grid:
                if current_grid is not None:
                    rows.append({"type": "end_group", "name": ""})
                if f.grid is not None:
                    rows.append({"type": "begin_group", "name": f"g{f.grid.replace('.', '_')}",
                                 "appearance": "field-list", **_labels(f.grid_text, langs, f"{f.grid} ")})
                current_grid = f.grid
            label = _labels(f.text, langs, f"{f.code} ")
            if f.type == "single":
                list_name = f.scale.code if f.scale else f.choices_ref
                add_list(list_name, f.options)
                row = {"type": f"select_one {list_name}", "name": f.name, **label}
                if f.subset_of:
                    parent = s.field(f.subset_of)
                    row["constraint"] = f"selected(${{{parent.name}}}, .)"
                    row["constraint_message"] = f"Choose one of the forms you selected in {parent.code}."
                rows.append(row)
            elif f.type == "multiple":
                add_list(f.choices_ref, f.options)
                row = {"type": f"select_multiple {f.choices_ref}", "name": f.name, **label}
                if f.max_choices:
                    row["constraint"] = f"count-selected(.) <= {f.max_choices}"
                    row["constraint_message"] = f"Choose at most {f.max_choices}."
                rows.append(row)
            elif f.type == "rank":
                rows.append({"type": "note", "name": f"{f.name}_note", **label})
                names = [f"{f.name}_{o.code}" for o in f.options]
                for o, name in zip(f.options, names):
                    others = [n for n in names if n != name]
                    uniq = " and ".join(f". != ${{{n}}}" for n in others)
                    rows.append({"type": "integer", "name": name, **_labels(o.label, langs),
                                 "constraint": f". >= 1 and . <= {f.rank_max} and {uniq}",
                                 "constraint_message": f"Give each group a different rank from 1 to {f.rank_max}."})
            elif f.type == "priorities":
                rows.append({"type": "note", "name": f"{f.name}_note", **label})
                for o in f.options:
                    rows.append({"type": "integer", "name": f"{f.name}_{o.code}",
                                 **_labels(o.label, langs, f"{o.code}. "),
                                 "constraint": f". >= 1 and . <= {f.rank_max}",
                                 "constraint_message": f"Rank 1 to {f.rank_max}; leave empty if not chosen."})
            elif f.type == "text":
                rows.append({"type": "text", "name": f.name, "appearance": "multiline", **label})
            if f.has_other:
                other = next(o for o in f.options if o.other)
                if f.type == "priorities":
                    relevant = f"${{{f.name}_{other.code}}} != ''"
                else:
                    relevant = f"selected(${{{f.name}}}, '{other.code}')"
                rows.append({"type": "text", "name": f"{f.name}_other", "relevant": relevant,
                             **_labels(other.label, langs, f"{f.code} ")})
        if current_grid is not None:
            rows.append({"type": "end_group", "name": ""})
        rows.append({"type": "end_group", "name": ""})
    cols = ["type", "name", *_label_cols(langs), "required", "relevant", "constraint",
            "constraint_message", "appearance"]
    survey = pd.DataFrame(rows).reindex(columns=cols).fillna("")
    choices_df = pd.DataFrame(choices).reindex(columns=["list_name", "name", *_label_cols(langs)]).fillna("")
    settings = pd.DataFrame([{
        "form_title": "CT-NAT e-survey" + (f" ({country.upper()})" if country else ""),
        "form_id": "ctnat_survey" + (f"_{country.lower()}" if country else ""),
        "version": s.version or "1",
        "default_language": f"{LANGUAGE_NAMES['en']} (en)",
    }])
    return {"survey": survey, "choices": choices_df, "settings": settings}


def write_xlsform(path: str | Path, country: str | None = None, inst: Instruments | None = None) -> Path:
    """Write the e-survey as an XLSForm workbook at ``path``."""
    inst = inst or load_instruments()
    tables = xlsform_tables(inst, country)
    path = Path(path)
    with atomic_path(path) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
            for name, df in tables.items():
                df.to_excel(xw, sheet_name=name, index=False)
    return path
