"""What a pull request changes, for its reviewers: the readers' notes of the change in
every language, whether the translations are ready, and where the built site is.

CI posts it as one comment on the pull request and edits that comment on every
push (:data:`MARKER` finds it); a fork's pull request, which gets no token to
comment with, shows it in the run's summary instead.
"""

from __future__ import annotations

from collections import Counter

from marketsite.data.problems import printable
from marketsite.derivation.escape import gfm_escape
from marketsite.derivation.locale import Formatter
from marketsite.editing.translations import FAILING, load_and_check
from marketsite.editions.diff import DiffError, compare, edition, load_edition
from marketsite.editions.notes import release_notes
from marketsite.site.settings import SiteSettings

#: The first line of the comment: how CI finds the comment it posted before.
MARKER = "<!-- marketsite-review -->"


def review_comment(settings: SiteSettings, base: str, site_artifact: str | None = None) -> str:
    """The comment for a change of ``settings``' data since the git ref ``base``:
    Markdown, in the site's languages, each section under its language's name."""
    repo = settings.config_file.parent
    data_rel = settings.data_dir.relative_to(repo).as_posix()
    parts = [MARKER, "## What this pull request changes for readers", ""]
    try:
        with edition(base, data_rel, repo) as old_dir:
            before = load_edition(old_dir, base)
        after = load_edition(settings.data_dir, "of this pull request")
    except DiffError as error:
        parts += [gfm_escape(f"No notes: {error}."), ""]
    else:
        changes = compare(before, after)
        for lang in settings.languages:
            parts += [f"### {_language_name(lang)}", ""]
            parts += [release_notes(changes, before, after, lang, heading_level=4).strip(), ""]
    parts += ["### Translations", "", _translation_status(settings), ""]
    parts += ["### Built site", ""]
    if site_artifact:
        parts.append(
            f"[Download the site this pull request builds]({site_artifact}) (site.zip), "
            "then `unzip site.zip -d site && python3 -m http.server -d site` and open "
            "http://localhost:8000/."
        )
    else:
        parts.append("No site was built: see the checks of this pull request.")
    return "\n".join(parts) + "\n"


def _language_name(lang: str) -> str:
    """ "Deutsch", "English": each language in its own words."""
    return Formatter.for_tag(lang).language_name(lang)


def _translation_status(settings: SiteSettings) -> str:
    """One line for translators: ready, or what is left, by kind, with the command."""
    issues = load_and_check(settings.data_dir, settings.default_language, settings.languages)
    open_issues = [issue for issue in issues if issue.status in FAILING]
    if not open_issues:
        return "All translations are complete and up to date."
    counts = Counter(issue.status for issue in open_issues)
    listed = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    first = open_issues[0]
    example = printable(f"{first.lang} {first.report} {first.key}")
    return gfm_escape(
        f"{len(open_issues)} {'key' if len(open_issues) == 1 else 'keys'} to translate "
        f"({listed}), e.g. {example}. "
        "Run `marketsite translations` for the list; the run's translation-status "
        "artifact has the status page."
    )
