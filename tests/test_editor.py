"""The editor's commands: new, translations, diff, schema, and their help."""

from __future__ import annotations

import html as html_module
import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from marketsite.cli import main
from marketsite.data.problem_codes import CODES, GUIDES, code_table
from marketsite.data.problems import Problem
from marketsite.data.yaml_source import load_yaml
from marketsite.editing.schema import generated_blocks, json_schemas
from tests.conftest import EXAMPLE_DATA, REPORT_ID, ROOT, edit, line_of

NBSP = "\u00a0"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


# --- marketsite new ------------------------------------------------------------------------


def fill_in(folder: Path) -> None:
    """What an editor does after `new`: replace every TODO with real content."""
    facts = folder / "facts.yaml"
    for old, new in [
        ("base_year: TODO", "base_year: 2024"),
        ("start_year: TODO", "start_year: 2025"),
        ("end_year: TODO", "end_year: 2030"),
        ("{year: TODO, value: TODO}", "{year: 2025, value: 10.0}\n  - {year: 2030, value: 20.0}"),
        ("{value: TODO, from: TODO, to: TODO}", "{value: 14.9, from: 2025, to: 2030}"),
        ("{id: todo-segment, share: TODO}", "{id: email, share: 100}"),
        ("{id: todo-region, share: TODO}", "{id: europe, share: 40}"),
        ("{name: TODO, country: TODO}", "{name: Acme, country: DE}"),
        (
            "{id: todo-development, date: TODO, company: TODO}",
            "{id: launch, date: 2024-05, company: Acme}",
        ),
    ]:
        edit(facts, old, new)
    for text in folder.glob("text.*.yaml"):
        content = text.read_text(encoding="utf-8")
        for old, new in [
            ("todo-segment", "email"),
            ("todo-region", "europe"),
            ("todo-development", "launch"),
        ]:
            content = content.replace(old, new)
        content = re.sub(r"todo-(\w+)", r"our-\1", content)
        content = re.sub(r"TODO[^\n]*", "Written by the editor.", content)
        text.write_text(content, encoding="utf-8")


