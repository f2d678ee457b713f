"""``marketsite diff``: what changed between two editions of the data.

An edition is a data folder, or a git ref whose ``data/`` is read with
``git archive``. Both editions are validated first: release notes are only
written from data that would build.
"""

from __future__ import annotations

import difflib
import io
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, overload

from marketsite.checks.validate import validate_data_dir
from marketsite.data.dataset import Dataset, Report
from marketsite.data.figure import Figure
from marketsite.data.model import Cagr, Facts, Player, ReportSource, ShareItem
from marketsite.data.problems import printable, summary
from marketsite.data.sources import format_path, leaf_values
from marketsite.data.text_model import DisplayName, NameForms, Names, is_plural, name_text
from marketsite.editions.changes import Change, ChangeKind
from marketsite.errors import MarketsiteError


class DiffError(MarketsiteError):
    """An edition cannot be read or is not valid."""


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
        "published": facts.published,
        "updated": facts.updated,
        # Who stands behind the figures, changes the publisher states, and figures it
        # states two ways: each as one line, so that no edit of them goes unseen.
        "sources": "; ".join(_sources_text(facts)) or None,
        "changes": "; ".join(
            f"{c.first_year}–{c.end}: {c.value.as_written()} %" for c in facts.changes
        )
        or None,
        "second_wordings": "; ".join(_second_wordings(facts)) or None,
        # Accepted warnings are shown to readers as the editors' notes.
        "acknowledged": "; ".join(f"{code}: {why}" for code, why in facts.acknowledged.items())
        or None,
    }


def _sources_text(facts: Facts) -> list[str]:
    """Every source in one line each; a further one with the figures it stands behind
    (a figure that names no source belongs to the first)."""
    attributed = _attributed(facts)
    lines = []
    for index, source in enumerate(facts.sources):
        figures = attributed.get(source.id or "", []) if index else []
        lines.append(_source_text(source) + (f" [for: {', '.join(figures)}]" if figures else ""))
    return lines


def _attributed(facts: Facts) -> dict[str, list[str]]:
    """The figures that name a source, by source id: "market_size.2024", "cagr.2026–2035",
    "regions.europe", "regions.europe.cagr", "changes.2019–2020"."""
    found: dict[str, list[str]] = {}
    for point in facts.market_size:
        if point.source:
            found.setdefault(point.source, []).append(f"market_size.{point.year}")
    for cagr in facts.cagr:
        if cagr.source:
            found.setdefault(cagr.source, []).append(f"cagr.{cagr_key(facts, cagr)}")
    for change in facts.changes:
        if change.source:
            found.setdefault(change.source, []).append(f"changes.{change.first_year}–{change.end}")
    for key, item in _items(facts).items():
        if item.source:
            found.setdefault(item.source, []).append(key)
        if item.cagr is not None and item.cagr.source:
            found.setdefault(item.cagr.source, []).append(f"{key}.cagr")
    return found


def _source_text(source: ReportSource) -> str:
    """A source in one line: organisation, then title, id and dates as far as stated."""
    details = [source.title, source.report_id, source.published, source.url]
    text = ", ".join([source.organisation, *(d for d in details if d)])
    if source.accessed:
        text += f" (accessed {source.accessed})"
    return f"{source.id}: {text}" if source.id else text


def _second_wordings(facts: Facts) -> list[str]:
    """Every figure the publisher also states another way: "2023: more than 4"."""
    found = [f"{p.year}: {p.also_stated.as_written()}" for p in facts.market_size if p.also_stated]
    found += [
        f"CAGR {cagr_key(facts, c)}: {c.also_stated.as_written()}"
        for c in facts.cagr
        if c.also_stated
    ]
    for label, shares in facts.share_sets().items():
        found += [
            f"{label}.{item.id}: {item.also_stated.as_written()}"
            for item in shares.items
            if item.also_stated
        ]
        found += [
            f"{label}.{item.id}.cagr: {item.cagr.also_stated.as_written()}"
            for item in shares.items
            if item.cagr is not None and item.cagr.also_stated
        ]
    return found


