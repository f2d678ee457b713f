"""Charts, downloads and structured data on the built example site."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from tests.conftest import (
    CACHE,
    ENGLISH_REPORT,
    GERMAN_REPORT,
    REPORT_ID,
    SHARED_CACHE,
    BuiltSite,
    copy_project,
    edit,
    run_build,
)

NBSP = "\u00a0"
CHARTS = ("chart-market-size", "chart-share-type", "chart-share-regions")


def svg_texts(soup: BeautifulSoup, chart_id: str, rendering: str = "wide") -> list[str]:
    """The words of one rendering of a chart: "wide" for desktops, "narrow" for phones."""
    figure = soup.select_one(f"figure#{chart_id}")
    assert figure is not None, chart_id
    svg = figure.select_one(f".marketsite-chart__svg--{rendering} svg")
    assert svg is not None, f"{chart_id} has no inline SVG"
    return [text.get_text() for text in svg.find_all("text")]


def test_every_chart_is_inline_svg_on_both_language_pages(built_site: BuiltSite) -> None:
    for path in (GERMAN_REPORT, ENGLISH_REPORT):
        soup = built_site.html(path)
        for chart_id in CHARTS:
            # The phone's rendering says what the desktop's does, in larger text: every
            # bar's figure, every name, the legend. Only the value axis is left out
            # there, since the bars carry their figures.
            wide, narrow = svg_texts(soup, chart_id), svg_texts(soup, chart_id, "narrow")
            figure = soup.select_one(f"figure#{chart_id} .marketsite-chart__svg--wide svg")
            assert figure is not None
            axis_texts = [t.get_text() for g in figure.select("g.role-axis") for t in g("text")]
            left_out = list((Counter(wide) - Counter(narrow)).elements())
            assert not Counter(narrow) - Counter(wide), chart_id
            assert not Counter(left_out) - Counter(axis_texts), (chart_id, left_out)
            assert len(narrow) > len(wide) / 2, chart_id
            alternative = soup.select_one(f"figure#{chart_id} [role=img]")
            assert alternative is not None and len(alternative["aria-label"]) > 40
        assert not soup.select("script[src*='vega']")


def test_german_charts_use_a_decimal_comma_and_english_a_point(built_site: BuiltSite) -> None:
    german = svg_texts(built_site.html(GERMAN_REPORT), "chart-market-size")
    english = svg_texts(built_site.html(ENGLISH_REPORT), "chart-market-size")
    # Bar labels are the table's strings: published as written, derived years marked.
    assert f"24,71{NBSP}Mrd.{NBSP}$" in german and f"58,25{NBSP}Mrd.{NBSP}$" in german
    assert f"27,18{NBSP}Mrd.{NBSP}$*" in german
    assert "US$24.71bn" in english and "US$58.25bn" in english and "US$27.18bn*" in english
    assert "veröffentlicht" in german and "abgeleitet" in german  # the legend
    assert "2026" in german and "2035" in english  # the years, as names of the bars
    assert any("Milliarden US-Dollar" in t for t in german)
    assert any("billion US dollars" in t for t in english)


@pytest.mark.parametrize("path", [GERMAN_REPORT, ENGLISH_REPORT])
def test_a_share_table_lists_its_items_in_the_order_of_its_chart(
    built_site: BuiltSite, path: str
) -> None:
    """The chart sorts its bars largest first; the table beside it, read to check a bar,
    must not list them in another order (facts.yaml lists voice before social media)."""
    page = built_site.html(path)
    shares = page.select('figure[id^="chart-share-"]')
    assert len(shares) == 2  # type and regions (the publisher gives no application shares)
    for figure in shares:
        spec = json.loads(figure.select_one("script.marketsite-chart__spec").string)
        (rows,) = spec["spec"]["datasets"].values()
        table = figure.find_next("table")
        names = [row.find("td").get_text(strip=True) for row in table.select("tbody tr")]
        assert names == [row["category"] for row in rows], figure["id"]
    english_or_german = {"Social media", "Social Media"}
    type_table = page.select_one("#chart-share-type").find_next("table")
    second = type_table.select("tbody tr")[1].find("td").get_text(strip=True)
    assert second in english_or_german  # 30 % after email's 35 %, not voice's 15 %


def test_region_chart_includes_the_remainder(built_site: BuiltSite) -> None:
    german = svg_texts(built_site.html(GERMAN_REPORT), "chart-share-regions")
    assert "Übrige Welt" in german and f"rund 5{NBSP}%*" in german
    assert f"rund 50{NBSP}%" in german
    english = svg_texts(built_site.html(ENGLISH_REPORT), "chart-share-regions")
    assert "Rest of world" in english and "about 5%*" in english


def test_every_chart_can_be_downloaded_as_svg_and_png(built_site: BuiltSite) -> None:
    soup = built_site.html(GERMAN_REPORT)
    folder = built_site.root / GERMAN_REPORT
    for chart_id in CHARTS:
        links = [a["href"] for a in soup.select(f"figure#{chart_id} figcaption a[download]")]
        # The chart as SVG and PNG, then its data right under it: CSV and the workbook.
        assert [Path(link).suffix for link in links] == [".svg", ".png", ".csv", ".xlsx"]
        assert all((folder / link).is_file() for link in links)
        svg = BeautifulSoup((folder / links[0]).read_text(encoding="utf-8"), "html.parser")
        # The file is the desktop rendering, German numbers included, framed by what it
        # needs away from the page: title, unit, the * legend, source, address, licence.
        texts = [t.get_text() for t in svg.find_all("text")]
        chart_texts = svg_texts(soup, chart_id)
        start = texts.index(chart_texts[0])
        assert texts[start : start + len(chart_texts)] == chart_texts
        title = soup.select_one(f"figure#{chart_id} figcaption")
        assert title is not None and texts[0] == title.get_text().split(" Diagramm")[0]
        around = texts[:start] + texts[start + len(chart_texts) :]
        assert "Quelle: Beispielverlag Marktberichte." in around
        assert built_site.base_url + GERMAN_REPORT in around
        assert any(t.startswith("Lizenz: Alle Rechte vorbehalten.") for t in around)
        if any(t.endswith("*") for t in chart_texts):
            assert "* von uns aus den Angaben des Herausgebers abgeleitet" in around
        png = (folder / links[1]).read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        width = int.from_bytes(png[16:20], "big")
        assert width >= 1000, f"{chart_id}: {width} px is too coarse for a slide"
        # The PNG is the framed SVG, at twice its pixels.
        height = int.from_bytes(png[20:24], "big")
        framed = svg.find("svg")
        assert framed is not None and height == round(2 * float(framed["height"]))


def test_the_terms_of_reuse_are_on_the_page(built_site: BuiltSite) -> None:
    german = built_site.html(GERMAN_REPORT).get_text(" ")
    assert (
        "Lizenz: Alle Rechte vorbehalten. Zur Weiterverwendung schreiben Sie an "
        "sales@example.com." in german
    )
    english = built_site.html(ENGLISH_REPORT).get_text(" ")
    assert "Licence: All rights reserved. For reuse, write to sales@example.com." in english


def test_forecast_chart_has_a_data_table_equivalent(built_site: BuiltSite) -> None:
    soup = built_site.html(GERMAN_REPORT)
    details = soup.select_one("details.marketsite-chart__data")
    assert details is not None
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in details.select("tbody tr")]
    assert rows[0] == ["2026", f"24,71{NBSP}Mrd.{NBSP}$", "Schätzung", "veröffentlicht"]
    assert rows[-1] == ["2035", f"58,25{NBSP}Mrd.{NBSP}$", "Prognose", "veröffentlicht"]
    assert rows[1] == [
        "2027",
        f"27,18{NBSP}Mrd.{NBSP}$*",
        "",
        "abgeleitet: zwischen veröffentlichten Werten interpoliert",
    ]
    assert len(rows) == 10


def read_german_csv(path: Path, **options: object) -> pd.DataFrame:
    """As German spreadsheet programs read CSV: semicolons, decimal comma."""
    return pd.read_csv(path, encoding="utf-8-sig", sep=";", decimal=",", **options)  # type: ignore[call-overload]


def test_csv_downloads_read_back_to_the_data(built_site: BuiltSite) -> None:
    folder = built_site.root / GERMAN_REPORT
    sizes = read_german_csv(folder / "market-size.csv", keep_default_na=False)
    assert list(sizes.columns) == [
        "Jahr",
        "Marktgröße (Milliarden US-Dollar)",
        "Status",
        "Herkunft",
    ]
    assert sizes.iloc[0].tolist() == [2026, 24.71, "Schätzung", "veröffentlicht"]
    assert sizes.iloc[-1].tolist() == [2035, 58.25, "Prognose", "veröffentlicht"]
    assert sizes.iloc[1].tolist() == [
        2027,
        27.18,
        "",
        "abgeleitet: zwischen veröffentlichten Werten interpoliert",
    ]
    regions = read_german_csv(folder / "regions.csv")
    assert regions["Anteil (%)"].tolist() == [50, 30, 15, 5]
    assert regions["Zusatz zum Anteil"].tolist() == ["rund"] * 4
    assert regions["Quelle des Anteils"].tolist() == ["veröffentlicht"] * 3 + [
        "abgeleitet: Rest zu 100\u00a0%"
    ]
    assert regions["Region"].tolist()[-1] == "Übrige Welt"
    players = read_german_csv(folder / "players.csv")
    assert len(players) == 10
    assert players[players["Unternehmen"] == "Emarsys"][
        ["Hauptsitz", "Ländercode"]
    ].values.tolist() == [["Österreich", "AT"]]
    english = pd.read_csv(
        built_site.root / ENGLISH_REPORT / "segments-type.csv", encoding="utf-8-sig"
    )
    # facts.yaml lists email 35, voice 15, SMS 20, social media 30; the table and its
    # download list them as the chart beside them does, largest first.
    assert english.columns[0] == "Segment" and english["Share (%)"].tolist() == [35, 30, 20, 15]
    assert english["Segment"].tolist() == ["Email", "Social media", "SMS", "Voice calls"]
    # Values are written with the decimals stated or derived: 29.90, not 29.9.
    raw = (folder / "market-size.csv").read_text(encoding="utf-8-sig")
    assert "2028;29,90;" in raw and "24.71" not in raw
    english_raw = (built_site.root / ENGLISH_REPORT / "market-size.csv").read_text(
        encoding="utf-8-sig"
    )
    assert "2028,29.90," in english_raw


def test_xlsx_download_has_numeric_cells_and_localized_headers(built_site: BuiltSite) -> None:
    path = built_site.root / ENGLISH_REPORT / "omni-channel-communication-services.xlsx"
    workbook = load_workbook(io.BytesIO(path.read_bytes()))
    sizes = workbook["Market size per year"]
    assert [c.value for c in sizes[1]] == [
        "Year",
        "Market size (billion US dollars)",
        "Status",
        "Provenance",
    ]
    assert [c.value for c in sizes[2]] == [2026, 24.71, "estimate", "published"]
    assert [c.value for c in sizes[11]] == [2035, 58.25, "forecast", "published"]
    assert all(
        isinstance(c.value, int | float)
        for row in sizes.iter_rows(min_row=2, max_col=2)
        for c in row
    )
    # Cells show the decimals as stated or derived (29.90, not 29.9).
    assert sizes["B4"].value == 29.9 and sizes["B4"].number_format == "0.00"
    regions = workbook["Share by region"]
    assert [row[1].value for row in regions.iter_rows(min_row=2)] == [50, 30, 15, 5]


def test_xlsx_sheet_names_are_valid_for_excel_and_the_bytes_reproducible() -> None:
    from decimal import Decimal

    from marketsite.rendering.datatable import Cell, Column, DataTable
    from marketsite.rendering.downloads import to_xlsx

    def table(title: str) -> DataTable:
        columns = (Column("Year", "Year"), Column("Value", "Value", numeric=True))
        rows = ((Cell("2024", 2024), Cell("12.40", Decimal("12.40"))),)
        return DataTable("sizes", title, columns, rows)

    # Excel rejects names over 31 characters, with any of []:*?/\, starting or ending
    # with an apostrophe, or equal to another sheet's name in any case.
    titles = ["Sales: EU/US [2024]", "sales: eu/us [2024]", "'Quoted'", "x" * 40]
    content = to_xlsx([table(title) for title in titles])
    workbook = load_workbook(io.BytesIO(content))
    names = workbook.sheetnames
    assert names[0] == "Sales  EU US  2024" and names[2] == "Quoted"
    assert len(names) == 4 and len({name.casefold() for name in names}) == 4
    assert all(len(name) <= 31 for name in names)
    assert workbook[names[1]]["B2"].value == 12.4
    assert workbook[names[1]]["B2"].number_format == "0.00"
    assert to_xlsx([table(title) for title in titles]) == content


def test_sample_box_offers_the_sample_pdf_and_asks_for_the_full_report(
    built_site: BuiltSite,
) -> None:
    from urllib.parse import unquote

    cta = built_site.html(GERMAN_REPORT).select_one("article .marketsite-sample")
    assert cta is not None
    links = {a.get_text(strip=True): a["href"] for a in cta.select("a")}
    assert links["Kostenlose Leseprobe herunterladen (PDF)"] == (
        "omni-channel-kommunikationsdienste-leseprobe.pdf"
    )
    assert (
        built_site.root / GERMAN_REPORT / links["Kostenlose Leseprobe herunterladen (PDF)"]
    ).is_file()
    mail = unquote(links["Vollständigen Bericht anfragen"])
    # The mail asks for what its button says: the full report, not the sample.
    assert mail == (
        "mailto:sales@example.com?subject=Anfrage zum vollständigen Bericht: "
        "Markt für Omni-Channel-Kommunikationsdienste"
    )


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_sample_pdf_delivers_what_the_box_promises(built_site: BuiltSite) -> None:
    folder = built_site.root / GERMAN_REPORT
    text = pdf_text(folder / "omni-channel-kommunikationsdienste-leseprobe.pdf")
    box = built_site.html(GERMAN_REPORT).select_one("article .marketsite-sample")
    assert box is not None
    promised = [li.get_text(strip=True) for li in box.select("li")]
    assert promised == [
        "Marktsegmentierung",
        "Wichtigste Erkenntnisse",
        "Forschungsumfang",
        "Inhaltsverzeichnis",
        "Berichtsstruktur",
        "Forschungsmethodik",
    ]
    # Each promise is a chapter (the table of contents is "Inhalt").
    for chapter in ("Marktsegmentierung", "Wichtigste Erkenntnisse", "Forschungsumfang"):
        assert f". {chapter}" in text, chapter
    assert "Inhalt\n" in text and "Berichtsstruktur" in text and "Forschungsmethodik" in text
    # The key figures as the page shows them, derived marks and source included.
    for figure in ("24,71 Mrd. $", "58,25 Mrd. $", "10,1 %", "27,18 Mrd. $*", "rund 5 %*"):
        assert figure in text.replace("\u00a0", " "), figure
    assert "Von uns aus den Angaben des Herausgebers abgeleitet" in text
    assert "Quelle: Beispielverlag Marktberichte." in text
    assert f"{built_site.base_url}{GERMAN_REPORT}" in text
    # The report's chapters, as listed on its page, without the web page's own sections.
    assert "Regionale Einblicke" in text and "Forschungsmethodik" in text
    assert "Daten herunterladen" not in text and "Häufig gestellte Fragen" not in text
    # The methodology's percent signs, as a reader writes them.
    assert "Anteile gegen 100 % und Jahre" in text.replace("\u00a0", " ")
    assert "%%" not in text
    english = pdf_text(
        built_site.root / ENGLISH_REPORT / "omni-channel-communication-services-sample.pdf"
    )
    assert "Free sample" in english and "US$24.71bn" in english and "Market segmentation" in english
    assert "a set of shares to 100%." in english.replace("\n", " ") and "%%" not in english


def test_editor_text_is_never_read_as_typst_markup(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    text_file = project / "data" / REPORT_ID / "text.en.yaml"
    source = text_file.read_text(encoding="utf-8")
    marker = "Rising demand for personal"
    assert marker in source
    text_file.write_text(
        source.replace(marker, '#read("/etc/passwd") #panic() $x$ *b* ' + marker, 1),
        encoding="utf-8",
    )
    result = run_build(project, tmp_path / "site")
    assert result.exit_code == 0, result.output
    text = pdf_text(
        tmp_path / "site" / ENGLISH_REPORT / "omni-channel-communication-services-sample.pdf"
    )
    assert "root:" not in text
    # Shown as written, not run: the text is data, not markup.
    assert '#read("/etc/passwd") #panic() $x$ *b* Rising demand for personal' in text


def jsonld(soup: BeautifulSoup) -> dict[str, dict]:
    blocks = [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]
    return {block["@type"]: block for block in blocks}


def test_json_ld_states_machine_values(built_site: BuiltSite) -> None:
    blocks = jsonld(built_site.html(GERMAN_REPORT))
    dataset, faq = blocks["Dataset"], blocks["FAQPage"]
    # Published sizes only: interpolated years are not the publisher's.
    sizes = {m["value"] for m in dataset["variableMeasured"] if m["unitText"] == "USD"}
    assert sizes == {24710000000, 58250000000}
    cagr = next(m for m in dataset["variableMeasured"] if m["unitText"] == "%")
    assert (cagr["name"], cagr["value"]) == ("CAGR 2026–2035", 10.1)
    assert dataset["temporalCoverage"] == "2026/2035"
    assert dataset["inLanguage"] == "de"
    urls = [d["contentUrl"] for d in dataset["distribution"]]
    assert f"{built_site.base_url}{GERMAN_REPORT}market-size.csv" in urls
    for url in urls:
        assert (built_site.root / url.removeprefix(built_site.base_url)).is_file()
    assert len(faq["mainEntity"]) == 8
    assert "58,25 Milliarden US-Dollar" in faq["mainEntity"][0]["acceptedAnswer"]["text"]
    # The language as written: British English.
    assert jsonld(built_site.html(ENGLISH_REPORT))["Dataset"]["inLanguage"] == "en-GB"


def test_json_ld_scales_sizes_without_float_artefacts(tmp_path: Path) -> None:
    """2.01 billion is 2,010,000,000: in floats, 2.01 * 10**9 is 2009999999.9999998."""
    project = copy_project(tmp_path / "project")
    facts = project / "data" / REPORT_ID / "facts.yaml"
    edit(facts, "{year: 2026, value: 24.71,", "{year: 2026, value: 2.01,")
    edit(facts, "{year: 2035, value: 58.25,", "{year: 2035, value: 4.74,")
    edit(facts, "{value: 10.1, from: 2026, to: 2035}", "{value: 10.0, from: 2026, to: 2035}")
    result = run_build(project, tmp_path / "site")
    assert result.exit_code == 0, result.output
    page = BeautifulSoup(
        (tmp_path / "site" / ENGLISH_REPORT / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    measured = jsonld(page)["Dataset"]["variableMeasured"]
    assert [m["value"] for m in measured if m["unitText"] == "USD"] == [2010000000, 4740000000]


def test_text_that_looks_like_a_formula_is_neutralised(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    edit(
        project / "data" / REPORT_ID / "facts.yaml",
        "{name: Oracle, country: US}",
        '{name: "=HYPERLINK(\\"http://x\\")", country: US}',
    )
    edit(
        project / "data" / REPORT_ID / "facts.yaml",
        "{name: Apple, country: US}",
        '{name: "<b>@Apple</b>", country: US}',
    )
    result = run_build(project, tmp_path / "site")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "site" / ENGLISH_REPORT
    players = pd.read_csv(folder / "players.csv", encoding="utf-8-sig")
    assert '\'=HYPERLINK("http://x")' in players["Company"].tolist()
    workbook = load_workbook(folder / "omni-channel-communication-services.xlsx")
    names = [row[0].value for row in workbook["Key industry players"].iter_rows(min_row=2)]
    assert '\'=HYPERLINK("http://x")' in names and "<b>@Apple</b>" in names
    page = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "<b>@Apple</b>" in page.select_one("article").get_text()


def test_second_build_renders_no_chart(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    # No chart drawn yet: a charts cache of its own, with only what the suite's holds
    # that is no chart and takes seconds to make: the Vega script bundle and the chart
    # shapes' spec templates (made with Altair), when there are any.
    charts = project / CACHE / "charts"
    charts.unlink()
    charts.mkdir()
    for pattern in ("vega-*.js", "template-*.json"):
        for made in (SHARED_CACHE / "charts").glob(pattern):
            shutil.copy2(made, charts)
    first = run_build(project, tmp_path / "site")
    assert first.exit_code == 0, first.output
    # Three charts per language, each drawn for wide screens and for phones.
    assert re.search(r"charts: 12 rendered, 0 from cache", first.output), first.output
    assert "report pages: 2 rendered, 0 from cache" in first.output, first.output
    second = run_build(project, tmp_path / "site")
    # Nothing changed: each language's report page and files come from the cache whole.
    assert "report pages: 0 rendered, 2 from cache" in second.output, second.output
    assert "charts: 0 rendered, 0 from cache" in second.output, second.output
    edit(
        project / "data" / REPORT_ID / "facts.yaml",
        "{id: europe, share: about 30}",
        "{id: europe, share: about 31}",
    )
    third = run_build(project, tmp_path / "site")
    # The report is rendered again, but only its region charts (two renderings per
    # language) show the changed share.
    assert "report pages: 2 rendered, 0 from cache" in third.output, third.output
    assert "charts: 4 rendered, 8 from cache" in third.output, third.output


def test_every_chart_spec_is_valid_vega_lite() -> None:
    # Builds skip Altair's schema validation for speed; this is where it happens.
    import altair as alt

    from marketsite.checks.validate import validate_data_dir
    from marketsite.rendering.render import report_view
    from marketsite.rendering.report_charts import report_charts
    from marketsite.rendering.tables import report_tables
    from tests.conftest import EXAMPLE_DATA

    dataset = validate_data_dir(EXAMPLE_DATA).dataset
    assert dataset is not None
    for lang in ("de", "en"):
        view = report_view(dataset, 0, lang)
        charts = report_charts(view, report_tables(view))
        assert [c.chart_id for c in charts] == ["market-size", "share-type", "share-regions"]
        for chart in charts:
            alt.Chart.from_dict(chart.bars.spec(), validate=True)
            alt.Chart.from_dict(chart.bars.narrow().spec(), validate=True)


def test_chart_specs_from_shape_templates_equal_altairs_own() -> None:
    # Builds fill a per-shape template instead of running Altair for every chart; the
    # specs must be exactly Altair's, for every kind of chart in the example and the
    # corpus of real report shapes (derived bars and their legend included). The quick
    # tier checks each corpus report in one language (they take turns), `make test` in
    # both: Altair takes 20 ms a spec.
    from marketsite.checks.validate import validate_data_dir
    from marketsite.rendering.render import report_view
    from marketsite.rendering.report_charts import report_charts
    from marketsite.rendering.tables import report_tables
    from tests.conftest import EXAMPLE_DATA, quick_tier

    corpus = Path(__file__).resolve().parent / "corpus" / "data"
    kinds = set()
    for data_dir in (EXAMPLE_DATA, corpus):
        dataset = validate_data_dir(data_dir, ("de", "en"), "de").dataset
        assert dataset is not None
        for index in range(len(dataset.reports)):
            languages = ("de", "en")
            if quick_tier() and data_dir == corpus:
                languages = (languages[index % 2],)
            for lang in languages:
                view = report_view(dataset, index, lang)
                for chart in report_charts(view, report_tables(view)):
                    # A report with few years keeps its columns upright.
                    few = dataclasses.replace(
                        chart.bars,
                        **{
                            field: getattr(chart.bars, field)[-3:]
                            for field in ("categories", "values", "labels", "sources")
                        },
                    )
                    for bars in (chart.bars, chart.bars.narrow(), few):
                        assert bars.spec() == bars.altair_spec(), (data_dir.name, chart.chart_id)
                        derived = bars.source_names[1] in bars.sources
                        kinds.add((bars.laid_out().horizontal, bars.compact, derived))
    # Columns and bars across on a desktop, bars across on a phone; each with and
    # without derived bars.
    assert len(kinds) == 6, kinds


@pytest.fixture
def beside_the_shared_cache() -> Iterator[Path]:
    """A temporary folder on the file system of the suite's shared build cache, which
    stays on disk where the suite's temporary folders may be in memory: a file is linked
    from a cache only within one file system, and copied across."""
    SHARED_CACHE.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="test-", dir=SHARED_CACHE.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_cached_files_are_linked_into_the_site_readable_and_never_written_through(
    beside_the_shared_cache: Path,
) -> None:
    tmp_path = beside_the_shared_cache
    project = copy_project(tmp_path / "project")
    assert run_build(project, tmp_path / "site").exit_code == 0
    assert run_build(project, tmp_path / "site").exit_code == 0  # from the render cache
    csv = tmp_path / "site" / ENGLISH_REPORT / "market-size.csv"
    # A link, not a copy, and readable by a web server like any file the build writes.
    assert csv.stat().st_nlink == 2
    assert csv.stat().st_mode & 0o044 == 0o044
    # The Vega script (0.9 MB) too: each language links the one cached file.
    scripts = [tmp_path / "site" / lang / "assets/marketsite/vega.js" for lang in ("de", "en")]
    assert scripts[0].samefile(scripts[1]) and scripts[0].stat().st_mode & 0o044 == 0o044
    before = csv.read_bytes()
    # A witness of the cached file's content (the build prunes the cache entry later).
    witness = tmp_path / "witness.csv"
    os.link(csv, witness)
    edit(project / "data" / REPORT_ID / "facts.yaml", "value: 24.71,", "value: 24.75,")
    assert run_build(project, tmp_path / "site").exit_code == 0
    assert b"24.75" in csv.read_bytes()
    # The old rendering was replaced in the site, not overwritten through the link.
    assert witness.read_bytes() == before and b"24.71" in before


def test_citations_in_apa_style_say_what_is_known_and_invent_no_date() -> None:
    import datetime as dt

    from marketsite.rendering.citation import Citation, apa_text

    def apa(lang: str, date: dt.date | None, month_only: bool = False) -> str:
        citation = Citation(
            "Example Research", "Heat pumps market", "https://r.example/x/", lang, date, month_only
        )
        return apa_text(citation, {"n.d.": "o. J."}.get if lang == "de" else str)

    day = dt.date(2026, 3, 3)
    assert apa("en", day) == (
        "Example Research. (2026, March 3). Heat pumps market. https://r.example/x/"
    )
    assert apa("de", day) == (
        "Example Research. (2026, 3. März). Heat pumps market. https://r.example/x/"
    )
    assert apa("en", day, month_only=True).startswith("Example Research. (2026, March). ")
    assert apa("en", None).startswith("Example Research. (n.d.). ")
    assert apa("de", None).startswith("Example Research. (o. J.). ")


def test_the_report_page_offers_its_citation_in_apa_style(built_site: BuiltSite) -> None:
    english = built_site.html(ENGLISH_REPORT).get_text(" ")
    address = built_site.base_url + ENGLISH_REPORT
    assert (
        "In APA style: Beispielverlag Marktberichte. (n.d.). Omni-channel communication "
        f"services market. {address}" in " ".join(english.split())
    )
    assert "Online:" not in english  # English says "Available at:"
