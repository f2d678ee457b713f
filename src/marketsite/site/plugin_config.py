"""The plugin's options in ``mkdocs.yml``, and the render options a build takes from them."""

from __future__ import annotations

from collections.abc import Mapping

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from marketsite.checks.bounds import CAGR_TOLERANCE
from marketsite.rendering.charts import ChartRenderer
from marketsite.rendering.pages import RenderOptions
from marketsite.rendering.paths import CATALOG_PAGE_SIZE, changes_path
from marketsite.site.build import content_page
from marketsite.site.locale_pages import DataSettings


class PublishedEditorConfig(base.Config):
    """Options under ``editor:``: the site's browser editor at ``edit/``, which proposes
    changes to the data as pull requests on GitHub (no editor without a repository)."""

    repository = c.Type(str, default="")  # "owner/name": the repository the site is built from
    branch = c.Type(str, default="main")  # the branch pull requests go to
    api_url = c.Type(
        str, default="https://api.github.com"
    )  # GitHub Enterprise: https://HOST/api/v3


class MarketsiteConfig(base.Config):
    """Options under ``plugins: - marketsite:`` in ``mkdocs.yml``."""

    data_dir = c.Type(str, default="data")
    content_dir = c.Type(str, default="content")
    languages = c.ListOfItems(c.Type(str), default=["de", "en"])
    default_language = c.Type(str, default="")
    contact_email = c.Type(str, default="")
    site_names = c.DictOfItems(c.Type(str), default={})  # per-language site_name
    cagr_tolerance = c.Type(float, default=CAGR_TOLERANCE)
    cache_dir = c.Type(str, default=".cache/marketsite")  # safe to delete
    publisher = c.Type(str, default="")  # names the source and the citation (default: site_name)
    license = c.Type(str, default="")  # the reports' license, e.g. "CC BY 4.0"
    license_url = c.Type(str, default="")
    catalog_page_size = c.Type(int, default=CATALOG_PAGE_SIZE)  # reports per catalog page
    editor = c.SubConfig(PublishedEditorConfig)


def render_options(
    config: MkDocsConfig,
    options: MarketsiteConfig,
    data: DataSettings,
    charts: ChartRenderer,
    site_root: str,
    report_dates: Mapping[str, str] | None = None,
    edition: str = "",
) -> RenderOptions:
    """What the pages of ``config``'s language need to know of the site. ``site_root`` is
    the URL the pages name as their own (the published site's, in a preview too);
    ``report_dates`` when each report's data last changed; ``edition`` the version of a
    release build."""
    lang = config.theme["language"]
    return RenderOptions(
        contact_email=options.contact_email,
        site_url=f"{site_root or '/'}{lang}/",
        charts=charts,
        publisher=options.publisher or config.site_name,
        license_name=options.license,
        license_url=options.license_url,
        methodology=content_page(data.content_dir / lang, "methodology") or "",
        directory_urls=config.use_directory_urls,
        catalog_page_size=options.catalog_page_size,
        report_dates=dict(report_dates or {}),
        edition=edition,
        changes_page=changes_path(lang) if edition else "",
    )
