"""The report page generator: one report in one locale -> its page, its files, its
catalog entry.

The template (``templates/report.md.j2``) gets the report's parts under names that say
what they are: ``report`` (the derived view with its sentences), ``sections`` (key
figures, findings, FAQ), ``derived`` (the computed facts), ``text`` (the editors'
prose), ``fmt`` (Babel formatting) and ``page`` (:class:`ReportPage`: tables, charts,
links to the files of :mod:`.outputs`).
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from marketsite.derivation.attribution import source_note, source_sentence
from marketsite.derivation.editor_notes import editor_notes
from marketsite.derivation.escape import SafeMarkdown, md_escape
from marketsite.derivation.sections import report_dates
from marketsite.rendering.catalog import CatalogEntry
from marketsite.rendering.catalog_data import PACKAGE, REPORT_PACKAGE, facts_path
from marketsite.rendering.charts import Chart
from marketsite.rendering.feed import FEED
from marketsite.rendering.jsonld import DownloadLink, json_for_html, report_jsonld
from marketsite.rendering.outputs import (
    CITE_STEM,
    SOCIAL_IMAGE,
    ReportMaterial,
    licence_sentence,
    report_files,
)
from marketsite.rendering.pages import (
    Environments,
    Page,
    block_slot,
    derived_legend,
    front_matter,
    markdown_table,
)
from marketsite.rendering.paths import compare_path, relative_url, url_of


class ReportPage:
    """The parts of one report page that link its files or hold raw HTML; the template
    calls them. Charts become HTML blocks, kept in :attr:`blocks` by their slot."""

    def __init__(self, material: ReportMaterial, environments: Environments) -> None:
        self.material = material
        self.view = material.view
        self.sections = material.sections
        self.tables = material.tables
        self.options = material.options
        self.slug = material.slug
        self.html_env = environments.html
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
        chart = self.material.charts.get(chart_id)
        if chart is None or self.options.charts is None:
            return SafeMarkdown("")
        views = self.options.charts.render(chart)
        # The specs and locale let marketsite.js upgrade the SVG to an interactive view.
        embed = json_for_html(
            {
                "spec": json.loads(views.wide.spec_json),
                "narrowSpec": json.loads(views.narrow.spec_json),
                "formatLocale": chart.format_locale,
            }
        )
        headers, rows, _numeric = chart.table.page_view()
        block = self.html_env.get_template("chart.html.j2").render(
            chart=chart,
            wide_svg=Markup(views.wide.svg),  # vl-convert's SVG escapes its own text
            narrow_svg=Markup(views.narrow.svg),
            embed=Markup(embed),
            stem=self.page_relative(f"chart-{chart.chart_id}"),
            data_files=self.chart_data_files(chart),
            table=(headers, rows) if with_table else None,
        )
        slot = block_slot(f"chart-{chart.chart_id}")
        self.blocks[slot] = block
        return SafeMarkdown(slot)

    def chart_data_files(self, chart: Chart) -> list[tuple[str, str]]:
        """The data behind a chart, right under it: its table as CSV, and the workbook
        of all the report's tables (links relative to the page)."""
        files = []
        if chart.table.stem in self.tables:
            files.append(("CSV", self.page_relative(f"{chart.table.stem}.csv")))
        if self.tables:
            files.append(("XLSX", self.page_relative(self.material.xlsx_name)))
        return files

    def licence_note(self) -> str:
        """The terms of reuse, as the page states them ("" when the site states none)."""
        return licence_sentence(self.view._, self.options)

    def page_relative(self, name: str) -> str:
        """A file of this report, relative to the page's URL (for links in raw HTML).

        MkDocs rewrites Markdown links, which are relative to the Markdown file;
        it leaves HTML alone, so those must be relative to where the page ends up.
        """
        return name if self.options.directory_urls else f"{self.slug}/{name}"

    def citation_text(self) -> str:
        """The suggested citation, or "" without a publisher."""
        return self.material.citation_text()

    def apa_text(self) -> str:
        """The citation in APA style, or "" without a publisher."""
        return self.material.apa_text()

    def copy_link(self) -> SafeMarkdown:
        """A button that copies the page's address (raw HTML; marketsite.js shows it, so
        it is not there without JavaScript); "" when the site's address is unknown."""
        if not self.material.public_url:
            return SafeMarkdown("")
        return SafeMarkdown(
            self.html_env.get_template("copy_link.html.j2").render(url=self.material.public_url)
        )

    def cite_links(self) -> list[DownloadLink]:
        """BibTeX and RIS downloads of the citation (relative to the report's page)."""
        if self.material.citation is None:
            return []
        return [
            DownloadLink("BibTeX", f"{self.slug}/{CITE_STEM}.bib"),
            DownloadLink("RIS", f"{self.slug}/{CITE_STEM}.ris"),
        ]

    def sample_href(self) -> str:
        """The sample PDF, relative to the report's Markdown file ("" when not built)."""
        if self.options.charts is None:
            return ""
        return f"{self.slug}/{self.material.sample_name}"

    def social_image_url(self) -> str:
        """The preview image's absolute URL ("" without a site URL or charts renderer)."""
        if self.options.charts is None or not self.material.public_url:
            return ""
        return f"{self.options.site_url}{self.material.folder}/{SOCIAL_IMAGE}"

    def print_colophon(self) -> SafeMarkdown:
        """What paper must say, shown only in print: the page's address and its source."""
        parts = []
        if self.material.public_url:
            parts.append(self.material.public_url)
        source = source_sentence(self.view, self.options.publisher)
        if source:
            parts.append(source)
        if not parts:
            return SafeMarkdown("")
        return SafeMarkdown(self.html_env.get_template("colophon.html.j2").render(parts=parts))

    def print_style(self) -> str:
        """The running footer of every printed page, for the page's <head>: its address,
        its edition or the date of its data, and "page x of y", in the page box's
        margins (@page margin boxes)."""
        _ = self.view._
        footer = [self.material.public_url] if self.material.public_url else []
        updated, edition = self._status_words()
        if edition or updated:
            footer.append(edition or updated)
        counter = (
            css_string(_("Page %(page)s of %(pages)s"))
            .replace("%(page)s", '" counter(page) "')
            .replace("%(pages)s", '" counter(pages) "')
        )
        box = "font-size: 8pt; color: #555;"
        return (
            '<style media="print">@page { '
            f"@bottom-left {{ content: {css_string(' · '.join(footer))}; {box} }} "
            f"@bottom-right {{ content: {counter}; {box} }} }}</style>"
        )

    def source_note(self) -> SafeMarkdown:
        """The "Source and citation" paragraph: the original sources and the compiler, or
        the site's publisher alone."""
        return source_note(self.view, self.options.publisher)

    def editor_notes(self) -> SafeMarkdown:
        """The inconsistencies the editors accepted, as a Material note ("" if none)."""
        notes = editor_notes(self.view)
        if not notes:
            return SafeMarkdown("")
        title = self.view._("Editor's note") if len(notes) == 1 else self.view._("Editor's notes")
        # An admonition's title is quoted: a quotation mark in it would end it early.
        head = f'!!! note "{md_escape(title).replace(chr(34), "&quot;")}"'
        body = "\n\n".join(f"    {md_escape(note)}" for note in notes)
        return SafeMarkdown(f"{head}\n\n{body}")

    def key_figures_html(self) -> SafeMarkdown:
        """The key figures as a raw HTML block."""
        cards = self.sections.key_figures()
        if not cards:
            return SafeMarkdown("")
        block = self.html_env.get_template("key_figures.html.j2").render(cards=cards)
        return SafeMarkdown(block)

    def dates(self) -> str:
        """ "Published 12 January 2026 · updated 2 March 2026", as far as stated."""
        return report_dates(self.view)

    def data_date(self) -> str:
        """When this report's data last changed (YYYY-MM-DD, from git; "" unknown)."""
        return self.options.report_dates.get(self.view.d.report_id, "")

    def _status_words(self) -> tuple[str, str]:
        """ "Page updated 3 December 2026" and "Edition v2", each "" when unknown."""
        _ = self.view._
        updated = ""
        if self.data_date():
            day = self.view.fmt.day(dt.date.fromisoformat(self.data_date()))
            updated = _("Page updated %(date)s") % {"date": day}
        edition = _("Edition %(version)s") % {"version": self.options.edition}
        return updated, edition if self.options.edition else ""

    def page_status(self) -> SafeMarkdown:
        """ "Page updated 3 December 2026 · Edition v2": when the page's data last changed
        (never the time of the build), and in a release the edition, linked to what
        changed in it. A paragraph with its class (attr_list); "" when neither is known."""
        updated, edition = self._status_words()
        parts = [str(md_escape(updated))] if updated else []
        if edition:
            edition = str(md_escape(edition))
            if self.options.changes_page:
                edition = f"[{edition}](../{self.options.changes_page})"
            parts.append(edition)
        if not parts:
            return SafeMarkdown("")
        return SafeMarkdown(" · ".join(parts) + "\n{: .marketsite-updated }")

    def methodology_link(self) -> str:
        """The methodology page, relative to the report's Markdown file ("" if none)."""
        return f"../{self.options.methodology}" if self.options.methodology else ""

    def downloads(self) -> list[DownloadLink]:
        """Links for the page (relative to the report's Markdown file)."""
        if not self.tables:
            return []
        xlsx = f"{self.slug}/{self.material.xlsx_name}"
        links = [DownloadLink(self.view._("All tables (XLSX)"), xlsx)]
        links += [
            DownloadLink(f"{t.title} (CSV)", f"{self.slug}/{t.stem}.csv")
            for t in self.tables.values()
        ]
        return links

    def data_links(self) -> SafeMarkdown:
        """The report as data for tools, as a list of raw HTML links relative to the page:
        its tables' data package, its facts as JSON and the site's whole package. The last
        two lie outside the language's docs folder, where MkDocs resolves no link."""
        _ = self.view._
        links = []
        if self.tables:
            links.append(
                (_("All tables as a data package (JSON)"), self.page_relative(REPORT_PACKAGE))
            )
        links += [
            (
                _("The report's figures as data (JSON)"),
                self.lang_relative(f"../{facts_path(self.view.d.report_id)}"),
            ),
            (_("Every report's tables (data package)"), self.lang_relative(f"../{PACKAGE}")),
        ]
        return SafeMarkdown(
            "\n".join(
                f'- <a href="{html.escape(href)}">{html.escape(label)}</a>' for label, href in links
            )
        )

    def lang_relative(self, target: str) -> str:
        """``target`` (a URL path under the language's root) relative to this page, for
        links in raw HTML."""
        return relative_url(url_of(self.material.src_uri, self.options.directory_urls), target)

    def related_list(self) -> SafeMarkdown:
        """Related reports as a list of links relative to the page ("" without any)."""
        return SafeMarkdown(
            "\n".join(
                f'- <a href="{html.escape(self.lang_relative(url))}">{md_escape(heading)}</a>'
                for heading, url in self.material.related
            )
        )

    def compare_link(self) -> SafeMarkdown:
        """A link to the comparison page with this report chosen (raw HTML, relative to
        the page)."""
        page = url_of(compare_path(str(self.view.fmt.locale.language)), self.options.directory_urls)
        href = f"{self.lang_relative(page)}?m={self.view.d.report_id}"
        label = html.escape(self.view._("Compare this market with others"))
        return SafeMarkdown(f'<a href="{html.escape(href)}">{label}</a>')

    def feed_link(self) -> SafeMarkdown:
        """A link to the language's feed, where this report has its entry (raw HTML,
        relative to the page); "" when the report has no date to be listed by."""
        facts = self.view.facts
        if not (self.data_date() or facts.updated or facts.published):
            return SafeMarkdown("")
        label = html.escape(self.view._("Follow new reports and editions (Atom feed)"))
        href = html.escape(self.lang_relative(FEED))
        return SafeMarkdown(f'<a href="{href}" type="application/atom+xml">{label}</a>')

    def print_url(self, href: str) -> SafeMarkdown:
        """The attribute that prints a link to one of the report's files as its address
        ({: data-print-url="…" }, for attr_list); "" when the site's address is unknown."""
        if not self.material.public_url or '"' in self.material.public_url:
            return SafeMarkdown("")
        name = href.split("/", 1)[1] if "/" in href else href
        return SafeMarkdown(f'{{: data-print-url="{self.material.public_url}{name}" }}')

    def jsonld(self) -> str:
        """schema.org Dataset (with its downloads) and FAQPage, as <script> elements."""
        base = f"{self.options.site_url}{self.material.section}/"
        blocks = report_jsonld(
            self.sections, self.material.page_url, self.downloads(), base, self.options
        )
        template = self.html_env.get_template("jsonld.html.j2")
        return template.render(blocks=[json_for_html(block) for block in blocks]).rstrip("\n")