def test_new_report_lists_placeholders_until_filled(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    code, out, _ = run(
        "new", "smart-meters", "--data-dir", str(data), "-f", str(ROOT / "mkdocs.yml")
    )
    assert code == 0, out
    folder = data / "smart-meters"
    assert sorted(p.name for p in folder.iterdir()) == [
        "facts.yaml",
        "text.de.yaml",
        "text.en.yaml",
    ]
    code, out, _ = run("validate", str(data))
    assert code == 1
    placeholders = [line for line in out.splitlines() if "error[placeholder-text]" in line]
    assert len(placeholders) > 20
    facts = folder / "facts.yaml"
    # A TODO where a number belongs is one problem (a type error), not two.
    base_year = [
        line
        for line in out.splitlines()
        if line.startswith(f"{facts}:") and ": base_year: " in line
    ]
    assert len(base_year) == 1 and "error[wrong-type]" in base_year[0]
    assert any(
        f"{folder / 'text.en.yaml'}:" in line and "market_name" in line for line in placeholders
    )
    fill_in(folder)
    code, out, _ = run("validate", str(data))
    assert code == 0, out
    assert "2 reports checked" in out


def test_a_new_reports_comments_are_in_each_files_language(tmp_path: Path) -> None:
    """A translator filling in text.de.yaml reads its guidance in German."""
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    assert run("new", "smart-meters", "--data-dir", str(data))[0] == 0
    comments = {
        lang: [
            line
            for line in (data / "smart-meters" / f"text.{lang}.yaml")
            .read_text("utf-8")
            .splitlines()
            if line.lstrip().startswith("#") and "yaml-language-server" not in line
        ]
        for lang in ("de", "en")
    }
    assert len(comments["de"]) == len(comments["en"]) >= 8
    assert "Jeder Schlüssel hier muss in jeder Sprache stehen." in comments["de"][0]
    assert "Every key here must exist in every language." in comments["en"][0]
    english_words = {"the", "every", "for", "and", "of"}
    for line in comments["de"]:
        assert not english_words & set(line.lower().replace(".", " ").split()), line


@pytest.mark.parametrize("bad", ["../x", "a/b", "Smart Meters", "..", "x--y", ""])
def test_new_refuses_unsafe_ids(tmp_path: Path, bad: str) -> None:
    code, _, err = run("new", bad, "--data-dir", str(tmp_path / "data"))
    assert code == 1
    assert "not a valid report id" in err
    assert not (tmp_path / "x").exists() and not (tmp_path / "data").exists()


def test_new_refuses_an_existing_report(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    before = (data / REPORT_ID / "facts.yaml").read_text(encoding="utf-8")
    code, _, err = run("new", REPORT_ID, "--data-dir", str(data))
    assert code == 1 and "already exists" in err
    assert (data / REPORT_ID / "facts.yaml").read_text(encoding="utf-8") == before


# --- marketsite translations ---------------------------------------------------------------


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def data_repo(tmp_path: Path) -> Path:
    """A git repository whose first commit holds the example data."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE_DATA, repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "edition 1", "--date", "2026-01-01T10:00:00")
    return repo


def translations(repo: Path, *args: str) -> tuple[int, str]:
    code, out, _ = run("translations", str(repo / "data"), "-f", str(ROOT / "mkdocs.yml"), *args)
    return code, out


def test_translations_find_a_removed_key_and_an_untranslated_one(data_repo: Path) -> None:
    data = data_repo / "data"
    german = data / REPORT_ID / "text.de.yaml"
    english = data / REPORT_ID / "text.en.yaml"
    edit(
        german,
        "  restraint: >-\n    Datenschutzbedenken und der Aufwand, viele Kommunikationskanäle zu\n"
        "    integrieren, können die Verbreitung von Omni-Channel-Strategien bremsen.\n",
        "",
    )
    edit(
        english,
        "Data protection and regulatory compliance remain a challenge",
        "Datenschutz und die Einhaltung gesetzlicher Vorgaben bleiben eine Herausforderung",
    )
    code, out = translations(data_repo, "--check")
    assert code == 1
    rows = [line.split() for line in out.splitlines()]
    assert ["de", REPORT_ID, "key_findings.restraint", "missing"] in [r[:4] for r in rows]
    assert ["en", REPORT_ID, "dynamics.challenges.data-privacy.headline", "identical"] in [
        r[:4] for r in rows
    ]


def test_translations_find_stale_keys_from_git_history(data_repo: Path) -> None:
    german = data_repo / "data" / REPORT_ID / "text.de.yaml"
    code, out = translations(data_repo, "--check")
    assert code == 0, out
    edit(german, "summary: >-\n  Dienste, die", "summary: >-\n  Plattformen, die")
    git(data_repo, "commit", "-qam", "revise German summary", "--date", "2026-02-01T10:00:00")
    code, out = translations(data_repo, "--check")
    assert code == 1
    stale = [line for line in out.splitlines() if " stale " in line]
    assert len(stale) == 1 and "summary" in stale[0] and stale[0].startswith("en ")
    edit(
        data_repo / "data" / REPORT_ID / "text.en.yaml",
        "  Services that join",
        "  Platforms that join",
    )
    code, out = translations(data_repo, "--check")
    assert code == 0, out  # the uncommitted translation counts as touched now


def test_a_stale_key_shows_the_translator_what_changed_in_the_source(data_repo: Path) -> None:
    """As Crowdin and Weblate do: the source now, the source at the translation's last
    edit, and the change in words, on the status page and in the JSON for tools."""
    german = data_repo / "data" / REPORT_ID / "text.de.yaml"
    edit(german, "summary: >-\n  Dienste, die", "summary: >-\n  Plattformen, die")
    git(data_repo, "commit", "-qam", "revise German summary", "--date", "2026-02-01T10:00:00")
    _code, out = translations(data_repo, "--format", "json")
    (stale,) = [issue for issue in json.loads(out) if issue["status"] == "stale"]
    assert stale["source_text"].startswith("Plattformen, die E-Mail")
    assert stale["source_before"].startswith("Dienste, die E-Mail")
    page = data_repo / "status.html"
    translations(data_repo, "--html", str(page))
    html = page.read_text(encoding="utf-8")
    assert "<del>Dienste,</del> <ins>Plattformen,</ins> die E-Mail" in html
    assert "Before: Dienste, die E-Mail" in html


def test_translations_say_when_git_cannot_tell(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE_DATA, tmp_path / "data")
    code, out = translations(tmp_path)
    assert code == 0
    assert "untracked" in out and "not tracked by git" in out


# --- marketsite diff -----------------------------------------------------------------------


@pytest.fixture
def two_editions(data_repo: Path) -> Path:
    """Edition v1 (the example) and v2 (revised figures, a new player and development)."""
    git(data_repo, "tag", "v1")
    facts = data_repo / "data" / REPORT_ID / "facts.yaml"
    edit(facts, "{year: 2035, value: 58.25,", "{year: 2035, value: 61.2,")
    edit(facts, "{value: 10.1, from: 2026", "{value: 10.6, from: 2026")
    edit(facts, "{id: europe, share: about 30}", "{id: europe, share: 28}")
    edit(
        facts,
        "{name: Starbucks, country: US}",
        "{name: Starbucks, country: US}\n  - {name: Twilio, country: US}",
    )
    edit(
        facts,
        "developments:\n",
        "developments:\n  - {id: twilio-ai, date: 2025-06, company: Twilio}\n",
    )
    for lang, text in (
        ("de", "Twilio stellte KI-Agenten vor."),
        ("en", "Twilio introduced AI agents."),
    ):
        edit(
            data_repo / "data" / REPORT_ID / f"text.{lang}.yaml",
            "developments:\n",
            f"developments:\n  twilio-ai: {text}\n",
        )
    git(data_repo, "commit", "-qam", "edition 2")
    git(data_repo, "tag", "v2")
    return data_repo


def diff(repo: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["diff", *args], catch_exceptions=False, env=None)
    return result.exit_code, result.stdout


def test_diff_between_two_git_tags_in_text(
    two_editions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(two_editions)
    code, out = diff(two_editions, "v1", "v2")
    assert code == 0, out
    assert "market size 2035: 58.25 -> 61.2 (+5.1 %)" in out
    # A CAGR changes in percentage points, not in percent of itself.
    assert "CAGR 2026–2035: 10.1 % -> 10.6 % (+0.5 points)" in out
    assert "share regions.europe: about 30 % -> 28 % (-2.0 points)" in out
    assert "player added: Twilio (US)" in out
    assert "development added: twilio-ai (2025-06)" in out


def test_diff_as_markdown_and_json(two_editions: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(two_editions)
    code, markdown = diff(two_editions, "v1", "v2", "--format", "markdown")
    assert code == 0
    assert markdown.startswith("# Changes from v1 to v2\n")
    assert f"## {REPORT_ID}" in markdown
    assert "- market size 2035: 58.25 → 61.2 (+5.1 %)" in markdown
    assert "- player added: Twilio (US)" in markdown
    code, text = diff(two_editions, "v1", "v2", "--format", "json")
    changes = json.loads(text)["changes"]
    size = next(c for c in changes if c["kind"] == "size" and c["field"] == "2035")
    assert (size["old"], size["new"], round(size["percent"], 1)) == (58.25, 61.2, 5.1)
    share = next(c for c in changes if c["kind"] == "share")
    assert (share["field"], share["old"], share["new"]) == ("regions.europe", "about 30", 28)
    assert round(share["points"], 1) == -2.0
    assert any(c["kind"] == "development" and c["new"] == "2025-06" for c in changes)


def test_release_notes_for_readers_in_each_language(
    two_editions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(two_editions)
    code, german = diff(two_editions, "v1", "v2", "--format", "notes", "--lang", "de")
    assert code == 0
    plain = re.sub(r"\\(.)", r"\1", german)
    assert "## Omni-Channel-Kommunikationsdienste" in plain
    assert (
        f"- Marktgröße 2035: 58,25{NBSP}Mrd.{NBSP}$ → 61,2{NBSP}Mrd.{NBSP}$ (+5,1{NBSP}%)" in plain
    )
    assert f"- CAGR 2026–2035: 10,1{NBSP}% → 10,6{NBSP}% (+0,5 Pp.)" in plain
    assert f"- Anteil – Europa: rund 30{NBSP}% → 28{NBSP}% (-2,0 Pp.)" in plain
    assert "- Neues Unternehmen: Twilio (Vereinigte Staaten)" in plain
    assert "- Neue Entwicklung (Juni 2025): Twilio stellte KI-Agenten vor." in plain
    code, english = diff(two_editions, "v1", "v2", "--format", "notes", "--lang", "en")
    plain = re.sub(r"\\(.)", r"\1", english)
    assert "- Market size 2035: US$58.25bn → US$61.2bn (+5.1%)" in plain
    assert "- CAGR 2026–2035: 10.1% → 10.6% (+0.5 pp)" in plain


EVERY_KIND = [
    ("facts", "currency: USD", "currency: EUR", "meta", "currency"),
    ("facts", "base_year: 2025", "base_year: 2024", "meta", "base_year"),
    ("facts", "  end_year: 2035", "  end_year: 2036", "meta", "forecast"),
    (
        "facts",
        "{year: 2026, value: 24.71, status: estimate}",
        "{year: 2026, value: 24.71, status: actual}",
        "meta",
        "market_size.2026.status",
    ),
    ("facts", "{year: 2035, value: 58.25,", "{year: 2035, value: about 58.25,", "size", "2035"),
    (
        "facts",
        "  - {value: 10.1, from: 2026, to: 2035}",
        "  - {value: 10.1, from: 2026, to: 2034}",
        "cagr",
        "2026–2034",
    ),
    ("facts", "{id: email, share: 35}", "{id: email, share: 34}", "share", "segments.type.email"),
    (
        "facts",
        "{id: retail}",
        "{id: retail}\n    - {id: logistics}",
        "item",
        "segments.application.logistics",
    ),
    (
        "facts",
        "regions:\n  - {id: north-america",
        "regions:\n  year: 2025\n  items:\n  - {id: north-america",
        "share-year",
        "regions",
    ),
    (
        "facts",
        "{id: europe, share: about 30}",
        "{id: europe, share: about 30, cagr: {value: 9.5, from: 2026, to: 2035}}",
        "item-cagr",
        "regions.europe",
    ),
    (
        "facts",
        "share: about 15, fastest: true}",
        "share: about 15}",
        "item-flag",
        "regions.asia-pacific.fastest",
    ),
    (
        "facts",
        "{name: Emarsys, country: AT}",
        "{name: Emarsys, country: DE}",
        "player-country",
        "Emarsys",
    ),
    ("facts", "{name: Starbucks, country: US}", "{name: Twilio, country: US}", "player", "Twilio"),
    (
        "facts",
        "  - {name: HubSpot, country: US}\n  - {name: Apple, country: US}",
        "  - {name: Apple, country: US}\n  - {name: HubSpot, country: US}",
        "player-order",
        "players",
    ),
    ("facts", "date: 2023-03", "date: 2023-04", "development-date", "salesforce-slack-gpt"),
    (
        "facts",
        "company: Salesforce",
        "company: Slack",
        "development-company",
        "salesforce-slack-gpt",
    ),
    (
        "facts",
        "{value: 2023, unit: year}",
        "{value: 2022, unit: year}",
        "figure",
        "cloud-investment-year",
    ),
    ("text.en", "Services that join", "Platforms that join", "text", "summary"),
    ("text.de", "E-Mail bleibt wegen", "E-Mail bleibt dank", "text", "segments.type.email"),
]


@pytest.mark.parametrize(("file", "old", "new", "kind", "field"), EVERY_KIND)
def test_diff_reports_every_kind_of_change(
    tmp_path: Path, file: str, old: str, new: str, kind: str, field: str
) -> None:
    before, after = tmp_path / "old", tmp_path / "new"
    shutil.copytree(EXAMPLE_DATA, before)
    shutil.copytree(EXAMPLE_DATA, after)
    if kind == "item":  # a new segment needs its name and its text
        for lang, name in (("de", "Logistik"), ("en", "logistics")):
            edit(
                after / "_shared" / f"names.{lang}.yaml",
                "segments:\n",
                f"segments:\n  logistics: {name}\n",
            )
            edit(
                after / REPORT_ID / f"text.{lang}.yaml",
                "    retail: >-\n",
                f"    logistics: {name}.\n    retail: >-\n",
            )
    edit(after / REPORT_ID / f"{file}.yaml", old, new)
    code, output = diff(tmp_path, str(before), str(after), "--format", "json")
    assert code == 0, output
    changes = json.loads(output)["changes"]
    assert any(c["kind"] == kind and c["field"] == field for c in changes), changes


def test_diff_between_folders_reports_added_reports(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(EXAMPLE_DATA, old)
    shutil.copytree(EXAMPLE_DATA, new)
    shutil.copytree(new / REPORT_ID, new / "second-market")
    for lang in ("de", "en"):
        text = new / "second-market" / f"text.{lang}.yaml"
        text.write_text(
            re.sub(
                r"^slug: .*$", "slug: second-market", text.read_text(encoding="utf-8"), flags=re.M
            ),
            encoding="utf-8",
        )
    code, out = diff(tmp_path, str(old), str(new))
    assert code == 0, out
    assert "report added: second-market (Omni-Channel-Kommunikationsdienste)" in out


def test_diff_refuses_an_invalid_edition(tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(EXAMPLE_DATA, old)
    edit(old / REPORT_ID / "facts.yaml", "base_year: 2025", "base_year: later")
    result = CliRunner().invoke(main, ["diff", str(old), str(EXAMPLE_DATA)])
    assert result.exit_code == 1
    assert "has data errors" in result.stderr and "Traceback" not in result.output


# --- JSON Schema, help, progress -----------------------------------------------------------


def test_committed_schemas_are_current_and_named_by_the_data_files() -> None:
    for name, text in json_schemas().items():
        assert (EXAMPLE_DATA / "_schema" / name).read_text(encoding="utf-8") == text, (
            "run `marketsite schema`"
        )
    for path in EXAMPLE_DATA.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../_schema/"), path
        schema_file = (path.parent / first.split("$schema=")[1]).resolve()
        assert schema_file.is_file()


def test_schema_accepts_the_example_and_rejects_a_typo() -> None:
    schema = json.loads(
        (EXAMPLE_DATA / "_schema" / "facts.schema.json").read_text(encoding="utf-8")
    )
    source, problems = load_yaml(EXAMPLE_DATA / REPORT_ID / "facts.yaml")
    assert source is not None and not problems
    jsonschema.validate(source.data, schema)
    broken = {**source.data, "cagr_percent": 10.1}
    with pytest.raises(jsonschema.ValidationError, match="cagr_percent"):
        jsonschema.validate(broken, schema)
    text_schema = json.loads(
        (EXAMPLE_DATA / "_schema" / "text.schema.json").read_text(encoding="utf-8")
    )
    german, _ = load_yaml(EXAMPLE_DATA / REPORT_ID / "text.de.yaml")
    assert german is not None
    jsonschema.validate(german.data, text_schema)


def test_readme_field_tables_are_generated_from_the_models() -> None:
    from marketsite.editing.schema import readme_blocks, reference_blocks

    assert readme_blocks(ROOT / "README.md") == reference_blocks(), "run `marketsite schema`"


def test_every_schema_field_has_a_description_and_an_example() -> None:
    def fields(node: object, path: str = "") -> list[tuple[str, dict]]:
        found = []
        if isinstance(node, dict):
            for name, field in node.get("properties", {}).items():
                found.append((f"{path}.{name}", field))
                found += fields(field, f"{path}.{name}")
            for key, value in node.items():
                if key != "properties":
                    found += fields(value, path)
        elif isinstance(node, list):
            for item in node:
                found += fields(item, path)
        return found

    for name, text in json_schemas().items():
        for path, field in fields(json.loads(text)):
            assert field.get("description"), f"{name}: {path} has no description"
            assert field.get("examples"), f"{name}: {path} has no example"
    facts = json.loads(json_schemas()["facts.schema.json"])
    assert len(fields(facts)) >= 27


#: Problems the schema can see too (the rest need several fields or files at once).
SCHEMA_LEVEL = {
    "unknown-country",  # its form; which codes exist, the schema does not list
    "number-out-of-bounds",
    "invalid-value",
    "missing-key",
    "unknown-key",
    "wrong-type",
    "negative-value",
    "not-finite",
    "cagr-out-of-range",
    "invalid-id",
    "placeholder-text",
    "old-format",
}


def schema_for(path: Path) -> dict:
    kind = "names" if path.name.startswith("names.") else path.name.split(".")[0]
    return json.loads(json_schemas()[f"{kind}.schema.json"])


def ide_accepts(path: Path) -> bool:
    """What an editor's YAML language server says: the parsed file against its schema."""
    source, problems = load_yaml(path)
    assert source is not None and not problems, path
    return jsonschema.Draft202012Validator(schema_for(path)).is_valid(source.data)


def validate_accepts(data: Path, path: Path) -> bool:
    from marketsite.checks.validate import validate_data_dir

    result = validate_data_dir(data, ("de", "en"), "de")
    return not [
        p
        for p in result.problems
        if p.file == path and p.code in SCHEMA_LEVEL and p.severity == "error"
    ]


def data_files(data: Path) -> list[Path]:
    return sorted(p for p in data.rglob("*.yaml") if "_schema" not in p.parts)


@pytest.mark.parametrize("corpus", ["example", "corpus", "scaffold"])
def test_ide_validation_agrees_with_validate(tmp_path: Path, corpus: str) -> None:
    data = tmp_path / "data"
    if corpus == "example":
        shutil.copytree(EXAMPLE_DATA, data)
    elif corpus == "corpus":
        shutil.copytree(ROOT / "tests" / "corpus" / "data", data)
    else:
        shutil.copytree(EXAMPLE_DATA, data)
        assert run("new", "fresh-market", "--data-dir", str(data))[0] == 0
    files = data_files(data)
    assert len(files) >= 3
    verdicts = {path: (ide_accepts(path), validate_accepts(data, path)) for path in files}
    assert all(ide == ours for ide, ours in verdicts.values()), verdicts
    if corpus == "scaffold":
        assert not verdicts[data / "fresh-market" / "facts.yaml"][0]
    else:
        assert all(ide for ide, _ours in verdicts.values())


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("facts.yaml", "cagr:   ", "cagrr:  "),
        ("facts.yaml", "value: 24.71,", "value: 24.71 %,"),
        ("facts.yaml", "{value: 10.1, from", "{value: 150, from"),
        ("facts.yaml", "{id: email, share: 35}", "{id: con, share: 35}"),
        ("facts.yaml", "{id: email, share: 35}", "{id: email, share: 135}"),
        ("facts.yaml", "  type:\n", "  Type:\n"),
        ("facts.yaml", "date: 2023-03", "date: March 2023"),
        # What an IDE once showed green and validate refuses: a lower-case country code,
        # a month that does not exist, infinity. (NaN no schema can refuse: it is no
        # smaller and no larger than any bound.)
        ("facts.yaml", "{name: HubSpot, country: US}", "{name: HubSpot, country: us}"),
        ("facts.yaml", "date: 2023-03", "date: 2023-13"),
        ("facts.yaml", "{year: 2026, value: 24.71,", "{year: 2026, value: .inf,"),
        ("facts.yaml", "{year: 2026, value: 24.71,", "{year: 2026, value: 'about .inf',"),
        ("text.en.yaml", "slug: omni-channel-communication-services", "slug: nul"),
        ("text.en.yaml", "market_name: omni-channel communication services", "market_name: TODO"),
    ],
)
def test_the_schema_refuses_what_validate_refuses(
    tmp_path: Path, file: str, old: str, new: str
) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    path = data / REPORT_ID / file
    edit(path, old, new)
    assert not ide_accepts(path)
    assert not validate_accepts(data, path)


