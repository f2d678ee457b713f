"""Consistency checks of ``facts.yaml``: what the schema cannot see, across fields.

Each check takes the parsed facts (and the source file, for lines) and returns
:class:`~marketsite.data.problems.Problem` values; nothing is raised for an
editor's mistake. Every problem code is explained in the editor's guide. The
language files are checked in :mod:`marketsite.checks.text_checks`, ``series.csv``
in :mod:`marketsite.checks.series_checks`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import babel

from marketsite.checks.attribution import check_date, check_sources
from marketsite.checks.bounds import CAGR_TOLERANCE as CAGR_TOLERANCE
from marketsite.checks.bounds import ROUNDING_GAP, gap_outside, rate_tolerance
from marketsite.checks.claims import check_claims
from marketsite.checks.shares import (
    check_ids,
    check_part_growth,
    check_shares,
    set_label,
    share_sets,
)
from marketsite.data.dataset import SeriesPoint, stated_sizes
from marketsite.data.figure import Figure, beyond_any_market
from marketsite.data.model import Cagr, Facts, implied_cagr
from marketsite.data.problems import Problem, Severity
from marketsite.data.sources import FieldPath, SourceFile

#: Warnings an editor may accept for a report with ``acknowledged: {code: reason}``.
ACKNOWLEDGEABLE = frozenset(
    {
        "cagr-mismatch",
        "change-mismatch",
        "two-wordings",  # the publisher truly states it two ways
        "cagr-parts",
        "fastest-slower-than-market",
        "fastest-not-fastest",
        "implausible-growth",  # a young market may grow faster: the editors say so
        "implausible-share",  # a region's size may follow another definition than the market's
        "year-outside-report",
    }
)


# --- facts.yaml -------------------------------------------------------------------------


def check_facts(
    facts: Facts,
    source: SourceFile,
    cagr_tolerance: float,
    today: dt.date,
    series: tuple[SeriesPoint, ...] = (),
) -> list[Problem]:
    """Every consistency check of one report's facts (and its series)."""
    problems = _check_years(facts, source)
    problems += _check_cagrs_against_sizes(facts, source, series, cagr_tolerance)
    problems += _check_magnitudes(facts, source)
    problems += _check_outside(facts, source, series)
    for label, shares in share_sets(facts):
        path: FieldPath = ("regions",) if label == "regions" else ("segments", label)
        problems += check_ids(source, (*path, "items"), [item.id for item in shares.items])
        problems += check_shares(source, label, path, shares)
        problems += check_part_growth(facts, source, label, path, shares, cagr_tolerance)
    problems += _check_players(facts, source)
    problems += _check_developments(facts, source, today)
    problems += _check_report_dates(facts, source, today)
    problems += check_sources(facts, source, today)
    problems += check_claims(facts, source, series, cagr_tolerance)
    return problems


def _check_magnitudes(facts: Facts, source: SourceFile) -> list[Problem]:
    """Stated market sizes beyond any market in the file's unit (2,000,000 with unit:
    billion); series.csv rows are checked with the series."""
    problems = []
    for index, point in enumerate(facts.market_size):
        why = beyond_any_market(point.value, facts.unit, facts.currency)
        if why is not None:
            problems.append(
                source.problem("number-out-of-bounds", why, ("market_size", index, "value"))
            )
    return problems


def _check_report_dates(facts: Facts, source: SourceFile, today: dt.date) -> list[Problem]:
    """Publication and update dates: calendar dates, not in the future, in order."""
    problems: list[Problem] = []
    dates = {}
    for key in ("published", "updated"):
        text = getattr(facts, key)
        if text is None:
            continue
        date, found = check_date(source, text, (key,), today)
        problems += found
        if date is not None:
            dates[key] = date
    if "published" in dates and "updated" in dates and dates["updated"] < dates["published"]:
        problems.append(
            source.problem(
                "years-out-of-order",
                f"updated {facts.updated} is before published {facts.published}; an update "
                "comes after the first publication",
                ("updated",),
            )
        )
    return problems


