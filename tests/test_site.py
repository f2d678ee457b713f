"""What a reader gets: the built example site, read back from its HTML."""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import feedparser
import pytest
import yaml
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Tag
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from marketsite.site.mkdocs_files import prepare_theme
from tests.conftest import (
    CACHE,
    ENGLISH_REPORT,
    GERMAN_REPORT,
    REPORT_ID,
    ROOT,
    BuiltSite,
    copy_project,
    edit,
    reader_soup,
    run_build,
)

NBSP = "\u00a0"
CATALOG = ROOT / "src/marketsite/locales/de/LC_MESSAGES/messages.po"


def article(soup: BeautifulSoup) -> Tag:
    node = soup.select_one("article")
    assert node is not None
    return node


def text_of(node: Tag) -> str:
    return re.sub(r"[ \t\r\n]+", " ", node.get_text(" "))


def section(soup: BeautifulSoup, heading: str) -> list[Tag]:
    """The elements after the h2 with this text, up to the next h2."""
    h2 = next((h for h in article(soup).find_all("h2") if h.get_text(strip=True) == heading), None)
    assert h2 is not None, f"no section {heading!r}"
    nodes = []
    for sibling in h2.find_next_siblings():
        if sibling.name == "h2":
            break
        nodes.append(sibling)
    return nodes


def table_rows(soup: BeautifulSoup, heading: str) -> list[list[str]]:
    table = next(n for n in section(soup, heading) if n.name == "table")
    return [
        [text_of(td).strip() for td in tr.find_all(["td", "th"])] for tr in table.find_all("tr")
    ]


def test_output_has_one_tree_per_language_and_a_root_page(built_site: BuiltSite) -> None:
    assert (built_site.root / "de/index.html").is_file()
    assert (built_site.root / "en/index.html").is_file()
    root = built_site.html("index.html")
    assert root.find("meta", attrs={"http-equiv": "refresh"}) is None  # no forced language
    assert [a["href"] for a in root.select("li a")] == ["de/", "en/"]
    # Without JavaScript a reader sees a page with a heading, in each language.
    assert [h.get_text() for h in root.select("main h1")] == ["Sprache wählen · Choose a language"]
    assert root.select("main ul li a")
    base = built_site.base_url
    assert (
        (built_site.root / "robots.txt")
        .read_text(encoding="utf-8")
        .endswith(f"Sitemap: {base}sitemap.xml\n")
    )
    index = (built_site.root / "sitemap.xml").read_text(encoding="utf-8")
    assert (
        f"<loc>{base}de/sitemap.xml</loc>" in index and f"<loc>{base}en/sitemap.xml</loc>" in index
    )
    not_found = built_site.html("404.html")
    assert not_found.h1 is not None and not_found.h1.get_text() == "Seite nicht gefunden"
    assert built_site.html("en/404.html").h1.get_text() == "Page not found"  # type: ignore[union-attr]


def test_german_report_states_the_facts_in_german_forms(built_site: BuiltSite) -> None:
    page = text_of(article(built_site.html(GERMAN_REPORT)))
    assert f"24,71{NBSP}Mrd." in page
    assert f"58,25{NBSP}Mrd." in page
    assert f"10,1{NBSP}%" in page
    assert "24,71 Milliarden US-Dollar" in page
    assert "März 2023" in page
    assert "Österreich" in page and "Vereinigte Staaten" in page and "Indien" in page
    assert "Billion" not in page and "10.1" not in page


def test_german_lists_put_names_in_the_dative(built_site: BuiltSite, tmp_path: Path) -> None:
    """ "gefolgt von" takes the dative: "Sprachanrufen", and a name with an article
    merges with "von" ("vom Nahen Osten und Afrika")."""
    page = text_of(article(built_site.html(GERMAN_REPORT)))
    assert (
        f"gefolgt von Social Media (30{NBSP}%), SMS (20{NBSP}%) und Sprachanrufen (15{NBSP}%)."
        in page
    )
    project = copy_project(tmp_path / "project")
    report = project / "data" / REPORT_ID
    edit(
        report / "facts.yaml",
        "{id: europe, share: about 30}",
        "{id: middle-east-africa, share: about 30}",
    )
    edit(
        report / "facts.yaml",
        "{id: asia-pacific, share: about 15, fastest: true}",
        "{id: asia-pacific, share: about 15, fastest: true}\n  - {id: europe, share: about 5}",
    )
    for lang in ("de", "en"):
        edit(
            report / f"text.{lang}.yaml", "\nregions:\n", "\nregions:\n  middle-east-africa: null\n"
        )
    result = run_build(project, tmp_path / "site")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "site" / GERMAN_REPORT / "index.html").read_text("utf-8")
    german = text_of(article(reader_soup(html)))
    assert (
        f"gefolgt vom Nahen Osten und Afrika (rund 30{NBSP}%), Asien-Pazifik (rund 15{NBSP}%) "
        f"und Europa (rund 5{NBSP}%)." in german
    )


def test_english_report_states_the_same_facts_in_english_forms(built_site: BuiltSite) -> None:
    page = text_of(article(built_site.html(ENGLISH_REPORT)))
    assert "US$24.71bn" in page and "US$58.25bn" in page
    assert "US$24.71 billion" in page
    assert "10.1%" in page
    assert "March 2023" in page
    assert "Austria" in page and "United States" in page and "India" in page
    assert "Mrd." not in page and "10,1" not in page


