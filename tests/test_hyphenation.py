"""Long words in headings break with a hyphen, from pyphen's dictionaries; the words a
build hyphenated are kept in its cache, so that the next build need not load them.

Expected breaks are written by hand from German and British hyphenation: at least two
letters before a break and three after it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marketsite.rendering import hyphenation
from marketsite.rendering.hyphenation import Hyphenator

SHY = "\u00ad"
PAGE = (
    '<h1 id="markt">Markt für Kommunikationsdienste</h1>\n'
    '<p>Kommunikationsdienste</p>\n<h2 id="b"><a href="#b">Herausforderungen</a></h2>\n'
)


def test_heading_words_get_soft_hyphens_and_body_text_keeps_its_words(tmp_path: Path) -> None:
    page = Hyphenator.for_language("de", tmp_path).headings(PAGE)
    assert f"Markt für Kom{SHY}mu{SHY}ni{SHY}ka{SHY}ti{SHY}ons{SHY}dienste</h1>" in page
    assert "<p>Kommunikationsdienste</p>" in page
    assert f'<a href="#b">Her{SHY}aus{SHY}for{SHY}de{SHY}run{SHY}gen</a>' in page
    # Search shows the h1 as it is written.
    assert 'data-title="Markt für Kommunikationsdienste"' in page
    english = Hyphenator.for_language("en_GB", tmp_path).word("communication")
    assert english == f"com{SHY}mu{SHY}nic{SHY}a{SHY}tion"


def test_a_language_without_a_dictionary_leaves_the_page_as_it_is(tmp_path: Path) -> None:
    assert Hyphenator.for_language("tlh", tmp_path).headings(PAGE) == PAGE


def test_the_next_build_takes_the_words_from_the_cache_without_the_dictionary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Hyphenator.for_language("de", tmp_path)
    expected = first.headings(PAGE)
    first.save()
    (kept,) = (tmp_path / "hyphenation").iterdir()
    words = json.loads(kept.read_text(encoding="utf-8"))
    assert words["Kommunikationsdienste"] == f"Kom{SHY}mu{SHY}ni{SHY}ka{SHY}ti{SHY}ons{SHY}dienste"

    def no_dictionary(found: str) -> None:
        raise AssertionError(f"the {found} dictionary was loaded")

    monkeypatch.setattr(hyphenation, "_dictionary", no_dictionary)
    assert Hyphenator.for_language("de", tmp_path).headings(PAGE) == expected
    with pytest.raises(AssertionError, match="dictionary was loaded"):
        Hyphenator.for_language("de", tmp_path).word("Marktsegmentierung")


def test_a_damaged_cache_changes_no_word(tmp_path: Path) -> None:
    first = Hyphenator.for_language("de", tmp_path)
    first.word("Herausforderungen")
    first.save()
    (kept,) = (tmp_path / "hyphenation").iterdir()
    # A word whose letters differ from its key is never used; nor is a file of no words.
    kept.write_text(json.dumps({"Herausforderungen": f"Heraus{SHY}forderungXX"}), "utf-8")
    again = Hyphenator.for_language("de", tmp_path)
    assert again.word("Herausforderungen") == f"Her{SHY}aus{SHY}for{SHY}de{SHY}run{SHY}gen"
    for damaged in ("[1, 2]", "{not json", ""):
        kept.write_text(damaged, "utf-8")
        assert Hyphenator.for_language("de", tmp_path).word("Unternehmen") == (
            f"Un{SHY}ter{SHY}neh{SHY}men"
        )


def test_another_pyphen_version_starts_a_new_word_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Hyphenator.for_language("de", tmp_path)
    monkeypatch.setattr(hyphenation.pyphen, "__version__", "0.0.1")
    second = Hyphenator.for_language("de", tmp_path)
    assert first.cache_file is not None and second.cache_file is not None
    assert first.cache_file != second.cache_file
    assert first.cache_file.parent == second.cache_file.parent
