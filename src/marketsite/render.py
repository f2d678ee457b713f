"""Render stage: Jinja2 + Babel turn derived reports into one Markdown page set per locale.

Nothing here reads files except the package's own templates and catalogs. The
output is a :class:`PageSet` (``{src_uri: markdown}`` plus a language-neutral
key per page) that any Material-compatible builder can take; the MkDocs plugin
is only one way to hand it over.

The parts of a page come from their own modules: sentences from
:mod:`~marketsite.prose`, tables from :mod:`~marketsite.tables`, charts from
:mod:`~marketsite.charts`, files from :mod:`~marketsite.downloads`, structured
data from :mod:`~marketsite.jsonld`.

Escaping: every ``{{ value }}`` in a template is plain text and is escaped for
Markdown by the environment's ``finalize`` hook; only :class:`SafeMarkdown`
(built from escaped parts) passes through as markup.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import jinja2

from marketsite.charts import Chart, ChartRenderer, report_charts
from marketsite.citation import Citation, bibtex, citation_text, ris
from marketsite.dataset import Dataset, Report
from marketsite.derive import derive
from marketsite.downloads import to_csv, to_xlsx
from marketsite.escape import SafeMarkdown, md_escape
from marketsite.figures import DERIVED_MARK
from marketsite.jsonld import DownloadLink, json_for_html, plain_text, report_jsonld
from marketsite.locale import Formatter, translations
from marketsite.model import Names, ReportText, calendar_date, name_text
from marketsite.pdf import sample_pdf, table_data
from marketsite.prose import Gettext, ReportView, capfirst
from marketsite.sections import ReportSections
from marketsite.social import SocialCard, card_svg
from marketsite.tables import DataTable, report_tables

__all__ = ["PageSet", "RenderOptions", "SafeMarkdown", "md_escape", "render_locale"]

#: A report's link preview image, beside its downloads.
SOCIAL_IMAGE = "social.png"
#: File stem of a report's citation downloads (cite.bib, cite.ris).
CITE_STEM = "cite"


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes in the docs tree, its Markdown, extra <head> HTML."""

    key: str
    src_uri: str
    markdown: str
    title: str
    head: str = ""
    image: str = ""  # absolute URL of its social preview image, if it has one
    #: Raw HTML (charts) by the comment that stands for it in ``markdown``. Markdown
    #: never parses it: the builder puts it in after conversion (see :func:`block_slot`).
    blocks: Mapping[str, str] = field(default_factory=dict)
    #: A file holding ``markdown`` (a cached rendering), or "": builders may read it there.
    source: str = ""

    def full_markdown(self) -> str:
        """The Markdown with its HTML blocks in place, for any Markdown builder."""
        markdown = self.markdown
        for slot, block in self.blocks.items():
            markdown = markdown.replace(slot, block, 1)
        return markdown

    def fill_blocks(self, html_content: str) -> str:
        """The page's converted HTML with its HTML blocks in place."""
        for slot, block in self.blocks.items():
            html_content = html_content.replace(slot, block, 1)
        return html_content


@dataclass
class PageSet:
    """Everything generated for one locale: pages, and files such as downloads."""

    lang: str
    pages: list[Page] = field(default_factory=list)
    assets: dict[str, bytes | Path] = field(default_factory=dict)  # bytes or a cached copy
    latest: str = ""  # the home page's "latest reports" block (HTML), if there are reports
    #: The cache key of each report page's rendering: what changed since an earlier build.
    versions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RenderOptions:
    """Site-level settings pages need.

    ``site_url`` is the absolute URL of this locale's root (for JSON-LD);
    ``charts`` renders chart specs to SVG (it owns the cache; render itself
    reads no files). Without it, pages carry no charts.
    """

    contact_email: str = ""
    site_url: str = ""
    charts: ChartRenderer | None = None
    publisher: str = ""  # who publishes the reports (source line, citation, JSON-LD)
    license_name: str = ""
    license_url: str = ""
    methodology: str = ""  # src_uri of the methodology page in this language, if any
    directory_urls: bool = True  # MkDocs' use_directory_urls: report pages end in "<slug>/"
    catalog_page_size: int = 50  # reports per catalog page


def environment() -> jinja2.Environment:
    """The one Jinja environment: strict about undefined names, escaping for Markdown."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("marketsite", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown output: escaping is done by finalize, not for HTML
        finalize=md_escape,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["capfirst"] = capfirst
    return env


def html_environment() -> jinja2.Environment:
    """The environment of raw HTML blocks: every value escaped for HTML."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("marketsite", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.cache
