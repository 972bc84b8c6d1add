"""The small-cell rule, in one place for every stage that shows a count.

A count of people above zero and below the rubric's ``small_cell`` threshold
may identify someone: ingest flags such a figure of the statistics, and the
report marks such a survey answer cell and counts them in its limitations.
This module imports nothing from the stages, so any of them can use it.
"""

from __future__ import annotations

from typing import Any


def is_small_cell(count: Any, threshold: int) -> Any:
    """True where ``0 < count < threshold``: one count (a bool back) or a
    pandas Series or numpy array of counts (a boolean mask back)."""
    return (count > 0) & (count < threshold)
