"""The monitoring plan's narrative (seed 003, Annex 4: purpose, context, reporting, review and
evaluation), drafted from the country's institutions, the plan period and the MEL rows."""

from __future__ import annotations

from collections import Counter

from ..messages import _, format_list, format_number, format_range, ngettext


def monitoring_sections(country_name: str, first_year: int, years: int, institutions: list[dict],
                        mel: list[dict], activities: list[dict], currency: str, low: float, high: float
                        ) -> list[tuple[str, str]]:
    """[(heading, paragraph)] for purpose, context, reporting, review and evaluation, and costs."""
    end = first_year + years - 1
    coordinators = [i["title"] for i in institutions if i["kind"] == "body" and "coordination" in i["mandate"]]
    lead = coordinators[0] if coordinators else ""
    purpose = _("This plan sets out how the National Action Plan against trafficking in human beings of {country}, "
                "running from {start} to {end}, is monitored and evaluated: {n_ind} for {n_out}, each with a "
                "baseline, a mid-term and an end target, a means of verification, a frequency and who collects "
                "the data.", country=country_name, start=first_year, end=end,
                n_ind=ngettext("{n} indicator", "{n} indicators", len(mel)),
                n_out=ngettext("{n} outcome", "{n} outcomes", len({r["id"][1:].rsplit(".", 1)[0] for r in mel})))
    collectors = Counter(i for r in mel if r.get("collector") for i in r.get("_institutions") or [])
    missing = sum(1 for r in mel if not r.get("collector"))
    if lead:
        context = _("Overall responsibility lies with the {lead}, the entry point for progress, problems and "
                    "questions of implementation. The data come from: {bodies}.", lead=lead,
                    bodies=format_list(list(collectors)[:8]) if collectors else _("the bodies named per indicator"))
    else:
        context = _("The desk review names no body with a coordinating mandate: the planner names the body with "
                    "overall responsibility, the entry point for progress and problems of implementation.")
    if missing:
        context += " " + ngettext("For {n} indicator no institution of the country holds the role of collecting "
                                  "its data: the planner names one.",
                                  "For {n} indicators no institution of the country holds the role of collecting "
                                  "their data: the planner names one.", missing)
    freq = Counter(r.get("frequency", "") for r in mel if r.get("frequency"))
    reporting = _("Each body sends its figures to the {lead} at the frequency set per indicator ({frequencies}). "
                  "The {lead} writes an annual monitoring report, discusses it with the bodies that report, and "
                  "presents it to the government and parliament.", lead=lead or _("coordinating body"),
                  frequencies="; ".join(f"{k}: {format_number(v)}" for k, v in freq.most_common()))
    mid = first_year + max(0, (years + 1) // 2 - 1)
    review = (_("A mid-term evaluation at the end of {mid} checks progress against the mid-term targets and "
                "allows the plan to be corrected; an end evaluation in {end} measures each outcome against its "
                "baseline. An external evaluator gives the most independent view.", mid=mid, end=end)
              if years >= 3 else
              _("A review at the end of each year of the plan, and an end evaluation in {end}.", end=end))
    costs = _("The activities' financial estimates add up to {currency} {amount}. They are illustrative "
              "ranges from round unit costs (the guide gives none): replace them with the ministry's costing.",
              currency=currency, amount=format_range(format_number(int(low)), format_number(int(high))))
    return [(_("Purpose"), purpose), (_("Context"), context), (_("Reporting"), reporting),
            (_("Review and evaluation"), review), (_("Costs"), costs)]
