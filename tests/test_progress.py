"""The progress bar: shown for long runs on a terminal only; never in CI, pipes or reports."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from edgelint import progress


def test_bar_only_for_many_files_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CI", "GITHUB_ACTIONS", "NO_PROGRESS"):
        monkeypatch.delenv(name, raising=False)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stderr", Terminal())
    assert progress.wanted(progress.THRESHOLD + 1, machine_format=False)
    assert not progress.wanted(progress.THRESHOLD, machine_format=False)
    assert not progress.wanted(1000, machine_format=True)
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(1000, machine_format=False)
    monkeypatch.delenv("CI")
    monkeypatch.setattr("sys.stderr", io.StringIO())  # a pipe
    assert not progress.wanted(1000, machine_format=False)


def test_bar_counts_with_rich(capsys: pytest.CaptureFixture[str]) -> None:
    ticks = 0
    with progress.bar(3, "Linting", show=True) as tick:
        for _ in range(3):
            tick()
            ticks += 1
    assert ticks == 3
    with progress.bar(3, "Linting", show=False) as tick:
        tick()
    assert capsys.readouterr().out == ""


def test_no_bar_in_a_pipe(tmp_path: Path) -> None:
    app = (REPO / "examples" / "heart-rate.yaml").read_bytes()
    for index in range(progress.THRESHOLD + 5):
        (tmp_path / f"app-{index}.yaml").write_bytes(app)
    result = run_cli("lint", tmp_path, env={"NO_COLOR": "1"})
    assert result.returncode == 0
    assert result.stderr == b""
    assert b"in 205 files checked" in result.stdout
