"""The plugin's options in ``mkdocs.yml``.

Only MkDocs' option types are imported here: the commands read these options before
they load the pipeline (:mod:`marketsite.site.settings`).
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from marketsite.checks.bounds import CAGR_TOLERANCE


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
    # Reports per catalog page; None: the renderer's (rendering.paths.CATALOG_PAGE_SIZE).
    catalog_page_size = c.Optional(c.Type(int))
    editor = c.SubConfig(PublishedEditorConfig)
