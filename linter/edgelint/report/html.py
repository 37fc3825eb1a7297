"""One self-contained HTML page: a report to attach to a CI run or mail, readable offline.

The page has no external assets and no script, so it renders the same from an artifact store,
a mail client or a file:// URL: its filters by severity and by code are radio buttons and CSS,
its index and rule links anchors in the page. Every value from a file or a message goes through
jinja2's autoescaping: the linted YAML is untrusted input, and a page that ran its `<script>`
would be an injection in the CI's domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from edgelint import __version__
from edgelint.diagnostics import Applicability, Diagnostic, Severity
from edgelint.load.source import SourceView
from edgelint.report.escape import visible
from edgelint.report.view import Collected, Reporter, View

if TYPE_CHECKING:
    from edgelint.rules.base import Rule
    from edgelint.run.results import FileResult

TEMPLATE = "report.html.j2"
CONTEXT_LINES = 1
MAX_SPAN_LINES = 8  # a span over a whole document shows its head and its last line
MAX_WIDTH = 200  # a minified line shows a window around the span


@dataclass(frozen=True)
class Row:
    """One source line of a snippet, cut into the text before, inside and after the span."""

    number: int | None  # None for the row that stands for skipped lines
    before: str
    marked: str = ""
    after: str = ""
    point: bool = False  # an empty span: shown as a thin mark between two characters


@dataclass(frozen=True)
class Entry:
    """A diagnostic as the HTML report shows it: with its rule and its source lines."""

    diagnostic: Diagnostic
    rule: Rule | None
    rows: list[Row]

    @property
    def severity(self) -> str:
        return self.diagnostic.severity.value

    @property
    def message_parts(self) -> list[tuple[str, bool]]:
        return inline_code(self.diagnostic.message)

    @property
    def fix_parts(self) -> list[tuple[str, bool]]:
        fix = self.diagnostic.fix
        return inline_code(fix.message) if fix is not None else []

    @property
    def fix_kind(self) -> str | None:
        fix = self.diagnostic.fix
        if fix is None:
            return None
        return "safe fix" if fix.applicability is Applicability.SAFE else "unsafe fix"


@dataclass(frozen=True)
class FileEntry:
    """One file of the index: its anchor and its counts."""

    path: str
    anchor: str
    entries: list[Entry]

    def count(self, severity: str) -> int:
        return sum(1 for e in self.entries if e.severity == severity)


def inline_code(text: str) -> list[tuple[str, bool]]:
    """A message cut at its backticks: (text, is code) pieces, each escaped by the template."""
    pieces = text.split("`")
    if len(pieces) % 2 == 0:  # an odd backtick: no code at all, the text as it is
        return [(text, False)]
    return [(piece, index % 2 == 1) for index, piece in enumerate(pieces) if piece]


def format_results(files: list[FileResult], *, fixed: int | None = None) -> str:
    import jinja2

    from edgelint.rules import all_rules

    catalog = all_rules()
    reported = [
        FileEntry(
            f.path,
            f"file-{index}",
            [Entry(d, catalog.get(d.code), snippet(d, f.source)) for d in f.diagnostics],
        )
        for index, f in enumerate((f for f in files if f.diagnostics), start=1)
    ]
    diagnostics = [d for f in files for d in f.diagnostics]
    codes = sorted({d.code for d in diagnostics})
    rules = [catalog[code] for code in codes if code in catalog]
    summary = {
        "files": len(files),
        "clean": len(files) - len(reported),
        "errors": _count(diagnostics, Severity.ERROR),
        "warnings": _count(diagnostics, Severity.WARNING),
        "infos": _count(diagnostics, Severity.INFO),
        "fixed": fixed,
    }
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("edgelint.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # A page printed to a terminal (no --output) must not carry a file's ESC either.
        finalize=lambda value: visible(value) if isinstance(value, str) else value,
    )
    template = environment.get_template(TEMPLATE)
    return template.render(
        files=reported, summary=summary, version=__version__, codes=codes, rules=rules
    )


def _count(diagnostics: list[Diagnostic], severity: Severity) -> int:
    return sum(1 for d in diagnostics if d.severity is severity)


def snippet(diagnostic: Diagnostic, source: SourceView | None) -> list[Row]:
    """The spanned lines with a line of context around them; nothing for an undecodable file."""
    if source is None:
        return []
    last_line = len(source.line_starts)
    first, last = diagnostic.start.line, min(diagnostic.end.line, last_line)
    if not 1 <= first <= last_line:
        return []
    # An end at column 1 of the next line ends with the previous line's break: don't show it.
    if last > first and diagnostic.end.column == 1:
        last -= 1
    rows: list[Row] = []
    for number in range(max(1, first - CONTEXT_LINES), first):
        rows.append(_plain(number, source.line_text(number)))
    spanned = list(range(first, last + 1))
    if len(spanned) > MAX_SPAN_LINES:
        spanned = [*spanned[: MAX_SPAN_LINES - 1], spanned[-1]]
    previous = first - 1
    for number in spanned:
        if number != previous + 1:
            rows.append(Row(None, "…"))
        rows.append(_marked(number, source.line_text(number), diagnostic, first, last))
        previous = number
    # A final line break does not start a line worth showing as context.
    if last_line > 1 and source.line_starts[-1] == source.length:
        last_line -= 1
    for number in range(last + 1, min(last_line, last + CONTEXT_LINES) + 1):
        rows.append(_plain(number, source.line_text(number)))
    return rows


def _plain(number: int, text: str) -> Row:
    if len(text) > MAX_WIDTH:
        text = text[:MAX_WIDTH] + "…"
    return Row(number, text)


def _marked(number: int, text: str, diagnostic: Diagnostic, first: int, last: int) -> Row:
    start = diagnostic.start.column - 1 if number == first else 0
    end = diagnostic.end.column - 1 if number == last == diagnostic.end.line else len(text)
    start = min(start, len(text))
    end = max(start, min(end, len(text)))
    before, marked, after = text[:start], text[start:end], text[end:]
    # Keep a window around the span on a minified line instead of the whole line.
    third = MAX_WIDTH // 3
    if len(before) > third:
        before = "…" + before[-third:]
    if len(marked) > third:
        marked = marked[:third] + "…"
    if len(after) > third:
        after = after[:third] + "…"
    return Row(
        number, before, marked, after, point=not marked and diagnostic.start == diagnostic.end
    )


def reporter(view: View) -> Reporter:
    """The html report (REPORTERS' entry point): one document, made at the end."""
    return Collected(format_results, view)
