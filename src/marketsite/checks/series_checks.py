"""Checks of ``series.csv``: header, years, values as published, agreement with facts.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from marketsite.data.dataset import SeriesPoint
from marketsite.data.figure import Figure, FigureOutOfBounds, beyond_any_market, parse_figure
from marketsite.data.model import Facts
from marketsite.data.problems import Problem
from marketsite.data.sources import SeriesFile


@dataclass(frozen=True)
class CheckedSeries:
    """A series that passed its checks: market-wide points, or points per region or segment."""

    points: tuple[SeriesPoint, ...]
    scope: str | None = None  # "region" or "segment" when the rows are per item


def check_series(series: SeriesFile, facts: Facts) -> tuple[CheckedSeries | None, list[Problem]]:
    """``series.csv``: year,value[,region|segment] rows; values as published."""
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
    values: list[Figure | None] = []
    for index, (year_cell, value_cell) in enumerate(
        zip(frame["year"], frame["value"], strict=True)
    ):
        year_text, value_text = str(year_cell).strip(), str(value_cell).strip()
        year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
        if year is None or not 1900 <= year <= 2100:
            problems.append(
                series.problem(
                    "invalid-value",
                    f"year {year_text!r} must be a year between 1900 and 2100, e.g. 2024",
                    index,
                    "year",
                )
            )
        value: Figure | None
        try:
            value = parse_figure(value_text)
        except FigureOutOfBounds as exc:
            value = None
            problems.append(series.problem("number-out-of-bounds", f"value: {exc}", index, "value"))
        except ValueError as exc:
            value = None
            problems.append(series.problem("wrong-type", f"value: {exc}", index, "value"))
        if value is not None and value.value <= 0:
            problems.append(
                series.problem(
                    "negative-value" if value.value < 0 else "invalid-value",
                    f"value {value_text!r} must be greater than 0",
                    index,
                    "value",
                )
            )
            value = None
        why = beyond_any_market(value, facts.unit, facts.currency) if value is not None else None
        if why is not None:
            problems.append(series.problem("number-out-of-bounds", why, index, "value"))
            value = None
        years.append(year)
        values.append(value)
    scopes: list[str | None] = [None] * len(years)
    if scope:
        ids = (
            {item.id for item in facts.regions.items}
            if scope == "region"
            else {item.id for shares in facts.segments.values() for item in shares.items}
        )
        where = "regions" if scope == "region" else "segments"
        scopes = [str(cell).strip() for cell in frame[scope]]
        for index, item_id in enumerate(scopes):
            if item_id not in ids:
                problems.append(
                    series.problem(
                        "unknown-id",
                        f"{scope} {item_id!r} is not in facts.yaml; use one of the {scope} ids "
                        f"listed under {where}: {', '.join(sorted(ids)) or 'none yet'}",
                        index,
                        scope,
                    )
                )
    if problems:
        return None, problems
    # The rows of each region or segment (the first seen first), or all rows as one group.
    groups: dict[str | None, list[int]] = {}
    for position, item_id in enumerate(scopes):
        groups.setdefault(item_id, []).append(position)
    for positions in groups.values():
        previous = None
        for position in positions:
            year = years[position]
            if previous is not None and year is not None and year <= previous:
                problems.append(
                    series.problem(
                        "years-out-of-order",
                        f"year {year} follows {previous}; "
                        "list years once each, in increasing order",
                        position,
                        "year",
                    )
                )
            previous = year
    points: list[SeriesPoint] = []
    if scope is not None:
        points = [
            SeriesPoint(year, value, series.row_line(position), item_id)
            for position, (year, value, item_id) in enumerate(
                zip(years, values, scopes, strict=True)
            )
            if year is not None and value is not None
        ]
    else:
        stated = {point.year: point for point in facts.market_size}
        for position, (year, value) in enumerate(zip(years, values, strict=True)):
            assert year is not None and value is not None
            points.append(SeriesPoint(year, value, series.row_line(position)))
            known = stated.get(year)
            if known is not None and not _same(known.value, value):
                problems.append(
                    series.problem(
                        "value-mismatch",
                        f"{year} value {value.as_written()} differs from the market size "
                        f"{known.value.as_written()} for {year} in facts.yaml; one fact, "
                        "one number: correct one of them",
                        position,
                        "value",
                    )
                )
    if problems:
        return None, problems
    return CheckedSeries(tuple(points), scope), problems


def _same(a: Figure, b: Figure) -> bool:
    return (a.qualifier, a.upper) == (b.qualifier, b.upper) and Decimal(a.value) == Decimal(b.value)
