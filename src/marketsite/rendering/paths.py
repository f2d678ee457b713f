"""Where each generated page goes, its URL, and which reports a shard renders.

MkDocs maps a Markdown source to a URL; raw HTML links are relative to where a page
ends up. These helpers are the one place that knows both.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass

from marketsite.data.dataset import Dataset
from marketsite.data.text_model import ReportText
from marketsite.derivation.locale import translations
from marketsite.rendering.pages import RenderOptions

#: Reports per catalog page: what a reader scans, and what pages without JavaScript show.
CATALOG_PAGE_SIZE = RenderOptions.catalog_page_size
#: The catalog's data for filtering and sorting, beside its pages.
CATALOG_DATA = "catalog.json"


def url_of(src_uri: str, directory_urls: bool = True) -> str:
    """URL path of a Markdown source as MkDocs writes it: ``a/b.md`` -> ``a/b/``,
    or ``a/b.html`` without ``use_directory_urls``."""
    path = src_uri.removesuffix(".md")
    if not directory_urls:
        return f"{path}.html"
    if path == "index" or path.endswith("/index"):
        return path.removesuffix("index")
    return f"{path}/"


def relative_url(start: str, target: str) -> str:
    """``target`` relative to the page at ``start`` (both URL paths under the language root,
    as :func:`url_of` gives them): what a link in raw HTML on that page needs."""
    folder = posixpath.dirname(start)
    base = start if start.endswith("/") or not start else (f"{folder}/" if folder else "")
    relative = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") or not target:
        relative = "./" if relative == "." else relative + "/"
    return relative


def report_slug(text: ReportText, report_id: str) -> str:
    """The URL slug of a report in one language (the text file's slug, else the id)."""
    return text.slug or report_id


def reports_section(lang: str) -> str:
    """The folder of the report pages and the catalog in ``lang`` ("berichte", "reports")."""
    return translations(lang).pgettext("url path", "reports")


def catalog_paths(lang: str, reports: int, page_size: int = CATALOG_PAGE_SIZE) -> list[str]:
    """The catalog's pages of ``lang`` for ``reports`` reports: index.md, then page-2.md..."""
    catalog = translations(lang)
    section = catalog.pgettext("url path", "reports")
    word = catalog.pgettext("url path", "page")
    count = max(1, -(-reports // page_size))
    return [f"{section}/index.md"] + [f"{section}/{word}-{n}.md" for n in range(2, count + 1)]


def page_paths(dataset: Dataset, lang: str, page_size: int = CATALOG_PAGE_SIZE) -> dict[str, str]:
    """Where each generated page of ``lang`` goes: ``{page key: src_uri}``."""
    section = reports_section(lang)
    pages = catalog_paths(lang, len(dataset.reports), page_size)
    paths = {"catalog": pages[0]}
    paths.update({f"catalog:{number}": path for number, path in enumerate(pages[1:], start=2)})
    if dataset.reports:
        paths["compare"] = compare_path(lang)
    for report in dataset.reports:
        paths[f"report:{report.report_id}"] = (
            f"{section}/{report_slug(report.texts[lang], report.report_id)}.md"
        )
    return paths


def compare_path(lang: str) -> str:
    """Where the page that compares markets goes in ``lang``."""
    return translations(lang).pgettext("url path", "compare") + ".md"


def changes_path(lang: str) -> str:
    """Where the "what changed" page of ``lang`` goes."""
    path = translations(lang).pgettext("url path", "changes")
    return f"{path}.md"


@dataclass(frozen=True)
class Shard:
    """Shard ``number`` of ``count``: every count-th report, by report id.

    Report pages depend on their own report only, so shards can be built apart;
    the pages over all reports (catalog, home) are the same in every shard.
    """

    number: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """ "2/3" -> Shard(2, 3); ValueError with what is wrong otherwise."""
        number, _, count = text.partition("/")
        try:
            shard = cls(int(number), int(count))
        except ValueError:
            raise ValueError(f"'{text}' is not a shard; write K/N, e.g. 2/3") from None
        if not 1 <= shard.number <= shard.count:
            raise ValueError(f"shard '{text}': K must be between 1 and N")
        return shard

    def select(self, report_ids: list[str]) -> set[str]:
        """The ids of the reports this shard renders."""
        ordered = sorted(report_ids)
        return {rid for n, rid in enumerate(ordered) if n % self.count == self.number - 1}

    def __str__(self) -> str:
        return f"{self.number}/{self.count}"


#: Letters whose plain form is two letters in German: "fördern" -> "foerdern", so that
#: "fördern" and "fordern" never share an anchor.
_TRANSLITERATED = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ẞ": "SS"}
)


def heading_slug(value: str, separator: str = "-") -> str:
    """A heading's anchor (the Markdown toc extension's ``slugify``): lower case ASCII
    words joined by ``separator``, German letters transliterated, other accents
    dropped ("KI-gestützte Tools fördern" -> "ki-gestuetzte-tools-foerdern")."""
    text = unicodedata.normalize("NFKD", value.translate(_TRANSLITERATED))
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", text.lower())
    return separator.join(words)
