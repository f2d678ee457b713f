"""Site search: a Pagefind index of one locale's built pages.

Pagefind reads the built HTML (the part marked ``data-pagefind-body``), stems
words with the Snowball stemmer of the page's ``lang`` ("Prognosen" finds
"Prognose", "forecasts" finds "forecast"), and writes a bundle to
``<site>/pagefind/``: an index split into chunks the browser fetches only for
the words searched, and the search interface, which the site loads only when
the reader opens search (``assets/marketsite.js``).
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from pathlib import Path

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
    """Pagefind's executable, found as ``python -m pagefind`` finds it (PAGEFIND_BINARY_PATH,
    then the extended build, then the one the pagefind package ships), to be run directly:
    a Python started only to find it took four times as long as indexing the example.
    The build workers' fork server imports pagefind's finder in advance."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise SearchIndexError(
            "search index: Pagefind's executable was not found; install the pagefind package "
            "again (`make site` does) or set PAGEFIND_BINARY_PATH"
        )
    return str(found)


def index_site(site_dir: Path, background: bool = False) -> None:
    """Index every page under ``site_dir`` into ``site_dir/pagefind/``; ``background``:
    at low priority, so a preview's next rebuild gets the processor first."""
    command = [pagefind_executable(), "--site", str(site_dir), "--silent"]
    command += ["--output-subdir", BUNDLE_DIR]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    niceness = ["nice", "-n", "10"] if background and shutil.which("nice") else []
    try:
        result = subprocess.run(niceness + command, capture_output=True, text=True, check=False)
    except OSError as error:  # not there, or not a program
        raise SearchIndexError(
            f"search index: pagefind failed on {site_dir}: cannot run {command[0]}: "
            f"{error.strerror or error}"
        ) from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise SearchIndexError(f"search index: pagefind failed on {site_dir}: {detail}")


def drop_material_index(site_dir: Path) -> None:
    """Remove Material's lunr index: its search plugin stays for the header's button,
    but the index is never loaded (overrides/partials/search.html has no search form)."""
    with contextlib.suppress(OSError):
        (site_dir / "search" / "search_index.json").unlink()
        (site_dir / "search").rmdir()
