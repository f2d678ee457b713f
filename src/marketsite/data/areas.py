"""The area a report covers: the whole world, a country, or a world region, named by
the Unicode CLDR in each language.

``regional_coverage`` in facts.yaml is ``global``, an ISO 3166 alpha-2 country code
(``DE``), ``EU``, or one of the world regions below, which CLDR names by their UN M49
codes. A sentence needs the area with its preposition ("in Germany", "in the United
States", "in den Vereinigten Staaten"); CLDR gives names, not phrases, so the few names
that take an article are listed here per language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from babel import Locale

GLOBAL = "global"

_TERRITORIES = Locale("en").territories

#: World regions an editor may name, with the UN M49 code CLDR names them by.
WORLD_REGIONS: Mapping[str, str] = MappingProxyType(
    {
        "africa": "002",
        "americas": "019",
        "asia": "142",
        "europe": "150",
        "latin-america": "419",
        "north-america": "003",
        "oceania": "009",
    }
)

#: The forms an area may take (which codes CLDR knows is checked by :func:`is_known`).
AREA_PATTERN = "^(global|[A-Z]{2}|" + "|".join(WORLD_REGIONS) + ")$"

#: "in <name>" is wrong for these: the phrase, per language (CLDR's name inflected).
_IN_PHRASES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "en": {
            "019": "in the Americas",
            "AE": "in the United Arab Emirates",
            "BS": "in the Bahamas",
            "CF": "in the Central African Republic",
            "DO": "in the Dominican Republic",
            "EU": "in the European Union",
            "GB": "in the United Kingdom",
            "KM": "in the Comoros",
            "KY": "in the Cayman Islands",
            "MV": "in the Maldives",
            "NL": "in the Netherlands",
            "PH": "in the Philippines",
            "SC": "in the Seychelles",
            "US": "in the United States",
        },
        "de": {
            "AE": "in den Vereinigten Arabischen Emiraten",
            "BS": "auf den Bahamas",
            "CF": "in der Zentralafrikanischen Republik",
            "CH": "in der Schweiz",
            "DO": "in der Dominikanischen Republik",
            "EU": "in der Europäischen Union",
            "GB": "im Vereinigten Königreich",
            "IQ": "im Irak",
            "IR": "im Iran",
            "KM": "auf den Komoren",
            "LB": "im Libanon",
            "MN": "in der Mongolei",
            "MV": "auf den Malediven",
            "NE": "im Niger",
            "NL": "in den Niederlanden",
            "OM": "im Oman",
            "PH": "auf den Philippinen",
            "SC": "auf den Seychellen",
            "SD": "im Sudan",
            "SK": "in der Slowakei",
            "SN": "im Senegal",
            "TD": "im Tschad",
            "TR": "in der Türkei",
            "UA": "in der Ukraine",
            "US": "in den Vereinigten Staaten",
            "YE": "im Jemen",
        },
    }
)


def territory(area: str) -> str | None:
    """The CLDR territory code of an area (``DE``, ``150`` for ``europe``); None for
    ``global`` or an area CLDR does not know."""
    if area in WORLD_REGIONS:
        return WORLD_REGIONS[area]
    if len(area) == 2 and area.isalpha() and area.isupper() and area in _TERRITORIES:
        return area
    return None


def is_known(area: str) -> bool:
    """True for ``global``, a known country code, ``EU`` or a world region's name."""
    return area == GLOBAL or territory(area) is not None


def area_name(area: str, lang: str) -> str:
    """The area's name in ``lang`` ("Germany", "Deutschland"); ``area`` must be known
    and not global."""
    code = territory(area)
    assert code is not None, area
    return str(Locale.parse(lang).territories[code])


def in_area(area: str, lang: str, gettext: Callable[[str], str]) -> str:
    """The area with its preposition: "in Germany", "in the United States", "in der
    Schweiz" (the catalog's "in %(area)s" where no phrase is listed)."""
    code = territory(area)
    assert code is not None, area
    special = _IN_PHRASES.get(lang, {}).get(code)
    return special or gettext("in %(area)s") % {"area": area_name(area, lang)}
