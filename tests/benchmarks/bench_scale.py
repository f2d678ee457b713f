"""Benchmark: marketsite at publisher scale, against plain MkDocs on the same pages.

For each size N (default 100, 500 and 1,000 reports: the example cloned with
distinct figures, both languages) it prints, from one run:

- cold (empty cache), warm (nothing changed) and one-report-edited build times;
- a cold build without the per-report raster and PDF outputs (chart PNGs, social
  images, sample PDFs: written empty), to show what they cost and what the rest costs;
- the floor: the pages marketsite generates, built by plain MkDocs + Material +
  search (no marketsite plugin, both languages in parallel), with the charts as SVG
  images made beforehand (as a plain MkDocs user has them), and the ratios;
- the peak RSS of the largest build process, and the site's size;
- the bytes a reader fetches for one search query, for the catalog's first page, and
  for it plus a sorting over all reports, and for comparing five reports (Chromium, cold
  cache, gzip as a host sends);
- what the features over all reports add: the time to find every report's related
  reports and to write the catalog's data (facts JSON, key figures, data package), each
  against the cold build, and the size of that data and of the feeds.

Shared machines are noisy: compare the ratios of one run. Run on demand:

    .venv/bin/python tests/benchmarks/bench_scale.py [--sizes 100 500 1000]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_build import REPORT_ID, copy_project  # noqa: E402
from tests.conftest import QuietHandler, chromium_path  # noqa: E402
from tests.page_weight import packed  # noqa: E402

BIN = Path(sys.executable).parent


def run(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall time and peak RSS (MiB, largest process of the tree) of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{output.decode(errors='replace')}")
    return time.perf_counter() - start, usage.ru_maxrss // 1024


def build(project: Path) -> tuple[float, int]:
    config, out = project / "mkdocs.yml", project / "site"
    return run([str(BIN / "marketsite"), "build", "-f", str(config), "-d", str(out)])


def cold_build_without_media(project: Path) -> float:
    """A cold build (own cache, own output) with PNGs and PDFs written empty."""
    config, out = project / "mkdocs.yml", project / "site-without-media"
    cache = project / ".cache" / "marketsite"
    aside = cache.with_name("marketsite-kept")
    cache.rename(aside)
    try:
        seconds, _ = run(
            [sys.executable, __file__, "--build-without-media", "-f", str(config), "-d", str(out)]
        )
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        aside.rename(cache)
        shutil.rmtree(out, ignore_errors=True)
    return seconds


def build_without_media(arguments: list[str]) -> None:
    """`marketsite build` with chart PNGs, social images and sample PDFs written empty.
    The stubs reach the language builds only because they are forked from this process:
    a measuring shortcut of this benchmark, which marketsite itself never relies on."""
    sys.path.insert(0, str(ROOT / "src"))
    import marketsite.rendering.charts
    import marketsite.rendering.outputs
    from marketsite.cli import main

    marketsite.rendering.charts.ChartRenderer.svg_png = lambda self, svg, scale=1: b""  # type: ignore[method-assign]
    marketsite.rendering.outputs.sample_pdf = lambda data, cache_dir=None: b""  # type: ignore[assignment]
    sys.argv = ["marketsite", "build", "--start-method", "fork", *arguments]
    main()


def plain_project(project: Path, target: Path) -> list[Path]:
    """The generated pages of each language as a plain MkDocs project (no marketsite),
    with the charts as a plain MkDocs user has them: SVG files made beforehand (taken
    from marketsite's chart cache, so making them is not timed), shown as images."""
    sys.path.insert(0, str(ROOT / "src"))
    from marketsite.checks.validate import validate_data_dir
    from marketsite.rendering.charts import ChartRenderer
    from marketsite.rendering.pages import RenderOptions
    from marketsite.rendering.render import render_locale
    from marketsite.site.settings import read_settings

    settings = read_settings(project / "mkdocs.yml")
    dataset = validate_data_dir(project / "data").dataset
    assert dataset is not None
    charts = ChartRenderer(project / ".cache" / "marketsite" / "charts")
    configs = []
    for lang in settings.languages:
        docs = target / lang / "docs"
        shutil.copytree(project / "content" / lang, docs)
        page_set = render_locale(dataset, lang, RenderOptions(charts=charts))
        for page in page_set.pages:
            markdown = page.markdown
            folder = page.src_uri.removesuffix(".md").rsplit("/", 1)[-1]
            for slot in page.blocks:
                chart = slot.removeprefix("<!-- marketsite-block:").removesuffix(" -->")
                image = f"![{chart}]({folder}/{chart}.svg)" if chart.startswith("chart-") else ""
                markdown = markdown.replace(slot, image, 1)
            path = docs / page.src_uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(markdown, encoding="utf-8")
        for name, content in page_set.assets.items():
            if name.endswith(".svg"):
                path = docs / name
                path.parent.mkdir(parents=True, exist_ok=True)
                data = content.read_bytes() if isinstance(content, Path) else content
                path.write_bytes(data)
        config = target / lang / "mkdocs.yml"
        config.write_text(
            f"site_name: plain {lang}\n"
            f"docs_dir: docs\nsite_dir: site\n"
            f"theme:\n  name: material\n  language: {lang}\n  font: false\n"
            "plugins:\n  - search\n"
            "markdown_extensions: [tables, attr_list, admonition, toc]\n"
            "validation: {nav: {omitted_files: ignore}, links: {not_found: ignore}}\n",
            encoding="utf-8",
        )
        configs.append(config)
    return configs


def plain_build(configs: list[Path]) -> float:
    """Every language's plain MkDocs build, in parallel as marketsite builds them."""
    start = time.perf_counter()
    processes = [
        subprocess.Popen(
            [str(BIN / "mkdocs"), "build", "-q", "-f", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for config in configs
    ]
    if any(process.wait() != 0 for process in processes):
        raise RuntimeError("plain MkDocs build failed")
    return time.perf_counter() - start


def size_mib(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def reader_bytes(site: Path, report_ids: list[str]) -> tuple[int, int, int, int]:
    """gzip bytes a reader fetches: for one search query (from opening search to the first
    results), for the catalog's first page, for it plus its first sorting, and for the
    comparison of five reports (``report_ids``' first five) opened from its address."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/de/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), args=["--no-sandbox"]
            )
            page = browser.new_page()
            page.goto(base)
            page.wait_for_load_state("networkidle")
            searched: list = []
            page.on("response", lambda response: searched.append(response))
            page.locator('.md-header__button[for="__search"]').click()
            page.locator(".pagefind-ui__search-input").fill("Prognose")
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=30_000)
            page.wait_for_load_state("networkidle")
            catalog: list = []
            page = browser.new_context().new_page()
            page.on("response", lambda response: catalog.append(response))
            page.goto(base + "berichte/")
            page.wait_for_load_state("networkidle")
            loaded = packed(catalog)
            page.select_option("select[name=sort]", "size")
            page.locator(".marketsite-catalog__status", has_text="Gefundene").wait_for()
            page.wait_for_load_state("networkidle")
            sorted_too = packed(catalog)
            searched_bytes = packed(searched)
            compared: list = []
            page = browser.new_context().new_page()
            page.on("response", lambda response: compared.append(response))
            page.goto(base + "vergleich/?m=" + ",".join(report_ids[:5]))
            page.locator(".marketsite-compare__chart").first.wait_for(timeout=30_000)
            page.wait_for_load_state("networkidle")
            compare_bytes = packed(compared)
            browser.close()
    finally:
        server.shutdown()
    return searched_bytes, loaded, sorted_too, compare_bytes


def cross_report_figures(project: Path) -> tuple[float, float, float, float, float]:
    """Seconds to relate every report and to write the catalog's data (in this process,
    on the validated data, as a build does once), and the KiB of the data folder, the
    data package descriptors (root and per report) and the feeds of the built site."""
    from marketsite.checks.validate import validate_data_dir
    from marketsite.data.history import report_dates
    from marketsite.derivation.derive import derive
    from marketsite.derivation.related import related_reports
    from marketsite.rendering.catalog_data import write_catalog_data

    site = project / "site"
    dataset = validate_data_dir(project / "data").dataset
    assert dataset is not None
    start = time.perf_counter()
    related_reports(derive(report) for report in dataset.reports)
    related = time.perf_counter() - start
    start = time.perf_counter()
    write_catalog_data(site, dataset, ("de", "en"), report_dates(project / "data"))
    data = time.perf_counter() - start
    packages = sum(path.stat().st_size for path in site.rglob("datapackage.json"))
    feeds = sum(path.stat().st_size for path in site.glob("*/feed.xml"))
    return related, data, size_mib(site / "data") * 1024, packages / 1024, feeds / 1024


def edit_one_report(project: Path) -> None:
    facts = project / "data" / f"{REPORT_ID}-2" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("value: 24.71,", "value: 24.72,", 1), encoding="utf-8")


def main() -> None:
    if sys.argv[1:2] == ["--build-without-media"]:
        build_without_media(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 1000])
    args = parser.parse_args()
    header = (
        f"{'reports':>7} {'cold s':>7} {'warm s':>7} {'edit s':>7} {'plain s':>7} "
        f"{'cold/pl':>7} {'warm/pl':>7} {'no-media':>8} {'/pl':>5} "
        f"{'RSS MiB':>7} {'site MiB':>8} {'search KB':>9} "
        f"{'catalog KB':>10} {'+sort KB':>8} {'compare5 KB':>11}"
    )
    print(header)
    times = {}
    across = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            project = copy_project(Path(tmp) / "project", size)
            cold, rss_cold = build(project)
            bare = cold_build_without_media(project)
            warm, rss_warm = build(project)
            edit_one_report(project)
            edited, _ = build(project)
            configs = plain_project(project, Path(tmp) / "plain")
            plain = plain_build(configs)
            ids = [REPORT_ID] + [f"{REPORT_ID}-{n}" for n in range(2, size + 1)]
            searched, catalog, sorted_too, compared = reader_bytes(project / "site", ids)
            times[size] = cold
            across.append((size, cold, *cross_report_figures(project)))
            print(
                f"{size:>7} {cold:>7.1f} {warm:>7.1f} {edited:>7.1f} {plain:>7.1f} "
                f"{cold / plain:>7.2f} {warm / plain:>7.2f} {bare:>8.1f} {bare / plain:>5.2f} "
                f"{max(rss_cold, rss_warm):>7} "
                f"{size_mib(project / 'site'):>8.1f} {searched / 1024:>9.0f} "
                f"{catalog / 1024:>10.0f} {sorted_too / 1024:>8.0f} {compared / 1024:>11.0f}",
                flush=True,
            )
    sizes = sorted(times)
    for smaller, larger in itertools.pairwise(sizes):
        print(f"cold T({larger}) / T({smaller}) = {times[larger] / times[smaller]:.2f}")
    print()
    print(
        f"{'reports':>7} {'related s':>9} {'% cold':>6} {'data s':>7} {'% cold':>6} "
        f"{'data KiB':>8} {'packages KiB':>12} {'feeds KiB':>9}"
    )
    for size, cold, related, data, data_kib, packages_kib, feeds_kib in across:
        print(
            f"{size:>7} {related:>9.2f} {100 * related / cold:>6.1f} {data:>7.2f} "
            f"{100 * data / cold:>6.1f} {data_kib:>8.0f} {packages_kib:>12.0f} {feeds_kib:>9.0f}"
        )


if __name__ == "__main__":
    main()
