"""The ``marketsite`` command: the group that holds the subcommands of
:mod:`marketsite.commands`."""

from __future__ import annotations

import signal

import click

from marketsite.commands import editing, editions, site


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="marketsite")
def main() -> None:
    """Turn market-research data into a localized report site."""
    # SIGTERM (a CI runner cancelling, a process manager stopping) and SIGHUP (the
    # terminal closed) end a command as Ctrl-C does, so that a build removes its staging
    # folder and its workers end.
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGHUP, _stop)


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


for command in (
    site.validate,
    site.build,
    site.merge,
    site.slices,
    site.serve,
    site.check_links,
    editing.new_report,
    editing.export_xlsx,
    editing.import_xlsx,
    editing.translations,
    editing.schema,
    editing.edit,
    editions.diff,
    editions.check,
    editions.release,
    editions.review,
):
    main.add_command(command)
