"""Assemble every chart of a country's report from ``analysis/<ISO3>/`` and
render them (one browser session, unchanged charts skipped)."""

from __future__ import annotations

from ..tables import read_csv
from ..instruments import load_instruments
from ..paths import analysis_dir, instruments_dir
from ..problems import CtnatError
from . import figures as F
from .render import Chart, render_charts


def _table(country, root, name):
    path = analysis_dir(country, root) / f"{name}.csv"
    if not path.exists():
        raise CtnatError(f"{path} does not exist: run the earlier stages first (`make report COUNTRY={country}`).")
    return read_csv(path)


def _country_name(country: str, root) -> str:
    """The short name readers know (context.yaml ``name.short``), else the ISO code."""
    import json

    from ..paths import processed_dir

    path = processed_dir(country, root) / "context.json"
    name = json.loads(path.read_text(encoding="utf-8")).get("name") if path.exists() else None
    if isinstance(name, dict):
        return name.get("short") or name.get("en") or country
    return str(name or country)


def country_charts(country: str, root=None) -> list[Chart]:
    """The figures of one country's report, built from its analysis tables."""
    iso = country = country.upper()
    country = _country_name(iso, root)
    inst = load_instruments(instruments_dir(root))
    items = _table(iso, root, "survey_items")
    totals = _table(iso, root, "grid_totals").set_index("block")
    profile = _table(iso, root, "respondent_profile")
    iprofile = _table(iso, root, "interview_profile")
    n = int(profile[profile["dimension"] == "total"]["count"].iloc[0])
    src = f"CT-NAT e-survey, {country}, n={n}"
    charts: list[Chart] = []
    for block in inst.survey.grid_blocks():
        t = totals.loc[block["code"]]
        charts.append(F.grid_chart(block, items[items["block"] == block["code"]], inst,
                                   {"total_respondents": int(t["total_respondents"]),
                                    "respondents_to_block": int(t["respondents_to_block"])}, country))
    ip = iprofile.set_index(["dimension", "code"])["count"].astype(int)
    n_int = int(ip.get(("interviews", ""), 0))
    isrc = f"CT-NAT interviews, {country}, {n_int} interviews"
    charts.append(F.sex_chart(int(ip.get(("participants", "male"), 0)), int(ip.get(("participants", "female"), 0)),
                              "Sex of interview participants", isrc, "interview_sex"))
    ent = iprofile[iprofile["dimension"] == "entity_type"]
    charts.append(F.count_bar(ent, "label", "count", "Entities interviewed", isrc, "interview_entities",
                              x_title="Interviews (n)", colour=F.GREEN, width_cm=12))
    survey = inst.survey
    fpos = survey.by_role("position")
    if fpos is not None:
        groups = profile[profile["dimension"] == "position_group"]
        charts.append(F.count_bar(groups, "label", "count", f"Roles of survey respondents ({fpos.code})", src,
                                  "respondent_roles"))
    sit = _table(iso, root, "situation_counts")
    for name, title in (("situation_forms", "Most common forms of exploitation"),
                        ("situation_sectors", "Sectors where people are most commonly exploited"),
                        ("situation_role", "Country of origin, transit or destination")):
        f = survey.by_role(name)  # the chart is named after the role
        if f is None:
            continue
        code, title = f.code, f"{f.code} {title}"
        d = sit[sit["question"] == code]
        nv = int(d["n_valid"].iloc[0]) if len(d) else 0
        charts.append(F.count_bar(d, "option_label", "count", title, f"{src} ({nv} answered)", name,
                                  x_title="Times selected (n)", colour=F.PURPLE))
    frank = survey.by_role("situation_ranking")
    if frank is not None:
        ranking = _table(iso, root, "situation_ranking")
        charts.append(F.ranking_chart(ranking, src, frank.code, frank.rank_max))
    fprio = survey.by_role("priorities")
    if fprio is not None:
        charts.append(F.priorities_chart(_table(iso, root, "priorities"), src, fprio.code, fprio.rank_max))
    scores_path = analysis_dir(iso, root) / "scores.csv"
    if scores_path.exists():
        scores = read_csv(scores_path)
        charts.append(F.indicator_matrix_chart(scores, inst, country))
        for a in inst.indicators.areas:
            charts.append(F.indicator_matrix_chart(scores, inst, country, area=a["id"]))
        charts.append(F.area_scores_chart(_table(iso, root, "area_scores"), country))
    from ..nap.charts import nap_charts  # none when the country has no plan

    charts += nap_charts(iso, root)
    from .statistics import statistics_charts  # baseline statistics, when received

    charts += statistics_charts(iso, root)
    return charts


def build_charts(country: str, root=None, progress=None, force: bool = False) -> dict:
    """Render the country's charts into ``analysis/<ISO3>/charts/``."""
    charts = country_charts(country, root)
    result = render_charts(charts, analysis_dir(country, root) / "charts", progress=progress, force=force)
    result["charts"] = charts
    return result
