"""Checks of the sets of shares (each dimension's segments, the regions): sums and the
rest of the market, partial sets, ids, and the parts' growth against the market's."""

from __future__ import annotations

import math
from collections.abc import Iterator

from marketsite.checks.bounds import SHARE_ROUNDING, rate_tolerance
from marketsite.data.model import Facts, ShareSet
from marketsite.data.problems import Problem, Severity
from marketsite.data.sources import FieldPath, SourceFile


def share_sets(facts: Facts) -> Iterator[tuple[str, ShareSet]]:
    yield from facts.segments.items()
    yield "regions", facts.regions


def set_label(label: str) -> str:
    """``regions`` -> ``regional``; ``type`` -> ``type segment``, for messages."""
    return "regional" if label == "regions" else f"{label} segment"


def part_label(label: str) -> str:
    """``regions`` -> ``region``; ``type`` -> ``type segment``, for messages."""
    return "region" if label == "regions" else f"{label} segment"


def percent_text(value: float) -> str:
    return f"{round(value, 4):g}"


def check_ids(source: SourceFile, path: FieldPath, ids: list[str | None]) -> list[Problem]:
    """Ids in one list must be unique (None: an item without an id)."""
    seen: dict[str, int] = {}
    problems = []
    for index, item_id in enumerate(ids):
        if item_id is None:
            continue
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


def check_shares(
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
                f"{set_label(label)} shares add up to {least}{percent_text(lows)} %, "
                "more than 100 %; "
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
                f"{len(given)} of {len(items)} {part_label(label)}s "
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
                f"{set_label(label)} shares add up to {percent_text(lows)} %; the remaining "
                f"{percent_text(100 - lows)} % is shown as '{rest}' (derived)",
                path,
                severity=Severity.NOTE,
            )
        )
    return problems


def check_part_growth(
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
    # Rates compare over the same stated years only; an open period (noted as
    # partial-period) is compared with nothing.
    market = {period: c.value for c in facts.cagr if (period := facts.cagr_period(c)) is not None}
    parts = [
        (index, item, facts.cagr_period(item.cagr))
        for index, item in enumerate(shares.items)
        if item.cagr is not None
    ]
    complete = (
        parts
        and len(parts) == len(shares.items)
        and all(item.share is not None or item.rest for item in shares.items)
        and covers_market(shares)
    )
    if complete:
        periods = {period for _, _, period in parts}
        period = next(iter(periods))
        if len(periods) == 1 and period in market:
            rate = market[period]
            slowest = min(item.cagr.value.high for _, item, _ in parts if item.cagr)
            fastest = max(item.cagr.value.low for _, item, _ in parts if item.cagr)
            tolerance = rate_tolerance(rate, cagr_tolerance)
            if rate.low > slowest + tolerance and rate.low > fastest + tolerance:
                problems.append(
                    source.problem(
                        "cagr-parts",
                        f"the market's CAGR {rate.as_written()} % is above the CAGR of every "
                        f"{part_label(label)} (at most {percent_text(fastest)} %); a market cannot "
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
                        f"{part_label(label)} (at least {percent_text(slowest)} %); a market "
                        "cannot grow slower than all of its parts: check the CAGRs",
                        path,
                        severity=Severity.WARNING,
                    )
                )
    for index, item, period in parts:
        if not item.fastest or item.cagr is None:
            continue
        own = item.cagr.value
        market_rate = market.get(period) if period is not None else None
        if market_rate is not None and own.high < market_rate.low - rate_tolerance(
            own, cagr_tolerance
        ):
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
            if other is item or other.cagr is None or period is None or other_period != period:
                continue
            if other.cagr.value.low > own.high + rate_tolerance(own, cagr_tolerance):
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


def covers_market(shares: ShareSet) -> bool:
    """True when the items split the whole market (shares add up to about 100)."""
    if any(item.rest for item in shares.items):
        return True
    total = math.fsum(item.share.low for item in shares.items if item.share is not None)
    return total >= 100 - SHARE_ROUNDING
