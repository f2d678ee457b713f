"""What an editor sees from `marketsite validate`: every bad input named by file, line, field."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from marketsite.checks.text_checks import FIGURE_IN_PROSE_RE
from marketsite.cli import main
from tests.conftest import REPORT_ID, edit, line_of


def run_validate(data_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(data_dir), *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def facts(data_dir: Path) -> Path:
    return data_dir / REPORT_ID / "facts.yaml"


def text(data_dir: Path, lang: str) -> Path:
    return data_dir / REPORT_ID / f"text.{lang}.yaml"


def assert_reported(output: str, path: Path, line: int | None, field: str, *words: str) -> None:
    """The output has a problem line starting with path:line: field: and containing words."""
    prefix = f"{path}:{line}: " if line else f"{path}: "
    if field:
        prefix += f"{field}: "
    matching = [row for row in output.splitlines() if row.startswith(prefix)]
    assert matching, f"no problem at {prefix!r} in:\n{output}"
    assert any(all(w in row for w in words) for row in matching), (words, matching)


def test_shipped_data_passes_with_cagr_warning_and_regional_remainder(data_dir: Path) -> None:
    code, output = run_validate(data_dir)
    assert code == 0, output
    assert_reported(
        output,
        facts(data_dir),
        line_of(facts(data_dir), "{value: 10.1, from: 2026, to: 2035}"),
        "cagr[0]",
        "warning[cagr-mismatch]",
        "stated CAGR 10.1 % differs from the 10.0 %",
        "implied by 24.71 in 2026 -> 58.25 in 2035",
    )
    assert_reported(
        output,
        facts(data_dir),
        line_of(facts(data_dir), "regions:"),
        "regions",
        "note[shares-remainder]",
        "95 %",
        "remaining 5 %",
        "(derived)",
    )
    assert output.rstrip().endswith(
        "validation passed: 0 errors, 1 warning, 1 note (1 report checked)"
    )


def test_strict_turns_the_cagr_warning_into_an_error(data_dir: Path) -> None:
    edit(
        facts(data_dir),
        "acknowledged:            # accepted warnings: still shown, but --strict passes\n"
        "  cagr-mismatch: the publisher states 10.1 %; the sizes imply 10.0 %\n",
        "",
    )
    code, output = run_validate(data_dir, "--strict")
    assert code == 1
    assert "error[cagr-mismatch]" in output


def test_an_acknowledged_warning_is_still_shown_but_passes_strict(data_dir: Path) -> None:
    code, output = run_validate(data_dir, "--strict")
    assert code == 0, output
    assert "warning[cagr-mismatch]" in output
    assert "(acknowledged: the publisher states 10.1 %; the sizes imply 10.0 %)" in output


def test_acknowledging_an_error_is_refused_and_a_stale_one_noted(data_dir: Path) -> None:
    edit(
        facts(data_dir),
        "  cagr-mismatch: the publisher",
        "  shares-over-100: nope\n  cagr-mismatch: the publisher",
    )
    edit(facts(data_dir), "{value: 10.1, from: 2026", "{value: 10.0, from: 2026")
    code, output = run_validate(data_dir)
    assert code == 1
    refused = "acknowledged.shares-over-100: error[invalid-value]: 'shares-over-100' cannot be"
    assert refused in output
    assert "acknowledged.cagr-mismatch: note[unused-acknowledgement]" in output


def test_cagr_tolerance_is_configurable(data_dir: Path) -> None:
    code, output = run_validate(data_dir, "--cagr-tolerance", "0.2")
    assert code == 0
    assert "warning[cagr-mismatch]" not in output


def test_yaml_syntax_error(data_dir: Path) -> None:
    edit(facts(data_dir), "base_year: 2025", "base_year: [2025")
    code, output = run_validate(data_dir)
    assert code == 1
    line = line_of(facts(data_dir), "base_year: [2025")
    assert_reported(
        output,
        facts(data_dir),
        line,
        "",
        "error[yaml-syntax]",
        "flow sequence",
        f"noticed on line {line + 1}",
    )
    assert "base_year: [2025" in output  # the source line is shown


def test_missing_required_key(data_dir: Path) -> None:
    edit(facts(data_dir), "currency: USD            # ISO 4217\n", "")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        facts(data_dir),
        line_of(facts(data_dir), "unit:"),
        "currency",
        "error[missing-key]",
        "'currency'",
        "currency: USD",
    )


def test_a_report_needs_no_base_year_end_value_or_country(data_dir: Path) -> None:
    # What a publisher may not state is optional: nothing forces an editor to make it up.
    edit(facts(data_dir), "base_year: 2025          # the publisher's base year\n", "")
    edit(facts(data_dir), "  - {year: 2035, value: 58.25, status: forecast}\n", "")
    edit(facts(data_dir), "{name: Emarsys, country: AT}", "{name: Emarsys}")
    edit(facts(data_dir), "historical_data: true\n", "")
    code, output = run_validate(data_dir)
    assert code == 0, output
    assert "warning[cagr-mismatch]" not in output


@pytest.mark.parametrize("bad", ["'12,5'", "abc", "12,5", "24.71 %", "true"])
def test_wrong_type_where_a_number_belongs(data_dir: Path, bad: str) -> None:
    edit(facts(data_dir), "value: 24.71,", f"value: {bad},")
    code, output = run_validate(data_dir)
    assert code == 1
    line = line_of(facts(data_dir), f"value: {bad}")
    assert_reported(
        output,
        facts(data_dir),
        line,
        "market_size[0]" if bad == "12,5" else "market_size[0].value",
        "error[wrong-type]",
        "decimal point" if bad == "12,5" else "a number (24.71), or a qualifier and a number",
    )


def test_negative_value(data_dir: Path) -> None:
    edit(facts(data_dir), "value: 58.25", "value: -58.25")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        facts(data_dir),
        line_of(facts(data_dir), "value: -58.25"),
        "market_size[1].value",
        "error[negative-value]",
        "-58.25",
    )


def test_shares_over_100(data_dir: Path) -> None:
    edit(facts(data_dir), "{id: asia-pacific, share: about 15", "{id: asia-pacific, share: 35")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        facts(data_dir),
        line_of(facts(data_dir), "north-america, share"),
        "regions[0].share",
        "error[shares-over-100]",
        "115 %",
    )


def test_end_year_before_start_year(data_dir: Path) -> None:
    edit(facts(data_dir), "end_year: 2035", "end_year: 2024")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        facts(data_dir),
        line_of(facts(data_dir), "end_year: 2024"),
        "forecast.end_year",
        "error[years-out-of-order]",
        "2024",
        "2026",
    )


def test_unknown_country_code(data_dir: Path) -> None:
    edit(facts(data_dir), "{name: Emarsys, country: AT}", "{name: Emarsys, country: XZ}")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        facts(data_dir),
        line_of(facts(data_dir), "country: XZ"),
        "players[6].country",
        "error[unknown-country]",
        "'XZ'",
        "ISO 3166",
    )


def test_lowercase_country_code_gets_a_suggestion(data_dir: Path) -> None:
    edit(facts(data_dir), "{name: WebEngage, country: IN}", "{name: WebEngage, country: in}")
    _, output = run_validate(data_dir)
    assert "did you mean 'IN'?" in output


def test_duplicate_id(data_dir: Path) -> None:
    edit(facts(data_dir), "{id: sms, share: 20}", "{id: email, share: 20}")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        facts(data_dir),
        line_of(facts(data_dir), "{id: email, share: 20}"),
        "segments.type[2].id",
        "error[duplicate-id]",
        "'email'",
    )


def test_missing_german_key_for_an_english_key(data_dir: Path) -> None:
    """German is the source language: an English key without its German one is either
    left over in English or not yet written in German, and the problem offers both."""
    german = text(data_dir, "de")
    english = text(data_dir, "en")
    source = german.read_text(encoding="utf-8")
    start = source.index("  outlook:\n")
    german.write_text(source[:start], encoding="utf-8")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        english,
        line_of(english, "  outlook:"),
        "faq.outlook",
        "error[left-over-key]",
        "write it in text.de.yaml first",
    )


def test_a_key_left_over_in_a_translation_is_to_be_deleted_there(data_dir: Path) -> None:
    """A key the source language (German here) no longer has is not to be translated
    into German: the translation's copy is left over, and the problem says so there."""
    english = text(data_dir, "en")
    edit(english, "\nfaq:\n", "\nfaq:\n  left-over:\n    question: Old?\n    answer: Old.\n")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        english,
        line_of(english, "left-over:"),
        "faq.left-over",
        "error[left-over-key]",
        "delete it here",
    )
    assert "translate it into 'de'" not in output


