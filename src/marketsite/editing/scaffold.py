"""``marketsite new``: a report folder with every section, ready to fill in.

Every value to fill in is a ``TODO``: ``marketsite validate`` lists each one
as ``placeholder-text`` until the editor replaces it, so a half-written report
can never be published.
"""

from __future__ import annotations

from pathlib import Path

from marketsite.data.ids import id_problem
from marketsite.data.load import FACTS_FILE
from marketsite.errors import MarketsiteError

FACTS_TEMPLATE = """\
# yaml-language-server: $schema=../_schema/facts.schema.json
# {report_id}: the language-neutral facts. Write every figure here once, as the
# publisher states it; the pages generate every sentence, table and chart that states it.
# A figure is a number as written (24.71, 12.45) or with the publisher's qualifier:
# about 85.4, more than 55, less than 5, at least 55, at most 10, or a range 12 to 14.
# Replace each TODO; delete what the publisher does not state (never make a figure up).
# `marketsite validate` lists the TODOs left.
currency: USD            # ISO 4217 code of all money values
unit: billion            # magnitude of market sizes: thousand, million or billion
base_year: TODO          # the publisher's base year, e.g. 2025
forecast:                # the forecast period as published
  start_year: TODO       # first forecast year, e.g. 2026
  end_year: TODO         # last forecast year, e.g. 2035

# Every market size the publisher states, by year (historical and forecast).
# status is optional: actual, estimate or forecast.
market_size:
  - {{year: TODO, value: TODO}}

# The market's CAGR as published, with its period (without from/to: the forecast period).
cagr:
  - {{value: TODO, from: TODO, to: TODO}}

# Only if the publisher says so:
# historical_data: true
# regional_coverage: global        # or a country (DE), EU, or a region (europe)
# The sector, for the catalog's filter (its name goes under sectors: in _shared/names):
# sector: telecommunications

# Segments per dimension (type, application, ...) in display order, with their share in
# percent where published. Shares of an earlier year: `type: {{year: 2024, items: [...]}}`.
# Optional per item: `rest: true` (takes the rest to 100 %), `cagr: ...`, `fastest: true`.
# Ids need a display name in data/_shared/names.<lang>.yaml or under names.segments.
segments:
  type:
    - {{id: todo-segment, share: TODO}}

# Regional shares in percent; what is missing to 100 % is shown as rest of world.
regions:
  - {{id: todo-region, share: TODO}}

# Key players: name as written everywhere; country (ISO 3166 alpha-2) if stated.
players:
  - {{name: TODO, country: TODO}}

# Dated developments (YYYY-MM or YYYY-MM-DD); their text is in each text file.
developments:
  - {{id: todo-development, date: TODO, company: TODO}}

# Numbers quoted inside prose as {{figure-id}}: unit percent, year or number.
figures: {{}}
"""

TEXT_TEMPLATE = """\
# yaml-language-server: $schema=../_schema/text.schema.json
{c_head}
market_name: TODO        {c_market_name}
slug: {report_id}        {c_slug}
summary: TODO            {c_summary}

overview: |
  {c_overview}

key_findings:
  driver: TODO
  restraint: TODO
  trends: TODO
  regional_leadership: TODO
  competitive_landscape: TODO
  recent_development: TODO

covid_impact:
  headline: TODO
  body: |
    TODO

latest_trends:
  headline: TODO
  body: |
    TODO

{c_segments}
segments:
  type:
    todo-segment: TODO

dynamics:
  drivers:
    todo-driver:
      headline: TODO
      body: TODO
  restraints:
    todo-restraint:
      headline: TODO
      body: TODO
  opportunities:
    todo-opportunity:
      headline: TODO
      body: TODO
  challenges:
    todo-challenge:
      headline: TODO
      body: TODO

{c_regions}
regions:
  todo-region: TODO

players_intro:
  headline: TODO
  body: TODO

{c_developments}
developments:
  todo-development: TODO

report_coverage: |
  TODO

{c_faq}
faq:
  todo-question:
    question: TODO
    answer: TODO

{c_names}
names:
  segments:
    todo-segment: TODO
  regions:
    todo-region: TODO
"""


