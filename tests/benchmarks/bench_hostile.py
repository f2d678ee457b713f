"""Benchmark: time and peak memory of `marketsite validate` on hostile and huge inputs.

Run on demand (the test suite only runs it once as a smoke test). It compares each
case with the targets of the hostile-inputs issue (an alias bomb refused in under
2 s with a peak RSS under 300 MiB, a 1,000,000-row series.csv handled in under
5 s), prints a verdict per case and exits 1 when a case misses its target.

    .venv/bin/python tests/benchmarks/bench_hostile.py
"""

from __future__ import annotations

import argparse
import os
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


#: Per case: how to break the example, and the targets (seconds, peak MiB, exit code).
CASES = {
    "shipped example (baseline)": (lambda folder: None, None, None, 0),
    "alias bomb in facts.yaml (2.6 KB)": (
        lambda folder: (folder / "facts.yaml").write_text(ALIAS_BOMB + "\n", encoding="utf-8"),
        2.0,
        300,
        1,
    ),
    "1,000,000-row series.csv": (
        lambda folder: (folder / "series.csv").write_text(
            "year,value\n" + "".join(f"{1900 + i % 200},{i}.5\n" for i in range(1_000_000)),
            encoding="utf-8",
        ),
        5.0,
        None,
        1,
    ),
    "a 5,000-digit market size": (
        lambda folder: (folder / "facts.yaml").write_text(
            (folder / "facts.yaml")
            .read_text(encoding="utf-8")
            .replace("value: 24.71,", "value: " + "9" * 5000 + ","),
            encoding="utf-8",
        ),
        2.0,
        300,
        1,
    ),
    "a control character in the market's name": (
        lambda folder: (folder / "text.en.yaml").write_text(
            (folder / "text.en.yaml")
            .read_text(encoding="utf-8")
            .replace(
                "market_name: omni-channel communication services",
                'market_name: "omni-channel \\x1b[31mcommunication services"',
            ),
            encoding="utf-8",
        ),
        2.0,
        300,
        1,
    ),
    "series.csv is a named pipe": (lambda folder: os.mkfifo(folder / "series.csv"), 2.0, 300, 1),
    "10,000-row series.csv, every row wrong": (
        lambda folder: (folder / "series.csv").write_text(
            "year,value\n" + "".join(f"{2000 + i % 30},bad{i}\n" for i in range(10_000)),
            encoding="utf-8",
        ),
        5.0,
        None,
        1,
    ),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--no-verdict",
        action="store_true",
        help="judge only exit codes, not time and memory (a smoke run on a busy machine)",
    )
    judged = not parser.parse_args().no_verdict
    print(f"{'input':42} {'seconds':>8} {'peak MiB':>9} {'exit':>5} {'lines':>6}  verdict")
    missed = 0
    for label, (prepare, max_seconds, max_mib, expected_exit) in CASES.items():
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            shutil.copytree(ROOT / "data", data)
            prepare(data / REPORT_ID)
            seconds, peak, code, lines = measure(data)
        misses = []
        if judged and max_seconds is not None and seconds > max_seconds:
            misses.append(f"over {max_seconds:g} s")
        if judged and max_mib is not None and peak > max_mib:
            misses.append(f"over {max_mib} MiB")
        if code != expected_exit:
            misses.append(f"exit {code}, not {expected_exit}")
        missed += bool(misses)
        verdict = "MISSED: " + ", ".join(misses) if misses else "ok"
        print(f"{label:42} {seconds:8.2f} {peak:9.0f} {code:5} {lines:6}  {verdict}")
    print("(peak RSS is the largest child so far; each case runs in a fresh interpreter)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
