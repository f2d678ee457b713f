"""pydantic's errors, as an editor reads them: each a located problem that names the
field, what is wrong and an example of the fix; a file in the old form of facts.yaml is
pointed at the new one."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from marketsite.data.model import Facts
from marketsite.data.problems import Problem
from marketsite.data.sources import FieldPath, SourceFile

M = TypeVar("M", bound=BaseModel)

#: What the editor should write, per field name, in "missing key" messages.
EXAMPLES: dict[str, str] = {
    "currency": "currency: USD",
    "unit": "unit: billion",
    "base_year": "base_year: 2025",
    "forecast": "forecast: {start_year: 2026, end_year: 2035}",
    "start_year": "start_year: 2026",
    "end_year": "end_year: 2035",
    "market_size": "market_size: [{year: 2026, value: 24.71}, {year: 2035, value: 58.25}]",
    "cagr": "cagr: {value: 10.1, from: 2026, to: 2035}",
    "year": "year: 2026",
    "regions": "regions: [{id: europe, share: 30}]",
    "items": "items: [{id: email, share: 35}]",
    "id": "id: north-america",
    "name": "name: HubSpot",
    "country": "country: US",
    "date": "date: 2023-03",
    "market_name": "market_name: omni-channel communication services",
    "overview": "overview: |\n  First paragraph ...",
    "headline": "headline: Rising expectations drive the market",
    "body": "body: |\n  Paragraph ...",
    "question": "question: How big is the market?",
    "answer": "answer: ...",
    "value": "value: 60",
}


# --- schema -----------------------------------------------------------------------------


def parse_model(model: type[M], source: SourceFile, problems: list[Problem]) -> M | None:
    """Validate ``source`` against ``model``; turn pydantic's errors into located problems."""
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problems.append(_schema_problem(model, source, error))
        return None


def _schema_problem(model: type[BaseModel], source: SourceFile, error: Any) -> Problem:
    loc: FieldPath = tuple(error["loc"])
    kind: str = error["type"]
    received = error.get("input")
    name = str(loc[-1]) if loc else ""
    if "-" in kind:  # our own figure checks raise problem codes with the whole message
        return source.problem(kind, error["msg"], loc)
    if kind == "invalid_key":
        # `{year: 2026, value: 12,5}`: in a { } block the comma ends the entry.
        return source.problem(
            "wrong-type",
            f"'{received}' stands where a 'key: value' entry belongs; in a {{ }} block a comma "
            "separates entries, so a decimal comma splits the number: write a decimal point "
            "(12.5)",
            loc[:-1],
        )
    if kind == "missing":
        example = EXAMPLES.get(name, f"{name}: ...")
        return source.problem(
            "missing-key", f"required key '{name}' is missing; add it, e.g. `{example}`", loc
        )
    if kind == "extra_forbidden":
        allowed = sorted(_allowed_keys(model, loc[:-1]))
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return source.problem(
            "unknown-key",
            f"unknown key '{name}'; {hint}allowed keys here: {', '.join(allowed)}",
            loc,
        )
    if kind in {"float_type", "int_type", "float_parsing", "int_parsing", "int_from_float"}:
        if kind.startswith("int"):
            what = "a whole number such as 2026 (digits only, no quotes)"
        else:
            what = "a number such as 12.5 (decimal point, no quotes, no unit)"
        return source.problem("wrong-type", f"expected {what}; got {received!r}", loc)
    if kind in {"greater_than", "greater_than_equal"} and _is_negative(received):
        return source.problem(
            "negative-value",
            f"value {received} is negative; {name} must be "
            + error["msg"].lower().removeprefix("input should be "),
            loc,
        )
    if kind == "string_pattern_mismatch":
        return source.problem("invalid-value", _pattern_message(name, received), loc)
    if kind in {"string_type", "bool_type", "dict_type", "list_type", "model_type"}:
        expected = {
            "string_type": "text",
            "bool_type": "true or false",
            "dict_type": "a block of 'key: value' lines",
            "list_type": "a list of '- ' items",
            "model_type": "a block of 'key: value' lines",
        }[kind]
        example = f", e.g. `{EXAMPLES[name]}`" if name in EXAMPLES else ""
        hint = ""
        if kind == "bool_type" and isinstance(received, str):
            hint = " (yes, no, on and off are text, as in YAML 1.2: write true or false)"
        return source.problem(
            "wrong-type", f"expected {expected}{example}; got {_describe(received)}{hint}", loc
        )
    message = error["msg"][0].lower() + error["msg"][1:]
    return source.problem("invalid-value", f"{message}; got {received!r}", loc)


