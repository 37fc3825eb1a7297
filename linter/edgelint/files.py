"""Which files a run reads: named files, YAML files under named directories, or stdin (`-`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

STDIN = "-"
YAML_SUFFIXES = (".yaml", ".yml")
# Directories nobody keeps application files in, and that can be huge.
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv", ".venv", ".git", ".tox"})


@dataclass(frozen=True)
class Input:
    display: str  # how diagnostics name it
    path: Path | None  # None for stdin


class PathNotFound(Exception):
    pass


def read_text(path: str) -> str:
    """A user-given data file (a snapshot) as text; ValueError says what is wrong with it."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"cannot read it: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ValueError("it is not UTF-8 text") from None


def discover(paths: list[str], stdin_name: str | None = None) -> list[Input]:
    """Expand the command line into files, in a stable order; a missing path is a usage error."""
    inputs: list[Input] = []
    seen: set[str] = set()
    for given in paths:
        if given == STDIN:
            inputs.append(Input(stdin_name or "<stdin>", None))
            continue
        path = Path(given)
        if path.is_dir():
            found = _walk(path)
        elif path.exists():
            found = [path]
        else:
            raise PathNotFound(f"{given}: no such file or directory")
        for file in found:
            key = os.path.realpath(file)
            if key not in seen:
                seen.add(key)
                inputs.append(Input(str(file), file))
    return inputs


def _walk(root: Path) -> list[Path]:
    found: list[Path] = []
    # followlinks=False: a symlink loop cannot make the walk go round forever.
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith("."))
        found.extend(
            Path(directory, name) for name in sorted(filenames) if name.endswith(YAML_SUFFIXES)
        )
    return found
