"""`fix --diff`: a unified diff per fixed file, a patch of the user's own file, with the
colours of the text reporter."""

from __future__ import annotations

import difflib
import sys
from typing import TYPE_CHECKING

from edgelint.report.escape import say, visible
from edgelint.report.text import ADDED, REMOVED, Style
from edgelint.run.secrets import masked, merged, raw_spans

if TYPE_CHECKING:
    from edgelint.run.runner import RunResult


def print_diffs(run: RunResult, color: bool) -> None:
    """A unified diff per fixed file, as a patch of the user's own file — except credentials:
    a line that holds one shows `***` in its place, and stderr says that such a line changed
    (a CI log keeps what a diff prints)."""
    for outcome in run.fixes:
        name = outcome.original.path
        old, new = outcome.original.text, outcome.text
        new_spans = outcome.remaining.secrets if outcome.remaining is not None else []
        old_shown = masked(old, merged(outcome.original_secrets, raw_spans(old)), same_length=False)
        new_shown = masked(new, merged(new_spans, raw_spans(new)), same_length=False)
        lines, hidden = _diff_lines(old, new, old_shown, new_shown)
        sys.stdout.write(f"--- a/{visible(name)}\n+++ b/{visible(name)}\n")
        for line in lines:
            ending = line[len(line.rstrip("\r\n")) :] or "\n\\ No newline at end of file\n"
            body = visible(line.rstrip("\r\n"))  # controls shown, tabs kept
            if color and body[:1] in "+-":
                body = Style(color)(body, ADDED if body[0] == "+" else REMOVED)
            sys.stdout.write(body + ending)
        if hidden:
            sys.stdout.flush()
            say(
                sys.stderr,
                f"{name}: {hidden} changed line{'s hold' if hidden > 1 else ' holds'} a "
                "credential, shown as ***",
                prefix="edgelint: note: ",
            )
    sys.stdout.flush()


def _diff_lines(old: str, new: str, old_shown: str, new_shown: str) -> tuple[list[str], int]:
    """Hunks of the real change, each line as shown (masked), and how many changed lines were
    masked. The real texts decide what changed, so a changed credential is still a change."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    shown_a, shown_b = old_shown.splitlines(keepends=True), new_shown.splitlines(keepends=True)
    out: list[str] = []
    hidden = 0
    for group in difflib.SequenceMatcher(None, a, b).get_grouped_opcodes(3):
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(" " + line for line in shown_a[i1:i2])
                continue
            for index in range(i1, i2):
                out.append("-" + shown_a[index])
                hidden += shown_a[index] != a[index]
            for index in range(j1, j2):
                out.append("+" + shown_b[index])
                hidden += shown_b[index] != b[index]
    return out, hidden


def _range(start: int, stop: int) -> str:
    """difflib's unified range: `start,length`, 1-based; an empty range names the line before."""
    length = stop - start
    first = start + 1
    if length == 1:
        return str(first)
    if not length:
        first -= 1
    return f"{first},{length}"
