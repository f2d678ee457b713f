"""Validate stage: schema checks, then consistency checks, over the loaded data.

Here the loaded files meet the models: pydantic's errors become located
problems with an example of the fix (:mod:`marketsite.checks.schema_errors`), and
:mod:`marketsite.checks.consistency` checks what the schema cannot see. Nothing is
raised for an editor's mistake. A :class:`~marketsite.data.dataset.Dataset` is only
returned when there is no error, so later stages never see half-valid data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import babel

from marketsite.checks.consistency import CAGR_TOLERANCE, acknowledge, check_facts
from marketsite.checks.plausibility import check_implied
from marketsite.checks.schema_errors import parse_facts, parse_model
from marketsite.checks.series_checks import check_series
from marketsite.checks.text_checks import (
    check_aligned,
    check_figures_in_prose,
    check_identical,
    check_name_forms,
    check_placeholders,
    check_text_against_facts,
)
from marketsite.data.dataset import AcknowledgedWarning, Dataset, Report
from marketsite.data.load import RawData, RawReport, load_data_dir
from marketsite.data.memory import Memory
from marketsite.data.problems import Problem, Severity, has_errors, sort_key
from marketsite.data.sources import SourceFile
from marketsite.data.text_model import Names, ReportText

__all__ = ["CAGR_TOLERANCE", "ValidationResult", "validate", "validate_data_dir"]


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
            model = parse_model(Names, source, problems)
            if model is not None:
                names[lang] = model
                problems += check_placeholders(source)
                problems += check_name_forms(source, model, lang)
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


# --- one report -------------------------------------------------------------------------


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
    facts = parse_facts(raw.facts, problems) if raw.facts else None
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
        model = parse_model(ReportText, source, problems)
        problems += check_placeholders(source)
        if model is not None:
            texts[lang] = model
            problems += check_name_forms(source, model.names, lang, ("names",))
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
