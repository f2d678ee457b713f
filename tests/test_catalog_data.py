"""The catalog as data: each report's facts as JSON against its published schema, and the
site's Frictionless Data Package over every CSV it publishes (#24.2).

Expected figures are the data files' (``data/…/facts.yaml``, the corpus), written here by
hand; the package is read back by the frictionless library, as a data team's tools read it.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
from frictionless import Package, validate

from tests.conftest import ENGLISH_REPORT, GERMAN_REPORT, REPORT_ID, BuiltSite

FACTS = f"data/reports/{REPORT_ID}.json"
SCHEMA = "data/report-facts.v1.schema.json"


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _facts_valid(root: Path, report_id: str) -> dict:
    """A report's facts, checked against the schema the site publishes beside them."""
    schema = _json(root / SCHEMA)
    jsonschema.Draft202012Validator.check_schema(schema)
    facts = _json(root / f"data/reports/{report_id}.json")
    jsonschema.Draft202012Validator(schema).validate(facts)
    return facts


def test_the_data_package_describes_every_published_csv_and_validates(
    built_site: BuiltSite,
) -> None:
    root = built_site.root
    report = validate(str(root / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    described = {resource["path"] for resource in _json(root / "datapackage.json")["resources"]}
    published = {path.relative_to(root).as_posix() for path in root.rglob("*.csv")}
    assert described == published


def test_a_german_table_reads_back_with_its_decimal_commas(built_site: BuiltSite) -> None:
    package = Package(str(built_site.root / "datapackage.json"))
    german = next(
        resource
        for resource in package.resources
        if resource.path == f"{GERMAN_REPORT}market-size.csv"
    )
    rows = {row["Jahr"]: row["Marktgröße (Milliarden US-Dollar)"] for row in german.read_rows()}
    # facts.yaml: {year: 2026, value: 24.71}, {year: 2035, value: 58.25}
    assert rows[2026] == Decimal("24.71")
    assert rows[2035] == Decimal("58.25")


def test_a_reports_facts_keep_the_stated_figures_and_mark_the_derived(
    built_site: BuiltSite,
) -> None:
    facts = _facts_valid(built_site.root, REPORT_ID)
    sizes = {point["year"]: point for point in facts["market_size"]}
    # Stated in facts.yaml: 24.71 (2026, estimate) and 58.25 (2035, forecast).
    assert sizes[2026]["size"] == {
        "value": 24.71,
        "upper": None,
        "decimals": 2,
        "qualifier": None,
        "derived": None,
    }
    assert sizes[2026]["status"] == "estimate"
    assert sizes[2035]["size"]["value"] == 58.25 and sizes[2035]["status"] == "forecast"
    # The years between are ours, and say so.
    assert {sizes[year]["size"]["derived"] for year in range(2027, 2035)} == {"interpolated"}
    assert facts["cagr"] == [
        {
            "rate": {
                "value": 10.1,
                "upper": None,
                "decimals": 1,
                "qualifier": None,
                "derived": None,
            },
            "start": 2026,
            "end": 2035,
            "source": None,
        }
    ]
    assert (facts["currency"], facts["unit"]) == ("USD", "billion")
    assert facts["pages"] == {"de": GERMAN_REPORT, "en": ENGLISH_REPORT}
    regions = {item["id"]: item for item in facts["regions"]["items"]}
    assert regions["north-america"]["share"]["qualifier"] == "about"  # "rund 50 %"
    assert regions["north-america"]["names"] == {"de": "Nordamerika", "en": "North America"}


def test_a_qualified_figure_and_an_open_period_stay_as_stated(corpus_project: Path) -> None:
    # tests/corpus/data/heat-pumps-germany/facts.yaml: "about 7.9" in 2024 (estimate),
    # and a CAGR of 6.1 % "to 2030" with no start stated.
    facts = _facts_valid(corpus_project / "site", "heat-pumps-germany")
    stated = [point for point in facts["market_size"] if point["size"]["derived"] is None]
    assert [(p["year"], p["size"]["value"], p["size"]["qualifier"]) for p in stated] == [
        (2024, 7.9, "about")
    ]
    assert facts["cagr"][0]["rate"]["value"] == 6.1
    assert (facts["cagr"][0]["start"], facts["cagr"][0]["end"]) == (None, 2030)


def test_the_key_figures_table_has_one_row_per_report_as_stated(corpus_project: Path) -> None:
    root = corpus_project / "site"
    with (root / "data/key-figures.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["report_id"]: row for row in csv.DictReader(handle)}
    reports = {
        path.name for path in (corpus_project / "data").iterdir() if (path / "facts.yaml").is_file()
    }
    assert set(rows) == reports
    heat = rows["heat-pumps-germany"]
    assert (heat["size_year"], heat["size"], heat["size_qualifier"]) == ("2024", "7.9", "about")
    assert (heat["cagr"], heat["cagr_start"], heat["cagr_end"]) == ("6.1", "", "2030")
    assert validate(str(root / "datapackage.json")).valid


def test_every_report_page_links_its_data_and_the_links_resolve(built_site: BuiltSite) -> None:
    for page in (GERMAN_REPORT, ENGLISH_REPORT):
        soup = built_site.html(page)
        hrefs = [a["href"] for a in soup.select("a[href$='.json']")]
        targets = {(built_site.root / page / href).resolve() for href in hrefs}
        assert targets == {
            (built_site.root / page / "datapackage.json").resolve(),
            (built_site.root / FACTS).resolve(),
            (built_site.root / "datapackage.json").resolve(),
        }, hrefs
        assert all(target.is_file() for target in targets)
