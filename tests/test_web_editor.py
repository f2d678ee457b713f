"""The browser editor (`marketsite edit`): forms from the schema, values as written,
problems at their fields in the editor's language, saves that change one line."""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from playwright.sync_api import Browser, expect

from marketsite.cli import main
from marketsite.editing.editor import (
    EditorError,
    EditorSettings,
    as_written,
    check_draft,
    draft_texts,
    editor_page,
    from_form,
    read_report,
    report_ids,
    save_draft,
)
from marketsite.editing.editor_server import TOKEN_HEADER, EditorApp, EditorHTTPServer
from marketsite.editing.published_editor import git_blob_id, report_for_page
from tests.conftest import (
    CORPUS,
    REPORT_ID,
    ROOT,
    QuietHandler,
    copy_project,
    free_port,
    line_of,
    run_build,
)
from tests.test_browser import AXE

FACTS = f"data/{REPORT_ID}/facts.yaml"


def git(project: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(project), *args], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The example project in a git repository of its own, committed."""
    target = copy_project(tmp_path / "project")
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "data")
    return target


def settings_of(project: Path, ui_language: str = "de") -> EditorSettings:
    return EditorSettings(
        data_dir=project / "data",
        languages=("de", "en"),
        source_language="de",
        cagr_tolerance=0.15,
        ui_language=ui_language,
    )


def test_values_travel_as_written_and_come_back_as_they_were() -> None:
    """58.40 keeps its zero through the form; a value sent back unchanged is the file's
    own; a changed one is read as the file would read it."""
    old = {"value": Decimal("58.40"), "year": 2035, "share": "about 50", "fastest": True}
    form = as_written(old)
    assert form == {"value": "58.40", "year": "2035", "share": "about 50", "fastest": "true"}
    assert from_form(old, form, prose=False) == old
    assert str(from_form(old, form, prose=False)["value"]) == "58.40"
    changed = {**form, "value": "58.30", "share": "12 to 14", "fastest": "false", "year": "2034"}
    again = from_form(old, changed, prose=False)
    assert again == {"value": Decimal("58.30"), "year": 2034, "share": "12 to 14", "fastest": False}
    assert str(again["value"]) == "58.30"
    # Prose stays text, whatever it looks like.
    assert from_form({"summary": "old"}, {"summary": "2035"}, prose=True) == {"summary": "2035"}


def test_the_forms_describe_each_field_in_the_editors_language(project: Path) -> None:
    """The descriptions are the schema's (data/_schema), translated for a German editor."""
    schema = json.loads((ROOT / "data/_schema/facts.schema.json").read_text("utf-8"))
    backend = {"kind": "local", "token": "t"}

    def described(lang: str, *path: str) -> str:
        page = BeautifulSoup(editor_page(settings_of(project, lang), backend), "html.parser")
        script = page.find("script", id="editor-config")
        assert script is not None and script.string is not None
        node = json.loads(script.string)["schemas"]["facts"]
        for key in path:
            node = node[key]
        return node["description"]

    english = schema["properties"]["currency"]["description"]
    assert described("en", "properties", "currency") == english
    assert described("de", "properties", "currency") == (
        "Die Währung aller Geldbeträge als ISO-4217-Code."
    )
    assert described("de", "$defs", "Forecast", "properties", "end_year") == "Letztes Prognosejahr."


