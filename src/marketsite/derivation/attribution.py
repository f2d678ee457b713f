"""Who stands behind a report's figures, in words: its sources as the data names them,
and the site's publisher as the one who compiled and checked them.

A report without sources keeps the site's own wording ("Source: <publisher>."). With
sources, every place that names a source names the original one (the page, the
print colophon, the sample PDF, the citation files, the structured data and the
downloads' source column), and the publisher is named as compiler.
"""

from __future__ import annotations

from dataclasses import dataclass

from marketsite.data.model import ReportSource
from marketsite.derivation.escape import SafeMarkdown, md_escape
from marketsite.derivation.prose import ReportView


@dataclass(frozen=True)
class SourceEntry:
    """One source as a reader sees it: the text before its link, the linked title, the
    text after, and the figures it stands behind when it is not the first source."""

    lead: str
    title: str
    url: str | None
    details: str
    figures: tuple[str, ...]

    def plain(self, for_template: str) -> str:
        """One line of plain text (PDF, citation notes, structured data)."""
        text = self.lead + self.title + (f", {self.url}" if self.url else "") + self.details
        figures = for_template % {"figures": ", ".join(self.figures)} if self.figures else ""
        return text + figures


def source_entries(view: ReportView) -> list[SourceEntry]:
    """The report's sources in the editor's order; the first stands behind every figure
    that names no other."""
    _ = view._
    named = _figures_by_source(view)
    entries = []
    for index, source in enumerate(view.facts.sources):
        # The language's quotation marks come from its catalog (CLDR's are not in Babel).
        title = _("“%(title)s”") % {"title": source.title} if source.title else ""
        details = []
        if source.report_id:
            details.append(_("report %(id)s") % {"id": source.report_id})
        if source.published:
            details.append(view.fmt.stated_date(source.published) or source.published)
        text = ", ".join(details)
        if source.accessed:
            accessed = _("accessed %(date)s") % {
                "date": view.fmt.stated_date(source.accessed) or source.accessed
            }
            text = f"{text} ({accessed})" if text else accessed
        lead = source.organisation + (": " if title else "")
        figures = () if index == 0 else tuple(named.get(source.id or "", []))
        entries.append(SourceEntry(lead, title, source.url, f", {text}" if text else "", figures))
    return entries


def _figures_by_source(view: ReportView) -> dict[str, list[str]]:
    """The figures that name a source of their own, by source id, in reader's words."""
    _ = view._
    found: dict[str, list[str]] = {}
    for point in view.d.sizes:
        if point.source:
            label = _("market size %(year)s") % {"year": view.fmt.year(point.year)}
            found.setdefault(point.source, []).append(label)
    for growth in view.d.cagrs:
        if growth.source:
            found.setdefault(growth.source, []).append(view.cagr_label(growth))
    for change in view.facts.changes:
        if change.source:
            found.setdefault(change.source, []).append(view.change_label(change))
    for kind in [*view.d.segments, "regions"]:
        for item in view.shares(kind).items:
            name = view.item_name(kind, item.id)
            if item.source:
                label = _("share of %(name)s") % {"name": name}
                found.setdefault(item.source, []).append(label)
            if item.cagr is not None and item.cagr.source:
                label = view.contract(
                    _("CAGR of %(name)s") % {"name": view.item_dative(kind, item.id)}
                )
                found.setdefault(item.cagr.source, []).append(label)
    return found


def source_sentence(view: ReportView, publisher: str) -> str:
    """The source line in plain text: "Source: IEA: “Heat Pumps 2025”, … Compiled and
    checked by <publisher>." Without sources: "Source: <publisher>." ("" without either)."""
    _ = view._
    entries = source_entries(view)
    if not entries:
        return _("Source: %(publisher)s.") % {"publisher": publisher} if publisher else ""
    for_ = _(" (for: %(figures)s)")
    text = (_("Source: %(sources)s.") if len(entries) == 1 else _("Sources: %(sources)s.")) % {
        "sources": "; ".join(entry.plain(for_) for entry in entries)
    }
    if publisher:
        text += " " + _("Compiled and checked by %(publisher)s.") % {"publisher": publisher}
    return text


def source_note(view: ReportView, publisher: str) -> SafeMarkdown:
    """The page's "Source and citation" paragraph, as escaped Markdown with linked
    titles; the figures belong to the sources (or the publisher), derived ones marked."""
    _ = view._
    entries = source_entries(view)
    mark = {"mark": "*"}
    if not entries:
        sentence = source_sentence(view, publisher)
        rest = _(
            "The figures are the publisher's, as stated; figures marked %(mark)s, and "
            "sentences that say so, are derived from them."
        )
        return SafeMarkdown(" ".join(p for p in (md_escape(sentence), md_escape(rest % mark)) if p))
    for_ = _(" (for: %(figures)s)")
    items = []
    for entry in entries:
        # md_escape trims its text, so the pieces' own spaces are kept apart from it. The
        # address passed the pattern of WebAddress: no spaces, brackets or quotes.
        title = str(md_escape(entry.title))
        if entry.url and entry.title:
            title = f" [{title}]({entry.url})"
        elif entry.url:
            title = f", <{entry.url}>"
        elif title:
            title = f" {title}"
        figures = for_ % {"figures": ", ".join(entry.figures)} if entry.figures else ""
        rest = md_escape(entry.details + figures)
        if rest and not rest.startswith(","):
            rest = SafeMarkdown(f" {rest}")
        items.append(f"- {md_escape(entry.lead)}{title}{rest}")
    heading = _("Source:") if len(entries) == 1 else _("Sources:")
    closing = []
    if publisher:
        closing.append(_("Compiled and checked by %(publisher)s.") % {"publisher": publisher})
    closing.append(
        _(
            "The figures are the sources', as stated; figures marked %(mark)s, and "
            "sentences that say so, are derived from them."
        )
        % mark
    )
    body = "\n".join(items)
    return SafeMarkdown(f"{md_escape(heading)}\n\n{body}\n\n{md_escape(' '.join(closing))}")


def based_on(view: ReportView) -> str:
    """What a citation of the page adds: "Based on: <sources>." ("" without sources)."""
    entries = source_entries(view)
    if not entries:
        return ""
    for_ = view._(" (for: %(figures)s)")
    return view._("Based on: %(sources)s.") % {
        "sources": "; ".join(entry.plain(for_) for entry in entries)
    }


def source_word(view: ReportView, figure_published: bool, source_id: str | None) -> str | None:
    """A source column's word for a published figure of a report with sources:
    "published by IEA"; None where today's wording stands (no sources, or derived)."""
    origin: ReportSource | None = view.facts.source_of(source_id)
    if not figure_published or origin is None:
        return None
    return view._("published by %(source)s") % {"source": origin.organisation}