def test_schema_command_writes_the_files(tmp_path: Path) -> None:
    code, _, _ = run("schema", "--output", str(tmp_path))
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "facts.schema.json",
        "names.schema.json",
        "text.schema.json",
    ]


@pytest.mark.parametrize("command", sorted(main.commands))  # type: ignore[attr-defined]
def test_every_command_has_help_with_examples(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Examples:" in out and f"marketsite {command}" in out


def test_validating_many_reports_shows_progress(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    for number in range(24):
        folder = data / f"copy-{number}"
        shutil.copytree(data / REPORT_ID, folder)
        for lang in ("de", "en"):
            text = folder / f"text.{lang}.yaml"
            text.write_text(
                re.sub(
                    r"^slug: .*$",
                    f"slug: copy-{number}",
                    text.read_text(encoding="utf-8"),
                    flags=re.M,
                ),
                encoding="utf-8",
            )
    code, out, err = run("validate", str(data))
    assert code == 0, out
    assert "validating" in err
    assert "25 reports checked" in out


def test_the_guides_code_tables_are_the_registry() -> None:
    """Both guides explain every code, as problem_codes.py says (`marketsite schema`)."""
    for lang, name in GUIDES.items():
        blocks = generated_blocks(ROOT / name, ["codes"])
        assert blocks == {"codes": code_table(lang)}, f"{name}: run `marketsite schema`"
        # The generated table is what a reader sees: one row per code.
        rows = re.findall(r"^\| `([a-z0-9-]+)` \|", blocks["codes"], flags=re.M)
        assert rows == list(CODES)


def test_a_problem_code_outside_the_registry_cannot_be_made(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=re.escape("not in marketsite.data.problem_codes.CODES")):
        Problem("made-up-code", "message", tmp_path / "facts.yaml")
    assert Problem("cagr-mismatch", "message", tmp_path / "facts.yaml").code == "cagr-mismatch"


def test_every_registered_code_is_used() -> None:
    """No code in the guides that no check can report: each is written in a stage."""
    source = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "src/marketsite").rglob("*.py")
        if p.name != "problem_codes.py"
    )
    unused = [code for code in CODES if f'"{code}"' not in source]
    assert unused == []


