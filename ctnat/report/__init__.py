"""The country assessment report (Word)."""

from .build import build_report

__all__ = ["build_report"]
