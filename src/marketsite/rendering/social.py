"""Social preview images: a report's title and key figures on a 1200 x 630 card.

Link previews (Open Graph, Twitter/X, messengers) show this image when a report's
address is shared. It is drawn as SVG here and turned into PNG at build time
(vl-convert, the chart renderer), so no service and no browser is involved.
Figures come from the key figures exactly as the page shows them, marks for
derived values included, with the mark's legend when one appears.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from marketsite.rendering.pages import untranslated_html

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
BACKGROUND = "#283593"  # Material's indigo 800: white text on it passes WCAG AA
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
#: Average advance of a character of bold sans text, as a share of its size; used to
#: wrap lines without a font engine (generous, so text never runs off the card).
CHAR_WIDTH = 0.58


@dataclass(frozen=True)
class SocialCard:
    """What the card says: who publishes, the report, up to three figures, a note."""

    site: str
    title: str
    figures: tuple[tuple[str, str], ...]  # (label, value as on the page)
    note: str = ""  # e.g. the legend of the derived mark


def wrap(text: str, size: int, width: int = WIDTH - 2 * MARGIN) -> list[str]:
    """``text`` in lines that fit ``width`` at font ``size``; long compounds break at their
    hyphens, and a word longer than a line that has none is broken with a hyphen."""
    limit = max(2, int(width / (size * CHAR_WIDTH)))
    parts: list[str] = []
    for word in text.split():
        while len(word) > limit:
            if "-" in word[1:limit]:
                cut = word.rindex("-", 1, limit) + 1
                parts.append(word[:cut])
            else:  # "Donaudampfschifffahrtsgesellschaft…": no hyphen to break at
                cut = min(limit - 1, len(word) - 4)  # never a stub of a few letters after
                parts.append(word[:cut] + "-")
            word = word[cut:]
        parts.append(word)
    lines: list[str] = []
    for part in parts:
        joiner = "" if lines and lines[-1].endswith("-") else " "
        if lines and len(lines[-1] + joiner + part) <= limit:
            lines[-1] = lines[-1] + joiner + part
        else:
            lines.append(part)
    return lines


def card_svg(card: SocialCard, compiled: Path | None = None) -> str:
    """The card as SVG text (from an autoescaped template; ``compiled``: where compiled
    templates are kept, see :func:`marketsite.rendering.pages.environments`)."""
    size = 56
    lines = wrap(card.title, size)
    while len(lines) > 3 and size > 36:
        size -= 4
        lines = wrap(card.title, size)
    if len(lines) > 3:
        lines = [*lines[:2], lines[2].rstrip("-") + " …"]
    top = MARGIN + 40 + size
    title_lines = [(top + number * int(size * 1.2), line) for number, line in enumerate(lines)]
    figures = card.figures[:3]
    placed = []
    value_size = 28
    if figures:
        column = (WIDTH - 2 * MARGIN) // len(figures)
        base = HEIGHT - MARGIN - (40 if card.note else 0)
        longest = max(len(value) for _, value in figures)
        value_size = next((s for s in (48, 40, 32) if longest * s * CHAR_WIDTH < column - 16), 28)
        placed = [
            (MARGIN + index * column, base, label, value)
            for index, (label, value) in enumerate(figures)
        ]
    return (
        untranslated_html(compiled)
        .get_template("social.svg.j2")
        .render(
            width=WIDTH,
            height=HEIGHT,
            font=FONT,
            background=BACKGROUND,
            margin=MARGIN,
            site=card.site,
            title_size=size,
            title_lines=title_lines,
            figures=placed,
            value_size=value_size,
            note=card.note,
        )
    )
