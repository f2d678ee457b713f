"""Render stage: Jinja2 + Babel turn derived reports into one Markdown page set per locale.

Nothing here reads files except the package's own templates and catalogs. The
output is a :class:`PageSet` (``{src_uri: markdown}`` plus a language-neutral
key per page) that any Material-compatible builder can take; the MkDocs plugin
is only one way to hand it over.

Escaping: every ``{{ value }}`` in a template is plain text and is escaped for
Markdown by the environment's ``finalize`` hook; only :class:`SafeMarkdown`
(built here from escaped parts) passes through as markup.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

import jinja2
import pandas as pd
from babel.numbers import get_currency_name

from marketsite.charts import (
    BarChart,
    Chart,
    ChartRenderer,
    ChartTable,
    format_locale,
    magnitude_word,
)
from marketsite.derive import (
    OTHER,
    REST_OF_WORLD,
    DatedDevelopment,
    DerivedReport,
    ShareValue,
    derive,
)
from marketsite.downloads import Table, to_csv, to_xlsx
from marketsite.locale import Formatter, translations
from marketsite.model import REFERENCE_RE, Dataset, Names, ReportText

#: Characters Python-Markdown (with the tables and attr_list extensions) treats as syntax.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}()|#!~])")
_MD_LINE_START = re.compile(r"^([ \t]*)([-+=]|\d+(?=[.)]))")
_WHITESPACE = re.compile(r"[ \t\r\n]+")  # not \s: CLDR's no-break spaces must survive


class SafeMarkdown(str):
    """Markdown that is already escaped; ``finalize`` passes it through unchanged."""


def md_escape(value: object) -> SafeMarkdown:
    """Plain text -> Markdown that shows exactly that text (no markup, no HTML, no links)."""
    if isinstance(value, SafeMarkdown):
        return value
    text = _WHITESPACE.sub(" ", str(value)).strip()
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return SafeMarkdown(_MD_LINE_START.sub(r"\1\\\2", text))


def capfirst(value: str) -> str:
    """Upper-case the first letter only ("omni-channel services" -> "Omni-channel services")."""
    return value[:1].upper() + value[1:] if value else value


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes in the docs tree, its Markdown, extra <head> HTML."""

    key: str
    src_uri: str
    markdown: str
    title: str
    head: str = ""


@dataclass
class PageSet:
    """Everything generated for one locale: pages, and files such as downloads."""

    lang: str
    pages: list[Page] = field(default_factory=list)
    assets: dict[str, bytes] = field(default_factory=dict)


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


@dataclass(frozen=True)
class Download:
    """A file offered on a report page: its label and its path next to the page."""

    label: str
    href: str


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


