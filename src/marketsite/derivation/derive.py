"""Derive stage: every computed fact of a report, as plain language-neutral values.

Rendering states these values and never computes its own, so one fact has one
number everywhere: the lead sentence, the attribute table, the FAQ, the charts,
the downloads. What the publisher states is passed on as stated; what is
computed here is a :class:`~marketsite.data.figure.Figure` whose ``derived`` says how.

The rounding rule for derived figures (documented in the methodology page): a
derived figure has as many decimals as the most precise published figure of its
kind it comes from, at most two. Kinds: money amounts (the report's market
sizes), shares (the shares of the same set), growth rates (the report's CAGRs,
at least one decimal), growth multiples (two decimals).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from marketsite.data.dataset import Report
from marketsite.data.figure import MAGNITUDES, Figure
from marketsite.data.model import Facts, ShareSet, implied_cagr

#: Ids of the implicit remainders; their display names come from the UI catalog.
REST_OF_WORLD = "rest-of-world"
OTHER = "other"
#: How a size may come about to count as a year's size: stated, or implied by a stated
#: CAGR or change (not interpolated).
STATED_OR_IMPLIED = (None, "cagr", "change")
#: Derived figures never show more decimals than this.
MAX_DERIVED_DECIMALS = 2


def derived_figure(value: float, decimals: int, how: str, approximate: bool = False) -> Figure:
    """A computed value, rounded by the documented rule and marked with how it was derived."""
    places = min(max(decimals, 0), MAX_DERIVED_DECIMALS)
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_EVEN)
    return Figure(rounded, "about" if approximate else None, derived=how)


@dataclass(frozen=True)
class SizePoint:
    """The market size in one year: published (with its status), or derived."""

    year: int
    figure: Figure
    status: str | None = None  # actual, estimate, forecast: as the publisher says
    source: str | None = None  # the id of the source it names, if not the first


@dataclass(frozen=True)
class Growth:
    """A CAGR and the years it covers, as stated: either end may be unstated (None)."""

    figure: Figure
    start: int | None
    end: int | None
    source: str | None = None  # the id of the source it names, if not the first

    @property
    def period(self) -> tuple[int, int] | None:
        """Both years, when both are stated."""
        return None if self.start is None or self.end is None else (self.start, self.end)


@dataclass(frozen=True)
class ShareValue:
    """A segment or region: its share in percent and, where it can be derived, in money."""

    id: str
    share: Figure | None
    value: Figure | None = None
    rank: int | None = None
    is_remainder: bool = False
    cagr: Growth | None = None
    fastest: bool = False
    source: str | None = None  # the id of the source its share names, if not the first


@dataclass(frozen=True)
class DerivedShares:
    """One set of shares (a dimension or the regions) with the year the shares refer to."""

    year: int | None
    items: tuple[ShareValue, ...]

    @property
    def with_share(self) -> tuple[ShareValue, ...]:
        """Items that have a share (published or derived), in the editor's order."""
        return tuple(item for item in self.items if item.share is not None)

    @property
    def has_values(self) -> bool:
        """True when the shares could be turned into money values."""
        return any(item.value is not None for item in self.items)

    @property
    def has_cagr(self) -> bool:
        """True when any item has its own CAGR."""
        return any(item.cagr is not None for item in self.items)

    @property
    def leader(self) -> ShareValue | None:
        """The named item that certainly has the largest share, else None.

        Certain means: its least possible share is at least the most any other
        named item can have, counting the unassigned rest for items named
        without a share (a "more than 55" item leads; 30 % next to two unnamed
        shares and a 45 % rest does not).
        """
        named = [item for item in self.items if not item.is_remainder]
        shared = [item for item in named if item.share is not None]
        if not shared:
            return None
        best = max(shared, key=lambda item: item.share.low if item.share else 0.0)
        assert best.share is not None
        unassigned = 100 - math.fsum(item.share.low for item in shared if item.share)
        for item in self.items:
            if item is best:
                continue
            most = item.share.high if item.share is not None else unassigned
            if most > best.share.low + 1e-9:
                return None
        return best

    @property
    def fastest(self) -> ShareValue | None:
        """The item the publisher calls fastest-growing, if any."""
        return next((item for item in self.items if item.fastest), None)


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
    sizes: tuple[SizePoint, ...]  # every year with a size: published, implied, interpolated
    cagrs: tuple[Growth, ...]  # the published CAGRs; else one implied by published sizes
    segments: dict[str, DerivedShares]
    regions: DerivedShares
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
        """The region that certainly holds the largest share (never the remainder)."""
        return self.regions.leader

    def dominant_segment(self, dimension: str) -> ShareValue | None:
        """The segment that certainly holds the largest share in ``dimension``."""
        shares = self.segments.get(dimension)
        return shares.leader if shares else None

    @property
    def published_sizes(self) -> tuple[SizePoint, ...]:
        """The market sizes the publisher states."""
        return tuple(point for point in self.sizes if point.figure.published)

    @property
    def current(self) -> SizePoint | None:
        """The size a reader sees first: the latest published one that is not a forecast.

        Not a forecast means: marked actual or estimate, else not after the forecast
        start (or the base year). Without any of these the data cannot tell, and the
        earliest published size is taken.
        """
        published = self.published_sizes
        if not published:
            return None
        limit = self.facts.forecast_start or self.facts.base_year
        present = [
            p
            for p in published
            if p.status in ("actual", "estimate") and (limit is None or p.year <= limit)
        ]
        if not present and limit is not None:
            present = [p for p in published if p.status is None and p.year <= limit]
        return present[-1] if present else published[0]

    @property
    def target(self) -> SizePoint | None:
        """The last size after :attr:`current`: published, or implied by a stated CAGR."""
        current = self.current
        candidates = [
            p
            for p in self.sizes
            if p.figure.derived in (None, "cagr") and current and p.year > current.year
        ]
        return candidates[-1] if candidates else None

    @property
    def cagr(self) -> Growth | None:
        """The market's main CAGR: the first published one, else the implied one."""
        return self.cagrs[0] if self.cagrs else None

    @property
    def growth_multiple(self) -> Figure | None:
        """How many times the market grows from :attr:`current` to :attr:`target`."""
        current, target = self.current, self.target
        if current is None or target is None:
            return None
        start, end = current.figure.anchor, target.figure.anchor
        if not start or end is None:
            return None
        approximate = current.figure.approximate or target.figure.approximate
        return derived_figure(end / start, 2, "multiple", approximate)

    def size_in(self, year: int) -> SizePoint | None:
        """The size in ``year`` when it is published or implied by a CAGR (not interpolated)."""
        return next(
            (p for p in self.sizes if p.year == year and p.figure.derived in STATED_OR_IMPLIED),
            None,
        )

    def base_value(self, amount: Decimal | float) -> float:
        """An amount in the report's unit as a plain number (24.71 billion -> 24710000000)."""
        return float(amount) * MAGNITUDES[self.facts.unit]


