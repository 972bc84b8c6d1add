"""The report's data-quality annex: which received files were used, which
survey records were superseded by a later file, which files were withdrawn,
and every change the cleaning log made, with its reason.

Read from ``data/processed/<ISO3>/data_changes.csv`` and ``manifest.json``
(written by ingest). Files are named by number, date of receipt and the first
characters of their SHA-256 — never by file name, which may hold a person's
name; who made a change is not printed either.
"""

from __future__ import annotations


import pandas as pd

from .. import catalogue
from ..messages import _, format_date, format_number


def _date(value) -> str:
    """A receipt or correction date in words ('8 December 2026'), empty when none."""
    return format_date(str(value)[:10]) if value else ""


def data_annex_rows(country: str, root=None) -> dict:
    """The annex's tables as lists of rows (for the document and for tests)."""
    manifest = catalogue.read_json("manifest", country, root, missing_ok=True, default={})
    changes = catalogue.read("data_changes", country, root, missing_ok=True)
    if changes is None:
        changes = pd.DataFrame()
    files = [i for i in manifest.get("inputs", []) if i.get("kind") in ("survey", "interview")]
    number = {}
    rows_files = []
    # numbered in order of receipt, as the portal's "Received files" page numbers them (ingest records
    # the numbers); S for a survey file, I for interview notes
    files.sort(key=lambda i: (i.get("no") or 0, str(i["path"])))
    for n, i in enumerate(files, 1):
        rel = "/".join(str(i["path"]).split("/")[-2:])
        number[rel] = f"{'S' if i['kind'] == 'survey' else 'I'}{i.get('no') or n}"
        rows_files.append([number[rel], i["kind"], _date(i.get("received")), str(i.get("rows", "")),
                           str(i.get("sha256", ""))[:10]])
    for w in manifest.get("withdrawn", []):
        number.setdefault(w["file"], f"{'S' if str(w['file']).startswith('surveys/') else 'I'}"
                                     f"{w.get('no') or len(number) + 1}")
    def ref(f):
        return number.get(f, "?")
    out = {"files": rows_files, "superseded": [], "withdrawn": [], "cleaning": []}
    if len(changes):
        for r in changes.to_dict("records"):
            if r["kind"] == "superseded":
                out["superseded"].append([r["respondent_code"], _("{file} row {row}", file=ref(r["file"]), row=r["row"]),
                                          _("{file} row {row}", file=ref(r["replaced_by"]), row=r["replaced_by_row"])])
            elif r["kind"] == "cleaning":
                what = _("whole response removed") if r["column"] == "_remove" else \
                    f"{r['column']}: {r['old_value'] or _('(empty)')} → {r['new_value'] or _('(empty)')}"
                out["cleaning"].append([r["respondent_code"], what, r["reason"], _date(r.get("date"))])
    for w in manifest.get("withdrawn", []):
        out["withdrawn"].append([ref(w["file"]), str(w.get("sha256", ""))[:10], _date(w.get("time")),
                                 w.get("reason", "")])
    return out


def add_data_annex(doc, country: str, root=None, *, letter: str) -> None:
    """Append the data-quality annex to a report document as annex ``letter``."""
    from ..documents.docx_tools import table

    rows = data_annex_rows(country, root)
    doc.add_heading(_("Annex {letter}. Data received and corrections", letter=letter), level=1)
    doc.add_paragraph(_(
        "Files are numbered (S: survey, I: interview notes) and identified by the date they were received and the "
        "first characters of their SHA-256 fingerprint, listed with every file in the ingest manifest. When the "
        "same respondent appears in two survey files, the record from the file received later is used and the "
        "earlier one is superseded; a withdrawn file is kept but not used; the cleaning log corrects single "
        "answers, each change with its reason. Text answers are changed without quoting them here."))
    if rows["files"]:
        table(doc, [_("File"), _("Kind"), _("Received"), _("Rows"), "SHA-256"], rows["files"],
              widths_cm=[1.5, 2.2, 2.6, 1.6, 3.0], font_size=8)
    if rows["superseded"]:
        doc.add_paragraph(_("Superseded survey records ({n}):", n=format_number(len(rows["superseded"]))))
        table(doc, [_("Respondent"), _("Superseded record"), _("Replaced by")], rows["superseded"],
              widths_cm=[3, 4.5, 4.5], font_size=8)
    if rows["withdrawn"]:
        doc.add_paragraph(_("Withdrawn files ({n}):", n=format_number(len(rows["withdrawn"]))))
        table(doc, [_("File"), "SHA-256", _("Withdrawn"), _("Reason")], rows["withdrawn"],
              widths_cm=[1.5, 3, 2.6, 9], font_size=8)
    if rows["cleaning"]:
        doc.add_paragraph(_("Changes from the cleaning log ({n}):", n=format_number(len(rows["cleaning"]))))
        table(doc, [_("Respondent"), _("Change"), _("Reason"), _("Date")], rows["cleaning"],
              widths_cm=[2.4, 6.4, 5.6, 2.2], font_size=8)
    if not (rows["superseded"] or rows["withdrawn"] or rows["cleaning"]):
        doc.add_paragraph(_("No survey record was superseded, no file was withdrawn and the cleaning log made no "
                            "change."))
