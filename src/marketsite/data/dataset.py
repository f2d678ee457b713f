"""The validated data set: what validation hands to every later stage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from marketsite.data.figure import Figure
from marketsite.data.model import Facts
from marketsite.data.text_model import Names, ReportText


@dataclass(frozen=True)
class SeriesPoint:
    """A published market size from ``series.csv``, with its CSV line; ``item`` is the
    region or segment id for a series per item."""

    year: int
    value: Figure
    line: int
    item: str | None = None


def stated_sizes(facts: Facts, series: Iterable[SeriesPoint]) -> dict[int, Figure]:
    """Every market-wide size the publisher states, by year: series.csv's, and
    facts.yaml's where both state a year (validate sees that they agree)."""
    sizes = {point.year: point.value for point in series}
    sizes.update({point.year: point.value for point in facts.market_size})
    return sizes


@dataclass(frozen=True)
class AcknowledgedWarning:
    """A warning the editors accepted for a report: its code and the field it concerns
    (``cagr[0]``). Readers see it as an editor's note."""

    code: str
    field: str


@dataclass(frozen=True)
class Report:
    """One validated report: its facts, its prose per language, its optional series."""

    report_id: str
    facts: Facts
    texts: dict[str, ReportText]
    #: Market-wide sizes from ``series.csv``.
    series: tuple[SeriesPoint, ...] = ()
    #: Sizes per region or segment from ``series.csv`` (its third column says which).
    item_series: tuple[SeriesPoint, ...] = ()
    item_scope: str | None = None
    #: Warnings the editors accepted, in the order validation found them.
    acknowledged: tuple[AcknowledgedWarning, ...] = ()

    def names(self, shared: dict[str, Names], lang: str) -> Names:
        """Display names for ``lang``: the shared vocabulary overlaid with the report's own."""
        base = shared.get(lang, Names())
        own = self.texts[lang].names
        return Names(
            regions={**base.regions, **own.regions},
            dimensions={**base.dimensions, **own.dimensions},
            segments={**base.segments, **own.segments},
            sectors={**base.sectors, **own.sectors},
        )


@dataclass(frozen=True)
class Dataset:
    """Everything under ``data/`` after validation: safe to derive and render from."""

    languages: tuple[str, ...]
    source_language: str
    names: dict[str, Names] = field(default_factory=dict)
    reports: tuple[Report, ...] = ()
