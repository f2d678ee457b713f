"""Benchmark: build time with a cold and a warm chart cache, and with many reports.

Run on demand (not part of the test suite; shared machines are noisy, so
compare the ratios printed by one run):

    .venv/bin/python tests/benchmarks/bench_build.py [--reports 50]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPORT_ID = "omni-channel-communication-services"


def copy_project(target: Path, reports: int) -> Path:
    """The site project with ``reports`` reports and no build cache (a cold build)."""
    target.mkdir(parents=True)
    for part in ("mkdocs.yml", "content", "overrides", "data"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / part)
    add_reports(target, reports)
    return target


def add_reports(target: Path, reports: int) -> None:
    """Clones of the example report in ``target``'s data, up to ``reports`` in all, each
    with figures of its own."""
    for number in range(2, reports + 1):
        clone = target / "data" / f"{REPORT_ID}-{number}"
        shutil.copytree(target / "data" / REPORT_ID, clone)
        facts = clone / "facts.yaml"
        # Distinct figures per report, so every report has charts of its own to render.
        facts.write_text(
            facts.read_text(encoding="utf-8").replace(
                "value: 58.25,", f"value: {58.25 + number / 10:.2f},"
            ),
            encoding="utf-8",
        )
        for text in clone.glob("text.*.yaml"):
            content = re.sub(
                r"^slug: (.+)$", rf"slug: \1-{number}", text.read_text(encoding="utf-8"), flags=re.M
            )
            text.write_text(content, encoding="utf-8")


def timed_build(project: Path) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "marketsite",
            "build",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(project / "site"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    charts = next((line for line in result.stdout.splitlines() if line.startswith("charts:")), "")
    return time.perf_counter() - start, charts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=50, help="reports in the large run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small = copy_project(Path(tmp) / "one", 1)
        cold, cold_charts = timed_build(small)
        warm, warm_charts = timed_build(small)
        print(f"1 report, cold chart cache: {cold:6.2f} s  ({cold_charts})")
        print(f"1 report, warm chart cache: {warm:6.2f} s  ({warm_charts})")
        print(f"cold / warm: {cold / warm:.2f}")
        large = copy_project(Path(tmp) / "many", args.reports)
        many_cold, many_cold_charts = timed_build(large)
        many_warm, many_warm_charts = timed_build(large)
        print(f"{args.reports} reports, cold chart cache: {many_cold:6.2f} s  ({many_cold_charts})")
        print(f"{args.reports} reports, warm chart cache: {many_warm:6.2f} s  ({many_warm_charts})")
        print(f"cold / warm: {many_cold / many_warm:.2f}")
        print(f"warm time per report: {many_warm / args.reports:.3f} s")


if __name__ == "__main__":
    main()
