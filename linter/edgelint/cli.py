"""The command line: options in, formatted results and an exit code out. No lint logic lives here.

Exit codes (DESIGN.md contract): 0 no errors, 1 errors found (or, with --check/--diff, something
would change), 2 usage, configuration or I/O error, and an unexpected exception (a bug).
Everything heavy is imported inside the command that needs it: a pre-commit hook starts often.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional, TextIO

import typer

from edgelint import __version__

if TYPE_CHECKING:
    from edgelint.cache import ResultCache
    from edgelint.files import Input
    from edgelint.project import Project
    from edgelint.runner import RunResult

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
    sarif = "sarif"
    github = "github"
    junit = "junit"
    html = "html"


class RulesFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


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
ConfigOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--config",
        metavar="FILE",
        help="Use this configuration (pyproject.toml or .edgelint.yaml) for every file instead "
        "of the nearest one above each file.",
    ),
]
SelectOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--select",
        metavar="CODES",
        help="Check only these rules (codes or prefixes, comma-separated: EL3,EL201; ALL).",
    ),
]
ExtendSelectOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--extend-select", metavar="CODES", help="Also check these rules."),
]
IgnoreOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--ignore", metavar="CODES", help="Do not check these rules."),
]
FormatOpt = Annotated[
    Optional[OutputFormat],  # noqa: UP045
    typer.Option(
        "--format",
        help="Output format. Default: text, or github when GITHUB_ACTIONS is set.",
        show_default=False,
    ),
]
JobsOpt = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        min=1,
        help="Worker processes for many files. Default: the number of cores.",
        show_default=False,
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Check every file again instead of reusing results from .edgelint_cache/.",
    ),
]
OutputOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--output",
        metavar="FILE",
        help="Write the report to FILE; the terminal still gets the text summary.",
    ),
]
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
    config: ConfigOpt = None,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
    output_format: FormatOpt = None,
    output: OutputOpt = None,
    jobs: JobsOpt = None,
    no_cache: NoCacheOpt = False,
    color: ColorOpt = ColorMode.auto,
    stdin_filename: StdinNameOpt = None,
) -> None:
    """Check files and report what the ioFog Controller would reject or mangle."""
    from edgelint.progress import bar, wanted
    from edgelint.runner import default_jobs, lint_inputs

    chosen = _format(output_format)
    options = _Options(registries, cluster, target, config, select, extend_select, ignore)
    project, inputs = _prepare(paths, options, stdin_filename)
    show = wanted(len(inputs), machine_format=chosen is not OutputFormat.text and not output)
    with bar(len(inputs), "Linting", show) as tick:
        run = lint_inputs(
            inputs,
            project.settings_for,
            tick,
            cache=_cache(no_cache),
            jobs=jobs or default_jobs(),
        )
    _emit(run, chosen, _use_color(color), output=output)
    _exit(run, EXIT_FINDINGS if run.has_errors else EXIT_OK)


@app.command()
def fix(
    paths: PathsArg = None,
    registries: RegistriesOpt = None,
    cluster: ClusterOpt = None,
    target: TargetOpt = None,
    config: ConfigOpt = None,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
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
    output_format: FormatOpt = None,
    output: OutputOpt = None,
    no_cache: NoCacheOpt = False,
    color: ColorOpt = ColorMode.auto,
    stdin_filename: StdinNameOpt = None,
) -> None:
    """Apply fixes in place (registry aliases to IDs), changing no other byte."""
    from edgelint.progress import bar, wanted
    from edgelint.runner import fix_inputs

    chosen = _format(output_format)
    options = _Options(registries, cluster, target, config, select, extend_select, ignore)
    project, inputs = _prepare(paths, options, stdin_filename)
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
            chosen,
            _use_color(color, sys.stderr),
            stream=sys.stderr,
            fixing=True,
            dry=dry,
            output=output,
        )
    else:
        _emit(run, chosen, use_color, fixing=True, dry=dry, output=output)
    if dry:
        _exit(run, EXIT_FINDINGS if run.fixes else EXIT_OK)
    _exit(run, EXIT_FINDINGS if run.has_errors else EXIT_OK)


@app.command()
def render(
    path: Annotated[str, typer.Argument(help="The file to render, or - for stdin.")],
    registries: RegistriesOpt = None,
    cluster: ClusterOpt = None,
    target: TargetOpt = None,
    config: ConfigOpt = None,
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

    options = _Options(registries, cluster, target, config)
    project, inputs = _prepare([path], options, stdin_filename)
    run = lint_inputs(inputs, project.settings_for, keep=True)
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
    output_format: Annotated[
        RulesFormat, typer.Option("--format", help="text, json, or markdown (docs/rules.md).")
    ] = RulesFormat.text,
) -> None:
    """List every rule: code, name, default severity, fix."""
    import json

    from edgelint.rules import all_rules

    catalog = all_rules().values()
    if output_format is RulesFormat.markdown:
        from edgelint.report.ruledocs import markdown

        sys.stdout.write(markdown())
        return
    if output_format is RulesFormat.json:
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


class _Options:
    """The options every checking command shares, as given."""

    def __init__(
        self,
        registries: str | None,
        cluster: str | None,
        target: str | None,
        config: str | None,
        select: list[str] | None = None,
        extend_select: list[str] | None = None,
        ignore: list[str] | None = None,
    ) -> None:
        self.registries, self.cluster, self.target, self.config = (
            registries,
            cluster,
            target,
            config,
        )
        self.select, self.extend_select, self.ignore = select, extend_select, ignore


def _codes(option: str, values: list[str] | None) -> tuple[str, ...]:
    from edgelint.config import ConfigError, _codes

    if not values:
        return ()
    given = [c for v in values for c in v.split(",") if c.strip()]
    try:
        return _codes(given, option, option)
    except ConfigError as exc:
        _usage_error(exc.problem)


def _prepare(
    paths: list[str] | None, options: _Options, stdin_filename: str | None
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
    overrides = Overrides(
        options.registries, options.cluster, options.target, layer, options.config
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
    if output_format is OutputFormat.text and output is None:
        body = format_results(run.files, color=color)
        if body:
            out.write(body + "\n\n")
        out.write(closing + "\n")
        return
    if output_format is OutputFormat.text:
        report = format_results(run.files, color=False) + "\n\n" + closing + "\n"
    else:
        module = importlib.import_module(f"edgelint.report.{output_format.value}")
        fixed = sum(len(f.applied) for f in run.fixes) if fixing else None
        report = module.format_results(run.files, fixed=fixed)
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
    from edgelint import coercion

    coercion.install()
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("edgelint: interrupted\n")
        sys.exit(130)
    except Exception as exc:
        _internal_error(exc)