def _sizes(report: Report) -> dict[str, object]:
    """Every market-wide size by year: series.csv's, and facts.yaml's (the same value
    where both state a year: validate sees to that)."""
    sizes = {str(point.year): _plain(point.value) for point in report.series}
    sizes.update({str(point.year): _plain(point.value) for point in report.facts.market_size})
    return dict(sorted(sizes.items()))


def _item_sizes(report: Report) -> dict[str, object]:
    """Sizes per region or segment from series.csv, by "regions.<id>.<year>" (or
    "segments.<id>.<year>")."""
    group = "regions" if report.item_scope == "region" else "segments"
    return {f"{group}.{p.item}.{p.year}": _plain(p.value) for p in report.item_series}


def cagr_key(facts: Facts, cagr: Cagr) -> str:
    """A CAGR's period as a language-neutral key: "2026–2035", "…–2030" (only its end
    stated), "2024–…" (only its start), "…" (no years stated)."""
    start, end = facts.cagr_years(cagr)
    if start is None and end is None:
        return "…"
    return f"{start or '…'}–{end or '…'}"


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
    return f"{_plain(item.cagr.value)} ({cagr_key(facts, item.cagr)})"


def _renamed_players(removed: list[Player], added: list[Player]) -> list[tuple[str, str]]:
    """Pairs (old name, new name) of companies that read as renamed rather than replaced:
    the same headquarters and a similar name ("Emarsys" -> "Emarsys (SAP)",
    "Mailchimp" -> "Intuit Mailchimp"), the most similar first."""
    candidates = []
    for old in removed:
        for new in added:
            if old.country != new.country:
                continue
            a, b = old.name.casefold(), new.name.casefold()
            similarity = difflib.SequenceMatcher(None, a, b).ratio()
            if similarity >= RENAME_SIMILARITY or a in b or b in a:
                candidates.append((-similarity, old.name, new.name))
    pairs: list[tuple[str, str]] = []
    for _, old_name, new_name in sorted(candidates):
        if all(old_name != o and new_name != n for o, n in pairs):
            pairs.append((old_name, new_name))
    return pairs


#: How alike two names of one company must be (difflib's ratio) to read as a rename.
RENAME_SIMILARITY = 0.75


def used_names(report: Report, shared: dict[str, Names], lang: str) -> dict[str, object]:
    """The display names a report shows in ``lang``, shared or its own, by
    "regions.<id>", "dimensions.<id>", "segments.<id>", "sectors.<id>"; a plural noun
    is marked, since verbs agree with it."""
    names = report.names(shared, lang)
    facts = report.facts
    used = {
        "regions": [item.id for item in facts.regions.items],
        "dimensions": list(facts.segments),
        "segments": [item.id for shares in facts.segments.values() for item in shares.items],
        "sectors": [facts.sector] if facts.sector else [],
    }
    found: dict[str, object] = {}
    for group, ids in used.items():
        table = getattr(names, group)
        for item_id in ids:
            if item_id in table:
                found[f"{group}.{item_id}"] = _name_value(table[item_id])
    return found


