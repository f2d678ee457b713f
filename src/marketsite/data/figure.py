"""The figure: a number as the publisher states it, or as marketsite derives it.

Every number a publisher states is a :class:`Figure`: the value as written (its
decimals kept), an optional qualifier ("about", "more than", a range) and, for
numbers marketsite computes, how it derived them. Editors write a plain number
(``24.71``) or a short phrase (``about 85.4``, ``more than 55``, ``55 to 60``);
:func:`parse_figure` reads both, within the bounds any published figure keeps.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MAGNITUDES: dict[str, int] = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
#: No market reaches 10^15 of its currency (a thousand trillion; the world's yearly output
#: is about a tenth of it): a size beyond is a wrong unit or a typo.
MAX_MARKET = 10**15

#: Qualifiers a publisher puts on a number, by the words editors may write for them.
QUALIFIER_WORDS: dict[str, str] = {
    "about": "about",
    "approximately": "about",
    "approx.": "about",
    "around": "about",
    "roughly": "about",
    "~": "about",
    "≈": "about",
    "more than": "more-than",
    "over": "more-than",
    "above": "more-than",
    ">": "more-than",
    "less than": "less-than",
    "under": "less-than",
    "below": "less-than",
    "<": "less-than",
    "at least": "at-least",
    ">=": "at-least",
    "≥": "at-least",
    "at most": "at-most",
    "up to": "at-most",
    "<=": "at-most",
    "≤": "at-most",
}
QUALIFIERS = ("about", "more-than", "less-than", "at-least", "at-most", "range")


def _figure_pattern(named: bool) -> str:
    """The grammar of a figure written as text, from :data:`QUALIFIER_WORDS`: for the
    parser (``named``: Python's named groups) and for the JSON Schema (ECMA-262, which has
    no named groups in Python's spelling and no flags). Letters match either case as
    character classes, so both read "About 5" alike."""
    number = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"

    def word(text: str) -> str:
        return "".join(
            f"[{c.lower()}{c.upper()}]"
            if c.isalpha()
            else ("\\" + c if c in ".^$*+?()[]{}|\\" else c)
            for c in text
        )

    words = "|".join(word(w) for w in sorted(QUALIFIER_WORDS, key=len, reverse=True))
    group = (lambda name: f"?P<{name}>") if named else (lambda name: "")
    return (
        rf"^\s*(?:({group('word')}{words})\s*)?({group('low')}{number})"
        rf"(?:\s*(?:-|–|[tT][oO])\s*({group('high')}{number}))?\s*$"
    )


FIGURE_RE = re.compile(_figure_pattern(named=True))
#: For the JSON Schema: what a figure written as text looks like (the parser's grammar).
FIGURE_PATTERN = _figure_pattern(named=False)
FIGURE_FORMS = (
    "a number (24.71), or a qualifier and a number: about 24.71, more than 55, "
    "less than 5, at least 55, at most 10, or a range: 55 to 60"
)


@dataclass(frozen=True)
class Figure:
    """A number as a reader meets it: published as stated, or derived by marketsite.

    ``value`` keeps the decimals as written (``Decimal("12.40")``); for a range
    it is the lower end and ``upper`` the upper one. ``derived`` is ``None`` for
    a published figure, else how marketsite computed it (see :data:`DERIVATIONS`).
    """

    value: Decimal
    qualifier: str | None = None
    upper: Decimal | None = None
    derived: str | None = None

    @property
    def decimals(self) -> int:
        """Decimals as written: ``12.45`` -> 2, ``35`` -> 0."""
        return max(_decimals(self.value), _decimals(self.upper) if self.upper is not None else 0)

    @property
    def published(self) -> bool:
        """True when the publisher states this figure."""
        return self.derived is None

    @property
    def approximate(self) -> bool:
        """True for "about" figures."""
        return self.qualifier == "about"

    @property
    def anchor(self) -> float | None:
        """The value when a calculation may start from it (exact or "about"), else None."""
        return float(self.value) if self.qualifier in (None, "about") else None

    @property
    def low(self) -> float:
        """The least the figure can mean ("more than 55" -> 55, "less than 5" -> 0)."""
        return 0.0 if self.qualifier in ("less-than", "at-most") else float(self.value)

    @property
    def high(self) -> float:
        """The most the figure can mean ("more than 55" -> infinity)."""
        if self.qualifier in ("more-than", "at-least"):
            return math.inf
        return float(self.upper if self.upper is not None else self.value)

    def as_written(self) -> str:
        """The figure in the data format's own words: ``about 85.4``, ``55 to 60``."""
        number = str(self.value)
        if self.qualifier == "range":
            return f"{number} to {self.upper}"
        if self.qualifier:
            return f"{self.qualifier.replace('-', ' ')} {number}"
        return number

    def __float__(self) -> float:
        return float(self.value)


#: How marketsite derives a figure (the values of :attr:`Figure.derived`).
DERIVATIONS = (
    "cagr",
    "change",
    "interpolated",
    "interpolated-derived",
    "interpolated-change",
    "implied-cagr",
    "remainder",
    "share-value",
    "multiple",
)


def _decimals(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


#: A published figure has a handful of significant digits and decimals; more is a typo
#: or a paste, and past these bounds arithmetic on it would lose what the figure states.
MAX_SIGNIFICANT_DIGITS = 15
MAX_DECIMALS = 6
#: No figure of a market reaches 10^15 of its unit (a thousand trillion).
MAX_MAGNITUDE = Decimal(10) ** 15


class FigureOutOfBounds(ValueError):
    """A number with more digits, decimals or magnitude than any published figure."""


def bounded(number: Decimal, written: object) -> Decimal:
    """``number`` if a publisher could have stated it; else :class:`FigureOutOfBounds`.
    Checked before any arithmetic on it."""
    _sign, digits, exponent = number.as_tuple()
    shown = str(written)
    shown = shown if len(shown) <= 24 else f"{shown[:12]}…{shown[-4:]} ({len(shown)} characters)"
    if not isinstance(exponent, int):
        raise FigureOutOfBounds(f"{shown} is not a finite number; write the figure as published")
    # Leading zeros are no digits of the figure ("0.05" has one); trailing ones are.
    significant = len("".join(map(str, digits)).lstrip("0")) or 1
    if abs(number) >= MAX_MAGNITUDE:
        raise FigureOutOfBounds(
            f"{shown} is larger than any market figure (at most 10^15 in the file's unit); "
            "write it in the file's unit, e.g. 24.71 with unit: billion"
        )
    if significant > MAX_SIGNIFICANT_DIGITS or -exponent > MAX_DECIMALS:
        raise FigureOutOfBounds(
            f"{shown} has more digits than a published figure: at most "
            f"{MAX_SIGNIFICANT_DIGITS} significant digits and {MAX_DECIMALS} decimals; write "
            "the figure as the publisher states it, in the file's unit (24.71 for 24.71 billion)"
        )
    return number


def parse_figure(raw: object) -> Figure:
    """Read a figure as an editor writes it; raise ValueError saying what is accepted
    (:class:`FigureOutOfBounds` for a number no publisher states)."""
    if isinstance(raw, bool) or raw is None:
        raise ValueError(f"expected {FIGURE_FORMS}; got {raw!r}")
    if isinstance(raw, float) and not math.isfinite(raw):
        raise ValueError(f"{raw!r} is not a finite number; write the figure as published")
    if isinstance(raw, int | float | Decimal):
        if isinstance(raw, Decimal) and not raw.is_finite():
            raise ValueError(f"{raw} is not a finite number; write the figure as published")
        number = raw if isinstance(raw, Decimal) else Decimal(repr(raw))
        return Figure(bounded(number, raw))
    if not isinstance(raw, str):
        raise ValueError(f"expected {FIGURE_FORMS}; got {raw!r}")
    match = FIGURE_RE.match(raw)
    if match is None:
        hint = "; write the number without a unit or %" if re.search(r"%|\$|€|bn\b", raw) else ""
        hint += "; use a decimal point" if re.search(r"\d,\d", raw) else ""
        raise ValueError(f"expected {FIGURE_FORMS}; got {raw!r}{hint}")
    try:
        low = bounded(Decimal(match["low"]), match["low"])
        high = bounded(Decimal(match["high"]), match["high"]) if match["high"] else None
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(f"expected {FIGURE_FORMS}; got {raw!r}") from exc
    word = match["word"]
    if high is not None:
        if word:
            raise ValueError(f"a range takes no qualifier; write '{low} to {high}'")
        if high <= low:
            raise ValueError(f"range '{raw}' must go from the smaller to the larger number")
        return Figure(low, "range", high)
    return Figure(low, QUALIFIER_WORDS[word.lower()] if word else None)


def beyond_any_market(size: Figure, unit: str, currency: str) -> str | None:
    """Why a market size in ``unit`` of ``currency`` is more than any market (a message),
    or None. Checked before anything is computed from it."""
    limit = MAX_MARKET / MAGNITUDES[unit]
    if float(size.upper if size.upper is not None else size.value) < limit:
        return None
    return (
        f"{size.as_written()} {unit} {currency} is more than any market (below "
        f"{limit:,.0f} {unit}, 10^15 {currency}): check the value and the unit"
    )
