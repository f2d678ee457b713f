"""``marketsite release``: what CI publishes for a version tag, runnable locally.

Validates strictly, builds every locale with the edition (version, date and
commit of the data) stamped into the footer, ``version.json`` and a "what
changed" page, checks every internal link, then writes to the output folder:
the site as a ``.tar.gz`` archive, a snapshot of ``data/``, and release notes
per language from ``marketsite diff`` against the previous edition.

Editions are annotated git tags named by their version (``v1.2``, ``1.2.0``);
``release`` creates the tag on a clean checkout, or refuses with the command to
run. Archives are reproducible: the same data gives the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import io
import json
import os
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from marketsite.data.dataset import Dataset
from marketsite.editing.published_editor import SITE_ROOT_WRITERS
from marketsite.editions.changes import format_markdown
from marketsite.editions.diff import DiffError, compare, edition, git_output, load_edition
from marketsite.editions.notes import ReportLink, release_notes
from marketsite.editions.readiness import edition_readiness
from marketsite.errors import MarketsiteError
from marketsite.rendering.paths import changes_path, page_paths, relative_url, url_of
from marketsite.site.build import Edition, Slice, build_site
from marketsite.site.links import check_site
from marketsite.site.merge import merge_slices
from marketsite.site.output import check_output
from marketsite.site.settings import SiteSettings

VERSION_RE = re.compile(r"^v?\d+(\.\d+)*([.-][0-9A-Za-z.-]+)?$")


class ReleaseError(MarketsiteError):
    """The release cannot be made; the message says why."""


@dataclass(frozen=True)
class ReleaseFiles:
    """What a release wrote."""

    site_dir: Path
    archive: Path | None  # None for a slice
    data_snapshot: Path | None
    notes: Path | None
    previous: str | None
    localized_notes: tuple[Path, ...] = ()
    tagged: bool = False  # True when release created the tag
    would_tag: bool = False  # a dry run: True when a release would create the tag


def data_commit(repo: Path) -> str:
    """The commit the data comes from, marked ``-dirty`` when files differ from it."""
    commit = git_output(repo, "rev-parse", "--short=12", "HEAD")
    if commit is None:
        return "unversioned"
    dirty = git_output(repo, "status", "--porcelain", "--", "data", "content", "mkdocs.yml")
    return f"{commit}-dirty" if dirty else commit


#: Longer versions are typos or attacks; git's own limit is far higher.
MAX_VERSION_LENGTH = 64


def version_key(version: str) -> Version:
    """The version a tag names, as PEP 440 orders versions: ``v1.2-rc1`` < ``v1.2`` <
    ``v1.10``. Raises :class:`ReleaseError` for a tag that is no version."""
    if len(version) > MAX_VERSION_LENGTH or not VERSION_RE.fullmatch(version):
        shown = version if len(version) <= MAX_VERSION_LENGTH else version[:20] + "…"
        raise ReleaseError(
            f"{shown!r} is not a version; use a tag such as v1.2, 1.2.0 or 2026.1 "
            f"(at most {MAX_VERSION_LENGTH} characters)"
        )
    try:
        return Version(version.removeprefix("v"))
    except InvalidVersion:
        raise ReleaseError(
            f"'{version}' is not a version in PEP 440's sense; use one such as v1.2, 1.2.0, "
            "v1.2-rc1 or 2026.1"
        ) from None


def version_tags(repo: Path) -> list[str]:
    """Every edition tag HEAD contains, oldest first."""
    tags = git_output(repo, "tag", "--list", "--merged", "HEAD") or ""
    found = []
    for tag in tags.splitlines():
        with contextlib.suppress(ReleaseError):  # other tags are not editions
            version_key(tag)
            found.append(tag)
    return sorted(found, key=version_key)


def previous_version(repo: Path, version: str) -> str | None:
    """The newest edition tag HEAD contains whose version is older than ``version``."""
    older = [tag for tag in version_tags(repo) if version_key(tag) < version_key(version)]
    return older[-1] if older else None


def _tag_plan(repo: Path, version: str, dry_run: bool = False) -> bool:
    """Check that ``version`` can be released from HEAD; True when its tag is still to
    be created. Raises ReleaseError with the exact command to run otherwise (a dry run
    does not need a clean checkout: it tags nothing)."""
    if git_output(repo, "rev-parse", "--git-dir") is None:
        raise ReleaseError(
            f"{repo} is not a git repository: editions are git tags, so release needs one "
            f"(git init && git add -A && git commit -m 'Edition {version}')"
        )
    head = git_output(repo, "rev-parse", "HEAD")
    existing = git_output(repo, "rev-parse", f"refs/tags/{version}^{{commit}}")
    if existing is not None:
        if existing != head:
            raise ReleaseError(
                f"tag {version} already marks another commit ({existing[:12]}); choose a new "
                f"version, or check out that commit: git checkout {version}"
            )
        return False
    newest = max(
        (tag for tag in version_tags(repo) if tag != version), key=version_key, default=None
    )
    if newest is not None and version_key(version) <= version_key(newest):
        raise ReleaseError(
            f"{version} is not newer than the edition {newest}; choose a higher version"
        )
    if not dry_run and git_output(
        repo, "status", "--porcelain", "--", "data", "content", "mkdocs.yml"
    ):
        raise ReleaseError(
            "data, content or mkdocs.yml have uncommitted changes; an edition is a commit: "
            f'git add -A && git commit -m "Edition {version}" && '
            f'git tag -a {version} -m "Edition {version}"'
        )
    return True


def _edition_date(repo: Path, ref: str = "HEAD") -> tuple[str, int]:
    """The date (ISO) and time stamp of a commit; today for a checkout without git."""
    stamp = git_output(repo, "log", "-1", "--format=%ct", "--end-of-options", ref)
    if stamp is None or not stamp.isdigit():
        now = dt.datetime.now(tz=dt.UTC)
        return now.date().isoformat(), int(now.timestamp())
    moment = dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC)
    return moment.date().isoformat(), int(stamp)


def reproducible_tar(folder: Path, archive: Path, arcname: str, mtime: int) -> None:
    """A .tar.gz of ``folder`` whose bytes depend only on the files: sorted entries, one
    mtime, no owners, normal modes, no gzip time stamp, and every file stored whole (a
    site's files linked to one cached file, such as each language's Vega script, are
    linked only where the cache shares the site's file system)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        paths = [folder, *sorted(folder.rglob("*"))]
        for path in paths:
            name = arcname if path == folder else f"{arcname}/{path.relative_to(folder).as_posix()}"
            info = tar.gettarinfo(str(path), arcname=name)
            info.mtime = mtime
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mode = 0o755 if path.is_dir() else 0o644
            info.pax_headers = {}
            if info.islnk():
                info.type, info.linkname, info.size = tarfile.REGTYPE, "", path.stat().st_size
            if path.is_file():
                with path.open("rb") as handle:
                    tar.addfile(info, handle)
            else:
                tar.addfile(info)
    with (
        archive.open("wb") as raw,
        # Level 6, gzip's own default: a third of level 9's time (Python's default) for
        # an archive 0.6 % larger (the example's site: 0.31 s against 0.85 s).
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as packed,
    ):
        packed.write(buffer.getvalue())


def edition_history(
    repo: Path,
    data_rel: str,
    version: str,
    current: Dataset,
    languages: tuple[str, ...],
    urls: bool = True,
) -> tuple[list[dict[str, Any]], list[Any], Dataset | None]:
    """Release notes of every edition up to ``version``, newest first; also the changes of
    this edition and the previous edition's data (None for the first). ``urls``: the
    site's ``use_directory_urls``, for the notes' links to reports."""
    editions = tagged_editions(repo, data_rel, version)
    return notes_history(repo, [*editions, (version, current)], languages, urls)


def tagged_editions(repo: Path, data_rel: str, version: str) -> list[tuple[str, Dataset]]:
    """Every tagged edition before ``version``, oldest first, with its validated data."""
    tags = [tag for tag in version_tags(repo) if version_key(tag) < version_key(version)]
    editions: list[tuple[str, Dataset]] = []
    for tag in tags:
        try:
            with edition(tag, data_rel, repo) as folder:
                editions.append((tag, load_edition(folder, tag)))
        except DiffError:
            continue  # an old edition whose data no longer validates: no notes for it
    return editions


def notes_history(
    repo: Path, editions: list[tuple[str, Dataset]], languages: tuple[str, ...], urls: bool
) -> tuple[list[dict[str, Any]], list[Any], Dataset | None]:
    """The notes of ``editions`` (oldest first; the last is the one being made, dated by
    the checkout), newest first, linked to the last one's reports; also its changes and
    the data of the edition before it."""
    version, current = editions[-1]
    history: list[dict[str, Any]] = []
    changes: list[Any] = []
    previous: Dataset | None = None
    for index, (tag, data) in enumerate(editions):
        date = _edition_date(repo, tag)[0] if tag != version else _edition_date(repo)[0]
        if index == 0:
            notes = {lang: "" for lang in languages}
        else:
            previous = editions[index - 1][1]
            found = compare(previous, data)
            notes = {
                lang: release_notes(
                    found, previous, data, lang, 3, report_links(current, lang, None, urls)
                )
                for lang in languages
            }
            if tag == version:
                changes = found
        history.append({"version": tag, "date": date, "notes": notes})
    return list(reversed(history)), changes, previous if len(editions) > 1 else None


@dataclass(frozen=True)
class DraftHistory:
    """The "What changed" page of edition ``version`` before it is made, for the preview
    (``marketsite serve --edition``): the tagged editions are read once; each call
    words the changes of the data as it is now, as ``release --dry-run`` would."""

    repo: Path
    version: str
    languages: tuple[str, ...]
    urls: bool
    editions: tuple[tuple[str, Dataset], ...]

    @classmethod
    def of(cls, settings: SiteSettings, version: str) -> DraftHistory:
        """The draft of ``version`` for the site of ``settings`` (its git repository)."""
        version_key(version)
        repo = settings.config_file.parent
        data_rel = settings.data_dir.relative_to(repo).as_posix()
        editions = tuple(tagged_editions(repo, data_rel, version))
        return cls(repo, version, settings.languages, settings.directory_urls, editions)

    def __call__(self, current: Dataset) -> list[dict[str, Any]]:
        editions = [*self.editions, (self.version, current)]
        return notes_history(self.repo, editions, self.languages, self.urls)[0]


def make_release(
    settings: SiteSettings,
    version: str,
    output: Path,
    site_url: str | None = None,
    previous: str | None = None,
    today: dt.date | None = None,
    part: Slice | None = None,
    slices: list[Path] | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> ReleaseFiles:
    """Build and package one release of the site into ``output``.

    ``dry_run``: every check, the site with its draft "What changed" page, the
    archives and the notes, but no tag and no other git state.

    With ``part``, build only that slice of the edition's site (no packages, no
    tag); with ``slices``, merge such slices instead of building the site.
    ``output`` must keep clear of every input; ``output/site`` is replaced whole
    and checked as a build's output (``force``: even if marketsite did not write it).
    """
    # The release folder also holds archives and notes, so only its overlap is checked.
    check_output(output, settings.inputs(*((folder, "slice") for folder in slices or ())), True)
    version_key(version)  # before anything is read or written
    repo = settings.config_file.parent
    if git_output(repo, "check-ref-format", f"refs/tags/{version}") is None:
        raise ReleaseError(f"'{version}' cannot be a git tag; use one such as v1.2 or 2026.1")
    # The same check as `marketsite check` (make checks, CI): a tag made here must pass it.
    readiness = edition_readiness(settings)
    if not readiness.ready:
        raise ReleaseError(
            "; ".join(
                f"{r.replace(' ready (', ' ready for release (', 1)}" for r in readiness.reasons()
            )
        )
    result = readiness.validation
    assert result.dataset is not None  # ready
    create_tag = _tag_plan(repo, version, dry_run)
    date, stamp_time = _edition_date(repo)
    if today is not None:
        date = today.isoformat()
    data_rel = settings.data_dir.relative_to(repo).as_posix()
    history, changes, before = edition_history(
        repo, data_rel, version, result.dataset, settings.languages, settings.directory_urls
    )
    if previous is not None:  # an explicit edition to compare with
        with edition(previous, data_rel, repo) as old_dir:
            before = load_edition(old_dir, previous)
        changes = compare(before, result.dataset)
    else:
        previous = previous_version(repo, version)
    stamp = Edition(version, date, data_commit(repo), tuple(history))
    output.mkdir(parents=True, exist_ok=True)
    site_dir = output / "site"
    # MkDocs dates the sitemap by SOURCE_DATE_EPOCH when set: the edition's, not today's.
    before_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(stamp_time)
    try:
        if part is not None:  # one slice of the edition, for `--merge` on another machine
            build_site(
                settings,
                site_dir,
                site_url,
                edition=stamp,
                validation=result,
                part=part,
                force=force,
            )
            return ReleaseFiles(site_dir, None, None, None, previous, (), False)
        if slices:
            merge_slices(
                slices, site_dir, settings, site_url, force, root_writers=SITE_ROOT_WRITERS
            )
            languages = list(settings.languages)
        else:
            build = build_site(
                settings,
                site_dir,
                site_url,
                edition=stamp,
                validation=result,
                force=force,
                root_writers=SITE_ROOT_WRITERS,
            )
            languages = build.languages
    finally:
        if before_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before_epoch
    editions = [{"version": e["version"], "date": e["date"]} for e in history]
    (site_dir / "version.json").write_text(
        json.dumps(
            {
                "version": stamp.version,
                "date": stamp.date,
                "commit": stamp.commit,
                "languages": languages,
                "reports": len(result.dataset.reports),
                "editions": editions,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    broken = check_site(site_dir, site_url or settings.site_url)
    if broken:
        listing = "\n".join(str(link) for link in broken[:20])
        raise ReleaseError(f"{len(broken)} broken links in the built site:\n{listing}")

    archive = output / f"site-{version}.tar.gz"
    reproducible_tar(site_dir, archive, f"site-{version}", stamp_time)
    snapshot = output / f"data-{version}.tar.gz"
    reproducible_tar(settings.data_dir, snapshot, "data", stamp_time)

    header = f"# Edition {version}\n\nReleased {stamp.date} from data commit {stamp.commit}.\n\n"
    notes = output / f"RELEASE_NOTES-{version}.md"
    if before is None:
        body = "First release: no earlier edition to compare with.\n"
    else:
        body = format_markdown(changes, previous or "previous", version).replace(
            "# Changes", "## Changes", 1
        )
        body = re.sub(r"^## (?!Changes)", "### ", body, flags=re.M)
    notes.write_text(header + body, encoding="utf-8")
    localized = []
    for lang in settings.languages:
        path = output / f"RELEASE_NOTES-{version}.{lang}.md"
        links = report_links(
            result.dataset, lang, site_url or settings.site_url or None, settings.directory_urls
        )
        path.write_text(
            _localized_notes(stamp, lang, changes, before, result.dataset, links), "utf-8"
        )
        localized.append(path)
    if dry_run:
        return ReleaseFiles(
            site_dir, archive, snapshot, notes, previous, tuple(localized), False, create_tag
        )
    if create_tag and git_output(repo, "tag", "-a", version, "-m", f"Edition {version}") is None:
        raise ReleaseError(
            f"the edition is built in {output}, but git could not create its tag; run: "
            f'git tag -a {version} -m "Edition {version}"'
        )
    return ReleaseFiles(site_dir, archive, snapshot, notes, previous, tuple(localized), create_tag)


def report_links(
    dataset: Dataset, lang: str, site_url: str | None = None, directory_urls: bool = True
) -> ReportLink:
    """Where the notes of ``lang`` link a report's heading: its page in ``dataset`` (the
    edition the notes are published with), as the address under ``site_url`` (notes
    published outside the site), or else relative to the site's "What changed" page
    (the same in every slice of a build, whichever slice holds the report). A report
    the edition no longer has is not linked."""
    paths = page_paths(dataset, lang)
    page = url_of(changes_path(lang), directory_urls)

    def link(report_id: str) -> str | None:
        path = paths.get(f"report:{report_id}")
        if path is None:
            return None
        if site_url is None:
            return relative_url(page, url_of(path, directory_urls))
        return f"{site_url.rstrip('/')}/{lang}/{url_of(path, directory_urls)}"

    return link


def _localized_notes(
    stamp: Edition,
    lang: str,
    changes: list[Any],
    before: Dataset | None,
    current: Dataset,
    links: ReportLink | None = None,
) -> str:
    """The release notes in ``lang``: a title, the date, the changes."""
    from marketsite.derivation.locale import Formatter, translations

    _ = translations(lang).gettext
    title = _("Edition %(version)s") % {"version": stamp.version}
    day = Formatter.for_tag(lang).day(dt.date.fromisoformat(stamp.date))
    released = _("Released on %(date)s.") % {"date": day}
    if before is None:
        body = _("The first edition: there is no earlier one to compare with.") + "\n"
    else:
        body = release_notes(changes, before, current, lang, 2, links)
    return f"# {title}\n\n{released}\n\n{body}"
