"""Translation status: per locale and report, which keys are missing, untranslated or stale.

*missing*: the key is in the source language's file but not in this one.
*identical*: the text equals the source text (often: not translated yet).
*stale*: the source text changed after the translation was last touched,
judged from ``git blame`` of the lines holding each value; files git does not
track are reported as such instead of guessed at.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import subprocess
from dataclasses import dataclass
from pathlib import Path

from marketsite.checks.text_checks import looks_untranslated
from marketsite.data.load import RawData, load_data_dir
from marketsite.data.sources import FieldPath, SourceFile, format_path, is_blank, text_leaves
from marketsite.data.yaml_source import parse_yaml
from marketsite.rendering.pages import html_environment

STATUSES = ("missing", "identical", "stale", "untracked")
#: What `translations --check` (CI) and `release` refuse: the others only inform.
FAILING = frozenset({"missing", "stale"})


@dataclass(frozen=True)
class TranslationIssue:
    """One key of one language file that needs a translator's attention."""

    lang: str
    report: str
    key: str
    status: str  # missing, identical, stale, untracked
    file: Path
    line: int | None
    detail: str = ""
    source_text: str = ""  # what the translator translates from
    #: For a stale key: the source text as it was at the translation's last edit, so
    #: that the translator sees what changed (empty where git cannot tell).
    source_before: str = ""


@dataclass(frozen=True)
class LineChange:
    """When a line was last changed, and in which commit (None: not committed yet)."""

    time: int
    commit: str | None


class GitHistory:
    """What git knows of the data files: per-line changes (``git blame``) and old versions
    (``git show``), cached per file and commit."""

    def __init__(self) -> None:
        self._blame: dict[Path, list[LineChange] | None] = {}
        self._shown: dict[tuple[Path, str], SourceFile | None] = {}

    def lines(self, path: Path) -> list[LineChange] | None:
        """The last change of every line, or None when git cannot tell."""
        path = path.resolve()
        if path not in self._blame:
            self._blame[path] = _blame(path)
        return self._blame[path]

    def at(self, path: Path, commit: str) -> SourceFile | None:
        """``path`` as it was in ``commit``, parsed (None if it did not exist or is broken)."""
        key = (path.resolve(), commit)
        if key not in self._shown:
            self._shown[key] = _show(path, commit)
        return self._shown[key]


