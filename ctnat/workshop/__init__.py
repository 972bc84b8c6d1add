"""The validation workshop: handout, group worksheet, slides, and reading the
filled worksheets back into the report."""

from .collect import collect_workshop
from .handout import build_handout
from .worksheet import read_worksheet, write_worksheet

__all__ = ["build_handout", "collect_workshop", "read_worksheet", "write_worksheet"]
