"""A result cache like ruff's: a file whose bytes and settings are unchanged is not checked again.

Entries live in `.edgelint_cache/` of the working directory, one JSON file per edgelint version
and settings fingerprint (target, snapshots, rule selection), each mapping a file's path to the
hash of its bytes and the diagnostics they produced. A run loads the files it needs once and
writes them back once, atomically; a cache that cannot be read or written is ignored (it only
ever saves time). JSON, not pickle: a cache directory is data, never code to run.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from edgelint import __version__
from edgelint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from edgelint.source import Position

CACHE_DIR = ".edgelint_cache"
FORMAT = 1


try:  # the builtin module: hashlib would load OpenSSL's (~3 ms) for the same BLAKE2
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython build has _blake2
    from hashlib import blake2b


def content_hash(raw: bytes, size: int = 16) -> str:
    return blake2b(raw, digest_size=size).hexdigest()


def code_id() -> str:
    """The installed edgelint's own files (names, sizes, modification times): with an editable
    install the code changes under the same version, and a stale cache would hide that."""
    package = Path(__file__).resolve().parent
    entries = []
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json", ".j2")):
                stat = os.stat(os.path.join(root, name))
                entries.append(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return content_hash("\n".join(entries).encode(), 6)


class ResultCache:
    def __init__(self, directory: Path | None = None) -> None:
        build = f"v{FORMAT}-{__version__}-{code_id()}"
        self.directory = (directory or Path(CACHE_DIR)) / build
        self._tables: dict[str, dict[str, Any]] = {}
        self._dirty: set[str] = set()

    def _table(self, fingerprint: str) -> dict[str, Any]:
        table = self._tables.get(fingerprint)
        if table is None:
            table = {}
            with contextlib.suppress(OSError, ValueError):
                loaded = json.loads((self.directory / f"{fingerprint}.json").read_text("utf-8"))
                if isinstance(loaded, dict):
                    table = loaded
            self._tables[fingerprint] = table
        return table

    def get(self, fingerprint: str, path: str, digest: str) -> list[Diagnostic] | None:
        entry = self._table(fingerprint).get(path)
        if not isinstance(entry, list) or len(entry) != 2 or entry[0] != digest:
            return None
        try:
            return [_diagnostic(path, record) for record in entry[1]]
        except (TypeError, ValueError, IndexError, KeyError):
            return None  # an entry from a damaged file: check the file again

    def put(self, fingerprint: str, path: str, digest: str, diagnostics: list[Diagnostic]) -> None:
        self._table(fingerprint)[path] = [digest, [_record(d) for d in diagnostics]]
        self._dirty.add(fingerprint)

    def save(self) -> None:
        if self._dirty:
            self._prune()
        for fingerprint in self._dirty:
            with contextlib.suppress(OSError):
                self.directory.mkdir(parents=True, exist_ok=True)
                _ignore_file(self.directory.parent)
                import tempfile

                fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.directory)
                try:
                    with os.fdopen(fd, "w", encoding="utf-8") as handle:
                        json.dump(self._tables[fingerprint], handle, separators=(",", ":"))
                    os.replace(tmp, self.directory / f"{fingerprint}.json")
                except OSError:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
        self._dirty.clear()

    def _prune(self) -> None:
        """Results of other edgelint builds are never read again: remove them."""
        import shutil

        with contextlib.suppress(OSError):
            for sibling in self.directory.parent.iterdir():
                if sibling.is_dir() and sibling.name.startswith("v") and sibling != self.directory:
                    shutil.rmtree(sibling, ignore_errors=True)


def _ignore_file(root: Path) -> None:
    """As ruff does: the cache directory ignores itself, so nobody commits it by accident."""
    marker = root / ".gitignore"
    if not marker.exists():
        marker.write_text("# Automatically created by edgelint.\n*\n", encoding="utf-8")


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


def _diagnostic(path: str, record: list[Any]) -> Diagnostic:
    code, severity, message, span, offsets, fix, document, data_path, stored = record
    fixed = None
    if fix is not None:
        fix_message, applicability, edits = fix
        fixed = Fix(
            fix_message,
            tuple(Edit(int(a), int(b), str(c)) for a, b, c in edits),
            Applicability(applicability),
        )
    return Diagnostic(
        code=str(code),
        severity=Severity(severity),
        message=str(message),
        path=path,
        start=Position(int(span[0]), int(span[1])),
        end=Position(int(span[2]), int(span[3])),
        start_offset=int(offsets[0]),
        end_offset=int(offsets[1]),
        fix=fixed,
        document=None if document is None else int(document),
        data_path=tuple(data_path),
        stored_anyway=bool(stored),
    )
