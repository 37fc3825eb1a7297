"""Which files a run reads: named files, YAML files under named directories, or stdin (`-`)."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import json

STDIN = "-"
YAML_SUFFIXES = (".yaml", ".yml")
# Real ioFog files are a few kilobytes; a bigger "YAML" file is generated or hostile, and
# reading it whole would be the attack. Configurable: `max-file-size`, --max-file-size.
DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024
# Directories nobody keeps application files in, and that can be huge.
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv", ".venv", ".git", ".tox"})


@dataclass(frozen=True, slots=True)
class Input:
    """One file to check. Plain strings, not Path objects: a run holds one per file, and
    20,000 Paths weigh 7 MB."""

    display: str  # how diagnostics name it
    path: str | None  # None for stdin; the same string as `display` for a file
    # The directory walked to find it (real path); None when it was named. `fix` never writes
    # through a symlink to a file outside it.
    tree: str | None = None


class PathNotFound(Exception):
    pass


class TooLarge(Exception):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size} > {limit}")
        self.size = size
        self.limit = limit


def read_input(path: Path | None, limit: int) -> bytes:
    """A file's bytes, or stdin's. OSError when it cannot be read, or is no regular file (a FIFO
    would block the run forever); TooLarge past ``limit`` bytes, before reading them."""
    import sys

    if path is None:
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(len(data), limit)
        return data
    return read_file(path, limit)[0]


def read_file(path: Path | str, limit: int) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes and what it was when they were read (fix compares it before it
    writes); OSError or TooLarge as read_input says. Straight system calls: a file object and
    its buffer cost twice the read of a small file, and a run reads thousands."""
    # O_NONBLOCK: opening a FIFO for reading would block until a writer came.
    fd = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "not a regular file (a FIFO, device or socket)")
        if info.st_size > limit:
            raise TooLarge(info.st_size, limit)
        # Sized by the file, not the limit: reading up to the limit would allocate it each time.
        data = _read_up_to(fd, info.st_size + 1)
        if len(data) > info.st_size:  # it grew while being read
            data += _read_up_to(fd, limit + 1 - len(data))
    finally:
        os.close(fd)
    if len(data) > limit:
        raise TooLarge(len(data), limit)
    return data, info


