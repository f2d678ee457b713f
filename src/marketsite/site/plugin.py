"""MkDocs plugin: glue that hands one locale's page set to MkDocs.

The work happens elsewhere: :mod:`marketsite.site.locale_pages` validates and renders,
:mod:`marketsite.site.furniture` computes what Material shows around a page and edits
its HTML, :mod:`marketsite.editing.preview` keeps a preview's state. Validation runs in
``on_config``: MkDocs cleans ``site_dir`` only after that hook, so bad data stops
the build before anything is deleted or written.

MkDocs keeps one instance of a plugin with ``on_startup`` for the whole process,
so every piece of per-build state is set again in ``on_config``; the run
(:class:`marketsite.site.build.SiteRun`) and the preview session are handed to the
instance before each build.
"""

from __future__ import annotations

import contextlib
import html
import os
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from marketsite.checks.bounds import CAGR_TOLERANCE
from marketsite.rendering.charts import ChartRenderer
from marketsite.errors import MarketsiteError
from marketsite.site.furniture import dress, material_html, root_url
from marketsite.site.locale_pages import (
    DataNotReady,
    LocalePages,
    assemble,
    data_settings,
    validation,
)
from marketsite.rendering.pagecache import PageCache
from marketsite.site.session import PreviewSession
from marketsite.rendering.paths import CATALOG_PAGE_SIZE
from marketsite.rendering.home import LATEST_MARKER
from marketsite.rendering.pages import RenderOptions
from marketsite.site.search import SearchIndexError, index_site
from marketsite.site.build import SiteRun, content_page

log = get_plugin_logger(__name__)
#: Served by the site itself: the chart upgrade script (every page) and Vega (loaded on demand).
SITE_SCRIPT = "assets/marketsite/marketsite.js"
VEGA_SCRIPT = "assets/marketsite/vega.js"


class MarketsiteConfig(base.Config):
    """Options under ``plugins: - marketsite:`` in ``mkdocs.yml``."""

    data_dir = c.Type(str, default="data")
    content_dir = c.Type(str, default="content")
    languages = c.ListOfItems(c.Type(str), default=["de", "en"])
    default_language = c.Type(str, default="")
    contact_email = c.Type(str, default="")
    site_names = c.DictOfItems(c.Type(str), default={})  # per-language site_name
    cagr_tolerance = c.Type(float, default=CAGR_TOLERANCE)
    cache_dir = c.Type(str, default=".cache/marketsite")  # safe to delete
    publisher = c.Type(str, default="")  # names the source and the citation (default: site_name)
    license = c.Type(str, default="")  # the reports' license, e.g. "CC BY 4.0"
    license_url = c.Type(str, default="")
    catalog_page_size = c.Type(int, default=CATALOG_PAGE_SIZE)  # reports per catalog page