def _max_decimals(figures: Iterable[Figure], default: int) -> int:
    found = [f.decimals for f in figures if f.published]
    return max(found) if found else default


def market_sizes(report: Report) -> tuple[list[SizePoint], int]:
    """Every market size: published ones, ends implied by a stated CAGR, and the years
    in between (interpolated). Also returns the decimals of derived amounts."""
    facts = report.facts
    published: dict[int, SizePoint] = {}
    for row in report.series:
        published[row.year] = SizePoint(row.year, row.value)
    for point in facts.market_size:  # facts.yaml wins: it carries the status
        published[point.year] = SizePoint(point.year, point.value, point.status, point.source)
    decimals = _max_decimals((p.figure for p in published.values()), 2)
    points = dict(published)
    # A stated change, then a stated CAGR, ties two years: with one of them published,
    # the other follows (a nearer tie first: a one-year change before a decade's CAGR).
    ties: list[tuple[int, int, float, Figure, str]] = []
    for change in facts.changes:
        rate = change.value.anchor
        if rate is not None and change.first_year < change.end and rate > -100:
            ties.append((change.first_year, change.end, 1 + rate / 100, change.value, "change"))
    for cagr in facts.cagr:
        period, rate = facts.cagr_period(cagr), cagr.value.anchor
        if period is not None and rate is not None and period[0] < period[1]:
            factor = (1 + rate / 100) ** (period[1] - period[0])
            ties.append((*period, factor, cagr.value, "cagr"))
    for start, end, factor, stated, how in ties:
        for known, missing, multiply in ((start, end, factor), (end, start, 1 / factor)):
            anchor = published[known].figure.anchor if known in published else None
            if anchor is None or missing in points:
                continue
            approximate = stated.approximate or published[known].figure.approximate
            points[missing] = SizePoint(
                missing, derived_figure(anchor * multiply, decimals, how, approximate)
            )
    anchors = sorted((year, p.figure) for year, p in points.items() if p.figure.anchor is not None)
    for (year_a, fig_a), (year_b, fig_b) in itertools.pairwise(anchors):
        a, b = fig_a.anchor, fig_b.anchor
        assert a is not None and b is not None
        approximate = fig_a.approximate or fig_b.approximate
        # An end implied by a CAGR or a stated change is no published value: the label
        # says so.
        ends = {fig_a.derived, fig_b.derived} - {None}
        how = (
            "interpolated"
            if not ends
            else "interpolated-change"
            if "change" in ends
            else "interpolated-derived"
        )
        for year in range(year_a + 1, year_b):
            if year in points:
                continue
            value = a * (b / a) ** ((year - year_a) / (year_b - year_a))
            points[year] = SizePoint(year, derived_figure(value, decimals, how, approximate))
    return [points[year] for year in sorted(points)], decimals


