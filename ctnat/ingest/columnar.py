"""Columns of text as pandas categoricals: each distinct value stored once, a
small integer per row.

A survey export repeats a handful of answers in every row, so intake works on
the distinct values of a column — normalise, look up, scrub each once — and
carries the result back to the rows through the integer codes, without a
Python loop over cells. ``recode(s, fn)`` is ``s.map(fn)`` computed on the
distinct values only; ``groups(s, values)`` finds the rows holding given values
in one pass.
"""

from __future__ import annotations

from typing import Callable, Iterable

import numpy as np
import pandas as pd


def is_categorical(s: pd.Series) -> bool:
    return isinstance(s.dtype, pd.CategoricalDtype)


def as_categorical(s: pd.Series) -> pd.Series:
    """``s`` as text (what ``s.astype("str")`` gives) held as a categorical
    without missing values."""
    if is_categorical(s):
        if (s.cat.codes.to_numpy() < 0).any():  # a missing value reads as empty text
            if "" not in s.cat.categories:
                s = s.cat.add_categories([""])
            s = s.fillna("")
        if s.cat.categories.dtype != "str":
            s = s.cat.rename_categories(pd.Index([str(c) for c in s.cat.categories], dtype="str"))
        return s
    return s.astype("str").astype("category")


def from_codes(codes: np.ndarray, values: Iterable[str], index=None) -> pd.Series:
    """A categorical series of ``values[codes]`` (``values`` may repeat)."""
    vals = np.asarray(list(values), dtype=object)
    if len(vals) == 0:
        return pd.Series(pd.Categorical([], categories=pd.Index([], dtype="str")), index=index)
    uniq_codes, uniques = pd.factorize(vals)
    cats = pd.Index(uniques, dtype="str")
    return pd.Series(pd.Categorical.from_codes(uniq_codes[codes], categories=cats), index=index)


def recode(s: pd.Series, fn: Callable[[pd.Index], Iterable[str]]) -> pd.Series:
    """The categorical ``s`` with every value replaced by ``fn`` (applied to
    the categories, an Index of text, and returning one text per category)."""
    cats = s.cat.categories
    new = fn(cats)
    if isinstance(new, (pd.Index, pd.Series)) and len(new) == len(cats) and \
            (np.asarray(new, dtype=object) == np.asarray(cats, dtype=object)).all():
        return s  # nothing changed (stripping answers that have no spaces around them)
    return from_codes(s.cat.codes.to_numpy(), new, index=s.index)


def mask_of(s: pd.Series, fn: Callable[[pd.Index], Iterable[bool]]) -> np.ndarray:
    """A boolean per row: ``fn`` (categories -> one boolean each) taken to the rows."""
    per_cat = np.asarray(list(fn(s.cat.categories)), dtype=bool)
    if len(per_cat) == 0:
        return np.zeros(len(s), dtype=bool)
    return per_cat[s.cat.codes.to_numpy()]


def groups(s: pd.Series, values) -> dict:
    """{value: row positions (ascending)} for the rows of the categorical ``s``
    holding one of ``values``, values in the order of their first row — one
    pass over the rows, whatever the number of values."""
    values = set(values)
    if not values or len(s) == 0:
        return {}
    cats = s.cat.categories
    wanted = np.fromiter((c in values for c in cats), dtype=bool, count=len(cats))
    codes = s.cat.codes.to_numpy()
    rows = np.flatnonzero(wanted[codes])
    if not len(rows):
        return {}
    return {cats[c]: pos for c, pos in _split_by(codes[rows], rows)}


def _split_by(keys: np.ndarray, rows: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """[(key, its rows ascending)] in the order of each key's first row."""
    order = np.argsort(keys, kind="stable")
    sk = keys[order]
    cut = np.flatnonzero(np.diff(sk)) + 1
    parts = [(int(sk[a]), rows[order[a:b]]) for a, b in zip(np.r_[0, cut], np.r_[cut, len(sk)])]
    parts.sort(key=lambda kv: kv[1][0])
    return parts


def combos(columns: list[pd.Series]) -> tuple[list[tuple], np.ndarray]:
    """The distinct combinations of values across categorical columns of the
    same rows: (combinations as tuples of text, the combination of each row)."""
    n = len(columns[0]) if columns else 0
    if n == 0:
        return [], np.zeros(0, dtype=np.int64)
    sizes = [len(c.cat.categories) for c in columns]
    cats = [c.cat.categories.tolist() for c in columns]
    if float(np.prod([float(k) for k in sizes])) < 2.0 ** 62:
        # one integer per row names its combination: hash it, no sort
        key = np.zeros(n, dtype=np.int64)
        for c, k in zip(columns, sizes):
            key = key * k + c.cat.codes.to_numpy().astype(np.int64)
        inverse, uniq_keys = pd.factorize(key)
        rows = []
        for kv in uniq_keys.tolist():
            parts = []
            for k in reversed(sizes):
                kv, r = divmod(kv, k)
                parts.append(r)
            rows.append(parts[::-1])
    else:
        codes = np.column_stack([c.cat.codes.to_numpy().astype(np.int64) for c in columns])
        uniq, inverse = np.unique(codes, axis=0, return_inverse=True)
        rows = uniq.tolist()
    out = [tuple(str(cats[j][k]) for j, k in enumerate(row)) for row in rows]
    return out, np.asarray(inverse).reshape(-1)


def concat_frames(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """``pd.concat(frames, ignore_index=True)``, keeping text columns
    categorical when they are categorical in every frame (their categories
    united) instead of widening them to one Python object per cell."""
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    cols: list = []
    for f in frames:
        cols += [c for c in f.columns if c not in cols]
    out = {}
    for c in cols:
        parts = [f[c] for f in frames if c in f.columns]
        if len(parts) == len(frames) and all(is_categorical(p) for p in parts):
            out[c] = pd.Series(pd.api.types.union_categoricals(parts, ignore_order=True))
        else:
            out[c] = pd.concat([f[c] if c in f.columns else pd.Series([np.nan] * len(f), dtype=object)
                                for f in frames], ignore_index=True)
    return pd.DataFrame(out, columns=cols)