def test_saving_a_figure_changes_exactly_its_line_and_reports_the_warning(project: Path) -> None:
    settings = settings_of(project)
    files = read_report(settings, REPORT_ID)
    forms = {name: as_written(data) for name, data in files.data.items()}
    forms["facts.yaml"]["market_size"][1]["value"] = "70"

    checked = check_draft(settings, REPORT_ID, forms)
    assert git(project, "status", "--porcelain") == ""  # a check writes nothing
    mismatch = [p for p in checked if p["code"] == "cagr-mismatch"]
    assert [(p["file"], p["field"], p["severity"]) for p in mismatch] == [
        ("facts.yaml", "cagr[0]", "warning")
    ]
    # 24.71 (2026) to 70 (2035): (70 / 24.71) ** (1 / 9) - 1 = 12.3 %, by hand.
    assert "12.3 %" in mismatch[0]["message"]
    assert "weicht" in mismatch[0]["explained"]  # the editor's language: German
    assert mismatch[0]["severity_label"] == "Warnung"

    saved, _ = save_draft(settings, REPORT_ID, forms, files.fingerprints)
    assert saved == ["facts.yaml"]
    assert git(project, "diff", "--numstat") == f"1\t1\t{FACTS}\n"
    diff = git(project, "diff", "-U0")
    assert "\n-  - {year: 2035, value: 58.25, status: forecast}\n" in diff
    assert "\n+  - {year: 2035, value: 70, status: forecast}\n" in diff


def test_a_saved_file_can_be_read_by_whoever_could_read_it_before(project: Path) -> None:
    settings = settings_of(project)
    facts = project / FACTS
    facts.chmod(0o644)
    files = read_report(settings, REPORT_ID)
    forms = {"facts.yaml": as_written(files.data["facts.yaml"])}
    forms["facts.yaml"]["currency"] = "EUR"
    umask = os.umask(0o022)  # a checkout's usual: files readable by all
    try:
        saved, _ = save_draft(settings, REPORT_ID, forms, files.fingerprints)
    finally:
        os.umask(umask)
    assert saved == ["facts.yaml"]
    assert facts.stat().st_mode & 0o044 == 0o044  # not a private file (mkstemp's 0600)
    assert [p.name for p in facts.parent.iterdir() if p.name.startswith(".")] == []


def test_editing_prose_in_one_language_leaves_the_other_file_alone(project: Path) -> None:
    settings = settings_of(project, "en")
    files = read_report(settings, REPORT_ID)
    forms = {name: as_written(data) for name, data in files.data.items()}
    forms["text.en.yaml"]["key_findings"]["driver"] = "Demand for joined-up customer contact."
    saved, problems = save_draft(settings, REPORT_ID, forms, files.fingerprints)
    assert saved == ["text.en.yaml"]
    assert git(project, "diff", "--name-only") == f"data/{REPORT_ID}/text.en.yaml\n"
    # The paragraph's two lines become its one new line; its style (>-) stays.
    assert git(project, "diff", "--numstat") == f"1\t2\tdata/{REPORT_ID}/text.en.yaml\n"
    written = (project / f"data/{REPORT_ID}/text.en.yaml").read_text("utf-8")
    assert "\n  driver: >-\n    Demand for joined-up customer contact.\n  restraint:" in written
    assert all(p["explained"] == "" for p in problems)  # English: the message says it all


def test_a_file_changed_on_disk_since_the_form_opened_is_not_overwritten(project: Path) -> None:
    settings = settings_of(project)
    files = read_report(settings, REPORT_ID)
    forms = {name: as_written(data) for name, data in files.data.items()}
    forms["facts.yaml"]["currency"] = "EUR"
    facts = project / FACTS
    facts.write_text(facts.read_text("utf-8") + "# a colleague's comment\n", "utf-8")
    with pytest.raises(EditorError, match="changed on disk"):
        save_draft(settings, REPORT_ID, forms, files.fingerprints)
    assert facts.read_text("utf-8").endswith("# a colleague's comment\n")
    assert "currency: USD" in facts.read_text("utf-8")


