"""Read a National Action Plan into measures.

Three layouts:

- **table layout** (plain text with tab-separated rows ``item, activity, executive
  bodies, duration``, as in Azerbaijan's NAP 2014–2018 §13): rows that continue
  after a page break (a row starting with an empty item) are joined to the row
  above, cell by cell; section headings (``13.2. Prevention …``) give the
  section; the closing *Notes* that assign extra bodies to listed items
  (``13.3.3-13.3.5``) are applied to those items as partner bodies;
- **narrative layout** (numbered sections ``2. Title``, lettered subsections
  ``a. Title``, bullets ``- …`` and paragraphs, as in the NAP of 2004): every
  bullet and every paragraph under a section is a measure;
- the **ICMPD template** as CSV/XLSX (columns specific goal, activity, responsible
  bodies, timeline, resources, indicators), and DOCX (its tables, or its paragraphs).

Agency lists are split on commas without breaking names that contain one
("The Ministry of Transport, Communication and High Technologies"). What cannot
be parsed is reported, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..problems import InputError, MissingInputError, Problem
from .readers import decode_text, read_csv_text, sniff

COLUMNS = ["plan_id", "id", "section", "section_title", "text", "lead_body", "partner_bodies", "period_start",
           "period_end", "recurring", "period_text", "resources", "indicator", "specific_goal", "source_line"]
ITEM_RX = re.compile(r"^(\d+(?:\.\d+)+)\.?$")
BODY_START = re.compile(r"^(The |State |National |Local |local |Financial |Civil |Central |Human Rights |Supreme |Bar |"
                        r"By involving|by involving|other |Other |higher |Higher |Ministry|Head |Office |Cabinet |"
                        r"General |Prosecutor|Police |Special |Commission|NGOs?\b|International |IOM|[A-Z]{2,})")


#: a line of Markdown's own structure (a heading, a code fence); a text with MARKDOWN_LINES of them
#: is a document about something (a README), not a plan to parse
MARKDOWN_RX = re.compile(r"^(#{1,6}\s|```|~~~)")
MARKDOWN_LINES = 3


def markdown_lines(lines: list[str]) -> list[int]:
    """The numbers (1-based) of the lines that are Markdown headings or code fences."""
    return [n for n, line in enumerate(lines, start=1) if MARKDOWN_RX.match(line)]


@dataclass
class ParsedPlan:
    measures: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    layout: str = ""
    full_text: str = ""


def split_bodies(text: str) -> list[str]:
    """Split an executive-bodies cell into agencies, keeping commas inside names."""
    text = re.sub(r"\s+", " ", str(text or "")).strip().strip(",;")
    if not text:
        return []
    parts = [p.strip() for p in re.split(r",|;", text) if p.strip()]
    out: list[str] = []
    for p in parts:
        if out and not BODY_START.match(p):
            out[-1] = f"{out[-1]}, {p}"
        else:
            out.append(p)
    return [re.sub(r"^(by involving|By involving)( the)?\s+", "", b).strip() or b for b in out]


def parse_period(text: str, recurring_terms: list[str] | tuple[str, ...]):
    """(start, end, recurring) from '2014-2016', '2015', 'regular', '2014-2018 years';
    ``recurring_terms`` come from nap_rules.yaml."""
    t = str(text or "").strip().lower()
    years = [int(y) for y in re.findall(r"(?:19|20)\d\d", t)]
    recurring = any(w in t for w in recurring_terms)
    if years:
        return min(years), max(years), recurring
    return None, None, recurring


def _expand_items(spec: str) -> list[str]:
    """'13.1.1, 13.3.3-13.3.5 and 13.6.1' → every item id."""
    out = []
    for a, b in re.findall(r"(\d+\.\d+\.\d+)(?:\s*[-–]\s*(\d+\.\d+\.\d+))?", spec):
        if b:
            pa, pb = a.split("."), b.split(".")
            if pa[:-1] == pb[:-1]:
                out += [".".join(pa[:-1] + [str(k)]) for k in range(int(pa[-1]), int(pb[-1]) + 1)]
                continue
        out.append(a)
    return out


def parse_table_text(lines: list[str], plan_id: str, name: str, recurring_terms: list[str]) -> ParsedPlan:
    rows: list[dict] = []
    problems: list[Problem] = []
    section, section_title = "", ""
    last_kind = None
    notes_mode = False
    notes: list[tuple[int, str]] = []
    for n, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if re.match(r"^\s*Notes?\.?\s*$", line):
            notes_mode = True
            continue
        if notes_mode:
            notes.append((n, line.strip().strip("*")))
            continue
        if "\t" not in line:
            continue
        cells = line.split("\t")
        item = cells[0].strip()
        head = re.match(r"^(\d+\.\d+)\.\s+(\S.*)$", item)
        if head and not any(c.strip() for c in cells[1:]):
            section, section_title = head.group(1), head.group(2).strip()
            last_kind = "section"
            continue
        if last_kind == "section" and item and not ITEM_RX.match(item) and not any(c.strip() for c in cells[1:]):
            section_title = f"{section_title} {item}".strip()
            continue
        if ITEM_RX.match(item):
            ident = item.rstrip(".")
            rest = [c.strip() for c in cells[1:]]
            if len(ident.split(".")) == 2 or (len(rest) >= 1 and not any(rest[1:]) and len(ident.split(".")) == 2):
                section, section_title = ident, rest[0] if rest else ""
                last_kind = "section"
                continue
            while len(rest) < 3:
                rest.append("")
            rows.append({"id": ident, "section": section, "section_title": section_title, "text": rest[0],
                         "bodies": rest[1], "period_text": rest[2], "source_line": n, "extra": rest[3:]})
            last_kind = "row"
        elif item == "" and any(c.strip() for c in cells[1:]):
            rest = [c.strip() for c in cells[1:]] + ["", "", ""]
            if last_kind == "section" and not any(rest[1:3]):
                section_title = f"{section_title} {rest[0]}".strip()
                continue
            if not rows:
                problems.append(Problem(name, "a continuation line comes before any activity row", row=n,
                                        value=line.strip()[:80], severity="warning"))
                continue
            r = rows[-1]
            r["text"] = f"{r['text']} {rest[0]}".strip()
            # a body continuation that does not start a new agency continues the last one ("... of" + "Population")
            if rest[1]:
                prev = r["bodies"].rstrip()
                dangling = re.search(r"\b(the|The|of|for|and|on|to)$", prev)
                sep = " " if dangling or not BODY_START.match(rest[1]) else ", "
                r["bodies"] = f"{prev.rstrip(',')}{sep}{rest[1]}".strip(", ") if sep == ", " else f"{prev}{sep}{rest[1]}".strip()
            if rest[2]:
                r["period_text"] = f"{r['period_text']}{rest[2]}" if r["period_text"].endswith("-") else \
                    f"{r['period_text']} {rest[2]}".strip()
        elif item and not ITEM_RX.match(item) and item not in ("Item", "1"):
            problems.append(Problem(name, "a table row whose first cell is not an item number was skipped", row=n,
                                    value=item[:60], expected="an item number such as 13.2.4", severity="warning"))
    extra_bodies: dict[str, list[str]] = {}
    for n, note in notes:
        m = re.match(r"^\d+\.\s*(?:\*\*)?(.*?) to be recommended to take part in (?:the )?implementation of (?:the )?"
                     r"measures provided for in the items? (.*)$", note)
        if not m:
            problems.append(Problem(name, "a note was not understood", row=n, value=note[:80], severity="warning"))
            continue
        body = m.group(1).strip()
        for item in _expand_items(m.group(2)):
            extra_bodies.setdefault(item, []).append(body)
    known = {r["id"] for r in rows}
    for item in extra_bodies:
        if item not in known:
            problems.append(Problem(name, f"a note names item {item}, which is not in the activity table",
                                    value=item, severity="warning"))
    out = []
    for r in rows:
        bodies = split_bodies(r["bodies"])
        start, end, recurring = parse_period(r["period_text"], recurring_terms)
        if not bodies:
            problems.append(Problem(name, f"activity {r['id']} has no executive body", row=r["source_line"],
                                    column="executive bodies", severity="warning"))
        if start is None and not recurring:
            problems.append(Problem(name, f"activity {r['id']} has no duration that could be read",
                                    row=r["source_line"], column="duration", value=r["period_text"], severity="warning"))
        partners = bodies[1:] + extra_bodies.get(r["id"], [])
        out.append({"plan_id": plan_id, "id": r["id"], "section": r["section"], "section_title": r["section_title"],
                    "text": re.sub(r"\s+", " ", r["text"]).strip(), "lead_body": bodies[0] if bodies else "",
                    "partner_bodies": "; ".join(partners), "period_start": start or "", "period_end": end or "",
                    "recurring": recurring, "period_text": r["period_text"], "resources": "", "indicator": "",
                    "specific_goal": "", "source_line": r["source_line"]})
    return ParsedPlan(pd.DataFrame(out, columns=COLUMNS), problems, "table")


SECTION_RX = re.compile(r"^\s*(\d{1,2})\.\s+(\S.*)$")
SUB_RX = re.compile(r"^\s*([a-h])\.\s+(\S.*)$")


def parse_narrative_text(lines: list[str], plan_id: str, name: str) -> ParsedPlan:
    out, problems = [], []
    section, sub, title = "", "", ""
    counters: dict[str, int] = {}
    lead_in = ""
    for n, raw in enumerate(lines, start=1):
        line = raw.strip().replace("\u00a0", " ")
        if not line:
            continue
        m = SECTION_RX.match(line)
        if m and len(m.group(2)) < 120 and not m.group(2).endswith((".", ";")):
            section, sub, title = m.group(1), "", m.group(2).strip()
            lead_in = ""
            continue
        m = SUB_RX.match(line)
        if m and section and len(m.group(2)) < 140:
            sub, title = m.group(1), m.group(2).strip().rstrip(".")
            lead_in = ""
            continue
        if not section:
            continue  # preamble before the first numbered section
        key = f"{section}{sub}"
        is_bullet = line.startswith(("-", "•", "–", "●"))
        if not is_bullet and len(line.split()) < 4 and not line.endswith((".", ";", ":")):
            problems.append(Problem(name, "a short line that is not a sentence was left out (page furniture?)",
                                    row=n, value=line[:60], severity="warning"))
            continue
        text = line.lstrip("-•–● ").strip()
        if not is_bullet and text.endswith(":"):
            lead_in = text
            continue
        counters[key] = counters.get(key, 0) + 1
        out.append({"plan_id": plan_id, "id": f"{key}.{counters[key]}", "section": key, "section_title": title,
                    "text": (f"{lead_in} {text}" if is_bullet and lead_in else text), "lead_body": "",
                    "partner_bodies": "", "period_start": "", "period_end": "", "recurring": False, "period_text": "",
                    "resources": "", "indicator": "", "specific_goal": "", "source_line": n,
                    "kind": "bullet" if is_bullet else "paragraph"})
        if not is_bullet:
            lead_in = ""
    if not out:
        problems.append(Problem(name, "no numbered sections were found", expected="sections like '2. Title'"))
    df = pd.DataFrame(out)
    bodies = _narrative_bodies(df) if len(df) else []
    if len(df):
        df["lead_body"] = bodies
    return ParsedPlan(df.reindex(columns=COLUMNS + ["kind"]), problems, "narrative")


def _narrative_bodies(df: pd.DataFrame) -> list[str]:
    """Prose plans rarely name a body per measure: take one named in the measure itself."""
    rx = re.compile(r"(National Coordinator|Special Police Anti-Trafficking Squad|Ministry of [A-Z][\w ]+?(?=[,;.]| shall| and)|"
                    r"law-enforcement authorities|NGOs?|border service)")
    out = []
    for t in df["text"]:
        m = rx.search(str(t))
        out.append(m.group(1) if m else "")
    return out


TEMPLATE_COLS = {"specific goal": "specific_goal", "specific_goal": "specific_goal", "goal": "specific_goal",
                 "activity": "text", "activities": "text", "responsible bodies": "bodies", "responsible body": "bodies",
                 "responsible": "bodies", "responsible_bodies": "bodies", "timeline": "period_text",
                 "timeframe": "period_text", "resources": "resources", "budget": "resources",
                 "indicators": "indicator", "indicator": "indicator"}


def parse_template(df: pd.DataFrame, plan_id: str, name: str, recurring_terms: list[str]) -> ParsedPlan:
    cols = {c: TEMPLATE_COLS.get(str(c).strip().lower()) for c in df.columns}
    if "text" not in cols.values():
        raise InputError(f"{name} is not a NAP template", [Problem(
            name, "no 'activity' column", row=1, expected="specific goal, activity, responsible bodies, timeline, "
                                                          "resources, indicators")])
    df = df.rename(columns={k: v for k, v in cols.items() if v}).fillna("")
    out, problems = [], []
    for i, r in enumerate(df.to_dict("records"), start=2):
        if not str(r.get("text", "")).strip():
            continue
        bodies = split_bodies(r.get("bodies", ""))
        start, end, recurring = parse_period(r.get("period_text", ""), recurring_terms)
        out.append({"plan_id": plan_id, "id": f"A{len(out) + 1}", "section": str(r.get("specific_goal", ""))[:40],
                    "section_title": r.get("specific_goal", ""), "text": str(r["text"]).strip(),
                    "lead_body": bodies[0] if bodies else "", "partner_bodies": "; ".join(bodies[1:]),
                    "period_start": start or "", "period_end": end or "", "recurring": recurring,
                    "period_text": r.get("period_text", ""), "resources": r.get("resources", ""),
                    "indicator": r.get("indicator", ""), "specific_goal": r.get("specific_goal", ""), "source_line": i})
    return ParsedPlan(pd.DataFrame(out, columns=COLUMNS), problems, "template")


def parse_nap_file(path: str | Path, plan_id: str | None = None, recurring_terms: list[str] | None = None) -> ParsedPlan:
    """Parse a NAP file in any supported layout. ``recurring_terms`` (words that
    mark an activity without an end date) default to those of the project's
    ``instruments/nap_rules.yaml``."""
    if recurring_terms is None:
        from ..instruments import load_instruments

        recurring_terms = list(load_instruments().nap_rules.recurring_terms)

    path = Path(path)
    name = path.name
    plan_id = plan_id or path.stem
    if not path.exists():
        raise MissingInputError(f"{path} does not exist")
    data = path.read_bytes()
    kind = sniff(data)
    if kind == "docx":
        from docx import Document

        doc = Document(str(path))
        for t in doc.tables:
            head = [c.text.strip().lower() for c in t.rows[0].cells]
            if any(h in TEMPLATE_COLS for h in head):
                df = pd.DataFrame([[c.text for c in r.cells] for r in t.rows[1:]], columns=[c.text for c in t.rows[0].cells])
                return parse_template(df, plan_id, name, recurring_terms)
        lines = []
        for t in doc.tables:
            for r in t.rows:
                lines.append("\t".join(c.text.replace("\n", " ") for c in r.cells))
        if any(ITEM_RX.match(l.split("\t")[0].strip()) for l in lines):
            return parse_table_text(lines, plan_id, name, recurring_terms)
        text_lines = [p.text for p in doc.paragraphs]
        plan = parse_narrative_text(text_lines, plan_id, name)
        plan.full_text = "\n".join(text_lines)
        return plan
    if kind == "xlsx":
        return parse_template(pd.read_excel(path, dtype=str), plan_id, name, recurring_terms)
    if kind != "text":
        raise InputError(f"{name} is not a NAP CT-NAT can read", [Problem(
            name, f"the file is a {kind} file", expected="plain text, DOCX, or the CSV/XLSX NAP template")])
    text, _encoding = decode_text(data, name)
    lines = text.splitlines()
    first = lines[0] if lines else ""
    if path.suffix.lower() == ".csv" or ("," in first and any(k in first.lower() for k in ("activity", "responsible"))):
        df, _delimiter = read_csv_text(text, name)
        plan = parse_template(df, plan_id, name, recurring_terms)
    elif len(marked := markdown_lines(lines)) >= MARKDOWN_LINES:
        from ..messages import _

        shown = ", ".join(str(n) for n in marked[:3]) + (" …" if len(marked) > 3 else "")
        raise InputError(_("{name} is not a National Action Plan: nothing was read from it", name=name), [Problem(
            name, _("the file is a Markdown document (headings or code blocks at lines {lines}), not the text "
                    "of a plan", lines=shown), row=marked[0],
            expected=_("a plan as text or DOCX with numbered sections ('2. Title') or an activity table, "
                       "or the CSV/XLSX NAP template"))])
    elif sum(1 for l in lines if "\t" in l and ITEM_RX.match(l.split("\t")[0].strip())) >= 3:
        plan = parse_table_text(lines, plan_id, name, recurring_terms)
    else:
        plan = parse_narrative_text(lines, plan_id, name)
    plan.full_text = text
    return plan
