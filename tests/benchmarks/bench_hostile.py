"""Benchmark: time and peak memory of `marketsite validate` on hostile and huge inputs.

Run on demand (not part of the test suite); the targets it reports against are
those of the hostile-inputs issue: an alias bomb refused in under 2 s with a
peak RSS under 300 MB, a 1,000,000-row series.csv handled in under 5 s.

    .venv/bin/python tests/benchmarks/bench_hostile.py
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPORT_ID = "omni-channel-communication-services"

ALIAS_BOMB = "\n".join(
    ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    + ["currency: USD", "unit: billion"]
)


def measure(data: Path) -> tuple[float, float, int, int]:
    """Seconds, peak RSS (MiB) of the child, exit code, lines printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "marketsite", "validate", str(data), "--lang", "de", "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    seconds = time.perf_counter() - start
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    return seconds, peak, result.returncode, len(result.stdout.splitlines())


def main() -> None:
    cases = {
        "shipped example (baseline)": lambda folder: None,
        "alias bomb in facts.yaml (2.6 KB)": lambda folder: (folder / "facts.yaml").write_text(
            ALIAS_BOMB + "\n", encoding="utf-8"
        ),
        "1,000,000-row series.csv": lambda folder: (folder / "series.csv").write_text(
            "year,value\n" + "".join(f"{1900 + i % 200},{i}.5\n" for i in range(1_000_000)),
            encoding="utf-8",
        ),
        "10,000-row series.csv, every row wrong": lambda folder: (folder / "series.csv").write_text(
            "year,value\n" + "".join(f"{2000 + i % 30},bad{i}\n" for i in range(10_000)),
            encoding="utf-8",
        ),
    }
    print(f"{'input':42} {'seconds':>8} {'peak MiB':>9} {'exit':>5} {'lines':>6}")
    for label, prepare in cases.items():
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            shutil.copytree(ROOT / "data", data)
            prepare(data / REPORT_ID)
            seconds, peak, code, lines = measure(data)
            print(f"{label:42} {seconds:8.2f} {peak:9.0f} {code:5} {lines:6}")
    print("(peak RSS is the largest child so far; each case runs in a fresh interpreter)")


if __name__ == "__main__":
    main()
