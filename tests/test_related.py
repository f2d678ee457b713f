"""Related markets at the end of each report (#24.4): which reports, in what order, in
each language, and kept exact by the page cache. Expected lists are worked out by hand
from the corpus' facts files."""

from __future__ import annotations

import shutil
from pathlib import Path

from marketsite.checks.validate import validate_data_dir
from marketsite.derivation.derive import derive
from marketsite.derivation.related import RELATED_REPORTS, related_reports
from tests.conftest import (
    CORPUS,
    ENGLISH_REPORT,
    REPORT_ID,
    copy_project,
    edit,
    reader_soup,
    run_build,
)


def _related(page: Path) -> list[tuple[str, Path]]:
    """The related reports a built page lists: (link text, the page it leads to)."""
    soup = reader_soup(page.read_text(encoding="utf-8"))
    heading = soup.find("h2", string=["Related markets", "Verwandte Märkte"])
    assert heading is not None, page  # the section also offers to compare the market
    listed = heading.find_next_sibling(["ul", "h2"])
    if listed is None or listed.name != "ul":
        return []
    links = listed.find_all("a")
    return [(a.get_text(), (page.parent / a["href"] / "index.html").resolve()) for a in links]


def test_related_markets_share_regions_and_lie_nearest_in_size(corpus_project: Path) -> None:
    site = corpus_project / "site"
    # Industrial robotics breaks out Asia-Pacific, Europe and North America, and is worth
    # US$51.2bn. Cold chain logistics (US$324.85bn) and hearing aids (US$8.51bn) break out
    # the same three, and are both about 0.8 orders of magnitude away (factors of 6.3 and
    # 6.0): a tie, in id order. Electric buses share three of four regions, cyber insurance
    # two of three. No other corpus report breaks out a region or states a sector.
    english = _related(site / "en/reports/industrial-robotics/index.html")
    assert [text for text, _ in english] == [
        "Cold chain logistics market",
        "Hearing aid market",
        "Electric bus market",
        "Cyber insurance market",
    ]
    assert all(target.is_file() for _, target in english)
    german = _related(site / "de/berichte/industrieroboter/index.html")
    assert german[1][0] == "Markt für Hörgeräte"
    assert len(german) == len(english) and all(target.is_file() for _, target in german)


def test_a_report_that_shares_no_sector_or_region_lists_none(corpus_project: Path) -> None:
    # Heat pumps in Germany: no sector, no region broken out, coverage DE, which no
    # other corpus report has.
    page = corpus_project / "site/en/reports/heat-pumps-germany/index.html"
    assert _related(page) == []


def _with_sector(tmp_path: Path, reports: list[str]) -> dict[str, tuple[str, ...]]:
    """The corpus' related reports once ``reports`` are put in one sector."""
    data = tmp_path / "data"
    shutil.copytree(CORPUS, data)
    for report in reports:
        facts = data / report / "facts.yaml"
        facts.write_text(facts.read_text(encoding="utf-8") + "sector: consumer\n", "utf-8")
    for lang, name in (("de", "Konsumgüter"), ("en", "Consumer goods")):
        names = data / "_shared" / f"names.{lang}.yaml"
        names.write_text(
            names.read_text(encoding="utf-8") + f"sectors:\n  consumer: {name}\n", "utf-8"
        )
    dataset = validate_data_dir(data).dataset
    assert dataset is not None
    return related_reports(derive(report) for report in dataset.reports)


def test_reports_of_one_sector_are_related_and_at_most_five_are_listed(tmp_path: Path) -> None:
    # Pet food and cinema advertising break out no region; in one sector they relate.
    related = _with_sector(tmp_path / "two", ["pet-food", "cinema-advertising"])
    assert related["pet-food"] == ("cinema-advertising",)
    assert related["cinema-advertising"] == ("pet-food",)
    # All eleven in one sector: each lists five, and electric buses first the four that
    # also share its regions.
    everyone = sorted(p.name for p in CORPUS.iterdir() if (p / "facts.yaml").is_file())
    related = _with_sector(tmp_path / "all", everyone)
    assert {len(listed) for listed in related.values()} == {RELATED_REPORTS} == {5}
    assert set(related["electric-buses"][:4]) == {
        "industrial-robotics",
        "hearing-aids",
        "cold-chain-logistics",
        "cyber-insurance",
    }


def test_a_renamed_related_report_is_renamed_on_every_page_that_lists_it(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "project")
    twin = project / "data" / "twin-market"
    shutil.copytree(project / "data" / REPORT_ID, twin)
    edit(twin / "text.en.yaml", "slug: omni-channel-communication-services", "slug: twin-market")
    edit(twin / "text.de.yaml", "slug: omni-channel-kommunikationsdienste", "slug: zwillingsmarkt")
    edit(
        twin / "text.en.yaml",
        "market_name: omni-channel communication services",
        "market_name: twin",
    )
    first = run_build(project, tmp_path / "site")
    assert first.exit_code == 0, first.output
    page = tmp_path / "site" / ENGLISH_REPORT / "index.html"
    assert [text for text, _ in _related(page)] == ["Twin market"]
    edit(twin / "text.en.yaml", "market_name: twin", "market_name: sibling")
    second = run_build(project, tmp_path / "site")
    assert second.exit_code == 0, second.output
    # The unchanged report's page is rendered again, not taken from the cache.
    assert [text for text, _ in _related(page)] == ["Sibling market"]


def test_a_few_hundred_reports_in_several_sectors_and_currencies(tmp_path: Path) -> None:
    """The corpus cloned to 330 reports in four sectors and two currencies: every list
    keeps to its rules, and every facts file the catalog publishes meets its schema."""
    import csv
    import dataclasses
    import json

    import jsonschema

    from marketsite.rendering.catalog_data import write_catalog_data

    corpus = validate_data_dir(CORPUS).dataset
    assert corpus is not None
    sectors = ("energy", "health", "mobility", "food")
    reports = []
    for copy in range(30):
        for number, report in enumerate(corpus.reports):
            facts = report.facts.model_copy(
                update={
                    "sector": sectors[(copy + number) % len(sectors)],
                    "currency": "EUR" if copy % 3 == 0 else report.facts.currency,
                }
            )
            reports.append(
                dataclasses.replace(report, report_id=f"{report.report_id}-{copy}", facts=facts)
            )
    by_id = {report.report_id: report for report in reports}
    related = related_reports(derive(report) for report in reports)
    for report_id, listed in related.items():
        report = by_id[report_id]
        assert len(listed) <= RELATED_REPORTS and report_id not in listed
        same_sector = [i for i in listed if by_id[i].facts.sector == report.facts.sector]
        # Dozens of reports share each sector: the five listed are all of the same one.
        assert same_sector == list(listed), report_id
    dataset = dataclasses.replace(corpus, reports=tuple(reports))
    site = tmp_path / "site"
    for lang in dataset.languages:
        (site / lang).mkdir(parents=True)
    write_catalog_data(site, dataset, dataset.languages, {})
    schema = json.loads((site / "data/report-facts.v1.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for report in reports[::11]:  # one clone of each corpus report's copies, in turn
        facts = json.loads((site / f"data/reports/{report.report_id}.json").read_text("utf-8"))
        validator.validate(facts)
        assert facts["currency"] == report.facts.currency
        assert facts["related"] == list(related[report.report_id])
    with (site / "data/key-figures.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 330
    assert {row["currency"] for row in rows} == {"USD", "EUR"}
    assert {row["sector"] for row in rows} == set(sectors)
