"""What every reporter takes and gives: the run, how the report is wanted, the text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from edgelint.run.runner import RunResult


@dataclass(frozen=True)
class View:
    """How a report is wanted: in colour, for a fix run (and a dry one), or for a file."""

    color: bool = False
    fixing: bool = False
    dry: bool = False
    to_file: bool = False  # --output: the terminal gets the summary, the file the report


class Reporter(Protocol):
    def __call__(self, run: RunResult, view: View) -> str: ...


def fixed_count(run: RunResult, view: View) -> int | None:
    """How many fixes a fix run applied (None on a lint run): the machine formats say it."""
    return sum(len(f.applied) for f in run.fixes) if view.fixing else None


def document(text: str) -> str:
    """A report as written: ending in a line break unless empty."""
    return text if text.endswith("\n") or not text else text + "\n"