def _environments(lang: str) -> tuple[jinja2.Environment, jinja2.Environment]:
    """The Markdown and the HTML environment of ``lang``, made once per process, so their
    compiled templates serve every build (a preview rebuilds many times)."""
    catalog = translations(lang)
    markdown, html_blocks = environment(), html_environment()
    for env in (markdown, html_blocks):
        env.install_gettext_translations(catalog, newstyle=False)  # type: ignore[attr-defined]
    return markdown, html_blocks


def markdown_table(table: DataTable) -> SafeMarkdown:
    """A data table's page columns as a Markdown table (every cell escaped)."""
    headers, rows, numeric = table.page_view()
    lines = [
        "| " + " | ".join(md_escape(h) for h in headers) + " |",
        "|" + "|".join("--:" if right else "---" for right in numeric) + "|",
    ]
    lines += ["| " + " | ".join(md_escape(cell) for cell in row) + " |" for row in rows]
    return SafeMarkdown("\n".join(lines))


def block_slot(name: str) -> str:
    """The HTML comment that stands for a raw HTML block in a page's Markdown.

    A chart is about 30 KB of SVG; Python-Markdown's HTML parser would take most of
    a page's conversion time just to pass it through unchanged.
    """
    return f"<!-- marketsite-block:{name} -->"


