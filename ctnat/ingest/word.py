"""Returned Word survey forms and filled Word interview guides, read through the
tagged content controls of the forms CT-NAT generates
(:mod:`ctnat.instruments.word_forms`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..problems import Problem, ToolError


def _forms():
    try:
        from ..instruments import word_forms
    except ImportError:
        raise ToolError("Word forms cannot be read", [Problem(
            "", "this CT-NAT installation cannot read Word forms", expected="CSV or XLSX")]) from None
    return word_forms


def read_word_survey(path: Path, name: str) -> pd.DataFrame:
    """A returned survey form as a one-row (or several-row) table of text cells."""
    rows = _forms().read_survey_form(path)
    return pd.DataFrame(rows).fillna("").astype(str)


def read_word_interview(path: Path, name: str):
    """A filled interview guide: (header, answers by question code, problems)."""
    header, answers = _forms().read_interview_guide(path)
    return header, answers, []
