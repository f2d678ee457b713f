"""Downloads: a report's tables as CSV and XLSX files readers can take away.

Numbers stay machine-readable (no thousands separators in CSV, numeric cells
in XLSX) and keep the decimals the publisher stated; headers are localized.
CSV follows the spreadsheet conventions of the page's language: where the
decimal separator is a comma (German), values are separated by semicolons, as
German spreadsheet programs expect; elsewhere commas and decimal points.
Text that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or CR) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import xlsxwriter
from xlsxwriter.format import Format

from marketsite.rendering.datatable import DataTable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The date every workbook states (not the build's): downloads are reproducible.
FIXED_TIME = dt.datetime(2000, 1, 1)
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise(value: object) -> object:
    """Make text safe to open in a spreadsheet; numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_view(table: DataTable) -> tuple[list[str], list[list[object]]]:
    """The table's download headers and values, text made safe for spreadsheets."""
    headers, rows = table.download_view()
    return (
        [str(neutralise(str(header))) for header in headers],
        [[neutralise(value) for value in row] for row in rows],
    )


def to_csv(table: DataTable, decimal: str = ".") -> bytes:
    """UTF-8 CSV (with BOM, so spreadsheet programs detect the encoding).

    ``decimal`` is the locale's decimal separator; with a comma, the separator
    between values is a semicolon.
    """
    headers, rows = safe_view(table)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if decimal == "," else ",", lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([_csv_number(value, decimal) for value in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def _csv_number(value: object, decimal: str) -> object:
    """A stated Decimal as written ("24.70", or "24,70"); anything else unchanged."""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", decimal)
    return value


def to_xlsx(tables: list[DataTable]) -> bytes:
    """One workbook, one sheet per table, numbers as numeric cells.

    XlsxWriter writes it: about four times faster than building it in openpyxl, and
    reproducible as it comes (every zip entry is dated 1980; the workbook states
    FIXED_TIME as its creation date).
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"created": FIXED_TIME})
    formats: dict[str, Format] = {}
    used: set[str] = set()
    for table in tables:
        sheet = workbook.add_worksheet(_sheet_name(table, used))
        headers, rows = safe_view(table)
        for column, header in enumerate(headers):
            sheet.write_string(0, column, header)
        for row_index, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                if isinstance(value, Decimal):
                    pattern = _number_format(value)
                    if pattern not in formats:
                        formats[pattern] = workbook.add_format({"num_format": pattern})
                    sheet.write_number(row_index, column, float(value), formats[pattern])
                elif isinstance(value, bool):
                    sheet.write_boolean(row_index, column, value)
                elif isinstance(value, int | float):
                    if value == value:  # NaN stays an empty cell
                        sheet.write_number(row_index, column, value)
                elif value is not None:
                    sheet.write_string(row_index, column, str(value))
        for column, header in enumerate(headers):
            texts = [header, *(str(row[column]) for row in rows if row[column] is not None)]
            sheet.set_column(column, column, min(max(len(text) for text in texts) + 2, 60))
    workbook.close()
    return buffer.getvalue()


def _sheet_name(table: DataTable, used: set[str]) -> str:
    """The table's title as a sheet name Excel accepts: at most 31 characters, none of
    ``[]:*?/\\``, no apostrophe at either end, unique regardless of case."""
    name = _SHEET_NAME_FORBIDDEN.sub(" ", table.title)[:31].strip(" '") or table.stem[:31]
    while name.casefold() in used:
        name = name[:29] + f"~{len(used)}"
    used.add(name.casefold())
    return name


def _number_format(value: Decimal) -> str:
    """The cell format that shows the stated decimals: 24.70 -> "0.00"."""
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "0." + "0" * decimals if decimals else "0"
