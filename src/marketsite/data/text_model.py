"""The models of a language's files: a report's prose (``text.<lang>.yaml``) and the
display names (``_shared/names.<lang>.yaml``, and a report's own)."""

from __future__ import annotations

from pydantic import (
    Field,
)

from marketsite.data.fields import Prose, Slug, StrictModel

# --- text.<lang>.yaml: one language's prose ---------------------------------------------


class Section(StrictModel):
    """A headline and its body text."""

    headline: Prose = Field(
        description="The section's headline.",
        examples=["Rising expectations drive the market"],
    )
    body: Prose = Field(
        description="The section's text; paragraphs separated by a blank line.",
        examples=["Customers expect ..."],
    )


class KeyFindings(StrictModel):
    """The qualitative key findings; the figure-bearing ones are generated."""

    driver: Prose | None = Field(
        None,
        description="Optional: the key market driver.",
        examples=["Rising demand for personal customer interaction ..."],
    )
    restraint: Prose | None = Field(
        None,
        description="Optional: the major market restraint.",
        examples=["Data privacy concerns ..."],
    )
    trends: Prose | None = Field(
        None,
        description="Optional: the emerging trends.",
        examples=["AI-based customer interaction tools ..."],
    )
    regional_leadership: Prose | None = Field(
        None,
        description="Optional: regional leadership in words; without it, the page states "
        "the leading region from the shares.",
        examples=["North America leads the market ..."],
    )
    competitive_landscape: Prose | None = Field(
        None,
        description="Optional: the competitive landscape.",
        examples=["Leading providers focus on partnerships ..."],
    )
    recent_development: Prose | None = Field(
        None,
        description="Optional: the most recent development.",
        examples=["In {ai-integration-year}, several providers ..."],
    )


class Dynamics(StrictModel):
    """Market dynamics, each keyed so that the languages line up."""

    drivers: dict[Slug, Section] = Field(
        default_factory=dict,
        description="Driving factors, each <key>: {headline, body}.",
        examples=[{"driver-key": {"headline": "...", "body": "..."}}],
    )
    restraints: dict[Slug, Section] = Field(
        default_factory=dict,
        description="Restraining factors, each <key>: {headline, body}.",
        examples=[{"restraint-key": {"headline": "...", "body": "..."}}],
    )
    opportunities: dict[Slug, Section] = Field(
        default_factory=dict,
        description="Opportunities, each <key>: {headline, body}.",
        examples=[{"opportunity-key": {"headline": "...", "body": "..."}}],
    )
    challenges: dict[Slug, Section] = Field(
        default_factory=dict,
        description="Challenges, each <key>: {headline, body}.",
        examples=[{"challenge-key": {"headline": "...", "body": "..."}}],
    )


class FaqEntry(StrictModel):
    """An editor-written question and answer."""

    question: Prose = Field(description="The question.", examples=["Why does North America lead?"])
    answer: Prose = Field(description="The answer.", examples=["North America benefits ..."])


class NameForms(StrictModel):
    """A display name with its grammar: a plural noun ("wearables", "Groß- und
    Einzelhändler"), and in German the form a preposition asks for ("gefolgt von
    Sprachanrufen", "vom Nahen Osten und Afrika")."""

    name: Prose = Field(description="The name.", examples=["Sprachanrufe"])
    plural: bool = Field(
        False, description="true: a plural noun, so sentences say 'are'.", examples=[True]
    )
    dative: Prose | None = Field(
        None,
        description="German only: the name after 'von', 'mit' or 'in', with its article "
        "where it takes one ('Sprachanrufen', 'dem Nahen Osten und Afrika'). Required for "
        "a plural German name; without it, a singular name is used unchanged.",
        examples=["Sprachanrufen"],
    )


#: A display name: text, or ``{name: ..., plural: true, dative: ...}`` with its grammar.
DisplayName = Prose | NameForms


class Names(StrictModel):
    """Display names of ids; in a report's text file they override the shared ones."""

    regions: dict[Slug, DisplayName] = Field(
        default_factory=dict,
        description="Region names by id; a name that changes after 'von' (German) as "
        "{name, dative}.",
        examples=[
            {
                "north-america": "Nordamerika",
                "middle-east-africa": {
                    "name": "Naher Osten und Afrika",
                    "dative": "dem Nahen Osten und Afrika",
                },
            }
        ],
    )
    dimensions: dict[Slug, Prose] = Field(
        default_factory=dict,
        description="Dimension names by id, as inside a sentence.",
        examples=[{"type": "type"}],
    )
    segments: dict[Slug, DisplayName] = Field(
        default_factory=dict,
        description="Segment names by id, as inside a sentence; a plural noun as "
        "{name, plural: true}, in German with its dative: {name, plural: true, dative}.",
        examples=[
            {
                "email": "E-Mail",
                "voice": {"name": "Sprachanrufe", "plural": True, "dative": "Sprachanrufen"},
            }
        ],
    )
    sectors: dict[Slug, DisplayName] = Field(
        default_factory=dict,
        description="Sector names by id, as a catalog's filter lists them.",
        examples=[{"telecommunications": "Telecommunications"}],
    )


