"""Plain data that every stage produces and every reporter presents.

A diagnostic knows where it is as character offsets into the file's text; positions for people
are derived from those through ``SourceFile.position``. A fix is a set of splices of the original
text, never a re-dump, and says whether applying it is safe (ruff's applicability).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from edgelint.load.source import Position, SourceFile


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Applicability(str, Enum):
    SAFE = "safe"  # keeps what the Controller would do: applied by `edgelint fix`
    UNSAFE = "unsafe"  # changes behaviour to what was most likely meant: `--unsafe-fixes`


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] with content (character offsets into SourceFile.text)."""

    start: int
    end: int
    content: str


@dataclass(frozen=True)
class Fix:
    """Edits that make one diagnostic go away; `fix` applies only those its applicability
    allows."""

    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE


@dataclass(frozen=True)
class Diagnostic:
    """One finding, with the exact place a person can click and what every reporter needs to
    show it."""

    code: str
    severity: Severity
    message: str
    path: str
    start: Position
    end: Position
    start_offset: int = 0
    end_offset: int = 0
    fix: Fix | None = None
    document: int | None = None  # 0-based index of the YAML document, when there is one
    data_path: tuple[str | int, ...] = field(default=())  # where in that document's data
    # An error the Controller does not reject: it stores the value as edgelint renders it
    # (`undefined` printed in text, an unknown filter ignored). `render` still prints those.
    stored_anyway: bool = False

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.start.line, self.start.column, self.code)


def span_diagnostic(
    source: SourceFile,
    code: str,
    severity: Severity,
    message: str,
    start: int,
    end: int,
    *,
    fix: Fix | None = None,
    document: int | None = None,
    data_path: tuple[str | int, ...] = (),
    stored_anyway: bool = False,
) -> Diagnostic:
    return Diagnostic(
        code=code,
        severity=severity,
        message=message,
        path=source.path,
        start=source.position(start),
        end=source.position(max(end, start)),
        start_offset=start,
        end_offset=max(end, start),
        fix=fix,
        document=document,
        data_path=data_path,
        stored_anyway=stored_anyway,
    )


def allowed(diagnostic: Diagnostic, unsafe: bool) -> bool:
    """Whether `fix` applies this diagnostic's fix: safe ones always, unsafe ones on request."""
    fix = diagnostic.fix
    return fix is not None and (unsafe or fix.applicability is Applicability.SAFE)