@contextlib.contextmanager
def editor_server(project: Path) -> Iterator[tuple[str, EditorApp]]:
    app = EditorApp(settings_of(project), "the-token", None)
    server = EditorHTTPServer(("127.0.0.1", 0), app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", app
    finally:
        server.shutdown()
        server.server_close()


def request(url: str, body: object = None, **headers: str) -> tuple[int, dict[str, object]]:
    data = None if body is None else json.dumps(body).encode("utf-8")
    call = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(call, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read() or b"{}")


def test_the_server_changes_files_only_for_its_own_page_and_only_reports(project: Path) -> None:
    with editor_server(project) as (base, _app):
        status, answer = request(f"{base}/api/reports")
        assert (status, answer) == (
            200,
            {
                "reports": [
                    {"id": REPORT_ID, "name": "Omni-Channel-Kommunikationsdienste"},
                    {"id": "_shared", "name": "Namen für alle Berichte"},
                ]
            },
        )
        status, report = request(f"{base}/api/reports/{REPORT_ID}")
        forms = report["forms"]
        assert isinstance(forms, dict)
        forms["facts.yaml"]["currency"] = "EUR"
        save = f"{base}/api/reports/{REPORT_ID}/save"
        body = {"forms": forms, "fingerprints": report["fingerprints"]}
        # Another site's page can send a form, but not the page's token.
        assert request(save, body, **{"Content-Type": "application/json"})[0] == 403
        assert request(save, body, **{TOKEN_HEADER: "guess"})[0] == 403
        # A name that is no report is refused, a path above the data folder included.
        token = {TOKEN_HEADER: "the-token"}
        assert request(f"{base}/api/reports/..%2F..%2Fetc/save", body, **token)[0] == 404
        assert request(f"{base}/api/reports/%2E%2E/save", body, **token)[0] == 409
        assert git(project, "status", "--porcelain") == ""
        status, saved = request(save, body, **{TOKEN_HEADER: "the-token"})
        assert (status, saved["saved"]) == (200, ["facts.yaml"])
        assert git(project, "diff", "--numstat") == f"1\t1\t{FACTS}\n"
        # A request naming another host (a DNS-rebinding page) is refused.
        assert request(f"{base}/api/reports", Host="attacker.example")[0] == 400


def test_a_new_report_starts_as_marketsite_new_starts_one(project: Path) -> None:
    new = f"{project.name}-new"
    with editor_server(project) as (base, _app):
        url, token = f"{base}/api/reports", {TOKEN_HEADER: "the-token"}
        assert request(url, {"id": "smart-meters"})[0] == 403  # not from the editor's page
        # Refused in the editor's language (German here), with the exact message beside.
        status, answer = request(url, {"id": "Smart Meters"}, **token)
        assert status == 409
        assert str(answer["error"]).startswith(
            "Smart Meters kann keine Berichts-ID sein: nur Kleinbuchstaben, Ziffern und "
            "einzelne Bindestriche, höchstens 80 Zeichen"
        )
        assert "('Smart Meters' is not a valid report id: " in str(answer["error"])
        status, answer = request(url, {"id": REPORT_ID}, **token)
        assert status == 409
        assert str(answer["error"]).startswith(f"Einen Bericht mit der ID {REPORT_ID} gibt es")
        assert f"(report '{REPORT_ID}' already exists" in str(answer["error"])
        assert git(project, "status", "--porcelain") == ""
        status, answer = request(url, {"id": "smart-meters"}, **token)
        assert status == 200
        assert answer["created"] == [
            "smart-meters/facts.yaml",
            "smart-meters/text.de.yaml",
            "smart-meters/text.en.yaml",
        ]
        assert {"id": "smart-meters", "name": "smart-meters"} in answer["reports"]
        # The same files `marketsite new` writes.
        result = CliRunner().invoke(
            main,
            ["new", new, "--data-dir", str(project / "data"), "-f", str(project / "mkdocs.yml")],
        )
        assert result.exit_code == 0, result.output
        for name in ("facts.yaml", "text.de.yaml", "text.en.yaml"):
            ours = (project / "data" / "smart-meters" / name).read_text("utf-8")
            theirs = (project / "data" / new / name).read_text("utf-8")
            assert ours == theirs.replace(new, "smart-meters")
        # It opens in the form, each TODO a problem at its field.
        status, report = request(f"{url}/smart-meters")
        assert status == 200 and report["forms"]["facts.yaml"]["base_year"] == "TODO"
        assert any(p["field"] == "base_year" for p in report["problems"])


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5):
            return
        time.sleep(0.3)
    raise AssertionError(f"nothing answered at {url}")


