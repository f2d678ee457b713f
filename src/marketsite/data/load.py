"""Load stage: read the data folder into plain values that remember where they came from.

YAML is parsed with PyYAML's safe composer (no Python objects are ever
constructed from tags) and every value keeps its line, so later stages can
point an editor at ``facts.yaml, line 14``. CSV series are read with pandas
as text; typing them is the validate stage's job. pandas is imported only when a report
has a series: it takes a fifth of a second, which every check and build of data without
one would otherwise pay. Nothing here knows about HTML, locales or the meaning of a field.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from marketsite.data.ids import id_problem
from marketsite.data.memory import Memory
from marketsite.data.problems import Problem, Severity, printable
from marketsite.data.reading import outside_link, read_text, unreadable
from marketsite.data.sources import SeriesFile, SourceFile
from marketsite.data.yaml_source import (
    describe_character,
    forbidden_character,
    load_yaml,
    parsed_once,
)

MAX_CSV_BYTES = 20 * 1024 * 1024
#: One row per year (and region or segment): more rows than this are a mistake.
MAX_SERIES_ROWS = 10_000

SHARED_DIR = "_shared"
FACTS_FILE = "facts.yaml"
SERIES_FILE = "series.csv"
TEXT_FILE_RE = re.compile(r"^text\.(?P<lang>[^.]+)\.ya?ml$")
NAMES_FILE_RE = re.compile(r"^names\.(?P<lang>[^.]+)\.ya?ml$")


@dataclass
class RawReport:
    """The files of one report folder, parsed but not yet checked."""

    report_id: str
    folder: Path
    facts: SourceFile | None = None
    texts: dict[str, SourceFile] = field(default_factory=dict)
    series: SeriesFile | None = None


@dataclass
class RawData:
    """Everything under the data folder, parsed but not yet checked."""

    root: Path
    names: dict[str, SourceFile] = field(default_factory=dict)
    reports: dict[str, RawReport] = field(default_factory=dict)


def load_series(
    path: Path, memory: Memory | None = None
) -> tuple[SeriesFile | None, list[Problem]]:
    """Read a CSV series as text cells; header and number checks come later."""
    text, problems = read_text(path, MAX_CSV_BYTES)
    if text is None:
        return None, problems
    series, found = parsed_once("csv", path, text, lambda: _parse_series(path, text), memory)
    return series, problems + found


def _parse_series(path: Path, text: str) -> tuple[SeriesFile | None, list[Problem]]:
    if not text.strip():
        return None, [Problem("empty-file", "CSV file is empty; add a header 'year,value'", path)]
    rows = text.count("\n") + (not text.endswith("\n")) - 1  # data rows, without the header
    if rows > MAX_SERIES_ROWS:
        return None, [
            Problem(
                "file-too-large",
                f"series.csv has {rows:,} rows; a market size series has one row per year "
                f"(and region or segment), at most {MAX_SERIES_ROWS:,}: keep bulk data out of "
                "data/",
                path,
            )
        ]
    for number, line in enumerate(text.splitlines(), start=1):
        char = forbidden_character(line.removesuffix("\r"))  # Excel ends lines with CR LF
        if char is not None:
            return None, [
                Problem(
                    "control-character",
                    f"line {number} holds the invisible character {describe_character(char)}, "
                    "which no page or file can show; delete it",
                    path,
                    number,
                    source_line=printable(line),
                )
            ]
    import pandas as pd

    try:
        # dtype=str keeps "12,5" as written so validation can name it.
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True
        )
    except (pd.errors.ParserError, ValueError) as exc:
        return None, [Problem("csv-syntax", f"CSV cannot be read: {exc}", path)]
    return SeriesFile(path, frame, text.splitlines()), []


def load_data_dir(root: Path, memory: Memory | None = None) -> tuple[RawData, list[Problem]]:
    """Parse every file under ``root``: shared names and one folder per report
    (with ``memory``, only the files whose text changed since it last saw them)."""
    data = RawData(root)
    problems: list[Problem] = []
    if not root.is_dir():
        return data, [
            Problem(
                "no-data-dir", "data folder not found; pass the folder that holds the reports", root
            )
        ]
    try:
        entries = _entries(root, root, problems)
        shared = root / SHARED_DIR
        if shared in entries and shared.is_dir():
            for path in _entries(shared, root, problems):
                match = NAMES_FILE_RE.match(path.name)
                if not match:
                    problems.append(_stray_file(path, "names.<lang>.yaml"))
                    continue
                source, found = load_yaml(path, memory)
                problems += found
                if source is not None:
                    data.names[match["lang"]] = source
        for folder in entries:
            if not folder.is_dir() or folder.name.startswith(("_", ".")):
                continue  # _shared, _schema: not reports
            problem = folder_name_problem(folder)
            if problem is not None:
                problems.append(problem)
                continue
            _load_report(folder, root, data, problems, memory)
    except OSError as exc:  # a folder that cannot be listed
        problems.append(unreadable(Path(exc.filename or root), exc))
    return data, problems


def _entries(folder: Path, root: Path, problems: list[Problem]) -> list[Path]:
    """The entries of ``folder`` that are files and folders of their own; symbolic links
    are reported, wherever they point: the data is archived and diffed as files, and a
    link in it would be one thing there and another here."""
    kept = []
    for path in sorted(folder.iterdir()):
        problem = outside_link(path, root)
        if problem is None and path.is_symlink():
            problem = Problem(
                "symbolic-link",
                f"{path.name} is a symbolic link (to {os.readlink(path)}); data files are "
                "published and archived as files: replace the link with a copy of the file",
                path,
            )
        if problem is not None:
            problems.append(problem)
        else:
            kept.append(path)
    return kept


def _load_report(
    folder: Path, root: Path, data: RawData, problems: list[Problem], memory: Memory | None
) -> None:
    report = RawReport(folder.name, folder)
    data.reports[folder.name] = report
    for path in _entries(folder, root, problems):
        if path.name.startswith("."):
            continue
        if path.name == FACTS_FILE:
            report.facts, found = load_yaml(path, memory)
        elif path.name == SERIES_FILE:
            report.series, found = load_series(path, memory)
        elif match := TEXT_FILE_RE.match(path.name):
            source, found = load_yaml(path, memory)
            if source is not None:
                report.texts[match["lang"]] = source
        else:
            found = [_stray_file(path, f"{FACTS_FILE}, text.<lang>.yaml or {SERIES_FILE}")]
        problems += found
    facts = folder / FACTS_FILE
    if not facts.exists() and not facts.is_symlink():
        problems.append(
            Problem(
                "missing-file",
                f"report folder has no {FACTS_FILE}; every report needs one "
                "(`marketsite new` writes a skeleton)",
                facts,
            )
        )


def folder_name_problem(folder: Path) -> Problem | None:
    """A report folder whose name is not a valid report id, as a problem (else None)."""
    reason = id_problem(folder.name)
    if reason is None:
        return None
    return Problem(
        "invalid-id",
        f"report folder '{folder.name}': the folder name is the report id, and {reason}; "
        "rename the folder",
        folder,
    )


def _stray_file(path: Path, expected: str) -> Problem:
    return Problem(
        "unknown-file",
        f"file is not read by marketsite (expected {expected}); rename or move it",
        path,
        severity=Severity.WARNING,
    )
