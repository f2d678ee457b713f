"""``marketsite release``: what CI publishes for a version tag, runnable locally.

Validates strictly, builds every locale with the edition (version, date, data
commit) stamped into the footer and ``version.json``, checks every internal
link, then writes to the output folder: the site as a ``.tar.gz`` archive, a
snapshot of ``data/``, and release notes from ``marketsite diff`` against the
previous version tag.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import tarfile
from dataclasses import asdict, dataclass
from pathlib import Path

from marketsite.diff import compare, edition, format_markdown, load_edition
from marketsite.links import check_site
from marketsite.problems import Severity, has_errors, summary
from marketsite.site import Edition, SiteSettings, build_site
from marketsite.validate import validate_data_dir

VERSION_RE = re.compile(r"^v?\d+(\.\d+)*([.-][0-9A-Za-z.-]+)?$")


class ReleaseError(Exception):
    """The release cannot be made; the message says why."""


@dataclass(frozen=True)
class ReleaseFiles:
    """What a release wrote."""

    site_dir: Path
    archive: Path
    data_snapshot: Path
    notes: Path
    previous: str | None


def _git(repo: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", *args], cwd=repo, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def data_commit(repo: Path) -> str:
    """The commit the data comes from, marked ``-dirty`` when files differ from it."""
    commit = _git(repo, "rev-parse", "--short=12", "HEAD")
    if commit is None:
        return "unversioned"
    dirty = _git(repo, "status", "--porcelain", "--", "data", "content", "mkdocs.yml")
    return f"{commit}-dirty" if dirty else commit


def previous_version(repo: Path, version: str) -> str | None:
    """The newest version tag before ``version`` that HEAD contains."""
    tags = _git(repo, "tag", "--list", "v*", "--merged", "HEAD", "--sort=-v:refname")
    for tag in (tags or "").splitlines():
        if tag != version and VERSION_RE.match(tag):
            return tag
    return None


def make_release(
    settings: SiteSettings,
    version: str,
    output: Path,
    site_url: str | None = None,
    previous: str | None = None,
    today: dt.date | None = None,
) -> ReleaseFiles:
    """Build and package one release of the site into ``output``."""
    if not VERSION_RE.match(version):
        raise ReleaseError(f"'{version}' is not a version; use a tag such as v1.2 or 2026.1")
    repo = settings.config_file.parent
    result = validate_data_dir(settings.data_dir, settings.languages, settings.default_language)
    strict = [p.as_error() if p.severity is Severity.WARNING else p for p in result.problems]
    if has_errors(strict) or result.dataset is None:
        raise ReleaseError(
            f"data is not ready for release ({summary(strict)}); run `marketsite validate --strict`"
        )
    stamp = Edition(version, (today or dt.date.today()).isoformat(), data_commit(repo))
    output.mkdir(parents=True, exist_ok=True)
    site_dir = output / "site"
    build = build_site(settings, site_dir, site_url, edition=stamp)
    (site_dir / "version.json").write_text(
        json.dumps(
            {**asdict(stamp), "languages": build.languages, "reports": len(result.dataset.reports)},
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
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(site_dir, arcname=f"site-{version}")
    snapshot = output / f"data-{version}.tar.gz"
    with tarfile.open(snapshot, "w:gz") as tar:
        tar.add(settings.data_dir, arcname="data")

    previous = previous or previous_version(repo, version)
    notes = output / f"RELEASE_NOTES-{version}.md"
    header = f"# Edition {version}\n\nReleased {stamp.date} from data commit {stamp.commit}.\n\n"
    if previous is None:
        body = "First release: no earlier version tag to compare with.\n"
    else:
        data_rel = settings.data_dir.relative_to(repo).as_posix()
        with edition(previous, data_rel, repo) as old_dir:
            changes = compare(load_edition(old_dir, previous), result.dataset)
        body = format_markdown(changes, previous, version).replace("# Changes", "## Changes", 1)
        body = re.sub(r"^## (?!Changes)", "### ", body, flags=re.M)
    notes.write_text(header + body, encoding="utf-8")
    return ReleaseFiles(site_dir, archive, snapshot, notes, previous)
