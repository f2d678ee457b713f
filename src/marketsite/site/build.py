"""Site stage: one MkDocs build per locale, in parallel processes, swapped in atomically.

Each locale is a separate MkDocs + Material build (its own ``theme.language``,
search index and stemmer, sitemap) writing ``<output>/<lang>/``; a root page
sends readers to the default language. The whole site is built into a fresh
folder next to the output and only replaces it when every locale succeeded
(:mod:`marketsite.site.output`), so a failed or killed build leaves the previous
site intact.
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import os
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import yaml_load

from marketsite.checks.validate import ValidationResult, validate_data_dir
from marketsite.data.dataset import Dataset
from marketsite.data.history import report_dates
from marketsite.derivation.locale import Formatter, translations
from marketsite.errors import MarketsiteError
from marketsite.rendering.catalog_data import write_catalog_data
from marketsite.rendering.paths import CATALOG_PAGE_SIZE, Shard, page_paths, url_of
from marketsite.site.mkdocs_files import prepare_theme, theme_bytecode
from marketsite.site.output import (
    check_output,
    die_with_parent,
    mark,
    recover_and_clean,
    staging_dir,
    swap_in,
)
from marketsite.site.settings import PLUGIN_NAME, SiteSettings
from marketsite.site.workers import worker_context

if TYPE_CHECKING:
    from marketsite.site.plugin import MarketsitePlugin
    from marketsite.site.session import PreviewSession


@dataclass(frozen=True)
class PageIndex:
    """Every page of every language by its language-neutral key.

    Generated pages have keys such as ``report:<id>``; hand-written pages
    ``content:<translation>`` from their front matter, so a page and its
    translation line up even under different file names.
    """

    urls: dict[str, dict[str, str]]  # key -> {lang: URL path under the language root}
    keys: dict[str, dict[str, str]]  # lang -> {src_uri: key}
    content: dict[str, dict[str, dict[str, Any]]]  # lang -> {src_uri: front matter}

    def navigation(self, lang: str, catalog: str, *generated: str) -> list[str]:
        """Home, the catalog and other generated pages, then hand-written pages by their
        ``order``; never a report."""
        pages = sorted(self.content[lang].items(), key=lambda kv: (kv[1].get("order", 50), kv[0]))
        home = [src for src, _ in pages if src == "index.md"]
        rest = [src for src, meta in pages if src != "index.md" and meta.get("nav", True)]
        return [*home, catalog, *generated, *rest]


def index_pages(
    dataset: Dataset,
    content_dir: Path,
    languages: tuple[str, ...],
    directory_urls: bool = True,
    catalog_page_size: int = CATALOG_PAGE_SIZE,
) -> PageIndex:
    """Index generated and hand-written pages of every language."""
    urls: dict[str, dict[str, str]] = {}
    keys: dict[str, dict[str, str]] = {lang: {} for lang in languages}
    content: dict[str, dict[str, dict[str, Any]]] = {}
    for lang in languages:
        for key, src_uri in page_paths(dataset, lang, catalog_page_size).items():
            urls.setdefault(key, {})[lang] = url_of(src_uri, directory_urls)
            keys[lang][src_uri] = key
        content[lang] = _front_matter(content_dir / lang)
        for src_uri, meta in content[lang].items():
            key = f"content:{meta.get('translation', src_uri)}"
            urls.setdefault(key, {})[lang] = url_of(src_uri, directory_urls)
            keys[lang][src_uri] = key
    return PageIndex(urls, keys, content)


def content_page(folder: Path, translation: str) -> str | None:
    """The hand-written page of one language whose front matter says ``translation``."""
    for src_uri, meta in _front_matter(folder).items():
        if meta.get("translation") == translation:
            return src_uri
    return None


def _front_matter(folder: Path) -> dict[str, dict[str, Any]]:
    """Front matter of every hand-written page of one language."""
    pages: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.rglob("*.md")):
        _, meta = get_data(path.read_text(encoding="utf-8"))
        pages[path.relative_to(folder).as_posix()] = meta
    return pages


@dataclass(frozen=True)
class Edition:
    """A published edition: stamped into every page's footer and version.json.

    ``history`` holds every edition's release notes, newest first, as
    ``{"version", "date", "notes": {lang: markdown}}``; the site shows them on
    its "what changed" page.
    """

    version: str
    date: str
    commit: str
    history: tuple[dict[str, Any], ...] = ()


class SiteBuildError(MarketsiteError):
    """A locale failed to build; the message says which and why."""


def locale_overrides(
    settings: SiteSettings, lang: str, site_url: str | None = None
) -> dict[str, Any]:
    """``load_config`` overrides that turn ``mkdocs.yml`` into the build of one locale."""
    with settings.config_file.open("rb") as handle:
        raw = yaml_load(handle) or {}
    theme = raw.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    theme["language"] = lang
    theme["palette"] = _translated_palette(theme.get("palette"), lang)
    root = site_url if site_url is not None else settings.site_url
    return {
        "theme": theme,
        "docs_dir": str(settings.content_dir / lang),
        # Each locale lives under <root>/<lang>/; `mkdocs serve` mounts it there too.
        "site_url": f"{root.rstrip('/')}/{lang}/" if root else None,
    }


def _translated_palette(palette: Any, lang: str) -> Any:
    """The colour schemes with their toggle labels in ``lang`` (mkdocs.yml has one text)."""
    if not isinstance(palette, list):
        return palette
    _ = translations(lang).gettext
    labels = {"default": _("Switch to dark mode"), "slate": _("Switch to light mode")}
    translated = []
    for entry in palette:
        entry = dict(entry) if isinstance(entry, dict) else entry
        toggle = entry.get("toggle") if isinstance(entry, dict) else None
        if isinstance(toggle, dict) and entry.get("scheme") in labels:
            entry["toggle"] = {**toggle, "name": labels[entry["scheme"]]}
        translated.append(entry)
    return translated


def locale_config(
    settings: SiteSettings, lang: str, site_dir: Path | None = None, site_url: str | None = None
) -> MkDocsConfig:
    """The MkDocs config of one locale's build."""
    overrides = locale_overrides(settings, lang, site_url)
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir)
    return load_config(str(settings.config_file), **overrides)