class ReportView:
    """What a report template may ask for, in one locale: names, prose and sentences."""

    def __init__(
        self, derived: DerivedReport, lang: str, names: Names, fmt: Formatter, gettext: Callable
    ) -> None:
        self.d = derived
        self.facts = derived.facts
        self.text: ReportText = derived.report.texts[lang]
        self.names = names
        self.fmt = fmt
        self._ = gettext
        self.market = self.text.market_name

    # --- names and numbers ---------------------------------------------------------------

    def segment_name(self, segment_id: str) -> str:
        """Display name of a segment (or of the implicit "other" remainder)."""
        if segment_id == OTHER:
            return self._("other")
        return self.names.segments[segment_id]

    def region_name(self, region_id: str) -> str:
        """Display name of a region (or of the implicit rest of world)."""
        if region_id == REST_OF_WORLD:
            return self._("rest of world")
        return self.names.regions[region_id]

    def dimension_name(self, dimension: str) -> str:
        """Display name of a segmentation dimension ("type", "Typ")."""
        return self.names.dimensions[dimension]

    def money(self, amount: float) -> str:
        """An amount in the report's unit, for running text."""
        return self.fmt.money_prose(amount, self.facts.currency, self.facts.unit)

    def money_short(self, amount: float) -> str:
        """An amount in the report's unit, for tables."""
        return self.fmt.money_short(amount, self.facts.currency, self.facts.unit)

    def percent(self, value: float, digits: int | None = None) -> str:
        """A percentage."""
        return self.fmt.percent(value, digits)

    @property
    def cagr(self) -> str:
        """The stated CAGR, as published, with one decimal."""
        return self.fmt.percent(self.facts.cagr_percent, 1)

    @property
    def start_year(self) -> str:
        return self.fmt.year(self.facts.forecast.start_year)

    @property
    def end_year(self) -> str:
        return self.fmt.year(self.facts.forecast.end_year)

    def development_date(self, development: DatedDevelopment) -> str:
        """A development's date at the precision the editor gave."""
        if development.has_day:
            return self.fmt.day(development.date)
        return self.fmt.month(development.date)

    def segment_ids(self, dimension: str) -> list[str]:
        """Segment ids of a dimension, in the order the editor listed them."""
        return [item.id for item in self.facts.segments[dimension]]

    def segment_list(self, dimension: str) -> str:
        """ "E-Mail, Sprache, SMS und Social Media"."""
        return self.fmt.join([self.segment_name(i) for i in self.segment_ids(dimension)])

    # --- prose from the language file ----------------------------------------------------

    def expand(self, text: str) -> str:
        """Replace ``{market}`` and ``{figure-id}`` references with formatted values."""

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == "market":
                return self.market
            figure = self.facts.figures[name]
            if figure.unit == "percent":
                return self.fmt.percent(figure.value)
            if figure.unit == "year":
                return self.fmt.year(int(figure.value))
            return self.fmt.number(figure.value, 0 if figure.value.is_integer() else 2)

        return REFERENCE_RE.sub(value, text)

    def prose(self, text: str | None) -> SafeMarkdown:
        """Editor prose -> escaped Markdown paragraphs (blank lines separate paragraphs)."""
        if not text:
            return SafeMarkdown("")
        paragraphs = [p for p in re.split(r"\n[ \t]*\n", self.expand(text)) if p.strip()]
        return SafeMarkdown("\n\n".join(md_escape(p) for p in paragraphs))

    def inline(self, text: str | None) -> SafeMarkdown:
        """Editor prose as one escaped line (list items, table cells)."""
        return md_escape(self.expand(text or ""))

    # --- generated sentences -------------------------------------------------------------

    def heading(self) -> str:
        """The short page heading: the market's name as a market."""
        return capfirst(self._("%(market)s market") % {"market": self.market})

    def title(self) -> str:
        """The report title, generated from the market name, segments and years."""
        parts = [
            self._("by %(dimension)s (%(segments)s)")
            % {"dimension": self.dimension_name(dim), "segments": self.segment_list(dim)}
            for dim in self.facts.segments
        ]
        return capfirst(
            self._(
                "%(market)s market: size, share, growth and industry analysis %(segments)s, "
                "with regional insights and forecast from %(start)s to %(end)s"
            )
            % {
                "market": self.market,
                "segments": self.fmt.join(parts),
                "start": self.start_year,
                "end": self.end_year,
            }
        )

    def lead(self) -> str:
        """The sentence that states size, CAGR and period."""
        return capfirst(
            self._(
                "The global %(market)s market is estimated at %(start_value)s in %(start_year)s "
                "and is expected to reach %(end_value)s by %(end_year)s, growing at a CAGR of "
                "%(cagr)s from %(start_year)s to %(end_year)s."
            )
            % self.facts_args()
        )

    @property
    def currency_name(self) -> str:
        """The currency's plural name ("US-Dollar", "US dollars")."""
        return get_currency_name(self.facts.currency, count=2, locale=self.fmt.locale)

    def facts_args(self) -> dict[str, str]:
        """Formatted facts for generated sentences."""
        return {
            "market": self.market,
            "start_value": self.money(self.facts.market_size.start),
            "end_value": self.money(self.facts.market_size.end),
            "start_year": self.start_year,
            "end_year": self.end_year,
            "cagr": self.cagr,
        }

    def _followed(self, items: tuple[ShareValue, ...], name: Callable[[str], str]) -> str:
        ranked = sorted((i for i in items if not i.is_remainder), key=lambda i: i.rank)
        return self.fmt.join(
            [
                self._("%(name)s (%(share)s)")
                % {"name": name(i.id), "share": self.percent(i.share)}
                for i in ranked[1:]
            ]
        )

    def regional_sentence(self) -> str:
        """ "North America holds 50 % of the market, followed by ..." plus the remainder."""
        leader = self.d.leading_region
        if leader is None:
            return ""
        args = {
            "region": self.region_name(leader.id),
            "share": self.percent(leader.share),
            "others": self._followed(self.d.regions, self.region_name),
        }
        if args["others"]:
            sentence = self._("%(region)s holds %(share)s of the market, followed by %(others)s.")
        else:
            sentence = self._("%(region)s holds %(share)s of the market.")
        sentence = sentence % args
        rest = next((r for r in self.d.regions if r.is_remainder), None)
        if rest is not None:
            sentence += " " + self._("The rest of the world accounts for %(share)s.") % {
                "share": self.percent(rest.share)
            }
        return sentence

    def segmentation_sentence(self, dimension: str) -> str:
        """ "Email is the largest segment by type with 35 %, followed by ..."."""
        leader = self.d.dominant_segment(dimension)
        if leader is None:
            return ""
        args = {
            "segment": self.segment_name(leader.id),
            "dimension": self.dimension_name(dimension),
            "share": self.percent(leader.share),
            "others": self._followed(self.d.segments[dimension], self.segment_name),
        }
        return capfirst(
            self._(
                "%(segment)s is the largest segment by %(dimension)s with %(share)s, "
                "followed by %(others)s."
            )
            % args
        )

    def dimension_intro(self, dimension: str) -> str:
        """ "By type, the global market can be divided into ..."."""
        return capfirst(
            self._("By %(dimension)s, the global market can be divided into %(segments)s.")
            % {
                "dimension": self.dimension_name(dimension),
                "segments": self.segment_list(dimension),
            }
        )

    def growth_sentence(self) -> str:
        """The growth multiple over the forecast period."""
        return self._(
            "Between %(start_year)s and %(end_year)s the market is expected to grow "
            "%(multiple)s-fold, from %(start_value)s to %(end_value)s."
        ) % {**self.facts_args(), "multiple": self.fmt.number(self.d.growth_multiple, 2)}

    def faq(self) -> list[tuple[str, str | SafeMarkdown]]:
        """Generated questions and answers first, then the editor's own entries."""
        args = self.facts_args()
        entries: list[tuple[str, str | SafeMarkdown]] = [
            (
                self._("How big will the global %(market)s market be by %(end_year)s?") % args,
                capfirst(
                    self._(
                        "The global %(market)s market is expected to reach %(end_value)s "
                        "by %(end_year)s."
                    )
                    % args
                ),
            ),
            (
                self._("What CAGR is the %(market)s market expected to show?") % args,
                capfirst(
                    self._(
                        "The %(market)s market is expected to grow at a CAGR of %(cagr)s "
                        "from %(start_year)s to %(end_year)s."
                    )
                    % args
                ),
            ),
        ]
        drivers = self.text.dynamics.drivers
        if drivers:
            items = "\n".join(f"- {md_escape(d.headline)}" for d in drivers.values())
            intro = md_escape(self._("The main drivers of the market are:"))
            entries.append(
                (
                    self._("What drives the %(market)s market?") % args,
                    SafeMarkdown(f"{intro}\n\n{items}"),
                )
            )
        if self.facts.segments:
            answer = " ".join(self.dimension_intro(dim) for dim in self.facts.segments)
            entries.append((self._("How is the %(market)s market segmented?") % args, answer))
        leader = self.d.leading_region
        if leader is not None:
            entries.append(
                (
                    self._("Which region leads the %(market)s market?") % args,
                    self.regional_sentence(),
                )
            )
        entries.append(
            (self._("How much will the %(market)s market grow?") % args, self.growth_sentence())
        )
        for entry in self.text.faq.values():
            entries.append((self.expand(entry.question), self.prose(entry.answer)))
        return entries

    def sample_link(self, contact: str) -> SafeMarkdown:
        """A mailto link that asks for this report's free sample."""
        subject = self._("Free sample request: %(market)s market") % {"market": self.market}
        query = urllib.parse.urlencode({"subject": subject}, quote_via=urllib.parse.quote)
        # Percent-encode what Markdown would read as syntax ("_", "~") so the link survives.
        url = urllib.parse.quote(f"mailto:{contact}?{query}", safe=":/?=&@.%+-")
        return SafeMarkdown(url)


