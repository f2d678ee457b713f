"""The area a report covers, named as a sentence needs it in each language. Expected
phrases are written by hand (the grammar of each language, not the code's table)."""

from __future__ import annotations

import pytest

from marketsite.data.areas import area_name, in_area, is_known


def _plain(message: str) -> str:
    return message


@pytest.mark.parametrize(
    ("area", "lang", "phrase"),
    [
        ("DE", "en", "in Germany"),
        ("DE", "de", "in Deutschland"),
        ("US", "en", "in the United States"),
        ("US", "de", "in den Vereinigten Staaten"),
        ("CH", "de", "in der Schweiz"),
        ("NL", "en", "in the Netherlands"),
        ("GB", "de", "im Vereinigten Königreich"),
        ("EU", "de", "in der Europäischen Union"),
        ("europe", "en", "in Europe"),
        ("latin-america", "de", "in Lateinamerika"),
        ("americas", "en", "in the Americas"),
    ],
)
def test_an_area_reads_with_its_preposition(area: str, lang: str, phrase: str) -> None:
    assert in_area(area, lang, _plain) == phrase


def test_the_area_names_are_cldrs() -> None:
    assert area_name("JP", "de") == "Japan" and area_name("north-america", "de") == "Nordamerika"


@pytest.mark.parametrize("area", ["Germany", "de", "XX", "150", "middle-east", ""])
def test_only_global_a_country_eu_or_a_named_world_region_is_known(area: str) -> None:
    assert not is_known(area)
