"""Which files a run reads: named files, YAML files under named directories, or stdin (`-`)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
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


def discover(
    paths: list[str],
    stdin_name: str | None = None,
    excluded: Callable[[Path], bool] | None = None,
) -> list[Input]:
    """Expand the command line into files, in a stable order; a missing path is a usage error.

    Configured excludes apply to named files too: a pre-commit hook names every staged file.
    """
    skip = excluded or (lambda _: False)
    inputs: list[Input] = []
    seen: set[str] = set()
    for given in paths:
        if given == STDIN:
            inputs.append(Input(stdin_name or "<stdin>", None))
            continue
        path = Path(given)
        if path.is_dir():
            # One realpath for the directory, not one per file: the walk does not follow links.
            real = os.path.realpath(path)
            found = [(file, os.path.join(real, rel)) for file, rel in _walk(path, skip)]
        elif path.exists():
            found = [] if skip(path) else [(path, os.path.realpath(path))]
        else:
            raise PathNotFound(f"{given}: no such file or directory")
        for file, key in found:
            if key not in seen:
                seen.add(key)
                inputs.append(Input(str(file), file))
    return inputs


def _walk(root: Path, skip: Callable[[Path], bool]) -> list[tuple[Path, str]]:
    """YAML files below ``root``, with their paths relative to it."""
    found: list[tuple[Path, str]] = []
    base = str(root)
    # followlinks=False: a symlink loop cannot make the walk go round forever.
    for directory, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in SKIPPED_DIRS and not d.startswith(".") and not skip(Path(directory, d))
        )
        rel_dir = os.path.relpath(directory, base)
        for name in sorted(filenames):
            if not name.endswith(YAML_SUFFIXES):
                continue
            path = Path(directory, name)
            if not skip(path):
                found.append((path, name if rel_dir == "." else os.path.join(rel_dir, name)))
    return found


def write_report(path: str, data: str) -> None:
    """A report file, created or replaced whole (temp file + rename); OSError says why not."""
    import tempfile

    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
