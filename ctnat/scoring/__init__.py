"""Scoring the 25 indicators × 4 criteria with an evidence trail (Annex E)."""

from .run import compare_countries, score_country

__all__ = ["compare_countries", "score_country"]
