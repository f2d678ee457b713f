"""Site search: a Pagefind index of one locale's built pages.

Pagefind reads the built HTML (the part marked ``data-pagefind-body``), stems
words with the Snowball stemmer of the page's ``lang`` ("Prognosen" finds
"Prognose", "forecasts" finds "forecast"), and writes a bundle to
``<site>/pagefind/``: an index split into chunks the browser fetches only for
the words searched, and the search interface, which the site loads only when
the reader opens search (``assets/marketsite.js``).
"""

from __future__ import annotations

import base64
import contextlib
import importlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any

from marketsite.errors import MarketsiteError

#: Where the bundle goes, relative to a locale's site directory.
BUNDLE_DIR = "pagefind"
#: Not searched: the sample box's list of chapters (the same on every report, twice),
#: the print-only colophon, and chart drawings (their labels repeat the tables). The
#: box's offer stays searchable: a reader after a sample ("Leseprobe") finds the reports.
EXCLUDED = (".marketsite-sample ul", ".marketsite-colophon", ".marketsite-chart__svg")


class SearchIndexError(MarketsiteError):
    """Pagefind could not index the site."""


def pagefind_executable() -> str:
    """Pagefind's executable, where ``python -m pagefind`` looks for it: PAGEFIND_BINARY_PATH,
    then the extended build's package, then the one ``pagefind-bin`` installs (a
    dependency), then the PATH. Not through the pagefind package's finder, which comes with
    its asyncio client (60 ms to import in every build's fork server); the build workers'
    fork server imports the binary package's finder in advance."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named is not None:
        return named
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return str(importlib.import_module(package).get_executable())
        except (ImportError, FileNotFoundError):
            continue
    found = shutil.which("pagefind_extended") or shutil.which("pagefind")
    if found is None:
        raise SearchIndexError(
            "search index: Pagefind's executable was not found; install the pagefind-bin package "
            "again (`make site` does) or set PAGEFIND_BINARY_PATH"
        )
    return found


def index_site(site_dir: Path, background: bool = False) -> None:
    """Index every page under ``site_dir`` into ``site_dir/pagefind/``; ``background``:
    at low priority, so a preview's next rebuild gets the processor first.

    The pages go to Pagefind in the order of their paths. Pagefind numbers pages in the
    order it meets them, and its own walk of ``--site`` meets them in the order the file
    system lists them: by a hash that differs from disk to disk on ext4, by the order
    they were written on tmpfs. The same site then had another index on another machine,
    or when built in slices."""
    pages = sorted(
        (page for page in site_dir.rglob("*.html") if page.is_file()),
        key=lambda page: page.relative_to(site_dir).parts,
    )
    command = [pagefind_executable(), "--service"]
    niceness = ["nice", "-n", "10"] if background and shutil.which("nice") else []
    with tempfile.TemporaryFile() as errors:
        try:
            service = subprocess.Popen(
                niceness + command,
                bufsize=0,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
            )
        except OSError as error:  # not there, or not a program
            raise SearchIndexError(
                f"search index: pagefind failed on {site_dir}: cannot run {command[0]}: "
                f"{error.strerror or error}"
            ) from None
        try:
            bundle = _index_pages(_Service(service), site_dir, pages)
        except SearchIndexError as error:
            errors.seek(0)
            said = errors.read().decode("utf-8", "replace").strip()
            raise SearchIndexError(
                f"search index: pagefind failed on {site_dir}: {error}"
                + (f"\n{said}" if said else "")
            ) from None
        finally:
            # The service stops at its input's end.
            for stream in (service.stdin, service.stdout):
                with contextlib.suppress(OSError):
                    stream.close()  # type: ignore[union-attr]
            service.wait()
    # Written here, not by the service: it stops at its input's end at once, and the
    # files it wrote itself could still be empty then.
    for name, content in bundle.items():
        target = site_dir / BUNDLE_DIR / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


#: Pages sent ahead of Pagefind's answers: it parses one page while the next arrives,
#: and never holds more than a few pages unread.
AHEAD = 8


def _index_pages(service: _Service, site_dir: Path, pages: list[Path]) -> dict[str, bytes]:
    """The bundle of ``pages``' index: each file's content by its path in the bundle."""
    config = {"exclude_selectors": list(EXCLUDED)}
    index = service.ask({"type": "NewIndex", "config": config})["index_id"]
    unanswered = 0
    for page in pages:
        path = page.relative_to(site_dir).as_posix()
        service.send(
            {
                "type": "AddFile",
                "index_id": index,
                # Relative: Pagefind makes the page's URL from it, as from its own walk.
                "file_path": path,
                "url": None,
                "file_contents": page.read_text(encoding="utf-8", errors="replace"),
            },
            about=path,
        )
        unanswered += 1
        if unanswered == AHEAD:
            service.answer()
            unanswered -= 1
    for _ in range(unanswered):
        service.answer()
    files = service.ask({"type": "GetFiles", "index_id": index})["files"]
    bundle = {}
    for file in files:
        name = PurePosixPath(file["path"])
        if name.is_absolute() or ".." in name.parts:
            raise SearchIndexError(f"a bundle file outside the bundle: {name}")
        bundle[str(name)] = base64.b64decode(file["content"])
    return bundle


class _Service:
    """Pagefind's service mode (``pagefind --service``): each message is JSON in base64
    ended by a comma, and so is each answer, in the order sent. Pagefind's own Python
    client waits a tenth of a second before it reads each answer: 100 s for 1,000 pages."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdin is not None and process.stdout is not None
        self.stdin, self.stdout = process.stdin, process.stdout
        self.sent = 0
        #: What each message not yet answered was about (a page), for an error's message.
        self.about: dict[int, str] = {}
        self.unread = bytearray()

    def send(self, payload: dict[str, Any], about: str = "") -> None:
        self.sent += 1
        self.about[self.sent] = about
        message = json.dumps(
            {"message_id": self.sent, "payload": payload}, ensure_ascii=False
        ).encode("utf-8")
        unsent = memoryview(base64.b64encode(message) + b",")
        try:
            while unsent:  # unbuffered: a write may take only part
                unsent = unsent[self.stdin.write(unsent) or 0 :]
        except OSError:
            raise SearchIndexError("pagefind ended before it had indexed the site") from None

    def answer(self) -> dict[str, Any]:
        """The next answer; a refusal or the service's end is a :class:`SearchIndexError`."""
        while (end := self.unread.find(b",")) < 0:
            more = self.stdout.read(1 << 16)  # unbuffered: what has come, at most this
            if not more:
                raise SearchIndexError("pagefind ended before it had indexed the site")
            self.unread += more
        try:
            answer = json.loads(base64.b64decode(self.unread[:end]))
        except ValueError:  # not base64, or not JSON: not Pagefind's service
            raise SearchIndexError("pagefind's answer was not understood") from None
        del self.unread[: end + 1]
        about = self.about.pop(answer.get("message_id"), "")
        reply = answer["payload"]
        if reply.get("type") == "Error":
            message = reply.get("message") or "refused"
            raise SearchIndexError(f"{about}: {message}" if about else message)
        return dict(reply)

    def ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        self.send(payload)
        return self.answer()


def drop_material_index(site_dir: Path) -> None:
    """Remove Material's lunr index: its search plugin stays for the header's button,
    but the index is never loaded (overrides/partials/search.html has no search form)."""
    with contextlib.suppress(OSError):
        (site_dir / "search" / "search_index.json").unlink()
        (site_dir / "search").rmdir()
