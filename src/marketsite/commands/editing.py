"""Commands for editors: new reports, spreadsheets, translations, schemas."""

from __future__ import annotations

import contextlib
import json
import secrets
from pathlib import Path

import click

from marketsite.commands.options import (
    CONFIG_OPTION,
    SITE_CONFIG_OPTION,
    languages_of,
)
from marketsite.data.problems import counted
from marketsite.errors import MarketsiteError


@click.command("new")
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

    languages, _ = languages_of(config_file, data_dir)
    try:
        written = scaffold_report(data_dir, report_id, languages)
    except MarketsiteError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: replace every TODO, then run `marketsite validate {data_dir}`")


@click.command("export-xlsx")
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
    from marketsite.editing.spreadsheet_export import export_workbook

    reason = id_problem(report_id)  # it becomes a path: never "../.." or a device name
    if reason is not None:
        click.echo(f"error: '{report_id[:100]}' is no report id: {reason}", err=True)
        raise SystemExit(1)
    languages, _source = languages_of(config_file, data_dir)
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


@click.command("import-xlsx")
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
    from marketsite.data.reading import read_regular_file, unreadable
    from marketsite.editing.spreadsheet import MAX_WORKBOOK_BYTES
    from marketsite.editing.spreadsheet_import import import_workbook

    languages, source = languages_of(config_file, data_dir)
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
        result = import_workbook(content, data_dir, languages, source)
    except MarketsiteError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    for problem in result.problems:
        click.echo(problem)
    if result.problems:
        count = counted(len(result.problems), "problem", "problems")
        click.echo(f"import failed: {count}; nothing was written")
        raise SystemExit(1)
    # What validate would say of the imported report, now rather than at the next run.
    for warning in result.warnings:
        click.echo(warning)
    for path in result.written:
        click.echo(f"wrote {path}")
    click.echo(
        f"imported: {counted(result.changed, 'value', 'values')} changed, "
        f"{counted(len(result.warnings), 'warning or note', 'warnings and notes')}"
    )


@click.command()
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

    languages, source = languages_of(config_file, data_dir)
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


@click.command()
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


@click.command("edit")
@SITE_CONFIG_OPTION
@click.option(
    "--lang",
    default=None,
    help="The editor's language: its labels, and what problems mean (default: the site's "
    "default language).",
)
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8100",
    show_default=True,
    metavar="IP:PORT",
    help="Address to serve the editor on; the preview answers on the next port.",
)
@click.option("--no-preview", is_flag=True, help="No live preview beside the form.")
def edit(config_file: Path, lang: str | None, dev_addr: str, no_preview: bool) -> None:
    """Edit the reports of the data folder in a browser, with a live preview.

    Forms are generated from the data files' JSON Schema: each field's
    description, example and allowed values. Figures are typed as the
    publisher writes them ("24.71", "about 50", "12 to 14"); the text is
    edited side by side in every language. Every change is checked as
    `marketsite validate` checks it, and each problem shows at its field.
    Saving changes only the values you changed: comments, blank lines and
    layout of the files stay.

    \b
    Examples:
      marketsite edit
      marketsite edit --lang en -a 127.0.0.1:8200
    """
    import logging

    from marketsite.derivation.locale import translations, ui_languages
    from marketsite.editing.editor import EditorSettings
    from marketsite.editing.editor_server import EditorApp, EditorHTTPServer, preview_process
    from marketsite.site.settings import read_settings

    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    settings = read_settings(config_file)
    lang = lang or settings.default_language
    try:
        translations(lang)
    except LookupError:
        spoken = ", ".join(ui_languages())
        raise click.BadParameter(
            f"the editor speaks {spoken}, not '{lang}' (`make messages NEW_LANG={lang}` starts "
            "a translation of its interface)",
            param_hint="--lang",
        ) from None
    host, _, port_text = dev_addr.rpartition(":")
    if not host or not port_text.isdigit():
        raise click.BadParameter("write it as IP:PORT, e.g. 127.0.0.1:8100", param_hint="-a")
    port = int(port_text)
    editor = EditorSettings(
        data_dir=settings.data_dir,
        languages=settings.languages,
        source_language=settings.default_language,
        cagr_tolerance=settings.cagr_tolerance,
        ui_language=lang,
    )
    preview_lang = lang if lang in settings.languages else settings.default_language
    preview_url = None if no_preview else f"http://{host}:{port + 1}/"
    app = EditorApp(editor, secrets.token_urlsafe(24), preview_url)
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(EditorHTTPServer((host, port), app))
        except OSError as exc:  # the port is taken, or the address is not this machine's
            click.echo(
                f"error: cannot serve the editor on {host}:{port}: {exc.strerror or exc}; "
                "choose another address, e.g. -a 127.0.0.1:8200",
                err=True,
            )
            raise SystemExit(1) from None
        if not no_preview:
            stack.enter_context(preview_process(settings.config_file, preview_lang, host, port + 1))
        click.echo(f"The editor is at http://{host}:{port}/ (Ctrl-C stops it)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            click.echo("Stopping the editor ...")
