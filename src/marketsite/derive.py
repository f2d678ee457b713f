"""Derive stage: every computed fact of a report, as plain language-neutral values.

Rendering states these values and never computes its own, so one fact has one
number everywhere: the lead sentence, the attribute table, the FAQ, the charts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from marketsite.model import MAGNITUDES, Facts, Report

#: Ids of the implicit remainders; their display names come from the UI catalog.
REST_OF_WORLD = "rest-of-world"
OTHER = "other"


@dataclass(frozen=True)
class ShareValue:
    """A segment or region with its share in percent and in money (report unit)."""

    id: str
    share: float
    value: float
    rank: int
    is_remainder: bool = False


@dataclass(frozen=True)
class DatedDevelopment:
    """A development with its date parsed and its precision kept (month or day)."""

    id: str
    date: dt.date
    has_day: bool
    company: str | None


@dataclass(frozen=True)
class DerivedReport:
    """A validated report plus everything computed from its facts."""

    report: Report
    forecast: tuple[tuple[int, float], ...]
    implied_cagr: float
    growth_multiple: float
    segments: dict[str, tuple[ShareValue, ...]]
    regions: tuple[ShareValue, ...]
    developments: tuple[DatedDevelopment, ...]

    @property
    def facts(self) -> Facts:
        """The report's stated facts."""
        return self.report.facts

    @property
    def report_id(self) -> str:
        """The report's id (its folder name)."""
        return self.report.report_id

    @property
    def leading_region(self) -> ShareValue | None:
        """The named region with the largest share (never the remainder)."""
        return _leader(self.regions)

    def dominant_segment(self, dimension: str) -> ShareValue | None:
        """The named segment with the largest share in ``dimension``, if shares exist."""
        return _leader(self.segments.get(dimension, ()))

    def base_value(self, amount: float) -> float:
        """An amount in the report's unit as a plain number (24.71 billion -> 24710000000)."""
        return amount * MAGNITUDES[self.facts.unit]


def _leader(items: tuple[ShareValue, ...]) -> ShareValue | None:
    named = [item for item in items if not item.is_remainder]
    return min(named, key=lambda item: item.rank) if named else None


def forecast_series(
    facts: Facts, series: dict[int, float] | None = None
) -> list[tuple[int, float]]:
    """Market size for every forecast year.

    Years given in a CSV series are taken as written; the others follow the
    growth implied by the start and end values, so the series ends exactly at
    the stated end value (the stated CAGR may be rounded).
    """
    start_year, end_year = facts.forecast.start_year, facts.forecast.end_year
    rate = (facts.implied_cagr() or 0.0) / 100
    given = series or {}
    return [
        (year, given.get(year, facts.market_size.start * (1 + rate) ** (year - start_year)))
        for year in range(start_year, end_year + 1)
    ]


def _shares(items: list, total: float, remainder_id: str) -> tuple[ShareValue, ...]:
    if not items or any(item.share is None for item in items):
        return ()
    order = sorted(range(len(items)), key=lambda i: -items[i].share)
    ranks = {index: rank for rank, index in enumerate(order, start=1)}
    values = [
        ShareValue(item.id, item.share, total * item.share / 100, ranks[i])
        for i, item in enumerate(items)
    ]
    rest = 100 - sum(item.share for item in items)
    if rest > 1e-9:
        values.append(ShareValue(remainder_id, rest, total * rest / 100, len(items) + 1, True))
    return tuple(values)


def derive(report: Report) -> DerivedReport:
    """Compute the derived facts of one validated report."""
    facts = report.facts
    start, end = facts.market_size.start, facts.market_size.end
    given = None
    if report.series is not None and len(report.series.columns) == 2:
        given = {
            int(y): float(v)
            for y, v in zip(report.series["year"], report.series["value"], strict=True)
        }
    developments = []
    for item in sorted(facts.developments, key=lambda d: d.date, reverse=True):
        date = item.calendar_date()
        assert date is not None  # validated
        developments.append(DatedDevelopment(item.id, date, item.has_day, item.company))
    return DerivedReport(
        report=report,
        forecast=tuple(forecast_series(facts, given)),
        implied_cagr=facts.implied_cagr() or 0.0,
        growth_multiple=end / start,
        segments={dim: _shares(items, start, OTHER) for dim, items in facts.segments.items()},
        regions=_shares(facts.regions, start, REST_OF_WORLD),
        developments=tuple(developments),
    )
