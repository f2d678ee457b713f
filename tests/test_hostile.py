"""Hostile and huge inputs: bounded work, names that work everywhere, no traceback, atomic output.

Timings and memory are measured by `make bench` (tests/benchmarks/bench_hostile.py);
here a generous subprocess timeout only keeps a regression from hanging the suite.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketsite.cli import main
from marketsite.output import recover_and_clean
from tests.conftest import REPORT_ID, copy_project, edit, run_build

SAFETY_TIMEOUT = 120  # seconds; not a target, only so that a hang fails instead of waiting


def validate(data: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["validate", str(data), "--lang", "de", "--lang", "en", *args]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
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
    result = run_cli("validate", str(data_dir), "--lang", "de", "--lang", "en")
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
    result = run_cli("validate", str(data_dir), "--lang", "de", "--lang", "en")
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
    assert "series.csv: error[unreadable-file]: cannot read series.csv: it is a symbolic link" in (
        output
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_named(data_dir: Path) -> None:
    facts = data_dir / REPORT_ID / "facts.yaml"
    facts.chmod(0)
    try:
        code, output = validate(data_dir)
    finally:
        facts.chmod(0o644)
    assert code == 1 and "error[unreadable-file]" in output and "permission denied" in output


def test_links_out_of_data_are_refused(tmp_path: Path, data_dir: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("market_name: secret\n", encoding="utf-8")
    english = data_dir / REPORT_ID / "text.en.yaml"
    english.unlink()
    english.symlink_to(secret)
    outside = tmp_path / "elsewhere"
    shutil.copytree(data_dir / REPORT_ID, outside, symlinks=True)
    (data_dir / "linked-report").symlink_to(outside)
    code, output = validate(data_dir)
    assert code == 1
    assert f"{english}: error[link-outside]: text.en.yaml is a symbolic link to" in output
    assert "linked-report: error[link-outside]" in output
    # A link inside data/ is fine.
    english.unlink()
    (data_dir / REPORT_ID / "text.de.yaml").rename(data_dir / REPORT_ID / "de.yaml")
    (data_dir / REPORT_ID / "text.de.yaml").symlink_to("de.yaml")


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


# --- property-based: generated input never gets a traceback -----------------------------------

FACT_KEYS = ["currency", "unit", "base_year", "forecast", "market_size", "cagr", "segments"]
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
        st.dictionaries(st.sampled_from(["id", "share", "year", "value", "x"]), inner, max_size=4),
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
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
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
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=400))
def test_generated_yaml_text_never_crashes_validate(data_dir: Path, text: str) -> None:
    (data_dir / REPORT_ID / "text.en.yaml").write_text(text, encoding="utf-8")
    code, output = validate(data_dir)
    assert code == 1
    assert_clean_result(code, output)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
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
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
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
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    assert run_build(project, project / "site").exit_code == 0
    return project


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(facts_data)
def test_generated_facts_never_break_the_previous_site(built_project: Path, data: dict) -> None:
    facts = built_project / "data" / REPORT_ID / "facts.yaml"
    original = facts.read_text(encoding="utf-8")
    before = snapshot(built_project / "site")
    try:
        facts.write_text(_yaml({"currency": "USD", "unit": "billion", **data}), encoding="utf-8")
        result = run_build(built_project, built_project / "site")
        assert_clean_result(result.exit_code, result.output)
        if result.exit_code == 1:
            assert snapshot(built_project / "site") == before
    finally:
        facts.write_text(original, encoding="utf-8")
        if snapshot(built_project / "site") != before:
            assert run_build(built_project, built_project / "site").exit_code == 0


# --- atomic output under any kill -------------------------------------------------------------


def _complete(site: Path) -> str:
    """Which edition a site holds ("24.71" or "24.72"); fails if it is half there."""
    for part in ("index.html", "de/index.html", "en/index.html", "en/sitemap.xml"):
        assert (site / part).is_file(), part
    page = (site / "en/reports/omni-channel-communication-services/index.html").read_text(
        encoding="utf-8"
    )
    found = [value for value in ("24.71", "24.72") if f"${value}B" in page]
    assert len(found) == 1, found
    return found[0]


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
    for attempt in range(10):
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
