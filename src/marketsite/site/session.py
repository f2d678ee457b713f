"""What a preview keeps between builds (:class:`PreviewSession`), and the error panel it
shows on every page while the data has errors.

The site's build takes a session as an argument: the last good build, what each page
was built from, the problems already printed, the background builds of the other
languages. The preview server itself is :mod:`marketsite.editing.preview`.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.plugins import get_plugin_logger

from marketsite.data.memory import Memory
from marketsite.data.problems import Problem, listed
from marketsite.derivation.locale import translations

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from marketsite.data.dataset import Dataset
    from marketsite.rendering.pages import PageSet
    from marketsite.site.locale_pages import LocalePages
    from marketsite.site.settings import SiteSettings

log = get_plugin_logger(__name__)


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


class BackgroundWork:
    """One thread that runs the latest job submitted; older ones still queued are dropped
    (an editor saving twice needs the second state previewed, not both)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next: Callable[[], None] | None = None
        self._running = False
        self._closed = False
        self._thread: threading.Thread | None = None

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
            if self._running or self._closed:
                return
            self._running = True
            self._thread = threading.Thread(
                target=self._run, name="marketsite-preview", daemon=True
            )
            self._thread.start()

    def close(self, timeout: float) -> None:
        """Drop the queued job, start no other, and wait up to ``timeout`` seconds for the
        running one to end."""
        with self._lock:
            self._closed, self._next = True, None
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                job, self._next = self._next, None
                if job is None or self._closed:
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


class PreviewSession:
    """One preview run: what it keeps between rebuilds, and how its builds take turns.

    ``lang`` is the served language. ``settings`` and ``root`` (the folder served at
    "/") are set by :func:`serve`, which also builds the other languages; plain
    ``mkdocs serve`` makes a session without them and previews one language.
    """

    def __init__(
        self,
        lang: str,
        *,
        dirty: bool,
        published_url: str = "",
        settings: SiteSettings | None = None,
        root: Path | None = None,
        history: Callable[[Dataset], list[dict[str, Any]]] | None = None,
    ) -> None:
        self.lang = lang
        self.dirty = dirty  # rebuild only what changed (marketsite serve does)
        #: site_url as mkdocs.yml states it (serve replaces it with its own address).
        self.published_url = published_url
        self.settings = settings
        self.root = root
        self.memory = Memory()
        #: Per language: the last data that built; on a data error the preview shows it
        #: under the errors.
        self.last_good: dict[str, tuple[Dataset, PageSet]] = {}
        #: Per language: what the last finished build was made of (signature, report
        #: versions), so that a dirty rebuild redoes only what changed.
        self.built: dict[str, tuple[str, dict[str, str]]] = {}
        #: The data problems printed last: a rebuild prints only new ones (at 1,000
        #: reports it would otherwise repeat thousands of lines).
        self.printed: set[str] | None = None
        self.theme_bytecode = ThemeBytecode()
        #: Held by every build of the preview: two MkDocs builds in one process must not
        #: overlap.
        self.build_lock = threading.Lock()
        #: Set while a rebuild of the served language waits for the lock: a background
        #: build of another language gives way and is made again after it.
        self.served_waiting = threading.Event()
        #: Search indexing and the other languages run here, after the served language
        #: is rebuilt and reloaded, so the editor's reload never waits on them.
        self.background = BackgroundWork() if settings is not None else None
        self.serve_root = ""  # the preview's own address, once serving
        #: The notes of a draft edition for the data as it is (``serve --edition``): the
        #: "What changed" page follows every edit.
        self.history = history

    @contextlib.contextmanager
    def served_build(self) -> Iterator[None]:
        """Held around each build of the served language: it goes first."""
        self.served_waiting.set()
        with self.build_lock:
            self.served_waiting.clear()
            yield

    def give_way(self, lang: str) -> None:
        """Stop a background build of another language when the served one must rebuild
        (raises :class:`PreviewSuperseded`)."""
        if lang != self.lang and self.served_waiting.is_set():
            raise PreviewSuperseded(lang)

    def after_build(self, lang: str, site_dir: Path) -> None:
        """After a build of ``lang``: its search index; after the served language's, the
        other languages too, in the background."""
        if self.background is None:
            self._index(site_dir, background=False)
        elif lang == self.lang:
            self.background.submit(lambda: self._index_then_others(site_dir))
        else:  # already in the background thread
            self._index(site_dir, background=True)

    def _index(self, site_dir: Path, background: bool) -> None:
        from marketsite.site.search import SearchIndexError, index_site

        try:
            index_site(site_dir, background=background)
        except SearchIndexError as error:
            log.warning(f"preview search not updated: {error}")

    def _index_then_others(self, site_dir: Path) -> None:
        self._index(site_dir, background=True)
        self._build_other_languages()

    def _build_other_languages(self) -> None:
        """Rebuild the other languages beside the served one, then the root page."""
        from marketsite.site.build import SiteBuildError, build_locale, write_root_page

        if self.settings is None or self.root is None:
            return
        for code in self.settings.languages:
            if code == self.lang:
                continue
            with self.build_lock:
                try:
                    build_locale(
                        self.settings, code, self.root / code, self.serve_root or None, self
                    )
                except SiteBuildError as error:
                    log.warning(f"preview of {code} not updated: {error}")
                except PreviewSuperseded:
                    log.info(f"preview of {code}: built again after the edit just saved")
                    return
        write_root_page(self.root, self.settings, self.serve_root or None)
        with self.build_lock:
            self._write_catalog_data()

    def _write_catalog_data(self) -> None:
        """The files over all reports at the site's root, as a build writes them: every
        report's facts (its "For tools" links), the key figures and the data package.
        While the data has errors they stay as they were."""
        from marketsite.checks.validate import validate_data_dir
        from marketsite.data.history import report_dates
        from marketsite.rendering.catalog_data import write_catalog_data

        assert self.settings is not None and self.root is not None
        settings = self.settings
        result = validate_data_dir(
            settings.data_dir,
            settings.languages,
            settings.default_language,
            settings.cagr_tolerance,
            memory=self.memory,
        )
        if result.dataset is None:
            return
        write_catalog_data(
            self.root,
            result.dataset,
            settings.languages,
            report_dates(settings.data_dir),
            settings.directory_urls,
        )

    def prepare_dirty_build(
        self, config: MkDocsConfig, locale: LocalePages
    ) -> tuple[tuple[str, dict[str, str]], set[str] | None]:
        """Before MkDocs reads the files of a dirty rebuild: what this build is made of
        (recorded once it ends) and the report pages it must write again (None: all)."""
        signature = build_signature(
            locale.error_panel,
            config.nav,
            locale.index.content,
            config.site_url,
            Path(config.config_file_path or "mkdocs.yml"),
            Path(config.theme.custom_dir) if config.theme.custom_dir else None,
        )
        versions = dict(locale.page_set.versions)
        lang, site_dir = config.theme["language"], Path(config.site_dir)
        return (signature, versions), self.prepare_incremental(lang, site_dir, signature, versions)

    def prepare_incremental(
        self, lang: str, site_dir: Path, signature: str, versions: dict[str, str]
    ) -> set[str] | None:
        """Make a dirty rebuild of ``lang`` right: remove the output of every report page
        that changed since the last build, or all output when anything every page shows
        changed (``signature``). The report pages rebuilt (None: every page is)."""
        from mkdocs.utils import clean_directory

        previous = self.built.get(lang)
        if previous is None or previous[0] != signature:
            # Navigation, templates, settings or the error box changed: rebuild everything.
            if site_dir.is_dir():
                clean_directory(str(site_dir))
            log.info(f"preview: building every page ({len(versions)} reports)")
            return None
        built = previous[1]
        changed = {src for src in set(built) | set(versions) if built.get(src) != versions.get(src)}
        for src_uri in changed:
            stem = site_dir / src_uri.removesuffix(".md")
            outputs = [stem.with_suffix(".html"), *(stem.rglob("*") if stem.is_dir() else [])]
            for output in (path for path in outputs if path.is_file()):
                if src_uri in versions and output.suffix == ".html":
                    # Older than any source: MkDocs writes the page again, and it is never
                    # missing while it does (a preview reader would get a 404).
                    os.utime(output, (0, 0))
                else:  # a file (a link into the cache: never touched) or a removed report
                    output.unlink()
        log.info(
            f"preview: rebuilding {len(changed)} of {len(versions)} report pages, "
            "the catalog and the home page"
        )
        # The home page shows the newest reports: it is rebuilt whatever changed.
        (site_dir / "index.html").unlink(missing_ok=True)
        return changed

    def close(self) -> None:
        """Stop the background work (a build of another language gives way) and remove
        the preview's folder."""
        if self.background is not None:
            self.served_waiting.set()
            self.background.close(timeout=30)
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)


