"""Shared fixtures: the shipped example data copied into a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DATA = ROOT / "data"
REPORT_ID = "omni-channel-communication-services"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the shipped data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact snippet in a data file (fails loudly if it is not there)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found exactly once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, snippet: str) -> int:
    """1-based line number of the first line containing ``snippet``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if snippet in line:
            return number
    raise AssertionError(f"{snippet!r} not in {path}")
