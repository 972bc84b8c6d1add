"""Reading filled validation-workshop worksheets back (the worksheet itself is
written by :mod:`ctnat.workshop.worksheet`).

A group marks its top three priorities (A–Q, rank 1–3) and decides on each draft
recommendation: endorse, amend (with the new wording) or reject. The Word
worksheet is tagged like the other CT-NAT forms:

- ``ctnat|ws|group_id`` — the group's name or number;
- ``ctnat|ws|priority|<letter>`` — the rank the group gives a priority;
- ``ctnat|ws|rec|<key>|endorse`` / ``amend`` / ``reject`` — the decision boxes;
- ``ctnat|ws|rec|<key>|text`` — the amended wording.

``<key>`` is the recommendation's building-block key (``id_referral``), which
stays the same when recommendations are renumbered. The same fields as CSV (one
row per item): ``group_id``, ``item`` (a priority letter or a recommendation
key), ``rank``, ``decision``, ``amended_text``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..instruments.word_forms import _controls
from ..problems import InputError, Problem

DECISIONS = ("endorse", "amend", "reject")


def _read_docx(path: Path) -> pd.DataFrame:
    doc, controls = _controls(path)
    if not (doc.core_properties.subject or "").startswith("ctnat-workshop-worksheet") and \
            not any(c[0][:1] == ["ws"] for c in controls):
        raise InputError(f"{path.name} is not a CT-NAT workshop worksheet", [Problem(
            path.name, "the document has no worksheet fields", expected="the worksheet made by `make handout`")])
    group, rows, decisions, texts = "", [], {}, {}
    for parts, text, placeholder, checked in controls:
        if parts[:1] != ["ws"]:
            continue
        if parts[1] == "group_id" and not placeholder:
            group = text
        elif parts[1] == "priority" and not placeholder and text.strip():
            rows.append({"item": parts[2], "rank": text.strip(), "decision": "", "amended_text": ""})
        elif parts[1] == "rec":
            rid = parts[2]
            if checked:
                decisions.setdefault(rid, []).append(parts[3])
            elif checked is None and parts[3] == "text" and not placeholder and text.strip() not in ("", "…"):
                texts[rid] = text.strip()
    for rid in sorted(set(decisions) | set(texts)):
        rows.append({"item": rid, "rank": "", "decision": ";".join(decisions.get(rid, [])),
                     "amended_text": texts.get(rid, "")})
    df = pd.DataFrame(rows, columns=["item", "rank", "decision", "amended_text"])
    df.insert(0, "group_id", group)
    return df


def read_worksheet(path: str | Path) -> pd.DataFrame:
    """A filled worksheet (Word or CSV) as rows of group_id, item, rank,
    decision, amended_text — not yet validated."""
    path = Path(path)
    if path.suffix.lower() == ".docx":
        return _read_docx(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{path.name} cannot be read", [Problem(path.name, f"not a readable CSV table "
                                                                            f"({type(exc).__name__})")]) from None
    df.columns = [c.strip().lower() for c in df.columns]
    missing = [c for c in ("group_id", "item") if c not in df.columns]
    if missing:
        raise InputError(f"{path.name} is not a worksheet", [Problem(
            path.name, f"required column(s) missing: {', '.join(missing)}", row=1,
            expected="group_id, item, rank, decision, amended_text")])
    for c in ("rank", "decision", "amended_text"):
        if c not in df.columns:
            df[c] = ""
    return df[["group_id", "item", "rank", "decision", "amended_text"]]
