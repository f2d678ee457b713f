"""Merge stage: slices of a site, built apart (on CI runners), joined into the whole site.

``marketsite build --lang X --shard K/N`` builds a slice (:class:`marketsite.site.build.Slice`).
Report pages depend on their own report only, and the pages over all reports
(catalog, home) come out the same in every shard, so the merge copies every
file as it is and only makes what must see all pages, once: each language's
sitemap (its entries joined in URL order, as a single build writes them),
its search index, and the site's root page. The result is byte for byte the
site one ``marketsite build`` makes.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from marketsite.data.history import report_dates
from marketsite.errors import MarketsiteError
from marketsite.rendering.catalog_data import write_catalog_data
from marketsite.site.build import SLICE_MANIFEST, RootWriter, catalog_dataset, write_root_page
from marketsite.site.output import check_output, mark, recover_and_clean, staging_dir, swap_in
from marketsite.site.search import BUNDLE_DIR, index_site
from marketsite.site.settings import SiteSettings

SITEMAP = "sitemap.xml"
#: One <url> entry of a sitemap, with the whitespace before it.
SITEMAP_URL = re.compile(r"\s*<url>.*?</url>", re.S)
SITEMAP_LOC = re.compile(r"<loc>(.*?)</loc>")
SITEMAP_LASTMOD = re.compile(r"<lastmod>(.*?)</lastmod>")


class MergeError(MarketsiteError):
    """The slices do not make one site; the message says why and what to do."""


def read_manifest(folder: Path) -> tuple[list[str], int, int]:
    """A slice's manifest: its languages, its shard number and the shard count."""
    manifest = folder / SLICE_MANIFEST
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        languages = [str(lang) for lang in data["languages"]]
        number, count = (int(n) for n in data["shard"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise MergeError(
            f"{folder}: not a slice (no readable {SLICE_MANIFEST}); build one with "
            "`marketsite build --lang X --shard K/N`"
        ) from error
    return languages, number, count


def check_complete(slices: list[Path], settings: SiteSettings) -> None:
    """Every language's every shard is there, once."""
    have: dict[str, list[tuple[int, int]]] = {}
    for folder in slices:
        languages, number, count = read_manifest(folder)
        for lang in languages:
            have.setdefault(lang, []).append((number, count))
    problems = []
    for lang in settings.languages:
        shards = have.get(lang, [])
        counts = {count for _, count in shards}
        if not shards:
            problems.append(f"{lang}: no slice")
        elif len(counts) > 1:
            problems.append(f"{lang}: slices of different shard counts {sorted(counts)}")
        else:
            (count,) = counts
            numbers = sorted(number for number, _ in shards)
            if numbers != list(range(1, count + 1)):
                problems.append(f"{lang}: shards {numbers} of {count}")
    extra = sorted(set(have) - set(settings.languages))
    if extra:
        problems.append(f"languages not in the site: {', '.join(extra)}")
    if problems:
        raise MergeError(
            "the slices do not make the whole site: " + "; ".join(problems) + " (merge the "
            "slices of one build: every language, shards 1 to N once each)"
        )


def _combined(relative: Path) -> bool:
    """Files the merge makes itself from all slices: sitemaps and search index."""
    parts = relative.parts
    return len(parts) >= 2 and (parts[1] in (SITEMAP, f"{SITEMAP}.gz") or parts[1] == BUNDLE_DIR)


def merge_sitemaps(texts: list[str]) -> tuple[str, int]:
    """One sitemap with every entry of ``texts``, in URL order; and its timestamp.

    The timestamp is what MkDocs dates the gzipped copy with: the latest lastmod.
    """
    entries: dict[str, str] = {}
    prefix = suffix = ""
    for text in texts:
        found = list(SITEMAP_URL.finditer(text))
        if not found:
            continue
        prefix, suffix = text[: found[0].start()], text[found[-1].end() :]
        for match in found:
            loc = SITEMAP_LOC.search(match.group(0))
            entries[loc.group(1) if loc else match.group(0)] = match.group(0)
    if not entries:
        return (texts[0] if texts else ""), 0
    merged = prefix + "".join(entries[loc] for loc in sorted(entries)) + suffix
    dates = SITEMAP_LASTMOD.findall(merged)
    stamp = dt.datetime.fromisoformat(max(dates)).replace(tzinfo=dt.UTC) if dates else None
    return merged, int(stamp.timestamp()) if stamp else 0


def _write_sitemap(lang_dir: Path, text: str, timestamp: int) -> None:
    """sitemap.xml and the gzipped copy MkDocs writes beside it (same name, same mtime)."""
    path = lang_dir / SITEMAP
    path.write_text(text, encoding="utf-8")
    gz_name = f"{path}.gz"
    with (
        open(gz_name, "wb") as handle,
        gzip.GzipFile(fileobj=handle, filename=gz_name, mode="wb", mtime=timestamp) as packed,
    ):
        packed.write(text.encode("utf-8"))


def merge_slices(
    slices: list[Path],
    output: Path,
    settings: SiteSettings,
    site_url: str | None = None,
    force: bool = False,
    root_writers: Sequence[RootWriter] = (),
) -> list[str]:
    """Join ``slices`` into ``output`` (replaced only when all went well); the languages.
    ``root_writers`` add files at the whole site's root, as a build's do.

    ``output`` is checked as a build's is, and must not be, hold or lie in a slice.
    """
    check_output(output, settings.inputs(*((folder, "slice") for folder in slices)), force)
    if not slices:
        raise MergeError("no slices to merge")
    check_complete(slices, settings)
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    recover_and_clean(output)
    staging = staging_dir(output)
    try:
        sitemaps: dict[str, list[str]] = {}
        for folder in slices:
            for path in sorted(folder.rglob("*")):
                relative = path.relative_to(folder)
                if path.is_dir() or relative.as_posix() == SLICE_MANIFEST:
                    continue
                if _combined(relative):
                    if relative.parts[1] == SITEMAP:
                        sitemaps.setdefault(relative.parts[0], []).append(
                            path.read_text(encoding="utf-8")
                        )
                    continue
                target = staging / relative
                if target.exists():
                    if target.read_bytes() != path.read_bytes():
                        raise MergeError(
                            f"{relative} differs between slices (one is in {folder}): build "
                            "every slice from the same commit, with the same options"
                        )
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
        languages = [lang for lang in settings.languages if (staging / lang).is_dir()]
        for lang in languages:
            text, timestamp = merge_sitemaps(sitemaps.get(lang, []))
            if text:
                _write_sitemap(staging / lang, text, timestamp)
        # Pagefind runs as a process per language; a single build runs them side by side too.
        with ThreadPoolExecutor(max_workers=max(1, len(languages))) as pool:
            list(pool.map(index_site, [staging / lang for lang in languages]))
        write_root_page(staging, settings, site_url)
        write_catalog_data(
            staging,
            catalog_dataset(settings, None),
            languages,
            report_dates(settings.data_dir),
            settings.directory_urls,
        )
        for write in root_writers:
            write(staging, settings, None)
        mark(staging)
        swap_in(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return languages
