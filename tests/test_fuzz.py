"""Fuzzing: real application files, mutated, through lint, fix, every reporter and the CLI.

Seeds are the corpus (tests/corpus) and the rule fixtures. Mutations flip, insert and delete
bytes, insert YAML syntax and Liquid fragments, duplicate, delete and repeat lines, truncate,
and splice two files. Whatever comes out, edgelint must report on it, never raise. The budget
is fixed and derandomized (CI is deterministic); EDGELINT_FUZZ_EXAMPLES raises it.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import event, example, given, note
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from conftest import CONTROLLER_REGISTRIES, CORPUS, FIXTURES, run_cli
from conftest import settings as edgelint_settings
from edgelint.config.settings import Settings
from edgelint.fix.splice import FixVerificationError, fix_source
from edgelint.load.source import BOM, DecodeError, SourceFile
from edgelint.report import github, html, junit, sarif
from edgelint.report import json as json_report
from edgelint.report import text as text_report
from edgelint.run.lint import lint_bytes
from edgelint.run.results import FileResult
from strategies import fixed_budget

# High-count fuzzing: .ci/run runs it with its full budget (`pytest -m slow`).
pytestmark = pytest.mark.slow

CLI_EXAMPLES = 15

FUZZ = fixed_budget("EDGELINT_FUZZ_EXAMPLES", 800)

SEED_PATHS = sorted(
    [*CORPUS.glob("*.yaml"), *CORPUS.glob("*.yml"), *(FIXTURES / "rules").glob("*/*.yaml")]
)
SEEDS: dict[str, bytes] = {str(p.relative_to(FIXTURES.parent)): p.read_bytes() for p in SEED_PATHS}
SEED_NAMES = st.sampled_from(sorted(SEEDS))

SETTINGS: dict[str, Settings] = {
    "default": edgelint_settings(),
    "controller-registries": edgelint_settings(registries=CONTROLLER_REGISTRIES),
    "datasance": edgelint_settings(target="datasance"),
}
SETTING_NAMES = st.sampled_from(sorted(SETTINGS))

SYNTAX = [
    b":", b"-", b"{", b"}", b"[", b"]", b'"', b"'", b"&a ", b"*a", b"!tag ", b"|", b">", b"#",
    b"%", b"\t", b"\r", b"\n", b"\x00", b"\xff", "\u2028".encode(), BOM.encode(), b": ", b"- ",
    b"? ", b"<<: *a", b"!!binary ", b"---\n", b"...\n", b"%YAML 1.1\n", b"\\", b"\xc3", b"\xe2\x80",
]  # fmt: skip
LIQUID = [
    b"{{", b"}}", b"{%", b"%}", b"{% for i in (1..100000) %}", b"{% endfor %}",
    b"{% for i in (1..100000) %}x{% endfor %}", b"| findAgent", b"{{ '' | findAgent | first }}",
    b"{% raw %}", b"{% endraw %}", b"{{ self.name }}", b"{% assign a = 1 %}", b"{{ x | plus: }}",
    b"{% if %}", b'"{{ 8000 | plus: 1 }}"', b"{{ self.name | upcase | append: 'x' }}",
]  # fmt: skip


# --- Mutations ------------------------------------------------------------------------------


def _at(position: int, data: bytes) -> int:
    return position % (len(data) + 1)


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


@dataclass(frozen=True)
class Flip:
    position: int
    bit: int

    def apply(self, data: bytes) -> bytes:
        if not data:
            return data
        i = self.position % len(data)
        return data[:i] + bytes([data[i] ^ (1 << self.bit)]) + data[i + 1 :]


@dataclass(frozen=True)
class Insert:
    position: int
    inserted: bytes

    def apply(self, data: bytes) -> bytes:
        i = _at(self.position, data)
        return data[:i] + self.inserted + data[i:]


@dataclass(frozen=True)
class Delete:
    position: int
    length: int

    def apply(self, data: bytes) -> bytes:
        i = _at(self.position, data)
        return data[:i] + data[i + self.length :]


@dataclass(frozen=True)
class Truncate:
    position: int

    def apply(self, data: bytes) -> bytes:
        return data[: _at(self.position, data)]


@dataclass(frozen=True)
class DuplicateLine:
    line: int

    def apply(self, data: bytes) -> bytes:
        lines = _lines(data)
        i = self.line % len(lines)
        return b"".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])


@dataclass(frozen=True)
class DeleteLine:
    line: int

    def apply(self, data: bytes) -> bytes:
        lines = _lines(data)
        i = self.line % len(lines)
        return b"".join(lines[:i] + lines[i + 1 :])


@dataclass(frozen=True)
class RepeatLine:
    line: int
    times: int

    def apply(self, data: bytes) -> bytes:
        lines = _lines(data)
        i = self.line % len(lines)
        line = lines[i] if lines[i].endswith((b"\n", b"\r")) else lines[i] + b"\n"
        return b"".join([*lines[:i], line * self.times, *lines[i + 1 :]])


@dataclass(frozen=True)
class Splice:
    """The first lines of this file, then the last lines of another."""

    other: str
    line: int
    other_line: int

    def apply(self, data: bytes) -> bytes:
        mine, theirs = _lines(data), _lines(SEEDS[self.other])
        return b"".join(
            mine[: self.line % (len(mine) + 1)] + theirs[self.other_line % len(theirs) :]
        )


@dataclass(frozen=True)
class ReplaceValue:
    """The value after a line's first `: `, replaced: keeps the YAML loading more often."""

    line: int
    value: bytes

    def apply(self, data: bytes) -> bytes:
        lines = _lines(data)
        i = self.line % len(lines)
        head, colon, tail = lines[i].partition(b": ")
        if not colon:
            return data
        end = len(tail) - len(tail.rstrip(b"\r\n"))
        lines[i] = head + colon + self.value + tail[len(tail) - end :]
        return b"".join(lines)


