"""Charts: Altair specs from plain values, rendered offline to SVG by vl-convert.

A :class:`Chart` holds its bars, labels and texts in one locale, made by
:mod:`marketsite.rendering.report_charts`; rendering needs neither a browser nor the
network. Rendered SVGs
are cached by the content hash of everything that shapes them, so a rebuild
with unchanged data renders nothing.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
import textwrap
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as xml_escape

import vl_convert
from babel import Locale
from babel.numbers import (
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    parse_pattern,
)

from marketsite.files import write_atomically
from marketsite.rendering.datatable import DataTable

if TYPE_CHECKING:  # imported where a spec is built: a build whose charts are cached needs
    # neither, and Altair alone takes a fifth of a second to import in every process
    import altair as alt
    import pandas as pd

CHART_WIDTH = 520
#: What bars running across and their category names share on a desktop.
WIDE_BUDGET = 590
#: The phone rendering: about as wide as a phone's column, so it is shown near 1:1.
COMPACT_WIDTH = 250
#: The narrowest plot of bars running across on a phone, whatever their names need.
COMPACT_MIN_PLOT = 120
WIDE_FONT = 11
#: Padding around a chart: a sans-serif font of the reader's may be wider than the one
#: vl-convert lays the chart out with (measured: up to a fifth wider).
TEXT_SLACK = {"left": 24, "right": 24, "top": 5, "bottom": 5}
COMPACT_FONT = 13


@dataclass(frozen=True)
class Chart:
    """One chart of a report in one locale: its spec inputs, text alternative and data table."""

    chart_id: str
    title: str
    description: str
    bars: BarChart
    format_locale: dict[str, Any]
    table: DataTable
    legend: str = ""  # explains the derived mark, when a bar is derived


def format_locale(locale: Locale, currency: str) -> dict[str, Any]:
    """A d3-format locale from CLDR, with the report's own currency.

    vl-convert's built-in "de-DE" turns ``$`` into ``€``; building the locale
    from Babel keeps the currency right and matches the page's numbers.
    """
    pattern = parse_pattern(locale.currency_formats["standard"].pattern)
    symbol = get_currency_symbol(currency, locale=locale)
    percent = parse_pattern(locale.percent_formats[None].pattern)
    return {
        "decimal": get_decimal_symbol(locale),
        "thousands": get_group_symbol(locale),
        "grouping": [3],
        "currency": [
            pattern.prefix[0].replace("¤", symbol),
            pattern.suffix[0].replace("¤", symbol),
        ],
        "percent": percent.suffix[0] or "%",
    }


PUBLISHED_COLOR = "#3f51b5"
DERIVED_COLOR = "#9fa8da"


@dataclass(frozen=True)
class BarChart:
    """A labelled bar chart, described by its inputs; the Vega-Lite spec is built on demand.

    Bar labels and tooltips show ``labels``: the very strings the page's tables
    show, so a chart never rounds a figure differently. Derived bars are drawn
    lighter, with a legend naming the two sources.

    Keeping the inputs lets the renderer find a cached SVG without building the
    spec at all (building it with Altair costs more than looking it up).
    """

    categories: tuple[str, ...]
    values: tuple[float, ...]
    labels: tuple[str, ...]
    sources: tuple[str, ...]  # per bar: the published or the derived legend entry
    source_names: tuple[str, str]  # (published, derived), localized
    category_title: str
    value_title: str
    axis_format: str
    horizontal: bool = False
    compact: bool = False  # the phone rendering: narrower, with larger text
    #: The value's name in a tooltip, where the label already carries the unit
    #: ("Market size: US$24.71bn"); the value axis's title when empty.
    measure: str = ""

    def narrow(self) -> BarChart:
        """The same chart for a phone's width, its text readable there (>= 11 CSS px):
        bars run across, one row per category, so no two labels share a line."""
        return dataclasses.replace(self, compact=True, horizontal=True)

    def laid_out(self) -> BarChart:
        """The chart as drawn: a column chart whose value labels would not fit side by
        side over their columns runs its bars across instead."""
        if self.horizontal:
            return self
        font = COMPACT_FONT if self.compact else WIDE_FONT
        widest = max((text_width(label, font) for label in self.labels), default=0)
        if len(self.labels) * (widest + 6) <= self._plot_width():
            return self
        return dataclasses.replace(self, horizontal=True)

    def spec(self, cache_dir: Path | None = None) -> dict[str, Any]:
        """The Vega-Lite spec (categories keep their order).

        Altair builds the spec once per chart shape (kind, titles, formats, legend),
        with placeholder rows and sizes; each chart then gets a copy with its own. The
        result equals Altair's own spec for the chart (test_charts_downloads checks
        this), at a fraction of the cost: Altair takes about 20 ms per spec. With a
        ``cache_dir``, each shape's template is kept there, so a process whose chart
        shapes were all made before never imports Altair.
        """
        chart = self.laid_out()
        columns = zip(chart.categories, chart.values, chart.labels, chart.sources, strict=True)
        rows = [
            {"category": c, "value": float(v), "label": lb, "source": s} for c, v, lb, s in columns
        ]
        sizes = {
            _HEIGHT: float(chart._height()),
            _WIDTH: float(chart._plot_width()),
            _DOMAIN: chart._domain(),
        }
        template = _spec_template(chart._shape(), cache_dir)
        return _filled(template, rows, list(chart.categories), sizes)

    def altair_chart(
        self, frame: pd.DataFrame, order: list[str], height: float, width: float, domain: float
    ) -> alt.TopLevelMixin:
        """The chart as Altair builds it, for ``frame`` sorted by ``order``: ``width`` is
        the plot's, and the value axis of bars running across ends at ``domain`` (room
        for their labels)."""
        import altair as alt

        font = COMPACT_FONT if self.compact else WIDE_FONT
        # On a phone the bars carry their values: an axis of ticks would only crowd them.
        axis = None if self.compact else alt.Axis(format=self.axis_format, tickCount=5)
        value_title = None if self.compact else self.value_title
        encoding: tuple[alt.X, alt.Y] | tuple[alt.Y, alt.X]
        if self.horizontal:
            encoding = (
                # The chart's title names the categories ("by region"): no axis title
                # competes with long category names for room, and no name is cut.
                alt.Y("category:N", title=None, sort=order, axis=alt.Axis(labelLimit=0)),
                alt.X(
                    "value:Q",
                    title=value_title,
                    axis=axis,
                    scale=alt.Scale(domain=[0, domain], nice=False),
                ),
            )
        else:
            encoding = (
                alt.X(
                    "category:N", title=self.category_title, sort=order, axis=alt.Axis(labelAngle=0)
                ),
                alt.Y("value:Q", title=value_title, axis=axis),
            )
        tooltip = [
            alt.Tooltip("category:N", title=self.category_title),
            alt.Tooltip("label:N", title=self.measure or self.value_title),
        ]
        derived = self.source_names[1] in self.sources
        color = alt.Color(
            "source:N",
            scale=alt.Scale(domain=list(self.source_names), range=[PUBLISHED_COLOR, DERIVED_COLOR]),
            # Entries apart by the font's slack, so a wider font keeps them apart.
            legend=alt.Legend(title=None, orient="bottom", columnPadding=TEXT_SLACK["right"])
            if derived
            else None,
        )
        base = alt.Chart(frame).encode(*encoding, tooltip=tooltip)
        bars = base.mark_bar().encode(color=color)
        labels = base.mark_text(
            align="left" if self.horizontal else "center",
            baseline="middle" if self.horizontal else "bottom",
            dx=4 if self.horizontal else 0,
            dy=0 if self.horizontal else -3,
            color="#222",
            fontSize=font,
        ).encode(text="label:N")
        # Room around the plot for text that the reader's font draws wider than the
        # font vl-convert measured it in.
        chart = (bars + labels).properties(width=width, height=height, padding=TEXT_SLACK)
        return (
            chart.configure_view(stroke=None)
            .configure_axis(labelFontSize=font, titleFontSize=font)
            .configure_legend(labelFontSize=font)
        )

    def altair_spec(self) -> dict[str, Any]:
        """The spec straight from Altair, without the shape's template (the reference)."""
        import pandas as pd

        chart = self.laid_out()
        frame = pd.DataFrame(
            {
                "category": list(chart.categories),
                "value": list(chart.values),
                "label": list(chart.labels),
                "source": list(chart.sources),
            }
        )
        plotted = chart.altair_chart(
            frame,
            list(chart.categories),
            float(chart._height()),
            float(chart._plot_width()),
            chart._domain(),
        )
        # Tests build every kind of chart with validation on (see test_charts_downloads);
        # here it would cost more than rendering.
        return plotted.to_dict(validate=False)

    def _height(self) -> int:
        step = 34 if self.compact else 28
        if self.horizontal:
            return step * len(self.categories)
        return 260 if self.compact else 240

    def _plot_width(self) -> int:
        """The plot's width; on a phone, bars running across share the width with their
        category names, so that the whole chart stays near the phone's column."""
        font = COMPACT_FONT if self.compact else WIDE_FONT
        names = max((text_width(c, font) for c in self.categories), default=0)
        if not self.compact:
            # The report's column is 688 px at a desktop's width: the names, the
            # padding and the plot stay within it, so the text is not scaled down.
            return min(CHART_WIDTH, WIDE_BUDGET - int(names)) if self.horizontal else CHART_WIDTH
        return max(COMPACT_MIN_PLOT, COMPACT_WIDTH - int(names))

    def _domain(self) -> float:
        """Where the value axis ends: past the largest bar by the room its label needs."""
        largest = max((v for v in self.values if v > 0), default=1.0)
        if not self.horizontal:
            return float(largest)
        font = COMPACT_FONT if self.compact else WIDE_FONT
        room = max((text_width(label, font) for label in self.labels), default=0) + 10
        plot = self._plot_width()
        return float(largest) * plot / max(plot - room, plot * 0.25)

    def _shape(self) -> BarChart:
        """This chart without its data: what its template depends on."""
        derived = self.source_names[1] in self.sources
        return dataclasses.replace(
            self,
            categories=(),
            values=(),
            labels=(),
            sources=(self.source_names[1],) if derived else (),
        )


