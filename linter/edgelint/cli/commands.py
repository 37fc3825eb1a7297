"""What `lint`, `fix` and `render` do with their parsed options (config/options.py): the work.

Kept free of typer so that the most common invocation — `edgelint lint FILE...`, as pre-commit
runs it — can start here without importing typer (entry.py): a quarter of a hook's run.
Results are exit codes; a usage problem is UsageError.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn, TextIO

from edgelint.config.options import ColorMode, Options, OutputFormat

if TYPE_CHECKING:
    from edgelint.config.project import Project
    from edgelint.config.settings import Settings
    from edgelint.run.cache import ResultCache
    from edgelint.run.inputs import Discovered, Input
    from edgelint.run.results import FileResult
    from edgelint.run.runner import RunResult
    from edgelint.snapshot.client import Connection
    from edgelint.snapshot.collect import Credentials

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad options or configuration: exit code 2, with this message."""


def run_lint(paths: list[str] | None, options: Options) -> int:
    """Lint the paths and report each file as it is checked; the exit code of the DESIGN.md
    contract."""
    from edgelint.cli.progress import bar, wanted
    from edgelint.run.cores import default_jobs
    from edgelint.run.runner import lint_inputs

    chosen = _format(options.output_format)
    project, found = _prepare(paths, options)
    inputs = found.inputs
    show = wanted(
        len(inputs), machine_format=chosen is not OutputFormat.text and not options.output
    )
    # Under a progress bar on the same terminal the report waits for the bar to go.
    hold = show and hasattr(sys.stdout, "isatty") and sys.stdout.isatty()
    report = _Report(chosen, _use_color(options.color), output=options.output, hold=hold)
    with _cache(options) as cache, bar(len(inputs), "Linting", show) as tick:
        run = lint_inputs(
            inputs,
            project.settings_for,
            tick,
            cache=cache,
            jobs=options.jobs or default_jobs(),
            sink=report.add,
        )
    run.io_errors[:0] = found.missing  # said after the report, and exit 2
    report.finish(run)
    return _exit(run, EXIT_FINDINGS if run.has_errors else EXIT_OK)


def run_fix(paths: list[str] | None, options: Options) -> int:
    """Fix the paths in place (or show/check what would change) and report what is left."""
    from edgelint.cli.progress import bar, wanted
    from edgelint.run.cores import default_jobs
    from edgelint.run.runner import fix_inputs

    chosen = _format(options.output_format)
    project, found = _prepare(paths, options)
    inputs = found.inputs
    diff, check = options.diff, options.check
    dry = diff or check
    show = wanted(len(inputs), machine_format=chosen is not OutputFormat.text or diff)
    with _cache(options) as cache, bar(len(inputs), "Fixing", show) as tick:
        run = fix_inputs(
            inputs,
            project.settings_for,
            unsafe=options.unsafe_fixes,
            write=not dry,
            tick=tick,
            cache=cache,
            jobs=options.jobs or default_jobs(),
        )
    run.io_errors[:0] = found.missing
    use_color = _use_color(options.color)
    stdin_fixed = [f for f in run.fixes if f.original.path == _stdin_name(inputs)]
    if diff:
        from edgelint.report.diff import print_diffs

        print_diffs(run, use_color)
    elif stdin_fixed and not check:
        sys.stdout.buffer.write(stdin_fixed[0].new_bytes)
        sys.stdout.flush()
    if diff or (stdin_fixed and not check):
        # stdout holds the diff or the fixed text: diagnostics go to stderr.
        color = _use_color(options.color, sys.stderr)
        report = _Report(
            chosen, color, stream=sys.stderr, fixing=True, dry=dry, output=options.output
        )
    else:
        report = _Report(chosen, use_color, fixing=True, dry=dry, output=options.output)
    report.whole(run)
    if dry:
        return _exit(run, EXIT_FINDINGS if run.fixes else EXIT_OK)
    return _exit(run, EXIT_FINDINGS if run.has_errors else EXIT_OK)