VALUES = [
    *LIQUID,
    b'"{{ self.name }}"', b"'{% for i in (1..100000) %}x{% endfor %}'", b"remote", b"local",
    b'"3"', b"'2'", b"Remote", b"docker", b"https://gcr.io", b'""', b"7", b"-1", b"1e999",
    b"{{ x }}", b'"{% raw %}{{ a }}"', b'"{{ a }}{% endraw %}"', b"&a remote", b"*a", b"!!str 3",
    b"|\n  {{ self.name }}", b"[1, {{ a }}]", b'"\\u0000"', b"'{{ ''x'' | findAgent }}'",
    b'"{% assign agent = \\"\\" | findAgent | first %}{{ agent.name }}"', b"0x3", b"null",
]  # fmt: skip


Mutation = (
    ReplaceValue
    | Flip
    | Insert
    | Delete
    | Truncate
    | DuplicateLine
    | DeleteLine
    | RepeatLine
    | Splice
)

POSITIONS = st.integers(0, 1 << 16)
MUTATIONS: st.SearchStrategy[Mutation] = st.one_of(
    st.builds(Insert, POSITIONS, st.sampled_from(SYNTAX)),
    st.builds(Insert, POSITIONS, st.sampled_from(LIQUID)),
    st.builds(Flip, POSITIONS, st.integers(0, 7)),
    st.builds(Insert, POSITIONS, st.binary(min_size=1, max_size=8)),
    st.builds(Delete, POSITIONS, st.integers(1, 16)),
    st.builds(DuplicateLine, POSITIONS),
    st.builds(DeleteLine, POSITIONS),
    st.builds(Truncate, POSITIONS),
    st.builds(Splice, SEED_NAMES, POSITIONS, POSITIONS),
    st.builds(RepeatLine, POSITIONS, st.integers(2, 2000)),
    st.builds(ReplaceValue, POSITIONS, st.sampled_from(VALUES)),
    st.builds(ReplaceValue, POSITIONS, st.sampled_from(VALUES)),
)


