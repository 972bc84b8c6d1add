"""Ingest and validate survey and interview data in every format it arrives in."""

from .result import ValidationResult
from .run import ingest_country, ingest_narrative
from .validate import validate_file
from .store import StoredFile, store_received_file

__all__ = ["StoredFile", "ValidationResult", "ingest_country", "ingest_narrative", "store_received_file", "validate_file"]
