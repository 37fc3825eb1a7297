"""Code actions, as `ruff server` offers them: each finding's fix as a quick fix, every safe fix
of the file at once (`source.fixAll.edgelint`, what an editor runs on save), and a suppression
comment for a finding's line.

Each is a set of text edits that change exactly what `edgelint fix` changes (its splices, its
passes, its verification), or, for a suppression, exactly the comment; a comment that would
change what the file means (a line inside a block scalar, a quoted text over several lines) is
not offered, which the same verification decides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lsprotocol import types

from edgelint.server.documents import Linted, overlaps

if TYPE_CHECKING:
    from edgelint.diagnostics import Diagnostic, Fix
    from edgelint.load.source import SourceFile

FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.edgelint"
KINDS = (types.CodeActionKind.QuickFix, FIX_ALL)
# Not offered: suppressing the report of a suppression.
_UNSUPPRESSED = frozenset({"EL007"})


def code_actions(
    linted: Linted, uri: str, params: types.CodeActionParams
) -> list[types.CodeAction]:
    only = params.context.only
    actions: list[types.CodeAction] = []
    if _wanted(types.CodeActionKind.QuickFix, only):
        actions.extend(quick_fixes(linted, uri, params.range))
        actions.extend(suppressions(linted, uri, params.range))
    if _wanted(FIX_ALL, only):
        fix_all = fix_all_action(linted, uri)
        if fix_all is not None:
            actions.append(fix_all)
    return actions


def _wanted(kind: str, only: Sequence[str] | None) -> bool:
    """A kind is asked for when `only` is absent or names it or a kind it is part of."""
    if only is None:
        return True
    asked = [str(getattr(o, "value", o)) for o in only]  # lsprotocol's kinds are enums
    return any(kind == o or kind.startswith(f"{o}.") for o in asked)


def _in_range(
    linted: Linted, wanted: types.Range
) -> list[tuple[Diagnostic, Diagnostic, types.Diagnostic]]:
    """Each finding in the range: as found (its edits), as said (its words), as shown."""
    return [
        (diagnostic, said, shown)
        for diagnostic, said, shown in zip(
            linted.diagnostics, linted.said, linted.shown, strict=True
        )
        if overlaps(shown.range, wanted)
    ]


def quick_fixes(linted: Linted, uri: str, wanted: types.Range) -> list[types.CodeAction]:
    """Each fix of a finding in the range: the very edits `edgelint fix` splices (safe ones
    preferred; unsafe ones say so, as `--unsafe-fixes` would apply them)."""
    actions = []
    for diagnostic, said, shown in _in_range(linted, wanted):
        if diagnostic.fix is None or said.fix is None:
            continue
        fix = diagnostic.fix
        safe = fix.applicability.value == "safe"
        actions.append(
            types.CodeAction(
                title=f"{diagnostic.code}: {said.fix.message}" + ("" if safe else " (unsafe fix)"),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[shown],
                is_preferred=safe,
                edit=types.WorkspaceEdit(changes={uri: _edits(linted, fix)}),
            )
        )
    return actions


def _edits(linted: Linted, fix: Fix) -> list[types.TextEdit]:
    return [
        types.TextEdit(
            range=types.Range(linted.position(edit.start), linted.position(edit.end)),
            new_text=edit.content,
        )
        for edit in fix.edits
    ]


def fix_all_action(linted: Linted, uri: str) -> types.CodeAction | None:
    """Every safe fix, as `edgelint fix` applies them (pass after pass, verified), as one edit
    of the characters between the first and the last that change."""
    source = linted.source
    if source is None or not any(
        d.fix is not None and d.fix.applicability.value == "safe" for d in linted.diagnostics
    ):
        return None
    if linted.fixed is None:
        from edgelint.fix.splice import FixVerificationError, fix_source

        try:
            linted.fixed = fix_source(source, linted.settings).text
        except FixVerificationError:
            linted.fixed = source.text  # `edgelint fix` would refuse it too
    if linted.fixed == source.text:
        return None
    start, end, replacement = _changed(source.text, linted.fixed)
    edit = types.TextEdit(
        range=types.Range(linted.position(start), linted.position(end)), new_text=replacement
    )
    return types.CodeAction(
        title="edgelint: fix all safe fixes",
        kind=FIX_ALL,
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )


def _changed(old: str, new: str) -> tuple[int, int, str]:
    """The span of `old` that differs from `new`, and what `new` has there."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return prefix, len(old) - suffix, new[prefix : len(new) - suffix]


def suppressions(linted: Linted, uri: str, wanted: types.Range) -> list[types.CodeAction]:
    """`# edgelint: disable=CODE` for each code found on a line in the range, added to the
    line's own directive when it has one."""
    source = linted.source
    if source is None or linted.result.loaded is None:
        return []
    actions = []
    seen: set[tuple[int, str]] = set()
    for diagnostic, _, shown in _in_range(linted, wanted):
        key = (diagnostic.start.line, diagnostic.code)
        if diagnostic.code in _UNSUPPRESSED or key in seen:
            continue
        seen.add(key)
        edit = _suppression(linted, source, *key)
        if edit is None:
            continue
        offset, comment = edit
        position = linted.position(offset)
        actions.append(
            types.CodeAction(
                title=f"{diagnostic.code}: suppress on this line",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[shown],
                edit=types.WorkspaceEdit(
                    changes={uri: [types.TextEdit(types.Range(position, position), comment)]}
                ),
            )
        )
    return actions


def _suppression(
    linted: Linted, source: SourceFile, line: int, code: str
) -> tuple[int, str] | None:
    """Where on the line the comment goes, and its text; None where a comment there would
    change what the file means."""
    from edgelint.config.suppression import DIRECTIVE

    if not 1 <= line <= len(source.line_starts):
        return None
    start = source.line_starts[line - 1]
    end = source.line_end(start)
    text = source.text[start:end]
    found = DIRECTIVE.search(text)
    if found is not None and found.group("kind") == "disable" and found.group("codes"):
        offset, comment = start + found.end("codes"), f",{code}"
    else:
        spacing = "" if re.search(r"\s$", text) or not text else "  "
        offset, comment = end, f"{spacing}# edgelint: disable={code}"
    changed = source.with_text(source.text[:offset] + comment + source.text[offset:])
    from edgelint.fix.splice import FixVerificationError, reader_for, verify

    try:
        verify(source, changed, [], reader_for(linted.result, linted.settings))
    except FixVerificationError:
        return None
    return offset, comment
