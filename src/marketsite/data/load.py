"""Load stage: read the data folder into plain values that remember where they came from.

YAML is parsed with PyYAML's safe composer (no Python objects are ever
constructed from tags) and every value keeps its line, so later stages can
point an editor at ``facts.yaml, line 14``. CSV series are read with pandas
as text; typing them is the validate stage's job. Nothing here knows about
HTML, locales or the meaning of a field.
"""

from __future__ import annotations

import io
import math
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import pandas as pd
import yaml

from marketsite.data.ids import id_problem
from marketsite.data.memory import Memory
from marketsite.data.problems import Problem, Severity, printable

#: Above this a data file is refused: it is a mistake (a pasted dump), not a report.
MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_CSV_BYTES = 20 * 1024 * 1024
#: One row per year (and region or segment): more rows than this are a mistake.
MAX_SERIES_ROWS = 10_000

SHARED_DIR = "_shared"
FACTS_FILE = "facts.yaml"
SERIES_FILE = "series.csv"
TEXT_FILE_RE = re.compile(r"^text\.(?P<lang>[^.]+)\.ya?ml$")
NAMES_FILE_RE = re.compile(r"^names\.(?P<lang>[^.]+)\.ya?ml$")

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


def text_leaves(data: Any) -> dict[FieldPath, Any]:
    """The leaves a translator translates, by key path. A plural name
    (``{name: wearables, plural: true}``) is one leaf, its name: whether a noun is plural
    is grammar of one language, and another may write the same name as plain text."""
    return leaf_values(_names_as_text(data))


def _names_as_text(data: Any) -> Any:
    if isinstance(data, dict):
        if isinstance(data.get("name"), str) and set(data) <= {"name", "plural"}:
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


def unreadable(path: Path, exc: OSError) -> Problem:
    """A file or folder that cannot be read: say why, with the path."""
    if path.is_symlink() and not path.exists():
        target = os.readlink(path)
        why = f"it is a symbolic link to {target}, which does not exist; fix or remove the link"
    elif isinstance(exc, NotARegularFile):
        why = str(exc)
    elif isinstance(exc, PermissionError):
        why = "permission denied; make it readable for the user who runs marketsite"
    elif isinstance(exc, IsADirectoryError):
        why = "it is a folder where a file belongs; rename or move it"
    else:
        why = f"{exc.strerror or exc}; check that it exists and can be read"
    return Problem("unreadable-file", f"cannot read {path.name}: {why}", path)


def outside_link(path: Path, root: Path) -> Problem | None:
    """A symbolic link under ``root`` that points outside it, as a problem (else None).

    Data and pages are published; a link out of the folder would publish whatever it
    points at, so it is refused with the link's name.
    """
    if not path.is_symlink():
        return None
    try:
        target = path.resolve()
        inside = target.is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        inside = False
        target = Path(os.readlink(path))
    if inside:
        return None
    return Problem(
        "link-outside",
        f"{path.name} is a symbolic link to {target}, outside {root.name}/; its content "
        f"would be published: copy the file into {root.name}/ instead of linking it",
        path,
    )


def links_leaving(folder: Path) -> list[Problem]:
    """Every symbolic link under ``folder`` (at any depth) that points outside it."""
    found: list[Problem] = []
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*")):
        problem = outside_link(path, folder)
        if problem is not None:
            found.append(problem)
    return found


#: What a path that is no regular file is, by its file type.
_SPECIAL_FILES = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


