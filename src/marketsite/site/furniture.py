"""Page furniture: what Material shows around a page's content, as plain values.

The language selector's entries, the hreflang links of the sitemap, the Open
Graph and Twitter tags, the breadcrumbs and the footer's edition line are
computed here from the page index and plain strings; the plugin only hands them
to the templates. :func:`material_html` is the one place where the HTML that
Material renders is edited.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import babel
import babel.core

from marketsite.derivation.locale import Formatter, translations, written_variety
from marketsite.rendering.home import LATEST_MARKER
from marketsite.rendering.jsonld import json_for_html
from marketsite.rendering.paths import reports_section

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from marketsite.site.build import Edition, PageIndex

ARTICLE = '<article class="md-content__inner md-typeset">'
#: Pagefind weight of a report's words (other content: 1; Pagefind's scale is 0-10).
REPORT_SEARCH_WEIGHT = "5"
#: Material's <link rel="alternate" href=… hreflang=…> in the head (not RSS links).
HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
#: Material's TOC title, a label for the TOC toggle.
TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def material_html(output: str, error_panel: str = "") -> str:
    """Every edit of the HTML Material renders, for a page or the 404 template.

    - Material's ``<link rel=alternate>`` tags go: its language selector fetches
      "sitemap.xml" next to each (three 404s per view, as ours name pages, not
      language roots). The translations are declared in the sitemaps instead
      (overrides/sitemap.xml), which search engines read as they read these links.
      The links are in the head: searching only there takes a tenth of the time
      on a report page (its SVGs are long).
    - The preview's data errors (``error_panel``) go at the top of the article.
    - Material renders the TOC toggle only for pages in the nav; reports are
      reached through the catalog, so their TOC title must not point at a
      missing control.
    """
    head, end, body = output.partition("</head>")
    output = HEAD_ALTERNATE.sub("", head) + end + body
    if error_panel:
        output = output.replace(ARTICLE, ARTICLE + error_panel, 1)
    if 'id="__toc"' not in output:
        output = output.replace(TOC_LABEL, '<label class="md-nav__title">')
    return output


def root_url(site_url: str, lang: str) -> str:
    """The multilingual site's root URL, whether site_url names it or a language under it."""
    if not site_url:
        return ""
    url = site_url if site_url.endswith("/") else site_url + "/"
    suffix = f"/{lang}/"
    return url[: -len(suffix) + 1] if url.endswith(suffix) else url


def og_locale(lang: str) -> str:
    """Open Graph's locale form of a language: de -> de_DE (CLDR likely subtags), en ->
    en_GB (the variety the English pages are written in)."""
    variety = written_variety(lang)
    likely = babel.core.get_global("likely_subtags").get(variety, variety)
    locale = babel.Locale.parse(likely)
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def edition_line(copyright: str | None, edition: Edition, lang: str) -> str:
    """The footer line with the edition; Material prints config.copyright as HTML."""
    line = translations(lang).gettext("Edition %(version)s of %(date)s, data %(commit)s") % {
        "version": edition.version,
        "date": Formatter.for_tag(lang).day(dt.date.fromisoformat(edition.date)),
        "commit": edition.commit,
    }
    prefix = f"{copyright}<br>" if copyright else ""
    return f'{prefix}<span class="marketsite-edition">{html.escape(line)}</span>'


def dress(
    config: MkDocsConfig,
    lang: str,
    site_names: dict[str, str],
    publisher: str,
    edition: Edition | None,
    languages: tuple[str, ...] = (),
) -> None:
    """One language's site-wide furniture on ``config``: its site name, the 404 page's
    texts and the footer line (with the edition of a release).

    The 404 page says its message in every language, this one first: the default
    language's copy is the site's root 404, which hosts such as GitHub Pages serve for
    every missing address, whatever its language (its script shows the one the
    address or the browser asks for)."""
    root = root_url(config.site_url or "", lang) or "/"
    config.extra["marketsite_not_found"] = [
        not_found_text(
            code,
            site_names.get(code, config.site_name),
            f"{root}{code}/",
            f"{root}{code}/{reports_section(code)}/",
        )
        for code in dict.fromkeys([lang, *languages])
    ]
    config.site_name = site_names.get(lang, config.site_name)
    if not config.copyright:  # an empty footer band reads as a broken page
        config.copyright = html.escape(publisher or config.site_name)
    if edition is not None:
        config.copyright = edition_line(config.copyright, edition, lang)


def not_found_text(lang: str, site_name: str, home: str, catalog: str) -> dict[str, str]:
    """The 404 page's words in ``lang``, with the addresses of that language's home and
    list of all reports (where a reader looks next)."""
    ui = translations(lang)
    title = ui.gettext("Page not found")
    return {
        "lang": lang,
        "title": title,
        "page_title": f"{title} - {site_name}",
        "body": ui.gettext(
            "There is no page at this address: it may have moved, or the address may be "
            "mistyped. Every market report is in the list of all reports, and search finds "
            "them by market, segment or company."
        ),
        "catalog_label": ui.gettext("All market reports"),
        "catalog": catalog,
        "home_label": ui.gettext("To the home page"),
        "home": home,
    }


