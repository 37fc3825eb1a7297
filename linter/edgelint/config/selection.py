"""Which rules a file is checked with, and at what severity: configuration and CLI, layered.

Layers apply in order, as ruff's do: the configuration's `select` (default: every rule), its
`extend-select` and `ignore`, then the command line's `--select`, `--extend-select` and
`--ignore`; a later `select` starts over. `per-file-ignores` then drop codes for files whose
path (relative to the configuration's directory) matches a glob, and `severity` overrides the
default severity of a code or prefix (the longest prefix wins).

EL005 (a document that is not an ioFog resource, skipped) is opt-in, as ruff's preview rules
are: a repository's workflows and compose files would otherwise say so on every run. It is on
only where a `select` or `extend-select` names it (`EL005`, or `--show-skipped`); `ALL` and
prefixes do not. The summary counts what was skipped.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from edgelint.diagnostics import Diagnostic, Severity


@dataclass(frozen=True)
class Layer:
    """One source's rule selection (a configuration file, or the command line), applied in order
    as ruff applies its own."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


OPT_IN = frozenset({"EL005"})


def matches(code: str, selectors: tuple[str, ...]) -> bool:
    if code in OPT_IN:
        return code in selectors
    return any(s == "ALL" or code.startswith(s) for s in selectors)


@dataclass(frozen=True)
class Selection:
    """Which rules run and at what severity, for the files one configuration governs."""

    layers: tuple[Layer, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    root: Path | None = None  # per-file-ignores globs are relative to it

    @property
    def is_default(self) -> bool:
        return not (self.layers or self.per_file_ignores or self.severity)

    def enabled(self, code: str, path: str | None = None) -> bool:
        on = code not in OPT_IN
        for layer in self.layers:
            if layer.select is not None:
                on = matches(code, layer.select)
            if matches(code, layer.extend_select):
                on = True
            if matches(code, layer.ignore):
                on = False
        if on and path is not None:
            relative = _relative(Path(path), self.root)
            for pattern, codes in self.per_file_ignores:
                if _glob(relative, pattern) and matches(code, codes):
                    return False
        return on

    def level(self, code: str, default: Severity) -> Severity:
        best: tuple[int, Severity] | None = None
        for prefix, severity in self.severity:
            rank = -1 if prefix == "ALL" else len(prefix)
            if matches(code, (prefix,)) and (best is None or rank > best[0]):
                best = (rank, severity)
        return default if best is None else best[1]

    def apply(self, diagnostics: list[Diagnostic], path: str) -> list[Diagnostic]:
        if self.is_default:
            return [d for d in diagnostics if d.code not in OPT_IN]
        kept = []
        for diagnostic in diagnostics:
            if not self.enabled(diagnostic.code, path):
                continue
            level = self.level(diagnostic.code, diagnostic.severity)
            kept.append(
                diagnostic if level is diagnostic.severity else replace(diagnostic, severity=level)
            )
        return kept


def path_matches(path: Path, patterns: tuple[str, ...], root: Path | None) -> bool:
    """Whether the path, relative to `root` (a configuration's directory), matches a glob:
    what `exclude` asks of a file and of each directory above it."""
    relative = _relative(path, root)
    return any(_glob(relative, pattern) for pattern in patterns)


def _relative(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return PurePosixPath(path.resolve().relative_to(root.resolve())).as_posix()
        except (ValueError, OSError):
            pass
    return PurePosixPath(path).as_posix()


def _glob(relative: str, pattern: str) -> bool:
    """A gitignore-ish glob: `*.yaml` matches in any directory, `deploy/**` below deploy/."""
    if fnmatch.fnmatchcase(relative, pattern):
        return True
    if "/" not in pattern:
        return fnmatch.fnmatchcase(PurePosixPath(relative).name, pattern)
    if pattern.endswith("/**"):
        return relative.startswith(pattern[:-2])
    return False
