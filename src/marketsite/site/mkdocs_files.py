"""A locale's generated pages and files, as the File objects MkDocs builds from."""

from __future__ import annotations

import os
import shutil
from importlib import resources
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from marketsite.rendering.charts import ChartRenderer
from marketsite.rendering.pages import PageSet

#: Served by the site itself: the chart upgrade script (every page) and Vega (loaded on demand).
SITE_SCRIPT = "assets/marketsite/marketsite.js"
VEGA_SCRIPT = "assets/marketsite/vega.js"


def add_generated(
    files: Files,
    config: MkDocsConfig,
    page_set: PageSet,
    charts: ChartRenderer,
    rebuilt: set[str] | None = None,
) -> Files:
    """Add every generated page and file of ``page_set``, and the site's own scripts.

    ``rebuilt`` (a preview's dirty build): the report pages that changed. A page with a
    cached source is then read from there, and an unchanged report's files, in the site
    since an earlier build, are left out.
    """
    for page in page_set.pages:
        if rebuilt is not None and page.source:
            # A dirty build skips a page whose source is older than its output:
            # prepare_incremental removed the output of every page that changed.
            files.append(File.generated(config, page.src_uri, abs_src_path=page.source))
        else:
            files.append(File.generated(config, page.src_uri, content=page.markdown))
    for path, content in page_set.assets.items():
        owner = _owner_page(path, page_set.versions)
        if rebuilt is not None and owner is not None and owner not in rebuilt:
            continue
        if isinstance(content, Path):  # a cached copy: linked into the site, unread
            files.append(CachedFile.generated(config, path, abs_src_path=str(content)))
        else:
            files.append(File.generated(config, path, content=content))
    script = resources.files("marketsite") / "assets" / "marketsite.js"
    files.append(File.generated(config, SITE_SCRIPT, content=script.read_text("utf-8")))
    files.append(File.generated(config, VEGA_SCRIPT, content=charts.vega_bundle()))
    return files


def _owner_page(path: str, versions: dict[str, str]) -> str | None:
    """The report page a generated file belongs to ("berichte/x/markt.csv" belongs to
    "berichte/x.md"), or None for a file of no report."""
    page = f"{path.rpartition('/')[0]}.md"
    return page if page in versions else None


class CachedFile(File):
    """A report's file from the render cache, hard-linked into the site (copied where the
    file system cannot link): a site of 1,000 reports holds some 15,000 of them."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        assert self.abs_src_path is not None
        target = Path(self.abs_dest_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # never write through a link into the cache
        try:
            os.link(self.abs_src_path, target)
        except OSError:
            shutil.copyfile(self.abs_src_path, target)
