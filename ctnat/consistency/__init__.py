"""The consistency gate: contradictions between the assessment's parts, found before any document is written."""

from .run import check_country, find_contradictions

__all__ = ["check_country", "find_contradictions"]