def test_attribute_table_fills_in_the_segments_covered(built_site: BuiltSite) -> None:
    german = dict(
        tuple(row) for row in table_rows(built_site.html(GERMAN_REPORT), "Berichtsmerkmale")[1:]
    )
    assert german["Marktgröße 2026"] == f"24,71{NBSP}Mrd.{NBSP}$"
    assert german["Marktgröße 2035"] == f"58,25{NBSP}Mrd.{NBSP}$"
    assert german["Wachstumsrate"] == f"CAGR von 10,1{NBSP}% von 2026 bis 2035"
    assert german["Basisjahr"] == "2025"
    assert german["Historische Daten verfügbar"] == "Ja"
    assert german["Abgedeckte Segmente: nach Typ"] == "E-Mail, Sprachanrufe, SMS und Social Media"
    assert german["Abgedeckte Segmente: nach Anwendung"] == (
        "Einzelhandel, Gesundheitswesen, BFSI und IT/Telekommunikation"
    )
    english = dict(
        tuple(row) for row in table_rows(built_site.html(ENGLISH_REPORT), "Report attributes")[1:]
    )
    assert english["Market size in 2026"] == "US$24.71bn"
    assert english["Growth rate"] == "CAGR of 10.1% from 2026 to 2035"
    # British English: no comma before "and".
    assert english["Segments covered: by type"] == "Email, voice calls, SMS and social media"
    assert all(value for value in german.values()) and all(value for value in english.values())


def test_both_languages_list_the_same_players_and_faq_count(built_site: BuiltSite) -> None:
    german, english = built_site.html(GERMAN_REPORT), built_site.html(ENGLISH_REPORT)
    de_players = [row[0] for row in _players(german, "Wichtige Branchenakteure")]
    en_players = [row[0] for row in _players(english, "Key industry players")]
    assert de_players == en_players
    assert len(de_players) == 10 and "Marketing Evolution" in de_players
    de_faq = [n for n in section(german, "Häufig gestellte Fragen") if n.name == "h3"]
    en_faq = [n for n in section(english, "Frequently asked questions") if n.name == "h3"]
    assert len(de_faq) == len(en_faq) == 8


def _players(soup: BeautifulSoup, heading: str) -> list[list[str]]:
    table = next(n for n in section(soup, heading) if n.name == "table")
    return [[text_of(td).strip() for td in tr.find_all("td")] for tr in table.find_all("tr")[1:]]


def test_regional_table_shows_the_rest_of_world(built_site: BuiltSite) -> None:
    rows = table_rows(built_site.html(GERMAN_REPORT), "Regionale Einblicke")
    # The publisher says "about 50 %"; the rest of world is ours, so it is marked derived.
    assert rows[-1][:2] == ["Übrige Welt", f"rund 5{NBSP}%*"]
    assert rows[1][:2] == ["Nordamerika", f"rund 50{NBSP}%"]
    legend = text_of(section(built_site.html(GERMAN_REPORT), "Regionale Einblicke")[3])
    assert legend.startswith("* Von uns aus den Angaben des Herausgebers abgeleitet")


def test_every_section_of_the_seed_page_has_a_home(built_site: BuiltSite) -> None:
    headings = [
        h.get_text(strip=True) for h in article(built_site.html(GERMAN_REPORT)).find_all("h2")
    ]
    assert headings == [
        "Marktüberblick",
        "Wichtigste Erkenntnisse",
        "Auswirkungen von COVID-19",
        "Neueste Trends",
        "Marktsegmentierung",
        "Marktdynamik",
        "Regionale Einblicke",
        "Wichtige Branchenakteure",
        "Wichtige Branchenentwicklungen",
        "Berichtsumfang",
        "Forschungsmethodik",  # the publisher's, or that it describes none
        "Berichtsmerkmale",
        "Daten herunterladen",
        "Quelle und Zitierweise",
        "Häufig gestellte Fragen",
        "Verwandte Märkte",  # a link to compare it, and reports near it (none here)
    ]
    cta = built_site.html(GERMAN_REPORT).select("article .admonition.marketsite-sample")
    assert len(cta) == 2 and "Kostenlose Leseprobe herunterladen" in cta[0].get_text()


def _catalog_strings() -> list[tuple[str, str]]:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    return [(m.id, m.string) for m in catalog if m.id and isinstance(m.id, str)]


def test_every_gettext_literal_is_in_the_catalog() -> None:
    """pybabel cannot see calls inside f-strings (before Python 3.12): find every literal
    passed to _() or gettext() in the source, wherever it stands, and check that the
    catalog has it (test_make checks that the catalog is what `make messages` extracts)."""
    translated = dict(_catalog_strings())
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "src/marketsite").rglob("*.py")
    )
    literals = re.findall(r"""\b(?:_|gettext)\(\s*(["'])((?:(?!\1).)+)\1""", source)
    assert len(literals) > 20
    for _quote, literal in literals:
        assert any(msgid.startswith(literal) for msgid in translated), (
            f"{literal!r} is never extracted: move the call out of the f-string"
        )
    assert [msgid for msgid, text in translated.items() if not text] == []


def _ui_words(text: str) -> list[str]:
    return [part for part in re.split(r"%\(\w+\)s", text) if len(part.strip()) > 3]


