"""Shared fixtures: the shipped example data copied into a temporary folder."""

from __future__ import annotations

import contextlib
import gc
import http.server
import multiprocessing.util
import os
import shutil
import socket
import sys
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result
from hypothesis import settings
from playwright.sync_api import Browser, sync_playwright

from marketsite.cli import main

if sys.platform != "win32":
    import fcntl

# CI (and `make test`, which CI runs with CI=true) draws the same examples every run and
# keeps no example database, so a red run is the code's doing, not the draw's. At a desk,
# HYPOTHESIS_PROFILE=dev explores new examples and remembers failing ones.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev")
# `make test-fast`, the edit-test loop: the same fixed draws as CI, fewer of them (see
# examples()); `make test` and CI draw them all.
settings.register_profile("fast", derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def quick_tier() -> bool:
    """Whether this is `make test-fast`, the edit-test loop."""
    return os.environ.get("HYPOTHESIS_PROFILE") == "fast"


def examples(count: int) -> int:
    """How many examples a property test draws: ``count``; a tenth of them (at least 3)
    in the edit-test loop's profile, where a build-per-example test would take minutes.
    The draws are fixed, and `make test` draws them all."""
    return max(3, count // 10) if quick_tier() else count


ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DATA = ROOT / "data"
REPORT_ID = "omni-channel-communication-services"


#: A file system in memory (tmpfs), where the suite keeps its temporary folders when it
#: has room (see :func:`pytest_configure`).
MEMORY_TEMP = Path("/dev/shm")
#: The room it needs: `make test`'s folders peak at about 260 MB.
MEMORY_TEMP_ROOM = 2 * 2**30


def memory_temp() -> Path | None:
    """The machine's shared-memory folder (tmpfs on Linux) if it is writable and has room
    for a run."""
    try:
        stats = os.statvfs(MEMORY_TEMP)
    except OSError:
        return None
    room = stats.f_bavail * stats.f_frsize
    if room < MEMORY_TEMP_ROOM or not os.access(MEMORY_TEMP, os.W_OK | os.X_OK):
        return None
    return MEMORY_TEMP


def pytest_configure(config: pytest.Config) -> None:
    """Keep the run's temporary folders in memory where the machine has room, unless
    TMPDIR or --basetemp says where. The tests write and delete well over ten thousand
    files (one that builds the example writes about 200): on this machine's ext4 disk
    the kernel took 30 s of the quick tier's 115 s of processor time (13 s in memory),
    most of it looking for a free inode among those just deleted. tmpfs also lists a
    folder's files in the order they were written, where ext4 lists them by a hash, so
    code that depends on that order gives another result here and the reproducibility
    tests can catch it. Workers and the processes tests start inherit the choice."""
    if hasattr(config, "workerinput") or config.option.basetemp or os.environ.get("TMPDIR"):
        return
    memory = memory_temp()
    if memory is not None:
        os.environ["TMPDIR"] = str(memory)
        tempfile.tempdir = None  # read TMPDIR again


def pytest_collection_finish(session: pytest.Session) -> None:
    """Leave what collection made (the modules imported, pandas and Altair among them,
    and the test items) out of the garbage collector's full passes: it lives to the end
    of the run, and each full pass walked all of it again, about 2 s per worker of the
    quick tier. Objects the tests make are collected as before."""
    gc.freeze()


@pytest.fixture(scope="session", autouse=True)
def suite_temp_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The temp directory of the suite and every process it starts: a folder of pytest's
    own, which pytest prunes. Builds killed on purpose cannot clean up after themselves,
    and must not fill the machine's temp directory; whatever marketsite makes there
    itself must be gone when the suite ends."""
    temp = tmp_path_factory.mktemp("temp")
    # This process's own multiprocessing folder (the fork server's socket) stays in the
    # machine's temp directory: multiprocessing removes it as the process exits, after
    # pytest has removed its folders.
    multiprocessing.util.get_temp_dir()
    before = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = str(temp)
    tempfile.tempdir = None  # read TMPDIR again
    try:
        yield temp
    finally:
        if before is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = before
        tempfile.tempdir = None
    left = sorted(path.name for path in temp.iterdir() if path.name.startswith("marketsite-"))
    assert left == [], f"the suite left {left} in the temp directory"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the shipped data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact snippet in a data file (fails loudly if it is not there)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found exactly once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, snippet: str) -> int:
    """1-based line number of the first line containing ``snippet``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if snippet in line:
            return number
    raise AssertionError(f"{snippet!r} not in {path}")


PROJECT_PARTS = ("mkdocs.yml", "content", "overrides", "data")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_port(purpose: str) -> int:
    """A free port for a site built to be served: the same one for ``purpose`` (in this
    test process) from run to run, while it is free. The site's address is drawn into
    its chart downloads, so a new port would draw them all again, run after run."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    # Below Linux's ephemeral ports (32768 and up), which connections take at random.
    port = 10000 + zlib.crc32(f"{purpose} {worker}".encode()) % 20000
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return free_port()
    return port


def copy_project(target: Path) -> Path:
    """A private copy of the site project (config, content, overrides, data) whose build
    cache's charts, compiled theme templates and hyphenated words are the suite's shared
    ones (:data:`SHARED_CACHE`), as an editor's checkout has them after its first build.
    Without them, the dozen charts of a cold build would cost every test that builds
    seconds."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    for kind in SHARED_KINDS:
        shared = SHARED_CACHE / kind
        shared.mkdir(parents=True, exist_ok=True)
        (target / CACHE).mkdir(parents=True, exist_ok=True)
        (target / CACHE / kind).symlink_to(shared, target_is_directory=True)
    return target


def copy_reports(target: Path, reports: int) -> Path:
    """A private, warm copy of the site project (:func:`copy_project`) with ``reports``
    reports: the example and clones of it, each with figures of its own."""
    from tests.benchmarks.bench_build import add_reports

    project = copy_project(target)
    add_reports(project, reports)
    return project


#: The build cache of a project, as mkdocs.yml's plugin options leave it.
CACHE = Path(".cache") / "marketsite"
#: The build caches every test's project shares, kept between runs (git ignores them).
#: Each file in them is named by a hash of everything that makes it (a chart by its
#: specification and the code and library that draw it, a template by its source, a
#: word list by the dictionary and pyphen's version) and is written whole or not at all;
#: an entry is never changed: a build finds only what it would make itself. The page
#: cache is not shared, as a build prunes it. Delete the folder to start cold. It stays
#: on disk; where the tests' folders are in memory, its files are copied into their
#: sites, not linked (test_charts_downloads builds beside it to see the links).
SHARED_CACHE = ROOT / ".cache" / "marketsite-tests"
SHARED_KINDS = ("charts", "templates", "hyphenation")


def run_build(project: Path, output: Path, site_url: str | None = None) -> Result:
    """`marketsite build` on a project folder, as an editor or CI would run it."""
    args = ["build", "-f", str(project / "mkdocs.yml"), "-d", str(output)]
    if site_url:
        args += ["--site-url", site_url]
    result = CliRunner().invoke(main, args)
    assert "Traceback" not in result.output, result.output
    return result


class ParsedPages(dict[Path, BeautifulSoup]):
    """Built pages, each parsed once when first asked for (a report page is some 130 KB,
    read by many tests): trees to read, never to change."""

    def __missing__(self, file: Path) -> BeautifulSoup:
        soup = self[file] = reader_soup(file.read_text(encoding="utf-8"))
        return soup


@dataclass(frozen=True)
class BuiltSite:
    """The example site built once for a test session, and where it will be served."""

    root: Path
    port: int
    _pages: ParsedPages = field(default_factory=ParsedPages, compare=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def html(self, path: str) -> BeautifulSoup:
        """A built page, parsed (path like "de/berichte/x/"), to read without changing."""
        file = self.root / path
        if file.is_dir() or path.endswith("/"):
            file = file / "index.html"
        return self._pages[file]


def reader_soup(markup: str) -> BeautifulSoup:
    """A page parsed as a reader reads its words: without the soft hyphens of long
    heading words, which show only where a heading breaks."""
    return BeautifulSoup(markup.replace("\u00ad", ""), "html.parser")


#: The corpus of real reports from other publishers, as published.
CORPUS = Path(__file__).resolve().parent / "corpus" / "data"


@pytest.fixture(scope="session")
def corpus_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus as a project, built once per run into its ``site/``, by the first of the
    run's worker processes to ask for it (3 s of processor time); tests read it and leave
    it as it is."""
    basetemp = tmp_path_factory.getbasetemp()
    # Each worker's temporary folder lies in the run's; without workers (or file locks,
    # on Windows), a process builds its own.
    shared = sys.platform != "win32" and "PYTEST_XDIST_WORKER" in os.environ
    run_temp = basetemp.parent if shared else basetemp
    project = run_temp / "corpus" / "project"
    with contextlib.ExitStack() as held:
        if shared:
            lock = held.enter_context((run_temp / "corpus.lock").open("w"))
            fcntl.flock(lock, fcntl.LOCK_EX)  # the others wait for the build, then read it
        if not (project / "site").is_dir():
            shutil.rmtree(project, ignore_errors=True)  # what a failed build left
            copy_project(project)
            shutil.rmtree(project / "data")
            shutil.copytree(CORPUS, project / "data")
            shutil.copytree(ROOT / "data" / "_schema", project / "data" / "_schema")
            result = run_build(project, project / "site")
            assert result.exit_code == 0, result.output
    return project


GERMAN_REPORT = "de/berichte/omni-channel-kommunikationsdienste/"
ENGLISH_REPORT = "en/reports/omni-channel-communication-services/"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The shipped example built with `marketsite build`, with URLs for a local server."""
    port = site_port("built")
    output = tmp_path_factory.mktemp("built") / "site"
    result = run_build(ROOT, output, f"http://127.0.0.1:{port}/")
    assert result.exit_code == 0, result.output
    return BuiltSite(output, port)


#: Keep Chromium itself off the network; page.route() never sees its own calls.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-features=AutofillServerCommunication",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
#: Debian's chromium first; an installed Chrome where there is none (GitHub's runners).
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def chromium_path() -> str:
    """Debian's chromium, else an installed Chrome (never Playwright's download)."""
    return next(
        (path for name in CHROMIUM_NAMES if (path := shutil.which(name))), "/usr/bin/chromium"
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session (Debian's, driven by Playwright)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
