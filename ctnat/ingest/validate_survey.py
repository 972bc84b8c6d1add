"""Validate survey responses and turn answers into option codes.

Each problem names the file, the row as the user sees it in Excel (header =
row 1, blank lines counted), the column, the value found and what is allowed, in
plain language. The work is done column by column over the distinct values of
each column, so a 50,000-row file costs about as much as its distinct answers.

Respondent codes are compared trimmed and case-insensitively and stored in one
canonical spelling (``azesur1`` -> ``AZEsur1``).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from ..instruments import Field, Survey, normalise
from ..messages import _, ngettext
from ..problems import Problem
from .columnar import as_categorical, combos, from_codes, groups, mask_of, recode
from .scrub import scrub_text

CODE_RX = re.compile(r"^([A-Za-z]{3})sur(\d+)$", re.IGNORECASE)


def canonical_code(code: str) -> str:
    """The one spelling of a respondent code: ISO3 upper case, 'sur' lower
    case (``azeSUR1`` -> ``AZEsur1``); anything else unchanged but trimmed."""
    code = str(code).strip()
    m = CODE_RX.match(code)
    if not m:
        return code
    return f"{m.group(1).upper()}sur{m.group(2)}"


def script_hint(value: str) -> str:
    """'' or a hint naming the non-Latin letters inside an otherwise Latin value
    (a Cyrillic 'А' typed into 'AZEsur1')."""
    letters = [ch for ch in value if ch.isalpha()]
    latin = [ch for ch in letters if ord(ch) < 0x250]
    other = [ch for ch in letters if ord(ch) >= 0x250]
    if not latin or not other:
        return ""
    names = []
    for ch in dict.fromkeys(other):
        try:
            names.append(f"'{ch}' ({unicodedata.name(ch).title()})")
        except ValueError:
            names.append(f"'{ch}'")
    return _("; it mixes Latin letters with {letters} — retype it with Latin letters only",
             letters=", ".join(names[:3]))


def _allowed(field: Field) -> str:
    return _("one of: {answers} (the code, the English or a translated label)",
             answers=", ".join(o.en for o in field.options))


class SurveyValidator:
    def __init__(self, survey: Survey, country: str, file: str, first_row: int = 2,
                 row_numbers: list[int] | None = None, row_files: list[str] | None = None):
        self.survey = survey
        self.country = country.upper()
        self.file = file
        self.first_row = first_row
        self.row_numbers = row_numbers
        self.row_files = row_files
        self.problems: list[Problem] = []
        self._found: list[tuple] = []
        self.lookups = {f.name: f.lookup() for f in survey.fields if f.options}
        self._order = {c: i for i, c in enumerate(survey.columns())}

    def error(self, row, column, message, value=None, expected=None, severity="error", file=None):
        p = Problem(file or self.file, message, row=row, column=column,
                    value=None if value is None else str(value), expected=expected, severity=severity)
        key = (row or 0, self._order.get(str(column).rstrip("*").rstrip("_"), self._order.get(column, 10_000)))
        self._found.append((key, p))

    # ------------------------------------------------------------------ values
    def _single_map(self, f: Field, values) -> dict:
        lookup = self.lookups[f.name]
        out: dict = {}
        for v in values:
            if v == "":
                out[v] = ("", None)
                continue
            code = lookup.get(normalise(v))
            if code is None:
                out[v] = ("", (_("'{value}' is not an answer to {question}", value=v, question=f.code)
                               + script_hint(v), v, _allowed(f)))
            else:
                out[v] = (code, None)
        return out

    def _multiple_one(self, f: Field, value: str):
        """(codes joined by ';', [(message, value, expected)])"""
        if value == "":
            return "", []
        lookup = self.lookups[f.name]
        errs = []
        whole = lookup.get(normalise(value))
        if whole:
            tokens = [whole]
        else:
            parts = [p for p in re.split(r"[;|\n]", value) if p.strip()]
            if len(parts) == 1 and " " in value.strip() and all(lookup.get(normalise(t)) for t in value.split()):
                parts = value.split()  # Kobo: space-separated option codes
            elif len(parts) == 1 and " " in value.strip() and not lookup.get(normalise(parts[0])):
                spaced = value.split()
                if all(normalise(t) in lookup for t in spaced):
                    parts = spaced
            tokens = []
            for p in parts:
                code = lookup.get(normalise(p))
                if code is None:
                    commas = [c for c in p.split(",") if c.strip()]
                    hint = script_hint(p)
                    if len(commas) > 1 and all(lookup.get(normalise(c)) for c in commas):
                        hint = _("; the answers are separated by commas — separate several answers with ';'")
                    errs.append((_("'{value}' is not an answer to {question}", value=p.strip(), question=f.code)
                                 + hint, p.strip(), _allowed(f) + _("; separate several answers with ';'")))
                else:
                    tokens.append(code)
        order = {o.code: i for i, o in enumerate(f.options)}
        tokens = sorted(dict.fromkeys(tokens), key=lambda c: order.get(c, 99))
        if f.max_choices and len(tokens) > f.max_choices:
            errs.append((ngettext("{n} answer chosen for {question}; at most {max} are allowed",
                                  "{n} answers chosen for {question}; at most {max} are allowed", len(tokens),
                                  n=len(tokens), question=f.code, max=f.max_choices), value,
                         ngettext("no more than {n} answer", "no more than {n} answers", f.max_choices,
                                  n=f.max_choices)))
        return ";".join(tokens), errs

    @staticmethod
    def _rank_value(value: str, top: int):
        """(rank or None, error or None)"""
        if value == "":
            return None, None
        try:
            n = float(value)
        except ValueError:
            n = None
        if n is None or n != n or n != int(n) or not 1 <= n <= top:
            return None, (_("'{value}' is not a rank", value=value), value,
                          _("a whole number from 1 to {top}", top=top))
        return int(n), None

    def _rank_combo(self, f: Field, raw: tuple):
        cols = [f"{f.name}_{o.code}" for o in f.options]
        outs, errs, given = [], [], []
        for col, v in zip(cols, raw):
            r, e = self._rank_value(v, f.rank_max)
            outs.append("" if r is None else str(r))
            if e:
                errs.append((col,) + e)
            if r is not None:
                given.append(r)
        if any(raw) and sorted(given) != list(range(1, f.rank_max + 1)) and len(given) == sum(1 for v in raw if v):
            errs.append((f"{f.name}_*", f"the ranks of {f.code} must use each of "
                         f"{', '.join(str(i) for i in range(1, f.rank_max + 1))} exactly once",
                         ", ".join(v or "(empty)" for v in raw),
                         f"a different rank from 1 to {f.rank_max} for each of the {len(f.options)} groups"))
        return outs, errs

    def _priorities_combo(self, f: Field, raw: tuple):
        chosen, outs, errs = {}, [], []
        for o, value in zip(f.options, raw):
            col = f"{f.name}_{o.code}"
            if value.lower() in ("x", "✓", "v", "yes"):
                errs.append((col, f"priority {o.code} is ticked but has no rank", value,
                             f"its rank: a whole number from 1 to {f.rank_max}"))
                outs.append("")
                continue
            r, e = self._rank_value(value, f.rank_max)
            outs.append("" if r is None else str(r))
            if e:
                errs.append((col,) + e)
            if r is not None:
                chosen[o.code] = r
        if len(chosen) > f.max_choices:
            errs.append((f"{f.name}_*", f"{len(chosen)} priorities ranked in {f.code}; at most "
                         f"{f.max_choices} are allowed", ", ".join(f"{k}={v}" for k, v in chosen.items()),
                         f"ranks for no more than {f.max_choices} priorities"))
        seen: dict[int, list[str]] = {}
        for k, v in chosen.items():
            seen.setdefault(v, []).append(k)
        for r, keys in sorted(seen.items()):
            if len(keys) > 1:
                errs.append((f"{f.name}_*", f"rank {r} is given to more than one priority in {f.code} "
                             f"({', '.join(keys)})", ", ".join(f"{k}={r}" for k in keys), "each rank used once"))
        return outs, errs

    # ------------------------------------------------------------------- table
    def validate(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Return the coded respondent rows (canonical columns) of ``frame``.

        Every column is handled as a categorical (:mod:`.columnar`): answers
        are stripped, looked up and scrubbed once per distinct value, and the
        rows holding a bad value are found in one pass. The coded columns are
        categoricals too."""
        n = len(frame)
        rows_all = np.asarray(self.row_numbers if self.row_numbers is not None
                              else range(self.first_row, self.first_row + n), dtype=np.int64)
        files_all = np.asarray(self.row_files, dtype=object) if self.row_files is not None else None
        stripped = {c: recode(as_categorical(frame[c]), _strip) for c in frame.columns}
        blank = np.ones(n, dtype=bool)
        for c, s in stripped.items():
            if not str(c).startswith("prov:"):
                blank &= mask_of(s, _is_empty)
        keep = ~blank
        everything = bool(keep.all())
        data = {c: s.reset_index(drop=True) if everything else s[keep].reset_index(drop=True)
                for c, s in stripped.items()}
        del stripped
        rows = rows_all[keep]
        files = files_all[keep] if files_all is not None else None
        m = int(keep.sum())
        empty = from_codes(np.zeros(m, dtype=np.int64), [""])

        def col(name):
            return data.get(name, empty)

        def emit(positions, column, message, value, expected, severity="error"):
            for i in positions:
                self.error(int(rows[i]), column, message, value, expected, severity,
                           files[i] if files is not None else None)

        out: dict[str, pd.Series] = {}
        prefix = f"{self.country}sur"
        # respondent codes
        codes_raw = col("respondent_code")
        canon, code_errors = {}, {}
        for v in codes_raw.cat.categories.tolist():
            canon[v] = canonical_code(v)
            if v == "":
                continue
            mt = CODE_RX.match(v)
            if not mt:
                code_errors[v] = (_("'{value}' is not a respondent code", value=v) + script_hint(v), v,
                                  _("the country code, 'sur' and a number, e.g. {example}", example=prefix + "1"))
            elif mt.group(1).upper() != self.country:
                code_errors[v] = (_("respondent code '{value}' belongs to {other}, but this file is being checked "
                                    "for {country}", value=v, other=mt.group(1).upper(), country=self.country), v,
                                  _("codes starting with {prefix}", prefix=prefix))
        for v, pos in groups(codes_raw, code_errors).items():
            emit(pos, "respondent_code", *code_errors[v])
        codes = recode(codes_raw, lambda cats: [canon[v] for v in cats.tolist()])
        emit(np.flatnonzero(mask_of(codes, _is_exactly_empty)), "respondent_code", _("the respondent code is empty"),
             "", _("a code like {example}", example=prefix + "1"))
        dup = (codes.duplicated(keep="first").to_numpy() & ~mask_of(codes, _is_exactly_empty))
        if dup.any():
            first_row = {}
            for i, c in enumerate(codes.tolist()):
                if c == "":
                    continue
                if c in first_row:
                    raw = codes_raw.iloc[i]
                    same = "" if raw == codes_raw.iloc[first_row[c]] else f", written '{codes_raw.iloc[first_row[c]]}'"
                    self.error(int(rows[i]), "respondent_code", f"respondent code '{raw}' is used twice (first in "
                               f"row {int(rows[first_row[c]])}{same})", raw, "each respondent code once",
                               file=files[i] if files is not None else None)
                else:
                    first_row[c] = i
        out["respondent_code"] = codes
        out["source_row"] = pd.Series(rows, dtype="int64")
        if files is not None:
            out["source_sheet"] = pd.Series([str(f) for f in files], dtype="str")

        for f in self.survey.fields:
            if f.type == "single":
                s = col(f.name)
                mp = self._single_map(f, s.cat.categories.tolist())
                out[f.name] = recode(s, _mapper(mp))
                bad = {v: err for v, (_, err) in mp.items() if err}
                for v, pos in groups(s, bad).items():
                    emit(pos, f.name, *bad[v])
            elif f.type == "multiple":
                s = col(f.name)
                split = data.get(f"__split__{f.name}")
                if split is not None:
                    whole, parts = s.astype(str), split.astype(str)
                    s = as_categorical(parts.where(parts != "", whole))
                mp = {v: self._multiple_one(f, v) for v in s.cat.categories.tolist()}
                out[f.name] = recode(s, _mapper(mp))
                bad = {v: errs for v, (_, errs) in mp.items() if errs}
                for v, pos in groups(s, bad).items():
                    for e in bad[v]:
                        emit(pos, f.name, *e)
            elif f.type in ("rank", "priorities"):
                cols = [f"{f.name}_{o.code}" for o in f.options]
                fn = self._rank_combo if f.type == "rank" else self._priorities_combo
                # each distinct combination of the answers checked once
                distinct, which = combos([col(c) for c in cols])
                results = [fn(f, combo) for combo in distinct]
                for j, c in enumerate(cols):
                    out[c] = from_codes(which, [r[0][j] for r in results])
                with_errors = [k for k, r in enumerate(results) if r[1]]
                if with_errors:
                    for i in np.flatnonzero(np.isin(which, with_errors)).tolist():
                        for column, msg, value, expected in results[which[i]][1]:
                            self.error(int(rows[i]), column, msg, value, expected,
                                       file=files[i] if files is not None else None)
            elif f.type == "text":
                out[f.name] = _scrub_series(col(f.name))
            if f.has_other:
                out[f"{f.name}_other"] = _scrub_series(col(f"{f.name}_other"))
        self._cross_checks(out, data, rows, files)
        for c, s in data.items():
            if c.startswith("prov:"):
                out[c[5:]] = s
        self.problems += [p for _key, p in sorted(self._found, key=lambda kp: kp[0])]
        self._found = []
        if m == 0 and not self.problems:
            self.error(None, None, _("the file has a header row but no responses"),
                       expected=_("one row per respondent"))
            self.problems += [p for _key, p in self._found]
            self._found = []
        if m == 0:
            return pd.DataFrame(columns=list(out))
        return pd.DataFrame(out)

    def _cross_checks(self, out, data, rows, files):
        def emit(i, column, message, value, expected, severity="error"):
            self.error(int(rows[i]), column, message, value, expected, severity,
                       files[i] if files is not None else None)

        fc = self.survey.by_role("country")
        if fc is not None and fc.name in out:
            got = out[fc.name]
            other = {o.code for o in fc.options if o.other}
            bad = np.flatnonzero(((got != "") & ~got.isin(other) & (got != self.country)).to_numpy())
            for i in bad:
                opt = fc.option(got.iloc[i])
                label = opt.en if opt is not None else got.iloc[i]
                emit(i, fc.name, f"the country of work ({fc.code}) is {label}, but this file "
                     f"is being checked for {self.country}", data.get(fc.name, got).iloc[i],
                     f"{self.country} or leave it empty")
        for f in self.survey.fields:
            if not f.subset_of or f.name not in out:
                continue
            parent = self.survey.field(f.subset_of)
            child, par = out[f.name], out.get(parent.name)
            if par is None:
                continue
            # each distinct (answer, parent answers) pair judged once
            pairs, which = combos([as_categorical(child), as_categorical(par)])
            bad = [k for k, (c, p) in enumerate(pairs) if c and c not in p.split(";")]
            if not bad:
                continue
            for i in np.flatnonzero(np.isin(which, bad)):
                c = pairs[which[i]][0]
                emit(i, f.name, f"the answer to {f.code} ('{f.option(c).en}') is not among the answers chosen "
                     f"in {parent.code}", data[f.name].iloc[i] if f.name in data else c,
                     f"one of the forms chosen in {parent.code}", severity="warning")


def _mapper(mp: dict):
    """categories -> the first item of their entry in ``mp`` (the coded value)."""
    def fn(cats: pd.Index) -> list[str]:
        return [mp[v][0] for v in cats.tolist()]
    return fn


def _strip(cats: pd.Index) -> pd.Index:
    return cats.str.strip()


def _is_empty(cats: pd.Index) -> np.ndarray:
    return np.asarray(cats.str.strip() == "")


def _is_exactly_empty(cats: pd.Index) -> np.ndarray:
    return np.asarray(cats == "")


def _scrub_series(s: pd.Series) -> pd.Series:
    """Free text with e-mails and phone numbers removed, each distinct text once."""
    return recode(s, lambda cats: [scrub_text(v) if v else "" for v in cats.tolist()])
