"""A result cache like ruff's: a file whose bytes and settings are unchanged is not checked again.

Entries live in `.edgelint_cache/` of the working directory: one folder per edgelint build, one
JSON table per settings fingerprint (target, snapshots, rule selection), mapping a file's path
to a digest of its bytes, the diagnostics they produced (credentials already masked) and where
the credentials are, one entry a line. A run indexes the tables it needs once (each entry's
place in the file, not the entry: it is read and parsed when its file asks for it), writes each
entry it makes to a new table's temporary file as it makes it, and at the end copies the entries
it did not replace and renames the file over the old table. So a run over 20,000 files keeps
their paths and where their entries are, never the entries themselves.

The working directory is usually a repository, and a repository is untrusted input: a pull
request can commit a `.edgelint_cache` of its own. So the cache

- is used only when `.edgelint_cache` is a real directory of the user's (not a symlink, not
  someone else's); otherwise edgelint warns once and runs without it;
- touches nothing but the names it writes itself (`v<format>-<version>-<code>/`,
  `<fingerprint>.json`, `.tmp-<random>`, `.gitignore`, `CACHEDIR.TAG`), opened relative to the
  directory it checked, never following a symlink — a planted link is never deleted through,
  written through or read through;
- binds every entry to this machine: the digest is keyed with a secret kept outside the checkout
  (`$XDG_CACHE_HOME/edgelint/key`, mode 0600), so entries committed by someone else, or copied
  from another machine, never match and can never mark a file clean (ruff binds its entries to
  file modification times for the same reason; a keyed digest also covers stdin and copies);
- reads a table only when it is a regular file of bounded size, and treats anything it does not
  recognise — truncated, corrupt, deeply nested, `Infinity`, a FIFO, a device — as a miss.

It only ever saves time: a cache that cannot be read or written is a cache that is not there.
JSON, not pickle: a cache directory is data, never code to run.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from edgelint import __version__
from edgelint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from edgelint.load.source import Position
from edgelint.run.inputs import parse_json

CACHE_DIR = ".edgelint_cache"
FORMAT = 3  # 3: one entry a line, indexed rather than loaded
MAX_TABLE_BYTES = 64 << 20  # a table for 20,000 files with findings is a few MB
KEY_BYTES = 32

_BUILD = re.compile(r"v\d+-[0-9A-Za-z.+!_-]+-[0-9a-f]{12}")
_TABLE = re.compile(r"[0-9a-f]{24}\.json")
_TEMP = re.compile(r"\.tmp-[0-9a-f]{16}")
_CODE = re.compile(r"EL\d{3}")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_IGNORE = "# Automatically created by edgelint.\n*\n"
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by edgelint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


try:  # the builtin module: hashlib would load OpenSSL's (~3 ms) for the same BLAKE2
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython build has _blake2
    from hashlib import blake2b


def content_hash(raw: bytes, size: int = 16) -> str:
    return blake2b(raw, digest_size=size).hexdigest()


def code_id() -> str:
    """The installed edgelint's own files (names, sizes, modification times): with an editable
    install the code changes under the same version, and a stale cache would hide that."""
    package = Path(__file__).resolve().parent.parent  # the whole edgelint package
    entries = []
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json", ".j2")):
                info = os.stat(os.path.join(root, name))
                entries.append(f"{root}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return content_hash("\n".join(entries).encode(), 6)


def _supported() -> bool:
    return bool(_NOFOLLOW and _DIRECTORY) and os.open in os.supports_dir_fd


def _uid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else -1


def user_key() -> bytes | None:
    """This user's secret for keyed digests, created on first use; None when there is no safe
    place for it (then there is no cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None
    folder = os.path.join(base, "edgelint")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
    except OSError:
        return None
    try:
        if os.fstat(fd).st_uid != _uid():
            return None
        return _read_key(fd) or _new_key(fd) or _read_key(fd)
    finally:
        os.close(fd)


def _read_key(folder: int) -> bytes | None:
    try:
        fd = os.open("key", os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != _uid() or info.st_mode & 0o077:
            return None
        key = os.read(fd, KEY_BYTES + 1)
    finally:
        os.close(fd)
    return key if len(key) == KEY_BYTES else None


def _new_key(folder: int) -> bytes | None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
    try:
        fd = os.open("key", flags, 0o600, dir_fd=folder)
    except OSError:
        return None  # there already (another run made it): read it
    key = os.urandom(KEY_BYTES)
    try:
        os.write(fd, key)
    finally:
        os.close(fd)
    return key


class ResultCache:
    def __init__(
        self, directory: Path | None = None, warn: Callable[[str], None] | None = None
    ) -> None:
        self.root = str(directory or Path(CACHE_DIR))
        self.build = f"v{FORMAT}-{__version__}-{code_id()}"
        self._warn = warn or (lambda _: None)
        self._key: bytes | None = None
        self._off = not _supported()  # no way to refuse symlinks here: no cache
        self._root_fd: int | None = None
        self._build_fd: int | None = None
        self._tables: dict[str, _OldTable] = {}  # as indexed, for lookups
        self._new: dict[str, _NewTable] = {}  # what this run puts, already on disk

    # --- the directory -----------------------------------------------------------------------

    def _refuse(self, why: str) -> None:
        self._off = True
        self._warn(f"not using the result cache: {self.root} {why}; remove it or pass --no-cache")

    def _directory(self, create: bool) -> int | None:
        """The build folder's descriptor, after checking every step; None: no cache (yet)."""
        if self._build_fd is not None or self._off:
            return self._build_fd
        if self._root_fd is None:
            self._root_fd = self._open_folder(self.root, None, create, self.root)
            if self._root_fd is None:
                return None
        self._build_fd = self._open_folder(
            self.build, self._root_fd, create, f"{self.root}/{self.build}"
        )
        return self._build_fd

    def _open_folder(self, name: str, parent: int | None, create: bool, shown: str) -> int | None:
        try:
            info = os.stat(name, dir_fd=parent, follow_symlinks=False)
        except FileNotFoundError:
            if not create:
                return None
            try:
                os.mkdir(name, 0o755, dir_fd=parent)
                info = os.stat(name, dir_fd=parent, follow_symlinks=False)
            except OSError:
                self._off = True  # cannot create it (read-only checkout): nothing to warn about
                return None
        except OSError:
            self._off = True
            return None
        if stat.S_ISLNK(info.st_mode):
            self._refuse("is a symlink" if parent is None else f"holds a symlink ({shown})")
            return None
        if not stat.S_ISDIR(info.st_mode):
            self._refuse("is not a directory" if parent is None else f"holds {shown}, no folder")
            return None
        if info.st_uid != _uid():
            self._refuse("belongs to another user")
            return None
        try:
            fd = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=parent)
        except OSError:
            self._refuse("changed while it was opened")
            return None
        now = os.fstat(fd)
        if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
            os.close(fd)
            self._refuse("changed while it was opened")
            return None
        return fd

    def close(self) -> None:
        """Release the folders; a new table not saved (the run stopped early) is removed."""
        for table in self._new.values():
            table.discard()
        self._new.clear()
        for old in self._tables.values():
            old.close()
        self._tables.clear()
        for fd in (self._build_fd, self._root_fd):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._build_fd = self._root_fd = None

    # --- entries -----------------------------------------------------------------------------

    def digest(self, raw: bytes) -> str | None:
        """The keyed digest of a file's bytes; None: no cache this run."""
        if self._off:
            return None
        if self._key is None:
            self._key = user_key()
            if self._key is None:
                self._off = True
                self._warn(
                    "not using the result cache: no private place for its key "
                    "($XDG_CACHE_HOME/edgelint or ~/.cache/edgelint); pass --no-cache"
                )
                return None
        return blake2b(raw, digest_size=16, key=self._key).hexdigest()

    def _table(self, fingerprint: str) -> _OldTable:
        table = self._tables.get(fingerprint)
        if table is None:
            folder = self._directory(create=False)
            name = f"{fingerprint}.json"
            table = _read_table(folder, name) if folder is not None else _OldTable.empty()
            self._tables[fingerprint] = table
        return table

    def get(self, fingerprint: str, path: str, digest: str) -> Cached | None:
        new = self._new.get(fingerprint)
        if new is not None and path in new.paths:
            return None  # put by this run (its text is on disk only): check it again
        entry = self._table(fingerprint).get(path, digest)
        if not isinstance(entry, list) or len(entry) != 5 or entry[0] != digest:
            return None
        from edgelint.platform.targets import TARGETS

        detected, skipped = entry[3], entry[4]
        if detected is not None and detected not in TARGETS:
            return None
        try:
            diagnostics = [_diagnostic(path, record) for record in _list(entry[1])]
            secrets = [(_count(a), _count(b)) for a, b in map(_pair, _list(entry[2]))]
            skipped = _count(skipped)
        except (TypeError, ValueError):
            return None  # not what edgelint writes: check the file again
        return Cached(diagnostics, secrets, detected, skipped)

    def put(
        self,
        fingerprint: str,
        path: str,
        digest: str,
        diagnostics: list[Diagnostic],
        secrets: list[tuple[int, int]],
        detected_target: str | None = None,
        skipped: int = 0,
    ) -> None:
        """Diagnostics as reported (credentials masked), and where the credentials are, so that
        the snippets of a cached run are masked too; the target the file's apiVersion chose and
        how many documents were skipped, for the summary."""
        table = self._new.get(fingerprint)
        if table is None:
            folder = self._directory(create=True)
            if folder is None or self._root_fd is None:
                return
            # As ruff's: the folder ignores itself, so nobody commits it by accident.
            _create(self._root_fd, ".gitignore", _IGNORE)
            _create(self._root_fd, "CACHEDIR.TAG", _TAG)
            # With no old table to merge (a first run), the paths need not be kept at all.
            track = bool(self._tables.get(fingerprint, True))
            table = self._new[fingerprint] = _NewTable(folder, f"{fingerprint}.json", track)
        records = [_record(d) for d in diagnostics]
        entry = [digest, records, [list(s) for s in secrets], detected_target, skipped]
        table.add(path, json.dumps(entry, separators=(",", ":")))

    def save(self) -> None:
        from edgelint.signals import signals_deferred

        with signals_deferred():
            if self._new:
                self._prune()
            for fingerprint in sorted(self._new):
                self._new.pop(fingerprint).finish(self._table(fingerprint))
        self.close()

    def _prune(self) -> None:
        """Folders of other edgelint builds are never read again: remove what edgelint wrote in
        them, by exact name, and the folder if nothing else is left. In this build's folder,
        remove the temporary tables of runs that were killed: an hour old, no run is still
        writing them."""
        root = self._root_fd
        if root is None:
            return
        if self._build_fd is not None:
            _remove_stale(self._build_fd)
        with contextlib.suppress(OSError):
            for name in os.listdir(root):
                if name == self.build or not _BUILD.fullmatch(name):
                    continue
                with contextlib.suppress(OSError):
                    fd = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=root)
                    try:
                        for inner in os.listdir(fd):
                            if _TABLE.fullmatch(inner) or _TEMP.fullmatch(inner):
                                with contextlib.suppress(OSError):
                                    os.unlink(inner, dir_fd=fd)
                    finally:
                        os.close(fd)
                    os.rmdir(name, dir_fd=root)


