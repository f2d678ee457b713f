"""The subcommands of ``marketsite``, by what they serve: the site, editing, editions.

Each imports its stages when it runs (as MkDocs' commands do), so ``--help`` and
``--version`` answer without loading pandas, Altair or the chart renderer.
"""
