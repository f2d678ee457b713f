"""A report's table as plain values: columns, and cells that carry what a reader sees and
what a download holds. Pages, charts, CSV, XLSX and the PDF read the same cells."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """A column: its header on the page and in downloads (None: not shown there)."""

    page: str | None
    download: str | None
    numeric: bool = False


@dataclass(frozen=True)
class Cell:
    """What a reader sees (``text``) and what a download holds (``value``).

    Figures are Decimals as stated ("24.70" keeps its zero): downloads write them
    with the stated number of decimals.
    """

    text: str = ""
    value: object = None
    derived: bool = False


@dataclass(frozen=True)
class DataTable:
    """One table of a report: a file stem, a localized title, columns and rows."""

    stem: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def has_derived(self) -> bool:
        """True when any cell holds a figure marketsite derived."""
        return any(cell.derived for row in self.rows for cell in row)

    def page_view(self) -> tuple[tuple[str, ...], list[tuple[str, ...]], tuple[bool, ...]]:
        """Headers, rows of texts and right-alignment of the columns shown on the page."""
        shown = [i for i, column in enumerate(self.columns) if column.page is not None]
        headers = tuple(self.columns[i].page or "" for i in shown)
        rows = [tuple(row[i].text for i in shown) for row in self.rows]
        return headers, rows, tuple(self.columns[i].numeric for i in shown)

    def download_view(self) -> tuple[list[str], list[list[object]]]:
        """Headers and values of the columns written to CSV and XLSX."""
        kept = [i for i, column in enumerate(self.columns) if column.download is not None]
        return (
            [self.columns[i].download or "" for i in kept],
            [[row[i].value for i in kept] for row in self.rows],
        )
