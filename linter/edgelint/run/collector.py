"""When CPython's cycle collector runs during a run, and what it may walk in a worker.

Checking a file makes a few thousand small container objects (nodes, data, diagnostics,
rendered values). Reference counting frees nearly all of them when the file is done. What it
cannot free is a few cycles: python-liquid's analysis of a template, the traceback of a render
error, jsonschema's errors. Of the corpus files and fixtures, most leave none, and the one with
the most templates leaves about 1,500 objects (tests/test_collector.py). The collector still
runs every 700 net new containers, several times a file. Each run walks the young objects, and
moves the ones still alive (the file being checked) to an older generation, where a fuller
collection later walks them again, together with everything the imports made. Measured over
the bench corpus with CPython 3.11, that was 10-15% of the time a file takes.

So while a run checks files, the youngest generation's threshold is 10,000 (see
`fewer_collections`). A collection still comes, and frees those cycles long before they add
up, but it comes rarely. The threshold goes back to what it was when the run ends: a program
that runs edgelint in its own process (a test suite, an editor plugin) keeps its own setting.

Before workers are forked, the parent's objects are frozen (`gc.freeze`), as the gc module's
documentation advises for a fork without exec
(https://docs.python.org/3/library/gc.html#gc.freeze). A worker's collections then never walk
them, so they cost it no time. They also copy no pages: a collection writes to every object it
walks, and each write copies that object's page into the worker.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

YOUNG_THRESHOLD = 10_000

P = ParamSpec("P")
R = TypeVar("R")


def fewer_collections(run: Callable[P, R]) -> Callable[P, R]:
    """``run`` with the youngest generation's threshold at least YOUNG_THRESHOLD while it
    runs; what it was before, after."""

    @wraps(run)
    def tuned(*args: P.args, **kwargs: P.kwargs) -> R:
        before = gc.get_threshold()
        gc.set_threshold(max(before[0], YOUNG_THRESHOLD), *before[1:])
        try:
            return run(*args, **kwargs)
        finally:
            gc.set_threshold(*before)

    return tuned


@contextmanager
def frozen_for_fork() -> Iterator[None]:
    """Every object alive now frozen while the workers are forked, thawed again after, so
    the parent collects as before. Objects someone else froze first are left as they were."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