class Cached:
    """One file's cached results."""

    __slots__ = ("detected_target", "diagnostics", "secrets", "skipped")

    def __init__(
        self,
        diagnostics: list[Diagnostic],
        secrets: list[tuple[int, int]],
        detected_target: str | None = None,
        skipped: int = 0,
    ) -> None:
        self.detected_target = detected_target
        self.skipped = skipped
        self.diagnostics = diagnostics
        self.secrets = secrets


def _create(folder: int, name: str, text: str) -> None:
    """A file of our own, only if the name is free: O_EXCL never follows a planted link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
    try:
        fd = os.open(name, flags, 0o644, dir_fd=folder)
    except OSError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def _read_table(folder: int, name: str) -> _OldTable:
    try:
        info = os.stat(name, dir_fd=folder, follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_TABLE_BYTES:
            return _OldTable.empty()  # a FIFO or a device is never even opened
        fd = os.open(name, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    except OSError:
        return _OldTable.empty()
    places: dict[str, int] | None = None
    try:
        now = os.fstat(fd)
        if (now.st_dev, now.st_ino) == (info.st_dev, info.st_ino) and now.st_uid == _uid():
            with os.fdopen(os.dup(fd), "rb") as handle:
                places = _index(handle)
    except OSError:
        places = None
    if not places:
        os.close(fd)
        return _OldTable.empty()
    return _OldTable(fd, places)


def _index(handle: Any) -> dict[str, int] | None:
    """Each entry's place in a table: `{`, one `"path":entry` a line (json.dumps writes no line
    break and nothing but ASCII inside either), `}`. Anything else is no table. A place is
    offset << 32 | length: two numbers a file, in one int."""
    from json.decoder import scanstring  # type: ignore[attr-defined]  # C, as json.loads uses

    places: dict[str, int] = {}
    if handle.readline(MAX_TABLE_BYTES + 1) != b"{\n":
        return None
    offset = 2
    for raw in handle:
        if offset + len(raw) > MAX_TABLE_BYTES:
            return None
        line = raw.rstrip(b"\n")
        if line == b"}":
            return places
        body = line[:-1] if line.endswith(b",") else line
        if not body.startswith(b'"') or not body.isascii():
            return None
        text = body.decode("ascii")
        try:
            path, end = scanstring(text, 1)
        except ValueError:
            return None
        if text[end : end + 1] != ":" or len(body) - end - 1 >= 1 << 32:
            return None
        places[path] = (offset + end + 1) << 32 | (len(body) - end - 1)
        offset += len(raw)
    return None  # no closing line: cut short


class _OldTable:
    """A table as an earlier run left it: where each entry is, read from the open file when a
    file asks for it (the file may be replaced meanwhile: the descriptor keeps the one indexed).
    What an entry holds is checked when it is used, as before."""

    def __init__(self, fd: int | None, places: dict[str, int]) -> None:
        self.fd = fd
        self.places = places

    @classmethod
    def empty(cls) -> _OldTable:
        """No table: none on disk, or one not in edgelint's layout."""
        return cls(None, {})

    def __bool__(self) -> bool:
        return bool(self.places)

    def raw(self, path: str) -> str | None:
        place = self.places.get(path)
        if place is None or self.fd is None:
            return None
        try:
            data = os.pread(self.fd, place & 0xFFFFFFFF, place >> 32)
        except OSError:
            return None
        return data.decode("ascii", errors="replace")

    def get(self, path: str, digest: str) -> Any:
        """The entry, parsed, if it is for these bytes: put's json.dumps writes the digest
        first, so an entry for other bytes (an edited file) is not parsed at all."""
        text = self.raw(path)
        if text is None or not text.startswith(f'["{digest}",'):
            return None
        try:  # the reader of user-given JSON: nesting, NaN/Infinity and huge numbers refused
            return parse_json(text)
        except ValueError:
            return None

    def entries(self) -> Iterator[tuple[str, str]]:
        """(path, entry as written) for each entry."""
        for path in self.places:
            text = self.raw(path)
            if text is not None:
                yield path, text

    def close(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None


STALE_SECONDS = 3600


def _remove_stale(folder: int) -> None:
    import time

    with contextlib.suppress(OSError):
        for name in os.listdir(folder):
            if not _TEMP.fullmatch(name):
                continue
            with contextlib.suppress(OSError):
                info = os.stat(name, dir_fd=folder, follow_symlinks=False)
                if info.st_mtime < time.time() - STALE_SECONDS:
                    os.unlink(name, dir_fd=folder)  # a link itself, never what it points to


class _NewTable:
    """A table being written: `{`, then each entry as the run puts it, a line each, then at the
    end the old entries it did not replace and `}`, renamed over the old table (a JSON object).
    Only the paths stay in memory, and only when there is an old table to merge. A table past
    MAX_TABLE_BYTES would not be read back, so it is dropped; a run killed before the end leaves
    its temporary file, which a later run removes once it is an hour old."""

    def __init__(self, folder: int, name: str, track: bool = True) -> None:
        self.folder = folder
        self.name = name
        self.track = track
        self.paths: set[str] = set()  # those put, when an old table's entries are to be merged
        self.count = 0
        self.size = 1
        self.temp = f".tmp-{os.urandom(8).hex()}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
        self.handle: Any = None
        with contextlib.suppress(OSError):
            fd = os.open(self.temp, flags, 0o600, dir_fd=folder)
            self.handle = os.fdopen(fd, "w", encoding="utf-8")
            self.handle.write("{")

    def add(self, path: str, entry: str) -> None:
        if self.handle is None or path in self.paths:
            return
        text = f"{',' if self.count else ''}\n{json.dumps(path)}:{entry}"
        self.size += len(text.encode("utf-8"))
        self.count += 1
        if self.track:
            self.paths.add(path)
        try:
            if self.size > MAX_TABLE_BYTES:
                raise OSError("too large to be read back")
            self.handle.write(text)
        except OSError:
            self.discard()

    def finish(self, old: _OldTable) -> None:
        if self.handle is None:
            return
        try:
            for path, entry in old.entries():
                if path not in self.paths:
                    self.add(path, entry)
                    if self.handle is None:
                        return
            self.handle.write("\n}\n")  # `{\n}\n` with no entries
            self.handle.close()
            self.handle = None
            # replaces a link planted at the name, never what it points to
            os.replace(self.temp, self.name, src_dir_fd=self.folder, dst_dir_fd=self.folder)
        except OSError:
            self.discard()

    def discard(self) -> None:
        if self.handle is None:
            return
        with contextlib.suppress(OSError):
            self.handle.close()
        self.handle = None
        with contextlib.suppress(OSError):
            os.unlink(self.temp, dir_fd=self.folder)


# --- records: what is written, and what is accepted back ---------------------------------------


def _record(d: Diagnostic) -> list[Any]:
    fix = None
    if d.fix is not None:
        edits = [[e.start, e.end, e.content] for e in d.fix.edits]
        fix = [d.fix.message, d.fix.applicability.value, edits]
    return [
        d.code,
        d.severity.value,
        d.message,
        [d.start.line, d.start.column, d.end.line, d.end.column],
        [d.start_offset, d.end_offset],
        fix,
        d.document,
        list(d.data_path),
        d.stored_anyway,
    ]


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise TypeError("not a list")
    return value


def _pair(value: Any) -> tuple[Any, Any]:
    items = _list(value)
    if len(items) != 2:
        raise ValueError("not a pair")
    return items[0], items[1]


def _count(value: Any, low: int = 0) -> int:
    if type(value) is not int or not low <= value < 1 << 40:
        raise ValueError("not a position")
    return value


def _text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("not text")
    return value


def _diagnostic(path: str, record: Any) -> Diagnostic:
    code, severity, message, span, offsets, fix, document, data_path, stored = _list(record)
    if not _CODE.fullmatch(_text(code)) or type(stored) is not bool:
        raise ValueError("not a diagnostic")
    line, column, end_line, end_column = (_count(v, 1) for v in _list(span))
    start_offset, end_offset = (_count(v) for v in _pair(offsets))
    fixed = None
    if fix is not None:
        fix_message, applicability, edits = _list(fix)
        fixed = Fix(
            _text(fix_message),
            tuple(_edit(e) for e in _list(edits)),
            Applicability(applicability),
        )
    parts = _list(data_path)
    if not all(type(p) is str or type(p) is int for p in parts):
        raise ValueError("not a data path")
    return Diagnostic(
        code=code,
        severity=Severity(severity),
        message=_text(message),
        path=path,
        start=Position(line, column),
        end=Position(end_line, end_column),
        start_offset=start_offset,
        end_offset=end_offset,
        fix=fixed,
        document=None if document is None else _count(document),
        data_path=tuple(parts),
        stored_anyway=stored,
    )


def _edit(value: Any) -> Edit:
    start, end, content = _list(value)
    return Edit(_count(start), _count(end), _text(content))
