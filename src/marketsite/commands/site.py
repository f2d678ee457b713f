"""Commands that check the data and build, merge and serve the site."""

from __future__ import annotations

import json
from pathlib import Path

import click

from marketsite.checks.bounds import CAGR_TOLERANCE
from marketsite.commands.options import (
    CONFIG_OPTION,
    FORCE_OPTION,
    LANG_SLICE_OPTION,
    SHARD_OPTION,
    SITE_CONFIG_OPTION,
    SITE_URL_OPTION,
    Progress,
    print_problems,
    site_dir_option,
    slice_of,
)
from marketsite.data.problems import Severity, counted, has_errors, summary
from marketsite.errors import MarketsiteError


@click.command()
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
    from marketsite.site.settings import plugin_options, source_language

    source = None
    if config_file.is_file():  # the site's own settings, so validate judges as the build does
        # The plugin's options only: MkDocs' own (theme, Markdown extensions) shape no check.
        options = plugin_options(config_file)
        if not languages:
            languages = tuple(options.languages)
            source = source_language(options)
        if cagr_tolerance is None:
            cagr_tolerance = options.cagr_tolerance
    with Progress(data_dir, "validating") as progress:
        result = validate_data_dir(
            data_dir,
            languages or None,
            source,
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


@click.command()
@SITE_CONFIG_OPTION
@site_dir_option("Output folder (one subfolder per language).")
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
    from marketsite.site.output import check_output
    from marketsite.site.settings import read_settings
    from marketsite.site.workers import start_workers_early

    # The output folder is checked before the pipeline is even loaded: a refusal is quick.
    settings = read_settings(config_file)
    check_output(output, settings.inputs(), force)
    # The workers' fork server loads the pipeline while this process does the same.
    start_workers_early(start_method)
    part = slice_of(languages, shard)

    from marketsite.checks.validate import validate_data_dir
    from marketsite.data.reading import links_leaving
    from marketsite.editing import published_editor
    from marketsite.site.build import build_site

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
            root_writers=published_editor.SITE_ROOT_WRITERS,
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


@click.command()
@SITE_CONFIG_OPTION
@click.argument(
    "slices", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@site_dir_option("Output folder: the whole site.")
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
    from marketsite.site.output import check_output
    from marketsite.site.settings import read_settings

    settings = read_settings(config_file)
    try:
        # Checked before the pipeline is loaded, as a build's: a refusal is quick.
        check_output(output, settings.inputs(*((folder, "slice") for folder in slices)), force)
        from marketsite.editing import published_editor
        from marketsite.site.merge import merge_slices

        languages = merge_slices(
            list(slices),
            output,
            settings,
            site_url,
            force,
            root_writers=published_editor.SITE_ROOT_WRITERS,
        )
    except MarketsiteError as error:
        click.echo(f"merge failed: {error}; {output}/ was left as it was", err=True)
        raise SystemExit(1) from None
    click.echo(f"merged {len(slices)} slices: {', '.join(languages)} into {output}/")


@click.command()
@SITE_CONFIG_OPTION
@click.argument("shards", type=click.IntRange(1, 256))
def slices(config_file: Path, shards: int) -> None:
    """Print the slices of a build in SHARDS shards per language, as JSON.

    A CI matrix builds one slice per job (GitHub Actions: fromJSON of this).

    \b
    Examples:
      marketsite slices 3
    """
    from marketsite.site.settings import read_settings

    settings = read_settings(config_file)
    matrix = [
        {"lang": lang, "shard": f"{number}/{shards}", "name": f"{lang}-{number}"}
        for lang in settings.languages
        for number in range(1, shards + 1)
    ]
    click.echo(json.dumps({"include": matrix}))


@click.command()
@SITE_CONFIG_OPTION
@click.option("--lang", default=None, help="Language to preview (default: the default language).")
@click.option("-a", "--dev-addr", default=None, metavar="IP:PORT", help="Address to serve on.")
@click.option(
    "--edition",
    default=None,
    metavar="VERSION",
    help='Show the draft "What changed" page of edition VERSION: the changes since the '
    "last tag before it, as `release VERSION --dry-run` words them.",
)
def serve(config_file: Path, lang: str | None, dev_addr: str | None, edition: str | None) -> None:
    """Preview the site with live reload on changes in data/ and content/.

    A change rebuilds only the pages it touches: an edited report's page, the
    catalog and the home page (everything after a change to the navigation,
    templates or mkdocs.yml). The other languages and search follow in the
    background. With --edition, the "What changed" page shows the draft notes
    of that edition, and follows every edit of the data.

    \b
    Examples:
      marketsite serve
      marketsite serve --lang en -a 127.0.0.1:8001
      marketsite serve --edition v1.3
    """
    import logging

    from marketsite.editing.preview import serve as preview
    from marketsite.site.settings import read_settings

    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    settings = read_settings(config_file)
    lang = lang or settings.default_language
    if lang not in settings.languages:
        raise click.BadParameter(
            f"'{lang}' is not one of {', '.join(settings.languages)}", param_hint="--lang"
        )
    history = None
    if edition is not None:
        from marketsite.editions.release import DraftHistory, ReleaseError

        try:
            history = DraftHistory.of(settings, edition)
        except ReleaseError as error:
            raise click.BadParameter(str(error), param_hint="--edition") from None
    preview(settings, lang, dev_addr, history)


@click.command("check-links")
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
    from marketsite.site.links import check_site
    from marketsite.site.settings import read_settings

    if site_url is None and config_file.is_file():
        site_url = read_settings(config_file).site_url
    broken = check_site(site_dir, site_url or "")
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    for link in broken:
        click.echo(str(link))
    click.echo(f"{len(broken)} broken links in {pages} pages")
    raise SystemExit(1 if broken else 0)
