"""Instruments as data: loading, checking and exporting the CT-NAT instruments."""

from .model import (CRITERIA, Field, Indicator, Instruments, Option, Scale, Survey,
                    check_instruments, describe_problem, load_instruments, normalise)

__all__ = ["CRITERIA", "Field", "Indicator", "Instruments", "Option", "Scale", "Survey",
           "check_instruments", "describe_problem", "load_instruments", "normalise"]
