"""Hostile and huge inputs: bounded work, names that work everywhere, no traceback, atomic output.

Timings and memory are measured by `make bench` (tests/benchmarks/bench_hostile.py);
here a generous subprocess timeout only keeps a regression from hanging the suite.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketsite.checks.validate import validate_data_dir
from marketsite.cli import main
from marketsite.data.problems import Severity
from marketsite.data.yaml_source import forbidden_character
from marketsite.rendering.charts import ChartRenderer
from marketsite.rendering.pages import RenderOptions
from marketsite.rendering.render import render_locale
from marketsite.site.output import recover_and_clean
from tests.conftest import (
    REPORT_ID,
    ROOT,
    SHARED_CACHE,
    copy_project,
    edit,
    examples,
    line_of,
    run_build,
)

SAFETY_TIMEOUT = 120  # seconds; not a target, only so that a hang fails instead of waiting


def validate(data: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["validate", str(data), "--lang", "de", "--lang", "en", *args]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`marketsite ARGS` from ``cwd``, in this process (test_cli runs the installed script
    itself): the command line's parsing and messages, without a Python to start."""
    with contextlib.chdir(cwd or Path.cwd()):
        result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def run_cli_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`marketsite ARGS` in a Python of its own, for input that could make a reader wait
    or swell: a regression then fails its test at the timeout, not the whole suite."""
    return subprocess.run(
        [sys.executable, "-m", "marketsite", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=SAFETY_TIMEOUT,
    )


ALIAS_BOMB = "\n".join(
    ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    + ["currency: USD", "unit: billion"]
)


def test_an_alias_bomb_is_refused_with_a_message(data_dir: Path) -> None:
    (data_dir / REPORT_ID / "facts.yaml").write_text(ALIAS_BOMB + "\n", encoding="utf-8")
    result = run_cli_process("validate", str(data_dir), "--lang", "de", "--lang", "en")
    assert result.returncode == 1
    assert "facts.yaml:1: error[yaml-too-complex]: anchors and aliases" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_an_alias_that_contains_itself_is_refused(data_dir: Path) -> None:
    (data_dir / REPORT_ID / "facts.yaml").write_text("a: &a [*a]\n", encoding="utf-8")
    code, output = validate(data_dir)
    assert code == 1 and "error[yaml-too-complex]" in output and "repeats it forever" in output


def test_a_million_row_series_is_refused_at_once(data_dir: Path) -> None:
    rows = "".join(f"{1900 + i % 200},{i}.5\n" for i in range(1_000_000))
    (data_dir / REPORT_ID / "series.csv").write_text("year,value\n" + rows, encoding="utf-8")
    result = run_cli_process("validate", str(data_dir), "--lang", "de", "--lang", "en")
    assert result.returncode == 1
    assert "series.csv: error[file-too-large]: series.csv has 1,000,000 rows" in result.stdout
    assert len(result.stdout.splitlines()) < 20


def test_validate_lists_a_bounded_number_of_problems_per_file(data_dir: Path) -> None:
    rows = "".join(f"{2000 + i % 30},bad{i}\n" for i in range(500))
    series = data_dir / REPORT_ID / "series.csv"
    series.write_text("year,value\n" + rows, encoding="utf-8")
    code, output = validate(data_dir)
    assert code == 1
    listed = [line for line in output.splitlines() if line.startswith(f"{series}:")]
    assert len(listed) == 51
    assert "note[more-problems]: 450 more problems in this file are not listed" in output
    assert "validation failed: 500 errors" in output


@pytest.mark.parametrize("name", ["Omni Märkte", "Omni-Märkte", "con", "LPT1", "x" * 81])
def test_report_folders_must_be_valid_ids(data_dir: Path, name: str) -> None:
    (data_dir / REPORT_ID).rename(data_dir / name)
    code, output = validate(data_dir)
    assert code == 1
    assert "error[invalid-id]: report folder" in output and "rename the folder" in output


@pytest.mark.parametrize("bad", ["con", "nul", "com1", "a" * 81])
def test_reserved_and_overlong_ids_are_refused_everywhere(data_dir: Path, bad: str) -> None:
    facts = data_dir / REPORT_ID / "facts.yaml"
    edit(facts, "{id: email, share: 35}", f"{{id: {bad}, share: 35}}")
    code, output = validate(data_dir)
    assert code == 1
    assert "segments.type[0].id: error[invalid-id]" in output
    result = run_cli("new", bad, "--data-dir", str(data_dir))
    assert result.returncode == 1 and "is not a valid report id" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_slug_is_an_id_too(data_dir: Path) -> None:
    edit(
        data_dir / REPORT_ID / "text.en.yaml",
        "slug: omni-channel-communication-services",
        "slug: aux",
    )
    code, output = validate(data_dir)
    assert code == 1 and "slug: error[invalid-id]" in output and "Windows" in output


def test_a_300_character_id_for_new_is_refused_without_a_traceback(tmp_path: Path) -> None:
    result = run_cli("new", "a" * 300, "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 1
    assert "300 characters, more than the 80" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_dangling_link_is_named(data_dir: Path) -> None:
    (data_dir / REPORT_ID / "series.csv").symlink_to(data_dir / "gone.csv")
    code, output = validate(data_dir)
    assert code == 1
    series = data_dir / REPORT_ID / "series.csv"
    assert f"{series}: error[symbolic-link]: series.csv is a symbolic link (to " in output


def test_an_unreadable_file_is_named(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The system refuses to read the file. Root reads files whatever their permission bits,
    and CI runs as root, so the refusal is the system's answer itself, not chmod."""
    facts = data_dir / REPORT_ID / "facts.yaml"
    real_open = os.open

    def refusing_open(path: object, *args: object, **kwargs: object) -> int:
        if Path(str(path)) == facts:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing_open)
    code, output = validate(data_dir)
    assert code == 1
    assert f"{facts}: error[unreadable-file]" in output and "permission denied" in output


