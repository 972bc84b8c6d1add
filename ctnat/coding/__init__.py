"""Qualitative coding: codebook, auto-coding, manual decisions, frequencies,
REFI-QDA exchange and coder agreement."""

from .refiqda import export_qdc, import_qdc
from .run import code_country

__all__ = ["code_country", "export_qdc", "import_qdc"]
