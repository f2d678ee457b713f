"""The catalog as data: what the site publishes for tools rather than readers.

- ``data/reports/<report id>.json``: one report's facts, language-neutral: every
  size and CAGR as stated or as derived (with how), its period, qualifier, decimals,
  source, unit and currency; shares and their items; players; sources.
- ``data/report-facts.v<N>.schema.json``: the JSON Schema of that file. The version
  is in its name; a change that breaks a reader gets a new version and a new name.
- ``data/key-figures.csv``: one row per report, the figures the catalog shows.
- ``datapackage.json`` (site root): a Frictionless Data Package over every CSV the
  site publishes, each with its table schema. Each report folder holds its own
  package of its tables (``datapackage.json`` beside its CSVs); the root package
  gathers them with the key-figures table.

Addresses are language-neutral (the report id, not a page's translated slug), so a
tool that loads one report keeps working when a translator renames its page.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from marketsite.data.dataset import Dataset
from marketsite.data.figure import DERIVATIONS, QUALIFIERS, Figure
from marketsite.data.text_model import name_text
from marketsite.derivation.derive import DerivedReport, DerivedShares, Growth, derive
from marketsite.derivation.related import related_reports
from marketsite.rendering.datatable import DataTable
from marketsite.rendering.downloads import neutralise
from marketsite.rendering.paths import page_paths, url_of

#: The facts file's format version: in the schema's file name and in every facts file.
FACTS_VERSION = 1
DATA_FOLDER = "data"
FACTS_FOLDER = f"{DATA_FOLDER}/reports"
FACTS_SCHEMA = f"{DATA_FOLDER}/report-facts.v{FACTS_VERSION}.schema.json"
KEY_FIGURES = f"{DATA_FOLDER}/key-figures.csv"
PACKAGE = "datapackage.json"
#: The package of one report's tables, in its folder beside them.
REPORT_PACKAGE = "datapackage.json"


def facts_path(report_id: str) -> str:
    """Where a report's facts are published, relative to the site's root."""
    return f"{FACTS_FOLDER}/{report_id}.json"


# --- one report's facts --------------------------------------------------------------


def figure_data(figure: Figure | None) -> dict[str, Any] | None:
    """A figure as data: its value with the decimals it is stated with, its upper end
    (a range), its qualifier, and how marketsite derived it (None: published)."""
    if figure is None:
        return None
    return {
        "value": float(figure.value),
        "upper": float(figure.upper) if figure.upper is not None else None,
        "decimals": figure.decimals,
        "qualifier": figure.qualifier,
        "derived": figure.derived,
    }


def _growth(growth: Growth) -> dict[str, Any]:
    return {
        "rate": figure_data(growth.figure),
        "start": growth.start,
        "end": growth.end,
        "source": growth.source,
    }


def _shares(shares: DerivedShares, names: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    return {
        "year": shares.year,
        "items": [
            {
                "id": item.id,
                "names": {
                    lang: by_id[item.id] for lang, by_id in names.items() if item.id in by_id
                },
                "share": figure_data(item.share),
                "value": figure_data(item.value),
                "remainder": item.is_remainder,
                "cagr": _growth(item.cagr) if item.cagr else None,
                "fastest": item.fastest,
                "source": item.source,
            }
            for item in shares.items
        ],
    }


def report_facts(
    derived: DerivedReport,
    dataset: Dataset,
    pages: Mapping[str, str],
    updated: str | None,
    related: Iterable[str] = (),
) -> dict[str, Any]:
    """One report's facts as published at :func:`facts_path`.

    ``pages``: the report's page per language, relative to the site's root;
    ``updated``: when its data last changed (YYYY-MM-DD), or None; ``related``: the ids
    of its related reports, closest first.
    """
    report, facts = derived.report, derived.facts
    names = {lang: report.names(dataset.names, lang) for lang in report.texts}

    def named(kind: str) -> dict[str, dict[str, str]]:
        return {
            lang: {key: name_text(value) for key, value in getattr(found, kind).items()}
            for lang, found in names.items()
        }

    return {
        "$schema": f"../{FACTS_SCHEMA.split('/', 1)[1]}",
        "version": FACTS_VERSION,
        "id": report.report_id,
        "market": {lang: text.market_name for lang, text in report.texts.items()},
        "pages": dict(pages),
        "data_updated": updated,
        "published": facts.published,
        "updated": facts.updated,
        "sector": facts.sector,
        "currency": facts.currency,
        "unit": facts.unit,
        "base_year": facts.base_year,
        "forecast": (
            {"start": facts.forecast.start_year, "end": facts.forecast.end_year}
            if facts.forecast
            else None
        ),
        "market_size": [
            {
                "year": point.year,
                "size": figure_data(point.figure),
                "status": point.status,
                "source": point.source,
            }
            for point in derived.sizes
        ],
        "cagr": [_growth(growth) for growth in derived.cagrs],
        "regions": _shares(derived.regions, named("regions")),
        "leading_region": derived.leading_region.id if derived.leading_region else None,
        "segments": {
            dimension: _shares(shares, named("segments"))
            for dimension, shares in derived.segments.items()
        },
        "players": [{"name": player.name, "country": player.country} for player in facts.players],
        "sources": [source.model_dump(exclude_none=True) for source in facts.sources],
        "related": list(related),
    }


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def facts_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a report's facts file."""
    year = {"type": "integer", "minimum": 1000, "maximum": 9999}
    text = {"type": "string"}
    by_language = {
        "type": "object",
        "description": "A text per language, by language tag.",
        "additionalProperties": text,
    }
    figure = {
        "type": "object",
        "description": "A figure as the publisher states it, or as marketsite derives it.",
        "required": ["value", "upper", "decimals", "qualifier", "derived"],
        "additionalProperties": False,
        "properties": {
            "value": {"type": "number", "description": "The value (a range's lower end)."},
            "upper": {
                **_nullable({"type": "number"}),
                "description": "A range's upper end, else null.",
            },
            "decimals": {
                "type": "integer",
                "minimum": 0,
                "description": "The decimals it is stated with: 24.70 has 2.",
            },
            "qualifier": {
                **_nullable({"enum": list(QUALIFIERS)}),
                "description": "How the publisher qualifies it (about, more-than, ...), else null.",
            },
            "derived": {
                **_nullable({"enum": list(DERIVATIONS)}),
                "description": "null: published as stated; else how marketsite derived it.",
            },
        },
    }
    source = {
        **_nullable(text),
        "description": "The id of the source it names; null: the report's first source.",
    }
    growth = {
        "type": "object",
        "required": ["rate", "start", "end", "source"],
        "additionalProperties": False,
        "properties": {
            "rate": {"$ref": "#/$defs/figure", "description": "Percent per year."},
            "start": {**_nullable(year), "description": "First year of its period."},
            "end": {**_nullable(year), "description": "Last year of its period."},
            "source": source,
        },
    }
    shares = {
        "type": "object",
        "required": ["year", "items"],
        "additionalProperties": False,
        "properties": {
            "year": {**_nullable(year), "description": "The year the shares refer to."},
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "names", "share", "value", "remainder", "cagr"],
                    "additionalProperties": False,
                    "properties": {
                        "id": text,
                        "names": by_language,
                        "share": {**_nullable({"$ref": "#/$defs/figure"}), "description": "%"},
                        "value": {
                            **_nullable({"$ref": "#/$defs/figure"}),
                            "description": "The item's size, in the report's currency and unit.",
                        },
                        "remainder": {"type": "boolean"},
                        "cagr": _nullable({"$ref": "#/$defs/growth"}),
                        "fastest": {"type": "boolean"},
                        "source": source,
                    },
                },
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": FACTS_SCHEMA.split("/", 1)[1],
        "title": f"marketsite report facts, version {FACTS_VERSION}",
        "description": "One report's figures: stated as the publisher states them, or "
        "derived by marketsite and marked so.",
        "type": "object",
        "required": ["version", "id", "market", "pages", "currency", "unit", "market_size"],
        "additionalProperties": False,
        "$defs": {"figure": figure, "growth": growth, "shares": shares},
        "properties": {
            "$schema": text,
            "version": {"const": FACTS_VERSION},
            "id": text,
            "market": by_language,
            "pages": {**by_language, "description": "The report's page per language."},
            "data_updated": {**_nullable({"type": "string", "format": "date"})},
            "published": _nullable(text),
            "updated": _nullable(text),
            "sector": _nullable(text),
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "unit": {"enum": ["thousand", "million", "billion"]},
            "base_year": _nullable(year),
            "forecast": _nullable(
                {
                    "type": "object",
                    "required": ["start", "end"],
                    "additionalProperties": False,
                    "properties": {"start": year, "end": year},
                }
            ),
            "market_size": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["year", "size", "status", "source"],
                    "additionalProperties": False,
                    "properties": {
                        "year": year,
                        "size": {"$ref": "#/$defs/figure"},
                        "status": _nullable({"enum": ["actual", "estimate", "forecast"]}),
                        "source": source,
                    },
                },
            },
            "cagr": {"type": "array", "items": {"$ref": "#/$defs/growth"}},
            "regions": {"$ref": "#/$defs/shares"},
            "related": {
                "type": "array",
                "items": text,
                "maxItems": 5,
                "description": "Ids of related reports, closest first (as its page lists them).",
            },
            "leading_region": {
                **_nullable(text),
                "description": "The region that certainly holds the largest share, else null.",
            },
            "segments": {"type": "object", "additionalProperties": {"$ref": "#/$defs/shares"}},
            "players": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "country"],
                    "additionalProperties": False,
                    "properties": {"name": text, "country": _nullable(text)},
                },
            },
            "sources": {"type": "array", "items": {"type": "object"}},
        },
    }


