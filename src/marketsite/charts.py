"""Charts: Altair specs from derived facts, rendered offline to SVG by vl-convert.

Specs are built per locale (titles, names and number formats follow the page's
language); rendering needs neither a browser nor the network. Rendered SVGs
are cached by the content hash of everything that shapes them, so a rebuild
with unchanged data renders nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import vl_convert
from babel import Locale
from babel.numbers import (
    format_compact_decimal,
    format_decimal,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    parse_pattern,
)

from marketsite.model import MAGNITUDES

CHART_WIDTH = 520


@dataclass(frozen=True)
class ChartTable:
    """The data behind a chart, as a reader-facing table (already formatted)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    """One chart of a report in one locale: its spec, its text alternative, its data."""

    chart_id: str
    title: str
    description: str
    bars: BarChart
    format_locale: dict[str, Any]
    table: ChartTable


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


def magnitude_word(locale: Locale, unit: str) -> str:
    """CLDR's plural magnitude word for the report unit: "Milliarden", "billion"."""
    two = format_decimal(2, locale=locale)
    text = format_compact_decimal(2 * MAGNITUDES[unit], format_type="long", locale=locale)
    return text.replace(two, "", 1).strip()


@dataclass(frozen=True)
class BarChart:
    """A labelled bar chart, described by its inputs; the Vega-Lite spec is built on demand.

    Keeping the inputs lets the renderer find a cached SVG without building the
    spec at all (building it with Altair costs more than looking it up).
    """

    categories: tuple[str, ...]
    values: tuple[float, ...]
    category_title: str
    value_title: str
    value_format: str
    horizontal: bool = False

    def spec(self) -> dict[str, Any]:
        """The Vega-Lite spec (categories keep their order)."""
        frame = pd.DataFrame({"category": list(self.categories), "value": list(self.values)})
        order = list(self.categories)
        axis = alt.Axis(format=self.value_format, tickCount=5)
        encoding: tuple[alt.X, alt.Y] | tuple[alt.Y, alt.X]
        if self.horizontal:
            encoding = (
                alt.Y("category:N", title=self.category_title, sort=order),
                alt.X("value:Q", title=self.value_title, axis=axis),
            )
        else:
            encoding = (
                alt.X(
                    "category:N", title=self.category_title, sort=order, axis=alt.Axis(labelAngle=0)
                ),
                alt.Y("value:Q", title=self.value_title, axis=axis),
            )
        tooltip = [
            alt.Tooltip("category:N", title=self.category_title),
            alt.Tooltip("value:Q", title=self.value_title, format=self.value_format),
        ]
        base = alt.Chart(frame).encode(*encoding, tooltip=tooltip)
        bars = base.mark_bar(color="#3f51b5")
        labels = base.mark_text(
            align="left" if self.horizontal else "center",
            baseline="middle" if self.horizontal else "bottom",
            dx=4 if self.horizontal else 0,
            dy=0 if self.horizontal else -3,
            color="#222",
        ).encode(text=alt.Text("value:Q", format=self.value_format))
        height = 28 * len(frame) if self.horizontal else 240
        chart = (bars + labels).properties(width=CHART_WIDTH, height=height)
        # Tests build every kind of chart with validation on (see test_charts_downloads);
        # here it would cost more than rendering.
        return chart.configure_view(stroke=None).to_dict(validate=False)


VL_CONVERT_VERSION = metadata.version("vl-convert-python")
#: Changes to this module change every cache key, so no stale SVG survives a code change.
_CODE_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@dataclass(frozen=True)
class RenderedChart:
    """A chart as static SVG (shown without JavaScript) and as the spec Vega embeds."""

    svg: str
    spec_json: str


@dataclass
class ChartRenderer:
    """Renders charts to SVG (and keeps their specs) through a content-addressed cache."""

    cache_dir: Path | None = None
    hits: int = 0
    rendered: int = 0
    _memory: dict[str, RenderedChart] = field(default_factory=dict)

    def key(self, chart: Chart) -> str:
        """Content hash of everything that shapes the chart."""
        payload = json.dumps(
            [asdict(chart.bars), chart.format_locale, VL_CONVERT_VERSION, _CODE_VERSION],
            sort_keys=True,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def render(self, chart: Chart) -> RenderedChart:
        """The chart's SVG (one line) and spec, from the cache when possible."""
        key = self.key(chart)
        if key in self._memory:
            self.hits += 1
            return self._memory[key]
        svg_file = self.cache_dir / f"{key}.svg" if self.cache_dir else None
        spec_file = self.cache_dir / f"{key}.json" if self.cache_dir else None
        if svg_file and spec_file and svg_file.is_file() and spec_file.is_file():
            self.hits += 1
            result = RenderedChart(
                svg_file.read_text(encoding="utf-8"), spec_file.read_text(encoding="utf-8")
            )
        else:
            spec = chart.bars.spec()
            svg = vl_convert.vegalite_to_svg(spec, format_locale=chart.format_locale)
            # One line: Markdown keeps a raw HTML block whole.
            result = RenderedChart(" ".join(svg.split("\n")), json.dumps(spec, sort_keys=True))
            self.rendered += 1
            if svg_file and spec_file:
                _write_atomically(spec_file, result.spec_json)
                _write_atomically(svg_file, result.svg)
        self._memory[key] = result
        return result

    def vega_bundle(self) -> str:
        """Vega, Vega-Lite and Vega-Embed as one script, served by the site itself.

        Building it takes seconds, so it is cached per vl-convert version.
        """
        cached = self.cache_dir / f"vega-{VL_CONVERT_VERSION}.js" if self.cache_dir else None
        if cached is not None and cached.is_file():
            return cached.read_text(encoding="utf-8")
        bundle = vl_convert.javascript_bundle("window.vegaEmbed = vegaEmbed;")
        if cached is not None:
            _write_atomically(cached, bundle)
        return bundle


def _write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file and rename: parallel locale builds share the cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, path)