# Bytes as they are (O_BINARY, on Windows), never left open in a child (O_CLOEXEC).
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _read_up_to(fd: int, count: int) -> bytes:
    """``count`` bytes, or fewer at the end of the file (one read returns less at times)."""
    parts: list[bytes] = []
    got = 0
    while got < count:
        part = os.read(fd, count - got)
        if not part:
            break
        parts.append(part)
        got += len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def parse_size(value: str | int) -> int:
    """`5242880`, `5MB`, `5 MiB`, `512k`: bytes. ValueError says what is wrong."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value <= 0:
            raise ValueError("must be a positive number of bytes")
        return value
    if not isinstance(value, str):
        raise ValueError("must be a size such as 5MB or a number of bytes")
    import re

    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)(i?b?)\s*", value.lower())
    if match is None:
        raise ValueError(f"{value!r} is not a size such as 5MB or 5242880")
    number, unit, _ = match.groups()
    size = int(float(number) * 1024 ** "_kmg".index(unit or "_"))
    if size <= 0:
        raise ValueError("must be more than 0 bytes")
    return size


def read_text(path: str, limit: int = DEFAULT_MAX_FILE_SIZE) -> str:
    """A user-given data file (a snapshot, a configuration) as text, bounded as input files are:
    a regular file (a FIFO or /dev/zero would hang or fill memory), at most ``limit`` bytes,
    UTF-8. ValueError says what is wrong with it."""
    try:
        raw, _ = read_file(path, limit)
    except TooLarge as exc:
        raise ValueError(
            f"it is {exc.size:,} bytes, over the {exc.limit:,}-byte limit (--max-file-size)"
        ) from None
    except OSError as exc:
        raise ValueError(f"cannot read it: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("it is not UTF-8 text") from None


MAX_DATA_DEPTH = 100  # as the YAML loader's: nobody nests a snapshot deeper
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class _NotJson(ValueError):
    pass


def _check_depth(text: str) -> None:
    """ValueError at the first bracket that nests past MAX_DATA_DEPTH (strings skipped)."""
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        char = token.group()[0]
        if char in "[{":
            depth += 1
            if depth > MAX_DATA_DEPTH:
                line = text.count("\n", 0, token.start()) + 1
                raise ValueError(f"nesting deeper than {MAX_DATA_DEPTH} levels at line {line}")
        elif char in "]}":
            depth -= 1


def _constant(name: str) -> Any:
    raise _NotJson(f"not valid JSON: {name} is not a JSON number")


@cache
def _decoder() -> json.JSONDecoder:
    """One decoder a process: json.loads with an option builds a new one (and its scanner)
    each call, which was most of reading a cache entry."""
    import json

    return json.JSONDecoder(parse_constant=_constant)


def parse_json(text: str) -> Any:
    """JSON a user gave (a registry snapshot), bounded: nesting past MAX_DATA_DEPTH, numbers
    Python cannot convert and NaN/Infinity (not JSON) are ValueErrors that say where."""
    import json

    # No deeper than its brackets are many: a cache entry (a few dozen) is not scanned.
    if text.count("[") + text.count("{") > MAX_DATA_DEPTH:
        _check_depth(text)
    try:
        return _decoder().decode(text)
    except _NotJson:
        raise
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise ValueError(f"nesting deeper than {MAX_DATA_DEPTH} levels") from None
    except ValueError as exc:  # a number past sys.get_int_max_str_digits()
        raise ValueError(f"not usable JSON: {str(exc).split(';')[0]}") from None


@dataclass(repr=False, eq=False)
class Discovered:
    """The files to check, and what the command line named that gave none."""

    inputs: list[Input]
    missing: list[str]  # "PATH: no such file or directory": an error, after the others ran
    empty: list[str]  # directories without YAML files: said, not an error


def discover(
    paths: list[str],
    stdin_name: str | None = None,
    excluded: Callable[[str], bool] | None = None,
) -> list[Input]:
    """Expand the command line into files, in a stable order; a missing path is a usage error."""
    found = discover_all(paths, stdin_name, excluded)
    if found.missing:
        raise PathNotFound(found.missing[0])
    return found.inputs


# The errors of a stat that mean the path is not there (pathlib's exists() says False for them).
_NOT_THERE = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})


def discover_all(
    paths: list[str],
    stdin_name: str | None = None,
    excluded: Callable[[str], bool] | None = None,
    respect_gitignore: bool = True,
) -> Discovered:
    """Expand the command line into files, in a stable order, as ruff does: a missing path is
    reported and the others are still checked.

    Configured excludes apply to named files too: a pre-commit hook names every staged file.
    """
    skip = excluded or (lambda _: False)
    result = Discovered([], [], [])
    inputs = result.inputs
    # Two names for one file are checked once; a single path has no second name to meet, and
    # a walk of 20,000 files then keeps no set of their real paths.
    seen: set[str] | None = set() if len(paths) > 1 else None
    real_directories: dict[str, str] = {}  # pre-commit names many files of a few directories
    for given in paths:
        if given == STDIN:
            inputs.append(Input(stdin_name or "<stdin>", None))
            continue
        path = Path(given)
        kind = _kind(given)
        if kind is None:
            result.missing.append(_not_found(given))
        elif kind != "directory":
            name = str(path)
            if not skip(name) and (
                seen is None or _first(seen, _real_file(given, kind, real_directories))
            ):
                inputs.append(Input(name, name))
        else:
            # One realpath for the directory, not one per file: the walk does not follow links.
            real = os.path.realpath(path)
            walked = 0
            for name, rel in _walk(path, skip, respect_gitignore):
                walked += 1
                if seen is None or _first(seen, os.path.join(real, rel)):
                    inputs.append(Input(name, name, real))
            if not walked:
                result.empty.append(given)
    return result


def _kind(given: str) -> str | None:
    """One lstat for a file (pre-commit names each one): "directory", "file" (anything else
    that is not a link), "link" (to anything but a directory), or None when nothing is there;
    other errors raise, as pathlib's exists() raises them."""
    try:
        mode = os.lstat(given).st_mode
        if stat.S_ISLNK(mode):
            mode = os.stat(given).st_mode
            return "directory" if stat.S_ISDIR(mode) else "link"
    except OSError as exc:
        if exc.errno not in _NOT_THERE:
            raise
        return None
    except ValueError:  # a NUL in the name: no such file, as pathlib's exists() says
        return None
    return "directory" if stat.S_ISDIR(mode) else "file"


def _real_file(given: str, kind: str, real_directories: dict[str, str]) -> str:
    """os.path.realpath of a named file, resolving each directory once: a file that is no link
    is its real directory's entry of that name."""
    if kind == "link":
        return os.path.realpath(given)
    directory, name = os.path.split(given)
    real = real_directories.get(directory)
    if real is None:
        real = real_directories[directory] = os.path.realpath(directory or ".")
    return os.path.join(real, name)


