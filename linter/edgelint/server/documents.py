"""An open document, linted: what lint found in one exact text, kept until the text changes, so
code actions and hovers answer from that lint and never from a text the editor no longer has.

The text is linted as `edgelint lint` would lint the file at the document's path, with lint's
limits (`max-file-size` gives lint's EL004 without reading further). The editor's text may start
with a byte-order mark, which edgelint's offsets leave out: `shift` puts it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from edgelint.server.positions import Offsets

if TYPE_CHECKING:
    from edgelint.config.project import Project
    from edgelint.config.settings import Settings
    from edgelint.diagnostics import Diagnostic
    from edgelint.load.source import SourceFile
    from edgelint.run.results import FileResult

DOCS = "https://github.com/edgelint/edgelint/blob/main/docs/rules.md#"
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


@dataclass
class Linted:
    """An open document's last lint, kept so that hovers and code actions answer without linting
    again."""

    text: str  # the document's text as the editor holds it
    result: FileResult
    settings: Settings
    offsets: Offsets
    # The text every safe fix gives (`edgelint fix`), once a code action asked for it.
    fixed: str | None = None
    # The findings in words safe to show (a credential's value taken out of messages and fix
    # titles; the edits themselves are the real ones), and as LSP diagnostics: one per finding.
    said: list[Diagnostic] = field(default_factory=list)
    shown: list[types.Diagnostic] = field(default_factory=list)

    @property
    def shift(self) -> int:
        return 1 if self.text.startswith("\ufeff") else 0

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.result.diagnostics

    @property
    def source(self) -> SourceFile | None:
        from edgelint.load.source import SourceFile

        source = self.result.source
        return source if isinstance(source, SourceFile) else None

    def position(self, offset: int) -> types.Position:
        """An offset into edgelint's text (no byte-order mark) as an LSP position."""
        return types.Position(*self.offsets.position(offset + self.shift))

    def offset(self, position: types.Position) -> int:
        """An LSP position as an offset into edgelint's text."""
        return max(self.offsets.offset(position.line, position.character) - self.shift, 0)

    def range_of(self, diagnostic: Diagnostic) -> types.Range:
        """The characters the finding underlines; an empty span gets one, so it shows."""
        start = self._edgelint_position(diagnostic.start.line, diagnostic.start.column)
        end = self._edgelint_position(diagnostic.end.line, diagnostic.end.column)
        if (end.line, end.character) <= (start.line, start.character):
            end = types.Position(start.line, start.character + 1)
        return types.Range(start, end)

    def _edgelint_position(self, line: int, column: int) -> types.Position:
        if line == 1:
            column += self.shift
        return types.Position(*self.offsets.edgelint_position(line, column))


def lint_text(project: Project, path: Path, text: str, encoding: str | None) -> Linted:
    """Lint the document's text as lint would lint the file at its path."""
    from edgelint.run.inputs import Input, TooLarge
    from edgelint.run.lint import lint_bytes
    from edgelint.run.runner import too_large

    settings = project.settings_for(Input(str(path), str(path)))
    raw = text.encode("utf-8", "surrogatepass")
    if len(raw) > settings.max_file_size:  # not read, as lint refuses it: its EL004
        result = too_large(str(path), TooLarge(len(raw), settings.max_file_size), settings)
    else:
        result = lint_bytes(str(path), raw, settings)
    linted = Linted(text, result, settings, Offsets(text, encoding))
    linted.said = _scrubbed(result)
    linted.shown = [_to_lsp(linted, d) for d in linted.said]
    return linted


def _scrubbed(result: FileResult) -> list[Diagnostic]:
    """The findings as the editor shows them: a credential's value out of their words, as in
    every report (an editor's LSP log is a file like any other)."""
    from edgelint.load.source import SourceFile
    from edgelint.run.secrets import scrub_diagnostics

    if not result.secrets or not isinstance(result.source, SourceFile):
        return result.diagnostics
    return scrub_diagnostics(result.diagnostics, result.source.text, result.secrets)


def _to_lsp(linted: Linted, diagnostic: Diagnostic) -> types.Diagnostic:
    return types.Diagnostic(
        range=linted.range_of(diagnostic),
        message=diagnostic.message,
        severity=_SEVERITY.get(diagnostic.severity.value, types.DiagnosticSeverity.Error),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=DOCS + diagnostic.code.lower()),
        source="edgelint",
    )


def overlaps(a: types.Range, b: types.Range) -> bool:
    def key(position: types.Position) -> tuple[int, int]:
        return position.line, position.character

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)
