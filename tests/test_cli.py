"""The command line as users run it: the installed script, its speed, its errors."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import marketsite
from marketsite.cli import DIFF_FORMATS
from marketsite.diff import FORMATS
from marketsite.errors import MarketsiteError
from tests.conftest import ROOT

#: The console script pip installed next to this Python (not `python -m`).
MARKETSITE = Path(sys.executable).with_name("marketsite")
#: Libraries that take a second to import; a command that does not need them must not.
HEAVY = ("altair", "pandas", "vl_convert")
#: Exceptions that never reach the user: each becomes a located problem inside its stage.
INTERNAL_EXCEPTIONS = {"_TooComplex", "PreviewSuperseded", "NotARegularFile", "FigureOutOfBounds"}


def test_the_installed_script_lists_every_command() -> None:
    result = subprocess.run(
        [str(MARKETSITE), "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    for command in ("build", "validate", "serve", "release", "merge", "diff", "translations"):
        assert f"  {command} " in result.stdout


def test_the_installed_script_validates_the_example() -> None:
    result = subprocess.run(
        [str(MARKETSITE), "validate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "validation passed" in result.stdout
    assert "(1 report checked)" in result.stdout


def _imported_by(*argv: str) -> set[str]:
    """The heavy libraries a fresh Python has loaded after `marketsite ARGV`."""
    code = (
        "import sys\nfrom marketsite.cli import main\n"
        f"sys.argv = ['marketsite', *{list(argv)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('loaded:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = result.stdout.rpartition("loaded:")[2].strip()
    return {name for name in loaded.split(",") if name}


def test_help_and_version_load_no_rendering_library() -> None:
    assert _imported_by("--help") == set()
    assert _imported_by("--version") == set()
    assert _imported_by("build", "--help") == set()
    # The check itself can see them: a command that reads data does load pandas.
    assert "pandas" in _imported_by("validate", str(ROOT / "data"))


def test_the_diff_formats_offered_are_those_diff_writes() -> None:
    assert set(DIFF_FORMATS) == {*FORMATS, "notes"}


def test_every_error_a_stage_raises_is_a_marketsite_error() -> None:
    """The command line catches one base; an error class outside it would be a
    traceback for the user."""
    errors = []
    for module_info in pkgutil.iter_modules(marketsite.__path__):
        if module_info.name == "__main__":
            continue
        module = importlib.import_module(f"marketsite.{module_info.name}")
        for name, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, Exception)
                and value.__module__ == module.__name__
                and name not in INTERNAL_EXCEPTIONS
            ):
                errors.append(value)
    assert len(errors) >= 8
    assert [e.__name__ for e in errors if not issubclass(e, MarketsiteError)] == []


def test_a_config_without_the_plugin_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    result = subprocess.run(
        [str(MARKETSITE), "build", "-f", str(config), "-d", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "the 'marketsite' plugin is not enabled under plugins:" in result.stderr


def test_the_readme_layout_names_every_module() -> None:
    """A new engineer finds each module in the README's drawing of the stages."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout") :]
    modules = sorted(p.name for p in (ROOT / "src" / "marketsite").glob("[!_]*.py"))
    assert [name for name in modules if name not in layout] == []
