"""What every reporter takes and gives: a run's files one at a time, then the run's counts.

One interface for every format. A format that can stream (text, github, json-lines) presents
each file as it comes, so that a run over 20,000 files writes its findings as it goes and keeps
none of them; the others (one JSON, SARIF, XML or HTML document) keep the files' compact
results until the end, as their document needs them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from edgelint.run.results import FileResult
    from edgelint.run.runner import RunResult


@dataclass(frozen=True, repr=False, eq=False)
class View:
    """How a report is wanted: in colour, for a fix run (and a dry one), or for a file."""

    color: bool = False
    fixing: bool = False
    dry: bool = False
    to_file: bool = False  # --output: the terminal gets the summary, the file the report


class Reporter(Protocol):
    def add(self, result: FileResult) -> str:
        """The report's text for one more file (in the order of the inputs), to write now."""
        ...

    def finish(self, run: RunResult) -> str:
        """The rest of the report, once every file is in: ``run`` has the counts."""
        ...


FormatResults = Callable[..., str]  # format_results(files, *, fixed=None) -> str


class Collected:
    """A format that is one document: the files' compact results (findings and the lines they
    show, credentials masked) are kept until the end."""

    def __init__(self, format_results: FormatResults, view: View) -> None:
        self._format = format_results
        self._view = view
        self._files: list[FileResult] = []

    def add(self, result: FileResult) -> str:
        self._files.append(result.compact())  # masked, whatever the caller kept
        return ""

    def finish(self, run: RunResult) -> str:
        return document(self._format(self._files, fixed=fixed_count(run, self._view)))


def fixed_count(run: RunResult, view: View) -> int | None:
    """How many fixes a fix run applied (None on a lint run): the machine formats say it."""
    return sum(len(f.applied) for f in run.fixes) if view.fixing else None


def document(text: str) -> str:
    """A report as written: ending in a line break unless empty."""
    return text if text.endswith("\n") or not text else text + "\n"
