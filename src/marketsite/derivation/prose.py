"""Prose: names, sentences, findings, attributes and FAQ of one report in one locale.

Every sentence that states a figure is generated here from the derived report,
and only from what the data has: a report without regions never mentions
regional insights, a dimension with one named segment is never "followed by".
Published figures keep their precision and qualifier; derived ones say how they
were derived. Figures become strings in :mod:`marketsite.derivation.figures` only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from marketsite.data.areas import GLOBAL, area_name, in_area
from marketsite.data.fields import REFERENCE_RE
from marketsite.data.figure import Figure
from marketsite.data.model import StatedChange
from marketsite.data.text_model import Names, ReportText, dative_text, is_plural, name_text
from marketsite.derivation.derive import (
    OTHER,
    REST_OF_WORLD,
    DatedDevelopment,
    DerivedReport,
    DerivedShares,
    Growth,
    ShareValue,
    SizePoint,
)
from marketsite.derivation.escape import SafeMarkdown, md_escape
from marketsite.derivation.figures import FigureFormat
from marketsite.derivation.locale import Formatter

#: Preposition and dative article that a language writes as one word.
_CONTRACTIONS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "de": tuple(
        (re.compile(rf"\b{prep} dem\b"), merged)
        for prep, merged in (("von", "vom"), ("in", "im"), ("zu", "zum"), ("bei", "beim"))
    ),
}


def market_heading(gettext: Callable[[str], str], market: str) -> str:
    """A report's short heading: its market's name as a market ("Markt für …")."""
    return capfirst(gettext("%(market)s market") % {"market": market})


def capfirst(value: str) -> str:
    """Upper-case the first letter only ("omni-channel services" -> "Omni-channel services")."""
    return value[:1].upper() + value[1:] if value else value


@dataclass(frozen=True)
class Gettext:
    """The catalog functions a view needs."""

    gettext: Callable[[str], str]
    ngettext: Callable[[str, str, int], str]


class ReportView:
    """What a report template may ask for, in one locale: names, figures and sentences."""

    def __init__(
        self,
        derived: DerivedReport,
        lang: str,
        names: Names,
        fmt: Formatter,
        catalog: Gettext,
    ) -> None:
        self.d = derived
        self.lang = lang
        self.facts = derived.facts
        self.text: ReportText = derived.report.texts[lang]
        self.names = names
        self.fmt = fmt
        self._ = catalog.gettext
        self.ngettext = catalog.ngettext
        self.fig = FigureFormat(fmt.locale, catalog.gettext, self.facts.currency, self.facts.unit)
        self.market = self.text.market_name

    # --- names ---------------------------------------------------------------------------

    def segment_name(self, segment_id: str) -> str:
        """Display name of a segment (or of the implicit "other" remainder)."""
        if segment_id == OTHER:
            return self._("other")
        return name_text(self.names.segments[segment_id])

    def region_name(self, region_id: str) -> str:
        """Display name of a region (or of the implicit rest of world)."""
        if region_id == REST_OF_WORLD:
            return self._("rest of world")
        return name_text(self.names.regions[region_id])

    def item_name(self, kind: str, item_id: str) -> str:
        """Display name of a segment (``kind`` is a dimension) or region (``regions``)."""
        return self.region_name(item_id) if kind == "regions" else self.segment_name(item_id)

    def item_dative(self, kind: str, item_id: str) -> str:
        """The name after a preposition that takes the dative ("gefolgt von
        Sprachanrufen", "CAGR von dem Nahen Osten …"); the name where it has no such form."""
        table = self.names.regions if kind == "regions" else self.names.segments
        if item_id in table:
            return dative_text(table[item_id])
        return self.item_name(kind, item_id)

    def contract(self, sentence: str) -> str:
        """Merge a preposition with a dative article as the language does ("von dem" ->
        "vom"); generated sentences only, where a name's dative brings the article."""
        for pattern, merged in _CONTRACTIONS.get(self.lang, ()):
            sentence = pattern.sub(merged, sentence)
        return sentence

    def _plural(self, kind: str, item_id: str) -> bool:
        table = self.names.regions if kind == "regions" else self.names.segments
        return item_id in table and is_plural(table[item_id])

    def dimension_name(self, dimension: str) -> str:
        """Display name of a segmentation dimension ("type", "Typ")."""
        return self.names.dimensions[dimension]

    def segment_ids(self, dimension: str) -> list[str]:
        """Segment ids of a dimension, in the order the editor listed them."""
        return [item.id for item in self.facts.segments[dimension].items]

    def segment_list(self, dimension: str) -> str:
        """ "E-Mail, Sprache, SMS und Social Media"."""
        return self.fmt.join([self.segment_name(i) for i in self.segment_ids(dimension)])

    def shares(self, kind: str) -> DerivedShares:
        """The derived share set of a dimension, or of the regions for ``regions``."""
        return self.d.regions if kind == "regions" else self.d.segments[kind]

    def ranked_items(self, kind: str) -> list[ShareValue]:
        """A set's items as its chart and its table list them: the largest share first,
        items named without a share after those with one, the remainder ("rest of
        world", "other") last; equal shares in the editor's order."""
        return sorted(
            self.shares(kind).items,
            key=lambda item: (
                item.is_remainder,
                item.share is None,
                -(item.share.low if item.share is not None else 0.0),
            ),
        )

    # --- figures -------------------------------------------------------------------------

    def amount(self, figure: Figure) -> str:
        """Money for tables and cards, with the derived mark."""
        return self.fig.marked(self.fig.amount(figure), figure)

    def amount_prose(self, figure: Figure) -> str:
        """Money in running text; a derived amount says how it was derived."""
        return self.fig.in_prose(self.fig.amount_prose(figure), figure)

    def percent(self, figure: Figure) -> str:
        """A percentage for tables, with the derived mark."""
        return self.fig.marked(self.fig.percent(figure), figure)

    def percent_prose(self, figure: Figure) -> str:
        """A percentage in running text."""
        return self.fig.in_prose(self.fig.percent(figure), figure)

    # A CAGR's period is shown exactly as stated: both years, one, or none. Nothing is
    # borrowed from the forecast period unless the editor wrote the CAGR for it.

    def period_phrase(self, growth: Growth) -> str:
        """The period in running text: "from 2026 to 2035", "through 2030", "from 2024",
        "(period not stated)"."""
        _, year = self._, self.fmt.year
        if growth.start is not None and growth.end is not None:
            return _("from %(start)s to %(end)s") % {
                "start": year(growth.start),
                "end": year(growth.end),
            }
        if growth.end is not None:
            return _("through %(year)s") % {"year": year(growth.end)}
        if growth.start is not None:
            return _("from %(year)s") % {"year": year(growth.start)}
        return _("(period not stated)")

    def period_label(self, growth: Growth) -> str:
        """The period in a table cell: "2026–2035", "through 2030", "from 2024",
        "not stated"."""
        if growth.start is not None and growth.end is not None:
            return self.fmt.period(growth.start, growth.end)
        if growth.start is None and growth.end is None:
            return self._("not stated")
        return self.period_phrase(growth)

    def cagr_label(self, growth: Growth) -> str:
        """A CAGR's name with its period: "CAGR 2026–2035", "CAGR through 2030",
        "CAGR (period not stated)"."""
        if growth.start is None and growth.end is None:
            return self._("CAGR (period not stated)")
        return self._("CAGR %(period)s") % {"period": self.period_label(growth)}

    def change_label(self, change: StatedChange) -> str:
        """A stated change's name: "Change in 2020" (from the year before), "Change
        2020–2024"."""
        if change.start is None:
            return self._("Change in %(year)s") % {"year": self.fmt.year(change.end)}
        return self._("Change %(period)s") % {
            "period": self.fmt.period(change.first_year, change.end)
        }

    def growth(self, growth: Growth) -> str:
        """ "CAGR of 10.1% from 2026 to 2035" (derived: with how)."""
        return self._("CAGR of %(cagr)s %(period)s") % self._growth_args(growth)

    def growth_short(self, growth: Growth) -> str:
        """ "10.1% (2026–2035)" for table cells, with the derived mark."""
        if growth.start is None and growth.end is None:
            return f"{self.percent(growth.figure)} {self.period_phrase(growth)}"
        return f"{self.percent(growth.figure)} ({self.period_label(growth)})"

    @property
    def has_derived_sizes(self) -> bool:
        """True when any market size shown is derived."""
        return any(not p.figure.published for p in self.d.sizes)

    def development_date(self, development: DatedDevelopment) -> str:
        """A development's date at the precision the editor gave."""
        if development.has_day:
            return self.fmt.day(development.date)
        return self.fmt.month(development.date)

    # --- prose from the language file ----------------------------------------------------

    def expand(self, text: str) -> str:
        """Replace ``{market}`` and ``{figure-id}`` references with formatted values."""

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == "market":
                return self.market
            figure = self.facts.figures[name]
            if figure.unit in {"percent", "share"}:
                return self.fig.percent(figure.value)
            if figure.unit == "year":
                return self.fmt.year(int(figure.value.value))
            return self.fig.number(figure.value)

        return REFERENCE_RE.sub(value, text)

    def prose(self, text: str | None) -> SafeMarkdown:
        """Editor prose -> escaped Markdown paragraphs (blank lines separate paragraphs)."""
        if not text:
            return SafeMarkdown("")
        paragraphs = [p for p in re.split(r"\n[ \t]*\n", self.expand(text)) if p.strip()]
        return SafeMarkdown("\n\n".join(md_escape(p) for p in paragraphs))

    def inline(self, text: str | None) -> SafeMarkdown:
        """Editor prose as one escaped line (list items, table cells)."""
        return md_escape(self.expand(text or ""))

    def plain(self, text: str | None) -> str:
        """Editor prose with references expanded, as plain text (JSON-LD, titles)."""
        return self.expand(text or "")

    # --- the area covered --------------------------------------------------------------

    def in_area(self) -> str:
        """The area the report covers, as a phrase ("in Germany"); "" for global or none."""
        area = self.facts.regional_coverage
        if area is None or area == GLOBAL:
            return ""
        return in_area(area, self.lang, self._)

    def area_name(self) -> str | None:
        """The covered area's name for tables and structured data ("Global", "Germany");
        None when the publisher states no coverage."""
        area = self.facts.regional_coverage
        if area is None:
            return None
        return self._("Global") if area == GLOBAL else area_name(area, self.lang)

    def the_market(self, named: bool = True) -> str:
        """The market as a sentence's subject, with its area as stated: "the global heat
        pump market", "the heat pump market in Germany", "the heat pump market" (no
        coverage stated: no "global" is claimed). ``named=False``: "the global market"."""
        _ = self._
        args = {"market": self.market, "in_area": self.in_area()}
        if self.facts.regional_coverage == GLOBAL:
            phrase = _("the global %(market)s market") if named else _("the global market")
        elif args["in_area"]:
            phrase = (
                _("the %(market)s market %(in_area)s") if named else _("the market %(in_area)s")
            )
        else:
            phrase = _("the %(market)s market") if named else _("the market")
        return phrase % args

    # --- title and lead ------------------------------------------------------------------

    def heading(self) -> str:
        """The short page heading: the market's name as a market."""
        return market_heading(self._, self.market)

    def subtitle(self) -> str:
        """The line under the page heading: what the report offers, briefly ("Market
        size, growth and forecast 2026–2035"); the full title is for search engines."""
        forecast = self.facts.forecast
        if forecast is None:
            return self._("Market size and growth")
        # Word joiners keep the period on one line ("2026–" never ends a line).
        period = self.fmt.period(forecast.start_year, forecast.end_year)
        return self._("Market size, growth and forecast %(period)s") % {
            "period": period.replace("–", "\u2060–\u2060")
        }

    def title(self) -> str:
        """The report title: market, segmentation, regions and forecast, as far as stated
        (the name search engines and the structured data give the report)."""
        _ = self._
        if self.in_area():
            title = _(
                "%(market)s market %(in_area)s: size, share, growth and industry analysis"
            ) % {"market": self.market, "in_area": self.in_area()}
        else:
            title = _("%(market)s market: size, share, growth and industry analysis") % {
                "market": self.market
            }
        by = [
            _("by %(dimension)s (%(segments)s)")
            % {"dimension": self.dimension_name(dim), "segments": self.segment_list(dim)}
            for dim, shares in self.facts.segments.items()
            if shares.items
        ]
        if by:
            title += " " + self.fmt.join(by)
        extras = []
        if self.facts.regions.items:
            extras.append(_("with regional insights"))
        if self.facts.forecast:
            extras.append(
                _("forecast from %(start)s to %(end)s")
                % {
                    "start": self.fmt.year(self.facts.forecast.start_year),
                    "end": self.fmt.year(self.facts.forecast.end_year),
                }
            )
        if extras:
            title += ", " + self.fmt.join(extras)
        return capfirst(title)

    def lead(self) -> str:
        """The sentence that states the market's size and growth, as far as the data has them."""
        _ = self._
        current, target, cagr = self.d.current, self.d.target, self.d.cagr
        args = {"the_market": self.the_market()}
        if current is not None:
            if current.status == "actual":
                sentence = _("%(the_market)s was valued at %(value)s in %(year)s")
            else:
                sentence = _("%(the_market)s is estimated at %(value)s in %(year)s")
            sentence %= {**args, **self._size_args(current)}
            if target is not None:
                sentence += _(" and is expected to reach %(value)s by %(year)s") % self._size_args(
                    target
                )
            if cagr is not None:
                sentence += _(", growing at a CAGR of %(cagr)s %(period)s") % (
                    self._growth_args(cagr)
                )
        elif cagr is not None:
            sentence = _("%(the_market)s is expected to grow at a CAGR of %(cagr)s %(period)s")
            sentence %= {**args, **self._growth_args(cagr)}
        else:
            return ""
        return capfirst(sentence + ".")

    def _size_args(self, point: SizePoint) -> dict[str, str]:
        return {"value": self.amount_prose(point.figure), "year": self.fmt.year(point.year)}

    def _growth_args(self, growth: Growth) -> dict[str, str]:
        return {"cagr": self.percent_prose(growth.figure), "period": self.period_phrase(growth)}

    def growth_sentence(self) -> str:
        """How many times the market grows from the current to the last size ("" if unknown)."""
        multiple, current, target = self.d.growth_multiple, self.d.current, self.d.target
        if multiple is None or current is None or target is None:
            return ""
        return self._(
            "Between %(start_year)s and %(end_year)s the market is expected to grow "
            "%(multiple)s-fold (%(how)s), from %(start_value)s to %(end_value)s."
        ) % {
            "start_year": self.fmt.year(current.year),
            "end_year": self.fmt.year(target.year),
            "multiple": self.fig.number(multiple),
            "how": self.fig.derivation(multiple),
            "start_value": self.amount_prose(current.figure),
            "end_value": self.amount_prose(target.figure),
        }

    # --- shares --------------------------------------------------------------------------

    def _followed(self, kind: str, items: list[ShareValue], dative: bool = False) -> str:
        """ "Europe (30 %), Asia-Pacific (15 %)"; a derived share says how, after a comma.
        ``dative``: the names as after "von" ("gefolgt von Sprachanrufen (15 %)")."""
        parts = []
        name = self.item_dative if dative else self.item_name
        for item in items:
            if item.share is None:
                continue
            args = {
                "name": name(kind, item.id),
                "share": self.fig.percent(item.share),
                "how": self.fig.derivation(item.share),
            }
            if item.share.published:
                parts.append(self._("%(name)s (%(share)s)") % args)
            else:
                parts.append(self._("%(name)s (%(share)s, %(how)s)") % args)
        return self.fmt.join(parts)

    def _others(self, kind: str, shares: DerivedShares, leader: ShareValue) -> list[ShareValue]:
        ranked = sorted(
            (i for i in shares.items if i.rank is not None and i is not leader),
            key=lambda i: i.rank or 0,
        )
        return ranked

    def _remainder(self, shares: DerivedShares) -> ShareValue | None:
        return next((item for item in shares.items if item.is_remainder), None)

    def regional_sentence(self) -> str:
        """ "North America holds 50 % of the market, followed by ..." plus the remainder."""
        shares = self.d.regions
        if not shares.with_share:
            return ""
        leader = shares.leader
        if leader is None or leader.share is None:
            return self._share_list("regions", shares)
        others = self._followed("regions", self._others("regions", shares, leader), dative=True)
        args = {
            "region": self.region_name(leader.id),
            "share": self.percent_prose(leader.share),
            "others": others,
        }
        if others:
            sentence = self._("%(region)s holds %(share)s of the market, followed by %(others)s.")
        else:
            sentence = self._("%(region)s holds %(share)s of the market.")
        sentence %= args
        rest = self._remainder(shares)
        if rest is not None and rest.share is not None:
            sentence += " " + self._("The rest of the world accounts for %(share)s.") % {
                "share": self.percent_prose(rest.share)
            }
        return capfirst(self.contract(sentence) + self._year_note(shares))

    def _year_note(self, shares: DerivedShares) -> str:
        """ " The shares refer to 2023." when the publisher dates them."""
        if shares.year is None:
            return ""
        return " " + self._("The shares refer to %(year)s.") % {"year": self.fmt.year(shares.year)}

    def _share_list(self, kind: str, shares: DerivedShares) -> str:
        """Shares without a certain leader: listed as published, no ranking claimed."""
        listed = self._followed(kind, list(shares.with_share))
        sentence = self._("Shares of the market: %(items)s.") % {"items": listed}
        return capfirst(sentence + self._year_note(shares))

    def segmentation_sentence(self, dimension: str) -> str:
        """ "Email is the largest segment by type with 35 %, followed by ..."."""
        shares = self.d.segments[dimension]
        if not shares.with_share:
            return ""
        leader = shares.leader
        if leader is None or leader.share is None:
            return self._share_list(dimension, shares)
        others = self._followed(dimension, self._others(dimension, shares, leader), dative=True)
        plural = 2 if self._plural(dimension, leader.id) else 1
        args = {
            "segment": self.segment_name(leader.id),
            "dimension": self.dimension_name(dimension),
            "share": self.percent_prose(leader.share),
            "others": others,
        }
        if others:
            sentence = self.ngettext(
                "%(segment)s is the largest segment by %(dimension)s with %(share)s, "
                "followed by %(others)s.",
                "%(segment)s are the largest segment by %(dimension)s with %(share)s, "
                "followed by %(others)s.",
                plural,
            )
        else:
            sentence = self.ngettext(
                "%(segment)s is the largest segment by %(dimension)s with %(share)s.",
                "%(segment)s are the largest segment by %(dimension)s with %(share)s.",
                plural,
            )
        return capfirst(self.contract(sentence % args) + self._year_note(shares))

    def fastest_sentence(self, kind: str) -> str:
        """ "Asia-Pacific is the fastest-growing region (CAGR of ...)." if the publisher says."""
        shares = self.shares(kind)
        fastest = shares.fastest
        if fastest is None:
            return ""
        plural = 2 if self._plural(kind, fastest.id) else 1
        args = {"name": self.item_name(kind, fastest.id)}
        if kind == "regions":
            sentence = self.ngettext(
                "%(name)s is the fastest-growing region",
                "%(name)s are the fastest-growing region",
                plural,
            )
        else:
            args["dimension"] = self.dimension_name(kind)
            sentence = self.ngettext(
                "%(name)s is the fastest-growing segment by %(dimension)s",
                "%(name)s are the fastest-growing segment by %(dimension)s",
                plural,
            )
        sentence %= args
        if fastest.cagr is not None:
            sentence += self._(", at a %(growth)s") % {"growth": self.growth(fastest.cagr)}
        return capfirst(sentence + ".")

    def dimension_intro(self, dimension: str) -> str:
        """ "By type, the global market can be divided into ..." (one segment: "covers")."""
        args = {
            "dimension": self.dimension_name(dimension),
            "segments": self.segment_list(dimension),
        }
        if len(self.segment_ids(dimension)) == 1:
            return capfirst(self._("By %(dimension)s, the report covers %(segments)s.") % args)
        args["the_market"] = self.the_market(named=False)
        return capfirst(
            self._("By %(dimension)s, %(the_market)s can be divided into %(segments)s.") % args
        )