def _check_years(facts: Facts, source: SourceFile) -> list[Problem]:
    problems: list[Problem] = []
    forecast = facts.forecast
    if forecast is not None and not forecast.start_year < forecast.end_year:
        problems.append(
            source.problem(
                "years-out-of-order",
                f"forecast ends in {forecast.end_year}, not after it starts in "
                f"{forecast.start_year}; swap them or fix the year so that start_year < end_year",
                ("forecast", "end_year"),
            )
        )
    if forecast is not None and facts.base_year == forecast.start_year:
        problems.append(
            source.problem(
                "base-year-in-forecast",
                f"the base year {facts.base_year} is also the first year of the forecast "
                f"period {forecast.start_year}–{forecast.end_year}; publishers usually "
                "forecast from the year after the base year: check both as published",
                ("base_year",),
                severity=Severity.NOTE,
            )
        )
    if (
        forecast is not None
        and facts.base_year is not None
        and facts.base_year > forecast.start_year
    ):
        problems.append(
            source.problem(
                "years-out-of-order",
                f"base year {facts.base_year} is after the forecast start "
                f"{forecast.start_year}; the base year comes before the forecast, so "
                "base_year <= start_year",
                ("base_year",),
            )
        )
    previous: int | None = None
    for index, point in enumerate(facts.market_size):
        if previous is not None and point.year <= previous:
            what = "appears twice" if point.year == previous else f"follows {previous}"
            problems.append(
                source.problem(
                    "years-out-of-order",
                    f"market size year {point.year} {what}; list each year once, "
                    "in increasing order",
                    ("market_size", index, "year"),
                )
            )
        previous = point.year
    cagrs: list[tuple[FieldPath, Cagr]] = [(("cagr", i), c) for i, c in enumerate(facts.cagr)]
    for label, shares in share_sets(facts):
        base: FieldPath = ("regions",) if label == "regions" else ("segments", label)
        cagrs += [
            ((*base, "items", i, "cagr"), item.cagr)
            for i, item in enumerate(shares.items)
            if item.cagr is not None
        ]
    for path, cagr in cagrs:
        problems += _check_cagr_period(facts, source, path, cagr)
    return problems


def _check_cagr_period(
    facts: Facts, source: SourceFile, path: FieldPath, cagr: Cagr
) -> list[Problem]:
    """A CAGR's period: stated one way only, running forward, and (if open) noted as
    shown as stated and skipped by the checks that compare rates over a period."""
    problems: list[Problem] = []
    rate = cagr.value.as_written()
    if cagr.period is not None and (cagr.start is not None or cagr.end is not None):
        return [
            source.problem(
                "invalid-value",
                f"the CAGR {rate} % has both `period: {cagr.period}` and from/to years; keep "
                "the years if the publisher states them, else only `period`",
                (*path, "period"),
            )
        ]
    start, end = facts.cagr_years(cagr)
    period = facts.cagr_period(cagr)
    if start is None and end is None and cagr.period != "not stated":
        problems.append(
            source.problem(
                "missing-period",
                f"the CAGR {rate} % has no period and the report states no forecast period; "
                f"write its years as stated, e.g. `{{value: {rate}, from: 2025, to: 2033}}`, "
                f"or, if the publisher gives none, `{{value: {rate}, period: not stated}}`",
                path,
            )
        )
    elif period is None:
        stated = (
            f"only its last year, {end}"
            if end is not None
            else f"only its first year, {start}"
            if start is not None
            else "no years"
        )
        problems.append(
            source.problem(
                "partial-period",
                f"the CAGR {rate} % is stated with {stated}; it is shown so, and the checks "
                "that compare rates over a period (against the market sizes and other "
                "CAGRs) skip it",
                path,
                severity=Severity.NOTE,
            )
        )
    elif period[0] >= period[1]:
        problems.append(
            source.problem(
                "years-out-of-order",
                f"the CAGR's period {period[0]}–{period[1]} does not run forward; "
                "write from: the first year, to: the last",
                path,
            )
        )
    return problems


def _implied_text(implied: float, stated: Figure) -> str:
    """The implied rate with enough decimals to differ visibly from the stated one."""
    written = str(stated.value)
    for places in range(max(stated.decimals, 1), 5):
        text = f"{implied:.{places}f}"
        if text != written:
            return text
    return f"{implied:.4f}"


