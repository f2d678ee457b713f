"""The Atom feed of a language (RFC 4287): new reports and new editions, for readers who
follow the site in a feed reader.

Every date in it is the data's or an edition's: a report's entry is dated by when its
data last changed (else the date the publisher states), an edition's by its release
date. The feed's own ``updated`` is its newest entry's, so building again changes
nothing. An edition's entry carries its release notes: what changed, report by report.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import markdown

from marketsite.derivation.locale import translations
from marketsite.rendering.catalog import CatalogEntry
from marketsite.rendering.pages import RenderOptions
from marketsite.rendering.paths import url_of

#: Where a language's feed is, under the language's root.
FEED = "feed.xml"
#: The newest entries a feed lists: feed readers keep what they have already fetched.
FEED_ENTRIES = 50
ATOM = "http://www.w3.org/2005/Atom"
XML = "http://www.w3.org/XML/1998/namespace"
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


@dataclass(frozen=True)
class FeedEntry:
    """One entry: a report, or an edition with its notes."""

    id: str
    title: str
    updated: str  # YYYY-MM-DD
    href: str  # under the language's root
    summary: str = ""
    content_html: str = ""


def atom_date(date: str) -> str:
    """A stated date (YYYY-MM-DD, or YYYY-MM: its first day) as an Atom date-time."""
    match = _DATE.match(date)
    if match is None:
        raise ValueError(f"not a date: {date!r}")
    year, month, day = match.groups()
    return f"{year}-{month}-{day or '01'}T00:00:00Z"


def report_entry(entry: CatalogEntry, options: RenderOptions) -> FeedEntry | None:
    """A report's entry, dated by its data's last change, else its stated date; None
    for a report with neither (no date is made up for it)."""
    updated = options.report_dates.get(entry.report_id)
    if not updated and entry.newest:
        updated = dt.date.fromordinal(entry.newest).isoformat()
    if not updated:
        return None
    figures = "; ".join(f"{label}: {value}" for label, value in entry.figures)
    return FeedEntry(
        id=f"report:{entry.report_id}",
        title=entry.heading,
        updated=updated,
        href=url_of(entry.src_uri, options.directory_urls),
        summary=figures,
    )


def edition_entries(
    history: Sequence[Mapping[str, Any]], lang: str, options: RenderOptions
) -> list[FeedEntry]:
    """An entry per edition, with its release notes in ``lang`` as HTML."""
    if not options.changes_page:
        return []
    _ = translations(lang).gettext
    href = url_of(options.changes_page, options.directory_urls)
    entries = []
    for edition in history:
        notes = edition.get("notes", {}).get(lang, "")
        entries.append(
            FeedEntry(
                id=f"edition:{edition['version']}",
                title=_("Edition %(version)s") % {"version": edition["version"]},
                updated=str(edition["date"]),
                href=href,
                content_html=markdown.markdown(notes, extensions=["tables"]) if notes else "",
            )
        )
    return entries


def feed_title(lang: str, options: RenderOptions) -> str:
    """The feed's name in ``lang``: what it lists, and whose."""
    what = translations(lang).gettext("New reports and editions")
    return f"{options.publisher}: {what}" if options.publisher else what


def atom_feed(
    entries: Sequence[FeedEntry], lang: str, options: RenderOptions, title: str
) -> bytes | None:
    """The feed of ``entries`` (the newest :data:`FEED_ENTRIES`), or None without any.

    Ids are the entries' addresses when the site has an http(s) address (they stay as
    long as the pages do), else URNs; links are absolute where the site's address is
    known."""
    if not entries:
        return None
    shown = sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)[:FEED_ENTRIES]
    base = options.site_url if options.site_url.startswith(("http://", "https://")) else ""
    ET.register_namespace("", ATOM)

    def element(parent: ET.Element, tag: str, text: str = "", **attributes: str) -> ET.Element:
        child = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text:
            child.text = text
        return child

    feed = ET.Element(f"{{{ATOM}}}feed", {f"{{{XML}}}lang": lang})
    element(feed, "id", f"{base}{FEED}" if base else f"urn:marketsite:feed:{lang}")
    element(feed, "title", title)
    element(feed, "updated", atom_date(shown[0].updated))
    author = element(feed, "author")
    element(author, "name", options.publisher or title)
    if base:
        element(feed, "link", rel="self", type="application/atom+xml", href=f"{base}{FEED}")
        element(feed, "link", rel="alternate", type="text/html", href=base)
    for item in shown:
        entry = element(feed, "entry")
        kind, _, name = item.id.partition(":")
        # A report's page is its entry; an edition's is its part of the changes page.
        address = f"{base}{item.href}" + (f"#{name}" if kind == "edition" else "")
        element(entry, "id", address if base else f"urn:marketsite:{lang}:{kind}:{name}")
        element(entry, "title", item.title)
        element(entry, "updated", atom_date(item.updated))
        element(entry, "link", rel="alternate", type="text/html", href=f"{base}{item.href}")
        if item.summary:
            element(entry, "summary", item.summary)
        if item.content_html:
            element(entry, "content", item.content_html, type="html")
    ET.indent(feed, space=" ")
    text = ET.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{text}\n'.encode()
