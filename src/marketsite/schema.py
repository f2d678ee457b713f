"""JSON Schema of the data files, generated from the models.

Editors whose editor runs the YAML language server (VS Code's YAML extension,
many others) get completion and errors while typing: each data file names its
schema in a first-line ``# yaml-language-server: $schema=...`` comment.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from marketsite.model import FIGURE_PATTERN, Facts, Names, ReportText

SCHEMA_DIR = "_schema"
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "facts.schema.json": (Facts, "marketsite report facts (facts.yaml)"),
    "text.schema.json": (ReportText, "marketsite report text in one language (text.<lang>.yaml)"),
    "names.schema.json": (Names, "marketsite shared display names (_shared/names.<lang>.yaml)"),
}


def json_schemas() -> dict[str, str]:
    """``{file name: JSON text}`` for every data file kind."""
    out = {}
    for name, (model, title) in SCHEMAS.items():
        schema = _short_forms(model.model_json_schema())
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **schema,
            "title": title,
        }
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return out


def _one_of(schema: dict[str, Any], *forms: dict[str, Any]) -> None:
    """Let ``schema`` (an object form) also be one of the short ``forms``."""
    whole = dict(schema)
    keep: dict[str, Any] = {
        key: whole.pop(key) for key in ("title", "description", "default") if key in whole
    }
    schema.clear()
    schema.update(keep)
    schema["anyOf"] = [*forms, whole]


def _short_forms(schema: dict[str, Any]) -> dict[str, Any]:
    """The short forms the models accept: a CAGR as a number, one CAGR without a list,
    a set of shares as a plain list."""
    defs = schema.get("$defs", {})
    if "Cagr" in defs:
        _one_of(defs["Cagr"], {"type": "number"}, {"type": "string", "pattern": FIGURE_PATTERN})
    if "ShareSet" in defs:
        _one_of(defs["ShareSet"], {"type": "array", "items": {"$ref": "#/$defs/ShareItem"}})
    cagr = schema.get("properties", {}).get("cagr")
    if cagr is not None and "Cagr" in defs:
        _one_of(cagr, {"$ref": "#/$defs/Cagr"})
    return schema


def write_schemas(folder: Path) -> list[Path]:
    """Write the schemas into ``folder`` (normally ``data/_schema``); returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in json_schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
