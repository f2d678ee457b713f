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
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Literal, overload

from marketsite.checks.validate import validate_data_dir
from marketsite.data.dataset import Dataset, Report
from marketsite.data.figure import Figure, parse_figure
from marketsite.data.model import Cagr, Facts, ShareItem
from marketsite.data.problems import printable, summary
from marketsite.data.sources import format_path, leaf_values
from marketsite.derivation.escape import gfm_escape
from marketsite.errors import MarketsiteError


class DiffError(MarketsiteError):
    """An edition cannot be read or is not valid."""


class ChangeKind(StrEnum):
    """What a change is about: the one vocabulary of diff, the release notes and the
    "what changed" page."""

    REPORT = "report"  # a report added or removed
    META = "meta"  # currency, unit, base year, forecast period, flags
    SIZE = "size"  # a market size
    CAGR = "cagr"
    FIGURE = "figure"  # a figure prose states
    SHARE = "share"
    SHARE_YEAR = "share-year"  # the year a set of shares refers to
    ITEM = "item"  # a segment or region added or removed
    ITEM_CAGR = "item-cagr"
    ITEM_FLAG = "item-flag"  # fastest-growing, takes the rest of the market
    PLAYER = "player"
    PLAYER_COUNTRY = "player-country"
    DEVELOPMENT = "development"
    DEVELOPMENT_DATE = "development-date"
    DEVELOPMENT_COMPANY = "development-company"
    TEXT = "text"  # a key of a text file


@dataclass(frozen=True)
class Change:
    """One difference between two editions.

    ``kind`` says what changed: ``report``, ``meta`` (currency, unit, base year,
    forecast period, flags), ``size``, ``cagr``, ``figure`` (a prose figure),
    ``share``, ``share-year``, ``item`` (a segment or region added or removed),
    ``item-cagr``, ``item-flag``, ``player``, ``player-country``, ``development``,
    ``development-date``, ``development-company``, ``text``. ``old``/``new`` are
    plain values (figures as written, "about 85.4"); ``None`` means absent. Text
    changes carry their language and section (the top-level key).
    """

    report: str
    kind: ChangeKind
    field: str
    old: object = None
    new: object = None
    lang: str | None = None
    section: str | None = None

    @property
    def percent(self) -> float | None:
        """Relative change of an amount, in percent (exact or "about" figures only)."""
        if self.kind not in AMOUNT_KINDS:
            return None
        old, new = _number(self.old), _number(self.new)
        if old is None or new is None or not old:
            return None
        return (new - old) / abs(old) * 100

    @property
    def points(self) -> float | None:
        """Change of a percentage in percentage points."""
        if self.kind not in PERCENTAGE_KINDS:
            return None
        old, new = _number(self.old), _number(self.new)
        return None if old is None or new is None else new - old


def _number(value: object) -> float | None:
    """A plain value's number when it can anchor a calculation (exact or "about")."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.split(" (", 1)[0]  # "12.3 (2025–2033)": the rate of an item's CAGR
        try:
            figure = parse_figure(text)
        except ValueError:
            return None
        return figure.anchor
    return None


@contextmanager
def edition(spec: str, data_dir: str = "data", repo: Path | None = None) -> Iterator[Path]:
    """A data folder for ``spec``: the folder itself, or ``data_dir`` at git ref ``spec``."""
    folder = Path(spec)
    try:
        is_folder = folder.is_dir()
    except OSError:  # a name too long for a file: not a folder
        is_folder = False
    if is_folder:
        yield folder
        return
    repo = repo or Path.cwd()
    shown = printable(spec if len(spec) <= 80 else spec[:40] + "…")  # one line, always
    # A ref is resolved to a commit first, and never read as an option ("--output=…").
    commit = git_output(
        repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}"
    )
    if spec.startswith("-") or commit is None:
        raise DiffError(f"'{shown}' is neither a folder nor a git ref (a tag, branch or commit)")
    archived = git_output(repo, "archive", "--format=tar", commit, "--", data_dir, text=False)
    if archived is None:
        raise DiffError(f"'{shown}' has no {data_dir}/ folder")
    with tempfile.TemporaryDirectory(prefix="marketsite-edition-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archived)) as archive:
            try:
                archive.extractall(tmp, filter="data")
            except tarfile.FilterError as error:
                raise DiffError(
                    f"the data of '{shown}' cannot be read: {error} (data/ may hold no link "
                    "that points outside it)"
                ) from None
        yield Path(tmp) / data_dir


@overload
def git_output(repo: Path, *args: str, text: Literal[True] = True) -> str | None: ...
@overload
def git_output(repo: Path, *args: str, text: Literal[False]) -> bytes | None: ...
def git_output(repo: Path, *args: str, text: bool = True) -> str | bytes | None:
    """What git prints for ``args`` (stripped text, or bytes), or None if it fails."""
    try:
        result = subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)
    except OSError:  # no git at all
        return None
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", "replace").strip() if text else result.stdout


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


def _meta(facts: Facts) -> dict[str, object]:
    forecast = facts.forecast
    return {
        "currency": facts.currency,
        "unit": facts.unit,
        "base_year": facts.base_year,
        "forecast": f"{forecast.start_year}–{forecast.end_year}" if forecast else None,
        "historical_data": facts.historical_data,
        "regional_coverage": facts.regional_coverage,
        "sector": facts.sector,
    }


def _period(facts: Facts, cagr: Cagr) -> str:
    period = facts.cagr_period(cagr)
    return f"{period[0]}–{period[1]}" if period else "?"


def _changed(
    rid: str, kind: ChangeKind, old: dict[str, object], new: dict[str, object], **extra: str
) -> list[Change]:
    """Every key whose value differs (absent counts as None), in the new edition's order."""
    keys = list(dict.fromkeys([*new, *old]))
    return [
        Change(rid, kind, key, old.get(key), new.get(key), **extra)
        for key in keys
        if old.get(key) != new.get(key)
    ]


