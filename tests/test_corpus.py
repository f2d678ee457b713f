"""Real-world report shapes (tests/corpus): stated as published, derived marked, gaps traceless.

The corpus is built once with `marketsite build`; each test reads the built
pages and downloads as a reader would.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup, CData, NavigableString, Tag
from pypdf import PdfReader

from marketsite.checks.validate import validate_data_dir
from marketsite.data.dataset import Dataset
from marketsite.derivation.prose import ReportView
from marketsite.rendering.render import report_view
from tests.conftest import CORPUS, ParsedPages

NBSP = "\u00a0"
SECTION = {"de": "berichte", "en": "reports"}


@dataclass(frozen=True)
class Corpus:
    """The corpus built into a site, and its validated data set."""

    site: Path
    dataset: Dataset
    _pages: ParsedPages = field(default_factory=ParsedPages, compare=False)
    #: Each page's article text, read once.
    _texts: dict[Path, str] = field(default_factory=dict, compare=False)

    def view(self, report_id: str, lang: str) -> ReportView:
        index = next(i for i, r in enumerate(self.dataset.reports) if r.report_id == report_id)
        return report_view(self.dataset, index, lang)

    def folder(self, report_id: str, lang: str) -> Path:
        report = next(r for r in self.dataset.reports if r.report_id == report_id)
        slug = report.texts[lang].slug or report_id
        return self.site / lang / SECTION[lang] / slug

    def page(self, report_id: str, lang: str) -> BeautifulSoup:
        """The page, parsed once (:class:`ParsedPages`: read it, do not change it)."""
        return self._pages[self.folder(report_id, lang) / "index.html"]

    def text(self, report_id: str, lang: str) -> str:
        """The article's text as a reader reads it (the tests read it many times)."""
        file = self.folder(report_id, lang) / "index.html"
        if file not in self._texts:
            self._texts[file] = text_of(article(self.page(report_id, lang)))
        return self._texts[file]

    def csv(self, report_id: str, lang: str, stem: str) -> pd.DataFrame:
        """A CSV download read as a spreadsheet in that language would read it."""
        return pd.read_csv(
            self.folder(report_id, lang) / f"{stem}.csv",
            encoding="utf-8-sig",
            keep_default_na=False,
            sep=";" if lang == "de" else ",",
            decimal="," if lang == "de" else ".",
        )

    def jsonld(self, report_id: str, lang: str) -> dict[str, dict]:
        blocks = [
            json.loads(s.string or "")
            for s in self.page(report_id, lang).select('script[type="application/ld+json"]')
        ]
        return {block["@type"]: block for block in blocks}


@pytest.fixture(scope="module")
def corpus(corpus_project: Path) -> Corpus:
    project = corpus_project
    dataset = validate_data_dir(project / "data", ("de", "en"), "de").dataset
    assert dataset is not None
    return Corpus(project / "site", dataset)


REPORTS = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))
LANGS = ("de", "en")


def article(soup: BeautifulSoup) -> Tag:
    node = soup.select_one("article")
    assert node is not None
    return node


def text_of(node: Tag) -> str:
    """The text a reader reads: block elements apart, a link's words in their line.

    Scripts and drawings are left out. Text runs on across a link's edge, or where a
    left-out element was, and breaks at any other element's edge or a comment. The tree
    is read, never changed: pages are parsed once and shared."""
    pieces: list[str] = []
    runs_on = False  # whether the next text continues the last piece

    def walk(parent: Tag) -> None:
        nonlocal runs_on
        for child in parent.children:
            if isinstance(child, Tag):
                if child.name in ("script", "svg"):
                    continue
                if child.name != "a":
                    runs_on = False
                walk(child)
                if child.name != "a":
                    runs_on = False
            elif type(child) is NavigableString and runs_on:
                pieces[-1] += child
            elif type(child) in (NavigableString, CData):
                pieces.append(str(child))
                runs_on = type(child) is NavigableString
            else:  # a comment, a declaration: no text, and a break
                runs_on = False

    walk(node)
    return re.sub(r"[ \t\r\n]+", " ", " ".join(pieces))


def cells(soup: BeautifulSoup) -> list[str]:
    return [text_of(td).strip() for td in article(soup).select("td")]


def test_corpus_has_the_shapes_and_validates_cleanly() -> None:
    assert len(REPORTS) >= 8
    result = validate_data_dir(CORPUS, ("de", "en"), "de")
    assert result.ok, [p.format() for p in result.problems]
    # Clean, but for what a publisher truly states two ways and the editors accepted.
    warnings = [p for p in result.problems if p.severity == "warning"]
    assert [(p.file.parent.name, p.code) for p in warnings if p.acknowledged] == [
        ("cinema-advertising", "two-wordings")
    ]
    assert not [p.format() for p in warnings if not p.acknowledged]


# --- stated as published -------------------------------------------------------------------

