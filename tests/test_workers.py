"""Forked workers (run/workers.py): every item answered once, state inherited, never a hang.

The runner hands lint and fix work to these; here they run real functions in real forked
processes, including one that the kernel kills halfway.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys

import pytest

from edgelint.run.workers import Work, forked

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the runner forks workers on Linux only"
)


class Unpicklable:
    """State no pickle can carry: it reaches the workers only because they are forked."""

    def __init__(self, factor: int) -> None:
        self.factor = factor

    def __reduce__(self) -> object:
        raise TypeError("this state must be inherited, not pickled")


def _times(state: Unpicklable, item: int) -> tuple[int, int]:
    return os.getpid(), item * state.factor


def _lost(item: int, exitcode: int | None) -> tuple[int, int]:
    return -1, exitcode if exitcode is not None else 0


def test_every_item_is_answered_once_with_the_inherited_state() -> None:
    items = list(range(101))
    results = dict(forked(Work(Unpicklable(3), items, _times, _lost), jobs=4))
    assert sorted(results) == items
    assert {index: value for index, (_, value) in results.items()} == {i: 3 * i for i in items}
    pids = {pid for pid, _ in results.values()}
    assert os.getpid() not in pids and len(pids) == 4


def test_no_more_workers_than_items() -> None:
    results = dict(forked(Work(Unpicklable(2), [5], _times, _lost), jobs=8))
    assert results == {0: (results[0][0], 10)}


def _dies_on_seven(state: Unpicklable, item: int) -> tuple[int, int]:
    if item == 7:
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
    return _times(state, item)


def test_a_killed_worker_costs_its_unfinished_items_and_nothing_else() -> None:
    items = list(range(20))
    results = dict(forked(Work(Unpicklable(1), items, _dies_on_seven, _lost), jobs=2))
    assert sorted(results) == items  # every item answered: no hang, none twice
    # Worker 1 had the odd items; it died on 7, so 7, 9, …, 19 are lost with SIGKILL's code.
    lost = sorted(i for i, (pid, _) in results.items() if pid == -1)
    assert lost == [7, 9, 11, 13, 15, 17, 19]
    assert {results[i][1] for i in lost} == {-signal.SIGKILL}
    assert all(results[i][1] == i for i in items if i not in lost)


def _raises_base_exception(state: Unpicklable, item: int) -> tuple[int, int]:
    if item == 2:
        raise SystemExit(5)  # what `do` does not catch: the worker ends, quietly
    return _times(state, item)


def test_a_worker_that_raises_ends_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    results = dict(forked(Work(Unpicklable(1), list(range(6)), _raises_base_exception, _lost), 2))
    assert sorted(i for i, (pid, _) in results.items() if pid == -1) == [2, 4]
    assert {results[2][1], results[4][1]} == {1}
    assert "Traceback" not in capfd.readouterr().err


def _slow(state: Unpicklable, item: int) -> tuple[int, int]:
    if item > 1:
        signal.pause()  # never finishes on its own
    return _times(state, item)


def test_closing_early_ends_the_workers() -> None:
    """An interrupt or an error in the parent closes the iterator: no worker outlives it."""
    before = set(multiprocessing.active_children())
    results = forked(Work(Unpicklable(1), list(range(8)), _slow, _lost), jobs=2)
    first = next(results)
    assert first[0] in (0, 1)
    results.close()
    assert set(multiprocessing.active_children()) == before