def _presence(
    rid: str, kind: ChangeKind, old: dict[str, object], new: dict[str, object]
) -> list[Change]:
    """Entries only in the old edition (removed), then only in the new one (added)."""
    removed = [Change(rid, kind, key, old[key], None) for key in old if key not in new]
    return removed + [Change(rid, kind, key, None, new[key]) for key in new if key not in old]


def _items(facts: Facts) -> dict[str, ShareItem]:
    return {
        f"{label}.{item.id}": item
        for label, items in facts.share_sets().items()
        for item in items.items
    }


def _item_cagr(facts: Facts, item: ShareItem | None) -> object:
    if item is None or item.cagr is None:
        return None
    return f"{_plain(item.cagr.value)} ({_period(facts, item.cagr)})"


def compare_reports(old: Report, new: Report) -> list[Change]:
    """Every change inside one report present in both editions: facts and every text."""
    rid = new.report_id
    of, nf = old.facts, new.facts
    changes = _changed(rid, ChangeKind.META, _meta(of), _meta(nf))
    changes += _changed(
        rid,
        ChangeKind.SIZE,
        {str(p.year): _plain(p.value) for p in of.market_size},
        {str(p.year): _plain(p.value) for p in nf.market_size},
    )
    changes += _changed(
        rid,
        ChangeKind.META,
        {f"market_size.{p.year}.status": p.status for p in of.market_size},
        {f"market_size.{p.year}.status": p.status for p in nf.market_size},
    )
    changes += _changed(
        rid,
        ChangeKind.CAGR,
        {_period(of, c): _plain(c.value) for c in of.cagr},
        {_period(nf, c): _plain(c.value) for c in nf.cagr},
    )
    changes += _changed(
        rid,
        ChangeKind.FIGURE,
        {k: _plain(f.value) for k, f in of.figures.items()},
        {k: _plain(f.value) for k, f in nf.figures.items()},
    )
    old_sets, new_sets = of.share_sets(), nf.share_sets()
    changes += _changed(
        rid,
        ChangeKind.SHARE_YEAR,
        {label: items.year for label, items in old_sets.items()},
        {label: items.year for label, items in new_sets.items()},
    )
    old_items, new_items = _items(of), _items(nf)
    changes += _presence(
        rid,
        ChangeKind.ITEM,
        {key: key.rsplit(".", 1)[1] for key in old_items},
        {key: key.rsplit(".", 1)[1] for key in new_items},
    )
    both = [key for key in new_items if key in old_items]
    changes += _changed(
        rid,
        ChangeKind.SHARE,
        {key: _plain(old_items[key].share) for key in both},
        {key: _plain(new_items[key].share) for key in both},
    )
    changes += _changed(
        rid,
        ChangeKind.ITEM_CAGR,
        {key: _item_cagr(of, old_items[key]) for key in both},
        {key: _item_cagr(nf, new_items[key]) for key in both},
    )
    for flag in ("rest", "fastest"):
        changes += _changed(
            rid,
            ChangeKind.ITEM_FLAG,
            {f"{key}.{flag}": getattr(old_items[key], flag) for key in both},
            {f"{key}.{flag}": getattr(new_items[key], flag) for key in both},
        )
    old_players = {p.name: p for p in of.players}
    new_players = {p.name: p for p in nf.players}
    changes += _presence(
        rid,
        ChangeKind.PLAYER,
        {name: p.country or "" for name, p in old_players.items()},
        {name: p.country or "" for name, p in new_players.items()},
    )
    changes += _changed(
        rid,
        ChangeKind.PLAYER_COUNTRY,
        {name: old_players[name].country for name in new_players if name in old_players},
        {name: new_players[name].country for name in new_players if name in old_players},
    )
    old_devs = {d.id: d for d in of.developments}
    new_devs = {d.id: d for d in nf.developments}
    changes += _presence(
        rid,
        ChangeKind.DEVELOPMENT,
        {key: d.date for key, d in old_devs.items()},
        {key: d.date for key, d in new_devs.items()},
    )
    kept = [key for key in new_devs if key in old_devs]
    changes += _changed(
        rid,
        ChangeKind.DEVELOPMENT_DATE,
        {key: old_devs[key].date for key in kept},
        {key: new_devs[key].date for key in kept},
    )
    changes += _changed(
        rid,
        ChangeKind.DEVELOPMENT_COMPANY,
        {key: old_devs[key].company for key in kept},
        {key: new_devs[key].company for key in kept},
    )
    for lang in new.texts:
        if lang not in old.texts:
            continue
        old_text = leaf_values(old.texts[lang].model_dump(mode="json", exclude_defaults=True))
        new_text = leaf_values(new.texts[lang].model_dump(mode="json", exclude_defaults=True))
        for change in _changed(
            rid,
            ChangeKind.TEXT,
            {format_path(k): v for k, v in old_text.items() if v not in ({}, [])},
            {format_path(k): v for k, v in new_text.items() if v not in ({}, [])},
        ):
            section = change.field.split(".", 1)[0].split("[", 1)[0]
            changes.append(
                Change(rid, ChangeKind.TEXT, change.field, change.old, change.new, lang, section)
            )
    return changes