def run_render(path: str, options: Options) -> int:
    """The file as the Controller would store it on stdout; diagnostics on stderr. Credentials
    are `***` unless `--show-secrets`: a rendered file is often printed into a CI log."""
    from pathlib import Path

    from edgelint.render.output import (
        lost_strings,
        missing_templates,
        rendered_documents,
        to_yaml,
        used_stand_ins,
    )
    from edgelint.run.runner import lint_inputs

    if path != "-" and Path(path).is_dir():
        _usage_error(
            f"{path} is a directory: render prints one file's documents "
            "(`edgelint render FILE`; `edgelint lint DIR` checks a directory)"
        )
    project, found = _prepare([path], options)
    run = lint_inputs(found.inputs, project.settings_for, keep=True)
    use_color = _use_color(options.color, sys.stderr)
    blocked = run.rejected or not run.files
    if run.files and used_stand_ins(run.files[0]):
        blocked = True
        run.io_errors.append(
            f"{run.files[0].path}: templates look up agents, applications or edge resources; "
            "render needs the cluster they live on: pass --cluster FILE"
        )
    missing = missing_templates(run.files[0]) if run.files else []
    if missing:
        blocked = True
        run.io_errors.append(
            f"{run.files[0].path}: deploys template `{missing[0]}`, which is not in the file: "
            "render needs it (pass --cluster FILE with the Controller's applicationTemplates)"
        )
    if run.diagnostics:
        _Report(OutputFormat.text, use_color, stream=sys.stderr).whole(run)
    if not blocked:
        documents, hidden = rendered_documents(run.files[0], mask=not options.show_secrets)
        sys.stdout.write(to_yaml(documents))
        for value in lost_strings(run.files[0], documents):
            from edgelint.report.escape import say

            sys.stdout.flush()
            say(
                sys.stderr,
                f"`{value}` reaches the Controller as a date or a number however it is quoted: "
                "the CLI's yaml.v2 writes it back unquoted for js-yaml",
                prefix="edgelint: warning: ",
            )
        if hidden:
            from edgelint.report.escape import say
            from edgelint.report.text import plural

            sys.stdout.flush()
            say(
                sys.stderr,
                f"{plural(hidden, 'credential')} shown as `***`; `edgelint render --show-secrets` "
                "prints them as written (to pipe into a deploy)",
                prefix="edgelint: note: ",
            )
    _errors(run.io_errors)
    _errors(run.internal_errors, prefix="edgelint: ")
    return EXIT_USAGE if run.internal_errors else EXIT_FINDINGS if blocked else EXIT_OK


def _prepare(paths: list[str] | None, options: Options) -> tuple[Project, Discovered]:
    from edgelint.config.files import ConfigError
    from edgelint.config.project import Project
    from edgelint.run.inputs import PathNotFound, discover_all

    try:
        project = Project(options)
        found = discover_all(
            paths or ["."], options.stdin_filename, project.excluded, options.respect_gitignore
        )
        if found.missing and not found.inputs:
            raise PathNotFound(found.missing[0])  # nothing to check at all: a usage error
        settings = {id(s): s for s in map(project.settings_for, found.inputs)}  # problems first
    except PathNotFound as exc:
        _usage_error(str(exc))
    except ConfigError as exc:
        _usage_error(str(exc))
    _say_snapshots(list(settings.values()))
    from edgelint.report.escape import say

    for directory in found.empty:
        say(
            sys.stderr,
            f"{directory}: no YAML files (*.yaml, *.yml) to check",
            prefix="edgelint: warning: ",
        )
    return project, found


def _say_snapshots(all_settings: list[Settings]) -> None:
    """Which Controller each snapshot is of, once a run, on stderr (the report stays clean)."""
    from edgelint.report.escape import say

    said: set[tuple[str, str]] = set()
    for settings in all_settings:
        for note in settings.snapshot_notes():
            if note not in said:
                said.add(note)
                say(sys.stderr, note[1], prefix=note[0])


def _stdin_name(inputs: list[Input]) -> str | None:
    return next((t.display for t in inputs if t.path is None), None)