def text_width(text: str, font_size: float) -> float:
    """A generous estimate of a label's width in pixels (vl-convert's and the browsers'
    sans-serif fonts differ, so the estimate errs wide)."""
    return len(text) * font_size * 0.62


# Placeholders in a template, replaced by each chart's own rows, order and sizes.
_ROW = {"category": "\x00category", "value": 0.5, "label": "\x00label", "source": "\x00source"}
_ORDER = ["\x00order"]
_HEIGHT = 987654
_WIDTH = 987653
_DOMAIN = 987652.5


@functools.lru_cache(maxsize=512)
def _spec_template(shape: BarChart, cache_dir: Path | None) -> str:
    """Altair's spec for a chart shape, with placeholder rows and sizes (JSON, copied per
    chart); read from ``cache_dir`` when it was made before. Importing Altair and pandas
    takes half a second, which an editor's rebuild after changing a figure would
    otherwise pay in every language's worker."""
    key = content_key(asdict(shape), ALTAIR_VERSION, _CODE_VERSION)
    stored = cache_dir / f"template-{key}.json" if cache_dir else None
    if stored is not None and stored.is_file():
        return stored.read_text(encoding="utf-8")
    import pandas as pd

    chart = shape.altair_chart(pd.DataFrame([_ROW]), _ORDER, _HEIGHT, _WIDTH, _DOMAIN)
    template = json.dumps(chart.to_dict(validate=False))
    if stored is not None:
        write_atomically(stored, template)
    return template