@dataclass(frozen=True)
class LocaleBuild:
    """What one locale's build reports back to the parent process."""

    lang: str
    error: str | None = None
    charts_rendered: int = 0
    charts_cached: int = 0
    reports_rendered: int = 0
    reports_cached: int = 0


@dataclass(frozen=True)
class SiteBuild:
    """What ``build_site`` did, for the CLI's summary line."""

    languages: list[str]
    charts_rendered: int
    charts_cached: int
    reports_rendered: int = 0
    reports_cached: int = 0


#: A slice's record of what it holds, at its root; `marketsite merge` reads and drops it.
SLICE_MANIFEST = ".marketsite-slice.json"


@dataclass(frozen=True)
class Slice:
    """Part of a site, built on its own (on one CI runner) and joined by merge.

    ``languages``: the languages built (None: all); ``shard``: which of the
    reports (None: all). A slice has no search index, no root page and
    sitemaps of its own pages only: the merge makes those once, for all.
    """

    languages: tuple[str, ...] | None = None
    shard: Shard | None = None

    def manifest(self, settings: SiteSettings) -> dict[str, Any]:
        """What the slice's manifest says: its languages and shard."""
        shard = self.shard or Shard(1, 1)
        return {
            "languages": list(self.languages or settings.languages),
            "shard": [shard.number, shard.count],
        }


@dataclass(frozen=True)
class SiteRun:
    """One build of the site, as a value: what every locale's build needs from the run.

    The parent process makes it once and hands it to each worker as an argument
    (pickled), so a build works the same under ``fork``, ``forkserver`` and ``spawn``.
    ``validation`` is the parent's validation of ``settings.data_dir`` with the
    settings' languages and tolerance; a locale build takes it as it is (None: the
    locale build validates itself, as plain ``mkdocs build`` does). ``preview`` is the
    preview session a build belongs to: such builds run in the preview's process and
    are never pickled.
    """

    settings: SiteSettings
    validation: ValidationResult | None = None
    site_url: str | None = None
    edition: Edition | None = None
    part: Slice | None = None
    preview: PreviewSession | None = None
    #: When each report's data last changed, read once for every locale (None: each
    #: locale build reads it itself).
    report_dates: dict[str, str] | None = None