def test_rewrapping_the_source_does_not_make_a_translation_stale(data_repo: Path) -> None:
    german = data_repo / "data" / REPORT_ID / "text.de.yaml"
    edit(
        german,
        "  Dienste, die E-Mail, Telefon, SMS und Social Media zu einem durchgängigen\n",
        "  Dienste, die E-Mail, Telefon, SMS und Social Media\n  zu einem   durchgängigen\n",
    )
    git(data_repo, "commit", "-qam", "re-wrap German summary", "--date", "2026-02-01T10:00:00")
    code, out = translations(data_repo, "--check")
    assert code == 0, out
    edit(german, "  zu einem   durchgängigen\n", "  zu einem nahtlosen\n")
    git(data_repo, "commit", "-qam", "reword German summary", "--date", "2026-02-02T10:00:00")
    code, out = translations(data_repo, "--check")
    assert code == 1
    stale = [line for line in out.splitlines() if " stale " in line]
    assert len(stale) == 1 and "summary" in stale[0] and stale[0].startswith("en ")


def test_translations_write_an_html_status_page(data_repo: Path) -> None:
    english = data_repo / "data" / REPORT_ID / "text.en.yaml"
    source = english.read_text(encoding="utf-8")
    start = source.index("  outlook:\n")
    english.write_text(source[:start], encoding="utf-8")
    page = data_repo / "status.html"
    code, _out = translations(data_repo, "--html", str(page))
    assert code == 0
    html = page.read_text(encoding="utf-8")
    assert "<h2>omni-channel-communication-services · en</h2>" in html
    assert "<code>faq.outlook.question</code>" in html and "missing" in html
    # The missing key's source text is shown, in its language, for the translator.
    german = load_yaml(data_repo / "data" / REPORT_ID / "text.de.yaml")[0]
    assert german is not None
    question = html_module.escape(german.data["faq"]["outlook"]["question"])
    assert f'<td lang="de">{question}</td>' in html


