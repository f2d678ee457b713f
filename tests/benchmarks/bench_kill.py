"""Benchmark: how soon the workers of a killed build end.

A build killed with SIGKILL (an out-of-memory killer, a cancelled job) cannot clean
up after itself, so its workers must notice on their own: under ``fork`` and ``spawn``
through the kernel's parent-death signal, under ``forkserver`` (Python 3.14's default)
through a pidfd the worker watches. Target: every process of the build gone within
100 ms of the kill. Prints the median and the slowest of N kills per start method and
exits 1 on a miss. Run on demand:

    .venv/bin/python tests/benchmarks/bench_kill.py [--runs 5]
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_build import copy_project  # noqa: E402
from tests.processes import end_build_while_workers_run  # noqa: E402

TARGET_MS = 100.0
MARKETSITE = Path(sys.executable).with_name("marketsite")
#: (label, start method, killed while starting rather than while its workers write)
CASES = (
    ("fork, workers writing", "fork", False),
    ("forkserver, workers writing", "forkserver", False),
    ("spawn, workers writing", "spawn", False),
    ("forkserver, while the server imports", "forkserver", True),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="kills per start method")
    runs = parser.parse_args().runs
    if not sys.platform.startswith("linux"):
        print("bench_kill reads /proc: Linux only")
        return 0
    header = ("start method, killed when", "kills", "median ms", "slowest ms")
    print("{:38} {:>5} {:>10} {:>11}  verdict".format(*header))
    missed = 0
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "project", reports=13)
        for label, method, starting in CASES:
            command = [str(MARKETSITE), "build", "-d", "site", "--start-method", method]
            times = []
            for _ in range(runs):
                ended = end_build_while_workers_run(
                    command, project, signal.SIGKILL, starting=starting
                )
                times.append(
                    ended.seconds_until_all_gone * 1000
                    if ended.seconds_until_all_gone is not None
                    else float("inf")
                )
            slowest = max(times)
            verdict = "ok" if slowest <= TARGET_MS else f"MISSED: over {TARGET_MS:g} ms"
            missed += slowest > TARGET_MS
            median = statistics.median(times)
            print(f"{label:38} {runs:5} {median:10.1f} {slowest:11.1f}  {verdict}")
    print("(from the SIGKILL to the last of the build's processes gone, polled in /proc)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
