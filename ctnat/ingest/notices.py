"""The warnings of an ingest, written out for the person who runs the build.

Ingest records every warning in ``manifest.json`` (without the value found: a
value may quote a cell). ``ctnat ingest`` and ``ctnat build`` (so ``make
report``) print them in full, grouped by the received file they concern, with
a count per file; the same warning at several rows is one line naming the
rows::

    AZE: 4 warnings in the received files (the outputs were made; read them before publishing):
      statistics.csv (4)
        row 3, column 'source': victims_identified 2014 … is reported by 2 sources — expected: …
        2×: column 'value': a count of 1 (persons) is a small cell … (rows 5, 9)
"""

from __future__ import annotations

from ..messages import _, format_list, format_number, ngettext
from ..problems import printable


def _where(row, column) -> str:
    parts = []
    if row not in (None, ""):
        parts.append(_("row {row}", row=row))
    if column:
        parts.append(_("column '{column}'", column=printable(str(column))))
    return ", ".join(parts)


def describe_warnings(country: str, warnings: list[dict]) -> list[str]:
    """The lines that show ``warnings`` (the problem records of a manifest, or
    :meth:`Problem.as_dict`): a heading with the count, then per file its count
    and each distinct warning once. No warnings: no lines."""
    shown = [w for w in warnings if w.get("severity", "warning") == "warning"]
    if not shown:
        return []
    lines = [ngettext("{country}: {n} warning in the received files (the outputs were made; read it before "
                      "publishing):",
                      "{country}: {n} warnings in the received files (the outputs were made; read them before "
                      "publishing):", len(shown), country=country)]
    by_file: dict[str, dict[tuple, list]] = {}
    for w in shown:
        key = (str(w.get("message") or ""), w.get("column") or "", w.get("expected") or "",
               "" if w.get("value") in (None, "") else str(w["value"]))
        by_file.setdefault(str(w.get("file") or ""), {}).setdefault(key, []).append(w.get("row"))
    for file in sorted(by_file):
        groups = by_file[file]
        lines.append(f"  {printable(file)} ({format_number(sum(len(rows) for rows in groups.values()))})")
        for (message, column, expected, value), rows in groups.items():
            known = [str(r) for r in rows if r not in (None, "")]
            if len(rows) == 1:
                where = _where(rows[0], column)
            else:
                where = _where(None, column)
            text = f"{where}: {message}" if where else message
            if value:
                text += " " + _("(found: {value})", value=repr(value))
            if expected:
                text += " — " + _("expected: {expected}", expected=expected)
            if len(rows) > 1:
                text = f"{format_number(len(rows))}×: {text}"
                if known:
                    text += " " + _("(rows {rows})", rows=format_list(known))
            lines.append(f"    {printable(text)}")
    return lines
