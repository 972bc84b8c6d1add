"""Validate survey responses row by row and turn answers into option codes.

Each problem names the file, the row as the user sees it in Excel (header =
row 1), the column, the value found and what is allowed, in plain language.
"""

from __future__ import annotations

import re

import pandas as pd

from ..instruments import Field, Survey, normalise
from ..problems import Problem
from .scrub import scrub_text

CODE_RX = re.compile(r"^([A-Za-z]{3})sur(\d+)$")


def _allowed(field: Field) -> str:
    return "one of: " + ", ".join(o.en for o in field.options) + " (the code, the English or a translated label)"


class SurveyValidator:
    def __init__(self, survey: Survey, country: str, file: str, first_row: int = 2):
        self.survey = survey
        self.country = country.upper()
        self.file = file
        self.first_row = first_row
        self.problems: list[Problem] = []
        self.lookups = {f.name: f.lookup() for f in survey.fields if f.options}

    def error(self, row, column, message, value=None, expected=None, severity="error"):
        self.problems.append(Problem(self.file, message, row=row, column=column,
                                     value=None if value is None else str(value), expected=expected,
                                     severity=severity))

    # ------------------------------------------------------------------ values
    def _single(self, f: Field, value: str, row: int) -> str:
        if value == "":
            return ""
        code = self.lookups[f.name].get(normalise(value))
        if code is None:
            self.error(row, f.name, f"'{value}' is not an answer to {f.code}", value, _allowed(f))
            return ""
        return code

    def _multiple(self, f: Field, value: str, row: int) -> str:
        if value == "":
            return ""
        lookup = self.lookups[f.name]
        whole = lookup.get(normalise(value))
        if whole:
            tokens = [whole]
        else:
            parts = [p for p in re.split(r"[;|\n]", value) if p.strip()]
            if len(parts) == 1 and " " in value.strip():
                parts = value.split()  # Kobo: space-separated option codes
            tokens = []
            for p in parts:
                code = lookup.get(normalise(p))
                if code is None:
                    self.error(row, f.name, f"'{p.strip()}' is not an answer to {f.code}", p.strip(),
                               _allowed(f) + "; separate several answers with ';'")
                else:
                    tokens.append(code)
        order = {o.code: i for i, o in enumerate(f.options)}
        tokens = sorted(dict.fromkeys(tokens), key=lambda c: order.get(c, 99))
        if f.max_choices and len(tokens) > f.max_choices:
            self.error(row, f.name, f"{len(tokens)} answers chosen for {f.code}; at most {f.max_choices} are allowed",
                       value, f"no more than {f.max_choices} answers")
        return ";".join(tokens)

    def _rank_value(self, column: str, value: str, row: int, top: int):
        if value == "":
            return None
        try:
            n = float(value)
        except ValueError:
            n = None
        if n is None or n != int(n) or not 1 <= n <= top:
            self.error(row, column, f"'{value}' is not a rank", value, f"a whole number from 1 to {top}")
            return None
        return int(n)

    def _rank(self, f: Field, rec: dict, row: int, out: dict) -> None:
        ranks = {}
        for o in f.options:
            col = f"{f.name}_{o.code}"
            r = self._rank_value(col, str(rec.get(col, "")).strip(), row, f.rank_max)
            ranks[o.code] = r
            out[col] = "" if r is None else str(r)
        given = [r for r in ranks.values() if r is not None]
        raw = [str(rec.get(f"{f.name}_{o.code}", "")).strip() for o in f.options]
        if any(raw) and sorted(given) != list(range(1, f.rank_max + 1)) and len(given) == sum(1 for v in raw if v):
            self.error(row, f"{f.name}_*", f"the ranks of {f.code} must use each of "
                       f"{', '.join(str(i) for i in range(1, f.rank_max + 1))} exactly once",
                       ", ".join(v or "(empty)" for v in raw),
                       f"a different rank from 1 to {f.rank_max} for each of the {len(f.options)} groups")

    def _priorities(self, f: Field, rec: dict, row: int, out: dict) -> None:
        chosen = {}
        for o in f.options:
            col = f"{f.name}_{o.code}"
            value = str(rec.get(col, "")).strip()
            if value.lower() in ("x", "✓", "v", "yes"):
                self.error(row, col, f"priority {o.code} is ticked but has no rank", value,
                           f"its rank: a whole number from 1 to {f.rank_max}")
                continue
            r = self._rank_value(col, value, row, f.rank_max)
            out[col] = "" if r is None else str(r)
            if r is not None:
                chosen[o.code] = r
        if len(chosen) > f.max_choices:
            self.error(row, f"{f.name}_*", f"{len(chosen)} priorities ranked in {f.code}; at most "
                       f"{f.max_choices} are allowed", ", ".join(f"{k}={v}" for k, v in chosen.items()),
                       f"ranks for no more than {f.max_choices} priorities")
        seen: dict[int, list[str]] = {}
        for k, v in chosen.items():
            seen.setdefault(v, []).append(k)
        for r, keys in sorted(seen.items()):
            if len(keys) > 1:
                self.error(row, f"{f.name}_*", f"rank {r} is given to more than one priority in {f.code} "
                           f"({', '.join(keys)})", ", ".join(f"{k}={r}" for k in keys),
                           "each rank used once")

    # ------------------------------------------------------------------- table
    def validate(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Return the coded respondent rows (canonical columns) of ``frame``."""
        rows, seen = [], {}
        prefix = f"{self.country}sur"
        for i, rec in enumerate(frame.to_dict("records")):
            row = self.first_row + i
            rec = {k: ("" if v is None else str(v).strip()) for k, v in rec.items()}
            if not any(v for k, v in rec.items() if not k.startswith("prov:")):
                continue  # a blank line in the spreadsheet
            code = rec.get("respondent_code", "")
            out = {"respondent_code": code, "source_row": row}
            if not code:
                self.error(row, "respondent_code", "the respondent code is empty", "", f"a code like {prefix}1")
            else:
                m = CODE_RX.match(code)
                if not m:
                    self.error(row, "respondent_code", f"'{code}' is not a respondent code", code,
                               f"the country code, 'sur' and a number, e.g. {prefix}1")
                elif m.group(1).upper() != self.country:
                    self.error(row, "respondent_code", f"respondent code '{code}' belongs to {m.group(1).upper()}, "
                               f"but this file is being checked for {self.country}", code, f"codes starting with {prefix}")
                if code in seen:
                    self.error(row, "respondent_code", f"respondent code '{code}' is used twice (first in row "
                               f"{seen[code]})", code, "each respondent code once")
                else:
                    seen[code] = row
            for f in self.survey.fields:
                if f.type == "single":
                    out[f.name] = self._single(f, rec.get(f.name, ""), row)
                elif f.type == "multiple":
                    value = rec.get(f.name, "")
                    split = rec.get(f"__split__{f.name}")
                    out[f.name] = self._multiple(f, split if split is not None and split != "" else value, row)
                elif f.type == "rank":
                    self._rank(f, rec, row, out)
                elif f.type == "priorities":
                    self._priorities(f, rec, row, out)
                elif f.type == "text":
                    out[f.name] = scrub_text(rec.get(f.name, ""))
                if f.has_other:
                    out[f"{f.name}_other"] = scrub_text(rec.get(f"{f.name}_other", ""))
            fc = self.survey.by_role("country")
            country = out.get(fc.name, "") if fc is not None else ""
            opt = fc.option(country) if (fc is not None and country) else None
            if opt is not None and not opt.other and country != self.country:
                self.error(row, fc.name, f"the country of work ({fc.code}) is {opt.en}, but this file is being "
                           f"checked for {self.country}", rec.get(fc.name), f"{self.country} or leave it empty")
            for f in self.survey.fields:
                if f.subset_of and out.get(f.name):
                    parent = self.survey.field(f.subset_of)
                    if out[f.name] not in out.get(parent.name, "").split(";"):
                        self.error(row, f.name, f"the answer to {f.code} ('{f.option(out[f.name]).en}') is not "
                                   f"among the answers chosen in {parent.code}", rec.get(f.name),
                                   f"one of the forms chosen in {parent.code}", severity="warning")
            for k, v in rec.items():
                if k.startswith("prov:"):
                    out[k[5:]] = v
            rows.append(out)
        if not rows and not self.problems:
            self.error(None, None, "the file has a header row but no responses", expected="one row per respondent")
        return pd.DataFrame(rows)
