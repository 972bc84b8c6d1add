"""The validation-workshop group worksheet: a group marks its top three
priorities (A–Q, rank 1–3) and decides on each draft recommendation (endorse,
amend with the new wording, or reject). The fields are tagged as
:mod:`ctnat.ingest.worksheets` describes; that module reads filled ones back at
ingest."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from docx import Document
from docx.oxml import parse_xml
from docx.shared import Cm, Pt

from .. import catalogue
from ..atomic import atomic_path
from ..instruments import load_instruments
from ..instruments.word_forms import checkbox_xml, textfield_xml
from ..messages import N_, _, label, label_of
from ..paths import instruments_dir
from ..ingest.worksheets import DECISIONS

DECISION_WORDS = {"endorse": N_("endorse"), "amend": N_("amend"), "reject": N_("reject")}  # beside the boxes


def write_worksheet(path: str | Path, country: str, recs: pd.DataFrame, root=None) -> Path:
    """Write the group worksheet listing the priorities and the consolidated draft
    recommendations (``recs``: rows of ``recommendations.csv`` with a number)."""
    inst = load_instruments(instruments_dir(root))
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)  # A4, as the report and the handout
    sec.left_margin = sec.right_margin = Cm(1.8)
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.subject = f"ctnat-workshop-worksheet|{country}"
    name = catalogue.read_json("context", country, root, missing_ok=True, default={}).get("name") or {}
    shown = (label_of(name.get("short")) or label_of(name)) if isinstance(name, dict) else str(name)
    doc.add_heading(_("Validation workshop — group worksheet ({country})", country=shown or country), level=0)
    p = doc.add_paragraph(_("Group: "))
    p._p.append(parse_xml(textfield_xml("ctnat|ws|group_id", _("group name or number"))))
    doc.add_paragraph(_("1. Choose your group's top three priorities for action and rank them 1 (highest) to 3. "
                        "2. For each draft recommendation tick endorse, amend or reject; when you amend, write the "
                        "wording your group proposes. Return the saved file to the facilitators."))
    doc.add_heading(_("Priorities for action"), level=1)
    t = doc.add_table(rows=1, cols=2)
    t.style = doc.styles["Table Grid"]
    t.rows[0].cells[0].text = _("Priority")
    t.rows[0].cells[1].text = _("Rank (1–3)")
    fprio = inst.survey.by_role("priorities")
    for o in (fprio.options if fprio is not None else []):
        cells = t.add_row().cells
        cells[0].text = f"{o.code}. {label(o.label)}"
        cells[1].paragraphs[0]._p.append(parse_xml(textfield_xml(f"ctnat|ws|priority|{o.code}", " ")))
    for row in t.rows:
        row.cells[0].width, row.cells[1].width = Cm(14), Cm(3)
    areas = {a.id: label(a.title) for a in inst.indicators.areas}
    for area_id, group in recs.groupby("area", sort=True):
        doc.add_heading(_("Recommendations — {area}", area=areas.get(str(area_id), area_id)), level=1)
        for r in group.to_dict("records"):
            para = doc.add_paragraph()
            para.add_run(f"{r['id']} {r['title']}").bold = True
            doc.add_paragraph(r["change"])
            for action in [a for a in str(r["actions"]).split(" | ") if a]:
                doc.add_paragraph(action, style="List Bullet")
            meta = doc.add_paragraph()
            meta.add_run(_("Answers: {gaps}. Responsible: {bodies}. Priority: {priority}. Timeframe: {timeframe}.",
                           gaps=r["gap_detail"], bodies=r["bodies"], priority=r["priority"] or _("not set"),
                           timeframe=r["timeframe"])).font.size = Pt(8)
            boxes = doc.add_paragraph()
            for d in DECISIONS:
                boxes._p.append(parse_xml(checkbox_xml(f"ctnat|ws|rec|{r['key']}|{d}")))
                boxes.add_run(f" {_(DECISION_WORDS[d])}    ")
            amended = doc.add_paragraph(_("Amended wording: "))
            amended._p.append(parse_xml(textfield_xml(f"ctnat|ws|rec|{r['key']}|text", "…", multiline=True)))
    path = Path(path)
    with atomic_path(path) as tmp:
        doc.save(str(tmp))
    return path
