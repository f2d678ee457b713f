"""Data files are editors' input and never reach a reader as markup: every text of a
report, and a key player's name, carries an HTML element, and every output of the built
site shows it as text (pages, structured data, catalog data, CSV, XLSX, PDF, citations)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import ENGLISH_REPORT, GERMAN_REPORT, REPORT_ID, copy_project, run_build

#: Markup an editor might paste; shown as these very characters wherever it appears.
MARK = '<b data-x="1">x&amp;y</b>'


def _marked(value: object, key: object = None) -> object:
    """Every text of a parsed text file with MARK appended (slugs are ids, not text)."""
    if isinstance(value, dict):
        return {k: _marked(item, k) for k, item in value.items()}
    if isinstance(value, list):
        return [_marked(item, key) for item in value]
    if isinstance(value, str) and key != "slug":
        return f"{value} {MARK}"
    return value


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("trust") / "project")
    report = project / "data" / REPORT_ID
    for lang in ("de", "en"):
        text = report / f"text.{lang}.yaml"
        data = yaml.safe_load(text.read_text(encoding="utf-8"))
        text.write_text(yaml.safe_dump(_marked(data), allow_unicode=True), encoding="utf-8")
    facts = report / "facts.yaml"
    player = json.dumps(f"HubSpot {MARK}")
    facts.write_text(
        facts.read_text("utf-8").replace("{name: HubSpot,", f"{{name: {player},"), "utf-8"
    )
    result = run_build(project, project / "site", "https://reports.example.com/")
    assert result.exit_code == 0, result.output
    return project / "site"


PAGES = [GERMAN_REPORT, ENGLISH_REPORT, "de/", "en/", "de/berichte/", "en/reports/"]


@pytest.mark.parametrize("page", PAGES)
def test_pages_show_markup_from_the_data_as_text(site: Path, page: str) -> None:
    soup = BeautifulSoup((site / page / "index.html").read_text("utf-8"), "html.parser")
    assert soup.select("b[data-x]") == []
    assert MARK in soup.get_text()


@pytest.mark.parametrize("page", [GERMAN_REPORT, ENGLISH_REPORT])
def test_structured_data_holds_the_text_as_written(site: Path, page: str) -> None:
    soup = BeautifulSoup((site / page / "index.html").read_text("utf-8"), "html.parser")
    blocks = soup.find_all("script", type="application/ld+json")
    assert blocks
    texts = json.dumps([json.loads(block.string) for block in blocks], ensure_ascii=False)
    assert MARK.replace('"', '\\"') in texts
    # Inside the script element the markup cannot close it.
    assert all("</b>" not in str(block.string) for block in blocks)


def test_downloads_and_citations_hold_the_text_as_written(site: Path) -> None:
    folder = site / ENGLISH_REPORT
    players = (folder / "players.csv").read_text("utf-8")
    assert '"HubSpot <b data-x=""1"">x&amp;y</b>"' in players
    book = load_workbook(io.BytesIO((folder / f"{REPORT_ID}.xlsx").read_bytes()))
    cells = {str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row}
    assert f"HubSpot {MARK}" in cells
    assert "x\\&amp;y" in (folder / "cite.bib").read_text("utf-8")  # LaTeX's & escaped
    assert MARK in (folder / "cite.ris").read_text("utf-8")
    catalog = json.loads((site / "en" / "reports" / "catalog.json").read_text("utf-8"))
    assert MARK in json.dumps(catalog, ensure_ascii=False).replace('\\"', '"')


def test_the_sample_pdf_prints_the_text_as_written(site: Path) -> None:
    pdf = site / ENGLISH_REPORT / f"{REPORT_ID}-sample.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert 'data-x="1">x&amp;y</b>' in " ".join(text.split())


def test_a_further_source_names_every_figure_it_stands_behind(tmp_path: Path) -> None:
    """A size, a CAGR, a share and a change may each name a source of their own; the
    page's source list says which figures that source stands behind."""
    from tests.conftest import edit

    project = copy_project(tmp_path / "project")
    facts = project / "data" / REPORT_ID / "facts.yaml"
    edit(
        facts,
        "historical_data: true\n",
        (
            "historical_data: true\n"
            "sources:\n"
            "  - {organisation: Nordlicht Research}\n"
            "  - {id: iea, organisation: Example Agency}\n"
            "changes:\n"
            "  - {to: 2027, value: 11, source: iea}\n"
        ),
    )
    edit(facts, "{id: email, share: 35}", "{id: email, share: 35, source: iea}")
    result = run_build(project, project / "site")
    assert result.exit_code == 0, result.output
    soup = BeautifulSoup(
        (project / "site" / ENGLISH_REPORT / "index.html").read_text("utf-8"), "html.parser"
    )
    items = [" ".join(li.get_text().split()) for li in soup.select("article li")]
    assert "Example Agency (for: Change in 2027, share of email)" in items
    assert "Nordlicht Research" in items