def _check_cagrs_against_sizes(
    facts: Facts,
    source: SourceFile,
    series: tuple[SeriesPoint, ...],
    cagr_tolerance: float,
) -> list[Problem]:
    """A stated CAGR against the published sizes at both ends of its own period."""
    problems: list[Problem] = []
    sizes = stated_sizes(facts, series)
    for index, cagr in enumerate(facts.cagr):
        period = facts.cagr_period(cagr)
        if period is None or period[0] >= period[1]:
            continue
        start, end = period
        first, last = sizes.get(start), sizes.get(end)
        if first is None or last is None or first.anchor is None or last.anchor is None:
            continue
        implied = implied_cagr(first.anchor, last.anchor, end - start)
        if implied is None:
            continue
        tolerance = rate_tolerance(cagr.value, cagr_tolerance)
        gap = gap_outside(cagr.value, implied)
        if gap > tolerance + 1e-9:
            problems.append(
                source.problem(
                    "cagr-mismatch",
                    f"stated CAGR {cagr.value.as_written()} % differs from the "
                    f"{_implied_text(implied, cagr.value)} % implied by "
                    f"{first.as_written()} in {start} -> {last.as_written()} in {end}; the "
                    f"gap of {gap:.2f} points is more than the tolerance of "
                    f"{tolerance:g}: correct the CAGR or the market sizes",
                    ("cagr", index),
                    severity=Severity.WARNING,
                    measure=gap,
                )
            )
    return problems


def _report_years(facts: Facts, series: tuple[SeriesPoint, ...]) -> tuple[int, int] | None:
    """The years the report's own figures span: base year, forecast, stated sizes."""
    years = [p.year for p in facts.market_size] + [p.year for p in series]
    if facts.base_year is not None:
        years.append(facts.base_year)
    if facts.forecast is not None:
        years += [facts.forecast.start_year, facts.forecast.end_year]
    return (min(years), max(years)) if years else None


def _check_outside(
    facts: Facts, source: SourceFile, series: tuple[SeriesPoint, ...]
) -> list[Problem]:
    """Values after the forecast end; CAGRs and shares for years the report never covers."""
    problems: list[Problem] = []
    end = facts.forecast_end
    if end is not None:
        for index, point in enumerate(facts.market_size):
            if point.year > end:
                problems.append(
                    source.problem(
                        "year-outside-report",
                        f"a market size for {point.year} lies after the forecast period, which "
                        f"ends in {end}; check the year or the forecast period",
                        ("market_size", index, "year"),
                        severity=Severity.WARNING,
                    )
                )
    known = {p.year for p in facts.market_size} | {p.year for p in series}
    for cagr in facts.cagr:
        period = facts.cagr_period(cagr)
        if period is not None and known & set(period):
            known |= set(period)  # a size there is implied by the CAGR
    for label, shares in share_sets(facts):
        if shares.year is not None and known and shares.year not in known:
            path: FieldPath = ("regions",) if label == "regions" else ("segments", label)
            problems.append(
                source.problem(
                    "share-year-without-size",
                    f"the {set_label(label)} shares refer to {shares.year}, a year without a "
                    "market size; they are shown for that year, and no money value is derived "
                    "from them",
                    (*path, "year"),
                    severity=Severity.NOTE,
                )
            )
    span = _report_years(facts, series)
    if span is None:
        return problems
    low, high = span
    for index, cagr in enumerate(facts.cagr):
        period = facts.cagr_period(cagr)
        if period is not None and (period[0] < low - 1 or period[1] > high):
            problems.append(
                source.problem(
                    "year-outside-report",
                    f"the CAGR covers {period[0]}–{period[1]}, outside the years {low}–{high} "
                    "the report's sizes, base year and forecast period cover; check the years",
                    ("cagr", index),
                    severity=Severity.WARNING,
                )
            )
    for label, shares in share_sets(facts):
        if shares.year is not None and not low - 1 <= shares.year <= high:
            path = ("regions",) if label == "regions" else ("segments", label)
            problems.append(
                source.problem(
                    "year-outside-report",
                    f"the shares refer to {shares.year}, outside the years {low}–{high} the "
                    "report covers; check the year",
                    (*path, "year"),
                    severity=Severity.WARNING,
                )
            )
    return problems


def _check_players(facts: Facts, source: SourceFile) -> list[Problem]:
    problems: list[Problem] = []
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
        if code is None:
            continue
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
    return problems


def _check_developments(facts: Facts, source: SourceFile, today: dt.date) -> list[Problem]:
    problems = check_ids(source, ("developments",), [d.id for d in facts.developments])
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


def acknowledge(problems: list[Problem], facts: Facts, source: SourceFile) -> list[Problem]:
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
            gap = problem.measure
            if problem.code == "cagr-mismatch" and gap is not None and gap > ROUNDING_GAP:
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
