"""Assemble every chart of a country's report from ``analysis/<ISO3>/`` and
render them (one browser session, unchanged charts skipped)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .. import catalogue
from ..instruments import load_instruments
from ..messages import N_, _, format_number, ngettext
from ..paths import instruments_dir
from ..problems import StageError
from . import figures as F
from . import REPORT_LISTING
from .names import country_name as _country_name
from .render import Chart, render_charts


def _table(country, root, name):
    return catalogue.read(name, country, root)


#: where each chart is used: the report's charts are drawn by the ``charts``
#: stage, the others by ``workshop_charts`` (the slides' indicator matrices, and
#: the survey-grid, ranking and whole-matrix charts kept for presentations), so
#: that the report does not wait for pictures it does not show
REPORT, WORKSHOP = "report", "workshop"
REPORT_INDEX, WORKSHOP_INDEX = (Path(catalogue.table(t).file).name for t in ("chart_hashes", "workshop_chart_hashes"))


def chart_use(name: str) -> str:
    """``"report"`` or ``"workshop"``: which chart stage draws the chart ``name``."""
    if name.startswith(("grid_", "matrix_area")) or name in ("indicator_matrix", "situation_ranking",
                                                             "priorities_survey"):
        return WORKSHOP
    return REPORT


def country_charts(country: str, root=None, use: str | None = None) -> list[Chart]:
    """The figures of one country (``use``: only the report's or only the
    workshop's), built from its analysis tables."""
    return list(iter_country_charts(country, root, use))


def iter_country_charts(country: str, root=None, use: str | None = None) -> Iterator[Chart]:
    """The figures of one country, one at a time (so that each can be drawn
    while the next is built); ``use`` keeps those of the report or of the
    workshop (see :func:`chart_use`), None all. Tables are read up front: a
    missing one is an error before any chart is drawn."""

    def want(name: str) -> bool:
        return use is None or chart_use(name) == use

    iso = country = country.upper()
    country = _country_name(iso, root)
    inst = load_instruments(instruments_dir(root))
    survey = inst.survey
    items = _table(iso, root, "survey_items")
    totals = _table(iso, root, "grid_totals").set_index("block")
    profile = _table(iso, root, "respondent_profile")
    iprofile = _table(iso, root, "interview_profile")
    sit = _table(iso, root, "situation_counts")
    frank, fprio = survey.by_role("situation_ranking"), survey.by_role("priorities")
    ranking = _table(iso, root, "situation_ranking") if frank is not None else None
    priorities = _table(iso, root, "priorities") if fprio is not None else None
    scores = catalogue.read("scores", iso, root, missing_ok=True)
    area_scores = _table(iso, root, "area_scores") if scores is not None else None

    n = int(profile[profile["dimension"] == "total"]["count"].iloc[0])
    src = _("CT-NAT e-survey, {country}, n={n}", country=country, n=format_number(n))
    for block in survey.grid_blocks() if want("grid_") else []:
        t = totals.loc[block.code]
        yield F.grid_chart(block, items[items["block"] == block.code], inst,
                           {"total_respondents": int(t["total_respondents"]),
                            "respondents_to_block": int(t["respondents_to_block"])}, country)
    ip = iprofile.set_index(["dimension", "code"])["count"].astype(int)
    n_int = int(ip.get(("interviews", ""), 0))
    isrc = ngettext("CT-NAT interviews, {country}, {n} interview", "CT-NAT interviews, {country}, {n} interviews",
                    n_int, country=country)
    if want("interview_sex"):
        yield F.sex_chart(int(ip.get(("participants", "male"), 0)), int(ip.get(("participants", "female"), 0)),
                          _("Sex of interview participants"), isrc, "interview_sex", inst.rubric.percent_min_base)
    ent = iprofile[iprofile["dimension"] == "entity_type"]
    if want("interview_entities"):
        yield F.count_bar(ent, "label", "count", _("Entities interviewed"), isrc, "interview_entities",
                          x_title=_("Interviews (n)"), colour=F.GREEN, width_cm=12)
    fpos = survey.by_role("position")
    if fpos is not None and want("respondent_roles"):
        groups = profile[profile["dimension"] == "position_group"]
        yield F.count_bar(groups, "label", "count", _("Roles of survey respondents ({code})", code=fpos.code), src,
                          "respondent_roles")
    for name, title in (("situation_forms", N_("Most common forms of exploitation")),
                        ("situation_sectors", N_("Sectors where people are most commonly exploited")),
                        ("situation_role", N_("Country of origin, transit or destination"))):
        f = survey.by_role(name)  # the chart is named after the role
        if f is None or not want(name):
            continue
        code, title = f.code, f"{f.code} {_(title)}"
        d = sit[sit["question"] == code]
        nv = int(d["n_valid"].iloc[0]) if len(d) else 0
        yield F.count_bar(d, "option_label", "count", title, _("{source} ({n} answered)", source=src,
                                                               n=format_number(nv)), name,
                          x_title=_("Times selected (n)"), colour=F.PURPLE)
    if frank is not None and want("situation_ranking"):
        yield F.ranking_chart(ranking, src, frank.code, frank.rank_max)
    if fprio is not None and want("priorities"):
        yield F.priorities_chart(priorities, src, fprio.code, fprio.rank_max)
    if fprio is not None and want("priorities_survey"):  # the slides shown before the workshop votes
        yield F.priorities_chart(priorities.drop(columns=["workshop_groups"], errors="ignore"), src, fprio.code,
                                 fprio.rank_max, name="priorities_survey")
    if scores is not None and want("indicator_matrix"):
        yield F.indicator_matrix_chart(scores, inst, country)
    if scores is not None and want("matrix_area"):
        for a in inst.indicators.areas:
            yield F.indicator_matrix_chart(scores, inst, country, area=a.id)
    if scores is not None and want("area_scores"):
        yield F.area_scores_chart(area_scores, country)
    if use in (None, REPORT):
        from .nap import nap_charts  # none when the country has no plan

        yield from nap_charts(iso, root)
        from .statistics import statistics_charts  # baseline statistics, when received

        yield from statistics_charts(iso, root)


def build_charts(country: str, root=None, progress=None, force: bool = False, background: bool = False) -> dict:
    """Render the report's charts into ``analysis/<ISO3>/charts/``, each drawn
    while the next is built, and list them in ``charts/report_charts.json``.
    ``background=True``: return once every figure is handed to the browser
    session that ``ctnat build`` started, and let the report wait for the
    pictures (:func:`ctnat.charts.render.finish_drawings`)."""
    return _build(country, root, REPORT, REPORT_INDEX, progress, force, background, REPORT_LISTING)


def build_workshop_charts(country: str, root=None, progress=None, force: bool = False) -> dict:
    """Render the charts the report does not show (see :func:`chart_use`) into
    ``analysis/<ISO3>/charts/``."""
    return _build(country, root, WORKSHOP, WORKSHOP_INDEX, progress, force, False, None)


def _build(country, root, use, index, progress, force, background, listing) -> dict:
    def checked():
        for chart in iter_country_charts(country, root, use):
            if chart_use(chart.name) != use:  # drawn by the wrong stage, the other would not know of it
                raise StageError(f"The chart '{chart.name}' belongs to the {chart_use(chart.name)} charts, "
                                 f"not the {use} charts (ctnat.charts.build.chart_use).")
            yield chart

    folder = catalogue.path("report_charts", country, root).parent  # the current language's charts
    return render_charts(checked(), folder, progress=progress, force=force,
                         index=index, background=background, listing=listing)


def draw_country_charts(country: str, root=None, progress=None, force: bool = False,
                        report_only: bool = False) -> dict:
    """``ctnat charts``: both sets of charts (or only the report's) in one browser session."""
    from . import browser

    browser.start()
    try:
        result = build_charts(country, root, progress, force)
        if not report_only:
            more = build_workshop_charts(country, root, progress, force)
            result = {"rendered": result["rendered"] + more["rendered"], "skipped": result["skipped"] + more["skipped"],
                      "paths": {**result["paths"], **more["paths"]}, "charts": result["charts"] + more["charts"]}
    finally:
        browser.stop()
    return result
