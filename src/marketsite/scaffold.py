"""``marketsite new``: a report folder with every section, ready to fill in.

Every value to fill in is a ``TODO``: ``marketsite validate`` lists each one
as ``placeholder-text`` until the editor replaces it, so a half-written report
can never be published.
"""

from __future__ import annotations

import re
from pathlib import Path

from marketsite.load import FACTS_FILE

REPORT_ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

FACTS_TEMPLATE = """\
# yaml-language-server: $schema=../_schema/facts.schema.json
# {report_id}: the language-neutral facts. Write every figure here once;
# the pages generate every sentence, table and chart that states it.
# Replace each TODO; `marketsite validate` lists the ones left.
currency: USD            # ISO 4217 code of all money values
unit: billion            # magnitude of market_size values: thousand, million or billion
base_year: TODO          # last year with actual data, e.g. 2025
forecast:
  start_year: TODO       # first forecast year, e.g. 2026
  end_year: TODO         # last forecast year, e.g. 2035
market_size:
  start: TODO            # size in start_year, in `unit`, e.g. 24.71
  end: TODO              # size in end_year, e.g. 58.25
cagr_percent: TODO       # as published, e.g. 10.1; validate checks it against the sizes
historical_data: false
regional_coverage: global

# Segments per dimension (type, application, ...) in display order; share in percent
# (give every segment of a dimension a share, or none). Ids need a display name in
# data/_shared/names.<lang>.yaml or under names.segments in the text files.
segments:
  type:
    - {{id: todo-segment, share: TODO}}

# Regional shares in percent; what is missing to 100 % is shown as rest of world.
regions:
  - {{id: todo-region, share: TODO}}

# Key players: name as written everywhere, headquarters as ISO 3166 alpha-2 code.
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
# {report_id}: text in '{lang}'. Every key here must exist in every language.
# Never write a figure in prose: the page states them. Use {{market}} for the
# market's name and {{figure-id}} for a figure defined in facts.yaml.
market_name: TODO        # as used inside a sentence, e.g. "omni-channel communication services"
slug: {report_id}        # the page's URL in this language
summary: TODO            # one sentence for search results and the page description

overview: |
  TODO: what the market is and what moves it (paragraphs separated by a blank line).

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

# One description per segment id of facts.yaml.
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

# One insight per region id of facts.yaml.
regions:
  todo-region: TODO

players_intro:
  headline: TODO
  body: TODO

# One text per development id of facts.yaml.
developments:
  todo-development: TODO

report_coverage: |
  TODO

# Editor-written questions; size, CAGR, drivers, segments, leading region and
# growth are answered automatically.
faq:
  todo-question:
    question: TODO
    answer: TODO

# Display names for ids that data/_shared/names.{lang}.yaml does not have.
names:
  segments:
    todo-segment: TODO
  regions:
    todo-region: TODO
"""


class ScaffoldError(ValueError):
    """The report cannot be created; the message says why and what to do."""


def check_report_id(report_id: str, data_dir: Path) -> None:
    """Refuse ids that are not safe slugs or that already exist."""
    if not REPORT_ID_RE.match(report_id):
        raise ScaffoldError(
            f"'{report_id}' is not a valid report id: use lowercase letters, digits and "
            "single hyphens (no '/', '..', spaces or capitals), e.g. smart-meter-market"
        )
    if (data_dir / report_id).exists():
        raise ScaffoldError(
            f"report '{report_id}' already exists in {data_dir}; edit it there or choose another id"
        )


def scaffold_report(data_dir: Path, report_id: str, languages: tuple[str, ...]) -> list[Path]:
    """Write a new report folder; returns the files written."""
    check_report_id(report_id, data_dir)
    folder = data_dir / report_id
    folder.mkdir(parents=True)
    written = [folder / FACTS_FILE]
    written[0].write_text(FACTS_TEMPLATE.format(report_id=report_id), encoding="utf-8")
    for lang in languages:
        path = folder / f"text.{lang}.yaml"
        path.write_text(TEXT_TEMPLATE.format(report_id=report_id, lang=lang), encoding="utf-8")
        written.append(path)
    return written
