"""The ``marketsite`` command: thin glue around the pipeline stages."""

from __future__ import annotations

from pathlib import Path

import click

from marketsite.problems import Problem, Severity, has_errors, summary
from marketsite.site import SiteBuildError, build_site, locale_overrides, read_settings
from marketsite.validate import CAGR_TOLERANCE, validate_data_dir


def print_problems(problems: list[Problem], root: Path | None = None) -> None:
    """Print problems one after another, errors to stderr style but on stdout for piping."""
    for problem in problems:
        click.echo(problem.format(root))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="marketsite")
def main() -> None:
    """Turn market-research data into a localized report site."""


@main.command()
@click.argument("data_dir", default="data", type=click.Path(file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (for CI).")
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="TAG",
    help="A site language (repeat for several). Default: every language a text file has.",
)
@click.option(
    "--cagr-tolerance",
    type=float,
    default=CAGR_TOLERANCE,
    show_default=True,
    help="Allowed gap in percentage points between stated and implied CAGR.",
)
def validate(
    data_dir: Path, strict: bool, languages: tuple[str, ...], cagr_tolerance: float
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
    result = validate_data_dir(data_dir, languages or None, cagr_tolerance=cagr_tolerance)
    problems = result.problems
    if strict:
        problems = [p.as_error() if p.severity is Severity.WARNING else p for p in problems]
    print_problems(problems, Path.cwd())
    reports = len(result.dataset.reports) if result.dataset else 0
    failed = has_errors(problems)
    verdict = "failed" if failed else "passed"
    click.echo(f"validation {verdict}: {summary(problems)} ({reports} reports checked)")
    raise SystemExit(1 if failed else 0)


@main.command()
@click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="The site's mkdocs.yml.",
)
@click.option(
    "-d",
    "--site-dir",
    "output",
    default="site",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (one subfolder per language).",
)
@click.option(
    "--site-url", default=None, help="Root URL of the published site (overrides mkdocs.yml)."
)
@click.option(
    "-j",
    "--jobs",
    type=int,
    default=None,
    help="Parallel locale builds (default: one per language).",
)
def build(config_file: Path, output: Path, site_url: str | None, jobs: int | None) -> None:
    """Validate the data, then build every language into SITE_DIR/<lang>/.

    The new site replaces SITE_DIR only when every language built; after any
    error the previous site is left as it was.

    \b
    Examples:
      marketsite build
      marketsite build --site-url https://reports.example.com/ -d public
    """
    settings = read_settings(config_file)
    result = validate_data_dir(settings.data_dir, settings.languages, settings.default_language)
    print_problems(result.problems, Path.cwd())
    if not result.ok:
        click.echo(f"build stopped: {summary(result.problems)}; {output}/ was left as it was")
        raise SystemExit(1)
    try:
        built = build_site(settings, output, site_url, jobs)
    except SiteBuildError as exc:
        click.echo(f"build failed: {exc}; {output}/ was left as it was")
        raise SystemExit(1) from None
    click.echo(f"charts: {built.charts_rendered} rendered, {built.charts_cached} from cache")
    click.echo(f"built {', '.join(built.languages)} into {output}/ ({summary(result.problems)})")


@main.command()
@click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="The site's mkdocs.yml.",
)
@click.option("--lang", default=None, help="Language to preview (default: the default language).")
@click.option("-a", "--dev-addr", default=None, metavar="IP:PORT", help="Address to serve on.")
def serve(config_file: Path, lang: str | None, dev_addr: str | None) -> None:
    """Preview one language with live reload on changes in data/ and content/.

    \b
    Examples:
      marketsite serve
      marketsite serve --lang en -a 127.0.0.1:8001
    """
    import logging

    from mkdocs.commands.serve import serve as mkdocs_serve

    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")

    settings = read_settings(config_file)
    lang = lang or settings.default_language
    if lang not in settings.languages:
        raise click.BadParameter(
            f"'{lang}' is not one of {', '.join(settings.languages)}", param_hint="--lang"
        )
    overrides = locale_overrides(settings, lang)
    content = str(settings.content_dir)
    mkdocs_serve(str(settings.config_file), watch=[content], dev_addr=dev_addr, **overrides)
