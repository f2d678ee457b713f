"""Locale stage helpers: CLDR formatting (Babel) and gettext catalogs, bound to one locale.

Every number, money amount, percentage, date, list and country name on a page
comes from :class:`Formatter`, which always passes its own locale to Babel (a
Babel call without a locale would read the machine's environment). UI strings
and generated sentences come from the gettext catalogs under ``locales/``;
the ``.po`` files are the source and are compiled in memory when loaded.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

import babel
from babel.dates import format_skeleton
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import get_decimal_symbol

from marketsite.data.fields import calendar_date

#: The language the msgids are written in: it needs no catalog.
SOURCE_UI_LANGUAGE = "en"
CATALOG_DOMAIN = "messages"


#: The written variety of a site language, where CLDR's default for the bare language is
#: not ours. The English pages are British English, as their prose is: dates day first
#: ("20 November 2025"), lists without the serial comma, money as "US$24.71bn".
WRITTEN_VARIETIES: Mapping[str, str] = MappingProxyType({"en": "en_GB"})


def written_variety(tag: str) -> str:
    """The CLDR locale a site language is written in: ``en`` -> ``en_GB``, ``de`` -> ``de``."""
    return WRITTEN_VARIETIES.get(tag, tag)


def parse_locale(tag: str) -> babel.Locale:
    """``de``, ``de-AT`` or ``de_AT`` -> a Babel locale (raises ValueError if unknown)."""
    try:
        return babel.Locale.parse(tag.replace("-", "_"))
    except babel.UnknownLocaleError as exc:
        raise ValueError(f"unknown locale {tag!r}") from exc


@dataclass(frozen=True)
class Formatter:
    """CLDR formatting for one locale: years, dates, lists, country and language names.

    Figures (money, percentages, numbers) are formatted by :mod:`marketsite.derivation.figures`.
    """

    locale: babel.Locale

    @classmethod
    def for_tag(cls, tag: str) -> Formatter:
        """A formatter for a language tag such as ``de`` or ``en``, in the language's
        written variety (:data:`WRITTEN_VARIETIES`)."""
        return cls(parse_locale(written_variety(tag)))

    def year(self, year: int) -> str:
        """A year as written in text: never grouped (2026, not 2.026)."""
        return str(year)

    def period(self, start: int, end: int) -> str:
        """A span of years: ``2026–2035``."""
        return f"{self.year(start)}–{self.year(end)}"

    def decimal_symbol(self) -> str:
        """The locale's decimal separator: "," in German, "." in English."""
        return str(get_decimal_symbol(self.locale))

    def month(self, date: dt.date) -> str:
        """A month and year: ``März 2023`` / ``March 2023``."""
        return format_skeleton("yMMMM", date, locale=self.locale)

    def day(self, date: dt.date) -> str:
        """A full date: ``1. März 2023`` / ``1 March 2023``."""
        return format_skeleton("yMMMMd", date, locale=self.locale)

    def stated_date(self, text: str) -> str | None:
        """A date at the precision it was written: ``2026-03`` -> ``März 2026``,
        ``2026-03-02`` -> ``2. März 2026``; None when it is no calendar date."""
        date = calendar_date(text)
        if date is None:
            return None
        return self.day(date) if text.count("-") == 2 else self.month(date)

    def join(self, items: list[str]) -> str:
        """A list in running text: ``E-Mail, SMS und Sprache`` / ``email, SMS and voice``."""
        return format_list(items, locale=self.locale) if items else ""

    def country(self, code: str) -> str:
        """A country's name from its ISO 3166 code: ``AT`` -> ``Österreich``."""
        return self.locale.territories.get(code, code)

    def language_name(self, tag: str) -> str:
        """A language's own name, capitalised: ``Deutsch``, ``English``."""
        name = parse_locale(tag).get_display_name(parse_locale(tag)) or tag
        return name[:1].upper() + name[1:]


def catalog_dir() -> resources.abc.Traversable:
    """The folder holding ``<lang>/LC_MESSAGES/messages.po``."""
    return resources.files("marketsite") / "locales"


def ui_languages() -> tuple[str, ...]:
    """The languages the interface speaks: the source language and each with a catalog
    (``make messages NEW_LANG=xx`` starts one)."""
    shipped = {
        folder.name
        for folder in catalog_dir().iterdir()
        if (folder / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po").is_file()
    }
    return tuple(sorted(shipped | {SOURCE_UI_LANGUAGE}))


@functools.cache
def translations(tag: str) -> gettext.NullTranslations:
    """The UI catalog for ``tag``, compiled from its ``.po`` file in memory.

    Raises LookupError when a non-source language has no catalog: a German
    page must never fall back to English silently.
    """
    locale = parse_locale(tag)
    if locale.language == SOURCE_UI_LANGUAGE:
        return gettext.NullTranslations()
    for name in (str(locale), locale.language):
        po_file = catalog_dir() / name / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po"
        if po_file.is_file():
            with po_file.open("rb") as handle:
                catalog = read_po(handle, locale=locale)
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            return gettext.GNUTranslations(buffer)
    raise LookupError(
        f"no UI catalog for '{tag}': run `make messages NEW_LANG={tag}` and translate "
        f"src/marketsite/locales/{tag}/LC_MESSAGES/{CATALOG_DOMAIN}.po"
    )
