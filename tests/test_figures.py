"""Figures as published: how an editor writes them, how a reader sees them in each language."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path

import babel
import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketsite.data.figure import Figure, parse_figure
from marketsite.data.yaml_source import load_yaml
from marketsite.derivation.derive import derived_figure
from marketsite.derivation.escape import md_escape
from marketsite.derivation.figures import FigureFormat
from marketsite.derivation.locale import Formatter
from tests.conftest import ROOT, examples

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("written", "value", "qualifier", "upper"),
    [
        (24.71, "24.71", None, None),
        (Decimal("12.40"), "12.40", None, None),
        (35, "35", None, None),
        ("about 85.4", "85.4", "about", None),
        ("~85.4", "85.4", "about", None),
        ("approximately 60", "60", "about", None),
        ("over 55", "55", "more-than", None),
        ("More than 6.8", "6.8", "more-than", None),
        ("> 55", "55", "more-than", None),
        ("less than 5", "5", "less-than", None),
        ("under 5", "5", "less-than", None),
        ("at least 55", "55", "at-least", None),
        ("at most 10", "10", "at-most", None),
        ("up to 10", "10", "at-most", None),
        ("55 to 60", "55", "range", "60"),
        ("12–14", "12", "range", "14"),
        ("12.5-14.25", "12.5", "range", "14.25"),
    ],
)
def test_an_editor_writes_a_figure_as_published(
    written: object, value: str, qualifier: str | None, upper: str | None
) -> None:
    figure = parse_figure(written)
    assert str(figure.value) == value
    assert figure.qualifier == qualifier
    assert (str(figure.upper) if figure.upper is not None else None) == upper
    assert figure.published


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("85,4", "use a decimal point"),
        ("55 %", "without a unit or %"),
        ("about", "expected a number"),
        ("60 to 55", "from the smaller to the larger"),
        ("about 55 to 60", "a range takes no qualifier"),
        (True, "expected a number"),
        (None, "expected a number"),
        (float("inf"), "not a finite number"),
        (float("nan"), "not a finite number"),
    ],
)
def test_a_figure_that_is_not_one_says_what_is_accepted(written: object, hint: str) -> None:
    with pytest.raises(ValueError, match=hint):
        parse_figure(written)


def test_the_loader_keeps_the_decimals_as_written(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("a: 12.40\nb: 35\nc: 1_000.5\nd: .inf\n", encoding="utf-8")
    source, problems = load_yaml(path)
    assert source is not None and not problems
    assert source.data["a"] == Decimal("12.40") and str(source.data["a"]) == "12.40"
    assert source.data["b"] == 35 and isinstance(source.data["b"], int)
    assert source.data["c"] == Decimal("1000.5")
    assert source.data["d"] == float("inf")


def fmt(lang: str, currency: str = "USD", unit: str = "billion") -> FigureFormat:
    """The figure format of the site's pages in ``lang`` (English pages are British)."""
    return FigureFormat(Formatter.for_tag(lang).locale, lambda s: s, currency, unit)


def german(text: str) -> str:
    from marketsite.derivation.locale import translations

    return translations("de").gettext(text)


@pytest.mark.parametrize(
    ("written", "en", "de"),
    [
        ("24.71", "US$24.71bn", f"24,71{NBSP}Mrd.{NBSP}$"),
        ("12.40", "US$12.40bn", f"12,40{NBSP}Mrd.{NBSP}$"),
        ("85.4", "US$85.4bn", f"85,4{NBSP}Mrd.{NBSP}$"),
        ("about 85.4", "about US$85.4bn", f"rund 85,4{NBSP}Mrd.{NBSP}$"),
        ("more than 40", "more than US$40bn", f"über 40{NBSP}Mrd.{NBSP}$"),
        ("12 to 14", "US$12–14bn", f"12–14{NBSP}Mrd.{NBSP}$"),
        ("1500", "US$1,500bn", f"1.500{NBSP}Mrd.{NBSP}$"),
    ],
)
def test_amounts_in_tables_keep_precision_and_qualifier(written: str, en: str, de: str) -> None:
    figure = parse_figure(written)
    assert fmt("en").amount(figure) == en
    assert FigureFormat(babel.Locale.parse("de"), german).amount(figure) == de