@pytest.mark.parametrize("placeholder", ["XX %", "TBD", "TODO", "{{ size }}", "Lorem"])
def test_placeholder_text(data_dir: Path, placeholder: str) -> None:
    english = text(data_dir, "en")
    edit(
        english,
        "drives the adoption of omni-channel",
        f"drives {placeholder} adoption of omni-channel",
    )
    code, output = run_validate(data_dir)
    assert code == 1
    line = line_of(english, f"drives {placeholder}")
    assert_reported(
        output,
        english,
        line,
        "key_findings.driver",
        "error[placeholder-text]",
        placeholder.split()[0],
    )


def test_empty_file(data_dir: Path) -> None:
    text(data_dir, "en").write_text("# nothing yet\n", encoding="utf-8")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(output, text(data_dir, "en"), None, "", "error[empty-file]")


def test_non_utf8_file(data_dir: Path) -> None:
    german = text(data_dir, "de")
    lines = german.read_text(encoding="utf-8").splitlines()
    first_umlaut = next(n for n, line in enumerate(lines, start=1) if not line.isascii())
    german.write_bytes(german.read_text(encoding="utf-8").encode("latin-1"))
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(output, german, first_umlaut, "", "error[not-utf8]", "UTF-8")


def test_unknown_extra_key_names_the_allowed_keys(data_dir: Path) -> None:
    edit(facts(data_dir), "cagr:   ", "cagrr:  ")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        facts(data_dir),
        line_of(facts(data_dir), "cagrr:"),
        "cagrr",
        "error[unknown-key]",
        "did you mean 'cagr'?",
        "allowed keys here:",
        "base_year",
    )


def test_unknown_key_in_a_nested_block_lists_that_blocks_keys(data_dir: Path) -> None:
    edit(facts(data_dir), "  start_year: 2026", "  start_yaer: 2026")
    _, output = run_validate(data_dir)
    assert "did you mean 'start_year'? allowed keys here: end_year, start_year" in output


