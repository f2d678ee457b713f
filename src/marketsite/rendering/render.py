"""Render stage: every generated page and file of one locale, made by generators in two
phases, as Pelican's are.

First every generator collects: the report pages are rendered (or taken from the
cache) and leave their catalog entries in the shared :class:`LocaleContext`. Then
every generator writes its pages and files into the locale's :class:`PageSet`. A new
page type is a generator here (and, for MkDocs, its place in
:mod:`marketsite.site.locale_pages`).

Nothing here reads files except the package's own templates and catalogs.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from marketsite.data.dataset import Dataset, Report
from marketsite.data.text_model import Names
from marketsite.derivation.derive import derive
from marketsite.derivation.escape import SafeMarkdown, md_escape
from marketsite.derivation.locale import Formatter, translations
from marketsite.derivation.prose import Gettext, ReportView, market_heading
from marketsite.derivation.related import related_reports
from marketsite.derivation.sections import ReportSections
from marketsite.rendering.catalog import CatalogEntry, catalog_pages
from marketsite.rendering.compare import compare_page
from marketsite.rendering.edition_page import changes_page
from marketsite.rendering.feed import (
    FEED,
    atom_feed,
    edition_entries,
    feed_title,
    report_entry,
)
from marketsite.rendering.home import latest_reports_html
from marketsite.rendering.outputs import ReportMaterial
from marketsite.rendering.pages import Environments, PageSet, RenderOptions, environments
from marketsite.rendering.paths import (
    CATALOG_DATA,
    Shard,
    report_slug,
    reports_section,
    url_of,
)
from marketsite.rendering.report_page import RenderedReport, render_report

__all__ = ["PageSet", "RenderOptions", "SafeMarkdown", "md_escape", "render_locale"]


class ReportCache(Protocol):
    """Keeps rendered reports between builds (:class:`marketsite.rendering.pagecache.PageCache`)."""

    def key(
        self,
        report: Report,
        names: Names,
        lang: str,
        options: RenderOptions,
        related: tuple[tuple[str, str], ...] = (),
    ) -> str: ...

    def get(self, key: str) -> RenderedReport | None: ...

    def put(self, key: str, rendered: RenderedReport) -> RenderedReport: ...


@dataclass
class LocaleContext:
    """What the generators of one locale share: the inputs, and what the collect phase
    found (each report's rendering or catalog entry)."""

    dataset: Dataset
    lang: str
    options: RenderOptions
    environments: Environments
    cache: ReportCache | None = None
    shard: Shard | None = None
    history: Sequence[dict[str, Any]] = ()
    entries: list[CatalogEntry] = field(default_factory=list)
    rendered: list[RenderedReport] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)

    @functools.cached_property
    def fmt(self) -> Formatter:
        """The locale's formatter, made once for all its reports."""
        return Formatter.for_tag(self.lang)

    @functools.cached_property
    def gettext(self) -> Gettext:
        catalog = translations(self.lang)
        return Gettext(catalog.gettext, catalog.ngettext)

    @functools.cached_property
    def related(self) -> dict[str, tuple[str, ...]]:
        """Every report's related reports, found once for the whole catalog."""
        return related_reports(derive(report) for report in self.dataset.reports)

    def related_links(self, report: Report) -> tuple[tuple[str, str], ...]:
        """A report's related reports as (heading, page URL) in this locale."""
        by_id = self.reports_by_id
        links = []
        for other_id in self.related.get(report.report_id, ()):
            other = by_id[other_id]
            text = other.texts[self.lang]
            src_uri = f"{reports_section(self.lang)}/{report_slug(text, other_id)}.md"
            heading = market_heading(self.gettext.gettext, text.market_name)
            links.append((heading, url_of(src_uri, self.options.directory_urls)))
        return tuple(links)

    @functools.cached_property
    def reports_by_id(self) -> dict[str, Report]:
        return {report.report_id: report for report in self.dataset.reports}

    def view(self, report: Report) -> ReportView:
        """One report of the dataset, derived and ready to be put into words."""
        names = report.names(self.dataset.names, self.lang)
        return ReportView(derive(report), self.lang, names, self.fmt, self.gettext)


class Generator(Protocol):
    """One kind of generated page: it collects, then (after every generator collected)
    writes into the page set."""

    def collect(self, context: LocaleContext) -> None: ...

    def write(self, context: LocaleContext, page_set: PageSet) -> None: ...


