"""`marketsite edit`: the browser editor's local server, and the preview beside it.

The server answers on this machine only (its names, as the preview does), and changes
files only for a page it served: every POST carries the page's token in a header, which
a page of another site can neither read nor send without a CORS grant, never given here.
The report's live preview is ``marketsite serve`` in a process of its own, whose page
sits beside the form and reloads when a save changes a file.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import re
import secrets
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from mkdocs.plugins import get_plugin_logger

from marketsite.data.load import SHARED_DIR
from marketsite.editing.editor import (
    EditorError,
    EditorSettings,
    as_written,
    check_draft,
    editable_ids,
    editor_page,
    new_report,
    read_report,
    report_ids,
    report_page,
    save_draft,
    summary,
    ui_strings,
)
from marketsite.editing.preview import local_host

log = get_plugin_logger(__name__)

#: A form is a report's few files; anything far larger is no form of ours.
MAX_REQUEST_BYTES = 8 * 1024 * 1024
TOKEN_HEADER = "X-Marketsite-Editor"
_REPORT_PATH = re.compile(r"^/api/reports/(?P<id>[^/]+)(?:/(?P<action>check|save|preview))?$")
_ASSETS = {"/editor.js": "text/javascript", "/editor.css": "text/css"}


@dataclass(frozen=True)
class EditorApp:
    """One editing session: its settings, its token and where its preview answers."""

    settings: EditorSettings
    token: str
    preview_url: str | None  # "http://127.0.0.1:8101/", or None without a preview

    def page(self) -> str:
        """The editor's page, saving through this server."""
        backend = {"kind": "local", "token": self.token, "tokenHeader": TOKEN_HEADER}
        return editor_page(self.settings, backend)

    def report(self, report_id: str) -> dict[str, Any]:
        """A report's forms, the files' fingerprints, its problems and its preview."""
        files = read_report(self.settings, report_id)
        forms = {name: as_written(data) for name, data in files.data.items()}
        return {
            "id": report_id,
            "forms": forms,
            "fingerprints": files.fingerprints,
            "locked": sorted(files.locked),
            "problems": check_draft(self.settings, report_id, {}),
            "preview": self.preview_of(report_id, files.data),
        }

    def preview_of(self, report_id: str, data: dict[str, Any]) -> str | None:
        """The report's page in the preview, in the editor's language where the site has it."""
        if self.preview_url is None:
            return None
        return self.preview_url + report_page(self.settings, report_id, data)

    def preview_state(self, report_id: str) -> dict[str, Any]:
        """Where the report's preview is and whether it is built yet: the page waits for
        it, since a frame that loaded the "not built yet" answer would never reload.

        While the data has errors the preview builds no report page, only the language's
        home page with the errors listed: ``fallback`` is that page, once it is there."""
        url = self.preview_of(report_id, read_report(self.settings, report_id).data)
        ready = url is not None and _answers(url)
        fallback = None
        if url is not None and not ready:
            home = self.preview_of(SHARED_DIR, {})
            fallback = home if home is not None and _answers(home) else None
        return {"url": url, "ready": ready, "fallback": fallback}

    def reports(self) -> list[dict[str, str]]:
        """Every report, with its name in the editor's language where it has one."""
        out = []
        for report_id in report_ids(self.settings.data_dir):
            name = report_id
            path = self.settings.data_dir / report_id / f"text.{self.settings.ui_language}.yaml"
            with contextlib.suppress(OSError):
                match = re.search(r"^market_name:\s*(.+)$", path.read_text("utf-8"), re.M)
                # The value without a trailing comment; a new report's is still "TODO".
                written = re.sub(r"\s+#.*$", "", match.group(1)) if match else ""
                written = written.strip().strip("\"'")
                if written and written != "TODO":
                    name = written
            out.append({"id": report_id, "name": name})
        if SHARED_DIR in editable_ids(self.settings.data_dir):
            shared = ui_strings(self.settings.ui_language)["sharedNames"]
            out.append({"id": SHARED_DIR, "name": shared})
        return out


def _answers(url: str) -> bool:
    """Whether ``url`` answers with a page (an error status raises: HTTPError is an
    OSError)."""
    with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5):
        return True
    return False


