"""`marketsite serve`: an editor's preview reloads when a data file changes."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPORT_ID, copy_project, copy_reports, edit, free_port, line_of

pytestmark = pytest.mark.serve


def fetch_until(url: str, needle: str, seconds: float = 60) -> str:
    """Poll ``url`` (bounded in time) until its body contains ``needle``."""
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
            if needle in body:
                return body
        except urllib.error.HTTPError as exc:  # not built yet: 404 while the first build runs
            exc.close()
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{needle!r} never appeared at {url}")


@contextlib.contextmanager
def serving(
    tmp_path: Path, project: Path, *args: str, stop: signal.Signals = signal.SIGTERM
) -> Iterator[str]:
    """`marketsite serve` on a free port for the duration; yields the base URL. The
    preview gets a temp directory of its own, and ``stop`` ends it: it must leave that
    directory empty (its preview folder is several MB a run)."""
    port = free_port()
    temp = tmp_path / "temp"
    temp.mkdir()
    command = [
        sys.executable,
        "-m",
        "marketsite",
        "serve",
        "-f",
        str(project / "mkdocs.yml"),
        *args,
        "-a",
        f"127.0.0.1:{port}",
    ]
    with (
        (tmp_path / "serve.log").open("wb") as log,
        subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "TMPDIR": str(temp)},
        ) as server,
    ):
        try:
            yield f"http://127.0.0.1:{port}/"
        finally:
            server.send_signal(stop)
            server.wait(timeout=60)
    assert [path.name for path in temp.iterdir()] == []


def test_a_closed_terminal_stops_the_preview_and_removes_its_folder(tmp_path: Path) -> None:
    """SIGHUP (the terminal closed) ends the preview as SIGTERM and Ctrl-C do: its
    folder in the temp directory goes with it (serving() checks that)."""
    project = copy_project(tmp_path / "project")
    with serving(tmp_path, project, "--lang", "en", stop=signal.SIGHUP) as base:
        fetch_until(f"{base}en/", "Market reports")
        assert any((tmp_path / "temp").iterdir())  # the preview is there while it runs


def test_serve_previews_english_and_reloads_on_data_change(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    with serving(tmp_path, project, "--lang", "en") as base:
        url = f"{base}en/reports/omni-channel-communication-services/"
        fetch_until(url, "US$24.71 billion")
        edit(
            project / "data" / REPORT_ID / "facts.yaml",
            "{year: 2026, value: 24.71,",
            "{year: 2026, value: 24.73,",
        )
        fetch_until(url, "US$24.73 billion")


def assert_warnings_folded(base: str, body: str) -> None:
    """The example has an acknowledged CAGR warning and a note on the regional remainder:
    the German preview lists both in German, folded, on the report's pages."""
    folded = r'<details class="[^"]*marketsite-data-warnings[^"]*">.*?</details>'
    panel = re.search(folded, body)
    assert panel is not None, body[:2000]
    text = panel.group(0)
    assert "<summary>2 Warnungen und Hinweise zu den Daten</summary>" in text
    assert "open" not in text.split(">", 1)[0]  # folded: the page comes first
    assert "Eine angegebene CAGR weicht von der ab" in text  # cagr-mismatch, in German
    assert "cagr-mismatch, bestätigt" in text and "shares-remainder" in text
    assert "facts.yaml:16" in text
    assert "marketsite-data-errors" not in body
    english = fetch_until(f"{base}en/reports/omni-channel-communication-services/", "24.71")
    assert "<summary>2 warnings and notes on the data</summary>" in english
    assert "stated CAGR 10.1 % differs" in english  # English: the message itself
    with urllib.request.urlopen(f"{base}de/", timeout=10) as home:
        assert "marketsite-data-warnings" not in home.read().decode("utf-8")


