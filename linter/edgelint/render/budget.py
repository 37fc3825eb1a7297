"""What the templates of one file may cost together.

Each template is bounded on its own (render/engine.py: length, loop iterations, output), but a
file can hold hundreds of templates, each just under those limits: 300 such values take minutes
to render. A Budget is shared by every template of a file — rendered values, ApplicationTemplate
variables and deployments alike — and once it is spent the rest of the file's templates are
left as written, with one EL409 at the first that did not fit. Kept apart from the engine so
that a file without templates never imports Liquid to get one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

FILE_LOOP_ITERATIONS = 100_000  # ten templates at the per-template limit
FILE_OUTPUT = 1_000_000  # characters
FILE_SECONDS = 5.0  # wall clock, a last resort: the counts above decide on any usual machine


class BudgetSpent(Exception):
    """The file's templates together went past their Budget."""


@dataclass(repr=False, eq=False)
class Budget:
    """What a file's templates may spend together, so that many templates just under each limit
    cannot take minutes."""

    iterations: int = FILE_LOOP_ITERATIONS
    output: int = FILE_OUTPUT
    seconds: float = FILE_SECONDS
    deadline: float | None = None
    spent: str | None = None  # what ran out, once it did
    reported: bool = False  # EL409 said so already
    skipped: int = 0  # templates left unrendered because of it
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)

    def start(self) -> None:
        if self.deadline is None:
            self.deadline = self.clock() + self.seconds

    def check(self) -> None:
        if self.spent is None and self.deadline is not None and self.clock() > self.deadline:
            self.spent = f"{self.seconds:g} seconds of rendering"
        if self.spent is not None:
            raise BudgetSpent(
                f"the file's templates together exceed edgelint's budget of {self.spent}"
            )

    def loop(self, length: int) -> None:
        self.iterations -= length
        if self.iterations < 0 and self.spent is None:
            self.spent = f"{FILE_LOOP_ITERATIONS:,} loop iterations"
        self.check()

    def wrote(self, value: Any) -> None:
        if isinstance(value, str):
            self.output -= len(value)
            if self.output < 0 and self.spent is None:
                self.spent = f"{FILE_OUTPUT:,} characters of output"
