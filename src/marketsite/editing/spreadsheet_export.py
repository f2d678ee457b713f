"""A report as a workbook to fill in: one sheet per part of the facts, and the text of
every language, with notes and validation on every column."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from marketsite.data.load import FACTS_FILE
from marketsite.data.problems import Problem
from marketsite.data.sources import FieldPath, leaf_values
from marketsite.data.yaml_source import load_yaml
from marketsite.editing.canonical import canonical_facts, canonical_text
from marketsite.editing.spreadsheet import (
    FIRST_ROW,
    NULL,
    REPORT_FIELDS,
    SpreadsheetError,
    descriptions,
    sheets,
)


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


#: Columns whose cells hold text, whatever an editor types; Excel's text format.
TEXT_KINDS = {"figure", "text"}
TEXT_FORMAT = "@"


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
    if kind in TEXT_KINDS:
        # Typed as text, so a figure keeps its decimals: the column's format, which Excel
        # and LibreOffice give every cell typed into it, rather than hundreds of empty
        # formatted cells (the workbook is half the size and reads in a seventh the time).
        sheet.column_dimensions[letter].number_format = TEXT_FORMAT


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
    notes = next(v for k, v in descriptions().items() if "facts" in k)
    report = book.create_sheet("Report")
    _header(report, [("field", "One fact per row."), ("value", ""), ("note", "")])
    for row, (label, key, note) in enumerate(REPORT_FIELDS, start=FIRST_ROW):
        value: object = report_id if label == "report id" else _dotted(facts, key)
        report.cell(row, 1, label)
        report.cell(row, 2, value)
        report.cell(row, 3, note or notes.get(key, ""))
    for name, columns in sheets().items():
        sheet = book.create_sheet(name)
        _header(sheet, [(c.header, c.note) for c in columns])
        for index, column in enumerate(columns, start=1):
            _validate_column(sheet, index, column.kind)
        for row, record in enumerate(_records(name, facts), start=FIRST_ROW):
            for index, column in enumerate(columns, start=1):
                value = _dotted(record, column.key)
                cell = sheet.cell(
                    row, index, _figure_text(value) if column.kind == "figure" else value
                )
                if column.kind in TEXT_KINDS:  # a written cell has its own format
                    cell.number_format = TEXT_FORMAT
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
    if sheet == "Changes":
        return list(facts.get("changes", []))
    if sheet == "Sources":
        return list(facts.get("sources", []))
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