class NotARegularFile(OSError):
    """A pipe, device or socket where a file belongs: refused without reading it (a pipe
    would wait for a writer for ever, a device could be endless)."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"it is {kind}, not a file; replace it with a regular file")
        self.kind = kind


def read_regular_file(path: Path, limit: int) -> tuple[bytes, int]:
    """The bytes of the regular file ``path`` (none when it is larger than ``limit``) and
    its size. Raises :class:`NotARegularFile` for a pipe, device or socket, by its type,
    before opening it; the file is opened without blocking and checked again, so a pipe
    put in its place meanwhile cannot make the read wait."""
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        raise NotARegularFile(path, _SPECIAL_FILES.get(stat.S_IFMT(mode), "no regular file"))
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(handle, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            kind = _SPECIAL_FILES.get(stat.S_IFMT(status.st_mode), "no regular file")
            raise NotARegularFile(path, kind)
        if status.st_size > limit:
            return b"", status.st_size
        data = file.read(limit + 1)
    return data, len(data)


def read_text(path: Path, limit: int) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8; report unreadable, too-large, non-UTF-8 and empty files, and
    pipes, devices and sockets."""
    try:
        raw, size = read_regular_file(path, limit)
    except OSError as exc:
        return None, [unreadable(path, exc)]
    if size > limit:
        return None, [
            Problem(
                "file-too-large",
                f"file is {size / 1_048_576:.1f} MiB, more than the {limit / 1_048_576:.0f} MiB "
                "a data file may have; split it or keep bulk data out of data/",
                path,
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                "not-utf8",
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8 "
                "(in most editors: 'Save with encoding' -> UTF-8)",
                path,
                line,
            )
        ]
    return text, []


#: Parser contexts where the construct that began earlier is the mistake (an unclosed
#: bracket or quote); everywhere else the line where the parser stopped is.
_OPENED_EARLIER = ("flow sequence", "flow mapping", "quoted scalar")


def _yaml_error(path: Path, exc: yaml.YAMLError, text: str, lines: list[str]) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow
        at = text[: exc.position].count("\n") + 1
        character = exc.character
        number = ord(character) if isinstance(character, str) else int(character)
        code = f"#x{number:04x}"
        return Problem(
            "yaml-syntax",
            f"the file contains the character {code}, which YAML does not allow (a NUL byte or "
            "another control character, often from copying out of another program); "
            "delete it",
            path,
            at,
            source_line=lines[at - 1] if at <= len(lines) else None,
        )
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    mark = problem_mark or context_mark
    line = mark.line + 1 if mark is not None else None
    what = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {what}" + (f" ({context})" if context else "")
    if (
        problem_mark is not None
        and context_mark is not None
        and context_mark.line < problem_mark.line
        and any(kind in (context or "") for kind in _OPENED_EARLIER)
    ):
        # An unclosed bracket or quote is noticed lines later: point at where it opened.
        message += f", noticed on line {problem_mark.line + 1}"
        line = context_mark.line + 1
    message += "; check indentation and quote text that contains ': ' or starts with a symbol"
    source = lines[line - 1] if line and line <= len(lines) else None
    return Problem("yaml-syntax", message, path, line, source_line=source)


#: libyaml's composer when PyYAML has it (about ten times faster); same nodes and marks.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """YAML as editors write it: scalars resolved as YAML 1.2's core schema does.

    YAML 1.1 reads ``NO`` (Norway), ``yes``, ``on`` and ``off`` as booleans and
    ``2023-03-01`` as a date; YAML 1.2, and the YAML language server in editors,
    read them as text. Only ``true`` and ``false`` are booleans here.
    """

    # PyYAML's own class attribute, replaced (not shared) for this loader.
    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
        first: [
            (tag, regexp)
            for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
        ]
        for first, resolvers in _BASE_LOADER.yaml_implicit_resolvers.items()
    }


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
#: The longest number literal read at all (digits, sign, point, exponent, underscores).
MAX_NUMBER_CHARACTERS = 40


class _ScalarConstructor(yaml.constructor.SafeConstructor):
    """SafeLoader's scalar typing (int, float, bool, date, null) without its object graph."""


#: A YAML alias repeats a block; past this many repeated nodes a file is refused (an
#: "alias bomb" of a few KB would otherwise expand to gigabytes).
MAX_ALIASED_NODES = 10_000
#: Data files are a few levels deep; deeper nesting is refused before Python's stack ends.
MAX_DEPTH = 64


