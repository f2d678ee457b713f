"""Validate stage: schema checks, then consistency checks, over the loaded data.

Here the loaded files meet the models: pydantic's errors become located
problems with an example of the fix, a file in the old data form is pointed at
the new one, and :mod:`marketsite.checks.consistency` checks what the schema cannot
see. Nothing is raised for an editor's mistake. A
:class:`~marketsite.data.dataset.Dataset` is only returned when there is no error, so
later stages never see half-valid data.
"""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import babel
from pydantic import BaseModel, ValidationError

from marketsite.checks.consistency import CAGR_TOLERANCE, acknowledge, check_facts
from marketsite.checks.plausibility import check_implied
from marketsite.checks.series_checks import check_series
from marketsite.checks.text_checks import (
    check_aligned,
    check_figures_in_prose,
    check_identical,
    check_placeholders,
    check_text_against_facts,
)
from marketsite.data.dataset import AcknowledgedWarning, Dataset, Report
from marketsite.data.load import RawData, RawReport, load_data_dir
from marketsite.data.memory import Memory
from marketsite.data.model import Facts
from marketsite.data.problems import Problem, Severity, has_errors, sort_key
from marketsite.data.sources import FieldPath, SourceFile
from marketsite.data.text_model import Names, ReportText

__all__ = ["CAGR_TOLERANCE", "ValidationResult", "validate", "validate_data_dir"]

M = TypeVar("M", bound=BaseModel)

#: What the editor should write, per field name, in "missing key" messages.
EXAMPLES: dict[str, str] = {
    "currency": "currency: USD",
    "unit": "unit: billion",
    "base_year": "base_year: 2025",
    "forecast": "forecast: {start_year: 2026, end_year: 2035}",
    "start_year": "start_year: 2026",
    "end_year": "end_year: 2035",
    "market_size": "market_size: [{year: 2026, value: 24.71}, {year: 2035, value: 58.25}]",
    "cagr": "cagr: {value: 10.1, from: 2026, to: 2035}",
    "year": "year: 2026",
    "regions": "regions: [{id: europe, share: 30}]",
    "items": "items: [{id: email, share: 35}]",
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
    memory: Memory | None = None,
) -> ValidationResult:
    """Load and validate everything under ``root``.

    ``languages`` are the site's locales (default: every language a text file
    has); ``source_language`` the one translators start from (default: the first).
    ``memory`` (a preview's) keeps parsed files and validated reports for the next
    call, which then checks again only what changed.
    """
    raw, problems = load_data_dir(root, memory)
    result = validate(raw, languages, source_language, cagr_tolerance, today, progress, memory)
    result.problems = sorted(_once(problems + result.problems), key=sort_key)
    if has_errors(result.problems):
        result.dataset = None
    return result


def _files_of(raw: RawData, lang: str) -> list[SourceFile]:
    """Every file of one language: its names file and each report's text file."""
    files = [raw.names[lang]] if lang in raw.names else []
    return files + [r.texts[lang] for r in raw.reports.values() if lang in r.texts]


def _once(problems: list[Problem]) -> list[Problem]:
    """A ``TODO`` where a number belongs is one problem, not a placeholder and a type error."""
    other_errors = {
        (p.file, p.field)
        for p in problems
        if p.code != "placeholder-text" and p.severity is Severity.ERROR
    }
    return [
        p for p in problems if p.code != "placeholder-text" or (p.file, p.field) not in other_errors
    ]


