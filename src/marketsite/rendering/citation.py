"""How to cite a report: a suggestion per language, and BibTeX and RIS files to download.

Only what the data and the site state goes in: the publisher, the title, the
report's URL, the year and date of its last update (or first publication), and
the original sources the figures are based on.
Without a date the citation says so ("n.d." / "o. J.") rather than invent one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from marketsite.derivation.locale import Formatter


@dataclass(frozen=True)
class Citation:
    """What a citation of one report page names."""

    publisher: str
    title: str
    url: str
    lang: str
    date: dt.date | None = None  # last update, else first publication
    month_only: bool = False  # the date has no day
    based_on: str = ""  # "Based on: <the original sources>." ("" without sources)


def citation_text(citation: Citation, gettext: Callable[[str], str], fmt: Formatter) -> str:
    """The suggested citation in the page's language."""
    _ = gettext
    year = str(citation.date.year) if citation.date else _("n.d.")
    text = _("%(publisher)s (%(year)s): %(title)s.") % {
        "publisher": citation.publisher,
        "year": year,
        "title": citation.title,
    }
    if citation.url:
        text += " " + _("Available at: %(url)s") % {"url": citation.url}
    if citation.date is not None:
        day = fmt.month(citation.date) if citation.month_only else fmt.day(citation.date)
        text += ", " + _("as of %(date)s") % {"date": day}
    text += "."
    return f"{text} {citation.based_on}" if citation.based_on else text


def apa_text(citation: Citation, gettext: Callable[[str], str]) -> str:
    """The citation in APA style (7th edition, a report by a group author): "Publisher.
    (2026, March 3). Title. https://…"; "(n.d.)" ("o. J.") without a date."""
    if citation.date is None:
        when = gettext("n.d.")
    elif citation.month_only:
        when = f"{citation.date.year}, {_apa_month(citation.date, citation.lang)}"
    else:
        month, day = _apa_month(citation.date, citation.lang), citation.date.day
        # German writes the day first: "(2026, 3. März)"; English "(2026, March 3)".
        when = f"{citation.date.year}, " + (
            f"{day}. {month}" if citation.lang == "de" else f"{month} {day}"
        )
    text = f"{citation.publisher.rstrip('.')}. ({when}). {citation.title.rstrip('.')}."
    return f"{text} {citation.url}" if citation.url else text


def _apa_month(date: dt.date, lang: str) -> str:
    """The month's full name in the citation's language ("March", "März")."""
    from babel.dates import format_date

    return format_date(date, "MMMM", locale=lang)


#: LaTeX's special characters, as BibTeX passes them to LaTeX: written so that they print
#: as themselves ("R&D" in a title would otherwise stop LaTeX with an error).
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_LATEX_RE = re.compile("[" + re.escape("".join(_LATEX)) + "]")


def _bib(value: str) -> str:
    """Text for a BibTeX field: one line, LaTeX's special characters escaped."""
    return _LATEX_RE.sub(lambda m: _LATEX[m.group(0)], " ".join(value.split()))


def bibtex(citation: Citation, key: str) -> str:
    """A BibTeX ``@misc`` entry (UTF-8, as biber and current bibtex read it)."""
    fields = [
        ("author", "{" + _bib(citation.publisher) + "}"),
        ("title", _bib(citation.title)),
        ("url", citation.url),
        ("language", {"de": "german", "en": "english"}.get(citation.lang, citation.lang)),
    ]
    notes = []
    if citation.date is not None:
        fields.insert(2, ("year", str(citation.date.year)))
        notes.append(f"as of {citation.date.isoformat()}")
    if citation.based_on:
        notes.append(_bib(citation.based_on))
    if notes:
        fields.append(("note", ". ".join(notes)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{key},\n{body}\n}}\n"


def ris(citation: Citation) -> str:
    """A RIS record (reference managers such as Zotero, EndNote, Citavi read it)."""
    lines = [("TY", "RPRT"), ("AU", citation.publisher), ("TI", citation.title)]
    if citation.date is not None:
        lines.append(("PY", str(citation.date.year)))
        lines.append(("DA", citation.date.strftime("%Y/%m/%d")))
    if citation.url:
        lines.append(("UR", citation.url))
    if citation.based_on:
        lines.append(("N1", citation.based_on))
    lines += [("LA", citation.lang), ("ER", "")]
    # One value per line: a line break in a name would start a field of its own there.
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)
