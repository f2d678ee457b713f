"""`marketsite serve`: an editor's preview reloads when a data file changes."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import REPORT_ID, copy_project, edit, free_port


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


def test_serve_previews_english_and_reloads_on_data_change(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "marketsite",
        "serve",
        "-f",
        str(project / "mkdocs.yml"),
        "--lang",
        "en",
        "-a",
        f"127.0.0.1:{port}",
    ]
    with (
        (tmp_path / "serve.log").open("wb") as log,
        subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT) as server,
    ):
        try:
            url = f"http://127.0.0.1:{port}/en/reports/omni-channel-communication-services/"
            fetch_until(url, "24.71 billion US dollars")
            edit(
                project / "data" / REPORT_ID / "facts.yaml",
                "{year: 2026, value: 24.71,",
                "{year: 2026, value: 24.73,",
            )
            fetch_until(url, "24.73 billion US dollars")
        finally:
            server.terminate()