class ReportExtras:
    """Charts, downloads and structured data of one report page in one locale."""

    def __init__(self, view: ReportView, slug: str, section: str, options: RenderOptions) -> None:
        self.view = view
        self.slug = slug
        self.section = section
        self.options = options
        self.charts = {chart.chart_id: chart for chart in chart_set(view)}
        self.tables = download_tables(view)

    def chart(self, chart_id: str, with_table: bool = True) -> SafeMarkdown:
        """A chart as inline SVG with its text alternative and, unless the page shows
        the same table next to it, its data table in a details block (raw HTML)."""
        chart = self.charts.get(chart_id)
        if chart is None or self.options.charts is None:
            return SafeMarkdown("")
        rendered = self.options.charts.render(chart)
        svg = rendered.svg
        esc = html.escape
        # The spec and locale let charts.js upgrade the SVG to an interactive view.
        embed = _json_for_html(
            {"spec": json.loads(rendered.spec_json), "formatLocale": chart.format_locale}
        )
        head = "".join(f'<th scope="col">{esc(h)}</th>' for h in chart.table.headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>"
            for row in chart.table.rows
        )
        figure = (
            f'<figure class="marketsite-chart" id="chart-{chart.chart_id}">\n'
            f'<div class="marketsite-chart__svg" role="img" aria-label="{esc(chart.description)}">'
            f"{svg}</div>\n"
            f'<script type="application/json" class="marketsite-chart__spec">{embed}</script>\n'
            f"<figcaption>{esc(chart.title)}. {esc(chart.description)}</figcaption>\n"
            "</figure>"
        )
        if not with_table:
            return SafeMarkdown(figure)
        data_table = self.view._("Data table")  # outside the f-string, where pybabel finds it
        return SafeMarkdown(
            f"{figure}\n\n"
            f'<details class="marketsite-chart__data"><summary>{esc(data_table)}: '
            f"{esc(chart.title)}</summary>\n"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n"
            "</details>"
        )

    def files(self) -> dict[str, bytes]:
        """Download files by path relative to the docs dir."""
        folder = f"{self.section}/{self.slug}"
        files = {f"{folder}/{table.stem}.csv": to_csv(table) for table in self.tables}
        files[f"{folder}/{self.xlsx_name}"] = to_xlsx(self.tables)
        return files

    @property
    def xlsx_name(self) -> str:
        return f"{self.slug}.xlsx"

    def downloads(self) -> list[Download]:
        """Links for the page (relative to the report's Markdown file)."""
        links = [Download(self.view._("All tables (XLSX)"), f"{self.slug}/{self.xlsx_name}")]
        links += [Download(f"{t.title} (CSV)", f"{self.slug}/{t.stem}.csv") for t in self.tables]
        return links

    def jsonld(self) -> str:
        """schema.org Dataset (with its downloads) and FAQPage, as <script> elements."""
        view, facts = self.view, self.view.facts
        base = self.options.site_url
        lang = str(view.fmt.locale).replace("_", "-")
        sizes = (
            (facts.forecast.start_year, facts.market_size.start),
            (facts.forecast.end_year, facts.market_size.end),
        )
        dataset = {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": view.title(),
            "description": view.lead(),
            "url": f"{base}{self.section}/{self.slug}/",
            "inLanguage": lang,
            "temporalCoverage": f"{facts.forecast.start_year}/{facts.forecast.end_year}",
            "variableMeasured": [
                {
                    "@type": "PropertyValue",
                    "name": view._("Market size in %(year)s") % {"year": year},
                    "value": round(view.d.base_value(amount)),
                    "unitText": facts.currency,
                }
                for year, amount in sizes
            ]
            + [
                {
                    "@type": "PropertyValue",
                    "name": "CAGR",
                    "value": facts.cagr_percent,
                    "unitText": "%",
                }
            ],
            "distribution": [
                {
                    "@type": "DataDownload",
                    "name": link.label,
                    "encodingFormat": _MEDIA_TYPES[link.href.rsplit(".", 1)[-1]],
                    "contentUrl": f"{base}{self.section}/{link.href}",
                }
                for link in self.downloads()
            ],
        }
        faq = {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "inLanguage": lang,
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": question,
                    "acceptedAnswer": {"@type": "Answer", "text": _plain(answer)},
                }
                for question, answer in view.faq()
            ],
        }
        return "\n".join(
            f'<script type="application/ld+json">{_json_for_html(block)}</script>'
            for block in (dataset, faq)
        )


_MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _plain(markdown: str) -> str:
    """Escaped Markdown back to plain text, for JSON-LD."""
    text = re.sub(r"\\(.)", r"\1", markdown)
    text = re.sub(r"^- ", "", text, flags=re.M)
    return html.unescape(_WHITESPACE.sub(" ", text)).strip()


def _json_for_html(value: object) -> str:
    """JSON that cannot end its <script> element early."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def chart_set(view: ReportView) -> list[Chart]:
    """The report's charts in this locale: forecast bars, then shares per dimension and region."""
    _, facts, fmt = view._, view.facts, view.fmt
    locale_def = format_locale(fmt.locale, facts.currency)
    unit = f"{magnitude_word(fmt.locale, facts.unit)} {view.currency_name}"
    year_title = _("Year")
    size_title = _("Market size (%(unit)s)") % {"unit": unit}
    years = [str(year) for year, _value in view.d.forecast]
    values = [round(value, 2) for _year, value in view.d.forecast]
    charts = [
        Chart(
            "forecast",
            _("Market size %(start)s–%(end)s") % {"start": view.start_year, "end": view.end_year},
            _(
                "Bar chart: the market grows from %(start_value)s in %(start_year)s "
                "to %(end_value)s in %(end_year)s."
            )
            % view.facts_args(),
            BarChart(tuple(years), tuple(values), year_title, size_title, ",.2f"),
            locale_def,
            ChartTable(
                (year_title, size_title),
                tuple((y, fmt.number(v, 2)) for y, v in zip(years, values, strict=True)),
            ),
        )
    ]
    groups: list[tuple[str, str, tuple[ShareValue, ...], Callable[[str], str], str]] = [
        (
            f"share-{dim}",
            view.dimension_name(dim),
            items,
            view.segment_name,
            view.segmentation_sentence(dim),
        )
        for dim, items in view.d.segments.items()
        if items
    ]
    if view.d.regions:
        groups.append(
            (
                "share-regions",
                str(_("region")),
                view.d.regions,
                view.region_name,
                view.regional_sentence(),
            )
        )
    share_title = _("Share")
    value_title = _("Value in %(year)s") % {"year": view.start_year}
    for chart_id, dimension, items, name, sentence in groups:
        names = [capfirst(name(item.id)) for item in items]
        shares = tuple(item.share / 100 for item in items)
        percent_format = ".0%" if all(float(i.share).is_integer() for i in items) else ".1%"
        charts.append(
            Chart(
                chart_id,
                capfirst(_("Share by %(dimension)s") % {"dimension": dimension}),
                _("Bar chart.") + " " + sentence,
                BarChart(
                    tuple(names),
                    shares,
                    capfirst(dimension),
                    share_title,
                    percent_format,
                    horizontal=True,
                ),
                locale_def,
                ChartTable(
                    (capfirst(dimension), share_title, value_title),
                    tuple(
                        (n, view.percent(i.share), view.money_short(i.value))
                        for n, i in zip(names, items, strict=True)
                    ),
                ),
            )
        )
    return charts


