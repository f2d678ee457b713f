"""Release notes a reader can read: the changes between two editions, in one language.

Names are display names, money has its currency and magnitude, percentages
change in percentage points, text changes are summarized per section. The
result is Markdown with every value escaped; it goes into
``RELEASE_NOTES-VERSION.<lang>.md`` and the site's "what changed" page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal

from marketsite.data.areas import GLOBAL, area_name
from marketsite.data.dataset import Dataset, Report
from marketsite.data.figure import Figure, parse_figure
from marketsite.data.text_model import name_text
from marketsite.derivation.attribution import source_entries
from marketsite.derivation.derive import derive
from marketsite.derivation.editor_notes import editor_notes, second_wordings
from marketsite.derivation.escape import gfm_escape
from marketsite.derivation.figures import FigureFormat
from marketsite.derivation.locale import Formatter, translations
from marketsite.derivation.prose import Gettext, ReportView, capfirst
from marketsite.editions.changes import CHANGE_KINDS, Change, ChangeKind
from marketsite.editions.diff import NAME_GRAMMAR_RE, SHARED_NAMES, cagr_key

#: Between the value before and the value after, in every line of the notes.
ARROW = " → "

#: Text sections no reader sees as such: display names are told as names
#: (:attr:`ChangeKind.NAME`), and ``not_figures`` only quiets a check.
UNSEEN_SECTIONS = frozenset({"names", "not_figures"})

#: Meta fields told from each edition's data as the page tells them.
READER_TOLD = frozenset({"sources", "changes", "second_wordings", "acknowledged"})

#: Where a report's page is for readers of a language (None: not linked).
ReportLink = Callable[[str], str | None]


class _Side:
    """One edition of one report, as a reader's view in one language."""

    def __init__(self, report: Report | None, dataset: Dataset, lang: str) -> None:
        self.report = report
        self.view: ReportView | None = None
        if report is not None and lang in report.texts:
            catalog = translations(lang)
            self.view = ReportView(
                derive(report),
                lang,
                report.names(dataset.names, lang),
                Formatter.for_tag(lang),
                Gettext(catalog.gettext, catalog.ngettext),
            )


def _same_measure(old: _Side, new: _Side) -> bool:
    """Whether both editions measure sizes in one currency and unit (only then is a
    change in percent meaningful)."""
    if old.report is None or new.report is None:
        return False
    of, nf = old.report.facts, new.report.facts
    return (of.currency, of.unit) == (nf.currency, nf.unit)


def _figure(value: object) -> Figure | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return parse_figure(value if not isinstance(value, float) else repr(value))
    except ValueError:
        return None


def _signed(text: str, value: float) -> str:
    return f"+{text}" if value > 0 else text


def _quantized(value: float, decimals: int) -> Figure:
    quantum = Decimal(1).scaleb(-decimals)
    return Figure(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_EVEN))


