"""Consolidated recommendations per area, drafted from the gaps (stage ``recommend``)."""

from .draft import draft, number
from .run import load_recommendations, recommend_country

__all__ = ["draft", "load_recommendations", "number", "recommend_country"]
