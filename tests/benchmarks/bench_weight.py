"""Benchmark: what pages cost a reader on a cold load, raw and gzip-compressed.

Builds the example site into a temporary folder, serves it locally, loads each page
in Debian's Chromium with an empty cache and prints every page's requests and bytes,
then what opening search and pointing at a chart add. Limits (issue: light pages):
report <= 300 KB gzip, home and catalog <= 150 KB. Run on demand:

    .venv/bin/python tests/benchmarks/bench_weight.py
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.conftest import QuietHandler, chromium_path  # noqa: E402
from tests.page_weight import packed, weigh  # noqa: E402

PAGES = {
    "report (de)": ("de/berichte/omni-channel-kommunikationsdienste/", 300),
    "report (en)": ("en/reports/omni-channel-communication-services/", 300),
    "home (de)": ("de/", 150),
    "home (en)": ("en/", 150),
    "catalog (de)": ("de/berichte/", 150),
    "catalog (en)": ("en/reports/", 150),
    "404 (de)": ("de/404.html", 150),
}


def on_demand(browser, url: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """gzip KB added by opening search (one query) and by pointing at a chart."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    costs = []
    for action in ("search", "chart"):
        seen: list = []
        page.on("response", lambda response, seen=seen: seen.append(response))
        if action == "search":
            page.locator('.md-header__button[for="__search"]').click()
            page.locator(".pagefind-ui__search-input").fill("Prognose")
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15_000)
            page.keyboard.press("Escape")
        else:
            page.locator("#chart-market-size").scroll_into_view_if_needed()
            page.locator("#chart-market-size").hover()
            page.locator("#chart-market-size [data-interactive]").wait_for(timeout=15_000)
        page.wait_for_load_state("networkidle")
        costs.append(packed(seen))
    context.close()
    return costs[0], costs[1]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build = [str(Path(sys.executable).parent / "marketsite"), "build", "-d", str(site)]
        subprocess.run(build, cwd=ROOT, check=True, capture_output=True)
        handler = functools.partial(QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), args=["--no-sandbox"]
            )
            print(f"{'page':<14} {'requests':>8} {'raw KB':>8} {'gzip KB':>8} {'limit':>6}")
            for name, (path, limit) in PAGES.items():
                weight = weigh(browser, base + path)
                gz = weight.gzip / 1024
                mark = "ok" if gz <= limit else "OVER"
                print(
                    f"{name:<14} {len(weight.files):>8} {weight.raw / 1024:>8.0f} {gz:>8.0f}"
                    f" {limit:>5} {mark}"
                )
            search, chart = on_demand(browser, base + PAGES["report (de)"][0])
            print(f"on demand: opening search + one query {search / 1024:.0f} KB gzip, ", end="")
            print(f"first chart interaction (Vega) {chart / 1024:.0f} KB gzip")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