def _is_negative(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value < 0


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a block of keys"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (empty value)"
    return f"{value!r}"


def _pattern_message(name: str, received: object) -> str:
    if name in {"date", "published", "updated", "accessed"}:
        return f"'{received}' is not a date; write YYYY-MM or YYYY-MM-DD, e.g. 2023-03"
    if name == "url":
        return (
            f"'{received}' is not a web address; write it whole, starting with https:// "
            "(spaces, quotes and brackets written as %20, %22, %28 ...)"
        )
    if name == "country":
        return f"'{received}' is not a country code; use ISO 3166 alpha-2, e.g. US, DE, IN"
    if name == "currency":
        return f"'{received}' is not a currency code; use ISO 4217, e.g. USD or EUR"
    return (
        f"'{received}' is not a valid id; use lowercase letters, digits and hyphens, "
        "e.g. north-america"
    )


def _unwrap(annotation: Any) -> list[Any]:
    """The classes inside an annotation (Optional, Annotated, unions)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in {typing.Union, types.UnionType}:
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _allowed_keys(model: type[BaseModel], loc: FieldPath) -> set[str]:
    """Field names of the model found at ``loc`` inside ``model``."""
    candidates: list[Any] = [model]
    for part in loc:
        following: list[Any] = []
        for candidate in candidates:
            origin = typing.get_origin(candidate)
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                fields = {f.alias or n: f for n, f in candidate.model_fields.items()}
                if isinstance(part, str) and part in fields:
                    following += _unwrap(fields[part].annotation)
            elif origin in {list, dict}:
                following += _unwrap(typing.get_args(candidate)[-1])
        candidates = following
    return {
        field.alias or name
        for candidate in candidates
        if isinstance(candidate, type) and issubclass(candidate, BaseModel)
        for name, field in candidate.model_fields.items()
    }


# --- the old form of facts.yaml --------------------------------------------------------


def _old_form(source: SourceFile) -> tuple[dict[str, Any], list[Problem]]:
    """Point keys of the old facts form at the new one; return the data without them.

    The old form had ``market_size: {start, end}`` and ``cagr_percent``: it forced
    an end value and presented every figure without its year.
    """
    data = dict(source.data)
    problems: list[Problem] = []
    found = data.get("forecast")
    forecast: dict[str, Any] = found if isinstance(found, dict) else {}
    start_year = forecast.get("start_year", "START_YEAR")
    end_year = forecast.get("end_year", "END_YEAR")
    size = data.get("market_size")
    if isinstance(size, dict) and {"start", "end"} & set(size):
        points = [
            f"{{year: {year}, value: {size[key]}}}"
            for key, year in (("start", start_year), ("end", end_year))
            if key in size
        ]
        problems.append(
            source.problem(
                "old-format",
                "market_size is in the old form (start/end); list each published size with "
                f"its year instead: `market_size: [{', '.join(points)}]` (a size the publisher "
                "does not state is left out; see the editor's guide)",
                ("market_size",),
            )
        )
        del data["market_size"]
    if "cagr_percent" in data:
        problems.append(
            source.problem(
                "old-format",
                "cagr_percent is the old form; write the CAGR with its period instead: "
                f"`cagr: {{value: {data['cagr_percent']}, from: {start_year}, to: {end_year}}}` "
                "(see the editor's guide)",
                ("cagr_percent",),
            )
        )
        del data["cagr_percent"]
    return data, problems


def parse_facts(source: SourceFile, problems: list[Problem]) -> Facts | None:
    data, old = _old_form(source)
    problems += old
    try:
        facts = Facts.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problems.append(_schema_problem(Facts, source, error))
        return None
    return None if old else facts