# --- tables as a data package ---------------------------------------------------------


def _field_type(values: Iterable[object]) -> str:
    """A table schema field type that every value of the column is."""
    kinds = set()
    for value in values:
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            kinds.add("boolean")
        elif isinstance(value, int):
            kinds.add("integer")
        elif isinstance(value, Decimal | float):
            kinds.add("number")
        else:
            kinds.add("string")
    if kinds <= {"integer"}:
        return "integer" if kinds else "string"
    if kinds <= {"integer", "number"}:
        return "number"
    return "string" if len(kinds) > 1 else kinds.pop()


def table_resource(table: DataTable, path: str, name: str, decimal: str) -> dict[str, Any]:
    """A Tabular Data Resource for one table's CSV (as :func:`downloads.to_csv` writes it:
    BOM, and in a decimal-comma language semicolons and decimal commas)."""
    headers, rows = table.download_view()
    fields = []
    for column, header in enumerate(headers):
        kind = _field_type(row[column] for row in rows)
        field: dict[str, Any] = {"name": header, "type": kind}
        if kind == "number" and decimal != ".":
            field["decimalChar"] = decimal
        fields.append(field)
    return {
        **_csv_resource(name, table.title, path, "utf-8-sig"),
        "dialect": {"delimiter": ";" if decimal == "," else ","},
        "schema": {"fields": fields, "missingValues": [""]},
    }


