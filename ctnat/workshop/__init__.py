"""The validation workshop: handout, group worksheet, slides, and the groups'
decisions matched to the draft (the filled worksheets are read at ingest)."""

from .collect import collect_workshop
from .handout import build_handout
from .worksheet import write_worksheet

__all__ = ["build_handout", "collect_workshop", "write_worksheet"]
