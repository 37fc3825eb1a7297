"""The command line's options, parsed once into one object (as check-jsonschema's ParseResult).

Every command builds an `Options` from what it was given; the project reads it to build each
file's settings (command line over configuration), the runner its jobs and cache, the reporters
their format, colour and destination. None means "as configured" or "the default". Values are
checked here, so that a bad `--select` or `--max-file-size` is a usage error before any file is
read; the plain `edgelint lint PATH...` of a hook uses the defaults and never parses anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from edgelint.config.selection import Layer


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    json_lines = "json-lines"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    html = "html"


class ColorMode(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


@dataclass(frozen=True)
class Options:
    """The command line, parsed: what is checked and how it is reported, before any
    configuration file is read."""

    # What is checked, over each file's configuration.
    registries: str | None = None
    cluster: str | None = None
    target: str | None = None
    config: str | None = None  # --config FILE: this one for every file, no search
    isolated: bool = False  # --isolated: no configuration file at all, as ruff's
    layer: Layer = field(
        default_factory=Layer
    )  # --select, --extend-select (and --show-skipped's EL005), --ignore
    max_file_size: int | None = None  # bytes
    # Which files.
    respect_gitignore: bool = True  # a directory's walk leaves out what git ignores
    stdin_filename: str | None = None
    # How the run goes.
    jobs: int | None = None  # None: one worker per core
    cache: bool = True  # results of unchanged files from .edgelint_cache/
    # `fix`.
    diff: bool = False
    check: bool = False
    unsafe_fixes: bool = False
    # `render`.
    show_secrets: bool = False
    # `snapshot`: where the Controller is and how to reach it.
    url: str | None = None  # None: the iofogctl/potctl namespace's endpoint
    namespace: str | None = None  # iofogctl's namespace; None: its default
    cacert: str | None = None
    insecure: bool = False
    timeout: float = 30.0
    # How it is reported.
    output_format: OutputFormat | None = None  # None: text, or github under GitHub Actions
    output: str | None = None  # the report to this file, the summary to the terminal
    color: ColorMode = ColorMode.auto


class OptionError(ValueError):
    """A command-line value that cannot be used: a usage error, with this message."""


def target_option(name: str | None) -> str | None:
    """`--target`, known before any file is read."""
    if name is not None:
        from edgelint.platform.targets import UnknownTarget, get_target

        try:
            get_target(name)
        except UnknownTarget as exc:
            raise OptionError(f"--target: {exc}") from None
    return name


def layer_option(
    select: list[str] | None,
    extend_select: list[str] | None,
    ignore: list[str] | None,
    *,
    show_skipped: bool = False,
) -> Layer:
    """`--select EL3,EL201 --select EL4`, `--extend-select`, `--ignore`: the command line's
    layer of the rule selection; `--show-skipped` is `--extend-select EL005`."""
    return Layer(
        _codes("--select", select) if select else None,
        _codes("--extend-select", extend_select) + (("EL005",) if show_skipped else ()),
        _codes("--ignore", ignore),
    )


def size_option(text: str | None) -> int | None:
    """`--max-file-size 5MB` in bytes."""
    if text is None:
        return None
    from edgelint.run.inputs import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise OptionError(f"--max-file-size: {exc}") from None


def _codes(option: str, values: list[str] | None) -> tuple[str, ...]:
    from edgelint.config.files import ConfigError, rule_codes

    if not values:
        return ()
    given = [c for v in values for c in v.split(",") if c.strip()]
    try:
        return rule_codes(given, option, option)
    except ConfigError as exc:
        raise OptionError(exc.problem) from None