def test_serve_shows_data_errors_in_the_page_and_recovers(tmp_path: Path) -> None:
    """Warnings and notes folded on the report's page, errors in a box on every page,
    each in the page's language; the last good version under the errors."""
    project = copy_project(tmp_path / "project")
    facts = project / "data" / REPORT_ID / "facts.yaml"
    with serving(tmp_path, project) as base:
        url = f"{base}de/berichte/omni-channel-kommunikationsdienste/"
        body = fetch_until(url, "24,71 Milliarden US-Dollar")
        assert_warnings_folded(base, body)
        edit(facts, "{id: asia-pacific, share: about 15", "{id: asia-pacific, share: 45")
        saved = time.monotonic()
        body = fetch_until(url, "marketsite-data-errors")
        shown_after = time.monotonic() - saved
        # Every problem, with file:line and field, in the preview's language.
        assert "Die Daten enthalten 1 Fehler." in body
        assert "letzten Stand ohne Fehler" in body
        assert "facts.yaml:" in body and "regions[0].share:" in body
        assert "shares-over-100" in body
        # In German: what the problem means and how to fix it; the exact English message
        # (with its figures) beside it, marked as English.
        assert "Die Anteile einer Dimension ergeben mehr als 100 %: Anteile korrigieren." in (
            body.replace("100 %", "100 %")
        )
        assert '<small lang="en">regional shares add up to' in body
        # The page under the errors is the last version that built.
        assert "24,71 Milliarden US-Dollar" in body
        # Every page carries the errors, and no request waits for a fix.
        with urllib.request.urlopen(f"{base}de/", timeout=10) as home:
            assert "marketsite-data-errors" in home.read().decode("utf-8")
        edit(facts, "{id: asia-pacific, share: 45", "{id: asia-pacific, share: about 15")
        deadline = time.monotonic() + 60
        while "marketsite-data-errors" in body and time.monotonic() < deadline:
            time.sleep(0.3)
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read().decode("utf-8")
        assert "marketsite-data-errors" not in body
    # Not a timed test: the figure is printed for whoever reads the log (-s).
    print(f"data error shown {shown_after:.1f} s after saving")


def test_serve_switches_language_to_the_same_report(tmp_path: Path) -> None:
    import re
    from urllib.parse import urljoin

    project = copy_project(tmp_path / "project")
    with serving(tmp_path, project) as base:
        german = f"{base}de/berichte/omni-channel-kommunikationsdienste/"
        body = fetch_until(german, "24,71 Milliarden US-Dollar")
        match = re.search(r'<a href="([^"]+)" hreflang="en" class="md-select__link"', body)
        assert match is not None
        english = urljoin(german, match.group(1))
        assert english == f"{base}en/reports/omni-channel-communication-services/"
        # The other language is served too, and follows data edits like the served one.
        fetch_until(english, "US$24.71 billion")
        edit(
            project / "data" / REPORT_ID / "facts.yaml",
            "{year: 2026, value: 24.71,",
            "{year: 2026, value: 24.73,",
        )
        fetch_until(german, "24,73 Milliarden US-Dollar")
        fetch_until(english, "US$24.73 billion")
        # The root page takes readers to a language, as on the published site.
        fetch_until(base, 'hreflang="en"')


def test_the_preview_serves_the_files_over_all_reports_and_they_follow_edits(
    tmp_path: Path,
) -> None:
    from urllib.parse import urljoin

    project = copy_project(tmp_path / "project")
    with serving(tmp_path, project, "--lang", "en") as base:
        page = f"{base}en/reports/omni-channel-communication-services/"
        body = fetch_until(page, "US$24.71 billion")
        # The report's "For tools" link to its facts, as on the published site.
        match = re.search(r'href="([^"]*data/reports/[^"]+\.json)"', body)
        assert match is not None, "the page has no link to its facts"
        facts = urljoin(page, match.group(1))
        assert facts == f"{base}data/reports/{REPORT_ID}.json"
        fetch_until(facts, '"value": 24.71')
        fetch_until(f"{base}data/key-figures.csv", "24.71")
        edit(
            project / "data" / REPORT_ID / "facts.yaml",
            "{year: 2026, value: 24.71,",
            "{year: 2026, value: 24.73,",
        )
        fetch_until(facts, '"value": 24.73')
        fetch_until(f"{base}data/key-figures.csv", "24.73")