def download_tables(view: ReportView) -> list[Table]:
    """The report's tables with localized headers and machine-readable numbers."""
    _, facts = view._, view.facts
    unit = f"{magnitude_word(view.fmt.locale, facts.unit)} {view.currency_name}"
    size_header = _("Market size (%(unit)s)") % {"unit": unit}
    tables = [
        Table(
            "forecast",
            _("Market size per year"),
            pd.DataFrame(
                {
                    _("Year"): [year for year, _value in view.d.forecast],
                    size_header: [round(value, 4) for _year, value in view.d.forecast],
                }
            ),
        )
    ]
    value_header = _("Value in %(year)s (%(unit)s)") % {"year": view.start_year, "unit": unit}
    shares: list[tuple[str, str, str, tuple[ShareValue, ...], Callable[[str], str]]] = [
        (f"segments-{dim}", view.dimension_name(dim), str(_("Segment")), items, view.segment_name)
        for dim, items in view.d.segments.items()
        if items
    ]
    if view.d.regions:
        shares.append(
            ("regions", str(_("region")), str(_("Region")), view.d.regions, view.region_name)
        )
    for stem, dimension, label, items, name in shares:
        tables.append(
            Table(
                stem,
                capfirst(_("Share by %(dimension)s") % {"dimension": dimension}),
                pd.DataFrame(
                    {
                        label: [capfirst(name(i.id)) for i in items],
                        _("Share (%)"): [i.share for i in items],
                        value_header: [round(i.value, 4) for i in items],
                    }
                ),
            )
        )
    if facts.players:
        tables.append(
            Table(
                "players",
                _("Key industry players"),
                pd.DataFrame(
                    {
                        _("Company"): [p.name for p in facts.players],
                        _("Headquarters"): [view.fmt.country(p.country) for p in facts.players],
                        _("Country code"): [p.country for p in facts.players],
                    }
                ),
            )
        )
    return tables