def compare(old: Dataset, new: Dataset) -> list[Change]:
    """Every change between two validated editions, report by report."""
    old_reports = {r.report_id: r for r in old.reports}
    new_reports = {r.report_id: r for r in new.reports}
    changes: list[Change] = []
    for rid in sorted(old_reports.keys() - new_reports.keys()):
        changes.append(
            Change(rid, ChangeKind.REPORT, rid, old=_name(old_reports[rid], old), new=None)
        )
    for rid in sorted(new_reports.keys() - old_reports.keys()):
        changes.append(
            Change(rid, ChangeKind.REPORT, rid, old=None, new=_name(new_reports[rid], new))
        )
    for rid in sorted(old_reports.keys() & new_reports.keys()):
        changes += compare_reports(old_reports[rid], new_reports[rid])
    return changes


def _name(report: Report, dataset: Dataset) -> str:
    return report.texts[dataset.source_language].market_name


# --- output -----------------------------------------------------------------------------


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "—" if value is None else str(value)


def _arrow(change: Change, unit: str = "") -> str:
    return f"{_shown(change.old)}{unit} -> {_shown(change.new)}{unit}"


def _state(change: Change) -> str:
    return "added" if change.old is None else "removed" if change.new is None else ""


def _present(change: Change) -> object:
    """The value that exists: the new one, or the old one of a removal."""
    return change.new if change.old is None else change.old


def _report_line(change: Change) -> str:
    return f"report {_state(change)}: {change.field} ({_shown(_present(change))})"


def _size_line(change: Change) -> str:
    if _state(change):
        return f"market size {change.field} {_state(change)} ({_shown(_present(change))})"
    line = f"market size {change.field}: {_arrow(change)}"
    return line + (f" ({change.percent:+.1f} %)" if change.percent is not None else "")


def _rate_line(label: str) -> Callable[[Change], str]:
    def line(change: Change) -> str:
        if _state(change):
            return f"{label} {change.field} {_state(change)} ({_shown(_present(change))} %)"
        text = f"{label} {change.field}: {_arrow(change, ' %')}"
        return text + (f" ({change.points:+.1f} points)" if change.points is not None else "")

    return line


def _item_line(change: Change) -> str:
    what = "region" if change.field.startswith("regions.") else "segment"
    return f"{what} {_state(change)}: {change.field}"


def _listed_line(change: Change) -> str:
    value = _present(change)
    return f"{change.kind} {_state(change)}: {change.field}" + (f" ({value})" if value else "")


