"""The spreadsheet round trip: export a report to a workbook, fill it in, import it back."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from marketsite.cli import main
from marketsite.data.yaml_source import load_yaml
from marketsite.editing.canonical import canonical_facts, canonical_text, dump
from tests.conftest import EXAMPLE_DATA, REPORT_ID, ROOT

CORPUS = ROOT / "tests" / "corpus" / "data"
CONFIG = str(ROOT / "mkdocs.yml")


#: A git that needs no user configuration and reads none of the machine's.
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.com",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def canonical_files(folder: Path) -> dict[str, str]:
    """Each data file of a report folder in its canonical form."""
    out = {}
    for path in sorted(folder.glob("*.yaml")):
        source, problems = load_yaml(path)
        assert source is not None and not problems, path
        if path.name == "facts.yaml":
            out[path.name] = dump(canonical_facts(source.data), "facts")
        else:
            out[path.name] = dump(canonical_text(source.data), "text")
    return out


def round_trip(data: Path, report_id: str, tmp_path: Path) -> Path:
    workbook = tmp_path / f"{report_id}.xlsx"
    code, output = run(
        "export-xlsx", report_id, "--data-dir", str(data), "-o", str(workbook), "-f", CONFIG
    )
    assert code == 0, output
    return workbook


REPORTS = [("example", REPORT_ID)] + [
    ("corpus", p.name) for p in sorted(CORPUS.iterdir()) if p.is_dir() and p.name[0] != "_"
]


def report_data(tmp_path: Path, where: str, report_id: str) -> Path:
    """A data folder with one report of the example or the corpus and the shared files it
    may name: it must come back and validate alone."""
    data = tmp_path / "data"
    source = EXAMPLE_DATA if where == "example" else CORPUS
    shutil.copytree(
        source,
        data,
        ignore=lambda folder, names: [
            name
            for name in names
            if Path(folder) == source and name[0] != "_" and name != report_id
        ],
    )
    if where == "corpus":
        shutil.copytree(EXAMPLE_DATA / "_schema", data / "_schema")
    return data


@pytest.mark.parametrize(("where", "report_id"), REPORTS)
def test_export_then_import_is_lossless(tmp_path: Path, where: str, report_id: str) -> None:
    data = report_data(tmp_path, where, report_id)
    before = canonical_files(data / report_id)
    workbook = round_trip(data, report_id, tmp_path)
    for path in (data / report_id).glob("*.yaml"):
        path.unlink()  # nothing of the old files may survive but what the workbook holds
    code, output = run("import-xlsx", str(workbook), "--data-dir", str(data), "-f", CONFIG)
    assert code == 0, output
    after = {
        p.name: p.read_text(encoding="utf-8") for p in sorted((data / report_id).glob("*.yaml"))
    }
    assert after == before
    code, output = run("validate", str(data), "-f", CONFIG)
    assert code == 0, output


def test_the_workbook_explains_its_columns_and_checks_lists(tmp_path: Path) -> None:
    workbook = round_trip(EXAMPLE_DATA, REPORT_ID, tmp_path)
    book = load_workbook(workbook)
    assert book.sheetnames == [
        "Report",
        "Market size",
        "CAGR",
        "Changes",
        "Shares",
        "Sources",
        "Players",
        "Developments",
        "Figures",
        "Acknowledged",
        "Text",
    ]
    sizes = book["Market size"]
    assert [c.value for c in sizes[1]] == ["year", "value", "also stated", "status", "source"]
    assert "as published" in str(sizes["B2"].value)  # the notes row
    assert [c.value for c in sizes[3]] == [2026, "24.71", None, "estimate", None]
    lists = [v.formula1 for v in sizes.data_validations.dataValidation]
    assert '"actual,estimate,forecast"' in lists
    # Figures are text as typed ("24.70" keeps its zero): the cells written, and the
    # column's format for the cells an editor fills in below them.
    assert sizes["B3"].number_format == "@" and sizes.column_dimensions["B"].number_format == "@"
    assert sizes["A3"].number_format == "General"  # a year is a number
    shares = book["Shares"]
    assert [c.value for c in shares[3]][:4] == ["segments.type", None, "email", "35"]
    text = book["Text"]
    assert [c.value for c in text[1]] == ["key", "de", "en"]
    rows = {row[0].value: [c.value for c in row[1:]] for row in text.iter_rows(min_row=3)}
    assert rows["market_name"] == [
        "Omni-Channel-Kommunikationsdienste",
        "omni-channel communication services",
    ]


def edit_cell(workbook: Path, sheet: str, cell: str, value: object) -> None:
    book = load_workbook(workbook)
    book[sheet][cell] = value
    book.save(workbook)


#: Reports whose files hold what a reformat would lose: the example's comments, a
#: CAGR in short form (a number; a mapping), nulls, and a decline year with two wordings.
KEPT_AS_WRITTEN = [
    ("example", REPORT_ID),
    ("corpus", "hearing-aids"),
    ("corpus", "cyber-insurance"),
    ("corpus", "cinema-advertising"),
]


@pytest.mark.parametrize(("where", "report_id"), KEPT_AS_WRITTEN)
def test_an_unchanged_workbook_leaves_every_file_as_it_was(
    tmp_path: Path, where: str, report_id: str
) -> None:
    """Comments hold editorial decisions: export and import without an edit, and not a
    byte of the editor's files changes."""
    data = report_data(tmp_path, where, report_id)
    before = {p.name: p.read_bytes() for p in (data / report_id).glob("*.yaml")}
    workbook = round_trip(data, report_id, tmp_path)
    code, output = run("import-xlsx", str(workbook), "--data-dir", str(data), "-f", CONFIG)
    assert code == 0, output
    assert {p.name: p.read_bytes() for p in (data / report_id).glob("*.yaml")} == before
    assert "imported: 0 values changed" in output