def _git(path: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=path.parent,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:  # git is not installed
        return None


def _blame(path: Path) -> list[LineChange] | None:
    result = _git(path, "blame", "--line-porcelain", "--", path.name)
    if result is None or result.returncode != 0:
        return None
    now = int(dt.datetime.now(tz=dt.UTC).timestamp())
    changes: list[LineChange] = []
    commit: str | None = None
    for line in result.stdout.splitlines():
        head = line.split(" ", 1)[0]
        if len(head) == 40 and all(c in "0123456789abcdef" for c in head):
            commit = None if set(head) == {"0"} else head
        elif line.startswith("author-time "):
            changes.append(LineChange(now if commit is None else int(line.split()[1]), commit))
    return changes


def _show(path: Path, commit: str) -> SourceFile | None:
    result = _git(path, "show", f"{commit}:./{path.name}")
    if result is None or result.returncode != 0:
        return None
    source, _problems = parse_yaml(path, result.stdout)
    return source


def _value_lines(source: SourceFile, path: FieldPath, starts: list[int]) -> range:
    """Lines a value occupies: from its key to the line before the next key."""
    start = source.line_of(path) or 1
    following = [line for line in starts if line > start]
    end = min(following) - 1 if following else len(source.lines_of_text)
    return range(start, max(start, end) + 1)


def _last_change(changes: list[LineChange], lines: range) -> LineChange:
    found = [changes[n - 1] for n in lines if 0 < n <= len(changes)]
    return max(found, key=lambda c: c.time, default=LineChange(0, None))


def _words(value: object) -> str:
    """A text value with its line breaks and spacing ignored (re-wrapping is no change)."""
    return " ".join(str(value).split())


def is_stale(
    git: GitHistory,
    source: SourceFile,
    source_starts: list[int],
    target: SourceFile,
    target_starts: list[int],
    path: FieldPath,
) -> tuple[bool, str, str]:
    """Whether the source text of ``path`` changed in words after the translation was last
    touched, why, and the source text as it was then ("" where git cannot tell). Judged
    by content: the source as it was when the translation was last changed is compared
    with the source now, whitespace ignored."""
    target_lines = git.lines(target.path) or []
    touched = _last_change(target_lines, _value_lines(target, path, target_starts))
    if touched.commit is None:
        return False, "", ""  # edited now: the translator is on it
    then = git.at(source.path, touched.commit)
    current = text_leaves(source.data).get(path)
    if then is not None:
        before = text_leaves(then.data).get(path)
        if before is not None:
            if _words(before) == _words(current):
                return False, "", ""
            return (
                True,
                f"source text changed since the translation's last edit ({_date(touched.time)})",
                _words(before),
            )
    source_lines = git.lines(source.path) or []
    changed = _last_change(source_lines, _value_lines(source, path, source_starts))
    if changed.time > touched.time:
        return (
            True,
            f"source changed {_date(changed.time)}, translation last touched {_date(touched.time)}",
            "",
        )
    return False, "", ""


def translation_status(
    data: RawData, source_language: str, languages: tuple[str, ...]
) -> list[TranslationIssue]:
    """Every missing, identical and stale key, for every language but the source."""
    issues: list[TranslationIssue] = []
    git = GitHistory()
    groups: list[tuple[str, dict[str, SourceFile]]] = [("_shared", data.names)]
    groups += [(report_id, report.texts) for report_id, report in data.reports.items()]
    for report_id, files in groups:
        source = files.get(source_language)
        if source is None:
            continue
        source_leaves = text_leaves(source.data)
        source_starts = sorted(set(source.lines.values()))
        source_times = git.lines(source.path)
        for lang in languages:
            if lang == source_language:
                continue
            target = files.get(lang)
            if target is None:
                issues.append(
                    TranslationIssue(
                        lang,
                        report_id,
                        "*",
                        "missing",
                        source.path.with_name(source.path.name.replace(source_language, lang, 1)),
                        None,
                        "the whole file is missing",
                    )
                )
                continue
            target_leaves = text_leaves(target.data)
            target_starts = sorted(set(target.lines.values()))
            target_times = git.lines(target.path)
            if source_times is None or target_times is None:
                untracked = source.path if source_times is None else target.path
                issues.append(
                    TranslationIssue(
                        lang,
                        report_id,
                        "*",
                        "untracked",
                        target.path,
                        None,
                        f"{untracked.name} is not tracked by git: staleness cannot be judged",
                    )
                )
            for path, value in source_leaves.items():
                key = format_path(path)
                if path not in target_leaves:
                    issues.append(
                        TranslationIssue(
                            lang,
                            report_id,
                            key,
                            "missing",
                            target.path,
                            target.line_of(path),
                            f"{source.path.name} line {source.line_of(path)}",
                            _words(value),
                        )
                    )
                    continue
                translated = target_leaves[path]
                if is_blank(translated) != is_blank(value):
                    # Text on one side only: the empty side misses a translation.
                    empty, full = (target, source) if is_blank(translated) else (source, target)
                    issues.append(
                        TranslationIssue(
                            lang if empty is target else source_language,
                            report_id,
                            key,
                            "missing",
                            empty.path,
                            empty.line_of(path),
                            f"no text here; {full.path.name} line {full.line_of(path)} has",
                            _words(value if empty is target else translated),
                        )
                    )
                    continue
                if looks_untranslated(path, value, translated):
                    issues.append(
                        TranslationIssue(
                            lang,
                            report_id,
                            key,
                            "identical",
                            target.path,
                            target.line_of(path),
                            "same text as the source; translate it if it is not a name",
                            _words(value),
                        )
                    )
                if source_times is not None and target_times is not None:
                    stale, why, before = is_stale(
                        git, source, source_starts, target, target_starts, path
                    )
                    if stale:
                        issues.append(
                            TranslationIssue(
                                lang,
                                report_id,
                                key,
                                "stale",
                                target.path,
                                target.line_of(path),
                                why,
                                _words(value),
                                before,
                            )
                        )
            for path in target_leaves.keys() - source_leaves.keys():
                issues.append(
                    TranslationIssue(
                        source_language,
                        report_id,
                        format_path(path),
                        "missing",
                        source.path,
                        source.line_of(path),
                        f"{target.path.name} line {target.line_of(path)}",
                    )
                )
    return issues


def _date(timestamp: int) -> str:
    return dt.datetime.fromtimestamp(timestamp, tz=dt.UTC).strftime("%Y-%m-%d %H:%M")


def load_and_check(
    data_dir: Path, source_language: str, languages: tuple[str, ...]
) -> list[TranslationIssue]:
    """Load ``data_dir`` and return its translation issues."""
    data, _problems = load_data_dir(data_dir)
    return translation_status(data, source_language, languages)


def status_page(issues: list[TranslationIssue], source_language: str, root: Path) -> str:
    """A standalone HTML page of the translation status: per report and language, every
    key still to do, with its status and the source text (autoescaped)."""
    counts = {status: sum(1 for i in issues if i.status == status) for status in STATUSES}
    groups: dict[tuple[str, str], list[TranslationIssue]] = {}
    for issue in issues:
        groups.setdefault((issue.report, issue.lang), []).append(issue)
    sections = [
        (
            report,
            lang,
            [
                (issue, _where(issue, root), word_diff(issue.source_before, issue.source_text))
                for issue in found
            ],
        )
        for (report, lang), found in sorted(groups.items())
    ]
    page = html_environment().get_template("translation_status.html.j2")
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    return page.render(source_language=source_language, summary=summary, sections=sections) + "\n"


def word_diff(before: str, now: str) -> list[tuple[str, str]]:
    """The source's change in words, as Crowdin and Weblate show it: (kind, words) with
    kind "same", "removed" or "added"; empty without an old text."""
    if not before:
        return []
    old, new = before.split(), now.split()
    parts: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            parts.append(("added", " ".join(new[j1:j2])))
    return parts


def _where(issue: TranslationIssue, root: Path) -> str:
    file = issue.file
    with contextlib.suppress(ValueError):
        file = file.relative_to(root)
    return f"{file}:{issue.line}" if issue.line else str(file)
