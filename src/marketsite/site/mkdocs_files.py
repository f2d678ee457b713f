"""A locale's generated pages and files, as the File objects MkDocs builds from."""

from __future__ import annotations

import os
import shutil
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from jinja2.bccache import BytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.theme import Theme

from marketsite.rendering.charts import ChartRenderer
from marketsite.rendering.pages import CompiledTemplates, PageSet

if TYPE_CHECKING:
    from marketsite.site.session import PreviewSession

#: Served by the site itself: the chart upgrade script (every page) and Vega (loaded on demand).
SITE_SCRIPT = "assets/marketsite/marketsite.js"
VEGA_SCRIPT = "assets/marketsite/vega.js"


class VisibleFilesLoader(jinja2.FileSystemLoader):
    """A theme's template loader that lists no file in a hidden folder and no hidden file.

    MkDocs copies every file its theme loader lists, except those it filters out, among
    them any name with a part that starts with a dot. Material keeps about 14,300 icons in
    one such folder (``.icons``): listing and filtering them took 50 ms of every language's
    build, a third of the example's. Templates load as before; only the listing skips
    what MkDocs would drop."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                for name in names:
                    if not name.startswith("."):
                        path = os.path.relpath(os.path.join(folder, name), searchpath)
                        found.add(path.replace(os.sep, "/"))
        return sorted(found)


def prepare_theme(theme: Theme, bytecode: BytecodeCache | None) -> None:
    """Make every Jinja environment ``theme`` makes (MkDocs' own, and the three that
    Material's search plugin makes to translate its settings) list only visible files
    (:class:`VisibleFilesLoader`) and keep its compiled templates in ``bytecode``:
    Material's templates are compiled once, not in every build's every worker."""
    make_env = getattr(theme.get_env, "makes_plain_env", theme.get_env)

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.loader = VisibleFilesLoader(theme.dirs)
        if bytecode is not None:
            env.bytecode_cache = bytecode
        return env

    get_env.makes_plain_env = make_env  # type: ignore[attr-defined]
    theme.get_env = get_env  # type: ignore[method-assign]


def theme_bytecode(cache_dir: Path | None, preview: PreviewSession | None) -> BytecodeCache | None:
    """Where compiled theme templates are kept: in a preview's memory, else in the build
    cache's ``templates`` folder (Jinja compiles a template again when its source
    changed)."""
    if preview is not None:
        return preview.theme_bytecode
    if cache_dir is None:
        return None
    folder = compiled_templates(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return CompiledTemplates(str(folder))


def compiled_templates(cache_dir: Path) -> Path:
    """The build cache's folder of compiled templates: the theme's, and marketsite's own
    in folders of their own (:func:`marketsite.rendering.pages.environments`)."""
    return cache_dir / "templates"


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
    bundle = charts.vega_bundle()
    if isinstance(bundle, Path):
        files.append(CachedFile.generated(config, VEGA_SCRIPT, abs_src_path=str(bundle)))
    else:
        files.append(File.generated(config, VEGA_SCRIPT, content=bundle))
    return files


#: Theme files no page of the site loads: Material's lunr search, its language files and
#: its worker (the site searches with Pagefind; Material's search form is replaced), and
#: the source maps of Material's scripts and styles, which only a browser's developer
#: tools fetch. Together 2.3 MB and 36 files in every language.
UNUSED_THEME_FOLDERS = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
SOURCE_MAP_SUFFIX = ".map"


def drop_unused_theme_files(files: Files, config: MkDocsConfig) -> None:
    """Leave out the theme's files that no page loads (:data:`UNUSED_THEME_FOLDERS`, source
    maps); a file of the same name in the project's own content stays."""
    theme_dirs = set(config.theme.dirs)
    for file in list(files):
        unused = file.src_uri.startswith(UNUSED_THEME_FOLDERS) or file.src_uri.endswith(
            SOURCE_MAP_SUFFIX
        )
        if unused and file.src_dir in theme_dirs:
            files.remove(file)


def _owner_page(path: str, versions: dict[str, str]) -> str | None:
    """The report page a generated file belongs to ("berichte/x/markt.csv" belongs to
    "berichte/x.md"), or None for a file of no report."""
    page = f"{path.rpartition('/')[0]}.md"
    return page if page in versions else None


class CachedFile(File):
    """A file from the build cache, hard-linked into the site (copied where the file
    system cannot link): a report's files from the render cache (a site of 1,000 reports
    holds some 15,000 of them) and the Vega script, the same 0.9 MB in every language."""

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
