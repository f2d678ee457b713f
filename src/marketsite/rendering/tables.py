"""The report's data tables, built once per locale for the page, the charts and the downloads.

A cell carries the text a reader sees (formatted by :mod:`marketsite.derivation.figures`,
with the derived mark) and the value a download gets (the number as written,
never a float artefact). Page tables, chart labels, chart data tables, CSV and
XLSX all read the same cells, so one value has one string everywhere.
"""

from __future__ import annotations

from marketsite.data.figure import Figure
from marketsite.derivation.attribution import source_word
from marketsite.derivation.derive import DerivedShares, ShareValue
from marketsite.derivation.figures import FigureFormat
from marketsite.derivation.prose import ReportView, capfirst
from marketsite.rendering.datatable import Cell, Column, DataTable


def _qualifier(fig: FigureFormat, figure: Figure | None) -> Cell:
    word = fig.qualifier_word(figure)
    return Cell(word, word or None)


def _number(view: ReportView, figure: Figure | None, text: str) -> Cell:
    if figure is None:
        return Cell(view._("not stated"), None)
    return Cell(text, figure.value, figure.derived is not None)


def size_table(view: ReportView) -> DataTable | None:
    """Market size per year: published, implied by a CAGR, or interpolated (marked)."""
    points = view.d.sizes
    if not points:
        return None
    _, fig = view._, view.fig
    unit = fig.unit_label()
    any_qualifier = any(p.figure.qualifier for p in points)
    any_range = any(p.figure.upper is not None for p in points)
    any_status = any(p.status for p in points)
    statuses = {"actual": _("actual"), "estimate": _("estimate"), "forecast": _("forecast")}
    columns = [
        Column(_("Year"), _("Year")),
        Column(_("Market size"), _("Market size (%(unit)s)") % {"unit": unit}, numeric=True),
    ]
    if any_range:
        columns.append(Column(None, _("Up to (%(unit)s)") % {"unit": unit}, numeric=True))
    if any_qualifier:
        columns.append(Column(None, _("Qualifier")))
    if any_status:
        columns.append(Column(_("Status"), _("Status")))
    # Where each value comes from: published (by whom), or derived (how).
    columns.append(Column(_("Provenance"), _("Provenance")))
    rows = []
    for point in points:
        figure = point.figure
        row = [
            Cell(view.fmt.year(point.year), point.year),
            _number(view, figure, view.amount(figure)),
        ]
        if any_range:
            row.append(Cell("", figure.upper))
        if any_qualifier:
            row.append(_qualifier(fig, figure))
        if any_status:
            status = statuses.get(point.status or "", "")
            row.append(Cell(status, status or None))
        source = source_word(view, figure.published, point.source) or fig.source_word(figure)
        row.append(Cell(source, source))
        rows.append(tuple(row))
    return DataTable("market-size", _("Market size per year"), tuple(columns), tuple(rows))


def share_table(view: ReportView, kind: str) -> DataTable | None:
    """Shares of a dimension (or of the regions): as published, with derived values marked."""
    shares: DerivedShares = view.shares(kind)
    if not shares.with_share:
        return None
    _, fig = view._, view.fig
    unit = fig.unit_label()
    items = shares.items
    any_qualifier = any(i.share is not None and i.share.qualifier for i in items)
    any_range = any(i.share is not None and i.share.upper is not None for i in items)
    year = view.fmt.year(shares.year) if shares.year is not None else None
    label = _("Region") if kind == "regions" else _("Segment")
    columns = [Column(label, label)]
    share_header = _("Share in %(year)s") % {"year": year} if year else _("Share")
    columns.append(Column(share_header, f"{share_header} (%)", numeric=True))
    if any_range:
        columns.append(Column(None, _("Share up to (%)"), numeric=True))
    if any_qualifier:
        columns.append(Column(None, _("Share qualifier")))
    columns.append(Column(None, _("Share source")))
    if shares.has_cagr:
        columns.append(Column(_("CAGR"), _("CAGR (%)"), numeric=True))
        columns.append(Column(None, _("CAGR period")))
    if shares.has_values:
        value_header = _("Value in %(year)s") % {"year": year}
        columns.append(
            Column(value_header, f"{value_header} ({unit}, {_('derived')})", numeric=True)
        )
    rows = []
    for item in view.ranked_items(kind):  # the order of the chart beside the table
        rows.append(tuple(_share_row(view, item, kind, shares, any_range, any_qualifier)))
    title = capfirst(
        _("Share by %(dimension)s")
        % {"dimension": _("region") if kind == "regions" else view.dimension_name(kind)}
    )
    stem = "regions" if kind == "regions" else f"segments-{kind}"
    return DataTable(stem, title, tuple(columns), tuple(rows))


