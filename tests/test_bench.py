"""The benchmark harness (bench/) keeps working between the runs that quote it.

A full run takes ~11 minutes and installs the peers, so CI does not run it; these tests run its
parts on real commands and real files, and hold RESULTS.md to the data it was written from.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO))

from bench.budgets import budgets
from bench.markdown import render_markdown
from bench.timing import Command, measure, peak_launcher, run_once


def test_results_md_is_what_results_json_says() -> None:
    """Every figure in RESULTS.md comes from results.json: regenerated, it is the same file,
    and the budgets recorded are the budgets the summary meets or misses."""
    data = json.loads((REPO / "bench" / "results.json").read_text(encoding="utf-8"))
    assert render_markdown(data) == (REPO / "bench" / "RESULTS.md").read_text(encoding="utf-8")
    assert budgets(data["summary"]) == data["budgets"]


def test_one_run_is_timed_with_its_exit_code_and_output(tmp_path: Path) -> None:
    command = Command("probe", [sys.executable, "-c", "print('a'); print('b'); exit(3)"], tmp_path)
    sample = run_once(command, tmp_path, {})
    assert sample.exit_code == 3
    assert sample.output_lines == 2
    assert sample.wall_s > 0 and sample.maxrss_kib > 0
    assert (tmp_path / "probe.txt").read_text() == "a\nb\n"


def test_a_memory_run_reads_the_childs_own_peak_not_the_harness(tmp_path: Path) -> None:
    """A child started from a big harness reads the harness's peak as its own (Linux keeps it
    over exec): the bare Python that the memory rows subtract read 22 MiB for 9. Under GNU
    time it reads its own."""
    launcher = peak_launcher()
    if launcher is None:
        pytest.skip("no GNU time (Debian's package `time`) on this machine")
    ballast = bytearray(96 << 20)
    for page in range(0, len(ballast), 4096):
        ballast[page] = 1  # resident, not only reserved
    command = Command("bare", [sys.executable, "-c", "pass"], tmp_path, memory=True)
    direct = run_once(Command("bare", command.argv, tmp_path), tmp_path, {})
    measured = run_once(command, tmp_path, {}, launcher)
    del ballast
    assert direct.maxrss_kib > 96 << 10  # the harness's peak, not the child's
    assert measured.maxrss_kib < 48 << 10
    assert measured.exit_code == 0 and not (tmp_path / "bare.peak").exists()


def test_a_case_runs_every_group_every_round(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bench.timing

    monkeypatch.setattr(bench.timing, "WORK", tmp_path)
    quick = [sys.executable, "-c", "pass"]
    groups = [[Command("a", quick, tmp_path), Command("a-again", quick, tmp_path)],
              [Command("b", quick, tmp_path)]]  # fmt: skip
    samples = measure("case", groups, reps=3, warmups=1, env={}, peer_reps=1)
    assert {tool: len(runs) for tool, runs in samples.items()} == {"a": 3, "a-again": 3, "b": 1}


def test_the_profile_runs_on_real_files(tmp_path: Path) -> None:
    """bench/profile.py times each stage of lint_bytes by wrapping what run/lint.py calls; it
    broke silently once when those names changed."""
    out = tmp_path / "PROFILE.md"
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "profile.py"), "--corpus",
         str(REPO / "tests" / "corpus"), "--repeat", "1", "--out", str(out)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    table = out.read_text(encoding="utf-8")
    for stage in ("load (C parser events", "rule family: schema", "rule family: templates",
                  "suppressions + selection", "**lint_bytes, whole**"):  # fmt: skip
        assert stage in table, table