def test_no_english_ui_string_on_german_pages_and_vice_versa(built_site: BuiltSite) -> None:
    german = text_of(article(built_site.html(GERMAN_REPORT)))
    english = text_of(article(built_site.html(ENGLISH_REPORT)))

    def contains(text: str, part: str) -> bool:
        # The plain substring test first: the search takes a hundred times as long, and
        # most parts are in neither text.
        part = part.strip()
        return part in text and re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text) is not None

    strings = _catalog_strings()
    all_english = "\n".join(msgid for msgid, _ in strings)
    all_german = "\n".join(translation for _, translation in strings)
    for msgid, translation in strings:
        for part in _ui_words(msgid):
            if not contains(all_german, part):
                assert not contains(german, part), f"English UI text {part!r} on the German page"
        for part in _ui_words(translation):
            if not contains(all_english, part):
                assert not contains(english, part), f"German UI text {part!r} on the English page"


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_pages_declare_language_and_alternates(built_site: BuiltSite) -> None:
    base = built_site.base_url
    german = built_site.html(GERMAN_REPORT)
    assert german.html["lang"] == "de"
    # Translations are declared in the sitemap: Material would fetch "sitemap.xml"
    # next to every <link rel=alternate> in the head, a failing request each.
    assert german.select('link[rel="alternate"][hreflang]') == []
    sitemap = ElementTree.parse(built_site.root / "de" / "sitemap.xml").getroot()
    entry = next(u for u in sitemap if u.findtext(f"{SITEMAP}loc") == f"{base}{GERMAN_REPORT}")
    links = {link.get("hreflang"): link.get("href") for link in entry.iter(f"{XHTML}link")}
    assert links == {
        "de": f"{base}{GERMAN_REPORT}",
        "en": f"{base}{ENGLISH_REPORT}",
        "x-default": f"{base}{GERMAN_REPORT}",
    }

    # The language selector leads to the same page in the other language, on any host.
    def switcher(path: str) -> dict[str, str]:
        soup = built_site.html(path)
        return {
            a["hreflang"]: urljoin(base + path, a["href"]) for a in soup.select("a.md-select__link")
        }

    assert switcher(GERMAN_REPORT)["en"] == f"{base}{ENGLISH_REPORT}"
    assert not any(a["href"].startswith(base) for a in german.select("a.md-select__link"))
    assert built_site.html("en/").html["lang"] == "en"
    assert switcher("en/")["de"] == f"{base}de/"
    assert switcher("de/datenschutz/")["en"] == f"{base}en/privacy/"


def test_breadcrumbs_lead_back_from_a_report(built_site: BuiltSite) -> None:
    import json

    base = built_site.base_url
    report = built_site.html(GERMAN_REPORT)
    nav = report.select_one('nav.marketsite-breadcrumbs[aria-label="Sie sind hier"]')
    assert nav is not None
    links = [(a.get_text(), urljoin(base + GERMAN_REPORT, a["href"])) for a in nav.select("a")]
    assert links == [("Start", f"{base}de/"), ("Alle Berichte", f"{base}de/berichte/")]
    current = nav.select_one('[aria-current="page"]')
    assert current is not None
    assert current.get_text() == "Markt für Omni-Channel-Kommunikationsdienste"
    blocks = [json.loads(s.get_text()) for s in report.select('script[type="application/ld+json"]')]
    trail = next(b for b in blocks if b.get("@type") == "BreadcrumbList")["itemListElement"]
    assert [item.get("item") for item in trail] == [f"{base}de/", f"{base}de/berichte/", None]
    # Other pages: home > page; the home page has none.
    methodology = built_site.html("en/methodology/").select_one("nav.marketsite-breadcrumbs")
    assert methodology is not None and methodology.get_text(" ", strip=True) == "Home Methodology"
    assert built_site.html("de/").select_one("nav.marketsite-breadcrumbs") is None


def test_home_page_shows_the_latest_reports_with_their_key_figures(
    built_site: BuiltSite,
) -> None:
    base = built_site.base_url
    for path, heading, figures in (
        (
            "de/",
            "Neueste Berichte",
            ["Marktgröße 2026: 24,71\u00a0Mrd.\u00a0$", "CAGR 2026–2035: 10,1\u00a0%"],
        ),
        ("en/", "Latest reports", ["Market size 2026: US$24.71bn", "CAGR 2026–2035: 10.1%"]),
    ):
        home = built_site.html(path)
        section = home.select_one("article section.marketsite-latest")
        assert section is not None and section.h2 is not None
        assert section.h2.get_text() == heading
        cards = section.select("li.marketsite-latest__report")
        assert len(cards) == 1
        link = cards[0].select_one("a.marketsite-latest__title")
        assert link is not None
        target = GERMAN_REPORT if path == "de/" else ENGLISH_REPORT
        assert urljoin(base + path, link["href"]) == base + target
        shown = [f.get_text() for f in cards[0].select(".marketsite-latest__figure")]
        assert all(figure in shown for figure in figures), shown
        # Where the home page asks for it: before the button to the catalog.
        assert section.find_next("a", class_="md-button") is not None


def test_the_newest_report_comes_first(tmp_path: Path) -> None:
    from marketsite.rendering.catalog import CatalogEntry
    from marketsite.rendering.home import latest_reports_html
    from marketsite.rendering.pages import environments

    def entry(name: str, src_uri: str, stated: dt.date | None) -> CatalogEntry:
        newest = stated.toordinal() if stated else None
        return CatalogEntry(name, src_uri, name, name, "", "", "", False, "", newest)

    entries = [
        entry("Undated", "r/a.md", None),
        entry("Old", "r/b.md", dt.date(2024, 5, 1)),
        entry("New", "r/c.md", dt.date(2026, 3, 2)),
        entry("Also undated", "r/d.md", None),
    ]
    html = latest_reports_html(entries, "en", environments("en"), True)
    block = reader_soup(html)
    titles = [a.get_text() for a in block.select("a")]
    assert titles == ["New", "Old", "Also undated", "Undated"]
    assert [a["href"] for a in block.select("a")][:2] == ["r/c/", "r/b/"]