def test_unknown_locale_file(data_dir: Path) -> None:
    english = text(data_dir, "en")
    english.rename(english.with_name("text.xx.yaml"))
    code, output = run_validate(data_dir, "--lang", "de", "--lang", "en")
    assert code == 1
    assert "error[unknown-locale]" in output and "text.xx.yaml" in output
    assert "error[missing-file]" in output and "text.en.yaml" in output


def test_reference_to_an_unknown_figure(data_dir: Path) -> None:
    english = text(data_dir, "en")
    edit(english, "    {cloud-investing-leaders} of", "    {cloud-leaders} of")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        english,
        line_of(english, "{cloud-leaders}"),
        "key_findings.competitive_landscape",
        "error[unknown-reference]",
        "cloud-investing-leaders",
    )


def test_segment_text_without_a_fact(data_dir: Path) -> None:
    german = text(data_dir, "de")
    edit(german, "    sms: >-\n      SMS (Short", "    fax: >-\n      SMS (Short")
    code, output = run_validate(data_dir)
    assert code == 1
    assert "error[unknown-id]: segment 'fax' has text here but is not in facts.yaml" in output
    assert "error[missing-text]: segment 'sms' from facts.yaml has no text here" in output


def test_development_in_the_future(data_dir: Path) -> None:
    edit(facts(data_dir), "date: 2023-03", "date: 2999-01")
    code, output = run_validate(data_dir)
    assert code == 1
    assert "error[date-in-future]" in output


def test_html_in_text_is_not_a_data_error(data_dir: Path) -> None:
    # Markup in prose is escaped when rendered; validation must not reject it.
    edit(
        text(data_dir, "en"),
        "Email remains a cornerstone",
        "<script>alert(1)</script> remains a cornerstone",
    )
    code, output = run_validate(data_dir)
    assert code == 0, output


def test_huge_file_is_refused(data_dir: Path) -> None:
    filler = "# " + "x" * 98 + "\n"
    with text(data_dir, "en").open("a", encoding="utf-8") as handle:
        handle.write(filler * 25_000)
    code, output = run_validate(data_dir)
    assert code == 1
    assert "error[file-too-large]" in output


def test_series_csv_must_agree_with_facts(data_dir: Path) -> None:
    series = data_dir / REPORT_ID / "series.csv"
    series.write_text("year,value\n2025,22.4\n2026,24.9\n2035,58.25\n", encoding="utf-8")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        series,
        3,
        "row 2.value",
        "error[value-mismatch]",
        "24.9",
        "24.71",
    )


def test_series_csv_with_decimal_comma(data_dir: Path) -> None:
    series = data_dir / REPORT_ID / "series.csv"
    series.write_text('year,value\n2026,24.71\n2027,"27,2"\n', encoding="utf-8")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(output, series, 3, "row 2.value", "error[wrong-type]", "'27,2'")


def test_series_per_region_must_name_known_regions(data_dir: Path) -> None:
    series = data_dir / REPORT_ID / "series.csv"
    series.write_text(
        'year,value,region\n2026,12.1,europe\n2026,3,mars\n2027,1,"=HYPERLINK(""x"")"\n',
        encoding="utf-8",
    )
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(output, series, 3, "row 2.region", "error[unknown-id]", "'mars'", "europe")
    assert_reported(output, series, 4, "row 3.region", "error[unknown-id]", "HYPERLINK")


def test_series_years_go_forward_within_each_region(data_dir: Path) -> None:
    # The regions' rows interleave; each region's years must increase on their own.
    series = data_dir / REPORT_ID / "series.csv"
    series.write_text(
        "year,value,region\n"
        "2026,12.1,europe\n"
        "2026,7.4,north-america\n"
        "2027,13.3,europe\n"
        "2025,6.9,north-america\n"  # line 5: goes back within North America
        "2027,8.1,north-america\n"
        "2026,14.6,europe\n",  # line 7: goes back within Europe
        encoding="utf-8",
    )
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output, series, 5, "row 4.year", "error[years-out-of-order]", "year 2025 follows 2026"
    )
    assert_reported(
        output, series, 7, "row 6.year", "error[years-out-of-order]", "year 2026 follows 2027"
    )
    assert output.count("years-out-of-order") == 2, output


def test_all_problems_are_collected_in_one_run(data_dir: Path) -> None:
    edit(facts(data_dir), "end_year: 2035", "end_year: 2024")
    edit(facts(data_dir), "{name: Emarsys, country: AT}", "{name: Emarsys, country: XZ}")
    edit(text(data_dir, "en"), "drives the adoption", "drives TODO adoption")
    code, output = run_validate(data_dir)
    assert code == 1
    for kind in ("years-out-of-order", "unknown-country", "placeholder-text"):
        assert f"error[{kind}]" in output
    assert "validation failed: 3 errors" in output


