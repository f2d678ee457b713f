"""The editor's preview (`marketsite serve`): what lets it rebuild in well under a second
at 1,000 reports and stay right while other languages build beside it.

The MkDocs plugin (marketsite.plugin) is the glue; this module holds the preview's
own machinery: one lock for all its builds, the background thread for search and
the other languages, the theme's compiled templates, the memory kept between
rebuilds, and the box that shows data errors on every page.
"""

from __future__ import annotations

import contextlib
import gc
import html
import threading
from collections.abc import Callable
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.plugins import get_plugin_logger

from marketsite.locale import translations
from marketsite.problems import Problem, listed

log = get_plugin_logger(__name__)

#: Under serve: held by each build of the preview, the served language's and each other
#: language's (in a background thread). Two MkDocs builds in one process must not overlap.
PREVIEW_BUILD = threading.Lock()
#: Set while a rebuild of the served language waits for PREVIEW_BUILD: a background
#: build of another language gives way (PreviewSuperseded) and is made again after it.
SERVED_WAITING = threading.Event()


class PreviewSuperseded(Exception):
    """A preview build of another language stopped for a rebuild of the served one."""


class ThemeBytecode(BytecodeCache):
    """Compiled theme templates kept in memory between a preview's rebuilds: serve makes
    a new Jinja environment for every rebuild, and compiling Material's templates again
    took a third of a rebuild at 1,000 reports. Jinja checks each template's source
    against what was compiled, so an edited override is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


THEME_BYTECODE = ThemeBytecode()


class BackgroundWork:
    """One thread that runs the latest job submitted; older ones still queued are dropped
    (an editor saving twice needs the second state previewed, not both)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next: Callable[[], None] | None = None
        self._running = False

    def submit(self, job: Callable[[], None], *, after: bool = False) -> None:
        """Run ``job`` next, instead of any job still queued (``after``: after it)."""
        with self._lock:
            queued = self._next
            if after and queued is not None:

                def both() -> None:
                    queued()
                    job()

                self._next = both
            else:
                self._next = job
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._run, name="marketsite-preview", daemon=True).start()

    def _run(self) -> None:
        while True:
            with self._lock:
                job, self._next = self._next, None
                if job is None:
                    self._running = False
                    return
            try:
                job()
            except Exception as error:  # a preview must keep serving whatever fails here
                log.warning(f"preview update failed: {error}")
            with self._lock:
                idle = self._next is None
            if idle:
                settle_memory()


def settle_memory() -> None:
    """Collect garbage now, while the preview waits for an edit, and exempt what is left
    from later collections. A preview keeps every parsed file and validated report
    between rebuilds (some 600,000 objects at 1,000 reports); a full collection walks
    them all and paused a rebuild for 0.6 s. Unfreezing first lets this collection free
    what has become garbage since the last one."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def error_panel(problems: list[Problem], lang: str, root: Path, previous: bool) -> str:
    """The data errors as a box at the top of every preview page (HTML, escaped)."""
    catalog = translations(lang)
    count = len(problems)
    title = catalog.ngettext(
        "The data has %(count)s error.", "The data has %(count)s errors.", count
    ) % {"count": count}
    if previous:
        hint = catalog.gettext(
            "This preview shows the last version without errors. It updates when you save a fix."
        )
    else:
        hint = catalog.gettext(
            "The reports cannot be shown until the errors are fixed. "
            "The preview updates when you save a fix."
        )
    items = "".join(
        f"<li><code>{html.escape(_location(problem, root))}</code> "
        f"{html.escape(problem.field + ': ' if problem.field else '')}"
        f"{html.escape(problem.message)} <small>[{html.escape(problem.code)}]</small></li>"
        for problem in listed(problems)
    )
    return (
        '<div class="admonition failure marketsite-data-errors" role="alert">'
        f'<p class="admonition-title">{html.escape(title)}</p>'
        f"<p>{html.escape(hint)}</p><ul>{items}</ul></div>"
    )


def _location(problem: Problem, root: Path) -> str:
    file = problem.file
    with contextlib.suppress(ValueError):
        file = problem.file.relative_to(root)
    return f"{file}:{problem.line}" if problem.line else str(file)
