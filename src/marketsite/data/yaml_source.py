"""YAML parsed with bounds: PyYAML's safe composer (no Python objects are ever
constructed from tags), a bound on aliases, depth and number length, no control
characters, and the line of every value kept for the editor."""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import yaml

from marketsite.data.memory import Memory
from marketsite.data.problems import Problem
from marketsite.data.reading import read_text
from marketsite.data.sources import FieldPath, SourceFile, format_path

#: Above this a data file is refused: it is a mistake (a pasted dump), not a report.
MAX_YAML_BYTES = 2 * 1024 * 1024

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


def plain_scalar(text: str) -> Any:
    """``text`` as a data file reads it written plainly after a key: ``true``, ``2035``,
    ``58.40`` (a Decimal with its decimals), ``null``; anything else stays text (a
    browser form's value, typed as an editor would type it in the file)."""
    tag = _Loader("").resolve(yaml.ScalarNode, text, (True, False))
    if tag in _NUMBER_TAGS and len(text) > MAX_NUMBER_CHARACTERS:
        return text
    try:
        value = _ScalarConstructor().construct_object(yaml.ScalarNode(tag, text), deep=True)
    except (yaml.YAMLError, ValueError):
        return text
    if isinstance(value, float) and math.isfinite(value):
        try:
            return Decimal(text.replace("_", ""))
        except InvalidOperation:
            return Decimal(repr(value))
    return value


@dataclass(frozen=True)
class ScalarSpan:
    """Where a scalar value is written in a file's text: ``start`` and ``end`` count
    UTF-16 code units (as a browser's strings do); a block scalar's span ends after its
    last line's line break, before the blank lines that follow it. ``style`` is YAML's
    ("" plain, "'", '"', "|", ">"); ``flow`` says it sits inside ``{...}`` or ``[...]``;
    ``indent`` is the column of a block scalar's lines."""

    path: FieldPath
    start: int
    end: int
    style: str
    flow: bool
    indent: int


def scalar_spans(text: str) -> list[ScalarSpan]:
    """Every scalar value of a YAML text with where it is written, for an editor that
    replaces values in the text itself and leaves every other character as it is (the
    published site's editor, which has no YAML library). Keys are not values."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return []
    astral = [i for i, char in enumerate(text) if ord(char) > 0xFFFF]

    def utf16(index: int) -> int:
        return index + bisect.bisect_left(astral, index)

    spans: list[ScalarSpan] = []

    def walk(node: yaml.Node, path: FieldPath, flow: bool, depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*path, str(key.value)), bool(node.flow_style), depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index), bool(node.flow_style), depth + 1)
        elif isinstance(node, yaml.ScalarNode):
            start, end = node.start_mark.index, node.end_mark.index
            style = node.style or ""
            indent = 0
            if style in ("|", ">"):
                last = text[:end].rstrip()
                end = len(last)
                newline = text.find("\n", end)
                end = len(text) if newline < 0 else newline + 1
                body = text[start:end].split("\n", 1)[1] if "\n" in text[start:end] else ""
                first = next((line for line in body.split("\n") if line.strip()), "")
                indent = len(first) - len(first.lstrip(" "))
            spans.append(ScalarSpan(path, utf16(start), utf16(end), style, flow, indent))

    if root is not None:
        walk(root, (), False, 0)
    return spans


T = TypeVar("T")


def parsed_once(
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
    return parsed_once("yaml", path, text, lambda: parse_yaml(path, text), memory)


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
#: other than it reads ("Trojan source"). Marks such as U+200E stay allowed. The controls
#: (category Cc: C0, DEL, C1) and the surrogates (Cs) are ranges Unicode never changes,
#: so one character class finds them (30 times as fast as asking each character's
#: category).
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def forbidden_character(text: str) -> str | None:
    """The first character of ``text`` no data text may hold, else None."""
    match = _FORBIDDEN.search(text)
    return match[0] if match else None


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
