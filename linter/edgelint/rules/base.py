"""What a rule is: its code, name, default severity, fixability and documentation, in one place."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from edgelint.diagnostics import Applicability, Diagnostic, Fix, Severity, span_diagnostic
from edgelint.source import SourceFile


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    docs: str  # Markdown: what it finds, why it matters on the platform, an example, the fix
    fix: Applicability | None = None  # the applicability of the fix this rule can offer

    @property
    def explanation(self) -> str:
        return textwrap.dedent(self.docs).strip()

    def at(
        self,
        source: SourceFile,
        start: int,
        end: int,
        message: str,
        *,
        fix: Fix | None = None,
        document: int | None = None,
        data_path: tuple[str | int, ...] = (),
        stored_anyway: bool = False,
    ) -> Diagnostic:
        return span_diagnostic(
            source,
            self.code,
            self.severity,
            message,
            start,
            end,
            fix=fix,
            document=document,
            data_path=data_path,
            stored_anyway=stored_anyway,
        )
