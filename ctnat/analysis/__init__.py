"""Survey statistics, profiles, the situation, priorities and group comparison."""

from .run import analyse_country

__all__ = ["analyse_country"]