def snapshot(folder: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*")}


def test_console_script_exits_1_without_traceback_and_writes_nothing(data_dir: Path) -> None:
    edit(facts(data_dir), "unit: billion", "unit: gazillion")
    before = snapshot(data_dir.parent)
    result = subprocess.run(
        [sys.executable, "-m", "marketsite", "validate", str(data_dir)],
        capture_output=True,
        text=True,
        cwd=data_dir.parent,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "unit: error[invalid-value]" in result.stdout and "'gazillion'" in result.stdout
    assert snapshot(data_dir.parent) == before


def test_two_reports_with_the_same_slug(data_dir: Path) -> None:
    import shutil

    shutil.copytree(data_dir / REPORT_ID, data_dir / "second-report")
    code, output = run_validate(data_dir)
    assert code == 1
    second = data_dir / "second-report" / "text.de.yaml"
    assert_reported(
        output,
        second,
        line_of(second, "slug:"),
        "slug",
        "error[duplicate-slug]",
        "'omni-channel-kommunikationsdienste'",
    )


def test_an_acknowledgement_does_not_cover_a_new_larger_gap(data_dir: Path) -> None:
    edit(facts(data_dir), "{value: 10.1, from: 2026", "{value: 11.5, from: 2026")
    code, output = run_validate(data_dir, "--strict")
    assert code == 1
    assert "error[cagr-mismatch]: stated CAGR 11.5 %" in output
    assert "note[acknowledgement-exceeded]" in output and "not a gap of 1.50" in output


def test_validate_checks_the_languages_the_site_is_configured_for(data_dir: Path) -> None:
    from tests.conftest import ROOT

    for english in data_dir.rglob("*.en.yaml"):
        english.unlink()
    code, output = run_validate(data_dir, "-f", str(ROOT / "mkdocs.yml"))
    assert code == 1
    assert_reported(
        output, text(data_dir, "en"), None, "", "error[missing-file]", "no text for language 'en'"
    )


def test_validate_starts_translators_from_the_sites_source_language(data_dir: Path) -> None:
    """A site written in English first (``default_language: en``): a missing German text
    is to be made from the English one, whichever language mkdocs.yml lists first."""
    from tests.conftest import ROOT

    config = data_dir.parent / "mkdocs.yml"
    config.write_text(
        (ROOT / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("      default_language: de\n", "      default_language: en\n"),
        encoding="utf-8",
    )
    assert "default_language: en" in config.read_text(encoding="utf-8")
    text(data_dir, "de").unlink()
    code, output = run_validate(data_dir, "-f", str(config))
    assert code == 1
    assert_reported(
        output, text(data_dir, "de"), None, "", "error[missing-file]", "copy text.en.yaml"
    )


def test_wrong_structure_is_named_with_an_example(data_dir: Path) -> None:
    edit(
        facts(data_dir),
        "forecast:                # the forecast period as published\n"
        "  start_year: 2026\n  end_year: 2035",
        "forecast: 2026-2035",
    )
    edit(
        facts(data_dir),
        "players:\n  - {name: HubSpot, country: US}",
        "players: HubSpot\nplayerz:\n  - {name: HubSpot, country: US}",
    )
    edit(facts(data_dir), "historical_data: true", "historical_data: yes please")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        facts(data_dir),
        line_of(facts(data_dir), "forecast: 2026-2035"),
        "forecast",
        "error[wrong-type]",
        "expected a block of 'key: value' lines",
        "`forecast: {start_year: 2026, end_year: 2035}`",
        "'2026-2035'",
    )
    assert_reported(
        output,
        facts(data_dir),
        line_of(facts(data_dir), "players: HubSpot"),
        "players",
        "error[wrong-type]",
        "expected a list of '- ' items",
        "'HubSpot'",
    )
    assert_reported(
        output,
        facts(data_dir),
        line_of(facts(data_dir), "historical_data"),
        "historical_data",
        "error[wrong-type]",
        "expected true or false",
        "'yes please'",
    )
    assert "unknown key 'playerz'; did you mean 'players'?" in output


def test_lowercase_todo_is_a_word_not_a_placeholder(data_dir: Path) -> None:
    # Spanish "todo" ("all") must not read as a placeholder in a third language's text.
    edit(
        text(data_dir, "en"),
        "drives the adoption of omni-channel",
        "drives todo adoption of omni-channel",
    )
    code, output = run_validate(data_dir)
    assert code == 0, output
    assert "placeholder-text" not in output


# --- the stated-figures format ----------------------------------------------------------


OLD_FORM = """\
currency: USD
unit: billion
forecast:
  start_year: 2026
  end_year: 2035
market_size:
  start: 24.71
  end: 58.25
cagr_percent: 10.1
"""


def test_the_old_form_is_pointed_at_the_new_one(data_dir: Path) -> None:
    facts(data_dir).write_text(OLD_FORM, encoding="utf-8")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        facts(data_dir),
        6,
        "market_size",
        "error[old-format]",
        "`market_size: [{year: 2026, value: 24.71}, {year: 2035, value: 58.25}]`",
    )
    assert_reported(
        output,
        facts(data_dir),
        9,
        "cagr_percent",
        "error[old-format]",
        "`cagr: {value: 10.1, from: 2026, to: 2035}`",
    )
    assert "unknown-key" not in output


def test_a_cagr_without_period_or_forecast_is_refused(data_dir: Path) -> None:
    edit(
        facts(data_dir),
        "forecast:                # the forecast period as published\n"
        "  start_year: 2026\n  end_year: 2035\n",
        "",
    )
    edit(facts(data_dir), "  - {value: 10.1, from: 2026, to: 2035}", "  - 10.1")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        facts(data_dir),
        line_of(facts(data_dir), "  - 10.1"),
        "cagr[0]",
        "error[missing-period]",
        "`{value: 10.1, from: 2025, to: 2033}`",
        "if the publisher gives none, `{value: 10.1, period: not stated}`",
    )
    # Written as the publisher states it, the same CAGR passes, with a note.
    edit(facts(data_dir), "  - 10.1", "  - {value: 10.1, period: not stated}")
    code, output = run_validate(data_dir)
    assert code == 0, output
    assert "cagr[0]: note[partial-period]: the CAGR 10.1 % is stated with no years" in output