def test_prose_left_empty_in_one_language_is_a_missing_translation(data_repo: Path) -> None:
    """`summary: null` in English while German has a summary: the reader of the English
    page would miss a whole paragraph. validate and translations --check both say so."""
    english = data_repo / "data" / REPORT_ID / "text.en.yaml"
    german = data_repo / "data" / REPORT_ID / "text.de.yaml"
    text = english.read_text(encoding="utf-8")
    start = text.index("summary: >-")
    end = text.index("\n", text.index("\n", start) + 1)  # the block's first line of text
    while text[end + 1 : end + 3] == "  ":  # and the rest of the block
        end = text.index("\n", end + 1)
    english.write_text(text[:start] + "summary: null" + text[end:], encoding="utf-8")
    line = line_of(english, "summary: null")
    code, out, _ = run("validate", str(data_repo / "data"))
    assert code == 1
    assert (
        f"text.en.yaml:{line}: summary: error[missing-translation]: 'summary' has no text here, "
        f"but text.de.yaml (line {line_of(german, 'summary:')}) has"
    ) in out
    code, out = translations(data_repo, "--check")
    assert code == 1
    assert ["en", REPORT_ID, "summary", "missing"] in [r.split()[:4] for r in out.splitlines()]


def test_a_name_plural_in_one_language_only_needs_no_translation(data_repo: Path) -> None:
    """Whether a noun is plural is grammar of one language: German may write
    {name: ..., plural: true} where English writes plain text."""
    names = data_repo / "data" / "_shared" / "names.de.yaml"
    edit(
        names,
        "social-media: Social Media",
        "social-media: {name: Social Media, plural: true, dative: Social Media}",
    )
    code, out, _ = run("validate", str(data_repo / "data"))
    assert code == 0, out
    code, out = translations(data_repo, "--check")
    assert code == 0, out
    assert "plural" not in out
    assert "dative" not in out


