"""A build's processes, watched from outside: shared by the kill tests and `make bench`.

A build and every process it starts (workers, the fork server) inherit a tag in their
environment, so they can be found in ``/proc`` (Linux) without knowing their pids.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

REPORT_ID = "omni-channel-communication-services"
TAG = "MARKETSITE_TEST_RUN"


def processes_tagged(tag: str) -> list[int]:
    """Live processes whose environment carries ``tag`` (a zombie's environment is gone)."""
    found = []
    wanted = f"{TAG}={tag}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if wanted in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def add_report_copies(project: Path, count: int = 12) -> None:
    """Copies of the example report: enough that the workers are still busy when a build
    is killed or stopped."""
    source = project / "data" / REPORT_ID
    for number in range(count):
        copy = project / "data" / f"{REPORT_ID}-{number}"
        copy.mkdir()
        for path in source.iterdir():
            text = path.read_text(encoding="utf-8")
            if path.name.startswith("text."):
                text = text.replace("slug: ", f"slug: k{number}-", 1)
            (copy / path.name).write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class EndedBuild:
    """How a build ended: its exit status, and the seconds from the signal until the last
    of its processes was gone (``None``: some still ran when the wait gave up)."""

    status: int
    seconds_until_all_gone: float | None


def end_build_while_workers_run(
    command: list[str],
    project: Path,
    stop: signal.Signals,
    wait: float = 10.0,
    starting: bool = False,
) -> EndedBuild:
    """Start ``command`` (a `marketsite build` of ``project`` into ``site``) with a tag in
    its environment, send ``stop`` once its workers write pages (``starting``: as soon as
    it has started two processes, while its fork server still imports), and time how
    long its processes outlive it."""
    tag = uuid.uuid4().hex
    with subprocess.Popen(
        command,
        cwd=project,
        env={**os.environ, TAG: tag},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as build:
        assert build.stderr is not None
        assert "building" in build.stderr.readline()  # validated; the workers start now
        deadline = time.monotonic() + 60

        def ready() -> bool:
            return len(processes_tagged(tag)) >= 3 if starting else _workers_writing(project)

        while not ready() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert ready(), "the build did not get that far"
        sent = time.monotonic()
        build.send_signal(stop)
        gone = None
        while time.monotonic() - sent < wait:
            build.poll()  # reap the build itself as soon as it ends
            if not processes_tagged(tag):
                gone = time.monotonic() - sent
                break
            time.sleep(0.002)
        status = build.wait(timeout=60)
    return EndedBuild(status, gone)


def _workers_writing(project: Path) -> bool:
    """Whether the build's workers have begun to write a language into its staging folder."""
    return any(
        page.is_file() for staging in project.glob(".site-*") for page in staging.glob("*/*")
    )
