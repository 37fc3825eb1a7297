"""Inline suppression comments, and the report of those that suppress nothing.

    external: "8080"   # edgelint: disable=EL201
    # edgelint: disable-next-line=EL303,EL306
    # edgelint: disable-file=EL301            (in the comment block at the top of the file)

Comments are found in the text, not in the YAML events (the parser drops them): a `#` that
starts a YAML comment is at the start of a line or after white space, which is what the pattern
asks for. A bare `disable` (no `=`) suppresses every code on its line. A directive that matches
no diagnostic is reported as EL007 (info), as ruff reports an unused `noqa`: stale suppressions
otherwise hide the next real problem on that line.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from edgelint.diagnostics import Diagnostic, Severity, span_diagnostic
from edgelint.load.source import SourceFile
from edgelint.rules.base import Rule

EL007 = Rule(
    code="EL007",
    name="unused-suppression",
    severity=Severity.INFO,
    summary="An `# edgelint: disable…` comment that suppresses nothing, or names no rule.",
    docs="""
    ## What it finds
    A suppression comment whose codes match no diagnostic where it applies (the problem was
    fixed, or the comment sits on the wrong line), a code that is no rule (`EL999`), a
    `disable-file` below the comment block at the top of the file, and a misspelt directive
    (`# edgelint: disabled=EL301`).

    ## Why it matters
    A stale suppression hides the next real problem on its line: the platform behaviour the
    rule guards against (each rule's own docs cite its public source) goes unreported, which is
    why edgelint reports it as ruff reports an unused `noqa`
    (https://docs.astral.sh/ruff/rules/unused-noqa/). Suppressions are
    `# edgelint: disable=CODE[,CODE]` at the end of a line,
    `# edgelint: disable-next-line=CODE` on the line before, and
    `# edgelint: disable-file=CODE` in the comment block at the top of the file.

    ## Example
    ```yaml
    images:
      x86: nginx:1.25
      registry: 1  # edgelint: disable=EL303   # EL007: no EL303 on this line
    ```

    ## Fix
    No automatic fix: delete the comment, or correct its code or move it to the line of the
    diagnostic; `edgelint fix` does not change it.
    """,
)

RULES = (EL007,)

# Codes are comma-separated; anything after them is a free-text reason.
DIRECTIVE = re.compile(
    r"(?:^|(?<=\s))#\s*edgelint:\s*(?P<kind>[A-Za-z-]+)"
    r"(?:\s*=\s*(?P<codes>[A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*))?"
)
_KINDS = ("disable", "disable-next-line", "disable-file")


@dataclass(repr=False, eq=False)
class Directive:
    """An `# edgelint:` comment, and the codes it silenced (EL007 reports one that silenced
    none)."""

    kind: str
    codes: tuple[str, ...]  # empty: every code
    line: int  # the comment's line
    start: int  # offsets of the comment, for EL007
    end: int
    used: set[str] = field(default_factory=set)

    def covers(self, diagnostic: Diagnostic) -> bool:
        if self.kind == "disable" and diagnostic.start.line != self.line:
            return False
        if self.kind == "disable-next-line" and diagnostic.start.line != self.line + 1:
            return False
        return not self.codes or diagnostic.code in self.codes


def directives(
    source: SourceFile, known: Collection[str]
) -> tuple[list[Directive], list[Diagnostic]]:
    """Every directive of the file, and EL007 for the ones that cannot work as written (`known`:
    every rule code, from the catalog)."""
    found: list[Directive] = []
    problems: list[Diagnostic] = []
    text = source.text
    if "edgelint:" not in text:
        return found, problems
    at_top = True
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        stripped = line.strip()
        match = DIRECTIVE.search(line)
        if match is not None:
            start, end = offset + match.start(), offset + len(line.rstrip("\r\n"))
            kind = match.group("kind")
            codes = tuple(
                c.strip().upper() for c in (match.group("codes") or "").split(",") if c.strip()
            )
            problem = None
            if kind not in _KINDS:
                problem = (
                    f"`{kind}` is not a directive: use disable, disable-next-line or disable-file"
                )
            elif kind == "disable-file" and not at_top:
                problem = "`disable-file` works only in the comment block at the top of the file"
            elif kind != "disable" and not codes:
                problem = f"`{kind}` needs the codes it disables: `# edgelint: {kind}=EL301`"
            else:
                unknown = [c for c in codes if c not in known]
                if unknown:
                    verb = "is" if len(unknown) == 1 else "are"
                    problem = f"{', '.join(unknown)} {verb} no edgelint rule"
            if problem is None:
                found.append(Directive(kind, codes, number, start, end))
            else:
                problems.append(_el007(source, start, end, problem))
        if (
            stripped
            and not stripped.startswith("#")
            and stripped not in ("---", "%YAML 1.1", "%YAML 1.2")
        ):
            at_top = False
        offset += len(line)
    return found, problems


def apply(
    source: SourceFile, diagnostics: list[Diagnostic], known: Collection[str]
) -> list[Diagnostic]:
    """The diagnostics no directive suppresses, plus EL007 for directives that did nothing."""
    found, problems = directives(source, known)
    if not found and not problems:
        return diagnostics
    kept = []
    for diagnostic in diagnostics:
        covering = next((d for d in found if d.covers(diagnostic)), None)
        if covering is None:
            kept.append(diagnostic)
        else:
            covering.used.add(diagnostic.code)
    for directive in found:
        unused = [c for c in directive.codes if c not in directive.used]
        if directive.codes and unused:
            where = {
                "disable": "on this line",
                "disable-next-line": "on the next line",
                "disable-file": "in this file",
            }[directive.kind]
            problems.append(
                _el007(
                    source,
                    directive.start,
                    directive.end,
                    f"suppresses nothing: no {', '.join(unused)} {where}",
                )
            )
        elif not directive.codes and not directive.used:
            problems.append(
                _el007(source, directive.start, directive.end, "suppresses nothing on this line")
            )
    return kept + problems


def _el007(source: SourceFile, start: int, end: int, message: str) -> Diagnostic:
    return span_diagnostic(source, EL007.code, EL007.severity, message, start, end)
