"""The catalog at scale: paged lists without JavaScript, filters and sorting with it."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, expect

from tests.conftest import REPORT_ID, QuietHandler, copy_reports, edit, run_build, site_port

REPORTS = 5
ENERGY = {2, 4}  # the clones in the energy sector; the others stay in telecommunications
#: The clones that report Latin America where the others report Europe.
LATIN_AMERICA = {3, 4}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """Five reports, two to a catalog page, served on a local port."""
    tmp = tmp_path_factory.mktemp("catalog")
    project = copy_reports(tmp / "project", REPORTS)
    edit(
        project / "mkdocs.yml",
        "      data_dir: data\n",
        "      data_dir: data\n      catalog_page_size: 2\n",
    )
    for number in range(2, REPORTS + 1):
        facts = project / "data" / f"{REPORT_ID}-{number}" / "facts.yaml"
        # Current sizes 30.71, 33.71, ...: the clones' order by size is the reverse of their
        # order by name (the original, 24.71, stays the smallest).
        edit(facts, "value: 24.71,", f"value: {24.71 + 3 * number:.2f},")
        if number in ENERGY:
            edit(facts, "sector: telecommunications", "sector: energy")
        if number in LATIN_AMERICA:
            edit(facts, "{id: europe, share: about 30}", "{id: latin-america, share: about 30}")
            for lang in ("de", "en"):
                text = project / "data" / f"{REPORT_ID}-{number}" / f"text.{lang}.yaml"
                edit(text, "\n  europe: >-\n", "\n  latin-america: >-\n")
    for lang, name in (("de", "Energie"), ("en", "Energy")):
        names = project / "data" / "_shared" / f"names.{lang}.yaml"
        names.write_text(names.read_text("utf-8") + f"  energy: {name}\n", encoding="utf-8")
    port = site_port("catalog")
    result = run_build(project, tmp / "site", f"http://127.0.0.1:{port}/")
    assert result.exit_code == 0, result.output
    handler = functools.partial(QuietHandler, directory=str(tmp / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield tmp / "site", f"http://127.0.0.1:{port}/"
    httpd.shutdown()
    httpd.server_close()


def html(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text("utf-8"), "html.parser")


def status_says(page: Page, text: str) -> None:
    """Wait for the catalog's status line to read ``text`` exactly; a filter that keeps
    the wrong reports fails here with the line it shows instead."""
    status = page.locator(".marketsite-catalog__status")
    expect(status).to_have_text(text, timeout=10_000)


def test_without_javascript_the_pages_list_every_report_once(site: tuple[Path, str]) -> None:
    root, base = site
    pages = ["de/berichte/", "de/berichte/seite-2/", "de/berichte/seite-3/"]
    listed = []
    for number, path in enumerate(pages, start=1):
        page = html(root, path)
        heading = page.select_one("article h1")
        assert heading is not None
        assert heading.get_text() == (
            "Alle Berichte" if number == 1 else f"Alle Berichte, Seite {number}"
        )
        links = [a["href"] for a in page.select(".marketsite-catalog tbody a")]
        assert len(links) == (2 if number < 3 else 1)
        listed += [urljoin(base + path, str(href)) for href in links]
        # The page links: every page, this one marked, each leading to a built page.
        pager = page.select(".marketsite-pager a")
        assert [a.get_text() for a in pager] == ["1", "2", "3"]
        assert [a.get("aria-current") for a in pager].index("page") == number - 1
        assert [urljoin(base + path, str(a["href"])) for a in pager] == [base + p for p in pages]
        status = page.select_one(".marketsite-catalog__status")
        assert status is not None and f"von {REPORTS}" in status.get_text()
        form = page.select_one(".marketsite-catalog__filters")
        assert form is not None and form.has_attr("hidden")  # shown by marketsite.js only
    assert len(listed) == len(set(listed)) == REPORTS
    for url in listed:
        assert (root / url.removeprefix(base) / "index.html").is_file(), url


def test_the_language_selector_keeps_the_catalog_page(site: tuple[Path, str]) -> None:
    root, base = site
    page = html(root, "de/berichte/seite-2/")
    switch = {a["hreflang"]: a["href"] for a in page.select("a.md-select__link")}
    assert urljoin(base + "de/berichte/seite-2/", str(switch["en"])) == base + "en/reports/page-2/"
    assert (root / "en" / "reports" / "page-2" / "index.html").is_file()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def rows(page: Page) -> list[list[str]]:
    return [
        [cell.inner_text() for cell in row.locator("td").all()]
        for row in page.locator(".marketsite-catalog tbody tr").all()
    ]


@pytest.mark.browser
def test_readers_filter_and_sort_every_report(page: Page, site: tuple[Path, str]) -> None:
    _, base = site
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(base + "de/berichte/seite-2/")
    page.wait_for_load_state("networkidle")
    assert not any(url.endswith("catalog.json") for url in fetched)  # only on first use
    form = page.locator(".marketsite-catalog__filters")
    assert form.is_visible()
    page.select_option("select[name=sector]", "energy")
    status_says(page, "Gefundene Berichte: 2")
    assert any(url.endswith("catalog.json") for url in fetched)
    assert [row[1] for row in rows(page)] == ["Energie", "Energie"]
    assert page.locator(".marketsite-pager").is_hidden()
    # Every report again, the largest market first.
    page.select_option("select[name=sector]", "")
    page.select_option("select[name=sort]", "size")
    status_says(page, f"Gefundene Berichte: {REPORTS}")
    shown = rows(page)
    assert len(shown) == REPORTS
    sizes = [row[2].split("\xa0")[0] for row in shown]
    assert sizes == ["39,71", "36,71", "33,71", "30,71", "24,71"]
    # Links still lead to the reports from this page's address.
    first = page.locator(".marketsite-catalog tbody a").first
    first.click()
    page.wait_for_load_state()
    assert "/de/berichte/omni-channel-kommunikationsdienste" in page.url
    assert page.locator("article h1").inner_text().startswith("Markt für")


@pytest.mark.browser
def test_filter_by_region_finds_nothing_outside_it(page: Page, site: tuple[Path, str]) -> None:
    _, base = site
    page.goto(base + "en/reports/")
    options = page.locator("select[name=region] option").all_inner_texts()
    assert options[0] == "All regions" and "Europe" in options
    assert "Latin America" in options
    # Every report names North America: the filter keeps them all.
    page.select_option("select[name=region]", "north-america")
    status_says(page, f"Reports found: {REPORTS}")
    # Europe: all but the clones that report Latin America instead.
    page.select_option("select[name=region]", "europe")
    europe = REPORTS - len(LATIN_AMERICA)
    status_says(page, f"Reports found: {europe}")
    assert len(rows(page)) == europe
    page.select_option("select[name=region]", "latin-america")
    latin = len(LATIN_AMERICA)
    status_says(page, f"Reports found: {latin}")
    links = page.locator(".marketsite-catalog tbody a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert sorted(link.rstrip("/").rsplit("-", 1)[-1] for link in links) == ["3", "4"]
    # Both filters at once: the energy clones (2 and 4) that report Latin America (4).
    page.select_option("select[name=sector]", "energy")
    status_says(page, "Reports found: 1")
