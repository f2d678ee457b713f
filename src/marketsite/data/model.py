"""Typed models of the data files (figures are :mod:`marketsite.data.figure`, the validated
data set :mod:`marketsite.data.dataset`).

The file models mirror what an editor writes (``facts.yaml``,
``text.<lang>.yaml``, ``_shared/names.<lang>.yaml``): strict types, no unknown
keys, so a typo is an error with a name rather than a silently ignored field.
Cross-field and cross-file rules live in :mod:`marketsite.checks.consistency`.

Every number a publisher states is a :class:`Figure`: the value as written
(its decimals kept), an optional qualifier ("about", "more than", a range)
and, for numbers marketsite computes, how it derived them. Editors write a
plain number (``24.71``) or a short phrase (``about 85.4``, ``more than 55``,
``55 to 60``); :func:`parse_figure` reads both.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from marketsite.data.fields import (
    DATE_SCHEMA_PATTERN,
    Amount,
    Area,
    Change,
    Number,
    Prose,
    Rate,
    ReportDate,
    Share,
    ShortForms,
    Slug,
    StrictModel,
    WebAddress,
    Year,
    offer_short_forms,
)
from marketsite.data.figure import FIGURE_PATTERN

# --- facts.yaml: language-neutral facts -------------------------------------------------


class ReportSource(StrictModel):
    """Where a report's figures come from: the organisation that published them and its
    report, as far as stated. The first source listed stands behind every figure that
    names no other."""

    id: Slug | None = Field(
        None,
        description="Optional: a short id, for figures that name this source with source:.",
        examples=["iea"],
    )
    organisation: Prose = Field(
        description="The organisation that published the figures.",
        examples=["International Energy Agency"],
    )
    title: Prose | None = Field(
        None,
        description="Optional: the title of its report, as published.",
        examples=["Heat Pump Market Report 2025"],
    )
    url: WebAddress | None = Field(
        None,
        description="Optional: the report's web address.",
        examples=["https://www.example.org/reports/heat-pumps-2025"],
    )
    report_id: Prose | None = Field(
        None,
        description="Optional: the publisher's own id or number of the report.",
        examples=["HP-2025-07"],
    )
    published: ReportDate | None = Field(
        None,
        description="Optional: when the source was published (YYYY-MM-DD or YYYY-MM).",
        examples=["2025-03"],
    )
    accessed: ReportDate | None = Field(
        None,
        description="Optional: when it was read, for a web page (YYYY-MM-DD).",
        examples=["2025-11-20"],
    )


class Forecast(StrictModel):
    """The forecast period as published: first and last forecast year."""

    start_year: Year = Field(description="First forecast year.", examples=[2026])
    end_year: Year = Field(description="Last forecast year.", examples=[2035])


class SizePoint(StrictModel):
    """One published market size: the year it refers to and the value as stated."""

    year: Year = Field(description="The year the value refers to.", examples=[2024])
    value: Amount = Field(
        description="The size in the report's unit of its currency, as published: 24.71, "
        "'about 85.4', 'more than 40', '12 to 14'.",
        examples=[24.71, "about 85.4"],
    )
    status: Literal["actual", "estimate", "forecast"] | None = Field(
        None,
        description="Optional: what the publisher calls the value (actual, estimate or forecast).",
        examples=["estimate"],
    )
    also_stated: Amount | None = Field(
        None,
        description="Optional: the same size as the publisher also states it elsewhere "
        "(a table's 'about 84.1' beside the text's 'over 84.1'); shown in an editor's note.",
        examples=["over 84.1"],
    )
    source: Slug | None = Field(
        None,
        description="Optional: the id of the source (under sources:) that states this size, "
        "when it is not the first one listed.",
        examples=["iea"],
    )


class Cagr(ShortForms, StrictModel):
    """A compound annual growth rate as published, with the period it covers as stated.

    Written as a plain number (or without ``from``/``to``) it covers the report's
    forecast period. ``to`` alone is a rate "through" that year, ``from`` alone one
    "since" it; ``period: not stated`` is a rate the publisher gives without years.
    Nothing is filled in: a period the publisher leaves open stays open on the page.
    """

    SHORT_FORMS: ClassVar[tuple[dict[str, Any], ...]] = (
        {"type": "number", "exclusiveMinimum": -100, "exclusiveMaximum": 100},
        {"type": "string", "pattern": FIGURE_PATTERN},
    )

    value: Rate = Field(
        description="The CAGR in percent as published: 10.1, 12.45, 'more than 6.8'.",
        examples=[10.1, "more than 6.8"],
    )
    start: Year | None = Field(
        None,
        alias="from",
        description="First year of the period, if stated. With neither from nor to, the "
        "CAGR covers the forecast period.",
        examples=[2026],
    )
    end: Year | None = Field(
        None,
        alias="to",
        description="Last year of the period, if stated ('6.1 % through 2030' is to: 2030 alone).",
        examples=[2035],
    )
    also_stated: Rate | None = Field(
        None,
        description="Optional: the same CAGR as the publisher also states it elsewhere; "
        "shown in an editor's note.",
        examples=["over 10"],
    )
    period: Literal["forecast", "not stated"] | None = Field(
        None,
        description="Optional, instead of from/to: 'forecast' (the forecast period, the "
        "default) or 'not stated' (the publisher gives the rate without years).",
        examples=["not stated"],
    )
    source: Slug | None = Field(
        None,
        description="Optional: the id of the source (under sources:) that states this CAGR, "
        "when it is not the first one listed.",
        examples=["iea"],
    )

    @model_validator(mode="before")
    @classmethod
    def _number_alone(cls, value: object) -> object:
        # `cagr: 10.1` is the common case: the rate over the forecast period.
        return value if isinstance(value, dict) else {"value": value}


class StatedChange(StrictModel):
    """A change of the market size as published: "fell 5 % in 2020" is ``{to: 2020,
    value: -5}`` (the change from the year before), "grew 37 % from 2020 to 2024" is
    ``{from: 2020, to: 2024, value: 37}``. Checked against the sizes at both ends; where
    only one end is stated, the other is derived from it and marked."""

    value: Change = Field(
        description="The change in percent as published: -5, 37, 'about -5'.",
        examples=[-5, 37],
    )
    start: Year | None = Field(
        None,
        alias="from",
        description="Optional: the year the change starts from; without it, the year before `to`.",
        examples=[2020],
    )
    end: Year = Field(alias="to", description="The year the change leads to.", examples=[2024])
    source: Slug | None = Field(
        None,
        description="Optional: the id of the source (under sources:) that states this "
        "change, when it is not the first one listed.",
        examples=["iea"],
    )

    @property
    def first_year(self) -> int:
        """The year the change starts from (the year before ``to`` unless stated)."""
        return self.start if self.start is not None else self.end - 1


class ShareItem(StrictModel):
    """A segment or region: its id and, where published, its share and growth."""

    id: Slug = Field(
        description="The segment's or region's id; its display name is in the names files.",
        examples=["email", "north-america"],
    )
    share: Share | None = Field(
        None,
        description="Optional: its share in percent as published (35, 27.03, 'over 55'); "
        "items may be named without one.",
        examples=[35, "about 30"],
    )
    also_stated: Share | None = Field(
        None,
        description="Optional: the same share as the publisher also states it elsewhere; "
        "shown in an editor's note.",
        examples=["about 35"],
    )
    rest: bool = Field(
        False,
        description="true: the item takes what the other shares leave to 100 % (derived, "
        "and marked so).",
        examples=[True],
    )
    cagr: Cagr | None = Field(
        None,
        description="Optional: the item's own CAGR as published, with its period.",
        examples=[{"value": 14.2, "from": 2025, "to": 2033}],
    )
    fastest: bool = Field(
        False,
        description="true: the publisher calls it the fastest-growing (checked against the CAGRs).",
        examples=[True],
    )
    source: Slug | None = Field(
        None,
        description="Optional: the id of the source (under sources:) that states its share, "
        "when it is not the first one listed.",
        examples=["iea"],
    )


class ShareSet(ShortForms, StrictModel):
    """The items of one dimension (or the regions), and the year their shares refer to.

    Written as a plain list when the publisher gives no year for the shares.
    """

    @classmethod
    def short_forms(cls, whole: dict[str, Any]) -> tuple[dict[str, Any], ...]:
        # The items alone, as a plain list (the same items the whole form lists).
        return ({"type": "array", "items": whole["properties"]["items"]["items"]},)

    year: Year | None = Field(
        None, description="Optional: the year the shares refer to.", examples=[2024]
    )
    items: list[ShareItem] = Field(
        default_factory=list,
        description="The items in display order.",
        examples=[[{"id": "email", "share": 35}]],
    )

    @model_validator(mode="before")
    @classmethod
    def _list_alone(cls, value: object) -> object:
        return {"items": value} if isinstance(value, list) else value


class Player(StrictModel):
    """A key company: its name as written everywhere, and its headquarters if stated."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(
        description="The company's name as written everywhere.", examples=["HubSpot"]
    )
    country: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")] | None = Field(
        None,
        description="Optional: the headquarters' country as ISO 3166 alpha-2 code.",
        examples=["US"],
        # Lower case is read (to suggest the code); the schema, like validate, wants it upper.
        json_schema_extra={"pattern": "^[A-Z]{2}$"},
    )


