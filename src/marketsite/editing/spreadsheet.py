"""A report as a workbook editors fill in, and back: ``export-xlsx`` and ``import-xlsx``.

The workbook has a sheet per kind of fact (report, market sizes, CAGRs, shares,
players, developments, figures, acknowledged warnings) and one ``Text`` sheet
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

import io
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from marketsite.data.load import FACTS_FILE
from marketsite.data.problems import Problem, Severity
from marketsite.data.sources import FieldPath, format_path, leaf_values
from marketsite.data.yaml_source import load_yaml
from marketsite.editing.canonical import canonical_facts, canonical_text, dump
from marketsite.editing.schema import json_schemas
from marketsite.errors import MarketsiteError

NULL = "~"  # a text left out on purpose (null in YAML)
FIRST_ROW = 3  # row 1: headers, row 2: notes

_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


#: A Text-sheet column header: a language tag (it names text.<lang>.yaml).
_LANGUAGE_RE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
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


def _descriptions() -> dict[str, dict[str, str]]:
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


def _sheets() -> dict[str, list[Column]]:
    notes = _descriptions()
    facts = next(v for k, v in notes.items() if "facts" in k)
    size, cagr, item = notes["SizePoint"], notes["Cagr"], notes["ShareItem"]
    return {
        "Market size": [
            Column("year", "year", size["year"], "year"),
            Column("value", "value", size["value"], "figure"),
            Column("status", "status", size["status"], "actual|estimate|forecast"),
        ],
        "CAGR": [
            Column("value", "value", cagr["value"], "figure"),
            Column("from", "from", cagr["from"], "year"),
            Column("to", "to", cagr["to"], "year"),
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
            Column("rest", "rest", item["rest"], "bool"),
            Column("fastest", "fastest", item["fastest"], "bool"),
            Column("cagr", "cagr.value", item["cagr"], "figure"),
            Column("cagr from", "cagr.from", cagr["from"], "year"),
            Column("cagr to", "cagr.to", cagr["to"], "year"),
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


# --- export ------------------------------------------------------------------------------


def _figure_text(value: object) -> object:
    """A figure as a text cell, so that its decimals stay as written."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return str(value)
    return value


def _header(sheet: Worksheet, columns: list[tuple[str, str]]) -> None:
    for index, (header, note) in enumerate(columns, start=1):
        top = sheet.cell(1, index, header)
        top.font = Font(bold=True)
        below = sheet.cell(2, index, note)
        below.font = Font(italic=True, color="666666")
        below.alignment = Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 48 if header in {"reason", "note"} else 22
    sheet.freeze_panes = f"A{FIRST_ROW}"


def _validate_column(sheet: Worksheet, index: int, kind: str) -> None:
    letter = get_column_letter(index)
    cells = f"{letter}{FIRST_ROW}:{letter}1000"
    rule: DataValidation | None = None
    if kind == "year":
        rule = DataValidation(type="whole", operator="between", formula1="1900", formula2="2100")
        rule.error = "A year between 1900 and 2100"
    elif kind == "bool":
        rule = DataValidation(type="list", formula1='"TRUE,FALSE"')
    elif "|" in kind:
        rule = DataValidation(type="list", formula1='"' + kind.replace("|", ",") + '"')
    if rule is not None:
        rule.allow_blank = True
        sheet.add_data_validation(rule)
        rule.add(cells)
    if kind in {"figure", "text"}:
        for row in range(FIRST_ROW, 300):
            sheet.cell(row, index).number_format = "@"  # typed as text: decimals kept


