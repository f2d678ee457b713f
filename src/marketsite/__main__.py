"""``python -m marketsite``: the same as the ``marketsite`` command."""

from marketsite.cli import main

main()