@pytest.mark.browser
@pytest.mark.serve
def test_editing_a_figure_in_chromium_shows_the_warning_and_saves_one_line(
    project: Path, browser: Browser, tmp_path: Path
) -> None:
    """The installed `marketsite edit`, in Chromium: the form carries the schema's help,
    a figure takes "12 to 14", a changed size brings the CAGR warning to the CAGR field
    in German, saving changes that one line, and the preview beside shows the new figure.
    Stopped by SIGTERM, the editor and its preview leave nothing in the temp folder."""
    (project / SERIES).write_text("year,value\n2024,20.1\n2025,22.3\n", "utf-8")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "s")
    port = free_port()
    temp = tmp_path / "temp"
    temp.mkdir()
    script = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "marketsite"
    if not script.is_file():
        script = ROOT / ".venv" / "bin" / "marketsite"
    command = [str(script), "edit", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    with (
        (tmp_path / "edit.log").open("wb") as log,
        subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(temp)}
        ) as editor,
    ):
        try:
            wait_for(f"http://127.0.0.1:{port}/")
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/")
            currency = page.locator('.field[data-path="currency"]')
            # The field's description, in the editor's language (German by default).
            expect(currency.locator(".help")).to_contain_text(
                "Die Währung aller Geldbeträge als ISO-4217-Code."
            )
            expect(currency.locator("input")).to_have_attribute("placeholder", "USD")
            unit = page.locator('.field[data-path="unit"] select option')
            expect(unit).to_have_text(["thousand", "million", "billion"])

            # Prose side by side, a column per language.
            name = page.locator('.text-row[data-path="market_name"]')
            expect(name.locator('textarea[lang="de"]')).to_have_value(
                "Omni-Channel-Kommunikationsdienste"
            )
            expect(name.locator('textarea[lang="en"]')).to_have_value(
                "omni-channel communication services"
            )

            figure = page.locator('.field[data-path="figures.cloud-investing-leaders.value"] input')
            for accepted in ("12 to 14", "about 50", "24.71"):
                figure.fill(accepted)
                expect(figure).to_have_attribute("aria-invalid", "false")
            figure.fill("lots")
            expect(figure).to_have_attribute("aria-invalid", "true")
            figure.fill("about 60")  # back as the file has it

            size = page.locator('.field[data-path="market_size[1].value"] input')
            expect(size).to_have_value("58.25")
            size.fill("70")
            warning = page.locator(
                '[data-path="cagr[0]"] .problem.warning[data-code="cagr-mismatch"]'
            ).first
            expect(warning).to_contain_text("Warnung", timeout=30_000)
            expect(warning).to_contain_text("weicht")
            expect(warning).to_contain_text("12.3 %")

            page.get_by_role("button", name="Speichern").click()
            expect(page.locator("#status")).to_contain_text("facts.yaml", timeout=30_000)
            assert git(project, "diff", "--numstat") == f"1\t1\t{FACTS}\n"
            assert "\n+  - {year: 2035, value: 70, status: forecast}\n" in git(project, "diff")

            # The series is a table; validate's problem shows at its cell.
            cell = page.get_by_role("textbox", name="value 1")
            expect(cell).to_have_value("20.1")
            cell.fill("lots")
            expect(page.locator("table.series td.has-problem.error")).to_have_count(
                1, timeout=30_000
            )
            expect(page.locator("table.series td.has-problem.error")).to_contain_text("row 1.value")

            preview = page.frame_locator("#preview")
            expect(page.locator("#preview")).to_have_attribute(
                "src",
                re.compile(r"/de/berichte/omni-channel-kommunikationsdienste/$"),
                timeout=120_000,  # the frame loads once the preview's first build is done
            )
            expect(preview.locator("article")).to_contain_text(
                re.compile(r"Prognose 2035\s*70\sMrd\."), timeout=120_000
            )

            # A new report, as `marketsite new` starts one (first: lose the unsaved cell).
            page.on(
                "dialog",
                lambda dialog: dialog.accept("smart-meters" if dialog.type == "prompt" else ""),
            )
            page.get_by_role("button", name="Neuer Bericht").click()
            expect(page.locator("#status")).to_contain_text(
                "Angelegt: smart-meters/facts.yaml", timeout=30_000
            )
            expect(page.locator("#report")).to_have_value("smart-meters")
            base_year = page.locator('.field[data-path="base_year"]')
            expect(base_year.locator("input")).to_have_value("TODO")
            expect(base_year.locator(".problem.error")).not_to_have_count(0)
            assert (project / "data" / "smart-meters" / "text.en.yaml").is_file()
            # While the data has errors the preview builds no report page: the frame shows
            # the preview's home page, which lists them, and says why.
            expect(page.locator("#preview")).to_have_attribute(
                "src", re.compile(r"/de/$"), timeout=120_000
            )
            expect(page.locator("#no-preview")).to_contain_text(
                "sobald die Daten keine Fehler mehr haben"
            )
            expect(preview.locator(".marketsite-data-errors")).to_contain_text(
                "smart-meters/facts.yaml", timeout=120_000
            )
            page.close()
        finally:
            editor.send_signal(signal.SIGTERM)
            editor.wait(timeout=60)
    assert [path.name for path in temp.iterdir()] == []


