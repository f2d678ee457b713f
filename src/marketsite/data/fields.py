"""The field types of the data files: ids, years, dates, areas, web addresses and
figures (each with the bounds validate checks and the JSON Schema states), and the
strict base model every file model shares. :mod:`marketsite.data.model` builds the
file models from them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from marketsite.data.areas import AREA_PATTERN, GLOBAL, WORLD_REGIONS, is_known
from marketsite.data.figure import (
    FIGURE_PATTERN,
    MAX_MAGNITUDE,
    Figure,
    FigureOutOfBounds,
    parse_figure,
)
from marketsite.data.ids import id_problem


def _usable_id(value: str) -> str:
    # The pattern is checked first; here: length and names Windows reserves (see ids.py).
    reason = id_problem(value)
    if reason is not None:
        raise PydanticCustomError("invalid-id", f"'{value}' cannot be an id: {reason}")
    return value


def _known_area(value: str) -> str:
    if is_known(value):
        return value
    fix = {"UK": "GB", "WORLD": GLOBAL, "WORLDWIDE": GLOBAL}.get(value.upper(), value.upper())
    if not is_known(fix):
        fix = value.lower()
    hint = f"did you mean '{fix}'? " if is_known(fix) else ""
    raise PydanticCustomError(
        "unknown-area",
        f"'{value}' is not an area marketsite knows; {hint}write global, a country's "
        f"ISO 3166 code in capitals (DE, US), EU, or one of: {', '.join(WORLD_REGIONS)}",
    )


#: What a report covers: global, a country (DE), EU or a world region (europe).
Area = Annotated[
    str,
    Field(json_schema_extra={"pattern": AREA_PATTERN}),
    AfterValidator(_known_area),
]


#: Ids of reports, segments, regions, developments: lowercase words joined by hyphens,
#: usable as file and folder names everywhere (see :mod:`marketsite.data.ids`).
Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
    AfterValidator(_usable_id),
]
#: Prose in a language file: non-empty; paragraphs separated by a blank line.
Prose = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Year = Annotated[int, Field(ge=1900, le=2100)]

#: A reference in prose: ``{market}`` or ``{figure-id}``.
REFERENCE_RE = re.compile(r"\{([a-z0-9]+(?:-[a-z0-9]+)*)\}")


FigureKind = Literal["amount", "share", "rate", "change", "number"]


def _figure_validator(kind: FigureKind) -> Any:
    def validate(raw: object) -> Figure:
        if isinstance(raw, Figure):
            return raw
        try:
            figure = parse_figure(raw)
        except FigureOutOfBounds as exc:
            raise PydanticCustomError("number-out-of-bounds", str(exc)) from None
        except ValueError as exc:
            code = "not-finite" if "finite" in str(exc) else "wrong-type"
            raise PydanticCustomError(code, str(exc)) from None
        low = figure.value
        high = figure.upper if figure.upper is not None else figure.value
        if kind == "amount" and low <= 0:
            code = "negative-value" if low < 0 else "invalid-value"
            raise PydanticCustomError(code, f"value {raw} must be greater than 0")
        if kind == "share" and (low < 0 or high > 100):
            raise PydanticCustomError(
                "invalid-value", f"share {raw} must be a percentage between 0 and 100"
            )
        if kind == "rate" and (low <= -100 or high >= 100):
            raise PydanticCustomError(
                "cagr-out-of-range",
                f"a CAGR of {raw} % is not plausible; a CAGR must lie between -100 and 100 "
                "(it is a yearly rate in percent: write 12.5 for 12.5 %)",
            )
        if kind == "change" and low <= -100:
            raise PydanticCustomError(
                "invalid-value",
                f"a change of {raw} % is not possible; a market can fall by less than 100 % "
                "(write -5 for a fall of 5 %)",
            )
        return figure

    return validate


#: The plain-number ranges validate checks, for the JSON Schema (phrases are checked there
#: only for their form).
_FIGURE_RANGES: dict[str, dict[str, float]] = {
    "amount": {"exclusiveMinimum": 0},
    "share": {"minimum": 0, "maximum": 100},
    "rate": {"exclusiveMinimum": -100, "exclusiveMaximum": 100},
    "change": {"exclusiveMinimum": -100},
    "number": {},
}


#: What any figure keeps (MAX_MAGNITUDE): no infinity, no 10^300 from a paste.
_ANY_FIGURE = {"exclusiveMinimum": -float(MAX_MAGNITUDE), "exclusiveMaximum": float(MAX_MAGNITUDE)}


def _figure_schema(kind: FigureKind, description: str, examples: list[Any]) -> WithJsonSchema:
    return WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", **_ANY_FIGURE, **_FIGURE_RANGES[kind]},
                {"type": "string", "pattern": FIGURE_PATTERN},
            ],
            "description": description,
            "examples": examples,
        }
    )


Amount = Annotated[
    Figure,
    PlainValidator(_figure_validator("amount")),
    _figure_schema(
        "amount",
        "A money amount in the report's `unit` of `currency`, as published: a number "
        "(its decimals are kept) or a phrase such as 'about 85.4' or '12 to 14'.",
        [24.71, "about 85.4"],
    ),
]
Share = Annotated[
    Figure,
    PlainValidator(_figure_validator("share")),
    _figure_schema(
        "share",
        "A share in percent (0-100), as published: 35, 27.03, 'over 55', 'about 30'.",
        [35, 27.03, "over 55"],
    ),
]
Rate = Annotated[
    Figure,
    PlainValidator(_figure_validator("rate")),
    _figure_schema(
        "rate",
        "A growth rate in percent per year (between -100 and 100), as published: 10.1, "
        "12.45, 'more than 6.8'.",
        [10.1, 12.45, "more than 6.8"],
    ),
]
Change = Annotated[
    Figure,
    PlainValidator(_figure_validator("change")),
    _figure_schema(
        "change",
        "A change in percent as published: -5 for a fall of 5 %, 37 for a rise of 37 %, "
        "'about -5'.",
        [-5, 37, "about -5"],
    ),
]
Number = Annotated[
    Figure,
    PlainValidator(_figure_validator("number")),
    _figure_schema("number", "A number as published: 60, 2023, 'about 60'.", [60, "about 60"]),
]


class StrictModel(BaseModel):
    """No unknown keys, no silent type coercion ("12.5" as text is not a number)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def offer_short_forms(schema: dict[str, Any], *forms: dict[str, Any]) -> None:
    """Let a JSON Schema node (an object's whole form) also be one of the short ``forms``
    a model accepts: the node keeps its title, description, default and examples, and
    holds the forms in ``anyOf`` (changed in place: it may be a shared definition)."""
    whole = dict(schema)
    keep: dict[str, Any] = {
        key: whole.pop(key)
        for key in ("title", "description", "default", "examples")
        if key in whole
    }
    schema.clear()
    schema.update(keep)
    schema["anyOf"] = [*forms, whole]