def _plugin(config: MkDocsConfig) -> MarketsitePlugin:
    """The marketsite plugin of a loaded config."""
    # Imported here: the plugin imports this module.
    from marketsite.site.plugin import MarketsitePlugin

    plugin = config.plugins[PLUGIN_NAME]
    assert isinstance(plugin, MarketsitePlugin)
    return plugin


def set_preview(config: MkDocsConfig, session: PreviewSession) -> None:
    """Make ``config``'s build a build of the preview ``session`` (its served language).

    MkDocs keeps one plugin instance per process for a plugin with ``on_startup``, so
    every build says again which run and session it belongs to."""
    plugin = _plugin(config)
    plugin.run, plugin.preview = None, session


def _build_one(run: SiteRun, lang: str, site_dir: Path, dirty: bool = False) -> LocaleBuild:
    """Build one locale (runs in a worker process, or in the preview's)."""
    logging.basicConfig(level=logging.WARNING, format=f"[{lang}] %(levelname)s %(message)s")
    try:
        config = locale_config(run.settings, lang, site_dir, run.site_url)
        plugin = _plugin(config)
        plugin.run, plugin.preview = run, run.preview
        # Before any plugin runs: Material's search plugin makes theme environments in
        # its on_config, which comes before marketsite's.
        prepare_theme(config.theme, theme_bytecode(run.settings.cache_dir, run.preview))
        mkdocs_build(config, dirty=dirty)
    except (MkDocsException, OSError) as exc:
        return LocaleBuild(lang, error=f"{lang}: {exc}")
    return LocaleBuild(
        lang,
        None,
        plugin.charts.rendered,
        plugin.charts.hits,
        plugin.pages.rendered if plugin.pages else 0,
        plugin.pages.hits if plugin.pages else 0,
    )


def build_locale(
    settings: SiteSettings,
    lang: str,
    site_dir: Path,
    site_url: str | None,
    preview: PreviewSession,
) -> None:
    """Build one locale in this process for the ``preview`` (the languages it does not
    serve); a dirty preview rebuilds only what changed since its last build."""
    run = SiteRun(settings, site_url=site_url, preview=preview)
    result = _build_one(run, lang, site_dir, dirty=preview.dirty)
    if result.error:
        raise SiteBuildError(result.error)


#: Writes more files into a whole site's root (its staging folder), given the settings
#: and the build's validation (None: validate if needed): what a later stage adds to
#: every build, such as the published editor.
RootWriter = Callable[[Path, SiteSettings, ValidationResult | None], None]


