"""Related markets: for each report, up to five others a reader of it may want next.

Made once for the whole catalog (every locale build takes the same result), from the
facts alone: first reports of the same sector, then those sharing more of the regions
they break out, then those nearest in size, in tenths of an order of magnitude (in the same currency
only: sizes in two currencies are not compared without an exchange rate). Sizes that
close count as equal and go by id, so a small edit to one report's figures does not
reorder, and so rebuild, the lists of others. A report that shares neither
sector nor region with another is not related to it.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass

from marketsite.derivation.derive import DerivedReport

#: How many related reports a report lists at most.
RELATED_REPORTS = 5


@dataclass(frozen=True)
class _Profile:
    """What relatedness is judged by, read once per report."""

    report_id: str
    sector: str | None
    regions: frozenset[str]
    currency: str
    log_size: float | None  # log10 of the current size in currency units


def _profile(derived: DerivedReport) -> _Profile:
    report = derived.report
    facts, current = report.facts, derived.current
    regions = {item.id for item in derived.regions.items if not item.is_remainder}
    if facts.regional_coverage:
        regions.add(str(facts.regional_coverage))
    size = derived.base_value(current.figure.value) if current else None
    return _Profile(
        report.report_id,
        facts.sector,
        frozenset(regions),
        facts.currency,
        math.log10(size) if size and size > 0 else None,
    )


def _score(a: _Profile, b: _Profile) -> tuple[int, float, float] | None:
    """How related ``b`` is to ``a`` (higher is closer), or None when not at all."""
    same_sector = a.sector is not None and a.sector == b.sector
    shared = len(a.regions & b.regions)
    if not same_sector and not shared:
        return None
    overlap = shared / len(a.regions | b.regions) if shared else 0.0
    if a.currency == b.currency and a.log_size is not None and b.log_size is not None:
        nearness = -round(abs(a.log_size - b.log_size), 1)
    else:
        nearness = -math.inf
    return (int(same_sector), overlap, nearness)


def related_reports(reports: Iterable[DerivedReport]) -> dict[str, tuple[str, ...]]:
    """Up to :data:`RELATED_REPORTS` related report ids per report id, closest first
    (ties by id, so every build lists the same)."""
    profiles = [_profile(report) for report in reports]
    related: dict[str, tuple[str, ...]] = {}
    for a in profiles:
        scored = (
            (score, b.report_id)
            for b in profiles
            if b is not a and (score := _score(a, b)) is not None
        )
        best = heapq.nsmallest(
            RELATED_REPORTS, scored, key=lambda pair: (tuple(-x for x in pair[0]), pair[1])
        )
        related[a.report_id] = tuple(report_id for _, report_id in best)
    return related