#: The text scaffold's comments in the file's language (English for a language not here):
#: a translator reads them in the file they fill in.
TEXT_COMMENTS: dict[str, dict[str, str]] = {
    "en": {
        "c_head": "# {report_id}: text in '{lang}'. Every key here must exist in every language.\n"
        "# Never write a figure in prose: the page states them. Use {{market}} for the\n"
        "# market's name and {{figure-id}} for a figure defined in facts.yaml.",
        "c_market_name": '# as used inside a sentence, e.g. "omni-channel communication services"',
        "c_slug": "# the page's URL in this language",
        "c_summary": "# one sentence for search results and the page description",
        "c_overview": "TODO: what the market is and what moves it (paragraphs separated by a "
        "blank line).",
        "c_segments": "# One description per segment id of facts.yaml.",
        "c_regions": "# One insight per region id of facts.yaml.",
        "c_developments": "# One text per development id of facts.yaml.",
        "c_faq": "# Editor-written questions; size, CAGR, drivers, segments, leading region and\n"
        "# growth are answered automatically.",
        "c_names": "# Display names for ids that data/_shared/names.{lang}.yaml does not have.",
    },
    "de": {
        "c_head": "# {report_id}: Text auf '{lang}'. Jeder Schlüssel hier muss in jeder Sprache "
        "stehen.\n# Nie eine Zahl in den Fließtext schreiben: Die Seite nennt sie. {{market}} "
        "steht\n# für den Namen des Marktes, {{figure-id}} für eine Zahl aus facts.yaml.",
        "c_market_name": "# wie im Satz verwendet, z. B. „Omni-Channel-Kommunikationsdienste“",
        "c_slug": "# die URL der Seite in dieser Sprache",
        "c_summary": "# ein Satz für Suchergebnisse und die Seitenbeschreibung",
        "c_overview": "TODO: was der Markt ist und was ihn bewegt (Absätze durch eine "
        "Leerzeile getrennt).",
        "c_segments": "# Eine Beschreibung je Segment-Id aus facts.yaml.",
        "c_regions": "# Eine Einschätzung je Regions-Id aus facts.yaml.",
        "c_developments": "# Ein Text je Entwicklungs-Id aus facts.yaml.",
        "c_faq": "# Fragen der Redaktion; Größe, CAGR, Treiber, Segmente, führende Region\n"
        "# und Wachstum beantwortet die Seite selbst.",
        "c_names": "# Anzeigenamen für Ids, die data/_shared/names.{lang}.yaml nicht hat.",
    },
}


def text_scaffold(report_id: str, lang: str) -> str:
    """The text file of a new report in ``lang``, its comments in that language."""
    comments = TEXT_COMMENTS.get(lang, TEXT_COMMENTS["en"])
    filled = {key: value.format(report_id=report_id, lang=lang) for key, value in comments.items()}
    return TEXT_TEMPLATE.format(report_id=report_id, lang=lang, **filled)


class ScaffoldError(MarketsiteError):
    """The report cannot be created; the message says why and what to do."""


def check_report_id(report_id: str, data_dir: Path) -> None:
    """Refuse ids that are not safe slugs or that already exist."""
    reason = id_problem(report_id)
    if reason is not None:
        raise ScaffoldError(f"'{report_id[:100]}' is not a valid report id: {reason}")
    if (data_dir / report_id).exists():
        raise ScaffoldError(
            f"report '{report_id}' already exists in {data_dir}; edit it there or choose another id"
        )


def scaffold_report(data_dir: Path, report_id: str, languages: tuple[str, ...]) -> list[Path]:
    """Write a new report folder; returns the files written."""
    check_report_id(report_id, data_dir)
    folder = data_dir / report_id
    written = [folder / FACTS_FILE]
    try:
        folder.mkdir(parents=True)
        written[0].write_text(FACTS_TEMPLATE.format(report_id=report_id), encoding="utf-8")
        for lang in languages:
            path = folder / f"text.{lang}.yaml"
            path.write_text(text_scaffold(report_id, lang), encoding="utf-8")
            written.append(path)
    except OSError as exc:
        raise ScaffoldError(
            f"cannot write {exc.filename or folder}: {exc.strerror or exc}; check that "
            f"{data_dir} exists and is writable"
        ) from None
    return written
