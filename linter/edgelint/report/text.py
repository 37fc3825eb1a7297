"""The human format: `path:line:col: severity CODE message`, the line, a caret under the span."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from edgelint.diagnostics import Applicability, Diagnostic, Severity
from edgelint.load.source import SourceView
from edgelint.report.escape import visible
from edgelint.run.results import FileResult

if TYPE_CHECKING:
    from edgelint.report.view import Reporter, View
    from edgelint.run.runner import RunResult

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_COLORS = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;36m",
}
_FIX = "\x1b[32m"
ADDED = "\x1b[32m"  # a diff's + lines
REMOVED = "\x1b[31m"  # a diff's - lines
_MAX_WIDTH = 120


class Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.color and text else text


def format_diagnostic(
    diagnostic: Diagnostic, source: SourceView | None, style: Style, unsafe_fixes: bool
) -> str:
    severity = diagnostic.severity
    head = (
        f"{style(visible(diagnostic.path), _BOLD)}:{diagnostic.start.line}:"
        f"{diagnostic.start.column}: {style(severity.value, _COLORS[severity])} "
        f"{style(diagnostic.code, _BOLD)} {visible(diagnostic.message)}"
    )
    fix = diagnostic.fix
    note = ""
    if fix is not None:
        safe = fix.applicability is Applicability.SAFE
        kind = "fix" if safe else "unsafe fix"
        hidden = "" if safe or unsafe_fixes else " (with --unsafe-fixes)"
        note = style(f"{kind}: {visible(fix.message)}{hidden}", _FIX)
    if source is None:
        return head + (f"\n    = {note}" if note else "")
    return head + "\n" + _snippet(diagnostic, source, style, note)


def _snippet(diagnostic: Diagnostic, source: SourceView, style: Style, note: str) -> str:
    line_no = diagnostic.start.line
    line = source.line_text(line_no)
    start = diagnostic.start.column - 1
    if diagnostic.end.line == line_no:
        width = max(diagnostic.end.column - 1 - start, 1)
    else:
        width = max(len(line) - start, 1)
    if len(line) > _MAX_WIDTH:
        # A minified or generated line: show a window around the span, not 50,000 brackets.
        left = max(0, start - 20)
        right = min(len(line), left + _MAX_WIDTH)
        shown = ("…" if left else "") + line[left:right] + ("…" if right < len(line) else "")
        start = start - left + (1 if left else 0)
        width = min(width, _MAX_WIDTH - (start - 1))
        line = shown
    # Controls are shown (a file's ESC never reaches the terminal); the caret goes under what
    # is shown, and tabs stay under tabs so that it lines up in any terminal.
    pad = "".join(c if c == "\t" else " " * len(visible(c)) for c in line[:start])
    width = max(len(visible(line[start : start + width])) + max(0, start + width - len(line)), 1)
    line = visible(line)
    number = str(line_no)
    gutter = " " * len(number)
    caret = style("^" * width, _COLORS[diagnostic.severity])
    rows = [
        f" {gutter} {style('|', _DIM)}",
        f" {style(number, _DIM)} {style('|', _DIM)} {line}",
        f" {gutter} {style('|', _DIM)} {pad}{caret}" + (f" {note}" if note else ""),
    ]
    return "\n".join(rows)


def format_results(files: Iterable[FileResult], *, color: bool, unsafe_fixes: bool = False) -> str:
    style = Style(color)
    blocks = [
        format_diagnostic(d, f.source, style, unsafe_fixes) for f in files for d in f.diagnostics
    ]
    return "\n\n".join(blocks)


def plural(count: int, word: str) -> str:
    """`1 file`, `2 files`, `3 boxes`, `3 registries` (the last word of a phrase counts)."""
    if count == 1:
        return f"1 {word}"
    if word.endswith("x"):
        return f"{count} {word}es"
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return f"{count} {word[:-1]}ies"
    return f"{count} {word}s"


def fixed_lines(run: RunResult, *, dry: bool) -> list[str]:
    """`path:line:column: fixed CODE what the fix did`, one per applied fix."""
    from edgelint.run.secrets import scrub_diagnostics

    verb = "would fix" if dry else "fixed"
    lines = []
    for outcome in run.fixes:
        applied = outcome.applied
        if outcome.original_secrets:  # a fix's words can quote a credential: masked here too
            applied = scrub_diagnostics(applied, outcome.original.text, outcome.original_secrets)
        for d in sorted(applied, key=lambda d: d.sort_key):
            what = d.fix.message if d.fix is not None else d.message
            where = f"{visible(d.path)}:{d.start.line}:{d.start.column}"
            lines.append(f"{where}: {verb} {d.code} {visible(what)}")
    return lines


def remaining_by_code(run: RunResult) -> list[str]:
    """What is left, counted by code: `edgelint lint` lists it."""
    counts = {code: count for code, count in run.tally.codes.items() if count}
    if not counts:
        return []
    listed = ", ".join(f"{code} ×{count}" for code, count in sorted(counts.items()))
    return [f"Remaining, by code: {listed} (`edgelint lint` shows each)."]


def detected_targets(run: RunResult) -> list[str]:
    """Said once: files whose apiVersion chose their target, because nothing else named one."""
    chosen = run.tally.targets
    return [
        f"{plural(count, 'file')} checked as target {name}: every document says "
        f"`datasance.com/v3`, which only potctl deploys (--target or `target` to choose)."
        for name, count in sorted(chosen.items())
        if count
    ]


def summary(run: RunResult, *, fixing: bool, dry: bool) -> str:
    """The closing lines, as ruff words them: counts, then what `fix` can still do."""
    counts = [
        plural(run.count(Severity.ERROR), "error"),
        plural(run.count(Severity.WARNING), "warning"),
    ]
    infos = run.count(Severity.INFO)
    if infos:
        counts.append(plural(infos, "info"))
    files = run.tally.files
    safe, every = run.fixable(False), run.fixable(True)
    lines = []
    if fixing:
        applied = sum(len(f.applied) for f in run.fixes)
        verb = "Would fix" if dry else "Fixed"
        changed = len(run.fixes)
        lines.append(
            f"{verb} {plural(applied, 'issue')} in {plural(changed, 'file')}."
            if applied
            else "Nothing to fix."
        )
        if dry:
            lines.extend(f"  would change {visible(f.original.path)}" for f in run.fixes)
        remaining = run.tally.diagnostics
        tally = f"{applied} {'to fix' if dry else 'fixed'}, {remaining} remaining"
        if remaining:
            tally += f" ({', '.join(counts)})"
        if every > safe:
            tally += f", {every - safe} more with --unsafe-fixes"
        lines.append(tally + ".")
        return "\n".join(lines)
    if run.tally.diagnostics:
        lines.append(f"Found {', '.join(counts)} in {plural(files, 'file')} checked.")
    else:
        lines.append(f"All checks passed ({plural(files, 'file')} checked).")
    lines.extend(detected_targets(run))
    skipped = run.tally.skipped
    if skipped and not run.tally.codes.get("EL005"):
        documents = "document" if skipped == 1 else "documents"
        lines.append(f"{skipped} non-ioFog {documents} skipped (`--show-skipped` lists them).")
    if safe or every:
        hint = f"{safe} fixable with `edgelint fix`" if safe else "no safe fixes"
        if every > safe:
            hint += f" ({every - safe} more with `edgelint fix --unsafe-fixes`)"
        lines.append(f"[*] {hint}.")
    return "\n".join(lines)


class Text:
    """The text report: on a lint run each file's findings as the file comes, then the
    summary; on a fix run what was fixed and what remains counted by code (the findings
    themselves are `edgelint lint`'s: on a corpus they are a thousand lines), then the
    summary. For a file (--output), plain and whole."""

    def __init__(self, view: View) -> None:
        self._view = view
        self._style = Style(view.color and not view.to_file)
        self._written = False

    def add(self, result: FileResult) -> str:
        if self._view.fixing and not self._view.to_file:
            return ""
        result = result.compact()  # masked, whatever the caller kept
        source, style = result.source, self._style
        blocks = [format_diagnostic(d, source, style, False) for d in result.diagnostics]
        if not blocks:
            return ""
        text = ("\n\n" if self._written else "") + "\n\n".join(blocks)
        self._written = True
        return text

    def finish(self, run: RunResult) -> str:
        view = self._view
        closing = summary(run, fixing=view.fixing, dry=view.dry)
        if view.to_file:
            return "\n\n" + closing + "\n"
        if view.fixing:
            body = "\n".join([*fixed_lines(run, dry=view.dry), *remaining_by_code(run)])
            return (body + "\n\n" if body else "") + closing + "\n"
        return ("\n\n" if self._written else "") + closing + "\n"


def reporter(view: View) -> Reporter:
    """The text report (REPORTERS' entry point)."""
    return Text(view)