@contextmanager
def _cache(options: Options) -> Iterator[ResultCache | None]:
    """Results of unchanged files, kept in .edgelint_cache/ of the working directory; closed
    however the run ends, so that an interrupted one removes the table it was writing."""
    if not options.cache or os.environ.get("EDGELINT_NO_CACHE"):
        yield None
        return
    from edgelint.report.escape import say
    from edgelint.run.cache import ResultCache

    def warn(message: str) -> None:
        sys.stdout.flush()
        say(sys.stderr, message, prefix="edgelint: warning: ")

    cache = ResultCache(warn=warn)
    try:
        yield cache
    finally:
        cache.close()


def _format(given: OutputFormat | None) -> OutputFormat:
    """GitHub Actions turns workflow commands into annotations: its default, as ruff's."""
    if given is not None:
        return given
    return OutputFormat.github if os.environ.get("GITHUB_ACTIONS") else OutputFormat.text


class _Report:
    """The report, written as the files come: to the stream, or, for --output (written whole,
    atomically, at the end) and under a progress bar, held as text until the end. Only the
    text is ever held, never a file's results."""

    def __init__(
        self,
        output_format: OutputFormat,
        color: bool,
        *,
        stream: TextIO | None = None,
        fixing: bool = False,
        dry: bool = False,
        output: str | None = None,
        hold: bool = False,
    ) -> None:
        from edgelint.report import REPORTERS
        from edgelint.report.view import View

        self._format = output_format
        self._view = View(color=color, fixing=fixing, dry=dry, to_file=output is not None)
        self._reporter = REPORTERS[output_format.value](self._view)
        self._out = stream or sys.stdout
        self._output = output
        self._held: list[str] | None = [] if hold or output is not None else None

    def add(self, result: FileResult) -> None:
        text = self._reporter.add(result)
        if not text:
            return
        if self._held is not None:
            self._held.append(text)
        else:
            self._out.write(text)

    def whole(self, run: RunResult) -> None:
        """The report of a run that kept its files (fix)."""
        for result in run.files:
            self.add(result)
        self.finish(run)

    def finish(self, run: RunResult) -> None:
        """The rest of the report, then the summary where the format wants it."""
        from edgelint.report.escape import visible
        from edgelint.report.text import summary

        view = self._view
        rest = self._reporter.finish(run)
        closing = summary(run, fixing=view.fixing, dry=view.dry)
        if self._output is None:
            self._out.write("".join(self._held or ()) + rest)
            if self._format is OutputFormat.github:
                self._out.flush()  # every annotation before the first line on stderr
                sys.stderr.write(closing + "\n")  # the log's reader; annotations are on stdout
            return
        from edgelint.fix.atomic import write_report

        try:
            write_report(self._output, "".join(self._held or ()) + rest)
        except OSError as exc:
            run.io_errors.append(f"{self._output}: cannot write the report: {exc.strerror or exc}")
        else:
            shown = visible(self._output)
            self._out.write(f"{closing}\nReport ({self._format.value}) written to {shown}.\n")


def _use_color(mode: ColorMode, stream: TextIO | None = None) -> bool:
    """An explicit `--color` wins over the environment (no-color.org: "command-line flags take
    precedence"); on `auto`, NO_COLOR and a dumb terminal turn colour off, FORCE_COLOR on."""
    if mode is not ColorMode.auto:
        return mode is ColorMode.always
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    out = stream or sys.stdout
    return hasattr(out, "isatty") and out.isatty()


def _exit(run: RunResult, code: int) -> int:
    _errors(run.io_errors)
    _errors(run.internal_errors, prefix="edgelint: ")
    return EXIT_USAGE if run.io_errors or run.internal_errors else code


def _errors(messages: list[str], prefix: str = "edgelint: error: ") -> None:
    """After everything on stdout: a CI log that merges both streams keeps the report first, and
    nothing a message holds can pass for a line of its own (report/escape.py)."""
    from edgelint.report.escape import say

    sys.stdout.flush()
    for message in messages:
        say(sys.stderr, message, prefix)


def _usage_error(message: str) -> NoReturn:
    raise UsageError(message)


