"""JSON Schema of the data files, and the README's field tables, generated from the models.

Editors whose editor runs the YAML language server (VS Code's YAML extension,
many others) get completion, descriptions, examples and errors while typing:
each data file names its schema in a first-line
``# yaml-language-server: $schema=...`` comment. The field tables of the
README are rendered from the same schemas, so documentation, IDE hints and
validation cannot drift apart.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import yaml
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue

from marketsite.checks.text_checks import PLACEHOLDER_RE
from marketsite.data.ids import MAX_ID_LENGTH, WINDOWS_RESERVED
from marketsite.data.model import Facts
from marketsite.data.problem_codes import GUIDES, code_table
from marketsite.data.text_model import Names, ReportText

SCHEMA_DIR = "_schema"
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "facts.schema.json": (Facts, "marketsite report facts (facts.yaml)"),
    "text.schema.json": (ReportText, "marketsite report text in one language (text.<lang>.yaml)"),
    "names.schema.json": (Names, "marketsite shared display names (_shared/names.<lang>.yaml)"),
}


class _AsWritten(GenerateJsonSchema):
    """Keeps keys in the order the models define them (examples read as editors write)."""

    def sort(self, value: JsonSchemaValue, parent_key: str | None = None) -> JsonSchemaValue:
        return value


def json_schemas() -> dict[str, str]:
    """``{file name: JSON text}`` for every data file kind."""
    return dict(_schema_texts())


@functools.cache
def _schema_texts() -> tuple[tuple[str, str], ...]:
    """The schemas, made once per process: they follow from the code alone, and a workbook's
    export and import asked for them several times each (2.5 s of the spreadsheet tests)."""
    out = {}
    for name, (model, title) in SCHEMAS.items():
        schema = model.model_json_schema(schema_generator=_AsWritten)
        _as_validate_judges(schema)
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **schema,
            "title": title,
        }
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return tuple(out.items())


#: Ids in the schema as validate judges them (pydantic's regex engine has no lookahead,
#: so length and reserved names are checked in Python there, and spelled out here).
ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
ID_PATTERN_FULL = (
    f"^(?!(?:{'|'.join(sorted(WINDOWS_RESERVED))})$)(?=.{{1,{MAX_ID_LENGTH}}}$)"
    "[a-z0-9]+(-[a-z0-9]+)*$"
)


def _as_validate_judges(node: Any) -> None:
    """Make the schema refuse what validate refuses and the models cannot express:
    reserved and overlong ids, keys that are no ids, placeholders in text."""
    if isinstance(node, list):
        for item in node:
            _as_validate_judges(item)
        return
    if not isinstance(node, dict):
        return
    if node.get("pattern") == ID_PATTERN:
        node["pattern"] = ID_PATTERN_FULL
    patterns = node.get("patternProperties")
    if isinstance(patterns, dict) and ID_PATTERN in patterns:
        patterns[ID_PATTERN_FULL] = patterns.pop(ID_PATTERN)
        if "properties" not in node:
            node["additionalProperties"] = False  # a key that is no id is refused
    if node.get("type") == "string" and node.get("minLength") == 1:
        node["not"] = {"pattern": PLACEHOLDER_RE.pattern}  # TODO and friends are refused
    for value in node.values():
        _as_validate_judges(value)


def write_schemas(folder: Path) -> list[Path]:
    """Write the schemas into ``folder`` (normally ``data/_schema``); returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in json_schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


#: The README's generated blocks: (marker, schema file, [(heading, definition or None)]).
REFERENCE_BLOCKS: list[tuple[str, str, list[tuple[str, str | None]]]] = [
    (
        "facts",
        "facts.schema.json",
        [
            ("`facts.yaml`", None),
            ("`forecast`", "Forecast"),
            ("each item of `market_size`", "SizePoint"),
            ("a CAGR (`cagr`, an item's `cagr`)", "Cagr"),
            ("a set of shares with a year (`segments.<dimension>`, `regions`)", "ShareSet"),
            ("a segment or region (an item of a set)", "ShareItem"),
            ("each item of `players`", "Player"),
            ("each item of `developments`", "Development"),
            ("each of `figures`", "ProseFigure"),
        ],
    ),
    (
        "text",
        "text.schema.json",
        [
            ("`text.<lang>.yaml`", None),
            ("`key_findings`", "KeyFindings"),
            ("`covid_impact`, `latest_trends`, `players_intro`, each dynamics entry", "Section"),
            ("`dynamics`", "Dynamics"),
            ("each of `faq`", "FaqEntry"),
        ],
    ),
    (
        "names",
        "names.schema.json",
        [
            ("`_shared/names.<lang>.yaml` and `names:` in a text file", None),
            ("a name with its grammar (plural, German dative)", "NameForms"),
        ],
    ),
]


