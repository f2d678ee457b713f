"""Typed models of the data files, and of the validated data set built from them.

The file models mirror what an editor writes (``facts.yaml``,
``text.<lang>.yaml``, ``_shared/names.<lang>.yaml``): strict types, no unknown
keys, so a typo is an error with a name rather than a silently ignored field.
Cross-field and cross-file rules live in :mod:`marketsite.validate`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

#: Ids of reports, segments, regions, developments: lowercase words joined by hyphens.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
#: Prose in a language file: non-empty; paragraphs separated by a blank line.
Prose = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Year = Annotated[int, Field(ge=1900, le=2100)]
Percent = Annotated[float, Field(ge=0, le=100)]

MAGNITUDES: dict[str, int] = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
#: A reference in prose: ``{market}`` or ``{figure-id}``.
REFERENCE_RE = re.compile(r"\{([a-z0-9]+(?:-[a-z0-9]+)*)\}")


class StrictModel(BaseModel):
    """No unknown keys, no silent type coercion ("12.5" as text is not a number)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- facts.yaml: language-neutral facts -------------------------------------------------


class Forecast(StrictModel):
    """The forecast period: first and last forecast year."""

    start_year: Year
    end_year: Year


class MarketSize(StrictModel):
    """Market size at the start and end of the forecast period, in ``unit`` of ``currency``."""

    start: Annotated[float, Field(gt=0)]
    end: Annotated[float, Field(gt=0)]


class ShareFact(StrictModel):
    """A segment or region, optionally with its share of the market in percent."""

    id: Slug
    share: Percent | None = None


class Player(StrictModel):
    """A key company: its name as written everywhere, and its headquarters country."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    country: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]


class Development(StrictModel):
    """A dated industry development; its text is in each language file."""

    id: Slug
    date: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}(-\d{2})?$")]
    company: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        # YAML reads 2023-03-01 as a date; the model keeps the editor's precision as text.
        return value.isoformat() if isinstance(value, dt.date) else value

    @property
    def has_day(self) -> bool:
        """True when the editor gave a day, not only a month."""
        return self.date.count("-") == 2

    def calendar_date(self) -> dt.date | None:
        """The date (the 1st for a month), or None when it is not a calendar date."""
        parts = [int(p) for p in self.date.split("-")]
        try:
            return dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
        except ValueError:
            return None


class Figure(StrictModel):
    """A number quoted in prose as ``{id}``, so it is written once and formatted per locale."""

    value: float
    unit: Literal["percent", "year", "number"]


class Facts(StrictModel):
    """``facts.yaml``: every figure of a report, written once."""

    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    unit: Literal["thousand", "million", "billion"]
    base_year: Year
    forecast: Forecast
    market_size: MarketSize
    cagr_percent: Annotated[float, Field(ge=-100, le=1000)]
    historical_data: bool = False
    regional_coverage: Literal["global"] = "global"
    segments: dict[Slug, list[ShareFact]] = Field(default_factory=dict)
    regions: list[ShareFact] = Field(default_factory=list)
    players: list[Player] = Field(default_factory=list)
    developments: list[Development] = Field(default_factory=list)
    figures: dict[Slug, Figure] = Field(default_factory=dict)

    def implied_cagr(self) -> float | None:
        """The CAGR in percent that turns the start size into the end size (None if the
        forecast period is empty or reversed)."""
        years = self.forecast.end_year - self.forecast.start_year
        if years <= 0:
            return None
        return ((self.market_size.end / self.market_size.start) ** (1 / years) - 1) * 100

    #: Warnings the editors have looked at and accept, by code, with the reason.
    acknowledged: dict[str, Prose] = Field(default_factory=dict)


# --- text.<lang>.yaml: one language's prose ---------------------------------------------


class Section(StrictModel):
    """A headline and its body text."""

    headline: Prose
    body: Prose


class KeyFindings(StrictModel):
    """The qualitative key findings; the figure-bearing ones are generated."""

    driver: Prose | None = None
    restraint: Prose | None = None
    trends: Prose | None = None
    regional_leadership: Prose | None = None
    competitive_landscape: Prose | None = None
    recent_development: Prose | None = None


class Dynamics(StrictModel):
    """Market dynamics, each keyed so that the languages line up."""

    drivers: dict[Slug, Section] = Field(default_factory=dict)
    restraints: dict[Slug, Section] = Field(default_factory=dict)
    opportunities: dict[Slug, Section] = Field(default_factory=dict)
    challenges: dict[Slug, Section] = Field(default_factory=dict)


class FaqEntry(StrictModel):
    """An editor-written question and answer."""

    question: Prose
    answer: Prose


class Names(StrictModel):
    """Display names of ids; in a report's text file they override the shared ones."""

    regions: dict[Slug, Prose] = Field(default_factory=dict)
    dimensions: dict[Slug, Prose] = Field(default_factory=dict)
    segments: dict[Slug, Prose] = Field(default_factory=dict)


class ReportText(StrictModel):
    """``text.<lang>.yaml``: all prose of one report in one language."""

    market_name: Prose
    slug: Slug | None = None
    summary: Prose | None = None
    overview: Prose
    key_findings: KeyFindings = KeyFindings()
    covid_impact: Section | None = None
    latest_trends: Section | None = None
    segments: dict[Slug, dict[Slug, Prose]] = Field(default_factory=dict)
    dynamics: Dynamics = Dynamics()
    regions: dict[Slug, Prose] = Field(default_factory=dict)
    players_intro: Section | None = None
    developments: dict[Slug, Prose] = Field(default_factory=dict)
    report_coverage: Prose | None = None
    faq: dict[Slug, FaqEntry] = Field(default_factory=dict)
    names: Names = Names()


# --- the validated data set -------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """One validated report: its facts, its prose per language, its optional series."""

    report_id: str
    facts: Facts
    texts: dict[str, ReportText]
    series: pd.DataFrame | None = None

    def names(self, shared: dict[str, Names], lang: str) -> Names:
        """Display names for ``lang``: the shared vocabulary overlaid with the report's own."""
        base = shared.get(lang, Names())
        own = self.texts[lang].names
        return Names(
            regions={**base.regions, **own.regions},
            dimensions={**base.dimensions, **own.dimensions},
            segments={**base.segments, **own.segments},
        )


@dataclass(frozen=True)
class Dataset:
    """Everything under ``data/`` after validation: safe to derive and render from."""

    languages: tuple[str, ...]
    source_language: str
    names: dict[str, Names] = field(default_factory=dict)
    reports: tuple[Report, ...] = ()
