"""The parts of a report page around its sentences: key findings, attribute table, FAQ,
the sample box and the report's row in the catalog.

Each part lists only what the data has; the sentences come from
:class:`~marketsite.derivation.prose.ReportView`.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from marketsite.derivation.escape import SafeMarkdown, md_escape
from marketsite.derivation.prose import ReportView, capfirst


@dataclass(frozen=True)
class KeyFigure:
    """A figure card above the fold: what it is, the value, a detail, whether derived."""

    label: str
    value: str
    detail: str = ""
    derived: bool = False


class ReportSections:
    """Findings, attributes, FAQ, sample box and catalog row of one report in one locale."""

    def __init__(self, view: ReportView) -> None:
        self.view = view

    def key_figures(self) -> list[KeyFigure]:
        """The report's headline figures, as far as the data has them: the latest published
        size, the forecast end, the main CAGR, the leading region and segment."""
        view = self.view
        _, d, fig = view._, view.d, view.fig
        cards: list[KeyFigure] = []
        current, target, cagr = d.current, d.target, d.cagr
        if current is not None:
            cards.append(
                KeyFigure(
                    _("Market size %(year)s") % {"year": view.fmt.year(current.year)},
                    view.amount(current.figure),
                )
            )
        if target is not None:
            cards.append(
                KeyFigure(
                    _("Forecast %(year)s") % {"year": view.fmt.year(target.year)},
                    view.amount(target.figure),
                    derived=not target.figure.published,
                )
            )
        if cagr is not None:
            cards.append(
                KeyFigure(
                    view.cagr_label(cagr),
                    view.percent(cagr.figure),
                    derived=not cagr.figure.published,
                )
            )
        region = d.leading_region
        if region is not None and region.share is not None:
            cards.append(
                KeyFigure(
                    _("Leading region"),
                    view.region_name(region.id),
                    self._dated(fig.percent(region.share), d.regions.year),
                )
            )
        for dimension in d.segments:
            leader = d.dominant_segment(dimension)
            if leader is not None and leader.share is not None:
                cards.append(
                    KeyFigure(
                        _("Leading segment by %(dimension)s")
                        % {"dimension": view.dimension_name(dimension)},
                        capfirst(view.segment_name(leader.id)),
                        self._dated(fig.percent(leader.share), d.segments[dimension].year),
                    )
                )
                break
        return cards

    def _dated(self, share: str, year: int | None) -> str:
        """A share with the year it refers to, when the publisher states one."""
        if year is None:
            return share
        return self.view._("%(share)s in %(year)s") % {
            "share": share,
            "year": self.view.fmt.year(year),
        }

    def key_findings(self) -> list[tuple[str, str | SafeMarkdown]]:
        """The key findings (label, text): generated ones where the data has them, and the
        editor's qualitative ones."""
        view = self.view
        _, own = view._, view.text.key_findings
        findings: list[tuple[str, str | SafeMarkdown]] = []
        lead = view.lead()
        if lead:
            findings.append((_("Market size and growth:"), lead))
        for label, text in (
            (_("Key market driver:"), own.driver),
            (_("Major market restraint:"), own.restraint),
            (_("Emerging trends:"), own.trends),
        ):
            if text:
                findings.append((label, view.inline(text)))
        regional = (
            view.inline(own.regional_leadership)
            if own.regional_leadership
            else view.regional_sentence()
        )
        if regional:
            findings.append((_("Regional leadership:"), regional))
        if own.competitive_landscape:
            findings.append((_("Competitive landscape:"), view.inline(own.competitive_landscape)))
        for dimension in view.d.segments:
            sentence = view.segmentation_sentence(dimension)
            if sentence:
                findings.append((_("Market segmentation:"), sentence))
        for kind in [*view.d.segments, "regions"]:
            sentence = view.fastest_sentence(kind)
            if sentence:
                findings.append((_("Fastest growth:"), sentence))
        if own.recent_development:
            findings.append((_("Recent development:"), view.inline(own.recent_development)))
        return findings

    # --- attribute table, catalog --------------------------------------------------------

    def attributes(self) -> list[tuple[str, str, bool]]:
        """Rows of the attribute table (label, value, derived): only what the data states
        or derives, nothing empty."""
        view = self.view
        _, facts = view._, view.facts
        rows: list[tuple[str, str, bool]] = []
        shown = [p for p in view.d.sizes if p.year in {s.year for s in facts.market_size}]
        target = view.d.target
        if target is not None and not target.figure.published:
            shown.append(target)
        for point in shown:
            label = _("Market size in %(year)s") % {"year": view.fmt.year(point.year)}
            rows.append((label, view.amount(point.figure), not point.figure.published))
        for growth in view.d.cagrs:
            rows.append((_("Growth rate"), view.growth(growth), False))
        for change in facts.changes:
            rows.append((view.change_label(change), view.fig.percent(change.value), False))
        if facts.forecast:
            period = view.fmt.period(facts.forecast.start_year, facts.forecast.end_year)
            rows.append((_("Forecast period"), period, False))
        if facts.base_year is not None:
            rows.append((_("Base year"), view.fmt.year(facts.base_year), False))
        historical = facts.historical_data
        if historical is None and self._has_historical_sizes():
            historical = True
        if historical is not None:
            rows.append(
                (_("Historical data available"), _("Yes") if historical else _("No"), False)
            )
        area = view.area_name()
        if area is not None:
            rows.append((_("Regional coverage"), area, False))
        for dimension, shares in facts.segments.items():
            if shares.items:
                rows.append(
                    (
                        _("Segments covered: by %(dimension)s")
                        % {"dimension": view.dimension_name(dimension)},
                        capfirst(view.segment_list(dimension)),
                        False,
                    )
                )
        return rows

    def _has_historical_sizes(self) -> bool:
        """True when the data itself shows historical values: published sizes before the
        base year, or (without one) at least two before the forecast."""
        view = self.view
        published = view.d.published_sizes
        if view.facts.base_year is not None:
            return any(p.year < view.facts.base_year for p in published)
        start = view.facts.forecast_start
        return start is not None and sum(1 for p in published if p.year < start) >= 2

    def catalog_size(self) -> str:
        """The catalog's size cell: the current size and its year ("—" if none)."""
        view = self.view
        current = view.d.current
        if current is None:
            return "—"
        return f"{view.amount(current.figure)} ({view.fmt.year(current.year)})"

    def catalog_cagr(self) -> str:
        """The catalog's CAGR cell: the main CAGR with its period ("—" if none)."""
        view = self.view
        cagr = view.d.cagr
        return view.growth_short(cagr) if cagr is not None else "—"

    @property
    def catalog_has_derived(self) -> bool:
        """True when the catalog row shows a derived figure (an implied CAGR)."""
        cagr = self.view.d.cagr
        return cagr is not None and not cagr.figure.published

    def catalog_period(self) -> str:
        """The catalog's period cell: the forecast period ("—" if not stated)."""
        view = self.view
        forecast = view.facts.forecast
        return view.fmt.period(forecast.start_year, forecast.end_year) if forecast else "—"

    # --- FAQ -----------------------------------------------------------------------------

    def faq(self) -> list[tuple[str, str | SafeMarkdown]]:
        """Generated questions (only those the data answers), then the editor's own."""
        view = self.view
        _ = view._
        args = {"market": view.market, "the_market": view.the_market()}
        entries: list[tuple[str, str | SafeMarkdown]] = []
        target = view.d.target
        if target is not None:
            entries.append(
                (
                    _("How big will %(the_market)s be by %(end_year)s?")
                    % {**args, "end_year": view.fmt.year(target.year)},
                    capfirst(
                        _("%(the_market)s is expected to reach %(value)s by %(year)s.")
                        % {**args, **view._size_args(target)}
                    ),
                )
            )
        cagr = view.d.cagr
        if cagr is not None:
            entries.append(
                (
                    _("What CAGR is the %(market)s market expected to show?") % args,
                    capfirst(
                        _(
                            "The %(market)s market is expected to grow at a CAGR of %(cagr)s "
                            "%(period)s."
                        )
                        % {**args, **view._growth_args(cagr)}
                    ),
                )
            )
        drivers = view.text.dynamics.drivers
        if drivers:
            items = "\n".join(f"- {view.inline(d.headline)}" for d in drivers.values())
            intro = md_escape(_("The main drivers of the market are:"))
            entries.append(
                (
                    _("What drives the %(market)s market?") % args,
                    SafeMarkdown(f"{intro}\n\n{items}"),
                )
            )
        dimensions = [dim for dim, shares in view.facts.segments.items() if shares.items]
        if dimensions:
            answer = " ".join(view.dimension_intro(dim) for dim in dimensions)
            entries.append((_("How is the %(market)s market segmented?") % args, answer))
        if view.d.leading_region is not None:
            entries.append(
                (_("Which region leads the %(market)s market?") % args, view.regional_sentence())
            )
        growth = view.growth_sentence()
        if growth:
            entries.append((_("How much will the %(market)s market grow?") % args, growth))
        for entry in view.text.faq.values():
            entries.append((view.expand(entry.question), view.prose(entry.answer)))
        return entries

    def sample_pitch(self) -> str:
        """The sample box's question, naming only what this report covers."""
        view = self.view
        _ = view._
        parts = [_("the full data tables")]
        if any(shares.items for shares in view.facts.segments.values()):
            parts.append(_("segment splits"))
        if view.facts.players:
            parts.append(_("the competitive landscape"))
        if view.facts.regions.items:
            parts.append(_("a detailed regional analysis"))
        return _("Need %(parts)s?") % {"parts": view.fmt.join(parts)}

    def sample_link(self, contact: str) -> SafeMarkdown:
        """A mailto link that asks for the full report (the sample itself is the PDF)."""
        view = self.view
        subject = view._("Full report request: %(market)s market") % {"market": view.market}
        query = urllib.parse.urlencode({"subject": subject}, quote_via=urllib.parse.quote)
        # Percent-encode what Markdown would read as syntax ("_", "~") so the link survives.
        url = urllib.parse.quote(f"mailto:{contact}?{query}", safe=":/?=&@.%+-")
        return SafeMarkdown(url)


def report_dates(view: ReportView) -> str:
    """ "Published 12 January 2026 · updated 2 March 2026", as far as stated."""
    _, fmt, facts = view._, view.fmt, view.facts
    parts = []
    for key, label in (
        ("published", _("Published %(date)s")),
        ("updated", _("Updated %(date)s")),
    ):
        text = getattr(facts, key)
        day = fmt.stated_date(text) if text else None
        if day is not None:
            parts.append(label % {"date": day})
    return " · ".join(parts)
