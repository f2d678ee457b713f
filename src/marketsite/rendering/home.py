"""The home page's block of the newest reports, from the catalog's entries."""

from __future__ import annotations

from marketsite.derivation.locale import translations
from marketsite.rendering.catalog import CatalogEntry
from marketsite.rendering.feed import FEED
from marketsite.rendering.pages import Environments, derived_legend

#: How many reports the home page shows, newest first.
LATEST_REPORTS = 6
#: Where a hand-written home page wants the latest reports (else they follow its text).
LATEST_MARKER = "<!-- marketsite:latest-reports -->"


def latest_reports_html(
    entries: list[CatalogEntry],
    lang: str,
    environments: Environments,
    directory_urls: bool,
    feed: bool = False,
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

    shown = sorted(entries, key=newest_first)[:LATEST_REPORTS]
    cards = []
    for entry in shown:
        path = entry.src_uri.removesuffix(".md")
        cards.append((entry, f"{path}/" if directory_urls else f"{path}.html"))
    derived = any(entry.figures_derived for entry in shown)
    legend = derived_legend(translations(lang).gettext) if derived else ""
    return environments.html.get_template("latest.html.j2").render(
        cards=cards, legend=legend, feed=FEED if feed else ""
    )
