"""Problems found in data files: one value per problem, collected before reporting.

Every stage that reads editor input returns problems instead of raising, so an
editor sees all of them at once, each with file, line, field and a fix.
"""

from __future__ import annotations

import contextlib
import gettext
import re
from dataclasses import dataclass, replace
from pathlib import Path

from marketsite.data.problem_codes import CODES, Severity

#: How much of a source line a problem shows.
SOURCE_LINE_WIDTH = 160
#: ``validate`` lists at most this many problems per file, then says how many more.
PROBLEMS_PER_FILE = 50


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

    def __post_init__(self) -> None:
        if self.code not in CODES:  # a programming error: every code is explained
            raise ValueError(
                f"problem code '{self.code}' is not in marketsite.data.problem_codes.CODES; "
                "add it there with what it means and how to fix it"
            )

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
        location = f"{printable(str(file))}:{self.line}" if self.line else printable(str(file))
        head = f"{location}: {printable(self.field) + ': ' if self.field else ''}"
        text = f"{head}{self.severity}[{self.code}]: {printable(self.message)}"
        if self.acknowledged is not None:
            text += f" (acknowledged: {self.acknowledged})"
        if self.source_line is not None and self.line:
            shown = printable(self.source_line.rstrip())
            if len(shown) > SOURCE_LINE_WIDTH:  # a minified or hostile line: show its start
                shown = shown[:SOURCE_LINE_WIDTH] + " …"
            text += f"\n    {self.line:>4} | {shown}"
        return text


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes (a file named "\\r" must not
    rewrite the terminal line, a message must stay one line)."""
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def listed(problems: list[Problem], limit: int = PROBLEMS_PER_FILE) -> list[Problem]:
    """At most ``limit`` problems per file, each file's extra ones replaced by one note
    that counts them (errors first: the rest is often a consequence)."""
    by_file: dict[Path, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    out: list[Problem] = []
    for file, found in by_file.items():
        if len(found) <= limit:
            out += found
            continue
        ranked = sorted(found, key=lambda p: (p.severity is not Severity.ERROR, sort_key(p)))
        shown = sorted(ranked[:limit], key=sort_key)
        hidden = ranked[limit:]
        errors = sum(1 for p in hidden if p.severity is Severity.ERROR)
        out += shown
        out.append(
            Problem(
                "more-problems",
                f"{len(hidden)} more problems in this file are not listed ({errors} of them "
                f"errors); fix the ones above and run validate again",
                file,
                severity=Severity.NOTE,
            )
        )
    return out


def has_errors(problems: list[Problem]) -> bool:
    """True when any problem is an error."""
    return any(p.severity is Severity.ERROR for p in problems)


def summary(problems: list[Problem]) -> str:
    """One line counting problems by severity, for the end of a report."""
    counts = {s: sum(1 for p in problems if p.severity is s) for s in Severity}
    return ", ".join(
        [
            counted(counts[Severity.ERROR], "error", "errors"),
            counted(counts[Severity.WARNING], "warning", "warnings"),
            counted(counts[Severity.NOTE], "note", "notes"),
        ]
    )


def counted(number: int, one: str, many: str) -> str:
    """``number`` and the noun in the form English needs for it ("1 report", "2 reports"),
    chosen by gettext's plural rule (the command line speaks English)."""
    return f"{number} {_ENGLISH.ngettext(one, many, number)}"


_ENGLISH = gettext.NullTranslations()


def sort_key(problem: Problem) -> tuple[str, int, str]:
    """Order problems by file, then line, so output reads top to bottom."""
    return (str(problem.file), problem.line or 0, problem.code)
