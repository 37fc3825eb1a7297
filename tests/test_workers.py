"""Forked workers (run/workers.py): every item answered once, state inherited, never a hang.

The runner hands lint and fix work to these; here they run real functions in real forked
processes, including one that the kernel kills halfway.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time

import pytest

from edgelint.run.workers import AHEAD, Work, forked

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
    # The worker died on 7: 7 is lost with SIGKILL's code, and at most the one item handed to
    # it after 7; the other worker answers all the rest.
    lost = sorted(i for i, (pid, _) in results.items() if pid == -1)
    assert 7 in lost and len(lost) <= AHEAD and all(i >= 7 for i in lost)
    assert {results[i][1] for i in lost} == {-signal.SIGKILL}
    assert all(results[i][1] == i for i in items if i not in lost)


def _raises_base_exception(state: Unpicklable, item: int) -> tuple[int, int]:
    if item == 2:
        raise SystemExit(5)  # what `do` does not catch: the worker ends, quietly
    return _times(state, item)


def test_a_worker_that_raises_ends_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    results = dict(forked(Work(Unpicklable(1), list(range(6)), _raises_base_exception, _lost), 2))
    lost = sorted(i for i, (pid, _) in results.items() if pid == -1)
    assert 2 in lost and len(lost) <= AHEAD  # 2, and what was handed to it with 2
    assert {results[i][1] for i in lost} == {1}
    assert all(results[i][1] == i for i in range(6) if i not in lost)
    assert "Traceback" not in capfd.readouterr().err


def _slow_on_three(state: Unpicklable, item: int) -> tuple[int, int]:
    if item == 3:
        time.sleep(1)  # a big file, or a core another process holds
    return _times(state, item)


def test_a_slow_item_holds_up_only_its_worker() -> None:
    """Items are handed out as workers answer, not dealt in advance: while one worker is on a
    slow item the other takes the rest (dealt in advance, the other worker's results would pile
    up in the runner's reorder buffer behind the slow worker's share)."""
    items = list(range(41))
    answered = list(forked(Work(Unpicklable(1), items, _slow_on_three, _lost), jobs=2))
    assert sorted(i for i, _ in answered) == items
    slow_pid = dict(answered)[3][0]
    by_slow = [i for i, (pid, _) in answered if pid == slow_pid]
    assert len(by_slow) < 10  # dealt in advance, it would have had 20 or 21


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


_ORPHANED = """
import multiprocessing, sys, time
from edgelint.run.workers import Work, forked

def big(state, item):
    return b"x" * (1 << 20)  # more than a pipe holds: the worker waits on its write

results = forked(Work(None, list(range(50)), big, lambda item, code: None), 2)
next(results)
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
time.sleep(120)
"""


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's exit waits for a reaper a container may lack)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_workers_end_when_their_parent_is_killed() -> None:
    """A parent killed outright (SIGKILL, the out-of-memory killer) runs no cleanup: its
    workers must see their pipes end and exit, not wait forever on a write. (They used to:
    each held its own pipe's reading end, copied by the fork.)"""
    import subprocess

    parent = subprocess.Popen([sys.executable, "-c", _ORPHANED], stdout=subprocess.PIPE)
    assert parent.stdout is not None
    pids = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(pids) == 2 and all(map(_running, pids))
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 30  # never a hang: they end as soon as they next write
    while any(map(_running, pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in pids if _running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []
