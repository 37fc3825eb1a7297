"""A progress bar for long runs on a terminal, and nothing anywhere else.

Hundreds of files take a few seconds; a bar says the run is alive. It goes to stderr, only when
stderr is a terminal, never in CI (CI, GITHUB_ACTIONS) and never with a machine-readable format:
logs and reports stay clean. rich is imported only when a bar is shown.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

THRESHOLD = 200  # files; fewer finish before a bar would be read


def wanted(count: int, machine_format: bool) -> bool:
    if machine_format or count <= THRESHOLD:
        return False
    if os.environ.get("CI") or os.environ.get("GITHUB_ACTIONS") or os.environ.get("NO_PROGRESS"):
        return False
    return sys.stderr.isatty()


@contextmanager
def bar(count: int, label: str, show: bool) -> Iterator[Callable[[], None]]:
    if not show:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, transient=True, console=_console()) as progress:
        task = progress.add_task(label, total=count)
        yield lambda: progress.advance(task)


def _console() -> Console:
    from rich.console import Console

    return Console(stderr=True)