def _share_row(
    view: ReportView,
    item: ShareValue,
    kind: str,
    shares: DerivedShares,
    any_range: bool,
    any_qualifier: bool,
) -> list[Cell]:
    fig = view.fig
    name = capfirst(view.item_name(kind, item.id))
    share = item.share
    row = [Cell(name, name), _number(view, share, view.percent(share) if share else "")]
    if any_range:
        row.append(Cell("", share.upper if share else None))
    if any_qualifier:
        row.append(_qualifier(fig, share))
    source = (
        share is not None and source_word(view, share.published, item.source)
    ) or fig.source_word(share)
    row.append(Cell(source, source or None))
    if shares.has_cagr:
        growth = item.cagr
        if growth is None:
            row += [Cell("—", None), Cell("", None)]
        else:
            period = view.period_label(growth)
            row += [
                Cell(view.growth_short(growth), growth.figure.value),
                Cell(period, period),
            ]
    if shares.has_values:
        value = item.value
        row.append(_number(view, value, view.amount(value)) if value else Cell("—", None))
    return row


def item_size_table(view: ReportView) -> DataTable | None:
    """Market sizes per region or segment from ``series.csv``, as published."""
    report = view.d.report
    if not report.item_series or report.item_scope is None:
        return None
    _, fig = view._, view.fig
    kind = "regions" if report.item_scope == "region" else report.item_scope
    label = _("Region") if kind == "regions" else _("Segment")
    title = _("Market size by region") if kind == "regions" else _("Market size by segment")
    any_qualifier = any(p.value.qualifier for p in report.item_series)
    columns = [
        Column(label, label),
        Column(_("Year"), _("Year")),
        Column(
            _("Market size"),
            _("Market size (%(unit)s)") % {"unit": fig.unit_label()},
            numeric=True,
        ),
    ]
    if any_qualifier:
        columns.append(Column(None, _("Qualifier")))
    columns.append(Column(None, _("Provenance")))
    rows = []
    for point in report.item_series:
        name = capfirst(
            view.region_name(point.item or "")
            if kind == "regions"
            else view.segment_name(point.item or "")
        )
        row = [
            Cell(name, name),
            Cell(view.fmt.year(point.year), point.year),
            _number(view, point.value, view.amount(point.value)),
        ]
        if any_qualifier:
            row.append(_qualifier(fig, point.value))
        source = fig.source_word(point.value)
        row.append(Cell(source, source))
        rows.append(tuple(row))
    stem = "market-size-by-region" if kind == "regions" else "market-size-by-segment"
    return DataTable(stem, title, tuple(columns), tuple(rows))


def players_table(view: ReportView) -> DataTable | None:
    """Key companies, with their headquarters where stated."""
    players = view.facts.players
    if not players:
        return None
    _ = view._
    with_country = any(p.country for p in players)
    columns = [Column(_("Company"), _("Company"))]
    if with_country:
        columns += [Column(_("Headquarters"), _("Headquarters")), Column(None, _("Country code"))]
    rows = []
    for player in players:
        row = [Cell(player.name, player.name)]
        if with_country:
            country = view.fmt.country(player.country) if player.country else ""
            row += [
                Cell(country or "—", country or None),
                Cell(player.country or "", player.country),
            ]
        rows.append(tuple(row))
    return DataTable("players", _("Key industry players"), tuple(columns), tuple(rows))


def report_tables(view: ReportView) -> dict[str, DataTable]:
    """Every table of a report by its file stem: ``market-size``, ``segments-<dimension>``,
    ``regions``, ``players``."""
    found = [
        size_table(view),
        *(share_table(view, dimension) for dimension in view.d.segments),
        share_table(view, "regions"),
        item_size_table(view),
        players_table(view),
    ]
    return {table.stem: table for table in found if table is not None}
