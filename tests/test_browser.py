"""What a reader does in a real browser: Debian's headless Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request

from tests.conftest import (
    ENGLISH_REPORT,
    GERMAN_REPORT,
    LOCAL_HOSTS,
    BuiltSite,
    QuietHandler,
    free_port,
)
from tests.page_weight import weigh

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def server(built_site: BuiltSite) -> Iterator[str]:
    """The built site served on the port its URLs were built for."""
    handler = functools.partial(QuietHandler, directory=str(built_site.root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", built_site.port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield built_site.base_url
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def requests_seen() -> list[str]:
    return []


@pytest.fixture
def page(browser: Browser, requests_seen: list[str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def record(request: Request) -> None:
        requests_seen.append(request.url)

    page.on("request", record)
    yield page
    context.close()


def assert_all_local(urls: list[str]) -> None:
    foreign = [
        url
        for url in urls
        if urlsplit(url).scheme in {"http", "https"} and urlsplit(url).hostname not in LOCAL_HOSTS
    ]
    assert urls, "no requests were recorded at all"
    assert foreign == []


def test_language_switcher_leads_to_the_same_report_in_english(
    page: Page, server: str, requests_seen: list[str]
) -> None:
    page.goto(server + GERMAN_REPORT)
    title = page.locator("article h1").inner_text().replace("\u00ad", "")  # as it reads
    assert title == "Markt für Omni-Channel-Kommunikationsdienste"
    page.locator(".md-header .md-select").hover()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_url(f"{server}{ENGLISH_REPORT.rstrip('/')}**")
    assert page.locator("html").get_attribute("lang") == "en"
    title = page.locator("article h1").inner_text().replace("\u00ad", "")
    assert title == "Omni-channel communication services market"
    assert_all_local(requests_seen)


@pytest.fixture
def preview(built_site: BuiltSite) -> Iterator[str]:
    """The built site on another port than its URLs name: `python3 -m http.server -d site`."""
    handler = functools.partial(QuietHandler, directory=str(built_site.root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_in_a_local_preview_switching_language_stays_there_and_nothing_fails(
    page: Page, preview: str
) -> None:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    page.goto(preview + GERMAN_REPORT)
    page.wait_for_load_state("networkidle")
    page.locator(".md-header .md-select").hover()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_url(preview + ENGLISH_REPORT)
    page.wait_for_load_state("networkidle")
    assert "US$24.71bn" in page.locator("article").inner_text()
    assert failed == []


def open_search(page: Page, query: str) -> None:
    page.locator('.md-header__button[for="__search"]').click()
    field = page.locator(".pagefind-ui__search-input")
    field.wait_for(timeout=10_000)
    field.fill(query)


def result_titles(page: Page) -> list[str]:
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for(timeout=10_000)
    return results.all_inner_texts()


@pytest.mark.parametrize(
    "path",
    [GERMAN_REPORT, ENGLISH_REPORT, "de/", "en/", "de/berichte/", "en/reports/", "de/404.html"],
)
def test_no_request_fails(page: Page, server: str, path: str) -> None:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    assert failed == []


def test_german_search_finds_the_report(page: Page, server: str, requests_seen: list[str]) -> None:
    failed: list[str] = []  # e.g. a theme script the site leaves out, asked for after all
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(server + "de/")
    page.wait_for_load_state("networkidle")
    # Nothing of search loads with the page: only when the reader opens it.
    assert not any("/pagefind/" in url for url in requests_seen)
    open_search(page, "Kommunikationsdienst")
    page.locator(
        ".pagefind-ui__result-link", has_text="Omni-Channel-Kommunikationsdienste"
    ).first.click()
    page.wait_for_url(f"{server}{GERMAN_REPORT}**")
    assert "24,71" in page.locator("article").inner_text()
    assert any(url.endswith("/de/pagefind/pagefind-ui.js") for url in requests_seen)
    assert_all_local(requests_seen)
    assert failed == []


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("de", "Prognosen"),
        ("de", "Einzelhandels"),
        ("de", "CAGR"),
        ("en", "forecasts"),
        ("en", "CAGR"),
        # A reader after the free sample finds the report that offers it.
        ("de", "Leseprobe"),
        ("en", "sample"),
    ],
)
def test_search_stems_words_and_ranks_the_report_first(
    page: Page, server: str, lang: str, query: str
) -> None:
    # "Prognosen", "Einzelhandels" and "forecasts" are not on the page as such: the report
    # says "Prognose", "Einzelhandel", "forecast". "CAGR" is also on the methodology page.
    report = {
        "de": "Markt für Omni-Channel-Kommunikationsdienste",
        "en": "Omni-channel communication services market",
    }
    page.goto(f"{server}{lang}/")
    open_search(page, query)
    assert result_titles(page)[0] == report[lang]


def test_search_opens_from_the_keyboard_and_closes_with_escape(page: Page, server: str) -> None:
    page.goto(server + "en/")
    page.keyboard.press("/")
    field = page.locator(".pagefind-ui__search-input")
    field.wait_for(timeout=10_000)
    expect_focused = page.evaluate(
        "document.activeElement.classList.contains('pagefind-ui__search-input')"
    )
    assert expect_focused
    page.keyboard.press("Escape")
    assert page.locator(".marketsite-search").is_hidden()


def test_catalog_link_opens_the_report(page: Page, server: str, requests_seen: list[str]) -> None:
    page.goto(server + "en/reports/")
    page.locator("article td a", has_text="Omni-channel communication services").click()
    page.wait_for_url(f"{server}{ENGLISH_REPORT}")
    assert "US$24.71bn" in page.locator("article").inner_text()
    assert_all_local(requests_seen)


def test_charts_show_with_javascript_disabled(browser: Browser, server: str) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    try:
        page.goto(server + GERMAN_REPORT)
        for chart_id in ("chart-market-size", "chart-share-type", "chart-share-regions"):
            svg = page.locator(f"figure#{chart_id} .marketsite-chart__svg--wide svg")
            svg.scroll_into_view_if_needed()
            box = svg.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 80, chart_id
            assert svg.is_visible()
        assert (
            page.locator(
                "figure#chart-share-regions .marketsite-chart__svg--wide svg text",
                has_text="Übrige Welt",
            ).count()
            == 1
        )
        assert_all_local(seen)
    finally:
        context.close()


CHART_IDS = ("chart-market-size", "chart-share-type", "chart-share-regions")

#: Every text of each chart on the page, with the legend's symbols: pairs whose boxes
#: overlap, texts outside the chart's box, and the smallest text as the reader sees it.
CHART_COLLISIONS = """() => {
  const found = [];
  for (const figure of document.querySelectorAll("figure.marketsite-chart")) {
    const svg = [...figure.querySelectorAll("svg")]
      .find(s => s.getBoundingClientRect().width > 0);
    if (!svg) { found.push(`${figure.id}: no chart shown`); continue; }
    const frame = svg.getBoundingClientRect();
    const boxes = [...svg.querySelectorAll("text")]
      .filter(t => t.textContent.trim())
      .map(t => ({name: t.textContent.trim(), box: t.getBoundingClientRect()}))
      .concat([...svg.querySelectorAll(".role-legend-symbol path")]
        .map((s, i) => ({name: `legend symbol ${i + 1}`, box: s.getBoundingClientRect()})));
    for (const {name, box} of boxes) {
      if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5 ||
          box.top < frame.top - 0.5 || box.bottom > frame.bottom + 0.5)
        found.push(`${figure.id}: '${name}' is cut off`);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].box, b = boxes[j].box;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 0.5 && h > 0.5)
          found.push(`${figure.id}: '${boxes[i].name}' overlaps '${boxes[j].name}'`);
      }
    }
    const drawn = svg.viewBox.baseVal?.width || frame.width;
    const scale = frame.width / drawn;
    const smallest = Math.min(...[...svg.querySelectorAll("text")]
      .filter(t => t.textContent.trim())
      .map(t => parseFloat(getComputedStyle(t).fontSize) * scale));
    if (smallest < 11) found.push(`${figure.id}: text of ${smallest.toFixed(1)} px`);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def corpus_server(corpus_project: Path) -> Iterator[tuple[str, list[str]]]:
    """The corpus of real reports, built once per session, served; with the path of
    every report page."""
    site = corpus_project / "site"
    pages = sorted(
        page.parent.relative_to(site).as_posix() + "/"
        for lang, section in (("de", "berichte"), ("en", "reports"))
        for page in (site / lang / section).glob("*/index.html")
        if page.parent.name not in ("seite-2", "page-2")
    )
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", pages
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("width", [360, 390, 1280])
def test_no_chart_text_collides_or_is_cut_off_in_any_report(
    browser: Browser, server: str, corpus_server: tuple[str, list[str]], width: int
) -> None:
    """Every chart of the example and of the corpus, as drawn without JavaScript: no two
    texts (or a text and a legend symbol) overlap, none leaves the chart, none is below
    11 px."""
    base, pages = corpus_server
    assert len(pages) >= 20, pages
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        found = []
        for url in [server + GERMAN_REPORT, server + ENGLISH_REPORT] + [base + p for p in pages]:
            page.goto(url)
            found += [f"{url}: {problem}" for problem in page.evaluate(CHART_COLLISIONS)]
        assert found == []
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 390, 1280])
def test_no_chart_text_collides_once_charts_are_interactive(
    browser: Browser, server: str, width: int
) -> None:
    """The same after the reader's first click has turned the charts into Vega views."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        for url in (server + GERMAN_REPORT, server + ENGLISH_REPORT):
            page.goto(url)
            charts = page.locator("figure.marketsite-chart")
            charts.first.click()
            page.wait_for_function(
                "document.querySelectorAll('.marketsite-chart__svg[data-interactive]').length"
                " === document.querySelectorAll('figure.marketsite-chart').length",
                timeout=20_000,
            )
            assert page.evaluate(CHART_COLLISIONS) == [], url
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_every_chart_fits_and_its_text_is_readable(
    browser: Browser, server: str, javascript: bool
) -> None:
    context = browser.new_context(
        java_script_enabled=javascript,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    try:
        page = context.new_page()
        page.goto(server + GERMAN_REPORT)
        for chart_id in CHART_IDS:
            figure = page.locator(f"figure#{chart_id}")
            figure.scroll_into_view_if_needed()
            svg = figure.locator("svg:visible").first
            box = svg.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, chart_id
            # The smallest text as the reader sees it: font size times the SVG's scale.
            smallest = svg.evaluate(
                """svg => {
                    const drawn = svg.viewBox.baseVal?.width || svg.width.baseVal.value;
                    const scale = svg.getBoundingClientRect().width / drawn;
                    return Math.min(...[...svg.querySelectorAll("text")]
                        .filter(t => t.textContent.trim())
                        .map(t => parseFloat(getComputedStyle(t).fontSize) * scale));
                }"""
            )
            assert smallest >= 11, f"{chart_id}: {smallest:.1f} px"
            # The chart and its data are also there as files to keep or share.
            downloads = figure.locator("figcaption a[download]")
            assert downloads.count() == 4  # SVG, PNG, and its data as CSV and XLSX
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


@pytest.mark.parametrize("path", [GERMAN_REPORT, ENGLISH_REPORT])
@pytest.mark.parametrize(("height", "cards"), [(664, 3), (844, 5)])
def test_a_phones_first_screen_shows_the_key_figures(
    browser: Browser, server: str, path: str, height: int, cards: int
) -> None:
    """At 390 px with the browser's bars (664 px left) at least three key figures are
    wholly on the first screen, and all five at 844 px: the breadcrumbs take one line
    and the subtitle is short."""
    context = browser.new_context(viewport={"width": 390, "height": height})
    try:
        page = context.new_page()
        page.goto(server + path)
        tops = page.locator(".marketsite-breadcrumbs li").evaluate_all(
            "items => items.map(i => Math.round(i.getBoundingClientRect().top))"
        )
        assert len(tops) == 3 and len(set(tops)) == 1, tops  # one line
        trail = page.locator(".marketsite-breadcrumbs ol").bounding_box()
        assert trail is not None and trail["height"] < 30, trail
        subtitle = page.locator(".marketsite-subtitle").inner_text()
        assert len(subtitle) <= 60, subtitle
        visible = page.locator(".marketsite-key-figure").evaluate_all(
            f"cards => cards.filter(c => c.getBoundingClientRect().bottom <= {height}).length"
        )
        assert visible >= cards, f"{visible} key figures on the first screen"
    finally:
        context.close()


#: Per heading of the article: each place a line ends inside it, as the characters
#: either side of the break ("s|d" is a word cut at a letter; "s\u00ad|d" a hyphenation),
#: and whether the heading runs out of its box.
HEADING_BREAKS = r"""() => [...document.querySelectorAll('article h1, article h2, article h3')]
  .map(heading => {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    const chars = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        // A character after a soft hyphen that broke also reports the hyphen's box.
        const rects = range.getClientRects();
        const rect = rects[rects.length - 1];
        chars.push([node.data[i], rect ? Math.round(rect.top) : null]);
      }
    }
    const breaks = [];
    let last = null;
    chars.forEach(([ch, top], i) => {
      if (top === null || /\s/.test(ch)) return;
      if (last !== null && top > chars[last][1] + 2) breaks.push(chars.slice(last, i + 1)
        .map(c => c[0]).join("").trim());
      last = i;
    });
    return [heading.textContent.trim(), breaks, heading.scrollWidth > heading.clientWidth];
  })"""


@pytest.mark.parametrize("path", [GERMAN_REPORT, "de/methodik/", "de/berichte/"])
def test_long_german_heading_words_break_where_german_hyphenates(
    browser: Browser, server: str, path: str
) -> None:
    """At 320 px (the narrowest phones) a long compound in a heading
    ("Kommunikationsdienste") must break at a hyphenation point, with a hyphen, though
    Chromium on Linux has no dictionary of its own, and never run out of the column."""
    context = browser.new_context(viewport={"width": 320, "height": 800})
    try:
        page = context.new_page()
        page.goto(server + path)
        headings = page.evaluate(HEADING_BREAKS)
        assert headings
        broken = 0
        for text, breaks, overflows in headings:
            assert not overflows, text
            for joint in breaks:
                # A line ends at a space, after a hyphen or dash, or at a soft hyphen.
                assert joint[:-1].endswith((" ", "-", "–", "/", "\u00ad")), (text, joint)
                broken += joint[:-1].endswith("\u00ad")
        if path == GERMAN_REPORT:
            assert broken >= 1  # the title's compound is hyphenated, not cut
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_key_figures_are_above_the_fold(
    browser: Browser, server: str, width: int, height: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(server + GERMAN_REPORT)
        first = page.locator(".marketsite-key-figure").first
        box = first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, box
        assert first.inner_text().split("\n")[:2] == ["Marktgröße 2026", "24,71\u00a0Mrd.\u00a0$"]
    finally:
        context.close()


def test_printed_report_says_where_it_is_from_and_leaves_the_site_behind(
    page: Page, server: str
) -> None:
    page.goto(server + GERMAN_REPORT)
    colophon = page.locator(".marketsite-colophon")
    assert not colophon.is_visible()
    page.emulate_media(media="print")
    assert colophon.is_visible()
    assert colophon.inner_text() == (
        f"{server}{GERMAN_REPORT} · Quelle: Beispielverlag Marktberichte."
    )
    assert page.locator(".marketsite-sample").first.is_hidden()
    assert page.locator(".marketsite-chart__files").first.is_hidden()
    assert page.locator(".md-header").is_hidden()
    # Paper has the desktop chart and the publisher's name from the footer.
    assert page.locator("#chart-market-size .marketsite-chart__svg--wide").is_visible()
    assert page.locator(".md-copyright").is_visible()
    assert "Beispielverlag Marktberichte" in page.locator(".md-copyright").inner_text()


@pytest.mark.parametrize(
    ("path", "limit_kb"),
    [
        (GERMAN_REPORT, 300),
        (ENGLISH_REPORT, 300),
        ("de/", 150),
        ("en/", 150),
        ("de/berichte/", 150),
        ("en/reports/", 150),
        # The comparison loads the catalog's JSON at once (its picker needs it), and one
        # report's facts per market chosen.
        ("en/compare/?m=omni-channel-communication-services", 150),
    ],
)
def test_pages_are_light_on_a_cold_load(
    browser: Browser, server: str, path: str, limit_kb: int
) -> None:
    weight = weigh(browser, server + path)
    assert weight.gzip <= limit_kb * 1024, f"{weight.gzip / 1024:.0f} KB: {weight.files}"
    # Neither Vega nor anything of search is part of the load, nor a sitemap (Material
    # fetches one beside every <link rel=alternate>: 600 KB at 1,000 reports).
    assert not any("vega" in url or "/pagefind/" in url for url, _, _ in weight.files)
    assert not any("sitemap" in url for url, _, _ in weight.files), weight.files


def test_dark_mode_follows_the_system_and_charts_stay_readable(
    browser: Browser, server: str
) -> None:
    assert AXE.is_file(), "run `make tools` (npm ci in tests/tools)"
    context = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(server + GERMAN_REPORT)
        body = page.locator("body")
        assert body.get_attribute("data-md-color-scheme") == "slate"
        # Charts are drawn on their own white ground: dark text on white in either scheme.
        colours = page.locator("#chart-market-size .marketsite-chart__svg--wide svg").evaluate(
            """svg => [svg.querySelector("rect").getAttribute("fill"),
                       getComputedStyle(svg.querySelector("text")).fill]"""
        )
        assert colours[0] == "white" and colours[1] in {"rgb(0, 0, 0)", "rgb(34, 34, 34)"}
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            """async () => (await axe.run()).violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)"""
        )
        assert violations == []
        # The reader can switch back; the toggle speaks the page's language.
        toggle = page.locator('label[title="Helles Design einschalten"]')
        toggle.click()
        assert body.get_attribute("data-md-color-scheme") == "default"
    finally:
        context.close()


AXE = Path(__file__).resolve().parent / "tools" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(
    "path",
    [
        GERMAN_REPORT,
        ENGLISH_REPORT,
        "de/",
        "en/",
        "de/berichte/",
        "en/reports/",
        "de/methodik/",
        "de/404.html",
        "en/404.html",
        "404.html",
    ],
)
def test_pages_have_no_serious_accessibility_violations(
    page: Page, server: str, path: str, width: int
) -> None:
    assert AXE.is_file(), "run `make tools` (npm ci in tests/tools)"
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server + path)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run()).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)"""
    )
    assert violations == []


