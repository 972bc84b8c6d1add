"""National Action Plan analysis: parse a NAP, map its measures to the 25
indicators, flag weak measures, run the ICMPD checklist, feed the desk review."""

from .run import (analyse_plan, compare_plans, nap_desk_evidence, nap_summary, parse_plan,
                  parse_registered)

__all__ = ["analyse_plan", "compare_plans", "nap_desk_evidence", "nap_summary", "parse_plan", "parse_registered"]
