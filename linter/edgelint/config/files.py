"""Project configuration: `[tool.edgelint]` in pyproject.toml or `.edgelint.yaml`.

Found as ruff finds its configuration: the nearest file upward from each checked file wins,
whole (no merging between levels); a pyproject.toml without a `[tool.edgelint]` table does not
count. Paths in a configuration (registries, cluster, per-file-ignores, exclude) are relative to
the directory that holds it. A configuration that cannot be used is a usage error (exit 2) that
names the file and the key: a misspelt key silently doing nothing is what we lint others for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edgelint.diagnostics import Severity

CONFIG_FILES = (".edgelint.yaml", ".edgelint.yml", "pyproject.toml")
KEYS = (
    "select",
    "ignore",
    "extend-select",
    "per-file-ignores",
    "severity",
    "registries",
    "cluster",
    "target",
    "exclude",
    "max-file-size",
)


class ConfigError(Exception):
    def __init__(self, origin: str, problem: str) -> None:
        super().__init__(f"{origin}: {problem}")
        self.origin = origin
        self.problem = problem


@dataclass(frozen=True)
class Config:
    """One configuration file's contents, validated; the defaults when there is none."""

    origin: str = "defaults"  # what messages call it: "pyproject.toml [tool.edgelint]"
    root: Path = field(default_factory=Path.cwd)  # relative paths start here
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    registries: str | None = None
    cluster: str | None = None
    target: str | None = None
    exclude: tuple[str, ...] = ()
    max_file_size: int | None = None

    def resolve(self, relative: str | None) -> str | None:
        if relative is None:
            return None
        return str(self.root / relative)


def find_config(start: Path) -> tuple[Path, str | None] | None:
    """The nearest configuration file at or above ``start`` (a directory), with the text of a
    pyproject.toml already read to see whether it has a `[tool.edgelint]` table.

    A candidate that exists but is no regular file (a FIFO, a device, a dangling link) is a
    ConfigError, not skipped: a repository could otherwise hang the run with a FIFO, or make a
    configuration silently not apply.
    """
    import os
    import stat

    directory = start.resolve()
    for candidate in (directory, *directory.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            try:
                info = os.stat(path)
            except FileNotFoundError:
                if os.path.islink(path):
                    raise ConfigError(str(path), "cannot read it: a symlink to nothing") from None
                continue
            except OSError as exc:
                raise ConfigError(str(path), f"cannot read it: {exc.strerror}") from None
            if stat.S_ISDIR(info.st_mode):
                continue
            text = read_config_text(path)
            if name != "pyproject.toml":
                return path, text
            if "[tool.edgelint" in text:  # load_config parses it for real
                return path, text
    return None


def read_config_text(path: Path) -> str:
    """A configuration file's text, bounded as every file edgelint reads (files.read_text)."""
    from edgelint.run.inputs import read_text

    try:
        return read_text(str(path))
    except ValueError as exc:
        raise ConfigError(str(path), str(exc)) from None


def load_config(path: Path, text: str | None = None) -> Config:
    """Read and validate a configuration file; ConfigError says what is wrong and where."""
    if text is None:
        text = read_config_text(path)
    if path.name == "pyproject.toml":
        origin = f"{path} [tool.edgelint]"
        table = _toml_table(path, origin, text)
    else:
        origin = str(path)
        table = _yaml_table(text, origin)
    return parse_config(table, origin, path.parent)


def _toml_table(path: Path, origin: str, text: str) -> dict[str, Any]:
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(str(path), "not usable TOML: nested too deeply") from None
    except ValueError as exc:  # a number past sys.get_int_max_str_digits()
        raise ConfigError(str(path), f"not usable TOML: {str(exc).split(';')[0]}") from None
    tool = document.get("tool", {})
    table = tool.get("edgelint", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(origin, "must be a table")
    return table


def _yaml_table(text: str, origin: str) -> dict[str, Any]:
    """Through edgelint's own loader: its nesting and alias limits hold for this file too."""
    from edgelint.load.loader import load_data

    try:
        loaded = load_data(text, origin)
    except ValueError as exc:
        raise ConfigError(origin, f"not valid YAML: {exc}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ConfigError(origin, "must be a mapping of settings")
    return loaded


def parse_config(table: dict[str, Any], origin: str, root: Path) -> Config:
    for key in table:
        if key not in KEYS:
            import difflib  # a misspelt key only

            close = difflib.get_close_matches(str(key), KEYS, n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else f"; keys: {', '.join(KEYS)}"
            raise ConfigError(origin, f"unknown key `{key}`{hint}")
    severity = _mapping(table, "severity", origin)
    levels = {s.value: s for s in Severity}
    overrides: list[tuple[str, Severity]] = []
    for code, level in severity.items():
        rule_codes([code], f"severity.{code}", origin)
        if level not in levels:
            raise ConfigError(
                origin, f"`severity.{code}` must be error, warning or info, not {level!r}"
            )
        overrides.append((str(code).strip().upper(), levels[level]))
    per_file: list[tuple[str, tuple[str, ...]]] = []
    for pattern, codes in _mapping(table, "per-file-ignores", origin).items():
        where = f"per-file-ignores.{pattern}"
        per_file.append((str(pattern), rule_codes(_strings(codes, where, origin), where, origin)))
    select = table.get("select")
    target = _string(table, "target", origin)
    if target is not None:
        from edgelint.platform.targets import TARGETS

        if target not in TARGETS:
            raise ConfigError(
                origin, f"`target` must be one of {', '.join(TARGETS)}, not {target!r}"
            )
    max_file_size = None
    if "max-file-size" in table:
        from edgelint.run.inputs import parse_size

        try:
            max_file_size = parse_size(table["max-file-size"])
        except ValueError as exc:
            raise ConfigError(origin, f"`max-file-size` {exc}") from None
    return Config(
        origin=origin,
        max_file_size=max_file_size,
        root=root,
        select=None if select is None else _rule_list(table, "select", origin),
        extend_select=_rule_list(table, "extend-select", origin),
        ignore=_rule_list(table, "ignore", origin),
        per_file_ignores=tuple(per_file),
        severity=tuple(overrides),
        registries=_string(table, "registries", origin),
        cluster=_string(table, "cluster", origin),
        target=target,
        exclude=tuple(_strings(table.get("exclude", []), "exclude", origin)),
    )


def _rule_list(table: dict[str, Any], key: str, origin: str) -> tuple[str, ...]:
    return rule_codes(_strings(table.get(key, []), key, origin), key, origin)


def _strings(value: Any, key: str, origin: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(origin, f"`{key}` must be a list of strings")
    return value


def _string(table: dict[str, Any], key: str, origin: str) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise ConfigError(origin, f"`{key}` must be a string")
    return value


def _mapping(table: dict[str, Any], key: str, origin: str) -> dict[str, Any]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(origin, f"`{key}` must be a table of code → value")
    return value


def rule_codes(codes: list[str], key: str, origin: str) -> tuple[str, ...]:
    """Rule codes or prefixes (`EL3`, `ALL`): each must name at least one rule."""
    from edgelint.rules import all_rules

    known = all_rules()
    out = []
    for code in codes:
        wanted = code.strip().upper()
        if wanted != "ALL" and not any(c.startswith(wanted) for c in known):
            raise ConfigError(origin, f"`{key}`: {code!r} is not a rule code or prefix")
        out.append(wanted)
    return tuple(out)