class ReportExtras:
    """Tables, charts, downloads and structured data of one report page in one locale."""

    def __init__(self, view: ReportView, slug: str, section: str, options: RenderOptions) -> None:
        self.view = view
        self.sections = ReportSections(view)
        self.slug = slug
        self.section = section
        self.options = options
        self.tables = report_tables(view)
        self.charts = {chart.chart_id: chart for chart in report_charts(view, self.tables)}
        self.blocks: dict[str, str] = {}

    def table(self, stem: str) -> SafeMarkdown:
        """A table on the page, with the legend of the derived mark when it needs one."""
        table = self.tables.get(stem)
        if table is None:
            return SafeMarkdown("")
        out = markdown_table(table)
        if table.has_derived:
            out = SafeMarkdown(f"{out}\n\n{md_escape(self.legend())}")
        return out

    def legend(self) -> str:
        """What the derived mark means."""
        return derived_legend(self.view._)

    def chart(self, chart_id: str, with_table: bool = True) -> SafeMarkdown:
        """A chart as inline SVG with its text alternative and, unless the page shows
        the same table next to it, its data table in a details block (raw HTML)."""
        chart = self.charts.get(chart_id)
        if chart is None or self.options.charts is None:
            return SafeMarkdown("")
        views = self.options.charts.render(chart)
        esc = html.escape
        # The specs and locale let marketsite.js upgrade the SVG to an interactive view.
        embed = json_for_html(
            {
                "spec": json.loads(views.wide.spec_json),
                "narrowSpec": json.loads(views.narrow.spec_json),
                "formatLocale": chart.format_locale,
            }
        )
        legend = (
            f'<p class="marketsite-chart__legend">{esc(chart.legend)}</p>\n' if chart.legend else ""
        )
        label = esc(chart.description)
        get = esc(self.view._("Download the chart"))
        stem = esc(self.page_relative(f"chart-{chart.chart_id}"))
        files = (
            f'<span class="marketsite-chart__files">{get}: '
            f'<a href="{stem}.svg" download>SVG</a> · '
            f'<a href="{stem}.png" download>PNG</a></span>'
        )
        figure = (
            f'<figure class="marketsite-chart" id="chart-{chart.chart_id}">\n'
            f'<div class="marketsite-chart__svg marketsite-chart__svg--wide" role="img" '
            f'aria-label="{label}">{views.wide.svg}</div>\n'
            f'<div class="marketsite-chart__svg marketsite-chart__svg--narrow" role="img" '
            f'aria-label="{label}">{views.narrow.svg}</div>\n'
            f'<script type="application/json" class="marketsite-chart__spec">{embed}</script>\n'
            f"{legend}"
            f"<figcaption>{esc(chart.title)} {files}</figcaption>\n"
            "</figure>"
        )
        block = figure if not with_table else f"{figure}\n\n{self._details(chart)}"
        slot = block_slot(f"chart-{chart.chart_id}")
        self.blocks[slot] = block
        return SafeMarkdown(slot)

    def _details(self, chart: Chart) -> str:
        esc = html.escape
        headers, rows, _numeric = chart.table.page_view()
        head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>" for row in rows
        )
        data_table = self.view._("Data table")  # outside the f-string, where pybabel finds it
        return (
            f'<details class="marketsite-chart__data"><summary>{esc(data_table)}: '
            f"{esc(chart.title)}</summary>\n"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n"
            "</details>"
        )

    def files(self, markdown: str = "") -> dict[str, bytes]:
        """Download files by path relative to the docs dir (``markdown``: the rendered page,
        whose chapters the sample PDF lists)."""
        folder = f"{self.section}/{self.slug}"
        tables = list(self.tables.values())
        decimal = self.view.fmt.decimal_symbol()
        files = {f"{folder}/{table.stem}.csv": to_csv(table, decimal) for table in tables}
        if tables:
            files[f"{folder}/{self.xlsx_name}"] = to_xlsx(tables)
        if self.options.charts is not None:
            for chart in self.charts.values():
                views = self.options.charts.render(chart)
                files[f"{folder}/chart-{chart.chart_id}.svg"] = views.wide.svg.encode("utf-8")
                files[f"{folder}/chart-{chart.chart_id}.png"] = views.png
        if self.options.charts is not None:
            svg = card_svg(self.social_card())
            files[f"{folder}/{SOCIAL_IMAGE}"] = self.options.charts.svg_png(svg)
            data = self.sample_data(chapters_of(markdown))
            files[f"{folder}/{self.sample_name}"] = sample_pdf(data, self.options.charts.cache_dir)
        citation = self.citation()
        if citation is not None:
            key = f"{self.view.d.report_id}-{citation.lang}"
            files[f"{folder}/{CITE_STEM}.bib"] = bibtex(citation, key).encode("utf-8")
            files[f"{folder}/{CITE_STEM}.ris"] = ris(citation).encode("utf-8")
        return files

    def citation(self) -> Citation | None:
        """What a citation of this page names (None without a publisher)."""
        if not self.options.publisher:
            return None
        facts = self.view.facts
        stated = facts.updated or facts.published
        url = self.page_url()
        return Citation(
            self.options.publisher,
            self.view.heading(),
            url if url.startswith(("http://", "https://")) else "",
            str(self.view.fmt.locale).split("_")[0],
            calendar_date(stated) if stated else None,
            stated is not None and stated.count("-") == 1,
        )

    def citation_text(self) -> str:
        """The suggested citation, or "" without a publisher."""
        citation = self.citation()
        return citation_text(citation, self.view._, self.view.fmt) if citation else ""

    def page_url(self) -> str:
        """Where the report's page ends up, under the locale's site URL."""
        page = f"{self.slug}/" if self.options.directory_urls else f"{self.slug}.html"
        return f"{self.options.site_url}{self.section}/{page}"

    def page_relative(self, name: str) -> str:
        """A file of this report, relative to the page's URL (for links in raw HTML).

        MkDocs rewrites Markdown links, which are relative to the Markdown file;
        it leaves HTML alone, so those must be relative to where the page ends up.
        """
        return name if self.options.directory_urls else f"{self.slug}/{name}"

    def cite_links(self) -> list[DownloadLink]:
        """BibTeX and RIS downloads of the citation (relative to the report's page)."""
        if self.citation() is None:
            return []
        return [
            DownloadLink("BibTeX", f"{self.slug}/{CITE_STEM}.bib"),
            DownloadLink("RIS", f"{self.slug}/{CITE_STEM}.ris"),
        ]

    @property
    def sample_name(self) -> str:
        """The sample PDF's file name: "<slug>-leseprobe.pdf", "<slug>-sample.pdf"."""
        catalog = translations(str(self.view.fmt.locale.language))
        sample = catalog.pgettext("file name", "sample")  # outside the f-string, for pybabel
        return f"{self.slug}-{sample}.pdf"

    def sample_href(self) -> str:
        """The sample PDF, relative to the report's Markdown file ("" when not built)."""
        return f"{self.slug}/{self.sample_name}" if self.options.charts is not None else ""

    def sample_data(self, chapters: list[str]) -> dict[str, Any]:
        """What the sample PDF shows (templates/sample.typ), all as plain text."""
        _, view = self.view._, self.view
        legend = derived_legend(_)
        views = {}
        if self.options.charts is not None:
            views = {cid: self.options.charts.render(chart) for cid, chart in self.charts.items()}

        def item(chart_id: str, table: DataTable | None) -> dict[str, Any]:
            chart = self.charts.get(chart_id)
            title = chart.title if chart else table.title if table else ""
            return {
                "title": title,
                "svg": views[chart_id].wide.svg if chart_id in views else "",
                "alt": chart.description if chart else "",
                "table": table_data(table, legend) if table else None,
            }

        size = self.tables.get("market-size")
        segments = [
            item(f"share-{dimension}", self.tables.get(f"segments-{dimension}"))
            for dimension in view.facts.segments
            if f"share-{dimension}" in self.charts or f"segments-{dimension}" in self.tables
        ]
        if "share-regions" in self.charts or "regions" in self.tables:
            segments.append(item("share-regions", self.tables.get("regions")))
        cards = self.sections.key_figures()
        url = self.page_url() if self.page_url().startswith(("http://", "https://")) else ""
        source = _("Source: %(publisher)s.") % {"publisher": self.options.publisher}
        methodology_url = ""
        if self.options.methodology and url:
            path = url_of(self.options.methodology, self.options.directory_urls)
            methodology_url = f"{self.options.site_url}{path}"
        attributes = self.sections.attributes()
        return {
            "lang": str(view.fmt.locale.language),
            "publisher": self.options.publisher,
            "heading": view.heading(),
            "title": view.title(),
            "dates": self.dates(),
            "key_figures": [
                {"label": c.label, "value": c.value, "detail": c.detail} for c in cards
            ],
            "key_legend": legend if any(c.derived for c in cards) else "",
            "findings": [
                {"label": plain_text(label), "text": plain_text(text)}
                for label, text in self.sections.key_findings()
            ],
            "size": item("market-size", size) if size or "market-size" in self.charts else None,
            "segments": segments,
            "scope": [{"label": label, "value": value} for label, value, _d in attributes],
            "scope_legend": legend if any(derived for *_r, derived in attributes) else "",
            "chapters": chapters,
            "methodology": [
                _(
                    "Every figure in this sample is either the publisher's, exactly as stated "
                    "(its decimals, its year or period, and qualifiers such as \u201cabout\u201d "
                    "or \u201cmore than\u201d), or derived by marketsite from published figures "
                    "and marked %(mark)s."
                )
                % {"mark": DERIVED_MARK},
                _(
                    "Derived are: market sizes implied by a stated size and the stated CAGR, the "
                    "years between two known sizes (interpolated at a constant growth rate), a "
                    "CAGR implied by two published sizes where none is stated, and the rest of "
                    "a set of shares to 100 %%. A derived figure has as many decimals as the "
                    "most precise published figure it comes from, and at most two."
                )
                % {},  # the message holds "%%", which formatting turns into "%"
                _(
                    "Before publication, every stated CAGR is checked against the published "
                    "sizes at both ends of its period, shares against 100 %%, and years and "
                    "dates for consistency."
                )
                % {},
            ],
            "methodology_url": methodology_url,
            "source": source if self.options.publisher else "",
            "citation": self.citation_text(),
            "url": url,
            "footer": " · ".join(part for part in (source, url) if part),
            "notice": _("This free sample shows parts of the full report."),
            "labels": {
                "sample": _("Free sample"),
                "contents": _("Contents"),
                "key_findings": _("Key findings"),
                "market_size": _("Market size"),
                "segmentation": _("Market segmentation"),
                "scope": _("Research scope"),
                "attribute": _("Attribute"),
                "value": _("Details"),
                "structure": _("Report structure"),
                "structure_intro": _("The full report has these chapters:"),
                "methodology": _("Research methodology"),
                "more": _("More on the methodology"),
                "source": _("Source and citation"),
                "cite_as": _("Cite as:"),
            },
        }

    def social_card(self) -> SocialCard:
        """The link preview: publisher, heading and the first three key figures."""
        cards = self.sections.key_figures()[:3]
        note = derived_legend(self.view._) if any(card.derived for card in cards) else ""
        return SocialCard(
            self.options.publisher,
            self.view.heading(),
            tuple((card.label, card.value) for card in cards),
            note,
        )

    def social_image_url(self) -> str:
        """The preview image's absolute URL ("" without a site URL or charts renderer)."""
        url = self.page_url()
        if self.options.charts is None or not url.startswith(("http://", "https://")):
            return ""
        return f"{self.options.site_url}{self.section}/{self.slug}/{SOCIAL_IMAGE}"

    def print_colophon(self) -> SafeMarkdown:
        """What paper must say, shown only in print: the page's address and its source."""
        _ = self.view._
        parts = []
        url = self.page_url()
        if url.startswith(("http://", "https://")):
            parts.append(url)
        if self.options.publisher:
            parts.append(_("Source: %(publisher)s.") % {"publisher": self.options.publisher})
        if not parts:
            return SafeMarkdown("")
        text = " · ".join(html.escape(part) for part in parts)
        return SafeMarkdown(f'<p class="marketsite-colophon">{text}</p>')

    def dates(self) -> str:
        """ "Published 12 January 2026 · updated 2 March 2026", as far as stated."""
        return report_dates(self.view)

    def methodology_link(self) -> str:
        """The methodology page, relative to the report's Markdown file ("" if none)."""
        return f"../{self.options.methodology}" if self.options.methodology else ""

    @property
    def xlsx_name(self) -> str:
        return f"{self.slug}.xlsx"

    def downloads(self) -> list[DownloadLink]:
        """Links for the page (relative to the report's Markdown file)."""
        if not self.tables:
            return []
        links = [DownloadLink(self.view._("All tables (XLSX)"), f"{self.slug}/{self.xlsx_name}")]
        links += [
            DownloadLink(f"{t.title} (CSV)", f"{self.slug}/{t.stem}.csv")
            for t in self.tables.values()
        ]
        return links

    def jsonld(self) -> str:
        """schema.org Dataset (with its downloads) and FAQPage, as <script> elements."""
        base = f"{self.options.site_url}{self.section}/"
        return report_jsonld(self.sections, self.page_url(), self.downloads(), base, self.options)


