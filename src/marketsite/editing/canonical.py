"""The canonical form of the data files: how marketsite writes facts and text files itself.

Short forms an editor may use (``cagr: 10.1``, a set of shares as a plain list)
are written in one form each, keys follow the models' order, figures keep
their text (``12.40``, ``about 85.4``), multi-line text is a ``|`` block, and
small records are one line each. Comments are not kept. Two files with the
same data have the same canonical form, byte for byte.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

SCHEMA_HEADER = "# yaml-language-server: $schema=../_schema/{kind}.schema.json\n"

#: Key order of the blocks of facts.yaml and text.<lang>.yaml, as the models define them.
FACTS_ORDER = (
    "currency",
    "unit",
    "base_year",
    "forecast",
    "market_size",
    "cagr",
    "changes",
    "historical_data",
    "regional_coverage",
    "sources",
    "sector",
    "segments",
    "regions",
    "players",
    "developments",
    "figures",
    "published",
    "updated",
    "acknowledged",
)
SOURCE_ORDER = ("id", "organisation", "title", "url", "report_id", "published", "accessed")
TEXT_ORDER = (
    "market_name",
    "slug",
    "summary",
    "overview",
    "key_findings",
    "covid_impact",
    "latest_trends",
    "segments",
    "dynamics",
    "regions",
    "players_intro",
    "developments",
    "report_coverage",
    "faq",
    "names",
)


class OneLine(dict[str, Any]):
    """A small record written on one line: ``{year: 2026, value: 24.71}``."""


def _ordered(data: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    known = {key: data[key] for key in order if key in data}
    return {**known, **{key: value for key, value in data.items() if key not in known}}


def _record(
    data: dict[str, Any], order: tuple[str, ...], drop_false: tuple[str, ...] = ()
) -> OneLine:
    return OneLine(
        {
            key: value
            for key, value in _ordered(data, order).items()
            if value is not None and not (key in drop_false and value is False)
        }
    )


def _cagr(value: Any) -> OneLine:
    return _record(
        value if isinstance(value, dict) else {"value": value},
        ("value", "also_stated", "from", "to", "period", "source"),
    )


def _share_set(value: Any) -> Any:
    if isinstance(value, list):
        value = {"items": value}
    items = [_item(item) for item in value.get("items", [])]
    if value.get("year") is None:
        return items
    return {"year": value["year"], "items": items}


def _item(item: dict[str, Any]) -> OneLine:
    record = _record(
        item,
        ("id", "share", "also_stated", "source", "rest", "cagr", "fastest"),
        ("rest", "fastest"),
    )
    if "cagr" in record:
        record["cagr"] = dict(_cagr(record["cagr"]))
    return record


def canonical_facts(data: dict[str, Any]) -> dict[str, Any]:
    """``facts.yaml`` data in its one canonical shape."""
    out = _ordered(dict(data), FACTS_ORDER)
    if isinstance(out.get("forecast"), dict):
        out["forecast"] = _ordered(out["forecast"], ("start_year", "end_year"))
    if "market_size" in out:
        out["market_size"] = [
            _record(point, ("year", "value", "also_stated", "status", "source"))
            for point in out["market_size"]
        ]
    if "cagr" in out:
        cagrs = out["cagr"] if isinstance(out["cagr"], list) else [out["cagr"]]
        out["cagr"] = [_cagr(cagr) for cagr in cagrs]
    if "segments" in out:
        out["segments"] = {dim: _share_set(items) for dim, items in out["segments"].items()}
    if "regions" in out:
        out["regions"] = _share_set(out["regions"])
    if "changes" in out:
        out["changes"] = [
            _record(change, ("from", "to", "value", "source")) for change in out["changes"]
        ]
    if "sources" in out:
        out["sources"] = [dict(_record(source, SOURCE_ORDER)) for source in out["sources"]]
    for key, order in (
        ("players", ("name", "country")),
        ("developments", ("id", "date", "company")),
    ):
        if key in out:
            out[key] = [_record(entry, order) for entry in out[key]]
    if "figures" in out:
        out["figures"] = {k: _record(v, ("value", "unit")) for k, v in out["figures"].items()}
    return {key: value for key, value in out.items() if value is not None}


def canonical_text(data: dict[str, Any]) -> dict[str, Any]:
    """``text.<lang>.yaml`` data in its canonical key order."""
    return _ordered(dict(data), TEXT_ORDER)


class _Dumper(yaml.SafeDumper):
    """Block style, text as text, numbers as written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # list items indented under their key


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


def _one_line(dumper: yaml.SafeDumper, value: OneLine) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", dict(value), flow_style=True)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(OneLine, _one_line)


def dump(data: dict[str, Any], kind: str) -> str:
    """Data as the canonical YAML text of a file of ``kind`` (facts, text or names)."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2)
    return SCHEMA_HEADER.format(kind=kind) + body
