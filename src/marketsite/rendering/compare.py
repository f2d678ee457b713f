"""The page that compares markets: a reader picks reports from the catalog and sees their
sizes over the years on one chart per currency and unit, and their key figures in one
table.

The figures in the table are the catalog's own cells (formatted once, in the page's
language, with their stated precision, qualifier and derived mark); the chart reads each
chosen report's facts file (``data/reports/<id>.json``), fetched only when the reader
chooses it. Sizes in different currencies or units are never drawn on one axis: each
measure gets its own chart, and the page says why. Without JavaScript the page points to
the catalog, whose paged table lists every report's key figures.
"""

from __future__ import annotations

import json

from marketsite.derivation.escape import md_escape
from marketsite.derivation.locale import translations
from marketsite.rendering.catalog import CatalogEntry
from marketsite.rendering.catalog_data import FACTS_FOLDER
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

#: The most markets one comparison shows: beyond, a chart's lines cannot be told apart.
MAX_COMPARED = 8


def compare_page(
    entries: list[CatalogEntry], lang: str, options: RenderOptions, environments: Environments
) -> Page | None:
    """The comparison page of ``lang`` (None without reports)."""
    if not entries:
        return None
    _ = translations(lang).gettext
    path = compare_path(lang)
    url = url_of(path, options.directory_urls)
    section = reports_section(lang)
    first = catalog_paths(lang, len(entries), options.catalog_page_size)[0]
    catalog = url_of(first, options.directory_urls)
    title = _("Compare markets")
    description = _(
        "Market sizes, growth rates and leading regions of several markets side by side."
    )
    labels = {
        "add": _("Add %(market)s"),
        "remove": _("Remove %(market)s"),
        "full": _("A comparison shows at most %(count)s markets.") % {"count": MAX_COMPARED},
        "none": _("No market matches."),
        "axis": _("Market size (%(measure)s)"),
        "apart": _(
            "Markets measured in different currencies or units are not drawn on one axis: "
            "each measure has its own chart."
        ),
        "related": _("Related markets"),
        "published": _("published"),
        "derived": _("derived by us"),
    }
    sectors = sorted({(e.sector_name, e.sector) for e in entries if e.sector})
    regions = sorted({(name, rid) for e in entries for rid, name in e.regions})
    block = environments.html.get_template("compare.html.j2").render(
        data=relative_url(url, f"{section}/{CATALOG_DATA}"),
        facts=relative_url(url, f"../{FACTS_FOLDER}/"),
        catalog=relative_url(url, catalog),
        labels=json.dumps(labels, ensure_ascii=False),
        limit=MAX_COMPARED,
        sectors=[(sid, name) for name, sid in sectors],
        regions=[(rid, name) for name, rid in regions],
        legend=derived_legend(_) if any(e.derived for e in entries) else "",
    )
    slot = block_slot("compare")
    intro = _(
        "Choose up to %(count)s markets to see their figures side by side. The address of "
        "this page keeps your choice, to share it."
    ) % {"count": MAX_COMPARED}
    markdown = (
        f"{front_matter(title=title, description=description)}\n# {md_escape(title)}\n\n"
        f"{md_escape(intro)}\n\n{slot}\n"
    )
    return Page("compare", path, markdown, title, blocks={slot: block})
