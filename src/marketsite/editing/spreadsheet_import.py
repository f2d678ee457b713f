"""A filled-in workbook back into a report's data files: bounded before anything is
read in full, every cell checked, nothing written unless all of it validates."""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from marketsite.data.load import FACTS_FILE
from marketsite.data.problems import Problem, Severity
from marketsite.data.sources import FieldPath, format_path, leaf_values
from marketsite.data.text_model import ReportText
from marketsite.data.yaml_source import load_yaml, parse_yaml
from marketsite.derivation.locale import Formatter
from marketsite.editing.canonical import canonical_facts, canonical_text, dump
from marketsite.editing.roundtrip import updated_text
from marketsite.editing.spreadsheet import (
    FIRST_ROW,
    LANGUAGE_RE,
    MAX_COLUMNS,
    MAX_KEY_DEPTH,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_WORKBOOK_BYTES,
    MAX_WORKBOOK_PARTS,
    NULL,
    PLAIN_NUMBER,
    REPORT_FIELDS,
    SpreadsheetError,
    sheets,
)


@dataclass
class ReadWorkbook:
    """A workbook read back: the report's data, and where each value came from."""

    report_id: str
    facts: dict[str, Any]
    texts: dict[str, dict[str, Any]]
    cells: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> field -> cell
    problems: list[str] = field(default_factory=list)  # "Sheet!A1: message"
    #: What each cell holds, in the workbook's words: "Market size!B3" -> "value".
    labels: dict[str, str] = field(default_factory=dict)
    #: The keys of the Report and Text sheets' rows, in order: sheet -> [(key, row)].
    rows: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


#: A number written with a decimal comma, perhaps with points between thousands
#: ("65,5", "1.234,5"), in a phrase or alone ("rund 65,5" stays a phrase).
_COMMA_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+),(\d+)(?![\d.,])")


def _with_decimal_points(text: str) -> str:
    """ "1.234,5" -> "1234.5", "about 65,5" -> "about 65.5": the figure as facts.yaml
    writes it, for a workbook whose language writes decimal commas."""
    return _COMMA_NUMBER.sub(lambda m: f"{m.group(1).replace('.', '')}.{m.group(2)}", text)


def _cell_value(cell: SheetCell, kind: str, decimal_comma: bool = False) -> object:
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
        text = _with_decimal_points(str(value)) if decimal_comma else str(value)
        if PLAIN_NUMBER.match(text):
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