AS_WRITTEN = {
    ("cyber-insurance", "de"): [
        "rund 15,3 Milliarden US-Dollar",
        "über 40 Milliarden US-Dollar",
        f"rund 15,3{NBSP}Mrd.{NBSP}$",
        f"über 40{NBSP}Mrd.{NBSP}$",
        f"über 16{NBSP}%",
        f"über 55{NBSP}%",
        f"rund 20{NBSP}%",
    ],
    ("cyber-insurance", "en"): [
        "about US$15.3 billion",
        "more than US$40 billion",
        "about US$15.3bn",
        "more than US$40bn",
        "more than 16%",
        "more than 55%",
        "about 20%",
    ],
    ("hearing-aids", "de"): [f"5,82{NBSP}%", f"45,25{NBSP}%", f"27,03{NBSP}%", f"38,70{NBSP}%"],
    ("hearing-aids", "en"): ["5.82%", "45.25%", "27.03%", "38.70%", "17.40%"],
    ("smart-meters", "de"): ["23,40 Milliarden US-Dollar", f"23,40{NBSP}Mrd.{NBSP}$"],
    ("smart-meters", "en"): ["US$23.40 billion", "US$23.40bn"],
    ("cold-chain-logistics", "en"): ["US$324.85 billion", "13.6%", "more than 35%"],
    ("pet-food", "de"): [f"118,24{NBSP}Mrd.{NBSP}$", f"123,9{NBSP}Mrd.{NBSP}$", "rund 66"],
}


@pytest.mark.parametrize("key", sorted(AS_WRITTEN))
def test_figures_keep_their_decimals_and_qualifiers(corpus: Corpus, key: tuple[str, str]) -> None:
    page = corpus.text(*key)
    for expected in AS_WRITTEN[key]:
        assert expected in page, expected


#: The house style of a figure, written down by hand from the published page's own
#: wording (the reference the code is checked against, not the code): qualifier words
#: and how USD billions and percentages read in each language.
QUALIFIERS = {
    "en": {"about": "about", "more than": "more than", "over": "more than"},
    "de": {"about": "rund", "more than": "über", "over": "über"},
}


