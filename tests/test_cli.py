"""The command line as users run it: the installed script, its speed, its errors."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import marketsite
from marketsite.cli import main
from marketsite.commands.options import DIFF_FORMATS
from marketsite.editions.changes import FORMATS
from marketsite.errors import MarketsiteError
from marketsite.rendering.charts import ChartRenderer
from marketsite.site.settings import SettingsError, read_settings
from tests.conftest import REPORT_ID, ROOT, copy_project

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


def _imported_by(*commands: list[str], cwd: Path | None = None) -> set[str]:
    """The heavy libraries a fresh Python has loaded after running each of ``commands``
    (`marketsite ARGV`) in turn. A library stays loaded once loaded, so an empty set
    means that none of the commands loaded any (one Python starts in a third of a
    second; these tests would otherwise start eight)."""
    code = (
        "import sys\nfrom marketsite.cli import main\n"
        f"for argv in {list(commands)!r}:\n"
        "    sys.argv = ['marketsite', *argv]\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        f"print('loaded:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded = result.stdout.rpartition("loaded:")[2].strip()
    return {name for name in loaded.split(",") if name}


def test_commands_that_draw_nothing_load_no_rendering_library(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    loaded = _imported_by(
        ["--help"],
        ["--version"],
        ["build", "--help"],
        # The example has no series.csv, so nothing reads CSV with pandas.
        ["validate"],
        # An output folder that is the data is refused before anything is read or loaded.
        ["build", "-d", "data"],
        ["merge", "content", "-d", "data"],
        cwd=project,
    )
    assert loaded == set()
    assert (project / "data" / REPORT_ID / "facts.yaml").is_file()


def test_a_series_loads_pandas_and_a_build_only_the_chart_renderer(tmp_path: Path) -> None:
    # The check can see them: reading a series (the corpus has two) loads pandas.
    assert _imported_by(["validate", str(ROOT / "tests" / "corpus" / "data")]) == {"pandas"}
    # Altair (and pandas with it) only draws a chart a worker has no cached drawing of
    # (the next test).
    project = copy_project(tmp_path / "project")
    assert _imported_by(["build", "-d", "site"], cwd=project) == {"vl_convert"}


TWO_YEAR_CHART = """
from marketsite.rendering.charts import BarChart

def two_year_chart(size, unit="US$ bn"):
    return BarChart(
        categories=("2024", "2032"), values=(size, 49.8), labels=(str(size), "49.8"),
        sources=("published", "published"), source_names=("published", "derived"),
        category_title="Year", value_title=unit, axis_format=",.0f",
    )
