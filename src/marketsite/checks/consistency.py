"""Consistency checks of ``facts.yaml``: what the schema cannot see, across fields.

Each check takes the parsed facts (and the source file, for lines) and returns
:class:`~marketsite.data.problems.Problem` values; nothing is raised for an
editor's mistake. Every problem code is explained in the editor's guide. The
language files are checked in :mod:`marketsite.checks.text_checks`, ``series.csv``
in :mod:`marketsite.checks.series_checks`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterator

import babel

from marketsite.checks.bounds import CAGR_TOLERANCE as CAGR_TOLERANCE
from marketsite.checks.bounds import ROUNDING_GAP, SHARE_ROUNDING
from marketsite.data.dataset import SeriesPoint
from marketsite.data.figure import Figure, beyond_any_market
from marketsite.data.model import Cagr, Facts, ShareSet, calendar_date, implied_cagr
from marketsite.data.problems import Problem, Severity
from marketsite.data.sources import FieldPath, SourceFile

#: Warnings an editor may accept for a report with ``acknowledged: {code: reason}``.
ACKNOWLEDGEABLE = frozenset(
    {
        "cagr-mismatch",
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
    for label, shares in _share_sets(facts):
        path: FieldPath = ("regions",) if label == "regions" else ("segments", label)
        problems += _check_ids(source, (*path, "items"), [item.id for item in shares.items])
        problems += _check_shares(source, label, path, shares)
        problems += _check_part_growth(facts, source, label, path, shares, cagr_tolerance)
    problems += _check_players(facts, source)
    problems += _check_developments(facts, source, today)
    problems += _check_report_dates(facts, source, today)
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
        date = calendar_date(text)
        if date is None:
            problems.append(
                source.problem(
                    "invalid-value",
                    f"'{text}' is not a calendar date; write YYYY-MM-DD or YYYY-MM",
                    (key,),
                )
            )
        elif date > today:
            problems.append(
                source.problem(
                    "date-in-future",
                    f"{key} {text} lies in the future (today is {today.isoformat()})",
                    (key,),
                )
            )
        else:
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


def _share_sets(facts: Facts) -> Iterator[tuple[str, ShareSet]]:
    yield from facts.segments.items()
    yield "regions", facts.regions


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
    for label, shares in _share_sets(facts):
        base: FieldPath = ("regions",) if label == "regions" else ("segments", label)
        cagrs += [
            ((*base, "items", i, "cagr"), item.cagr)
            for i, item in enumerate(shares.items)
            if item.cagr is not None
        ]
    for path, cagr in cagrs:
        period = facts.cagr_period(cagr)
        if period is None:
            problems.append(
                source.problem(
                    "missing-period",
                    f"the CAGR {cagr.value.as_written()} has no period and the report states no "
                    "forecast period; write it with its years, e.g. "
                    f"`{{value: {cagr.value.as_written()}, from: 2025, to: 2033}}`",
                    path,
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


def _tolerance(stated: Figure, configured: float) -> float:
    """A stated rate cannot claim more than its own precision: 10 % covers 9.5 to 10.5."""
    return max(configured, 0.5 * 10 ** (-stated.decimals))


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
    sizes = {point.year: point.value for point in series}
    sizes.update({point.year: point.value for point in facts.market_size})
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
        tolerance = _tolerance(cagr.value, cagr_tolerance)
        gap = max(cagr.value.low - implied, implied - cagr.value.high, 0.0)
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
    for label, shares in _share_sets(facts):
        if shares.year is not None and known and shares.year not in known:
            path: FieldPath = ("regions",) if label == "regions" else ("segments", label)
            problems.append(
                source.problem(
                    "share-year-without-size",
                    f"the {_label(label)} shares refer to {shares.year}, a year without a "
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
    for label, shares in _share_sets(facts):
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


def check_ids(source: SourceFile, path: FieldPath, ids: list[str]) -> list[Problem]:
    """Ids in one list must be unique."""
    return _check_ids(source, path, ids)


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


def _label(label: str) -> str:
    """``regions`` -> ``regional``; ``type`` -> ``type segment``, for messages."""
    return "regional" if label == "regions" else f"{label} segment"


def _part(label: str) -> str:
    """``regions`` -> ``region``; ``type`` -> ``type segment``, for messages."""
    return "region" if label == "regions" else f"{label} segment"


def _percent(value: float) -> str:
    return f"{round(value, 4):g}"


def _check_shares(
    source: SourceFile, label: str, path: FieldPath, shares: ShareSet
) -> list[Problem]:
    """Share sums (with bounds), the rest item, partial sets, the "fastest" flag."""
    items = shares.items
    problems: list[Problem] = []
    rests = [i for i, item in enumerate(items) if item.rest]
    for index in rests:
        if items[index].share is not None:
            problems.append(
                source.problem(
                    "invalid-value",
                    "an item with `rest: true` takes the remainder to 100 %; remove its share "
                    "or the `rest: true`",
                    (*path, "items", index, "rest"),
                )
            )
    if len(rests) > 1:
        problems.append(
            source.problem(
                "invalid-value",
                "only one item can take the rest; keep `rest: true` on one",
                (*path, "items", rests[1], "rest"),
            )
        )
    fastest = [i for i, item in enumerate(items) if item.fastest]
    if len(fastest) > 1:
        problems.append(
            source.problem(
                "invalid-value",
                "only one item can be the fastest-growing; keep `fastest: true` on one",
                (*path, "items", fastest[1], "fastest"),
            )
        )
    given = [item.share for item in items if item.share is not None]
    if not given:
        return problems
    first = next(i for i, item in enumerate(items) if item.share is not None)
    lows = math.fsum(share.low for share in given)
    exact = all(share.anchor is not None for share in given)
    if lows > 100 + SHARE_ROUNDING:
        least = "" if exact else "at least "
        problems.append(
            source.problem(
                "shares-over-100",
                f"{_label(label)} shares add up to {least}{_percent(lows)} %, more than 100 %; "
                "shares of one set split one market, so they cannot exceed 100 %",
                (*path, "items", first, "share"),
            )
        )
        return problems
    unshared = [i for i, item in enumerate(items) if item.share is None and not item.rest]
    if unshared:
        names = ", ".join(items[i].id for i in unshared)
        problems.append(
            source.problem(
                "shares-partial",
                f"{len(given)} of {len(items)} {_part(label)}s "
                f"{'has' if len(given) == 1 else 'have'} a share; {names} "
                f"{'is' if len(unshared) == 1 else 'are'} named without one, so no remainder "
                "is derived",
                (*path, "items", unshared[0]),
                severity=Severity.NOTE,
            )
        )
        return problems
    if rests and not exact:
        problems.append(
            source.problem(
                "rest-not-derivable",
                "the rest cannot be derived while another share is a bound or a range "
                "('more than 55'); give that share as a number or drop `rest: true`",
                (*path, "items", rests[0], "rest"),
                severity=Severity.WARNING,
            )
        )
    elif exact and not rests and lows < 100 - SHARE_ROUNDING:
        rest = "rest of world" if label == "regions" else "other"
        problems.append(
            source.problem(
                "shares-remainder",
                f"{_label(label)} shares add up to {_percent(lows)} %; the remaining "
                f"{_percent(100 - lows)} % is shown as '{rest}' (derived)",
                path,
                severity=Severity.NOTE,
            )
        )
    return problems


def _check_part_growth(
    facts: Facts,
    source: SourceFile,
    label: str,
    path: FieldPath,
    shares: ShareSet,
    cagr_tolerance: float,
) -> list[Problem]:
    """Parts' CAGRs against the market's: it cannot outgrow all of them, and the one
    called fastest cannot be slower than the market or than another part."""
    problems: list[Problem] = []
    market = {facts.cagr_period(c): c.value for c in facts.cagr}
    parts = [
        (index, item, facts.cagr_period(item.cagr))
        for index, item in enumerate(shares.items)
        if item.cagr is not None
    ]
    complete = (
        parts
        and len(parts) == len(shares.items)
        and all(item.share is not None or item.rest for item in shares.items)
        and _covers_market(shares)
    )
    if complete:
        periods = {period for _, _, period in parts}
        period = next(iter(periods))
        if len(periods) == 1 and period in market:
            rate = market[period]
            slowest = min(item.cagr.value.high for _, item, _ in parts if item.cagr)
            fastest = max(item.cagr.value.low for _, item, _ in parts if item.cagr)
            tolerance = _tolerance(rate, cagr_tolerance)
            if rate.low > slowest + tolerance and rate.low > fastest + tolerance:
                problems.append(
                    source.problem(
                        "cagr-parts",
                        f"the market's CAGR {rate.as_written()} % is above the CAGR of every "
                        f"{_part(label)} (at most {_percent(fastest)} %); a market cannot "
                        "grow faster than all of its parts: check the CAGRs",
                        path,
                        severity=Severity.WARNING,
                    )
                )
            elif rate.high < slowest - tolerance:
                problems.append(
                    source.problem(
                        "cagr-parts",
                        f"the market's CAGR {rate.as_written()} % is below the CAGR of every "
                        f"{_part(label)} (at least {_percent(slowest)} %); a market cannot "
                        "grow slower than all of its parts: check the CAGRs",
                        path,
                        severity=Severity.WARNING,
                    )
                )
    for index, item, period in parts:
        if not item.fastest or item.cagr is None:
            continue
        own = item.cagr.value
        market_rate = market.get(period)
        if market_rate is not None and own.high < market_rate.low - _tolerance(own, cagr_tolerance):
            problems.append(
                source.problem(
                    "fastest-slower-than-market",
                    f"'{item.id}' is called the fastest-growing, but its CAGR "
                    f"{own.as_written()} % is below the market's {market_rate.as_written()} % over "
                    "the same years; check the CAGR or the `fastest` flag",
                    (*path, "items", index, "cagr"),
                    severity=Severity.WARNING,
                )
            )
        for other_index, other, other_period in parts:
            if other is item or other.cagr is None or other_period != period:
                continue
            if other.cagr.value.low > own.high + _tolerance(own, cagr_tolerance):
                problems.append(
                    source.problem(
                        "fastest-not-fastest",
                        f"'{item.id}' is called the fastest-growing, but '{other.id}' grows "
                        f"faster ({other.cagr.value.as_written()} % against "
                        f"{own.as_written()} %); check the CAGRs or the `fastest` flag",
                        (*path, "items", other_index, "cagr"),
                        severity=Severity.WARNING,
                    )
                )
    return problems


def _covers_market(shares: ShareSet) -> bool:
    """True when the items split the whole market (shares add up to about 100)."""
    if any(item.rest for item in shares.items):
        return True
    total = math.fsum(item.share.low for item in shares.items if item.share is not None)
    return total >= 100 - SHARE_ROUNDING


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
    problems = _check_ids(source, ("developments",), [d.id for d in facts.developments])
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