class ReportPages:
    """A page per report, with its files; its catalog entry for the pages over all."""

    def collect(self, context: LocaleContext) -> None:
        lang, cache, options = context.lang, context.cache, context.options
        ids = [report.report_id for report in context.dataset.reports]
        rendered_here = context.shard.select(ids) if context.shard is not None else set(ids)
        section = reports_section(lang)
        for report in sorted(
            context.dataset.reports, key=lambda r: r.texts[lang].market_name.lower()
        ):
            slug = report_slug(report.texts[lang], report.report_id)
            if report.report_id not in rendered_here:  # another shard renders it
                view = context.view(report)
                src_uri = f"{section}/{slug}.md"
                context.entries.append(CatalogEntry.of(view, ReportSections(view), src_uri))
                continue
            names = report.names(context.dataset.names, lang)
            related = context.related_links(report)
            key = cache.key(report, names, lang, options, related) if cache is not None else ""
            rendered = cache.get(key) if cache is not None else None
            if rendered is None:
                material = ReportMaterial.of(context.view(report), slug, section, options, related)
                rendered = render_report(material, context.environments)
                if cache is not None:
                    rendered = cache.put(key, rendered)
            context.rendered.append(rendered)
            context.entries.append(rendered.entry)
            if key:
                context.versions[rendered.page.src_uri] = key

    def write(self, context: LocaleContext, page_set: PageSet) -> None:
        for rendered in context.rendered:
            page_set.pages.append(rendered.page)
            page_set.assets.update(rendered.files)
        page_set.versions.update(context.versions)


class HomeBlock:
    """The newest reports, for the home page (a hand-written page: this is a block)."""

    def collect(self, context: LocaleContext) -> None:
        pass  # the entries are the reports' own

    def write(self, context: LocaleContext, page_set: PageSet) -> None:
        page_set.latest = latest_reports_html(
            context.entries,
            context.lang,
            context.environments,
            context.options.directory_urls,
            feed=FEED in page_set.assets,
        )


class CatalogPages:
    """Every report, paged, and the data the catalog's filters read."""

    def collect(self, context: LocaleContext) -> None:
        pass  # the entries are the reports' own

    def write(self, context: LocaleContext, page_set: PageSet) -> None:
        pages, data = catalog_pages(
            context.entries, context.lang, context.options, context.environments
        )
        page_set.pages += pages
        page_set.assets[f"{reports_section(context.lang)}/{CATALOG_DATA}"] = data


class ComparePage:
    """The page that compares markets, over every report of the catalog."""

    def collect(self, context: LocaleContext) -> None:
        pass  # the entries are the reports' own

    def write(self, context: LocaleContext, page_set: PageSet) -> None:
        page = compare_page(context.entries, context.lang, context.options, context.environments)
        if page is not None:
            page_set.pages.append(page)


class EditionPage:
    """ "What changed": every edition's notes, when the build belongs to an edition."""

    def collect(self, context: LocaleContext) -> None:
        pass

    def write(self, context: LocaleContext, page_set: PageSet) -> None:
        page = changes_page(list(context.history), context.lang)
        if page is not None:
            page_set.pages.append(page)


class FeedFile:
    """The language's Atom feed: its reports and the site's editions, newest first."""

    def collect(self, context: LocaleContext) -> None:
        pass  # the entries are the reports' own

    def write(self, context: LocaleContext, page_set: PageSet) -> None:
        options = context.options
        entries = [e for e in (report_entry(c, options) for c in context.entries) if e]
        entries += edition_entries(context.history, context.lang, options)
        feed = atom_feed(entries, context.lang, options, feed_title(context.lang, options))
        if feed is not None:
            page_set.assets[FEED] = feed


#: The generators, in the order their pages are written.
GENERATORS: tuple[type[Generator], ...] = (
    ReportPages,
    FeedFile,  # before the home page, which links the feed if there is one
    HomeBlock,
    CatalogPages,
    ComparePage,
    EditionPage,
)


def render_locale(
    dataset: Dataset,
    lang: str,
    options: RenderOptions | None = None,
    cache: ReportCache | None = None,
    shard: Shard | None = None,
    history: Sequence[dict[str, Any]] = (),
) -> PageSet:
    """Render every generated page of the site for one locale (a ``shard``'s reports;
    the edition page when ``history`` holds editions).

    With a ``cache``, a report whose inputs did not change since it was last
    rendered is taken from there.
    """
    options = options or RenderOptions()
    envs = environments(lang, options.compiled_templates)
    context = LocaleContext(dataset, lang, options, envs, cache, shard, history)
    generators = [generator() for generator in GENERATORS]
    for generator in generators:
        generator.collect(context)
    page_set = PageSet(lang)
    for generator in generators:
        generator.write(context, page_set)
    return page_set


def report_view(dataset: Dataset, report_index: int, lang: str) -> ReportView:
    """The view of one report of ``dataset`` in ``lang`` (for tests and tools)."""
    return LocaleContext(dataset, lang, RenderOptions(), environments(lang)).view(
        dataset.reports[report_index]
    )