def run_snapshot(options: Options) -> int:
    """Read the Controller into the registry and cluster snapshots; write both, or nothing."""
    from edgelint.report.escape import say, visible
    from edgelint.snapshot.client import Controller, ControllerError
    from edgelint.snapshot.collect import take

    registries, cluster = _snapshot_paths(options)
    connection, credentials = _snapshot_connection(options)
    import time

    interactive = hasattr(sys.stderr, "isatty") and sys.stderr.isatty()
    started = time.monotonic()

    def step(what: str) -> None:
        """On a terminal, once the snapshot takes more than a moment: what it reads now."""
        if interactive and time.monotonic() - started > 0.5:
            say(sys.stderr, f"reading {what} from {connection.base} …", prefix="edgelint: ")

    try:
        snapshot = take(Controller(connection), credentials, step=step,
                        registries=registries is not None, cluster=cluster is not None)  # fmt: skip
    except ControllerError as exc:
        say(sys.stderr, f"{exc}; nothing was written")
        return EXIT_USAGE
    from edgelint.fix.atomic import write_together

    asked = ((registries, snapshot.registries_text()), (cluster, snapshot.cluster_text()))
    files = [(path, text) for path, text in asked if path is not None]
    try:
        write_together(files)
    except OSError as exc:
        say(sys.stderr, f"{visible(exc.filename)}: cannot write the snapshot: "
                        f"{exc.strerror or exc}; nothing was written")  # fmt: skip
        return EXIT_USAGE
    written = [visible(path) for path, _ in files]
    for path, text in files:
        _over_lint_limit(path, len(text.encode()))
    from edgelint.report.text import plural

    counts = ", ".join(plural(number, name) for number, name in snapshot.counts())
    sys.stdout.write(
        f"Snapshot of Controller {visible(snapshot.header['version'])} at {connection.base} "
        f"({counts}) written to {', '.join(written)}.\n"
    )
    return EXIT_OK


def _over_lint_limit(path: str, size: int) -> None:
    """Lint reads a snapshot under the input files' size limit: say so when this one is over."""
    from edgelint.report.escape import say, visible
    from edgelint.run.inputs import DEFAULT_MAX_FILE_SIZE

    if size > DEFAULT_MAX_FILE_SIZE:
        megabytes = -(-size // (1024 * 1024))
        say(
            sys.stderr,
            f"{visible(path)} is {size:,} bytes, over the {DEFAULT_MAX_FILE_SIZE:,} bytes lint "
            f"reads by default: lint with --max-file-size {megabytes}MiB (or set "
            "`max-file-size` in the configuration)",
            prefix="edgelint: warning: ",
        )


def _snapshot_paths(options: Options) -> tuple[str | None, str | None]:
    """The files to write: the options', else the configuration's `registries`/`cluster`."""
    from pathlib import Path

    from edgelint.config.files import ConfigError
    from edgelint.config.project import Project

    try:
        config = Project(options).config_for(Path.cwd())
    except ConfigError as exc:
        _usage_error(str(exc))
    registries = options.registries or config.resolve(config.registries)
    cluster = options.cluster or config.resolve(config.cluster)
    if registries is None and cluster is None:
        _usage_error(
            "where should the snapshot go? pass --registries FILE and/or --cluster FILE, or set "
            "`registries` and `cluster` in the configuration ([tool.edgelint] or .edgelint.yaml)"
        )
    return registries, cluster


def _snapshot_connection(options: Options) -> tuple[Connection, Credentials]:
    """Where the Controller is and who logs in: the environment first, then the iofogctl or
    potctl namespace (its endpoint when there is no --url)."""
    from pathlib import Path

    from edgelint.snapshot import credentials as found
    from edgelint.snapshot.client import Connection, ControllerError, api_base

    if options.cacert is not None and not Path(options.cacert).is_file():
        _usage_error(f"--cacert {options.cacert}: no such file")
    try:
        credentials = found.from_environment(os.environ)
        url = options.url
        if credentials is None or url is None:
            endpoint, from_config = found.from_cli_config(
                found.cli_directory(os.environ), options.namespace
            )
            credentials = credentials or from_config
            url = url or endpoint
        if url is None:
            _usage_error(f"{credentials.origin} names no Controller endpoint: pass --url URL")
        base = api_base(url)
    except (found.CredentialsError, ControllerError) as exc:
        _usage_error(str(exc))
    connection = Connection(url, base, options.cacert, options.insecure, options.timeout)
    return connection, credentials