def growth_rates(facts: Facts, sizes: list[SizePoint]) -> list[Growth]:
    """The published CAGRs with their periods; if none, the CAGR implied by the first and
    last published sizes (over the forecast period when both its ends are published)."""
    stated = [Growth(cagr.value, *facts.cagr_years(cagr), cagr.source) for cagr in facts.cagr]
    if stated:
        return stated
    published = {p.year: p.figure for p in sizes if p.figure.published and p.figure.anchor}
    if len(published) < 2:
        return []
    start, end = min(published), max(published)
    if facts.forecast and {facts.forecast.start_year, facts.forecast.end_year} <= set(published):
        start, end = facts.forecast.start_year, facts.forecast.end_year
    first, last = published[start], published[end]
    assert first.anchor is not None and last.anchor is not None
    rate = implied_cagr(first.anchor, last.anchor, end - start)
    if rate is None:
        return []
    approximate = first.approximate or last.approximate
    return [Growth(derived_figure(rate, 1, "implied-cagr", approximate), start, end)]


def _shares(
    shares: ShareSet, facts: Facts, sizes: list[SizePoint], decimals: int, remainder_id: str
) -> DerivedShares:
    items = shares.items
    precision = _max_decimals((i.share for i in items if i.share is not None), 0)
    stated = [item.share for item in items if item.share is not None]
    complete = all(item.share is not None or item.rest for item in items)
    rest: float | None = None
    if stated and complete and all(s.anchor is not None for s in stated):
        rest = 100 - math.fsum(s.anchor or 0.0 for s in stated)
    approximate = any(s.approximate for s in stated)
    size = None
    if shares.year is not None:
        size = next(
            (p for p in sizes if p.year == shares.year and p.figure.derived in STATED_OR_IMPLIED),
            None,
        )
    total = size.figure.anchor if size is not None else None

    def money(share: Figure | None) -> Figure | None:
        if total is None or share is None or share.anchor is None or size is None:
            return None
        return derived_figure(
            total * share.anchor / 100,
            decimals,
            "share-value",
            share.approximate or size.figure.approximate,
        )

    values: list[ShareValue] = []
    for item in items:
        share = item.share
        if item.rest and rest is not None and rest >= 0:
            share = derived_figure(rest, precision, "remainder", approximate)
        growth = None
        if item.cagr is not None:
            growth = Growth(item.cagr.value, *facts.cagr_years(item.cagr), item.cagr.source)
        values.append(
            ShareValue(item.id, share, money(share), None, False, growth, item.fastest, item.source)
        )
    if rest is not None and rest > 1e-9 and not any(item.rest for item in items):
        share = derived_figure(rest, precision, "remainder", approximate)
        values.append(ShareValue(remainder_id, share, money(share), None, True))
    order = sorted(
        (i for i, v in enumerate(values) if v.share is not None and not v.is_remainder),
        key=lambda i: -(values[i].share.low if values[i].share else 0.0),  # type: ignore[union-attr]
    )
    ranks = {index: rank for rank, index in enumerate(order, start=1)}
    ranked = [dataclasses.replace(v, rank=ranks.get(i)) for i, v in enumerate(values)]
    return DerivedShares(shares.year, tuple(ranked))


def derive(report: Report) -> DerivedReport:
    """Compute the derived facts of one validated report."""
    facts = report.facts
    sizes, decimals = market_sizes(report)
    developments = []
    for item in sorted(facts.developments, key=lambda d: d.date, reverse=True):
        date = item.calendar_date()
        assert date is not None  # validated
        developments.append(DatedDevelopment(item.id, date, item.has_day, item.company))
    return DerivedReport(
        report=report,
        sizes=tuple(sizes),
        cagrs=tuple(growth_rates(facts, sizes)),
        segments={
            dim: _shares(items, facts, sizes, decimals, OTHER)
            for dim, items in facts.segments.items()
        },
        regions=_shares(facts.regions, facts, sizes, decimals, REST_OF_WORLD),
        developments=tuple(developments),
    )