class FakeGitHub(http.server.ThreadingHTTPServer):
    """GitHub's REST API as far as the published editor uses it, for one repository:
    files on one branch, refs, contents, pull requests, with CORS as GitHub answers."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = dict(files)
        self.base_sha = "5" * 40
        self.calls: list[tuple[str, str, dict[str, object]]] = []
        super().__init__(("127.0.0.1", 0), FakeGitHubHandler)


class FakeGitHubHandler(http.server.BaseHTTPRequestHandler):
    server: FakeGitHub
    prefix = "/repos/example/reports"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, PUT")
        self.send_header(
            "Access-Control-Allow-Headers", "Authorization, Content-Type, X-GitHub-Api-Version"
        )
        self.end_headers()

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        path = urllib.parse.unquote(self.path.split("?", 1)[0])
        self.server.calls.append((method, path, body))
        if self.headers.get("Authorization") != "Bearer secret-token":
            return self._answer(401, {"message": "Bad credentials"})
        files = self.server.files
        if method == "GET" and path == f"{self.prefix}/git/ref/heads/main":
            return self._answer(200, {"object": {"sha": self.server.base_sha}})
        if method == "POST" and path == f"{self.prefix}/git/refs":
            return self._answer(201, {"ref": body["ref"]})
        if path.startswith(f"{self.prefix}/contents/"):
            name = path.removeprefix(f"{self.prefix}/contents/")
            if method == "GET":
                content = files[name]
                encoded = base64.b64encode(content).decode("ascii")
                return self._answer(200, {"sha": git_blob_id(content), "content": encoded})
            if body["sha"] != git_blob_id(files[name]):
                return self._answer(409, {"message": "sha does not match"})
            return self._answer(200, {"content": {"path": name}})
        if method == "POST" and path == f"{self.prefix}/pulls":
            return self._answer(201, {"html_url": "https://github.com/example/reports/pull/7"})
        return self._answer(404, {"message": "Not Found"})

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")

    def _answer(self, status: int, payload: object) -> None:
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self._cors()
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@contextlib.contextmanager
def running(server: http.server.HTTPServer) -> Iterator[str]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_the_published_editor_proposes_one_changed_line_as_a_pull_request(
    project: Path, browser: Browser, tmp_path: Path
) -> None:
    """edit/ of a site that names its GitHub repository: a changed figure and a changed
    paragraph are written into the files' text where they stand, on a new branch, and
    proposed as a pull request; a file changed on GitHub since the build is refused."""
    facts_path, text_path = FACTS, f"data/{REPORT_ID}/text.en.yaml"
    facts_before = (project / facts_path).read_bytes()
    text_before = (project / text_path).read_bytes()
    github = FakeGitHub({facts_path: facts_before, text_path: text_before})
    with running(github) as api:
        config = project / "mkdocs.yml"
        config.write_text(
            config.read_text("utf-8").replace(
                "      license: All rights reserved\n",
                "      license: All rights reserved\n"
                f"      editor: {{repository: example/reports, api_url: '{api}'}}\n",
            ),
            "utf-8",
        )
        site = tmp_path / "site"
        assert run_build(project, site).exit_code == 0
        handler = functools.partial(QuietHandler, directory=str(site))
        with running(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as base:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{base}/edit/?report={REPORT_ID}")
            size = page.locator('.field[data-path="market_size[1].value"] input')
            expect(size).to_have_value("58.25")
            # Values change in place here; adding and removing items is the local editor's.
            expect(page.locator("button.add, button.remove")).to_have_count(0)
            # The editor's own page (not the report in its frame, tested elsewhere).
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(
                """async () => (await axe.run({exclude: [["#preview"]]})).violations
                    .filter(v => v.impact === "serious" || v.impact === "critical")
                    .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)"""
            )
            assert violations == []
            size.fill("70")
            driver = page.locator('.text-row[data-path="key_findings.driver"] textarea[lang="en"]')
            driver.fill("Demand for joined-up customer contact drives the market.")
            page.locator("#token").fill("secret-token")
            page.get_by_role("button", name="Änderung vorschlagen").click()
            expect(page.locator("#status a")).to_have_text(
                "https://github.com/example/reports/pull/7", timeout=30_000
            )

            puts = {path: body for method, path, body in github.calls if method == "PUT"}
            prefix = "/repos/example/reports/contents/"
            assert sorted(puts) == [prefix + facts_path, prefix + text_path]
            (branch,) = [b["ref"] for m, p, b in github.calls if p.endswith("/git/refs")]
            assert str(branch).startswith(f"refs/heads/edit/{REPORT_ID}-")
            assert {b["branch"] for b in puts.values()} == {str(branch).removeprefix("refs/heads/")}
            facts_after = base64.b64decode(str(puts[prefix + facts_path]["content"]))
            # Exactly the one line, written as the file writes it.
            assert facts_after.decode() == facts_before.decode().replace(
                "  - {year: 2035, value: 58.25, status: forecast}\n",
                "  - {year: 2035, value: 70, status: forecast}\n",
            )
            text_after = base64.b64decode(str(puts[prefix + text_path]["content"]))
            assert text_after.decode() == text_before.decode().replace(
                "  driver: >-\n"
                "    Rising demand for personal, cross-platform customer interaction in real time\n"
                "    drives the adoption of omni-channel communication services.\n",
                "  driver: >-\n    Demand for joined-up customer contact drives the market.\n",
            )
            (pull,) = [b for m, p, b in github.calls if p.endswith("/pulls")]
            assert (pull["base"], pull["head"]) == ("main", str(branch).removeprefix("refs/heads/"))

            # The shared names: a row per name, a column per language.
            page.select_option("#report", "_shared")
            voice = page.locator('.text-row[data-path="segments.voice"]')
            expect(voice.locator('input[lang="de"]').first).to_have_value("Sprachanrufe")
            expect(voice.locator('textarea[lang="en"]')).to_have_value("voice calls")
            page.select_option("#report", REPORT_ID)
            size = page.locator('.field[data-path="market_size[1].value"] input')

            # A colleague changed the file on GitHub after the build: nothing is written.
            github.files[facts_path] = facts_before + b"# a colleague's note\n"
            calls = len(github.calls)
            size.fill("71")
            page.get_by_role("button", name="Änderung vorschlagen").click()
            expect(page.locator("#status")).to_contain_text(facts_path)
            assert [m for m, _p, _b in github.calls[calls:]] == ["GET"]
            page.close()


def test_an_added_and_a_removed_item_keep_the_lists_style(project: Path) -> None:
    """What the form's Add and Remove buttons send: the new player is written in flow
    style like its neighbours, the removed development goes with its lines, and the
    comments stay."""
    settings = settings_of(project)
    files = read_report(settings, REPORT_ID)
    forms = {name: as_written(data) for name, data in files.data.items()}
    forms["facts.yaml"]["players"].append({"name": "Sinch", "country": "SE"})
    forms["facts.yaml"]["figures"].pop("ai-integration-year")
    save_draft(settings, REPORT_ID, forms, files.fingerprints)
    diff = git(project, "diff", "-U0", "--", FACTS)
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in "+++---"]
    assert changed == [
        "+  - {name: Sinch, country: SE}",
        "-  ai-integration-year: {value: 2024, unit: year}",
    ]


def test_opening_and_saving_without_a_change_rewrites_no_file_of_any_publisher() -> None:
    """Every report of the corpus (eleven publishers' ways of writing), sent to the form
    and back unchanged: no file would change by a single character."""
    settings = EditorSettings(CORPUS, ("de", "en"), "de", 0.15, "en")
    reports = report_ids(CORPUS)
    assert len(reports) == len([p for p in CORPUS.iterdir() if not p.name.startswith("_")])
    for report_id in reports:
        files = read_report(settings, report_id)
        forms = {name: as_written(data) for name, data in files.data.items()}
        _, changed = draft_texts(settings, report_id, forms)
        assert changed == {}, report_id


def test_a_file_that_is_not_yaml_is_shown_and_never_written_from_the_form(
    project: Path,
) -> None:
    facts = project / FACTS
    broken = facts.read_text("utf-8").replace(
        "  - {year: 2026, value: 24.71, status: estimate}",
        "  - {year: 2026, value: 24.71, status: estimate",
    )
    facts.write_text(broken, "utf-8")
    (project / f"data/{REPORT_ID}/text.en.yaml").unlink()
    with editor_server(project) as (base, _app):
        status, report = request(f"{base}/api/reports/{REPORT_ID}")
        assert status == 200 and report["locked"] == ["facts.yaml"]
        problems = report["problems"]
        assert isinstance(problems, list)
        syntax = [p for p in problems if p["code"] == "yaml-syntax"]
        assert [(p["file"], p["line"]) for p in syntax] == [
            ("facts.yaml", line_of(facts, "{year: 2026"))
        ]
        forms = report["forms"]
        assert isinstance(forms, dict) and forms["facts.yaml"] == {}
        save = f"{base}/api/reports/{REPORT_ID}/save"
        token = {TOKEN_HEADER: "the-token"}
        # The form as it came: nothing to write (the missing English file stays missing).
        body = {"forms": forms, "fingerprints": report["fingerprints"]}
        assert request(save, body, **token)[1]["saved"] == []
        forms["facts.yaml"] = {"currency": "EUR"}
        status, answer = request(save, body, **token)
        assert status == 409 and "cannot be edited in the form" in str(answer["error"])
    assert facts.read_text("utf-8") == broken
    assert (
        git(project, "status", "--porcelain") == f" M {FACTS}\n D data/{REPORT_ID}/text.en.yaml\n"
    )


def test_the_shared_names_are_edited_side_by_side_and_saved_in_place(project: Path) -> None:
    names = "data/_shared/names.de.yaml"
    with editor_server(project) as (base, _app):
        status, listing = request(f"{base}/api/reports")
        assert listing["reports"][-1] == {"id": "_shared", "name": "Namen für alle Berichte"}
        status, shared = request(f"{base}/api/reports/_shared")
        forms = shared["forms"]
        assert isinstance(forms, dict) and sorted(forms) == ["names.de.yaml", "names.en.yaml"]
        assert forms["names.de.yaml"]["segments"]["voice"] == {
            "name": "Sprachanrufe",
            "plural": "true",
            "dative": "Sprachanrufen",
        }
        forms["names.de.yaml"]["segments"]["sms"] = "Kurznachrichten"
        body = {"forms": forms, "fingerprints": shared["fingerprints"]}
        status, saved = request(
            f"{base}/api/reports/_shared/save", body, **{TOKEN_HEADER: "the-token"}
        )
        assert (status, saved["saved"]) == (200, ["names.de.yaml"])
    assert git(project, "diff", "--numstat") == f"1\t1\t{names}\n"
    assert "\n+  sms: Kurznachrichten\n" in git(project, "diff")


SERIES = f"data/{REPORT_ID}/series.csv"


def test_a_series_table_changes_only_the_rows_that_changed(project: Path) -> None:
    (project / SERIES).write_text("year,value\n2024,20.1\n2025, 22.3\n", "utf-8")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "s")
    settings = settings_of(project)
    files = read_report(settings, REPORT_ID)
    forms = {name: as_written(data) for name, data in files.data.items()}
    assert forms["series.csv"] == {
        "header": ["year", "value"],
        "rows": [["2024", "20.1"], ["2025", " 22.3"]],
    }
    forms["series.csv"]["rows"][0][1] = "lots"
    problems = check_draft(settings, REPORT_ID, forms)
    assert [(p["file"], p["field"]) for p in problems if p["severity"] == "error"] == [
        ("series.csv", "row 1.value")
    ]
    forms["series.csv"]["rows"][0][1] = "20.2"
    forms["series.csv"]["rows"].append(["2027", "about 30"])
    save_draft(settings, REPORT_ID, forms, files.fingerprints)
    # The untouched row keeps its line as written (with its space), the others are new.
    assert (project / SERIES).read_text("utf-8") == (
        "year,value\n2024,20.2\n2025, 22.3\n2027,about 30\n"
    )
    assert git(project, "diff", "--numstat") == f"2\t1\t{SERIES}\n"


def test_the_published_editors_files_are_kept_until_a_file_changes(
    project: Path, tmp_path: Path
) -> None:
    settings = settings_of(project)
    cache = tmp_path / "cache"
    first = report_for_page(settings, REPORT_ID, project, [], cache)
    assert len(list(cache.iterdir())) == 1
    assert report_for_page(settings, REPORT_ID, project, [], cache) == first
    assert report_for_page(settings, REPORT_ID, project, [], None) == first
    facts = project / FACTS
    facts.write_text(facts.read_text("utf-8").replace("58.25", "58.26"), "utf-8")
    changed = report_for_page(settings, REPORT_ID, project, [], cache)
    assert len(list(cache.iterdir())) == 2
    assert changed["forms"]["facts.yaml"]["market_size"][1]["value"] == "58.26"
    assert changed["files"]["facts.yaml"]["blob"] == git_blob_id(facts.read_bytes())
    assert changed["files"]["facts.yaml"]["blob"] == git(project, "hash-object", FACTS).strip()


def test_the_editor_speaks_the_languages_with_a_catalog(project: Path) -> None:
    # fr has no catalog of the interface: refused, naming those there are.
    refused = CliRunner().invoke(main, ["edit", "-f", str(project / "mkdocs.yml"), "--lang", "fr"])
    assert refused.exit_code == 2
    assert "the editor speaks de, en, not 'fr'" in refused.stderr
    assert "make messages NEW_LANG=fr" in refused.stderr
    # A variety of a language with a catalog is spoken in that language.
    config = project / "mkdocs.yml"
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    with taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            main, ["edit", "-f", str(config), "--lang", "de_AT", "-a", f"127.0.0.1:{port}"]
        )
    assert "cannot serve the editor" in result.stderr  # got past the language


def test_a_taken_port_is_said_in_one_line_without_a_traceback(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            main, ["edit", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
        )
    assert result.exit_code == 1
    assert f"cannot serve the editor on 127.0.0.1:{port}" in result.stderr
    assert "-a 127.0.0.1:8200" in result.stderr
    assert "Traceback" not in result.output
