"""The command line: options in, the command's exit code out. No lint logic lives here.

Exit codes (DESIGN.md contract): 0 no errors, 1 errors found (or, with --check/--diff, something
would change), 2 usage, configuration or I/O error, and an unexpected exception (a bug). The work
is in commands.py; `edgelint lint PATH...` without options reaches it without typer (entry.py).
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Annotated, Any, NoReturn, Optional

import typer

from edgelint import __version__
from edgelint.config.options import ColorMode, Options, OutputFormat

app = typer.Typer(
    name="edgelint",
    help="Lint and fix ioFog / Edgeworx Cloud application YAML before the Controller sees it.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class RulesFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


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
        "Controller 3.0), edgeworx-cloud (edgectl), iofog-2 (iofogctl 2.x), datasance (potctl; "
        "chosen by itself for files that all say datasance.com/v3), or controller-3.0 and "
        "controller-3.7 (a direct upload to the Controller's YAML endpoint).",
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
IsolatedOpt = Annotated[
    bool,
    typer.Option(
        "--isolated",
        help="Ignore every configuration file (pyproject.toml, .edgelint.yaml): what a pull "
        "request's files say cannot change what is checked.",
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
MaxSizeOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--max-file-size",
        metavar="SIZE",
        help="Files larger than this are reported (EL004), not read: 5MB, 512KiB, bytes. "
        "Default: 5MB.",
    ),
]
JobsOpt = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        min=1,
        help="Worker processes for many files. Default: the cores this process may use "
        "(affinity, container quota), at least 1.",
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
NoGitignoreOpt = Annotated[
    bool,
    typer.Option(
        "--no-respect-gitignore",
        help="Also check files that .gitignore and .git/info/exclude leave out of a directory.",
    ),
]
ShowSkippedOpt = Annotated[
    bool,
    typer.Option(
        "--show-skipped",
        help="List each document that is not an ioFog resource (EL005) instead of counting them.",
    ),
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
    isolated: IsolatedOpt = False,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
    max_file_size: MaxSizeOpt = None,
    output_format: FormatOpt = None,
    output: OutputOpt = None,
    jobs: JobsOpt = None,
    no_cache: NoCacheOpt = False,
    color: ColorOpt = ColorMode.auto,
    show_skipped: ShowSkippedOpt = False,
    no_respect_gitignore: NoGitignoreOpt = False,
    stdin_filename: StdinNameOpt = None,
) -> None:
    """Check files and report what the ioFog Controller would reject or mangle."""
    given = dict(locals())
    from edgelint.cli.commands import run_lint

    _finish(lambda: run_lint(paths, _options(given)))


@app.command()
def fix(
    paths: PathsArg = None,
    registries: RegistriesOpt = None,
    cluster: ClusterOpt = None,
    target: TargetOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
    max_file_size: MaxSizeOpt = None,
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
    jobs: JobsOpt = None,
    no_cache: NoCacheOpt = False,
    color: ColorOpt = ColorMode.auto,
    no_respect_gitignore: NoGitignoreOpt = False,
    stdin_filename: StdinNameOpt = None,
) -> None:
    """Apply fixes in place (registry aliases to IDs), changing no other byte."""
    given = dict(locals())
    from edgelint.cli.commands import run_fix

    _finish(lambda: run_fix(paths, _options(given)))


@app.command()
def render(
    path: Annotated[str, typer.Argument(help="The file to render, or - for stdin.")],
    registries: RegistriesOpt = None,
    cluster: ClusterOpt = None,
    target: TargetOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    show_secrets: Annotated[
        bool,
        typer.Option(
            "--show-secrets",
            help="Print registry passwords and tokens as written (masked with *** by default).",
        ),
    ] = False,
    color: ColorOpt = ColorMode.auto,
    stdin_filename: StdinNameOpt = None,
) -> None:
    """Print the file as the Controller would store it: templates evaluated, registries as IDs.

    The output is ready for `| iofogctl deploy -f -`. When the Controller would reject the file
    or store error text, or a lookup would need --cluster, nothing is printed: the diagnostics
    go to stderr and the exit code is 1. Findings the Controller accepts (`undefined` printed in
    text, an ignored filter) are reported on stderr and the output shows what it stores.
    """
    given = dict(locals())
    from edgelint.cli.commands import run_render

    _finish(lambda: run_render(path, _options(given)))


@app.command()
def snapshot(
    url: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--url",
            metavar="URL",
            help="The Controller (http://HOST:51121, https://HOST). Default: the endpoint of the "
            "iofogctl/potctl namespace.",
        ),
    ] = None,
    registries: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--registries", metavar="FILE", help="Write the registry snapshot here."),
    ] = None,
    cluster: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--cluster", metavar="FILE", help="Write the cluster snapshot here."),
    ] = None,
    namespace: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--namespace",
            "-n",
            metavar="NS",
            help="The iofogctl/potctl namespace to take the Controller and user from "
            "(~/.iofog/v3). Default: its default namespace.",
        ),
    ] = None,
    cacert: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--cacert", metavar="FILE", help="Trust the Controller's certificate by this CA."
        ),
    ] = None,
    insecure: Annotated[
        bool, typer.Option("--insecure", help="Do not verify the Controller's TLS certificate.")
    ] = False,
    timeout: Annotated[
        float,
        typer.Option("--timeout", metavar="SECONDS", min=1, help="Per request (connect, read)."),
    ] = 30.0,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
) -> None:
    """Read a Controller's registries, agents, applications, templates and edge resources into
    the files --registries and --cluster read, so that CI can lint offline against them.

    Credentials come from EDGELINT_CONTROLLER_TOKEN, or EDGELINT_CONTROLLER_EMAIL and
    EDGELINT_CONTROLLER_PASSWORD, or else the iofogctl/potctl namespace; never from an option.
    The files default to the configuration's `registries` and `cluster`. Nothing is written
    unless everything was read; no password or token is written.
    """
    given = dict(locals())
    from edgelint.cli.commands import run_snapshot

    _finish(lambda: run_snapshot(_options(given)))


@app.command()
def server(
    registries: RegistriesOpt = None,
    cluster: ClusterOpt = None,
    target: TargetOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
    max_file_size: MaxSizeOpt = None,
) -> None:
    """Run the language server over stdio: lint's findings in your editor as you type.

    Point an LSP client at `edgelint server` for YAML files (README: Neovim, Helix, VS Code);
    the options are lint's, for every document. Needs pygls: `pip install 'edgelint[server]'`.
    """
    given = dict(locals())
    try:
        from edgelint.server.lsp import serve
    except ImportError as exc:
        package = (exc.name or "").partition(".")[0]
        if package not in ("pygls", "lsprotocol", "cattrs"):
            raise  # not the extra: a bug, for the crash report
        _usage_error(
            f"edgelint server needs pygls ({package} is missing): pip install 'edgelint[server]'"
        )
    _finish(lambda: serve(_options(given)))


@app.command()
def rules(
    output_format: Annotated[
        RulesFormat, typer.Option("--format", help="text, json, or markdown (docs/rules.md).")
    ] = RulesFormat.text,
) -> None:
    """List every rule: code, name, default severity, fix."""
    from edgelint.report import ruledocs

    shown = {
        RulesFormat.markdown: ruledocs.markdown,
        RulesFormat.json: ruledocs.listing_json,
        RulesFormat.text: ruledocs.listing,
    }[output_format]
    sys.stdout.write(shown())


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
    from edgelint.report.ruledocs import explanation

    typer.echo(explanation(rule))


@app.command()
def schema(
    kind: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(help="A kind (Application, Microservice, ...). Default: every kind."),
    ] = None,
    target: TargetOpt = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse every unknown key, also those lint only warns about (EL202).",
        ),
    ] = False,
) -> None:
    """Print the JSON Schema for editors: one file, the errors lint finds from the schema.

    Save it and point yaml-language-server at it with a first line
    `# yaml-language-server: $schema=./iofog.schema.json`.
    """
    import json

    from edgelint.platform.editor_schema import editor_schema
    from edgelint.platform.schemas import kinds_with_schema
    from edgelint.platform.targets import UnknownTarget, get_target

    try:
        platform = get_target(target)
    except UnknownTarget as exc:
        _usage_error(f"--target: {exc}")
    kinds = [k for k in kinds_with_schema(platform.schema_name) if k in platform.kinds]
    if kind is not None and kind not in kinds:
        by_lower = {k.lower(): k for k in kinds}
        if kind.lower() not in by_lower:
            _usage_error(
                f"target {platform.name} has no schema for kind {kind!r}; kinds: {', '.join(kinds)}"
            )
        kind = by_lower[kind.lower()]
    typer.echo(json.dumps(editor_schema(platform, kind, strict=strict), indent=2))


def _options(given: Mapping[str, Any]) -> Options:
    """A command's parameters as the one Options object. They share the options' names, except
    those said in the negative (`--no-cache`, `--no-respect-gitignore`) and those parsed here:
    rule codes, a size and a target, whose errors are usage errors (OptionError)."""
    from edgelint.config.options import layer_option, size_option, target_option

    parsed = {"target", "layer", "max_file_size", "cache", "respect_gitignore"}
    same = {f.name for f in dataclasses.fields(Options)} - parsed
    raw = {"select", "extend_select", "ignore", "show_skipped", "no_cache", "no_respect_gitignore"}
    left = set(given) - same - parsed - raw - {"paths", "path"}
    if left:  # a new command-line option that nothing reads: a bug, found by any test
        raise TypeError(f"options not carried to Options: {sorted(left)}")
    return Options(
        **{name: value for name, value in given.items() if name in same},
        target=target_option(given.get("target")),
        layer=layer_option(
            given.get("select"),
            given.get("extend_select"),
            given.get("ignore"),
            show_skipped=given.get("show_skipped", False),
        ),
        max_file_size=size_option(given.get("max_file_size")),
        cache=not given.get("no_cache", False),
        respect_gitignore=not given.get("no_respect_gitignore", False),
    )


def _finish(command: Callable[[], int]) -> NoReturn:
    """A command's exit code as typer's exit; a usage problem as exit 2 with its message."""
    from edgelint.cli.commands import UsageError
    from edgelint.config.options import OptionError

    try:
        code = command()
    except (UsageError, OptionError) as exc:
        _usage_error(str(exc))
    except KeyboardInterrupt:
        # typer would end silently with 130; say it as the plain `lint` path does (entry.py).
        sys.stderr.write("edgelint: interrupted\n")
        raise typer.Exit(130) from None
    raise typer.Exit(code)


def _usage_error(message: str) -> NoReturn:
    from edgelint.report.escape import say

    say(sys.stderr, message)
    raise typer.Exit(2)
