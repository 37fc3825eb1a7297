"""The cycle collector during a run (run/collector.py): it runs rarely while files are checked,
and the workers never walk what the parent made.

The speed this buys is measured in bench/, not here. These tests hold what the speed rests on.
Checking a file leaves little for the collector, so collecting less often keeps no memory.
The threshold goes back when a run ends. And a worker starts with the parent's objects frozen.
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import CORPUS, FIXTURES, settings
from edgelint.run.collector import YOUNG_THRESHOLD, fewer_collections, frozen_for_fork
from edgelint.run.inputs import discover
from edgelint.run.lint import lint_bytes
from edgelint.run.results import FileResult
from edgelint.run.runner import PARALLEL_MIN_FILES, lint_inputs
from edgelint.run.workers import Work, forked


@pytest.fixture
def default_threshold() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*before)


def _files() -> list[Path]:
    found = [*CORPUS.glob("*.y*ml"), *FIXTURES.rglob("*.y*ml")]
    return sorted(p for p in found if p.is_file())


def _cyclic_garbage(checks: dict[str, Callable[[], object]]) -> dict[str, int]:
    """How many objects each check leaves that only the cycle collector frees. With collection
    off, what a check makes stays in the youngest generation, so collecting that one finds it."""
    enabled = gc.isenabled()
    gc.disable()
    gc.collect()
    try:
        left = {}
        for name, check in checks.items():
            check()
            left[name] = gc.collect(0)
        return left
    finally:
        if enabled:
            gc.enable()


def test_what_a_file_leaves_to_the_collector_is_far_below_the_threshold() -> None:
    """Cycles do come: python-liquid's analysis of a template (closures over its own maps),
    the tracebacks of render errors, jsonschema's errors. Most files leave none; the one with
    the most templates leaves about 1,500 objects. So a collection every 10,000 still frees
    them before they add up."""
    files = [(str(p), p.read_bytes()) for p in _files()]
    built = settings()
    for name, raw in files:  # imports, validators, memos: made once, kept on purpose
        lint_bytes(name, raw, built).compact()
    left = _cyclic_garbage(
        {
            name: lambda name=name, raw=raw: lint_bytes(name, raw, built).compact()
            for name, raw in files
        }
    )
    assert len(files) > 150
    assert max(left.values()) < YOUNG_THRESHOLD // 4
    assert sum(1 for count in left.values() if count == 0) > len(files) // 2


def test_checking_the_corpus_again_and_again_keeps_no_memory() -> None:
    files = [(str(p), p.read_bytes()) for p in _files()]
    built = settings()

    @fewer_collections
    def check_all() -> None:
        for name, raw in files:
            lint_bytes(name, raw, built).compact()

    check_all()  # imports, validators, memos
    tracemalloc.start()
    try:
        check_all()
        after_one, _ = tracemalloc.get_traced_memory()
        check_all()
        check_all()
        after_three, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert after_three - after_one < 128 * 1024  # with collection off: 1.5 MB


def test_a_run_collects_rarely_and_puts_the_threshold_back(
    default_threshold: tuple[int, int, int],
) -> None:
    seen: list[tuple[int, int, int]] = []
    inputs = discover([str(p) for p in sorted(CORPUS.glob("*.yaml"))[:3]])
    built = settings()

    def sink(_: FileResult) -> None:
        seen.append(gc.get_threshold())

    lint_inputs(inputs, lambda _: built, sink=sink)
    assert seen == [(YOUNG_THRESHOLD, 10, 10)] * 3
    assert gc.get_threshold() == default_threshold


def test_the_threshold_comes_back_when_a_run_fails(
    default_threshold: tuple[int, int, int],
) -> None:
    @fewer_collections
    def failing() -> None:
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        raise RuntimeError("a run that ends in an error")

    with pytest.raises(RuntimeError):
        failing()
    assert gc.get_threshold() == default_threshold


def test_a_higher_threshold_already_set_is_kept() -> None:
    before = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD * 3, 5, 5)
    try:
        assert fewer_collections(gc.get_threshold)() == (YOUNG_THRESHOLD * 3, 5, 5)
        assert gc.get_threshold() == (YOUNG_THRESHOLD * 3, 5, 5)
    finally:
        gc.set_threshold(*before)


def _frozen(_: None, item: int) -> tuple[int, int]:
    return item, gc.get_freeze_count()


def _lost(item: int, exitcode: int | None) -> tuple[int, int]:
    return item, -1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork on Linux only")
def test_workers_start_with_the_parents_objects_frozen_and_the_parent_thaws() -> None:
    alive = len(gc.get_objects())
    got = dict(result for _, result in forked(Work(None, range(6), _frozen, _lost), 2))
    assert sorted(got) == list(range(6))
    assert min(got.values()) > alive // 2  # the parent's objects, frozen in the worker
    assert gc.get_freeze_count() == 0


def test_objects_someone_else_froze_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with frozen_for_fork():
            pass
        assert gc.get_freeze_count() >= frozen > 0
    finally:
        gc.unfreeze()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork on Linux only")
def test_a_run_with_workers_leaves_nothing_frozen() -> None:
    files = [str(p) for p in sorted(CORPUS.glob("*.yaml"))]
    assert len(files) >= PARALLEL_MIN_FILES
    built = settings()
    run = lint_inputs(discover(files), lambda _: built, jobs=2)
    assert len(run.files) == len(files)
    assert gc.get_freeze_count() == 0
