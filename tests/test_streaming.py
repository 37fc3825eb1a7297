"""A lint run reports each file as it is checked and keeps only counts.

Over 20,000 files a run that kept every file's findings until the end grew with them (and left
the heap fragmented around them); now each file's result goes to the reporter in the order of
the inputs and is dropped. These tests hold the streamed run to the run that keeps its files:
the same results in the same order, the same counts, the same report bytes in every format.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import CONTROLLER_REGISTRIES, CORPUS, run_cli, settings
from edgelint.report import REPORTERS
from edgelint.report.view import Reporter, View
from edgelint.run.inputs import Input, discover
from edgelint.run.results import FileResult, Tally
from edgelint.run.runner import RunResult, _InOrder, lint_inputs

# Twice the corpus: past PARALLEL_MIN_FILES, so that two workers finish files out of order.
CORPUS_FILES = sorted(CORPUS.glob("*.yaml"))


def _inputs() -> list[Input]:
    named = [str(p) for p in CORPUS_FILES]
    return [*discover(named), *discover([str(CORPUS)])]


def _settings(_: Input) -> object:
    return settings(CONTROLLER_REGISTRIES)


@pytest.fixture(scope="module")
def kept() -> RunResult:
    return lint_inputs(_inputs(), _settings, jobs=1)  # type: ignore[arg-type]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_streamed_run_hands_on_every_file_in_input_order_and_keeps_none(
    kept: RunResult, jobs: int
) -> None:
    got: list[FileResult] = []
    run = lint_inputs(_inputs(), _settings, jobs=jobs, sink=got.append)  # type: ignore[arg-type]
    assert run.files == []
    assert [r.path for r in got] == [r.path for r in kept.files]
    assert [r.diagnostics for r in got] == [r.diagnostics for r in kept.files]
    assert run.tally == kept.tally
    assert kept.tally.files == len(kept.files) > 24
    assert kept.tally.diagnostics == len(kept.diagnostics) > 0


def test_the_counts_are_the_findings_counted(kept: RunResult) -> None:
    diagnostics = kept.diagnostics
    tally = kept.tally
    assert sum(tally.codes.values()) == len(diagnostics)
    for code in {d.code for d in diagnostics}:
        assert tally.codes[code] == sum(1 for d in diagnostics if d.code == code)
    assert tally.safe_fixes == sum(
        1 for d in diagnostics if d.fix is not None and d.fix.applicability.value == "safe"
    )
    assert tally.all_fixes == sum(1 for d in diagnostics if d.fix is not None)
    assert tally.skipped == sum(f.skipped for f in kept.files)


def test_a_file_counted_out_again_leaves_the_counts_as_they_were(kept: RunResult) -> None:
    """A fix whose write fails is reported as the file still is: its first count comes out."""
    tally = Tally()
    for result in kept.files:
        tally.add(result)
    for result in kept.files[5:]:
        tally.add(result, -1)
    again = Tally()
    for result in kept.files[:5]:
        again.add(result)
    assert {k: v for k, v in tally.codes.items() if v} == {
        k: v for k, v in again.codes.items() if v
    }
    assert (tally.files, tally.safe_fixes, tally.rejections) == (
        again.files,
        again.safe_fixes,
        again.rejections,
    )


def test_results_finished_out_of_order_are_handed_on_in_order() -> None:
    handed: list[str] = []
    order = _InOrder(lambda r: handed.append(r.path))

    def result(name: str) -> FileResult:
        return FileResult(name, None)

    order.put(2, result("c"))
    order.put(1, None)  # unreadable, or its check crashed: nothing to hand on
    assert handed == []
    order.put(0, result("a"))
    assert handed == ["a", "c"]
    order.put(3, result("d"))
    assert handed == ["a", "c", "d"]


def whole(reporter: Reporter, run: RunResult) -> str:
    """The report of a run that kept its files, fed to the reporter after the run."""
    return "".join(reporter.add(result) for result in run.files) + reporter.finish(run)


@pytest.mark.parametrize("name", sorted(REPORTERS))
@pytest.mark.parametrize("view", [View(), View(color=True), View(to_file=True)])
def test_every_format_writes_the_same_bytes_streamed_as_whole(
    kept: RunResult, name: str, view: View
) -> None:
    """What each `add` returns, written as it comes, then `finish`: the report of the kept
    run, byte for byte (JUnit's times apart: each run times its own checks)."""
    streamed: list[str] = []
    reporter = REPORTERS[name](view)
    run = lint_inputs(
        _inputs(),
        _settings,  # type: ignore[arg-type]
        sink=lambda r: streamed.append(reporter.add(r)),
    )
    streamed.append(reporter.finish(run))
    untimed = re.compile(r'time="[0-9.]+"')
    expected = untimed.sub('time=""', whole(REPORTERS[name](view), kept))
    assert untimed.sub('time=""', "".join(streamed)) == expected


def test_json_lines_is_a_record_a_line_the_records_of_json(tmp_path: Path) -> None:
    """As ruff's json-lines: one diagnostic object a line, the same objects as json's list,
    nothing else on stdout; the exit code as json's."""
    files = [str(p) for p in CORPUS_FILES[:12]]
    lines = run_cli("lint", "--format", "json-lines", *files, cwd=tmp_path)
    whole_json = run_cli("lint", "--format", "json", *files, cwd=tmp_path)
    assert lines.returncode == whole_json.returncode == 1
    records = [json.loads(line) for line in lines.stdout.decode().splitlines()]
    assert records == json.loads(whole_json.stdout)["diagnostics"]
    assert len(records) > 12
    assert lines.stderr == b""
