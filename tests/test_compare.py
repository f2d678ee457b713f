"""Comparing markets (#24.1): the page, its links, and what a reader sees in Chromium.
Expected figures are the corpus' facts files', written here by hand."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import QuietHandler, reader_soup
from tests.test_browser import AXE


@pytest.fixture(scope="module")
def corpus_site(corpus_project: Path) -> Iterator[tuple[Path, str]]:
    """The corpus' built site, and where it is served."""
    site = corpus_project / "site"
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def _soup(path: Path) -> object:
    return reader_soup(path.read_text(encoding="utf-8"))


def test_the_catalog_and_every_report_lead_to_the_comparison(
    corpus_site: tuple[Path, str],
) -> None:
    site, _base = corpus_site
    for lang, catalog, compare, report in (
        ("de", "berichte", "vergleich", "industrieroboter"),
        ("en", "reports", "compare", "industrial-robotics"),
    ):
        page = site / lang / catalog / "index.html"
        link = _soup(page).select_one(".marketsite-catalog__compare a")
        assert (page.parent / link["href"]).resolve() == (site / lang / compare).resolve()
        page = site / lang / catalog / report / "index.html"
        link = _soup(page).select_one(f'article a[href*="{compare}/?m="]')
        target, _, query = link["href"].partition("?")
        assert (page.parent / target).resolve() == (site / lang / compare).resolve()
        assert query == "m=industrial-robotics"  # the report's id, the same in every language
        # Without JavaScript the page says where every report's key figures are.
        page = site / lang / compare / "index.html"
        fallback = _soup(page).select_one(".marketsite-compare__fallback a")
        assert (page.parent / fallback["href"]).resolve() == (site / lang / catalog).resolve()


def _rows(page: Page) -> list[list[str]]:
    cells = page.locator(".marketsite-compare__table tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].slice(0, 5).map(c => c.innerText.trim()))"
    )
    return list(cells)


@pytest.mark.browser
def test_markets_are_compared_with_their_stated_figures_and_never_on_one_axis_across_currencies(
    browser: Browser, corpus_site: tuple[Path, str]
) -> None:
    _site, base = corpus_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{base}en/compare/?m=industrial-robotics,heat-pumps-germany")
        page.wait_for_selector(".marketsite-compare__chart >> nth=1")
        # facts.yaml: 51.2 (2024, US$bn), CAGR 10.3 % 2024-2032; "about 7.9" (2024, €bn).
        assert _rows(page) == [
            [
                "Industrial robotics",
                "US$51.2bn (2024)",
                "10.3% (2024–2032)",
                "2024–2032",
                "Asia-Pacific",
            ],
            ["Heat pump", "about €7.9bn (2024)", "6.1% (through 2030)", "—", "—"],
        ]
        captions = page.locator(".marketsite-compare__charts figcaption").all_inner_texts()
        assert captions == ["Market size (billion US dollars)", "Market size (billion euros)"]
        assert page.locator(".marketsite-compare__apart").is_visible()
        # The chosen markets' related markets are offered (robotics' own, as its page
        # lists them: see test_related; heat pumps have none).
        related = page.locator(".marketsite-compare__related button")
        related.first.wait_for()
        assert related.all_inner_texts() == [
            "Add Cold chain logistics",
            "Add Hearing aid",
            "Add Electric bus",
            "Add Cyber insurance",
        ]
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            """async () => (await axe.run()).violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)"""
        )
        assert violations == []
        # Robotics: 2019-2023 from series.csv, 2024 and 2032 stated, 2025-2031 derived.
        dollars = page.locator(".marketsite-compare__chart").first
        assert dollars.locator('circle[data-derived="false"]').count() == 7
        assert dollars.locator('circle[data-derived="true"]').count() == 7
        # A reader finds a third market, adds it, and the address keeps the choice.
        page.fill("input[name=q]", "hear")
        page.locator(".marketsite-compare__matches:not(.marketsite-compare__related)").get_by_role(
            "button", name="Add Hearing aid"
        ).click()
        page.wait_for_function("location.search.includes('hearing-aids')")
        assert page.evaluate("location.search") == (
            "?m=industrial-robotics,heat-pumps-germany,hearing-aids"
        )
        assert [row[0] for row in _rows(page)][-1] == "Hearing aid"
        legend = page.locator(".marketsite-compare__key").first.locator("li").all_inner_texts()
        assert legend == ["Industrial robotics", "Hearing aid"]  # both in US dollars
        # Without the euro market, one chart and no word about axes.
        page.get_by_role("button", name="Remove Heat pump").click()
        page.wait_for_function("!location.search.includes('heat-pumps')")
        page.wait_for_function(
            "document.querySelectorAll('.marketsite-compare__chart').length === 1"
        )
        assert not page.locator(".marketsite-compare__apart").is_visible()
        # The shared address opens the same comparison, in German too.
        page.goto(f"{base}de/vergleich/?m=industrial-robotics,hearing-aids")
        page.wait_for_selector(".marketsite-compare__chart")
        sizes = [row[1].replace("\u00a0", " ") for row in _rows(page)]  # no-break spaces
        assert sizes == ["51,2 Mrd. $ (2024)", "8,51 Mrd. $ (2024)"]
    finally:
        context.close()
