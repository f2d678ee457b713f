"""Checks of the language files: prose against the facts, placeholders, aligned keys.

Each check returns :class:`~marketsite.problems.Problem` values located in the
file and line an editor has to change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from marketsite.load import FieldPath, SourceFile, leaf_values
from marketsite.model import REFERENCE_RE, Facts, Names, ReportText
from marketsite.problems import Problem

#: Prose may quote these without a figure in facts.yaml.
BUILTIN_REFERENCES = frozenset({"market"})


def strings(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every text value of parsed YAML with its key path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*path, index))
    elif isinstance(value, str):
        yield path, value


def line_of_text(source: SourceFile, path: FieldPath, needle: str) -> int | None:
    """The line inside a multi-line value that holds ``needle``."""
    start = source.line_of(path)
    if start is None:
        return None
    for offset, line in enumerate(source.lines_of_text[start - 1 :]):
        if needle in line:
            return start + offset
        if offset > 200:
            break
    return start


def check_text_against_facts(
    text: ReportText,
    source: SourceFile,
    facts: Facts,
    facts_source: SourceFile,
    shared: Names | None,
) -> list[Problem]:
    """A language file describes exactly the facts' segments, regions and developments,
    every id has a display name, and every ``{reference}`` is a known figure."""
    problems: list[Problem] = []
    file = facts_source.path.name

    def compare(prose_ids: set[str], fact_ids: list[str], path: FieldPath, what: str) -> None:
        for item_id in sorted(prose_ids - set(fact_ids)):
            problems.append(
                source.problem(
                    "unknown-id",
                    f"{what} '{item_id}' has text here but is not in {file}; add it there "
                    "or remove this entry",
                    (*path, item_id),
                )
            )
        for item_id in fact_ids:
            if item_id not in prose_ids:
                problems.append(
                    source.problem(
                        "missing-text",
                        f"{what} '{item_id}' from {file} has no text here; add `{item_id}: ...` "
                        f"under {'.'.join(map(str, path))}",
                        path,
                    )
                )

    for dim, described in text.segments.items():
        shares = facts.segments.get(dim)
        if shares is None:
            problems.append(
                source.problem(
                    "unknown-id",
                    f"segment dimension '{dim}' is not in {file}; known: "
                    f"{', '.join(facts.segments) or 'none'}",
                    ("segments", dim),
                )
            )
            continue
        compare(set(described), [i.id for i in shares.items], ("segments", dim), "segment")
    if text.regions:
        compare(set(text.regions), [r.id for r in facts.regions.items], ("regions",), "region")
    compare(
        set(text.developments), [d.id for d in facts.developments], ("developments",), "development"
    )

    names = Names(
        regions={**(shared.regions if shared else {}), **text.names.regions},
        dimensions={**(shared.dimensions if shared else {}), **text.names.dimensions},
        segments={**(shared.segments if shared else {}), **text.names.segments},
    )
    lang_file = source.path.name
    for dim, shares in facts.segments.items():
        if dim not in names.dimensions:
            problems.append(
                _missing_name(facts_source, ("segments", dim), "dimension", dim, lang_file)
            )
        for index, item in enumerate(shares.items):
            if item.id not in names.segments:
                problems.append(
                    _missing_name(
                        facts_source,
                        ("segments", dim, "items", index, "id"),
                        "segment",
                        item.id,
                        lang_file,
                    )
                )
    for index, region in enumerate(facts.regions.items):
        if region.id not in names.regions:
            problems.append(
                _missing_name(
                    facts_source, ("regions", "items", index, "id"), "region", region.id, lang_file
                )
            )

    known = BUILTIN_REFERENCES | set(facts.figures)
    for path, value in strings(source.data):
        for match in REFERENCE_RE.finditer(value):
            if match.group(1) not in known:
                problems.append(
                    source.problem(
                        "unknown-reference",
                        f"'{{{match.group(1)}}}' refers to no figure; define it under figures: in "
                        f"{file} or use one of: {', '.join(sorted(known))}",
                        path,
                        line=line_of_text(source, path, match.group(0)),
                    )
                )
    return problems


def _missing_name(
    source: SourceFile, path: FieldPath, what: str, item_id: str, lang_file: str
) -> Problem:
    section = {"dimension": "dimensions", "segment": "segments", "region": "regions"}[what]
    return source.problem(
        "missing-name",
        f"{what} '{item_id}' has no display name for {lang_file}; add `{item_id}: ...` under "
        f"{section}: in _shared/names.<lang>.yaml or under names.{section}: in {lang_file}",
        path,
    )


#: Upper case only: "todo" is a word in Spanish ("todo el mercado").
PLACEHOLDER_RE = re.compile(r"\bX{2,}\s?%|\bTBD\b|\bTODO\b|\bFIXME\b|\{\{|\}\}|\b[Ll]orem\b")


def check_placeholders(source: SourceFile) -> list[Problem]:
    """Text still to be written: ``TODO``, ``XX %``, ``{{``, lorem ipsum."""
    problems = []
    for path, text in strings(source.data):
        match = PLACEHOLDER_RE.search(text)
        if match:
            problems.append(
                source.problem(
                    "placeholder-text",
                    f"placeholder '{match.group(0)}' left in the text; replace it with the real "
                    "content before publishing",
                    path,
                    line=line_of_text(source, path, match.group(0)),
                )
            )
    return problems


def check_aligned(
    sources: dict[str, SourceFile], source_language: str, languages: tuple[str, ...]
) -> list[Problem]:
    """Every language file has every key the others have (translations line up)."""
    problems = []
    leaves = {lang: leaf_values(s.data) for lang, s in sources.items() if lang in languages}
    for lang, paths in leaves.items():
        target = sources[lang]
        for other in sorted(leaves, key=lambda o: (o != source_language, o)):
            if other == lang:
                continue
            for path in leaves[other]:
                if path not in paths and not _has_prefix(paths, path):
                    other_line = sources[other].line_of(path)
                    problems.append(
                        target.problem(
                            "missing-translation",
                            f"key '{_dotted(path)}' is in {sources[other].path.name} "
                            f"(line {other_line}) but missing here; translate it into '{lang}'",
                            path,
                        )
                    )
            break  # compare with one reference language; it catches every gap once
    return problems


def _has_prefix(paths: dict[FieldPath, Any], path: FieldPath) -> bool:
    return any(p[: len(path)] == path or path[: len(p)] == p for p in paths)


def _dotted(path: FieldPath) -> str:
    return ".".join(str(p) for p in path)
