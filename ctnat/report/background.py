"""The report's chapter "Country background", drafted from the desk review.

Its facts come from two ingest tables: ``background.json`` (the statements of the
desk review's ``background:`` — situation, routes, victims' profiles, legal
framework, institutions, services) and ``country_instruments.csv`` (what the
country has: ratifications, laws and their articles, decisions, bodies,
services). Three sections: the trafficking situation (the statements, then what
survey respondents said and the official statistics, which the report passes in),
the legal framework (a ratification table and a table of the laws, articles and
decisions) and the institutional framework (the key institutions the desk review
records or does not, and a table of bodies and services). Where the desk review is
silent, the chapter says what it does not yet cover."""

from __future__ import annotations

from typing import Callable

import pandas as pd

from .. import catalogue
from ..documents.docx_tools import caption, table
from ..messages import N_, _, format_list, label, ngettext

#: what a statement of the background is: (section key, heading, what the desk review would cover)
SITUATION_PARTS = (("situation", N_("Forms of exploitation and trends"), N_("the forms and trends of trafficking")),
                   ("routes", N_("Routes"), N_("routes of trafficking")),
                   ("victim_profiles", N_("Victims and those at risk"), N_("who is trafficked and who is at risk")))

#: the institutions the chapter looks for first (capability keys of instruments/capabilities.yaml)
KEY_CAPABILITIES = ("national_coordinator", "specialised_police_unit", "interagency_coordination_body", "shelter",
                    "victim_assistance_fund", "hotline")

#: an instrument's status in words (desk_review.yaml country_instruments[].status)
STATUS_WORDS = {"in_force": N_("in force"), "planned": N_("planned"), "draft": N_("in preparation"),
                "expired": N_("no longer in force")}
RATIFICATION_WORDS = {"in_force": N_("ratified or acceded"), "planned": N_("signed; ratification planned"),
                      "draft": N_("signed; ratification planned"), "expired": N_("no longer binding")}
OPERATOR_WORDS = {"state": N_("the State"), "ngo": N_("civil society")}

SENTENCES_PER_PARAGRAPH = 3


def _table_number(doc) -> int:
    """The number the next table caption will get."""
    return doc.__dict__.get("_ctnat_captions", {}).get("Table", 0) + 1


def _year(value) -> str:
    return str(value or "")[:4]


def _sentence(item: dict) -> str:
    """A statement with its citations, if any, before its full stop."""
    text = " ".join(str(item.get("text", "")).split())
    cites = [c for c in item.get("citations") or [] if str(c).strip()]
    if cites:
        body = text[:-1] if text.endswith(".") else text
        text = _("{text} ({citations}).", text=body, citations="; ".join(cites))
    return text


def statements(doc, items: list[dict]) -> int:
    """The statements as paragraphs of a few sentences each; returns how many."""
    texts = [_sentence(i) for i in items if str(i.get("text", "")).strip()]
    for start in range(0, len(texts), SENTENCES_PER_PARAGRAPH):
        doc.add_paragraph(" ".join(texts[start:start + SENTENCES_PER_PARAGRAPH]))
    return len(texts)


def _instruments(country: str, root) -> pd.DataFrame:
    t = catalogue.read("country_instruments", country, root, missing_ok=True)
    return t if t is not None else pd.DataFrame(columns=["id", "kind", "title", "number", "date", "status",
                                                         "provides", "part_of", "mandate", "operator"])


def add_background_chapter(doc, d, number: int, narrative: Callable[[], object],
                           survey: Callable[[], object], statistics: Callable[[], object]) -> None:
    """Chapter ``number``: the country background of ``d`` (the report's data).
    ``narrative``, ``survey`` and ``statistics`` write the assessor's narrative on the
    situation, what survey respondents said about it and the official statistics."""
    bg = catalogue.read_json("background", d.country, d.root, missing_ok=True, default={}) or {}
    inst = _instruments(d.country, d.root).fillna("")
    doc.add_heading(_("{number} Country background", number=number), level=1)
    doc.add_paragraph(_("This chapter sets out what the desk review records about {country} before the findings "
                        "judge the response: the trafficking situation, the legal framework and the institutions "
                        "that carry the response.", country=d.short_name))
    doc.add_heading(_("{number}.1 The trafficking situation", number=number), level=2)
    narrative()
    silent = []
    for key, heading, about in SITUATION_PARTS:
        items = bg.get(key) or []
        if not items:
            silent.append(_(about))
            continue
        doc.add_heading(_(heading), level=3)
        statements(doc, items)
    if silent:
        doc.add_paragraph(_("The desk review does not yet describe {topics} in {country}.",
                            topics=format_list(silent, serial=True), country=d.short_name))
    survey()
    statistics()
    legal_framework(doc, d, bg.get("legal_framework") or {}, inst, f"{number}.2")
    institutional_framework(doc, d, bg, inst, f"{number}.3")