def test_serve_rebuilds_only_the_edited_report_and_undoes_exactly(tmp_path: Path) -> None:
    project = copy_reports(tmp_path / "project", 3)
    facts = project / "data" / f"{REPORT_ID}-2" / "facts.yaml"
    log = tmp_path / "serve.log"
    with serving(tmp_path, project) as base:
        edited = f"{base}de/berichte/omni-channel-kommunikationsdienste-2/"
        other = f"{base}de/berichte/omni-channel-kommunikationsdienste-3/"
        fetch_until(edited, "24,71 Milliarden US-Dollar")
        edit(facts, "{year: 2026, value: 24.71,", "{year: 2026, value: 24.78,")
        fetch_until(edited, "24,78 Milliarden US-Dollar")
        fetch_until(f"{base}de/berichte/", "24,78")  # the catalog follows
        fetch_until(f"{base}en/reports/omni-channel-communication-services-2/", "24.78 billion")
        printed = log.read_text(encoding="utf-8")
        assert "preview: rebuilding 1 of 3 report pages" in printed
        # The data's notes were printed by the first build, and only counted after it.
        regions = line_of(facts, "regions:")  # the same line in every copy of the report
        note = f"{REPORT_ID}-3/facts.yaml:{regions}: regions: note[shares-remainder]"
        assert printed.count(note) == 1, printed
        assert "notes as before, not repeated (`marketsite validate` lists them all)" in printed
        assert "24,71 Milliarden US-Dollar" in fetch_until(other, "24,71 Milliarden")
        # The edited report's downloads are written again; the others' stay as they were.
        fetch_until(f"{edited}market-size.csv", "24,78")
        assert "24,71" in fetch_until(f"{other}market-size.csv", "24,71")
        assert fetch_until(f"{other}chart-market-size.svg", "<svg")
        # Undone: the page goes back to the rendering of before, which the cache still
        # holds (older than the page built in between, so its age must not decide).
        edit(facts, "{year: 2026, value: 24.78,", "{year: 2026, value: 24.71,")
        fetch_until(edited, "24,71 Milliarden US-Dollar")
        fetch_until(f"{edited}market-size.csv", "24,71")
        assert "reports: 0 rendered, 3 from cache" in log.read_text(encoding="utf-8")
        # A new hand-written page changes every page's navigation: all are rebuilt.
        page = project / "content" / "de" / "kontakt.md"
        page.write_text("---\ntitle: Kontakt\n---\n\n# Kontakt\n\nSchreiben Sie uns.\n", "utf-8")
        fetch_until(other, 'href="../../kontakt/"')
        assert "preview: building every page (3 reports)" in log.read_text(encoding="utf-8")
        # Everything was built again, every report's files with it.
        assert "24,71" in fetch_until(f"{other}market-size.csv", "24,71")


def test_compiled_theme_templates_are_reused_until_their_source_changes(tmp_path: Path) -> None:
    # serve makes a new Jinja environment per rebuild; the plugin's bytecode cache spares
    # compiling the theme again, but an edited template must never show its old version.
    from jinja2 import Environment, FileSystemLoader

    from marketsite.site.session import ThemeBytecode

    parsed: list[str] = []

    class Counting(Environment):
        def _parse(self, source: str, name: str | None, filename: str | None) -> Any:
            parsed.append(name or "")
            return super()._parse(source, name, filename)

    cache = ThemeBytecode()
    template = tmp_path / "main.html"

    def render() -> str:
        env = Counting(loader=FileSystemLoader(tmp_path), bytecode_cache=cache)
        return env.get_template("main.html").render(title="Markt")

    template.write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    assert render() == "<h1>Markt</h1>"
    assert render() == "<h1>Markt</h1>"
    assert parsed == ["main.html"]  # compiled once for both environments
    template.write_text("<h2>{{ title }}</h2>", encoding="utf-8")
    assert render() == "<h2>Markt</h2>"
    assert parsed == ["main.html", "main.html"]