def export_workbook(data_dir: Path, report_id: str, languages: tuple[str, ...]) -> bytes:
    """The workbook of one report, from its data files (which must parse)."""
    folder = data_dir / report_id
    facts_source, problems = load_yaml(folder / FACTS_FILE)
    if facts_source is None:
        raise SpreadsheetError(_first(problems, folder / FACTS_FILE))
    facts = canonical_facts(facts_source.data)
    texts: dict[str, dict[str, Any]] = {}
    for lang in languages:
        path = folder / f"text.{lang}.yaml"
        if path.exists():
            source, problems = load_yaml(path)
            if source is None:
                raise SpreadsheetError(_first(problems, path))
            texts[lang] = canonical_text(source.data)
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    notes = next(v for k, v in _descriptions().items() if "facts" in k)
    report = book.create_sheet("Report")
    _header(report, [("field", "One fact per row."), ("value", ""), ("note", "")])
    for row, (label, key, note) in enumerate(REPORT_FIELDS, start=FIRST_ROW):
        value: object = report_id if label == "report id" else _dotted(facts, key)
        report.cell(row, 1, label)
        report.cell(row, 2, value)
        report.cell(row, 3, note or notes.get(key, ""))
    for name, columns in _sheets().items():
        sheet = book.create_sheet(name)
        _header(sheet, [(c.header, c.note) for c in columns])
        for index, column in enumerate(columns, start=1):
            _validate_column(sheet, index, column.kind)
        for row, record in enumerate(_records(name, facts), start=FIRST_ROW):
            for index, column in enumerate(columns, start=1):
                value = _dotted(record, column.key)
                sheet.cell(row, index, _figure_text(value) if column.kind == "figure" else value)
    text_sheet = book.create_sheet("Text")
    langs = list(texts)
    _header(
        text_sheet,
        [("key", "The text's key; nested keys joined by dots.")]
        + [(lang, f"The text in '{lang}'; {NULL} leaves it out on purpose.") for lang in langs],
    )
    text_sheet.column_dimensions["A"].width = 40
    for index in range(2, len(langs) + 2):
        text_sheet.column_dimensions[get_column_letter(index)].width = 60
    keys: dict[FieldPath, None] = {}
    leaves = {lang: leaf_values(data) for lang, data in texts.items()}
    for lang in langs:
        keys.update(dict.fromkeys(leaves[lang]))
    for row, text_path in enumerate(keys, start=FIRST_ROW):
        text_sheet.cell(row, 1, ".".join(str(part) for part in text_path))
        for index, lang in enumerate(langs, start=2):
            if text_path in leaves[lang]:
                value = leaves[lang][text_path]
                cell = text_sheet.cell(row, index, NULL if value is None else value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _records(sheet: str, facts: dict[str, Any]) -> list[dict[str, Any]]:
    if sheet == "Market size":
        return list(facts.get("market_size", []))
    if sheet == "CAGR":
        return list(facts.get("cagr", []))
    if sheet == "Shares":
        rows = []
        sets = {f"segments.{dim}": items for dim, items in facts.get("segments", {}).items()}
        if "regions" in facts:
            sets["regions"] = facts["regions"]
        for label, value in sets.items():
            year = value.get("year") if isinstance(value, dict) else None
            items = value["items"] if isinstance(value, dict) else value
            rows += [{"set": label, "year": year, **item} for item in items]
        return rows
    if sheet == "Players":
        return list(facts.get("players", []))
    if sheet == "Developments":
        return list(facts.get("developments", []))
    if sheet == "Figures":
        return [{"id": key, **value} for key, value in facts.get("figures", {}).items()]
    return [{"code": k, "reason": v} for k, v in facts.get("acknowledged", {}).items()]


def _dotted(record: dict[str, Any], key: str) -> Any:
    value: Any = record
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _first(problems: list[Problem], path: Path) -> str:
    return problems[0].format() if problems else f"{path} cannot be read"


# --- import ------------------------------------------------------------------------------


@dataclass
class ReadWorkbook:
    """A workbook read back: the report's data, and where each value came from."""

    report_id: str
    facts: dict[str, Any]
    texts: dict[str, dict[str, Any]]
    cells: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> field -> cell
    problems: list[str] = field(default_factory=list)  # "Sheet!A1: message"


def _cell_value(cell: SheetCell, kind: str) -> object:
    value = cell.value
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    if value is None:
        return None
    if kind == "figure":
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            return int(value) if value.is_integer() else Decimal(repr(value))
        text = str(value)
        if _PLAIN_NUMBER.match(text):
            return Decimal(text) if "." in text else int(text)
        return text
    if kind == "year":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.isdigit():
            return int(value)
        return value
    if kind == "bool":
        if isinstance(value, str) and value.lower() in {"true", "false"}:
            return value.lower() == "true"
        return value
    return value if not isinstance(value, float) or not value.is_integer() else int(value)


def _where(sheet: _Sheet, cell: SheetCell) -> str:
    return f"{sheet.title}!{cell.coordinate}"


def _check_package(content: bytes) -> None:
    """Refuse a workbook whose parts unpack to more than a report can hold, before any
    part is read (an XLSX file is a zip archive)."""
    if len(content) > MAX_WORKBOOK_BYTES:
        raise SpreadsheetError(
            f"the workbook has {len(content) / 1_048_576:.1f} MiB, more than the "
            f"{MAX_WORKBOOK_BYTES // 1_048_576} MiB a report's workbook may have"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise SpreadsheetError(f"not a workbook marketsite can read: {exc}") from None
    if len(parts) > MAX_WORKBOOK_PARTS:
        raise SpreadsheetError(
            f"the workbook has {len(parts):,} parts, more than the {MAX_WORKBOOK_PARTS} a "
            "report's workbook may have; start from `marketsite export-xlsx`"
        )
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(
            f"the workbook unpacks to {unpacked / 1_048_576:,.0f} MiB, more than the "
            f"{MAX_UNPACKED_BYTES // 1_048_576} MiB a report's workbook may hold; start from "
            "`marketsite export-xlsx`"
        )


def _check_dimensions(book: Any) -> None:
    """Refuse a sheet whose last cell lies beyond what a report fills, before its rows are
    read (one cell at XFD1048576 would make every row in between be read)."""
    for sheet in book.worksheets:
        rows, columns = sheet.max_row or 0, sheet.max_column or 0
        if rows > MAX_ROWS or columns > MAX_COLUMNS:
            last = f"{get_column_letter(max(columns, 1))}{max(rows, 1)}"
            raise SpreadsheetError(
                f"{sheet.title}!{last}: the sheet reaches to {last}; a report's sheet has at "
                f"most {MAX_ROWS:,} rows and {MAX_COLUMNS} columns. Delete what lies beyond "
                "the data (select the rows and columns after it, delete them, save)"
            )


def read_workbook(content: bytes) -> ReadWorkbook:
    """Read an exported (and edited) workbook back into data: bounded in size before
    anything is read in full, and read with the values Excel last calculated."""
    _check_package(content)
    try:
        values = load_workbook(io.BytesIO(content), data_only=True, read_only=True)
        _check_dimensions(values)
        # Read once each, bounded while reading: the values Excel calculated, the formulas.
        book = _in_memory(values)
        formulas = _in_memory(load_workbook(io.BytesIO(content), read_only=True))
    except SpreadsheetError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise SpreadsheetError(f"not a workbook marketsite can read: {exc}") from None
    uncalculated = _uncalculated_formulas(book, formulas)
    if uncalculated:
        raise SpreadsheetError("; ".join(uncalculated))
    missing = [name for name in ("Report", *_sheets(), "Text") if name not in book.sheetnames]
    if missing:
        raise SpreadsheetError(
            f"the workbook has no sheet {', '.join(missing)}; start from `marketsite export-xlsx`"
        )
    facts: dict[str, Any] = {}
    cells: dict[str, str] = {}
    problems: list[str] = []
    report = book["Report"]
    report_id = ""
    for row in report.iter_rows(min_row=FIRST_ROW):
        label, value_cell = row[0].value, row[1]
        key = next((k for lab, k, _n in REPORT_FIELDS if lab == label), None)
        if label == "report id":
            report_id = str(value_cell.value or "").strip()
            continue
        if key is None:
            if label:
                problems.append(f"{_where(report, row[0])}: unknown field {label!r}")
            continue
        kind = "year" if key.endswith("year") else "bool" if key == "historical_data" else "text"
        value = _cell_value(value_cell, kind)
        if value is not None:
            _put(facts, key, value)
            cells[format_path(tuple(key.split(".")))] = _where(report, value_cell)
    for name, columns in _sheets().items():
        sheet = book[name]
        headers = [c.value for c in sheet[1]]
        if headers[: len(columns)] != [c.header for c in columns]:
            problems.append(
                f"{name}!A1: the columns are {headers}; expected "
                f"{[c.header for c in columns]} (do not rename or move columns)"
            )
            continue
        records = []
        for row in sheet.iter_rows(min_row=FIRST_ROW, max_col=len(columns)):
            record: dict[str, Any] = {}
            where: dict[str, str] = {}
            for column, cell in zip(columns, row, strict=True):
                value = _cell_value(cell, column.kind)
                if value is not None:
                    _put(record, column.key, value)
                    where[column.key] = _where(sheet, cell)
            if record:
                records.append((record, where, _where(sheet, row[0])))
        _assemble(name, records, facts, cells)
    texts, text_cells = _read_texts(book["Text"], problems)
    return ReadWorkbook(
        report_id,
        facts,
        texts,
        {FACTS_FILE: cells, **{f"text.{lang}.yaml": c for lang, c in text_cells.items()}},
        problems,
    )


def _in_memory(book: Any) -> _Book:
    """A read-only workbook's sheets as grids of plain cells, read once. Reading stops with
    an error at the first row or column beyond what a report's sheet has, whatever the
    file's own dimension says."""
    sheets = {}
    for sheet in book.worksheets:
        rows: list[tuple[SheetCell, ...]] = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            last = max((i for i, value in enumerate(row, 1) if value is not None), default=0)
            if number > MAX_ROWS or last > MAX_COLUMNS:
                where = f"{get_column_letter(max(last, 1))}{number}"
                raise SpreadsheetError(
                    f"{sheet.title}!{where}: a report's sheet has at most {MAX_ROWS:,} rows "
                    f"and {MAX_COLUMNS} columns; delete what lies beyond the data"
                )
            rows.append(
                tuple(
                    SheetCell(value, f"{get_column_letter(column)}{number}")
                    for column, value in enumerate(row[:MAX_COLUMNS], start=1)
                )
            )
        sheets[sheet.title] = _Sheet(sheet.title, rows)
    return _Book(sheets)


@dataclass(frozen=True)
class SheetCell:
    """A cell as read: its value and where it is (``B7``)."""

    value: Any
    coordinate: str


class _Sheet:
    """A sheet read once: its rows of cells, indexable as ``sheet[1]`` (the header)."""

    def __init__(self, title: str, rows: list[tuple[SheetCell, ...]]) -> None:
        self.title = title
        self.rows = rows

    def __getitem__(self, row: int) -> tuple[SheetCell, ...]:
        return self.rows[row - 1] if 0 < row <= len(self.rows) else ()

    def iter_rows(
        self, min_row: int = 1, max_col: int | None = None
    ) -> Iterator[tuple[SheetCell, ...]]:
        for number, row in enumerate(self.rows[min_row - 1 :], start=min_row):
            if max_col is not None:
                missing = range(len(row) + 1, max_col + 1)
                row = row[:max_col] + tuple(
                    SheetCell(None, f"{get_column_letter(c)}{number}") for c in missing
                )
            yield row


class _Book:
    """A workbook read once: its sheets by title."""

    def __init__(self, sheets: dict[str, _Sheet]) -> None:
        self.sheets = sheets
        self.sheetnames = list(sheets)

    def __getitem__(self, name: str) -> _Sheet:
        return self.sheets[name]


def _uncalculated_formulas(values: _Book, formulas: _Book) -> list[str]:
    """Cells holding a formula that Excel never calculated (a workbook written by a tool,
    not saved by a spreadsheet program): named as formulas, not as missing values."""
    found = []
    for name in values.sheetnames:
        for value_row, formula_row in zip(values[name].rows, formulas[name].rows, strict=False):
            for value_cell, formula_cell in zip(value_row, formula_row, strict=False):
                text = formula_cell.value
                if value_cell.value is None and isinstance(text, str) and text.startswith("="):
                    found.append(
                        f"{name}!{formula_cell.coordinate}: the formula {text[:40]} has no "
                        "calculated value; open the workbook in a spreadsheet program and "
                        "save it, or type the value"
                    )
    return found


def _put(target: dict[str, Any], key: str, value: object) -> None:
    parts = key.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def _assemble(
    sheet: str,
    records: list[tuple[dict[str, Any], dict[str, str], str]],
    facts: dict[str, Any],
    cells: dict[str, str],
) -> None:
    def locate(path: FieldPath, where: dict[str, str], row_cell: str) -> None:
        cells[format_path(path)] = row_cell
        for key, cell in where.items():
            cells[format_path((*path, *key.split(".")))] = cell

    if sheet in {"Market size", "CAGR", "Players", "Developments"}:
        key = {"Market size": "market_size", "CAGR": "cagr", "Players": "players"}.get(
            sheet, "developments"
        )
        if records:
            facts[key] = [record for record, _w, _c in records]
        for index, (_record, where, row_cell) in enumerate(records):
            locate((key, index), where, row_cell)
    elif sheet == "Figures":
        for record, where, row_cell in records:
            figure_id = str(record.pop("id", ""))
            facts.setdefault("figures", {})[figure_id] = record
            locate(("figures", figure_id), where, row_cell)
    elif sheet == "Acknowledged":
        for record, where, row_cell in records:
            code = str(record.get("code", ""))
            facts.setdefault("acknowledged", {})[code] = record.get("reason")
            cells[format_path(("acknowledged", code))] = where.get("reason", row_cell)
    else:  # Shares
        counts: dict[str, int] = {}
        for record, where, row_cell in records:
            label = str(record.pop("set", ""))
            year = record.pop("year", None)
            base: FieldPath = (
                ("regions",) if label == "regions" else ("segments", label.split(".", 1)[-1])
            )
            target = facts.setdefault("regions", {}) if label == "regions" else None
            if target is None:
                target = facts.setdefault("segments", {}).setdefault(base[1], {})
            if year is not None:
                target["year"] = year
                cells[format_path((*base, "year"))] = where.get("year", row_cell)
            index = counts.get(label, 0)
            counts[label] = index + 1
            target.setdefault("items", []).append(record)
            where.pop("set", None)
            where.pop("year", None)
            # A set without a year is written as a plain list: problems name it without "items".
            locate((*base, "items", index), where, row_cell)
            locate((*base, index), where, row_cell)


def _read_texts(
    sheet: _Sheet, problems: list[str]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, str]]]:
    header = [c.value for c in sheet[1]]
    langs = [str(h) for h in header[1:] if h]
    for lang, cell in zip(header[1:], sheet[1][1:], strict=False):
        if lang and not _LANGUAGE_RE.fullmatch(str(lang)):
            # A header names a text file (text.<lang>.yaml): never a path.
            raise SpreadsheetError(
                f"{sheet.title}!{cell.coordinate}: the column header {str(lang)[:40]!r} is no "
                "language tag (de, en, de-AT); it names the text file of that language"
            )
    texts: dict[str, dict[str, Any]] = {lang: {} for lang in langs}
    cells: dict[str, dict[str, str]] = {lang: {} for lang in langs}
    for row in sheet.iter_rows(min_row=FIRST_ROW):
        key = row[0].value
        if not key:
            continue
        parts = [int(p) if p.isdigit() else p for p in str(key).split(".")]
        if len(parts) > MAX_KEY_DEPTH:
            problems.append(
                f"{sheet.title}!{row[0].coordinate}: the key has {len(parts):,} levels; "
                f"a text key has at most {MAX_KEY_DEPTH} (such as faq.outlook.question)"
            )
            continue
        for lang, cell in zip(langs, row[1:], strict=False):
            value = cell.value
            if value is None or (isinstance(value, str) and not value.strip()):
                continue  # absent in this language (validate reports it, with the cell)
            if value == NULL:
                value = None
            elif isinstance(value, float) and value.is_integer():
                value = int(value)
            target: Any = texts[lang]
            for part in parts[:-1]:
                target = target.setdefault(part, {})
            target[parts[-1]] = value
            cells[lang][format_path(tuple(parts))] = _where(sheet, cell)
    return texts, cells