def _object_form(schema: dict[str, Any]) -> dict[str, Any]:
    """The object form of a definition that also has short forms."""
    if "properties" in schema:
        return schema
    return next(form for form in schema.get("anyOf", []) if "properties" in form)


def _inline_yaml(key: str, value: object) -> str:
    text = yaml.safe_dump(
        {key: value}, default_flow_style=True, allow_unicode=True, sort_keys=False, width=1000
    ).strip()
    return text[1:-1] if text.startswith("{") else text  # drop the outer braces


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def field_table(schema: dict[str, Any]) -> str:
    """A Markdown table of an object schema: field, example, meaning (required marked)."""
    required = set(schema.get("required", []))
    rows = ["| field | example | meaning |", "|---|---|---|"]
    for name, field in schema["properties"].items():
        examples = field.get("examples") or []
        example = f"`{_cell(_inline_yaml(name, examples[0]))}`" if examples else ""
        meaning = field.get("description", "")
        if name in required:
            meaning = f"**Required.** {meaning}"
        rows.append(f"| `{name}` | {example} | {_cell(meaning)} |")
    return "\n".join(rows)


def reference_blocks() -> dict[str, str]:
    """The README's generated field tables, by block marker."""
    schemas = {name: json.loads(text) for name, text in json_schemas().items()}
    blocks = {}
    for marker, file, parts in REFERENCE_BLOCKS:
        schema = schemas[file]
        out = []
        for heading, definition in parts:
            target = schema if definition is None else schema["$defs"][definition]
            out += [f"**{heading}**", "", field_table(_object_form(target)), ""]
        blocks[marker] = "\n".join(out).rstrip() + "\n"
    return blocks


def _block_re(marker: str) -> re.Pattern[str]:
    return re.compile(
        rf"(<!-- generated:{marker} [^\n]*-->\n)(.*?)(<!-- /generated:{marker} -->)", re.S
    )


def update_generated(path: Path, blocks: dict[str, str]) -> bool:
    """Rewrite the generated ``blocks`` (by marker) in ``path``; True when it changed."""
    text = path.read_text(encoding="utf-8")
    updated = text
    for marker, block in blocks.items():

        def fill(match: re.Match[str], block: str = block) -> str:
            return match[1] + block + match[3]

        updated = _block_re(marker).sub(fill, updated)
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text


def update_readme(readme: Path) -> bool:
    """Rewrite the generated field tables in ``readme``; True when it changed."""
    return update_generated(readme, reference_blocks())


def update_guides(root: Path) -> list[Path]:
    """Rewrite the problem-code tables of the editors' guides under ``root`` (those that
    exist) from the registry; the guides that changed."""
    changed = []
    for lang, name in GUIDES.items():
        guide = root / name
        if guide.is_file() and update_generated(guide, {"codes": code_table(lang)}):
            changed.append(guide)
    return changed


def generated_blocks(path: Path, markers: list[str]) -> dict[str, str]:
    """The generated blocks as they stand in ``path`` (for the drift tests)."""
    text = path.read_text(encoding="utf-8")
    found = {}
    for marker in markers:
        match = _block_re(marker).search(text)
        if match:
            found[marker] = match[2]
    return found


def readme_blocks(readme: Path) -> dict[str, str]:
    """The generated field tables as they stand in ``readme`` (for the drift test)."""
    return generated_blocks(readme, [marker for marker, _file, _parts in REFERENCE_BLOCKS])


def descriptions(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every field description in a JSON schema, with where it is (``where``: the path
    of keys down to it, for translators)."""
    if isinstance(node, list):
        for item in node:
            yield from descriptions(item, where)
    elif isinstance(node, dict):
        text = node.get("description")
        if isinstance(text, str) and text:
            yield where or "/", text
        for key, value in node.items():
            if key != "description":
                yield from descriptions(value, f"{where}/{key}")


def translated(node: Any, gettext: Callable[[str], str]) -> Any:
    """A JSON schema with every field description in the language of ``gettext``."""
    if isinstance(node, list):
        return [translated(item, gettext) for item in node]
    if isinstance(node, dict):
        return {
            key: gettext(value)
            if key == "description" and isinstance(value, str) and value
            else translated(value, gettext)
            for key, value in node.items()
        }
    return node


def extract_descriptions(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel's extractor of a JSON schema file (see babel.cfg): its field descriptions,
    which the browser editor shows beside each field in the editor's language."""
    name = Path(getattr(fileobj, "name", "schema")).name
    for where, text in descriptions(json.load(fileobj)):
        yield 1, None, text, [f"{name}: {where}"]