def _number(digits: str, lang: str) -> str:
    """A number as written in the data file, in the language's separators: 1234.5 reads
    1,234.5 in English and 1.234,5 in German."""
    whole, _, decimals = digits.partition(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    grouped = ("," if lang == "en" else ".").join([whole, *groups])
    if not decimals:
        return grouped
    return grouped + ("." if lang == "en" else ",") + decimals


#: The currency symbols of the corpus, per language: the English pages are British, so
#: a dollar is "US$" there, and a billion "bn" ("US$15.3bn"), as the British press writes.
SYMBOLS = {
    "en": {"usd-billion": "US$", "eur-billion": "€"},
    "de": {"usd-billion": "$", "eur-billion": "€"},
}


def _shown(written: str, lang: str, kind: str) -> str:
    """How a page shows a figure written in facts.yaml or series.csv ("about 15.3"):
    kind "usd-billion" (US$15.3bn, 15,3 Mrd. $), "eur-billion" (€7.9bn, 7,9 Mrd. €) or
    "percent" (15.3%, 15,3 %)."""
    qualifier = next((q for q in QUALIFIERS[lang] if written.startswith(q + " ")), None)
    digits = written.removeprefix(qualifier + " ") if qualifier else written
    number = _number(digits, lang)
    if kind == "percent":
        text = f"{number}%" if lang == "en" else f"{number}{NBSP}%"
    else:
        symbol = SYMBOLS[lang][kind]
        text = f"{symbol}{number}bn" if lang == "en" else f"{number}{NBSP}Mrd.{NBSP}{symbol}"
    return f"{QUALIFIERS[lang][qualifier]} {text}" if qualifier else text


def published_figures(report_id: str) -> list[tuple[str, str]]:
    """Every figure the data files state, as written (YAML read with every scalar kept as
    its text: 23.40 stays 23.40), each with its kind."""
    folder = CORPUS / report_id
    facts = yaml.load((folder / "facts.yaml").read_text(encoding="utf-8"), yaml.BaseLoader)
    money = f"{facts['currency'].lower()}-{facts['unit']}"
    found = [(point["value"], money) for point in facts.get("market_size", [])]
    series = folder / "series.csv"
    if series.exists():
        rows = list(csv.DictReader(series.read_text(encoding="utf-8").splitlines()))
        found += [(row["value"], money) for row in rows]
    found += [(p["also_stated"], money) for p in facts.get("market_size", []) if "also_stated" in p]
    cagrs = facts.get("cagr", [])
    for cagr in cagrs if isinstance(cagrs, list) else [cagrs]:
        found.append((cagr["value"] if isinstance(cagr, dict) else cagr, "percent"))
    found += [(change["value"], "percent") for change in facts.get("changes", [])]
    sets = [*(facts.get("segments") or {}).values(), facts.get("regions") or []]
    for shares in sets:
        for item in shares["items"] if isinstance(shares, dict) else shares:
            if "share" in item:
                found.append((item["share"], "percent"))
            if "cagr" in item:
                cagr = item["cagr"]
                found.append((cagr["value"] if isinstance(cagr, dict) else cagr, "percent"))
    return found


@pytest.mark.parametrize("report_id", REPORTS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_published_figure_appears_on_the_page(
    corpus: Corpus, report_id: str, lang: str
) -> None:
    """Each figure of the data files, as a reader must see it (the expectation is made
    from the file's text and the house style above, not by the code that wrote the page)."""
    page = corpus.text(report_id, lang)
    figures = published_figures(report_id)
    assert figures, report_id
    for written, kind in figures:
        expected = _shown(written, lang, kind)
        assert expected in page, (written, expected)
    facts = yaml.safe_load((CORPUS / report_id / "facts.yaml").read_text(encoding="utf-8"))
    for player in facts.get("players", []):
        assert player["name"] in page


def test_the_house_style_reads_as_the_published_pages() -> None:
    """The oracle above, against figures copied from the corpus reports' pages."""
    assert _shown("about 15.3", "en", "usd-billion") == "about US$15.3bn"
    assert _shown("more than 40", "de", "usd-billion") == f"über 40{NBSP}Mrd.{NBSP}$"
    assert _shown("23.40", "de", "usd-billion") == f"23,40{NBSP}Mrd.{NBSP}$"
    assert _shown("over 55", "en", "percent") == "more than 55%"
    assert _shown("5.82", "de", "percent") == f"5,82{NBSP}%"
    assert _shown("1234.5", "en", "usd-billion") == "US$1,234.5bn"
    assert _shown("1234.5", "de", "usd-billion") == f"1.234,5{NBSP}Mrd.{NBSP}$"
    assert _shown("about 7.9", "de", "eur-billion") == f"rund 7,9{NBSP}Mrd.{NBSP}€"


# --- derived, and marked ---------------------------------------------------------------------


@pytest.mark.parametrize("report_id", REPORTS)
@pytest.mark.parametrize("lang", LANGS)
def test_nothing_derived_appears_unmarked(corpus: Corpus, report_id: str, lang: str) -> None:
    view = corpus.view(report_id, lang)
    soup = corpus.page(report_id, lang)
    table_cells = cells(soup)
    figures = [p.figure for p in view.d.sizes]
    for shares in [*view.d.segments.values(), view.d.regions]:
        figures += [i.share for i in shares.items if i.share is not None]
        figures += [i.value for i in shares.items if i.value is not None]
    derived = [f for f in figures if not f.published]
    prose = " ".join(text_of(p) for p in article(soup).select("p, li"))
    for figure in derived:
        is_share = figure.derived == "remainder"
        shown = view.fig.percent(figure) if is_share else view.fig.amount(figure)
        assert shown not in table_cells, f"{shown} unmarked in a table"
        words = shown if is_share else view.fig.amount_prose(figure)
        for match in re.finditer(r"(?<![\d.,])" + re.escape(words), prose):
            after = prose[match.end() :]
            assert after.startswith((" (", ", ", "*")), f"{words} unmarked in prose"
    if derived:
        assert "*" in text_of(article(corpus.page(report_id, lang)))


def test_an_end_value_implied_by_the_cagr_is_marked_everywhere(corpus: Corpus) -> None:
    german = corpus.text("smart-meters", "de")
    assert "51,67 Milliarden US-Dollar (aus der angegebenen CAGR errechnet)" in german
    attributes = cells(corpus.page("smart-meters", "de"))
    assert f"51,67{NBSP}Mrd.{NBSP}$*" in attributes
    sizes = corpus.csv("smart-meters", "en", "market-size")
    row = sizes[sizes["Year"] == 2032].iloc[0]
    assert row["Market size (billion US dollars)"] == 51.67
    assert row["Provenance"] == "derived: implied by the stated CAGR"
    assert sizes[sizes["Year"] == 2023].iloc[0]["Provenance"] == "published"
    # The years between run from the published 2023 value to the derived 2032 one.
    between = sizes[(sizes["Year"] > 2023) & (sizes["Year"] < 2032)]
    assert between["Year"].tolist() == list(range(2024, 2032))
    assert set(between["Provenance"]) == {
        "derived: interpolated between a published value and one implied by the stated CAGR"
    }
    measured = corpus.jsonld("smart-meters", "en")["Dataset"]["variableMeasured"]
    implied = next(m for m in measured if m["name"] == "Market size in 2032")
    assert implied["measurementTechnique"] == "Derived by us: implied by the stated CAGR"
    stated = next(m for m in measured if m["name"] == "Market size in 2023")
    assert "measurementTechnique" not in stated and stated["value"] == 23400000000


def test_a_cagr_implied_by_two_sizes_is_marked_in_page_and_catalog(corpus: Corpus) -> None:
    english = corpus.text("vertical-farming", "en")
    assert (
        "growing at a CAGR of 19.9% (implied by the published market sizes) from 2023 to 2030"
        in english
    )
    catalog = BeautifulSoup(
        (corpus.site / "en/reports/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    row = next(
        [text_of(td).strip() for td in tr.find_all("td")]
        for tr in catalog.select("article tr")
        if "Vertical farming" in tr.get_text()
    )
    # Report, size, CAGR, period, date (no report of the corpus names a sector).
    assert row == ["Vertical farming", "US$5.6bn (2023)", "19.9%* (2023–2030)", "—", "—"]
    assert "* Derived by us from the publisher's figures" in text_of(article(catalog))
    measured = corpus.jsonld("vertical-farming", "en")["Dataset"]["variableMeasured"]
    cagr = next(m for m in measured if m["unitText"] == "%")
    assert cagr["measurementTechnique"] == ("Derived by us: implied by the published market sizes")


def test_historical_values_appear_in_chart_table_and_downloads(corpus: Corpus) -> None:
    soup = corpus.page("industrial-robotics", "en")
    svg = " ".join(t.get_text() for t in soup.select("#chart-market-size svg text"))
    assert "US$38.6bn" in svg and "US$35.9bn" in svg and "US$112.4bn" in svg
    rows = [
        [td.get_text() for td in tr.find_all("td")]
        for tr in soup.select("#chart-market-size + details tbody tr, details tbody tr")
    ]
    assert rows[0][:2] == ["2019", "US$38.6bn"] and rows[0][-1] == "published"
    sizes = corpus.csv("industrial-robotics", "de", "market-size")
    assert sizes["Jahr"].tolist()[:6] == [2019, 2020, 2021, 2022, 2023, 2024]
    assert sizes["Marktgröße (Milliarden US-Dollar)"].tolist()[:2] == [38.6, 35.9]
    attributes = dict(
        zip(cells(soup)[::2], cells(soup)[1::2], strict=False)
    )  # the attribute table is the last two-column table
    assert attributes.get("Historical data available") == "Yes"


def test_a_cagr_for_other_years_than_the_value_derives_nothing(corpus: Corpus) -> None:
    page = corpus.text("cold-chain-logistics", "en")
    assert (
        "valued at US$324.85 billion in 2024, growing at a CAGR of 13.6% from 2025 to 2033." in page
    )
    sizes = corpus.csv("cold-chain-logistics", "en", "market-size")
    assert sizes["Year"].tolist() == [2024]
    assert "2033" not in " ".join(cells(corpus.page("cold-chain-logistics", "en"))[:4])
    assert "Historical data available" not in page  # one actual value is not a history


def test_shares_dated_earlier_than_the_values_keep_their_year(corpus: Corpus) -> None:
    english = corpus.text("pet-food", "en")
    assert "The shares refer to 2023." in english
    headers = [th.get_text(strip=True) for th in corpus.page("pet-food", "en").select("th")]
    assert "Share in 2023" in headers and not any(h.startswith("Value in") for h in headers)
    german = corpus.csv("pet-food", "de", "segments-distribution")
    assert "Anteil 2023 (%)" in german.columns
    # The chart and the card say the year too: 2023, not the 2024 of the sizes.
    page = corpus.page("pet-food", "en")
    chart = page.select_one("#chart-share-distribution")
    assert chart is not None
    assert "Share by distribution channel in 2023" in chart.get_text(" ")
    assert "Share in 2023" in {t.get_text() for t in chart.select("svg text")}
    assert [
        "Leading segment by distribution channel",
        "Wholesalers and retailers",
        "38.6% in 2023",
    ] in key_figures(page)
    assert [
        "Führendes Segment nach Vertriebsweg",
        "Groß- und Einzelhändler",
        f"38,6{NBSP}% im Jahr 2023",
    ] in key_figures(corpus.page("pet-food", "de"))


def test_plural_segment_names_agree_with_their_verb(corpus: Corpus) -> None:
    assert (
        "Wholesalers and retailers are the largest segment by distribution channel with 38.6%"
        in corpus.text("pet-food", "en")
    )
    assert (
        f"Groß- und Einzelhändler sind mit 38,6{NBSP}% das größte Segment nach Vertriebsweg"
        in corpus.text("pet-food", "de")
    )
    assert "Asien-Pazifik ist die am schnellsten wachsende Region" in corpus.text(
        "electric-buses", "de"
    )


def test_segment_and_regional_cagrs_are_shown_with_their_periods(corpus: Corpus) -> None:
    german = cells(corpus.page("electric-buses", "de"))
    assert f"16,1{NBSP}% (2023–2032)" in german and f"15,6{NBSP}% (2023–2032)" in german
    english = corpus.text("electric-buses", "en")
    assert (
        "Asia-Pacific is the fastest-growing region, at a CAGR of 16.1% from 2023 to 2032."
        in english
    )
    regions = corpus.csv("electric-buses", "en", "regions")
    assert regions["CAGR (%)"].tolist() == [16.1, 13.9, 12.5, 11]
    assert regions["CAGR period"].tolist() == ["2023–2032"] * 4


def test_cagr_periods_are_shown_exactly_as_stated(corpus: Corpus) -> None:
    """heat-pumps-germany states its CAGR only "through 2030" and its segments' CAGRs
    with no years: no start year or forecast period is filled in anywhere."""
    english, german = (
        corpus.text("heat-pumps-germany", "en"),
        corpus.text("heat-pumps-germany", "de"),
    )
    assert "growing at a CAGR of 6.1% through 2030." in english
    assert f"(CAGR) von 6,1{NBSP}% bis 2030." in german
    assert "at a CAGR of 7.5% (period not stated)." in english
    assert f"mit einer CAGR von 7,5{NBSP}% (Zeitraum nicht angegeben)." in german
    page = corpus.page("heat-pumps-germany", "en")
    assert ["CAGR through 2030", "6.1%"] in key_figures(page)
    assert "5.8% (period not stated)" in cells(page)
    assert "Growth rate" in english and "CAGR of 6.1% through 2030" in cells(page)
    for text in (english, german):
        assert not re.search(r"20\d\d[–-]2030", text)  # no period was stated
    types = corpus.csv("heat-pumps-germany", "en", "segments-type")
    assert types["CAGR (%)"].tolist() == [5.8, 7.5, 4.2]
    assert types["CAGR period"].tolist() == ["not stated"] * 3
    assert (
        corpus.csv("heat-pumps-germany", "de", "segments-type")["CAGR-Zeitraum"].tolist()
        == ["nicht angegeben"] * 3
    )
    # Nothing is implied by a CAGR without both years: 2024 is the only size.
    assert corpus.csv("heat-pumps-germany", "en", "market-size")["Year"].tolist() == [2024]
    measured = corpus.jsonld("heat-pumps-germany", "en")["Dataset"]["variableMeasured"]
    assert [m["name"] for m in measured if m["unitText"] == "%"] == ["CAGR through 2030"]
    sample = corpus.folder("heat-pumps-germany", "en") / "heat-pumps-germany-sample.pdf"
    pdf = " ".join(page.extract_text() for page in PdfReader(sample).pages)
    assert "CAGR through 2030" in pdf and "2024–2030" not in pdf


def test_a_national_market_is_named_by_its_country_and_never_global(corpus: Corpus) -> None:
    """heat-pumps-germany states `regional_coverage: DE`: the lead, FAQ, segmentation,
    attribute table, title and structured data say Germany (CLDR's name), never global."""
    english, german = (
        corpus.text("heat-pumps-germany", "en"),
        corpus.text("heat-pumps-germany", "de"),
    )
    assert "The heat pump market in Germany is estimated at about €7.9 billion" in english
    assert "Der Markt für Wärmepumpen in Deutschland wird 2024 auf rund 7,9 Milliarden" in german
    assert "By type, the market in Germany can be divided into" in english
    assert "Nach Typ lässt sich der Markt in Deutschland in" in german
    assert "global" not in english.lower() and "global" not in german.lower()
    attributes = cells(corpus.page("heat-pumps-germany", "en"))
    assert attributes[attributes.index("Regional coverage") + 1] == "Germany"
    dataset = corpus.jsonld("heat-pumps-germany", "de")["Dataset"]
    assert dataset["spatialCoverage"] == {"@type": "Place", "name": "Deutschland"}
    assert dataset["name"].startswith("Markt für Wärmepumpen in Deutschland: ")
    assert corpus.jsonld("heat-pumps-germany", "en")["Dataset"]["name"].startswith(
        "Heat pump market in Germany: "
    )


def test_a_report_that_states_no_coverage_claims_none(corpus: Corpus) -> None:
    """No corpus report but heat-pumps-germany states its coverage; none may say global."""
    for report_id in REPORTS:
        facts = yaml.safe_load((CORPUS / report_id / "facts.yaml").read_text("utf-8"))
        if "regional_coverage" in facts:
            continue
        for lang in LANGS:
            assert "global" not in corpus.text(report_id, lang).lower(), (report_id, lang)
            assert "spatialCoverage" not in corpus.jsonld(report_id, lang)["Dataset"]
    assert "The smart meter market was valued at US$23.40 billion in 2023" in (
        corpus.text("smart-meters", "en")
    )


def test_the_original_sources_are_named_and_the_publisher_as_compiler(corpus: Corpus) -> None:
    """heat-pumps-germany lists two sources (the data file's own words below); the
    page, print colophon, downloads, citations, structured data and PDF name them."""
    soup = corpus.page("heat-pumps-germany", "en")
    english = corpus.text("heat-pumps-germany", "en")
    items = [" ".join(li.get_text().split()) for li in article(soup).select("li")]
    assert (
        "Nordlicht Marktforschung: “Wärmepumpenmarkt Deutschland 2025”, report "
        "NL-HP-2025-04, April 2025 (accessed 20 November 2025)"
    ) in items
    assert (
        "Example Heat Institute: “Ground-Source Heat Pump Outlook” (for: share of "
        "ground-source heat pumps)"
    ) in items
    link = article(soup).select_one('a[href="https://research.example.org/waermepumpen-2025"]')
    assert link is not None and link.get_text() == "“Wärmepumpenmarkt Deutschland 2025”"
    assert "Compiled and checked by Beispielverlag Marktberichte." in english
    assert "The figures are the publisher's" not in english
    assert "Source: Beispielverlag Marktberichte" not in english
    german = corpus.text("heat-pumps-germany", "de")
    assert (
        "(Abruf: 20. November 2025)" in german and "„Wärmepumpenmarkt Deutschland 2025“" in german
    )
    sizes = corpus.csv("heat-pumps-germany", "en", "market-size")
    assert sizes["Provenance"].tolist() == ["published by Nordlicht Marktforschung"]
    types = corpus.csv("heat-pumps-germany", "de", "segments-type")
    assert types["Quelle des Anteils"].tolist()[:2] == [
        "veröffentlicht von Nordlicht Marktforschung",
        "veröffentlicht von Example Heat Institute",
    ]
    folder = corpus.folder("heat-pumps-germany", "en")
    bib, ris = (folder / "cite.bib").read_text("utf-8"), (folder / "cite.ris").read_text("utf-8")
    assert "author = {{Beispielverlag Marktberichte}}" in bib
    assert "note = {Based on: Nordlicht Marktforschung: “Wärmepumpenmarkt" in bib
    assert "N1  - Based on: Nordlicht Marktforschung" in ris
    based_on = corpus.jsonld("heat-pumps-germany", "en")["Dataset"]["isBasedOn"]
    assert based_on[0] == {
        "@type": "CreativeWork",
        "publisher": {"@type": "Organization", "name": "Nordlicht Marktforschung"},
        "name": "Wärmepumpenmarkt Deutschland 2025",
        "url": "https://research.example.org/waermepumpen-2025",
        "identifier": "NL-HP-2025-04",
        "datePublished": "2025-04",
    }
    assert based_on[1]["publisher"]["name"] == "Example Heat Institute"
    pdf = " ".join(
        page.extract_text() for page in PdfReader(folder / "heat-pumps-germany-sample.pdf").pages
    )
    assert "Nordlicht Marktforschung" in " ".join(pdf.split())
    colophon = soup.select_one(".marketsite-colophon")
    assert colophon is not None and "Sources: Nordlicht Marktforschung" in colophon.get_text()


def test_a_report_without_sources_keeps_the_publishers_wording(corpus: Corpus) -> None:
    english = corpus.text("smart-meters", "en")
    assert "Source: Beispielverlag Marktberichte. The figures are the publisher's" in english
    assert "Compiled and checked" not in english
    assert "isBasedOn" not in corpus.jsonld("smart-meters", "en")["Dataset"]
    assert set(corpus.csv("smart-meters", "en", "market-size")["Provenance"]) <= {
        "published",
        "derived: implied by the stated CAGR",
        "derived: interpolated between a published value and one implied by the stated CAGR",
    }


def test_a_decline_year_and_a_stated_change_are_shown_checked_and_derived(
    corpus: Corpus,
) -> None:
    """cinema-advertising: "fell 71 % in 2020" after 3.1 in 2019 derives 0.899 (shown
    0.9, one decimal as published, marked); "58 % from 2021 to 2023" is 4.1 / 2.6."""
    page = corpus.page("cinema-advertising", "en")
    attributes = cells(page)
    assert attributes[attributes.index("Change in 2020") + 1] == "-71%"
    assert attributes[attributes.index("Change 2021–2023") + 1] == "58%"
    sizes = corpus.csv("cinema-advertising", "en", "market-size")
    row = sizes[sizes["Year"] == 2020].iloc[0]
    assert row["Market size (billion US dollars)"] == 0.9
    assert row["Provenance"] == "derived: implied by the stated change"
    assert "US$0.9bn*" in cells(page)
    german = corpus.csv("cinema-advertising", "de", "market-size")
    assert german[german["Jahr"] == 2020].iloc[0]["Herkunft"] == (
        "abgeleitet: aus der angegebenen Veränderung errechnet"
    )
    measured = corpus.jsonld("cinema-advertising", "en")["Dataset"]["variableMeasured"]
    changes = [(m["name"], m["value"]) for m in measured if m["name"].startswith("Change")]
    assert changes == [("Change in 2020", -71), ("Change 2021–2023", 58)]


def test_a_figure_stated_two_ways_shows_both(corpus: Corpus) -> None:
    """cinema-advertising states 2023 as "about 4.1" and "more than 4": the page shows
    the first as the figure and the second in an editor's note, in both languages."""
    for lang, title, note in (
        (
            "en",
            "Editor's note",
            "The publisher also states the market size in 2023 as more than US$4bn.",
        ),
        (
            "de",
            "Anmerkung der Redaktion",
            f"Der Herausgeber nennt die Marktgröße 2023 auch als über 4{NBSP}Mrd.{NBSP}$.",
        ),
    ):
        page = corpus.page("cinema-advertising", lang)
        boxes = page.select("article .admonition.note")
        assert [[p.get_text() for p in box.select("p")] for box in boxes] == [[title, note]]
        dataset = corpus.jsonld("cinema-advertising", lang)["Dataset"]
        assert dataset["comment"] == [{"@type": "Comment", "text": note}]
    assert "about US$4.1bn" in cells(corpus.page("cinema-advertising", "en"))


def test_sizes_per_region_from_the_series_are_shown_and_downloadable(corpus: Corpus) -> None:
    soup = corpus.page("electric-buses", "de")
    headings = [h.get_text(strip=True) for h in article(soup).find_all("h3")]
    assert "Marktgröße nach Region" in headings
    assert f"67,9{NBSP}Mrd.{NBSP}$" in cells(soup) and f"17,75{NBSP}Mrd.{NBSP}$" in cells(soup)
    table = corpus.csv("electric-buses", "en", "market-size-by-region")
    assert table.values.tolist()[0] == ["Asia-Pacific", 2023, 17.75, "published"]
    assert len(table) == 4


def test_partial_shares_claim_no_ranking_and_no_remainder(corpus: Corpus) -> None:
    english = corpus.text("plant-based-meat", "en")
    assert "Shares of the market: burgers (33.2%)." in english
    assert "largest segment by product" not in english
    product = cells(corpus.page("plant-based-meat", "en"))
    assert "not stated" in product
    table = corpus.csv("plant-based-meat", "en", "segments-product")
    assert table["Segment"].tolist() == ["Burgers", "Sausages", "Nuggets"]
    assert "By source, the report covers soy." in english


# --- missing sections leave no trace ---------------------------------------------------------


def test_a_report_without_regions_shares_base_year_or_countries_leaves_no_trace(
    corpus: Corpus,
) -> None:
    for lang, words in {
        "de": ["Regional", "regional", "Basisjahr", "Hauptsitz", "Historische", "Welche Region"],
        "en": ["Regional", "regional", "Base year", "Headquarters", "Historical", "Which region"],
    }.items():
        soup = corpus.page("smart-meters", lang)
        page = text_of(article(soup))
        for word in words:
            assert word not in page, (lang, word)
        jsonld = corpus.jsonld("smart-meters", lang)
        assert "egional" not in jsonld["Dataset"]["name"]
        assert soup.title is not None and "egional" not in soup.title.get_text()
        assert not (corpus.folder("smart-meters", lang) / "regions.csv").exists()


def test_a_report_without_segmentation_has_a_clean_title(corpus: Corpus) -> None:
    english = corpus.page("cyber-insurance", "en")
    # The full title names the report for search engines; the page shows a short line.
    assert corpus.jsonld("cyber-insurance", "en")["Dataset"]["name"] == (
        "Cyber insurance market: size, share, growth and industry analysis, "
        "with regional insights and forecast from 2025 to 2030"
    )
    subtitle = english.select_one("article h1 + p.marketsite-subtitle")
    assert subtitle is not None
    assert subtitle.get_text() == "Market size, growth and forecast 2025\u2060–\u20602030"
    assert "Market segmentation" not in text_of(article(english))


@pytest.mark.parametrize("report_id", REPORTS)
@pytest.mark.parametrize("lang", LANGS)
def test_generated_text_has_no_gaps(corpus: Corpus, report_id: str, lang: str) -> None:
    page = corpus.text(report_id, lang)
    for gap in (" , ", " .", "()", "followed by .", "gefolgt von .", ",,", "{", "}", "\\"):
        assert gap not in page, gap
    assert "None" not in page and "nan" not in page.split()


# --- one value, one string -------------------------------------------------------------------


def test_chart_labels_are_the_table_strings(corpus: Corpus) -> None:
    for lang in LANGS:
        soup = corpus.page("hearing-aids", lang)
        labels = {t.get_text() for t in soup.select("#chart-share-product svg text")}
        view = corpus.view("hearing-aids", lang)
        shares = [i.share for i in view.d.segments["product"].items if i.share is not None]
        for share in shares:
            assert view.percent(share) in labels
            assert view.percent(share) in cells(soup)
        assert ("45,25" if lang == "de" else "45.25") in " ".join(labels)


def test_downloads_hold_numbers_as_written(corpus: Corpus) -> None:
    for download in corpus.site.rglob("*.csv"):
        raw = download.read_text(encoding="utf-8-sig")
        assert not re.search(r"\d\.\d{5,}", raw), download
    hearing = corpus.csv("hearing-aids", "en", "segments-product")
    assert hearing["Share in 2024 (%)"].tolist() == [45.25, 27.03, 17.4, 10.32]
    values = hearing["Value in 2024 (billion US dollars, derived)"].tolist()
    assert values == [3.85, 2.3, 1.48, 0.88]


def test_json_ld_states_bounds_and_approximations(corpus: Corpus) -> None:
    measured = corpus.jsonld("cyber-insurance", "en")["Dataset"]["variableMeasured"]
    by_name = {m["name"]: m for m in measured}
    assert by_name["Market size in 2024"]["value"] == 15300000000
    assert by_name["Market size in 2024"]["description"] == "about US$15.3bn"
    assert by_name["Market size in 2030"]["minValue"] == 40000000000
    assert "value" not in by_name["Market size in 2030"]
    assert by_name["CAGR 2024–2030"]["minValue"] == 16


def test_a_figure_in_a_driver_headline_is_formatted_in_the_faq(corpus: Corpus) -> None:
    faq = corpus.jsonld("pet-food", "en")["FAQPage"]["mainEntity"]
    drivers = next(q for q in faq if q["name"].startswith("What drives"))
    assert "about 66% of households keep a pet" in drivers["acceptedAnswer"]["text"]
    assert "about 66% of households keep a pet" in corpus.text("pet-food", "en")
    assert "{pet-households}" not in json.dumps(faq)


# --- key figures and provenance (the reader's page) --------------------------------------------


def key_figures(soup: BeautifulSoup) -> list[list[str]]:
    return [
        [span.get_text() for span in card.select("span")]
        for card in soup.select("article .marketsite-key-figure")
    ]


def test_key_figures_sit_above_the_fold_with_their_marks(corpus: Corpus) -> None:
    german = corpus.page("hearing-aids", "de")
    assert key_figures(german) == [
        ["Marktgröße 2024", f"8,51{NBSP}Mrd.{NBSP}$"],
        ["Prognose 2030", f"11,93{NBSP}Mrd.{NBSP}$"],
        ["CAGR 2024–2030", f"5,82{NBSP}%"],
        # The shares are stated for 2024 (facts.yaml), and the cards say so.
        ["Führende Region", "Europa", f"38,70{NBSP}% im Jahr 2024"],
        ["Führendes Segment nach Produkt", "Hinter-dem-Ohr-Geräte", f"45,25{NBSP}% im Jahr 2024"],
    ]
    # The cards come before the first section, and a derived forecast is marked.
    first_h2 = article(german).find("h2")
    assert first_h2 is not None and german.select_one(".marketsite-key-figures") in (
        first_h2.find_all_previous("div")
    )
    smart = corpus.page("smart-meters", "en")
    assert ["Forecast 2032", "US$51.67bn*"] in key_figures(smart)
    legend = smart.select_one(".marketsite-key-figures + p")
    assert legend is not None and legend.get_text().startswith("* Derived by us")
    # Only what the data has: no region or segment card without shares.
    assert [card[0] for card in key_figures(smart)] == [
        "Market size 2023",
        "Forecast 2032",
        "CAGR 2023–2032",
    ]


def test_every_report_names_its_source_dates_method_and_citation(corpus: Corpus) -> None:
    page = corpus.text("hearing-aids", "de")
    assert "Veröffentlicht am 10. Februar 2025 · aktualisiert am 3. November 2025" in page
    assert "Quelle: Beispielverlag Marktberichte." in page
    assert (
        "Zitiervorschlag: Beispielverlag Marktberichte (2025): Markt für Hörgeräte. Online unter "
        "https://reports.example.com/de/berichte/hoergeraete/, Stand: 3. November 2025." in page
    )
    soup = corpus.page("hearing-aids", "de")
    methodology = next(a for a in soup.select("article a") if "Methodik" in a.get_text())
    assert methodology["href"] == "../../methodik/"
    folder = corpus.folder("hearing-aids", "en")
    bib = (folder / "cite.bib").read_text(encoding="utf-8")
    assert bib.startswith("@misc{hearing-aids-en,") and "year = {2025}" in bib
    assert "title = {Hearing aid market}" in bib
    ris = (folder / "cite.ris").read_bytes().decode("utf-8")  # RIS lines end in CR LF
    assert "TY  - RPRT\r\n" in ris and "PY  - 2025\r\n" in ris and ris.endswith("ER  - \r\n")
    dataset = corpus.jsonld("hearing-aids", "en")["Dataset"]
    assert (dataset["datePublished"], dataset["dateModified"]) == ("2025-02-10", "2025-11-03")
    assert dataset["creator"] == {"@type": "Organization", "name": "Beispielverlag Marktberichte"}
    # Without a stated date nothing is invented: no date line, "n.d." in the citation.
    smart = corpus.text("smart-meters", "en")
    assert "Published" not in smart and "(n.d.): Smart meter market." in smart
    assert "datePublished" not in corpus.jsonld("smart-meters", "en")["Dataset"]


# --- reports as careless publishers state them -------------------------------------------------

INCONSISTENT = CORPUS.parent / "inconsistent"

#: What each inconsistent report must trip, worked out by hand from its files' comments:
#: (file, line, severity, code).
EXPECTED_PROBLEMS = {
    "electric-buses-as-published": {
        # 28.4 (2023) -> 98.6 (2032) is 14.83 % a year, not the stated 16.8 %.
        ("facts.yaml", 12, "warning", "cagr-mismatch"),
        # Called fastest at 15.6 %, below the market's 16.8 % and the rest's 17.5 %.
        ("facts.yaml", 15, "warning", "fastest-slower-than-market"),
        ("facts.yaml", 16, "warning", "fastest-not-fastest"),
        # Every region's CAGR (at most 16.1 %) is below the market's 16.8 %.
        ("facts.yaml", 17, "warning", "cagr-parts"),
        ("facts.yaml", 20, "warning", "fastest-slower-than-market"),
        # Europe's 2032 size 166 (for 16.6) and Asia-Pacific's 67.9 exceed the market's 98.6.
        ("series.csv", 5, "warning", "implausible-share"),
    },
    "cinema-advertising-as-published": {
        # 2.6 (2021) -> 4.1 (2023) is a rise of 57.7 %, not the stated 85 %.
        ("facts.yaml", 15, "warning", "change-mismatch"),
        # "about 4.1" and "more than 4" for 2023, and no one accepted both.
        ("facts.yaml", 10, "warning", "two-wordings"),
        # -2 % in 2018: the report states no size for 2017 or 2018.
        ("facts.yaml", 16, "note", "change-unchecked"),
        # A share of "about 190" %.
        ("facts.yaml", 18, "warning", "implausible-figure"),
        # "12.5 %" typed into the English overview.
        ("text.en.yaml", 6, "warning", "figure-in-prose"),
    },
    "industrial-robotics-as-published": {
        # 35.9 (2020) -> 4120 (2021) -> 44.8 (2022): a jump and a fall no market makes.
        ("series.csv", 4, "warning", "implausible-growth"),
        ("series.csv", 5, "warning", "implausible-growth"),
        # The shares leave 6 % and 4 % to "other" and "rest of world", as published.
        ("facts.yaml", 13, "note", "shares-remainder"),
        ("facts.yaml", 17, "note", "shares-remainder"),
    },
}


@pytest.mark.parametrize("report_id", sorted(EXPECTED_PROBLEMS))
def test_an_inconsistent_report_trips_exactly_its_checks(tmp_path: Path, report_id: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(INCONSISTENT / report_id, data / report_id)
    shutil.copytree(CORPUS / "_shared", data / "_shared")
    result = validate_data_dir(data, ("de", "en"), "de")
    found = {
        (p.file.name, p.line, str(p.severity), p.code)
        for p in result.problems
        if p.file.parent.name == report_id
    }
    assert found == EXPECTED_PROBLEMS[report_id]
    assert result.dataset is not None  # warnings: the report still builds
