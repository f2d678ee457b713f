"""Following the site: each language's Atom feed, read back by feedparser as feed readers
read it, and the links to it (#24.3). Its dates are tested against git in test_site
(a report's data) and test_release (an edition's)."""

from __future__ import annotations

import feedparser
import pytest

from tests.conftest import ENGLISH_REPORT, GERMAN_REPORT, BuiltSite

FEEDS = [
    ("de", GERMAN_REPORT, "Markt für Omni-Channel-Kommunikationsdienste"),
    ("en", ENGLISH_REPORT, "Omni-channel communication services market"),
]


@pytest.mark.parametrize(("lang", "report", "heading"), FEEDS)
def test_each_language_has_a_wellformed_feed_that_lists_its_reports(
    built_site: BuiltSite, lang: str, report: str, heading: str
) -> None:
    feed = feedparser.parse((built_site.root / lang / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.language == lang
    page = f"{built_site.base_url}{report}"
    [entry] = feed.entries  # the example has one report and no edition
    assert (entry.title, entry.link, entry.id) == (heading, page, page)
    assert entry.updated == feed.feed.updated


@pytest.mark.parametrize(("lang", "report", "heading"), FEEDS)
def test_the_home_page_and_every_report_link_the_feed(
    built_site: BuiltSite, lang: str, report: str, heading: str
) -> None:
    feed = (built_site.root / lang / "feed.xml").resolve()
    for page in (f"{lang}/", report):
        soup = built_site.html(page)
        # Feed readers find it by the "alternate" token and the type.
        head = soup.select_one('head link[rel~="alternate"][type="application/atom+xml"]')
        visible = soup.select_one('article a[type="application/atom+xml"]')
        for link in (head, visible):
            assert link is not None, page
            assert (built_site.root / page / link["href"]).resolve() == feed, page
