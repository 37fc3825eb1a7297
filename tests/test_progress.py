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


def test_a_bar_on_the_terminal_leaves_the_streamed_report_whole_on_stdout(tmp_path: Path) -> None:
    """stderr a terminal (the bar is drawn there), stdout a file: rich would redirect stdout
    through its own console while the bar is live, but the report is written to the stdout it
    was started with, so every finding reaches the file, the same bytes as without a bar."""
    import os
    import pty
    import subprocess
    import threading

    from conftest import ALIAS, edgelint_command

    for index in range(progress.THRESHOLD + 5):
        (tmp_path / f"app-{index:03d}.yaml").write_bytes(ALIAS)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS", "NO_PROGRESS")}
    env.update(EDGELINT_NO_CACHE="1", NO_COLOR="1")
    command = [edgelint_command(), "lint", str(tmp_path)]
    terminal, side = pty.openpty()
    drawn: list[bytes] = []

    def read_terminal() -> None:  # as it is drawn: a full pty would stop the run
        while True:
            try:
                chunk = os.read(terminal, 65536)
            except OSError:  # the other side is closed: all read
                return
            if not chunk:
                return
            drawn.append(chunk)

    reader = threading.Thread(target=read_terminal, daemon=True)
    reader.start()
    try:
        with (tmp_path / "report.txt").open("wb") as out:
            barred = subprocess.run(command, stdout=out, stderr=side, env=env, timeout=120)
        os.close(side)
        reader.join(timeout=10)
    finally:
        os.close(terminal)
    plain = subprocess.run(command, capture_output=True, env=env, timeout=120)
    assert b"Linting" in b"".join(drawn)  # the bar was there
    assert barred.returncode == plain.returncode == 0
    report = (tmp_path / "report.txt").read_bytes()
    assert report == plain.stdout
    assert report.count(b"warning EL301") == progress.THRESHOLD + 5
