"""Validate stage: schema and consistency checks over the loaded data.

Every check appends :class:`~marketsite.problems.Problem` values; nothing is
raised for an editor's mistake. A :class:`~marketsite.model.Dataset` is only
returned when there is no error, so later stages never see half-valid data.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import types
import typing
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import babel
import pandas as pd
from pydantic import BaseModel, ValidationError

from marketsite.load import (
    FieldPath,
    RawData,
    RawReport,
    SeriesFile,
    SourceFile,
    leaf_values,
    load_data_dir,
)
from marketsite.model import REFERENCE_RE, Dataset, Facts, Names, Report, ReportText, ShareFact
from marketsite.problems import Problem, Severity, has_errors, sort_key

M = TypeVar("M", bound=BaseModel)

#: Default allowed gap between stated and implied CAGR, in percentage points.
CAGR_TOLERANCE = 0.05
#: Shares are published rounded; a total this far above 100 is still rounding.
SHARE_ROUNDING = 0.5
#: Upper case only: "todo" is a word in Spanish ("todo el mercado").
PLACEHOLDER_RE = re.compile(r"\bX{2,}\s?%|\bTBD\b|\bTODO\b|\bFIXME\b|\{\{|\}\}|\b[Ll]orem\b")
#: Prose may quote these without a figure in facts.yaml.
BUILTIN_REFERENCES = frozenset({"market"})

#: What the editor should write, per field name, in "missing key" messages.
EXAMPLES: dict[str, str] = {
    "currency": "currency: USD",
    "unit": "unit: billion",
    "base_year": "base_year: 2025",
    "forecast": "forecast: {start_year: 2026, end_year: 2035}",
    "start_year": "start_year: 2026",
    "end_year": "end_year: 2035",
    "market_size": "market_size: {start: 24.71, end: 58.25}",
    "start": "start: 24.71",
    "end": "end: 58.25",
    "cagr_percent": "cagr_percent: 10.1",
    "id": "id: north-america",
    "name": "name: HubSpot",
    "country": "country: US",
    "date": "date: 2023-03",
    "market_name": "market_name: omni-channel communication services",
    "overview": "overview: |\n  First paragraph ...",
    "headline": "headline: Rising expectations drive the market",
    "body": "body: |\n  Paragraph ...",
    "question": "question: How big is the market?",
    "answer": "answer: ...",
    "value": "value: 60",
}


@dataclass
class ValidationResult:
    """What validation found, and the data set when there was no error."""

    problems: list[Problem] = field(default_factory=list)
    dataset: Dataset | None = None

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings and notes allowed)."""
        return not has_errors(self.problems)


