"""When the data last changed: the dates pages state as "updated" and the sitemaps as
``lastmod``, never the time of the build.

A file's date is that of the last commit that changed it. A file with changes not yet
committed, or one git does not track (or no git at all), dates from its modification
time. One ``git log`` reads the whole history of a folder, however many reports it has.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from pathlib import Path


def last_changed(root: Path) -> dict[str, str]:
    """The date (``YYYY-MM-DD``, UTC) each file under ``root`` last changed, by its path
    relative to ``root`` (with "/")."""
    if not root.is_dir():
        return {}
    dates: dict[str, str] = {}
    committed = _git(root, "log", "--format=%x00%cs", "--name-only", "--relative", "--", ".")
    if committed is not None:
        date = ""
        for line in committed.splitlines():  # newest commit first: the first date is the last
            if line.startswith("\x00"):
                date = line[1:]
            elif line and date:
                dates.setdefault(line, date)
        pending = _git(root, "ls-files", "--modified", "--others", "--exclude-standard")
        uncommitted = set(pending.splitlines()) if pending is not None else set()
    else:
        uncommitted = {path.relative_to(root).as_posix() for path in _files(root)}
    for name in uncommitted:
        path = root / name
        if path.is_file():
            stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
            dates[name] = stamp.date().isoformat()
    return {name: date for name, date in dates.items() if (root / name).is_file()}


def report_dates(data_dir: Path) -> dict[str, str]:
    """The date each report's data last changed (any file of its folder), by report id."""
    found: dict[str, str] = {}
    for name, date in last_changed(data_dir).items():
        folder, _, rest = name.partition("/")
        if rest and not folder.startswith("_"):
            found[folder] = max(found.get(folder, ""), date)
    return found


def _files(root: Path) -> Iterator[Path]:
    return (path for path in root.rglob("*") if path.is_file())


def _git(root: Path, *args: str) -> str | None:
    """What git prints in ``root`` (None outside a repository or without git)."""
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None
