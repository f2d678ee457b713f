"""One language's pages for MkDocs, assembled before MkDocs reads a file.

Takes the run's validation (or validates), renders the locale's page set (or,
in a preview with a data error, keeps the last one that built), adds the "what
changed" page of an edition, and indexes the pages of every language so that
page furniture can link a page to its translations. Plain values in, a plain
:class:`LocalePages` out; the plugin hands it to MkDocs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from marketsite.checks.validate import ValidationResult, validate_data_dir
from marketsite.data.dataset import Dataset
from marketsite.data.problems import Problem, Severity, counted, listed
from marketsite.data.reading import links_leaving
from marketsite.errors import MarketsiteError
from marketsite.rendering.charts import ChartRenderer
from marketsite.rendering.pagecache import PageCache
from marketsite.rendering.pages import Page, PageSet, RenderOptions
from marketsite.rendering.paths import CATALOG_PAGE_SIZE, changes_path, page_paths, url_of
from marketsite.rendering.render import render_locale as render_pages
from marketsite.site.build import PageIndex, SiteRun, content_page, index_pages
from marketsite.site.furniture import Furniture
from marketsite.site.output import check_output, protected_inputs
from marketsite.site.plugin_config import MarketsiteConfig
from marketsite.site.session import PreviewSession, error_panel, warnings_panel

log = get_plugin_logger(__name__)


@dataclass(frozen=True)
class DataSettings:
    """Where the data is and how it is judged (the plugin's options)."""

    data_dir: Path
    content_dir: Path
    languages: tuple[str, ...]
    default: str
    cagr_tolerance: float
    catalog_page_size: int
    root: Path  # the folder of mkdocs.yml: problems name files relative to it


class SettingsRefused(MarketsiteError):
    """The plugin's options or the build's folders cannot make a site."""


def data_settings(config: MkDocsConfig, options: MarketsiteConfig) -> DataSettings:
    """The plugin's ``options`` for ``config``'s build, checked: languages, page size, the
    output folder, links out of the content (each a :class:`SettingsRefused`)."""
    lang, languages = config.theme["language"], tuple(options.languages)
    if lang not in languages:
        raise SettingsRefused(
            f"theme.language is '{lang}' but the marketsite languages are {', '.join(languages)}"
        )
    page_size = options.catalog_page_size
    if page_size is None:
        page_size = CATALOG_PAGE_SIZE
    if page_size < 1:
        raise SettingsRefused(
            f"catalog_page_size is {page_size}; "
            f"give how many reports a catalog page lists, e.g. {CATALOG_PAGE_SIZE}"
        )
    root = Path(config.config_file_path or ".").resolve().parent
    data_dir, content_dir = root / options.data_dir, root / options.content_dir
    # MkDocs empties site_dir before it writes: never the data, content or repository.
    theme_dir = config.theme.custom_dir
    inputs = protected_inputs(
        root / "mkdocs.yml",
        data_dir,
        content_dir,
        Path(config.docs_dir),
        Path(theme_dir) if theme_dir else None,
    )
    check_output(Path(config.site_dir), inputs, force=True)
    links = links_leaving(content_dir)
    for problem in links:
        log.error(problem.format(root))
    if links:
        raise SettingsRefused("content/ links to files outside it (listed above); nothing built.")
    return DataSettings(
        data_dir,
        content_dir,
        languages,
        options.default_language or languages[0],
        options.cagr_tolerance,
        page_size,
        root,
    )


def render_options(
    config: MkDocsConfig,
    options: MarketsiteConfig,
    data: DataSettings,
    charts: ChartRenderer,
    site_root: str,
    report_dates: Mapping[str, str] | None = None,
    edition: str = "",
    compiled_templates: Path | None = None,
) -> RenderOptions:
    """What the pages of ``config``'s language need to know of the site (``options``: the
    plugin's). ``site_root`` is the URL the pages name as their own (the published
    site's, in a preview too); ``report_dates`` when each report's data last changed;
    ``edition`` the version of a release build; ``compiled_templates`` where compiled
    templates are kept."""
    lang = config.theme["language"]
    return RenderOptions(
        contact_email=options.contact_email,
        site_url=f"{site_root or '/'}{lang}/",
        charts=charts,
        publisher=options.publisher or config.site_name,
        license_name=options.license,
        license_url=options.license_url,
        methodology=content_page(data.content_dir / lang, "methodology") or "",
        directory_urls=config.use_directory_urls,
        catalog_page_size=data.catalog_page_size,
        report_dates=dict(report_dates or {}),
        edition=edition,
        changes_page=changes_path(lang) if edition else "",
        compiled_templates=compiled_templates,
    )


class DataNotReady(MarketsiteError):
    """The data has errors and this is not a preview: nothing may be built."""


@dataclass
class LocalePages:
    """What one language's build hands to MkDocs, page by page."""

    page_set: PageSet
    index: PageIndex
    furniture: Furniture
    catalog: str  # src_uri of the catalog's first page
    generated: list[str] = field(default_factory=list)  # generated pages in the nav
    error_panel: str = ""  # a preview's data errors, shown on every page
    #: A preview's warnings and notes of each report, shown on its page (by src_uri): a
    #: report's page is built again whenever they can change, its data, so partial
    #: rebuilds stay exact.
    warning_panels: dict[str, str] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict)  # src_uri -> extra <head> HTML
    blocks: dict[str, Page] = field(default_factory=dict)  # src_uri -> a page with blocks
    images: dict[str, str] = field(default_factory=dict)  # src_uri -> social image


