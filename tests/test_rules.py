"""Every rule fixture: the input, the diagnostics it must produce in their words, and the bytes
`fix` must write.

A fixture is `tests/fixtures/rules/<CODE>/<case>.yaml` with `<case>.expected` beside it: each
diagnostic as `LINE:COLUMN SEVERITY CODE MESSAGE`, and under one with a fix, an indented
`fix (safe|unsafe): TITLE` line. Header comments set options: `# registries: <file>` and
`# cluster: <file>` (relative to the fixture; messages name them `<registries>`, `<cluster>`),
`# target: <target>`, `# unsafe-fixes` and `# show-skipped` (EL005 listed, as `--show-skipped`
does). When `<case>.fixed.yaml` exists, `edgelint fix` must turn the input into exactly those
bytes; when it does not, fix must leave the file alone. `python tests/update_snapshots.py`
rewrites the expected files from what edgelint reports now, for review in `git diff`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import FIXTURES, settings
from edgelint.config.selection import Layer, Selection
from edgelint.config.settings import Settings
from edgelint.fix.splice import fix_source
from edgelint.load.source import SourceFile
from edgelint.run.lint import lint_bytes

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


HEADERS = ("# target:", "# registries:", "# cluster:", "# unsafe-fixes", "# show-skipped")


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
        elif line.startswith("    fix ") and expected:
            expected[-1] += "\n" + line
        elif line.strip() and not line.startswith("#"):
            expected.append(line)
    return Case(path, expected, registries, unsafe, cluster, target, show_skipped)


def found(case: Case) -> list[str]:
    """What edgelint reports, in the fixture's words: each diagnostic with its message, and its
    fix's applicability and title."""
    path = case.path
    result = lint_bytes(path.name, path.read_bytes(), case_settings(case))
    lines = []
    for d in result.diagnostics:
        message = d.message
        for given, shown in ((case.cluster, "<cluster>"), (case.registries, "<registries>")):
            message = message.replace(str(given), shown) if given else message
        line = f"{d.start.line}:{d.start.column} {d.severity.value} {d.code} {message}"
        if d.fix is not None:
            line += f"\n    fix ({d.fix.applicability.value}): {d.fix.message}"
        lines.append(line)
    return lines


def expected_text(case: Case) -> str:
    """The `.expected` file for what edgelint reports now, its header comments kept."""
    old = case.path.with_suffix(".expected").read_text().splitlines()
    kept = [line for line in old if line.startswith(HEADERS) or line.startswith("# ")]
    kept = [line for line in kept if not line.startswith("    ")]
    return "\n".join([*kept, *found(case)]) + "\n"


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
    """The text outside the spans the fixes name is all still there, in order, with only
    replacements between: `after` is S0 + x1 + S1 + ... + Sn for the original's segments Si
    between the spans. Only the spans are used, not the edits' new text, so this does not
    replay what `fix` does."""
    spans = sorted(
        (edit.start, edit.end)
        for d in outcome.applied  # type: ignore[attr-defined]
        for edit in d.fix.edits
    )
    cuts = [0, *(offset for span in spans for offset in span), len(before)]
    segments = [before[cuts[i] : cuts[i + 1]] for i in range(0, len(cuts), 2)]
    assert after.startswith(segments[0]) and after.endswith(segments[-1])
    cursor = len(segments[0])
    for segment in segments[1:-1]:
        found = after.find(segment, cursor)
        assert found != -1, f"changed outside the fixes: {segment[:60]!r}"
        cursor = found + len(segment)
    assert cursor <= len(after) - len(segments[-1]) or len(segments) == 1


def test_every_rule_has_a_fixture() -> None:
    from edgelint.rules import all_rules

    covered = {p.parent.name for p in RULE_FIXTURES}
    assert set(all_rules()) <= covered


# Where a rule is reported by a module other than the one that declares it, and why.
REPORTED_ELSEWHERE = {
    # A file over --max-file-size is refused before it is read.
    ("EL004", "runner.py"),
    # The YAML rules: the loader sees broken YAML, duplicate keys and alias bombs as it reads.
    ("EL001", "loader.py"),
    ("EL002", "loader.py"),
    ("EL004", "loader.py"),
}


def test_each_rule_is_reported_by_the_module_that_declares_it() -> None:
    """A rule's code, docs and check live together: a module that reports a rule (names it
    in `report(`, `Finding(` or `.at(`) is the module that declares it, unless listed above."""
    import re

    from conftest import REPO

    package = REPO / "linter" / "edgelint"
    declared = {}
    for path in package.rglob("*.py"):
        for match in re.finditer(r"^(EL\d{3}) = Rule\(", path.read_text(), re.M):
            declared[match.group(1)] = path.name
    assert len(declared) >= 60
    elsewhere = set()
    for path in package.rglob("*.py"):
        text = path.read_text()
        reports = re.finditer(
            r"(?:report\(|Finding\()\s*(EL\d{3})\s*,|\b(EL\d{3})\.(?:at|code)\b", text
        )
        for match in reports:
            code = match.group(1) or match.group(2)
            if code in declared and declared[code] != path.name:
                elsewhere.add((code, path.name))
    assert elsewhere == REPORTED_ELSEWHERE
