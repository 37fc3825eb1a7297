"""Every rule fixture: the input, the diagnostics it must produce, and the bytes `fix` must write.

A fixture is `tests/fixtures/rules/<CODE>/<case>.yaml` with `<case>.expected` beside it, one
`LINE:COLUMN SEVERITY CODE` per line, optionally followed by the exact message (newer fixtures pin
their words; the older ones only positions). Header comments set options: `# registries: <file>` and
`# cluster: <file>` (relative to the fixture), `# target: <target>`, `# unsafe-fixes` and
`# show-skipped` (EL005 listed, as `--show-skipped` does). When
`<case>.fixed.yaml` exists, `edgelint fix` must turn the input into exactly those bytes; when it
does not, fix must leave the file alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import FIXTURES, settings
from edgelint.fix import fix_source
from edgelint.lint import lint_bytes
from edgelint.selection import Layer, Selection
from edgelint.settings import Settings
from edgelint.source import SourceFile

RULE_FIXTURES = sorted(
    p for p in (FIXTURES / "rules").glob("*/*.yaml") if not p.name.endswith(".fixed.yaml")
)


@dataclass
class Case:
    path: Path
    expected: list[str]
    registries: Path | None
    unsafe: bool
    cluster: Path | None = None
    target: str | None = None
    show_skipped: bool = False

    @property
    def fixed(self) -> Path:
        return self.path.with_name(self.path.name.replace(".yaml", ".fixed.yaml"))


def case_settings(case: Case) -> Settings:
    built = settings(case.registries, case.cluster, case.target)
    if case.show_skipped:
        return built.with_selection(Selection(layers=(Layer(extend_select=("EL005",)),)))
    return built


def load_case(path: Path) -> Case:
    expected: list[str] = []
    registries, unsafe, cluster, target = None, False, None, None
    show_skipped = False
    for line in path.with_suffix(".expected").read_text().splitlines():
        if line.startswith("# target:"):
            target = line.split(":", 1)[1].strip()
        elif line.startswith("# registries:"):
            registries = (path.parent / line.split(":", 1)[1].strip()).resolve()
        elif line.startswith("# cluster:"):
            cluster = (path.parent / line.split(":", 1)[1].strip()).resolve()
        elif line.strip() == "# unsafe-fixes":
            unsafe = True
        elif line.strip() == "# show-skipped":
            show_skipped = True
        elif line.strip() and not line.startswith("#"):
            expected.append(line.strip())
    return Case(path, sorted(expected), registries, unsafe, cluster, target, show_skipped)


def found(case: Case) -> list[str]:
    """What edgelint reports, in the fixture's words: with the message where it pins one."""
    path = case.path
    result = lint_bytes(path.name, path.read_bytes(), case_settings(case))
    worded = {" ".join(line.split(" ", 3)[:3]) for line in case.expected if line.count(" ") >= 3}
    lines = []
    for d in result.diagnostics:
        line = f"{d.start.line}:{d.start.column} {d.severity.value} {d.code}"
        message = d.message.replace(str(case.cluster), "<cluster>") if case.cluster else d.message
        lines.append(f"{line} {message}" if line in worded else line)
    return sorted(lines)


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_rule_fixture_diagnostics(path: Path) -> None:
    case = load_case(path)
    assert found(case) == case.expected


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_rule_fixture_fix(path: Path) -> None:
    case = load_case(path)
    raw = path.read_bytes()
    try:
        source = SourceFile.from_bytes(path.name, raw)
    except Exception:
        assert not case.fixed.exists()
        return
    outcome = fix_source(source, case_settings(case), unsafe=case.unsafe)
    want = case.fixed.read_bytes() if case.fixed.exists() else raw
    assert outcome.new_bytes == want
    if outcome.changed:
        _assert_only_fixed_spans_changed(source.text, outcome.text, outcome)
        again = fix_source(
            SourceFile.from_bytes(path.name, want),
            case_settings(case),
            unsafe=case.unsafe,
        )
        assert not again.changed, "a second fix must change nothing"


def _assert_only_fixed_spans_changed(before: str, after: str, outcome: object) -> None:
    """Every character outside the fixed values is the original's, in order: rebuild the
    expected text from the original and the edits alone, and compare."""
    edits = sorted(
        (edit for d in outcome.applied for edit in d.fix.edits),  # type: ignore[attr-defined]
        key=lambda e: e.start,
    )
    rebuilt, cursor = [], 0
    for edit in edits:
        assert edit.start >= cursor, "edits overlap"
        rebuilt += [before[cursor : edit.start], edit.content]
        cursor = edit.end
    rebuilt.append(before[cursor:])
    assert "".join(rebuilt) == after


def test_every_rule_has_a_fixture() -> None:
    from edgelint.rules import all_rules

    covered = {p.parent.name for p in RULE_FIXTURES}
    assert set(all_rules()) <= covered