class EditorHandler(http.server.BaseHTTPRequestHandler):
    """The editor's requests: its page and assets, and a report's forms, checks and saves."""

    server: EditorHTTPServer
    server_version = "marketsite-editor"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("editor: " + format, *args)

    def do_GET(self) -> None:
        if not self._local():
            return
        app = self.server.app
        path = unquote(self.path.split("?", 1)[0])
        if path == "/":
            self._send(200, app.page().encode("utf-8"), "text/html; charset=utf-8")
        elif path in _ASSETS:
            body = (resources.files("marketsite") / "assets" / path.lstrip("/")).read_bytes()
            self._send(200, body, f"{_ASSETS[path]}; charset=utf-8")
        elif path == "/api/reports":
            self._json(200, {"reports": app.reports()})
        elif (match := _REPORT_PATH.match(path)) and match["action"] is None:
            self._answer(lambda: app.report(match["id"]))
        elif match and match["action"] == "preview":
            self._answer(lambda: app.preview_state(match["id"]))
        else:
            self._json(404, {"error": "not found"})

    def do_POST(self) -> None:
        if not self._local():
            return
        app = self.server.app
        if not secrets.compare_digest(self.headers.get(TOKEN_HEADER, ""), app.token):
            self._json(403, {"error": "this request does not come from the editor's page"})
            return
        path = unquote(self.path)
        match = _REPORT_PATH.match(path)
        if path != "/api/reports" and (match is None or match["action"] not in ("check", "save")):
            self._json(404, {"error": "not found"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_REQUEST_BYTES:
            self._json(413, {"error": "the form is larger than a report can be"})
            return
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            self._json(400, {"error": "the request is not JSON"})
            return
        if match is None:  # a new report, as `marketsite new` starts one
            report_id = body.get("id") if isinstance(body, dict) else None
            if not isinstance(report_id, str):
                self._json(400, {"error": "the request names no report id"})
                return

            new_id: str = report_id

            def created() -> dict[str, Any]:
                with self.server.saving:
                    files = new_report(app.settings, new_id)
                return {"id": new_id, "created": files, "reports": app.reports()}

            self._answer(created)
            return
        forms = body.get("forms") if isinstance(body, dict) else None
        if not isinstance(forms, dict):
            self._json(400, {"error": "the request has no forms"})
            return
        report_id = match["id"]
        lang = app.settings.ui_language
        if match["action"] == "check":

            def checked() -> dict[str, Any]:
                problems = check_draft(app.settings, report_id, forms)
                return {"problems": problems, "summary": summary(problems, lang)}

            self._answer(checked)
        else:
            opened = body.get("fingerprints") or {}

            def saved() -> dict[str, Any]:
                with self.server.saving:  # one save at a time: each sees the last one's file
                    files, problems = save_draft(app.settings, report_id, forms, dict(opened))
                    now = read_report(app.settings, report_id).fingerprints
                return {
                    "saved": files,
                    "fingerprints": now,
                    "problems": problems,
                    "summary": summary(problems, lang),
                }

            self._answer(saved)

    def _local(self) -> bool:
        if local_host(self.headers.get("Host", "")):
            return True
        self._json(400, {"error": "the editor answers only for localhost"})
        return False

    def _answer(self, work: Callable[[], dict[str, Any]]) -> None:
        try:
            answer = work()
        except EditorError as exc:
            self._json(409, {"error": str(exc)})
            return
        except Exception as exc:  # a bug of ours: the page says so, the terminal has it
            log.exception("editor: the request failed")
            self._json(500, {"error": f"{type(exc).__name__}: {exc}"})
            return
        if "problems" in answer and "summary" not in answer:
            answer["summary"] = summary(answer["problems"], self.server.app.settings.ui_language)
        self._json(200, answer)

    def _json(self, status: int, payload: Any) -> None:
        self._send(
            status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json"
        )

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)


class EditorHTTPServer(http.server.ThreadingHTTPServer):
    """The HTTP server, holding the session it serves (no module state)."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], app: EditorApp) -> None:
        self.app = app
        self.saving = threading.Lock()
        super().__init__(address, EditorHandler)


@contextlib.contextmanager
def preview_process(config_file: Path, lang: str, host: str, port: int) -> Iterator[str]:
    """``marketsite serve`` for ``lang`` on ``host:port`` while the editor runs; stopped
    (it removes its folder on SIGTERM) when the editor stops."""
    command = [
        sys.executable,
        "-m",
        "marketsite",
        "serve",
        "-f",
        str(config_file),
        "--lang",
        lang,
        "-a",
        f"{host}:{port}",
    ]
    process = subprocess.Popen(command)
    try:
        yield f"http://{host}:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