SPECIAL_NAMES = ("facts.yaml", "text.en.yaml", "series.csv")


def test_a_named_pipe_or_socket_is_refused_without_waiting(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pipe would make a reader wait for a writer for ever: it is named, not opened.
    Every file a report reads is a pipe at once, then a socket at once (one Python each)."""
    folder = data_dir / REPORT_ID
    for name in SPECIAL_NAMES:
        (folder / name).unlink(missing_ok=True)
        os.mkfifo(folder / name)
    result = run_cli_process("validate", str(data_dir), "--lang", "de", "--lang", "en")
    assert result.returncode == 1
    for name in SPECIAL_NAMES:
        assert (
            f"{name}: error[unreadable-file]: cannot read {name}: it is a named pipe, not a file"
            in result.stdout
        ), name
        (folder / name).unlink()
    monkeypatch.chdir(folder)  # a socket's address is short: its name, from its folder
    with contextlib.ExitStack() as sockets:
        for name in SPECIAL_NAMES:
            listening = sockets.enter_context(socket.socket(socket.AF_UNIX))
            listening.bind(name)
        result = run_cli_process("validate", str(data_dir), "--lang", "de", "--lang", "en")
    assert result.returncode == 1
    for name in SPECIAL_NAMES:
        assert f"cannot read {name}: it is a socket, not a file" in result.stdout, name


def test_a_named_pipe_as_workbook_is_refused_without_waiting(tmp_path: Path) -> None:
    workbook = tmp_path / "report.xlsx"
    os.mkfifo(workbook)
    result = run_cli_process("import-xlsx", str(workbook), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 1
    assert "cannot read report.xlsx: it is a named pipe, not a file" in result.stderr


def test_links_out_of_data_are_refused(tmp_path: Path, data_dir: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("market_name: secret\n", encoding="utf-8")
    english = data_dir / REPORT_ID / "text.en.yaml"
    translation = english.read_bytes()
    english.unlink()
    english.symlink_to(secret)
    outside = tmp_path / "elsewhere"
    shutil.copytree(data_dir / REPORT_ID, outside, symlinks=True)
    (data_dir / "linked-report").symlink_to(outside)
    code, output = validate(data_dir)
    assert code == 1
    assert f"{english}: error[link-outside]: text.en.yaml is a symbolic link to" in output
    assert "linked-report: error[link-outside]" in output
    # A link inside data/ is refused too: the data is archived and diffed as files.
    english.unlink()
    (data_dir / "linked-report").unlink()
    (data_dir / "en-copy.yaml").write_bytes(translation)
    english.symlink_to("../en-copy.yaml")
    code, output = validate(data_dir)
    assert code == 1
    assert f"{english}: error[symbolic-link]: text.en.yaml is a symbolic link (to " in output
    # The same file as a copy: the report validates as it did before.
    english.unlink()
    english.write_bytes(translation)
    code, output = validate(data_dir)
    assert code == 0, output


def test_links_out_of_content_stop_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    secret = tmp_path / "secret.md"
    secret.write_text("# secret\n", encoding="utf-8")
    (project / "content" / "en" / "leak.md").symlink_to(secret)
    output = tmp_path / "site"
    result = run_build(project, output)
    assert result.exit_code == 1
    assert "leak.md is a symbolic link to" in result.output or "links to files outside" in (
        result.output
    )
    assert not output.exists()


# --- content pages: trusted Markdown, escaped front matter -------------------------------------


def test_front_matter_is_text_and_content_html_is_trusted(tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    project = copy_project(tmp_path / "project")
    page = project / "content" / "en" / "methodology.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace(
            "translation: methodology\n",
            'translation: methodology\ntitle: "<script>alert(1)</script>Method"\n'
            "description: '\"><script>alert(2)</script>'\n",
        )
        + '\n<div class="callout">Maintainers may write HTML here.</div>\n',
        encoding="utf-8",
    )
    result = run_build(project, tmp_path / "site")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "site" / "en" / "methodology" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    code = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
    assert "alert" not in " ".join(s.get_text() for s in code)
    # Structured data may name the title, as data that cannot close its element.
    assert "<script>alert" not in " ".join(
        str(s) for s in soup.find_all("script", type="application/ld+json")
    ).replace("<script type", "")
    description = soup.find("meta", attrs={"name": "description"})
    assert description is not None and description["content"] == '"><script>alert(2)</script>'
    nav = " ".join(a.get_text() for a in soup.select(".md-nav a"))
    assert "<script>alert(1)</script>Method" in nav
    assert soup.select_one("article div.callout") is not None  # the documented trust model


# YAML escapes for characters no text may hold, and how the problem names each. A lone
# surrogate is refused by the YAML parser itself.
FORBIDDEN = [
    ("\\x01", "control-character", "the invisible character U+0001 START OF HEADING"),
    ("\\x1b[31m", "control-character", "the invisible character U+001B ESCAPE"),
    ("a\\rb", "control-character", "the invisible character U+000D CARRIAGE RETURN"),
    ("\\x85", "control-character", "the invisible character U+0085"),
    ("\\u202e", "control-character", "character U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\\ud800", "yaml-syntax", "found invalid Unicode character escape code"),
]


def test_exactly_the_controls_surrogates_and_bidi_overrides_are_forbidden() -> None:
    """Every code point, against Unicode's own categories (not the pattern that finds them)."""
    bidi = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        forbidden = char not in "\t\n" and (
            unicodedata.category(char) in ("Cc", "Cs") or char in bidi
        )
        assert forbidden_character(f"ok {char} ok") == (char if forbidden else None), hex(code)


@pytest.mark.parametrize(("escape", "code", "named"), FORBIDDEN)
def test_a_control_character_is_a_located_error(
    data_dir: Path, escape: str, code: str, named: str
) -> None:
    english = data_dir / REPORT_ID / "text.en.yaml"
    source = english.read_text(encoding="utf-8")
    line = line_of(english, "market_name:")
    old = source.splitlines()[line - 1]
    english.write_text(
        source.replace(old, f'market_name: "Omni{escape}channel"', 1), encoding="utf-8"
    )
    exit_code, output = validate(data_dir)
    assert exit_code == 1
    field = "market_name: " if code == "control-character" else ""
    assert f"{english}:{line}: {field}error[{code}]: " in output
    assert named in output


def test_a_control_character_in_a_csv_cell_is_a_located_error(data_dir: Path) -> None:
    series = data_dir / REPORT_ID / "series.csv"
    # Excel's CR LF line ends are fine; an escape character in a cell is not.
    series.write_bytes(b"year,value\r\n2026,24.71\r\n2035,58\x1b.25\r\n")
    code, output = validate(data_dir)
    assert code == 1
    expected = f"{series}:3: error[control-character]: line 3 holds the invisible character "
    assert expected + "U+001B ESCAPE" in output


# (how the market size of 2026 is written, what the problem says)
HUGE_NUMBERS = [
    ("2471" + "0" * 36, "is larger than any market figure"),  # 40 characters: read
    ("2471" + "0" * 37, "a number of 41 characters"),  # longer: never read
    ("9" * 5000, "a number of 5,000 characters"),  # past Python's int-string limit
    ("2.47e+40", "is larger than any market figure"),
    ('"about 2471000000000000000000"', "is larger than any market figure"),
    ("24.71000000001", "has more digits than a published figure"),
    ("24.123456789012345", "has more digits than a published figure"),
]


@pytest.mark.parametrize(("written", "said"), HUGE_NUMBERS)
def test_a_number_no_publisher_states_is_a_located_error(
    data_dir: Path, written: str, said: str
) -> None:
    facts = data_dir / REPORT_ID / "facts.yaml"
    line = line_of(facts, "{year: 2026, value: 24.71,")
    edit(facts, "{year: 2026, value: 24.71,", f"{{year: 2026, value: {written},")
    code, output = validate(data_dir)
    assert code == 1
    assert f"{facts}:{line}: market_size[0].value: error[number-out-of-bounds]: " in output
    assert said in output


def test_a_series_value_of_100000_digits_is_a_located_error(data_dir: Path) -> None:
    series = data_dir / REPORT_ID / "series.csv"
    series.write_text("year,value\n2026,24.71\n2035,5" + "8" * 100_000 + "\n", encoding="utf-8")
    code, output = validate(data_dir)
    assert code == 1
    located = f"{series}:3: row 2.value: error[number-out-of-bounds]: "
    assert located + "value: 588888888888…8888 (100001 characters) is larger than" in output


UNICODE = st.text(
    alphabet=st.one_of(
        # Anything that can be saved but controls: scripts, marks, emoji, symbols.
        st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]),
        # What editors paste by mistake or on purpose, and what XML, SVG, PDF and
        # spreadsheets treat specially.
        st.sampled_from(
            "\x00\x01\x1b\r\x85\u200b\u200d\u200e\u202e\u2066\u2028\ufeff<&>\"'=@+-%$#"
        ),
    ),
    min_size=1,
    max_size=40,
)


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: anything not plainly printable escaped, so
    that the file holds exactly these characters (json.dumps would split characters
    outside the BMP into surrogate escapes, which YAML refuses)."""
    out = []
    for char in text:
        if char in '\\"':
            out.append("\\" + char)
        elif char.isprintable() and char.isascii():
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


@settings(
    # Each example renders every output; 15 keep the suite within CI's 15 minutes.
    max_examples=examples(15),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    UNICODE,
    st.sampled_from(
        [
            ("text.en.yaml", "market_name: omni-channel communication services"),
            ("facts.yaml", "name: HubSpot"),
        ]
    ),
)
def test_arbitrary_unicode_is_refused_or_rendered(
    data_dir: Path, text: str, where: tuple[str, str]
) -> None:
    """Whatever text an editor saves (a market's name, a key player's) either validates and
    renders (page, charts, downloads, PDF) or is refused with a located problem: never a
    traceback in between."""
    name, old = where
    path = data_dir / REPORT_ID / name
    original = path.read_text(encoding="utf-8")  # the fixture's folder serves every example
    edit(path, old, f"{old.split(':', 1)[0]}: {yaml_quoted(text)}")
    try:
        _refused_or_rendered(data_dir)
    finally:
        path.write_text(original, encoding="utf-8")


def _refused_or_rendered(data_dir: Path) -> None:
    result = validate_data_dir(data_dir, ("de", "en"), "de")
    if result.dataset is None:
        errors = [p for p in result.problems if p.severity is Severity.ERROR]
        assert errors and all(p.file.is_file() and p.line for p in errors)
        return
    # The suite's chart cache, as an editor's build has it: a chart the text does not
    # reach is drawn once, one it reaches (a title, a framed download) every time.
    charts = ChartRenderer(SHARED_CACHE / "charts")
    for lang in ("de", "en"):
        render_locale(result.dataset, lang, RenderOptions(charts=charts))


# --- property-based: generated input never gets a traceback -----------------------------------

FACT_KEYS = [
    "currency",
    "unit",
    "base_year",
    "forecast",
    "market_size",
    "cagr",
    "changes",
    "segments",
    "sources",
    "figures",
    "regional_coverage",
]
scalars = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.booleans(),
    st.none(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["id", "share", "year", "value", "from", "to", "source", "unit", "x"]),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=12,
)
facts_data = st.dictionaries(st.sampled_from(FACT_KEYS), values, max_size=7)


def _yaml(data: object) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def assert_clean_result(code: int, output: str) -> None:
    assert code in (0, 1), output
    assert "Traceback" not in output
    for line in output.splitlines():
        if ": error[" in line:
            location = line.split(": error[", 1)[0]
            assert "/" in location or "\\" in location, line  # names its file


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(facts_data)
def test_generated_facts_never_crash_validate(data_dir: Path, data: dict) -> None:
    facts = data_dir / REPORT_ID / "facts.yaml"
    facts.write_text(_yaml({"currency": "USD", "unit": "billion", **data}), encoding="utf-8")
    code, output = validate(data_dir)
    assert_clean_result(code, output)
    for line in output.splitlines():
        if line.startswith(f"{facts}: ") and ": error[" in line:
            pytest.fail(f"an error in facts.yaml without a line: {line}")


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(max_size=400))
def test_generated_yaml_text_never_crashes_validate(data_dir: Path, text: str) -> None:
    (data_dir / REPORT_ID / "text.en.yaml").write_text(text, encoding="utf-8")
    code, output = validate(data_dir)
    assert code == 1
    assert_clean_result(code, output)


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.tuples(st.text(max_size=6), st.text(max_size=8), st.text(max_size=8)),
        max_size=8,
    ),
    st.sampled_from(["year,value", "year,value,region", "year,value,segment", "a,b"]),
)
def test_generated_series_never_crash_validate(
    data_dir: Path, rows: list[tuple[str, str, str]], header: str
) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header.split(","))
    for row in rows:
        writer.writerow(row[: len(header.split(","))])
    (data_dir / REPORT_ID / "series.csv").write_text(buffer.getvalue(), encoding="utf-8")
    assert_clean_result(*validate(data_dir))


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(min_size=1, max_size=40).filter(lambda n: n not in {".", ".."} and "/" not in n))
def test_generated_folder_names_never_crash_validate(data_dir: Path, name: str) -> None:
    folder = data_dir / name
    if folder.exists() or "\x00" in name:
        return
    try:
        shutil.copytree(data_dir / REPORT_ID, folder)
    except OSError:  # a name this file system cannot hold at all
        return
    try:
        assert_clean_result(*validate(data_dir))
    finally:
        shutil.rmtree(folder)


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example, built into its ``site/``; a copy of that site is kept beside it for
    :func:`restore_site`."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    assert run_build(project, project / "site").exit_code == 0
    shutil.copytree(project / "site", project.parent / "site-as-built", symlinks=True)
    return project


def restore_site(project: Path) -> None:
    """Put the example's site back after an example built another (a copy, where a
    build would take a second)."""
    shutil.rmtree(project / "site")
    shutil.copytree(project.parent / "site-as-built", project / "site", symlinks=True)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@settings(
    max_examples=examples(15),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(facts_data)
def test_generated_facts_never_break_the_previous_site(built_project: Path, data: dict) -> None:
    facts = built_project / "data" / REPORT_ID / "facts.yaml"
    original = facts.read_text(encoding="utf-8")
    before = snapshot(built_project / "site")
    try:
        facts.write_text(_yaml({"currency": "USD", "unit": "billion", **data}), encoding="utf-8")
        result = run_build(built_project, built_project / "site")
        assert_no_crash(result)
        if result.exit_code == 1:
            assert snapshot(built_project / "site") == before
    finally:
        facts.write_text(original, encoding="utf-8")
        if snapshot(built_project / "site") != before:
            restore_site(built_project)


def assert_no_crash(result: Result) -> None:
    """A command ended by its own decision: CliRunner turns an escaped exception into exit
    code 1 too, so the code alone cannot tell a refusal from a crash."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{type(result.exception).__name__}: {result.exception}")
    assert_clean_result(result.exit_code, result.output)


