"""The command line: options in, formatted results and an exit code out. No lint logic lives here.

Exit codes (DESIGN.md contract): 0 no errors, 1 errors found (or, with --check/--diff, something
would change), 2 usage, configuration or I/O error, and an unexpected exception (a bug).
Everything heavy is imported inside the command that needs it: a pre-commit hook starts often.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional, TextIO

import typer

from edgelint import __version__

if TYPE_CHECKING:
    from edgelint.files import Input
    from edgelint.runner import RunResult
    from edgelint.settings import Settings

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
ISSUES_URL = "https://github.com/edgelint/edgelint/issues"

app = typer.Typer(
    name="edgelint",
    help="Lint and fix ioFog / Edgeworx Cloud application YAML before the Controller sees it.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class ColorMode(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"edgelint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        Optional[bool],  # noqa: UP045 - typer reads the annotation at run time
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
) -> None:
    """Lint and fix ioFog / Edgeworx Cloud application YAML before the Controller sees it."""


PathsArg = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Argument(
        help="Files, directories (searched for *.yaml and *.yml) or - for stdin. Default: .",
        show_default=False,
    ),
]
RegistriesOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--registries",
        metavar="FILE",
        help="Registry snapshot: the JSON `edgectl registry list` prints, or the Controller "
        'API\'s {"registries": [...]}. Default: 1 = registry.hub.docker.com, 2 = from_cache.',
    ),
]
ClusterOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--cluster",
        metavar="FILE",
        help="Cluster snapshot (YAML or JSON) with lists agents, applications, edgeResources: "
        "what findAgent & co. look up. Default: stand-ins.",
    ),
]
TargetOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--target",
        metavar="TARGET",
        help="The platform the files are deployed to: iofog-3 (default: iofogctl 3.x, "
        "Controller 3.0), edgeworx-cloud (edgectl), iofog-2 (iofogctl 2.x) or datasance (potctl).",
    ),
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="Output format.")]
ColorOpt = Annotated[
    ColorMode,
    typer.Option("--color", help="Colour text output: auto (on a terminal), always or never."),
]
StdinNameOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--stdin-filename", metavar="NAME", help="The name to report for stdin (-)."),
]


@app.command()
def lint(
    paths: PathsArg = None,
    registries: RegistriesOpt = None,
    cluster: ClusterOpt = None,
    target: TargetOpt = None,
    output_format: FormatOpt = OutputFormat.text,
    color: ColorOpt = ColorMode.auto,
    stdin_filename: StdinNameOpt = None,
) -> None:
    """Check files and report what the ioFog Controller would reject or mangle."""
    from edgelint.runner import lint_inputs

    settings, inputs = _prepare(paths, registries, cluster, target, stdin_filename)
    run = lint_inputs(inputs, settings)
    _emit(run, output_format, _use_color(color))
    _exit(run, EXIT_FINDINGS if run.has_errors else EXIT_OK)


@app.command()
def fix(
    paths: PathsArg = None,
    registries: RegistriesOpt = None,
    cluster: ClusterOpt = None,
    target: TargetOpt = None,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print a unified diff; write nothing.")
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if anything would change.")
    ] = False,
    unsafe_fixes: Annotated[
        bool,
        typer.Option("--unsafe-fixes", help="Also apply fixes that change behaviour."),
    ] = False,
    output_format: FormatOpt = OutputFormat.text,
    color: ColorOpt = ColorMode.auto,
    stdin_filename: StdinNameOpt = None,
) -> None:
    """Apply fixes in place (registry aliases to IDs), changing no other byte."""
    from edgelint.runner import fix_inputs

    settings, inputs = _prepare(paths, registries, cluster, target, stdin_filename)
    dry = diff or check
    run = fix_inputs(inputs, settings, unsafe=unsafe_fixes, write=not dry)
    use_color = _use_color(color)
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
            output_format,
            _use_color(color, sys.stderr),
            stream=sys.stderr,
            fixing=True,
            dry=dry,
        )
    else:
        _emit(run, output_format, use_color, fixing=True, dry=dry)
    if dry:
        _exit(run, EXIT_FINDINGS if run.fixes else EXIT_OK)
    _exit(run, EXIT_FINDINGS if run.has_errors else EXIT_OK)


@app.command()
def render(
    path: Annotated[str, typer.Argument(help="The file to render, or - for stdin.")],
    registries: RegistriesOpt = None,
    cluster: ClusterOpt = None,
    target: TargetOpt = None,
    color: ColorOpt = ColorMode.auto,
    stdin_filename: StdinNameOpt = None,
) -> None:
    """Print the file as the Controller would store it: templates evaluated, registries as IDs.

    The output is ready for `| iofogctl deploy -f -`. When the Controller would reject the file
    or store error text, or a lookup would need --cluster, nothing is printed: the diagnostics
    go to stderr and the exit code is 1. Findings the Controller accepts (`undefined` printed in
    text, an ignored filter) are reported on stderr and the output shows what it stores.
    """
    from edgelint.render.output import rendered_documents, to_yaml, used_stand_ins
    from edgelint.runner import lint_inputs

    settings, inputs = _prepare([path], registries, cluster, target, stdin_filename)
    run = lint_inputs(inputs, settings)
    use_color = _use_color(color, sys.stderr)
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
    raise typer.Exit(EXIT_FINDINGS if blocked else EXIT_OK)


@app.command()
def rules(
    output_format: FormatOpt = OutputFormat.text,
) -> None:
    """List every rule: code, name, default severity, fix."""
    import json

    from edgelint.rules import all_rules

    catalog = all_rules().values()
    if output_format is OutputFormat.json:
        records = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "fix": r.fix.value if r.fix else None,
                "summary": r.summary,
            }
            for r in catalog
        ]
        typer.echo(json.dumps(records, indent=2))
        return
    width = max(26, *(len(r.name) for r in catalog))
    typer.echo(f"{'code':<6} {'name':<{width}} {'severity':<8} {'fix':<6} summary")
    for r in catalog:
        fixable = r.fix.value if r.fix else "-"
        typer.echo(f"{r.code:<6} {r.name:<{width}} {r.severity.value:<8} {fixable:<6} {r.summary}")


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="A rule code (EL301) or name (registry-alias).")],
) -> None:
    """Explain a rule: what it finds, why the platform cares, an example, its fix."""
    from edgelint.rules import all_rules

    catalog = all_rules()
    wanted = code.strip()
    rule = catalog.get(wanted.upper()) or next(
        (r for r in catalog.values() if r.name == wanted.lower()), None
    )
    if rule is None:
        _usage_error(f"unknown rule {code!r}; `edgelint rules` lists them")
    fix = f"; fix: {rule.fix.value}" if rule.fix else ""
    typer.echo(f"# {rule.code} {rule.name}\n")
    typer.echo(f"Default severity: {rule.severity.value}{fix}.\n")
    typer.echo(f"{rule.summary}\n")
    typer.echo(rule.explanation)


@app.command()
def schema(
    kind: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(help="A kind (Application, Microservice, ...). Default: every kind."),
    ] = None,
    target: TargetOpt = None,
) -> None:
    """Print the JSON Schema edgelint checks a kind with, self-contained, for editors.

    Save it and point yaml-language-server at it with a first line
    `# yaml-language-server: $schema=./application.schema.json`.
    """
    import json

    from edgelint.schema import bundled, kinds_with_schema
    from edgelint.targets import UnknownTarget, get_target

    try:
        platform = get_target(target)
    except UnknownTarget as exc:
        _usage_error(f"--target: {exc}")
    kinds = kinds_with_schema(platform.name)
    if kind is not None and kind not in kinds:
        by_lower = {k.lower(): k for k in kinds}
        if kind.lower() not in by_lower:
            _usage_error(
                f"target {platform.name} has no schema for kind {kind!r}; kinds: {', '.join(kinds)}"
            )
        kind = by_lower[kind.lower()]
    typer.echo(json.dumps(bundled(platform.name, kind), indent=2))


def _prepare(
    paths: list[str] | None,
    registries: str | None,
    cluster: str | None,
    target: str | None,
    stdin_filename: str | None,
) -> tuple[Settings, list[Input]]:
    from edgelint.files import PathNotFound, discover
    from edgelint.registry import SnapshotError
    from edgelint.render.cluster import ClusterError
    from edgelint.settings import Settings
    from edgelint.targets import UnknownTarget

    try:
        settings = Settings.build(registries=registries, cluster=cluster, target=target)
    except UnknownTarget as exc:
        _usage_error(f"--target: {exc}")
    except SnapshotError as exc:
        _usage_error(f"--registries {exc.origin}: {exc.problem}")
    except ClusterError as exc:
        _usage_error(f"--cluster {exc.origin}: {exc.problem}")
    try:
        inputs = discover(paths or ["."], stdin_filename)
    except PathNotFound as exc:
        _usage_error(str(exc))
    return settings, inputs


def _stdin_name(inputs: list[Input]) -> str | None:
    return next((t.display for t in inputs if t.path is None), None)


def _emit(
    run: RunResult,
    output_format: OutputFormat,
    color: bool,
    *,
    stream: TextIO | None = None,
    fixing: bool = False,
    dry: bool = False,
) -> None:
    out = stream or sys.stdout
    if output_format is OutputFormat.json:
        from edgelint.report.json import format_results as format_json

        fixed = sum(len(f.applied) for f in run.fixes) if fixing else None
        out.write(format_json(run.files, fixed=fixed) + "\n")
        return
    from edgelint.report.text import format_results, plural

    body = format_results(run.files, color=color)
    if body:
        out.write(body + "\n\n")
    out.write(_summary(run, fixing=fixing, dry=dry, plural=plural) + "\n")


def _summary(run: RunResult, *, fixing: bool, dry: bool, plural: Callable[[int, str], str]) -> str:
    from edgelint.diagnostics import Severity

    files = len(run.files)
    counts = [
        plural(run.count(Severity.ERROR), "error"),
        plural(run.count(Severity.WARNING), "warning"),
    ]
    infos = run.count(Severity.INFO)
    if infos:
        counts.append(plural(infos, "info"))
    lines = []
    if fixing:
        applied = sum(len(f.applied) for f in run.fixes)
        verb = "Would fix" if dry else "Fixed"
        changed = len(run.fixes)
        lines.append(
            f"{verb} {plural(applied, 'issue')} in {plural(changed, 'file')}."
            if applied
            else "Nothing to fix."
        )
        if dry:
            lines.extend(f"  would change {f.original.path}" for f in run.fixes)
        remaining = len(run.diagnostics)
        if remaining:
            lines.append(f"{remaining} remaining: {', '.join(counts)}.")
    elif run.diagnostics:
        lines.append(f"Found {', '.join(counts)} in {plural(files, 'file')} checked.")
    else:
        lines.append(f"All checks passed ({plural(files, 'file')} checked).")
    safe, every = run.fixable(False), run.fixable(True)
    if safe or every:
        hint = f"{safe} fixable with `edgelint fix`" if safe else "no safe fixes"
        if every > safe:
            hint += f" ({every - safe} more with `edgelint fix --unsafe-fixes`)"
        lines.append(f"[*] {hint}.")
    return "\n".join(lines)


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


def _exit(run: RunResult, code: int) -> NoReturn:
    for message in run.io_errors:
        sys.stderr.write(f"edgelint: error: {message}\n")
    raise typer.Exit(EXIT_USAGE if run.io_errors else code)


def _usage_error(message: str) -> NoReturn:
    sys.stderr.write(f"edgelint: error: {message}\n")
    raise typer.Exit(EXIT_USAGE)


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
    sys.exit(EXIT_USAGE)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("edgelint: interrupted\n")
        sys.exit(130)
    except Exception as exc:
        _internal_error(exc)
