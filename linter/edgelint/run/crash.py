"""What an unexpected exception leaves behind: one line on stderr, and a traceback to report.

The log is written where nobody else can plant or read it: a directory of the user's own in the
temporary directory (`edgelint-<uid>`, mode 0700, refused when it is a symlink, someone else's, or
writable by others), a new file created exclusively with mode 0600 — never an existing name,
never through a symlink. A traceback can quote a file's values, so it is not left readable by
other users. When no such place can be had, the line says so and nothing is written.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
import traceback

from edgelint import __version__


def _log_directory() -> int | None:
    """A descriptor of the user's own log directory, created if missing; None when unsafe."""
    uid = os.geteuid() if hasattr(os, "geteuid") else -1
    path = os.path.join(tempfile.gettempdir(), f"edgelint-{uid}")
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None  # a symlink (O_NOFOLLOW) or no directory
    info = os.fstat(fd)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != uid or info.st_mode & 0o022:
        os.close(fd)
        return None
    return fd


def save_log(exc: BaseException, processing: str | None) -> str | None:
    """Write the traceback; its path, or None when it could not be written safely."""
    if not hasattr(os, "O_NOFOLLOW"):
        return None  # no way to refuse a planted link here (not POSIX)
    directory = _log_directory()
    if directory is None:
        return None
    name = f"crash-{os.getpid()}-{os.urandom(6).hex()}.log"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    try:
        fd = os.open(name, flags, 0o600, dir_fd=directory)
    except OSError:
        return None
    finally:
        os.close(directory)
    with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
        handle.write(f"edgelint {__version__}, Python {sys.version}\n")
        handle.write(f"argv: {sys.argv!r}\n")
        if processing is not None:
            handle.write(f"while processing: {processing!r}\n")
        handle.write("\n")
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=handle)
    return os.path.join(tempfile.gettempdir(), f"edgelint-{os.geteuid()}", name)


def describe(exc: BaseException, processing: str | None) -> str:
    """The one line (without the `edgelint: ` prefix) that says what happened, and saves the log."""
    log = save_log(exc, processing)
    where = f" while processing {processing}" if processing else ""
    said = str(exc)
    said = said if len(said) <= 300 else said[:300] + "…"
    # No tracker is named: the project publishes none (pyproject.toml has no URL) to send to.
    saved = (
        f"please report it with the traceback, which is in {log}"
        if log
        else "please report it (the traceback could not be saved)"
    )
    return (
        f"internal error{where}: {type(exc).__name__}: {said}. This is a bug in edgelint: {saved}"
    )


def lost(processing: str, exitcode: int | None) -> str:
    """A file whose worker process ended before it sent the file's result back: no exception
    to log, only how the process ended (a signal is an exit code below zero)."""
    how = (
        f"was ended by signal {-exitcode} (killed, or out of memory?)"
        if exitcode is not None and exitcode < 0
        else f"ended with exit code {exitcode}"
    )
    return f"internal error while processing {processing}: the worker process checking it {how}"