def report_dates(view: ReportView) -> str:
    """ "Published 12 January 2026 · updated 2 March 2026", as far as stated."""
    _, fmt, facts = view._, view.fmt, view.facts
    parts = []
    for key, label in (
        ("published", _("Published %(date)s")),
        ("updated", _("Updated %(date)s")),
    ):
        text = getattr(facts, key)
        date = calendar_date(text) if text else None
        if date is not None:
            day = fmt.month(date) if text.count("-") == 1 else fmt.day(date)
            parts.append(label % {"date": day})
    return " · ".join(parts)


#: How many reports the home page shows, newest first.
LATEST_REPORTS = 6
#: Where a hand-written home page wants the latest reports (else they follow its text).
LATEST_MARKER = "<!-- marketsite:latest-reports -->"


@dataclass(frozen=True)
class CatalogEntry:
    """What the catalog and the home page show of one report in one locale.

    Everything is final text (cells, figures) or a sort key, so the lists over
    all reports are made without rendering any report again.
    """

    report_id: str
    src_uri: str  # the report page's Markdown path under the docs dir
    market: str  # the market's name, capitalised: the catalog's link text
    heading: str
    size: str
    cagr: str
    period: str
    derived: bool  # the catalog row shows a derived figure
    dates: str  # "Published ... · updated ..." as far as stated
    newest: int | None  # ordinal of the update, else publication date
    figures: tuple[tuple[str, str], ...] = ()  # the first three key figures: (label, value)
    figures_derived: bool = False
    date: str = ""  # the newest stated date, as the catalog shows it
    sector: str = ""  # id ("" when not stated) and name
    sector_name: str = ""
    regions: tuple[tuple[str, str], ...] = ()  # (id, name) of the regions it covers
    size_value: float | None = None  # the current size in currency units, for sorting
    currency: str = ""
    cagr_value: float | None = None  # the main CAGR in percent, for sorting

    @classmethod
    def of(cls, view: ReportView, sections: ReportSections, src_uri: str) -> CatalogEntry:
        """The entry of a report (nothing of it needs rendering)."""
        facts = view.facts
        stated = facts.updated or facts.published
        date = calendar_date(stated) if stated else None
        cards = sections.key_figures()[:3]
        current, cagr = view.d.current, view.d.cagr
        shown_date = ""
        if stated and date is not None:
            shown_date = view.fmt.month(date) if stated.count("-") == 1 else view.fmt.day(date)
        return cls(
            report_id=view.d.report_id,
            src_uri=src_uri,
            market=capfirst(view.market),
            heading=view.heading(),
            size=sections.catalog_size(),
            cagr=sections.catalog_cagr(),
            period=sections.catalog_period(),
            derived=sections.catalog_has_derived,
            dates=report_dates(view),
            newest=date.toordinal() if date else None,
            figures=tuple((card.label, card.value) for card in cards),
            figures_derived=any(card.derived for card in cards),
            date=shown_date,
            sector=facts.sector or "",
            sector_name=name_text(view.names.sectors[facts.sector]) if facts.sector else "",
            regions=tuple((r.id, view.region_name(r.id)) for r in facts.regions.items),
            size_value=view.d.base_value(current.figure.value) if current else None,
            currency=facts.currency,
            cagr_value=float(cagr.figure.value) if cagr else None,
        )


