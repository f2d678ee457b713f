"""Every file a report page offers, in one registry: name -> function -> files.

Each output is a function of a :class:`ReportMaterial` (the report's derived view,
its tables and charts, where its files go) and the rendered page, returning
``{path relative to the docs dir: bytes}``. A new download is one function and one
line in :data:`REPORT_OUTPUTS`; the page links it from :mod:`.report_page`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from marketsite.data.fields import calendar_date
from marketsite.derivation.attribution import based_on, source_sentence
from marketsite.derivation.editor_notes import editor_notes
from marketsite.derivation.figures import DERIVED_MARK
from marketsite.derivation.locale import translations
from marketsite.derivation.prose import ReportView
from marketsite.derivation.sections import ReportSections, report_dates
from marketsite.rendering.catalog_data import REPORT_PACKAGE, report_package
from marketsite.rendering.charts import Chart, framed_svg
from marketsite.rendering.citation import Citation, apa_text, bibtex, citation_text, ris
from marketsite.rendering.datatable import DataTable
from marketsite.rendering.downloads import to_csv, to_xlsx
from marketsite.rendering.jsonld import plain_text
from marketsite.rendering.pages import RenderOptions, derived_legend
from marketsite.rendering.paths import url_of
from marketsite.rendering.pdf import sample_pdf, table_data
from marketsite.rendering.report_charts import report_charts
from marketsite.rendering.social import SocialCard, card_svg
from marketsite.rendering.tables import report_tables

#: A report's link preview image, beside its downloads.
SOCIAL_IMAGE = "social.png"
#: File stem of a report's citation downloads (cite.bib, cite.ris).
CITE_STEM = "cite"


@dataclass(frozen=True)
class ReportMaterial:
    """What a report's page and its files are made from, computed once per report and
    locale: the derived view, its sections, tables and charts, and where it goes."""

    view: ReportView
    sections: ReportSections
    tables: Mapping[str, DataTable]
    charts: Mapping[str, Chart]
    slug: str
    section: str  # the locale's reports folder ("berichte", "reports")
    options: RenderOptions
    #: Related reports, closest first: (heading, page URL under the language root).
    related: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(
        cls,
        view: ReportView,
        slug: str,
        section: str,
        options: RenderOptions,
        related: tuple[tuple[str, str], ...] = (),
    ) -> ReportMaterial:
        tables = report_tables(view)
        charts = {chart.chart_id: chart for chart in report_charts(view, tables)}
        return cls(view, ReportSections(view), tables, charts, slug, section, options, related)

    @property
    def src_uri(self) -> str:
        """The page's Markdown path under the docs dir."""
        return f"{self.section}/{self.slug}.md"

    @property
    def folder(self) -> str:
        """Where the report's files go, relative to the docs dir."""
        return f"{self.section}/{self.slug}"

    @property
    def page_url(self) -> str:
        """Where the report's page ends up, under the locale's site URL."""
        page = f"{self.slug}/" if self.options.directory_urls else f"{self.slug}.html"
        return f"{self.options.site_url}{self.section}/{page}"

    @property
    def public_url(self) -> str:
        """The page's absolute URL, or "" when the site has no http(s) address."""
        url = self.page_url
        return url if url.startswith(("http://", "https://")) else ""

    @property
    def xlsx_name(self) -> str:
        return f"{self.slug}.xlsx"

    @property
    def sample_name(self) -> str:
        """The sample PDF's file name: "<slug>-leseprobe.pdf", "<slug>-sample.pdf"."""
        catalog = translations(str(self.view.fmt.locale.language))
        sample = catalog.pgettext("file name", "sample")  # outside the f-string, for pybabel
        return f"{self.slug}-{sample}.pdf"

    @property
    def citation(self) -> Citation | None:
        """What a citation of this page names (None without a publisher)."""
        if not self.options.publisher:
            return None
        facts = self.view.facts
        stated = facts.updated or facts.published
        return Citation(
            self.options.publisher,
            self.view.heading(),
            self.public_url,
            str(self.view.fmt.locale).split("_")[0],
            calendar_date(stated) if stated else None,
            stated is not None and stated.count("-") == 1,
            based_on(self.view),
        )

    def citation_text(self) -> str:
        """The suggested citation, or "" without a publisher."""
        citation = self.citation
        return citation_text(citation, self.view._, self.view.fmt) if citation else ""

    def apa_text(self) -> str:
        """The citation in APA style, or "" without a publisher."""
        citation = self.citation
        return apa_text(citation, self.view._) if citation else ""


#: One output: the report's material and its rendered page -> files by path.
ReportOutput = Callable[[ReportMaterial, str], dict[str, bytes]]


