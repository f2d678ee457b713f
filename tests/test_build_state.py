"""A build keeps its state in values, not in modules: nothing it leaves behind in a module
could reach the next build, or be missing in a worker that was not forked."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import copy_project, free_port
from tests.test_serve import fetch_until

SNAPSHOT_AND_BUILD = """
    import importlib, json, pkgutil, sys
    from pathlib import Path

    import marketsite

    def containers():
        found = {}
        for info in pkgutil.walk_packages(marketsite.__path__, "marketsite."):
            if info.name in ("marketsite.__main__", "marketsite.site.forkserver_preload"):
                continue
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                if isinstance(value, (dict, list, set)):
                    found[f"{info.name}.{name}"] = repr(value)
        return found

    before = containers()
    from marketsite.site.session import PreviewSession
    from marketsite.site.build import SiteRun, _build_one, build_locale
    from marketsite.site.settings import read_settings
    from marketsite.checks.validate import validate_data_dir

    settings = read_settings(Path("mkdocs.yml"))
    result = validate_data_dir(settings.data_dir, settings.languages, settings.default_language)
    built = _build_one(SiteRun(settings, result), "de", Path("out/de"))
    assert built.error is None, built.error
    session = PreviewSession("en", dirty=True, settings=settings, root=Path("preview"))
    for _ in range(2):  # as `marketsite serve` rebuilds it: first, with the lock
        with session.served_build():
            build_locale(settings, "en", Path("preview/en"), None, session)
    after = containers()
    changed = sorted(name for name in after if before.get(name) != after[name])
    print(json.dumps({"changed": changed, "kept": len(session.memory.parsed)}))
"""


def test_a_build_leaves_no_state_in_modules(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(SNAPSHOT_AND_BUILD)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["changed"] == []
    # What the preview keeps between its builds is in its session: the example's
    # facts, two text files and two names files were parsed once each.
    assert found["kept"] == 5


@pytest.mark.serve
def test_a_stopped_preview_leaves_no_folder(tmp_path: Path) -> None:
    """`marketsite serve` builds into a temporary folder; SIGTERM (what a process
    manager and the test helper send) and Ctrl-C remove it."""
    project = copy_project(tmp_path / "project")
    for stop in (signal.SIGTERM, signal.SIGINT):
        temporary = tmp_path / f"tmp-{stop.name}"
        temporary.mkdir()
        port = free_port()
        command = [sys.executable, "-m", "marketsite", "serve", "-a", f"127.0.0.1:{port}"]
        env = {**os.environ, "TMPDIR": str(temporary)}
        with subprocess.Popen(
            command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ) as server:
            try:
                # The English build beside the German one: the background work has run.
                fetch_until(f"http://127.0.0.1:{port}/en/", "</html>")
                assert any(p.name.startswith("marketsite-preview-") for p in temporary.iterdir())
            finally:
                server.send_signal(stop)
                server.wait(timeout=60)
        time.sleep(0.2)
        assert list(temporary.iterdir()) == [], stop.name
