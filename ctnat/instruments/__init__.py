"""Instruments as data: loading, checking and exporting the CT-NAT instruments."""

from .model import CRITERIA, Instruments, check_instruments, describe_problem, load_instruments
from .schema import (Area, Block, Codebook, Evidence, Field, Indicator, Indicators, InterviewGuide, NapRules,
                     Option, Plan, Question, Recommendations, Rubric, Scale, Statistics, Survey, Text, Theme,
                     normalise)

__all__ = ["CRITERIA", "Area", "Block", "Codebook", "Evidence", "Field", "Indicator", "Indicators", "Instruments",
           "InterviewGuide", "NapRules", "Option", "Plan", "Question", "Recommendations", "Rubric", "Scale", "Statistics",
           "Survey", "Text", "Theme", "check_instruments", "describe_problem", "load_instruments", "normalise"]
