"""Forked worker processes that inherit the run's state instead of receiving it.

A file's settings hold compiled validators, snapshots and the rule machinery: pickling them to
every worker would cost more than checking a file. Forked after they are built, each worker
already has them, as arguments of its own function, not as module globals. The parent hands out
item indexes a few at a time, in order, to whichever worker answers: results come back in
nearly the order of the items, so the runner's reorder buffer stays a few files long even when
one worker is slowed (a busy core), and the work evens out by itself. Only indexes and results
travel, one pickled message each, through two pipes per worker. A worker that dies (killed, out
of memory) costs the items it had been handed and not finished, each reported through `lost`,
never a hang: the parent waits on the workers' pipes and exit sentinels together, and there is
no lock a dying worker could leave held.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar, cast

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkContext
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


# Items handed to a worker ahead of its answers: one to work on, one waiting, so that it never
# idles for the parent's reply.
AHEAD = 2


def forked(work: Work[State, Item, Result], jobs: int) -> Iterator[tuple[int, Result]]:
    """Each item's (index, result), as the workers finish them: in about the order of the
    items, never more than AHEAD per worker out of it.

    Closing the iterator early (an interrupt, an error in the parent) ends the workers.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    from edgelint.run.collector import frozen_for_fork

    context = multiprocessing.get_context("fork")
    total = len(work.items)
    count = max(1, min(jobs, total))
    workers: dict[Connection, _Worker] = {}
    following = 0  # the next index to hand out
    exitcode: int | None = None
    try:
        with frozen_for_fork():
            for _ in range(count):
                _start(context, work, workers)
        for worker in workers.values():  # in order, round the workers, AHEAD each
            following = worker.hand(following, total, AHEAD)
        while workers:
            for ready in wait(list(workers)):
                reader = cast("Connection", ready)
                worker = workers[reader]
                try:
                    index, result = reader.recv()
                except EOFError:
                    worker.process.join()
                    exitcode = worker.process.exitcode
                    for index in worker.owed:
                        yield index, work.lost(work.items[index], exitcode)
                    worker.close()
                    reader.close()
                    del workers[reader]
                    continue
                worker.owed.remove(index)
                following = worker.hand(following, total, 1)
                yield index, result
        for index in range(following, total):  # every worker died before these were handed
            yield index, work.lost(work.items[index], exitcode)
    finally:
        for reader, worker in workers.items():
            if worker.process.is_alive():
                worker.process.kill()
            worker.process.join()
            worker.close()
            reader.close()


def _start(
    context: ForkContext, work: Work[State, Item, Result], workers: dict[Connection, _Worker]
) -> None:
    """Fork one more worker, with two pipes of its own."""
    reader, writer = context.Pipe(duplex=False)
    tasks, handed = context.Pipe(duplex=False)
    # The parent's ends, which the fork copies: the child closes its copies, or a parent that is
    # killed would leave it writing to a pipe it holds open itself, forever.
    theirs = [reader, handed, *(w.handed for w in workers.values()), *workers]
    args = (work, tasks, writer, theirs)
    child = context.Process(target=_worker, args=args, daemon=True)
    child.start()
    writer.close()  # the child's ends: EOF here once the child has gone
    tasks.close()
    workers[reader] = _Worker(child, handed)


class _Worker:
    """A worker as the parent sees it: its process, the pipe that hands it indexes, and the
    indexes handed to it and not answered yet."""

    def __init__(self, process: BaseProcess, handed: Connection) -> None:
        self.process = process
        self.handed: Connection | None = handed
        self.owed: list[int] = []

    def hand(self, following: int, total: int, many: int) -> int:
        """Hand it up to ``many`` more indexes from ``following``; with none left, tell it to
        stop. The next index to hand out."""
        if self.handed is None:
            return following
        try:
            for _ in range(many):
                if following >= total:
                    self.handed.send(None)  # nothing more: it ends after what it owes
                    self.close()
                    break
                self.handed.send(following)
                self.owed.append(following)
                following += 1
        except OSError:  # it has gone: its pipe says so, and what it owes is reported lost
            self.close()
        return following

    def close(self) -> None:
        if self.handed is not None:
            self.handed.close()
            self.handed = None


def _worker(
    work: Work[State, Item, Result],
    tasks: Connection,
    results: Connection,
    parents: Sequence[Connection | None],
) -> None:
    """In the child: each index it is handed, one result message each, until told to stop. An
    interrupt is the parent's to handle (it ends the workers); a worker only stops when told,
    or when the parent has gone (its pipes end)."""
    for end in parents:
        if end is not None:
            end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from edgelint.signals import release_signals

    release_signals()
    code = 0
    try:
        while (index := tasks.recv()) is not None:
            results.send((index, work.do(work.state, work.items[index])))
    except EOFError:  # the parent has gone
        code = 1
    except BaseException:  # `do` reports what it can; this is what it could not
        code = 1  # the parent reports the files not finished, with this exit code
    finally:
        results.close()
    os._exit(code)  # quietly: no traceback, no exit handlers copied from the parent
