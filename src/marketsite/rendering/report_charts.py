"""A report's charts in one locale, as plain values: the market size by year, then the
shares of each set, with titles, descriptions and the derived mark's legend. The
derivation stage's view says what they show; :mod:`marketsite.rendering.charts`
renders them."""

from __future__ import annotations

from marketsite.derivation.figures import DERIVED_MARK
from marketsite.derivation.prose import ReportView, capfirst
from marketsite.rendering.charts import BarChart, Chart, format_locale
from marketsite.rendering.datatable import DataTable


def report_charts(view: ReportView, tables: dict[str, DataTable]) -> list[Chart]:
    """The report's charts in this locale: market size by year, then shares per set."""
    _, fig = view._, view.fig
    locale_def = format_locale(fig.locale, fig.currency)
    sources = (_("published"), _("derived"))
    legend = _("%(mark)s derived by us from the publisher's figures") % {"mark": DERIVED_MARK}
    charts: list[Chart] = []
    sizes = tables.get("market-size")
    points = view.d.sizes
    if sizes is not None and points:
        first, last = points[0], points[-1]
        title_size = _("Market size (%(unit)s)") % {"unit": fig.unit_label()}
        bars = BarChart(
            tuple(view.fmt.year(p.year) for p in points),
            tuple(float(p.figure.value) for p in points),
            tuple(view.amount(p.figure) for p in points),
            tuple(sources[0] if p.figure.published else sources[1] for p in points),
            sources,
            _("Year"),
            title_size,
            ",~f",
            measure=_("Market size"),
        )
        description = _(
            "Bar chart of the market size from %(start_year)s (%(start_value)s) "
            "to %(end_year)s (%(end_value)s)."
        ) % {
            "start_year": view.fmt.year(first.year),
            "start_value": view.amount_prose(first.figure),
            "end_year": view.fmt.year(last.year),
            "end_value": view.amount_prose(last.figure),
        }
        if first.year == last.year:
            title = _("Market size in %(year)s") % {"year": view.fmt.year(first.year)}
        else:
            title = _("Market size %(start)s–%(end)s") % {
                "start": view.fmt.year(first.year),
                "end": view.fmt.year(last.year),
            }
        charts.append(
            Chart(
                "market-size",
                title,
                description,
                bars,
                locale_def,
                sizes,
                legend if view.has_derived_sizes else "",
            )
        )
    kinds = [*view.d.segments, "regions"]
    for kind in kinds:
        shares = view.shares(kind)
        table = tables.get("regions" if kind == "regions" else f"segments-{kind}")
        # Bars from the largest share down, the remainder last: the table's order.
        items = [item for item in view.ranked_items(kind) if item.share is not None]
        if table is None or not items:
            continue
        dimension = _("region") if kind == "regions" else view.dimension_name(kind)
        names = [capfirst(view.item_name(kind, item.id)) for item in items]
        sentence = (
            view.regional_sentence() if kind == "regions" else view.segmentation_sentence(kind)
        )
        bars = BarChart(
            tuple(names),
            tuple(item.share.low / 100 for item in items if item.share is not None),
            tuple(view.percent(item.share) for item in items if item.share is not None),
            tuple(
                sources[0] if item.share is not None and item.share.published else sources[1]
                for item in items
            ),
            sources,
            capfirst(dimension),
            # A dated set says its year wherever the chart goes (page, PNG, spec).
            _("Share in %(year)s") % {"year": view.fmt.year(shares.year)}
            if shares.year is not None
            else _("Share"),
            "~%",
            horizontal=True,
        )
        derived = any(item.share is not None and not item.share.published for item in items)
        charts.append(
            Chart(
                "share-regions" if kind == "regions" else f"share-{kind}",
                capfirst(
                    _("Share by %(dimension)s in %(year)s")
                    % {"dimension": dimension, "year": view.fmt.year(shares.year)}
                    if shares.year is not None
                    else _("Share by %(dimension)s") % {"dimension": dimension}
                ),
                sentence,
                bars,
                locale_def,
                table,
                legend if derived else "",
            )
        )
    return charts
