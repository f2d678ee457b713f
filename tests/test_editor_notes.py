"""Readers see what editors acknowledged: an accepted inconsistency is an editor's note
on the page, in the sample PDF and in the structured data, in the reader's language.

The expected sentences are worked out by hand from the example's facts.yaml: the
publisher states a CAGR of 10.1 % for 2026-2035 and sizes of 24.71 (2026) and 58.25
(2035), which imply (58.25 / 24.71) ** (1 / 9) - 1 = 9.998 %, i.e. 10.0 %.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from marketsite.checks.consistency import ACKNOWLEDGEABLE
from tests.conftest import (
    ENGLISH_REPORT,
    GERMAN_REPORT,
    REPORT_ID,
    BuiltSite,
    copy_project,
    edit,
    run_build,
)
from tests.test_charts_downloads import pdf_text

NBSP = "\u00a0"
NOTES = {
    ENGLISH_REPORT: (
        "Editor's note",
        "The publisher states a CAGR of 10.1% from 2026 to 2035; its own market sizes for "
        "2026 and 2035 imply 10.0%.",
    ),
    GERMAN_REPORT: (
        "Anmerkung der Redaktion",
        f"Der Herausgeber nennt eine CAGR von 10,1{NBSP}% von 2026 bis 2035; seine eigenen "
        f"Marktgrößen für 2026 und 2035 ergeben 10,0{NBSP}%.",
    ),
}


def _notes(soup: BeautifulSoup) -> list[tuple[str, str]]:
    return [
        (
            box.select_one(".admonition-title").get_text(strip=True),
            " ".join(p.get_text() for p in box.select("p:not(.admonition-title)")),
        )
        for box in soup.select("article .admonition.note")
    ]


@pytest.mark.parametrize("page", [ENGLISH_REPORT, GERMAN_REPORT])
def test_an_acknowledged_cagr_gap_is_an_editors_note_in_the_readers_language(
    built_site: BuiltSite, page: str
) -> None:
    soup = built_site.html(page)
    assert _notes(soup) == [NOTES[page]]
    # Next to the figure: the note follows the key figures, where the CAGR card is.
    note = soup.select_one("article .admonition.note")
    cards = soup.select_one("article .marketsite-key-figures")
    assert note is not None and cards is not None
    assert cards in note.find_all_previous()
    datasets = [
        json.loads(block.string or "")
        for block in soup.select('script[type="application/ld+json"]')
    ]
    dataset = next(d for d in datasets if d["@type"] == "Dataset")
    assert dataset["comment"] == [{"@type": "Comment", "text": NOTES[page][1]}]


def test_the_sample_pdf_carries_the_editors_note(built_site: BuiltSite) -> None:
    folder = built_site.root / ENGLISH_REPORT
    text = " ".join(pdf_text(folder / f"{REPORT_ID}-sample.pdf").split())
    assert "Editor's notes" in text
    assert "its own market sizes for 2026 and 2035 imply 10.0%." in text


def test_without_an_acknowledgement_there_is_no_note(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    facts = project / "data" / REPORT_ID / "facts.yaml"
    edit(facts, "  cagr-mismatch: the publisher states 10.1 %; the sizes imply 10.0 %\n", "")
    edit(
        facts,
        "acknowledged:            # accepted warnings: still shown, but --strict passes\n",
        "",
    )
    result = run_build(project, tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert "warning[cagr-mismatch]" in result.output  # the editors see it; readers do not
    html = (tmp_path / "site" / ENGLISH_REPORT / "index.html").read_text("utf-8")
    assert _notes(BeautifulSoup(html, "html.parser")) == []
    assert '"comment"' not in html


@pytest.mark.parametrize("code", sorted(ACKNOWLEDGEABLE))
def test_every_warning_editors_may_accept_reads_for_readers(code: str) -> None:
    """Each has its own reader sentence in both languages, not the catch-all."""
    from marketsite.derivation import editor_notes
    from marketsite.derivation.locale import translations

    catalog = translations("de")

    class View:
        _ = staticmethod(catalog.gettext)

    german = editor_notes._reader_text(View(), code)  # type: ignore[arg-type]
    assert german != "Die Zahlen des Herausgebers sind hier nicht stimmig."
    assert german.startswith(("Der Herausgeber", "Die ", "Zwei ")), german


def test_a_second_wording_of_a_regions_cagr_is_told_to_readers(tmp_path: Path) -> None:
    """A region's CAGR stated two ways: the editors are warned, and the page names the
    second wording (it was once accepted by the schema and shown nowhere)."""
    project = copy_project(tmp_path / "project")
    edit(
        project / "data" / REPORT_ID / "facts.yaml",
        "{id: europe, share: about 30}",
        "{id: europe, share: about 30, cagr: {value: 9.5, also_stated: about 9}}",
    )
    result = run_build(project, tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert "warning[two-wordings]: the publisher states the CAGR of 'europe' two ways" in (
        result.output
    )
    html = (tmp_path / "site" / ENGLISH_REPORT / "index.html").read_text("utf-8")
    notes = " ".join(text for _, text in _notes(BeautifulSoup(html, "html.parser")))
    assert "The publisher also states the CAGR of Europe as about 9%." in notes
