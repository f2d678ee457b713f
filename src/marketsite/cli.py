"""The ``marketsite`` command: thin glue around the pipeline stages."""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

# Each command imports its stages when it runs (as MkDocs' commands do): `--help` and
# `--version` answer without loading pandas, Altair or the chart renderer.
from marketsite.checks.bounds import CAGR_TOLERANCE
from marketsite.data.problems import Problem, Severity, counted, has_errors, listed, summary
from marketsite.errors import MarketsiteError

if TYPE_CHECKING:
    from marketsite.site.build import Slice

#: The formats of `marketsite diff` (diff.FORMATS, and the readers' notes).
DIFF_FORMATS = ("json", "markdown", "notes", "text")

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


def _languages(config_file: Path, data_dir: Path) -> tuple[tuple[str, ...], str]:
    """The site's languages and source language: from mkdocs.yml, else from the data."""
    from marketsite.site.build import read_settings

    if config_file.is_file():
        settings = read_settings(config_file)
        return settings.languages, settings.default_language
    found = sorted({p.name.split(".")[1] for p in data_dir.glob("*/text.*.yaml")}) or ["de", "en"]
    return tuple(found), found[0]


def _config_option(must_exist: bool, help: str) -> Callable[[Any], Any]:
    return click.option(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        show_default=True,
        type=click.Path(dir_okay=False, exists=must_exist, path_type=Path),
        help=help,
    )


SITE_CONFIG_OPTION = _config_option(True, "The site's mkdocs.yml.")


def _site_dir_option(help: str) -> Callable[[Any], Any]:
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


def _slice(languages: tuple[str, ...], shard: str | None) -> Slice | None:
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

