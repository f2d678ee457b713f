"""How the locale builds' worker processes start, and starting their fork server early.

Only the standard library is imported here: the build command starts the fork server
before it loads the pipeline itself, so that the two imports (about a second each) run
at the same time.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.context import BaseContext

#: How the locale builds' workers may start (``--start-method``).
START_METHODS = ("forkserver", "spawn", "fork")


def worker_context(start_method: str | None = None) -> BaseContext:
    """How the locale builds' worker processes start: ``start_method`` if given, else from
    a fork server where the system has one (as Python 3.14 does on Linux), else spawned.

    Not ``fork`` by default: a worker forked from the caller inherits whatever the caller
    holds. After the caller drew charts, vl-convert's runtime threads are missing in the
    copy, and the worker's first chart waited for ever (the test suite's process did).
    The fork server has only imported the pipeline, so its workers start clean and
    quickly; everything else a worker needs comes as arguments (:class:`SiteRun`)."""
    if start_method is None:
        available = multiprocessing.get_all_start_methods()
        start_method = "forkserver" if "forkserver" in available else "spawn"
    context = multiprocessing.get_context(start_method)
    if start_method == "forkserver":
        context.set_forkserver_preload(["marketsite.site.forkserver_preload"])
    return context


def start_workers_early(start_method: str | None = None) -> None:
    """Start the fork server now (it imports the pipeline, about a second), so that it is
    ready when the caller has loaded the pipeline and validated the data."""
    if worker_context(start_method).get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()