def name_text(name: DisplayName) -> str:
    """The text of a display name."""
    return name.name if isinstance(name, NameForms) else name


def is_plural(name: DisplayName) -> bool:
    """True when the display name is a plural noun (verbs agree with it)."""
    return isinstance(name, NameForms) and name.plural


def dative_text(name: DisplayName) -> str:
    """The name after a preposition that takes the dative (German); the name itself
    where no such form is given."""
    if isinstance(name, NameForms) and name.dative is not None:
        return name.dative
    return name_text(name)


class ReportText(StrictModel):
    """``text.<lang>.yaml``: all prose of one report in one language."""

    market_name: Prose = Field(
        description="The market's name as used inside sentences.",
        examples=["omni-channel communication services"],
    )
    slug: Slug | None = Field(
        None,
        description="Optional: the report's URL in this language (default: the report id).",
        examples=["omni-channel-communication-services"],
    )
    summary: Prose | None = Field(
        None,
        description="Optional: one sentence for the page description and search results.",
        examples=["Services that join email, voice, SMS and social media."],
    )
    overview: Prose = Field(
        description="The overview after the generated lead sentence; paragraphs separated "
        "by a blank line. {market} stands for the market's name, {figure-id} for a figure.",
        examples=["The {market} market is developing fast ..."],
    )
    key_findings: KeyFindings = Field(
        default_factory=KeyFindings,
        description="The qualitative key findings (size, growth and segmentation are generated).",
        examples=[{"driver": "Rising demand for ...", "restraint": "Data privacy ..."}],
    )
    covid_impact: Section | None = Field(
        None,
        description="Optional: the impact of COVID-19, {headline, body}.",
        examples=[{"headline": "...", "body": "..."}],
    )
    latest_trends: Section | None = Field(
        None,
        description="Optional: the latest trends, {headline, body}.",
        examples=[{"headline": "...", "body": "..."}],
    )
    #: A description per segment of facts.yaml; ``null`` says "none, on purpose".
    segments: dict[Slug, dict[Slug, Prose | None]] = Field(
        default_factory=dict,
        description="A description of each segment in facts.yaml, by dimension and id; null "
        "leaves one out on purpose.",
        examples=[{"type": {"email": "Email remains a cornerstone ..."}}],
    )
    dynamics: Dynamics = Field(
        default_factory=Dynamics,
        description="Market dynamics: drivers, restraints, opportunities, challenges.",
        examples=[{"drivers": {"expectations": {"headline": "...", "body": "..."}}}],
    )
    #: An insight per region of facts.yaml; ``null`` says "none, on purpose".
    regions: dict[Slug, Prose | None] = Field(
        default_factory=dict,
        description="An insight for each region in facts.yaml, by id; null leaves one out "
        "on purpose.",
        examples=[{"europe": "Europe grows steadily ..."}],
    )
    players_intro: Section | None = Field(
        None,
        description="Optional: the introduction to the key players, {headline, body}.",
        examples=[{"headline": "...", "body": "..."}],
    )
    developments: dict[Slug, Prose] = Field(
        default_factory=dict,
        description="The text of each development in facts.yaml, by id.",
        examples=[{"salesforce-slack-gpt": "Salesforce brought generative AI to Slack ..."}],
    )
    report_coverage: Prose | None = Field(
        None,
        description="Optional: the report coverage section.",
        examples=["The study offers a detailed SWOT analysis ..."],
    )
    methodology: Prose | None = Field(
        None,
        description="Optional: how the publisher researched the report, in its own "
        "terms: sources, primary and secondary research, definitions. Without it the "
        "page says that the publisher describes none.",
        examples=["The estimates rest on interviews with 40 vendors and on trade data ..."],
    )
    faq: dict[Slug, FaqEntry] = Field(
        default_factory=dict,
        description="Editor-written questions, each <key>: {question, answer} (size, CAGR, "
        "drivers, segmentation, leading region and growth are generated).",
        examples=[{"leader": {"question": "Why does North America lead?", "answer": "..."}}],
    )
    names: Names = Field(
        default_factory=Names,
        description="Names that override or extend _shared/names.<lang>.yaml for this report.",
        examples=[{"segments": {"wearables": {"name": "wearables", "plural": True}}}],
    )
    not_figures: list[Prose] = Field(
        default_factory=list,
        description="Optional: names in the prose that hold a number but are no figure "
        "(Web 3.0, Industry 4.0), so that validate does not ask to write them as figures.",
        examples=[["Web 3.0"]],
    )
