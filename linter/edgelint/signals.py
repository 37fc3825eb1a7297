"""The signals that end a run, held while edgelint writes what must not be left half-written.

SIGINT, SIGTERM and SIGHUP arriving during a write (a fixed file, a report, the cache table's
rename) wait until it is done or undone, then are delivered: an interrupted run leaves no
temporary file and no torn file. Its own module, not fix/atomic.py's, because a cached lint
holds them too, while it saves the cache, and need not import the writer of fixed files for it.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator

HELD = tuple(
    s for s in (getattr(signal, n, None) for n in ("SIGINT", "SIGTERM", "SIGHUP")) if s is not None
)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold the signals that end a run until the block is over: they are delivered then."""
    # Without the threading module imported no thread of its has started: the main thread
    # (a cached lint's save need not import it to know).
    threading = sys.modules.get("threading")
    blocking = hasattr(signal, "pthread_sigmask") and (
        threading is None or threading.current_thread() is threading.main_thread()
    )
    if not blocking:
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def release_signals() -> None:
    """In a forked worker: take the signals again (the fork copied a thread's held mask)."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD)