# ------------------------------------------------------------------ legal framework
def ratification_rows(inst: pd.DataFrame) -> list[list[str]]:
    """The ratification table's rows from ``country_instruments`` (kind ratification):
    instrument, year, status in words; by year, instruments without a year last."""
    rat = inst[inst["kind"] == "ratification"].copy()
    rat["_year"] = rat["date"].map(_year)
    rat = rat.sort_values(["_year", "title"], key=lambda s: s.replace("", "9999") if s.name == "_year" else s,
                          kind="stable")
    return [[r["title"], r["_year"] or _("not given"), _(RATIFICATION_WORDS.get(r["status"], r["status"]))]
            for r in rat.to_dict("records")]


def _ratifications(doc, d, inst: pd.DataFrame) -> None:
    rows = ratification_rows(inst)
    if not rows:
        doc.add_paragraph(_("The desk review does not yet list the international instruments {country} is party "
                            "to.", country=d.short_name))
        return
    rat = inst[inst["kind"] == "ratification"]
    bound = rat[rat["status"] == "in_force"]
    pending = len(rat) - len(bound)
    years = sorted(y for y in bound["date"].map(_year) if y)
    n = _table_number(doc)
    text = ngettext("{country} is party to {n} international instrument relevant to trafficking",
                    "{country} is party to {n} international instruments relevant to trafficking",
                    len(bound), country=d.short_name)
    if len(years) > 1 and years[0] != years[-1]:
        text += " " + _("(ratified or acceded to between {first} and {last})", first=years[0], last=years[-1])
    elif years:
        text += " " + _("(ratified or acceded to in {year})", year=years[0])
    text += "; " + _("Table {n} lists them", n=n)
    if pending:
        text += ", " + ngettext("with {n} more that is signed but not yet ratified",
                                "with {n} more that are signed but not yet ratified", pending)
    undated = int((bound["date"].map(_year) == "").sum())
    doc.add_paragraph(text + "." + (" " + ngettext("The desk review gives no year for {n} of them.",
                                                   "The desk review gives no year for {n} of them.", undated)
                                    if undated else ""))
    table(doc, [_("International instrument"), _("Year"), _("Status")], rows, font_size=8.5)
    caption(doc, _("International instruments: ratification or accession by {country}", country=d.short_name))


def law_rows(inst: pd.DataFrame) -> list[list[str]]:
    """The laws table's rows: each law, then its articles (``part_of``), then the
    articles of codes not listed as laws, then the decisions; a row is
    (instrument, provision, year, status)."""
    laws = inst[inst["kind"] == "law"]
    arts = inst[inst["kind"] == "code_article"]
    rows: list[list[str]] = []

    def status(r) -> str:
        return _(STATUS_WORDS.get(r["status"], r["status"]))

    def article(r) -> list[str]:
        provision = (_("{number}: {title}", number=r["number"], title=r["title"])
                     if r["number"] and not r["title"].startswith(r["number"]) else r["title"])
        return ["", provision, _year(r["date"]), status(r)]

    for r in laws.to_dict("records"):
        rows.append([r["title"], "", _year(r["date"]), status(r)])
        rows += [article(a) for a in arts[arts["part_of"] == r["id"]].to_dict("records")]
    listed = set(laws["id"])
    for code, group in arts[~arts["part_of"].isin(listed)].groupby("part_of", sort=False):
        rows.append([code or _("Other provisions"), "", "", ""])
        rows += [article(a) for a in group.to_dict("records")]
    for r in inst[inst["kind"] == "decision"].to_dict("records"):
        name = _("{number}: {title}", number=r["number"], title=r["title"]) if r["number"] else r["title"]
        rows.append([name, "", _year(r["date"]), status(r)])
    return rows


def _laws(doc, d, inst: pd.DataFrame) -> None:
    laws = inst[inst["kind"] == "law"]
    arts = inst[inst["kind"] == "code_article"]
    decisions = inst[inst["kind"] == "decision"]
    if not len(laws) + len(arts) + len(decisions):
        doc.add_paragraph(_("The desk review does not yet list the country's laws, code articles or government "
                            "decisions on trafficking."))
        return
    parts = [p for p in (ngettext("{n} law", "{n} laws", len(laws)) if len(laws) else "",
                         ngettext("{n} article of law or of a code", "{n} articles of laws and codes", len(arts))
                         if len(arts) else "",
                         ngettext("{n} government decision", "{n} government decisions", len(decisions))
                         if len(decisions) else "") if p]
    planned = int((inst[inst["kind"].isin(["law", "code_article", "decision"])]["status"] != "in_force").sum())
    text = _("Table {n} lists {parts} that the desk review records.", n=_table_number(doc), parts=format_list(parts))
    if planned:
        text += " " + ngettext("{n} of them is planned or in preparation, not yet in force.",
                               "{n} of them are planned or in preparation, not yet in force.", planned)
    doc.add_paragraph(text)
    table(doc, [_("Law or decision"), _("Provision"), _("Year"), _("Status")], law_rows(inst), font_size=8)
    caption(doc, _("Laws, articles and decisions on trafficking, {country}", country=d.short_name))


