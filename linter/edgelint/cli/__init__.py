"""The command line: the entry fast path, the typer app, one function per command, options.

Stage 0 of the pipeline: it parses options and formats results, and nothing else.
"""

from __future__ import annotations


def main() -> None:
    """The console script (`edgelint.cli:main` for older installs); the fast path decides."""
    from edgelint.cli.entry import main as entry_main

    entry_main()