class ShortForms:
    """A model editors may also write short: its JSON Schema offers :attr:`SHORT_FORMS`
    beside the whole object, so the schema follows the model that accepts them."""

    SHORT_FORMS: ClassVar[tuple[dict[str, Any], ...]] = ()

    @classmethod
    def short_forms(cls, whole: dict[str, Any]) -> tuple[dict[str, Any], ...]:
        """The short forms' schemas, given the whole form's (whose references they may
        share)."""
        return cls.SHORT_FORMS

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        reference = handler(core_schema)
        whole = handler.resolve_ref_schema(reference)
        offer_short_forms(whole, *cls.short_forms(whole))
        return reference


#: A web address as a source gives it: http(s), no spaces, quotes or brackets (it is
#: written into Markdown links, BibTeX and RIS as it stands).
WebAddress = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"'()\[\]{}\\]+$")]


def _date_text(value: object) -> object:
    # YAML 1.1 loaders read 2026-01-12 as a date; the model keeps the editor's text.
    return value.isoformat() if isinstance(value, dt.date) else value


#: For the JSON Schema: a month and a day that can exist (validate also checks the
#: calendar: 2023-02-30 is refused there, and an IDE cannot say so).
DATE_SCHEMA_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$"

#: A date as editors write it: YYYY-MM-DD, or YYYY-MM when the day is not stated.
ReportDate = Annotated[
    str,
    BeforeValidator(_date_text),
    StringConstraints(pattern=r"^\d{4}-\d{2}(-\d{2})?$"),
    Field(json_schema_extra={"pattern": DATE_SCHEMA_PATTERN}),
]


def calendar_date(text: str) -> dt.date | None:
    """``2026-03`` -> 1 March 2026; None when it is no calendar date."""
    parts = [int(p) for p in text.split("-")]
    try:
        return dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None