def table_csv_files(material: ReportMaterial, _page: str) -> dict[str, bytes]:
    """Each table as CSV, in the locale's decimal symbol."""
    decimal = material.view.fmt.decimal_symbol()
    return {
        f"{material.folder}/{table.stem}.csv": to_csv(table, decimal)
        for table in material.tables.values()
    }


def tables_xlsx_file(material: ReportMaterial, _page: str) -> dict[str, bytes]:
    """All tables in one workbook, a sheet each."""
    if not material.tables:
        return {}
    return {f"{material.folder}/{material.xlsx_name}": to_xlsx(list(material.tables.values()))}


def chart_files(material: ReportMaterial, _page: str) -> dict[str, bytes]:
    """Each chart as SVG and PNG (as wide screens show it), each standing on its own: its
    title and unit, the derived mark's legend, the source, the page's address and the
    licence are in the file."""
    renderer = material.options.charts
    if renderer is None:
        return {}
    notes = chart_notes(material)
    files = {}
    for chart in material.charts.values():
        views = renderer.render(chart)
        framed = framed_svg(
            views.wide.svg, chart.title, chart.bars.value_title, [chart.legend, *notes]
        )
        files[f"{material.folder}/chart-{chart.chart_id}.svg"] = framed.encode("utf-8")
        files[f"{material.folder}/chart-{chart.chart_id}.png"] = renderer.svg_png(framed, scale=2)
    return files


def chart_notes(material: ReportMaterial) -> list[str]:
    """What a chart file says below the chart: its source, the page it is from, and the
    terms of reuse."""
    view, options = material.view, material.options
    notes = [source_sentence(view, options.publisher)]
    if material.public_url:
        notes.append(material.public_url)
    notes.append(licence_sentence(view._, options))
    return [note for note in notes if note]


def licence_sentence(gettext: Callable[[str], str], options: RenderOptions) -> str:
    """The terms of reuse: the licence (with its address), or "All rights reserved"
    with whom to ask; "" when the site states neither."""
    name = options.license_name
    if name == "All rights reserved":  # the usual words, said in the reader's language
        name = gettext("All rights reserved")
    text = gettext("Licence: %(licence)s") % {"licence": name} if name else ""
    if text and options.license_url:
        text += f" ({options.license_url})"
    if options.contact_email and (not options.license_url):
        ask = gettext("For reuse, write to %(email)s.") % {"email": options.contact_email}
        text = f"{text}. {ask}" if text else ask
    return text


def social_image_file(material: ReportMaterial, _page: str) -> dict[str, bytes]:
    """The link preview image (drawn with the charts' renderer)."""
    renderer = material.options.charts
    if renderer is None:
        return {}
    svg = card_svg(social_card(material), material.options.compiled_templates)
    return {f"{material.folder}/{SOCIAL_IMAGE}": renderer.svg_png(svg)}


def sample_pdf_file(material: ReportMaterial, page: str) -> dict[str, bytes]:
    """The free sample as PDF, listing the chapters of the rendered ``page``."""
    renderer = material.options.charts
    if renderer is None:
        return {}
    data = sample_data(material, chapters_of(page, material.view._))
    return {f"{material.folder}/{material.sample_name}": sample_pdf(data, renderer.cache_dir)}


def data_package_file(material: ReportMaterial, _page: str) -> dict[str, bytes]:
    """The report's tables as a Frictionless Data Package: their CSVs, described."""
    if not material.tables:
        return {}
    view = material.view
    package = report_package(
        material.tables.values(),
        view.d.report_id,
        str(view.fmt.locale.language),
        view.heading(),
        view.fmt.decimal_symbol(),
    )
    return {f"{material.folder}/{REPORT_PACKAGE}": package}


def citation_files(material: ReportMaterial, _page: str) -> dict[str, bytes]:
    """The suggested citation as BibTeX and RIS (none without a publisher)."""
    citation = material.citation
    if citation is None:
        return {}
    key = f"{material.view.d.report_id}-{citation.lang}"
    return {
        f"{material.folder}/{CITE_STEM}.bib": bibtex(citation, key).encode("utf-8"),
        f"{material.folder}/{CITE_STEM}.ris": ris(citation).encode("utf-8"),
    }


#: Every per-report output, in the order its files are written.
REPORT_OUTPUTS: Mapping[str, ReportOutput] = {
    "csv": table_csv_files,
    "xlsx": tables_xlsx_file,
    "data-package": data_package_file,
    "charts": chart_files,
    "social-image": social_image_file,
    "sample-pdf": sample_pdf_file,
    "citation": citation_files,
}


def report_files(material: ReportMaterial, page: str) -> dict[str, bytes]:
    """Every output's files for one report page."""
    files: dict[str, bytes] = {}
    for output in REPORT_OUTPUTS.values():
        files.update(output(material, page))
    return files


