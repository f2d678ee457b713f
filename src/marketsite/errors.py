"""The one base of every error the command line reports (as ``mkdocs.exceptions`` does)."""

from __future__ import annotations

import click


class MarketsiteError(click.ClickException):
    """An error the user can act on: click prints ``Error: <message>`` and exits 1.

    Every stage raises a subclass with a message that says what is wrong and how
    to fix it; the command line catches this base, never a list of names.
    """
