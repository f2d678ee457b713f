"""Translation status: per locale and report, which keys are missing, untranslated or stale.

*missing*: the key is in the source language's file but not in this one.
*identical*: the text equals the source text (often: not translated yet).
*stale*: the source text changed after the translation was last touched,
judged from ``git blame`` of the lines holding each value; files git does not
track are reported as such instead of guessed at.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from marketsite.load import FieldPath, RawData, SourceFile, format_path, leaf_values, load_data_dir
from marketsite.text_checks import looks_untranslated

STATUSES = ("missing", "identical", "stale", "untracked")


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


class GitTimes:
    """Last-change time of every line of a file, from ``git blame`` (cached per file)."""

    def __init__(self) -> None:
        self._cache: dict[Path, list[int] | None] = {}

    def lines(self, path: Path) -> list[int] | None:
        """Commit time per line (uncommitted lines: now), or None when git cannot tell."""
        path = path.resolve()
        if path not in self._cache:
            self._cache[path] = _blame(path)
        return self._cache[path]


def _blame(path: Path) -> list[int] | None:
    try:
        result = subprocess.run(
            ["git", "blame", "--line-porcelain", "--", path.name],
            cwd=path.parent,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:  # git is not installed
        return None
    if result.returncode != 0:
        return None
    now = int(dt.datetime.now(tz=dt.UTC).timestamp())
    times: list[int] = []
    uncommitted = False
    for line in result.stdout.splitlines():
        if line == "author Not Committed Yet":
            uncommitted = True
        elif line.startswith("author-time "):
            times.append(now if uncommitted else int(line.split()[1]))
            uncommitted = False
    return times


def _value_lines(source: SourceFile, path: FieldPath, starts: list[int]) -> range:
    """Lines a value occupies: from its key to the line before the next key."""
    start = source.line_of(path) or 1
    following = [line for line in starts if line > start]
    end = min(following) - 1 if following else len(source.lines_of_text)
    return range(start, max(start, end) + 1)


def _last_change(times: list[int], lines: range) -> int:
    return max((times[n - 1] for n in lines if 0 < n <= len(times)), default=0)


def translation_status(
    data: RawData, source_language: str, languages: tuple[str, ...]
) -> list[TranslationIssue]:
    """Every missing, identical and stale key, for every language but the source."""
    issues: list[TranslationIssue] = []
    git = GitTimes()
    groups: list[tuple[str, dict[str, SourceFile]]] = [("_shared", data.names)]
    groups += [(report_id, report.texts) for report_id, report in data.reports.items()]
    for report_id, files in groups:
        source = files.get(source_language)
        if source is None:
            continue
        source_leaves = leaf_values(source.data)
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
            target_leaves = leaf_values(target.data)
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
                        )
                    )
                    continue
                translated = target_leaves[path]
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
                        )
                    )
                if source_times is not None and target_times is not None:
                    changed = _last_change(source_times, _value_lines(source, path, source_starts))
                    touched = _last_change(target_times, _value_lines(target, path, target_starts))
                    if changed > touched:
                        issues.append(
                            TranslationIssue(
                                lang,
                                report_id,
                                key,
                                "stale",
                                target.path,
                                target.line_of(path),
                                f"source changed {_date(changed)}, translation last touched "
                                f"{_date(touched)}",
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
