"""Link and asset check: every internal link, anchor, image and download of a built site.

Walks the built HTML (no server needed): each ``href``/``src`` that stays on
the site must name a file, and each ``#anchor`` an ``id`` in its page.
Absolute URLs under the site's own ``site_url`` count as internal; other
hosts and schemes (``mailto:``) are not followed.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}
#: rel values whose href is not a page a reader follows to this site's files.
SKIPPED_RELS = {"preconnect", "dns-prefetch"}


@dataclass(frozen=True)
class BrokenLink:
    """A link that does not resolve."""

    page: str
    target: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.target}: {self.reason}"


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(values[key] or "")
        attribute = LINK_ATTRIBUTES.get(tag)
        if attribute is None or not values.get(attribute):
            return
        if tag == "link" and set((values.get("rel") or "").split()) & SKIPPED_RELS:
            return
        self.links.append(values[attribute] or "")


@cache
def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def _resolve(site: Path, page_url: str, target: str, site_url: str) -> tuple[str, str] | None:
    """``(site path, fragment)`` of an internal link, or None for an external one."""
    parts = urlsplit(target)
    if parts.scheme and parts.scheme not in {"http", "https"}:
        return None  # mailto:, tel:, data:, javascript:
    if parts.scheme or parts.netloc:
        if not site_url or not target.startswith(site_url):
            return None  # another host
        path = "/" + target[len(site_url) :].split("#")[0].split("?")[0]
    elif parts.path.startswith("/"):
        path = parts.path
    elif parts.path:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), parts.path))
        if parts.path.endswith("/"):
            path += "/"
    else:
        path = page_url  # a fragment on the same page
    return unquote(path), parts.fragment


def _file_for(site: Path, path: str) -> Path | None:
    candidate = site / path.lstrip("/")
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_site(site: Path, site_url: str = "") -> list[BrokenLink]:
    """Every broken internal link, anchor, image, script or download under ``site``."""
    site = site.resolve()
    site_url = site_url if not site_url or site_url.endswith("/") else site_url + "/"
    _parse.cache_clear()
    broken: list[BrokenLink] = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        page_url = "/" + relative
        for target in _parse(page).links:
            resolved = _resolve(site, page_url, target, site_url)
            if resolved is None:
                continue
            path, fragment = resolved
            file = _file_for(site, path)
            if file is None:
                broken.append(BrokenLink(relative, target, "no such file"))
            elif fragment and file.suffix == ".html" and fragment not in _parse(file).ids:
                broken.append(BrokenLink(relative, target, f"no id '{fragment}' in that page"))
    return broken
