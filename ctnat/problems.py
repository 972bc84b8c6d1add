"""A problem found in an input, described so a non-programmer can fix it.

Every validator in CT-NAT reports :class:`Problem` records: the file, the row as
the user sees it (spreadsheet row numbers, header = row 1), the column, the value
found and what was expected, plus a plain-language message.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


def printable(text: str) -> str:
    """``text`` with its control characters (a new line, a terminal escape, a
    line or paragraph separator) written as escapes: a file name that holds
    them cannot forge or hide a line of output."""
    import unicodedata

    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else
                   (repr(ch)[1:-1] if unicodedata.category(ch) == "Cc" else f"\\u{ord(ch):04x}") for ch in text)


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
        where = [printable(self.file)]
        if self.row is not None:  # a YAML file's problems are at a line, a table's at a row
            where.append(f"{'line' if self.file.endswith(('.yaml', '.yml')) else 'row'} {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{self.severity.upper()}: {', '.join(where)}: {self.message}"


class CtnatError(Exception):
    """An error the user can act on; the CLI prints it without a traceback.

    The subclasses say what kind of thing went wrong, so a caller can tell "no
    NAP for this country" (nothing raised, the part is left out) from "the NAP
    file is broken" (:class:`InputError`)::

        CtnatError
        ├── InputError          a received file is malformed
        ├── InstrumentError     an instruments/*.yaml file is malformed
        ├── MissingInputError   a required input is absent
        ├── StageError          a stage's outputs are incomplete or inconsistent
        ├── UsageError          a command was asked for something it cannot do
        ├── ToolError           an outside program or library is missing or failed
        ├── BusyError           another build of the country holds its lock
        └── ConsistencyError    the assessment contradicts itself (the consistency gate)
    """

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])

    def __str__(self) -> str:
        lines = [self.args[0]]
        for p in self.problems:  # as `ctnat validate` prints them: the value found and what is allowed too
            line = f"  {p}"
            if p.value not in (None, ""):
                line += f" (found: {p.value!r})"
            if p.expected:
                line += f" — expected: {p.expected}"
            lines.append(line)
        return "\n".join(lines)


class InputError(CtnatError):
    """A received file (survey export, interview notes, desk review, worksheet, NAP
    file, overrides…) is malformed: the problems name file, row, column and value."""


class InstrumentError(CtnatError):
    """An instrument file (``instruments/*.yaml``) is malformed or refers to
    something that does not exist."""


class MissingInputError(CtnatError):
    """An input a stage cannot do without is absent (no processed survey table,
    no scores yet). Optional inputs that are absent are not errors: the stage
    says once that it leaves their part out."""


class StageError(CtnatError):
    """A stage's own outputs are inconsistent or incomplete (e.g. one table of an
    analysis present and another missing): re-run the stage named in the message."""


class UsageError(CtnatError):
    """A command was asked for something it cannot do: an unknown stage, role or
    plan, a missing option, a file that is not a received file, a user or
    withdrawal that already exists. Nothing was changed."""


class ToolError(CtnatError):
    """A program or library CT-NAT relies on (LibreOffice, Chromium/kaleido,
    pdftotext, python-docx) is missing or failed; the message says how to
    install it or what it reported."""


class BusyError(CtnatError):
    """Another build of the country (or one of its stage commands) holds the
    country's lock for longer than the wait: try again when it has finished."""


class ConsistencyError(CtnatError):
    """The consistency gate (``ctnat/consistency``) found a blocking contradiction
    the assessor has not accepted: each problem names the row of
    ``analysis/<ISO3>/consistency.csv``, the check, its key and both sides. Fix
    the input, or accept the row in ``overrides.yaml`` (``accepted:`` with check,
    key and reason)."""


#: The checks of the consistency gate, by id, with their severity. A ``blocking``
#: contradiction stops the build before any document is written unless the
#: assessor accepts it (``accepted:`` in ``data/raw/<ISO3>/overrides.yaml``, checked
#: against this list at ingest); a ``warning`` is listed for the assessor.
CHECKS: dict[str, str] = {
    "action_on_met_criterion": "blocking",  # a recommendation or plan activity acts on a criterion that is met
    "action_creates_existing": "blocking",  # an action creates a capability the country's instruments provide
    "rejected_in_plan": "blocking",  # a row of the results framework carries a recommendation the workshop rejected
    "amended_not_as_amended": "blocking",  # a plan activity of an amended recommendation without its amended wording
    "sources_disagree": "warning",  # two sources give different values for one figure
    "narrative_negates_statistic": "warning",  # the narrative denies a group the statistics count
    "table_contradicts_data": "blocking",  # a report table says other than its data or its text
}
