"""MkDocs plugin: glue that hands the pipeline's page set for one locale to MkDocs.

Validation runs in ``on_config``: MkDocs cleans ``site_dir`` only after that
hook, so bad data stops the build before anything is deleted or written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import os
import re
import shutil
import tempfile
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import babel
import babel.core
from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory
from mkdocs.utils.templates import TemplateContext

from marketsite.charts import ChartRenderer
from marketsite.jsonld import json_for_html
from marketsite.load import links_leaving
from marketsite.locale import Formatter, translations
from marketsite.model import Dataset
from marketsite.output import OutputRefused, check_output, protected_inputs
from marketsite.pagecache import PageCache
from marketsite.preview import (
    PREVIEW_BUILD,
    SERVED_WAITING,
    THEME_BYTECODE,
    BackgroundWork,
    PreviewSuperseded,
    error_panel,
)
from marketsite.problems import Problem, Severity, listed
from marketsite.render import (
    CATALOG_PAGE_SIZE,
    LATEST_MARKER,
    PageSet,
    RenderOptions,
    changes_page,
    changes_path,
    page_paths,
    render_locale,
)
from marketsite.render import (
    Page as RenderedPage,
)
from marketsite.search import SearchIndexError, index_site
from marketsite.site import (
    Edition,
    PageIndex,
    SiteBuildError,
    SiteRun,
    build_locale,
    content_page,
    index_pages,
    read_settings,
    url_of,
    write_root_page,
)
from marketsite.validate import CAGR_TOLERANCE, validate_data_dir

log = get_plugin_logger(__name__)
#: Served by the site itself: the chart upgrade script (every page) and Vega (loaded on demand).
SITE_SCRIPT = "assets/marketsite/marketsite.js"
#: Pagefind weight of a report's words (other content: 1; Pagefind's scale is 0-10).
REPORT_SEARCH_WEIGHT = "5"
VEGA_SCRIPT = "assets/marketsite/vega.js"
ARTICLE = '<article class="md-content__inner md-typeset">'
#: Material's <link rel="alternate" href=… hreflang=…> in the head (not RSS links).
HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def _without_alternate_links(html: str) -> str:
    """The page without Material's ``<link rel=alternate>`` tags. They are in the head:
    searching only there takes a tenth of the time on a report page (its SVGs are long)."""
    head, end, body = html.partition("</head>")
    return HEAD_ALTERNATE.sub("", head) + end + body


#: The last data that built, per config file and language. `mkdocs serve` makes a new
#: plugin for every rebuild; on a data error the preview shows this under the errors.
_LAST_GOOD: dict[tuple[str, str], tuple[Dataset, PageSet]] = {}
#: Under `marketsite serve` (dirty rebuilds), per config file and language: what the last
#: finished build was made of (see MarketsitePlugin._prepare_incremental).
_BUILT: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
#: Under serve, per config file: the data problems the preview has printed. A rebuild
#: prints only new ones; at 1,000 reports it would otherwise repeat thousands of lines.
_PRINTED: dict[str, set[str]] = {}


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

    #: True under `mkdocs serve` / `marketsite serve` (set once per process by on_startup;
    #: serve makes a new plugin for every rebuild).
    serving: ClassVar[bool] = False
    #: Under serve: the folder served at "/", holding the served language's live build
    #: and the other languages' builds, so the language selector works in the preview.
    preview_root: ClassVar[Path | None] = None
    preview_lang: ClassVar[str] = ""
    #: Under serve: site_url as mkdocs.yml states it (serve replaces it with its own address).
    published_url: ClassVar[str] = ""
    #: True when serve rebuilds only what changed (`marketsite serve` does).
    dirty: ClassVar[bool] = False
    #: Under serve: search indexing and the other languages' previews run here, after the
    #: served language is rebuilt and reloaded, so the editor's reload never waits on them.
    background: ClassVar[BackgroundWork | None] = None

    def __init__(self) -> None:
        self.error_panel = ""
        self.page_set: PageSet | None = None
        self.index: PageIndex | None = None
        self.root_url = ""
        self.heads: dict[str, str] = {}  # src_uri -> extra <head> HTML (JSON-LD)
        self.blocks: dict[str, RenderedPage] = {}  # src_uri -> a page with HTML blocks
        self._default = ""
        self.charts = ChartRenderer()
        self.pages: PageCache | None = None
        self.slice = False  # under `marketsite build --shard/--lang`
        #: The build this plugin is part of, handed over by `marketsite build`
        #: (site.SiteRun); None under plain `mkdocs build` and `mkdocs serve`.
        self.run: SiteRun | None = None
        self._pending: tuple[str, dict[str, str]] | None = None  # this build, once it ends

    def on_startup(self, *, command: str, dirty: bool) -> None:
        MarketsitePlugin.serving = command == "serve"
        MarketsitePlugin.dirty = command == "serve" and dirty
        if MarketsitePlugin.serving and MarketsitePlugin.background is None:
            MarketsitePlugin.background = BackgroundWork()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        lang = config.theme["language"]
        languages = tuple(self.config.languages)
        if lang not in languages:
            raise PluginError(
                f"theme.language is '{lang}' but the marketsite languages are "
                + ", ".join(languages)
            )
        default = self.config.default_language or languages[0]
        if self.config.catalog_page_size < 1:
            raise PluginError(
                f"catalog_page_size is {self.config.catalog_page_size}; "
                "give how many reports a catalog page lists, e.g. 50"
            )
        root = Path(config.config_file_path or ".").resolve().parent
        # MkDocs empties site_dir before it writes: never the data, content or repository.
        theme_dir = config.theme.custom_dir
        inputs = protected_inputs(
            root / "mkdocs.yml",
            root / self.config.data_dir,
            root / self.config.content_dir,
            [(Path(config.docs_dir), "docs folder")]
            + ([(Path(theme_dir), "theme overrides folder")] if theme_dir else []),
        )
        try:
            check_output(Path(config.site_dir), inputs, force=True)
        except OutputRefused as refused:
            raise PluginError(refused.message) from None
        links = links_leaving(root / self.config.content_dir)
        if links:
            for problem in links:
                log.error(problem.format(root))
            raise PluginError(
                "content/ links to files outside it (listed above); nothing was built."
            )
        data_dir = root / self.config.data_dir
        tolerance = self.config.cagr_tolerance
        # `marketsite build` has validated the data (and shown its problems) already.
        handed_over = self.run.validation if self.run is not None else None
        result = handed_over or validate_data_dir(data_dir, languages, default, tolerance)
        self._print_problems(listed(result.problems) if handed_over is None else [], config)
        previous = _LAST_GOOD.get((str(config.config_file_path), lang))
        if result.dataset is None and not MarketsitePlugin.serving:
            raise PluginError(
                "data has errors (listed above); nothing was built. "
                "Run `marketsite validate` for details."
            )
        self.error_panel = ""
        if result.dataset is None:
            # A preview must not hang on a data error: it shows the errors on every page,
            # over the last version that built (or over no reports at all).
            errors = [p for p in result.problems if p.severity is Severity.ERROR]
            self.error_panel = error_panel(errors, lang, root, previous is not None)
        config.site_name = self.config.site_names.get(lang, config.site_name)
        ui = translations(lang)
        config.extra["marketsite_not_found"] = {
            "title": ui.gettext("Page not found"),
            "body": ui.gettext(
                "This address has no page (any more). The reports are listed on the home page."
            ),
            "home": ui.gettext("To the home page"),
        }
        if not config.copyright:  # an empty footer band reads as a broken page
            config.copyright = html.escape(self.config.publisher or config.site_name)
        edition = self.run.edition if self.run is not None else None
        if edition is not None:
            config.copyright = _with_edition(config.copyright, edition, lang)
        self.root_url = _root_url(config.site_url or "", lang)
        if self.root_url:
            config.site_url = f"{self.root_url}{lang}/"
        self.charts = ChartRenderer(root / self.config.cache_dir / "charts")
        self.pages = PageCache(
            root / self.config.cache_dir / "pages" / lang, remember=MarketsitePlugin.serving
        )
        content = root / self.config.content_dir
        options = RenderOptions(
            contact_email=self.config.contact_email,
            site_url=f"{self._published_root(lang) or self._base()}{lang}/",
            charts=self.charts,
            publisher=self.config.publisher or config.site_name,
            license_name=self.config.license,
            license_url=self.config.license_url,
            methodology=content_page(content / lang, "methodology") or "",
            directory_urls=config.use_directory_urls,
            catalog_page_size=self.config.catalog_page_size,
        )
        part = self.run.part if self.run is not None else None
        self.slice = part is not None
        shard = part.shard if part is not None else None
        if result.dataset is not None:
            dataset = result.dataset
            self.page_set = render_locale(dataset, lang, options, self.pages, shard)
            if MarketsitePlugin.serving:
                _LAST_GOOD[(str(config.config_file_path), lang)] = (dataset, self.page_set)
        elif previous is not None:
            dataset, self.page_set = previous
        else:
            dataset = Dataset(languages, default)
            self.page_set = render_locale(dataset, lang, options)
        changes = changes_page(list(edition.history) if edition else [], lang)
        if changes is not None:
            self.page_set = PageSet(
                lang, [*self.page_set.pages, changes], dict(self.page_set.assets)
            )
        if SITE_SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SITE_SCRIPT)
        self.heads = {page.src_uri: page.head for page in self.page_set.pages}
        self.blocks = {page.src_uri: page for page in self.page_set.pages if page.blocks}
        self.images = {page.src_uri: page.image for page in self.page_set.pages if page.image}
        self.index = index_pages(
            dataset, content, languages, config.use_directory_urls, self.config.catalog_page_size
        )
        generated = []
        if changes is not None:
            self.index.urls["changes"] = {
                code: url_of(changes_path(code), config.use_directory_urls) for code in languages
            }
            self.index.keys[lang][changes.src_uri] = "changes"
            generated.append(changes.src_uri)
        if config.nav is None:
            catalog = page_paths(dataset, lang)["catalog"]
            config.nav = self.index.navigation(lang, catalog, *generated)
        self._default = default
        config.extra["alternate"] = self._alternates(None, lang)
        config.extra["marketsite_hreflang"] = self._hreflang(lang)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self._give_way(config)
        assert self.page_set is not None
        incremental = MarketsitePlugin.dirty
        rebuilt = self._prepare_incremental(config) if incremental else None
        for page in self.page_set.pages:
            if incremental and page.source:
                # A dirty build skips a page whose source is older than its output:
                # _prepare_incremental removed the output of every page that changed.
                files.append(File.generated(config, page.src_uri, abs_src_path=page.source))
            else:
                files.append(File.generated(config, page.src_uri, content=page.markdown))
        for path, content in self.page_set.assets.items():
            owner = _owner_page(path, self.page_set.versions)
            if rebuilt is not None and owner is not None and owner not in rebuilt:
                continue  # an unchanged report's file, in the site since an earlier build
            if isinstance(content, Path):  # a cached copy: linked into the site, unread
                files.append(CachedFile.generated(config, path, abs_src_path=str(content)))
            else:
                files.append(File.generated(config, path, content=content))
        script = (resources.files("marketsite") / "assets" / "marketsite.js").read_text(
            encoding="utf-8"
        )
        files.append(File.generated(config, SITE_SCRIPT, content=script))
        files.append(File.generated(config, VEGA_SCRIPT, content=self.charts.vega_bundle()))
        return files

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        if MarketsitePlugin.serving:
            env.bytecode_cache = THEME_BYTECODE
        return env

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        # Front matter is text: Material prints title and description into HTML as they
        # are. Generated pages escape theirs (render.front_matter); hand-written ones here.
        # Pagefind indexes the site (marketsite.search); Material's lunr index is never
        # loaded, so its plugin (kept for the header's search button) skips every page.
        self._give_way(config)
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        if page.file.generated_by is None:
            for key in ("title", "description"):
                value = page.meta.get(key)
                if isinstance(value, str):
                    page.meta[key] = html.escape(value)
        if page.file.src_uri == "index.md" and self.page_set is not None and self.page_set.latest:
            # The home page shows the newest reports: where it asks for them, else at the end.
            block = f"\n\n{self.page_set.latest}\n\n"
            if LATEST_MARKER in markdown:
                return markdown.replace(LATEST_MARKER, block, 1)
            return markdown + block
        return markdown

    def on_page_content(
        self, html_content: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        generated = self.blocks.pop(page.file.src_uri, None)  # needed once: let it go
        return generated.fill_blocks(html_content) if generated is not None else html_content

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        # Material renders the language selector and <link rel=alternate> from
        # config.extra.alternate; pointing it at this page's translations makes
        # both lead to the same page in the other language.
        lang = config.theme["language"]
        key = self.index.keys[lang].get(page.file.src_uri) if self.index else None
        config.extra["alternate"] = self._alternates(key, lang)
        context["marketsite_head"] = self.heads.get(page.file.src_uri, "")  # type: ignore[typeddict-unknown-key]
        context["marketsite_social"] = self._social(page, config, key)  # type: ignore[typeddict-unknown-key]
        context["marketsite_breadcrumbs"] = self._breadcrumbs(page, config, key)  # type: ignore[typeddict-unknown-key]
        # Readers search for markets: a report outranks pages that only mention a term.
        is_report = bool(key and key.startswith("report:"))
        context["marketsite_search_weight"] = REPORT_SEARCH_WEIGHT if is_report else ""  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # Material fetches "sitemap.xml" next to every <link rel=alternate> it finds (three
        # 404s per view, as ours name pages, not language roots). The translations are
        # declared in the sitemaps instead (overrides/sitemap.xml), which search engines
        # read as they read these links.
        output = _without_alternate_links(output)
        if page.file.generated_by is not None:
            # Written once this hook returns and read by nothing after: 1,000 reports'
            # HTML would otherwise stay in memory to the end of the build.
            page.content = page.markdown = None
        if self.error_panel:
            output = output.replace(ARTICLE, ARTICLE + self.error_panel, 1)
        if 'id="__toc"' not in output:
            # Material renders the TOC toggle only for pages in the nav; reports are reached
            # through the catalog, so their TOC title must not point at a missing control.
            output = output.replace(
                '<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">'
            )
        return output

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        # The 404 page is a theme template, not a page: it needs the same clean-up.
        if template_name == "404.html":
            output_content = _without_alternate_links(output_content)
        return output_content

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.pages is not None:
            log.info(f"reports: {self.pages.rendered} rendered, {self.pages.hits} from cache")
            if not self.error_panel and not self.slice and not MarketsitePlugin.serving:
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
        key = (str(config.config_file_path), config.theme["language"])
        if self._pending is not None:
            _BUILT[key] = self._pending
        background = MarketsitePlugin.background
        if background is not None and config.theme["language"] == MarketsitePlugin.preview_lang:
            background.submit(lambda: self._after_preview_build(config))
            return
        if background is not None and not MarketsitePlugin.preview_lang:
            # The preview's first build: serving starts now; its search index follows in
            # the background, the other languages after it (see on_serve).
            background.submit(lambda: self._index_preview(config))
            return
        try:
            if not self.slice:  # a slice's search index is made once, by the merge
                index_site(site_dir)
        except SearchIndexError as error:
            raise PluginError(str(error)) from error

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        root = Path(config.config_file_path or ".").resolve().parent
        server.watch(str(root / self.config.data_dir))
        lang = config.theme["language"]
        MarketsitePlugin.preview_lang = lang
        if hasattr(server, "builder"):
            build_served = server.builder

            def build_served_alone(*args: Any, **kwargs: Any) -> Any:
                SERVED_WAITING.set()
                with PREVIEW_BUILD:
                    SERVED_WAITING.clear()
                    return build_served(*args, **kwargs)

            server.builder = build_served_alone
        others = [code for code in self.config.languages if code != lang]
        # MkDocs serves one build under /<lang>/. Serving a folder at "/" that holds it
        # beside builds of the other languages lets the preview switch language like the
        # published site. (LiveReloadServer's root and mount_path are plain attributes.)
        if others and hasattr(server, "root") and hasattr(server, "mount_path"):
            preview = Path(tempfile.mkdtemp(prefix="marketsite-preview-"))
            (preview / lang).symlink_to(server.root, target_is_directory=True)
            MarketsitePlugin.preview_root = preview
            server.root, server.mount_path = str(preview), "/"
            if MarketsitePlugin.background is not None:
                # After the served language's search index; the editor need not wait.
                background = MarketsitePlugin.background
                background.submit(lambda: self._build_other_languages(config), after=True)
            else:
                self._build_other_languages(config)
        return server

    def on_shutdown(self) -> None:
        if MarketsitePlugin.preview_root is not None:
            shutil.rmtree(MarketsitePlugin.preview_root, ignore_errors=True)
            MarketsitePlugin.preview_root = None

    def _give_way(self, config: MkDocsConfig) -> None:
        """Stop a background build of another language when the served one must rebuild:
        the editor's page comes first (the other languages are built again after it)."""
        if (
            SERVED_WAITING.is_set()
            and MarketsitePlugin.serving
            and config.theme["language"] != MarketsitePlugin.preview_lang
        ):
            raise PreviewSuperseded(config.theme["language"])

    def _print_problems(self, problems: list[Problem], config: MkDocsConfig) -> None:
        """Print the data's problems; a preview's rebuild prints errors and what is new,
        and counts the notes and warnings it printed before."""
        root = Path(config.config_file_path or ".").resolve().parent
        texts = [problem.format(root) for problem in problems]
        printed = _PRINTED.get(str(config.config_file_path)) if MarketsitePlugin.serving else None
        again: Counter[Severity] = Counter()
        for problem, text in zip(problems, texts, strict=True):
            if printed is not None and text in printed and problem.severity is not Severity.ERROR:
                again[problem.severity] += 1
            elif problem.severity is Severity.ERROR:
                log.error(text)
            else:
                # Data warnings are the editor's to judge (`marketsite validate --strict`);
                # they must not fail `mkdocs build --strict`.
                log.info(text)
        if again:
            counts = ", ".join(
                f"{again[severity]} {severity}{'s' if again[severity] > 1 else ''}"
                for severity in (Severity.WARNING, Severity.NOTE)
                if again[severity]
            )
            log.info(f"{counts} as before, not repeated (`marketsite validate` lists them all)")
        if MarketsitePlugin.serving:
            _PRINTED[str(config.config_file_path)] = set(texts)

    def _prepare_incremental(self, config: MkDocsConfig) -> set[str] | None:
        """Make a dirty rebuild right: remove the output of every report page that changed,
        or all output when anything every page shows changed. The report pages rebuilt
        (None: every page is)."""
        assert self.page_set is not None
        site_dir = Path(config.site_dir)
        versions = dict(self.page_set.versions)
        signature = self._signature(config)
        self._pending = (signature, versions)
        previous = _BUILT.get((str(config.config_file_path), config.theme["language"]))
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

    def _signature(self, config: MkDocsConfig) -> str:
        """What every page shows beyond its own Markdown: navigation, the titles of the
        hand-written pages, the error box, the settings and the theme's templates."""
        digest = hashlib.sha256()
        parts: list[object] = [
            self.error_panel,
            config.nav,
            self.index.content if self.index else None,
            config.site_url,
        ]
        digest.update(repr(parts).encode("utf-8"))
        watched = [Path(config.config_file_path or "mkdocs.yml")]
        custom_dir = config.theme.custom_dir
        if custom_dir:
            watched += sorted(p for p in Path(custom_dir).rglob("*") if p.is_file())
        for path in watched:
            with contextlib.suppress(OSError):
                stat = path.stat()
                digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
        return digest.hexdigest()

    def _after_preview_build(self, config: MkDocsConfig) -> None:
        """In the background: the served language's search index, then the others."""
        self._index_preview(config)
        if MarketsitePlugin.preview_root is not None:
            self._build_other_languages(config)

    def _index_preview(self, config: MkDocsConfig) -> None:
        """The served language's search index (at low priority)."""
        try:
            index_site(Path(config.site_dir), background=True)
        except SearchIndexError as error:
            log.warning(f"preview search not updated: {error}")

    def _build_other_languages(self, config: MkDocsConfig) -> None:
        """Rebuild the preview's other languages (after every rebuild of the served one)."""
        preview = MarketsitePlugin.preview_root
        assert preview is not None
        settings = read_settings(Path(config.config_file_path or "mkdocs.yml"))
        root = _root_url(config.site_url or "", config.theme["language"])
        for code in self.config.languages:
            if code == MarketsitePlugin.preview_lang:
                continue
            with PREVIEW_BUILD:
                try:
                    build_locale(
                        settings, code, preview / code, root or None, MarketsitePlugin.dirty
                    )
                except SiteBuildError as error:
                    log.warning(f"preview of {code} not updated: {error}")
                except PreviewSuperseded:
                    log.info(f"preview of {code}: built again after the edit just saved")
                    return
        write_root_page(preview, settings, root or None)

    def _social(self, page: Page, config: MkDocsConfig, key: str | None) -> dict[str, Any]:
        """Open Graph and Twitter card values of a page, HTML-escaped once."""

        def text(value: object) -> str:
            # Front matter arrives escaped (on_page_markdown), generated titles not.
            return html.escape(html.unescape(str(value or "")), quote=True)

        lang = config.theme["language"]
        image = self.images.get(page.file.src_uri, "")
        return {
            "type": "article" if key and key.startswith("report:") else "website",
            "title": text(page.meta.get("title") or page.title),
            "description": text(page.meta.get("description") or config.site_description),
            "url": text(page.canonical_url),
            "site_name": text(config.site_name),
            "locale": og_locale(lang),
            "alternates": [og_locale(code) for code in self.config.languages if code != lang],
            "image": text(image),
            "image_alt": text(page.meta.get("title") or page.title) if image else "",
        }

    def _breadcrumbs(self, page: Page, config: MkDocsConfig, key: str | None) -> dict[str, Any]:
        """Home > (all reports >) this page, for every page but the home page.

        URLs are relative to the language root (the template's ``url`` filter makes them
        relative to the page); the JSON-LD BreadcrumbList needs a site URL.
        """
        if self.index is None or page.is_homepage:
            return {}
        lang = config.theme["language"]
        ui = translations(lang)
        home_meta = self.index.content[lang].get("index.md", {})
        home = (str(home_meta.get("title") or config.site_name), "./")
        trail = [home]
        if key and key.startswith("report:"):
            trail.append((ui.gettext("All reports"), self.index.urls["catalog"][lang]))
        title = html.unescape(str(page.meta.get("title") or page.title or ""))
        items: list[dict[str, str | None]] = [
            {"title": html.escape(name), "url": url} for name, url in trail
        ]
        items.append({"title": html.escape(title), "url": None})
        crumbs: dict[str, Any] = {"label": html.escape(ui.gettext("You are here")), "items": items}
        if self.root_url.startswith(("http://", "https://")):
            base = f"{self.root_url}{lang}/"
            elements = [
                {
                    "@type": "ListItem",
                    "position": number,
                    "name": name,
                    **({"item": base + url.removeprefix("./")} if url is not None else {}),
                }
                for number, (name, url) in enumerate([*trail, (title, None)], start=1)
            ]
            data = {"@context": "https://schema.org", "@type": "BreadcrumbList"}
            crumbs["jsonld"] = json_for_html({**data, "itemListElement": elements})
        return crumbs

    def _base(self) -> str:
        return self.root_url or "/"

    def _published_root(self, lang: str) -> str:
        """Under serve: the published site's root URL. Pages name it in their structured
        data, citations and downloads as the built site does, so the preview takes the
        renderings `marketsite build` left in the cache instead of making its own."""
        if not MarketsitePlugin.serving:
            return ""
        return _root_url(MarketsitePlugin.published_url, lang)

    def _alternates(self, key: str | None, lang: str) -> list[dict[str, str]]:
        """The language selector's entries: this page in each language.

        Links are relative (Material's ``url`` filter makes them relative to the page),
        so switching stays on the host the site is served from: a local preview too.
        """
        urls = self.index.urls.get(key, {}) if self.index and key else {}
        return [
            {
                "name": Formatter.for_tag(code).language_name(code),
                "lang": code,
                "link": f"../{code}/{urls.get(code, '')}",
            }
            for code in self.config.languages
        ]

    def _hreflang(self, lang: str) -> dict[str, list[dict[str, str]]]:
        """Per page of this language: its absolute URL in every language, and x-default.

        Search engines want absolute URLs, so without a site_url there are none.
        """
        if self.index is None or not self.root_url:
            return {}
        declared = {}
        for src_uri, key in self.index.keys[lang].items():
            urls = self.index.urls.get(key, {})
            links = [
                {"lang": code, "href": f"{self.root_url}{code}/{urls[code]}"}
                for code in self.config.languages
                if code in urls
            ]
            if len(links) > 1 and self._default in urls:
                links.append(
                    {
                        "lang": "x-default",
                        "href": f"{self.root_url}{self._default}/{urls[self._default]}",
                    }
                )
                declared[src_uri] = links
        return declared


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


def _with_edition(copyright: str | None, edition: Edition, lang: str) -> str:
    """The footer line with the edition; Material prints config.copyright as HTML."""
    line = translations(lang).gettext("Edition %(version)s of %(date)s, data %(commit)s") % {
        "version": edition.version,
        "date": Formatter.for_tag(lang).day(dt.date.fromisoformat(edition.date)),
        "commit": edition.commit,
    }
    prefix = f"{copyright}<br>" if copyright else ""
    return f'{prefix}<span class="marketsite-edition">{html.escape(line)}</span>'


def og_locale(lang: str) -> str:
    """Open Graph's locale form of a language: de -> de_DE, en -> en_US (CLDR likely subtags)."""
    likely = babel.core.get_global("likely_subtags").get(lang, lang)
    locale = babel.Locale.parse(likely)
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def _root_url(site_url: str, lang: str) -> str:
    """The multilingual site's root URL, whether site_url names it or a language under it."""
    if not site_url:
        return ""
    url = site_url if site_url.endswith("/") else site_url + "/"
    suffix = f"/{lang}/"
    return url[: -len(suffix) + 1] if url.endswith(suffix) else url
