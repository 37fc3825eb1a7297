"""One run over many files: read each, lint or fix it, collect what the reporters present."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from edgelint.diagnostics import Diagnostic, Severity
from edgelint.files import Input
from edgelint.fix import FixOutcome, WriteError, allowed, fix_source, write_atomic
from edgelint.lint import FileResult, lint_bytes
from edgelint.settings import Settings
from edgelint.source import DecodeError, SourceFile

# The file being processed, for the one-line report of an unexpected error.
current_path: str | None = None


@dataclass
class RunResult:
    files: list[FileResult] = field(default_factory=list)
    io_errors: list[str] = field(default_factory=list)
    fixes: list[FixOutcome] = field(default_factory=list)  # fix runs: files that changed

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.diagnostics]

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def rejected(self) -> bool:
        """Errors that make the Controller reject or store error text (not just odd values)."""
        return any(d.severity is Severity.ERROR and not d.stored_anyway for d in self.diagnostics)

    def fixable(self, unsafe: bool) -> int:
        return sum(1 for d in self.diagnostics if allowed(d, unsafe))


def read(input_: Input) -> bytes:
    if input_.path is None:
        return sys.stdin.buffer.read()
    return input_.path.read_bytes()


def _contents(inputs: list[Input], run: RunResult) -> Iterator[tuple[Input, bytes]]:
    """Each input's bytes; one that cannot be read is an I/O error and the run goes on."""
    global current_path
    for input_ in inputs:
        current_path = input_.display
        try:
            raw = read(input_)
        except OSError as exc:
            run.io_errors.append(f"{input_.display}: cannot read: {exc.strerror or exc}")
            continue
        yield input_, raw
    current_path = None


SettingsFor = Callable[[Input], Settings]


def lint_inputs(
    inputs: list[Input], settings_for: SettingsFor, tick: Callable[[], None] = lambda: None
) -> RunResult:
    run = RunResult()
    for input_, raw in _contents(inputs, run):
        run.files.append(lint_bytes(input_.display, raw, settings_for(input_)))
        tick()
    return run


def fix_inputs(
    inputs: list[Input],
    settings_for: SettingsFor,
    *,
    unsafe: bool,
    write: bool,
    tick: Callable[[], None] = lambda: None,
) -> RunResult:
    """Fix every file; write the changed ones when ``write`` (never stdin: the CLI prints it)."""
    run = RunResult()
    for input_, raw in _contents(inputs, run):
        tick()
        settings = settings_for(input_)
        try:
            source = SourceFile.from_bytes(input_.display, raw)
        except DecodeError:
            run.files.append(lint_bytes(input_.display, raw, settings))
            continue
        outcome = fix_source(source, settings, unsafe=unsafe)
        assert outcome.remaining is not None
        run.files.append(outcome.remaining)
        if not outcome.changed:
            continue
        run.fixes.append(outcome)
        if write and input_.path is not None:
            try:
                write_atomic(str(input_.path), outcome.new_bytes)
            except WriteError as exc:
                run.io_errors.append(str(exc))
                run.files[-1] = lint_bytes(input_.display, raw, settings)
                run.fixes.pop()
    return run