def latest_reports_html(
    entries: list[CatalogEntry], gettext: Callable[[str], str], directory_urls: bool
) -> str:
    """The newest reports (by update, else publication date) as cards for the home page.

    Each card links the report and shows its first three key figures as the report
    page does, derived marks included; links are relative to the home page.
    """
    if not entries:
        return ""

    def newest_first(entry: CatalogEntry) -> tuple[int, str]:
        # Dated reports first, the newest on top; then undated ones, by name.
        return (-entry.newest if entry.newest else 1, entry.heading.lower())

    esc = html.escape
    cards = []
    any_derived = False
    for entry in sorted(entries, key=newest_first)[:LATEST_REPORTS]:
        path = entry.src_uri.removesuffix(".md")
        href = f"{path}/" if directory_urls else f"{path}.html"
        any_derived = any_derived or entry.figures_derived
        items = " ".join(
            f'<span class="marketsite-latest__figure">{esc(label)}: '
            f"<strong>{esc(value)}</strong></span>"
            for label, value in entry.figures
        )
        title = esc(entry.heading)
        cards.append(
            '<li class="marketsite-latest__report">'
            f'<a class="marketsite-latest__title" href="{esc(href)}">{title}</a>'
            + (
                f' <span class="marketsite-latest__date">{esc(entry.dates)}</span>'
                if entry.dates
                else ""
            )
            + (f' <span class="marketsite-latest__figures">{items}</span>' if items else "")
            + "</li>"
        )
    legend = (
        f'<p class="marketsite-latest__legend">{esc(derived_legend(gettext))}</p>'
        if any_derived
        else ""
    )
    heading = esc(gettext("Latest reports"))
    return (
        f'<section class="marketsite-latest" aria-labelledby="marketsite-latest">'
        f'<h2 id="marketsite-latest">{heading}</h2>'
        f'<ul class="marketsite-latest__list">{"".join(cards)}</ul>{legend}</section>'
    )