def report_slug(text: ReportText, report_id: str) -> str:
    """The URL slug of a report in one language (the text file's slug, else the id)."""
    return text.slug or report_id


def page_paths(dataset: Dataset, lang: str) -> dict[str, str]:
    """Where each generated page of ``lang`` goes: ``{page key: src_uri}``."""
    section = translations(lang).pgettext("url path", "reports")
    paths = {"catalog": f"{section}/index.md"}
    for report in dataset.reports:
        paths[f"report:{report.report_id}"] = (
            f"{section}/{report_slug(report.texts[lang], report.report_id)}.md"
        )
    return paths


def render_locale(dataset: Dataset, lang: str, options: RenderOptions | None = None) -> PageSet:
    """Render every generated page of the site for one locale."""
    options = options or RenderOptions()
    env = environment()
    catalog = translations(lang)
    env.install_gettext_translations(catalog, newstyle=False)  # type: ignore[attr-defined]
    gettext = catalog.gettext
    fmt = Formatter.for_tag(lang)
    section = catalog.pgettext("url path", "reports")
    page_set = PageSet(lang)
    rows = []
    for report in sorted(dataset.reports, key=lambda r: r.texts[lang].market_name.lower()):
        view = ReportView(derive(report), lang, report.names(dataset.names, lang), fmt, gettext)
        slug = report_slug(report.texts[lang], report.report_id)
        title = view.title()
        extras = ReportExtras(view, slug, section, options)
        markdown = env.get_template("report.md.j2").render(
            r=view,
            d=view.d,
            t=view.text,
            f=fmt,
            x=extras,
            options=options,
            front_matter=front_matter(title=title, description=view.text.summary or view.lead()),
        )
        page_set.pages.append(
            Page(
                f"report:{report.report_id}",
                f"{section}/{slug}.md",
                markdown,
                title,
                extras.jsonld(),
            )
        )
        page_set.assets.update(extras.files())
        rows.append((view, f"{slug}.md"))
    catalog_title = gettext("All reports")
    page_set.pages.append(
        Page(
            "catalog",
            f"{section}/index.md",
            env.get_template("catalog.md.j2").render(
                rows=rows, title=catalog_title, front_matter=front_matter(title=catalog_title)
            ),
            catalog_title,
        )
    )
    return page_set


def front_matter(**meta: str) -> SafeMarkdown:
    """YAML front matter. Values are HTML-escaped: Material prints them into HTML unescaped."""
    lines = [
        f"{key}: {json.dumps(html.escape(value), ensure_ascii=False)}"
        for key, value in meta.items()
    ]
    return SafeMarkdown("---\n" + "\n".join(lines) + "\n---\n")