def read_workbook(content: bytes, decimal_comma: bool = False) -> ReadWorkbook:
    """Read an exported (and edited) workbook back into data: bounded in size before
    anything is read in full, and read with the values Excel last calculated.
    ``decimal_comma``: figures typed as text may have a decimal comma ("65,5"), as the
    workbook's language writes them; numbers Excel stores as numbers have none."""
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
    missing = [name for name in ("Report", *sheets(), "Text") if name not in book.sheetnames]
    if missing:
        raise SpreadsheetError(
            f"the workbook has no sheet {', '.join(missing)}; start from `marketsite export-xlsx`"
        )
    facts: dict[str, Any] = {}
    cells: dict[str, str] = {}
    labels: dict[str, str] = {}
    report_rows: list[tuple[str, int]] = []
    problems: list[str] = []
    report = book["Report"]
    report_id = ""
    for number, row in enumerate(report.iter_rows(min_row=FIRST_ROW, max_col=2), FIRST_ROW):
        label, value_cell = row[0].value, row[1]
        key = next((k for lab, k, _n in REPORT_FIELDS if lab == label), None)
        if label == "report id":
            report_id = str(value_cell.value or "").strip()
            report_rows.append(("", number))
            continue
        if key is None:
            if label:
                problems.append(f"{_where(report, row[0])}: unknown field {label!r}")
            continue
        kind = "year" if key.endswith("year") else "bool" if key == "historical_data" else "text"
        value = _cell_value(value_cell, kind, decimal_comma)
        # Where the field's value is, or belongs when the cell is empty.
        cells[format_path(tuple(key.split(".")))] = _where(report, value_cell)
        labels[_where(report, value_cell)] = str(label)
        report_rows.append((key, number))
        if value is not None:
            _put(facts, key, value)
    for name, columns in sheets().items():
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
                value = _cell_value(cell, column.kind, decimal_comma)
                # Every column's cell, empty or not: a missing value is named where it belongs.
                where[column.key] = _where(sheet, cell)
                labels[_where(sheet, cell)] = column.header
                if value is not None:
                    _put(record, column.key, value)
            if record:
                records.append((record, where, _where(sheet, row[0])))
        _assemble(name, records, facts, cells)
    texts, text_cells, text_rows = _read_texts(book["Text"], problems, labels)
    return ReadWorkbook(
        report_id,
        facts,
        texts,
        {FACTS_FILE: cells, **{f"text.{lang}.yaml": c for lang, c in text_cells.items()}},
        problems,
        labels,
        {"Report": report_rows, "Text": text_rows},
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

    if sheet in {"Market size", "CAGR", "Changes", "Sources", "Players", "Developments"}:
        key = {
            "Market size": "market_size",
            "CAGR": "cagr",
            "Changes": "changes",
            "Sources": "sources",
            "Players": "players",
        }.get(sheet, "developments")
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
            # A problem of the whole set is named at its first row.
            cells.setdefault(format_path(base), row_cell)
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
    sheet: _Sheet, problems: list[str], labels: dict[str, str]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, str]], list[tuple[str, int]]]:
    header = [c.value for c in sheet[1]]
    langs = [str(h) for h in header[1:] if h]
    for lang, cell in zip(header[1:], sheet[1][1:], strict=False):
        if lang and not LANGUAGE_RE.fullmatch(str(lang)):
            # A header names a text file (text.<lang>.yaml): never a path.
            raise SpreadsheetError(
                f"{sheet.title}!{cell.coordinate}: the column header {str(lang)[:40]!r} is no "
                "language tag (de, en, de-AT); it names the text file of that language"
            )
    texts: dict[str, dict[str, Any]] = {lang: {} for lang in langs}
    cells: dict[str, dict[str, str]] = {lang: {} for lang in langs}
    rows: list[tuple[str, int]] = []
    for number, row in enumerate(
        sheet.iter_rows(min_row=FIRST_ROW, max_col=len(langs) + 1), FIRST_ROW
    ):
        key = row[0].value
        if not key:
            continue
        rows.append((str(key), number))
        parts = [int(p) if p.isdigit() else p for p in str(key).split(".")]
        if len(parts) > MAX_KEY_DEPTH:
            problems.append(
                f"{sheet.title}!{row[0].coordinate}: the key has {len(parts):,} levels; "
                f"a text key has at most {MAX_KEY_DEPTH} (such as faq.outlook.question)"
            )
            continue
        for lang, cell in zip(langs, row[1:], strict=False):
            value = cell.value
            # Where the key's text in this language is, or belongs when the cell is empty.
            cells[lang][format_path(tuple(parts))] = _where(sheet, cell)
            labels[_where(sheet, cell)] = f"{key}, {lang}"
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
    return texts, cells, rows


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the files written, or the problems that stopped it (nothing
    is written then); the warnings and notes ``validate`` gives the imported report;
    and how many values differ from the files before."""

    written: list[Path]
    problems: list[str]
    warnings: list[str]
    changed: int


def import_workbook(
    content: bytes, data_dir: Path, languages: tuple[str, ...], source_language: str
) -> ImportResult:
    """Write the workbook's report into ``data_dir``. Nothing is written while there is
    a problem; problems and warnings name ``Sheet!Cell``."""
    from marketsite.checks.validate import validate_data_dir
    from marketsite.data.ids import id_problem

    # A German workbook's figures typed as text have decimal commas ("65,5").
    comma = Formatter.for_tag(source_language).decimal_symbol() == ","
    read = read_workbook(content, decimal_comma=comma)
    if read.problems:
        return ImportResult([], read.problems, [], 0)
    reason = id_problem(read.report_id)
    if reason is not None:
        problem = f"Report!B{FIRST_ROW}: report id '{read.report_id}': {reason}"
        return ImportResult([], [problem], [], 0)
    target = data_dir / read.report_id
    data = {FACTS_FILE: canonical_facts(read.facts)}
    data.update({f"text.{lang}.yaml": canonical_text(t) for lang, t in read.texts.items() if t})
    # Each existing file read once: kept as written where unchanged, and compared.
    before = {name: _existing(target / name) for name in data}
    files = {
        name: _file_text(before[name], value, "facts" if name == FACTS_FILE else "text")
        for name, value in data.items()
    }
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
        own = [p for p in result.problems if p.file.parent == folder]
        # One line per cell and message: a row missing in every language is one problem.
        errors = list(
            dict.fromkeys(
                _at_cell(p, read, source_language) for p in own if p.severity is Severity.ERROR
            )
        )
        if errors:
            return ImportResult([], errors, [], 0)
        warnings = [
            _at_cell(p, read, source_language) for p in own if p.severity is not Severity.ERROR
        ]
    changed = _values_changed(target, files, before)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        path = target / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return ImportResult(written, [], warnings, changed)


def _existing(path: Path) -> tuple[str, Any] | None:
    """An existing data file's text and data as marketsite reads it (None: no such
    file, or one that does not read cleanly)."""
    if not path.is_file():
        return None
    source, problems = load_yaml(path)
    if source is None or problems or not isinstance(source.data, dict):
        return None
    return path.read_text(encoding="utf-8"), source.data


def _file_text(existing: tuple[str, Any] | None, data: dict[str, Any], kind: str) -> str:
    """The file to write for ``data``: the existing file with only its changed values
    changed (comments and layout kept), or the canonical form for a new file."""
    if existing is not None:
        return updated_text(existing[0], existing[1], data)
    return dump(data, kind)


def _values_changed(
    folder: Path, files: dict[str, str], before: dict[str, tuple[str, Any] | None]
) -> int:
    """How many values of the files about to be written differ from the ones read
    before (added and removed ones included)."""
    changed = 0
    for name, text in files.items():
        new_source = parse_yaml(folder / name, text)[0]
        existing = before[name]
        old = leaf_values(existing[1]) if existing is not None else {}
        new = leaf_values(new_source.data) if new_source is not None else {}
        changed += sum(old.get(key) != new.get(key) for key in old.keys() | new.keys())
    return changed


def _at_cell(problem: Problem, read: ReadWorkbook, source_language: str) -> str:
    """A problem of the written files, in the workbook's terms: at the cell the value
    came from or belongs in (for a missing row: the row where it belongs), named by its
    column, and told in sheets, columns and rows rather than files, keys and lines."""
    name = problem.file.name
    lang = name.removeprefix("text.").removesuffix(".yaml") if name.startswith("text.") else None
    cells = read.cells.get(name, {})
    field_path, where = problem.field, None
    while field_path:
        where = cells.get(field_path)
        if where:
            break
        shorter = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", field_path)
        field_path = shorter if shorter != field_path else ""
    message = _in_workbook_terms(problem, lang, source_language)
    if where is None and problem.field:
        where, missing = _missing_row(problem.field, lang is not None, read)
        if missing:
            example = _EXAMPLE.search(problem.message)
            hint = example.group(1).strip() if example else ""
            message = f"{missing}{f', e.g. {hint}' if hint else ''}"
    location = where or ("Text!A1" if lang else "Report!A1")
    label = read.labels.get(location, "")
    named = f" ({label})" if label else ""
    return f"{location}{named}: {problem.severity}[{problem.code}]: {message}"


#: "e.g. `value: 60`" in a message: the example of a missing value.
_EXAMPLE = re.compile(r"e\.g\. `[^:`]+:\s*\|?\s*([^`\n]*)")
_TEXT_FILE = re.compile(r"text\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\.yaml(?: \(line \d+\))?")


def _in_workbook_terms(problem: Problem, lang: str | None, source_language: str) -> str:
    """The problem's message as a workbook's editor needs it: the usual ones said anew,
    the others with their files and lines named as the workbook's columns and sheets."""
    if problem.code == "missing-key":
        example = _EXAMPLE.search(problem.message)
        hint = f", e.g. {example.group(1).strip()}" if example and example.group(1).strip() else ""
        where = f"the text in column {lang}" if lang else "a value"
        return f"empty; {where} is required here{hint}"
    if problem.code == "missing-translation" and lang:
        return (
            f"empty in column {lang}, while column {source_language} has text in this row; "
            f"translate it into {lang}"
        )
    if problem.code == "left-over-key" and lang:
        return (
            f"column {source_language} has no text in this row; write it there first, or "
            "clear this cell if it is left over"
        )
    message = _TEXT_FILE.sub(r"column \1 of the Text sheet", problem.message)
    message = re.sub(r"facts\.yaml(?: \(line \d+\))?", "the workbook", message)
    return re.sub(r" ?\(line \d+\)", "", message)


