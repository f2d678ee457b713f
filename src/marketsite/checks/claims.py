"""Checks of claims that tie figures together: one figure stated in two wordings, and a
stated change of the market size against the sizes at its two ends."""

from __future__ import annotations

from marketsite.checks.bounds import gap_outside, rate_tolerance
from marketsite.checks.shares import share_sets
from marketsite.data.dataset import SeriesPoint, stated_sizes
from marketsite.data.figure import Figure
from marketsite.data.model import Facts
from marketsite.data.problems import Problem, Severity
from marketsite.data.sources import FieldPath, SourceFile


def check_claims(
    facts: Facts, source: SourceFile, series: tuple[SeriesPoint, ...], tolerance: float
) -> list[Problem]:
    """Second wordings, stated changes, and figures quoted in prose within their bounds."""
    return (
        _check_wordings(facts, source)
        + _check_changes(facts, source, series, tolerance)
        + _check_prose_figures(facts, source)
    )


#: More people than live on Earth (UN, 2025: about 8.2 billion) cannot be counted.
WORLD_POPULATION = 8.3e9


def _check_prose_figures(facts: Facts, source: SourceFile) -> list[Problem]:
    """A figure quoted in prose against what its unit allows: a share is a part of a
    whole, nothing falls by 100 % or more, no count of people exceeds the world's."""
    problems = []
    for figure_id, figure in facts.figures.items():
        low, high = figure.value.low, figure.value.high
        written = figure.value.as_written()
        reason = None
        if figure.unit == "share" and (low < 0 or high > 100):
            reason = f"a share of {written} % is not a part of a whole (0 to 100 %)"
        elif figure.unit == "percent" and low <= -100:
            reason = f"a change of {written} % would leave less than nothing"
        elif figure.unit == "people" and (low < 0 or high > WORLD_POPULATION):
            reason = f"{written} people are more than live on Earth (about 8.2 billion)"
        elif figure.unit == "year" and not 1800 <= low <= high <= 2100:
            reason = f"{written} is not a year a market report speaks of"
        if reason is not None:
            problems.append(
                source.problem(
                    "implausible-figure",
                    f"figure '{figure_id}': {reason}; check the value and its unit",
                    ("figures", figure_id, "value"),
                    severity=Severity.WARNING,
                )
            )
    return problems


def _check_wordings(facts: Facts, source: SourceFile) -> list[Problem]:
    """A figure the publisher states twice, differently: warned, both kept."""
    stated: list[tuple[FieldPath, str, Figure, Figure | None]] = [
        (("market_size", i), f"the {p.year} market size", p.value, p.also_stated)
        for i, p in enumerate(facts.market_size)
    ]
    stated += [(("cagr", i), "the CAGR", c.value, c.also_stated) for i, c in enumerate(facts.cagr)]
    for label, shares in share_sets(facts):
        base: FieldPath = ("regions",) if label == "regions" else ("segments", label)
        stated += [
            ((*base, "items", i), f"the share of '{item.id}'", item.share, item.also_stated)
            for i, item in enumerate(shares.items)
            if item.share is not None
        ]
        stated += [
            (
                (*base, "items", i, "cagr"),
                f"the CAGR of '{item.id}'",
                item.cagr.value,
                item.cagr.also_stated,
            )
            for i, item in enumerate(shares.items)
            if item.cagr is not None
        ]
    problems = []
    for path, what, first, second in stated:
        if second is None or second.as_written() == first.as_written():
            continue
        problems.append(
            source.problem(
                "two-wordings",
                f"the publisher states {what} two ways: '{first.as_written()}' and "
                f"'{second.as_written()}'; the page shows the first and names the second in "
                "an editor's note; if one is a typo, correct it",
                (*path, "also_stated"),
                severity=Severity.WARNING,
            )
        )
    return problems


def _check_changes(
    facts: Facts, source: SourceFile, series: tuple[SeriesPoint, ...], tolerance: float
) -> list[Problem]:
    """A stated change against the published sizes at both of its ends."""
    sizes = stated_sizes(facts, series)
    problems: list[Problem] = []
    for index, change in enumerate(facts.changes):
        path: FieldPath = ("changes", index)
        first, last = change.first_year, change.end
        rate = change.value.as_written()
        if first >= last:
            problems.append(
                source.problem(
                    "years-out-of-order",
                    f"the change of {rate} % runs from {first} to {last}, not forward; write "
                    "from: the earlier year, to: the later",
                    path,
                )
            )
            continue
        start, end = sizes.get(first), sizes.get(last)
        if start is None and end is None:
            problems.append(
                source.problem(
                    "change-unchecked",
                    f"the change of {rate} % from {first} to {last} cannot be checked: "
                    "neither year has a stated market size; it is shown as stated",
                    path,
                    severity=Severity.NOTE,
                )
            )
            continue
        if start is None or end is None or not start.anchor or end.anchor is None:
            continue  # one end stated: derive.py derives the other, marked
        ratio = end.anchor / start.anchor
        implied = (ratio - 1) * 100
        # Stated sizes are rounded too: their last digits move the change this much.
        rounding = (
            100
            * ratio
            * sum(0.5 * 10 ** (-figure.decimals) / (figure.anchor or 1) for figure in (start, end))
        )
        allowed = rate_tolerance(change.value, tolerance) + rounding
        gap = gap_outside(change.value, implied)
        if gap > allowed + 1e-9:
            problems.append(
                source.problem(
                    "change-mismatch",
                    f"the stated change of {rate} % from {first} to {last} differs from the "
                    f"{implied:.1f} % the sizes imply ({start.as_written()} -> "
                    f"{end.as_written()}); correct the change or the sizes",
                    path,
                    severity=Severity.WARNING,
                )
            )
    return problems
