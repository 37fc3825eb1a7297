"""The `edgelint` command: a fast path for the plain `edgelint lint PATH...`, typer for the rest.

pre-commit runs `edgelint lint` with file names and nothing else, on every commit; typer takes
~70 ms to import before it has parsed a word. That invocation — `lint` followed only by paths
(or `-` for stdin) — runs the same command function directly; anything else, including any
option, goes through typer (app.py), which owns the options, their parsing and the help.
"""

from __future__ import annotations

import sys
from typing import NoReturn


def plain_lint(argv: list[str]) -> list[str] | None:
    """The paths of `lint PATH...` without options, or None for anything typer must see.

    Everything after `--` is a path, whatever it looks like: the pre-commit hooks end their
    options with it, so that a file named `--output=app.yaml` is linted, not obeyed.
    """
    if not argv or argv[0] != "lint":
        return None
    words = argv[1:]
    cut = words.index("--") if "--" in words else len(words)
    before, after = words[:cut], words[cut + 1 :]
    if any(p.startswith("-") and p != "-" for p in before):
        return None
    return before + after


def main() -> None:
    try:
        paths = plain_lint(sys.argv[1:])
        if paths is not None:
            from edgelint.cli.commands import UsageError, run_lint
            from edgelint.config.options import Options

            try:
                code = run_lint(paths or None, Options())
            except UsageError as exc:
                from edgelint.report.escape import say

                say(sys.stderr, str(exc))
                code = 2
            sys.stdout.flush()
            sys.exit(code)
        from edgelint.cli import coercion
        from edgelint.cli.app import app

        coercion.install()
        app()
    except KeyboardInterrupt:
        sys.stderr.write("edgelint: interrupted\n")
        sys.exit(130)
    except Exception as exc:
        _internal_error(exc)


def _internal_error(exc: BaseException) -> NoReturn:
    from edgelint.report.escape import say
    from edgelint.run.crash import describe

    sys.stdout.flush()
    say(sys.stderr, describe(exc, None), prefix="edgelint: ")
    sys.exit(2)