def build_signature(
    error_panel: str,
    nav: object,
    content: object,
    site_url: str | None,
    config_file: Path,
    theme_dir: Path | None,
) -> str:
    """What every page shows beyond its own Markdown: the error box, the navigation, the
    hand-written pages' front matter, the settings and the theme's templates."""
    digest = hashlib.sha256()
    digest.update(repr([error_panel, nav, content, site_url]).encode("utf-8"))
    watched = [config_file]
    if theme_dir is not None:
        watched += sorted(p for p in theme_dir.rglob("*") if p.is_file())
    for path in watched:
        with contextlib.suppress(OSError):
            stat = path.stat()
            digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


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
    return _panel("error_panel.html.j2", title, hint, problems, lang, root)


def warnings_panel(problems: list[Problem], lang: str, root: Path) -> str:
    """The data's warnings and notes, folded, at the top of every preview page: an editor
    sees them beside the page they concern, not only in a terminal ("" for none)."""
    if not problems:
        return ""
    catalog = translations(lang)
    title = catalog.ngettext(
        "%(count)s warning or note on the data",
        "%(count)s warnings and notes on the data",
        len(problems),
    ) % {"count": len(problems)}
    hint = catalog.gettext(
        "The preview is up to date. Check each one: an acknowledged warning is shown to "
        "readers as an editor's note."
    )
    return _panel("warnings_panel.html.j2", title, hint, problems, lang, root)


def _panel(
    template: str, title: str, hint: str, problems: list[Problem], lang: str, root: Path
) -> str:
    """A panel of problems in the page's language: each one's meaning and fix from the
    registry, and, on a page not in English, the exact message (with its figures) in
    English beside it."""
    from marketsite.data.problem_codes import CODES
    from marketsite.rendering.pages import html_environment

    catalog = translations(lang)
    items = []
    for problem in listed(problems):
        code = CODES.get(problem.code)
        explained = ""
        if code is not None and lang != "en":
            meaning, fix = code.explained(lang)
            explained = f"{meaning[:1].upper()}{meaning[1:]}: {fix}."
        state = catalog.gettext("acknowledged") if problem.acknowledged is not None else ""
        items.append(
            (
                _location(problem, root),
                f"{problem.field}: " if problem.field else "",
                explained,
                problem.message,
                problem.code,
                state,
            )
        )
    panel = html_environment().get_template(template)
    return panel.render(title=title, hint=hint, items=items)


def _location(problem: Problem, root: Path) -> str:
    file = problem.file
    with contextlib.suppress(ValueError):
        file = problem.file.relative_to(root)
    return f"{file}:{problem.line}" if problem.line else str(file)