def _filled(
    template: str, rows: list[dict[str, Any]], order: list[str], sizes: dict[float, float]
) -> Any:
    """A template's spec with its placeholders replaced by a chart's rows, order and
    sizes. Altair names inline data by a hash of its rows; the name is made the same way."""
    spec = json.loads(template)
    (placeholder,) = spec.pop("datasets")
    name = _dataset_name(rows)

    def replaced(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: replaced(value) for key, value in node.items()}
        if isinstance(node, list):
            return list(order) if node == _ORDER else [replaced(value) for value in node]
        if isinstance(node, str):
            return name if node == placeholder else node
        if isinstance(node, int | float) and not isinstance(node, bool) and node in sizes:
            return sizes[node]
        return node

    return replaced(spec) | {"datasets": {name: rows}}


def _dataset_name(rows: list[dict[str, Any]]) -> str:
    """The name Altair gives inline rows (a hash of their JSON), so a filled template
    equals Altair's own spec; any other unique name would render the same."""
    digest = hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()
    return f"data-{digest[:32]}"


VL_CONVERT_VERSION = metadata.version("vl-convert-python")
ALTAIR_VERSION = metadata.version("altair")
#: Changes to this module change every cache key, so no stale SVG survives a code change.
_CODE_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def content_key(*parts: Any) -> str:
    """The name of a cached file: a hash of everything that shapes it (JSON values)."""
    return hashlib.sha256(json.dumps(list(parts), sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RenderedChart:
    """A chart as static SVG (shown without JavaScript) and as the spec Vega embeds."""

    svg: str
    spec_json: str


@dataclass(frozen=True)
class ChartViews:
    """A chart's renderings: for wide screens, for phones, and a PNG to download."""

    wide: RenderedChart
    narrow: RenderedChart
    png: bytes


@dataclass
class ChartRenderer:
    """Renders charts to SVG (and keeps their specs) through a content-addressed cache."""

    cache_dir: Path | None = None
    hits: int = 0
    rendered: int = 0
    _memory: dict[str, RenderedChart] = field(default_factory=dict)

    def key(self, bars: BarChart, format_locale: dict[str, Any]) -> str:
        """Content hash of everything that shapes a rendering."""
        return content_key(asdict(bars), format_locale, VL_CONVERT_VERSION, _CODE_VERSION)

    def render(self, chart: Chart) -> ChartViews:
        """The chart for wide screens and for phones, and its PNG, cached."""
        wide = self.render_bars(chart.bars, chart.format_locale)
        narrow = self.render_bars(chart.bars.narrow(), chart.format_locale)
        return ChartViews(wide, narrow, self.png(chart, wide))

    def png(self, chart: Chart, wide: RenderedChart) -> bytes:
        """The wide rendering as PNG (twice the pixels, for sharp prints and slides)."""
        return self.svg_png(wide.svg, scale=2)

    def svg_png(self, svg: str, scale: float = 1) -> bytes:
        """Any SVG as PNG, cached by its content (charts, social preview images)."""
        key = content_key(svg, scale, VL_CONVERT_VERSION)
        png_file = self.cache_dir / f"{key}.png" if self.cache_dir else None
        if png_file is not None and png_file.is_file():
            return png_file.read_bytes()
        png = vl_convert.svg_to_png(svg, scale=scale)
        if png_file is not None:
            write_atomically(png_file, png)
        return png

    def render_bars(self, bars: BarChart, format_locale: dict[str, Any]) -> RenderedChart:
        """One rendering's SVG (one line) and spec, from the cache when possible."""
        key = self.key(bars, format_locale)
        if key in self._memory:  # asked again in this build: not counted twice
            return self._memory[key]
        svg_file = self.cache_dir / f"{key}.svg" if self.cache_dir else None
        spec_file = self.cache_dir / f"{key}.json" if self.cache_dir else None
        if svg_file and spec_file and svg_file.is_file() and spec_file.is_file():
            self.hits += 1
            result = RenderedChart(
                svg_file.read_text(encoding="utf-8"), spec_file.read_text(encoding="utf-8")
            )
        else:
            spec = bars.spec(self.cache_dir)
            svg = vl_convert.vegalite_to_svg(spec, format_locale=format_locale)
            # One line: Markdown keeps a raw HTML block whole.
            result = RenderedChart(" ".join(svg.split("\n")), json.dumps(spec, sort_keys=True))
            self.rendered += 1
            if svg_file and spec_file:
                write_atomically(spec_file, result.spec_json)
                write_atomically(svg_file, result.svg)
        self._memory[key] = result
        return result

    def forget(self) -> None:
        """Drop the renderings kept for this report (they are asked for several times while
        it renders); a build of 1,000 reports would otherwise hold every chart's SVG."""
        self._memory.clear()

    def vega_bundle(self) -> str | Path:
        """Vega, Vega-Lite and Vega-Embed as one script, served by the site itself.

        Building it takes seconds, so it is cached per vl-convert version: with a cache,
        the cached file (0.9 MB, which the site links to rather than copies); without,
        the script itself.
        """
        cached = self.cache_dir / f"vega-{VL_CONVERT_VERSION}.js" if self.cache_dir else None
        if cached is not None and cached.is_file():
            return cached
        script = vl_convert.javascript_bundle("window.vegaEmbed = vegaEmbed;")
        if cached is None:
            return script
        write_atomically(cached, script)
        return cached


def framed_svg(svg: str, title: str, subtitle: str, notes: list[str]) -> str:
    """A chart's SVG made to stand on its own as a file: its title and unit above it,
    and below it the notes it needs away from its page (the derived mark's legend,
    the source, the page's address, the licence). Long notes wrap."""
    match = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg)
    inner_width, inner_height = (float(match[1]), float(match[2])) if match else (600.0, 300.0)
    width = max(inner_width, 480.0)
    pad, note_size, line = 12.0, 10.0, 14.0
    header = pad + 18 + (16 if subtitle else 0) + 8
    per_line = max(20, int((width - 2 * pad) / (note_size * 0.6)))
    lines = [part for note in notes if note for part in textwrap.wrap(note, per_line)]
    height = header + inner_height + pad + line * len(lines) + pad
    texts = [
        f'<text x="{pad}" y="{pad + 14}" font-size="16" font-weight="bold">{xml_escape(title)}'
        "</text>"
    ]
    if subtitle:
        texts.append(
            f'<text x="{pad}" y="{pad + 32}" font-size="12" fill="#555">'
            f"{xml_escape(subtitle)}</text>"
        )
    top = header + inner_height + pad
    texts += [
        f'<text x="{pad}" y="{top + line * (i + 1) - 3}" font-size="{note_size}" fill="#333">'
        f"{xml_escape(text)}</text>"
        for i, text in enumerate(lines)
    ]
    body = re.sub(r"^<\?xml[^>]*>\s*", "", svg.strip())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
        f'viewBox="0 0 {width:g} {height:g}" font-family="sans-serif">'
        f'<rect width="100%" height="100%" fill="#fff"/>{"".join(texts)}'
        f'<g transform="translate(0,{header:g})">{body}</g></svg>'
    )