def _missing_row(field_path: str, text: bool, read: ReadWorkbook) -> tuple[str | None, str]:
    """Where a value with no row of its own belongs: after its siblings' rows (faq.x.answer
    after faq.x.question), else after the rows of the keys that come before it; and what
    to do there. (None, "") when the value is not one a row of Report or Text holds."""
    sheet = "Text" if text else "Report"
    rows = read.rows.get(sheet, [])
    key = field_path
    if not text:
        order = [k for _label, k, _note in REPORT_FIELDS]  # "": the report id's row
        if not key or key not in order:
            return None, ""
        before = set(order[: order.index(key)])
        row = max((number for k, number in rows if k in before), default=FIRST_ROW - 1) + 1
        return f"Report!A{row}", (
            f"no row for {key}: insert a row here with {key} in column A and its value in column B"
        )
    parent = key.rsplit(".", 1)[0] + "." if "." in key else None
    siblings = [number for k, number in rows if parent and k.startswith(parent)]
    if siblings:
        row = max(siblings) + 1
    else:
        order = list(ReportText.model_fields)
        top = key.split(".", 1)[0]
        rank = order.index(top) if top in order else len(order)
        earlier = [n for k, n in rows if k.split(".", 1)[0] in order[:rank]]
        row = max(earlier, default=FIRST_ROW - 1) + 1
    return f"Text!A{row}", (
        f"no row for {key}: insert a row here with {key} in column A and its text in each "
        "language's column"
    )
