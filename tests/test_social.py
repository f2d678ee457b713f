"""Link previews: Open Graph tags on every page, a preview image per report."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from marketsite.rendering.charts import ChartRenderer
from marketsite.rendering.social import BACKGROUND, MARGIN, WIDTH, SocialCard, card_svg, wrap
from tests.conftest import ENGLISH_REPORT, GERMAN_REPORT, BuiltSite


def meta(soup: BeautifulSoup) -> dict[str, str]:
    return {
        (tag.get("property") or tag.get("name")): tag["content"]
        for tag in soup.select('meta[property^="og:"], meta[name^="twitter:"]')
    }


def test_a_shared_report_shows_its_title_figures_and_image(built_site: BuiltSite) -> None:
    base = built_site.base_url
    german = meta(built_site.html(GERMAN_REPORT))
    assert german["og:type"] == "article"
    assert german["og:title"] == "Markt für Omni-Channel-Kommunikationsdienste"
    assert german["og:url"] == f"{base}{GERMAN_REPORT}"
    assert german["og:locale"] == "de_DE" and german["og:locale:alternate"] == "en_GB"
    assert german["og:image"] == f"{base}{GERMAN_REPORT}social.png"
    assert german["twitter:card"] == "summary_large_image"
    png = (built_site.root / GERMAN_REPORT / "social.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    size = (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big"))
    assert size == (1200, 630)
    english = meta(built_site.html(ENGLISH_REPORT))
    assert english["og:locale"] == "en_GB" and english["og:site_name"] == "Market reports"
    assert english["og:image"].endswith(
        "/en/reports/omni-channel-communication-services/social.png"
    )


def test_other_pages_have_link_previews_without_an_image(built_site: BuiltSite) -> None:
    tags = meta(built_site.html("en/methodology/"))
    assert tags["og:type"] == "website" and tags["og:title"] == "Methodology"
    # Escaped once: the apostrophe is an entity in the source, a quote in the value.
    assert tags["og:description"].startswith("How we check the reports' figures")
    assert tags["twitter:card"] == "summary" and "og:image" not in tags


def test_the_preview_image_shows_figures_as_the_page_does() -> None:
    card = SocialCard(
        "Publisher <Ltd>",
        "Markt für Omni-Channel-Kommunikationsdienste",
        (
            ("Marktgröße 2026", "24,71\u00a0Mrd.\u00a0$"),
            ("Prognose 2030", "40,00\u00a0Mrd.\u00a0$*"),
        ),
        "* Von uns abgeleitet",
    )
    svg = card_svg(card)
    assert "Publisher &lt;Ltd&gt;" in svg
    assert "40,00\u00a0Mrd.\u00a0$*" in svg and "* Von uns abgeleitet" in svg
    # The long compound breaks at its hyphen, not in the middle of a word.
    assert ">Markt für Omni-Channel-<" in svg and ">Kommunikationsdienste<" in svg


#: Titles a card must hold: compounds with and without hyphens, and one word longer than a
#: line that has no hyphen at all.
TITLES = [
    "Markt für Omni-Channel-Kommunikationsdienste und Kundendialog",
    "Donaudampfschifffahrtsgesellschaftskapitänsmützenherstellungsmarkt",
    "Markt für Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetze in Europa",
    "Global Pneumonoultramicroscopicsilicovolcanoconiosis Diagnostics Market",
]


def _ink_columns(png: bytes) -> tuple[int, int]:
    """The leftmost and rightmost pixel columns of the card that are not its background
    (what a reader sees of the text), measured in the rendered image."""
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(png)).convert("RGB")
    background = tuple(int(BACKGROUND[i : i + 2], 16) for i in (1, 3, 5))
    width, height = image.size
    pixels = image.load()
    columns = [
        x
        for x in range(width)
        if any(
            sum(abs(a - b) for a, b in zip(pixels[x, y], background, strict=True)) > 60
            for y in range(0, height, 2)
        )
    ]
    return min(columns), max(columns)


@pytest.mark.parametrize("title", TITLES)
def test_titles_stay_within_the_card(title: str) -> None:
    """Measured in the PNG a link preview shows: no title runs into the right margin, and
    its words all appear on the card."""
    card = SocialCard("Beispielverlag", title, (("Marktgröße 2026", "24,71\u00a0Mrd.\u00a0$"),))
    png = ChartRenderer(None).svg_png(card_svg(card))
    left, right = _ink_columns(png)
    assert left >= MARGIN - 4
    assert right <= WIDTH - MARGIN // 2, f"text reaches column {right} of {WIDTH}"
    lines = wrap(title, 36)
    assert "".join(lines).replace("-", "").replace(" ", "") == title.replace("-", "").replace(
        " ", ""
    )
