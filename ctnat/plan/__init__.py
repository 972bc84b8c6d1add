"""From findings to action: the draft results framework (NAP activities and the
monitoring, evaluation and learning plan) drafted from the gaps, with the ICMPD
guide's checks."""

from .run import check_workbook, plan_country

__all__ = ["check_workbook", "plan_country"]