def derived_legend(gettext: Callable[[str], str]) -> str:
    """The legend under a table that has derived figures: what the mark means."""
    return gettext(
        "%(mark)s Derived by marketsite from the publisher's figures; not stated by the publisher."
    ) % {"mark": DERIVED_MARK}


def url_of(src_uri: str, directory_urls: bool = True) -> str:
    """URL path of a Markdown source as MkDocs writes it: ``a/b.md`` -> ``a/b/``,
    or ``a/b.html`` without ``use_directory_urls``."""
    path = src_uri.removesuffix(".md")
    if not directory_urls:
        return f"{path}.html"
    if path == "index" or path.endswith("/index"):
        return path.removesuffix("index")
    return f"{path}/"


def chapters_of(markdown: str) -> list[str]:
    """The chapter headings (level 2) of a rendered page, as plain text."""
    return [plain_text(line[3:]) for line in markdown.splitlines() if line.startswith("## ")]


def report_slug(text: ReportText, report_id: str) -> str:
    """The URL slug of a report in one language (the text file's slug, else the id)."""
    return text.slug or report_id


#: Reports per catalog page: what a reader scans, and what pages without JavaScript show.
CATALOG_PAGE_SIZE = RenderOptions.catalog_page_size


def catalog_paths(lang: str, reports: int, page_size: int = CATALOG_PAGE_SIZE) -> list[str]:
    """The catalog's pages of ``lang`` for ``reports`` reports: index.md, then page-2.md..."""
    catalog = translations(lang)
    section = catalog.pgettext("url path", "reports")
    word = catalog.pgettext("url path", "page")
    count = max(1, -(-reports // page_size))
    return [f"{section}/index.md"] + [f"{section}/{word}-{n}.md" for n in range(2, count + 1)]


def page_paths(dataset: Dataset, lang: str, page_size: int = CATALOG_PAGE_SIZE) -> dict[str, str]:
    """Where each generated page of ``lang`` goes: ``{page key: src_uri}``."""
    section = translations(lang).pgettext("url path", "reports")
    pages = catalog_paths(lang, len(dataset.reports), page_size)
    paths = {"catalog": pages[0]}
    paths.update({f"catalog:{number}": path for number, path in enumerate(pages[1:], start=2)})
    for report in dataset.reports:
        paths[f"report:{report.report_id}"] = (
            f"{section}/{report_slug(report.texts[lang], report.report_id)}.md"
        )
    return paths


def report_view(dataset: Dataset, report_index: int, lang: str) -> ReportView:
    """The view of one report of ``dataset`` in ``lang`` (for tests and tools)."""
    report = dataset.reports[report_index]
    catalog = translations(lang)
    return ReportView(
        derive(report),
        lang,
        report.names(dataset.names, lang),
        Formatter.for_tag(lang),
        Gettext(catalog.gettext, catalog.ngettext),
    )


@dataclass(frozen=True)
class RenderedReport:
    """One report rendered in one locale: its page, its files and its catalog entry.

    A file is its bytes, or the path of a cached copy (:mod:`marketsite.pagecache`).
    """

    page: Page
    files: dict[str, bytes | Path]
    entry: CatalogEntry


class ReportCache(Protocol):
    """Keeps rendered reports between builds (:class:`marketsite.pagecache.PageCache`)."""

    def key(self, report: Report, names: Names, lang: str, options: RenderOptions) -> str: ...

    def get(self, key: str) -> RenderedReport | None: ...

    def put(self, key: str, rendered: RenderedReport) -> RenderedReport: ...


class Renderer:
    """Renders the reports of one locale: the Jinja environment, catalog and formats."""

    def __init__(self, lang: str, options: RenderOptions | None = None) -> None:
        self.lang = lang
        self.options = options or RenderOptions()
        self.catalog = translations(lang)
        self.env, self.html_env = _environments(lang)
        self.fmt = Formatter.for_tag(lang)
        self.section = self.catalog.pgettext("url path", "reports")

    def report(self, report: Report, names: Names) -> RenderedReport:
        """Render one report's page and files."""
        lang, options, fmt, catalog = self.lang, self.options, self.fmt, self.catalog
        view = ReportView(
            derive(report), lang, names, fmt, Gettext(catalog.gettext, catalog.ngettext)
        )
        slug = report_slug(report.texts[lang], report.report_id)
        title = view.title()
        extras = ReportExtras(view, slug, self.section, options)
        description = view.plain(view.text.summary) or view.lead() or title
        # <title> and navigation take the short heading (the long title is the subtitle).
        markdown = self.env.get_template("report.md.j2").render(
            r=view,
            s=extras.sections,
            d=view.d,
            t=view.text,
            f=fmt,
            x=extras,
            options=options,
            front_matter=front_matter(title=view.heading(), description=description),
        )
        src_uri = f"{self.section}/{slug}.md"
        page = Page(
            f"report:{report.report_id}",
            src_uri,
            markdown,
            title,
            extras.jsonld(),
            extras.social_image_url(),
            dict(extras.blocks),
        )
        files: dict[str, bytes | Path] = dict(extras.files(markdown))
        if options.charts is not None:
            options.charts.forget()
        return RenderedReport(page, files, CatalogEntry.of(view, extras.sections, src_uri))

    def entry(self, report: Report, names: Names) -> CatalogEntry:
        """A report's catalog entry without rendering it (another shard renders it)."""
        catalog = self.catalog
        gettext = Gettext(catalog.gettext, catalog.ngettext)
        view = ReportView(derive(report), self.lang, names, self.fmt, gettext)
        slug = report_slug(report.texts[self.lang], report.report_id)
        return CatalogEntry.of(view, ReportSections(view), f"{self.section}/{slug}.md")

    def catalog_pages(self, entries: list[CatalogEntry]) -> tuple[list[Page], bytes]:
        """The catalog's pages (every report, ``catalog_page_size`` a page, by name) and
        the JSON its filters read (fetched only when a reader filters or sorts)."""
        gettext = self.catalog.gettext
        directory_urls = self.options.directory_urls
        size = self.options.catalog_page_size
        paths = catalog_paths(self.lang, len(entries), size)
        urls = [url_of(path, directory_urls) for path in paths]
        title = gettext("All reports")
        description = gettext("Every market report with its market size, growth rate and period.")
        data_url = f"{self.section}/{CATALOG_DATA}"
        sectors = sorted({(e.sector_name, e.sector) for e in entries if e.sector})
        regions = sorted({(name, rid) for e in entries for rid, name in e.regions})
        pages = []
        for number, (path, url) in enumerate(zip(paths, urls, strict=True), start=1):
            shown = entries[(number - 1) * size : number * size]
            block = self.html_env.get_template("catalog.html.j2").render(
                rows=[
                    (entry, relative_url(url, url_of(entry.src_uri, directory_urls)))
                    for entry in shown
                ],
                with_sector=bool(sectors),
                sectors=[(sid, name) for name, sid in sectors],
                regions=[(rid, name) for name, rid in regions],
                pager=[
                    (n, relative_url(url, target), n == number)
                    for n, target in enumerate(urls, start=1)
                ],
                data=relative_url(url, data_url),
                legend=derived_legend(gettext) if any(e.derived for e in entries) else "",
                total=len(entries),
                first=(number - 1) * size + 1,
                last=(number - 1) * size + len(shown),
            )
            slot = block_slot("catalog")
            heading = (
                title
                if number == 1
                else gettext("All reports, page %(number)s") % {"number": number}
            )
            meta = front_matter(title=heading, description=description)
            markdown = f"{meta}\n# {md_escape(heading)}\n\n{slot}\n"
            key = "catalog" if number == 1 else f"catalog:{number}"
            pages.append(Page(key, path, markdown, heading, blocks={slot: block}))
        records = [
            {
                "u": url_of(entry.src_uri, directory_urls).removeprefix(f"{self.section}/"),
                "c": [
                    entry.market,
                    entry.sector_name,
                    entry.size,
                    entry.cagr,
                    entry.period,
                    entry.date,
                ],
                "s": entry.sector,
                "r": [rid for rid, _ in entry.regions],
                "z": entry.size_value,
                "g": entry.cagr_value,
                "d": entry.newest,
            }
            for entry in entries
        ]
        data = json.dumps(records, ensure_ascii=False, separators=(",", ":"))
        return pages, data.encode("utf-8")


#: The catalog's data for filtering and sorting, beside its pages.
CATALOG_DATA = "catalog.json"


def relative_url(start: str, target: str) -> str:
    """``target`` relative to the page at ``start`` (both URL paths under the language root,
    as :func:`url_of` gives them): what a link in raw HTML on that page needs."""
    base = start if start.endswith("/") or not start else posixpath.dirname(start) + "/"
    relative = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") or not target:
        relative = "./" if relative == "." else relative + "/"
    return relative


@dataclass(frozen=True)
class Shard:
    """Shard ``number`` of ``count``: every count-th report, by report id.

    Report pages depend on their own report only, so shards can be built apart;
    the pages over all reports (catalog, home) are the same in every shard.
    """

    number: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """ "2/3" -> Shard(2, 3); ValueError with what is wrong otherwise."""
        number, _, count = text.partition("/")
        try:
            shard = cls(int(number), int(count))
        except ValueError:
            raise ValueError(f"'{text}' is not a shard; write K/N, e.g. 2/3") from None
        if not 1 <= shard.number <= shard.count:
            raise ValueError(f"shard '{text}': K must be between 1 and N")
        return shard

    def select(self, report_ids: list[str]) -> set[str]:
        """The ids of the reports this shard renders."""
        ordered = sorted(report_ids)
        return {rid for n, rid in enumerate(ordered) if n % self.count == self.number - 1}

    def __str__(self) -> str:
        return f"{self.number}/{self.count}"


def render_locale(
    dataset: Dataset,
    lang: str,
    options: RenderOptions | None = None,
    cache: ReportCache | None = None,
    shard: Shard | None = None,
) -> PageSet:
    """Render every generated page of the site for one locale (a ``shard``'s reports).

    With a ``cache``, a report whose inputs did not change since it was last
    rendered is taken from there.
    """
    renderer = Renderer(lang, options)
    page_set = PageSet(lang)
    entries = []
    ids = [report.report_id for report in dataset.reports]
    rendered_here = shard.select(ids) if shard is not None else set(ids)
    for report in sorted(dataset.reports, key=lambda r: r.texts[lang].market_name.lower()):
        names = report.names(dataset.names, lang)
        if report.report_id not in rendered_here:
            entries.append(renderer.entry(report, names))
            continue
        key = cache.key(report, names, lang, renderer.options) if cache is not None else ""
        rendered = cache.get(key) if cache is not None else None
        if rendered is None:
            rendered = renderer.report(report, names)
            if cache is not None:
                rendered = cache.put(key, rendered)
        page_set.pages.append(rendered.page)
        page_set.assets.update(rendered.files)
        entries.append(rendered.entry)
        if key:
            page_set.versions[rendered.page.src_uri] = key
    page_set.latest = latest_reports_html(
        entries, renderer.catalog.gettext, renderer.options.directory_urls
    )
    pages, data = renderer.catalog_pages(entries)
    page_set.pages += pages
    page_set.assets[f"{renderer.section}/{CATALOG_DATA}"] = data
    return page_set


def changes_path(lang: str) -> str:
    """Where the "what changed" page of ``lang`` goes."""
    path = translations(lang).pgettext("url path", "changes")
    return f"{path}.md"


def changes_page(history: list[dict[str, Any]], lang: str) -> Page | None:
    """The "what changed" page: every edition's release notes in ``lang``, newest first.

    The notes are Markdown the release built from escaped parts (:mod:`marketsite.notes`).
    """
    if not history:
        return None
    catalog = translations(lang)
    _ = catalog.gettext
    fmt = Formatter.for_tag(lang)
    title = _("What changed")
    description = _("The changes of every edition of the reports, newest first.")
    parts = [front_matter(title=title, description=description), f"# {md_escape(title)}", ""]
    for entry in history:
        day = fmt.day(dt.date.fromisoformat(entry["date"]))
        heading = _("Edition %(version)s of %(date)s") % {"version": entry["version"], "date": day}
        notes = entry["notes"].get(lang, "")
        parts += [f"## {md_escape(heading)}", ""]
        parts += [notes.strip() or md_escape(_("The first edition.")), ""]
    return Page("changes", changes_path(lang), "\n".join(parts), title)


def front_matter(**meta: str) -> SafeMarkdown:
    """YAML front matter. Values are HTML-escaped: Material prints them into HTML unescaped."""
    lines = [
        f"{key}: {json.dumps(html.escape(value), ensure_ascii=False)}"
        for key, value in meta.items()
    ]
    return SafeMarkdown("---\n" + "\n".join(lines) + "\n---\n")
