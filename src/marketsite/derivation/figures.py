"""How a figure becomes a string: the one place for every page, table, chart and download.

A published figure keeps the decimals it was written with (``12.45`` shows as
"12,45 %" / "12.45%", ``24.71`` as "24,71 Mrd. $" / "US$24.71bn") and its
qualifier in the reader's language ("rund 85,4 Mrd. $", "more than 55%",
"55–60 %"). Amounts are always shown in the report's own magnitude, so a
figure's precision never changes with the way it is written. A derived figure
is already rounded by the derive stage; here it gets its visible mark
(:data:`DERIVED_MARK` in tables and charts, words in prose).

Everything comes from CLDR through Babel with an explicit locale: patterns for
compact amounts, currency names and symbols, percent signs, plural forms.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import babel
from babel.numbers import NumberPattern, format_decimal, get_currency_name, get_currency_symbol

from marketsite.data.figure import MAGNITUDES, Figure

#: Appended to a derived figure in tables and charts; explained by a legend.
DERIVED_MARK = "*"

#: Languages whose running text writes money with the currency's symbol before the
#: amount ("US$24.71 billion"); the others name the currency after it ("24,71
#: Milliarden US-Dollar"), as each language's business press does.
SYMBOL_IN_PROSE = frozenset({"en"})


@dataclass(frozen=True)
class FigureFormat:
    """Formats the figures of one report (its currency and unit) in one locale."""

    locale: babel.Locale
    gettext: Callable[[str], str]
    currency: str = "USD"
    unit: str = "billion"

    # --- qualifiers and marks ------------------------------------------------------------

    def qualified(self, figure: Figure, render: Callable[[Decimal], tuple[str, str]]) -> str:
        """A figure in words: ``render`` gives the text of one number and its bare digits;
        the qualifier goes around it, a range joins the digits of both ends."""
        _ = self.gettext
        if figure.qualifier == "range" and figure.upper is not None:
            high, bare_high = render(figure.upper)
            _low, bare_low = render(figure.value)
            return high.replace(bare_high, f"{bare_low}–{bare_high}", 1)
        text, _bare = render(figure.value)
        words = {
            "about": _("about %(value)s"),
            "more-than": _("more than %(value)s"),
            "less-than": _("less than %(value)s"),
            "at-least": _("at least %(value)s"),
            "at-most": _("at most %(value)s"),
        }
        if figure.qualifier in words:
            return words[figure.qualifier] % {"value": text}
        return text

    def marked(self, text: str, figure: Figure) -> str:
        """``text`` with the derived mark when marketsite computed the figure."""
        return f"{text}{DERIVED_MARK}" if figure.derived else text

    def derivation(self, figure: Figure) -> str:
        """How a derived figure was computed, in words ("implied by the stated CAGR")."""
        _ = self.gettext
        return {
            "cagr": _("implied by the stated CAGR"),
            "interpolated": _("interpolated between published values"),
            "interpolated-derived": _(
                "interpolated between a published value and one implied by the stated CAGR"
            ),
            "implied-cagr": _("implied by the published market sizes"),
            "change": _("implied by the stated change"),
            "interpolated-change": _(
                "interpolated between a published value and one implied by the stated change"
            ),
            "remainder": _("the remainder to 100%"),
            "share-value": _("derived from the share and the market size"),
            "multiple": _("derived from these market sizes"),
        }.get(figure.derived or "", _("derived"))

    def qualifier_word(self, figure: Figure | None) -> str:
        """The qualifier alone, for a column of its own ("approximately"; "" when exact)."""
        if figure is None or figure.qualifier is None:
            return ""
        _ = self.gettext
        return {
            "about": _("approximately"),
            "more-than": _("more than"),
            "less-than": _("less than"),
            "at-least": _("at least"),
            "at-most": _("at most"),
            "range": _("range"),
        }[figure.qualifier]

    def source_word(self, figure: Figure | None) -> str:
        """ "published", or "derived: how", for source columns ("" for no figure)."""
        if figure is None:
            return ""
        if figure.published:
            return self.gettext("published")
        return self.gettext("derived: %(how)s") % {"how": self.derivation(figure)}

    def in_prose(self, text: str, figure: Figure) -> str:
        """``text`` for running text: a derived figure says how it was derived."""
        if figure.derived:
            return f"{text} ({self.derivation(figure)})"
        return text

    # --- amounts, percentages, numbers ---------------------------------------------------

    def amount(self, figure: Figure) -> str:
        """Money in tables, cards and charts: ``24,71 Mrd. $`` / ``US$24.71bn``."""
        return self.qualified(figure, lambda n: self._amount_short(n, figure.decimals))

    def amount_prose(self, figure: Figure) -> str:
        """Money in running text: ``24,71 Milliarden US-Dollar`` / ``US$24.71 billion``."""
        return self.qualified(figure, lambda n: self._amount_long(n, figure.decimals))

    def percent(self, figure: Figure) -> str:
        """A percentage with the decimals as written: ``12,45 %`` / ``12.45%``."""
        pattern = self._pattern(self.locale.percent_formats[None], figure.decimals)
        return self.qualified(figure, lambda n: self._apply(pattern, n / 100))

    def number(self, figure: Figure) -> str:
        """A plain number with the decimals as written: ``2,36`` / ``2.36``."""
        pattern = "#,##0." + "0" * figure.decimals if figure.decimals else "#,##0"

        def render(number: Decimal) -> tuple[str, str]:
            text = format_decimal(number, format=pattern, locale=self.locale)
            return text, text

        return self.qualified(figure, render)

    def unit_label(self) -> str:
        """The magnitude and currency of amounts, for headers: ``Milliarden US-Dollar``."""
        return f"{magnitude_word(self.locale, self.unit)} {self.currency_name()}"

    def currency_name(self) -> str:
        """The currency's plural name ("US-Dollar", "US dollars")."""
        return get_currency_name(self.currency, count=2, locale=self.locale)

    # --- machine values ------------------------------------------------------------------

    @staticmethod
    def machine(number: Decimal | None) -> int | float | None:
        """A number for CSV, XLSX and JSON: exactly as written (no 31.980000000000004)."""
        if number is None:
            return None
        return int(number) if number == number.to_integral_value() else float(str(number))

    # --- CLDR patterns -------------------------------------------------------------------

    def _pattern(self, pattern: NumberPattern, decimals: int) -> NumberPattern:
        pattern = copy.copy(pattern)
        pattern.frac_prec = (decimals, decimals)
        return pattern

    def _apply(self, pattern: NumberPattern, number: Decimal) -> tuple[str, str]:
        """The pattern applied to ``number``, and the same without prefix and suffix."""
        text = pattern.apply(number, self.locale, currency=self.currency, currency_digits=False)
        symbol = get_currency_symbol(self.currency, self.locale)
        if symbol[-1:].isalpha() and re.search(rf"{re.escape(symbol)}\d", text):
            # CLDR's currency spacing, which Babel leaves out: "CHF 3.2bn", not "CHF3.2bn".
            text = text.replace(symbol, symbol + "\u00a0", 1)
        bare = copy.copy(pattern)
        bare.prefix = ("", "-")
        bare.suffix = ("", "")
        return text, bare.apply(number, self.locale, currency_digits=False)

    def _amount_short(self, number: Decimal, decimals: int) -> tuple[str, str]:
        magnitude = MAGNITUDES[self.unit]
        table = self.locale.compact_currency_formats["short"]
        pattern = self._compact_pattern(table, number, magnitude)
        if pattern is None:  # the locale abbreviates no such magnitude (German thousands)
            full = self._pattern(self.locale.currency_formats["standard"], max(decimals - 3, 0))
            return self._apply(full, number * magnitude)
        return self._apply(self._grouped(pattern, decimals), number)

    def _amount_long(self, number: Decimal, decimals: int) -> tuple[str, str]:
        magnitude = MAGNITUDES[self.unit]
        table = self.locale.compact_decimal_formats["long"]
        pattern = self._compact_pattern(table, number, magnitude)
        if self.locale.language in SYMBOL_IN_PROSE:
            return self._amount_with_symbol(number, decimals, pattern is not None)
        name = get_currency_name(self.currency, count=number * magnitude, locale=self.locale)
        if pattern is None:
            full = self._pattern(self.locale.decimal_formats[None], max(decimals - 3, 0))
            text, bare = self._apply(full, number * magnitude)
        else:
            text, bare = self._apply(self._grouped(pattern, decimals), number)
        return f"{text} {name}", bare

    def _amount_with_symbol(
        self, number: Decimal, decimals: int, has_word: bool
    ) -> tuple[str, str]:
        """ "US$24.71 billion": the currency pattern on the number as written, then the
        magnitude's word; CLDR's own spacing for a symbol of letters ("CHF 3.2 billion")."""
        standard = self.locale.currency_formats["standard"]
        if not has_word:  # no word for the magnitude (thousands): the whole amount
            full = self._pattern(standard, max(decimals - 3, 0))
            return self._apply(full, number * MAGNITUDES[self.unit])
        text, bare = self._apply(self._pattern(standard, decimals), number)
        return f"{text} {magnitude_word(self.locale, self.unit)}", bare

    def _compact_pattern(
        self, table: object, number: Decimal, magnitude: int
    ) -> NumberPattern | None:
        plural = self.locale.plural_form(number)
        forms = table[plural] if plural in table else table["other"]  # type: ignore[index,operator]
        pattern: NumberPattern = forms.get(str(magnitude)) or table["other"][str(magnitude)]  # type: ignore[index]
        return None if pattern.pattern == "0" else pattern

    def _grouped(self, pattern: NumberPattern, decimals: int) -> NumberPattern:
        # CLDR's compact patterns have no grouping; 1500 million reads better as 1,500M.
        pattern = self._pattern(pattern, decimals)
        pattern.grouping = self.locale.decimal_formats[None].grouping
        return pattern


def magnitude_word(locale: babel.Locale, unit: str) -> str:
    """CLDR's plural magnitude word for the report unit: "Milliarden", "billion"."""
    from babel.numbers import format_compact_decimal

    two = format_decimal(2, locale=locale)
    text = format_compact_decimal(2 * MAGNITUDES[unit], format_type="long", locale=locale)
    return text.replace(two, "", 1).strip()
