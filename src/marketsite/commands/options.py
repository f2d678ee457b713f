"""What the commands share: options, problem printing, progress, the slice asked for."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

# Each command imports its stages when it runs (as MkDocs' commands do): `--help` and
# `--version` answer without loading pandas, Altair or the chart renderer.
from marketsite.data.problems import Problem, listed

if TYPE_CHECKING:
    from marketsite.site.build import Slice

#: The formats of `marketsite diff` (changes.FORMATS, and the readers' notes).
DIFF_FORMATS = ("json", "markdown", "notes", "notes-text", "text")

#: Show a progress bar (on stderr) from this many reports on.
PROGRESS_FROM = 20


class Progress:
    """Counts checked reports; draws a bar on stderr when there are many."""

    def __init__(self, data_dir: Path, label: str) -> None:
        folders = [
            p for p in data_dir.glob("*") if p.is_dir() and not p.name.startswith(("_", "."))
        ]
        self.total = len(folders)
        self.done = 0
        self._bar = (
            click.progressbar(length=self.total, label=label, file=sys.stderr)
            if self.total >= PROGRESS_FROM
            else None
        )

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def __call__(self, report_id: str) -> None:
        self.done += 1
        if self._bar is not None:
            self._bar.update(1)


def print_problems(problems: list[Problem], root: Path | None = None) -> None:
    """Print problems one after another (at most PROBLEMS_PER_FILE per file), on stdout
    for piping."""
    for problem in listed(problems):
        click.echo(problem.format(root))


def languages_of(config_file: Path, data_dir: Path) -> tuple[tuple[str, ...], str]:
    """The site's languages and source language: from mkdocs.yml, else from the data."""
    from marketsite.site.settings import plugin_options, source_language

    if config_file.is_file():
        options = plugin_options(config_file)
        return tuple(options.languages), source_language(options)
    found = sorted({p.name.split(".")[1] for p in data_dir.glob("*/text.*.yaml")}) or ["de", "en"]
    return tuple(found), found[0]


def config_option(must_exist: bool, help: str) -> Callable[[Any], Any]:
    return click.option(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        show_default=True,
        type=click.Path(dir_okay=False, exists=must_exist, path_type=Path),
        help=help,
    )


SITE_CONFIG_OPTION = config_option(True, "The site's mkdocs.yml.")


def site_dir_option(help: str) -> Callable[[Any], Any]:
    return click.option(
        "-d",
        "--site-dir",
        "output",
        default="site",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=help,
    )


SITE_URL_OPTION = click.option(
    "--site-url", default=None, help="Root URL of the published site (overrides mkdocs.yml)."
)
LANG_SLICE_OPTION = click.option(
    "--lang",
    "languages",
    multiple=True,
    help="Build only this language (repeatable): a slice, to merge later.",
)
SHARD_OPTION = click.option(
    "--shard",
    default=None,
    metavar="K/N",
    help="Build only every N-th report, starting at the K-th: a slice, to merge later.",
)


def slice_of(languages: tuple[str, ...], shard: str | None) -> Slice | None:
    """The slice that --lang and --shard ask for (None: the whole site)."""
    from marketsite.rendering.paths import Shard
    from marketsite.site.build import Slice

    if not languages and not shard:
        return None
    try:
        return Slice(languages or None, Shard.parse(shard) if shard else None)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--shard") from None


FORCE_OPTION = click.option(
    "--force",
    is_flag=True,
    help="Replace the output folder even if marketsite did not write it (it may never be "
    "or hold the data, content, overrides, repository or home folder).",
)

CONFIG_OPTION = config_option(False, "The site's mkdocs.yml (for its languages), if any.")
