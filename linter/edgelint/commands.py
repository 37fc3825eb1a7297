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
    from edgelint.cache import ResultCache
    from edgelint.files import Input
    from edgelint.project import Project
    from edgelint.runner import RunResult

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
    from edgelint.progress import bar, wanted
    from edgelint.runner import default_jobs, lint_inputs

    chosen = _format(report.output_format)
    project, inputs = _prepare(paths, options, report.stdin_filename)
    show = wanted(len(inputs), machine_format=chosen is not OutputFormat.text and not report.output)
    with bar(len(inputs), "Linting", show) as tick:
        run = lint_inputs(
            inputs,
            project.settings_for,
            tick,
            cache=_cache(no_cache),
            jobs=jobs or default_jobs(),
        )
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
    no_cache: bool = False,
) -> int:
    """Fix the paths in place (or show/check what would change) and report what is left."""
    from edgelint.progress import bar, wanted
    from edgelint.runner import fix_inputs

    chosen = _format(report.output_format)
    project, inputs = _prepare(paths, options, report.stdin_filename)
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
        )
    use_color = _use_color(report.color)
    stdin_fixed = [f for f in run.fixes if f.original.path == _stdin_name(inputs)]
    if diff:
        _print_diffs(run, use_color)
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


def run_render(path: str, options: CheckOptions, report: ReportOptions) -> int:
    """The file as the Controller would store it on stdout; diagnostics on stderr."""
    from edgelint.render.output import rendered_documents, to_yaml, used_stand_ins
    from edgelint.runner import lint_inputs

    project, inputs = _prepare([path], options, report.stdin_filename)
    run = lint_inputs(inputs, project.settings_for, keep=True)
    use_color = _use_color(report.color, sys.stderr)
    blocked = run.rejected or not run.files
    if run.files and used_stand_ins(run.files[0]):
        blocked = True
        run.io_errors.append(
            f"{run.files[0].path}: templates look up agents, applications or edge resources; "
            "render needs the cluster they live on: pass --cluster FILE"
        )
    if run.diagnostics:
        _emit(run, OutputFormat.text, use_color, stream=sys.stderr)
    if not blocked:
        sys.stdout.write(to_yaml(rendered_documents(run.files[0])))
    for message in run.io_errors:
        sys.stderr.write(f"edgelint: error: {message}\n")
    return EXIT_FINDINGS if blocked else EXIT_OK


def _codes(option: str, values: list[str] | None) -> tuple[str, ...]:
    from edgelint.config import ConfigError, rule_codes

    if not values:
        return ()
    given = [c for v in values for c in v.split(",") if c.strip()]
    try:
        return rule_codes(given, option, option)
    except ConfigError as exc:
        _usage_error(exc.problem)


def _prepare(
    paths: list[str] | None, options: CheckOptions, stdin_filename: str | None
) -> tuple[Project, list[Input]]:
    from edgelint.config import ConfigError
    from edgelint.files import PathNotFound, discover
    from edgelint.project import Overrides, Project
    from edgelint.selection import Layer

    if options.target is not None:
        from edgelint.targets import UnknownTarget, get_target

        try:
            get_target(options.target)
        except UnknownTarget as exc:
            _usage_error(f"--target: {exc}")
    layer = Layer(
        _codes("--select", options.select) if options.select else None,
        _codes("--extend-select", options.extend_select),
        _codes("--ignore", options.ignore),
    )
    max_file_size = None
    if options.max_file_size is not None:
        from edgelint.files import parse_size

        try:
            max_file_size = parse_size(options.max_file_size)
        except ValueError as exc:
            _usage_error(f"--max-file-size: {exc}")
    overrides = Overrides(
        options.registries, options.cluster, options.target, layer, options.config, max_file_size
    )
    try:
        project = Project(overrides)
        inputs = discover(paths or ["."], stdin_filename, project.excluded)
        for item in inputs:
            project.settings_for(item)  # every configuration problem before any output
    except PathNotFound as exc:
        _usage_error(str(exc))
    except ConfigError as exc:
        _usage_error(str(exc))
    return project, inputs


def _stdin_name(inputs: list[Input]) -> str | None:
    return next((t.display for t in inputs if t.path is None), None)


def _cache(disabled: bool) -> ResultCache | None:
    """Results of unchanged files, kept in .edgelint_cache/ of the working directory."""
    if disabled or os.environ.get("EDGELINT_NO_CACHE"):
        return None
    from edgelint.cache import ResultCache

    return ResultCache()


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
    import importlib

    from edgelint.report.text import format_results, summary

    out = stream or sys.stdout
    closing = summary(run, fixing=fixing, dry=dry)
    files = [f.compact() for f in run.files]  # credentials masked, whatever the caller kept
    if output_format is OutputFormat.text and output is None:
        body = format_results(files, color=color)
        if body:
            out.write(body + "\n\n")
        out.write(closing + "\n")
        return
    if output_format is OutputFormat.text:
        report = format_results(files, color=False) + "\n\n" + closing + "\n"
    else:
        module = importlib.import_module(f"edgelint.report.{output_format.value}")
        fixed = sum(len(f.applied) for f in run.fixes) if fixing else None
        report = module.format_results(files, fixed=fixed)
        report = report if report.endswith("\n") or not report else report + "\n"
    if output is None:
        out.write(report)
        if output_format is OutputFormat.github:
            sys.stderr.write(closing + "\n")  # the log's reader; annotations are on stdout
        return
    from edgelint.files import write_report

    try:
        write_report(output, report)
    except OSError as exc:
        run.io_errors.append(f"{output}: cannot write the report: {exc.strerror or exc}")
    else:
        out.write(f"{closing}\nReport ({output_format.value}) written to {output}.\n")


def _print_diffs(run: RunResult, color: bool) -> None:
    import difflib

    for outcome in run.fixes:
        name = outcome.original.path
        lines = difflib.unified_diff(
            outcome.original.text.splitlines(keepends=True),
            outcome.text.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
        for line in lines:
            if not line.endswith(("\n", "\r")):
                line += "\n\\ No newline at end of file\n"
            if color and line.startswith(("+", "-")) and not line.startswith(("+++", "---")):
                code = "\x1b[32m" if line.startswith("+") else "\x1b[31m"
                line = f"{code}{line.rstrip(chr(10))}\x1b[0m\n"
            sys.stdout.write(line)
    sys.stdout.flush()


def _use_color(mode: ColorMode, stream: TextIO | None = None) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if mode is ColorMode.always or (mode is ColorMode.auto and os.environ.get("FORCE_COLOR")):
        return True
    if mode is ColorMode.never:
        return False
    out = stream or sys.stdout
    return hasattr(out, "isatty") and out.isatty()


def _exit(run: RunResult, code: int) -> int:
    for message in run.io_errors:
        sys.stderr.write(f"edgelint: error: {message}\n")
    return EXIT_USAGE if run.io_errors else code


def _usage_error(message: str) -> NoReturn:
    raise UsageError(message)