class Development(StrictModel):
    """A dated industry development; its text is in each language file."""

    id: Slug = Field(
        description="The development's id; its text is in each language file.",
        examples=["salesforce-slack-gpt"],
    )
    date: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}(-\d{2})?$")] = Field(
        description="When it happened: YYYY-MM or YYYY-MM-DD, not in the future.",
        examples=["2023-03", "2023-03-14"],
        json_schema_extra={"pattern": DATE_SCHEMA_PATTERN},
    )
    company: str | None = Field(
        None, description="Optional: the company it concerns.", examples=["Salesforce"]
    )

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


class ProseFigure(StrictModel):
    """A number quoted in prose as ``{id}``, so it is written once and formatted per locale."""

    value: Number = Field(
        description="The number as published: 60, 2023, 'about 60'.", examples=["about 60"]
    )
    unit: Literal["percent", "share", "year", "number", "people"] = Field(
        description="How it reads and what bounds it: percent (a rate or change), share "
        "(a part of a whole, 0 to 100 %), year, number, or people (a count of persons).",
        examples=["percent"],
    )


def _one_cagr_without_a_list(schema: dict[str, Any]) -> None:
    """The schema of ``Facts.cagr`` also takes one CAGR without a list (its item's form)."""
    offer_short_forms(schema, dict(schema["items"]))