def test_diff_and_notes_see_a_series_value_and_a_publication_date(tmp_path: Path) -> None:
    """A corrected value in series.csv is a changed market size; a publication date stated
    for the first time is a change readers are told, in their language and calendar."""
    before, after = tmp_path / "old", tmp_path / "new"
    shutil.copytree(EXAMPLE_DATA, before)
    for folder, value in ((before, "21.3"), (after, "21.9")):
        if folder is after:
            shutil.copytree(before, after)
        (folder / REPORT_ID / "series.csv").write_text(
            f"year,value\n2023,19.4\n2024,{value}\n", encoding="utf-8"
        )
    edit(after / REPORT_ID / "facts.yaml", "currency: USD", "currency: USD\npublished: 2026-01")
    code, output = diff(tmp_path, str(before), str(after))
    assert code == 0, output
    assert "market size 2024: 21.3 -> 21.9 (+2.8 %)" in output
    assert "published: — -> 2026-01" in output
    code, german = diff(tmp_path, str(before), str(after), "--format", "notes", "--lang", "de")
    assert code == 0, german
    shown = german.replace("\\", "")  # as Markdown shows it (the notes are Markdown)
    assert f"Marktgröße 2024: 21,3{NBSP}Mrd.{NBSP}$ → 21,9{NBSP}Mrd.{NBSP}$ (+2,8{NBSP}%)" in shown
    assert "Datum der Veröffentlichung: — → Januar 2026" in shown