def chapters_of(markdown: str, gettext: Callable[[str], str]) -> list[str]:
    """The chapter headings (level 2) of a rendered page, as plain text: the report's
    chapters, without the sections only the web page has (downloads, source and
    citation, questions readers ask)."""
    web_only = {gettext(h) for h in WEB_ONLY_SECTIONS}
    headings = [plain_text(line[3:]) for line in markdown.splitlines() if line.startswith("## ")]
    return [heading for heading in headings if heading not in web_only]


#: Page sections that belong to the web page, not to the report (gettext msgids).
WEB_ONLY_SECTIONS = ("Data downloads", "Source and citation", "Frequently asked questions")


def social_card(material: ReportMaterial) -> SocialCard:
    """The link preview: publisher, heading and the first three key figures."""
    cards = material.sections.key_figures()[:3]
    note = derived_legend(material.view._) if any(card.derived for card in cards) else ""
    return SocialCard(
        material.options.publisher,
        material.view.heading(),
        tuple((card.label, card.value) for card in cards),
        note,
    )


def sample_data(material: ReportMaterial, chapters: list[str]) -> dict[str, Any]:
    """What the sample PDF shows (templates/sample.typ), all as plain text."""
    _, view = material.view._, material.view
    legend = derived_legend(_)
    views = {}
    if material.options.charts is not None:
        views = {
            cid: material.options.charts.render(chart) for cid, chart in material.charts.items()
        }

    def item(chart_id: str, table: DataTable | None) -> dict[str, Any]:
        chart = material.charts.get(chart_id)
        title = chart.title if chart else table.title if table else ""
        return {
            "title": title,
            "svg": views[chart_id].wide.svg if chart_id in views else "",
            "alt": chart.description if chart else "",
            "table": table_data(table, legend) if table else None,
        }

    size = material.tables.get("market-size")
    segments = [
        item(f"share-{dimension}", material.tables.get(f"segments-{dimension}"))
        for dimension in view.facts.segments
        if f"share-{dimension}" in material.charts or f"segments-{dimension}" in material.tables
    ]
    if "share-regions" in material.charts or "regions" in material.tables:
        segments.append(item("share-regions", material.tables.get("regions")))
    cards = material.sections.key_figures()
    url = material.public_url
    source = source_sentence(view, material.options.publisher)
    methodology_url = ""
    if material.options.methodology and url:
        path = url_of(material.options.methodology, material.options.directory_urls)
        methodology_url = f"{material.options.site_url}{path}"
    attributes = material.sections.attributes()
    return {
        "lang": str(view.fmt.locale.language),
        "publisher": material.options.publisher,
        "heading": view.heading(),
        "title": view.title(),
        "dates": report_dates(view),
        "key_figures": [{"label": c.label, "value": c.value, "detail": c.detail} for c in cards],
        "key_legend": legend if any(c.derived for c in cards) else "",
        "editor_notes": editor_notes(view),
        "findings": [
            {"label": plain_text(label), "text": plain_text(text)}
            for label, text in material.sections.key_findings()
        ],
        "size": item("market-size", size) if size or "market-size" in material.charts else None,
        "segments": segments,
        "scope": [{"label": label, "value": value} for label, value, _d in attributes],
        "scope_legend": legend if any(derived for *_r, derived in attributes) else "",
        "chapters": chapters,
        "methodology": [
            # The publisher's own account first (or that it gives none), then ours.
            plain_text(view.plain(view.text.methodology))
            if view.text.methodology
            else _("The publisher describes no methodology for this report."),
            _(
                "Every figure in this sample is either the publisher's, exactly as stated "
                "(its decimals, its year or period, and qualifiers such as \u201cabout\u201d "
                "or \u201cmore than\u201d), or derived by us from published figures "
                "and marked %(mark)s."
            )
            % {"mark": DERIVED_MARK},
            _(
                "Derived are: market sizes implied by a stated size and the stated CAGR, the "
                "years between two known sizes (interpolated at a constant growth rate), a "
                "CAGR implied by two published sizes where none is stated, and the rest of "
                "a set of shares to 100%%. A derived figure has as many decimals as the "
                "most precise published figure it comes from, and at most two."
            )
            % {},  # the message holds "%%", which formatting turns into "%"
            _(
                "Before publication, every stated CAGR is checked against the published "
                "sizes at both ends of its period, shares against 100%%, and years and "
                "dates for consistency."
            )
            % {},
        ],
        "methodology_url": methodology_url,
        "source": source if material.options.publisher else "",
        "citation": material.citation_text(),
        "url": url,
        "footer": " · ".join(part for part in (source, url) if part),
        "notice": _("This free sample shows parts of the full report."),
        "labels": {
            "sample": _("Free sample"),
            "contents": _("Contents"),
            "editor_notes": _("Editor's notes"),
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
