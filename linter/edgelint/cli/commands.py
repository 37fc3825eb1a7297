"""What `lint`, `fix` and `render` do with their options: the work behind the command line.

Kept free of typer so that the most common invocation — `edgelint lint FILE...`, as pre-commit
runs it — can start here without importing typer (entry.py): a quarter of a hook's run.
Results are exit codes; a usage problem is UsageError.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, NoReturn, TextIO

if TYPE_CHECKING:
    from edgelint.config.project import Project
    from edgelint.run.cache import ResultCache
    from edgelint.run.inputs import Discovered, Input
    from edgelint.run.runner import RunResult

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    html = "html"


class ColorMode(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class UsageError(Exception):
    """Bad options or configuration: exit code 2, with this message."""


@dataclass(frozen=True)
class CheckOptions:
    """The options every checking command shares, as given (None: as configured)."""

    registries: str | None = None
    cluster: str | None = None
    target: str | None = None
    config: str | None = None
    select: list[str] | None = None
    extend_select: list[str] | None = None
    ignore: list[str] | None = None
    max_file_size: str | None = None
    isolated: bool = False
    show_skipped: bool = False  # EL005 listed, as `--extend-select EL005`
    respect_gitignore: bool = True  # a directory's walk leaves out what git ignores


@dataclass(frozen=True)
class ReportOptions:
    output_format: OutputFormat | None = None
    output: str | None = None
    color: ColorMode = ColorMode.auto
    stdin_filename: str | None = None


def run_lint(
    paths: list[str] | None,
    options: CheckOptions,
    report: ReportOptions,
    *,
    jobs: int | None = None,
    no_cache: bool = False,
) -> int:
    """Lint the paths and report; the exit code of the DESIGN.md contract."""
    from edgelint.cli.progress import bar, wanted
    from edgelint.run.runner import default_jobs, lint_inputs

    chosen = _format(report.output_format)
    project, found = _prepare(paths, options, report.stdin_filename)
    inputs = found.inputs
    show = wanted(len(inputs), machine_format=chosen is not OutputFormat.text and not report.output)
    with bar(len(inputs), "Linting", show) as tick:
        run = lint_inputs(
            inputs,
            project.settings_for,
            tick,
            cache=_cache(no_cache),
            jobs=jobs or default_jobs(),
        )
    run.io_errors[:0] = found.missing  # said after the report, and exit 2
    _emit(run, chosen, _use_color(report.color), output=report.output)
    return _exit(run, EXIT_FINDINGS if run.has_errors else EXIT_OK)


def run_fix(
    paths: list[str] | None,
    options: CheckOptions,
    report: ReportOptions,
    *,
    diff: bool = False,
    check: bool = False,
    unsafe_fixes: bool = False,
    jobs: int | None = None,
    no_cache: bool = False,
) -> int:
    """Fix the paths in place (or show/check what would change) and report what is left."""
    from edgelint.cli.progress import bar, wanted
    from edgelint.run.runner import default_jobs, fix_inputs

    chosen = _format(report.output_format)
    project, found = _prepare(paths, options, report.stdin_filename)
    inputs = found.inputs
    dry = diff or check
    show = wanted(len(inputs), machine_format=chosen is not OutputFormat.text or diff)
    with bar(len(inputs), "Fixing", show) as tick:
        run = fix_inputs(
            inputs,
            project.settings_for,
            unsafe=unsafe_fixes,
            write=not dry,
            tick=tick,
            cache=_cache(no_cache),
            jobs=jobs or default_jobs(),
        )
    run.io_errors[:0] = found.missing
    use_color = _use_color(report.color)
    stdin_fixed = [f for f in run.fixes if f.original.path == _stdin_name(inputs)]
    if diff:
        from edgelint.report.diff import print_diffs

        print_diffs(run, use_color)
    elif stdin_fixed and not check:
        sys.stdout.buffer.write(stdin_fixed[0].new_bytes)
        sys.stdout.flush()
    if diff or (stdin_fixed and not check):
        # stdout holds the diff or the fixed text: diagnostics go to stderr.
        _emit(
            run,
            chosen,
            _use_color(report.color, sys.stderr),
            stream=sys.stderr,
            fixing=True,
            dry=dry,
            output=report.output,
        )
    else:
        _emit(run, chosen, use_color, fixing=True, dry=dry, output=report.output)
    if dry:
        return _exit(run, EXIT_FINDINGS if run.fixes else EXIT_OK)
    return _exit(run, EXIT_FINDINGS if run.has_errors else EXIT_OK)


def run_render(
    path: str, options: CheckOptions, report: ReportOptions, *, show_secrets: bool = False
) -> int:
    """The file as the Controller would store it on stdout; diagnostics on stderr. Credentials
    are `***` unless ``show_secrets``: a rendered file is often printed into a CI log."""
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
    project, found = _prepare([path], options, report.stdin_filename)
    run = lint_inputs(found.inputs, project.settings_for, keep=True)
    use_color = _use_color(report.color, sys.stderr)
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
        _emit(run, OutputFormat.text, use_color, stream=sys.stderr)
    if not blocked:
        documents, hidden = rendered_documents(run.files[0], mask=not show_secrets)
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

            sys.stdout.flush()
            say(
                sys.stderr,
                f"{plural_credentials(hidden)} shown as `***`; `edgelint render --show-secrets` "
                "prints them as written (to pipe into a deploy)",
                prefix="edgelint: note: ",
            )
    _errors(run.io_errors)
    _errors(run.internal_errors, prefix="edgelint: ")
    return EXIT_USAGE if run.internal_errors else EXIT_FINDINGS if blocked else EXIT_OK


def plural_credentials(count: int) -> str:
    return "1 credential" if count == 1 else f"{count} credentials"


def _codes(option: str, values: list[str] | None) -> tuple[str, ...]:
    from edgelint.config.files import ConfigError, rule_codes

    if not values:
        return ()
    given = [c for v in values for c in v.split(",") if c.strip()]
    try:
        return rule_codes(given, option, option)
    except ConfigError as exc:
        _usage_error(exc.problem)


def _prepare(
    paths: list[str] | None, options: CheckOptions, stdin_filename: str | None
) -> tuple[Project, Discovered]:
    from edgelint.config.files import ConfigError
    from edgelint.config.project import Overrides, Project
    from edgelint.config.selection import Layer
    from edgelint.run.inputs import PathNotFound, discover_all

    if options.target is not None:
        from edgelint.platform.targets import UnknownTarget, get_target

        try:
            get_target(options.target)
        except UnknownTarget as exc:
            _usage_error(f"--target: {exc}")
    layer = Layer(
        _codes("--select", options.select) if options.select else None,
        _codes("--extend-select", options.extend_select)
        + (("EL005",) if options.show_skipped else ()),
        _codes("--ignore", options.ignore),
    )
    max_file_size = None
    if options.max_file_size is not None:
        from edgelint.run.inputs import parse_size

        try:
            max_file_size = parse_size(options.max_file_size)
        except ValueError as exc:
            _usage_error(f"--max-file-size: {exc}")
    overrides = Overrides(
        options.registries,
        options.cluster,
        options.target,
        layer,
        options.config,
        max_file_size,
        options.isolated,
    )
    try:
        project = Project(overrides)
        found = discover_all(
            paths or ["."], stdin_filename, project.excluded, options.respect_gitignore
        )
        if found.missing and not found.inputs:
            raise PathNotFound(found.missing[0])  # nothing to check at all: a usage error
        for item in found.inputs:
            project.settings_for(item)  # every configuration problem before any output
    except PathNotFound as exc:
        _usage_error(str(exc))
    except ConfigError as exc:
        _usage_error(str(exc))
    from edgelint.report.escape import say

    for directory in found.empty:
        say(
            sys.stderr,
            f"{directory}: no YAML files (*.yaml, *.yml) to check",
            prefix="edgelint: warning: ",
        )
    return project, found


def _stdin_name(inputs: list[Input]) -> str | None:
    return next((t.display for t in inputs if t.path is None), None)


def _cache(disabled: bool) -> ResultCache | None:
    """Results of unchanged files, kept in .edgelint_cache/ of the working directory."""
    if disabled or os.environ.get("EDGELINT_NO_CACHE"):
        return None
    from edgelint.report.escape import say
    from edgelint.run.cache import ResultCache

    def warn(message: str) -> None:
        sys.stdout.flush()
        say(sys.stderr, message, prefix="edgelint: warning: ")

    return ResultCache(warn=warn)


def _format(given: OutputFormat | None) -> OutputFormat:
    """GitHub Actions turns workflow commands into annotations: its default, as ruff's."""
    if given is not None:
        return given
    return OutputFormat.github if os.environ.get("GITHUB_ACTIONS") else OutputFormat.text


def _emit(
    run: RunResult,
    output_format: OutputFormat,
    color: bool,
    *,
    stream: TextIO | None = None,
    fixing: bool = False,
    dry: bool = False,
    output: str | None = None,
) -> None:
    """The report to the stream, or to --output while the terminal gets the summary."""
    from edgelint.report import REPORTERS
    from edgelint.report.escape import visible
    from edgelint.report.text import summary
    from edgelint.report.view import View

    out = stream or sys.stdout
    view = View(color=color, fixing=fixing, dry=dry, to_file=output is not None)
    report = REPORTERS[output_format.value]()(run, view)
    closing = summary(run, fixing=fixing, dry=dry)
    if output is None:
        out.write(report)
        if output_format is OutputFormat.github:
            out.flush()  # every annotation before the first line on stderr
            sys.stderr.write(closing + "\n")  # the log's reader; annotations are on stdout
        return
    from edgelint.fix.atomic import write_report

    try:
        write_report(output, report)
    except OSError as exc:
        run.io_errors.append(f"{output}: cannot write the report: {exc.strerror or exc}")
    else:
        shown = visible(output)
        out.write(f"{closing}\nReport ({output_format.value}) written to {shown}.\n")


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