def test_a_new_order_of_the_key_companies_is_a_change_readers_see(tmp_path: Path) -> None:
    """The publisher ranks the companies anew: the notes say so, with the new order."""
    before, after = tmp_path / "old", tmp_path / "new"
    shutil.copytree(EXAMPLE_DATA, before)
    shutil.copytree(EXAMPLE_DATA, after)
    edit(
        after / REPORT_ID / "facts.yaml",
        "  - {name: HubSpot, country: US}\n  - {name: Apple, country: US}",
        "  - {name: Apple, country: US}\n  - {name: HubSpot, country: US}",
    )
    code, output = diff(tmp_path, str(before), str(after))
    assert code == 0, output
    assert "order of the players: HubSpot, Apple, Amazon, " in output
    assert "-> Apple, HubSpot, Amazon, " in output
    code, german = diff(tmp_path, str(before), str(after), "--format", "notes", "--lang", "de")
    assert "Reihenfolge der wichtigsten Unternehmen: Apple, HubSpot, Amazon, Oracle" in german


def test_notes_name_sectors_areas_and_units_in_the_readers_words(tmp_path: Path) -> None:
    """Ids and English words stay out of the readers' notes, and the Markdown needs no
    backslash before a hyphen, a bracket or a full stop (the GitHub release shows it)."""
    before, after = tmp_path / "old", tmp_path / "new"
    shutil.copytree(EXAMPLE_DATA, before)
    shutil.copytree(EXAMPLE_DATA, after)
    facts = after / REPORT_ID / "facts.yaml"
    edit(facts, "sector: telecommunications", "sector: software")
    edit(facts, "regional_coverage: global", "regional_coverage: europe")
    for lang, name in (("de", "Software"), ("en", "software")):
        names = after / "_shared" / f"names.{lang}.yaml"
        names.write_text(
            names.read_text("utf-8").replace("sectors:\n", f"sectors:\n  software: {name}\n"),
            "utf-8",
        )
    code, german = diff(tmp_path, str(before), str(after), "--format", "notes", "--lang", "de")
    assert code == 0, german
    assert "- Branche: Telekommunikation → Software" in german
    assert "- Regionale Abdeckung: Global → Europa" in german
    assert "## Omni-Channel-Kommunikationsdienste" in german
    assert "\\" not in german
    code, english = diff(tmp_path, str(before), str(after), "--format", "notes", "--lang", "en")
    assert "- Sector: Telecommunications → software" in english
    assert "- Regional coverage: Global → Europe" in english


def test_diff_and_notes_see_sources_stated_changes_and_second_wordings(tmp_path: Path) -> None:
    """Fields added for claims are data too: an edit of them is a change readers see."""
    before, after = tmp_path / "old", tmp_path / "new"
    shutil.copytree(EXAMPLE_DATA, before)
    shutil.copytree(EXAMPLE_DATA, after)
    facts = after / REPORT_ID / "facts.yaml"
    edit(
        facts,
        "historical_data: true\n",
        "historical_data: true\n"
        "sources:\n  - {organisation: Nordlicht Research, title: Omni 2026}\n"
        "changes:\n  - {to: 2027, value: 11}\n",
    )
    edit(facts, "{id: email, share: 35}", "{id: email, share: 35, also_stated: about 35}")
    code, output = diff(tmp_path, str(before), str(after))
    assert code == 0, output
    assert "sources: — -> Nordlicht Research, Omni 2026" in output
    assert "changes: — -> 2026–2027: 11 %" in output
    assert "second_wordings: — -> segments.type.email: about 35" in output
    code, german = diff(tmp_path, str(before), str(after), "--format", "notes", "--lang", "de")
    # In the page's words: the title quoted, the change and the second wording as the
    # page and its editor's note say them, with no id and no English word.
    assert "- Quellen: — → Nordlicht Research: „Omni 2026“" in german
    assert f"- Veränderungen laut Herausgeber: — → Veränderung 2027: 11{NBSP}%" in german
    assert (
        "- Zahlen, die der Herausgeber auch anders nennt: — → Der Herausgeber nennt den "
        f"Anteil (E-Mail) auch als rund 35{NBSP}%." in german
    )


def two_copies(tmp_path: Path) -> tuple[Path, Path]:
    before, after = tmp_path / "old", tmp_path / "new"
    shutil.copytree(EXAMPLE_DATA, before)
    shutil.copytree(EXAMPLE_DATA, after)
    return before, after


def test_a_renamed_company_reads_as_a_rename(tmp_path: Path) -> None:
    """The same headquarters and a similar name: renamed, not removed and added; a
    different company in the same country is still a replacement."""
    before, after = two_copies(tmp_path)
    facts = after / REPORT_ID / "facts.yaml"
    edit(facts, "{name: Mailchimp, country: US}", "{name: Intuit Mailchimp, country: US}")
    edit(facts, "{name: Starbucks, country: US}", "{name: Twilio, country: US}")
    code, output = diff(tmp_path, str(before), str(after))
    assert code == 0, output
    assert "company renamed: Mailchimp -> Intuit Mailchimp" in output
    assert "player removed: Mailchimp" not in output
    assert "player added: Twilio (US)" in output and "player removed: Starbucks" in output
    assert "order of the players" not in output  # a rename keeps the company's place
    code, german = diff(tmp_path, str(before), str(after), "--format", "notes", "--lang", "de")
    assert "- Unternehmen umbenannt: Mailchimp → Intuit Mailchimp" in german


