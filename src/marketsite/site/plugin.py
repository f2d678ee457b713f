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

import html
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from marketsite.data.history import report_dates
from marketsite.derivation.locale import translations, written_variety
from marketsite.errors import MarketsiteError
from marketsite.rendering.charts import ChartRenderer
from marketsite.rendering.feed import FEED
from marketsite.rendering.hyphenation import Hyphenator
from marketsite.rendering.pagecache import PageCache
from marketsite.rendering.paths import heading_slug
from marketsite.site.build import SiteRun
from marketsite.site.furniture import (
    dress,
    escape_front_matter,
    material_html,
    root_url,
    with_latest_reports,
)
from marketsite.site.locale_pages import (
    DataNotReady,
    LocalePages,
    assemble,
    data_settings,
    render_options,
    validation,
)
from marketsite.site.mkdocs_files import (
    SITE_SCRIPT,
    add_generated,
    compiled_templates,
    drop_unused_theme_files,
    prepare_theme,
    theme_bytecode,
)
from marketsite.site.plugin_config import MarketsiteConfig
from marketsite.site.search import SearchIndexError, drop_material_index, index_site
from marketsite.site.session import PreviewSession

log = get_plugin_logger(__name__)


class MarketsitePlugin(BasePlugin[MarketsiteConfig]):
    """Adds the generated report and catalog pages of the build's locale."""

    def __init__(self) -> None:
        self.run: SiteRun | None = None  # handed over by `marketsite build`
        self.preview: PreviewSession | None = None  # handed over by `marketsite serve`
        self.locale: LocalePages | None = None
        self.charts = ChartRenderer()
        self.pages: PageCache | None = None
        self.hyphenator = Hyphenator("")
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
        languages = tuple(self.config.languages)
        dress(config, lang, self.config.site_names, self.config.publisher, edition, languages)
        if "toc" in config.markdown_extensions:  # anchors that keep German words apart
            config.mdx_configs.setdefault("toc", {}).setdefault("slugify", heading_slug)
        root = root_url(config.site_url or "", lang)
        if root:
            config.site_url = f"{root}{lang}/"
        cache = data.root / self.config.cache_dir
        # Again for a plain `mkdocs build`; marketsite's builds did it before any plugin ran.
        prepare_theme(config.theme, theme_bytecode(cache, self.preview))
        self.charts = ChartRenderer(cache / "charts")
        memory = self.preview.memory if self.preview is not None else None
        if self.pages is not None:  # MkDocs keeps this plugin for every build of the process
            self.pages.release()
        self.pages = PageCache(cache / "pages" / lang, memory)
        self.hyphenator = Hyphenator.for_language(written_variety(lang), cache)
        # A preview names the published site in structured data, citations and downloads
        # as the built site does, so it takes the renderings `marketsite build` left.
        published = root_url(self.preview.published_url, lang) if self.preview else ""
        dates = self.run.report_dates if self.run is not None else None
        if dates is None:
            dates = report_dates(data.data_dir)
        options = render_options(
            config,
            self.config,
            data,
            self.charts,
            published or root,
            dates,
            edition.version if edition is not None else "",
            compiled_templates(cache),
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
        rebuilt = None
        if self.preview is not None and self.preview.dirty:
            self._built, rebuilt = self.preview.prepare_dirty_build(config, self.locale)
        drop_unused_theme_files(files, config)
        return add_generated(files, config, self.locale.page_set, self.charts, rebuilt)

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
            escape_front_matter(page.meta)
        if page.file.src_uri == "index.md" and self.locale is not None:
            return with_latest_reports(markdown, self.locale.page_set.latest)
        return markdown

    def on_page_content(
        self, html_content: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.locale is not None
        generated = self.locale.blocks.pop(page.file.src_uri, None)  # needed once: let it go
        if generated is not None:
            html_content = generated.fill_blocks(html_content)
        return self.hyphenator.headings(html_content)

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
        # Feed readers find the language's feed from any of its pages.
        extra["marketsite_feed"] = (
            html.escape(translations(config.theme["language"]).gettext("New reports and editions"))
            if FEED in locale.page_set.assets
            else ""
        )
        context.update(extra)  # type: ignore[typeddict-item]
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        locale = self.locale
        in_nav = locale is not None and page.file.src_uri in (locale.catalog, *locale.generated)
        if page.file.generated_by is not None and not in_nav:
            # Written once this hook returns and read by nothing after: 1,000 reports'
            # HTML would otherwise stay in memory to the end of the build. (A page in the
            # navigation keeps its Markdown: MkDocs takes its title from it on every page.)
            page.content = page.markdown = None
        if locale is None:
            return material_html(output)
        panel = locale.error_panel or locale.warning_panels.get(page.file.src_uri, "")
        return material_html(output, panel)

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
            self.pages.release()
        log.info(f"charts: {self.charts.rendered} rendered, {self.charts.hits} from cache")
        self.hyphenator.save()
        site_dir = Path(config.site_dir)
        drop_material_index(site_dir)
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
