"""Hyphenation of headings: soft hyphens in long words, from pyphen's dictionaries.

CSS ``hyphens: auto`` works only where the browser has a dictionary for the page's
language, and Chromium on Linux and many Android WebViews have none: a long German
compound in a heading ("Kommunikationsdienste") then breaks at any letter, without a
hyphen, or runs out of a phone's column. A soft hyphen (U+00AD) is a break point every
browser honours, shown as a hyphen only where the line breaks. Only the text of
headings gets them, after the anchors are made: ids, titles, search snippets and
copied body text keep their words whole.

Loading pyphen's German dictionary takes about half a second, as long as the rest of a
language's build of a small site, and every build's worker would pay it again. So a
:class:`Hyphenator` keeps the words it hyphenated in the build's cache, and loads the
dictionary only for a word it has not seen.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyphen

from marketsite.files import write_atomically

SOFT_HYPHEN = "\u00ad"
#: Words shorter than this fit any column.
MIN_LETTERS = 10
#: At least two letters before a break and three after it: "Kom-mu-ni-ka-ti-ons-dienste".
LEFT, RIGHT = 2, 3
_HEADING_RE = re.compile(r"(<h[1-3]\b[^>]*>)(.*?)(</h[1-3]>)", re.DOTALL)
_TAG_RE = re.compile(r"(<[^>]*>)")
_WORD_RE = re.compile(rf"[^\W\d_]{{{MIN_LETTERS},}}")


@functools.cache
def _dictionary(found: str) -> pyphen.Pyphen:
    """pyphen's dictionary named ``found`` (loaded once per process)."""
    return pyphen.Pyphen(lang=found, left=LEFT, right=RIGHT)


def _cache_name(found: str) -> str:
    """The cache file's name for dictionary ``found``: it names the dictionary, pyphen's
    version and the break rules, so that a change of any starts a new file."""
    shaped_by = [found, Path(pyphen.LANGUAGES[found]).name, pyphen.__version__, LEFT, RIGHT]
    digest = hashlib.sha256(json.dumps(shaped_by).encode("utf-8")).hexdigest()[:16]
    return f"{found}-{digest}.json"


@dataclass
class Hyphenator:
    """Puts soft hyphens into the headings of one language's pages.

    ``cache_file`` keeps every word hyphenated before (None: nothing is kept); call
    :meth:`save` after the build to add this build's new words to it.
    """

    lang: str
    cache_file: Path | None = None
    #: pyphen's dictionary for the language (None: it has none, and nothing changes).
    dictionary: str | None = None
    #: The words hyphenated so far, as written -> with soft hyphens.
    words: dict[str, str] = field(default_factory=dict)
    _new: int = field(default=0, init=False)  # words added since the last save

    @classmethod
    def for_language(cls, lang: str, cache_dir: Path | None = None) -> Hyphenator:
        """The hyphenator of ``lang`` (``de``, ``en_GB``), with the words kept in
        ``cache_dir/hyphenation/`` (a file that is missing or unreadable is started anew)."""
        found = pyphen.language_fallback(lang)
        if found is None:
            return cls(lang)
        cache_file = cache_dir / "hyphenation" / _cache_name(found) if cache_dir else None
        return cls(lang, cache_file, found, _read_words(cache_file))

    def word(self, word: str) -> str:
        """``word`` with a soft hyphen at each of its break points."""
        hyphenated = self.words.get(word)
        if hyphenated is None:
            assert self.dictionary is not None
            hyphenated = _dictionary(self.dictionary).inserted(word, hyphen=SOFT_HYPHEN)
            self.words[word] = hyphenated
            self._new += 1
        return hyphenated

    def headings(self, page: str) -> str:
        """``page`` (HTML) with soft hyphens in the long words of its h1-h3 text (not in
        tags or attributes); unchanged for a language pyphen has no dictionary for."""
        if self.dictionary is None:
            return page

        def text(part: str) -> str:
            return _WORD_RE.sub(lambda word: self.word(word.group(0)), part)

        def heading(match: re.Match[str]) -> str:
            opening, content, closing = match.groups()
            parts = _TAG_RE.split(content)
            inner = "".join(part if part.startswith("<") else text(part) for part in parts)
            if inner != content and opening.startswith("<h1"):
                # Search shows the page's h1 as the result's title: the words as written.
                plain = html.escape(html.unescape(_TAG_RE.sub("", content)).strip(), quote=True)
                opening = (
                    f'{opening[:-1]} data-pagefind-meta="title[data-title]" data-title="{plain}">'
                )
            return opening + inner + closing

        return _HEADING_RE.sub(heading, page)

    def save(self) -> None:
        """Add the words hyphenated since this hyphenator was made to its cache file (with
        what a parallel build of the language added meanwhile)."""
        if self.cache_file is None or not self._new:
            return
        words = {**_read_words(self.cache_file), **self.words}
        write_atomically(
            self.cache_file, json.dumps(words, ensure_ascii=False, sort_keys=True, indent=0)
        )
        self._new = 0


def _read_words(cache_file: Path | None) -> dict[str, str]:
    """The words kept in ``cache_file``; none where it is missing or not such a file."""
    if cache_file is None:
        return {}
    try:
        words = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(words, dict):
        return {}
    return {
        word: hyphenated
        for word, hyphenated in words.items()
        if isinstance(hyphenated, str) and hyphenated.replace(SOFT_HYPHEN, "") == word
    }
