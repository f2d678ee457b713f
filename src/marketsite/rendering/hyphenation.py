"""Hyphenation of headings: soft hyphens in long words, from pyphen's dictionaries.

CSS ``hyphens: auto`` works only where the browser has a dictionary for the page's
language, and Chromium on Linux and many Android WebViews have none: a long German
compound in a heading ("Kommunikationsdienste") then breaks at any letter, without a
hyphen, or runs out of a phone's column. A soft hyphen (U+00AD) is a break point every
browser honours, shown as a hyphen only where the line breaks. Only the text of
headings gets them, after the anchors are made: ids, titles, search snippets and
copied body text keep their words whole.
"""

from __future__ import annotations

import functools
import html
import re

import pyphen

SOFT_HYPHEN = "\u00ad"
#: Words shorter than this fit any column.
MIN_LETTERS = 10
_HEADING_RE = re.compile(r"(<h[1-3]\b[^>]*>)(.*?)(</h[1-3]>)", re.DOTALL)
_TAG_RE = re.compile(r"(<[^>]*>)")
_WORD_RE = re.compile(rf"[^\W\d_]{{{MIN_LETTERS},}}")


@functools.cache
def _dictionary(lang: str) -> pyphen.Pyphen | None:
    """pyphen's dictionary for ``lang`` (``de``, ``en_GB``), None where it has none."""
    found = pyphen.language_fallback(lang)
    # At least two letters before a break and three after it: "Kom-mu-ni-ka-ti-ons-diens-te".
    return pyphen.Pyphen(lang=found, left=2, right=3) if found else None


@functools.lru_cache(maxsize=4096)
def _hyphenated(word: str, lang: str) -> str:
    dictionary = _dictionary(lang)
    return dictionary.inserted(word, hyphen=SOFT_HYPHEN) if dictionary else word


def hyphenate_headings(page: str, lang: str) -> str:
    """``page`` (HTML) with soft hyphens in the long words of its h1-h3 text (not in tags or
    attributes); unchanged for a language pyphen has no dictionary for."""
    if _dictionary(lang) is None:
        return page

    def text(part: str) -> str:
        return _WORD_RE.sub(lambda word: _hyphenated(word.group(0), lang), part)

    def heading(match: re.Match[str]) -> str:
        opening, content, closing = match.groups()
        parts = _TAG_RE.split(content)
        inner = "".join(part if part.startswith("<") else text(part) for part in parts)
        if inner != content and opening.startswith("<h1"):
            # Search shows the page's h1 as the result's title: the words as written.
            plain = html.escape(html.unescape(_TAG_RE.sub("", content)).strip(), quote=True)
            opening = f'{opening[:-1]} data-pagefind-meta="title[data-title]" data-title="{plain}">'
        return opening + inner + closing

    return _HEADING_RE.sub(heading, page)
