"""What the fork server imports before it forks workers: the pipeline, behind a guard.

The fork server is started early (:func:`marketsite.site.workers.start_workers_early`)
and takes about a second to import the pipeline. Until that import ends it does not watch the
build that started it, so a build killed meanwhile would leave it running that long.
While it imports, a timer checks every :data:`CHECK_SECONDS` that the build is still
its parent, and ends the server at once when it is not. Once the import is done, the
server's own loop notices the build's end, and the timer is stopped: the workers it
forks inherit neither the timer nor the handler.

When the loop notices the build's end it raises SystemExit, and Python would then tear
down every module the pipeline imported: about a quarter of a second in which the server
outlives its build. It ends at once instead, as its workers do (``os._exit``; it holds
no buffered output or files to close).
"""

from __future__ import annotations

import atexit
import importlib
import os
import signal

CHECK_SECONDS = 0.02
PRELOADED = (
    "markdown.extensions.admonition",
    "markdown.extensions.attr_list",
    "markdown.extensions.fenced_code",
    "markdown.extensions.tables",
    "markdown.extensions.toc",
    "material.plugins.search.plugin",
    "material.templates",
    "mkdocs.contrib.search",
    "pagefind_bin",
)


def _import_pipeline() -> None:
    import marketsite.site.plugin  # noqa: F401

    # What each worker's MkDocs build loads next (16 ms a worker): the Markdown extensions
    # MkDocs always adds and those the site's config names, Material's templates and its
    # search plugin (kept for the header's button); and the finder of the executable a
    # worker's search index runs.
    for module in PRELOADED:
        importlib.import_module(module)
    from marketsite.rendering.pagecache import code_version

    # The hash of the loaded code, which keys the page cache: once here (20 ms of reading
    # the package's files), not again in every worker forked from here.
    code_version()


def _import_pipeline_while_the_build_lives() -> None:
    build = os.getppid()

    def end_if_orphaned(_signal: int, _frame: object) -> None:
        if os.getppid() != build:
            os._exit(1)

    if not hasattr(signal, "setitimer"):  # no interval timers here: import unguarded
        _import_pipeline()
        return
    previous = signal.signal(signal.SIGALRM, end_if_orphaned)
    signal.setitimer(signal.ITIMER_REAL, CHECK_SECONDS, CHECK_SECONDS)
    try:
        _import_pipeline()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_import_pipeline_while_the_build_lives()
# The first exit handler to run (they run last registered first): the others, and the
# teardown after them, are skipped.
atexit.register(os._exit, 0)