@dataclass(frozen=True)
class Mutated:
    seed: str
    mutations: tuple[Mutation, ...]

    @property
    def raw(self) -> bytes:
        data = SEEDS[self.seed]
        for mutation in self.mutations:
            data = mutation.apply(data)
        return data


MUTATED = st.builds(Mutated, SEED_NAMES, st.lists(MUTATIONS, min_size=1, max_size=4).map(tuple))


# --- Checks ---------------------------------------------------------------------------------


def _check_reports(files: list[FileResult], fixed: int | None = None) -> None:
    """Every reporter formats the results, and its output is what its format promises."""
    for color in (False, True):
        out = text_report.format_results(files, color=color, unsafe_fixes=color)
        out.encode("utf-8")
    data = json.loads(json_report.format_results(files, fixed=fixed))
    assert isinstance(data, dict)
    log = json.loads(sarif.format_results(files, fixed=fixed))
    assert isinstance(log.get("runs"), list)
    github.format_results(files, fixed=fixed).encode("utf-8")
    ET.fromstring(junit.format_results(files, fixed=fixed))
    page = html.format_results(files, fixed=fixed)
    assert page.strip(), "the html report is empty"
    page.encode("utf-8")


def _show(mutated: Mutated) -> bytes:
    raw = mutated.raw
    note(f"input bytes ({len(raw)}): {raw[:4000]!r}")
    return raw


@FUZZ
@given(mutated=MUTATED, setting=SETTING_NAMES)
def test_lint_and_every_reporter_survive_mutated_files(mutated: Mutated, setting: str) -> None:
    raw = _show(mutated)
    result = lint_bytes("mutated.yaml", raw, SETTINGS[setting])
    event(f"diagnostics: {'some' if result.diagnostics else 'none'}")
    _check_reports([result])
    _check_reports([result.compact()])  # what a run over many files keeps and reports


@FUZZ
@given(mutated=MUTATED, setting=SETTING_NAMES, unsafe=st.booleans())
# Found by this test: a misspelt key written twice; renaming the first let the second be read.
@example(
    mutated=Mutated("fixtures/rules/EL202/typos.yaml", (DuplicateLine(line=50),)),
    setting="controller-registries",
    unsafe=True,
)
def test_fix_survives_mutated_files(mutated: Mutated, setting: str, unsafe: bool) -> None:
    raw = _show(mutated)
    try:
        source = SourceFile.from_bytes("mutated.yaml", raw)
    except DecodeError:
        event("does not decode")
        return
    settings = SETTINGS[setting]
    try:
        outcome = fix_source(source, settings, unsafe=unsafe)
    except FixVerificationError as exc:  # edgelint's own fixes must always verify
        pytest.fail(f"fix_source raised FixVerificationError: {exc}")
    event(f"fixed: {outcome.changed}")
    assert outcome.remaining is not None
    _check_reports([outcome.remaining.compact()], fixed=len(outcome.applied))
    if outcome.changed:
        again = fix_source(SourceFile.from_bytes("mutated.yaml", outcome.new_bytes), settings,
                           unsafe=unsafe)  # fmt: skip
        assert not again.changed, (
            "a second fix changed the fixed text: "
            f"{[(d.code, d.fix.message if d.fix else None) for d in again.applied]}"
        )


def _check_cli(result: subprocess.CompletedProcess[bytes], command: str) -> None:
    stderr = result.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in stderr, f"{command}: {stderr}"
    assert "internal error" not in stderr, f"{command}: {stderr}"
    assert result.returncode in (0, 1), f"{command} exited {result.returncode}: {stderr}"
    result.stdout.decode("utf-8")


@hypothesis_settings(FUZZ, max_examples=CLI_EXAMPLES)
@given(mutated=MUTATED)
def test_cli_lint_and_fix_check_survive_mutated_files(mutated: Mutated) -> None:
    raw = _show(mutated)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "mutated.yaml"
        path.write_bytes(raw)
        _check_cli(run_cli("lint", path), "edgelint lint")
        _check_cli(run_cli("fix", "--check", path), "edgelint fix --check")
        assert path.read_bytes() == raw, "fix --check wrote the file"
