"""Every problem code: its default severity, and what it means and how to fix it in each
language of the editors' guides.

This is the one registry of the codes, assembled from the codes of the files
(:mod:`.codes_files`), of the facts (:mod:`.codes_facts`) and of the language files
(:mod:`.codes_texts`). A :class:`marketsite.data.problems.Problem` with a code that is
not here cannot be made, and the code tables of ``docs/editors.md`` and
``docs/redaktion.md`` are generated from here (``marketsite schema``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from marketsite.data.codes_facts import FACT_CODES
from marketsite.data.codes_files import FILE_CODES
from marketsite.data.codes_texts import TEXT_CODES
from marketsite.data.problem_code import ProblemCode, Severity

__all__ = ["CODES", "GUIDES", "ProblemCode", "Severity", "code_table"]

_CODES = (*FILE_CODES, *FACT_CODES, *TEXT_CODES)

#: Every code, in the order the guides list them.
CODES: Mapping[str, ProblemCode] = MappingProxyType({entry.code: entry for entry in _CODES})

#: The code table's header and severity words in each guide's language.
_TABLE_WORDS = {
    "en": (
        ("code", "severity", "what it means", "how to fix it"),
        {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"},
    ),
    "de": (
        ("Code", "Schwere", "Bedeutung", "Abhilfe"),
        {Severity.ERROR: "Fehler", Severity.WARNING: "Warnung", Severity.NOTE: "Hinweis"},
    ),
}
#: The guide of each language, relative to the project's root.
GUIDES = {"en": "docs/editors.md", "de": "docs/redaktion.md"}


def code_table(lang: str) -> str:
    """The Markdown table of every code for the editors' guide in ``lang``."""
    header, severities = _TABLE_WORDS[lang]
    rows = ["| " + " | ".join(header) + " |", "|---|---|---|---|"]
    for entry in CODES.values():
        meaning, fix = entry.explained(lang)
        rows.append(f"| `{entry.code}` | {severities[entry.severity]} | {meaning} | {fix} |")
    return "\n".join(rows) + "\n"
