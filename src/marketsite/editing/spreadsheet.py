"""A report as a workbook editors fill in, and back: ``export-xlsx`` and ``import-xlsx``.
This module holds the workbook's layout and limits; :mod:`.spreadsheet_export` writes
it, :mod:`.spreadsheet_import` reads it back.

The workbook has a sheet per kind of fact (report, market sizes, CAGRs, changes,
shares, sources, players, developments, figures, acknowledged warnings) and one ``Text`` sheet
with a column per language. Row 1 names the columns, row 2 explains them (from
the JSON Schema descriptions), data starts in row 3. Figures are text cells, so
their decimals stay as written (``12.40``). Lists and number rules are Excel
data validation.

Import reads it back into the data files' canonical form
(:mod:`marketsite.editing.canonical`), validates the result as ``validate`` does, and
writes nothing while anything is wrong; each problem points at ``Sheet!Cell``.
Export then import changes nothing but comments and short forms.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from marketsite.editing.schema import json_schemas
from marketsite.errors import MarketsiteError

NULL = "~"  # a text left out on purpose (null in YAML)
FIRST_ROW = 3  # row 1: headers, row 2: notes

PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


#: A Text-sheet column header: a language tag (it names text.<lang>.yaml).
LANGUAGE_RE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
#: The largest workbook `import-xlsx` reads: a report's workbook is some 30 KB.
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
#: What its parts may unpack to, all together (a zip bomb of a few KB unpacks to GBs).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_WORKBOOK_PARTS = 200
#: A sheet of a report has a few hundred rows; its last cell must lie within these.
MAX_ROWS = 5_000
MAX_COLUMNS = 30
#: A Text-sheet key names a place in a text file, a few levels deep.
MAX_KEY_DEPTH = 8


class SpreadsheetError(MarketsiteError):
    """The workbook cannot be read or written; the message says why."""


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its header, the data key it holds, its note, how it is checked."""

    header: str
    key: str
    note: str
    kind: str = "text"  # text, figure, year, bool, or a choice "a|b|c"


def descriptions() -> dict[str, dict[str, str]]:
    """Field descriptions by definition name, from the JSON Schemas."""
    out: dict[str, dict[str, str]] = {}
    for text in json_schemas().values():
        schema = json.loads(text)
        for name, definition in [("root", schema), *schema.get("$defs", {}).items()]:
            forms = [definition, *definition.get("anyOf", [])]
            for form in forms:
                for key, prop in form.get("properties", {}).items():
                    out.setdefault(name if name != "root" else schema["title"], {})[key] = prop.get(
                        "description", ""
                    )
    return out


def sheets() -> dict[str, list[Column]]:
    notes = descriptions()
    facts = next(v for k, v in notes.items() if "facts" in k)
    size, cagr, item = notes["SizePoint"], notes["Cagr"], notes["ShareItem"]
    change = notes["StatedChange"]
    return {
        "Market size": [
            Column("year", "year", size["year"], "year"),
            Column("value", "value", size["value"], "figure"),
            Column("also stated", "also_stated", size["also_stated"], "figure"),
            Column("status", "status", size["status"], "actual|estimate|forecast"),
            Column("source", "source", size["source"]),
        ],
        "CAGR": [
            Column("value", "value", cagr["value"], "figure"),
            Column("also stated", "also_stated", cagr["also_stated"], "figure"),
            Column("from", "from", cagr["from"], "year"),
            Column("to", "to", cagr["to"], "year"),
            Column("period", "period", cagr["period"], "forecast|not stated"),
            Column("source", "source", cagr["source"]),
        ],
        "Changes": [
            Column("from", "from", change["from"], "year"),
            Column("to", "to", change["to"], "year"),
            Column("value", "value", change["value"], "figure"),
            Column("source", "source", change["source"]),
        ],
        "Shares": [
            Column(
                "set",
                "set",
                "segments.<dimension> (segments.type, ...) or regions; the items of a set "
                "are in row order.",
            ),
            Column(
                "shares year",
                "year",
                "Optional: the year the set's shares refer to (the same in every row of a set).",
                "year",
            ),
            Column("id", "id", item["id"]),
            Column("share", "share", item["share"], "figure"),
            Column("share also stated", "also_stated", item["also_stated"], "figure"),
            Column("share source", "source", item["source"]),
            Column("rest", "rest", item["rest"], "bool"),
            Column("fastest", "fastest", item["fastest"], "bool"),
            Column("cagr", "cagr.value", item["cagr"], "figure"),
            Column("cagr from", "cagr.from", cagr["from"], "year"),
            Column("cagr to", "cagr.to", cagr["to"], "year"),
            Column("cagr period", "cagr.period", cagr["period"], "forecast|not stated"),
            Column("cagr also stated", "cagr.also_stated", cagr["also_stated"], "figure"),
            Column("cagr source", "cagr.source", cagr["source"]),
        ],
        "Sources": [
            Column(key.replace("_", " "), key, notes["ReportSource"][key])
            for key in ("id", "organisation", "title", "url", "report_id", "published", "accessed")
        ],
        "Players": [
            Column("name", "name", notes["Player"]["name"]),
            Column("country", "country", notes["Player"]["country"]),
        ],
        "Developments": [
            Column("id", "id", notes["Development"]["id"]),
            Column("date", "date", notes["Development"]["date"]),
            Column("company", "company", notes["Development"]["company"]),
        ],
        "Figures": [
            Column("id", "id", "The figure's id, quoted in prose as {id}."),
            Column("value", "value", notes["ProseFigure"]["value"], "figure"),
            Column("unit", "unit", notes["ProseFigure"]["unit"], "percent|year|number"),
        ],
        "Acknowledged": [
            Column("code", "code", "A warning's code, e.g. cagr-mismatch."),
            Column("reason", "reason", facts["acknowledged"]),
        ],
    }


REPORT_FIELDS = (
    ("report id", "", "The report's folder name in data/ (lowercase letters, digits, hyphens)."),
    ("currency", "currency", ""),
    ("unit", "unit", ""),
    ("base_year", "base_year", ""),
    ("forecast.start_year", "forecast.start_year", "Optional: the first forecast year."),
    ("forecast.end_year", "forecast.end_year", "Optional: the last forecast year."),
    ("historical_data", "historical_data", ""),
    ("regional_coverage", "regional_coverage", ""),
    ("sector", "sector", ""),
    ("published", "published", ""),
    ("updated", "updated", ""),
)
