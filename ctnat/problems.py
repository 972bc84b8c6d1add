"""A problem found in an input, described so a non-programmer can fix it.

Every validator in CT-NAT reports :class:`Problem` records: the file, the row as
the user sees it (spreadsheet row numbers, header = row 1), the column, the value
found and what was expected, plus a plain-language message.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    expected: str | None = None
    severity: str = "error"  # "error" stops ingest; "warning" does not

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{self.severity.upper()}: {', '.join(where)}: {self.message}"


class CtnatError(Exception):
    """An error the user can act on; the CLI prints it without a traceback."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])

    def __str__(self) -> str:
        lines = [self.args[0]]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)