class _TooComplex(Exception):
    """The YAML expands to more than a data file may; the message says why."""

    def __init__(self, message: str, node: yaml.Node) -> None:
        super().__init__(message)
        self.line = node.start_mark.line + 1


@dataclass
class _Walk:
    """State of one conversion: the file, the scalar constructor, what was already seen."""

    source: SourceFile
    constructor: _ScalarConstructor
    problems: list[Problem]
    seen: set[int] = field(default_factory=set)
    repeated: int = 0


def _to_plain(node: yaml.Node, path: FieldPath, walk: _Walk, depth: int = 0) -> Any:
    if depth > MAX_DEPTH:
        cause = (
            "an alias (*name) inside the block its anchor (&name) names repeats it forever"
            if walk.repeated
            else "check the indentation and brackets"
        )
        raise _TooComplex(
            f"the YAML is nested more than {MAX_DEPTH} levels deep, where a data file needs "
            f"a few: {cause}",
            node,
        )
    if id(node) in walk.seen:
        walk.repeated += 1
        if walk.repeated > MAX_ALIASED_NODES:
            raise _TooComplex(
                f"anchors and aliases (&name, *name) repeat more than {MAX_ALIASED_NODES:,} "
                "values; write the values out, or remove the aliases",
                node,
            )
    walk.seen.add(id(node))
    source = walk.source
    source.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _to_plain(key_node, (*path, "?"), walk, depth + 1)
            if not isinstance(key, str | int) or isinstance(key, bool):
                key = str(key)
            if key in result:
                walk.problems.append(
                    source.problem(
                        "duplicate-key",
                        f"key '{key}' appears twice in the same block; the first one "
                        f"(line {source.lines[(*path, key)]}) would be silently lost; keep one",
                        (*path, key),
                        line=key_node.start_mark.line + 1,
                    )
                )
                continue
            source.lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _to_plain(value_node, (*path, key), walk, depth + 1)
            # Point at the key's line: that is where an editor looks for a field.
            source.lines[(*path, key)] = key_node.start_mark.line + 1
        source.lines.pop((*path, "?"), None)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_plain(item, (*path, i), walk, depth + 1) for i, item in enumerate(node.value)]
    if node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARACTERS:
        # Refused before Python reads it: thousands of digits would hit the limit on
        # converting text to int, and no published figure is that long.
        line = node.start_mark.line + 1
        walk.problems.append(
            Problem(  # during the walk the file has no data yet to map the path to
                "number-out-of-bounds",
                f"a number of {len(node.value):,} characters; a published figure has a "
                "handful of digits: write it as the publisher states it, in the file's unit",
                source.path,
                line,
                format_path(path),
                source_line=source.source_line(line),
            )
        )
        return None
    value = walk.constructor.construct_object(node, deep=True)
    if isinstance(value, float) and math.isfinite(value):
        # Keep the number as written: 12.40 has two decimals, which a float forgets.
        try:
            return Decimal(str(node.value).replace("_", ""))
        except InvalidOperation:
            return Decimal(repr(value))
    return value


T = TypeVar("T")


def _parsed_once(
    kind: str,
    path: Path,
    text: str,
    parse: Callable[[], tuple[T, list[Problem]]],
    memory: Memory | None,
) -> tuple[T, list[Problem]]:
    """``parse()``'s result for this text of ``path``; with ``memory`` (a preview, which
    reads every file again at each rebuild) parsed only when the text changed."""
    known = memory.parsed.get((kind, path)) if memory is not None else None
    if known is not None and known[0] == text:
        result, problems = known[1]
        return result, list(problems)
    result, problems = parse()
    if memory is not None:
        memory.parsed[(kind, path)] = (text, (result, list(problems)))
    return result, problems