@dataclass(frozen=True)
class RenderedReport:
    """One report rendered in one locale: its page, its files and its catalog entry.

    A file is its bytes, or the path of a cached copy (:mod:`marketsite.rendering.pagecache`).
    """

    page: Page
    files: dict[str, bytes | Path]
    entry: CatalogEntry


def render_report(material: ReportMaterial, environments: Environments) -> RenderedReport:
    """Render one report's page and files."""
    view, options = material.view, material.options
    page = ReportPage(material, environments)
    title = view.title()
    description = view.plain(view.text.summary) or view.lead() or title
    # <title> and navigation take the short heading (the long title is the subtitle).
    markdown = environments.markdown.get_template("report.md.j2").render(
        report=view,
        sections=material.sections,
        derived=view.d,
        text=view.text,
        fmt=view.fmt,
        page=page,
        options=options,
        front_matter=front_matter(
            title=view.heading(),
            description=description,
            **({"modified": page.data_date()} if page.data_date() else {}),
        ),
    )
    src_uri = material.src_uri
    rendered = Page(
        f"report:{view.d.report_id}",
        src_uri,
        markdown,
        title,
        page.jsonld() + page.print_style(),
        page.social_image_url(),
        dict(page.blocks),
    )
    files: dict[str, bytes | Path] = dict(report_files(material, markdown))
    if options.charts is not None:
        options.charts.forget()
    return RenderedReport(rendered, files, CatalogEntry.of(view, material.sections, src_uri))


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string that cannot end its string or its <style>."""
    escaped = "".join(
        c if c.isalnum() or c in " .,:/·-_?=&%()" or ord(c) > 127 else f"\\{ord(c):x} "
        for c in text
    )
    return f'"{escaped}"'
