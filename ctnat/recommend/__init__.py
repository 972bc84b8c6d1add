"""Consolidated recommendations per area, drafted from the gaps (stage ``recommend``)."""

from .draft import draft, number
from .run import draft_recommendations, load_recommendations, recommend_country, rejected_recommendations

__all__ = ["draft", "draft_recommendations", "load_recommendations", "number", "recommend_country",
           "rejected_recommendations"]