def _first(seen: set[str], key: str) -> bool:
    if key in seen:
        return False
    seen.add(key)
    return True


def _not_found(given: str) -> str:
    """A name that is no file; one that is an option was most likely meant as one."""
    message = f"{given}: no such file or directory"
    if given.startswith("--"):
        message += (
            " (after `--` every argument is a file; the pre-commit hooks end their options "
            "with `--`, so give options in the hook's `entry:` or in .edgelint.yaml)"
        )
    return message


class _GitIgnores:
    """The .gitignore files (and .git/info/exclude) that apply below a walked directory, read
    as git reads them (pathspec's GitIgnoreSpec), deeper files overriding shallower ones, as
    ruff and git do. Each file is read once, bounded, and only when a walk meets it."""

    LIMIT = 1 << 20  # bytes of one .gitignore

    def __init__(self, root: str) -> None:
        self._specs: dict[str, list[tuple[str, Any]]] = {}
        top = _repository_root(root)
        chain: list[tuple[str, Any]] = []
        if top is not None:
            chain += self._read(top, os.path.join(top, ".git", "info", "exclude"))
            here = os.path.relpath(root, top)
            parts = [] if here == "." else here.split(os.sep)
            for depth in range(len(parts)):  # the ancestors between the repository and root
                ancestor = os.path.join(top, *parts[:depth])
                chain += self._read(ancestor, os.path.join(ancestor, ".gitignore"))
        self._specs[os.path.dirname(root) or root] = chain
        self._root_parent = os.path.dirname(root) or root

    def rules(self, directory: str) -> list[tuple[str, Any]]:
        """The rules for what `directory` holds (its own .gitignore included)."""
        if directory not in self._specs:
            parent = os.path.dirname(directory)
            inherited = self._specs.get(parent, self._specs[self._root_parent])
            own = self._read(directory, os.path.join(directory, ".gitignore"))
            self._specs[directory] = inherited + own
        return self._specs[directory]

    @staticmethod
    def ignored(rules: list[tuple[str, Any]], path: str, is_dir: bool) -> bool:
        """Whether the last rule that speaks of `path` ignores it (`!keep.yaml` re-includes)."""
        verdict = None
        for base, spec in rules:
            relative = os.path.relpath(path, base).replace(os.sep, "/") + ("/" if is_dir else "")
            checked = spec.check_file(relative).include
            if checked is not None:
                verdict = checked
        return bool(verdict)

    def _read(self, base: str, path: str) -> list[tuple[str, Any]]:
        if not os.path.isfile(path) or os.path.islink(path):
            return []
        try:
            data, _ = read_file(path, self.LIMIT)
        except (OSError, TooLarge):
            return []
        from pathspec import GitIgnoreSpec

        lines = data.decode("utf-8", errors="replace").splitlines()
        return [(base, GitIgnoreSpec.from_lines(lines))]


def _repository_root(start: str) -> str | None:
    """The nearest directory at or above `start` that holds `.git`."""
    current = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _walk(
    root: Path, skip: Callable[[str], bool], respect_gitignore: bool = True
) -> Iterator[tuple[str, str]]:
    """YAML files below ``root`` as they are found, named as given (``root`` joined with the
    rest) and relative to ``root``. Symlinks are left out, as pre-commit leaves them out: a link
    in a checked-out repository can point anywhere on the machine (name a linked file on the
    command line to check it)."""
    base = str(root)
    ignores = _GitIgnores(os.path.abspath(base)) if respect_gitignore else None
    # followlinks=False: a symlink loop cannot make the walk go round forever.
    for directory, dirnames, filenames in os.walk(base):
        here = os.path.abspath(directory)
        # The directory as pathlib writes it (`./a` is `a`), made once: a Path for each file would
        # intern every file name, and the interpreter's table of them never shrinks again.
        shown = str(Path(directory))
        rules = ignores.rules(here) if ignores is not None else []
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in SKIPPED_DIRS
            and not d.startswith(".")
            and not skip(d if shown == "." else os.path.join(shown, d))
            and not _GitIgnores.ignored(rules, os.path.join(here, d), True)
        )
        rel_dir = os.path.relpath(directory, base)
        for name in sorted(filenames):
            if not name.lower().endswith(YAML_SUFFIXES):  # `APP.YAML` too
                continue
            if _GitIgnores.ignored(rules, os.path.join(here, name), False):
                continue
            path = name if shown == "." else os.path.join(shown, name)
            if not os.path.islink(path) and not skip(path):
                yield path, name if rel_dir == "." else os.path.join(rel_dir, name)