def load_yaml(path: Path, memory: Memory | None = None) -> tuple[SourceFile | None, list[Problem]]:
    """Parse one YAML file safely into plain values with a line for every value."""
    text, problems = read_text(path, MAX_YAML_BYTES)
    if text is None:
        return None, problems
    return _parsed_once("yaml", path, text, lambda: parse_yaml(path, text), memory)


def parse_yaml(path: Path, text: str) -> tuple[SourceFile | None, list[Problem]]:
    """Parse YAML text (the content of ``path``, now or in an earlier version)."""
    problems: list[Problem] = []
    source = SourceFile(path, text.splitlines())
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return None, [_yaml_error(path, exc, text, source.lines_of_text)]
    if node is None:
        return None, [
            Problem(
                "empty-file",
                "file is empty (or only comments); fill it in or delete it",
                path,
            )
        ]
    try:
        source.data = _to_plain(node, (), _Walk(source, _ScalarConstructor(), problems))
    except yaml.YAMLError as exc:  # e.g. an unknown !tag: refused, never constructed
        return None, [_yaml_error(path, exc, text, source.lines_of_text)]
    except _TooComplex as exc:
        source.lines.clear()
        return None, [
            Problem(
                "yaml-too-complex",
                str(exc),
                path,
                exc.line,
                source_line=source.source_line(exc.line),
            )
        ]
    if not isinstance(source.data, dict):
        problems.append(
            source.problem(
                "wrong-type",
                f"the file must be a mapping of 'key: value' lines, got "
                f"{type(source.data).__name__}",
                line=1,
            )
        )
        return None, problems
    problems += _control_characters(source)
    if any(problem.code in _UNUSABLE for problem in problems):
        return None, problems  # nothing after validate may see such a value
    return source, problems


#: Problems after which nothing of a file is used.
_UNUSABLE = ("control-character", "number-out-of-bounds")
#: Characters no text of ours may hold: controls but tab and line feed, lone surrogates,
#: and the bidirectional embeddings, overrides and isolates that can make a text show
#: other than it reads ("Trojan source"). Marks such as U+200E stay allowed.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def forbidden_character(text: str) -> str | None:
    """The first character of ``text`` no data text may hold, else None."""
    for char in text:
        if char in "\t\n":
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or char in _BIDI_CONTROLS:
            return char
    return None


def describe_character(char: str) -> str:
    """A character for a message: its code point and name (U+0001 START OF HEADING)."""
    name = unicodedata.name(char, "")
    if not name and unicodedata.category(char) == "Cc":
        name = _CONTROL_NAMES.get(char, "control character")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


#: The names Unicode gives the C0 controls as aliases (unicodedata.name has none for them).
_C0_NAMES = [
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "BELL",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
]
_CONTROL_NAMES = {chr(code): name for code, name in enumerate(_C0_NAMES)} | {"\x7f": "DELETE"}


def _control_characters(source: SourceFile) -> list[Problem]:
    """Every value or key of a YAML file that holds a forbidden character."""
    problems = []

    def walk(value: Any, path: FieldPath) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(str(key), path)
                walk(item, (*path, key))
        elif isinstance(value, list):
            for number, item in enumerate(value):
                walk(item, (*path, number))
        elif isinstance(value, str) and (char := forbidden_character(value)) is not None:
            problems.append(
                source.problem(
                    "control-character",
                    f"the text holds the invisible character {describe_character(char)}, "
                    "which no page or file can show; delete it (it often comes with text "
                    "pasted from another program; in YAML it may be written as an escape "
                    'such as "\\x01")',
                    path,
                )
            )

    walk(source.data, ())
    return problems


def load_series(
    path: Path, memory: Memory | None = None
) -> tuple[SeriesFile | None, list[Problem]]:
    """Read a CSV series as text cells; header and number checks come later."""
    text, problems = read_text(path, MAX_CSV_BYTES)
    if text is None:
        return None, problems
    series, found = _parsed_once("csv", path, text, lambda: _parse_series(path, text), memory)
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