def validate_data_dir(
    root: Path,
    languages: tuple[str, ...] | None = None,
    source_language: str | None = None,
    cagr_tolerance: float = CAGR_TOLERANCE,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> ValidationResult:
    """Load and validate everything under ``root``.

    ``languages`` are the site's locales (default: every language a text file
    has); ``source_language`` the one translators start from (default: the first).
    """
    raw, problems = load_data_dir(root)
    result = validate(raw, languages, source_language, cagr_tolerance, today, progress)
    result.problems = sorted(problems + result.problems, key=sort_key)
    if has_errors(result.problems):
        result.dataset = None
    return result


def validate(
    raw: RawData,
    languages: tuple[str, ...] | None = None,
    source_language: str | None = None,
    cagr_tolerance: float = CAGR_TOLERANCE,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> ValidationResult:
    """Check loaded data; build the :class:`Dataset` only if nothing is wrong.

    ``progress`` is called with each report id once it is checked.
    """
    today = today or dt.date.today()
    problems: list[Problem] = []
    found_languages = sorted(
        {*raw.names, *(lang for r in raw.reports.values() for lang in r.texts)}
    )
    for lang in found_languages:
        if not _is_locale(lang):
            files = [raw.names[lang]] if lang in raw.names else []
            files += [r.texts[lang] for r in raw.reports.values() if lang in r.texts]
            problems += [
                Problem(
                    "unknown-locale",
                    f"'{lang}' is not a locale known to CLDR; name the file with a language "
                    "tag such as text.de.yaml, text.en.yaml or text.de-AT.yaml",
                    source.path,
                )
                for source in files
            ]
    if languages is None:
        languages = tuple(lang for lang in found_languages if _is_locale(lang))
    for lang in languages:
        if not _is_locale(lang):
            problems.append(
                Problem(
                    "unknown-locale",
                    f"configured language '{lang}' is not a locale known to CLDR; "
                    "use a tag such as de or en",
                    raw.root,
                )
            )
    source_language = source_language or (languages[0] if languages else "en")

    names: dict[str, Names] = {}
    for lang, source in raw.names.items():
        if lang in languages:
            model = _parse(Names, source, problems)
            if model is not None:
                names[lang] = model
                problems += _check_placeholders(source)
    problems += _check_aligned(raw.names, source_language, languages)

    reports: list[Report] = []
    for report in raw.reports.values():
        built = _validate_report(
            report, raw, names, languages, source_language, cagr_tolerance, today, problems
        )
        if built is not None:
            reports.append(built)
        if progress is not None:
            progress(report.report_id)
    problems += _check_slugs(raw, reports, languages)
    if not raw.reports:
        problems.append(
            Problem(
                "no-reports",
                "no report folders found; each report is a folder with facts.yaml "
                "and text.<lang>.yaml",
                raw.root,
            )
        )
    result = ValidationResult(sorted(problems, key=sort_key))
    if not has_errors(problems):
        result.dataset = Dataset(languages, source_language, names, tuple(reports))
    return result


def _check_slugs(raw: RawData, reports: list[Report], languages: tuple[str, ...]) -> list[Problem]:
    """Two reports may not share a URL in the same language."""
    problems = []
    for lang in languages:
        seen: dict[str, str] = {}
        for report in reports:
            slug = report.texts[lang].slug or report.report_id
            if slug in seen:
                source = raw.reports[report.report_id].texts[lang]
                problems.append(
                    source.problem(
                        "duplicate-slug",
                        f"slug '{slug}' is already the URL of report '{seen[slug]}' in '{lang}'; "
                        "give this report its own slug",
                        ("slug",),
                    )
                )
            seen.setdefault(slug, report.report_id)
    return problems


def _is_locale(tag: str) -> bool:
    try:
        babel.Locale.parse(tag, sep="-")
    except (ValueError, babel.UnknownLocaleError):
        return False
    return True


# --- schema -----------------------------------------------------------------------------


def _parse(model: type[M], source: SourceFile, problems: list[Problem]) -> M | None:
    """Validate ``source`` against ``model``; turn pydantic's errors into located problems."""
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problems.append(_schema_problem(model, source, error))
        return None


def _schema_problem(model: type[BaseModel], source: SourceFile, error: Any) -> Problem:
    loc: FieldPath = tuple(error["loc"])
    kind: str = error["type"]
    received = error.get("input")
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        example = EXAMPLES.get(name, f"{name}: ...")
        return source.problem(
            "missing-key", f"required key '{name}' is missing; add it, e.g. `{example}`", loc
        )
    if kind == "extra_forbidden":
        allowed = sorted(_allowed_keys(model, loc[:-1]))
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return source.problem(
            "unknown-key",
            f"unknown key '{name}'; {hint}allowed keys here: {', '.join(allowed)}",
            loc,
        )
    if kind in {"float_type", "int_type", "float_parsing", "int_parsing", "int_from_float"}:
        if kind.startswith("int"):
            what = "a whole number such as 2026 (digits only, no quotes)"
        else:
            what = "a number such as 12.5 (decimal point, no quotes, no unit)"
        return source.problem("wrong-type", f"expected {what}; got {received!r}", loc)
    if kind in {"greater_than", "greater_than_equal"} and _is_negative(received):
        return source.problem(
            "negative-value",
            f"value {received} is negative; {name} must be "
            + error["msg"].lower().removeprefix("input should be "),
            loc,
        )
    if kind == "string_pattern_mismatch":
        return source.problem("invalid-value", _pattern_message(name, received), loc)
    if kind in {"string_type", "bool_type", "dict_type", "list_type", "model_type"}:
        expected = {
            "string_type": "text",
            "bool_type": "true or false",
            "dict_type": "a block of 'key: value' lines",
            "list_type": "a list of '- ' items",
            "model_type": "a block of 'key: value' lines",
        }[kind]
        example = f", e.g. `{EXAMPLES[name]}`" if name in EXAMPLES else ""
        return source.problem(
            "wrong-type", f"expected {expected}{example}; got {_describe(received)}", loc
        )
    message = error["msg"][0].lower() + error["msg"][1:]
    return source.problem("invalid-value", f"{message}; got {received!r}", loc)


def _is_negative(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value < 0


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a block of keys"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (empty value)"
    return f"{value!r}"


def _pattern_message(name: str, received: object) -> str:
    if name == "date":
        return f"'{received}' is not a date; write YYYY-MM or YYYY-MM-DD, e.g. 2023-03"
    if name == "country":
        return f"'{received}' is not a country code; use ISO 3166 alpha-2, e.g. US, DE, IN"
    if name == "currency":
        return f"'{received}' is not a currency code; use ISO 4217, e.g. USD or EUR"
    return (
        f"'{received}' is not a valid id; use lowercase letters, digits and hyphens, "
        "e.g. north-america"
    )


def _unwrap(annotation: Any) -> list[Any]:
    """The classes inside an annotation (Optional, Annotated, unions)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in {typing.Union, types.UnionType}:
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _allowed_keys(model: type[BaseModel], loc: FieldPath) -> set[str]:
    """Field names of the model found at ``loc`` inside ``model``."""
    candidates: list[Any] = [model]
    for part in loc:
        following: list[Any] = []
        for candidate in candidates:
            origin = typing.get_origin(candidate)
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                if isinstance(part, str) and part in candidate.model_fields:
                    following += _unwrap(candidate.model_fields[part].annotation)
            elif origin in {list, dict}:
                following += _unwrap(typing.get_args(candidate)[-1])
        candidates = following
    return {
        name
        for candidate in candidates
        if isinstance(candidate, type) and issubclass(candidate, BaseModel)
        for name in candidate.model_fields
    }


# --- one report -------------------------------------------------------------------------


def _validate_report(
    raw: RawReport,
    data: RawData,
    shared_names: dict[str, Names],
    languages: tuple[str, ...],
    source_language: str,
    cagr_tolerance: float,
    today: dt.date,
    problems: list[Problem],
) -> Report | None:
    facts = _parse(Facts, raw.facts, problems) if raw.facts else None
    if raw.facts:
        problems += _check_placeholders(raw.facts)
    texts: dict[str, ReportText] = {}
    for lang in languages:
        source = raw.texts.get(lang)
        if source is None:
            if (raw.folder / f"text.{lang}.yaml").exists():
                continue  # unreadable file: already reported by load
            problems.append(
                Problem(
                    "missing-file",
                    f"no text for language '{lang}'; copy text.{source_language}.yaml to "
                    f"text.{lang}.yaml and translate it",
                    raw.folder / f"text.{lang}.yaml",
                )
            )
            continue
        model = _parse(ReportText, source, problems)
        problems += _check_placeholders(source)
        if model is not None:
            texts[lang] = model
    problems += _check_aligned(
        {lang: s for lang, s in raw.texts.items() if lang in languages}, source_language, languages
    )
    if facts is None or raw.facts is None:
        return None
    problems += _acknowledge(
        _check_facts(facts, raw.facts, cagr_tolerance, today), facts, raw.facts
    )
    for lang, text in texts.items():
        problems += _check_text_against_facts(
            text, raw.texts[lang], facts, raw.facts, shared_names.get(lang)
        )
    series = None
    if raw.series is not None:
        series, found = _check_series(raw.series, facts)
        problems += found
    if len(texts) != len(languages):
        return None
    return Report(raw.report_id, facts, texts, series)


def _check_facts(
    facts: Facts, source: SourceFile, cagr_tolerance: float, today: dt.date
) -> list[Problem]:
    problems: list[Problem] = []
    start, end = facts.forecast.start_year, facts.forecast.end_year
    if not facts.base_year <= start:
        problems.append(
            source.problem(
                "years-out-of-order",
                f"base year {facts.base_year} is after the forecast start {start}; "
                "the base year is the last year with actual data, so base_year <= start_year",
                ("base_year",),
            )
        )
    if not start < end:
        problems.append(
            source.problem(
                "years-out-of-order",
                f"forecast ends in {end}, not after it starts in {start}; "
                "swap them or fix the year so that start_year < end_year",
                ("forecast", "end_year"),
            )
        )
    else:
        implied = facts.implied_cagr() or 0.0
        if abs(implied - facts.cagr_percent) > cagr_tolerance + 1e-9:
            problems.append(
                source.problem(
                    "cagr-mismatch",
                    f"stated CAGR {facts.cagr_percent:.1f} % differs from the {implied:.1f} % "
                    f"({implied:.3f} %) implied by {facts.market_size.start:g} in {start} -> "
                    f"{facts.market_size.end:g} in {end}; the gap is more than the tolerance "
                    f"of {cagr_tolerance:g} points: correct cagr_percent or the market sizes",
                    ("cagr_percent",),
                    severity=Severity.WARNING,
                )
            )

    dimensions: dict[str, tuple[FieldPath, list[ShareFact]]] = {
        f"segments.{dim}": (("segments", dim), items) for dim, items in facts.segments.items()
    }
    dimensions["regions"] = (("regions",), facts.regions)
    for label, (path, items) in dimensions.items():
        problems += _check_ids(source, path, [item.id for item in items])
        problems += _check_shares(source, label, path, [item.share for item in items])

    names = [p.name for p in facts.players]
    for name, count in Counter(names).items():
        if count > 1:
            index = len(names) - 1 - names[::-1].index(name)
            problems.append(
                source.problem(
                    "duplicate-id",
                    f"player '{name}' is listed {count} times; keep one entry",
                    ("players", index, "name"),
                )
            )
    territories = babel.Locale("en").territories
    for index, player in enumerate(facts.players):
        code = player.country
        if code.upper() != code or code not in territories or code.isdigit():
            fix = {"UK": "GB", "EN": "GB"}.get(code.upper(), code.upper())
            hint = f"did you mean '{fix}'? " if fix in territories and fix != code else ""
            problems.append(
                source.problem(
                    "unknown-country",
                    f"'{code}' is not an ISO 3166 alpha-2 country code; {hint}"
                    "use two capital letters, e.g. US, DE, IN, AT",
                    ("players", index, "country"),
                )
            )

    problems += _check_ids(source, ("developments",), [d.id for d in facts.developments])
    for index, development in enumerate(facts.developments):
        date = development.calendar_date()
        date_path: FieldPath = ("developments", index, "date")
        if date is None:
            problems.append(
                source.problem(
                    "invalid-value",
                    f"'{development.date}' is not a calendar date; write YYYY-MM or YYYY-MM-DD",
                    date_path,
                )
            )
        elif date > today:
            problems.append(
                source.problem(
                    "date-in-future",
                    f"development dated {development.date} lies in the future (today is "
                    f"{today.isoformat()}); developments report what happened",
                    date_path,
                )
            )
    return problems


#: Warnings an editor may accept for a report with ``acknowledged: {code: reason}``.
ACKNOWLEDGEABLE = frozenset({"cagr-mismatch"})


def _acknowledge(problems: list[Problem], facts: Facts, source: SourceFile) -> list[Problem]:
    """Mark accepted warnings; report acknowledgements that are wrong or no longer needed."""
    out = []
    for code in facts.acknowledged:
        path = ("acknowledged", code)
        if code not in ACKNOWLEDGEABLE:
            out.append(
                source.problem(
                    "invalid-value",
                    f"'{code}' cannot be acknowledged; only these warnings can: "
                    + ", ".join(sorted(ACKNOWLEDGEABLE)),
                    path,
                )
            )
        elif not any(p.code == code for p in problems):
            out.append(
                source.problem(
                    "unused-acknowledgement",
                    f"'{code}' is acknowledged but no longer occurs; remove the acknowledgement",
                    path,
                    severity=Severity.NOTE,
                )
            )
    for problem in problems:
        reason = facts.acknowledged.get(problem.code)
        if reason is not None and problem.severity is Severity.WARNING:
            gap = _cagr_gap(facts)
            if problem.code == "cagr-mismatch" and gap > ROUNDING_GAP:
                out.append(
                    source.problem(
                        "acknowledgement-exceeded",
                        f"the acknowledgement covers rounding differences up to {ROUNDING_GAP:g} "
                        f"points, not a gap of {gap:.2f}; check the figures",
                        ("acknowledged", problem.code),
                        severity=Severity.NOTE,
                    )
                )
            else:
                problem = problem.acknowledge(reason)
        out.append(problem)
    return out


#: A CAGR published to one decimal may differ from the exact one by rounding; an
#: acknowledgement accepts that much and no more, so a later typo warns again.
ROUNDING_GAP = 0.15


def _cagr_gap(facts: Facts) -> float:
    implied = facts.implied_cagr()
    return 0.0 if implied is None else abs(implied - facts.cagr_percent)


def _check_ids(source: SourceFile, path: FieldPath, ids: list[str]) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for index, item_id in enumerate(ids):
        if item_id in seen:
            problems.append(
                source.problem(
                    "duplicate-id",
                    f"id '{item_id}' is used twice (first at item {seen[item_id]}); "
                    "ids must be unique",
                    (*path, index, "id"),
                )
            )
        seen.setdefault(item_id, index)
    return problems


def _label(dimension: str) -> str:
    """``regions`` -> ``regional``; ``segments.type`` -> ``type segment``, for messages."""
    return "regional" if dimension == "regions" else f"{dimension.split('.')[-1]} segment"


def _check_shares(
    source: SourceFile, label: str, path: FieldPath, shares: list[float | None]
) -> list[Problem]:
    given = [s for s in shares if s is not None]
    if not given:
        return []
    if len(given) != len(shares):
        missing = next(i for i, s in enumerate(shares) if s is None)
        return [
            source.problem(
                "shares-incomplete",
                f"some {label} have a share and some do not; give every item a share or none",
                (*path, missing),
            )
        ]
    total = math.fsum(given)
    if total > 100 + SHARE_ROUNDING:
        return [
            source.problem(
                "shares-over-100",
                f"{_label(label)} shares add up to {total:g} %, more than 100 %; "
                "shares of one dimension split one market, so they cannot exceed 100 %",
                (*path, 0, "share"),
            )
        ]
    if total < 100 - SHARE_ROUNDING:
        rest = "rest of world" if label == "regions" else "other"
        return [
            source.problem(
                "shares-remainder",
                f"{_label(label)} shares add up to {total:g} %; the remaining {100 - total:g} % "
                f"is shown as '{rest}'",
                path,
                severity=Severity.NOTE,
            )
        ]
    return []


# --- prose ------------------------------------------------------------------------------


def _strings(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))
    elif isinstance(value, str):
        yield path, value


def _check_placeholders(source: SourceFile) -> list[Problem]:
    problems = []
    for path, text in _strings(source.data):
        match = PLACEHOLDER_RE.search(text)
        if match:
            problems.append(
                source.problem(
                    "placeholder-text",
                    f"placeholder '{match.group(0)}' left in the text; replace it with the real "
                    "content before publishing",
                    path,
                    line=_line_of_text(source, path, match.group(0)),
                )
            )
    return problems


def _line_of_text(source: SourceFile, path: FieldPath, needle: str) -> int | None:
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


def _check_text_against_facts(
    text: ReportText,
    source: SourceFile,
    facts: Facts,
    facts_source: SourceFile,
    shared: Names | None,
) -> list[Problem]:
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
        items = facts.segments.get(dim)
        if items is None:
            problems.append(
                source.problem(
                    "unknown-id",
                    f"segment dimension '{dim}' is not in {file}; known: "
                    f"{', '.join(facts.segments) or 'none'}",
                    ("segments", dim),
                )
            )
            continue
        compare(set(described), [i.id for i in items], ("segments", dim), "segment")
    if text.regions:
        compare(set(text.regions), [r.id for r in facts.regions], ("regions",), "region")
    compare(
        set(text.developments), [d.id for d in facts.developments], ("developments",), "development"
    )

    names = Names(
        regions={**(shared.regions if shared else {}), **text.names.regions},
        dimensions={**(shared.dimensions if shared else {}), **text.names.dimensions},
        segments={**(shared.segments if shared else {}), **text.names.segments},
    )
    lang_file = source.path.name
    for dim, items in facts.segments.items():
        if dim not in names.dimensions:
            problems.append(
                _missing_name(facts_source, ("segments", dim), "dimension", dim, lang_file)
            )
        for index, item in enumerate(items):
            if item.id not in names.segments:
                problems.append(
                    _missing_name(
                        facts_source, ("segments", dim, index, "id"), "segment", item.id, lang_file
                    )
                )
    for index, region in enumerate(facts.regions):
        if region.id not in names.regions:
            problems.append(
                _missing_name(
                    facts_source, ("regions", index, "id"), "region", region.id, lang_file
                )
            )

    known = BUILTIN_REFERENCES | set(facts.figures)
    for path, value in _strings(source.data):
        for match in REFERENCE_RE.finditer(value):
            if match.group(1) not in known:
                problems.append(
                    source.problem(
                        "unknown-reference",
                        f"'{{{match.group(1)}}}' refers to no figure; define it under figures: in "
                        f"{file} or use one of: {', '.join(sorted(known))}",
                        path,
                        line=_line_of_text(source, path, match.group(0)),
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


def _check_aligned(
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


# --- CSV series -------------------------------------------------------------------------


def _check_series(series: SeriesFile, facts: Facts) -> tuple[pd.DataFrame | None, list[Problem]]:
    """``series.csv``: year,value[,region|segment] rows inside the report's years."""
    frame = series.frame
    problems: list[Problem] = []
    columns = list(frame.columns)
    allowed_scopes = {"region", "segment"}
    if (
        columns[:2] != ["year", "value"]
        or not set(columns[2:]) <= allowed_scopes
        or len(columns) > 3
    ):
        return None, [
            series.problem(
                "csv-header",
                f"header is {','.join(columns)!r}; expected 'year,value' optionally followed "
                "by one of 'region' or 'segment'",
            )
        ]
    scope = columns[2] if len(columns) == 3 else None
    years: list[int | None] = []
    values: list[float | None] = []
    for index, (year_cell, value_cell) in enumerate(
        zip(frame["year"], frame["value"], strict=True)
    ):
        year_text, value_text = str(year_cell).strip(), str(value_cell).strip()
        year = int(year_text) if year_text.isdigit() else None
        if year is None or not facts.base_year - 50 <= year <= facts.forecast.end_year:
            problems.append(
                series.problem(
                    "invalid-value",
                    f"year {year_text!r} must be a whole year between {facts.base_year - 50} and "
                    f"the forecast end {facts.forecast.end_year}",
                    index,
                    "year",
                )
            )
        try:
            value = float(value_text)
        except ValueError:
            value = None
        if value is None or not math.isfinite(value) or value < 0:
            problems.append(
                series.problem(
                    "wrong-type",
                    f"value {value_text!r} must be a non-negative number with a decimal point, "
                    "e.g. 24.71",
                    index,
                    "value",
                )
            )
        years.append(year)
        values.append(value)
    if problems:
        return None, problems
    clean = pd.DataFrame({"year": years, "value": values})
    if scope:
        clean[scope] = frame[scope].str.strip()
    groups = clean.groupby(scope, sort=False) if scope else [(None, clean)]
    for _, group in groups:
        previous = None
        for position, year in zip(group.index, group["year"], strict=True):
            if previous is not None and year <= previous:
                problems.append(
                    series.problem(
                        "years-out-of-order",
                        f"year {year} follows {previous}; "
                        "list years once each, in increasing order",
                        int(position),
                        "year",
                    )
                )
            previous = year
    if scope is None:
        for year, stated, label in (
            (facts.forecast.start_year, facts.market_size.start, "market_size.start"),
            (facts.forecast.end_year, facts.market_size.end, "market_size.end"),
        ):
            rows = clean.index[clean["year"] == year]
            if len(rows) and abs(clean.loc[rows[0], "value"] - stated) > 0.005:
                problems.append(
                    series.problem(
                        "value-mismatch",
                        f"{year} value {clean.loc[rows[0], 'value']:g} differs from {label} "
                        f"{stated:g} in facts.yaml; one fact, one number: correct one of them",
                        int(rows[0]),
                        "value",
                    )
                )
    return (None if problems else clean), problems
