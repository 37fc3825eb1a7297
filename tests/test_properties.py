"""Properties of lint, fix and render over generated ioFog application files.

The files come from `strategies.application_files()`: valid YAML text with the values edgelint's
fixes care about, in many surface spellings. Every test runs a fixed, derandomized budget (CI is
deterministic); EDGELINT_PROPERTY_EXAMPLES raises it for a longer local run.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable
from typing import Any

import pytest
from hypothesis import event, given, note
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import CONTROLLER_REGISTRIES, FIXTURES
from conftest import settings as edgelint_settings
from edgelint.config.settings import Settings
from edgelint.diagnostics import Diagnostic, Edit, Severity
from edgelint.fix.splice import FixOutcome, FixVerificationError, fix_source
from edgelint.load.loader import load
from edgelint.load.source import BOM, SourceFile
from edgelint.render.output import rendered_documents, to_yaml, used_stand_ins
from edgelint.run.lint import lint_bytes
from edgelint.run.results import FileResult
from strategies import GeneratedFile, application_files, fixed_budget

# High-count property tests: .ci/run runs them with their full budget (`pytest -m slow`).
pytestmark = pytest.mark.slow

PROPERTY = fixed_budget("EDGELINT_PROPERTY_EXAMPLES", 80)

SETTINGS: dict[str, Settings] = {
    "default": edgelint_settings(),
    "controller-registries": edgelint_settings(registries=CONTROLLER_REGISTRIES),
    "datasance": edgelint_settings(target="datasance"),
}
CLUSTER = FIXTURES / "clusters" / "two-agents.yaml"
SETTING_NAMES = st.sampled_from(sorted(SETTINGS))
# Render as the CLI does, with and without `--cluster` (lookups need one).
RENDER_SETTINGS = {
    False: edgelint_settings(registries=CONTROLLER_REGISTRIES),
    True: edgelint_settings(registries=CONTROLLER_REGISTRIES, cluster=CLUSTER),
}

Path = tuple[Hashable, ...]


def _source(generated: GeneratedFile) -> SourceFile:
    return SourceFile.from_bytes("generated.yaml", generated.raw)


def _loads(generated: GeneratedFile) -> bool:
    return not load(_source(generated)).failed


def _fix(source: SourceFile, settings: Settings, unsafe: bool) -> FixOutcome:
    try:
        return fix_source(source, settings, unsafe=unsafe)
    except FixVerificationError as exc:  # edgelint's own fixes must always verify
        pytest.fail(f"fix_source raised FixVerificationError: {exc}")


def _splice(text: str, edits: Iterable[Edit]) -> str:
    """Rebuild text from the original and the edits alone (as test_rules does)."""
    pieces: list[str] = []
    cursor = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        assert 0 <= edit.start <= edit.end <= len(text), f"edit out of bounds: {edit}"
        assert edit.start >= cursor, f"edits overlap at {edit}"
        pieces += [text[cursor : edit.start], edit.content]
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _edits(diagnostics: Iterable[Diagnostic]) -> list[Edit]:
    return [edit for d in diagnostics if d.fix is not None for edit in d.fix.edits]


def _overlaps(diagnostic: Diagnostic, taken: list[tuple[int, int]]) -> bool:
    return any(
        (e.start < end and start < e.end) or e.start == start
        for e in _edits([diagnostic])
        for start, end in taken
    )


def _check_diagnostic_offsets(result: FileResult, source: SourceFile) -> None:
    for d in result.diagnostics:
        assert 0 <= d.start_offset <= d.end_offset <= len(source.text), d
        assert d.start == source.position(d.start_offset), d
        assert d.end == source.position(d.end_offset), d
        for edit in _edits([d]):
            assert 0 <= edit.start <= edit.end <= len(source.text), (d, edit)


# --- lint -----------------------------------------------------------------------------------


@PROPERTY
@given(generated=application_files())
def test_lint_never_raises_on_generated_files(generated: GeneratedFile) -> None:
    source = _source(generated)
    for name, settings in SETTINGS.items():
        note(f"settings: {name}")
        result = lint_bytes("generated.yaml", generated.raw, settings)
        _check_diagnostic_offsets(result, source)
        event(f"loads: {_loads(generated)}")


# --- fix ------------------------------------------------------------------------------------


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@PROPERTY
@given(generated=application_files(), setting=SETTING_NAMES)
def test_fix_never_raises_and_is_idempotent(
    unsafe: bool, generated: GeneratedFile, setting: str
) -> None:
    settings = SETTINGS[setting]
    outcome = _fix(_source(generated), settings, unsafe)
    event(f"changed: {outcome.changed}")
    again = _fix(SourceFile.from_bytes("generated.yaml", outcome.new_bytes), settings, unsafe)
    assert not again.changed, (
        "a second fix changed the fixed text: "
        f"{[(d.code, d.fix.message if d.fix else None) for d in again.applied]}"
    )


def _replay(
    source: SourceFile, outcome: FixOutcome, settings: Settings, unsafe: bool
) -> tuple[str, int, int]:
    """The fixed text rebuilt from the original and the applied edits alone, pass by pass (a
    pass's edits are offsets into the text the previous pass produced); with the CRLFs the
    edits removed and inserted."""
    remaining = list(outcome.applied)
    text = source.text
    removed = inserted = 0
    while remaining:
        raw = ((BOM if source.bom else "") + text).encode("utf-8")
        offered = Counter(lint_bytes(source.path, raw, settings).diagnostics)
        chunk: list[Diagnostic] = []
        taken: list[tuple[int, int]] = []
        while remaining and offered[remaining[0]] > 0 and not _overlaps(remaining[0], taken):
            diagnostic = remaining.pop(0)
            assert diagnostic.fix is not None
            assert unsafe or diagnostic.fix.applicability.value == "safe", diagnostic
            offered[diagnostic] -= 1
            chunk.append(diagnostic)
            taken += [(e.start, e.end) for e in diagnostic.fix.edits]
        assert chunk, f"an applied fix was never offered on the text it changed: {remaining[0]}"
        for edit in _edits(chunk):
            removed += text[edit.start : edit.end].count("\r\n")
            inserted += edit.content.count("\r\n")
        text = _splice(text, _edits(chunk))
    return text, removed, inserted


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@PROPERTY
@given(generated=application_files(), setting=SETTING_NAMES)
def test_fix_changes_only_the_spans_it_fixed(
    unsafe: bool, generated: GeneratedFile, setting: str
) -> None:
    source = _source(generated)
    settings = SETTINGS[setting]
    outcome = _fix(source, settings, unsafe)
    if not outcome.changed:
        assert outcome.new_bytes == generated.raw, "an unchanged file must keep its bytes"
        return
    rebuilt, removed, inserted = _replay(source, outcome, settings, unsafe)
    assert rebuilt == outcome.text, "fix changed text outside the edits of the fixes it applied"
    new = outcome.new_bytes
    assert new.startswith(BOM.encode()) == generated.raw.startswith(BOM.encode()), "BOM changed"
    assert new == ((BOM if generated.bom else "") + outcome.text).encode("utf-8")
    assert outcome.text.count("\r\n") == source.text.count("\r\n") - removed + inserted
    if generated.crlf:
        assert re.search(r"(?<!\r)\n|\r(?!\n)", outcome.text) is None, "a bare LF or CR appeared"


def _unexpected(a: Any, b: Any, paths: frozenset[Path], allowed: Counter[Path]) -> list[Path]:
    """Where ``b`` differs from ``a`` outside the allowed paths.

    ``paths`` are the names of the current place: a renamed key on the way down gives it two
    (the old key and the new), since a later fix pass names the place by the new key. A
    rename is allowed at a path an applied fix names; the renamed key's value must come through
    unchanged unless another applied fix names that path too.
    """
    if any(allowed[p] > 0 for p in paths):
        return []
    here = min(paths, key=repr)
    if isinstance(a, dict) and isinstance(b, dict):
        if len(a) != len(b):
            return [here]
        found: list[Path] = []
        for (key, value), (new_key, new_value) in zip(a.items(), b.items(), strict=True):
            if key == new_key:
                found += _unexpected(value, new_value, frozenset((*p, key) for p in paths), allowed)
                continue
            named = frozenset((*p, k) for p in paths for k in (key, new_key))
            renames = sorted((p for p in named if allowed[p] > 0), key=repr)
            if not renames:
                found.append((*here, key))
                continue
            rest = allowed.copy()
            rest[renames[0]] -= 1  # this fix renamed the key; the value is not its to change
            found += _unexpected(value, new_value, named, rest)
        return found
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [here]
        pairs = enumerate(zip(a, b, strict=True))
        return [
            p
            for i, (x, y) in pairs
            for p in _unexpected(x, y, frozenset((*q, i) for q in paths), allowed)
        ]
    if type(a) is not type(b):
        return [here]
    if isinstance(a, float) and math.isnan(a) and math.isnan(b):
        return []
    return [] if a == b else [here]


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@PROPERTY
@given(generated=application_files(), setting=SETTING_NAMES)
def test_fix_keeps_the_data_except_at_the_fixed_paths(
    unsafe: bool, generated: GeneratedFile, setting: str
) -> None:
    source = _source(generated)
    before = load(source)
    outcome = _fix(source, SETTINGS[setting], unsafe)
    after = load(SourceFile.from_bytes("generated.yaml", outcome.new_bytes))
    assert before.failed == after.failed
    if before.failed:
        assert not outcome.changed, "fix changed a file that does not load"
        return
    assert [d.index for d in before.documents] == [d.index for d in after.documents]
    for old, new in zip(before.documents, after.documents, strict=True):
        allowed = Counter(d.data_path for d in outcome.applied if d.document == old.index)
        changed = _unexpected(old.data, new.data, frozenset({()}), allowed)
        assert not changed, (
            f"document {old.index}: fix changed {changed}, but fixed only "
            f"{[(d.code, d.data_path) for d in outcome.applied if d.document == old.index]}"
        )


# --- render ---------------------------------------------------------------------------------


def _blocked(result: FileResult) -> bool:
    """What makes `edgelint render` refuse to print (commands.run_render)."""
    rejected = any(d.severity is Severity.ERROR and not d.stored_anyway for d in result.diagnostics)
    return rejected or used_stand_ins(result)


def _render_and_reload(path: str, raw: bytes, settings: Settings) -> bool:
    result = lint_bytes(path, raw, settings)
    if _blocked(result):
        return False
    documents, _ = rendered_documents(result)
    printed = to_yaml(documents)
    loaded = list(YAML(typ="safe", pure=True).load_all(printed))
    assert loaded == documents, "render printed YAML that does not load back to what it rendered"
    return True


@PROPERTY
@given(generated=application_files(), cluster=st.booleans())
def test_render_never_raises_and_prints_loadable_yaml(
    generated: GeneratedFile, cluster: bool
) -> None:
    settings = RENDER_SETTINGS[cluster]
    rendered = _render_and_reload("generated.yaml", generated.raw, settings)
    # Fixing first removes most of what blocks rendering: render that too.
    fixed = _fix(_source(generated), settings, unsafe=True)
    rendered_fixed = _render_and_reload("generated.yaml", fixed.new_bytes, settings)
    event(f"rendered: original={rendered}, fixed={rendered_fixed}")