def test_a_cagr_stated_through_a_year_is_not_checked_from_a_borrowed_start(
    data_dir: Path,
) -> None:
    """`to:` alone once borrowed the forecast's start (2026), so 13 % was checked
    against 24.71 in 2026 and 58.25 in 2035; the publisher named no start."""
    edit(facts(data_dir), "{value: 10.1, from: 2026, to: 2035}", "{value: 13, to: 2035}")
    code, output = run_validate(data_dir)
    assert code == 0, output
    assert "warning[cagr-mismatch]" not in output
    assert "'cagr-mismatch' is acknowledged but no longer occurs" in output
    assert_reported(
        output,
        facts(data_dir),
        line_of(facts(data_dir), "{value: 13, to: 2035}"),
        "cagr[0]",
        "note[partial-period]",
        "the CAGR 13 % is stated with only its last year, 2035",
        "skip it",
    )


def test_a_cagr_with_years_and_period_not_stated_is_refused(data_dir: Path) -> None:
    edit(
        facts(data_dir),
        "{value: 10.1, from: 2026, to: 2035}",
        "{value: 10.1, from: 2026, to: 2035, period: not stated}",
    )
    code, output = run_validate(data_dir)
    assert code == 1
    assert "cagr[0].period: error[invalid-value]: the CAGR 10.1 % has both" in output


@pytest.mark.parametrize(
    ("value", "code"),
    [("150", "cagr-out-of-range"), ("-100", "cagr-out-of-range"), (".inf", "not-finite")],
)
def test_implausible_or_infinite_cagrs_are_errors(data_dir: Path, value: str, code: str) -> None:
    edit(facts(data_dir), "{value: 10.1, from: 2026", f"{{value: {value}, from: 2026")
    exit_code, output = run_validate(data_dir)
    assert exit_code == 1
    assert f"cagr[0].value: error[{code}]" in output


def test_not_a_number_in_a_share_is_an_error_not_a_crash(tmp_path: Path, data_dir: Path) -> None:
    from tests.conftest import copy_project, run_build

    edit(facts(data_dir), "{id: email, share: 35}", "{id: email, share: .nan}")
    code, output = run_validate(data_dir)
    assert code == 1 and "segments.type[0].share: error[not-finite]" in output
    project = copy_project(tmp_path / "project")
    edit(
        project / "data" / REPORT_ID / "facts.yaml",
        "{id: email, share: 35}",
        "{id: email, share: .inf}",
    )
    result = run_build(project, tmp_path / "site")
    assert result.exit_code == 1 and "not-finite" in result.output


def test_a_cagr_message_keeps_the_stated_precision(data_dir: Path) -> None:
    edit(facts(data_dir), "{value: 10.1, from: 2026", "{value: 10.14, from: 2026")
    _, output = run_validate(data_dir)
    assert "stated CAGR 10.14 % differs from the 10.00 %" in output


def test_a_cagr_is_checked_against_its_own_period(data_dir: Path) -> None:
    # A CAGR for other years than the published sizes cannot be checked, and is not.
    edit(
        facts(data_dir), "{value: 10.1, from: 2026, to: 2035}", "{value: 13, from: 2027, to: 2035}"
    )
    edit(
        facts(data_dir),
        "acknowledged:            # accepted warnings: still shown, but --strict passes\n"
        "  cagr-mismatch: the publisher states 10.1 %; the sizes imply 10.0 %\n",
        "",
    )
    code, output = run_validate(data_dir, "--strict")
    assert code == 0, output
    assert "cagr-mismatch" not in output


def test_shares_with_bounds_cannot_exceed_100(data_dir: Path) -> None:
    edit(
        facts(data_dir),
        "{id: north-america, share: about 50}",
        "{id: north-america, share: at least 60}",
    )
    edit(facts(data_dir), "{id: europe, share: about 30}", "{id: europe, share: 30}")
    code, output = run_validate(data_dir)
    assert code == 1
    assert "error[shares-over-100]: regional shares add up to at least 105 %" in output


def test_a_rest_item_takes_no_share_of_its_own(data_dir: Path) -> None:
    edit(facts(data_dir), "{id: sms, share: 20}", "{id: sms, share: 20, rest: true}")
    code, output = run_validate(data_dir)
    assert code == 1
    assert "segments.type[2].rest: error[invalid-value]" in output


def test_a_size_after_the_forecast_period_is_flagged(data_dir: Path) -> None:
    edit(
        facts(data_dir),
        "  - {year: 2035, value: 58.25, status: forecast}",
        "  - {year: 2035, value: 58.25, status: forecast}\n  - {year: 2040, value: 80}",
    )
    _, output = run_validate(data_dir)
    assert "market_size[2].year: warning[year-outside-report]" in output


def test_sizes_out_of_order_are_an_error(data_dir: Path) -> None:
    edit(facts(data_dir), "{year: 2035, value: 58.25", "{year: 2020, value: 58.25")
    code, output = run_validate(data_dir)
    assert code == 1
    assert "market_size[1].year: error[years-out-of-order]: market size year 2020 follows 2026" in (
        output
    )


