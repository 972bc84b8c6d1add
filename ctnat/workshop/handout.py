"""``make handout``: the validation-workshop handout (Word, and PDF where
LibreOffice is installed), the group worksheet, and the summary slides.

Handout and slides carry figures, themes and the draft recommendations — never
a respondent's name and no quotes.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt

from ..analysis.profiles import profile_value
from ..tables import read_csv
from ..atomic import atomic_path
from ..instruments import CRITERIA, load_instruments
from ..paths import analysis_dir, instruments_dir, processed_dir
from ..problems import CtnatError
from ..report.build import CRIT_HEAD, STATUS_FILL, STATUS_TEXT
from ..report.docx_tools import note, shade, table
from ..report.recommendations import draft_recommendations
from .worksheet import write_worksheet


def _t(country, root, name):
    p = analysis_dir(country, root) / f"{name}.csv"
    if not p.exists():
        raise CtnatError(f"{p} does not exist: run `make report COUNTRY={country}` (or the stages up to score) first.")
    return read_csv(p)


_count = profile_value


def _page_break(doc):
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _matrix(doc, inst, scores, area_id):
    s = scores.set_index(["indicator", "criterion"])["status"]
    inds = [i for i in inst.indicators.indicators if i.area == area_id]
    t = table(doc, ["Indicator"] + [CRIT_HEAD[c] for c in CRITERIA],
              [[f"{i.id} {i.title['en']}"] + [STATUS_TEXT[s[(i.id, c)]] for c in CRITERIA] for i in inds],
              widths_cm=[6, 2.6, 2.6, 2.6, 2.6], font_size=7.5)
    for r, i in enumerate(inds, start=1):
        for k, c in enumerate(CRITERIA, start=1):
            shade(t.rows[r].cells[k], STATUS_FILL[s[(i.id, c)]])
    note(doc, "Orange = not met, light orange = partly met (gaps); blue = met; grey = insufficient evidence.")


def write_handout(country: str, root=None, recs: pd.DataFrame | None = None) -> Path:
    """Write ``<ISO3>_workshop_handout.docx``: a one-page summary, then one page per area."""
    country = country.upper()
    inst = load_instruments(instruments_dir(root))
    recs = recs if recs is not None else draft_recommendations(country, root, with_outcomes=False)
    scores = _t(country, root, "scores")
    area_scores = _t(country, root, "area_scores")
    fav = _t(country, root, "favourability")
    prof, iprof = _t(country, root, "respondent_profile"), _t(country, root, "interview_profile")
    prio = _t(country, root, "priorities")
    themes_path = analysis_dir(country, root) / "theme_frequencies.csv"
    themes = read_csv(themes_path) if themes_path.exists() else None
    min_n = int(inst.rubric["survey"]["min_n"])

    doc = Document()
    sec = doc.sections[0]
    sec.left_margin = sec.right_margin = Cm(1.8)
    sec.top_margin = sec.bottom_margin = Cm(1.5)
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.subject = f"ctnat-workshop-handout|{country}"
    doc.add_heading(f"Counter-trafficking needs assessment — {country}: draft findings for validation", level=0)
    doc.add_paragraph(f"Validation workshop handout, {dt.date.today():%d %B %Y}. Draft for discussion.")
    n_int = _count(iprof, "interviews")
    doc.add_paragraph(
        f"The findings draw on {n_int} interviews with {_count(iprof, 'participants', 'total')} people "
        f"({_count(iprof, 'participants', 'male')} men, {_count(iprof, 'participants', 'female')} women; "
        f"{_count(iprof, 'entity_type', 'state')} interviews with State agencies), {_count(prof, 'total')} survey "
        "responses and the assessor's review of documents, scored against 25 indicators (100 criteria).")
    table(doc, ["Area", "Met", "Partly met", "Not met", "Insufficient evidence", "Score"],
          [[a["title"], a["met"], a["partly_met"], a["not_met"], a["insufficient_evidence"],
            f"{float(a['score']) * 100:.0f}%" if a["score"] not in ("", None) else "n/a"]
           for a in area_scores.to_dict("records")], widths_cm=[6, 1.8, 2, 1.8, 2.8, 1.8])
    top = prio.assign(w=prio["weighted_score"].astype(int)).sort_values(["w", "priority"], ascending=[False, True]).head(3)
    doc.add_paragraph("Survey respondents' top priorities: " + "; ".join(
        f"{r['priority']} — {r['label']} (score {r['w']})" for r in top.to_dict("records")) + ".")
    doc.add_paragraph(f"{len(recs)} consolidated draft recommendations follow, a few per area, each answering "
                      "gaps in the indicators and numbered for discussion (R<area>.<n>). In groups, choose your top three priorities (A–Q) and endorse, "
                      "amend or reject each recommendation on the group worksheet.")
    for area in inst.indicators.areas:
        _page_break(doc)
        doc.add_heading(f"{area['id']}. {area['title']['en']}", level=1)
        doc.add_heading("Key survey results", level=3)
        items = fav[(fav["area"] == area["id"])].copy()
        items["n_valid"] = pd.to_numeric(items["n_valid"], errors="coerce").fillna(0).astype(int)
        items["share"] = pd.to_numeric(items["favourable_share"], errors="coerce")
        items = items[items["n_valid"] >= min_n].dropna(subset=["share"])
        if len(items):
            best = items.sort_values(["share", "question"], ascending=[False, True]).head(2)
            worst = items.sort_values(["share", "question"], ascending=[True, True]).head(2)
            for label, sub in (("Most favourable", best), ("Least favourable", worst)):
                for r in sub.to_dict("records"):
                    f = inst.survey.field(r["question"])
                    doc.add_paragraph(f"{label}: {f.code} {f.en} — {r['favourable']} of {r['n_valid']} valid "
                                      "answers favourable", style="List Bullet")
        else:
            doc.add_paragraph("Too few survey answers in this area to summarise.")
        doc.add_heading("Top interview themes", level=3)
        if themes is not None:
            th = themes[(themes["area"] == area["id"]) & (themes["interviews"].astype(int) > 0)].head(3)
            for r in th.to_dict("records"):
                doc.add_paragraph(f"{r['label']}: raised in {r['interviews']} interviews "
                                  f"({r['contradicts']} critical, {r['supports']} positive remarks)", style="List Bullet")
            if not len(th):
                doc.add_paragraph("No interview notes were coded to this area.")
        doc.add_heading("Indicators", level=3)
        _matrix(doc, inst, scores, area["id"])
        _nap_measures(doc, country, root, area["id"])
        doc.add_heading("Draft recommendations for discussion", level=3)
        sub = recs[recs["area"] == area["id"]]
        if len(sub):
            table(doc, ["No.", "Draft recommendation", "Responsible", "Priority"],
                  [[r["id"], f"{r['title']}: {r['change']}", r["bodies"], r["priority"]] for r in sub.to_dict("records")],
                  widths_cm=[1.4, 10.2, 4.4, 1.6], font_size=7.5)
        else:
            doc.add_paragraph("No gaps identified in this area.")
    out = analysis_dir(country, root) / f"{country}_workshop_handout.docx"
    with atomic_path(out) as tmp:
        doc.save(str(tmp))
    return out


def _nap_measures(doc, country, root, area_id):
    path = processed_dir(country, root) / "nap_measures.csv"
    cls = analysis_dir(country, root) / "nap_classification.csv"
    if not path.exists() or not cls.exists():
        return
    c = read_csv(cls)
    col = "primary_area" if "primary_area" in c.columns else None
    if col is None:
        return
    sub = c[c[col] == area_id]
    if not len(sub):
        return
    doc.add_heading("National Action Plan measures", level=3)
    text_col = "text" if "text" in sub.columns else sub.columns[1]
    for r in sub.head(8).to_dict("records"):
        doc.add_paragraph(f"{r.get('id', '')} {str(r.get(text_col, ''))[:160]}", style="List Bullet")
    if len(sub) > 8:
        doc.add_paragraph(f"… and {len(sub) - 8} more measures.")


def write_slides(country: str, root=None, recs: pd.DataFrame | None = None, charts: dict | None = None) -> Path:
    """The workshop's summary presentation (python-pptx)."""
    from pptx import Presentation
    from pptx.util import Inches, Pt as PPt

    country = country.upper()
    inst = load_instruments(instruments_dir(root))
    recs = recs if recs is not None else draft_recommendations(country, root, with_outcomes=False)
    prof, iprof = _t(country, root, "respondent_profile"), _t(country, root, "interview_profile")
    area_scores = _t(country, root, "area_scores")
    charts = charts or {}
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    title_layout, content_layout, blank = prs.slide_layouts[0], prs.slide_layouts[1], prs.slide_layouts[5]
    s = prs.slides.add_slide(title_layout)
    s.shapes.title.text = f"Counter-trafficking needs assessment — {country}"
    s.placeholders[1].text = f"Draft findings and recommendations for validation · {dt.date.today():%d %B %Y}"

    s = prs.slides.add_slide(content_layout)
    s.shapes.title.text = "How the assessment was made"
    body = s.placeholders[1].text_frame
    body.text = f"{_count(iprof, 'interviews')} interviews with {_count(iprof, 'participants', 'total')} people " \
                f"({_count(iprof, 'participants', 'male')} men, {_count(iprof, 'participants', 'female')} women)"
    for line in (f"{_count(iprof, 'entity_type', 'state')} interviews with State agencies",
                 f"{_count(prof, 'total')} e-survey responses",
                 "Desk review of key documents",
                 "25 indicators × 4 criteria: framework and operational, level 1 and 2"):
        body.add_paragraph().text = line
    for a in area_scores.to_dict("records"):
        s = prs.slides.add_slide(blank)
        s.shapes.title.text = f"{a['id'] if 'id' in a else a['area']}. {a['title']}"
        img = charts.get(f"matrix_area{a['area']}")
        if img and Path(img).exists():
            s.shapes.add_picture(str(img), Inches(0.4), Inches(1.4), width=Inches(7.4))
        box = s.shapes.add_textbox(Inches(8.0), Inches(1.4), Inches(5.0), Inches(5.6)).text_frame
        box.word_wrap = True
        box.text = f"Met {a['met']} · partly {a['partly_met']} · not met {a['not_met']} · " \
                   f"insufficient evidence {a['insufficient_evidence']}"
        box.paragraphs[0].runs[0].font.size = PPt(14)
        sub = recs[recs["area"] == a["area"]]
        p = box.add_paragraph()
        p.text = "Draft recommendations:" if len(sub) else "No gaps identified."
        p.runs[0].font.bold = True
        for r in sub.to_dict("records"):
            q = box.add_paragraph()
            q.text = f"{r['id']} {r['title']}"
            q.runs[0].font.size = PPt(11)
    s = prs.slides.add_slide(blank)
    s.shapes.title.text = "Priorities for action (A–Q)"
    img = charts.get("priorities")
    if img and Path(img).exists():
        s.shapes.add_picture(str(img), Inches(0.8), Inches(1.3), height=Inches(6.0))
    s = prs.slides.add_slide(content_layout)
    s.shapes.title.text = "Group work"
    body = s.placeholders[1].text_frame
    body.text = "Choose your group's top three priorities (A–Q) and rank them 1–3"
    body.add_paragraph().text = f"Endorse, amend or reject each of the {len(recs)} draft recommendations"
    body.add_paragraph().text = "Write amended wording on the worksheet; hand it in at the end"
    out = analysis_dir(country, root) / f"{country}_workshop_slides.pptx"
    with atomic_path(out) as tmp:
        prs.save(str(tmp))
    return out


