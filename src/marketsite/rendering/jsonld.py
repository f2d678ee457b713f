"""Structured data of a report page: schema.org ``Dataset`` and ``FAQPage`` as JSON-LD.

Each market size and growth rate is a ``PropertyValue`` with the number as
written; a qualifier becomes ``minValue``/``maxValue`` (and words in its
description); a figure marketsite derived says so in ``measurementTechnique``.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from marketsite.data.figure import MAGNITUDES, Figure
from marketsite.data.model import ReportSource
from marketsite.derivation.derive import STATED_OR_IMPLIED
from marketsite.derivation.editor_notes import editor_notes
from marketsite.derivation.escape import SafeMarkdown
from marketsite.derivation.prose import ReportView
from marketsite.derivation.sections import ReportSections

_WHITESPACE = re.compile(r"[ \t\r\n]+")
_MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class DownloadLink:
    """A file offered on a report page: its label and its URL relative to the section."""

    label: str
    href: str


def json_for_html(value: object) -> Markup:
    """JSON that cannot end its <script> element early: safe to put into HTML as it is."""
    text = json.dumps(value, ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def plain_text(markdown: str) -> str:
    """Escaped Markdown back to plain text, for JSON-LD: list items keep a separator."""
    text = re.sub(r"\\(.)", r"\1", markdown)
    items = re.findall(r"^- (.*)$", text, flags=re.M)
    if items:
        intro = re.sub(r"^- .*$", "", text, flags=re.M).strip()
        text = f"{intro} {'; '.join(item.strip() for item in items)}."
    return html.unescape(_WHITESPACE.sub(" ", text)).strip()


def property_value(
    view: ReportView, name: str, figure: Figure, unit: str, scale: int = 1
) -> dict[str, Any]:
    """A figure as a schema.org PropertyValue: value, bounds, how it was derived."""
    machine = view.fig.machine

    def scaled(number: Decimal | None) -> Any:
        # In decimal: 2.01 billion is 2010000000, where floats make it 2009999999.9999998.
        return machine(number * scale if number is not None else None)

    out: dict[str, Any] = {"@type": "PropertyValue", "name": name, "unitText": unit}
    if figure.qualifier in (None, "about"):
        out["value"] = scaled(figure.value)
    if figure.qualifier in ("more-than", "at-least", "range"):
        out["minValue"] = scaled(figure.value)
    if figure.qualifier in ("less-than", "at-most"):
        out["maxValue"] = scaled(figure.value)
    if figure.qualifier == "range":
        out["maxValue"] = scaled(figure.upper)
    if figure.qualifier is not None:
        out["description"] = view.fig.percent(figure) if unit == "%" else view.fig.amount(figure)
    if figure.derived:
        out["measurementTechnique"] = view._("Derived by us: %(how)s") % {
            "how": view.fig.derivation(figure)
        }
    return out


def report_jsonld(
    sections: ReportSections,
    url: str,
    downloads: list[DownloadLink],
    section_url: str,
    options: Any = None,
) -> list[dict[str, Any]]:
    """The page's JSON-LD blocks (schema.org Dataset, FAQPage, and WebPage with the date
    the page's data last changed) as plain values; the page writes each into a
    ``<script>`` element. ``options`` (RenderOptions) adds the publisher as creator, the
    license and that date."""
    view = sections.view
    facts = view.facts
    lang = str(view.fmt.locale).replace("_", "-")
    measured = [
        property_value(
            view,
            view._("Market size in %(year)s") % {"year": point.year},
            point.figure,
            facts.currency,
            MAGNITUDES[facts.unit],
        )
        for point in view.d.sizes
        if point.figure.derived in STATED_OR_IMPLIED
    ]
    measured += [
        property_value(
            view,
            view.cagr_label(growth),
            growth.figure,
            "%",
        )
        for growth in view.d.cagrs
    ]
    measured += [
        property_value(view, view.change_label(change), change.value, "%")
        for change in facts.changes
    ]
    dataset: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": view.title(),
        "description": view.lead() or view.plain(view.text.summary) or view.heading(),
        "url": url,
        "inLanguage": lang,
        "variableMeasured": measured,
        "distribution": [
            {
                "@type": "DataDownload",
                "name": link.label,
                "encodingFormat": _MEDIA_TYPES[link.href.rsplit(".", 1)[-1]],
                "contentUrl": f"{section_url}{link.href}",
            }
            for link in downloads
        ],
    }
    if facts.published:
        dataset["datePublished"] = facts.published
    if facts.updated:
        dataset["dateModified"] = facts.updated
    publisher = getattr(options, "publisher", "")
    if publisher:
        dataset["creator"] = {"@type": "Organization", "name": publisher}
    license_url = getattr(options, "license_url", "") or getattr(options, "license_name", "")
    if license_url:
        dataset["license"] = license_url
    notes = editor_notes(view)
    if notes:
        # schema.org's Comment: what the editors say about the data, as readers see it.
        dataset["comment"] = [{"@type": "Comment", "text": note} for note in notes]
    based_on = [_creative_work(source) for source in facts.sources]
    if based_on:
        dataset["isBasedOn"] = based_on
    area = view.area_name()
    if area is not None:
        dataset["spatialCoverage"] = {"@type": "Place", "name": area}
    years = [p.year for p in view.d.sizes]
    if facts.forecast:
        dataset["temporalCoverage"] = f"{facts.forecast.start_year}/{facts.forecast.end_year}"
    elif years:
        dataset["temporalCoverage"] = f"{min(years)}/{max(years)}"
    faq = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": lang,
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": plain_text(answer) if isinstance(answer, SafeMarkdown) else answer,
                },
            }
            for question, answer in sections.faq()
        ],
    }
    blocks = [dataset, faq]
    updated = (getattr(options, "report_dates", None) or {}).get(view.d.report_id)
    if updated:
        # The page's own date (its data's last change, from git), apart from the
        # publisher's dates of the report, which the Dataset carries as stated.
        blocks.append(
            {
                "@context": "https://schema.org",
                "@type": "WebPage",
                "url": url,
                "name": view.heading(),
                "inLanguage": lang,
                "dateModified": updated,
            }
        )
    return blocks


def _creative_work(source: ReportSource) -> dict[str, Any]:
    """A source as schema.org describes a publication: its publisher, title, address,
    id and date, as far as stated."""
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "publisher": {"@type": "Organization", "name": source.organisation},
    }
    if source.title:
        work["name"] = source.title
    if source.url:
        work["url"] = source.url
    if source.report_id:
        work["identifier"] = source.report_id
    if source.published:
        work["datePublished"] = source.published
    return work
