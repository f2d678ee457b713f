"""Every field of every data file is covered by a change kind of ``marketsite diff``.

The fields come from the committed JSON Schemas (the contract editors write to) and
README's description of ``series.csv``; each field gets an edit written here by hand
and the change kind a reader of the diff would expect. A field the schema gains
without an edit here fails the walk: decide its change kind, then add the edit.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from marketsite.checks.validate import validate_data_dir
from marketsite.data.dataset import Dataset
from marketsite.editions.diff import compare
from tests.conftest import EXAMPLE_DATA, REPORT_ID, edit

SCHEMAS = EXAMPLE_DATA / "_schema"


def leaf_paths(schema: dict[str, Any]) -> set[str]:
    """Every field a file of ``schema`` can hold, as "players[].name", "figures.*.unit":
    ``[]`` an item of a list, ``*`` any key of a map."""
    defs = schema.get("$defs", {})
    found: set[str] = set()

    def walk(node: dict[str, Any], path: str, seen: frozenset[str]) -> None:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[1]
            if name not in seen:
                walk(defs[name], path, seen | {name})
            return
        for key in ("anyOf", "oneOf", "allOf"):
            if key in node:
                for option in node[key]:
                    walk(option, path, seen)
                return
        children = [
            (f"{path}.{k}" if path else k, v) for k, v in node.get("properties", {}).items()
        ]
        children += [(f"{path}.*", v) for v in node.get("patternProperties", {}).values()]
        if isinstance(node.get("additionalProperties"), dict):
            children.append((f"{path}.*", node["additionalProperties"]))
        if isinstance(node.get("items"), dict):
            children.append((f"{path}[]", node["items"]))
        for child_path, child in children:
            walk(child, child_path, seen)
        if not children and node.get("type") != "null":
            found.add(path)

    walk(schema, "", frozenset())
    return found


def facts_fields() -> set[str]:
    """The fields of facts.yaml, each once: a share set written as a list or as
    {year, items}, and a CAGR written alone or in a list, are one field each."""
    paths = leaf_paths(json.loads((SCHEMAS / "facts.schema.json").read_text("utf-8")))
    return {p.replace(".items[]", "[]").replace("cagr[]", "cagr") for p in paths}


SOURCES = (
    "historical_data: true\nsources:\n"
    "  - {id: first, organisation: Nordlicht Research, title: Omni 2026}\n"
    "  - {id: second, organisation: Other Research}\n"
)
SHARE = "{id: europe, share: about 30}"
ITEM_CAGR = "{id: europe, share: about 30, cagr: {value: 9.5, from: 2026, to: 2035}}"
SMS = "{id: sms, share: 20}"
SMS_CAGR = "{id: sms, share: 20, cagr: {value: 8, from: 2026, to: 2035}}"
CHANGE = "historical_data: true\nchanges:\n  - {from: 2026, to: 2035, value: 136}\n"

#: facts.yaml: field -> (edits before, edit of the new edition, expected kind, field).
#: Edits are (old text, new text) of the example's facts.yaml; "before" edits apply to
#: both editions, so that the field exists to be changed.
FACTS_EDITS: dict[str, tuple[list[tuple[str, str]], tuple[str, str], str, str]] = {
    "currency": ([], ("currency: USD", "currency: EUR"), "meta", "currency"),
    "unit": ([], ("unit: billion ", "unit: million "), "meta", "unit"),
    "base_year": ([], ("base_year: 2025", "base_year: 2024"), "meta", "base_year"),
    "forecast.start_year": ([], ("start_year: 2026", "start_year: 2027"), "meta", "forecast"),
    "forecast.end_year": ([], ("end_year: 2035", "end_year: 2034"), "meta", "forecast"),
    "historical_data": ([], ("historical_data: true", "historical_data: false"), "meta", ""),
    "regional_coverage": ([], ("coverage: global", "coverage: europe"), "meta", ""),
    "sector": ([], ("sector: telecommunications", "sector: media"), "meta", "sector"),
    "published": ([], ("currency: USD", "currency: USD\npublished: 2026-01"), "meta", ""),
    "updated": ([], ("currency: USD", "currency: USD\nupdated: 2026-02"), "meta", ""),
    "acknowledged.*": ([], ("states 10.1 %;", "gives 10.1 %;"), "meta", "acknowledged"),
    "market_size[].year": (
        [],
        ("{year: 2026, value: 24.71", "{year: 2027, value: 24.71"),
        "size",
        "2027",
    ),
    "market_size[].value": ([], ("value: 24.71", "value: 24.7"), "size", "2026"),
    "market_size[].status": ([], ("status: estimate", "status: actual"), "meta", ""),
    "market_size[].also_stated": (
        [],
        ("status: estimate}", "status: estimate, also_stated: about 25}"),
        "meta",
        "second_wordings",
    ),
    "market_size[].source": (
        [("historical_data: true\n", SOURCES)],
        ("status: estimate}", "status: estimate, source: second}"),
        "meta",
        "sources",
    ),
    "cagr": ([], ("  - {value: 10.1, from: 2026, to: 2035}", "  - 10.2"), "cagr", "2026–2035"),
    "cagr.value": ([], ("{value: 10.1, from", "{value: 10.2, from"), "cagr", "2026–2035"),
    "cagr.from": ([], ("from: 2026, to: 2035}", "from: 2027, to: 2035}"), "cagr", ""),
    "cagr.to": ([], ("from: 2026, to: 2035}", "from: 2026, to: 2034}"), "cagr", ""),
    "cagr.period": ([], ("from: 2026, to: 2035}", "period: not stated}"), "cagr", "…"),
    "cagr.also_stated": ([], ("to: 2035}", "to: 2035, also_stated: 10}"), "meta", ""),
    "cagr.source": (
        [("historical_data: true\n", SOURCES)],
        ("to: 2035}", "to: 2035, source: second}"),
        "meta",
        "sources",
    ),
    "changes[].value": (
        [("historical_data: true\n", CHANGE)],
        ("value: 136", "value: 135"),
        "meta",
        "changes",
    ),
    "changes[].from": (
        [("historical_data: true\n", CHANGE)],
        ("from: 2026, to: 2035, value", "from: 2027, to: 2035, value"),
        "meta",
        "changes",
    ),
    "changes[].to": (
        [("historical_data: true\n", CHANGE)],
        ("to: 2035, value: 136", "to: 2034, value: 136"),
        "meta",
        "changes",
    ),
    "changes[].source": (
        [("historical_data: true\n", SOURCES + "changes:\n  - {to: 2027, value: 11}\n")],
        ("value: 11}", "value: 11, source: second}"),
        "meta",
        "sources",
    ),
    "sources[].id": (
        [("historical_data: true\n", SOURCES)],
        ("id: second", "id: other"),
        "meta",
        "sources",
    ),
    "sources[].organisation": (
        [("historical_data: true\n", SOURCES)],
        ("Other Research", "Other Analysts"),
        "meta",
        "sources",
    ),
    "sources[].title": (
        [("historical_data: true\n", SOURCES)],
        ("title: Omni 2026", "title: Omni 2027"),
        "meta",
        "sources",
    ),
    "sources[].url": (
        [("historical_data: true\n", SOURCES)],
        ("Other Research}", "Other Research, url: 'https://example.org/r'}"),
        "meta",
        "sources",
    ),
    "sources[].report_id": (
        [("historical_data: true\n", SOURCES)],
        ("Other Research}", "Other Research, report_id: R-7}"),
        "meta",
        "sources",
    ),
    "sources[].published": (
        [("historical_data: true\n", SOURCES)],
        ("Other Research}", "Other Research, published: 2025-10}"),
        "meta",
        "sources",
    ),
    "sources[].accessed": (
        [("historical_data: true\n", SOURCES)],
        ("Other Research}", "Other Research, accessed: 2025-11-20}"),
        "meta",
        "sources",
    ),
    "segments.*[].id": (
        [],
        ("{id: bfsi}", "{id: bfsi}\n    - {id: logistics}"),
        "item",
        "segments.application.logistics",
    ),
    "segments.*[].share": (
        [],
        ("{id: email, share: 35}", "{id: email, share: 34}"),
        "share",
        "segments.type.email",
    ),
    "segments.*[].also_stated": (
        [],
        ("share: 35}", "share: 35, also_stated: about 35}"),
        "meta",
        "second_wordings",
    ),
    "segments.*[].source": (
        [("historical_data: true\n", SOURCES)],
        ("share: 35}", "share: 35, source: second}"),
        "meta",
        "sources",
    ),
    "segments.*[].rest": (
        [],
        ("{id: voice, share: 15}", "{id: voice, rest: true}"),
        "item-flag",
        "segments.type.voice.rest",
    ),
    "segments.*[].fastest": (
        [],
        ("{id: sms, share: 20}", "{id: sms, share: 20, fastest: true}"),
        "item-flag",
        "segments.type.sms.fastest",
    ),
    "segments.*[].cagr.value": (
        [],
        ("{id: sms, share: 20}", "{id: sms, share: 20, cagr: {value: 8}}"),
        "item-cagr",
        "",
    ),
    "segments.*[].cagr": (
        [],
        ("{id: sms, share: 20}", "{id: sms, share: 20, cagr: 8}"),
        "item-cagr",
        "segments.type.sms",
    ),
    "segments.*[].cagr.from": (
        [(SMS, SMS_CAGR)],
        ("8, from: 2026", "8, from: 2027"),
        "item-cagr",
        "segments.type.sms",
    ),
    "segments.*[].cagr.to": (
        [(SMS, SMS_CAGR)],
        ("to: 2035}}", "to: 2034}}"),
        "item-cagr",
        "segments.type.sms",
    ),
    "segments.*[].cagr.period": (
        [(SMS, SMS_CAGR)],
        ("from: 2026, to: 2035}}", "period: not stated}}"),
        "item-cagr",
        "segments.type.sms",
    ),
    "segments.*[].cagr.also_stated": (
        [(SMS, SMS_CAGR)],
        ("to: 2035}}", "to: 2035, also_stated: 9}}"),
        "meta",
        "second_wordings",
    ),
    "segments.*[].cagr.source": (
        [("historical_data: true\n", SOURCES), (SMS, SMS_CAGR)],
        ("to: 2035}}", "to: 2035, source: second}}"),
        "meta",
        "sources",
    ),
    "segments.*.year": (
        [],
        ("  type:\n    - {id: email", "  type:\n    year: 2025\n    items:\n    - {id: email"),
        "share-year",
        "segments.type",
    ),
    "regions[].id": ([], ("{id: europe,", "{id: latin-america,"), "item", ""),
    "regions[].share": ([], (SHARE, "{id: europe, share: 31}"), "share", "regions.europe"),
    "regions[].also_stated": (
        [],
        (SHARE, "{id: europe, share: about 30, also_stated: 30}"),
        "meta",
        "second_wordings",
    ),
    "regions[].source": (
        [("historical_data: true\n", SOURCES)],
        (SHARE, "{id: europe, share: about 30, source: second}"),
        "meta",
        "sources",
    ),
    "regions[].rest": ([], (SHARE, "{id: europe, rest: true}"), "item-flag", "regions.europe.rest"),
    "regions[].fastest": (
        [],
        ("share: about 15, fastest: true}", "share: about 15}"),
        "item-flag",
        "regions.asia-pacific.fastest",
    ),
    "regions.year": (
        [],
        (
            "regions:\n  - {id: north-america",
            "regions:\n  year: 2025\n  items:\n  - {id: north-america",
        ),
        "share-year",
        "regions",
    ),
    "regions[].cagr": (
        [],
        (SHARE, "{id: europe, share: about 30, cagr: 9.5}"),
        "item-cagr",
        "regions.europe",
    ),
    "regions[].cagr.value": (
        [(SHARE, ITEM_CAGR)],
        ("value: 9.5", "value: 9.6"),
        "item-cagr",
        "regions.europe",
    ),
    "regions[].cagr.from": (
        [(SHARE, ITEM_CAGR)],
        ("9.5, from: 2026", "9.5, from: 2027"),
        "item-cagr",
        "regions.europe",
    ),
    "regions[].cagr.to": (
        [(SHARE, ITEM_CAGR)],
        ("to: 2035}}", "to: 2034}}"),
        "item-cagr",
        "regions.europe",
    ),
    "regions[].cagr.period": (
        [(SHARE, ITEM_CAGR)],
        ("from: 2026, to: 2035}}", "period: not stated}}"),
        "item-cagr",
        "regions.europe",
    ),
    "regions[].cagr.also_stated": (
        [(SHARE, ITEM_CAGR)],
        ("to: 2035}}", "to: 2035, also_stated: about 9}}"),
        "meta",
        "second_wordings",
    ),
    "regions[].cagr.source": (
        [("historical_data: true\n", SOURCES), (SHARE, ITEM_CAGR)],
        ("to: 2035}}", "to: 2035, source: second}}"),
        "meta",
        "sources",
    ),
    "players[].name": ([], ("{name: Starbucks,", "{name: Twilio,"), "player", "Twilio"),
    "players[].country": (
        [],
        ("{name: Emarsys, country: AT}", "{name: Emarsys, country: DE}"),
        "player-country",
        "Emarsys",
    ),
    "developments[].id": (
        [],
        ("id: salesforce-slack-gpt", "id: salesforce-gpt"),
        "development",
        "salesforce-gpt",
    ),
    "developments[].date": ([], ("date: 2023-03", "date: 2023-04"), "development-date", ""),
    "developments[].company": (
        [],
        ("company: Salesforce", "company: Slack"),
        "development-company",
        "",
    ),
    "figures.*.value": (
        [],
        ("{value: about 60, unit", "{value: about 65, unit"),
        "figure",
        "cloud-investing-leaders",
    ),
    "figures.*.unit": (
        [],
        ("{value: about 60, unit: percent}", "{value: about 60, unit: share}"),
        "figure",
        "cloud-investing-leaders.unit",
    ),
}


def validated(folder: Path) -> Dataset:
    result = validate_data_dir(folder)
    errors = [str(p) for p in result.problems if p.severity.value == "error"]
    assert result.dataset is not None, errors
    return result.dataset


@pytest.fixture(scope="module")
def unchanged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Dataset]:
    """A copy of the example's data as shipped, validated once: the old edition of every
    test that edits only the new one."""
    folder = tmp_path_factory.mktemp("unchanged") / "old"
    shutil.copytree(EXAMPLE_DATA, folder)
    return folder, validated(folder)


def changes_between(
    tmp_path: Path, old: tuple[Path, Dataset] | Callable[[Path], object], change_new: Any
) -> list[Any]:
    """The changes ``marketsite diff`` finds between two copies of the example: ``old``
    the example as shipped (:func:`unchanged`) or as a function edits it, and a copy of
    that edited by ``change_new``."""
    if isinstance(old, tuple):
        before, old_edition = old
    else:
        before = tmp_path / "old"
        shutil.copytree(EXAMPLE_DATA, before)
        old(before)
        old_edition = validated(before)
    after = tmp_path / "new"
    shutil.copytree(before, after)
    change_new(after)
    return compare(old_edition, validated(after))


def test_every_field_of_facts_yaml_has_an_edit_and_a_change_kind() -> None:
    fields = facts_fields()
    uncovered = sorted(fields - FACTS_EDITS.keys())
    assert not uncovered, f"no change kind is known for these facts.yaml fields: {uncovered}"
    assert not FACTS_EDITS.keys() - fields, "edits for fields the schema no longer has"


@pytest.mark.parametrize("field", sorted(FACTS_EDITS))
def test_diff_sees_an_edit_of_each_facts_field(
    tmp_path: Path, unchanged: tuple[Path, Dataset], field: str
) -> None:
    setup, (old, new), kind, changed = FACTS_EDITS[field]
    names = {"media": ("Medien", "Media"), "logistics": ("Logistik", "logistics")}

    def prepare(folder: Path) -> None:
        for before, after in setup:
            edit(folder / REPORT_ID / "facts.yaml", before, after)

    def revise(folder: Path) -> None:
        edit(folder / REPORT_ID / "facts.yaml", old, new)
        for key, (de, en) in names.items():  # a new id needs its name (and its text)
            if key not in new:
                continue
            for lang, name in (("de", de), ("en", en)):
                group = "sectors" if key == "media" else "segments"
                edit(
                    folder / "_shared" / f"names.{lang}.yaml",
                    f"{group}:\n",
                    f"{group}:\n  {key}: {name}\n",
                )
                text = folder / REPORT_ID / f"text.{lang}.yaml"
                if key == "logistics":
                    edit(text, "    retail: ", f"    logistics: {name}.\n    retail: ")
        if "latin-america" in new:  # its name is shared; its text is the report's
            for lang in ("de", "en"):
                text = folder / REPORT_ID / f"text.{lang}.yaml"
                edit(text, "\n  europe: ", "\n  latin-america: ")
        if "salesforce-gpt" in new:
            for lang in ("de", "en"):
                edit(
                    folder / REPORT_ID / f"text.{lang}.yaml",
                    "salesforce-slack-gpt:",
                    "salesforce-gpt:",
                )

    changes = changes_between(tmp_path, prepare if setup else unchanged, revise)
    found = [(c.kind.value, c.field) for c in changes]
    assert any(k == kind and (not changed or f == changed) for k, f in found), found


#: The id a report of the example shows, per group of names: a name edited here is one
#: a reader sees.
SHOWN_IDS = {
    "regions": "europe",
    "dimensions": "type",
    "segments": "voice",
    "sectors": "telecommunications",
}


def revised(document: dict[str, Any], path: str, names_file: bool) -> tuple[str, str]:
    """Edit the field ``path`` of a loaded text file (or names file) in place; return
    the change kind and field (or text section) the diff should name."""
    parts = path.replace("[]", ".[]").split(".")
    if names_file or parts[0] == "names":
        names = document if names_file else document.setdefault("names", {})
        group = parts[0] if names_file else parts[1]
        shown = SHOWN_IDS[group]
        current = names.setdefault(group, {}).get(shown)
        if isinstance(current, dict):
            current = current["name"]
        if parts[-1] == "plural":  # the same name, now a plural noun
            form = current or "calls"
            names[group][shown] = {"name": form, "plural": True, "dative": form}
        elif parts[-1] == "name":
            names[group][shown] = {"name": "revised name", "plural": False}
        elif parts[-1] == "dative":  # the same name, another form after "von"
            names[group][shown] = {"name": current or "Anrufe", "dative": "revised form"}
        else:
            names[group][shown] = "revised name"
        return "name", f"{group}.{shown}"
    node: Any = document
    for index, part in enumerate(parts[:-1]):
        if parts[index + 1] == "[]":  # a list of words, perhaps not written yet
            node = node.setdefault(part, [])
            break
        node = node[part if part != "*" else next(iter(node))]
    last = parts[-1]
    if last == "[]":  # a list of words
        node.append("Web 3.0")
    else:
        key = last if last != "*" else next(iter(node))
        node[key] = "omni-revised" if key == "slug" else "Revised text."
    return "text", parts[0]


TEXT_FIELDS = leaf_paths(json.loads((SCHEMAS / "text.schema.json").read_text("utf-8")))
NAMES_FIELDS = leaf_paths(json.loads((SCHEMAS / "names.schema.json").read_text("utf-8")))


SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def rewrite(path: Path, field: str, names_file: bool = False) -> tuple[str, str]:
    # libyaml's loader and dumper, where PyYAML has them: the same documents, ten times
    # as fast, for about two hundred rewrites.
    document = yaml.load(path.read_text("utf-8"), Loader=SAFE_LOADER)
    found = revised(document, field, names_file)
    text = yaml.dump(document, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False)
    path.write_text(text, "utf-8")
    return found


@pytest.mark.parametrize("field", sorted(TEXT_FIELDS))
def test_diff_sees_an_edit_of_each_text_field(
    tmp_path: Path, unchanged: tuple[Path, Dataset], field: str
) -> None:
    expected: list[tuple[str, str]] = []

    def revise(folder: Path) -> None:  # in both languages: no translation is missing
        expected.append(rewrite(folder / REPORT_ID / "text.en.yaml", field))
        rewrite(folder / REPORT_ID / "text.de.yaml", field)

    changes = changes_between(tmp_path, unchanged, revise)
    kind, where = expected[0]
    found = [(c.kind.value, c.section if kind == "text" else c.field, c.lang) for c in changes]
    assert (kind, where, "en") in found, found


@pytest.mark.parametrize("field", sorted(NAMES_FIELDS))
def test_diff_sees_an_edit_of_each_shared_name_in_the_reports_that_show_it(
    tmp_path: Path, unchanged: tuple[Path, Dataset], field: str
) -> None:
    expected: list[tuple[str, str]] = []

    def revise(folder: Path) -> None:
        expected.append(rewrite(folder / "_shared" / "names.de.yaml", field, names_file=True))

    changes = changes_between(tmp_path, unchanged, revise)
    kind, where = expected[0]
    found = [(c.report, c.kind.value, c.field, c.lang) for c in changes]
    assert (REPORT_ID, kind, where, "de") in found, found


#: series.csv's columns, as README.md describes them: year, value, and optionally
#: region or segment. Each: (the file before, the file after, kind, field).
SERIES_EDITS = {
    "year": ("year,value\n2023,19.4\n", "year,value\n2022,19.4\n", "size", "2022"),
    "value": ("year,value\n2023,19.4\n", "year,value\n2023,19.6\n", "size", "2023"),
    "region": (
        "year,value,region\n2025,10.1,europe\n",
        "year,value,region\n2025,10.4,europe\n",
        "item-size",
        "regions.europe.2025",
    ),
    "segment": (
        "year,value,segment\n2025,5.5,email\n",
        "year,value,segment\n2025,5.5,sms\n",
        "item-size",
        "segments.sms.2025",
    ),
}


@pytest.mark.parametrize("column", sorted(SERIES_EDITS))
def test_diff_sees_an_edit_of_each_series_column(tmp_path: Path, column: str) -> None:
    before, after, kind, field = SERIES_EDITS[column]
    changes = changes_between(
        tmp_path,
        lambda folder: (folder / REPORT_ID / "series.csv").write_text(before, "utf-8"),
        lambda folder: (folder / REPORT_ID / "series.csv").write_text(after, "utf-8"),
    )
    assert any(c.kind.value == kind and c.field == field for c in changes), changes
