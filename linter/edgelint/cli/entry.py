"""The `edgelint` command: a fast path for `edgelint lint PATH...`, typer for the rest.

pre-commit runs `edgelint lint` with file names on every commit, and CI steps add an output
option or two; typer takes ~60 ms to import before it has parsed a word. That invocation — `lint`
followed by paths (or `-` for stdin) and only the options that say how the run goes or is
reported (`--no-cache`, `--format`, `--color`, `--jobs`) — runs the same command function
directly, and so does a bare `edgelint --version`; anything else goes through typer (app.py),
which owns the options, their parsing and the help, and says what is wrong with a value.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import NoReturn

# Options a hook or a CI step gives that only say how the run goes or how it is reported: the
# fast path takes them when their value is one typer would take as it is; anything else (another
# option, a value typer would refuse or read otherwise) goes to typer, which says what is wrong.


@dataclass(repr=False, eq=False)
class PlainLint:
    """The options of a run the fast path takes without typer."""

    paths: list[str]
    cache: bool = True
    output_format: str | None = None
    color: str = "auto"
    jobs: int | None = None


def plain_lint(argv: list[str]) -> PlainLint | None:
    """`lint PATH...`, with at most `--no-cache`, `--format F`, `--color C`, `--jobs N`/`-j N`
    (also written `--format=F`, `-jN`); None for anything typer must see.

    Everything after `--` is a path, whatever it looks like: the pre-commit hooks end their
    options with it, so that a file named `--output=app.yaml` is linted, not obeyed.
    """
    if not argv or argv[0] != "lint":
        return None
    words = argv[1:]
    cut = words.index("--") if "--" in words else len(words)
    before, after = words[:cut], words[cut + 1 :]
    found = PlainLint(paths=[])
    index = 0
    while index < len(before):
        word = before[index]
        index += 1
        if word == "-" or not word.startswith("-"):
            found.paths.append(word)
            continue
        if word == "--no-cache":
            found.cache = False
            continue
        name, given, value = word.partition("=")
        if not given and name.startswith("-j") and len(name) > 2 and name[1] != "-":
            name, value, given = "-j", name[2:], "="
        if name not in ("--format", "--color", "--jobs", "-j"):
            return None
        if not given:
            if index >= len(before):
                return None
            value = before[index]
            index += 1
        if not _taken(found, name, value):
            return None
    found.paths.extend(after)
    return found


def _taken(found: PlainLint, name: str, value: str) -> bool:
    from edgelint.config.options import ColorMode, OutputFormat  # the fast path imports it anyway

    if name == "--format" and value in {f.value for f in OutputFormat}:
        found.output_format = value
    elif name == "--color" and value in {c.value for c in ColorMode}:
        found.color = value
    elif name in ("--jobs", "-j") and value.isascii() and value.isdigit() and int(value) >= 1:
        found.jobs = int(value)
    else:
        return False
    return True


def main() -> None:
    try:
        if sys.argv[1:] == ["--version"]:  # what a hook manager or a bench asks first
            from edgelint import __version__

            sys.stdout.write(f"edgelint {__version__}\n")
            sys.stdout.flush()
            sys.exit(0)
        plain = plain_lint(sys.argv[1:])
        if plain is not None:
            from edgelint.cli.commands import UsageError, run_lint
            from edgelint.config.options import ColorMode, Options, OutputFormat

            options = Options(
                cache=plain.cache,
                output_format=None
                if plain.output_format is None
                else OutputFormat(plain.output_format),
                color=ColorMode(plain.color),
                jobs=plain.jobs,
            )
            try:
                code = run_lint(plain.paths or None, options)
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
        _interrupted()
    except Exception as exc:
        _internal_error(exc)


def _interrupted() -> NoReturn:
    sys.stderr.write("edgelint: interrupted\n")
    sys.exit(130)


def console() -> NoReturn:
    """The `edgelint` command and `python -m edgelint`: `main`, then out of the process at
    once.

    Tearing the interpreter down frees every module and object one by one, and nothing of it
    is edgelint's to finish. A run has already written and closed everything it writes: the
    report, the cache and fixed files. Its workers are joined, and it registers no exit
    handler (multiprocessing's has no child left to join). That teardown was 15 ms of every
    cold run: 13% of a 3-file commit, measured. So only the standard streams are flushed, and
    the process ends with its code.

    The interpreter's own exit is kept where something could still need it: a profiler,
    debugger or coverage tool (a trace or profile function is set), another thread still
    running, an exit that is not a number, or a stream that cannot be flushed (a closed pipe:
    Python reports that as it always does). `main` itself still raises SystemExit, for
    programs that call it in their own process.
    """
    code: str | int | None = 0
    try:
        main()
    except SystemExit as exc:
        code = 0 if exc.code is None else exc.code
    if type(code) is not int or sys.gettrace() is not None or sys.getprofile() is not None:
        sys.exit(code)
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        sys.exit(code)
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)
    except KeyboardInterrupt:
        _interrupted()
    os._exit(code)


def _internal_error(exc: BaseException) -> NoReturn:
    from edgelint.report.escape import say
    from edgelint.run.crash import describe

    sys.stdout.flush()
    say(sys.stderr, describe(exc, None), prefix="edgelint: ")
    sys.exit(2)