class Facts(StrictModel):
    """``facts.yaml``: every figure of a report, written once, as published."""

    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(
        description="The currency of all money values, as ISO 4217 code.", examples=["USD"]
    )
    unit: Literal["thousand", "million", "billion"] = Field(
        description="The magnitude of the market sizes: thousand, million or billion.",
        examples=["billion"],
    )
    base_year: Year | None = Field(
        None,
        description="Optional: the publisher's base year; not after the forecast start.",
        examples=[2025],
    )
    forecast: Forecast | None = Field(
        None,
        description="Optional: the forecast period as published.",
        examples=[{"start_year": 2026, "end_year": 2035}],
    )
    market_size: list[SizePoint] = Field(
        default_factory=list,
        description="Every market size the publisher states, historical and forecast, in "
        "year order.",
        examples=[[{"year": 2026, "value": 24.71}, {"year": 2035, "value": 58.25}]],
    )
    cagr: list[Cagr] = Field(
        default_factory=list,
        description="The market's CAGRs as published, each with its period; one may be "
        "written without a list, and as a number alone it covers the forecast period. "
        "Checked against the sizes at both ends of its period.",
        examples=[[{"value": 10.1, "from": 2026, "to": 2035}], 10.1],
        # One CAGR may be written without a list.
        json_schema_extra=_one_cagr_without_a_list,
    )
    changes: list[StatedChange] = Field(
        default_factory=list,
        description="Optional: changes of the market size the publisher states: "
        "{to: 2020, value: -5} for 'fell 5 % in 2020', {from: 2020, to: 2024, value: 37} "
        "for 'grew 37 % from 2020 to 2024'.",
        examples=[[{"to": 2020, "value": -5}]],
    )
    historical_data: bool | None = Field(
        None,
        description="Optional: whether the report has historical data, if the publisher "
        "says (shown in the attribute table).",
        examples=[True],
    )
    regional_coverage: Area | None = Field(
        None,
        description="Optional: the area the report covers, if the publisher states it: "
        "global, a country's ISO 3166 code (DE), EU, or a world region (europe, asia, "
        "north-america, latin-america, ...). Sentences, title and structured data name it.",
        examples=["global", "DE", "europe"],
    )
    sector: Slug | None = Field(
        None,
        description="Optional: the report's sector, as an id; its name per language goes under "
        "sectors: in _shared/names.<lang>.yaml. Readers filter the catalog by it.",
        examples=["telecommunications"],
    )
    segments: dict[Slug, ShareSet] = Field(
        default_factory=dict,
        description="Segments per dimension (type, application, ...): a list of items, "
        "or {year, items} when the shares have a year.",
        examples=[{"type": [{"id": "email", "share": 35}, {"id": "sms", "share": 20}]}],
    )
    regions: ShareSet = Field(
        ShareSet(year=None),
        description="Regions: a list of items, or {year, items}; what the shares leave "
        "to 100 % is shown as rest of world (derived).",
        examples=[[{"id": "north-america", "share": "about 50"}]],
    )
    players: list[Player] = Field(
        default_factory=list,
        description="Key companies in display order.",
        examples=[[{"name": "Emarsys", "country": "AT"}]],
    )
    developments: list[Development] = Field(
        default_factory=list,
        description="Dated industry developments; their text is in each language file.",
        examples=[[{"id": "slack-gpt", "date": "2023-03", "company": "Salesforce"}]],
    )
    figures: dict[Slug, ProseFigure] = Field(
        default_factory=dict,
        description="Numbers quoted in prose as {id}, formatted for each language.",
        examples=[{"cloud-leaders": {"value": "about 60", "unit": "percent"}}],
    )
    sources: list[ReportSource] = Field(
        default_factory=list,
        description="Optional: who published the figures (when it is not the site's "
        "publisher), with its report's title, address, id and dates. The first stands "
        "behind every figure; a figure names another with source: <id>.",
        examples=[[{"organisation": "International Energy Agency", "title": "Heat Pumps 2025"}]],
    )
    published: ReportDate | None = Field(
        None,
        description="Optional: when the publisher first published the report (YYYY-MM-DD or "
        "YYYY-MM); shown on the page and in its structured data.",
        examples=["2026-01-12"],
    )
    updated: ReportDate | None = Field(
        None,
        description="Optional: when the publisher last updated the report's figures "
        "(YYYY-MM-DD or YYYY-MM); not before published.",
        examples=["2026-03-02"],
    )
    #: Warnings the editors have looked at and accept, by code, with the reason.
    acknowledged: dict[str, Prose] = Field(
        default_factory=dict,
        description="Warnings the editors accept, by code, with the reason: still shown, "
        "but validate --strict passes.",
        examples=[{"cagr-mismatch": "the publisher rounds the CAGR up"}],
    )

    @field_validator("cagr", mode="before")
    @classmethod
    def _one_cagr(cls, value: object) -> object:
        return value if isinstance(value, list) else [value]

    def cagr_years(self, cagr: Cagr) -> tuple[int | None, int | None]:
        """The first and last year of a CAGR as stated (None where the publisher gives none).

        Its own years when it has any; the forecast period when it has neither and is
        not marked ``period: not stated``. One stated end never borrows the other.
        """
        if cagr.period == "not stated":
            return None, None
        if cagr.start is not None or cagr.end is not None:
            return cagr.start, cagr.end
        return self.forecast_start, self.forecast_end

    def cagr_period(self, cagr: Cagr) -> tuple[int, int] | None:
        """Both years a CAGR covers, when both are stated (what the checks need)."""
        start, end = self.cagr_years(cagr)
        return None if start is None or end is None else (start, end)

    def source_of(self, source_id: str | None) -> ReportSource | None:
        """The source behind a figure: the one it names, else the first listed (None when
        the report lists no sources: the site's publisher stands behind it)."""
        if source_id is not None:
            return next((s for s in self.sources if s.id == source_id), None)
        return self.sources[0] if self.sources else None

    @property
    def forecast_start(self) -> int | None:
        """First forecast year, if stated."""
        return self.forecast.start_year if self.forecast else None

    @property
    def forecast_end(self) -> int | None:
        """Last forecast year, if stated."""
        return self.forecast.end_year if self.forecast else None

    def share_sets(self) -> dict[str, ShareSet]:
        """Every set of shares by its label: ``segments.<dimension>`` and ``regions``."""
        sets = {f"segments.{dim}": items for dim, items in self.segments.items()}
        if self.regions.items:
            sets["regions"] = self.regions
        return sets


def implied_cagr(start: float, end: float, years: int) -> float | None:
    """The CAGR in percent that turns ``start`` into ``end`` over ``years`` years."""
    if years <= 0 or start <= 0 or end <= 0:
        return None
    return ((end / start) ** (1 / years) - 1) * 100
