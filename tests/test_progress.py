"""The progress bar: shown for long runs on a terminal only; never in CI, pipes or reports."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from edgelint.cli import progress


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


def test_bar_counts_with_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bar rich draws counts every tick, and is erased when the run ends (transient)."""
    from rich.console import Console

    screen = io.StringIO()
    monkeypatch.setattr(
        progress, "_console", lambda: Console(file=screen, force_terminal=True, width=80)
    )
    with progress.bar(3, "Linting", show=True) as tick:
        for _ in range(3):
            tick()
    drawn = screen.getvalue()
    assert "Linting" in drawn and "3/3" in drawn
    assert drawn.endswith("\x1b[2K")  # the last line is cleared: no bar left behind
    untouched = io.StringIO()
    monkeypatch.setattr(progress, "_console", lambda: Console(file=untouched))
    with progress.bar(3, "Linting", show=False) as tick:
        tick()
    assert untouched.getvalue() == ""


def test_no_bar_in_a_pipe(tmp_path: Path) -> None:
    app = (REPO / "examples" / "heart-rate.yaml").read_bytes()
    for index in range(progress.THRESHOLD + 5):
        (tmp_path / f"app-{index}.yaml").write_bytes(app)
    result = run_cli("lint", tmp_path, env={"NO_COLOR": "1"})
    assert result.returncode == 0
    assert result.stderr == b""
    assert b"in 205 files checked" in result.stdout
