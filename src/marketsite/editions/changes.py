"""What changed between two editions, as values: each :class:`Change` has a kind from
the one table of change kinds (:data:`CHANGE_KINDS`), which says how the tools print
it and which sentence of the readers' notes words it."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum
from types import MappingProxyType

from marketsite.data.figure import parse_figure
from marketsite.derivation.escape import gfm_escape


class ChangeKind(StrEnum):
    """What a change is about: the one vocabulary of diff, the release notes and the
    "what changed" page."""

    REPORT = "report"  # a report added or removed
    META = "meta"  # currency, unit, base year, forecast period, flags
    SIZE = "size"  # a market size
    ITEM_SIZE = "item-size"  # the size of a region or segment (series.csv)
    CAGR = "cagr"
    FIGURE = "figure"  # a figure prose states
    SHARE = "share"
    SHARE_YEAR = "share-year"  # the year a set of shares refers to
    ITEM = "item"  # a segment or region added or removed
    ITEM_CAGR = "item-cagr"
    ITEM_FLAG = "item-flag"  # fastest-growing, takes the rest of the market
    ITEM_ORDER = "item-order"  # the segments or regions of a set, listed in another order
    NAME = "name"  # a display name a report shows (shared, or the report's own)
    PLAYER = "player"
    PLAYER_COUNTRY = "player-country"
    PLAYER_ORDER = "player-order"  # the key companies, listed in another order
    PLAYER_RENAME = "player-rename"  # a key company under a new name
    DEVELOPMENT = "development"
    DEVELOPMENT_DATE = "development-date"
    DEVELOPMENT_COMPANY = "development-company"
    TEXT = "text"  # a key of a text file


@dataclass(frozen=True)
class Change:
    """One difference between two editions.

    ``kind`` says what changed (one of :data:`CHANGE_KINDS`). ``old``/``new`` are
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


# --- output -----------------------------------------------------------------------------


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"  # as facts.yaml writes it
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


def _item_size_line(change: Change) -> str:
    item, year = change.field.rsplit(".", 1)
    if _state(change):
        return f"size of {item} {year} {_state(change)} ({_shown(_present(change))})"
    line = f"size of {item} {year}: {_arrow(change)}"
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


def _name_line(change: Change) -> str:
    return f"name of {change.field} ({change.lang}): {_arrow(change)}"


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
            "currency, unit, base year, forecast period, flags, sources, stated changes, "
            "second wordings",
            None,
            _plain_line,
            "meta_line",
        ),
        ChangeKind.SIZE: KindRow("a market size", "amount", _size_line, "size_line"),
        ChangeKind.ITEM_SIZE: KindRow(
            "the size of a region or segment", "amount", _item_size_line, "item_size_line"
        ),
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
        ChangeKind.ITEM_ORDER: KindRow(
            "the order of a set's segments or regions",
            None,
            _labelled("order of {field}"),
            "item_order_line",
        ),
        ChangeKind.NAME: KindRow("a display name a report shows", None, _name_line, "name_line"),
        ChangeKind.PLAYER: KindRow("a key company", None, _listed_line, "player_line"),
        ChangeKind.PLAYER_RENAME: KindRow(
            "a key company renamed", None, _labelled("company renamed"), "player_rename_line"
        ),
        ChangeKind.PLAYER_COUNTRY: KindRow(
            "a company's headquarters",
            None,
            _labelled("headquarters of {field}"),
            "player_country_line",
        ),
        ChangeKind.PLAYER_ORDER: KindRow(
            "the order of the key companies",
            None,
            _labelled("order of the {field}"),
            "player_order_line",
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
