"""Editor's notes: what readers are told about the inconsistencies the editors accepted.

An acknowledged warning (``acknowledged:`` in facts.yaml) stays on the page, in the
reader's language, as an editor's note: a CAGR that the publisher's own sizes do not
bear out says both rates; any other accepted inconsistency says what it is. The
editors' own reason is not shown: it is written once, in their language, for them.
"""

from __future__ import annotations

import re

from marketsite.data.model import implied_cagr
from marketsite.derivation.derive import Growth, derived_figure
from marketsite.derivation.prose import ReportView


def _index(field: str, key: str, count: int) -> int | None:
    """The index a problem's field names in one list of facts.yaml (``cagr[0]`` ->
    0 for ``cagr``); None for another field or an index past the list."""
    match = re.fullmatch(rf"{key}\[(\d+)\]", field)
    index = int(match.group(1)) if match else None
    return index if index is not None and index < count else None


def editor_notes(view: ReportView) -> list[str]:
    """The second wordings the publisher gives, then one sentence per accepted
    inconsistency, in the view's language, each said once."""
    notes: list[str] = second_wordings(view)
    for warning in view.d.report.acknowledged:
        if warning.code == "two-wordings":
            continue  # said above, accepted or not: a stated wording never vanishes
        text = None
        if warning.code == "cagr-mismatch":
            text = _cagr_note(view, warning.field)
        elif warning.code == "change-mismatch":
            text = _change_note(view, warning.field)
        text = text or _reader_text(view, warning.code)
        if text not in notes:
            notes.append(text)
    return notes


def second_wordings(view: ReportView) -> list[str]:
    """ "The publisher also states the market size in 2024 as more than $84.1B." for
    every figure stated a second way (``also_stated``)."""
    _, fig, facts = view._, view.fig, view.facts
    notes = []
    for point in facts.market_size:
        if point.also_stated is not None:
            notes.append(
                _("The publisher also states the market size in %(year)s as %(other)s.")
                % {"year": view.fmt.year(point.year), "other": fig.amount(point.also_stated)}
            )
    for cagr in facts.cagr:
        if cagr.also_stated is not None:
            growth = Growth(cagr.value, *facts.cagr_years(cagr))
            notes.append(
                _("The publisher also states the CAGR %(period)s as %(other)s.")
                % {"period": view.period_phrase(growth), "other": fig.percent(cagr.also_stated)}
            )
    for kind in [*facts.segments, "regions"]:
        shares = facts.regions if kind == "regions" else facts.segments[kind]
        for item in shares.items:
            if item.also_stated is not None:
                notes.append(
                    _("The publisher also states the share of %(name)s as %(other)s.")
                    % {
                        "name": view.item_name(kind, item.id),
                        "other": fig.percent(item.also_stated),
                    }
                )
            if item.cagr is not None and item.cagr.also_stated is not None:
                notes.append(
                    _("The publisher also states the CAGR of %(name)s as %(other)s.")
                    % {
                        "name": view.item_name(kind, item.id),
                        "other": fig.percent(item.cagr.also_stated),
                    }
                )
    return notes


def _change_note(view: ReportView, field: str) -> str | None:
    """ "The publisher states a change of -5% from 2019 to 2020; its own market sizes
    imply -7.0%." (None if the field names no change with both sizes stated)."""
    index = _index(field, "changes", len(view.facts.changes))
    if index is None:
        return None
    change = view.facts.changes[index]
    start, end = view.d.size_in(change.first_year), view.d.size_in(change.end)
    if start is None or end is None or not start.figure.published or not end.figure.published:
        return None
    if not start.figure.anchor or end.figure.anchor is None:
        return None
    implied = (end.figure.anchor / start.figure.anchor - 1) * 100
    return view._(
        "The publisher states a change of %(stated)s from %(start)s to %(end)s; its own "
        "market sizes imply %(implied)s."
    ) % {
        "stated": view.fig.percent(change.value),
        "start": view.fmt.year(change.first_year),
        "end": view.fmt.year(change.end),
        "implied": view.fig.percent(derived_figure(implied, 1, "change")),
    }


def _cagr_note(view: ReportView, field: str) -> str | None:
    """ "The publisher states a CAGR of 10.1% from 2026 to 2035; its own market sizes
    for 2026 and 2035 imply 10.0%." (None if the field names no market CAGR)."""
    facts = view.facts
    index = _index(field, "cagr", len(facts.cagr))
    if index is None:
        return None
    cagr = facts.cagr[index]
    period = facts.cagr_period(cagr)
    if period is None:
        return None
    start, end = (view.d.size_in(year) for year in period)
    if start is None or end is None or start.figure.anchor is None or end.figure.anchor is None:
        return None
    rate = implied_cagr(start.figure.anchor, end.figure.anchor, period[1] - period[0])
    if rate is None:
        return None
    # As precise as the stated rate (one decimal at least), so the two can be compared.
    decimals = max(cagr.value.decimals, 1)
    implied = derived_figure(rate, decimals, "implied-cagr")
    if implied.value == cagr.value.value:
        implied = derived_figure(rate, decimals + 1, "implied-cagr")
    growth = Growth(cagr.value, *period)
    return view._(
        "The publisher states a CAGR of %(stated)s %(period)s; its own market sizes for "
        "%(start)s and %(end)s imply %(implied)s."
    ) % {
        "stated": view.fig.percent(cagr.value),
        "period": view.period_phrase(growth),
        "start": view.fmt.year(period[0]),
        "end": view.fmt.year(period[1]),
        "implied": view.fig.percent(implied),
    }


def _reader_text(view: ReportView, code: str) -> str:
    """What an accepted warning means to a reader (the catalog holds each language)."""
    _ = view._
    texts = {
        "cagr-mismatch": _("The publisher's CAGR differs from the one its own market sizes imply."),
        "two-wordings": _("The publisher states one of these figures in two ways."),
        "change-mismatch": _(
            "The publisher's change of the market size differs from the one its own market "
            "sizes imply."
        ),
        "cagr-parts": _(
            "The publisher's CAGR for the whole market does not lie within the CAGRs it "
            "states for the market's parts."
        ),
        "fastest-slower-than-market": _(
            "The publisher calls a part the fastest-growing, although the CAGR it states "
            "for it is below the market's."
        ),
        "fastest-not-fastest": _(
            "The publisher calls a part the fastest-growing, although it states a higher "
            "CAGR for another part."
        ),
        "implausible-growth": _(
            "Two of the publisher's market sizes imply a change within one year far beyond "
            "what markets usually show."
        ),
        "implausible-share": _(
            "The publisher's sizes of the regions or segments add up to more than its size "
            "of the whole market."
        ),
        "year-outside-report": _(
            "The publisher states a figure for a year outside the period its report covers."
        ),
    }
    return texts.get(code) or _("The publisher's figures are not consistent here.")