CONFIG_OPTION = _config_option(False, "The site's mkdocs.yml (for its languages), if any.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="marketsite")
def main() -> None:
    """Turn market-research data into a localized report site."""
    # SIGTERM (a CI runner cancelling, a process manager stopping) ends a command as
    # Ctrl-C does, so that a build removes its staging folder and its workers end.
    signal.signal(signal.SIGTERM, _stop)


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


@main.command()
@click.argument("data_dir", default="data", type=click.Path(file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (for CI).")
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="TAG",
    help="A site language (repeat for several). Default: the languages of mkdocs.yml, "
    "else every language a text file has.",
)
@click.option(
    "--cagr-tolerance",
    type=float,
    default=None,
    help="Allowed gap in percentage points between stated and implied CAGR. "
    f"Default: cagr_tolerance of mkdocs.yml, else {CAGR_TOLERANCE}.",
)
@CONFIG_OPTION
def validate(
    data_dir: Path,
    strict: bool,
    languages: tuple[str, ...],
    cagr_tolerance: float | None,
    config_file: Path,
) -> None:
    """Check every data file under DATA_DIR (default: data/).

    Prints each problem as `file:line: field: severity[code]: message` with the
    source line under it, then a summary. Exits 1 on errors (with --strict
    also on warnings), 0 otherwise.

    \b
    Examples:
      marketsite validate
      marketsite validate data --strict
      marketsite validate data --lang de --lang en --cagr-tolerance 0.1
    """
    from marketsite.checks.validate import validate_data_dir
    from marketsite.site.build import read_settings

    source_language = None
    if config_file.is_file():  # the site's own settings, so validate judges as the build does
        settings = read_settings(config_file)
        if not languages:
            languages, source_language = settings.languages, settings.default_language
        if cagr_tolerance is None:
            cagr_tolerance = settings.cagr_tolerance
    with Progress(data_dir, "validating") as progress:
        result = validate_data_dir(
            data_dir,
            languages or None,
            source_language,
            CAGR_TOLERANCE if cagr_tolerance is None else cagr_tolerance,
            progress=progress,
        )
    problems = result.problems
    if strict:
        problems = [p.as_error() if p.severity is Severity.WARNING else p for p in problems]
    print_problems(problems, Path.cwd())
    reports = progress.done
    failed = has_errors(problems)
    verdict = "failed" if failed else "passed"
    checked = counted(reports, "report", "reports")
    click.echo(f"validation {verdict}: {summary(problems)} ({checked} checked)")
    raise SystemExit(1 if failed else 0)


@main.command()
@SITE_CONFIG_OPTION
@_site_dir_option("Output folder (one subfolder per language).")
@SITE_URL_OPTION
@click.option(
    "-j",
    "--jobs",
    type=int,
    default=None,
    help="Parallel locale builds (default: one per language).",
)
@LANG_SLICE_OPTION
@SHARD_OPTION
@FORCE_OPTION
@click.option(
    "--start-method",
    type=click.Choice(["forkserver", "spawn", "fork"]),
    default=None,
    help="How the language builds' worker processes start (default: forkserver where "
    "the system has one, else spawn).",
)
def build(
    config_file: Path,
    output: Path,
    site_url: str | None,
    jobs: int | None,
    languages: tuple[str, ...],
    shard: str | None,
    force: bool,
    start_method: str | None,
) -> None:
    """Validate the data, then build every language into SITE_DIR/<lang>/.

    The new site replaces SITE_DIR only when every language built; after any
    error the previous site is left as it was.

    With --lang or --shard it builds a slice of the site, to build a large site
    on several machines: `marketsite merge` joins the slices into the site a
    single build makes.

    \b
    Examples:
      marketsite build
      marketsite build --site-url https://reports.example.com/ -d public
      marketsite build --lang de --shard 2/3 -d slices/de-2
    """
    from marketsite.checks.validate import validate_data_dir
    from marketsite.data.load import links_leaving
    from marketsite.site.build import build_site, read_settings, start_workers_early
    from marketsite.site.output import check_output

    settings = read_settings(config_file)
    part = _slice(languages, shard)
    check_output(output, settings.inputs(), force)  # before the data is read: it is quick
    start_workers_early(start_method)  # they get ready while the data is validated
    with Progress(settings.data_dir, "validating") as progress:
        result = validate_data_dir(
            settings.data_dir,
            settings.languages,
            settings.default_language,
            settings.cagr_tolerance,
            progress=progress,
        )
    problems = result.problems + links_leaving(settings.content_dir)
    print_problems(problems, Path.cwd())
    if has_errors(problems):
        click.echo(f"build stopped: {summary(problems)}; {output}/ was left as it was")
        raise SystemExit(1)
    click.echo(f"building {', '.join(settings.languages)} ...", err=True)
    try:
        built = build_site(
            settings,
            output,
            site_url,
            jobs,
            validation=result,
            part=part,
            force=force,
            start_method=start_method,
        )
    except MarketsiteError as exc:
        click.echo(f"build failed: {exc}; {output}/ was left as it was", err=True)
        raise SystemExit(1) from None
    click.echo(
        f"report pages: {built.reports_rendered} rendered, {built.reports_cached} from cache"
    )
    click.echo(f"charts: {built.charts_rendered} rendered, {built.charts_cached} from cache")
    what = f"slice {part.shard or 'of'} " if part else ""
    click.echo(
        f"built {what}{', '.join(built.languages)} into {output}/ ({summary(result.problems)})"
    )


@main.command()
@SITE_CONFIG_OPTION
@click.argument(
    "slices", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@_site_dir_option("Output folder: the whole site.")
@SITE_URL_OPTION
@FORCE_OPTION
def merge(
    config_file: Path, slices: tuple[Path, ...], output: Path, site_url: str | None, force: bool
) -> None:
    """Join SLICES (made by `marketsite build --lang/--shard`) into the whole site.

    Every file of a slice is taken as it is; each language's sitemap and search
    index and the root page are made once, for all. The result is the site one
    `marketsite build` makes. SITE_DIR is replaced only if the merge succeeded.

    \b
    Examples:
      marketsite merge slices/* -d site
    """
    from marketsite.site.build import read_settings
    from marketsite.site.merge import merge_slices

    settings = read_settings(config_file)
    try:
        languages = merge_slices(list(slices), output, settings, site_url, force)
    except MarketsiteError as error:
        click.echo(f"merge failed: {error}; {output}/ was left as it was", err=True)
        raise SystemExit(1) from None
    click.echo(f"merged {len(slices)} slices: {', '.join(languages)} into {output}/")


@main.command()
@SITE_CONFIG_OPTION
@click.argument("shards", type=click.IntRange(1, 256))
def slices(config_file: Path, shards: int) -> None:
    """Print the slices of a build in SHARDS shards per language, as JSON.

    A CI matrix builds one slice per job (GitHub Actions: fromJSON of this).

    \b
    Examples:
      marketsite slices 3
    """
    from marketsite.site.build import read_settings

    settings = read_settings(config_file)
    matrix = [
        {"lang": lang, "shard": f"{number}/{shards}", "name": f"{lang}-{number}"}
        for lang in settings.languages
        for number in range(1, shards + 1)
    ]
    click.echo(json.dumps({"include": matrix}))


@main.command()
@SITE_CONFIG_OPTION
@click.option("--lang", default=None, help="Language to preview (default: the default language).")
@click.option("-a", "--dev-addr", default=None, metavar="IP:PORT", help="Address to serve on.")
def serve(config_file: Path, lang: str | None, dev_addr: str | None) -> None:
    """Preview the site with live reload on changes in data/ and content/.

    A change rebuilds only the pages it touches: an edited report's page, the
    catalog and the home page (everything after a change to the navigation,
    templates or mkdocs.yml). The other languages and search follow in the
    background.

    \b
    Examples:
      marketsite serve
      marketsite serve --lang en -a 127.0.0.1:8001
    """
    import logging

    from marketsite.editing.preview import serve as preview
    from marketsite.site.build import read_settings

    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    settings = read_settings(config_file)
    lang = lang or settings.default_language
    if lang not in settings.languages:
        raise click.BadParameter(
            f"'{lang}' is not one of {', '.join(settings.languages)}", param_hint="--lang"
        )
    preview(settings, lang, dev_addr)


@main.command("new")
@click.argument("report_id")
@click.option("--data-dir", default="data", show_default=True, type=click.Path(path_type=Path))
@CONFIG_OPTION
def new_report(report_id: str, data_dir: Path, config_file: Path) -> None:
    """Start a report: DATA_DIR/REPORT_ID with facts and a text file per language.

    Every value to fill in is a TODO; `marketsite validate` lists those left.

    \b
    Examples:
      marketsite new smart-meter-market
      marketsite new smart-meter-market --data-dir data
    """
    from marketsite.editing.scaffold import scaffold_report

    languages, _ = _languages(config_file, data_dir)
    try:
        written = scaffold_report(data_dir, report_id, languages)
    except MarketsiteError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: replace every TODO, then run `marketsite validate {data_dir}`")


@main.command("export-xlsx")
@click.argument("report_id")
@click.option("--data-dir", default="data", show_default=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The workbook to write (default: REPORT_ID.xlsx).",
)
@CONFIG_OPTION
def export_xlsx(report_id: str, data_dir: Path, output: Path | None, config_file: Path) -> None:
    """Write a report as a workbook to fill in: facts, sizes, CAGRs, shares, players,
    developments, figures, and one text column per language.

    Row 2 of every sheet explains its columns; lists and years are checked by
    Excel's data validation. Bring it back with `marketsite import-xlsx`.

    \b
    Examples:
      marketsite export-xlsx omni-channel-communication-services
      marketsite export-xlsx smart-meters -o smart-meters-2027.xlsx
    """
    from marketsite.data.ids import id_problem
    from marketsite.editing.spreadsheet import export_workbook

    reason = id_problem(report_id)  # it becomes a path: never "../.." or a device name
    if reason is not None:
        click.echo(f"error: '{report_id[:100]}' is no report id: {reason}", err=True)
        raise SystemExit(1)
    languages, _source = _languages(config_file, data_dir)
    if not (data_dir / report_id / "facts.yaml").is_file():
        click.echo(f"error: no report '{report_id[:100]}' in {data_dir}", err=True)
        raise SystemExit(1)
    try:
        content = export_workbook(data_dir, report_id, languages)
    except MarketsiteError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    output = output or Path(f"{report_id}.xlsx")
    output.write_bytes(content)
    click.echo(f"wrote {output}")


@main.command("import-xlsx")
@click.argument("workbook", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--data-dir", default="data", show_default=True, type=click.Path(path_type=Path))
@CONFIG_OPTION
def import_xlsx(workbook: Path, data_dir: Path, config_file: Path) -> None:
    """Write a filled-in workbook back into the report's data files.

    The workbook is checked as `marketsite validate` checks data; every problem
    names its Sheet!Cell, and nothing is written while there is an error.

    \b
    Examples:
      marketsite import-xlsx omni-channel-communication-services.xlsx
      marketsite import-xlsx smart-meters-2027.xlsx --data-dir data
    """
    from marketsite.data.load import read_regular_file, unreadable
    from marketsite.editing.spreadsheet import MAX_WORKBOOK_BYTES, import_workbook

    languages, source = _languages(config_file, data_dir)
    try:
        content, size = read_regular_file(workbook, MAX_WORKBOOK_BYTES)
    except OSError as exc:
        click.echo(f"error: {unreadable(workbook, exc).message}", err=True)
        raise SystemExit(1) from None
    if size > MAX_WORKBOOK_BYTES:
        click.echo(
            f"error: {workbook} is {size / 1_048_576:.1f} MiB, more than the "
            f"{MAX_WORKBOOK_BYTES // 1_048_576} MiB a workbook may have",
            err=True,
        )
        raise SystemExit(1)
    try:
        written, problems = import_workbook(content, data_dir, languages, source)
    except MarketsiteError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    for problem in problems:
        click.echo(problem)
    if problems:
        click.echo(
            f"import failed: {counted(len(problems), 'problem', 'problems')}; nothing was written"
        )
        raise SystemExit(1)
    for path in written:
        click.echo(f"wrote {path}")


@main.command()
@click.argument("data_dir", default="data", type=click.Path(file_okay=False, path_type=Path))
@CONFIG_OPTION
@click.option("--check", is_flag=True, help="Exit 1 when any key is missing or stale (for CI).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--html",
    "html_file",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write an HTML status page (per report and language, with the source text).",
)
def translations(
    data_dir: Path, config_file: Path, check: bool, output_format: str, html_file: Path | None
) -> None:
    """Show what translators have to do: missing, identical and stale keys.

    Compares every language with the source language (the site's default).
    A key is stale when its source text changed in words (git history; re-wrapping
    and spacing do not count) after the translation was last touched; files git
    does not track are named.

    \b
    Examples:
      marketsite translations
      marketsite translations --check
      marketsite translations --format json > todo.json
      marketsite translations --html translation-status.html
    """
    from marketsite.editing.translations import FAILING, STATUSES, status_page
    from marketsite.editing.translations import load_and_check as translation_status_of

    languages, source = _languages(config_file, data_dir)
    issues = translation_status_of(data_dir, source, languages)
    if html_file is not None:
        html_file.write_text(status_page(issues, source, Path.cwd()), encoding="utf-8")
        click.echo(f"wrote {html_file}", err=True)
    if output_format == "json":
        click.echo(json.dumps([{**i.__dict__, "file": str(i.file)} for i in issues], indent=2))
    elif not issues:
        click.echo(f"all translations complete and up to date (source language: {source})")
    else:
        rows = [(i.lang, i.report, i.key, i.status, i.detail) for i in issues]
        widths = [
            max(len(str(r[n])) for r in [("lang", "report", "key", "status", ""), *rows])
            for n in range(4)
        ]
        header = ("lang", "report", "key", "status", "detail")
        for row in [header, *rows]:
            click.echo(
                "  ".join(str(cell).ljust(widths[n]) for n, cell in enumerate(row[:4]))
                + "  "
                + row[4]
            )
        counts = {status: sum(1 for i in issues if i.status == status) for status in STATUSES}
        click.echo(", ".join(f"{n} {status}" for status, n in counts.items()))
    failing = [i for i in issues if i.status in FAILING]
    raise SystemExit(1 if check and failing else 0)


@main.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(DIFF_FORMATS),
    default="text",
    show_default=True,
    help="text for the terminal, markdown and json for tools, notes for readers "
    "(release notes in --lang).",
)
@click.option("--data-dir", default="data", show_default=True, help="Data folder inside git refs.")
@click.option("--lang", default=None, help="Language of --format notes (default: the source).")
def diff(old: str, new: str, output_format: str, data_dir: str, lang: str | None) -> None:
    """Compare two editions of the data: OLD and NEW are folders or git refs.

    Reports changed figures (old -> new, with the change in percent), moved
    shares, added or removed players, developments and reports.

    \b
    Examples:
      marketsite diff v1.0 v1.1
      marketsite diff v1.0 HEAD --format markdown > RELEASE_NOTES.md
      marketsite diff old-data/ data/ --format json
      marketsite diff v1.0 HEAD --format notes --lang de
    """
    from marketsite.editions.diff import FORMATS, compare, edition, load_edition
    from marketsite.editions.notes import release_notes

    try:
        with edition(old, data_dir) as old_dir, edition(new, data_dir) as new_dir:
            before, after = load_edition(old_dir, old), load_edition(new_dir, new)
    except MarketsiteError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    changes = compare(before, after)
    if output_format == "notes":
        language = lang or after.source_language
        if language not in after.languages:
            raise click.BadParameter(
                f"'{language}' is not a language of the data", param_hint="--lang"
            )
        click.echo(release_notes(changes, before, after, language), nl=False)
        return
    click.echo(FORMATS[output_format](changes, old, new), nl=False)


@main.command()
@click.option(
    "--output",
    default="data/_schema",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the JSON Schema files into.",
)
@click.option(
    "--readme",
    default="README.md",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="README whose generated field tables to update (skipped if it does not exist).",
)
def schema(output: Path, readme: Path) -> None:
    """Write JSON Schema files for the data files (for editor completion), the
    README's field tables from the same source, and the problem-code tables of the
    editors' guides (docs/editors.md, docs/redaktion.md beside the README).

    Data files name their schema in a first-line comment
    `# yaml-language-server: $schema=../_schema/facts.schema.json`, which the
    YAML language server (e.g. VS Code's YAML extension) reads.

    \b
    Examples:
      marketsite schema
      marketsite schema --output build/schemas --readme docs/README.md
    """
    from marketsite.editing.schema import update_guides, update_readme, write_schemas

    for path in write_schemas(output):
        click.echo(f"wrote {path}")
    if readme.is_file():
        changed = update_readme(readme)
        click.echo(f"{'updated' if changed else 'checked'} the field tables in {readme}")
        for guide in update_guides(readme.parent):
            click.echo(f"updated the problem codes in {guide}")


@main.command("check-links")
@click.argument(
    "site_dir", default="site", type=click.Path(file_okay=False, exists=True, path_type=Path)
)
@click.option(
    "--site-url",
    default=None,
    help="The site's root URL: absolute links under it count as internal. "
    "Default: site_url of mkdocs.yml.",
)
@CONFIG_OPTION
def check_links(site_dir: Path, site_url: str | None, config_file: Path) -> None:
    """Check every internal link, anchor, image and download of a built site.

    Exits 1 and lists each broken one (page, link, reason); links to other
    hosts and mailto: links are not followed.

    \b
    Examples:
      marketsite check-links
      marketsite check-links public --site-url https://reports.example.com/
    """
    from marketsite.site.build import read_settings
    from marketsite.site.links import check_site

    if site_url is None and config_file.is_file():
        site_url = read_settings(config_file).site_url
    broken = check_site(site_dir, site_url or "")
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    for link in broken:
        click.echo(str(link))
    click.echo(f"{len(broken)} broken links in {pages} pages")
    raise SystemExit(1 if broken else 0)


@main.command()
@click.argument("version")
@SITE_CONFIG_OPTION
@click.option(
    "-o",
    "--output",
    default="release",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the site, its archive, the data snapshot and the notes.",
)
@click.option("--site-url", default=None, help="Root URL of the published site.")
@click.option("--previous", default=None, help="Tag to compare with (default: the last v* tag).")
@LANG_SLICE_OPTION
@SHARD_OPTION
@click.option(
    "--merge",
    "slices",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Merge these slices (made with --lang/--shard) instead of building (repeatable).",
)
@FORCE_OPTION
def release(
    version: str,
    config_file: Path,
    output: Path,
    site_url: str | None,
    previous: str | None,
    languages: tuple[str, ...],
    shard: str | None,
    slices: tuple[Path, ...],
    force: bool,
) -> None:
    """Build and package edition VERSION, as CI does for a version tag.

    Validates strictly, builds every language with the edition (version,
    date, data commit) in the footer, site/version.json and a "what changed"
    page, checks all internal links, and writes OUTPUT/site-VERSION.tar.gz,
    OUTPUT/data-VERSION.tar.gz (both reproducible), OUTPUT/RELEASE_NOTES-VERSION.md
    and one RELEASE_NOTES-VERSION.<lang>.md per language (the changes since the
    previous edition). Creates the annotated tag VERSION on a clean checkout, or
    says which command to run; refuses a version that is not newer.

    \b
    Examples:
      marketsite release v1.2
      marketsite release v1.2 --previous v1.0 -o dist

    A large site can be built on several machines: each builds a slice with
    --lang and/or --shard (OUTPUT/site is then only that slice), and one merges
    them with --merge and packages the edition.

    \b
      marketsite release v1.2 --lang de --shard 1/2 -o slice-de-1
      marketsite release v1.2 --merge slice-de-1/site --merge slice-de-2/site ...
    """
    from marketsite.editions.release import make_release
    from marketsite.site.build import read_settings

    settings = read_settings(config_file)
    part = _slice(languages, shard)
    try:
        files = make_release(
            settings,
            version,
            output,
            site_url,
            previous,
            part=part,
            slices=list(slices),
            force=force,
        )
    except MarketsiteError as exc:
        click.echo(f"release failed: {exc}", err=True)
        raise SystemExit(1) from None
    if part is not None:
        click.echo(f"slice of edition {version}: {files.site_dir}")
        return
    click.echo(f"site:          {files.site_dir}")
    click.echo(f"archive:       {files.archive}")
    click.echo(f"data snapshot: {files.data_snapshot}")
    since = f" (changes since {files.previous})" if files.previous else " (first release)"
    click.echo(f"release notes: {files.notes}{since}")
    for path in files.localized_notes:
        click.echo(f"               {path}")
    if files.tagged:
        click.echo(f"tagged {version} (annotated); publish it with: git push origin {version}")
