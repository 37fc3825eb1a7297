"""Fixes: splices of the original text, verified by re-parsing (atomic.py writes them).

Never a re-dump: a ruamel round trip drops the comment before the first `---` and the `...`
marker, re-indents sequences and re-quotes strings (measured: 6-40 unrelated lines of a real file
change). A splice changes the characters of the fixed values and nothing else, so comments,
quoting, indentation, flow style, document markers, CRLF and the BOM stay exactly as they were.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from edgelint.config.settings import Settings
from edgelint.diagnostics import Diagnostic, Edit, allowed
from edgelint.load.loader import load
from edgelint.load.readers import YAML_12, Reader
from edgelint.load.source import SourceFile
from edgelint.run.lint import lint_source
from edgelint.run.results import FileResult

MAX_PASSES = 10


class FixVerificationError(Exception):
    """A fix produced text that does not mean what the file meant plus the fix: a bug, not input."""


@dataclass
class FixOutcome:
    """What fixing one file gave: the new text, the fixes applied and what is still there."""

    original: SourceFile
    text: str
    applied: list[Diagnostic] = field(default_factory=list)
    remaining: FileResult | None = None
    # Where the original text holds credentials (the remaining result has the new text's).
    original_secrets: list[tuple[int, int]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.original.text

    @property
    def new_bytes(self) -> bytes:
        return self.original.encode(self.text)


def fix_source(source: SourceFile, settings: Settings, *, unsafe: bool = False) -> FixOutcome:
    """Apply fixes until none is left (a fix can make another possible), verifying every pass."""
    outcome = FixOutcome(original=source, text=source.text)
    current = source
    result = lint_source(current, settings)
    outcome.original_secrets = result.secrets
    for _ in range(MAX_PASSES):
        if not result.fixable:
            break
        chosen = _non_overlapping([d for d in result.diagnostics if allowed(d, unsafe)])
        if not chosen:
            break
        edits = [edit for d in chosen for edit in d.fix.edits]  # type: ignore[union-attr]
        text = apply_edits(current.text, edits)
        if text == current.text:
            break
        updated = current.with_text(text)
        verify(current, updated, chosen, reader_for(result, settings))
        outcome.applied.extend(chosen)
        current = updated
        result = lint_source(current, settings)
    outcome.text = current.text
    outcome.remaining = result
    return outcome


def _non_overlapping(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    chosen: list[Diagnostic] = []
    taken: list[tuple[int, int]] = []
    for diagnostic in sorted(diagnostics, key=lambda d: d.start_offset):
        assert diagnostic.fix is not None
        spans = [(e.start, e.end) for e in diagnostic.fix.edits]
        if any((s < te and ts < e) or s == ts for s, e in spans for ts, te in taken):
            continue  # the next pass sees it again, on the updated text
        chosen.append(diagnostic)
        taken.extend(spans)
    return chosen


def apply_edits(text: str, edits: list[Edit]) -> str:
    pieces: list[str] = []
    cursor = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.content)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def reader_for(result: FileResult, settings: Settings) -> Reader:
    """The reader a verification must use: the one of the target the file chose, if it chose one."""
    if result.detected_target is None:
        return settings.target.reader
    from edgelint.platform.targets import get_target

    return get_target(result.detected_target).reader


def verify(
    before: SourceFile, after: SourceFile, fixed: list[Diagnostic], reader: Reader = YAML_12
) -> None:
    """The new text must load, and mean what the old text meant except at the fixed values —
    as the target's CLI reads it, which is what gets deployed."""
    old, new = load(before, reader), load(after, reader)
    if new.failed or len(old.documents) != len(new.documents):
        raise FixVerificationError(f"{before.path}: the fixed text no longer loads as before")
    allowed_paths = {(d.document, d.data_path) for d in fixed}
    for old_doc, new_doc in zip(old.documents, new.documents, strict=True):
        fixed_here = [d.data_path for d in fixed if d.document == old_doc.index]
        shared = _nodes(old_doc, fixed_here)
        for path in _differences(old_doc.data, new_doc.data, ()):
            if (old_doc.index, path) in allowed_paths or _node_id(old_doc, path) in shared:
                continue
            shown = "/".join(map(str, path)) or "the document"
            raise FixVerificationError(
                f"{before.path}: a fix changed {shown} in document {old_doc.index + 1}"
            )


def _node_id(document: Any, path: tuple[str | int, ...]) -> int | None:
    from edgelint.load.nodes import walk_path

    node = walk_path(document.root, path) if document.root is not None else None
    return None if node is None else id(node.target)


def _nodes(document: Any, paths: list[tuple[str | int, ...]]) -> set[int | None]:
    """The written values the fixes edit: an anchored one changes at every alias of it too."""
    return {_node_id(document, path) for path in paths} - {None}


def _differences(a: Any, b: Any, path: tuple[str | int, ...]) -> list[tuple[str | int, ...]]:
    if isinstance(a, dict) and isinstance(b, dict):
        if len(a) != len(b):
            return [path]
        # Keys pair up in order: a renamed key is a difference at its old path, and its value
        # must come through unchanged.
        found: list[tuple[str | int, ...]] = []
        for (key, value), (new_key, new_value) in zip(a.items(), b.items(), strict=True):
            if key != new_key:
                found.append((*path, key))
            found.extend(_differences(value, new_value, (*path, key)))
        return found
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [path]
        pairs = enumerate(zip(a, b, strict=True))
        return [p for i, (x, y) in pairs for p in _differences(x, y, (*path, i))]
    if type(a) is not type(b):
        return [path]
    if isinstance(a, float) and math.isnan(a) and math.isnan(b):
        return []
    return [] if a == b else [path]