def test_one_changed_number_is_a_one_line_git_diff(tmp_path: Path) -> None:
    """The shipped example, one number changed in the workbook: the pull request shows
    that line and nothing else (comments, blank lines, layout all stay)."""
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "example"]):
        subprocess.run(["git", *args], cwd=data, check=True, capture_output=True, env=GIT_ENV)
    workbook = round_trip(data, REPORT_ID, tmp_path)
    edit_cell(workbook, "Market size", "B4", "58.40")
    code, output = run("import-xlsx", str(workbook), "--data-dir", str(data), "-f", CONFIG)
    assert code == 0, output
    diff = subprocess.run(
        ["git", "diff", "-U0", "--no-color"], cwd=data, check=True, capture_output=True, text=True
    ).stdout
    changed = [
        line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == [
        "-  - {year: 2035, value: 58.25, status: forecast}",
        "+  - {year: 2035, value: 58.40, status: forecast}",
    ], diff


def test_an_edited_figure_keeps_its_decimals_and_qualifier(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    workbook = round_trip(data, REPORT_ID, tmp_path)
    edit_cell(workbook, "Market size", "B4", "58.40")
    edit_cell(workbook, "Shares", "D3", "about 35")
    edit_cell(workbook, "CAGR", "A3", 10.2)  # typed as a number in Excel
    code, output = run("import-xlsx", str(workbook), "--data-dir", str(data), "-f", CONFIG)
    assert code == 0, output
    facts = (data / REPORT_ID / "facts.yaml").read_text(encoding="utf-8")
    assert "{year: 2035, value: 58.40, status: forecast}" in facts
    assert "{id: email, share: about 35}" in facts
    assert "{value: 10.2, from: 2026, to: 2035}" in facts
    # The editor learns now, at the cell, what validate would say next time; and how
    # much the import changed (a size, a share, the CAGR).
    assert "CAGR!A3 (value): warning[cagr-mismatch]: stated CAGR 10.2 %" in output
    assert "imported: 3 values changed" in output


def test_a_german_workbook_takes_decimal_commas(tmp_path: Path) -> None:
    """The example's source language is German: a figure typed as text the German way
    ("58,40", "rund" aside) is read as the number it is, its decimals kept."""
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    workbook = round_trip(data, REPORT_ID, tmp_path)
    edit_cell(workbook, "Market size", "B4", "58,40")
    edit_cell(workbook, "Shares", "D3", "about 35,5")
    edit_cell(workbook, "Market size", "B3", "1.024,5")
    code, output = run("import-xlsx", str(workbook), "--data-dir", str(data), "-f", CONFIG)
    facts = (data / REPORT_ID / "facts.yaml").read_text(encoding="utf-8")
    assert "{year: 2035, value: 58.40, status: forecast}" in facts
    assert "{id: email, share: about 35.5}" in facts
    assert "value: 1024.5" in facts
    assert code == 0, output


def test_an_import_with_errors_names_the_cells_and_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    workbook = round_trip(data, REPORT_ID, tmp_path)
    before = {p: p.read_bytes() for p in (data / REPORT_ID).iterdir()}
    edit_cell(workbook, "Market size", "B3", "24.71 bn")  # a unit typed into the cell
    edit_cell(workbook, "Shares", "D3", "95")  # type shares now add up to 160 %
    edit_cell(workbook, "Text", "C3", None)  # the English market name is gone
    code, output = run("import-xlsx", str(workbook), "--data-dir", str(data), "-f", CONFIG)
    assert code == 1
    assert "Market size!B3 (value): error[wrong-type]" in output
    assert "expected a number (24.71)" in output
    assert "nothing was written" in output
    assert {p: p.read_bytes() for p in (data / REPORT_ID).iterdir()} == before
    edit_cell(workbook, "Market size", "B3", "24.71")
    code, output = run("import-xlsx", str(workbook), "--data-dir", str(data), "-f", CONFIG)
    assert code == 1
    assert "Shares!D3 (share): error[shares-over-100]" in output
    assert "Text!C3 (market_name, en): error[missing-key]: empty; the text in column en" in output


def test_import_problems_speak_of_cells_rows_and_columns(tmp_path: Path) -> None:
    """Empty cells are named where the value belongs, a deleted row where it belongs,
    and no message names a data file, a line or a YAML key."""
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    workbook = round_trip(data, REPORT_ID, tmp_path)
    edit_cell(workbook, "Market size", "B3", None)  # the 2026 size (24.71)
    edit_cell(workbook, "Report", "B4", None)  # the currency (USD)
    book = openpyxl.load_workbook(workbook)
    text = book["Text"]
    overview = next(r for r in range(3, text.max_row + 1) if text[f"A{r}"].value == "overview")
    text[f"B{overview}"] = None  # the German overview; the English one stays
    book.save(workbook)
    code, output = run("import-xlsx", str(workbook), "--data-dir", str(data), "-f", CONFIG)
    assert code == 1
    assert "Market size!B3 (value): error[missing-key]: empty; a value is required here" in output
    assert "Report!B4 (currency): error[missing-key]: empty; a value is required here" in output
    assert (
        f"Text!B{overview} (overview, de): error[missing-key]: empty; the text in column de"
        in output
    )
    assert (
        f"Text!C{overview} (overview, en): error[left-over-key]: column de has no text in this "
        "row; write it there first, or clear this cell if it is left over"
    ) in output
    for yaml_words in ("yaml", "line ", "`", "add it"):
        assert yaml_words not in output.replace("nothing was written", ""), yaml_words


def test_a_deleted_row_is_named_where_it_belongs(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    workbook = round_trip(data, REPORT_ID, tmp_path)
    book = openpyxl.load_workbook(workbook)
    text = book["Text"]
    keys = [text[f"A{r}"].value for r in range(1, text.max_row + 1)]
    overview = keys.index("overview") + 1
    text.delete_rows(overview)
    report = book["Report"]
    currency = [report[f"A{r}"].value for r in range(1, report.max_row + 1)].index("currency") + 1
    report.delete_rows(currency)
    book.save(workbook)
    code, output = run("import-xlsx", str(workbook), "--data-dir", str(data), "-f", CONFIG)
    assert code == 1
    # The rows after the ones before them: overview after market_name, slug, summary.
    assert (
        f"Text!A{overview}: error[missing-key]: no row for overview: insert a row here with "
        "overview in column A and its text in each language's column"
    ) in output
    assert output.count(f"Text!A{overview}:") == 1  # one problem, not one per language
    assert (
        f"Report!A{currency}: error[missing-key]: no row for currency: insert a row here "
        "with currency in column A and its value in column B, e.g. USD"
    ) in output
    assert ("1 problem" not in output and "3 problems" not in output) or "2 problems" in output


def test_a_file_that_is_no_workbook_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "report.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    code, output = run("import-xlsx", str(fake), "--data-dir", str(EXAMPLE_DATA), "-f", CONFIG)
    assert code == 1 and "not a workbook marketsite can read" in output


# --- a bounded, confined import -------------------------------------------------------------


def _workbook(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    return data, round_trip(data, REPORT_ID, tmp_path)


def _import(workbook: Path, data: Path) -> tuple[int, str]:
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    code, output = run("import-xlsx", str(workbook), "--data-dir", str(data), "-f", CONFIG)
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == before or code == 0
    return code, output


def test_a_cell_at_the_end_of_the_sheet_is_refused_before_the_rows_are_read(
    tmp_path: Path,
) -> None:
    data, workbook = _workbook(tmp_path)
    edit_cell(workbook, "Players", "XFD1048576", "x")
    assert workbook.stat().st_size < 100_000
    code, output = _import(workbook, data)
    assert code == 1
    assert "Players!XFD1048576: the sheet reaches to XFD1048576" in output


def test_a_zip_bomb_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    import zipfile

    data, workbook = _workbook(tmp_path)
    # Deflate's fastest level: what counts is the size the entry declares (packing it
    # tighter takes a hidden half second).
    with zipfile.ZipFile(
        workbook, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=1
    ) as package:
        package.writestr("xl/media/padding.bin", b"\0" * (200 * 1024 * 1024))
    assert workbook.stat().st_size < 2_000_000
    code, output = _import(workbook, data)
    assert code == 1
    assert "the workbook unpacks to 200 MiB, more than the 50 MiB" in output


def test_a_text_key_thousands_of_levels_deep_is_refused(tmp_path: Path) -> None:
    data, workbook = _workbook(tmp_path)
    edit_cell(workbook, "Text", "A3", ".".join(["faq"] * 3000))
    code, output = _import(workbook, data)
    assert code == 1
    assert "Text!A3: the key has 3,000 levels; a text key has at most 8" in output


@pytest.mark.parametrize("header", ["../../../evil", "en/../../x", "de\\x", "EN"])
def test_a_text_column_header_never_becomes_a_path(tmp_path: Path, header: str) -> None:
    data, workbook = _workbook(tmp_path)
    edit_cell(workbook, "Text", "C1", header)
    code, output = _import(workbook, data)
    assert code == 1
    assert "Text!C1: the column header" in output and "is no language tag" in output
    assert not (tmp_path / "evil").exists() and not list(tmp_path.rglob("text.*evil*"))


def test_a_formula_without_a_value_is_named_as_a_formula(tmp_path: Path) -> None:
    data, workbook = _workbook(tmp_path)
    edit_cell(workbook, "Market size", "B3", "=20+4.71")  # openpyxl saves no calculated value
    code, output = _import(workbook, data)
    assert code == 1
    assert "Market size!B3: the formula =20+4.71 has no calculated value" in output


def test_export_refuses_an_id_that_is_a_path(tmp_path: Path) -> None:
    code, output = run("export-xlsx", "../../secret", "--data-dir", str(EXAMPLE_DATA), "-f", CONFIG)
    assert code == 1
    assert "'../../secret' is no report id" in output
    assert not (ROOT.parent / "secret.xlsx").exists()


@pytest.mark.parametrize("cell", ["123456789012345678901", 1e300, "2000000"])
def test_a_number_beyond_the_bounds_is_refused_at_its_cell(tmp_path: Path, cell: object) -> None:
    """21 significant digits typed as text, 10^300 typed as a number in Excel, and two
    million billion (more than any market) are refused at their cell, before any sum."""
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    workbook = round_trip(data, REPORT_ID, tmp_path)
    before = {p: p.read_bytes() for p in (data / REPORT_ID).iterdir()}
    edit_cell(workbook, "Market size", "B3", cell)
    code, output = run("import-xlsx", str(workbook), "--data-dir", str(data), "-f", CONFIG)
    assert code == 1, output
    assert "Market size!B3 (value): error[number-out-of-bounds]" in output
    assert "Traceback" not in output
    assert {p: p.read_bytes() for p in (data / REPORT_ID).iterdir()} == before
