"""The catalog: every report of a locale, paged, with the data its filters read.

Its entries (:class:`CatalogEntry`) are final text, collected while the reports are
rendered (or, for reports another shard renders, without rendering them), so the
pages over all reports never render a report again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from marketsite.data.fields import calendar_date
from marketsite.data.text_model import name_text
from marketsite.derivation.escape import md_escape
from marketsite.derivation.locale import translations
from marketsite.derivation.prose import ReportView, capfirst
from marketsite.derivation.sections import ReportSections, report_dates
from marketsite.rendering.pages import (
    Environments,
    Page,
    RenderOptions,
    block_slot,
    derived_legend,
    front_matter,
)
from marketsite.rendering.paths import (
    CATALOG_DATA,
    catalog_paths,
    compare_path,
    relative_url,
    reports_section,
    url_of,
)


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
    leading_region: str = ""  # the name of the region that certainly leads, if any
    measure: str = ""  # what its sizes count, in words ("billion US dollars")

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
            measure=view.fig.unit_label(),
            leading_region=view.region_name(view.d.leading_region.id)
            if view.d.leading_region
            else "",
        )


def catalog_pages(
    entries: list[CatalogEntry], lang: str, options: RenderOptions, environments: Environments
) -> tuple[list[Page], bytes]:
    """The catalog's pages (every report, ``catalog_page_size`` a page, by name) and
    the JSON its filters read (fetched only when a reader filters or sorts)."""
    gettext = translations(lang).gettext
    section = reports_section(lang)
    directory_urls = options.directory_urls
    size = options.catalog_page_size
    paths = catalog_paths(lang, len(entries), size)
    urls = [url_of(path, directory_urls) for path in paths]
    title = gettext("All reports")
    description = gettext("Every market report with its market size, growth rate and period.")
    data_url = f"{section}/{CATALOG_DATA}"
    sectors = sorted({(e.sector_name, e.sector) for e in entries if e.sector})
    regions = sorted({(name, rid) for e in entries for rid, name in e.regions})
    pages = []
    for number, (path, url) in enumerate(zip(paths, urls, strict=True), start=1):
        shown = entries[(number - 1) * size : number * size]
        block = environments.html.get_template("catalog.html.j2").render(
            rows=[
                (entry, relative_url(url, url_of(entry.src_uri, directory_urls))) for entry in shown
            ],
            with_sector=bool(sectors),
            sectors=[(sid, name) for name, sid in sectors],
            regions=[(rid, name) for name, rid in regions],
            pager=[
                (n, relative_url(url, target), n == number)
                for n, target in enumerate(urls, start=1)
            ],
            data=relative_url(url, data_url),
            compare=relative_url(url, url_of(compare_path(lang), directory_urls)),
            legend=derived_legend(gettext) if any(e.derived for e in entries) else "",
            total=len(entries),
            first=(number - 1) * size + 1,
            last=(number - 1) * size + len(shown),
        )
        slot = block_slot("catalog")
        heading = (
            title if number == 1 else gettext("All reports, page %(number)s") % {"number": number}
        )
        meta = front_matter(title=heading, description=description)
        markdown = f"{meta}\n# {md_escape(heading)}\n\n{slot}\n"
        key = "catalog" if number == 1 else f"catalog:{number}"
        pages.append(Page(key, path, markdown, heading, blocks={slot: block}))
    records = [
        {
            "u": url_of(entry.src_uri, directory_urls).removeprefix(f"{section}/"),
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
            "i": entry.report_id,
            "l": entry.leading_region,
            "m": entry.measure,
        }
        for entry in entries
    ]
    data = json.dumps(records, ensure_ascii=False, separators=(",", ":"))
    return pages, data.encode("utf-8")