class MarketsitePlugin(BasePlugin[MarketsiteConfig]):
    """Adds the generated report and catalog pages of the build's locale."""

    def __init__(self) -> None:
        self.run: SiteRun | None = None  # handed over by `marketsite build`
        self.preview: PreviewSession | None = None  # handed over by `marketsite serve`
        self.locale: LocalePages | None = None
        self.charts = ChartRenderer()
        self.pages: PageCache | None = None
        self._serving = self._dirty = False
        self._built: tuple[str, dict[str, str]] | None = None  # a preview build, once done

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving, self._dirty = command == "serve", dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        lang = config.theme["language"]
        try:
            data = data_settings(config, self.config)
        except MarketsiteError as error:
            raise PluginError(error.message) from None
        if self._serving and self.preview is None:  # plain `mkdocs serve`: this language
            self.preview = PreviewSession(lang, dirty=self._dirty)
        result = validation(data, self.run, self.preview)
        edition = self.run.edition if self.run is not None else None
        dress(config, lang, self.config.site_names, self.config.publisher, edition)
        root = root_url(config.site_url or "", lang)
        if root:
            config.site_url = f"{root}{lang}/"
        cache = data.root / self.config.cache_dir
        self.charts = ChartRenderer(cache / "charts")
        memory = self.preview.memory if self.preview is not None else None
        self.pages = PageCache(cache / "pages" / lang, memory)
        # A preview names the published site in structured data, citations and downloads
        # as the built site does, so it takes the renderings `marketsite build` left.
        published = root_url(self.preview.published_url, lang) if self.preview else ""
        options = RenderOptions(
            contact_email=self.config.contact_email,
            site_url=f"{published or root or '/'}{lang}/",
            charts=self.charts,
            publisher=self.config.publisher or config.site_name,
            license_name=self.config.license,
            license_url=self.config.license_url,
            methodology=content_page(data.content_dir / lang, "methodology") or "",
            directory_urls=config.use_directory_urls,
            catalog_page_size=self.config.catalog_page_size,
        )
        try:
            self.locale = locale = assemble(
                data,
                lang,
                result,
                options,
                run=self.run,
                preview=self.preview,
                pages=self.pages,
                root_url=root,
                directory_urls=config.use_directory_urls,
            )
        except DataNotReady as error:
            raise PluginError(error.message) from None
        if SITE_SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SITE_SCRIPT)
        if config.nav is None:
            config.nav = locale.index.navigation(lang, locale.catalog, *locale.generated)
        config.extra["alternate"] = locale.furniture.alternates(None)
        config.extra["marketsite_hreflang"] = locale.furniture.hreflang()
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.locale is not None
        self._give_way(config)
        page_set = self.locale.page_set
        rebuilt = None
        if self.preview is not None and self.preview.dirty:
            self._built, rebuilt = self.preview.prepare_dirty_build(config, self.locale)
        for page in page_set.pages:
            if rebuilt is not None and page.source:
                # A dirty build skips a page whose source is older than its output:
                # prepare_incremental removed the output of every page that changed.
                files.append(File.generated(config, page.src_uri, abs_src_path=page.source))
            else:
                files.append(File.generated(config, page.src_uri, content=page.markdown))
        for path, content in page_set.assets.items():
            owner = _owner_page(path, page_set.versions)
            if rebuilt is not None and owner is not None and owner not in rebuilt:
                continue  # an unchanged report's file, in the site since an earlier build
            if isinstance(content, Path):  # a cached copy: linked into the site, unread
                files.append(CachedFile.generated(config, path, abs_src_path=str(content)))
            else:
                files.append(File.generated(config, path, content=content))
        script = resources.files("marketsite") / "assets" / "marketsite.js"
        files.append(File.generated(config, SITE_SCRIPT, content=script.read_text("utf-8")))
        files.append(File.generated(config, VEGA_SCRIPT, content=self.charts.vega_bundle()))
        return files

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.preview is not None:
            env.bytecode_cache = self.preview.theme_bytecode
        return env

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        # Front matter is text: Material prints title and description into HTML as they
        # are. Generated pages escape theirs (render.front_matter); hand-written ones here.
        # Pagefind indexes the site (marketsite.site.search); Material's lunr index is never
        # loaded, so its plugin (kept for the header's search button) skips every page.
        self._give_way(config)
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        if page.file.generated_by is None:
            for key in ("title", "description"):
                value = page.meta.get(key)
                if isinstance(value, str):
                    page.meta[key] = html.escape(value)
        latest = self.locale.page_set.latest if self.locale is not None else ""
        if page.file.src_uri == "index.md" and latest:
            # The home page shows the newest reports: where it asks for them, else at the end.
            block = f"\n\n{latest}\n\n"
            if LATEST_MARKER in markdown:
                return markdown.replace(LATEST_MARKER, block, 1)
            return markdown + block
        return markdown

    def on_page_content(
        self, html_content: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.locale is not None
        generated = self.locale.blocks.pop(page.file.src_uri, None)  # needed once: let it go
        return generated.fill_blocks(html_content) if generated is not None else html_content

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        # Material renders the language selector and <link rel=alternate> from
        # config.extra.alternate: this page's translations.
        assert self.locale is not None
        locale, src_uri = self.locale, page.file.src_uri
        key = locale.index.keys[config.theme["language"]].get(src_uri)
        config.extra["alternate"] = locale.furniture.alternates(key)
        extra = locale.furniture.page_context(
            key,
            title=str(page.meta.get("title") or page.title or ""),
            description=str(page.meta.get("description") or config.site_description or ""),
            url=page.canonical_url or "",
            site_name=config.site_name,
            image=locale.images.get(src_uri, ""),
            home=page.is_homepage,
        )
        extra["marketsite_head"] = locale.heads.get(src_uri, "")
        context.update(extra)  # type: ignore[typeddict-item]
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if page.file.generated_by is not None:
            # Written once this hook returns and read by nothing after: 1,000 reports'
            # HTML would otherwise stay in memory to the end of the build.
            page.content = page.markdown = None
        return material_html(output, self.locale.error_panel if self.locale else "")

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        # The 404 page is a theme template, not a page: it needs the same clean-up.
        return material_html(output_content) if template_name == "404.html" else output_content

    def on_post_build(self, config: MkDocsConfig) -> None:
        part = self.run is not None and self.run.part is not None
        if self.pages is not None:
            log.info(f"reports: {self.pages.rendered} rendered, {self.pages.hits} from cache")
            if self.locale and not self.locale.error_panel and not part and not self.preview:
                # Every report was rendered or taken: the rest is stale. (A preview keeps
                # them: an editor's undo finds the rendering of before.)
                self.pages.prune()
        log.info(f"charts: {self.charts.rendered} rendered, {self.charts.hits} from cache")
        site_dir = Path(config.site_dir)
        # Material's search plugin stays for its header button; its lunr index is never
        # loaded (overrides/partials/search.html has no search form), so it is not shipped.
        with contextlib.suppress(OSError):
            (site_dir / "search" / "search_index.json").unlink()
            (site_dir / "search").rmdir()
        if self.preview is not None:
            if self._built is not None:
                self.preview.built[config.theme["language"]] = self._built
            self.preview.after_build(config.theme["language"], site_dir)
        elif not part:  # a slice's search index is made once, by the merge
            try:
                index_site(site_dir)
            except SearchIndexError as error:
                raise PluginError(str(error)) from error

    def on_build_error(self, *, error: Exception) -> None:
        # A failed build leaves nothing half-recorded: the next preview rebuild starts over.
        self._built = None
        self.locale = None

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        root = Path(config.config_file_path or ".").resolve().parent
        server.watch(str(root / self.config.data_dir))
        return server

    def _give_way(self, config: MkDocsConfig) -> None:
        if self.preview is not None:
            self.preview.give_way(config.theme["language"])


def _owner_page(path: str, versions: dict[str, str]) -> str | None:
    """The report page a generated file belongs to ("berichte/x/markt.csv" belongs to
    "berichte/x.md"), or None for a file of no report."""
    page = f"{path.rpartition('/')[0]}.md"
    return page if page in versions else None


class CachedFile(File):
    """A report's file from the render cache, hard-linked into the site (copied where the
    file system cannot link): a site of 1,000 reports holds some 15,000 of them."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        assert self.abs_src_path is not None
        target = Path(self.abs_dest_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # never write through a link into the cache
        try:
            os.link(self.abs_src_path, target)
        except OSError:
            shutil.copyfile(self.abs_src_path, target)