def compare_reports(
    old: Report,
    new: Report,
    old_names: dict[str, Names] | None = None,
    new_names: dict[str, Names] | None = None,
) -> list[Change]:
    """Every change inside one report present in both editions: facts, every text, and
    the display names it shows (the shared ones of each edition, ``old_names`` and
    ``new_names``, overlaid with its own)."""
    old_names, new_names = old_names or {}, new_names or {}
    rid = new.report_id
    of, nf = old.facts, new.facts
    changes = _changed(rid, ChangeKind.META, _meta(of), _meta(nf))
    changes += _changed(rid, ChangeKind.SIZE, _sizes(old), _sizes(new))
    changes += _changed(rid, ChangeKind.ITEM_SIZE, _item_sizes(old), _item_sizes(new))
    changes += _changed(
        rid,
        ChangeKind.META,
        {f"market_size.{p.year}.status": p.status for p in of.market_size},
        {f"market_size.{p.year}.status": p.status for p in nf.market_size},
    )
    changes += _changed(
        rid,
        ChangeKind.CAGR,
        {cagr_key(of, c): _plain(c.value) for c in of.cagr},
        {cagr_key(nf, c): _plain(c.value) for c in nf.cagr},
    )
    changes += _changed(
        rid,
        ChangeKind.FIGURE,
        {k: _plain(f.value) for k, f in of.figures.items()},
        {k: _plain(f.value) for k, f in nf.figures.items()},
    )
    changes += _changed(
        rid,
        ChangeKind.FIGURE,
        {f"{k}.unit": f.unit for k, f in of.figures.items() if k in nf.figures},
        {f"{k}.unit": f.unit for k, f in nf.figures.items() if k in of.figures},
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
    for label, items in new_sets.items():
        if label not in old_sets:
            continue
        new_ids = [item.id for item in items.items]
        old_ids = [item.id for item in old_sets[label].items]
        kept = [i for i in old_ids if i in new_ids]
        if kept != [i for i in new_ids if i in old_ids]:  # tables list them in this order
            changes.append(
                Change(
                    rid,
                    ChangeKind.ITEM_ORDER,
                    label,
                    ", ".join(kept),
                    ", ".join(i for i in new_ids if i in old_ids),
                )
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
    renamed = _renamed_players(
        [p for p in of.players if p.name not in new_players],
        [p for p in nf.players if p.name not in old_players],
    )
    changes += [Change(rid, ChangeKind.PLAYER_RENAME, new, old, new) for old, new in renamed]
    gone, came = {old for old, _ in renamed}, {new for _, new in renamed}
    changes += _presence(
        rid,
        ChangeKind.PLAYER,
        {name: p.country or "" for name, p in old_players.items() if name not in gone},
        {name: p.country or "" for name, p in new_players.items() if name not in came},
    )
    changes += _changed(
        rid,
        ChangeKind.PLAYER_COUNTRY,
        {name: old_players[name].country for name in new_players if name in old_players},
        {name: new_players[name].country for name in new_players if name in old_players},
    )
    # A renamed company keeps its place: the order compares the old names' new names.
    new_name = {**{name: name for name in old_players}, **dict(renamed)}
    kept = [new_name[name] for name in old_players if new_name[name] in new_players]
    if kept != [name for name in new_players if name in kept]:  # the same, reordered
        changes.append(
            Change(
                rid,
                ChangeKind.PLAYER_ORDER,
                "players",
                ", ".join(kept),
                ", ".join(name for name in new_players if name in kept),
            )
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
        changes += _changed(
            rid,
            ChangeKind.NAME,
            used_names(old, old_names, lang),
            used_names(new, new_names, lang),
            lang=lang,
        )
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
        changes += compare_reports(old_reports[rid], new_reports[rid], old.names, new.names)
    # A shared name no report shows yet is still data: listed under the shared file.
    shown = {(c.lang, c.field) for c in changes if c.kind == ChangeKind.NAME}
    for lang in new.languages:
        for change in _changed(
            SHARED_NAMES,
            ChangeKind.NAME,
            _name_table(old.names.get(lang)),
            _name_table(new.names.get(lang)),
            lang=lang,
        ):
            if (lang, change.field) not in shown:
                changes.append(change)
    return changes


def _name_value(name: DisplayName) -> str:
    """A display name as diff compares it, with its grammar: a plural noun is marked
    (verbs agree with it), and a German dative stated (lists use it)."""
    value = name_text(name) + (" (plural)" if is_plural(name) else "")
    if isinstance(name, NameForms) and name.dative is not None:
        value += f" (dative: {name.dative})"
    return value


#: The grammar :func:`_name_value` adds to a name; readers see it in sentences only.
NAME_GRAMMAR_RE = re.compile(r"( \(plural\))?( \(dative: [^()]*\))?$")


#: The "report" of a change to a shared name that no report shows.
SHARED_NAMES = "_shared"


def _name_table(names: Names | None) -> dict[str, object]:
    if names is None:
        return {}
    return {
        f"{group}.{key}": _name_value(name)
        for group in ("regions", "dimensions", "segments", "sectors")
        for key, name in getattr(names, group).items()
    }


def _name(report: Report, dataset: Dataset) -> str:
    return report.texts[dataset.source_language].market_name
