"""Render cache: each report's rendered page and files per locale, kept between builds.

A report is rendered again only when something that shapes it changed: its
facts, its text in the locale, its series, the names it uses, the site
options, or the code and libraries that render it. The key is a hash of
all of these, so a stale entry is never found, only left unused; a full
build removes the entries it did not use (:meth:`PageCache.prune`).

An entry is a folder: ``entry.json`` (the page's Markdown, head, catalog
entry) and the report's files beside it. Builds hand the files to MkDocs by
path, so a build holds no report's files in memory.

Builds of one project may run at once (a preview beside a build, CI jobs on one
checkout): each holds a shared lock on its locale's cache while it uses it, and
a build prunes only when it can take the lock alone, so it never removes an
entry another build is about to read.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import shutil
import sys
from collections.abc import ItemsView, Iterator, Mapping
from importlib import metadata, resources
from pathlib import Path
from typing import IO, Any

from marketsite.data.dataset import Report
from marketsite.data.memory import Memory
from marketsite.data.text_model import Names
from marketsite.files import write_atomically
from marketsite.rendering.catalog import CatalogEntry
from marketsite.rendering.pages import Page, RenderOptions
from marketsite.rendering.report_page import RenderedReport

#: Libraries whose output ends up in a report's page or files.
RENDERING_LIBRARIES = ("altair", "babel", "jinja2", "openpyxl", "typst", "vl-convert-python")
ENTRY = "entry.json"
MARKDOWN = "page.md"
BLOCKS = "blocks.json"
FILES = "files"

if sys.platform != "win32":
    import fcntl


@functools.cache
def code_version() -> str:
    """Hash of the package's code, templates and catalogs, and the libraries' versions."""
    digest = hashlib.sha256()
    package = resources.files("marketsite")
    root = Path(str(package))
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    for name in RENDERING_LIBRARIES:
        digest.update(f"{name}=={metadata.version(name)}".encode())
    return digest.hexdigest()


class StoredBlocks(Mapping[str, str]):
    """A cached page's HTML blocks (its charts, some 90 KB), read from the cache when the
    page is built: a build of 1,000 reports then never holds them all at once."""

    def __init__(self, path: Path, slots: tuple[str, ...]) -> None:
        self.path = path
        self.slots = slots

    def _read(self) -> dict[str, str]:
        return dict(json.loads(self.path.read_text(encoding="utf-8")))

    def __getitem__(self, slot: str) -> str:
        return self._read()[slot]

    def __iter__(self) -> Iterator[str]:
        return iter(self.slots)

    def __len__(self) -> int:
        return len(self.slots)

    def __repr__(self) -> str:
        return f"StoredBlocks({self.path})"

    def items(self) -> ItemsView[str, str]:  # one read for all blocks
        return self._read().items()


class PageCache:
    """Rendered reports of one locale under ``folder`` (safe to delete)."""

    def __init__(self, folder: Path, memory: Memory | None = None) -> None:
        """``memory`` (a preview's): keep each report's key and each entry read or written
        for the next build in this process; validation hands out the same Report object
        for unchanged files. A single build holds no report longer than it must."""
        self.folder = folder
        self.memory = memory
        # Within this build: a report's key is asked for once per page and file.
        self._keys: dict[tuple[int, str], tuple[Any, ...]] = (
            memory.page_keys if memory is not None else {}
        )
        self._read: dict[Path, Any] = memory.pages_read if memory is not None else {}
        self.hits = 0
        self.rendered = 0
        self.used: set[str] = set()
        self._lock: IO[bytes] | None = None
        self._unlockable = sys.platform == "win32"

    def _hold(self) -> None:
        """Hold the locale's cache shared from the first use to :meth:`release`."""
        if self._lock is not None or self._unlockable:
            return
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        # Beside the folder, not in it: a prune removes what it finds there.
        lock = open(self.folder.parent / f"{self.folder.name}.lock", "ab")  # noqa: SIM115
        try:
            fcntl.flock(lock, fcntl.LOCK_SH)
        except OSError:  # a file system without locks (some network shares): as before
            lock.close()
            self._unlockable = True
            return
        self._lock = lock

    def release(self) -> None:
        """Let other builds prune (a process's end lets go as well)."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def key(
        self,
        report: Report,
        names: Names,
        lang: str,
        options: RenderOptions,
        related: tuple[tuple[str, str], ...] = (),
    ) -> str:
        """Content hash of everything that shapes the report's page in ``lang`` (its
        related reports' headings and addresses included)."""
        # A page depends on its own report's date, not on every report's.
        settings = dataclasses.replace(
            options, charts=None, report_dates={}, compiled_templates=None
        )
        known = self._keys.get((id(report), lang))
        if known is not None and known[0] is report and known[1:4] == (names, settings, related):
            return str(known[4])
        # repr is complete and stable for these frozen dataclasses and models (no sets).
        shaped_by = (
            report.report_id,
            report.facts,
            report.texts[lang],
            report.series,
            report.item_series,
            report.item_scope,
            names,
            lang,
            settings,
            options.report_dates.get(report.report_id),
            options.charts is not None,
            related,
            code_version(),
        )
        key = hashlib.sha256(repr(shaped_by).encode("utf-8")).hexdigest()
        # Keyed by id: the entry keeps the report alive, so the id stays its own.
        self._keys[(id(report), lang)] = (report, names, settings, related, key)
        return key

    def get(self, key: str) -> RenderedReport | None:
        """The cached rendering, its files as paths; None if there is none."""
        self._hold()
        known: RenderedReport | None = self._read.get(self.folder / key)
        if known is not None and Path(known.page.source).is_file():
            self.hits += 1
            self.used.add(key)
            return known
        entry = self.folder / key / ENTRY
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        files_dir = self.folder / key / FILES
        files: dict[str, bytes | Path] = {
            name: files_dir / stored for name, stored in data["files"].items()
        }
        if not all(isinstance(path, Path) and path.is_file() for path in files.values()):
            return None
        self.hits += 1
        self.used.add(key)
        entry_data = data["entry"]
        for name in ("figures", "regions"):  # JSON has lists where the entry has tuples
            entry_data[name] = tuple(tuple(pair) for pair in entry_data[name])
        source = self.folder / key / MARKDOWN
        if not source.is_file():
            return None
        blocks = StoredBlocks(self.folder / key / BLOCKS, tuple(data["blocks"]))
        page = Page(**{**data["page"], "source": str(source), "blocks": blocks})
        rendered = RenderedReport(page, files, CatalogEntry(**entry_data))
        if self.memory is not None:
            self._read[self.folder / key] = rendered
        return rendered

    def put(self, key: str, rendered: RenderedReport) -> RenderedReport:
        """Store a fresh rendering; return it with its files as paths into the cache."""
        self._hold()
        self.rendered += 1
        self.used.add(key)
        folder = self.folder / key
        files: dict[str, bytes | Path] = {}
        stored = {}
        for number, (name, content) in enumerate(sorted(rendered.files.items())):
            # Numbered, not named: report file names come from editors' slugs.
            target = folder / FILES / f"{number}{Path(name).suffix}"
            data = content.read_bytes() if isinstance(content, Path) else content
            write_atomically(target, data)
            files[name], stored[name] = target, target.name
        write_atomically(folder / MARKDOWN, rendered.page.markdown)
        blocks = dict(rendered.page.blocks)
        write_atomically(folder / BLOCKS, json.dumps(blocks, ensure_ascii=False))
        page = dataclasses.replace(
            rendered.page,
            source=str(folder / MARKDOWN),
            blocks=StoredBlocks(folder / BLOCKS, tuple(blocks)),
        )
        entry = {
            "blocks": list(blocks),
            "page": dataclasses.asdict(dataclasses.replace(page, source="", blocks={})),
            "entry": dataclasses.asdict(rendered.entry),
            "files": stored,
        }
        # Written last: an entry without its files is never found.
        write_atomically(folder / ENTRY, json.dumps(entry, ensure_ascii=False))
        stored_report = RenderedReport(page, files, rendered.entry)
        if self.memory is not None:
            self._read[folder] = stored_report
        return stored_report

    def prune(self) -> int | None:
        """Remove the entries this build did not use (after a build of every report), and
        release the cache. None: another build is using the cache; it keeps every entry
        (the next build alone prunes them)."""
        lock, self._lock = self._lock, None
        try:
            if lock is not None:
                # From shared to alone without waiting: not while another build reads.
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return None
            removed = 0
            if not self.folder.is_dir():
                return removed
            for entry in self.folder.iterdir():
                if entry.name not in self.used:
                    shutil.rmtree(entry, ignore_errors=True)
                    removed += 1
            return removed
        finally:
            if lock is not None:
                lock.close()
