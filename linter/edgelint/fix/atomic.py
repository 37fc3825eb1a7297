"""Every file edgelint writes: fixed files, reports, cache tables — never a byte it does not own.

A fixed file is the user's, so it keeps what it was besides its text: its inode where it has
other names (hard links are written in place, as ruff writes every file, so each name sees the
fix), otherwise its owner, group, mode and extended attributes on a new inode that replaces it
atomically (a temporary file beside it, fsync, rename: a reader or a crash sees the old bytes or
the new, never half). It is written only if it is still what was read (a file an editor saved
meanwhile is reported, not overwritten), never through a symlink that leads out of the tree
being checked, and never when it is read-only. SIGINT, SIGTERM and SIGHUP wait until a write is
done or undone (edgelint/signals.py), so an interrupted run leaves no temporary file (only
SIGKILL can).
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from edgelint.signals import signals_deferred


class WriteError(Exception):
    """The file could not be written; nothing was changed."""


@dataclass(frozen=True)
class Seen:
    """What a file was when it was read: if any of it differs at write time, someone else wrote."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, info: os.stat_result) -> Seen:
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _inside(path: str, tree: str) -> bool:
    return os.path.commonpath([path, tree]) == tree


def writable_target(path: str, tree: str | None) -> str:
    """The real file behind ``path``, or WriteError when it must not be written through."""
    try:
        is_link = stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}; nothing was changed") from None
    real = os.path.realpath(path)
    if is_link:
        trees = [os.path.realpath(tree)] if tree is not None else []
        if tree is None:  # named on the command line: the working tree, or the link's folder
            trees = [os.path.realpath(os.getcwd()), os.path.realpath(os.path.dirname(path) or ".")]
        if not any(_inside(real, t) for t in trees):
            raise WriteError(
                f"cannot write {path}: it is a symlink to {real}, outside the tree being checked; "
                "nothing was changed (name the file itself to fix it)"
            )
    return real


def replace_file(
    path: str,
    data: bytes,
    *,
    seen: Seen | None = None,
    original: bytes | None = None,
    tree: str | None = None,
) -> None:
    """Write a fixed file as the module docstring says; WriteError says why not."""
    target = writable_target(path, tree)
    try:
        info = os.stat(target)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}; nothing was changed") from None
    if not stat.S_ISREG(info.st_mode):
        raise WriteError(f"cannot write {path}: not a regular file; nothing was changed")
    # Mode bits as well as access(): root may write anything, but a file nobody may write was
    # made read-only on purpose, and replacing it by rename would bypass that.
    if not os.access(target, os.W_OK) or not info.st_mode & 0o222:
        raise WriteError(f"cannot write {path}: the file is read-only; nothing was changed")
    with signals_deferred():
        if info.st_nlink > 1 or not _can_keep_owner(info):
            _unchanged(path, target, seen, original)
            _in_place(path, target, data, info)
        else:
            _by_rename(path, target, data, info, seen, original)  # checks just before rename


def _unchanged(path: str, target: str, seen: Seen | None, original: bytes | None) -> None:
    if seen is None:
        return
    changed = False
    try:
        changed = Seen.of(os.stat(target)) != seen
        if not changed and original is not None:
            with open(target, "rb") as handle:  # the same inode and size: bounded
                changed = handle.read(seen.size + 1) != original
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}; nothing was changed") from None
    if changed:
        raise WriteError(
            f"cannot write {path}: it changed on disk while edgelint was fixing it; not "
            "overwritten (run `edgelint fix` again)"
        )


def _can_keep_owner(info: os.stat_result) -> bool:
    """Whether a new inode can get the file's owner and group (root can; an owner can give a
    group it belongs to); if not, the file is written in place rather than handed to us."""
    if not hasattr(os, "geteuid"):
        return True
    uid = os.geteuid()
    if uid == 0:
        return True
    return info.st_uid == uid and (info.st_gid == os.getegid() or info.st_gid in os.getgroups())


def _in_place(path: str, target: str, data: bytes, info: os.stat_result) -> None:
    """Same inode, so every hard link and the owner stay; not atomic (as ruff's own writes)."""
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}; nothing was changed") from None
    try:
        now = os.fstat(fd)
        if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
            raise WriteError(f"cannot write {path}: it was replaced meanwhile; not written")
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        os.close(fd)


def _by_rename(
    path: str,
    target: str,
    data: bytes,
    info: os.stat_result,
    seen: Seen | None,
    original: bytes | None,
) -> None:
    import tempfile  # only when a file is written: every run that saves its cache imports this

    directory = os.path.dirname(target)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", suffix=".edgelint", dir=directory
        )
    except OSError as exc:
        raise WriteError(
            f"cannot write {path}: cannot create a file in {directory}: {exc.strerror}; "
            "nothing was changed"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            made = os.fstat(handle.fileno())
            if (made.st_uid, made.st_gid) != (info.st_uid, info.st_gid):
                os.fchown(handle.fileno(), info.st_uid, info.st_gid)
            os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))  # after chown, which clears
            _copy_xattrs(target, handle.fileno())
            os.fsync(handle.fileno())
        _unchanged(path, target, seen, original)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WriteError(f"cannot write {path}: {exc.strerror}; nothing was changed") from None
        raise
    _sync_directory(directory)


def _copy_xattrs(source: str, fd: int) -> None:
    """ACLs, SELinux labels and user attributes, where the platform has them (best effort)."""
    if not hasattr(os, "listxattr"):
        return
    with contextlib.suppress(OSError):
        for name in os.listxattr(source):
            with contextlib.suppress(OSError):
                os.setxattr(fd, name, os.getxattr(source, name))


def _sync_directory(directory: str) -> None:
    with contextlib.suppress(OSError):
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_report(path: str, data: str) -> None:
    """A report file, created or replaced whole (temp file + rename); OSError says why not."""
    write_together([(path, data)])


def write_together(files: list[tuple[str, str]]) -> None:
    """Files created or replaced whole, all or none as far as a file system allows: every
    temporary file is written first (where most failures happen: a missing directory, a full
    disk, no permission), then each is renamed over its target. OSError says why not; a
    failure before the renames leaves every target as it was. The error names the target."""
    import tempfile

    temporaries: list[tuple[str, Path]] = []
    target = Path(".")
    with signals_deferred():
        try:
            umask = os.umask(0)
            os.umask(umask)
            for path, data in files:
                target = Path(path)
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
                temporaries.append((tmp, target))
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                    handle.write(data)
                os.chmod(tmp, 0o666 & ~umask)
            for tmp, target in temporaries:
                os.replace(tmp, target)
        except BaseException as exc:
            for tmp, _ in temporaries:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            if isinstance(exc, OSError):
                raise OSError(exc.errno, exc.strerror, str(target)) from None
            raise