@settings(
    max_examples=examples(6),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(UNICODE)
def test_arbitrary_unicode_in_a_name_is_refused_or_built_by_mkdocs(
    built_project: Path, text: str
) -> None:
    """The whole way, as an editor runs it: whatever a key player's name holds, `marketsite
    build` (validation, rendering, MkDocs with Material, search index, sitemap) either
    builds the site or refuses with located problems and leaves the previous site."""
    facts = built_project / "data" / REPORT_ID / "facts.yaml"
    original = facts.read_text(encoding="utf-8")
    site = built_project / "site"
    before = snapshot(site)
    try:
        edit(facts, "name: HubSpot", f"name: {yaml_quoted(text)}")
        result = run_build(built_project, site)
        assert_no_crash(result)
        if result.exit_code == 1:
            assert "error[" in result.output and snapshot(site) == before
        else:
            page = site / "en/reports" / REPORT_ID / "index.html"
            assert "HubSpot" not in page.read_text(encoding="utf-8")
    finally:
        facts.write_text(original, encoding="utf-8")
        if snapshot(site) != before:
            restore_site(built_project)


# --- atomic output under any kill -------------------------------------------------------------


def _complete(site: Path) -> str:
    """Which edition a site holds ("24.71" or "24.72"); fails if it is half there."""
    for part in ("index.html", "de/index.html", "en/index.html", "en/sitemap.xml"):
        assert (site / part).is_file(), part
    page = (site / "en/reports/omni-channel-communication-services/index.html").read_text(
        encoding="utf-8"
    )
    found = [value for value in ("24.71", "24.72") if f"US${value}bn" in page]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.kill
def test_a_build_killed_at_any_moment_leaves_the_old_or_the_new_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = project / "site"
    facts = project / "data" / REPORT_ID / "facts.yaml"
    command = [sys.executable, "-m", "marketsite", "build", "-f", str(project / "mkdocs.yml")]
    assert (
        subprocess.run(command, cwd=project, capture_output=True, timeout=SAFETY_TIMEOUT).returncode
        == 0
    )
    started = time.monotonic()
    assert (
        subprocess.run(command, cwd=project, capture_output=True, timeout=SAFETY_TIMEOUT).returncode
        == 0
    )
    duration = time.monotonic() - started
    chooser = random.Random(20261129)
    value = "24.71"
    for attempt in range(6):  # six kills at random moments; bench_kill.py times many more
        new = "24.72" if value == "24.71" else "24.71"
        edit(facts, f"value: {value},", f"value: {new},")
        with subprocess.Popen(
            command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ) as build:
            time.sleep(chooser.uniform(0, duration * 1.1))
            build.send_signal(signal.SIGKILL)
            build.wait(timeout=SAFETY_TIMEOUT)
        shown = _complete(site)  # old or new, never missing or half
        assert shown in (value, new), attempt
        edit(facts, f"value: {new},", f"value: {shown},")
        value = shown
    assert (
        subprocess.run(command, cwd=project, capture_output=True, timeout=SAFETY_TIMEOUT).returncode
        == 0
    )
    time.sleep(0.5)  # workers of killed builds end with their parent
    recover_and_clean(site)
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".site-")]
    assert leftovers == []