def _csv_resource(name: str, title: str, path: str, encoding: str) -> dict[str, Any]:
    """What every CSV resource of the site's packages says of itself."""
    return {
        "name": name,
        "title": title,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": encoding,
    }


def report_package(
    tables: Iterable[DataTable], report_id: str, lang: str, title: str, decimal: str
) -> bytes:
    """One report's tables in one language as a data package, for its own folder."""
    package = {
        "profile": "tabular-data-package",
        "name": f"{report_id}-{lang}".lower(),
        "title": title,
        "resources": [
            table_resource(table, f"{table.stem}.csv", table.stem, decimal) for table in tables
        ],
    }
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


KEY_FIGURE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("report_id", "string", "The report's id (its facts are at data/reports/<id>.json)."),
    ("market_en", "string", "The market's name in English, where there is one."),
    ("sector", "string", "The sector's id."),
    ("currency", "string", "ISO 4217 code of the report's money figures."),
    ("unit", "string", "thousand, million or billion (of the currency)."),
    ("size_year", "integer", "The year of the current market size."),
    ("size", "number", "The current market size, in the currency and unit."),
    ("size_upper", "number", "A range's upper end."),
    ("size_decimals", "integer", "The decimals the size is stated with."),
    ("size_qualifier", "string", "about, more-than, ... as the publisher qualifies it."),
    ("size_derived", "string", "Empty: published; else how marketsite derived it."),
    ("cagr", "number", "The first CAGR, percent per year."),
    ("cagr_decimals", "integer", "The decimals the CAGR is stated with."),
    ("cagr_qualifier", "string", "about, more-than, ... as the publisher qualifies it."),
    ("cagr_derived", "string", "Empty: published; else how marketsite derived it."),
    ("cagr_start", "integer", "First year of the CAGR's period."),
    ("cagr_end", "integer", "Last year of the CAGR's period."),
    ("leading_region", "string", "The region that certainly holds the largest share."),
    ("data_updated", "date", "When the report's data last changed."),
)