def test_catalog_lists_the_report_with_its_figures(built_site: BuiltSite) -> None:
    catalog = built_site.html("de/berichte/")
    rows = [
        [text_of(td).strip() for td in tr.find_all("td")] for tr in catalog.select("article tr")[1:]
    ]
    headers = [th.get_text(strip=True) for th in catalog.select("article th")]
    assert headers == ["Bericht", "Branche", "Marktgröße", "CAGR", "Zeitraum", "Datum"]
    assert rows == [
        [
            "Omni-Channel-Kommunikationsdienste",
            "Telekommunikation",
            f"24,71{NBSP}Mrd.{NBSP}$ (2026)",
            f"10,1{NBSP}% (2026–2035)",
            "2026–2035",
            "—",  # the example states no publication date
        ]
    ]
    link = catalog.select_one("article td a")
    assert link is not None and link["href"] == "omni-channel-kommunikationsdienste/"
    # Markdown escaping of "10.1%" once showed as "\\10.1%" in English cells.
    english = built_site.html("en/reports/")
    cells = [text_of(td).strip() for td in english.select("article td")]
    assert cells[1:] == [
        "Telecommunications",
        "US$24.71bn (2026)",
        "10.1% (2026–2035)",
        "2026–2035",
        "—",
    ]


def test_navigation_does_not_list_every_report(built_site: BuiltSite) -> None:
    nav = built_site.html("de/").select(".md-nav--primary a.md-nav__link")
    labels = [a.get_text(strip=True) for a in nav]
    assert "Alle Berichte" in labels
    assert not any("Kommunikationsdienste" in label for label in labels)


def test_each_language_has_its_own_search_index(built_site: BuiltSite) -> None:
    import json

    for lang in ("de", "en"):
        entry = json.loads(
            (built_site.root / lang / "pagefind" / "pagefind-entry.json").read_text(
                encoding="utf-8"
            )
        )
        # One index per site, in the site's language: Pagefind stems with its Snowball stemmer.
        assert list(entry["languages"]) == [lang]
        # Material's lunr index is never loaded, so it is not shipped.
        assert not (built_site.root / lang / "search" / "search_index.json").exists()
    report = built_site.html(GERMAN_REPORT)
    body = report.select_one("[data-pagefind-body]")
    assert body is not None and body["data-pagefind-weight"] == "5"
    # Only the page's content is searched, not the navigation or footer around it.
    assert body.find_parent("article") is not None
    methodology = built_site.html("de/methodik/").select_one("[data-pagefind-body]")
    assert methodology is not None and not methodology.has_attr("data-pagefind-weight")


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as the executable")
def test_the_search_index_runs_the_pagefind_named_by_pagefind_binary_path(
    built_site: BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind's own setting is honoured (and a missing executable is a message)."""
    from marketsite.site.search import SearchIndexError, index_site, pagefind_executable

    ran = tmp_path / "ran.txt"
    script = tmp_path / "my-pagefind"
    script.write_text(
        f'#!/bin/sh\necho "$@" > "{ran}"\nexec "{pagefind_executable()}" "$@"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    site = tmp_path / "site"
    shutil.copytree(built_site.root / "en", site, ignore=shutil.ignore_patterns("pagefind"))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(script))
    index_site(site)
    assert ran.read_text(encoding="utf-8").split() == ["--service"]
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    # Programs that are not Pagefind's service.
    script.write_text("#!/bin/sh\necho 'no such option: --service' >&2\nexit 2\n")
    with pytest.raises(SearchIndexError, match=r"pagefind failed.*\n.*no such option"):
        index_site(site)
    # It answers once the first message has come (the first byte of it).
    script.write_text(
        "#!/bin/sh\nhead -c 1 >/dev/null\necho 'Usage: pagefind [OPTIONS], see --help'\n"
    )
    with pytest.raises(SearchIndexError, match="pagefind's answer was not understood"):
        index_site(site)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(SearchIndexError, match="search index: pagefind failed"):
        index_site(site)


def english_pages(built_site: BuiltSite) -> list[Path]:
    """Every file of the example's English site but its search bundle, in path order."""
    source = built_site.root / "en"
    pages = (p.relative_to(source) for p in source.rglob("*") if p.is_file())
    return sorted((p for p in pages if p.parts[0] != "pagefind"), key=lambda p: p.parts)


def write_in_order(built_site: BuiltSite, pages: list[Path], site: Path) -> Path:
    """``pages`` of the English site copied into ``site``, one after the other."""
    for page in pages:
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built_site.root / "en" / page, site / page)
    return site


def search_bundle(site: Path) -> dict[Path, bytes]:
    """The files of ``site``'s search bundle, by their path in it."""
    bundle = site / "pagefind"
    return {f.relative_to(bundle): f.read_bytes() for f in bundle.rglob("*.*")}


def test_the_search_index_is_the_same_whatever_order_the_pages_were_written_in(
    built_site: BuiltSite, tmp_path: Path
) -> None:
    """Pagefind numbers the pages in the order it meets them. A folder lists its files by
    a hash on ext4 (another order on another disk) and in the order they were written on
    tmpfs: the same pages must give the same index on every machine, built whole or merged
    from slices."""
    from marketsite.site.search import index_site

    pages = english_pages(built_site)
    forward = write_in_order(built_site, pages, tmp_path / "forward")
    backward = write_in_order(built_site, pages[::-1], tmp_path / "backward")
    if os.listdir(forward) == os.listdir(backward):
        pytest.skip("this file system lists a folder in one order, whatever the writing order")
    bundles = []
    for site in (forward, backward):
        index_site(site)
        bundles.append(search_bundle(site))
    assert len(bundles[0]) > 5
    assert bundles[0] == bundles[1]


