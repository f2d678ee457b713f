"""Implied values against the bounds stated ones keep.

A stated CAGR or share outside its bounds is refused by the model. The values that
sizes imply (the growth from one size to the next, the share of a region's size in
the market) meet no such check unless someone computes them, and a slipped unit or
an extra digit hides there. These checks compute them and warn, naming the values
they come from; the editors may acknowledge a warning for a market that truly
behaves so.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from marketsite.checks.bounds import SHARE_ROUNDING
from marketsite.checks.shares import part_label
from marketsite.data.dataset import SeriesPoint
from marketsite.data.model import Facts
from marketsite.data.problems import Problem, Severity
from marketsite.data.sources import SeriesFile, SourceFile

#: The bound a stated CAGR must keep (the model refuses 100 % or more); sizes that
#: imply more growth a year than that are as implausible as such a CAGR.
MAX_YEARLY_GROWTH = 100.0
#: A fall to a tenth or less within a year: a market crash halves a market (cinemas
#: in 2020 lost about 70 %); a factor of ten or a thousand is a slipped unit.
MAX_YEARLY_FALL = 90.0

#: Makes the warning for one value: (code, message, measure) -> Problem.
Locate = Callable[[str, str, float], Problem]


@dataclass(frozen=True)
class _Size:
    """A published size and where to point when it looks wrong."""

    year: int
    value: float
    written: str
    locate: Locate


def check_implied(
    facts: Facts,
    facts_source: SourceFile,
    series_file: SeriesFile | None,
    series: tuple[SeriesPoint, ...],
) -> list[Problem]:
    """Every implied yearly change and share outside the bounds (warnings).

    ``series`` holds the checked rows of ``series.csv``: market-wide ones (no item),
    or sizes per region or segment.
    """
    market = _market_sizes(facts, facts_source, series_file, series)
    problems = _check_yearly_change(market, "the market")
    per_item: dict[str, list[_Size]] = defaultdict(list)
    for point in series:
        if point.item is not None and series_file is not None:
            size = _series_size(series_file, point)
            if size is not None:
                per_item[point.item].append(size)
    for item, sizes in per_item.items():
        problems += _check_yearly_change(sorted(sizes, key=lambda s: s.year), item)
    if per_item and series_file is not None:
        problems += _check_item_shares(facts, market, series, series_file)
    return problems


def _market_sizes(
    facts: Facts,
    source: SourceFile,
    series_file: SeriesFile | None,
    series: tuple[SeriesPoint, ...],
) -> list[_Size]:
    """Market-wide sizes with a value to compute from, one per year, in year order
    (a year in both files holds one value: series_checks sees to that)."""
    by_year: dict[int, _Size] = {}
    for point in series:
        if point.item is None and series_file is not None:
            size = _series_size(series_file, point)
            if size is not None:
                by_year[point.year] = size
    for index, stated in enumerate(facts.market_size):
        anchor = stated.value.anchor
        if anchor is not None and anchor > 0:
            by_year[stated.year] = _Size(
                stated.year, anchor, stated.value.as_written(), _locate_in(source, index)
            )
    return [by_year[year] for year in sorted(by_year)]


def _locate_in(source: SourceFile, index: int) -> Locate:
    """A warning at the value of ``market_size[index]`` in facts.yaml."""

    def locate(code: str, message: str, measure: float) -> Problem:
        path = ("market_size", index, "value")
        return source.problem(code, message, path, Severity.WARNING, measure=measure)

    return locate


def _series_size(series_file: SeriesFile, point: SeriesPoint) -> _Size | None:
    anchor = point.value.anchor
    if anchor is None or anchor <= 0:
        return None
    row = series_file.row_at(point.line)
    return _Size(
        point.year,
        anchor,
        point.value.as_written(),
        lambda code, message, measure: series_file.problem(
            code, message, row, "value", Severity.WARNING, measure
        ),
    )


def _check_yearly_change(sizes: list[_Size], whose: str) -> list[Problem]:
    """Consecutive sizes whose change per year is beyond the bounds: a typo or a wrong
    unit, which no stated CAGR would have caught."""
    problems = []
    for earlier, later in itertools.pairwise(sizes):
        years = later.year - earlier.year
        rate = ((later.value / earlier.value) ** (1 / years) - 1) * 100
        per = "a year" if years > 1 else "in one year"
        if rate >= MAX_YEARLY_GROWTH:
            bound = f"more than any CAGR may be (below {MAX_YEARLY_GROWTH:.0f} %)"
            change = f"a growth of {rate:,.0f} % {per}"
        elif rate <= -MAX_YEARLY_FALL:
            bound = "to less than a tenth " + ("each year" if years > 1 else "of the size before")
            change = f"a decline of {-rate:.1f} % {per}"
        else:
            continue
        problems.append(
            later.locate(
                "implausible-growth",
                f"the sizes of {whose}, {earlier.written} in {earlier.year} and "
                f"{later.written} in {later.year}, imply {change}, {bound}: check the "
                "values and the unit",
                rate,
            )
        )
    return problems


def _check_item_shares(
    facts: Facts, market: list[_Size], series: tuple[SeriesPoint, ...], series_file: SeriesFile
) -> list[Problem]:
    """Sizes per region or segment that add up, in one year, to more than the market:
    their implied shares exceed 100 %. Segments are summed per dimension, since each
    dimension splits the whole market once."""
    market_by_year = {size.year: size for size in market}
    groups: dict[str, str] = {item.id: "regions" for item in facts.regions.items}
    for dimension, shares in facts.segments.items():
        groups.update({item.id: dimension for item in shares.items})
    sums: dict[tuple[str, int], list[SeriesPoint]] = defaultdict(list)
    for point in series:
        if point.item is not None and point.item in groups:
            sums[groups[point.item], point.year].append(point)
    problems = []
    for (group, year), points in sums.items():
        whole = market_by_year.get(year)
        if whole is None:
            continue
        least = sum(point.value.low for point in points)
        share = least / whole.value * 100
        if share <= 100 + SHARE_ROUNDING:
            continue
        last = max(points, key=lambda point: point.line)
        if len(points) == 1:
            what = f"the {year} size of {points[0].item}, {points[0].value.as_written()}, exceeds"
        else:
            parts = " + ".join(point.value.as_written() for point in points)
            what = f"the {year} sizes of the {part_label(group)}s ({parts}) exceed"
        problems.append(
            series_file.problem(
                "implausible-share",
                f"{what} the market size {whole.written} for {year}: an implied share "
                f"of {share:,.1f} %, more than 100 %; check the values and the unit",
                series_file.row_at(last.line),
                "value",
                Severity.WARNING,
                share,
            )
        )
    return problems