def test_a_swap_killed_between_two_renames_is_repaired(tmp_path: Path) -> None:
    # Where the system has no exchange rename, a kill can fall between the renames.
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    site = tmp_path / "site"
    aside = tmp_path / f".site-old-{dead.pid}-abc"
    aside.mkdir()
    (aside / "index.html").write_text("previous", encoding="utf-8")
    staging = tmp_path / f".site-new-{dead.pid}-abc"
    staging.mkdir()
    recover_and_clean(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "previous"
    assert not aside.exists() and not staging.exists()


# --- git refs and versions: names from the command line are never options ----------------


def _repo(tmp_path: Path) -> Path:
    """The site project as a git repository with one commit, tagged v1."""
    repo = copy_project(tmp_path / "repo")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "edition 1"], ["tag", "v1"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            cwd=repo,
            check=True,
        )
    return repo


@pytest.mark.parametrize(
    "ref", ["--output=README.md", "-o", "--output=../planted.txt", "x" * 5000, "v1\nv2"]
)
def test_a_ref_is_never_read_as_an_option(tmp_path: Path, ref: str) -> None:
    repo = _repo(tmp_path)
    (repo / "README.md").write_text("the project's readme\n", encoding="utf-8")
    result = run_cli("diff", "--", ref, "v1", cwd=repo)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "is neither a folder nor a git ref" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (repo / "README.md").read_text(encoding="utf-8") == "the project's readme\n"
    assert not (tmp_path / "planted.txt").exists()


