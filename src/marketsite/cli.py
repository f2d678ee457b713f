"""The ``marketsite`` command: thin glue around the pipeline stages."""

from __future__ import annotations

from pathlib import Path

import click

from marketsite.problems import Problem, Severity, has_errors, summary
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
@click.argument("data_dir", default="data", type=click.Path(file_okay=False, path_type=Path))
def build(data_dir: Path) -> None:
    """Validate DATA_DIR and build the site (rendering arrives with the site issue)."""
    result = validate_data_dir(data_dir)
    print_problems(result.problems, Path.cwd())
    if not result.ok:
        click.echo(f"build stopped: {summary(result.problems)}; nothing was written")
        raise SystemExit(1)
    click.echo(f"data valid: {summary(result.problems)}")