def to_pdf(docx: Path) -> Path | None:
    """Convert with LibreOffice when it is installed; None otherwise."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/lo",
                               "--convert-to", "pdf", "--outdir", tmp, str(docx)],
                              capture_output=True, text=True, timeout=300)
        produced = Path(tmp) / (docx.stem + ".pdf")
        if proc.returncode != 0 or not produced.exists():
            raise CtnatError(f"LibreOffice could not convert {docx.name} to PDF: {proc.stderr.strip()[-300:]}")
        target = docx.with_suffix(".pdf")
        with atomic_path(target) as t:
            shutil.copyfile(produced, t)
    return target


def build_handout(country: str, root=None, progress=None, pdf: bool = True) -> dict[str, Path]:
    """Write the handout (and its PDF where LibreOffice exists), the worksheet
    and the slides for ``country``. Returns the files written."""
    from ..report.build import rendered_charts

    country = country.upper()
    say = progress or (lambda m: None)
    recs = draft_recommendations(country, root, with_outcomes=False)
    charts = rendered_charts(country, root)
    out = {"handout": write_handout(country, root, recs)}
    say(f"handout {country}: {out['handout']}")
    out["worksheet"] = write_worksheet(analysis_dir(country, root) / f"{country}_workshop_worksheet.docx",
                                       country, recs, root)
    out["slides"] = write_slides(country, root, recs, charts)
    if pdf:
        p = to_pdf(out["handout"])
        if p:
            out["handout_pdf"] = p
        else:
            say("handout: LibreOffice is not installed, so no PDF was made "
                "(install it with `sudo apt-get install libreoffice-writer-nogui`)")
    return out