def test_serve_adds_and_removes_a_report_with_its_files(tmp_path: Path) -> None:
    # A dirty rebuild lists only the rebuilt reports' files; a new report's must be
    # written, and a removed report's must go, while the others' stay.
    import shutil

    project = copy_reports(tmp_path / "project", 2)
    data = project / "data"
    with serving(tmp_path, project) as base:
        reports = f"{base}de/berichte/"
        kept = f"{reports}omni-channel-kommunikationsdienste-2/market-size.csv"
        fetch_until(kept, "24,71")
        # Made beside the data, then moved in whole, as an editor's new folder arrives.
        draft = tmp_path / f"{REPORT_ID}-3"
        shutil.copytree(data / f"{REPORT_ID}-2", draft)
        for text in draft.glob("text.*.yaml"):  # its own slug in each language
            slug = re.search(r"^slug: (.+)-2$", text.read_text(encoding="utf-8"), re.M)
            assert slug is not None, text
            edit(text, f"slug: {slug[1]}-2\n", f"slug: {slug[1]}-3\n")
        added = data / draft.name
        draft.rename(added)
        new = f"{reports}omni-channel-kommunikationsdienste-3/"
        fetch_until(reports, "omni-channel-kommunikationsdienste-3/")
        fetch_until(new, "24,71 Milliarden US-Dollar")
        fetch_until(f"{new}market-size.csv", "24,71")
        shutil.rmtree(added)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{new}market-size.csv", timeout=5).close()
            except urllib.error.HTTPError as exc:
                exc.close()
                assert exc.code == 404
                break
            time.sleep(0.5)
        else:
            raise AssertionError("the removed report's download is still served")
        assert "24,71" in fetch_until(kept, "24,71")


def test_background_work_runs_the_latest_job_and_one_asked_to_follow_it() -> None:
    # An editor saving twice needs the second state previewed, not both; the other
    # languages' first build is asked to follow the search index, not to replace it.
    import gc
    import threading

    from marketsite.site.session import BackgroundWork

    ran: list[str] = []
    started, gate, done = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        started.set()
        gate.wait(10)
        ran.append("first")

    work = BackgroundWork()
    try:
        work.submit(first)
        assert started.wait(10)
        work.submit(lambda: ran.append("replaced"))
        work.submit(lambda: ran.append("latest"))
        work.submit(lambda: (ran.append("after"), done.set()), after=True)
        gate.set()
        assert done.wait(10)
        assert ran == ["first", "latest", "after"]
    finally:
        gate.set()
        for thread in threading.enumerate():
            if thread.name == "marketsite-preview":
                thread.join(10)
        gc.unfreeze()  # the work settles memory when idle; give this process its GC back


def test_the_preview_answers_only_for_this_machine(tmp_path: Path) -> None:
    """A site that points its own name at 127.0.0.1 (DNS rebinding) cannot read the
    preview; a path no file can have is a 404, not a server error."""
    project = copy_project(tmp_path / "project")
    with serving(tmp_path, project) as base:
        fetch_until(f"{base}de/", "</html>")
        port = base.rsplit(":", 1)[1].strip("/")
        for host, expected in (
            (f"127.0.0.1:{port}", 200),
            (f"localhost:{port}", 200),
            (f"attacker.example:{port}", 400),
            ("attacker.example", 400),
        ):
            request = urllib.request.Request(f"{base}de/", headers={"Host": host})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
                error.close()
            assert status == expected, host
        try:
            urllib.request.urlopen(f"{base}de/%00", timeout=10).close()
            status = 200
        except urllib.error.HTTPError as error:
            status = error.code
            error.close()
        assert status == 404


def test_serve_shows_a_draft_editions_what_changed_page_that_follows_edits(
    tmp_path: Path,
) -> None:
    """`serve --edition v2` words the changes since v1 as the release would, and the
    page follows the editor's next edit."""
    project = copy_project(tmp_path / "project")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "v1"]):
        subprocess.run(
            ["git", "-c", "user.name=E", "-c", "user.email=e@example.com", *args],
            cwd=project,
            check=True,
        )
    subprocess.run(["git", "tag", "v1"], cwd=project, check=True)
    facts = project / "data" / REPORT_ID / "facts.yaml"
    edit(facts, "{name: Starbucks, country: US}", "{name: Twilio, country: US}")
    with serving(tmp_path, project, "--lang", "en", "--edition", "v2") as base:
        page = fetch_until(f"{base}en/changes/", "New company: Twilio (United States)")
        assert re.search(r"Edition v2 of [^<]+</h2>", page)
        edit(facts, "{name: Emarsys, country: AT}", "{name: Emarsys, country: DE}")
        fetch_until(f"{base}en/changes/", "Headquarters of Emarsys: Austria → Germany")