def legal_framework(doc, d, lf: dict, inst: pd.DataFrame, number: str) -> None:
    doc.add_heading(_("{number} Legal framework", number=number), level=2)
    doc.add_heading(_("International instruments"), level=3)
    _ratifications(doc, d, inst)
    doc.add_heading(_("National law"), level=3)
    if not statements(doc, lf.get("items") or []):
        doc.add_paragraph(_("The desk review does not yet describe how national law defines and punishes "
                            "trafficking."))
    _laws(doc, d, inst)


# ------------------------------------------------------------------ institutions
def key_institutions(inst: pd.DataFrame, capabilities) -> tuple[list[str], list[str]]:
    """(named: "a national coordinator (title)" for each key capability the country
    has in force, missing: the labels of those it has not)."""
    live = inst[(inst["status"] == "in_force") & inst["kind"].isin(["body", "service", "system"])]
    named, missing = [], []
    for key in KEY_CAPABILITIES:
        if key not in capabilities.keys():
            continue
        has = live[live["provides"].map(lambda p, k=key: k in str(p).split(";"))]
        if len(has):
            named.append(_("{what}: {names}", what=capabilities.label(key),
                           names=format_list(dict.fromkeys(has["title"]))))
        else:
            missing.append(capabilities.label(key).lower())
    return named, missing


def institution_rows(inst: pd.DataFrame, role_label: Callable[[str], str]) -> list[list[str]]:
    """Bodies (their roles) and services (who runs them), with the year they began."""
    rows = []
    for r in inst[inst["kind"] == "body"].to_dict("records"):
        roles = [role_label(k) for k in str(r["mandate"]).split(";") if k]
        rows.append([r["title"], _("body") if not roles else format_list(roles), _year(r["date"])])
    for r in inst[inst["kind"] == "service"].to_dict("records"):
        who = _(OPERATOR_WORDS[r["operator"]]) if r["operator"] in OPERATOR_WORDS else ""
        rows.append([r["title"], _("service run by {who}", who=who) if who else _("service"), _year(r["date"])])
    return rows


def institutional_framework(doc, d, bg: dict, inst: pd.DataFrame, number: str) -> None:
    doc.add_heading(_("{number} Institutional framework", number=number), level=2)
    caps = d.inst.capabilities
    named, missing = key_institutions(inst, caps)
    if named:
        doc.add_paragraph(_("Of the institutions a response usually rests on, the desk review records these:"))
        for part in named:
            doc.add_paragraph(part, style="List Bullet")
        if missing:
            doc.add_paragraph(_("It records no {missing}.", missing=format_list(missing, style="or")))
    elif missing:
        doc.add_paragraph(_("The desk review records none of the institutions a response usually rests on: "
                            "{missing}.", missing=format_list(missing)))
    told = statements(doc, bg.get("institutions") or [])
    services = bg.get("services") or []
    if services:
        doc.add_heading(_("Services for victims"), level=3)
        told += statements(doc, services)
    if not told:
        doc.add_paragraph(_("The desk review names institutions of {country} but does not yet describe how they "
                            "work.", country=d.short_name) if len(inst) else
                          _("The desk review does not yet describe the institutions and services of {country}.",
                            country=d.short_name))
    roles = {r.key: label(r.label) for r in caps.roles}
    rows = institution_rows(inst, lambda k: roles.get(k, k))
    if not rows:
        return
    bodies = int((inst["kind"] == "body").sum())
    services_n = int((inst["kind"] == "service").sum())
    doc.add_paragraph(_("Table {n} lists {what} that the desk review names, with their roles.", n=_table_number(doc),
                        what=format_list([p for p in (ngettext("{n} body", "{n} bodies", bodies) if bodies else "",
                                                      ngettext("{n} service", "{n} services", services_n)
                                                      if services_n else "") if p])))
    table(doc, [_("Body or service"), _("Role"), _("Since")], rows, font_size=8)
    caption(doc, _("Bodies and services against trafficking, {country}", country=d.short_name))

