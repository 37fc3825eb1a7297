"""The machine formats: stable keys, 1-based positions, exclusive end positions (as LSP, ruff).

`json` is one document with a summary; `json-lines` is one diagnostic record a line, as
ruff's `json-lines`, written as each file is checked (jq, grep and a log read it as it comes).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from edgelint import __version__
from edgelint.diagnostics import Diagnostic, Severity
from edgelint.load.source import SourceView
from edgelint.report.escape import json_safe
from edgelint.report.view import Collected, Reporter, View
from edgelint.run.results import FileResult

if TYPE_CHECKING:
    from edgelint.run.runner import RunResult

FORMAT_VERSION = 1


def diagnostic_record(diagnostic: Diagnostic, source: SourceView | None) -> dict[str, Any]:
    fix: dict[str, Any] | None = None
    if diagnostic.fix is not None:
        edits = []
        for edit in diagnostic.fix.edits:
            record: dict[str, Any] = {"content": edit.content}
            if source is not None:
                start, end = source.position(edit.start), source.position(edit.end)
                record.update(
                    line=start.line, column=start.column, end_line=end.line, end_column=end.column
                )
            edits.append(record)
        fix = {
            "applicability": diagnostic.fix.applicability.value,
            "message": diagnostic.fix.message,
            "edits": edits,
        }
    return {
        "path": diagnostic.path,
        "line": diagnostic.start.line,
        "column": diagnostic.start.column,
        "end_line": diagnostic.end.line,
        "end_column": diagnostic.end.column,
        "severity": diagnostic.severity.value,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "document": None if diagnostic.document is None else diagnostic.document + 1,
        "pointer": _pointer(diagnostic.data_path) if diagnostic.document is not None else None,
        "fix": fix,
    }


def _pointer(path: tuple[str | int, ...]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def format_results(files: list[FileResult], *, fixed: int | None = None) -> str:
    records = [diagnostic_record(d, f.source) for f in files for d in f.diagnostics]
    summary: dict[str, Any] = {
        "files": len(files),
        "errors": sum(1 for r in records if r["severity"] == Severity.ERROR.value),
        "warnings": sum(1 for r in records if r["severity"] == Severity.WARNING.value),
        "infos": sum(1 for r in records if r["severity"] == Severity.INFO.value),
        "skipped_documents": sum(f.skipped for f in files),  # not ioFog resources (EL005)
    }
    if fixed is not None:
        summary["fixed"] = fixed
    chosen = {f.path: f.detected_target for f in files if f.detected_target is not None}
    if chosen:
        # Files whose apiVersion chose their target (no --target, no `target` configured).
        summary["targets_from_api_version"] = chosen
    document = {
        "version": FORMAT_VERSION,
        "tool": {"name": "edgelint", "version": __version__},
        "diagnostics": records,
        "summary": summary,
    }
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False))


def reporter(view: View) -> Reporter:
    """The json report (REPORTERS' entry point): one document, made at the end."""
    return Collected(format_results, view)


class JsonLines:
    """One record a line, each file's as it comes; nothing else (no summary, as ruff's)."""

    def add(self, result: FileResult) -> str:
        result = result.compact()  # masked, whatever the caller kept
        records = (diagnostic_record(d, result.source) for d in result.diagnostics)
        return "".join(
            json_safe(json.dumps(r, ensure_ascii=False, separators=(",", ":"))) + "\n"
            for r in records
        )

    def finish(self, run: RunResult) -> str:
        return ""


def lines_reporter(view: View) -> Reporter:
    """The json-lines report (REPORTERS' entry point)."""
    return JsonLines()