def test_the_index_is_the_one_pagefinds_own_walk_makes_of_the_same_pages(
    built_site: BuiltSite, tmp_path: Path
) -> None:
    """Pagefind's command line, when its walk happens to meet the pages in path order,
    makes the very index the build makes: sending the pages through Pagefind's service,
    their URLs made from their paths, changes no byte. tmpfs lists a folder's files
    newest first, so the pages are written for the command line in reverse."""
    from marketsite.site.search import EXCLUDED, index_site, pagefind_executable

    pages = english_pages(built_site)
    walked = write_in_order(built_site, pages[::-1], tmp_path / "walked")
    ours = write_in_order(built_site, pages, tmp_path / "ours")
    listed = os.listdir(walked)
    if listed != sorted(listed):
        pytest.skip("this file system does not list a folder newest first")
    command = [pagefind_executable(), "--site", str(walked), "--silent"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    subprocess.run(command, check=True, capture_output=True)
    index_site(ours)
    bundles = [search_bundle(walked), search_bundle(ours)]
    assert len(bundles[0]) > 5
    assert bundles[0] == bundles[1]


THIRD_PARTY = re.compile(r"""(?:src|href)=["'](?:https?:)?//(?!127\.0\.0\.1)""")


def test_no_page_references_a_third_party_host(built_site: BuiltSite) -> None:
    pages = list(built_site.root.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        for line in page.read_text(encoding="utf-8").splitlines():
            assert not THIRD_PARTY.search(line), f"{page}: {line.strip()[:200]}"


def test_markup_in_data_shows_as_text(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    english = project / "data" / REPORT_ID / "text.en.yaml"
    edit(
        english,
        "Email remains a cornerstone",
        "<script>alert('x')</script> | *bold* [x](javascript:alert(1)) remains a cornerstone",
    )
    edit(
        english,
        "market_name: omni-channel communication services",
        'market_name: "omni</title><b>x"',
    )
    # Names reach tables, charts (SVG), downloads and JSON-LD.
    edit(
        project / "data" / "_shared" / "names.en.yaml",
        "europe: Europe",
        "europe: <i>Eu</i>rope & co",
    )
    result = run_build(project, tmp_path / "site")
    assert result.exit_code == 0, result.output
    soup = reader_soup(
        (tmp_path / "site" / "en/reports/omni-channel-communication-services/index.html").read_text(
            encoding="utf-8"
        ),
    )
    body = article(soup)
    assert "<script>alert('x')</script> | *bold* [x](javascript:alert(1)) remains" in text_of(body)
    # The only scripts in the article are chart data, which cannot close their element.
    assert not body.select('script:not([type="application/json"])')
    for data in body.select('script[type="application/json"]'):
        assert "</" not in (data.string or "")
    assert not soup.select('a[href^="javascript"]')
    assert not body.select("strong:-soup-contains('bold')")
    assert soup.title is not None and "Omni</title><b>x market" in soup.title.get_text()
    assert not soup.select("head b, body > b")
    assert not body.select("i")
    assert "<i>Eu</i>rope & co" in body.select_one("#chart-share-regions svg").get_text(" ")
    for block in soup.select('script[type="application/ld+json"]'):
        assert "</" not in (block.string or "")


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_a_build_removes_no_cached_page_another_build_is_using(tmp_path: Path) -> None:
    """Two builds of one project at once (a preview beside a build, two CI jobs): the one
    that ends first may not prune the entries the other is about to read."""
    import fcntl

    project = copy_project(tmp_path / "project")
    assert run_build(project, tmp_path / "first").exit_code == 0
    pages = project / CACHE / "pages"
    first = {entry.name for entry in (pages / "en").iterdir()}
    assert len(first) == 1  # the example's one report
    with (pages / "en.lock").open("ab") as other:
        fcntl.flock(other, fcntl.LOCK_SH)  # as another build holds it while it runs
        # Another address: every page rendered anew, the first rendering unused.
        again = run_build(project, tmp_path / "second", "https://example.org/")
        assert again.exit_code == 0, again.output
        assert first < {entry.name for entry in (pages / "en").iterdir()}
    alone = run_build(project, tmp_path / "third", "https://example.org/")
    assert alone.exit_code == 0, alone.output
    assert {entry.name for entry in (pages / "en").iterdir()}.isdisjoint(first)


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_a_cache_where_files_cannot_be_locked_is_pruned_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some network shares refuse locks: the build neither fails nor keeps stale pages."""
    import errno
    import fcntl

    from marketsite.rendering.pagecache import PageCache

    def refuse(*_args: object) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", refuse)
    cache = PageCache(tmp_path / "pages" / "en")
    (cache.folder / "stale-entry").mkdir(parents=True)
    assert cache.get("an-entry-not-there") is None
    assert cache.prune() == 1
    assert not (cache.folder / "stale-entry").exists()


def test_failed_build_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    output = tmp_path / "site"
    assert run_build(project, output).exit_code == 0
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*")}
    edit(
        project / "data" / REPORT_ID / "facts.yaml",
        "{id: asia-pacific, share: about 15",
        "{id: asia-pacific, share: 45",
    )
    result = run_build(project, output)
    assert result.exit_code == 1
    assert "shares-over-100" in result.output and "left as it was" in result.output
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*")} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_the_theme_files_copied_are_those_mkdocs_itself_would_copy() -> None:
    """The theme's listing skips hidden folders (Material's icons) and nothing else."""
    config = load_config(str(ROOT / "mkdocs.yml"), plugins=[])
    hidden = [
        path
        for folder in config.theme.dirs
        for path in Path(folder).rglob("*")
        if path.is_file() and any(part.startswith(".") for part in path.relative_to(folder).parts)
    ]
    assert len(hidden) > 10_000  # what the listing saves walking through
    stock = Files([])
    stock.add_files_from_theme(config.theme.get_env(), config)
    prepare_theme(config.theme, None)
    ours = Files([])
    ours.add_files_from_theme(config.theme.get_env(), config)
    assert sorted(f.src_uri for f in ours) == sorted(f.src_uri for f in stock)
    # Material's and the overrides' own files are among them.
    assert {"assets/images/favicon.png", "assets/marketsite.css"} <= {f.src_uri for f in ours}


def test_the_site_leaves_out_the_theme_files_no_page_loads(built_site: BuiltSite) -> None:
    """Material's lunr search (the site searches with Pagefind) and the source maps of its
    scripts are not published; the scripts and styles the pages load are."""
    for lang in ("de", "en"):
        assets = built_site.root / lang / "assets"
        published = {p.relative_to(assets).as_posix() for p in assets.rglob("*") if p.is_file()}
        assert [p for p in published if "lunr" in p or "workers/" in p or p.endswith(".map")] == []
        page = (built_site.root / lang / "index.html").read_text(encoding="utf-8")
        loaded = set(re.findall(r'(?:src|href)="(?:\.\./)*assets/([^"?]+)', page))
        assert {p for p in loaded if p.endswith((".js", ".css"))} <= published
        assert any(p.startswith("javascripts/bundle.") for p in loaded)


def test_a_file_of_the_projects_own_under_a_dropped_theme_folder_is_published(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "project")
    own = project / "content" / "de" / "assets" / "javascripts" / "workers" / "own.js"
    own.parent.mkdir(parents=True)
    own.write_text("// an editor's own script\n", encoding="utf-8")
    assert run_build(project, tmp_path / "site").exit_code == 0
    published = tmp_path / "site" / "de" / "assets" / "javascripts" / "workers" / "own.js"
    assert published.read_text(encoding="utf-8") == "// an editor's own script\n"


FRESH_BUILD = """
import sys
from pathlib import Path

import jinja2

from marketsite.checks.validate import validate_data_dir
from marketsite.site.build import SiteRun, _build_one
from marketsite.site.settings import read_settings

compiled = []
compile_template = jinja2.Environment.compile


def counting(self, source, name=None, *args):
    if name is not None:
        compiled.append(name)
    return compile_template(self, source, name, *args)


jinja2.Environment.compile = counting
settings = read_settings(Path("mkdocs.yml"))
result = validate_data_dir(settings.data_dir, settings.languages, settings.default_language)
built = _build_one(SiteRun(settings, result), "de", Path(sys.argv[1]))
assert built.error is None, built.error
print(built.reports_rendered, sorted(set(compiled)))
"""


def test_a_fresh_process_compiles_no_template_the_build_cache_has(tmp_path: Path) -> None:
    """Every template a build uses is compiled once and then read from the build cache
    (Jinja checks it against its source): the theme's, those of Material's search plugin,
    the project's overrides and marketsite's own, which a build's workers, fresh
    processes, compiled each time; and still when the project has moved."""

    project = copy_project(tmp_path / "project")
    (project / CACHE / "templates").unlink()  # a cache of its own, cold

    def build(site: str, where: Path = project) -> tuple[int, list[str]]:
        command = [sys.executable, "-c", FRESH_BUILD, str(tmp_path / site)]
        done = subprocess.run(command, cwd=where, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        rendered, _, names = done.stdout.strip().splitlines()[-1].partition(" ")
        return int(rendered), ast.literal_eval(names)

    rendered, compiled = build("first")
    assert rendered == 1
    # What the search plugin translates with, an override, and marketsite's report page.
    assert {"partials/language.html", "main.html", "report.md.j2"} <= set(compiled)
    # Changed data: the report is rendered again, from templates compiled before.
    edit(project / "data" / REPORT_ID / "facts.yaml", "share: about 30}", "share: about 31}")
    assert build("second") == (1, [])
    # The project copied elsewhere with its build cache, as a CI runner restores it or a
    # second clone has it: not even its overrides are compiled again.
    moved = tmp_path / "moved"
    shutil.copytree(project, moved, symlinks=True)
    assert build("third", moved)[1] == []


def test_plain_mkdocs_build_builds_the_default_language(tmp_path: Path) -> None:
    import sys

    project = copy_project(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "out")],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out/berichte/omni-channel-kommunikationsdienste/index.html").read_text(
        encoding="utf-8"
    )
    assert f"24,71{NBSP}Mrd." in page


def test_plain_mkdocs_build_refuses_bad_data_before_cleaning(tmp_path: Path) -> None:
    import sys

    project = copy_project(tmp_path / "project")
    output = tmp_path / "out"
    output.mkdir()
    (output / "keep.html").write_text("previous site", encoding="utf-8")
    edit(project / "data" / REPORT_ID / "facts.yaml", "base_year: 2025", "base_year: soon")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(output)],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "facts.yaml:" in result.stderr and "base_year" in result.stderr
    assert "Traceback" not in result.stderr
    assert (output / "keep.html").read_text(encoding="utf-8") == "previous site"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_hand_written_pages_exist_in_both_languages(built_site: BuiltSite, lang: str) -> None:
    pages = {
        "de": ["methodik", "impressum", "datenschutz"],
        "en": ["methodology", "imprint", "privacy"],
    }
    for name in pages[lang]:
        assert (built_site.root / lang / name / "index.html").is_file()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_imprint_names_the_publisher_the_pages_cite(built_site: BuiltSite, lang: str) -> None:
    """One publisher: the imprint's name is the one the source lines and citations give
    (mkdocs.yml's publisher), in every language, and its address keeps its lines."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    publisher = next(
        plugin["marketsite"]["publisher"]
        for plugin in config["plugins"]
        if isinstance(plugin, dict) and "marketsite" in plugin
    )
    imprint = built_site.html({"de": "de/impressum/", "en": "en/imprint/"}[lang])
    address = imprint.select_one("article address")
    assert address is not None
    assert address.get_text("|", strip=True).split("|")[0].startswith(publisher)
    assert len(address.select("br")) >= 3  # name, street, town, country on lines of their own
    report = text_of(article(built_site.html({"de": GERMAN_REPORT, "en": ENGLISH_REPORT}[lang])))
    assert publisher in report


def test_the_privacy_notice_promises_what_the_site_does(built_site: BuiltSite) -> None:
    """The sample is a download, not an email request: the notice no longer says so."""
    for path in ("de/datenschutz/", "en/privacy/"):
        words = text_of(article(built_site.html(path)))
        assert "per E-Mail anfordern" not in words and "sample by email" not in words
        assert "Cookies" in words or "cookies" in words


MINIMAL_FACTS = """\
currency: EUR
unit: million
base_year: 2024
forecast: {start_year: 2025, end_year: 2030}
market_size:
  - {year: 2025, value: 120.5}
  - {year: 2030, value: 180}
cagr: 8.4
segments:
  type:
    - {id: email}
    - {id: sms}
"""


def minimal_text(name: str, overview: str) -> str:
    return (
        f"market_name: {name}\n"
        f"overview: {overview}\n"
        "segments:\n  type:\n    email: Mail.\n    sms: Text.\n"
    )


def test_a_report_without_optional_sections_has_no_empty_headings_or_cells(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    folder = project / "data" / "small-market"
    folder.mkdir()
    (folder / "facts.yaml").write_text(MINIMAL_FACTS, encoding="utf-8")
    (folder / "text.de.yaml").write_text(
        minimal_text("Kleinkram", "Ein kleiner Markt."), encoding="utf-8"
    )
    (folder / "text.en.yaml").write_text(
        minimal_text("odds and ends", "A small market."), encoding="utf-8"
    )
    output = tmp_path / "site"
    result = run_build(project, output)
    assert result.exit_code == 0, result.output
    soup = reader_soup((output / "de/berichte/small-market/index.html").read_text(encoding="utf-8"))
    headings = [h.get_text(strip=True) for h in article(soup).find_all("h2")]
    assert headings == [
        "Marktüberblick",
        "Wichtigste Erkenntnisse",
        "Marktsegmentierung",
        "Forschungsmethodik",
        "Berichtsmerkmale",
        "Daten herunterladen",
        "Quelle und Zitierweise",
        "Häufig gestellte Fragen",
        "Verwandte Märkte",  # at least the link to compare the market
    ]
    for heading in article(soup).find_all(["h2", "h3", "h4"]):
        following = heading.find_next_sibling()
        assert following is not None and following.name not in {"h2"}, heading
    assert all(text_of(cell).strip() for cell in article(soup).find_all(["td", "th"]))
    page = text_of(article(soup))
    assert "120,5 Millionen Euro" in page and f"CAGR von 8,4{NBSP}%" in page
    catalog = [
        text_of(a)
        for a in reader_soup(
            (output / "de/berichte/index.html").read_text(encoding="utf-8")
        ).select("article td a")
    ]
    assert catalog == ["Kleinkram", "Omni-Channel-Kommunikationsdienste"]


def test_readers_never_see_the_tools_name(built_site: BuiltSite) -> None:
    """What a reader sees or downloads names the publisher, or "us", never the program
    that built the site: page text and meta texts, chart texts, tables and the PDF."""
    import zipfile

    from bs4 import Comment

    from tests.test_charts_downloads import pdf_text

    seen: list[str] = []
    for page in built_site.root.rglob("*.html"):
        soup = reader_soup(page.read_text("utf-8"))
        for hidden in soup(["script", "style"]):
            hidden.decompose()
        for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
            comment.extract()
        texts = [soup.get_text(" ")]
        texts += [str(meta.get("content", "")) for meta in soup.select("meta[content]")]
        texts += [str(img.get("alt", "")) for img in soup.select("img[alt]")]
        texts += [str(node.get("aria-label", "")) for node in soup.select("[aria-label]")]
        seen += [f"{page}: {t[:80]}" for t in texts if "marketsite" in t.lower()]
    for download in built_site.root.rglob("*"):
        if download.suffix in (".csv", ".svg", ".bib", ".ris", ".txt"):
            text = download.read_text("utf-8", errors="replace")
        elif download.suffix == ".xlsx":
            with zipfile.ZipFile(download) as workbook:
                text = " ".join(
                    workbook.read(name).decode("utf-8", "replace")
                    for name in workbook.namelist()
                    if name.endswith(".xml") and "docProps" not in name
                )
        elif download.suffix == ".pdf":
            text = pdf_text(download)
        else:
            continue
        if "marketsite" in text.lower() and "/assets/marketsite" not in str(download):
            seen.append(str(download.relative_to(built_site.root)))
    assert seen == []


@pytest.mark.parametrize(("lang", "wrong"), [("de", r"\d %"), ("en", r"\d[ \u00a0\u202f]%")])
def test_percent_signs_follow_each_languages_spacing(
    built_site: BuiltSite, lang: str, wrong: str
) -> None:
    """German writes a no-break space before %, so "100 %" never breaks across lines;
    English writes none. On every page of the language: prose, tables, methodology."""
    found = []
    for page in (built_site.root / lang).rglob("*.html"):
        soup = reader_soup(page.read_text("utf-8"))
        for hidden in soup(["script", "style"]):
            hidden.decompose()
        text = soup.get_text(" ")
        found += [
            f"{page.relative_to(built_site.root)}: …{m.group(0)}…"
            for m in re.finditer(rf".{{0,20}}{wrong}", text)
        ]
    assert found == []


def test_anchors_keep_german_words_apart(built_site: BuiltSite) -> None:
    """Umlauts are transliterated, not dropped: "fördern" and "fordern" never meet."""
    soup = built_site.html(GERMAN_REPORT)
    ids = {h.get_text(strip=True): h["id"] for h in soup.select("article h2[id], article h3[id]")}
    assert ids["Marktüberblick"] == "marktueberblick"
    assert ids["Häufig gestellte Fragen"] == "haeufig-gestellte-fragen"
    assert (
        ids["KI-gestützte Kommunikationsplattformen und Kanalintegration fördern das Marktwachstum"]
        == "ki-gestuetzte-kommunikationsplattformen-und-kanalintegration-foerdern-das-marktwachstum"
    )
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*(_\d+)?", anchor) for anchor in ids.values())


def test_a_report_page_says_when_its_data_last_changed_never_the_build_time(
    tmp_path: Path,
) -> None:
    """The date is the last commit that changed the report's files (or, for a change
    not yet committed, the file's own time): on the page, in its structured data and
    in the sitemap. Pages with no such date get no lastmod, rather than the build's."""
    import json
    import os

    project = copy_project(tmp_path / "project")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.com",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.com",
        "GIT_AUTHOR_DATE": "2026-03-03T10:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-03-03T10:00:00+00:00",
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "data"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True)
    result = run_build(project, tmp_path / "site", "https://reports.example.com/")
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    page = reader_soup((site / GERMAN_REPORT / "index.html").read_text("utf-8"))
    status = page.select_one("article .marketsite-updated")
    assert (
        status is not None and status.get_text(strip=True) == "Seite aktualisiert am 3. März 2026"
    )
    blocks = [json.loads(s.get_text()) for s in page.select('script[type="application/ld+json"]')]
    webpage = next(b for b in blocks if b.get("@type") == "WebPage")
    assert webpage["dateModified"] == "2026-03-03"
    sitemap = (site / "de" / "sitemap.xml").read_text("utf-8")
    assert re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap) == ["2026-03-03"]
    feed = feedparser.parse((site / "de" / "feed.xml").read_bytes())
    assert [entry.updated for entry in feed.entries] == ["2026-03-03T00:00:00Z"]
    assert feed.feed.updated == "2026-03-03T00:00:00Z"
    # An edit not yet committed dates from the file: the day it was saved.
    facts = project / "data" / REPORT_ID / "facts.yaml"
    edit(facts, "{year: 2026, value: 24.71,", "{year: 2026, value: 24.72,")
    stamp = dt.datetime(2026, 4, 9, 12, tzinfo=dt.UTC).timestamp()
    os.utime(facts, (stamp, stamp))
    result = run_build(project, tmp_path / "site", "https://reports.example.com/")
    assert result.exit_code == 0, result.output
    english = (site / ENGLISH_REPORT / "index.html").read_text("utf-8")
    assert "Page updated 9 April 2026" in english
    feed = feedparser.parse((site / "en" / "feed.xml").read_bytes())
    assert [entry.updated for entry in feed.entries] == ["2026-04-09T00:00:00Z"]


def test_the_publishers_methodology_is_on_the_page_and_in_the_sample(
    built_site: BuiltSite, tmp_path: Path
) -> None:
    """What the editors write of the publisher's research is shown in each language; a
    report without it says that the publisher describes none, rather than nothing."""
    from tests.test_charts_downloads import pdf_text

    english = " ".join(built_site.html(ENGLISH_REPORT).get_text(" ").split())
    assert "Research methodology The publisher describes no methodology for this report." in (
        english
    )
    project = copy_project(tmp_path / "project")
    for lang, text in (
        ("de", "Die Schätzungen beruhen auf Interviews mit 40 Anbietern."),
        ("en", "The estimates rest on interviews with 40 vendors."),
    ):
        path = project / "data" / REPORT_ID / f"text.{lang}.yaml"
        path.write_text(path.read_text("utf-8") + f"methodology: {text}\n", "utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.exit_code == 0, result.output
    page = reader_soup((tmp_path / "site" / GERMAN_REPORT / "index.html").read_text("utf-8"))
    heading = page.find("h2", string="Forschungsmethodik")
    assert heading is not None
    following = heading.find_next_sibling("p")
    assert following is not None
    assert following.get_text() == "Die Schätzungen beruhen auf Interviews mit 40 Anbietern."
    sample = next((tmp_path / "site" / ENGLISH_REPORT).glob("*-sample.pdf"))
    assert "interviews with 40 vendors" in " ".join(pdf_text(sample).split())
