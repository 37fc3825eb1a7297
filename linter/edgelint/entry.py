"""The `edgelint` command: a fast path for the plain `edgelint lint PATH...`, typer for the rest.

pre-commit runs `edgelint lint` with file names and nothing else, on every commit; typer takes
~70 ms to import before it has parsed a word. That invocation — `lint` followed only by paths
(or `-` for stdin) — runs the same command function directly; anything else, including any
option, goes through typer (cli.py), which owns the options, their parsing and the help.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from edgelint import __version__

ISSUES_URL = "https://github.com/edgelint/edgelint/issues"


def plain_lint(argv: list[str]) -> list[str] | None:
    """The paths of `lint PATH...` without options, or None for anything typer must see."""
    if not argv or argv[0] != "lint":
        return None
    paths = argv[1:]
    if any(p.startswith("-") and p != "-" for p in paths):
        return None
    return paths


def main() -> None:
    try:
        paths = plain_lint(sys.argv[1:])
        if paths is not None:
            from edgelint.commands import CheckOptions, ReportOptions, UsageError, run_lint

            try:
                code = run_lint(paths or None, CheckOptions(), ReportOptions())
            except UsageError as exc:
                sys.stderr.write(f"edgelint: error: {exc}\n")
                code = 2
            sys.stdout.flush()
            sys.exit(code)
        from edgelint import coercion
        from edgelint.cli import app

        coercion.install()
        app()
    except KeyboardInterrupt:
        sys.stderr.write("edgelint: interrupted\n")
        sys.exit(130)
    except Exception as exc:
        _internal_error(exc)


def _internal_error(exc: BaseException) -> NoReturn:
    import tempfile
    import traceback

    from edgelint import runner

    log = os.path.join(tempfile.gettempdir(), f"edgelint-crash-{os.getpid()}.log")
    where = f" while processing {runner.current_path}" if runner.current_path else ""
    try:
        with open(log, "w", encoding="utf-8") as handle:
            handle.write(f"edgelint {__version__}, Python {sys.version}\n")
            handle.write(f"argv: {sys.argv!r}\n\n")
            traceback.print_exception(type(exc), exc, exc.__traceback__, file=handle)
        saved = f"; the traceback is in {log}"
    except OSError:
        saved = ""
    sys.stderr.write(
        f"edgelint: internal error{where}: {type(exc).__name__}: {exc}. This is a bug in "
        f"edgelint: please report it at {ISSUES_URL}{saved}\n"
    )
    sys.exit(2)