"""
DRAW_THREE_CHARTS = f"""
import json, sys
from pathlib import Path
import marketsite.site.plugin  # what the fork server loads before it forks a worker
from marketsite.rendering.charts import ChartRenderer
{TWO_YEAR_CHART}
renderer = ChartRenderer(Path(sys.argv[1]))
loaded = ["altair" in sys.modules]
renderer.render_bars(two_year_chart(24.71), {{}})  # drawn before: in the cache
loaded.append("altair" in sys.modules)
changed = renderer.render_bars(two_year_chart(24.72), {{}})  # a new figure, a known shape
loaded.append("altair" in sys.modules)
renderer.render_bars(two_year_chart(24.72, "EUR bn"), {{}})  # a shape never made
loaded.append("altair" in sys.modules)
print(*loaded, json.loads(changed.spec_json) == two_year_chart(24.72).altair_spec())
"""


def test_altair_is_loaded_only_for_a_chart_shape_not_made_before(tmp_path: Path) -> None:
    """Importing Altair (with pandas) costs a build worker half a second; a worker whose
    charts are all in the build cache, or differ from cached ones only in their figures
    (an editor's usual change), never needs it."""
    namespace: dict[str, Any] = {}
    exec(TWO_YEAR_CHART, namespace)  # the very chart the fresh Python draws first
    ChartRenderer(tmp_path / "charts").render_bars(namespace["two_year_chart"](24.71), {})
    command = [sys.executable, "-c", DRAW_THREE_CHARTS, str(tmp_path / "charts")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
    # Not loaded with the pipeline, nor for the cached chart, nor for a new figure in a
    # known shape (whose spec is still exactly Altair's); loaded for the new shape.
    assert result.stdout.split() == ["False", "False", "False", "True", "True"]


def test_the_diff_formats_offered_are_those_diff_writes() -> None:
    assert set(DIFF_FORMATS) == {*FORMATS, "notes", "notes-text"}


def test_every_error_a_stage_raises_is_a_marketsite_error() -> None:
    """The command line catches one base; an error class outside it would be a
    traceback for the user."""
    errors = []
    for module_info in pkgutil.walk_packages(marketsite.__path__, "marketsite."):
        # The fork server's preload is the fork server starting: imported here, it would
        # end this test process with os._exit, past its clean-up (it raises nothing).
        if module_info.name in ("marketsite.__main__", "marketsite.site.forkserver_preload"):
            continue
        module = importlib.import_module(module_info.name)
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
    """A new engineer finds each module in the README's drawing of the stages, under
    its own stage."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout") : readme.index("Where a change goes")]
    package = ROOT / "src" / "marketsite"
    drawn: dict[str, str] = {}
    stage = ""
    for line in layout.splitlines():
        header = re.match(r"^    (\w+)/\s", line)
        if header:
            stage = header.group(1)
        if stage:
            drawn[stage] = drawn.get(stage, "") + line
    for folder in sorted(p for p in package.iterdir() if (p / "__init__.py").is_file()):
        modules = sorted(p.name for p in folder.glob("[!_]*.py"))
        missing = [name for name in modules if name not in drawn.get(folder.name, "")]
        assert missing == [], f"{folder.name}/: {missing}"
    for module in sorted(p.name for p in package.glob("[!_]*.py")):
        assert module in layout, module


#: The stages in pipeline order; a stage may import from the stages before it only.
STAGES = ("data", "checks", "derivation", "rendering", "site", "editing", "editions")


def test_no_stage_imports_a_later_one() -> None:
    """The layout's promise: the checks never reach into rendering, rendering never
    into the site. A back edge is how a pipeline stops being one."""
    package = ROOT / "src" / "marketsite"
    back_edges = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).parts
        if len(parts) == 1 or parts[0] == "commands":
            continue  # cli.py and commands/ are glue; errors.py and files.py are shared
        stage = STAGES.index(parts[0])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                target = name.split(".")
                if target[0] != "marketsite" or len(target) < 2:
                    continue
                if target[1] in ("cli", "commands") or (
                    target[1] in STAGES and STAGES.index(target[1]) > stage
                ):
                    back_edges.append(f"{'/'.join(parts)}:{node.lineno} imports {name}")
    assert back_edges == []


def _config(tmp_path: Path, plugins: str) -> Path:
    (tmp_path / "docs").mkdir(exist_ok=True)
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: x\nplugins:\n{plugins}", encoding="utf-8")
    return config


def test_the_plugins_options_are_read_from_a_list_or_a_mapping(tmp_path: Path) -> None:
    listed = read_settings(
        _config(tmp_path, "  - search\n  - marketsite:\n      languages: [en]\n")
    )
    assert listed.languages == ("en",) and listed.default_language == "en"
    assert listed.data_dir == tmp_path / "data"
    mapped = read_settings(_config(tmp_path, "  marketsite:\n    data_dir: facts\n"))
    assert mapped.languages == ("de", "en") and mapped.data_dir == tmp_path / "facts"
    bare = read_settings(_config(tmp_path, "  - marketsite\n"))
    assert bare.content_dir == tmp_path / "content"


@pytest.mark.parametrize(
    ("plugins", "message"),
    [
        (
            "  - marketsite:\n      cagr_tolerance: lots\n",
            "plugins: marketsite: cagr_tolerance: Expected type: <class 'float'>",
        ),
        ("  - marketsite: [de, en]\n", "plugins: marketsite: its options must be a mapping"),
        ("  - search\n", "the 'marketsite' plugin is not enabled under plugins:"),
    ],
)
def test_wrong_plugin_options_are_named_before_anything_runs(
    tmp_path: Path, plugins: str, message: str
) -> None:
    config = _config(tmp_path, plugins)
    with pytest.raises(SettingsError) as raised:
        read_settings(config)
    assert raised.value.message.startswith(f"{config}: ")
    assert message in raised.value.message
    result = CliRunner().invoke(main, ["build", "-f", str(config), "-d", str(tmp_path / "out")])
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()