def validate(
    raw: RawData,
    languages: tuple[str, ...] | None = None,
    source_language: str | None = None,
    cagr_tolerance: float = CAGR_TOLERANCE,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
    memory: Memory | None = None,
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
            problems += [
                Problem(
                    "unknown-locale",
                    f"'{lang}' is not a locale known to CLDR; name the file with a language "
                    "tag such as text.de.yaml, text.en.yaml or text.de-AT.yaml",
                    source.path,
                )
                for source in _files_of(raw, lang)
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
    for lang in found_languages:
        if _is_locale(lang) and lang not in languages:
            problems += [
                Problem(
                    "unused-language",
                    f"'{lang}' is not a language of the site ({', '.join(languages)}), so "
                    f"this file is not published; to add it, put {lang} under languages: of "
                    f"the marketsite plugin in mkdocs.yml and run `make messages "
                    f"NEW_LANG={lang}`; else delete the file",
                    source.path,
                    1,
                    severity=Severity.WARNING,
                    source_line=source.source_line(1),
                )
                for source in _files_of(raw, lang)
            ]
    source_language = source_language or (languages[0] if languages else "en")

    names: dict[str, Names] = {}
    for lang, source in raw.names.items():
        if lang in languages:
            model = _parse(Names, source, problems)
            if model is not None:
                names[lang] = model
                problems += check_placeholders(source)
    problems += check_aligned(raw.names, source_language, languages)
    problems += check_identical(raw.names, source_language, languages)

    reports: list[Report] = []
    settings = (repr(sorted(names.items())), languages, source_language, cagr_tolerance, today)
    for report in raw.reports.values():
        built = _validate_report_once(report, raw, names, settings, problems, memory)
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
    if "-" in kind:  # our own figure checks raise problem codes with the whole message
        return source.problem(kind, error["msg"], loc)
    if kind == "invalid_key":
        # `{year: 2026, value: 12,5}`: in a { } block the comma ends the entry.
        return source.problem(
            "wrong-type",
            f"'{received}' stands where a 'key: value' entry belongs; in a {{ }} block a comma "
            "separates entries, so a decimal comma splits the number: write a decimal point "
            "(12.5)",
            loc[:-1],
        )
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
        hint = ""
        if kind == "bool_type" and isinstance(received, str):
            hint = " (yes, no, on and off are text, as in YAML 1.2: write true or false)"
        return source.problem(
            "wrong-type", f"expected {expected}{example}; got {_describe(received)}{hint}", loc
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
    if name in {"date", "published", "updated", "accessed"}:
        return f"'{received}' is not a date; write YYYY-MM or YYYY-MM-DD, e.g. 2023-03"
    if name == "url":
        return (
            f"'{received}' is not a web address; write it whole, starting with https:// "
            "(spaces, quotes and brackets written as %20, %22, %28 ...)"
        )
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
                fields = {f.alias or n: f for n, f in candidate.model_fields.items()}
                if isinstance(part, str) and part in fields:
                    following += _unwrap(fields[part].annotation)
            elif origin in {list, dict}:
                following += _unwrap(typing.get_args(candidate)[-1])
        candidates = following
    return {
        field.alias or name
        for candidate in candidates
        if isinstance(candidate, type) and issubclass(candidate, BaseModel)
        for name, field in candidate.model_fields.items()
    }


# --- the old form of facts.yaml --------------------------------------------------------


def _old_form(source: SourceFile) -> tuple[dict[str, Any], list[Problem]]:
    """Point keys of the old facts form at the new one; return the data without them.

    The old form had ``market_size: {start, end}`` and ``cagr_percent``: it forced
    an end value and presented every figure without its year.
    """
    data = dict(source.data)
    problems: list[Problem] = []
    found = data.get("forecast")
    forecast: dict[str, Any] = found if isinstance(found, dict) else {}
    start_year = forecast.get("start_year", "START_YEAR")
    end_year = forecast.get("end_year", "END_YEAR")
    size = data.get("market_size")
    if isinstance(size, dict) and {"start", "end"} & set(size):
        points = [
            f"{{year: {year}, value: {size[key]}}}"
            for key, year in (("start", start_year), ("end", end_year))
            if key in size
        ]
        problems.append(
            source.problem(
                "old-format",
                "market_size is in the old form (start/end); list each published size with "
                f"its year instead: `market_size: [{', '.join(points)}]` (a size the publisher "
                "does not state is left out; see the editor's guide)",
                ("market_size",),
            )
        )
        del data["market_size"]
    if "cagr_percent" in data:
        problems.append(
            source.problem(
                "old-format",
                "cagr_percent is the old form; write the CAGR with its period instead: "
                f"`cagr: {{value: {data['cagr_percent']}, from: {start_year}, to: {end_year}}}` "
                "(see the editor's guide)",
                ("cagr_percent",),
            )
        )
        del data["cagr_percent"]
    return data, problems


# --- one report -------------------------------------------------------------------------


def _parse_facts(source: SourceFile, problems: list[Problem]) -> Facts | None:
    data, old = _old_form(source)
    problems += old
    try:
        facts = Facts.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problems.append(_schema_problem(Facts, source, error))
        return None
    return None if old else facts


def _validate_report_once(
    raw: RawReport,
    data: RawData,
    shared_names: dict[str, Names],
    settings: tuple[str, tuple[str, ...], str, float, dt.date],
    problems: list[Problem],
    memory: Memory | None,
) -> Report | None:
    """:func:`_validate_report`; with ``memory``, its result for the same parsed files and
    settings. The loader hands out the same parsed objects for unchanged files, so a
    preview's rebuild validates again only the reports whose files changed."""
    texts = tuple((lang, id(source)) for lang, source in sorted(raw.texts.items()))
    key = (id(raw.facts), id(raw.series), texts, *settings)
    known = memory.validated.get(raw.folder) if memory is not None else None
    if known is not None and known[0] == key:
        problems += known[3]
        return known[2]
    found: list[Problem] = []
    _, languages, source_language, cagr_tolerance, today = settings
    report = _validate_report(
        raw, data, shared_names, languages, source_language, cagr_tolerance, today, found
    )
    if memory is not None:
        # The RawReport keeps the parsed files alive, so their ids in the key stay theirs.
        memory.validated[raw.folder] = (key, raw, report, found)
    problems += found
    return report


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
    facts = _parse_facts(raw.facts, problems) if raw.facts else None
    if raw.facts:
        problems += check_placeholders(raw.facts)
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
        problems += check_placeholders(source)
        if model is not None:
            texts[lang] = model
    in_languages = {lang: s for lang, s in raw.texts.items() if lang in languages}
    problems += check_aligned(in_languages, source_language, languages)
    problems += check_identical(in_languages, source_language, languages)
    if facts is None or raw.facts is None:
        return None
    series = None
    if raw.series is not None:
        series, found = check_series(raw.series, facts)
        problems += found
    scoped = series is not None and series.scope is not None
    points = series.points if series is not None and not scoped else ()
    checked = check_facts(facts, raw.facts, cagr_tolerance, today, points)
    checked += check_implied(
        facts, raw.facts, raw.series, series.points if series is not None else ()
    )
    checked = acknowledge(checked, facts, raw.facts)
    problems += checked
    accepted = tuple(
        AcknowledgedWarning(p.code, p.field) for p in checked if p.acknowledged is not None
    )
    for lang, text in texts.items():
        problems += check_text_against_facts(
            text, raw.texts[lang], facts, raw.facts, shared_names.get(lang)
        )
        problems += check_figures_in_prose(raw.texts[lang], text)
    if len(texts) != len(languages) or (raw.series is not None and series is None):
        return None
    return Report(
        raw.report_id,
        facts,
        texts,
        points,
        series.points if series is not None and scoped else (),
        series.scope if series is not None else None,
        accepted,
    )
