"""``marketsite diff``: what changed between two editions of the data.

An edition is a data folder, or a git ref whose ``data/`` is read with
``git archive``. Both editions are validated first: release notes are only
written from data that would build.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from marketsite.model import Dataset, Facts, Figure, Report
from marketsite.problems import summary
from marketsite.validate import validate_data_dir


class DiffError(Exception):
    """An edition cannot be read or is not valid."""


@dataclass(frozen=True)
class Change:
    """One difference between two editions."""

    report: str
    kind: str  # figure, share, player, development, report
    field: str
    old: object = None
    new: object = None

    @property
    def percent(self) -> float | None:
        """Relative change of a number, in percent."""
        numeric = (int, float)
        if (
            self.kind == "figure"
            and isinstance(self.old, numeric)
            and isinstance(self.new, numeric)
            and not isinstance(self.old, bool)
            and self.old
        ):
            return (self.new - self.old) / abs(self.old) * 100
        return None


@contextmanager
def edition(spec: str, data_dir: str = "data", repo: Path | None = None) -> Iterator[Path]:
    """A data folder for ``spec``: the folder itself, or ``data_dir`` at git ref ``spec``."""
    folder = Path(spec)
    if folder.is_dir():
        yield folder
        return
    repo = repo or Path.cwd()
    result = subprocess.run(
        ["git", "archive", "--format=tar", spec, "--", data_dir],
        cwd=repo,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(
            f"'{spec}' is neither a folder nor a git ref with {data_dir}/ "
            f"({message[-1] if message else 'git failed'})"
        )
    with tempfile.TemporaryDirectory(prefix="marketsite-edition-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
            archive.extractall(tmp, filter="data")
        yield Path(tmp) / data_dir


def load_edition(folder: Path, label: str) -> Dataset:
    """Validate an edition; refuse one with errors."""
    result = validate_data_dir(folder)
    if result.dataset is None:
        raise DiffError(
            f"edition {label} has data errors ({summary(result.problems)}); "
            f"run `marketsite validate {folder}`"
        )
    return result.dataset


def _plain(value: object) -> object:
    """A figure as a plain value: its number when exact, else its words ("about 85.4")."""
    if isinstance(value, Figure):
        if value.qualifier is None:
            number = value.value
            return int(number) if number == number.to_integral_value() else float(str(number))
        return value.as_written()
    return value


def _figures(facts: Facts) -> dict[str, object]:
    forecast = facts.forecast
    values: dict[str, object] = {
        "currency": facts.currency,
        "unit": facts.unit,
        "base_year": facts.base_year,
        "forecast": f"{forecast.start_year}–{forecast.end_year}" if forecast else None,
    }
    values.update({f"market_size.{p.year}": _plain(p.value) for p in facts.market_size})
    for cagr in facts.cagr:
        period = facts.cagr_period(cagr)
        key = f"cagr.{period[0]}–{period[1]}" if period else "cagr"
        values[key] = _plain(cagr.value)
    values.update({f"figures.{key}": _plain(figure.value) for key, figure in facts.figures.items()})
    return values


def _shares(facts: Facts) -> dict[str, object]:
    shares: dict[str, object] = {}
    for label, items in facts.share_sets().items():
        shares.update({f"{label}.{item.id}": _plain(item.share) for item in items.items})
    return shares


def compare_reports(old: Report, new: Report) -> list[Change]:
    """Changes inside one report present in both editions."""
    rid = new.report_id
    changes: list[Change] = []
    old_fig, new_fig = _figures(old.facts), _figures(new.facts)
    for key in sorted(set(old_fig) | set(new_fig), key=list({**old_fig, **new_fig}).index):
        if old_fig.get(key) != new_fig.get(key):
            changes.append(Change(rid, "figure", key, old_fig.get(key), new_fig.get(key)))
    old_sh, new_sh = _shares(old.facts), _shares(new.facts)
    for key in [*old_sh, *(k for k in new_sh if k not in old_sh)]:
        if old_sh.get(key) != new_sh.get(key):
            changes.append(Change(rid, "share", key, old_sh.get(key), new_sh.get(key)))
    changes += _added_removed(
        rid,
        "player",
        {p.name: p.country or "" for p in old.facts.players},
        {p.name: p.country or "" for p in new.facts.players},
    )
    changes += _added_removed(
        rid,
        "development",
        {d.id: d.date for d in old.facts.developments},
        {d.id: d.date for d in new.facts.developments},
    )
    return changes


def _added_removed(rid: str, kind: str, old: dict[str, str], new: dict[str, str]) -> list[Change]:
    """Entries only in the old edition (removed), then only in the new one (added)."""
    removed = [Change(rid, kind, key, old[key], None) for key in old if key not in new]
    return removed + [Change(rid, kind, key, None, new[key]) for key in new if key not in old]


def compare(old: Dataset, new: Dataset) -> list[Change]:
    """Every change between two validated editions, report by report."""
    old_reports = {r.report_id: r for r in old.reports}
    new_reports = {r.report_id: r for r in new.reports}
    changes: list[Change] = []
    for rid in sorted(old_reports.keys() - new_reports.keys()):
        changes.append(Change(rid, "report", rid, old=_name(old_reports[rid], old), new=None))
    for rid in sorted(new_reports.keys() - old_reports.keys()):
        changes.append(Change(rid, "report", rid, old=None, new=_name(new_reports[rid], new)))
    for rid in sorted(old_reports.keys() & new_reports.keys()):
        changes += compare_reports(old_reports[rid], new_reports[rid])
    return changes


def _name(report: Report, dataset: Dataset) -> str:
    return report.texts[dataset.source_language].market_name


# --- output -----------------------------------------------------------------------------


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def describe(change: Change) -> str:
    """One line of plain text for a change."""
    if change.kind == "figure":
        line = f"{change.field}: {_number(change.old)} -> {_number(change.new)}"
        if change.percent is not None:
            line += f" ({change.percent:+.1f} %)"
        return line
    if change.kind == "share":
        old, new = change.old, change.new
        if old is None or new is None:
            state, value = ("added", new) if old is None else ("removed", old)
            return f"share {change.field} {state} ({_number(value)} %)"
        if isinstance(old, int | float) and isinstance(new, int | float):
            points = float(new) - float(old)
            return (
                f"share {change.field}: {_number(old)} % -> {_number(new)} % ({points:+.1f} points)"
            )
        return f"share {change.field}: {_number(old)} % -> {_number(new)} %"
    if change.kind == "player":
        if change.old is None:
            return f"player added: {change.field} ({change.new})"
        return f"player removed: {change.field} ({change.old})"
    if change.kind == "development":
        if change.old is None:
            return f"development added: {change.field} ({change.new})"
        return f"development removed: {change.field} ({change.old})"
    if change.old is None:
        return f"report added: {change.field} ({change.new})"
    return f"report removed: {change.field} ({change.old})"


def _by_report(changes: list[Change]) -> dict[str, list[Change]]:
    grouped: dict[str, list[Change]] = {}
    for change in changes:
        grouped.setdefault(change.report, []).append(change)
    return grouped


def format_text(changes: list[Change], old_label: str, new_label: str) -> str:
    """Readable terminal output."""
    if not changes:
        return f"no changes between {old_label} and {new_label}\n"
    lines = [f"changes from {old_label} to {new_label}:"]
    for report, items in _by_report(changes).items():
        lines.append(f"\n{report}")
        lines += [f"  {describe(c)}" for c in items]
    return "\n".join(lines) + "\n"


def format_markdown(changes: list[Change], old_label: str, new_label: str) -> str:
    """Release notes in Markdown."""
    lines = [f"# Changes from {old_label} to {new_label}", ""]
    if not changes:
        return "\n".join([*lines, "No changes to the data.", ""])
    for report, items in _by_report(changes).items():
        lines += [f"## {report}", ""]
        lines += [f"- {describe(c).replace('->', '→')}" for c in items]
        lines.append("")
    return "\n".join(lines)


def format_json(changes: list[Change], old_label: str, new_label: str) -> str:
    """Machine-readable changes."""
    return (
        json.dumps(
            {
                "old": old_label,
                "new": new_label,
                "changes": [{**asdict(c), "percent": c.percent} for c in changes],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


FORMATS = {"text": format_text, "markdown": format_markdown, "json": format_json}