PARTS = """\
currency: USD
unit: billion
forecast: {start_year: 2024, end_year: 2032}
market_size:
  - {year: 2023, value: 28.4}
  - {year: 2032, value: 98.6}
cagr:
  - {value: MARKET, from: 2023, to: 2032}
regions:
  - {id: asia-pacific, share: 62.5, cagr: {value: ASIA, from: 2023, to: 2032}, fastest: true}
  - {id: europe, share: 37.5, cagr: {value: EUROPE, from: 2023, to: 2032}}
figures:
  cloud-investing-leaders: {value: about 60, unit: percent}
  cloud-investment-year: {value: 2023, unit: year}
  ai-integration-year: {value: 2024, unit: year}
"""


def parts_report(data_dir: Path, market: str, asia: str, europe: str) -> None:
    facts(data_dir).write_text(
        PARTS.replace("MARKET", market).replace("ASIA", asia).replace("EUROPE", europe),
        encoding="utf-8",
    )
    from tests.conftest import EXAMPLE_DATA

    for lang in ("de", "en"):
        source = text(EXAMPLE_DATA, lang).read_text(encoding="utf-8")
        # The report now has no segments, regions' prose or developments.
        for first, following in (
            ("\nsegments:", "\ndynamics:"),
            ("\nregions:", "\nplayers_intro:"),
            ("\ndevelopments:", "\nreport_coverage:"),
        ):
            if first in source:
                source = source[: source.index(first)] + source[source.index(following) :]
        source += "regions:\n  asia-pacific: null\n  europe: null\n"
        text(data_dir, lang).write_text(source, encoding="utf-8")


def test_the_market_cannot_outgrow_all_its_parts(data_dir: Path) -> None:
    parts_report(data_dir, "14.8", "12.0", "11.0")
    code, output = run_validate(data_dir)
    assert code == 0, output
    assert (
        "regions: warning[cagr-parts]: the market's CAGR 14.8 % is above the CAGR of every region"
        in output
    )
    assert "warning[fastest-slower-than-market]" in output and "'asia-pacific'" in output


def test_the_part_called_fastest_must_be_the_fastest(data_dir: Path) -> None:
    parts_report(data_dir, "15.5", "15.0", "16.5")
    _, output = run_validate(data_dir)
    assert "regions[1].cagr: warning[fastest-not-fastest]: 'asia-pacific' is called the" in output
    assert "regions[0].cagr: warning[fastest-slower-than-market]" in output
    assert "cagr-parts" not in output
    parts_report(data_dir, "14.8", "16.1", "12.5")
    code, output = run_validate(data_dir, "--strict")
    assert code == 0, output


def test_series_points_are_checked_against_the_stated_cagr(data_dir: Path) -> None:
    # The 2035 size now comes from series.csv only; it still has to fit the CAGR.
    edit(facts(data_dir), "  - {year: 2035, value: 58.25, status: forecast}\n", "")
    series = data_dir / REPORT_ID / "series.csv"
    series.write_text("year,value\n2030,40.1\n2035,70.4\n", encoding="utf-8")
    _, output = run_validate(data_dir)
    assert "cagr[0]: warning[cagr-mismatch]: stated CAGR 10.1 % differs from the 12.3 %" in output
    assert "implied by 24.71 in 2026 -> 70.4 in 2035" in output


def test_share_years_are_checked_against_the_report_years(data_dir: Path) -> None:
    edit(
        facts(data_dir),
        "regions:\n  - {id: north-america",
        "regions:\n  year: 2024\n  items:\n  - {id: north-america",
    )
    _, output = run_validate(data_dir)
    assert "regions.year: note[share-year-without-size]: the regional shares refer to 2024" in (
        output
    )
    edit(facts(data_dir), "  year: 2024\n", "  year: 2050\n")
    _, output = run_validate(data_dir)
    assert "regions.year: warning[year-outside-report]: the shares refer to 2050" in output


# --- YAML as editors write it -----------------------------------------------------------


def test_no_is_norway_not_false(data_dir: Path) -> None:
    edit(facts(data_dir), "{name: Emarsys, country: AT}", "{name: Emarsys, country: NO}")
    edit(facts(data_dir), "date: 2023-03", "date: 2023-03-01")
    code, output = run_validate(data_dir)
    assert code == 0, output


def test_yes_is_text_and_the_message_says_so(data_dir: Path) -> None:
    edit(facts(data_dir), "historical_data: true", "historical_data: yes")
    code, output = run_validate(data_dir)
    assert code == 1
    assert "expected true or false; got 'yes' (yes, no, on and off are text" in output


def test_a_syntax_error_points_at_the_offending_line(data_dir: Path) -> None:
    english = text(data_dir, "en")
    edit(english, "  restraint: >-\n", "  restraint: >-\n bad: indentation\n")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output, english, line_of(english, " bad: indentation"), "", "error[yaml-syntax]"
    )


def test_a_nul_byte_is_reported_with_its_line(data_dir: Path) -> None:
    english = text(data_dir, "en")
    edit(english, "Leading providers focus", "Leading\x00 providers focus")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        english,
        line_of(english, "Leading\x00 providers"),
        "",
        "error[yaml-syntax]",
        "#x0000",
        "NUL byte",
    )


def test_a_missing_block_of_descriptions_is_an_error(data_dir: Path) -> None:
    german = text(data_dir, "de")
    source = german.read_text(encoding="utf-8")
    start, end = source.index("  application:\n"), source.index("\ndynamics:")
    german.write_text(source[:start] + source[end:], encoding="utf-8")
    code, output = run_validate(data_dir)
    assert code == 1
    assert "segments: error[missing-text]: segments.application has no block here" in output
    assert "retail, healthcare, bfsi, it-telecom" in output


