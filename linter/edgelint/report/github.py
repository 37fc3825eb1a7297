"""GitHub Actions workflow commands: each diagnostic becomes an annotation on the pull request.

Nothing but the commands is printed: the runner reads stdout line by line, and any other line
would show in the log as noise. Values are escaped as the runner unescapes them
(actions/toolkit ``escapeData`` / ``escapeProperty``), so a message with a newline or a comma
arrives whole instead of ending the command or starting a new property; control characters
are shown, not passed (report/escape.py), so that no value can end its line and start a command
of its own (`::stop-commands::`, a forged `::error::`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from edgelint.diagnostics import Diagnostic, Severity
from edgelint.report.escape import visible
from edgelint.report.view import Reporter, View

if TYPE_CHECKING:
    from edgelint.run.results import FileResult
    from edgelint.run.runner import RunResult

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_results(files: list[FileResult], *, fixed: int | None = None) -> str:
    from edgelint.rules import all_rules

    names = {code: rule.name for code, rule in all_rules().items()}
    return "\n".join(command(d, names.get(d.code)) for f in files for d in f.diagnostics)


def command(diagnostic: Diagnostic, rule_name: str | None) -> str:
    title = diagnostic.code if rule_name is None else f"{diagnostic.code} {rule_name}"
    properties = {
        "file": diagnostic.path,
        "line": str(diagnostic.start.line),
        "col": str(diagnostic.start.column),
        "endLine": str(diagnostic.end.line),
        "endColumn": str(diagnostic.end.column),
        "title": title,
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{COMMANDS[diagnostic.severity]} {joined}::{escape_data(diagnostic.message)}"


def escape_data(text: str) -> str:
    """Controls shown (an ESC in a file name must not reach the log as one), then the runner's
    own escapes: a value stays inside its command, whatever it holds."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GitHub:
    """Each file's annotations as the file comes: the runner reads them as they arrive."""

    def __init__(self) -> None:
        from edgelint.rules import all_rules

        self._names = {code: rule.name for code, rule in all_rules().items()}

    def add(self, result: FileResult) -> str:
        result = result.compact()  # masked, whatever the caller kept
        return "".join(command(d, self._names.get(d.code)) + "\n" for d in result.diagnostics)

    def finish(self, run: RunResult) -> str:
        return ""


def reporter(view: View) -> Reporter:
    """The github report (REPORTERS' entry point)."""
    return GitHub()