def test_amounts_in_running_text_use_cldr_words() -> None:
    de = FigureFormat(babel.Locale.parse("de"), german, "EUR", "million")
    assert de.amount_prose(parse_figure("120.5")) == "120,5 Millionen Euro"
    assert de.amount_prose(parse_figure("1")) == "1 Million Euro"
    # British English: the symbol before the amount, the magnitude in words.
    assert fmt("en").amount_prose(parse_figure("about 1")) == "about US$1 billion"
    assert fmt("en", "EUR").amount_prose(parse_figure("12 to 14")) == "€12–14 billion"
    # A symbol of letters is spaced from the digits, without a break between them.
    assert fmt("en", "CHF", "million").amount_prose(parse_figure("3.2")) == f"CHF{NBSP}3.2 million"
    assert fmt("en", "CHF", "million").amount(parse_figure("3.2")) == f"CHF{NBSP}3.2m"
    # German has no short form for thousands: the amount is written out, precision kept.
    thousands = FigureFormat(babel.Locale.parse("de"), german, "USD", "thousand")
    assert thousands.amount(parse_figure("12.5")) == f"12.500{NBSP}$"


@pytest.mark.parametrize(
    ("written", "en", "de"),
    [
        ("12.45", "12.45%", f"12,45{NBSP}%"),
        ("27.03", "27.03%", f"27,03{NBSP}%"),
        ("35", "35%", f"35{NBSP}%"),
        ("45.25", "45.25%", f"45,25{NBSP}%"),
        ("over 55", "more than 55%", f"über 55{NBSP}%"),
        ("at least 55", "at least 55%", f"mindestens 55{NBSP}%"),
        ("less than 5", "less than 5%", f"unter 5{NBSP}%"),
        ("55 to 60", "55–60%", f"55–60{NBSP}%"),
        ("-2.5", "-2.5%", f"-2,5{NBSP}%"),
    ],
)
def test_percentages_keep_precision_and_qualifier(written: str, en: str, de: str) -> None:
    figure = parse_figure(written)
    assert fmt("en").percent(figure) == en
    assert FigureFormat(babel.Locale.parse("de"), german).percent(figure) == de


def test_derived_figures_follow_one_rounding_rule() -> None:
    # As many decimals as the most precise published figure of the kind, at most two,
    # rounded to the nearest (ties to even); an "about" input gives an "about" result.
    assert derived_figure(31.980000000000004, 2, "cagr").value == Decimal("31.98")
    assert derived_figure(45.125, 2, "share-value").value == Decimal("45.12")
    assert derived_figure(2.3573, 5, "multiple").value == Decimal("2.36")
    assert derived_figure(5.0, 0, "remainder").value == Decimal("5")
    approximate = derived_figure(5.0, 0, "remainder", approximate=True)
    assert approximate.qualifier == "about" and approximate.derived == "remainder"
    figure = derived_figure(51.6677, 2, "cagr")
    assert fmt("en").marked(fmt("en").amount(figure), figure) == "US$51.67bn*"
    assert fmt("en").in_prose("x", figure) == "x (implied by the stated CAGR)"
    assert FigureFormat.machine(figure.value) == 51.67
    assert FigureFormat.machine(Figure(Decimal("35")).value) == 35


MARKDOWN = markdown.Markdown(extensions=["tables", "attr_list", "admonition", "toc"])


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))))
def test_escaped_text_renders_back_to_exactly_that_text(text: str) -> None:
    expected = re.sub(r"[ \t\r\n]+", " ", text).strip()
    rendered = MARKDOWN.reset().convert(md_escape(text))
    inner = re.sub(r"^<p>|</p>$", "", rendered)
    assert "<" not in inner  # no element of any kind: all text
    assert html.unescape(inner) == expected


@pytest.mark.parametrize("text", ["10.1% of it", "1. first", "- dash", "=SUM(A1)", "a~b", "#1"])
def test_escaped_text_in_a_table_cell_has_no_stray_backslash(text: str) -> None:
    rendered = MARKDOWN.reset().convert(f"| a |\n|---|\n| {md_escape(text)} |")
    cell = re.search(r"<td>(.*)</td>", rendered)
    assert cell is not None and html.unescape(cell.group(1)) == text


# --- the JSON Schema's figure pattern is the parser's grammar --------------------------------

FIGURE_TEXT = st.builds(
    lambda word, space, low, dash, high, case: case(f"{word}{space}{low}{dash}{high}"),
    st.sampled_from(["", "about ", "Approx. ", "~", "more than ", "UP TO ", "≤ ", "nearly "]),
    st.sampled_from(["", " ", "  "]),
    st.sampled_from(["24.71", "5", ".5", "-3", "1,5", "x"]),
    st.sampled_from(["", " to ", " TO ", "–", " - ", "-"]),
    st.sampled_from(["", "60", "6.5", "y"]),
    st.sampled_from([str, str.upper, str.title]),
)