def key_figures_row(derived: DerivedReport, updated: str | None) -> list[object]:
    """One report's row: the size its page leads with, its first CAGR, its leading region."""
    facts, current = derived.facts, derived.current
    size = current.figure if current else None
    growth = derived.cagrs[0] if derived.cagrs else None
    rate = growth.figure if growth else None
    leader = derived.leading_region
    return [
        derived.report_id,
        # A spreadsheet opens this file too: text that would run as a formula is defused.
        str(neutralise(derived.report.texts["en"].market_name))
        if "en" in derived.report.texts
        else "",
        facts.sector or "",
        facts.currency,
        facts.unit,
        current.year if current else "",
        _written(size.value) if size else "",
        _written(size.upper) if size else "",
        size.decimals if size else "",
        (size.qualifier or "") if size else "",
        (size.derived or "") if size else "",
        _written(rate.value) if rate else "",
        rate.decimals if rate else "",
        (rate.qualifier or "") if rate else "",
        (rate.derived or "") if rate else "",
        (growth.start or "") if growth else "",
        (growth.end or "") if growth else "",
        leader.id if leader else "",
        updated or "",
    ]


def _written(number: Decimal | None) -> str:
    """A stated number as written (24.70 stays 24.70), or "" for none."""
    return "" if number is None else format(number, "f")


def key_figures_csv(rows: list[list[object]]) -> bytes:
    """The key-figures table: plain UTF-8, commas, decimal points (for tools)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for name, _, _ in KEY_FIGURE_COLUMNS])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def key_figures_resource() -> dict[str, Any]:
    """The key-figures table's resource in the root package."""
    return {
        **_csv_resource("key-figures", "Key figures of every report", KEY_FIGURES, "utf-8"),
        "schema": {
            "fields": [
                {"name": name, "type": kind, "description": description}
                for name, kind, description in KEY_FIGURE_COLUMNS
            ],
            "missingValues": [""],
            "primaryKey": ["report_id"],
        },
    }


def catalog_package(site_root: Path, languages: Iterable[str]) -> dict[str, Any]:
    """The root data package: every report package of every language, its paths made
    relative to the site's root, and the key-figures table."""
    resources = []
    for lang in languages:
        for package_file in sorted((site_root / lang).rglob(REPORT_PACKAGE)):
            folder = package_file.parent.relative_to(site_root).as_posix()
            package = json.loads(package_file.read_text(encoding="utf-8"))
            for resource in package["resources"]:
                resources.append(
                    {
                        **resource,
                        "name": f"{package['name']}-{resource['name']}",
                        "path": f"{folder}/{resource['path']}",
                    }
                )
    resources.append(key_figures_resource())
    return {
        "profile": "tabular-data-package",
        "name": "marketsite-catalog",
        "title": "Every table the site publishes",
        "resources": resources,
    }


# --- written at the site's root -------------------------------------------------------


def write_catalog_data(
    out_dir: Path,
    dataset: Dataset,
    languages: Iterable[str],
    report_dates: Mapping[str, str],
    directory_urls: bool = True,
) -> None:
    """Write every report's facts, their schema, the key figures and the root data
    package into the site at ``out_dir`` (whose language folders are built)."""
    languages = [lang for lang in languages if (out_dir / lang).is_dir()]
    pages = {
        lang: {
            key.split(":", 1)[1]: f"{lang}/{url_of(src_uri, directory_urls)}"
            for key, src_uri in page_paths(dataset, lang).items()
            if key.startswith("report:")
        }
        for lang in languages
    }
    folder = out_dir / FACTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    derived_reports = [derive(report) for report in dataset.reports]
    related = related_reports(derived_reports)
    for derived in derived_reports:
        report_id = derived.report_id
        updated = report_dates.get(report_id)
        pages_of = {lang: pages[lang][report_id] for lang in languages}
        facts = report_facts(derived, dataset, pages_of, updated, related.get(report_id, ()))
        rows.append(key_figures_row(derived, updated))
        (out_dir / facts_path(report_id)).write_text(
            json.dumps(facts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    (out_dir / FACTS_SCHEMA).write_text(
        json.dumps(facts_schema(), indent=1) + "\n", encoding="utf-8"
    )
    (out_dir / KEY_FIGURES).write_bytes(key_figures_csv(rows))
    # Compact: at 1,000 reports it describes 8,000 tables (about 5 MB written out).
    package = catalog_package(out_dir, languages)
    (out_dir / PACKAGE).write_text(
        json.dumps(package, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