def validation(
    data: DataSettings, run: SiteRun | None, preview: PreviewSession | None
) -> ValidationResult:
    """The run's validation (`marketsite build` printed its problems), or a new one,
    whose problems are logged (a preview logs only what it has not shown yet)."""
    if run is not None and run.validation is not None:
        return run.validation
    result = validate_data_dir(
        data.data_dir,
        data.languages,
        data.default,
        data.cagr_tolerance,
        memory=preview.memory if preview is not None else None,
    )
    log_problems(listed(result.problems), data.root, preview)
    return result


def assemble(
    data: DataSettings,
    lang: str,
    result: ValidationResult,
    options: RenderOptions,
    *,
    run: SiteRun | None,
    preview: PreviewSession | None,
    pages: PageCache,
    root_url: str,
    directory_urls: bool,
) -> LocalePages:
    """Render and index the pages of ``lang`` (raises :class:`DataNotReady` when the data
    has errors outside a preview)."""
    previous = preview.last_good.get(lang) if preview is not None else None
    panel = ""
    if result.dataset is None:
        if preview is None:
            raise DataNotReady(
                "data has errors (listed above); nothing was built. "
                "Run `marketsite validate` for details."
            )
        # A preview must not hang on a data error: it shows the errors on every page,
        # over the last version that built (or over no reports at all).
        errors = [p for p in result.problems if p.severity is Severity.ERROR]
        panel = error_panel(errors, lang, data.root, previous is not None)
    shard = run.part.shard if run is not None and run.part is not None else None
    edition = run.edition if run is not None else None
    history = list(edition.history) if edition else []
    if not history and preview is not None and preview.history and result.dataset is not None:
        history = preview.history(result.dataset)  # a draft edition's notes, as data stands
    if result.dataset is not None:
        dataset = result.dataset
        page_set = render_pages(dataset, lang, options, pages, shard, history)
        if preview is not None:
            preview.last_good[lang] = (dataset, page_set)
    elif previous is not None:
        dataset, page_set = previous
    else:
        dataset = Dataset(data.languages, data.default)
        page_set = render_pages(dataset, lang, options, history=history)
    index = index_pages(
        dataset, data.content_dir, data.languages, directory_urls, data.catalog_page_size
    )
    generated = [page.src_uri for page in page_set.pages if page.key == "compare"]
    changes = next((page for page in page_set.pages if page.key == "changes"), None)
    if changes is not None:
        index.urls["changes"] = {
            code: url_of(changes_path(code), directory_urls) for code in data.languages
        }
        index.keys[lang][changes.src_uri] = "changes"
        generated.append(changes.src_uri)
    return LocalePages(
        page_set,
        index,
        Furniture(index, lang, data.languages, data.default, root_url),
        catalog=page_paths(dataset, lang)["catalog"],
        generated=generated,
        error_panel=panel,
        warning_panels=_warning_panels(result, page_set, lang, data.root)
        if preview is not None and result.dataset is not None
        else {},
        heads={page.src_uri: page.head for page in page_set.pages},
        blocks={page.src_uri: page for page in page_set.pages if page.blocks},
        images={page.src_uri: page.image for page in page_set.pages if page.image},
    )


def log_problems(problems: list[Problem], root: Path, preview: PreviewSession | None) -> None:
    """Log the data's problems; a preview's rebuild logs errors and what is new, and
    counts the notes and warnings it logged before."""
    texts = [problem.format(root) for problem in problems]
    printed = preview.printed if preview is not None else None
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
            counted(again[severity], str(severity), f"{severity}s")
            for severity in (Severity.WARNING, Severity.NOTE)
            if again[severity]
        )
        log.info(f"{counts} as before, not repeated (`marketsite validate` lists them all)")
    if preview is not None:
        preview.printed = set(texts)


def _warning_panels(
    result: ValidationResult, page_set: PageSet, lang: str, root: Path
) -> dict[str, str]:
    """Each report page's panel of its report's warnings and notes (src_uri -> HTML)."""
    by_report: dict[str, list[Problem]] = {}
    for problem in result.problems:
        by_report.setdefault(problem.file.parent.name, []).append(problem)
    panels = {}
    for page in page_set.pages:
        if page.key and page.key.startswith("report:"):
            found = by_report.get(page.key.removeprefix("report:"), [])
            if found:
                panels[page.src_uri] = warnings_panel(found, lang, root)
    return panels
