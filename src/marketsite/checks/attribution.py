"""Checks of who stands behind the figures: the sources a report lists, and the
source a single figure names."""

from __future__ import annotations

import datetime as dt

from marketsite.checks.shares import check_ids, share_sets
from marketsite.data.fields import calendar_date
from marketsite.data.model import Facts
from marketsite.data.problems import Problem
from marketsite.data.sources import FieldPath, SourceFile


def check_date(
    source: SourceFile, text: str, path: FieldPath, today: dt.date
) -> tuple[dt.date | None, list[Problem]]:
    """A stated date: a calendar date (YYYY-MM or YYYY-MM-DD), not in the future."""
    date = calendar_date(text)
    if date is None:
        message = f"'{text}' is not a calendar date; write YYYY-MM-DD or YYYY-MM"
        return None, [source.problem("invalid-value", message, path)]
    if date > today:
        message = f"{path[-1]} {text} lies in the future (today is {today.isoformat()})"
        return None, [source.problem("date-in-future", message, path)]
    return date, []


def check_sources(facts: Facts, source: SourceFile, today: dt.date) -> list[Problem]:
    """Sources: ids unique, dates real and in order, every figure's source: listed."""
    problems = check_ids(source, ("sources",), [s.id for s in facts.sources])
    for index, stated in enumerate(facts.sources):
        dates = {}
        for key in ("published", "accessed"):
            text = getattr(stated, key)
            if text is not None:
                date, found = check_date(source, text, ("sources", index, key), today)
                problems += found
                dates[key] = date
        published, accessed = dates.get("published"), dates.get("accessed")
        if published is not None and accessed is not None and accessed < published:
            problems.append(
                source.problem(
                    "years-out-of-order",
                    f"accessed {stated.accessed} is before published {stated.published}; "
                    "a source is read after it is published",
                    ("sources", index, "accessed"),
                )
            )
    known = {s.id for s in facts.sources if s.id is not None}
    for path, named in _named_sources(facts):
        if named in known:
            continue
        if not facts.sources:
            fix = f"list it under sources: with `id: {named}`, or remove `source:`"
        else:
            fix = f"add `id: {named}` to that source under sources:, or correct the id"
        listed = ", ".join(sorted(known)) or "none with an id"
        problems.append(
            source.problem(
                "unknown-source",
                f"source '{named}' is not one of the listed sources ({listed}); {fix}",
                (*path, "source"),
            )
        )
    return problems


def _named_sources(facts: Facts) -> list[tuple[FieldPath, str]]:
    """Every figure that names its own source, with where it stands."""
    named: list[tuple[FieldPath, str]] = [
        (("market_size", i), p.source) for i, p in enumerate(facts.market_size) if p.source
    ]
    named += [(("cagr", i), c.source) for i, c in enumerate(facts.cagr) if c.source]
    for label, shares in share_sets(facts):
        base: FieldPath = ("regions",) if label == "regions" else ("segments", label)
        for i, item in enumerate(shares.items):
            if item.source:
                named.append(((*base, "items", i), item.source))
            if item.cagr is not None and item.cagr.source:
                named.append(((*base, "items", i, "cagr"), item.cagr.source))
    return named
