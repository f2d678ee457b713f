"""The "what changed" page: every edition's release notes, newest first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from marketsite.derivation.escape import md_escape
from marketsite.derivation.locale import Formatter, translations
from marketsite.rendering.pages import Page, front_matter
from marketsite.rendering.paths import changes_path


def changes_page(history: list[dict[str, Any]], lang: str) -> Page | None:
    """The "what changed" page: every edition's release notes in ``lang``, newest first.

    The notes are Markdown the release built from escaped parts (:mod:`marketsite.editions.notes`).
    """
    if not history:
        return None
    catalog = translations(lang)
    _ = catalog.gettext
    fmt = Formatter.for_tag(lang)
    title = _("What changed")
    description = _("The changes of every edition of the reports, newest first.")
    parts = [front_matter(title=title, description=description), f"# {md_escape(title)}", ""]
    for entry in history:
        day = fmt.day(dt.date.fromisoformat(entry["date"]))
        heading = _("Edition %(version)s of %(date)s") % {"version": entry["version"], "date": day}
        notes = entry["notes"].get(lang, "")
        parts += [f"## {md_escape(heading)}", ""]
        parts += [notes.strip() or md_escape(_("The first edition.")), ""]
    return Page("changes", changes_path(lang), "\n".join(parts), title)
