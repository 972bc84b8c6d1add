"""National Action Plan analysis: parse a NAP, map its measures to the 25
indicators, flag weak measures, run the ICMPD checklist, feed the desk review."""

from .run import NoPlanError, analyse_plan, compare_plans, nap_desk_evidence, nap_summary, parse_plan

__all__ = ["NoPlanError", "analyse_plan", "compare_plans", "nap_desk_evidence", "nap_summary", "parse_plan"]