@settings(max_examples=examples(300))
@given(FIGURE_TEXT)
def test_the_schema_pattern_accepts_exactly_what_the_parser_reads(text: str) -> None:
    from marketsite.data.figure import FIGURE_PATTERN, FIGURE_RE

    assert (re.search(FIGURE_PATTERN, text) is not None) == (FIGURE_RE.match(text) is not None)


def test_the_schema_pattern_is_in_the_published_schema_and_knows_every_word() -> None:
    import json

    from marketsite.data.figure import FIGURE_PATTERN, QUALIFIER_WORDS

    schema = json.loads((ROOT / "data" / "_schema" / "facts.schema.json").read_text("utf-8"))
    patterns = set(re.findall(r'"pattern": ("(?:[^"\\]|\\.)*")', json.dumps(schema)))
    assert json.dumps(FIGURE_PATTERN) in patterns
    for word in QUALIFIER_WORDS:
        assert re.search(FIGURE_PATTERN, f"{word} 5"), word
        assert re.search(FIGURE_PATTERN, f"{word.upper()} 5"), word
    # ECMA-262 (what editors' YAML tools run) knows no named groups in Python's spelling.
    assert "?P<" not in FIGURE_PATTERN


# Written by hand: what a reader is told about each way marketsite derives a figure
# (mutation testing found that no test read these words).
DERIVED_WORDS = [
    ("cagr", "implied by the stated CAGR", "aus der angegebenen CAGR errechnet"),
    (
        "interpolated",
        "interpolated between published values",
        "zwischen veröffentlichten Werten interpoliert",
    ),
    (
        "interpolated-derived",
        "interpolated between a published value and one implied by the stated CAGR",
        "interpoliert zwischen einem veröffentlichten Wert und einem aus der angegebenen CAGR "
        "errechneten",
    ),
    (
        "implied-cagr",
        "implied by the published market sizes",
        "aus den veröffentlichten Marktgrößen errechnet",
    ),
    ("change", "implied by the stated change", "aus der angegebenen Veränderung errechnet"),
    (
        "interpolated-change",
        "interpolated between a published value and one implied by the stated change",
        "interpoliert zwischen einem veröffentlichten Wert und einem aus der angegebenen "
        "Veränderung errechneten",
    ),
    ("remainder", "the remainder to 100%", "Rest zu 100\u00a0%"),
    (
        "share-value",
        "derived from the share and the market size",
        "aus Anteil und Marktgröße abgeleitet",
    ),
    ("multiple", "derived from these market sizes", "aus diesen Marktgrößen abgeleitet"),
]


@pytest.mark.parametrize(("kind", "en", "de"), DERIVED_WORDS)
def test_each_derivation_is_explained_in_both_languages(kind: str, en: str, de: str) -> None:
    from marketsite.data.figure import DERIVATIONS

    assert kind in DERIVATIONS
    figure = Figure(Decimal("40.00"), derived=kind)
    assert fmt("en").derivation(figure) == en
    german_format = FigureFormat(babel.Locale.parse("de"), german, "USD", "billion")
    assert german_format.derivation(figure).replace(" %", "\u00a0%") == de


def test_every_derivation_has_its_own_words() -> None:
    from marketsite.data.figure import DERIVATIONS

    assert sorted(DERIVATIONS) == sorted(kind for kind, _, _ in DERIVED_WORDS)


def test_years_between_whole_sizes_are_derived_as_whole_numbers(data_dir: Path) -> None:
    """A derived figure has as many decimals as the most precise published one: between
    25 (2026) and 58 (2035) billion, 2027 is 25 * (58/25)^(1/9) = 27.45, shown as 27."""
    from marketsite.checks.validate import validate_data_dir
    from marketsite.rendering.render import report_view
    from tests.conftest import REPORT_ID, edit

    facts = data_dir / REPORT_ID / "facts.yaml"
    edit(facts, "{year: 2026, value: 24.71,", "{year: 2026, value: 25,")
    edit(facts, "{year: 2035, value: 58.25,", "{year: 2035, value: 58,")
    dataset = validate_data_dir(data_dir, ("de", "en"), "de").dataset
    assert dataset is not None
    sizes = {point.year: point.figure for point in report_view(dataset, 0, "en").d.sizes}
    assert (sizes[2027].value, sizes[2027].derived) == (Decimal("27"), "interpolated")
    assert str(sizes[2034].value) == "53"  # 25 * 2.32^(8/9) = 52.82