def build_site(
    settings: SiteSettings,
    output: Path,
    site_url: str | None = None,
    jobs: int | None = None,
    edition: Edition | None = None,
    validation: ValidationResult | None = None,
    part: Slice | None = None,
    force: bool = False,
    start_method: str | None = None,
    root_writers: Sequence[RootWriter] = (),
) -> SiteBuild:
    """Build every locale into ``output``; replace it only if all succeeded.

    The locales build in worker processes started by ``start_method``
    (:func:`worker_context`).

    ``output`` must not be, hold or lie inside an input, and must have been written
    by marketsite unless ``force`` (:func:`marketsite.site.output.check_output`).
    ``validation`` is the caller's validation of ``settings.data_dir`` with the
    settings' languages and tolerance; the locale builds then take it as it is.
    ``part`` builds a slice of the site instead (see :class:`Slice`).
    ``root_writers`` add files at the root of a whole site (the published editor).
    Raises :class:`SiteBuildError` otherwise, leaving ``output`` as it was.
    """
    check_output(output, settings.inputs(), force)
    if validation is not None and validation.dataset is None:
        validation = None  # nothing to hand over: each locale reports the errors itself
    run = SiteRun(
        settings, validation, site_url, edition, part, report_dates=report_dates(settings.data_dir)
    )
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    recover_and_clean(output)
    staging = staging_dir(output)
    try:
        languages = list(part.languages if part and part.languages else settings.languages)
        unknown = [lang for lang in languages if lang not in settings.languages]
        if unknown:
            raise SiteBuildError(
                f"{', '.join(unknown)}: not a language of the site; "
                f"choose from {', '.join(settings.languages)}"
            )
        workers = max(1, min(jobs or len(languages), len(languages)))
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=worker_context(start_method),
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        )
        try:
            futures = [pool.submit(_build_one, run, lang, staging / lang) for lang in languages]
            results = [future.result() for future in futures]
        except BaseException:
            _stop_workers(pool)  # stopped (Ctrl-C, SIGTERM): no worker writes on
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        errors = [result.error for result in results if result.error]
        if errors:
            raise SiteBuildError("; ".join(errors))
        if part is None:
            write_root_page(staging, settings, site_url)
            write_catalog_data(
                staging,
                catalog_dataset(settings, validation),
                settings.languages,
                run.report_dates or {},
                settings.directory_urls,
            )
            for write in root_writers:
                write(staging, settings, validation)
        else:
            (staging / SLICE_MANIFEST).write_text(
                json.dumps(part.manifest(settings)) + "\n", encoding="utf-8"
            )
        mark(staging)
        swap_in(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return SiteBuild(
        languages,
        sum(result.charts_rendered for result in results),
        sum(result.charts_cached for result in results),
        sum(result.reports_rendered for result in results),
        sum(result.reports_cached for result in results),
    )


def catalog_dataset(settings: SiteSettings, validation: ValidationResult | None) -> Dataset:
    """The validated data the site was built from, for the files over all reports: the
    caller's validation, else the data validated here (the locale builds refused any
    error already)."""
    if validation is None or validation.dataset is None:
        validation = validate_data_dir(
            settings.data_dir,
            settings.languages,
            settings.default_language,
            settings.cagr_tolerance,
        )
    if validation.dataset is None:
        raise SiteBuildError(f"{settings.data_dir}: the data does not validate")
    return validation.dataset


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """End a pool's workers at once, before the staging folder they write into is removed.
    (Python 3.14 has ProcessPoolExecutor.terminate_workers; before it, the processes are
    only reachable through the pool's own table.)"""
    for process in list(getattr(pool, "_processes", {}).values()):
        with contextlib.suppress(OSError, ValueError):
            process.kill()


def write_root_page(out_dir: Path, settings: SiteSettings, site_url: str | None = None) -> None:
    """The site's root: a page that takes readers to their browser's language (a plain
    list of languages without JavaScript), robots.txt, a sitemap index over the
    languages' sitemaps, and the default language's 404 page for hosts (GitHub Pages)
    that serve /404.html for every missing address."""
    from marketsite.rendering.pages import html_environment

    default = settings.default_language
    base = (site_url if site_url is not None else settings.site_url) or ""
    languages = [(lang, Formatter.for_tag(lang).language_name(lang)) for lang in settings.languages]
    page = html_environment().get_template("root.html.j2")
    headings = [
        (lang, translations(lang).gettext("Choose a language")) for lang in settings.languages
    ]
    (out_dir / "index.html").write_text(
        page.render(default=default, languages=languages, headings=headings, base=base) + "\n",
        encoding="utf-8",
    )
    robots = "User-agent: *\nAllow: /\n"
    if base:
        robots += f"Sitemap: {base}sitemap.xml\n"
        entries = "".join(
            f"  <sitemap><loc>{html.escape(base)}{lang}/sitemap.xml</loc></sitemap>\n"
            for lang in settings.languages
        )
        (out_dir / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries}</sitemapindex>\n",
            encoding="utf-8",
        )
        not_found = out_dir / default / "404.html"
        if not_found.is_file():  # its links start at the site's root path: valid at /404.html
            (out_dir / "404.html").write_bytes(not_found.read_bytes())
    (out_dir / "robots.txt").write_text(robots, encoding="utf-8")
