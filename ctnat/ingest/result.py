"""What checking one received file found (:class:`ValidationResult`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..problems import Problem


@dataclass
class ValidationResult:
    file: str
    kind: str  # survey | interview
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    format: str = ""
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    table: pd.DataFrame | None = None  # coded survey rows, or interview metadata
    segments: list[dict] = field(default_factory=list)
    personal_terms: list[str] = field(default_factory=list)  # never written anywhere
    personal: list[tuple[str, str]] = field(default_factory=list)  # (field, value): for the name screen only

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def can_ingest(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {"file": self.file, "kind": self.kind, "format": self.format, "sheet": self.sheet,
                "rows": self.rows, "can_ingest": self.can_ingest,
                "problems": [p.as_dict() for p in self.problems]}
