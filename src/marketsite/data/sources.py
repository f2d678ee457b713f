"""Parsed data files as values that remember where each value came from: the file,
and the line of every key and item (:class:`SourceFile`, :class:`SeriesFile`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marketsite.data.problems import Problem, Severity

if TYPE_CHECKING:  # pandas is loaded only to read a series (see marketsite.data.load)
    import pandas as pd

FieldPath = tuple[str | int, ...]


def format_path(path: Iterable[str | int]) -> str:
    """``("segments", "type", 2, "share")`` -> ``segments.type[2].share``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def leaf_values(data: Any, path: FieldPath = ()) -> dict[FieldPath, Any]:
    """Every leaf value of parsed YAML by its key path (empty blocks count as leaves)."""
    if isinstance(data, dict) and data:
        out: dict[FieldPath, Any] = {}
        for key, value in data.items():
            out.update(leaf_values(value, (*path, key)))
        return out
    if isinstance(data, list) and data:
        out = {}
        for index, value in enumerate(data):
            out.update(leaf_values(value, (*path, index)))
        return out
    return {path: data}


#: Keys of a language file that belong to that language alone: nothing to translate.
UNTRANSLATED_KEYS = frozenset({"not_figures"})


def text_leaves(data: Any) -> dict[FieldPath, Any]:
    """The leaves a translator translates, by key path. A name with its grammar
    (``{name: Sprachanrufe, plural: true, dative: Sprachanrufen}``) is one leaf, its name:
    plural and case are grammar of one language, and another may write the same name as
    plain text. The
    names listed under ``not_figures`` are each language's own."""
    if isinstance(data, dict):
        data = {key: value for key, value in data.items() if key not in UNTRANSLATED_KEYS}
    return leaf_values(_names_as_text(data))


def _names_as_text(data: Any) -> Any:
    if isinstance(data, dict):
        if isinstance(data.get("name"), str) and set(data) <= {"name", "plural", "dative"}:
            return data["name"]
        return {key: _names_as_text(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_names_as_text(value) for value in data]
    return data


def is_blank(value: Any) -> bool:
    """A leaf with no text: ``null``, or an empty or blank string."""
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class SourceFile:
    """A parsed data file: its values, and the line of every value in it."""

    path: Path
    lines_of_text: list[str]
    data: Any = None
    lines: dict[FieldPath, int] = field(default_factory=dict)

    def editor_path(self, path: FieldPath) -> FieldPath:
        """A model's path as the editor wrote it.

        Short forms leave out a level the model has: a set of shares written as
        a plain list has no ``items`` key, a CAGR written as a number has no
        ``value``. Parts that do not exist in the file are kept (a missing key
        is named where it belongs).
        """
        if self.data is None:  # still being parsed: the path is the file's own
            return path
        node: Any = self.data
        out: list[str | int] = []
        for position, part in enumerate(path):
            if (isinstance(node, dict) and part in node) or (
                isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
            ):
                node = node[part]  # type: ignore[index]
            elif isinstance(node, list) and part == "items":
                continue  # a set written as a plain list
            elif isinstance(node, dict) and isinstance(part, int):
                continue  # one item written without a list
            elif isinstance(node, dict | list):
                return (*out, *path[position:])  # missing here: name it where it belongs
            else:
                break  # inside a scalar short form (`cagr: 10.1`)
            out.append(part)
        return tuple(out)

    def line_of(self, path: FieldPath) -> int | None:
        """Line of the value at ``path``, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def source_line(self, line: int | None) -> str | None:
        """The text of a 1-based line, for showing under a problem."""
        if line is None or not 1 <= line <= len(self.lines_of_text):
            return None
        return self.lines_of_text[line - 1]

    def problem(
        self,
        code: str,
        message: str,
        path: FieldPath = (),
        severity: Severity = Severity.ERROR,
        line: int | None = None,
        measure: float | None = None,
    ) -> Problem:
        """A problem located at ``path`` in this file."""
        path = self.editor_path(tuple(path))
        line = line if line is not None else self.line_of(path)
        return Problem(
            code=code,
            message=message,
            file=self.path,
            line=line,
            field=format_path(path),
            severity=severity,
            source_line=self.source_line(line),
            measure=measure,
        )


@dataclass
class SeriesFile:
    """A CSV time series, all cells as text, with the file line of every row."""

    path: Path
    frame: pd.DataFrame
    lines_of_text: list[str]

    def row_line(self, index: int) -> int:
        """1-based file line of data row ``index`` (the header is line 1)."""
        return int(index) + 2

    def row_at(self, line: int) -> int:
        """The data row on file line ``line`` (the inverse of :meth:`row_line`)."""
        return line - 2

    def problem(
        self,
        code: str,
        message: str,
        row: int | None = None,
        column: str = "",
        severity: Severity = Severity.ERROR,
        measure: float | None = None,
    ) -> Problem:
        """A problem located at a data row (``None``: the header) and column."""
        line = 1 if row is None else self.row_line(row)
        text = self.lines_of_text[line - 1] if line <= len(self.lines_of_text) else None
        where = (
            column if row is None else f"row {line - 1}.{column}" if column else f"row {line - 1}"
        )
        return Problem(
            code, message, self.path, line, where, severity, source_line=text, measure=measure
        )
