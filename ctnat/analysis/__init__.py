"""Survey statistics, profiles, the situation, priorities and group comparison."""

from .run import analyse_country, load_processed

__all__ = ["analyse_country", "load_processed"]