def _text_line(change: Change) -> str:
    what = "added" if change.old is None else "removed" if change.new is None else "changed"
    return f"text {change.lang}: {change.field} {what}"


def _labelled(label: str) -> Callable[[Change], str]:
    """ "<label> <field>: old -> new"."""
    return lambda change: f"{label.format(field=change.field)}: {_arrow(change)}"


def _plain_line(change: Change) -> str:
    return f"{change.field}: {_arrow(change)}"


@dataclass(frozen=True)
class KindRow:
    """One kind of change, as everything that reports changes knows it: what it is
    about, whether its values are amounts or percentages (a change is then also given
    in percent or in points), its line for the terminal and tools, and the method of
    :class:`marketsite.editions.notes.ReleaseNotes` that words it for readers ("": it
    is summarized there, not listed)."""

    about: str
    measure: str | None
    describe: Callable[[Change], str]
    note: str


#: Every change kind: the one table of diff, the release notes and "what changed".
CHANGE_KINDS: Mapping[ChangeKind, KindRow] = MappingProxyType(
    {
        ChangeKind.REPORT: KindRow("a report added or removed", None, _report_line, ""),
        ChangeKind.META: KindRow(
            "currency, unit, base year, forecast period, flags", None, _plain_line, "meta_line"
        ),
        ChangeKind.SIZE: KindRow("a market size", "amount", _size_line, "size_line"),
        ChangeKind.CAGR: KindRow("a CAGR", "percentage", _rate_line("CAGR"), "rate_line"),
        ChangeKind.FIGURE: KindRow(
            "a figure the prose states", "amount", _plain_line, "figure_line"
        ),
        ChangeKind.SHARE: KindRow(
            "a share", "percentage", _rate_line(ChangeKind.SHARE), "rate_line"
        ),
        ChangeKind.SHARE_YEAR: KindRow(
            "the year a set of shares refers to",
            None,
            _labelled("year of the shares of {field}"),
            "share_year_line",
        ),
        ChangeKind.ITEM: KindRow("a segment or region", None, _item_line, "item_line"),
        ChangeKind.ITEM_CAGR: KindRow(
            "a segment's or region's CAGR", "percentage", _rate_line("CAGR of"), "rate_line"
        ),
        ChangeKind.ITEM_FLAG: KindRow(
            "fastest-growing, takes the rest of the market", None, _plain_line, "flag_line"
        ),
        ChangeKind.PLAYER: KindRow("a key company", None, _listed_line, "player_line"),
        ChangeKind.PLAYER_COUNTRY: KindRow(
            "a company's headquarters",
            None,
            _labelled("headquarters of {field}"),
            "player_country_line",
        ),
        ChangeKind.DEVELOPMENT: KindRow(
            "a dated development", None, _listed_line, "development_line"
        ),
        ChangeKind.DEVELOPMENT_DATE: KindRow(
            "a development's date",
            None,
            _labelled("development {field} re-dated"),
            "development_date_line",
        ),
        ChangeKind.DEVELOPMENT_COMPANY: KindRow(
            "the company of a development",
            None,
            _labelled("company of development {field}"),
            "development_company_line",
        ),
        ChangeKind.TEXT: KindRow("a key of a text file", None, _text_line, ""),
    }
)

#: Kinds whose values are amounts: a change is also given in percent.
AMOUNT_KINDS = frozenset(k for k, row in CHANGE_KINDS.items() if row.measure == "amount")
#: Kinds whose values are percentages: a change is also given in percentage points.
PERCENTAGE_KINDS = frozenset(k for k, row in CHANGE_KINDS.items() if row.measure == "percentage")


def describe(change: Change) -> str:
    """One line of plain English for a change (terminal and tools; release notes for
    readers come from :mod:`marketsite.editions.notes`)."""
    return CHANGE_KINDS[change.kind].describe(change)


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
    # Published as a GitHub release body: every part from the data is escaped for it.
    for report, items in _by_report(changes).items():
        lines += [f"## {gfm_escape(report)}", ""]
        lines += [f"- {gfm_escape(describe(c).replace('->', '→'))}" for c in items]
        lines.append("")
    return "\n".join(lines)


def format_json(changes: list[Change], old_label: str, new_label: str) -> str:
    """Machine-readable changes."""
    return (
        json.dumps(
            {
                "old": old_label,
                "new": new_label,
                "changes": [
                    {**asdict(c), "percent": c.percent, "points": c.points} for c in changes
                ],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


FORMATS = {"text": format_text, "markdown": format_markdown, "json": format_json}
