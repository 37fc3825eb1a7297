"""Forked worker processes that inherit the run's state instead of receiving it.

A file's settings hold compiled validators, snapshots and the rule machinery: pickling them to
every worker would cost more than checking a file. Forked after they are built, each worker
already has them, as arguments of its own function, not as module globals; only the items'
indexes are chosen per worker (every `jobs`-th item: files of a tree vary in size, interleaving
evens that out), and only results travel, one pickled message per file, through one pipe per
worker. A worker that dies (killed, out of memory) costs the files it had not finished, each
reported through `lost`, never a hang: the parent waits on the workers' pipes and exit
sentinels together.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar, cast

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

State = TypeVar("State")
Item = TypeVar("Item")
Result = TypeVar("Result")


class Work(Generic[State, Item, Result]):
    """What each worker does with one item, given the state every worker inherits."""

    def __init__(
        self,
        state: State,
        items: Sequence[Item],
        do: Callable[[State, Item], Result],
        lost: Callable[[Item, int | None], Result],
    ) -> None:
        self.state = state
        self.items = items
        self.do = do
        self.lost = lost  # the result for an item whose worker ended first (its exit code)


def forked(work: Work[State, Item, Result], jobs: int) -> Iterator[tuple[int, Result]]:
    """Each item's (index, result), as the workers finish them, in no particular order.

    Closing the iterator early (an interrupt, an error in the parent) ends the workers.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    count = max(1, min(jobs, len(work.items)))
    # Each worker's process and the next index it owes: it does every `count`-th item in order.
    workers: dict[Connection, tuple[BaseProcess, int]] = {}
    try:
        for number in range(count):
            reader, writer = context.Pipe(duplex=False)
            child = context.Process(target=_worker, args=(work, number, count, writer), daemon=True)
            child.start()
            writer.close()  # the child's end: EOF here once the child has gone
            workers[reader] = (child, number)
        while workers:
            for ready in wait(list(workers)):
                reader = cast("Connection", ready)
                process, owed = workers[reader]
                try:
                    index, result = reader.recv()
                except EOFError:
                    process.join()
                    for index in range(owed, len(work.items), count):
                        yield index, work.lost(work.items[index], process.exitcode)
                    reader.close()
                    del workers[reader]
                    continue
                workers[reader] = (process, index + count)
                yield index, result
    finally:
        for reader, (process, _) in workers.items():
            if process.is_alive():
                process.kill()
            process.join()
            reader.close()


def _worker(work: Work[State, Item, Result], number: int, count: int, results: Connection) -> None:
    """In the child: its share of the items, one result message each. An interrupt is the
    parent's to handle (it ends the workers); a worker only stops when told to."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from edgelint.fix.atomic import release_signals

    release_signals()
    code = 0
    try:
        for index in range(number, len(work.items), count):
            results.send((index, work.do(work.state, work.items[index])))
    except BaseException:  # `do` reports what it can; this is what it could not
        code = 1  # the parent reports the files not finished, with this exit code
    finally:
        results.close()
    os._exit(code)  # quietly: no traceback, no exit handlers copied from the parent
