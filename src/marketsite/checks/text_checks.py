"""Checks of the language files: prose against the facts, placeholders, aligned keys.

Each check returns :class:`~marketsite.data.problems.Problem` values located in the
file and line an editor has to change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from marketsite.data.fields import REFERENCE_RE
from marketsite.data.model import Facts
from marketsite.data.problems import Problem, Severity
from marketsite.data.sources import FieldPath, SourceFile, is_blank, text_leaves
from marketsite.data.text_model import NameForms, Names, ReportText, is_plural

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
    for dim, shares in facts.segments.items():
        if shares.items and dim not in text.segments:
            problems.append(
                _missing_block(source, ("segments", dim), [i.id for i in shares.items], file)
            )
    if text.regions or not facts.regions.items:
        compare(set(text.regions), [r.id for r in facts.regions.items], ("regions",), "region")
    else:
        problems.append(
            _missing_block(source, ("regions",), [r.id for r in facts.regions.items], file)
        )
    compare(
        set(text.developments), [d.id for d in facts.developments], ("developments",), "development"
    )

    names = Names(
        regions={**(shared.regions if shared else {}), **text.names.regions},
        dimensions={**(shared.dimensions if shared else {}), **text.names.dimensions},
        segments={**(shared.segments if shared else {}), **text.names.segments},
        sectors={**(shared.sectors if shared else {}), **text.names.sectors},
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
    if facts.sector is not None and facts.sector not in names.sectors:
        problems.append(_missing_name(facts_source, ("sector",), "sector", facts.sector, lang_file))
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


def _missing_block(source: SourceFile, path: FieldPath, ids: list[str], file: str) -> Problem:
    """A whole block of descriptions is missing (the facts list items for it)."""
    block = ".".join(map(str, path))
    return source.problem(
        "missing-text",
        f"{block} has no block here, but {file} lists {', '.join(ids)}; add `{block}:` with "
        f"a text for each (write `{ids[0]}: null` for one you leave without text on purpose)",
        path[:-1] if len(path) > 1 else (),
    )


def _missing_name(
    source: SourceFile, path: FieldPath, what: str, item_id: str, lang_file: str
) -> Problem:
    section = {
        "dimension": "dimensions",
        "segment": "segments",
        "region": "regions",
        "sector": "sectors",
    }[what]
    return source.problem(
        "missing-name",
        f"{what} '{item_id}' has no display name for {lang_file}; add `{item_id}: ...` under "
        f"{section}: in _shared/names.<lang>.yaml or under names.{section}: in {lang_file}",
        path,
    )


#: Languages whose generated lists put a name in the dative ("gefolgt von Sprachanrufen").
DATIVE_LANGUAGES = frozenset({"de"})


def check_name_forms(
    source: SourceFile, names: Names, lang: str, at: FieldPath = ()
) -> list[Problem]:
    """Every plural region or segment name in German states its dative: "gefolgt von"
    asks for it, and German adds an -n to most plurals there. ``at`` is where the
    names sit in the file (``("names",)`` in a text file)."""
    if lang not in DATIVE_LANGUAGES:
        return []
    problems = []
    for group in ("regions", "segments"):
        for key, name in getattr(names, group).items():
            if is_plural(name) and isinstance(name, NameForms) and name.dative is None:
                problems.append(
                    source.problem(
                        "missing-dative",
                        f"the plural name '{name.name}' ({group}.{key}) has no dative; "
                        f'generated lists say "gefolgt von …"; add `dative: '
                        f"{_dative_guess(name.name)}` (check the word)",
                        (*at, group, key),
                    )
                )
    return problems


def _dative_guess(plural: str) -> str:
    """German dative plural: -n, except after -n or -s ("Sprachanrufen", "Burgern",
    "Fachgeschäften", but "Nuggets", "Linearroboter" + n)."""
    return plural if plural.endswith(("n", "s")) else plural + "n"


#: Upper case only: "todo" is a word in Spanish ("todo el mercado").
PLACEHOLDER_RE = re.compile(r"\bX{2,}\s?%|\bTBD\b|\bTODO\b|\bFIXME\b|\{\{|\}\}|\b[Ll]orem\b")
#: Text without any of these has no placeholder: a substring test is much cheaper than the
#: expression, and nearly every text passes it.
_PLACEHOLDER_PARTS = ("XX", "TBD", "TODO", "FIXME", "{{", "}}", "orem")


def check_placeholders(source: SourceFile) -> list[Problem]:
    """Text still to be written: ``TODO``, ``XX %``, ``{{``, lorem ipsum."""
    problems = []
    for path, text in strings(source.data):
        if not any(part in text for part in _PLACEHOLDER_PARTS):
            continue
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
    left_over: set[FieldPath] = set()
    leaves = {lang: text_leaves(s.data) for lang, s in sources.items() if lang in languages}
    for lang, paths in leaves.items():
        target = sources[lang]
        for other in sorted(leaves, key=lambda o: (o != source_language, o)):
            if other == lang:
                continue
            for path, text in leaves[other].items():
                other_line = sources[other].line_of(path)
                if path not in paths and not _has_prefix(paths, path) and lang == source_language:
                    # Not in the source language: left over (a scaffold's key, a text
                    # deleted there), and deleting it is the fix, not translating it. A
                    # whole block left over is one problem, at its key.
                    block = _absent_root(paths, path)
                    if block in left_over:
                        continue
                    left_over.add(block)
                    problems.append(
                        sources[other].problem(
                            "left-over-key",
                            f"key '{_dotted(block)}' is not in {target.path.name}, the source "
                            f"language's file; delete it here if it is left over, or write it "
                            f"in {target.path.name} first",
                            block,
                        )
                    )
                elif path not in paths and not _has_prefix(paths, path):
                    problems.append(
                        target.problem(
                            "missing-translation",
                            f"key '{_dotted(path)}' is in {sources[other].path.name} "
                            f"(line {other_line}) but missing here; translate it into '{lang}'",
                            path,
                        )
                    )
                elif path in paths and is_blank(paths[path]) and not is_blank(text):
                    problems.append(
                        target.problem(
                            "missing-translation",
                            f"'{_dotted(path)}' has no text here, but {sources[other].path.name} "
                            f"(line {other_line}) has; translate it into '{lang}', or empty it "
                            "in every language",
                            path,
                        )
                    )
            break  # compare with one reference language; it catches every gap once
    return problems


def _absent_root(paths: dict[FieldPath, Any], path: FieldPath) -> FieldPath:
    """The shortest start of ``path`` that no key of ``paths`` shares: the block missing."""
    for length in range(1, len(path) + 1):
        if not any(known[:length] == path[:length] for known in paths):
            return path[:length]
    return path


def _has_prefix(paths: dict[FieldPath, Any], path: FieldPath) -> bool:
    return any(p[: len(path)] == path or path[: len(p)] == p for p in paths)


def _dotted(path: FieldPath) -> str:
    return ".".join(str(p) for p in path)


def looks_untranslated(key: FieldPath, source_value: object, translated: object) -> bool:
    """True when a translation is the source text itself, and that text is prose.

    Slugs, acronyms and codes ("SMS", "BFSI") and one-word names ("online") may be
    the same in every language; a sentence may not.
    """
    if not isinstance(source_value, str) or source_value != translated:
        return False
    if (key and key[-1] == "slug") or PLACEHOLDER_RE.search(source_value):
        return False  # a placeholder is reported as one already
    words = source_value.split()
    return len(words) >= 2 and any(c.islower() for c in source_value)


def check_identical(
    sources: dict[str, SourceFile], source_language: str, languages: tuple[str, ...]
) -> list[Problem]:
    """Text left in the source language: the same sentence in a translation."""
    reference = sources.get(source_language)
    if reference is None:
        return []
    problems = []
    source_leaves = text_leaves(reference.data)
    for lang, target in sources.items():
        if lang == source_language or lang not in languages:
            continue
        for path, value in text_leaves(target.data).items():
            if looks_untranslated(path, source_leaves.get(path), value):
                problems.append(
                    target.problem(
                        "identical-text",
                        f"'{_dotted(path)}' is the same as in {reference.path.name}; translate "
                        f"it into '{lang}'",
                        path,
                        severity=Severity.WARNING,
                    )
                )
    return problems


#: Numbers that are figures when typed into prose: percentages, money amounts (a currency
#: or a magnitude word beside digits) and numbers with decimals. Whole numbers alone
#: (years, "COVID-19", "5G") are left alone.
_NUMBER = r"\d+(?:[.,]\d+)*"
FIGURE_IN_PROSE_RE = re.compile(
    "|".join(
        [
            rf"{_NUMBER}\s?(?:%|percent\b|per cent\b|Prozent\b)",
            rf"(?:[$€£¥]|\b(?:USD|EUR|GBP|JPY|CHF)\s?){_NUMBER}",
            rf"{_NUMBER}\s?(?:[$€£¥]|(?:USD|EUR|GBP|JPY|CHF|US-Dollar|dollars?|euros?|Euro)\b)",
            rf"{_NUMBER}\s?(?:trillion|billion|million|Billionen|Milliarden|Millionen|Mrd\.|Mio\.)",
            r"\b\d+[.,]\d+\b",
        ]
    ),
    re.IGNORECASE,
)
#: Every figure above has a digit; finding none is ten times as fast as the search, and
#: a report's prose rarely has one (figures are quoted as {id}).
_DIGIT = re.compile(r"\d")
#: Keys whose values are names or addresses, not prose.
_NOT_PROSE = frozenset({"names", "slug", "not_figures", "market_name"})


def check_figures_in_prose(source: SourceFile, text: ReportText) -> list[Problem]:
    """A figure typed into prose is checked by nothing and formatted for no language: ask
    for it as a figure ({id}), unless it is part of a name the editors listed."""
    problems = []
    for path, value in strings(source.data):
        if path and path[0] in _NOT_PROSE:
            continue
        plain = REFERENCE_RE.sub(" ", value)
        for name in text.not_figures:
            plain = plain.replace(name, " ")
        match = FIGURE_IN_PROSE_RE.search(plain) if _DIGIT.search(plain) else None
        if match is None:
            continue
        typed = match.group(0).strip()
        problems.append(
            source.problem(
                "figure-in-prose",
                f"'{typed}' is typed into the text, where nothing checks it or formats it "
                "for each language; write it under figures: in facts.yaml (e.g. "
                "`online-share: {value: 12.5, unit: percent}`) and quote it as "
                "{online-share}; if it is part of a name, list the name under not_figures:",
                path,
                severity=Severity.WARNING,
                line=line_of_text(source, path, typed),
            )
        )
    return problems