def test_a_description_left_out_on_purpose_is_written_null(data_dir: Path) -> None:
    for lang in ("de", "en"):
        source = text(data_dir, lang).read_text(encoding="utf-8")
        start = source.index("\nregions:\n")
        end = source.index("\nplayers_intro:")
        text(data_dir, lang).write_text(
            source[:start]
            + "\nregions:\n  north-america: null\n  europe: null\n  asia-pacific: null\n"
            + source[end:],
            encoding="utf-8",
        )
    code, output = run_validate(data_dir)
    assert code == 0, output


def test_text_left_in_the_source_language_is_a_warning(data_dir: Path) -> None:
    source = text(data_dir, "de").read_text(encoding="utf-8")
    start = source.index("  driver: >-\n") + len("  driver: >-\n")
    end = source.index("  restraint:")
    text(data_dir, "de").write_text(
        source[:start]
        + "    Rising demand for personal, cross-platform customer interaction in real time\n"
        "    drives the adoption of omni-channel communication services.\n" + source[end:],
        encoding="utf-8",
    )
    code, output = run_validate(data_dir)
    assert code == 0
    assert "key_findings.driver: warning[identical-text]: 'key_findings.driver' is the same" in (
        output
    )
    assert run_validate(data_dir, "--strict")[0] == 1


def test_a_sector_without_a_name_is_named_with_the_fix(data_dir: Path) -> None:
    edit(facts(data_dir), "sector: telecommunications", "sector: energy")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        facts(data_dir),
        line_of(facts(data_dir), "sector: energy"),
        "sector",
        "error[missing-name]",
        "sector 'energy' has no display name for text.de.yaml",
        "under sectors: in _shared/names.<lang>.yaml",
    )


def test_a_partial_share_list_is_a_note_that_names_the_items_without_a_share(
    data_dir: Path,
) -> None:
    facts = data_dir / REPORT_ID / "facts.yaml"
    edit(
        facts,
        "{id: asia-pacific, share: about 15, fastest: true}",
        "{id: asia-pacific, fastest: true}",
    )
    code, output = run_validate(data_dir)
    assert code == 0, output
    assert (
        "regions[2]: note[shares-partial]: 2 of 3 regions have a share; asia-pacific is "
        "named without one, so no remainder is derived"
    ) in output


def test_a_market_outgrowing_every_segment_is_a_warning(data_dir: Path) -> None:
    """The segments split the whole market (the last takes the rest), each grows 5 % a
    year over the market's own period: the market's 10.1 % cannot be."""
    facts = data_dir / REPORT_ID / "facts.yaml"
    period = "cagr: {value: 5, from: 2026, to: 2035}"
    edit(facts, "- {id: email, share: 35}", f"- {{id: email, share: 35, {period}}}")
    edit(facts, "- {id: voice, share: 15}", f"- {{id: voice, share: 15, {period}}}")
    edit(facts, "- {id: sms, share: 20}", f"- {{id: sms, share: 20, {period}}}")
    edit(facts, "- {id: social-media, share: 30}", f"- {{id: social-media, rest: true, {period}}}")
    code, output = run_validate(data_dir)
    assert code == 0, output
    assert (
        "segments.type: warning[cagr-parts]: the market's CAGR 10.1 % is above the CAGR of "
        "every type segment (at most 5 %); a market cannot grow faster than all of its parts"
    ) in output


def test_a_base_year_that_starts_the_forecast_is_a_note(data_dir: Path) -> None:
    """Base year 2026 and a forecast from 2026: possible, but unusual enough to check."""
    facts = data_dir / REPORT_ID / "facts.yaml"
    edit(facts, "base_year: 2025", "base_year: 2026")
    code, output = run_validate(data_dir, "--strict")
    assert code == 0, output  # a note, not a warning: --strict passes
    assert (
        f"facts.yaml:{line_of(facts, 'base_year: 2026')}: base_year: "
        "note[base-year-in-forecast]: the base year 2026 is also the first year of the "
        "forecast period 2026–2035"
    ) in output


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("Germany", "write global, a country's ISO 3166 code in capitals (DE, US), EU, or "),
        ("uk", "did you mean 'GB'?"),
        ("Europe", "did you mean 'europe'?"),
        ("XX", "north-america"),
    ],
)
def test_an_unknown_regional_coverage_is_refused_with_the_forms_it_takes(
    data_dir: Path, written: str, hint: str
) -> None:
    edit(facts(data_dir), "regional_coverage: global", f"regional_coverage: {written}")
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        facts(data_dir),
        line_of(facts(data_dir), f"regional_coverage: {written}"),
        "regional_coverage",
        f"error[unknown-area]: '{written}' is not an area marketsite knows",
        hint,
    )


@pytest.mark.parametrize("area", ["global", "DE", "US", "EU", "europe", "latin-america"])
def test_a_country_a_union_or_a_world_region_is_a_coverage(data_dir: Path, area: str) -> None:
    edit(facts(data_dir), "regional_coverage: global", f"regional_coverage: {area}")
    code, output = run_validate(data_dir)
    assert code == 0, output