class ReleaseNotes:
    """The notes of one edition in one language."""

    def __init__(
        self, old: Dataset, new: Dataset, lang: str, link: ReportLink | None = None
    ) -> None:
        self.old, self.new, self.lang = old, new, lang
        self.link = link
        catalog = translations(lang)
        self._ = catalog.gettext
        self.ngettext = catalog.ngettext
        self.fmt = Formatter.for_tag(lang)

    # --- numbers -------------------------------------------------------------------------

    def _amount(self, side: _Side, figure: Figure | None) -> str:
        if figure is None or side.view is None:
            return "—"
        return side.view.fig.amount(figure)

    def _percent(self, figure: Figure | None) -> str:
        fig = FigureFormat(self.fmt.locale, self._)
        return fig.percent(figure) if figure is not None else "—"

    def _relative(self, old: Figure | None, new: Figure | None) -> str:
        if old is None or new is None or not old.anchor or new.anchor is None:
            return ""
        change = (new.anchor - old.anchor) / abs(old.anchor) * 100
        return " (" + _signed(self._percent(_quantized(change, 1)), change) + ")"

    def _points(self, old: Figure | None, new: Figure | None) -> str:
        if old is None or new is None or old.anchor is None or new.anchor is None:
            return ""
        change = new.anchor - old.anchor
        decimals = max(old.decimals, new.decimals, 1)
        fig = FigureFormat(self.fmt.locale, self._)
        number = _signed(fig.number(_quantized(change, decimals)), change)
        return " (" + self._("%(points)s pp") % {"points": number} + ")"

    # --- names ---------------------------------------------------------------------------

    def _item_name(self, side: _Side, key: str) -> str:
        """Display name of ``regions.<id>`` or ``segments.<dim>.<id>``."""
        label, item_id = key.rsplit(".", 1)
        if side.view is None:
            return item_id
        if label == "regions":
            return side.view.region_name(item_id)
        names = side.view.names.segments
        return name_text(names[item_id]) if item_id in names else item_id

    def _set_name(self, side: _Side, label: str) -> str:
        if label == "regions":
            return self._("region")
        dimension = label.split(".", 1)[1]
        if side.view is not None and dimension in side.view.names.dimensions:
            return side.view.dimension_name(dimension)
        return dimension

    def _development(self, side: _Side, key: str, short: bool = False) -> str:
        """A development by its text (``short``: its first sentence, at most 80 characters)."""
        if side.view is None:
            return key
        text = side.view.text.developments.get(key)
        if not text:
            return key
        plain = " ".join(side.view.plain(text).split())
        if short:
            first = plain.split(". ", 1)[0].rstrip(".")
            plain = first if len(first) <= 80 else first[:79].rsplit(" ", 1)[0] + " …"
        return plain

    def _country(self, code: object) -> str:
        return self.fmt.country(str(code)) if code else "—"

    def _date(self, value: object) -> str:
        return self.fmt.stated_date(str(value)) or str(value)

    # --- lines ---------------------------------------------------------------------------

    def line(self, change: Change, old: _Side, new: _Side) -> str | None:
        """One change as a sentence of the notes (None for those summarized elsewhere),
        in the words :data:`marketsite.editions.changes.CHANGE_KINDS` names for its kind."""
        method = CHANGE_KINDS[change.kind].note
        if not method:
            return None
        words: Callable[[Change, _Side, _Side], str | None] = getattr(self, method)
        return words(change, old, new)

    def size_line(self, change: Change, old: _Side, new: _Side) -> str:
        _, key = self._, change.field
        before = _figure(change.old) if old.report else None
        after = _figure(change.new)
        label = _("Market size %(year)s") % {"year": key}
        if change.old is None:
            return f"{label}: " + _("new, %(value)s") % {"value": self._amount(new, after)}
        if change.new is None:
            return f"{label}: " + _("removed (was %(value)s)") % {
                "value": self._amount(old, before)
            }
        text = (
            f"{label}: {self._amount(old, self._stated_size(old, key))}{ARROW}"
            f"{self._amount(new, self._stated_size(new, key))}"
        )
        if not _same_measure(old, new):
            return text  # another currency or unit: a change in percent would mislead
        return text + self._relative(self._stated_size(old, key), self._stated_size(new, key))

    def item_size_line(self, change: Change, old: _Side, new: _Side) -> str:
        item, year = change.field.rsplit(".", 1)
        label = self._("Market size – %(name)s, %(year)s") % {
            "name": self._item_name(new if new.report else old, item),
            "year": year,
        }
        before, after = _figure(change.old), _figure(change.new)
        text = f"{label}: {self._amount(old, before)}{ARROW}{self._amount(new, after)}"
        return text + (self._relative(before, after) if _same_measure(old, new) else "")

    def rate_line(self, change: Change, old: _Side, new: _Side) -> str:
        """A CAGR, a share or an item's CAGR: before and after, and the change in points."""
        _, kind, key = self._, change.kind, change.field
        before, after = _figure(change.old), _figure(change.new)
        if kind == ChangeKind.CAGR:
            label = _("CAGR %(period)s") % {"period": key}
            before, after = self._cagr(old, key) or before, self._cagr(new, key) or after
        elif kind == ChangeKind.SHARE:
            label = _("Share – %(name)s") % {"name": self._item_name(new, key)}
            before, after = self._share(old, key), self._share(new, key)
        else:
            label = _("CAGR – %(name)s") % {"name": self._item_name(new, key)}
            before = _figure(str(change.old).split(" (")[0]) if change.old else None
            after = _figure(str(change.new).split(" (")[0]) if change.new else None
        text = f"{label}: {self._percent(before)}{ARROW}{self._percent(after)}"
        return text + self._points(before, after)

    def share_year_line(self, change: Change, old: _Side, new: _Side) -> str:
        label = self._("Year of the shares by %(dimension)s") % {
            "dimension": self._set_name(new, change.field)
        }
        return f"{label}: {change.old or '—'}{ARROW}{change.new or '—'}"

    def item_line(self, change: Change, old: _Side, new: _Side) -> str:
        _, key = self._, change.field
        label_key = key.rsplit(".", 1)[0]
        if change.old is None:
            name = self._item_name(new, key)
            if label_key == "regions":
                return _("New region: %(name)s") % {"name": name}
            return _("New segment by %(dimension)s: %(name)s") % {
                "dimension": self._set_name(new, label_key),
                "name": name,
            }
        name = self._item_name(old, key)
        if label_key == "regions":
            return _("Region removed: %(name)s") % {"name": name}
        return _("Segment removed: %(name)s") % {"name": name}

    def flag_line(self, change: Change, old: _Side, new: _Side) -> str:
        # The name comes last, so no verb has to agree with it ("… are now called").
        _ = self._
        item_key, flag = change.field.rsplit(".", 1)
        name = self._item_name(new, item_key)
        if flag == "fastest":
            text = _("Now named the fastest-growing: %(name)s")
            if not change.new:
                text = _("No longer named the fastest-growing: %(name)s")
        else:
            text = _("Now takes the rest of the market: %(name)s")
            if not change.new:
                text = _("No longer takes the rest of the market: %(name)s")
        return text % {"name": name}

    def item_order_line(self, change: Change, old: _Side, new: _Side) -> str:
        label = change.field
        order = ", ".join(self._item_name(new, f"{label}.{i}") for i in str(change.new).split(", "))
        if label == "regions":
            return self._("Order of the regions: %(order)s") % {"order": order}
        return self._("Order of the segments by %(dimension)s: %(order)s") % {
            "dimension": self._set_name(new, label),
            "order": order,
        }

    def name_line(self, change: Change, old: _Side, new: _Side) -> str | None:
        if change.lang != self.lang:
            return None
        _ = self._
        group = change.field.split(".", 1)[0]
        label = {
            "regions": _("Name of a region"),
            "dimensions": _("Name of a segmentation"),
            "segments": _("Name of a segment"),
            "sectors": _("Name of the sector"),
        }[group]

        def shown(value: object) -> str:
            return "—" if value is None else NAME_GRAMMAR_RE.sub("", str(value), count=1)

        if shown(change.old) == shown(change.new):
            return None  # only its grammar changed: readers see it in the sentences
        return f"{label}: {shown(change.old)}{ARROW}{shown(change.new)}"

    def player_rename_line(self, change: Change, old: _Side, new: _Side) -> str:
        return self._("Company renamed") + f": {change.old}{ARROW}{change.new}"

    def player_line(self, change: Change, old: _Side, new: _Side) -> str:
        _, key = self._, change.field
        if change.old is None:
            country = f" ({self._country(change.new)})" if change.new else ""
            return _("New company: %(name)s") % {"name": key} + country
        return _("Company removed: %(name)s") % {"name": key}

    def player_country_line(self, change: Change, old: _Side, new: _Side) -> str:
        return (
            self._("Headquarters of %(name)s") % {"name": change.field}
            + f": {self._country(change.old)}{ARROW}{self._country(change.new)}"
        )

    def player_order_line(self, change: Change, old: _Side, new: _Side) -> str:
        return self._("Order of the key companies: %(order)s") % {"order": change.new}

    def development_line(self, change: Change, old: _Side, new: _Side) -> str:
        _, key = self._, change.field
        if change.old is None:
            return _("New development (%(date)s): %(text)s") % {
                "date": self._date(change.new),
                "text": self._development(new, key),
            }
        return _("Development removed (%(date)s): %(text)s") % {
            "date": self._date(change.old),
            "text": self._development(old, key),
        }

    def development_date_line(self, change: Change, old: _Side, new: _Side) -> str:
        return (
            self._("Development re-dated (%(text)s)")
            % {"text": self._development(new, change.field, short=True)}
            + f": {self._date(change.old)}{ARROW}{self._date(change.new)}"
        )

    def development_company_line(self, change: Change, old: _Side, new: _Side) -> str:
        return (
            self._("Company of a development (%(text)s)")
            % {"text": self._development(new, change.field, short=True)}
            + f": {change.old or '—'}{ARROW}{change.new or '—'}"
        )

    def figure_line(self, change: Change, old: _Side, new: _Side) -> str | None:
        # A figure is told as readers see it in the text, in their language.
        key = change.field.removesuffix(".unit")

        def shown(side: _Side) -> str:
            if side.view is None or key not in side.view.facts.figures:
                return "—"
            return side.view.expand("{" + key + "}")

        if shown(old) == shown(new):
            return None  # a unit that reads the same ("percent" and "share")
        return self._("Figure in the text") + f": {shown(old)}{ARROW}{shown(new)}"

    def meta_line(self, change: Change, old: _Side, new: _Side) -> str | None:
        return self._meta(change, old, new)

    def _stated_size(self, side: _Side, year: str) -> Figure | None:
        if side.report is None:
            return None
        facts = side.report.facts
        stated = next((p.value for p in facts.market_size if str(p.year) == year), None)
        if stated is not None:
            return stated
        return next((p.value for p in side.report.series if str(p.year) == year), None)

    def _cagr(self, side: _Side, period: str) -> Figure | None:
        if side.report is None:
            return None
        facts = side.report.facts
        return next((c.value for c in facts.cagr if cagr_key(facts, c) == period), None)

    def _share(self, side: _Side, key: str) -> Figure | None:
        if side.report is None:
            return None
        label, item_id = key.rsplit(".", 1)
        shares = side.report.facts.share_sets().get(label)
        item = next((i for i in shares.items if i.id == item_id), None) if shares else None
        return item.share if item else None

    def _meta(self, change: Change, old: _Side, new: _Side) -> str | None:
        _ = self._
        labels = {
            "currency": _("Currency"),
            "unit": _("Unit"),
            "base_year": _("Base year"),
            "forecast": _("Forecast period"),
            "historical_data": _("Historical data available"),
            "regional_coverage": _("Regional coverage"),
            "sector": _("Sector"),
            "published": _("Publication date"),
            "updated": _("Date of the update"),
            "sources": _("Sources"),
            "changes": _("Changes the publisher states"),
            "second_wordings": _("Figures the publisher also states otherwise"),
            "acknowledged": _("Editor's notes"),
        }
        if change.field in READER_TOLD:
            # Told as the page tells them, from each edition's data: names, dates and
            # figures in the reader's words, never the tool's one-line summary.
            before, after = self._told(change.field, old), self._told(change.field, new)
            if before == after:
                return None  # e.g. the editors' reason for a note: not shown to readers
            return f"{labels[change.field]}: {before or '—'}{ARROW}{after or '—'}"
        if change.field.endswith(".status"):
            year = change.field.split(".")[1]
            label = _("Status of the market size %(year)s") % {"year": year}
        else:
            label = labels.get(change.field, change.field)

        def shown(value: object, side: _Side) -> str:
            """The value in the reader's words: names, not ids; no English word in
            another language's notes."""
            if value is None:
                return "—"
            if isinstance(value, bool):
                return _("Yes") if value else _("No")
            if change.field in ("published", "updated"):
                return self._date(value)  # "January 2026", "12 January 2026"
            if change.field == "sector" and side.view is not None:
                return name_text(side.view.names.sectors.get(str(value), str(value)))
            if change.field == "regional_coverage":
                area = str(value)
                return _("Global") if area == GLOBAL else area_name(area, self.lang)
            if change.field == "unit" or change.field.endswith(".status"):
                # The catalog's words: "billion" -> "Milliarden", "estimate" -> "Schätzung".
                return {
                    "thousand": _("thousand"),
                    "million": _("million"),
                    "billion": _("billion"),
                    "actual": _("actual"),
                    "estimate": _("estimate"),
                    "forecast": _("forecast"),
                }.get(str(value), str(value))
            return str(value)

        return f"{label}: {shown(change.old, old)} → {shown(change.new, new)}"

    def _told(self, field: str, side: _Side) -> str:
        """What the page of ``side`` says of ``field`` (one of :data:`READER_TOLD`)."""
        view = side.view
        if view is None:
            return ""
        if field == "sources":
            for_ = self._(" (for: %(figures)s)")
            return "; ".join(entry.plain(for_) for entry in source_entries(view))
        if field == "changes":
            return "; ".join(
                f"{view.change_label(c)}: {view.fig.percent(c.value)}" for c in view.facts.changes
            )
        if field == "second_wordings":
            return " ".join(second_wordings(view))
        return " ".join(editor_notes(view)[len(second_wordings(view)) :])

    def _text_summary(self, changes: list[Change]) -> str | None:
        _ = self._
        sections = {
            "market_name": _("Market name"),
            "slug": _("Web address"),
            "summary": _("Summary"),
            "overview": _("Market overview"),
            "key_findings": _("Key findings"),
            "covid_impact": _("Impact of COVID-19"),
            "latest_trends": _("Latest trends"),
            "segments": _("Market segmentation"),
            "dynamics": _("Market dynamics"),
            "regions": _("Regional insights"),
            "players_intro": _("Key industry players"),
            "developments": _("Key industry developments"),
            "report_coverage": _("Report coverage"),
            "methodology": _("Research methodology"),
            "faq": _("Frequently asked questions"),
        }
        counts = Counter(
            c.section or ""
            for c in changes
            if c.lang == self.lang and c.section not in UNSEEN_SECTIONS
        )
        if not counts:
            return None
        parts = [
            self.ngettext("%(section)s (%(count)s change)", "%(section)s (%(count)s changes)", n)
            % {"section": sections.get(section, section), "count": n}
            for section, n in counts.items()
        ]
        return _("Text revised: %(sections)s") % {"sections": self.fmt.join(parts)}

    # --- the whole notes -----------------------------------------------------------------

    def sections(self, changes: list[Change]) -> list[tuple[str, str, list[str]]]:
        """The notes as (report id, report name, lines) in plain words, each line said
        once; reports with no change a reader sees are left out."""
        old_reports = {r.report_id: r for r in self.old.reports}
        new_reports = {r.report_id: r for r in self.new.reports}
        grouped: dict[str, list[Change]] = {}
        for change in changes:
            if change.report != SHARED_NAMES:  # a name no report shows: nothing to read
                grouped.setdefault(change.report, []).append(change)
        found = []
        for report_id, items in grouped.items():
            old = _Side(old_reports.get(report_id), self.old, self.lang)
            new = _Side(new_reports.get(report_id), self.new, self.lang)
            lines: list[str] = []
            for change in items:
                if change.kind == ChangeKind.REPORT:
                    text = self._("New report") if change.old is None else self._("Report removed")
                    lines.append(text)
                    continue
                line = self.line(change, old, new)
                if line and line not in lines:
                    lines.append(line)
            summary = self._text_summary([c for c in items if c.kind == ChangeKind.TEXT])
            if summary:
                lines.append(summary)
            if lines:
                shown = new if new.view is not None else old
                name = capfirst(shown.view.market) if shown.view else report_id
                found.append((report_id, name, lines))
        return found

    def _target(self, report_id: str) -> str | None:
        """A report's address for its heading (a report the new edition lacks has none)."""
        if self.link is None or not any(r.report_id == report_id for r in self.new.reports):
            return None
        return self.link(report_id)

    def markdown(self, changes: list[Change], heading_level: int = 2) -> str:
        """The changes as Markdown: a heading per report (linked to its page when the
        notes have a :data:`ReportLink`), a list item per change."""
        out: list[str] = []
        for report_id, name, lines in self.sections(changes):
            target = self._target(report_id)
            heading = f"[{gfm_escape(name)}]({target})" if target else gfm_escape(name)
            out += ["#" * heading_level + " " + heading, ""]
            out += [f"- {gfm_escape(line)}" for line in lines] + [""]
        if not out:
            return gfm_escape(self._("No changes to the data.")) + "\n"
        return "\n".join(out)

    def text(self, changes: list[Change]) -> str:
        """The changes as plain text, for an e-mail or a newsletter: each report's name
        (and address), then its changes; nothing escaped."""
        out: list[str] = []
        for report_id, name, lines in self.sections(changes):
            target = self._target(report_id)
            out += [name, "=" * len(name)]
            out += [target, ""] if target else [""]
            out += [f"- {' '.join(line.split())}" for line in lines] + [""]
        if not out:
            return self._("No changes to the data.") + "\n"
        return "\n".join(out)


def release_notes(
    changes: list[Change],
    old: Dataset,
    new: Dataset,
    lang: str,
    heading_level: int = 2,
    link: ReportLink | None = None,
    plain: bool = False,
) -> str:
    """The changes between two editions as Markdown in ``lang`` (``plain``: as plain
    text); ``link`` gives a report's address for its heading."""
    notes = ReleaseNotes(old, new, lang, link)
    return notes.text(changes) if plain else notes.markdown(changes, heading_level)
