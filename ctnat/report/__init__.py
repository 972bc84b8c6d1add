"""The country assessment report (Word)."""

from .build import build_report
from .recommendations import draft_recommendations

__all__ = ["build_report", "draft_recommendations"]