@dataclass(frozen=True)
class Furniture:
    """What one language's pages show around their content, from the page index.

    ``root``: the site's root URL ("" when none is known); ``default``: the
    language that x-default links name.
    """

    index: PageIndex
    lang: str
    languages: tuple[str, ...]
    default: str
    root: str

    def alternates(self, key: str | None) -> list[dict[str, str]]:
        """The language selector's entries: the page of ``key`` in each language.

        Links are relative (Material's ``url`` filter makes them relative to the page),
        so switching stays on the host the site is served from: a local preview too.
        """
        urls = self.index.urls.get(key, {}) if key else {}
        return [
            {
                "name": Formatter.for_tag(code).language_name(code),
                "lang": code,
                "link": f"../{code}/{urls.get(code, '')}",
            }
            for code in self.languages
        ]

    def hreflang(self) -> dict[str, list[dict[str, str]]]:
        """Per page of this language: its absolute URL in every language, and x-default.

        Search engines want absolute URLs, so without a root URL there are none.
        """
        if not self.root:
            return {}
        declared = {}
        for src_uri, key in self.index.keys[self.lang].items():
            urls = self.index.urls.get(key, {})
            links = [
                {"lang": code, "href": f"{self.root}{code}/{urls[code]}"}
                for code in self.languages
                if code in urls
            ]
            if len(links) > 1 and self.default in urls:
                href = f"{self.root}{self.default}/{urls[self.default]}"
                links.append({"lang": "x-default", "href": href})
                declared[src_uri] = links
        return declared

    def page_context(
        self,
        key: str | None,
        *,
        title: str,
        description: str,
        url: str,
        site_name: str,
        image: str,
        home: bool,
    ) -> dict[str, Any]:
        """What overrides/main.html shows of a page beyond its content: social tags,
        breadcrumbs, whether search indexes it (not the home page: it only points to
        the pages that hold the words) and its weight there (a report outranks pages
        that only mention a term)."""
        return {
            "marketsite_social": self.social(key, title, description, url, site_name, image),
            "marketsite_breadcrumbs": {} if home else self.breadcrumbs(key, title, site_name),
            "marketsite_searchable": not home,
            "marketsite_search_weight": (
                REPORT_SEARCH_WEIGHT if key and key.startswith("report:") else ""
            ),
        }

    def social(
        self,
        key: str | None,
        title: str,
        description: str,
        url: str,
        site_name: str,
        image: str,
    ) -> dict[str, Any]:
        """Open Graph and Twitter card values of a page, HTML-escaped once (the texts may
        arrive escaped: front matter is escaped when it is read)."""

        def text(value: object) -> str:
            return html.escape(html.unescape(str(value or "")), quote=True)

        return {
            "type": "article" if key and key.startswith("report:") else "website",
            "title": text(title),
            "description": text(description),
            "url": text(url),
            "site_name": text(site_name),
            "locale": og_locale(self.lang),
            "alternates": [og_locale(code) for code in self.languages if code != self.lang],
            "image": text(image),
            "image_alt": text(title) if image else "",
        }

    def breadcrumbs(self, key: str | None, title: str, site_name: str) -> dict[str, Any]:
        """Home > (all reports >) this page, for every page but the home page.

        URLs are relative to the language root (the template's ``url`` filter makes
        them relative to the page); the JSON-LD BreadcrumbList needs a root URL.
        """
        ui = translations(self.lang)
        home_meta = self.index.content[self.lang].get("index.md", {})
        trail = [(str(home_meta.get("title") or site_name), "./")]
        if key and key.startswith("report:"):
            trail.append((ui.gettext("All reports"), self.index.urls["catalog"][self.lang]))
        title = html.unescape(title)
        items: list[dict[str, str | None]] = [
            {"title": html.escape(name), "url": url} for name, url in trail
        ]
        items.append({"title": html.escape(title), "url": None})
        crumbs: dict[str, Any] = {"label": html.escape(ui.gettext("You are here")), "items": items}
        if self.root.startswith(("http://", "https://")):
            base = f"{self.root}{self.lang}/"
            elements = [
                {
                    "@type": "ListItem",
                    "position": number,
                    "name": name,
                    **({"item": base + url.removeprefix("./")} if url is not None else {}),
                }
                for number, (name, url) in enumerate([*trail, (title, None)], start=1)
            ]
            data = {"@context": "https://schema.org", "@type": "BreadcrumbList"}
            crumbs["jsonld"] = json_for_html({**data, "itemListElement": elements})
        return crumbs


def with_latest_reports(markdown: str, latest: str) -> str:
    """The home page's Markdown with the newest reports: where it asks for them
    (:data:`~marketsite.rendering.home.LATEST_MARKER`), else at its end."""
    if not latest:
        return markdown
    block = f"\n\n{latest}\n\n"
    if LATEST_MARKER in markdown:
        return markdown.replace(LATEST_MARKER, block, 1)
    return markdown + block


def escape_front_matter(meta: MutableMapping[str, Any]) -> None:
    """Escape a hand-written page's title and description: they are text, and Material
    prints them into HTML as they are (generated pages escape their own)."""
    for key in ("title", "description"):
        value = meta.get(key)
        if isinstance(value, str):
            meta[key] = html.escape(value)