def test_charts_become_interactive_with_tooltips_in_the_readers_locale(
    page: Page, server: str, requests_seen: list[str]
) -> None:
    page.goto(server + GERMAN_REPORT)
    page.wait_for_load_state("networkidle")
    # Vega is not part of the page load: it comes when the reader points at a chart.
    assert not any(url.endswith("/vega.js") for url in requests_seen)
    page.locator("#chart-market-size").scroll_into_view_if_needed()
    page.locator("#chart-market-size").hover()
    chart = page.locator("#chart-market-size .marketsite-chart__svg[data-interactive]")
    chart.wait_for(timeout=15_000)
    bar = chart.locator(".mark-rect path").first
    bar.scroll_into_view_if_needed()
    bar.hover()
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=5_000)
    # The tooltip shows the table's string for the figure, not a number of its own.
    assert "24,71\u00a0Mrd.\u00a0$" in tooltip.inner_text() and "2026" in tooltip.inner_text()
    # The unit is in the value; its name does not say it again.
    assert "Milliarden US-Dollar" not in tooltip.inner_text()
    assert "Marktgröße" in tooltip.inner_text()
    assert any(url.endswith("/de/assets/marketsite/vega.js") for url in requests_seen)
    assert_all_local(requests_seen)


def test_scrolling_past_charts_with_a_finger_loads_no_vega_and_a_tap_does(
    browser: Browser, server: str
) -> None:
    """Thumb scrolling on a phone must not pull in the chart runtime; a tap on a chart
    is the reader's intent and does."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        seen: list[str] = []
        page.on("request", lambda request: seen.append(request.url))
        page.goto(server + GERMAN_REPORT)
        page.wait_for_load_state("networkidle")
        cdp = context.new_cdp_session(page)

        def touch(kind: str, x: float, y: float) -> None:
            points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

        for _ in range(12):  # swipes that start on whatever is under the thumb
            touch("touchStart", 200, 700)
            for step in range(1, 8):
                touch("touchMove", 200, 700 - step * 70)
            touch("touchEnd", 200, 210)
            page.wait_for_timeout(150)
        assert page.evaluate("window.scrollY") > 2000, "the swipes did not scroll"
        starts = page.evaluate(
            "[...document.querySelectorAll('figure.marketsite-chart')]"
            ".map(f => f.getBoundingClientRect().top + window.scrollY)"
        )
        assert min(starts) < page.evaluate("window.scrollY + 844"), "no chart was passed"
        page.wait_for_timeout(500)
        assert not any(url.endswith("/vega.js") for url in seen)
        chart = page.locator("#chart-market-size")
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        touch("touchStart", x, y)
        touch("touchEnd", x, y)
        page.locator("#chart-market-size .marketsite-chart__svg[data-interactive]").wait_for(
            timeout=15_000
        )
        assert any(url.endswith("/vega.js") for url in seen)
    finally:
        context.close()


@pytest.mark.parametrize(
    ("locale", "expected"), [("en-US", "en/"), ("de-AT", "de/"), ("fr-FR", "de/")]
)
def test_the_root_page_picks_the_readers_language(
    browser: Browser, server: str, locale: str, expected: str
) -> None:
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        page.goto(server)
        page.wait_for_url(server + expected)
    finally:
        context.close()


def test_without_javascript_the_root_page_lists_the_languages(
    browser: Browser, server: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server)
        assert page.locator("li a").all_inner_texts() == ["Deutsch", "English"]
    finally:
        context.close()


class PagesLikeHandler(QuietHandler):
    """As GitHub Pages serves a site: the root 404.html, with status 404, for every
    address that has no file."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(str(self.directory)) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def pages_server(built_site: BuiltSite) -> Iterator[str]:
    handler = functools.partial(PagesLikeHandler, directory=str(built_site.root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    ("address", "locale", "lang", "heading", "title"),
    [
        ("en/reports/no-such-report/", "de-DE", "en", "Page not found", "Page not found - "),
        ("de/berichte/gibt-es-nicht/", "en-US", "de", "Seite nicht gefunden", "Seite nicht"),
        ("no-such-page", "en-GB", "en", "Page not found", "Page not found - "),
        ("no-such-page", "fr-FR", "de", "Seite nicht gefunden", "Seite nicht"),
    ],
)
def test_a_missing_address_says_so_in_the_readers_language(
    browser: Browser,
    pages_server: str,
    address: str,
    locale: str,
    lang: str,
    heading: str,
    title: str,
) -> None:
    """The language the address names wins, then the browser's, then the default."""
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        response = page.goto(pages_server + address)
        assert response is not None and response.status == 404
        assert page.locator("h1:visible").all_inner_texts() == [heading]
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.title().startswith(title)
        # Where a reader looks next: every report, then the home page, in that language.
        links = page.locator(f"section[lang={lang}] a[hreflang={lang}]")
        catalog = {"de": "/de/berichte/", "en": "/en/reports/"}[lang]
        hrefs = [links.nth(i).get_attribute("href", timeout=1_000) or "" for i in range(2)]
        assert hrefs[0].endswith(catalog) and hrefs[1].endswith(f"/{lang}/"), hrefs
        links.first.click()
        page.wait_for_url("**" + catalog)
        page.locator("article table").wait_for(timeout=5_000)
    finally:
        context.close()


def test_without_javascript_a_missing_address_answers_in_every_language(
    browser: Browser, pages_server: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(pages_server + "en/reports/no-such-report/")
        assert page.locator("h1:visible").all_inner_texts() == [
            "Seite nicht gefunden",
            "Page not found",
        ]
        description = page.locator('meta[name="description"]').get_attribute("content")
        assert description and description.startswith("Unter dieser Adresse")
    finally:
        context.close()


@pytest.mark.parametrize("catalog", ["de/berichte/", "en/reports/"])
def test_the_catalog_shows_every_column_on_a_desktop_and_cards_on_a_phone(
    browser: Browser, corpus_server: tuple[str, list[str]], catalog: str
) -> None:
    base, _pages = corpus_server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(base + catalog)
        wrapper = page.locator(".marketsite-catalog")
        # Material wraps tables in a box that scrolls sideways: it must have nothing to.
        scrolling = wrapper.evaluate(
            """w => [w, ...w.querySelectorAll(".md-typeset__scrollwrap, .md-typeset__table")]
                .filter(box => box.scrollWidth > box.clientWidth + 1).length"""
        )
        assert scrolling == 0, "the table scrolls sideways"
        right = wrapper.evaluate("w => w.querySelector('table').getBoundingClientRect().right")
        assert right <= wrapper.evaluate("w => w.getBoundingClientRect().right") + 0.5
        edges = page.locator(".marketsite-catalog thead th").evaluate_all(
            "cells => cells.map(c => c.getBoundingClientRect().right)"
        )
        assert len(edges) >= 5 and max(edges) <= right + 0.5, (edges, right)
        headers = page.locator(".marketsite-catalog thead th").all_inner_texts()
    finally:
        context.close()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(base + catalog)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        cards = page.locator(".marketsite-catalog tbody tr")
        assert cards.count() >= 10
        for index in range(cards.count()):
            card = cards.nth(index)
            fields = card.locator("td").evaluate_all(
                """cells => cells.map(c => ({
                    label: getComputedStyle(c, "::before").content.replace(/^"|"$/g, ""),
                    text: c.innerText.trim(),
                    left: c.getBoundingClientRect().left,
                    right: c.getBoundingClientRect().right,
                }))"""
            )
            # The report's name heads the card; every other field shows its column's name.
            assert [f["label"] for f in fields[1:]] == headers[1:]
            assert all(f["text"] for f in fields)
            assert all(f["left"] >= 0 and f["right"] <= 390 for f in fields), fields
        box = cards.first.bounding_box()
        assert box is not None and box["height"] < 300 and box["width"] > 330, box
    finally:
        context.close()


@pytest.mark.parametrize(
    ("path", "counter"),
    [(GERMAN_REPORT, "Seite {n} von {total}"), (ENGLISH_REPORT, "Page {n} of {total}")],
)
def test_a_printed_report_fits_nine_a4_pages_each_with_its_footer(
    browser: Browser, server: str, tmp_path: Path, path: str, counter: str
) -> None:
    """Paper: at most 9 A4 pages; every page's footer names the report's address and
    'page x of y'; the data downloads print as their addresses; the chart's data table
    prints with it."""
    from pypdf import PdfReader

    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server + path)
        pdf = tmp_path / "report.pdf"
        page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    finally:
        context.close()
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages]
    assert len(pages) <= 9, f"{len(pages)} A4 pages"
    address = server + path
    for number, text in enumerate(pages, start=1):
        assert counter.format(n=number, total=len(pages)) in text, number
        assert address in text, number
    whole = " ".join(pages).replace(" ", "")
    assert f"{address}market-size.csv".replace(" ", "") in whole
    assert "interpol" in whole  # the data table's provenance column, printed open


def test_copy_link_puts_the_pages_address_on_the_clipboard(browser: Browser, server: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(server + GERMAN_REPORT)
        button = page.get_by_role("button", name="Link kopieren")
        button.click()
        page.wait_for_function(
            "document.querySelector('.marketsite-copy-link button').textContent === 'Link kopiert'",
            timeout=5_000,
        )
        assert page.evaluate("navigator.clipboard.readText()") == server + GERMAN_REPORT
    finally:
        context.close()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + GERMAN_REPORT)
        assert page.get_by_role("button", name="Link kopieren").count() == 0  # needs JS
    finally:
        context.close()
