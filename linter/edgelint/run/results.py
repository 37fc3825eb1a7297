"""What checking one file produced, and the compact form a long run keeps of it.

Kept apart from lint.py so that reporting results (from the cache, from worker processes)
does not import the checking machinery.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from edgelint.diagnostics import Diagnostic, Severity, allowed
from edgelint.load.source import SourceFile, SourceView

if TYPE_CHECKING:
    from edgelint.load.loader import LoadResult
    from edgelint.rules.context import DocumentContext


@dataclass(repr=False, eq=False)
class FileResult:
    """What checking one file gave, kept only until it is reported."""

    path: str
    source: SourceView | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    loaded: LoadResult | None = None
    contexts: list[DocumentContext] = field(default_factory=list)  # checked documents
    # Character spans of credential values (a Registry password): never shown in a report.
    secrets: list[tuple[int, int]] = field(default_factory=list)
    # The target the file's apiVersion chose, when no option or configuration named one.
    detected_target: str | None = None
    skipped: int = 0  # documents that are not ioFog resources (EL005, opt-in): counted
    seconds: float = 0.0  # how long checking it took (0 from the cache): JUnit's `time`

    @property
    def fixable(self) -> bool:
        return self.loaded is not None and not self.loaded.failed

    def compact(self) -> FileResult:
        """What reporting needs: the diagnostics and the lines they show (not the documents,
        renders and whole text, which a run over thousands of files cannot keep), with every
        credential masked — in the lines, the messages and the fixes."""
        source = self.source
        diagnostics = self.diagnostics
        if isinstance(source, SourceFile):
            if self.secrets:
                from edgelint.run.secrets import scrub_diagnostics

                diagnostics = scrub_diagnostics(diagnostics, source.text, self.secrets)
            lines = shown_lines(source, diagnostics)
            source = source.excerpt(lines, self.secrets) if diagnostics else None
        return FileResult(
            self.path,
            source,
            diagnostics,
            secrets=self.secrets,
            detected_target=self.detected_target,
            skipped=self.skipped,
            seconds=self.seconds,
        )


@dataclass
class Tally:
    """What a run's summary and exit code need of its files: counts, not findings. A run that
    streams its report keeps only this, so that its memory does not grow with the files."""

    files: int = 0
    severities: dict[Severity, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)
    safe_fixes: int = 0
    all_fixes: int = 0  # safe and unsafe
    rejections: int = 0  # errors the Controller refuses or stores as error text
    targets: dict[str, int] = field(default_factory=dict)  # files whose apiVersion chose it
    skipped: int = 0  # documents that are not ioFog resources

    def add(self, result: FileResult, sign: int = 1) -> None:
        """Count a file in (or, with ``sign`` -1, out again: a fix whose write failed)."""
        self.files += sign
        for d in result.diagnostics:
            self.severities[d.severity] = self.severities.get(d.severity, 0) + sign
            self.codes[d.code] = self.codes.get(d.code, 0) + sign
            self.safe_fixes += sign * allowed(d, False)
            self.all_fixes += sign * allowed(d, True)
            self.rejections += sign * (d.severity is Severity.ERROR and not d.stored_anyway)
        if result.detected_target is not None:
            target = result.detected_target
            self.targets[target] = self.targets.get(target, 0) + sign
        self.skipped += sign * result.skipped

    @property
    def diagnostics(self) -> int:
        return sum(self.severities.values())


CONTEXT_LINES = 2
SPAN_LINES = 12


def shown_lines(source: SourceFile, diagnostics: list[Diagnostic]) -> set[int]:
    """The lines any reporter prints for these diagnostics (spans, context, fix edits)."""
    lines: set[int] = set()
    for d in diagnostics:
        first, last = d.start.line, d.end.line
        lines.update(range(max(1, first - CONTEXT_LINES), min(last, first + SPAN_LINES) + 1))
        lines.update(range(max(first, last - 1), last + CONTEXT_LINES + 1))
        if d.fix is not None:
            for edit in d.fix.edits:
                lines.update(
                    range(source.position(edit.start).line, source.position(edit.end).line + 1)
                )
    return lines
