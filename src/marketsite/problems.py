"""Problems found in data files: one value per problem, collected before reporting.

Every stage that reads editor input returns problems instead of raising, so an
editor sees all of them at once, each with file, line, field and a fix.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """How bad a problem is. Notes inform, warnings can be made fatal, errors are."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth knowing) about the input data.

    ``code`` is a stable kebab-case id (``cagr-mismatch``); ``field`` a dotted
    path inside the file (``segments.type[2].share``); ``line`` is 1-based,
    ``None`` when the problem concerns the whole file.
    """

    code: str
    message: str
    file: Path
    line: int | None = None
    field: str = ""
    severity: Severity = Severity.ERROR
    source_line: str | None = None
    acknowledged: str | None = None  # the editors' reason for accepting a warning
    measure: float | None = None  # how far off, for checks an acknowledgement bounds

    def as_error(self) -> Problem:
        """The same problem, raised to an error (``--strict``); acknowledged ones stay."""
        if self.acknowledged is not None:
            return self
        return replace(self, severity=Severity.ERROR)

    def acknowledge(self, reason: str) -> Problem:
        """The same warning, marked as accepted by the editors."""
        return replace(self, acknowledged=reason)

    def format(self, root: Path | None = None) -> str:
        """Render like a compiler: ``file:line: field: severity[code]: message`` + source."""
        file = self.file
        if root is not None:
            with contextlib.suppress(ValueError):  # outside root: keep the full path
                file = self.file.relative_to(root)
        location = f"{file}:{self.line}" if self.line else f"{file}"
        head = f"{location}: {self.field + ': ' if self.field else ''}"
        text = f"{head}{self.severity}[{self.code}]: {self.message}"
        if self.acknowledged is not None:
            text += f" (acknowledged: {self.acknowledged})"
        if self.source_line is not None and self.line:
            text += f"\n    {self.line:>4} | {self.source_line.rstrip()}"
        return text


def has_errors(problems: list[Problem]) -> bool:
    """True when any problem is an error."""
    return any(p.severity is Severity.ERROR for p in problems)


def summary(problems: list[Problem]) -> str:
    """One line counting problems by severity, for the end of a report."""
    counts = {s: sum(1 for p in problems if p.severity is s) for s in Severity}

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return ", ".join(
        [
            plural(counts[Severity.ERROR], "error"),
            plural(counts[Severity.WARNING], "warning"),
            plural(counts[Severity.NOTE], "note"),
        ]
    )


def sort_key(problem: Problem) -> tuple[str, int, str]:
    """Order problems by file, then line, so output reads top to bottom."""
    return (str(problem.file), problem.line or 0, problem.code)
