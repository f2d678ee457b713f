"""The kind of a problem: how severe it is, and what it means and how to fix it in each
language of the editors' guides."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is. Notes inform, warnings can be made fatal, errors are."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True)
class ProblemCode:
    """One kind of problem: ``en`` and ``de`` hold (what it means, how to fix it)."""

    code: str
    severity: Severity
    en: tuple[str, str]
    de: tuple[str, str]

    def explained(self, lang: str) -> tuple[str, str]:
        """What it means and how to fix it, in ``lang`` (a guide's language)."""
        return self.de if lang == "de" else self.en
