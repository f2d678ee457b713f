"""Escaping data text for the Markdown that the render stage writes.

Every value from a data file is plain text. :func:`md_escape` turns it into
Markdown that Python-Markdown (with the site's extensions) renders back to
exactly that text: no emphasis, links, lists, headings or HTML. Characters
Python-Markdown can backslash-escape are escaped that way; the others become
HTML character references, which it passes through as text.
"""

from __future__ import annotations

import html
import re

#: Characters Python-Markdown (with the tables extension) lets a backslash escape.
_BACKSLASHED = re.compile(r"([\\`*_\[\]{}()|#!+\-.])")
#: Characters with meaning in Markdown (or its extensions) that a backslash cannot escape.
_ENTITIES = {"~": "&#126;", "=": "&#61;"}
_ENTITY_RE = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")
_WHITESPACE = re.compile(r"[ \t\r\n]+")  # not \s: CLDR's no-break spaces must survive


class SafeMarkdown(str):
    """Markdown that is already escaped; the template ``finalize`` passes it through."""


def md_escape(value: object) -> SafeMarkdown:
    """Plain text -> Markdown that shows exactly that text (no markup, no HTML, no links)."""
    if isinstance(value, SafeMarkdown):
        return value
    text = _WHITESPACE.sub(" ", str(value)).strip()
    text = html.escape(text, quote=False)
    text = _BACKSLASHED.sub(r"\\\1", text)
    return SafeMarkdown(_ENTITY_RE.sub(lambda m: _ENTITIES[m.group(0)], text))


#: GitHub links "@name" to a user and notifies them; a zero-width space after the "@"
#: keeps the text and breaks the link (backslashes and entities do not: the mention is
#: found in the rendered text).
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")
#: What starts markup inside a line of GitHub Markdown (emphasis, code, links, images,
#: strikethrough, tables); "<" and "&" become entities.
_GFM_INLINE = re.compile(r"([\\`*_\[\]~|!])")


def gfm_escape(value: object) -> str:
    """Plain text -> text for one line of GitHub Markdown (after "- " or "## ") that shows
    exactly that text: no HTML, images, links, emphasis, and no @mentions of GitHub users.
    Lighter than :func:`md_escape`: numbers, hyphens and brackets stay as they are, so the
    file reads well as text too."""
    text = _WHITESPACE.sub(" ", str(value)).strip()
    text = html.escape(text, quote=False)
    text = _GFM_INLINE.sub(r"\\\1", text)
    return _MENTION.sub("@\u200b", text)