def test_a_figure_naming_an_unlisted_source_is_refused(data_dir: Path) -> None:
    edit(
        facts(data_dir),
        "{year: 2026, value: 24.71, status: estimate}",
        "{year: 2026, value: 24.71, status: estimate, source: iea}",
    )
    code, output = run_validate(data_dir)
    assert code == 1
    assert_reported(
        output,
        facts(data_dir),
        line_of(facts(data_dir), "source: iea"),
        "market_size[0].source",
        "error[unknown-source]: source 'iea' is not one of the listed sources (none with an id)",
        "list it under sources: with `id: iea`",
    )


def test_sources_with_their_dates_and_ids_are_checked(data_dir: Path) -> None:
    edit(
        facts(data_dir),
        "historical_data: true\n",
        "historical_data: true\n"
        "sources:\n"
        "  - {organisation: Nordlicht, published: 2025-04, accessed: 2025-03-01}\n"
        "  - {id: iea, organisation: IEA, url: 'https://www.iea.org/reports/x'}\n"
        "  - {id: iea, organisation: IEA again}\n",
    )
    code, output = run_validate(data_dir)
    assert code == 1
    path = facts(data_dir)
    assert_reported(
        output,
        path,
        line_of(path, "accessed: 2025-03-01"),
        "sources[0].accessed",
        "error[years-out-of-order]: accessed 2025-03-01 is before published 2025-04",
    )
    assert_reported(
        output,
        path,
        line_of(path, "IEA again"),
        "sources[2].id",
        "error[duplicate-id]: id 'iea' is used twice (first at item 1)",
    )


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("url", "'javascript:alert(1)'", "is not a web address; write it whole, starting with"),
        ("url", "'https://x.org/a b'", "is not a web address"),
        ("published", "2025-4", "is not a date; write YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_a_source_address_or_date_in_another_form_is_refused(
    data_dir: Path, key: str, value: str, words: str
) -> None:
    edit(
        facts(data_dir),
        "historical_data: true\n",
        f"historical_data: true\nsources:\n  - {{organisation: IEA, {key}: {value}}}\n",
    )
    code, output = run_validate(data_dir)
    assert code == 1
    path = facts(data_dir)
    assert_reported(output, path, line_of(path, "organisation: IEA"), f"sources[0].{key}", words)


@pytest.mark.parametrize(
    ("typed", "flagged"),
    [
        ("grew by 12.5 % in a year", "12.5 %"),
        ("spent $3.2 billion on it", "$3.2"),
        ("a 4.5 billion euro business", "4.5 billion"),
        ("about 40 percent of firms", "40 percent"),
        ("about \uff14\uff10 percent of firms", "\uff14\uff10 percent"),  # full-width digits
        ("since 2020, after COVID-19, with 5G", None),
        ("the Web 3.0 wave", None),  # listed under not_figures below
    ],
)
def test_a_figure_typed_into_prose_asks_to_be_a_figure(
    data_dir: Path, typed: str, flagged: str | None
) -> None:
    path = text(data_dir, "en")
    edit(path, "  The {market} market is developing fast", f"  The {{market}} market, {typed},")
    path.write_text(path.read_text("utf-8") + "not_figures: [Web 3.0]\n", "utf-8")
    code, output = run_validate(data_dir)
    assert code == 0, output
    if flagged is None:
        assert "figure-in-prose" not in output
    else:
        assert_reported(
            output,
            path,
            line_of(path, typed),
            "overview",
            f"warning[figure-in-prose]: '{flagged}' is typed into the text",
            "quote it as {online-share}",
        )


@given(st.text(alphabet=st.characters(blacklist_categories=["Nd", "Cs"])))
def test_only_text_with_a_digit_can_hold_a_typed_figure(prose: str) -> None:
    # The check looks for a figure only in text with a digit (Unicode category Nd).
    assert FIGURE_IN_PROSE_RE.search(prose) is None


@pytest.mark.parametrize(
    ("figure", "words"),
    [
        ("{value: 120, unit: share}", "a share of 120 % is not a part of a whole"),
        ("{value: 9000000000, unit: people}", "9000000000 people are more than live on Earth"),
        ("{value: -100, unit: percent}", "a change of -100 % would leave less than nothing"),
    ],
)
def test_a_prose_figure_beyond_its_unit_is_warned(data_dir: Path, figure: str, words: str) -> None:
    path = facts(data_dir)
    path.write_text(
        path.read_text("utf-8").replace("figures:\n", f"figures:\n  odd: {figure}\n", 1), "utf-8"
    )
    code, output = run_validate(data_dir)
    assert code == 0, output
    assert_reported(
        output,
        path,
        line_of(path, "  odd: "),
        "figures.odd.value",
        f"warning[implausible-figure]: figure 'odd': {words}",
    )


def test_a_second_wording_warns_until_accepted(data_dir: Path) -> None:
    edit(
        facts(data_dir),
        "{year: 2026, value: 24.71, status: estimate}",
        "{year: 2026, value: 24.71, also_stated: about 25, status: estimate}",
    )
    code, output = run_validate(data_dir, "--strict")
    assert code == 1
    assert (
        "market_size[0].also_stated: error[two-wordings]: the publisher states the 2026 "
        "market size two ways: '24.71' and 'about 25'" in output
    )
    edit(
        facts(data_dir),
        "  cagr-mismatch: the publisher states",
        "  two-wordings: the table rounds to 25\n  cagr-mismatch: the publisher states",
    )
    code, output = run_validate(data_dir, "--strict")
    assert code == 0, output
