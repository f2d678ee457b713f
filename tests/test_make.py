"""The README's commands, as a newcomer and CI run them: the Makefile targets and the
installed console script.

Each target runs with `make` in a copy of the project, on the virtual environment this
test runs in (``-o`` keeps make from setting up another one).
"""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import ROOT, copy_project

VENV = Path(sys.executable).parent.parent
#: The benchmark scripts, each with the arguments of its smallest run.
BENCHES = {
    "bench_build.py": ["--reports", "2"],
    "bench_hostile.py": ["--no-verdict"],
    "bench_weight.py": [],
    "bench_scale.py": ["--sizes", "2"],
    "bench_serve.py": ["--reports", "2", "--settle", "1", "--error-trials", "1", "--no-verdict"],
    "bench_kill.py": ["--runs", "1"],
}


def make(project: Path, target: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """`make TARGET` in ``project`` with this test's virtual environment."""
    return subprocess.run(
        ["make", "-o", f"{VENV}/.installed", f"VENV={VENV}", target],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def project_with_makefile(target: Path) -> Path:
    project = copy_project(target)
    for name in ("Makefile", "pyproject.toml", "requirements.lock", "babel.cfg"):
        shutil.copy2(ROOT / name, project / name)
    return project


def test_the_console_script_names_a_command_that_exists() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    module, _, name = project["scripts"]["marketsite"].partition(":")
    assert callable(getattr(importlib.import_module(module), name))
    # The plugin MkDocs loads for `plugins: - marketsite` is a MkDocs plugin class.
    from mkdocs.plugins import BasePlugin

    module, _, name = project["entry-points"]["mkdocs.plugins"]["marketsite"].partition(":")
    assert issubclass(getattr(importlib.import_module(module), name), BasePlugin)


def test_make_site_builds_the_example(tmp_path: Path) -> None:
    project = project_with_makefile(tmp_path / "project")
    result = make(project, "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "built de, en into site/" in result.stdout
    for page in ("index.html", "de/index.html", "en/index.html"):
        assert (project / "site" / page).is_file(), page


def test_make_checks_passes_on_the_example(tmp_path: Path) -> None:
    """What CI and the release workflow run after the tests."""
    project = project_with_makefile(tmp_path / "project")
    result = make(project, "checks")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "data and translations: ready" in result.stdout
    assert "every link holds: ready" in result.stdout


def test_make_messages_finds_nothing_new_on_the_committed_tree(tmp_path: Path) -> None:
    """`make messages` extracts with babel.cfg; on the committed sources it must change no
    entry of the template or the German catalog (every string is extracted and translated)."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Makefile", "pyproject.toml", "requirements.lock", "babel.cfg"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(ROOT / "src", project / "src", ignore=shutil.ignore_patterns("*.egg-info"))
    # The schemas hold the field descriptions the browser editor shows.
    shutil.copytree(ROOT / "data" / "_schema", project / "data" / "_schema")
    result = make(project, "messages")
    assert result.returncode == 0, result.stdout + result.stderr
    catalogs = Path("src/marketsite/locales")
    for name in ("messages.pot", "de/LC_MESSAGES/messages.po"):
        before, after = (_entries(root / catalogs / name) for root in (ROOT, project))
        assert after == before, f"run `make messages` and translate: {name}"
    untranslated = [
        entry
        for entry in _entries(project / catalogs / "de/LC_MESSAGES/messages.po")
        if not entry[2] or entry[2] in ("''", "('', '')")
    ]
    assert untranslated == []


def _entries(catalog: Path) -> list[tuple[object, ...]]:
    """A catalog's entries (context, id, translation, flags), not its line wrapping."""
    with catalog.open("rb") as handle:
        messages = read_po(handle)
    return sorted(
        (str(m.context), str(m.id), str(m.string), tuple(sorted(m.flags))) for m in messages if m.id
    )


@pytest.mark.bench
@pytest.mark.parametrize(("script", "arguments"), BENCHES.items())
def test_every_bench_script_runs_at_its_smallest_size(script: str, arguments: list[str]) -> None:
    """`make bench` prints figures; each script must at least run (not be timed here)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "benchmarks" / script), *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.stdout.strip(), "printed no figures"


def test_make_bench_runs_exactly_the_scripts_tested_here() -> None:
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8")
    run = set(re.findall(r"tests/benchmarks/(bench_\w+\.py)", recipe))
    assert run == set(BENCHES)
    assert run == {p.name for p in (ROOT / "tests" / "benchmarks").glob("bench_*.py")}
