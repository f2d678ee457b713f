"""Commands for editions: what changed between two versions, and releases."""

from __future__ import annotations

from pathlib import Path

import click

from marketsite.commands.options import (
    DIFF_FORMATS,
    FORCE_OPTION,
    LANG_SLICE_OPTION,
    SHARD_OPTION,
    SITE_CONFIG_OPTION,
    SITE_URL_OPTION,
    print_problems,
    site_dir_option,
    slice_of,
)
from marketsite.data.problem_codes import Severity
from marketsite.errors import MarketsiteError


@click.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(DIFF_FORMATS),
    default="text",
    show_default=True,
    help="text for the terminal, markdown and json for tools, notes for readers "
    "(release notes in --lang, as Markdown; notes-text as plain text).",
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
      marketsite diff v1.0 HEAD --format markdown > changes-for-review.md
      marketsite diff old-data/ data/ --format json
      marketsite diff v1.0 HEAD --format notes --lang de
      marketsite diff v1.0 HEAD --format notes-text --lang en > newsletter.txt
    """
    from marketsite.editions.changes import FORMATS
    from marketsite.editions.diff import compare, edition, load_edition
    from marketsite.editions.notes import release_notes

    try:
        with edition(old, data_dir) as old_dir, edition(new, data_dir) as new_dir:
            before, after = load_edition(old_dir, old), load_edition(new_dir, new)
    except MarketsiteError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    changes = compare(before, after)
    if output_format in ("notes", "notes-text"):
        language = lang or after.source_language
        if language not in after.languages:
            raise click.BadParameter(
                f"'{language}' is not a language of the data", param_hint="--lang"
            )
        plain = output_format == "notes-text"
        click.echo(release_notes(changes, before, after, language, plain=plain), nl=False)
        return
    click.echo(FORMATS[output_format](changes, old, new), nl=False)


@click.command()
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
@click.option(
    "--dry-run",
    is_flag=True,
    help="Run every check and write the site, archives and notes, but tag nothing.",
)
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
    dry_run: bool,
) -> None:
    """Build and package edition VERSION, as CI does for a version tag.

    Validates strictly, builds every language with the edition (version,
    date, data commit) in the footer, site/version.json and a "what changed"
    page, checks all internal links, and writes OUTPUT/site-VERSION.tar.gz,
    OUTPUT/data-VERSION.tar.gz (both reproducible), OUTPUT/RELEASE_NOTES-VERSION.md
    and one RELEASE_NOTES-VERSION.<lang>.md per language (the changes since the
    previous edition). Creates the annotated tag VERSION on a clean checkout, or
    says which command to run; refuses a version that is not newer.

    With --dry-run it runs every check and writes the site (with its draft "What
    changed" page), the archives and the notes, but creates no tag: see the edition
    before it exists.

    \b
    Examples:
      marketsite release v1.2 --dry-run
      marketsite release v1.2
      marketsite release v1.2 --previous v1.0 -o dist

    A large site can be built on several machines: each builds a slice with
    --lang and/or --shard (OUTPUT/site is then only that slice), and one merges
    them with --merge and packages the edition.

    \b
      marketsite release v1.2 --lang de --shard 1/2 -o slice-de-1
      marketsite release v1.2 --merge slice-de-1/site --merge slice-de-2/site ...
    """
    from marketsite.site.settings import read_settings
    from marketsite.site.workers import start_workers_early

    settings = read_settings(config_file)
    start_workers_early()  # the fork server loads the pipeline while this process does
    from marketsite.editions.release import make_release

    part = slice_of(languages, shard)
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
            dry_run=dry_run,
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
    if dry_run:
        click.echo(f'dry run: nothing tagged; the draft "What changed" page is in {files.site_dir}')
        if files.would_tag:
            click.echo(
                f"`marketsite release {version}` would tag {version} at this commit (after "
                f"committing any change to data, content or mkdocs.yml); then: git push origin "
                f"{version}, and CI publishes the edition"
            )
        else:
            click.echo(
                f"tag {version} already marks this commit; to publish: git push origin {version}"
            )


@click.command()
@SITE_CONFIG_OPTION
@site_dir_option("Output folder for the checked build.")
@SITE_URL_OPTION
@FORCE_OPTION
def check(config_file: Path, output: Path, site_url: str | None, force: bool) -> None:
    """Everything an edition needs, in one command (make checks and CI run it).

    Validates strictly (warnings count as errors unless acknowledged), checks
    that no translation is missing or stale, builds every language into
    SITE_DIR and checks every internal link. `marketsite release` refuses to
    tag while any of these fails. Exits 1 and says what to fix.

    \b
    Examples:
      marketsite check
      marketsite check -d public --site-url https://reports.example.com/
    """
    from marketsite.site.settings import read_settings
    from marketsite.site.workers import start_workers_early

    settings = read_settings(config_file)
    start_workers_early()  # the fork server loads the pipeline while this process does
    from marketsite.editing import published_editor
    from marketsite.editions.readiness import edition_readiness
    from marketsite.site.build import build_site
    from marketsite.site.links import check_site

    readiness = edition_readiness(settings)
    print_problems([p for p in readiness.strict if p.severity is not Severity.NOTE], Path.cwd())
    for issue in readiness.untranslated:
        click.echo(f"{issue.lang} {issue.report} {issue.key}: {issue.status} ({issue.detail})")
    if not readiness.ready:
        for reason in readiness.reasons():
            click.echo(f"not ready: {reason}")
        raise SystemExit(1)
    click.echo("data and translations: ready")
    try:
        build_site(
            settings,
            output,
            site_url,
            validation=readiness.validation,
            force=force,
            root_writers=published_editor.SITE_ROOT_WRITERS,
        )
    except MarketsiteError as exc:
        click.echo(f"not ready: the build failed: {exc}")
        raise SystemExit(1) from None
    broken = check_site(output, site_url or settings.site_url)
    for link in broken:
        click.echo(str(link))
    if broken:
        click.echo(f"not ready: {len(broken)} broken links in {output}/")
        raise SystemExit(1)
    click.echo(f"built {', '.join(settings.languages)} into {output}/, every link holds: ready")


@click.command()
@click.argument("base")
@SITE_CONFIG_OPTION
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the comment here (default: print it).",
)
@click.option(
    "--site-artifact", default=None, help="Address of the built site's download, to link."
)
def review(base: str, config_file: Path, output: Path | None, site_artifact: str | None) -> None:
    """What a change of the data since BASE (a git ref) means, for a pull request's
    reviewers: the readers' notes in every language, the translation status, and
    a link to the built site. CI posts it as one comment and updates it on each push.

    \b
    Examples:
      marketsite review origin/main
      marketsite review "$BASE_SHA" --site-artifact "$ARTIFACT_URL" -o review.md
    """
    from marketsite.editions.review import review_comment
    from marketsite.site.settings import read_settings

    comment = review_comment(read_settings(config_file), base, site_artifact)
    if output is None:
        click.echo(comment, nl=False)
    else:
        output.write_text(comment, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