def test_release_refuses_an_option_as_previous_edition(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    result = run_cli("release", "v2", "--previous=--output=README.md", cwd=repo)
    assert result.returncode == 1
    assert "'--output=README.md' is neither a folder nor a git ref" in result.stderr
    assert "README.md" not in {p.name for p in repo.iterdir()} - {"README.md"}


def test_an_edition_whose_data_links_outside_is_a_one_line_error(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "data" / "passwd").symlink_to("/etc/passwd")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "link"],
        cwd=repo,
        check=True,
    )
    result = run_cli("diff", "v1", "HEAD", cwd=repo)
    assert result.returncode == 1
    assert "the data of 'HEAD' cannot be read" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("version", ["1.2\n", "v1.2-..x", "1." + "9" * 5000, "v1.2 --force"])
def test_a_version_that_cannot_be_a_tag_is_refused_before_anything_is_written(
    tmp_path: Path, version: str
) -> None:
    repo = _repo(tmp_path)
    result = run_cli("release", version, cwd=repo)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "is not a version" in result.stderr or "cannot be a git tag" in result.stderr
    assert not (repo / "release").exists()


def test_versions_are_ordered_as_pep_440_orders_them() -> None:
    from marketsite.editions.release import version_key

    tags = ["v1.10", "v1.2", "v1.2-rc1", "v1.2.1", "v1.2-rc2", "1.3.0a1"]
    assert sorted(tags, key=version_key) == [
        "v1.2-rc1",
        "v1.2-rc2",
        "v1.2",
        "v1.2.1",
        "1.3.0a1",
        "v1.10",
    ]