def import_workbook(
    content: bytes, data_dir: Path, languages: tuple[str, ...], source_language: str
) -> tuple[list[Path], list[str]]:
    """Write the workbook's report into ``data_dir``: (files written, problems).

    Nothing is written while there is a problem; problems name ``Sheet!Cell``.
    """
    from marketsite.checks.validate import validate_data_dir
    from marketsite.data.ids import id_problem

    read = read_workbook(content)
    if read.problems:
        return [], read.problems
    reason = id_problem(read.report_id)
    if reason is not None:
        return [], [f"Report!B{FIRST_ROW}: report id '{read.report_id}': {reason}"]
    files = {FACTS_FILE: dump(canonical_facts(read.facts), "facts")}
    files.update(
        {
            f"text.{lang}.yaml": dump(canonical_text(text), "text")
            for lang, text in read.texts.items()
            if text
        }
    )
    with tempfile.TemporaryDirectory(prefix="marketsite-import-") as tmp:
        trial = Path(tmp) / "data"
        shutil.copytree(data_dir, trial, ignore=shutil.ignore_patterns(".*"))
        folder = trial / read.report_id
        folder.mkdir(exist_ok=True)
        for old in folder.glob("text.*.yaml"):
            old.unlink()
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        result = validate_data_dir(trial, languages, source_language)
        errors = [
            p for p in result.problems if p.severity is Severity.ERROR and p.file.parent == folder
        ]
        if errors:
            return [], [_at_cell(p, read) for p in errors]
    target = data_dir / read.report_id
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        path = target / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written, []


def _at_cell(problem: Problem, read: ReadWorkbook) -> str:
    """A problem of the written files, pointed at the workbook cell it came from."""
    cells = read.cells.get(problem.file.name, {})
    field_path = problem.field
    where = None
    while field_path:
        where = cells.get(field_path)
        if where:
            break
        shorter = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", field_path)
        field_path = shorter if shorter != field_path else ""
    sheet = "Text" if problem.file.name.startswith("text.") else "Report"
    location = where or f"{sheet}!A1"
    field_note = f"{problem.field}: " if problem.field else ""
    return f"{location}: {field_note}{problem.severity}[{problem.code}]: {problem.message}"
