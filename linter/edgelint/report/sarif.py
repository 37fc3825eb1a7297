"""SARIF 2.1.0: what GitHub code scanning, GitLab and IDE SARIF viewers import.

One run per invocation. ``tool.driver.rules`` holds the rules that have results, not the whole
catalog: the output then grows with the findings rather than carrying every rule's docs on a
clean run, and a consumer needs a descriptor only for the results it shows (`edgelint rules`
lists the rest). ``ruleIndex`` points into that array, so it is stable within one document only,
as SARIF intends.

Positions are edgelint's own: 1-based lines counted as editors count them, columns counting
Unicode code points (``run.columnKind`` says so), end columns exclusive, which is SARIF's
convention too.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from edgelint import __version__
from edgelint.diagnostics import Applicability, Diagnostic, Severity
from edgelint.load.source import Position, SourceView
from edgelint.report.escape import json_safe
from edgelint.report.view import Collected, Reporter, View

if TYPE_CHECKING:
    from edgelint.rules.base import Rule
    from edgelint.run.results import FileResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/edgelint/edgelint"
RULES_DOC = INFORMATION_URI + "/blob/main/docs/rules.md"  # generated: one `## ELnnn` per rule
SRCROOT = "%SRCROOT%"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def format_results(files: list[FileResult], *, fixed: int | None = None) -> str:
    from edgelint.rules import all_rules

    catalog = all_rules()
    codes = sorted({d.code for f in files for d in f.diagnostics})
    index = {code: i for i, code in enumerate(codes)}
    results = [_result(d, f.source, index[d.code]) for f in files for d in f.diagnostics]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "edgelint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_descriptor(code, catalog.get(code)) for code in codes],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if fixed is not None:
        run["properties"] = {"fixed": fixed}
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json_safe(json.dumps(log, indent=2, ensure_ascii=False))


def _descriptor(code: str, rule: Rule | None) -> dict[str, Any]:
    """A code with no catalog entry still gets a descriptor: every ruleIndex must resolve."""
    if rule is None:
        return {"id": code}
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation, "markdown": rule.explanation},
        "help": {"text": rule.explanation, "markdown": rule.explanation},
        "helpUri": f"{RULES_DOC}#{rule.code.lower()}",
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }
    if rule.fix is not None:
        descriptor["properties"] = {"fix": rule.fix.value}
    return descriptor


def _result(diagnostic: Diagnostic, source: SourceView | None, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": LEVELS[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(diagnostic.path),
                    "region": _region(diagnostic.start, diagnostic.end, source),
                }
            }
        ],
    }
    fix = diagnostic.fix
    if fix is not None and source is not None:
        replacements = [
            {
                "deletedRegion": _bare_region(source.position(e.start), source.position(e.end)),
                "insertedContent": {"text": e.content},
            }
            for e in fix.edits
        ]
        result["fixes"] = [
            {
                "description": {"text": fix.message},
                "artifactChanges": [
                    {
                        "artifactLocation": artifact_location(diagnostic.path),
                        "replacements": replacements,
                    }
                ],
            }
        ]
    if fix is not None:
        # SARIF has no notion of an unsafe fix; consumers that apply fixes must be able to tell.
        result["properties"] = {
            "applicability": fix.applicability.value,
            "safeFix": fix.applicability is Applicability.SAFE,
        }
    return result


def artifact_location(path: str) -> dict[str, str]:
    """A relative path stays relative to the checkout (%SRCROOT%), so alerts match across runs."""
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    return {"uri": quote(pure.as_posix(), safe="/", errors="surrogateescape"), "uriBaseId": SRCROOT}


def _bare_region(start: Position, end: Position) -> dict[str, int]:
    return {
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    }


def _region(start: Position, end: Position, source: SourceView | None) -> dict[str, Any]:
    region: dict[str, Any] = _bare_region(start, end)
    if source is not None:
        snippet = _span_text(source, start, end)
        if snippet:
            region["snippet"] = {"text": snippet}
    return region


def _span_text(source: SourceView, start: Position, end: Position) -> str:
    lines = len(source.line_starts)
    if not 1 <= start.line <= end.line <= lines:
        return ""
    return source.span_text(start, end)


def reporter(view: View) -> Reporter:
    """The sarif report (REPORTERS' entry point): one document, made at the end."""
    return Collected(format_results, view)