def test_the_release_body_carries_no_markup_from_the_data(tmp_path: Path) -> None:
    """RELEASE_NOTES-VERSION.md becomes the GitHub release body: a name from the data may
    not add HTML, an image, a link or a mention there."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(ROOT / "data", old)
    shutil.copytree(ROOT / "data", new)
    hostile = (
        "<img src=x onerror=alert(1)> [win](https://evil.example) "
        "![p](https://evil.example/p.png) @octocat"
    )
    edit(
        new / REPORT_ID / "facts.yaml",
        "{name: HubSpot, country: US}",
        f"{{name: {json.dumps(hostile)}, country: US}}",
    )
    result = run_cli("diff", str(old), str(new), "--format", "markdown")
    assert result.returncode == 0, result.stderr
    body = result.stdout
    assert "player added: &lt;img src=x onerror=alert(1)&gt;" in body
    assert "<img" not in body
    assert "](https://evil.example" not in body.replace("\\](", "")
    assert "\\[win\\](https://evil.example)" in body and "\\!\\[p\\]" in body
    assert "@octocat" not in body and "@\u200boctocat" in body


def test_a_text_file_for_a_language_the_site_lacks_says_how_to_add_it(data_dir: Path) -> None:
    french = data_dir / REPORT_ID / "text.fr.yaml"
    shutil.copy2(data_dir / REPORT_ID / "text.en.yaml", french)
    code, output = validate(data_dir)
    assert code == 0
    assert (
        f"{french}:1: warning[unused-language]: 'fr' is not a language of the site (de, en)"
    ) in output
    assert "put fr under languages: of the marketsite plugin in mkdocs.yml" in output


def test_citations_escape_what_their_formats_read_as_syntax() -> None:
    """A market named "R&D" must not stop LaTeX for a reader who cites the report, and a
    line break in a name must not start a RIS field of its own."""
    from marketsite.rendering.citation import Citation, bibtex, ris

    citation = Citation(
        "Müller & Söhne {Research}",
        "R&D services: 100% growth, $5 #1 a_b ^~ \\ end\nER  - injected",
        "https://reports.example.com/en/reports/r-d/",
        "en",
    )
    entry = bibtex(citation, "r-d-en")
    assert "author = {{Müller \\& Söhne \\{Research\\}}}," in entry
    assert (
        "title = {R\\&D services: 100\\% growth, \\$5 \\#1 a\\_b "
        "\\textasciicircum{}\\textasciitilde{} \\textbackslash{} end ER - injected},"
    ) in entry
    # Braces balance in every field: BibTeX reads the entry to its end.
    for line in entry.splitlines()[1:-1]:
        unescaped = line.replace("\\{", "").replace("\\}", "")
        assert unescaped.count("{") == unescaped.count("}"), line
    record = ris(citation).split("\r\n")
    assert [line[:2] for line in record if line] == ["TY", "AU", "TI", "UR", "LA", "ER"]


def test_sizes_that_imply_implausible_growth_are_a_warning_naming_them(data_dir: Path) -> None:
    """No CAGR is stated for these sizes' growth, so only the implied one can be checked:
    58250 instead of 58.25 (the unit slipped) implies 137 % a year."""
    facts = data_dir / REPORT_ID / "facts.yaml"
    line = line_of(facts, "{year: 2035, value: 58.25,")
    code, output = validate(data_dir)
    assert "implausible-growth" not in output  # the published sizes: 10 % a year
    edit(facts, "{year: 2035, value: 58.25,", "{year: 2035, value: 58250,")
    code, output = validate(data_dir, "--strict")
    assert code == 1
    assert (
        f"{facts}:{line}: market_size[1].value: error[implausible-growth]: the sizes of the "
        "market, 24.71 in 2026 and 58250 in 2035, imply a growth of 137 % a year"
    ) in output


def test_a_yearly_change_in_the_series_beyond_the_bounds_is_a_warning(data_dir: Path) -> None:
    """series.csv holds a size per year, so a slipped unit there implies a jump from one
    year to the next: 21.3 to 0.0223 (million written for billion) is a fall of 99.9 %
    in one year, and back to the stated 24.71 a growth no market has."""
    facts = data_dir / REPORT_ID / "facts.yaml"
    series = data_dir / REPORT_ID / "series.csv"
    series.write_text("year,value\n2023,19.4\n2024,21.3\n2025,0.0223\n", encoding="utf-8")
    code, output = validate(data_dir)
    assert code == 0, output
    assert (
        f"{series}:4: row 3.value: warning[implausible-growth]: the sizes of the market, 21.3 "
        "in 2024 and 0.0223 in 2025, imply a decline of 99.9 % in one year, to less than a "
        "tenth of the size before"
    ) in output
    assert (
        f"{facts}:{line_of(facts, '{year: 2026, value: 24.71,')}: market_size[0].value: "
        "warning[implausible-growth]: the sizes of the market, 0.0223 in 2025 and 24.71 in "
        "2026, imply a growth of 110,707 % in one year"
    ) in output
    assert output.count("implausible-growth") == 2  # 19.4 -> 21.3 is 9.8 %: no warning
    # A real crash, a market that loses 70 % in one year, is no typo.
    series.write_text("year,value\n2023,19.4\n2024,21.3\n2025,6.4\n", encoding="utf-8")
    edit(facts, "{year: 2026, value: 24.71,", "{year: 2026, value: 7.1,")
    code, output = validate(data_dir)
    assert "implausible-growth" not in output, output


def test_region_sizes_beyond_the_market_are_an_implied_share_over_100(data_dir: Path) -> None:
    """Sizes per region in series.csv imply shares of the market size of their year:
    North America's 2026 size 17.3 plus Europe's 74.1 (a typo for 7.41) are 369.9 % of
    the stated 24.71."""
    series = data_dir / REPORT_ID / "series.csv"
    series.write_text(
        "year,value,region\n"
        "2026,17.3,north-america\n2035,30.2,north-america\n"
        "2026,7.41,europe\n2035,17.5,europe\n",
        encoding="utf-8",
    )
    code, output = validate(data_dir)
    assert code == 0 and "implausible-share" not in output, output  # 99.9 % of 24.71
    series.write_text(
        series.read_text(encoding="utf-8").replace("2026,7.41,europe", "2026,74.1,europe"),
        encoding="utf-8",
    )
    code, output = validate(data_dir, "--strict")
    assert code == 1
    assert (
        f"{series}:4: row 3.value: error[implausible-share]: the 2026 sizes of the regions "
        "(17.3 + 74.1) exceed the market size 24.71 for 2026: an implied share of 369.9 %, "
        "more than 100 %"
    ) in output
    # Europe's own series now jumps from 74.1 to 17.5: no warning, a fall of 15 % a year.
    assert output.count("implausible-") == 1, output
    # Region sizes may follow another definition than the market's: the editors may say so.
    facts = data_dir / REPORT_ID / "facts.yaml"
    edit(facts, "acknowledged:", "acknowledged:\n  implausible-share: sizes from another study")
    code, output = validate(data_dir, "--strict")
    assert code == 0 and "(acknowledged: sizes from another study)" in output, output


@pytest.mark.parametrize(
    ("unit", "value", "refused"),
    [("billion", "2000000", True), ("million", "2000000000", True), ("million", "999999", False)],
)
def test_a_size_beyond_any_market_in_its_unit_is_an_error(
    data_dir: Path, unit: str, value: str, refused: bool
) -> None:
    """10^15 of a currency is beyond any market: 2,000,000 billion (or 2,000,000,000
    million) is a wrong unit or a typo; 999,999 million is a large market."""
    facts = data_dir / REPORT_ID / "facts.yaml"
    edit(facts, "unit: billion", f"unit: {unit}")
    line = line_of(facts, "{year: 2035, value: 58.25,")
    edit(facts, "{year: 2035, value: 58.25,", f"{{year: 2035, value: {value},")
    code, output = validate(data_dir)
    located = f"{facts}:{line}: market_size[1].value: error[number-out-of-bounds]: {value} {unit}"
    assert (located in output) is refused
    if refused:
        assert code == 1 and "is more than any market" in output


def test_a_duplicate_key_names_both_lines(data_dir: Path) -> None:
    """YAML keeps the second of two equal keys; the editor must learn where both are."""
    facts = data_dir / REPORT_ID / "facts.yaml"
    first = line_of(facts, "currency: USD")
    edit(facts, "sector: telecommunications", "sector: telecommunications\ncurrency: EUR")
    second = line_of(facts, "currency: EUR")
    code, output = validate(data_dir)
    assert code == 1
    assert (
        f"{facts}:{second}: currency: error[duplicate-key]: key 'currency' appears twice in "
        f"the same block; the first one (line {first}) would be silently lost"
    ) in output


# --- every combination of the optional item fields ---------------------------------------------

SHARES = st.one_of(
    st.none(),
    st.integers(0, 100),
    st.sampled_from(["about 30", "over 55", "less than 5", "12 to 14", 27.03]),
)
ITEM_CAGRS = st.one_of(
    st.none(),
    st.sampled_from([4.2, 10.1, 14.8, "more than 6.8", "about 12"]),
    st.fixed_dictionaries(
        {"value": st.sampled_from([3.5, 9.9, 16.0])},
        optional={
            "from": st.sampled_from([2025, 2026]),
            "to": st.sampled_from([2030, 2035]),
            # As stated: the forecast period, or no years (with years too: refused).
            "period": st.sampled_from(["forecast", "not stated"]),
            "also_stated": st.sampled_from(["about 10", 9.9]),
        },
    ),
)


def share_items(ids: list[str]) -> st.SearchStrategy[list[dict[str, object]]]:
    """Every id once, in order, each with any mix of share, rest, CAGR and fastest."""

    def item(item_id: str) -> st.SearchStrategy[dict[str, object]]:
        return st.fixed_dictionaries(
            {"id": st.just(item_id)},
            optional={
                "share": SHARES,
                "also_stated": SHARES,
                "rest": st.booleans(),
                "cagr": ITEM_CAGRS,
                "fastest": st.booleans(),
            },
        ).map(lambda fields: {k: v for k, v in fields.items() if v is not None})

    return st.tuples(*(item(i) for i in ids)).map(list)


@settings(
    # Each example is two rendered languages: 40 keep the suite within CI's 15 minutes;
    # HYPOTHESIS_PROFILE=dev at a desk draws new ones every run.
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    share_items(["north-america", "europe", "asia-pacific"]),
    share_items(["email", "voice", "sms", "social-media"]),
    st.sampled_from([None, 2025, 2026, 2030]),
)
def test_any_mix_of_optional_item_fields_is_refused_or_rendered(
    data_dir: Path,
    regions: list[dict[str, object]],
    types: list[dict[str, object]],
    year: int | None,
) -> None:
    """Partial and complete share lists, items with and without their own CAGR (with a
    whole period, an end year only, or none), flagged fastest or not: `validate` and the
    rendering of both languages end in a page or in located problems, never a traceback.
    (A real report, "X is the fastest-growing region at N % CAGR" with a partial share
    list, once crashed both commands.)"""
    import yaml

    facts = data_dir / REPORT_ID / "facts.yaml"
    original = facts.read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    data["regions"] = {"year": year, "items": regions} if year else regions
    data["segments"]["type"] = types
    try:
        facts.write_text(_yaml(data), encoding="utf-8")
        _refused_or_rendered(data_dir)
    finally:
        facts.write_text(original, encoding="utf-8")


def test_a_fastest_part_slower_than_the_market_in_a_partial_list_is_a_warning(
    data_dir: Path,
) -> None:
    """The shape that crashed `validate`: the fastest-growing region with a CAGR of its
    own below the market's, in a list where not every region has a share."""
    facts = data_dir / REPORT_ID / "facts.yaml"
    edit(
        facts,
        "{id: asia-pacific, share: about 15, fastest: true}",
        "{id: asia-pacific, cagr: 8.5, fastest: true}",
    )
    code, output = validate(data_dir)
    assert code == 0, output
    assert (
        "warning[fastest-slower-than-market]: 'asia-pacific' is called the fastest-growing, "
        "but its CAGR 8.5 % is below the market's 10.1 % over the same years"
    ) in output


def test_segment_sizes_beyond_the_market_name_the_segment_or_the_dimension(
    data_dir: Path,
) -> None:
    """Sizes per segment are summed per dimension: one segment alone may already exceed
    the market, and a year without a market size (2025 here) is passed over, not the end
    of the check."""
    series = data_dir / REPORT_ID / "series.csv"
    series.write_text(
        "year,value,segment\n"
        "2025,9.1,email\n2025,3.2,voice\n"
        "2026,20.0,email\n2026,10.0,sms\n"
        "2035,61.0,voice\n",
        encoding="utf-8",
    )
    code, output = validate(data_dir)
    assert code == 0, output
    assert (
        f"{series}:5: row 4.value: warning[implausible-share]: the 2026 sizes of the type "
        "segments (20.0 + 10.0) exceed the market size 24.71 for 2026: an implied share of "
        "121.4 %"
    ) in output
    assert (
        f"{series}:6: row 5.value: warning[implausible-share]: the 2035 size of voice, 61.0, "
        "exceeds the market size 58.25 for 2035: an implied share of 104.7 %"
    ) in output
    assert output.count("implausible-share") == 2  # 2025 has no market size to compare
