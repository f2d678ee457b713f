"""A build is a value: it works under every way Python starts worker processes.

Python 3.14 starts workers with ``forkserver`` on Linux, macOS and Windows with
``spawn``. Nothing may reach a worker through what ``fork`` copies: the run's
validated data travels as an argument. Each test runs the build in a fresh Python
whose workers start by the method given with ``--start-method``.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ENGLISH_REPORT, GERMAN_REPORT, REPORT_ID, copy_project
from tests.processes import add_report_copies, end_build_while_workers_run

METHODS = ("fork", "forkserver", "spawn")
#: The console script pip installed next to this Python.
MARKETSITE = Path(sys.executable).with_name("marketsite")


def marketsite_build(method: str) -> list[str]:
    """`marketsite build` (the installed script) with workers started by ``method``."""
    return [str(MARKETSITE), "build", "-d", "site", "--start-method", method]


def one_worker(command: list[str]) -> list[str]:
    """``command`` with one worker building both languages in turn: a spawned worker
    imports the whole pipeline afresh (a second of processor time), and one shows all
    that spawn changes."""
    return [*command, "--jobs", "1"]


def python(code: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(code)]


def run(command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``command`` to its end (bounded in time), its output captured as text."""
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example built with `marketsite build` under each start method."""
    sites = {}
    for method in METHODS:
        project = copy_project(tmp_path_factory.mktemp(method) / "project")
        command = marketsite_build(method)
        result = run(one_worker(command) if method == "spawn" else command, project)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "built de, en into site/" in result.stdout
        sites[method] = project / "site"
    return sites


@pytest.mark.parametrize("method", METHODS)
def test_the_build_runs_under_each_start_method(built: dict[str, Path], method: str) -> None:
    for page in (GERMAN_REPORT, ENGLISH_REPORT):
        html = (built[method] / page / "index.html").read_text(encoding="utf-8")
        # The published market size, as the data file states it, in each language.
        assert "24,71" in html if page == GERMAN_REPORT else "24.71" in html


@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_every_start_method_builds_the_same_pages(built: dict[str, Path], method: str) -> None:
    for page in (GERMAN_REPORT, ENGLISH_REPORT, "de/index.html", "en/berichte/index.html"):
        ours, forked = built[method] / page, built["fork"] / page
        if ours.is_dir():
            ours, forked = ours / "index.html", forked / "index.html"
        if not forked.exists():
            continue
        assert ours.read_bytes() == forked.read_bytes(), page


HAND_OVER = """
    from pathlib import Path
    from marketsite.checks.validate import validate_data_dir
    from marketsite.rendering.charts import ChartRenderer
    from marketsite.rendering.render import report_view
    from marketsite.rendering.report_charts import report_charts
    from marketsite.rendering.tables import report_tables
    from marketsite.site.build import build_site
    from marketsite.site.settings import read_settings

    settings = read_settings(Path("mkdocs.yml"))
    result = validate_data_dir(
        settings.data_dir, settings.languages, settings.default_language,
        settings.cagr_tolerance,
    )
    # The caller draws a chart itself first (as the preview and the tests do), with no
    # cache, so vl-convert's engine runs in this process: workers that inherited its
    # chart renderer would wait for ever.
    view = report_view(result.dataset, 0, "en")
    ChartRenderer(None).render(report_charts(view, report_tables(view))[0])
    facts = settings.data_dir / "REPORT" / "facts.yaml"
    # Changed after validation: a worker that validated again would show 24.72.
    facts.write_text(facts.read_text().replace("value: 24.71,", "value: 24.72,"))
    # Workers as they start by default (from a fork server), then spawned (one, which
    # builds both languages: each spawned worker imports the pipeline afresh); one Python
    # for both, as it takes a second to start and validate.
    build_site(settings, Path("site-default"), validation=result)
    build_site(settings, Path("site-spawn"), validation=result, jobs=1, start_method="spawn")
"""


def test_a_caller_that_drew_a_chart_has_its_workers_build_what_it_validated(
    tmp_path: Path,
) -> None:
    """A forked worker inherits the caller's chart renderer mid-state: in the test suite's
    process (threads, hundreds of charts drawn) its first chart waited for ever. This
    run does not always hang under fork; the test of the default start method below pins
    why none does now. And however they start, the workers build the data the caller
    validated, which travels to them as an argument."""
    project = copy_project(tmp_path / "project")
    facts = project / "data" / REPORT_ID / "facts.yaml"
    assert "value: 24.71," in facts.read_text(encoding="utf-8")
    result = run(python(HAND_OVER.replace("REPORT", REPORT_ID)), project)
    assert result.returncode == 0, result.stdout + result.stderr
    for folder in ("site-default", "site-spawn"):
        text = (project / folder / ENGLISH_REPORT / "index.html").read_text(encoding="utf-8")
        assert "US$24.71bn" in text, folder
        assert "US$24.72bn" not in text, folder


def _end_build_while_workers_run(project: Path, method: str, stop: signal.Signals) -> int:
    """Stop a build of ``project`` while its workers run; none of its processes may be left
    10 s later (how soon they end is measured by `make bench`). The build's exit status."""
    ended = end_build_while_workers_run(marketsite_build(method), project, stop)
    assert ended.seconds_until_all_gone is not None, "workers outlived the build"
    return ended.status


@pytest.mark.kill
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_workers_of_a_killed_build_end_with_it(tmp_path: Path, method: str) -> None:
    project = copy_project(tmp_path / "project")
    add_report_copies(project)
    assert _end_build_while_workers_run(project, method, signal.SIGKILL) == -signal.SIGKILL


WHICH_CONTEXT = """
    import multiprocessing
    from marketsite.site.workers import worker_context
    multiprocessing.set_start_method("fork")  # the caller's own choice: not the workers'
    print(worker_context().get_start_method(), worker_context("spawn").get_start_method())
"""


@pytest.mark.skipif(sys.platform == "win32", reason="no fork server on Windows")
def test_workers_start_from_a_fork_server_unless_asked_otherwise() -> None:
    result = run(python(WHICH_CONTEXT))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["forkserver", "spawn"]


@pytest.mark.kill
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_stopped_build_leaves_the_old_site_and_nothing_else(tmp_path: Path) -> None:
    """SIGTERM (a cancelled CI job) mid-build: the previous site stays whole, the staging
    folder is removed and no worker goes on writing."""
    project = copy_project(tmp_path / "project")
    first = run(marketsite_build("forkserver"), project)
    assert first.returncode == 0, first.stderr
    before = (project / "site" / ENGLISH_REPORT / "index.html").read_bytes()
    add_report_copies(project)
    status = _end_build_while_workers_run(project, "forkserver", signal.SIGTERM)
    assert status == 128 + signal.SIGTERM
    assert [p.name for p in project.iterdir() if p.name.startswith(".site-")] == []
    assert (project / "site" / ENGLISH_REPORT / "index.html").read_bytes() == before