def test_a_shared_name_change_lists_every_report_that_shows_it(tmp_path: Path) -> None:
    """A name in _shared/names changes every report that shows it, and only those; a
    report's own name for the id shields it."""
    before, after = two_copies(tmp_path)
    for folder in (before, after):
        second = folder / "omni-second"
        shutil.copytree(folder / REPORT_ID, second)
        for lang, slug in (("de", "omni-zwei"), ("en", "omni-two")):
            text = second / f"text.{lang}.yaml"
            text.write_text(re.sub(r"(?m)^slug: .*$", f"slug: {slug}", text.read_text("utf-8")))
        third = folder / "omni-third"
        shutil.copytree(second, third)
        for lang, slug in (("de", "omni-drei"), ("en", "omni-three")):
            text = third / f"text.{lang}.yaml"
            own = {"de": "Telefonate", "en": "phone calls"}[lang]
            text.write_text(
                re.sub(r"(?m)^slug: .*$", f"slug: {slug}", text.read_text("utf-8"))
                + f"names:\n  segments:\n    voice: {own}\n"
            )
    names = after / "_shared" / "names.en.yaml"
    edit(names, "voice: voice calls", "voice: voice telephony")
    for lang, energy in (("de", "Energie"), ("en", "Energy")):  # a name no report shows
        edit(
            after / "_shared" / f"names.{lang}.yaml",
            "sectors:\n",
            f"sectors:\n  energy: {energy}\n",
        )
    code, output = diff(tmp_path, str(before), str(after), "--format", "json")
    assert code == 0, output
    named = [
        (c["report"], c["field"], c["old"], c["new"])
        for c in json.loads(output)["changes"]
        if c["kind"] == "name"
    ]
    assert named == [
        (REPORT_ID, "segments.voice", "voice calls", "voice telephony"),
        ("omni-second", "segments.voice", "voice calls", "voice telephony"),
        ("_shared", "sectors.energy", None, "Energie"),
        ("_shared", "sectors.energy", None, "Energy"),
    ]
    code, english = diff(tmp_path, str(before), str(after), "--format", "notes", "--lang", "en")
    assert english.count("- Name of a segment: voice calls → voice telephony") == 2
    assert "Energy" not in english and "_shared" not in english


def test_notes_never_bend_a_name_nor_compare_across_currencies(tmp_path: Path) -> None:
    """German case stays right whatever the name (no name after "von"); the name comes
    last where a verb would have to agree with it; no change in percent across a new
    currency; sections no reader sees are not listed."""
    before, after = two_copies(tmp_path)
    facts = after / REPORT_ID / "facts.yaml"
    edit(facts, "{id: voice, share: 15}", "{id: voice, share: 14}")
    edit(facts, "share: about 15, fastest: true}", "share: about 15}")
    edit(facts, "{id: europe, share: about 30}", "{id: europe, share: about 30, fastest: true}")
    edit(facts, "currency: USD", "currency: EUR")
    edit(facts, "{year: 2035, value: 58.25,", "{year: 2035, value: 61.2,")
    for lang in ("de", "en"):
        text = after / REPORT_ID / f"text.{lang}.yaml"
        text.write_text(text.read_text("utf-8") + "not_figures: [Web 3.0]\n", "utf-8")
    code, german = diff(tmp_path, str(before), str(after), "--format", "notes", "--lang", "de")
    assert code == 0, german
    assert f"- Anteil – Sprachanrufe: 15{NBSP}% → 14{NBSP}% (-1,0 Pp.)" in german
    assert "- Jetzt als am schnellsten wachsend genannt: Europa" in german
    assert "- Nicht mehr als am schnellsten wachsend genannt: Asien-Pazifik" in german
    assert f"- Marktgröße 2035: 58,25{NBSP}Mrd.{NBSP}$ → 61,2{NBSP}Mrd.{NBSP}€\n" in german
    assert "Text überarbeitet" not in german  # not_figures only quiets a check
    code, english = diff(tmp_path, str(before), str(after), "--format", "notes", "--lang", "en")
    assert "- Now named the fastest-growing: Europe" in english
    assert "is now called" not in english


def test_notes_as_plain_text_need_no_markdown_reading(tmp_path: Path) -> None:
    """For an e-mail or a newsletter: the same notes, names exactly as written, with
    nothing escaped; the Markdown form escapes what GitHub would otherwise format."""
    before, after = two_copies(tmp_path)
    edit(after / REPORT_ID / "facts.yaml", "{name: Starbucks,", "{name: 'AT&T *Business*',")
    code, text = diff(tmp_path, str(before), str(after), "--format", "notes-text", "--lang", "en")
    assert code == 0, text
    assert text.startswith("Omni-channel communication services\n" + "=" * 35 + "\n\n")
    assert "- New company: AT&T *Business* (United States)\n" in text
    assert "\\" not in text and "&amp;" not in text
    code, markdown = diff(tmp_path, str(before), str(after), "--format", "notes", "--lang", "en")
    assert "- New company: AT&amp;T \\*Business\\* (United States)" in markdown
