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
import zipfile
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from marketsite.tables import DataTable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The date every workbook states (not the build's): downloads are reproducible.
FIXED_TIME = dt.datetime(2000, 1, 1)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
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
    """One workbook, one sheet per table, numbers as numeric cells."""
    workbook = Workbook()
    for default_sheet in workbook.worksheets:  # a new workbook has one empty sheet
        workbook.remove(default_sheet)
    used: set[str] = set()
    for table in tables:
        name = _SHEET_NAME_FORBIDDEN.sub(" ", table.title)[:31].strip() or table.stem[:31]
        while name in used:
            name = name[:29] + f"~{len(used)}"
        used.add(name)
        sheet = workbook.create_sheet(name)
        headers, rows = safe_view(table)
        sheet.append(headers)
        for row in rows:
            sheet.append([_cell(v) for v in row])
            for cell, value in zip(sheet[sheet.max_row], row, strict=True):
                if isinstance(value, Decimal):
                    cell.number_format = _number_format(value)
        for index, header in enumerate(headers):
            texts = [header, *(str(row[index]) for row in rows if row[index] is not None)]
            width = max(len(text) for text in texts)
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(width + 2, 60)
    # A workbook states when it was made, in its properties and in every zip entry; a fixed
    # date makes the same tables the same bytes (reproducible release archives).
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _stable_zip(buffer.getvalue())


def _stable_zip(content: bytes) -> bytes:
    """The same zip with every entry dated FIXED_TIME."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            stable = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME.timetuple()[:6])
            stable.compress_type = zipfile.ZIP_DEFLATED
            stable.external_attr = 0o644 << 16
            data = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = _MODIFIED.sub(
                    rb"\g<1>" + FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                    data,
                )
            target.writestr(stable, data)
    return out.getvalue()


def _cell(value: object) -> object:
    # A stated Decimal as a number, so openpyxl writes a numeric cell; NaN -> empty.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(str(value))
    return None if isinstance(value, float) and value != value else value


def _number_format(value: Decimal) -> str:
    """The cell format that shows the stated decimals: 24.70 -> "0.00"."""
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "0." + "0" * decimals if decimals else "0"
