"""What the rendering stage produces, and the Jinja environments it produces it with.

A locale's output is a :class:`PageSet`: pages (``{src_uri: markdown}`` plus a
language-neutral key each) and files, which any Material-compatible builder can
take; the MkDocs plugin is only one way to hand it over.

Escaping: every ``{{ value }}`` in a Markdown template is plain text and is escaped
for Markdown by the environment's ``finalize`` hook; only :class:`SafeMarkdown`
(built from escaped parts) passes through as markup. Raw HTML blocks come from the
HTML environment, which autoescapes every value.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from jinja2.bccache import Bucket

from marketsite.derivation.escape import SafeMarkdown, md_escape
from marketsite.derivation.figures import DERIVED_MARK
from marketsite.derivation.locale import translations
from marketsite.derivation.prose import capfirst

if TYPE_CHECKING:
    from marketsite.rendering.charts import ChartRenderer
    from marketsite.rendering.datatable import DataTable


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes in the docs tree, its Markdown, extra <head> HTML."""

    key: str
    src_uri: str
    markdown: str
    title: str
    head: str = ""
    image: str = ""  # absolute URL of its social preview image, if it has one
    #: Raw HTML (charts) by the comment that stands for it in ``markdown``. Markdown
    #: never parses it: the builder puts it in after conversion (see :func:`block_slot`).
    blocks: Mapping[str, str] = field(default_factory=dict)
    #: A file holding ``markdown`` (a cached rendering), or "": builders may read it there.
    source: str = ""

    def full_markdown(self) -> str:
        """The Markdown with its HTML blocks in place, for any Markdown builder."""
        markdown = self.markdown
        for slot, block in self.blocks.items():
            markdown = markdown.replace(slot, block, 1)
        return markdown

    def fill_blocks(self, html_content: str) -> str:
        """The page's converted HTML with its HTML blocks in place."""
        for slot, block in self.blocks.items():
            html_content = html_content.replace(slot, block, 1)
        return html_content


@dataclass
class PageSet:
    """Everything generated for one locale: pages, and files such as downloads."""

    lang: str
    pages: list[Page] = field(default_factory=list)
    assets: dict[str, bytes | Path] = field(default_factory=dict)  # bytes or a cached copy
    latest: str = ""  # the home page's "latest reports" block (HTML), if there are reports
    #: The cache key of each report page's rendering: what changed since an earlier build.
    versions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RenderOptions:
    """Site-level settings pages need.

    ``site_url`` is the absolute URL of this locale's root (for JSON-LD);
    ``charts`` renders chart specs to SVG (it owns the cache; render itself
    reads no files). Without it, pages carry no charts.
    """

    contact_email: str = ""
    site_url: str = ""
    charts: ChartRenderer | None = None
    publisher: str = ""  # who publishes the reports (source line, citation, JSON-LD)
    license_name: str = ""
    license_url: str = ""
    methodology: str = ""  # src_uri of the methodology page in this language, if any
    directory_urls: bool = True  # MkDocs' use_directory_urls: report pages end in "<slug>/"
    catalog_page_size: int = 50  # reports per catalog page
    #: When each report's data last changed (YYYY-MM-DD, from git), by report id.
    report_dates: Mapping[str, str] = field(default_factory=dict)
    edition: str = ""  # the version of a release build ("" otherwise)
    changes_page: str = ""  # src_uri of the "What changed" page, when the build has one
    #: Where compiled templates are kept between processes (the build cache), if anywhere.
    compiled_templates: Path | None = None


def environment() -> jinja2.Environment:
    """The Markdown environment: strict about undefined names, escaping for Markdown."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("marketsite", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown output: escaping is done by finalize, not for HTML
        finalize=md_escape,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["capfirst"] = capfirst
    return env


def html_environment() -> jinja2.Environment:
    """The environment of raw HTML blocks: every value escaped for HTML."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("marketsite", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.cache
def untranslated_html(compiled: Path | None = None) -> jinja2.Environment:
    """One HTML environment without a language, for blocks that hold no UI text of their
    own (the social card's SVG), kept in this function's cache like :func:`environments`
    (``compiled`` as there)."""
    return keep_compiled(html_environment(), compiled, "html")


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in a folder, each filed under its name and source rather
    than Jinja's name and path: a project copied or moved elsewhere (a CI runner's
    checkout, a clone beside the first) finds the templates of its theme overrides
    compiled, and the folder does not gain a copy of them for every place the project
    was built from. (Jinja reports a template's errors with its path as loaded now.)"""

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        named = f"{name}|{self.get_source_checksum(source)}"
        return super().get_bucket(environment, named, None, source)


def keep_compiled(env: jinja2.Environment, compiled: Path | None, kind: str) -> jinja2.Environment:
    """``env``, keeping its compiled templates in ``compiled``/``kind`` when given (one
    folder per kind of environment: their options shape the code)."""
    if compiled is not None:
        (compiled / kind).mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = CompiledTemplates(str(compiled / kind))
    return env


@dataclass(frozen=True)
class Environments:
    """The Markdown and the HTML environment of one language."""

    markdown: jinja2.Environment
    html: jinja2.Environment


@functools.cache
def environments(lang: str, compiled: Path | None = None) -> Environments:
    """The environments of ``lang``, made once per process and kept in this function's
    cache, so that their compiled templates serve every build (a preview rebuilds many
    times). They hold no build's data: only templates and the language's catalog.

    ``compiled``: a folder that keeps the compiled templates for the next process too
    (a build's workers each compiled them again: a tenth of a second a language). Jinja
    compiles a template again when its source or Jinja's version changed."""
    catalog = translations(lang)
    markdown = keep_compiled(environment(), compiled, "markdown")
    html_blocks = keep_compiled(html_environment(), compiled, "html")
    for env in (markdown, html_blocks):
        env.install_gettext_translations(catalog, newstyle=False)  # type: ignore[attr-defined]
    return Environments(markdown, html_blocks)


def markdown_table(table: DataTable) -> SafeMarkdown:
    """A data table's page columns as a Markdown table (every cell escaped)."""
    headers, rows, numeric = table.page_view()
    lines = [
        "| " + " | ".join(md_escape(h) for h in headers) + " |",
        "|" + "|".join("--:" if right else "---" for right in numeric) + "|",
    ]
    lines += ["| " + " | ".join(md_escape(cell) for cell in row) + " |" for row in rows]
    return SafeMarkdown("\n".join(lines))


def block_slot(name: str) -> str:
    """The HTML comment that stands for a raw HTML block in a page's Markdown.

    A chart is about 30 KB of SVG; Python-Markdown's HTML parser would take most of
    a page's conversion time just to pass it through unchanged.
    """
    return f"<!-- marketsite-block:{name} -->"


def front_matter(**meta: str) -> SafeMarkdown:
    """YAML front matter. Values are HTML-escaped: Material prints them into HTML unescaped."""
    lines = [
        f"{key}: {json.dumps(html.escape(value), ensure_ascii=False)}"
        for key, value in meta.items()
    ]
    return SafeMarkdown("---\n" + "\n".join(lines) + "\n---\n")


def derived_legend(gettext: Callable[[str], str]) -> str:
    """The legend under a table that has derived figures: what the mark means."""
    return gettext(
        "%(mark)s Derived by us from the publisher's figures; not stated by the publisher."
    ) % {"mark": DERIVED_MARK}
