"""Running one command and measuring it: wall clock, CPU, the child's own peak memory;
cases measured round-robin, summarised by medians."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.paths import WORK

# The environment variables that switch the tools to CI output formats; removed so that the
# tools print what a developer sees.
CI_VARIABLES = ("GITHUB_ACTIONS", "GITHUB_WORKFLOW", "CI")


@dataclass
class Command:
    """One invocation to measure; `before` runs untimed just before it (e.g. clear a cache)."""

    tool: str
    argv: list[str]
    cwd: Path
    before: Callable[[], None] | None = None


@dataclass
class Sample:
    """One measured run of one command."""

    wall_s: float
    cpu_s: float
    maxrss_kib: int
    exit_code: int
    output_lines: int


def child_env() -> dict[str, str]:
    """The environment of every measured child: the caller's, without CI switches."""
    env = {k: v for k, v in os.environ.items() if k not in CI_VARIABLES}
    env["NO_COLOR"] = "1"
    return env


def run_once(command: Command, out_dir: Path, env: dict[str, str]) -> Sample:
    """Run `command` once; time it and read its own peak RSS.

    Output goes to a file (the last run's is kept for inspection), not a pipe: a pipe would
    have to be drained while waiting, and a file costs the tools what a CI log costs them.
    `os.wait4` reaps the child and returns its rusage: ru_maxrss (KiB on Linux) is the peak of
    the child, or of the largest of its own reaped children (worker processes), never a sum.
    """
    if command.before is not None:
        command.before()
    out_path = out_dir / f"{command.tool}.txt"
    with out_path.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            command.argv, cwd=command.cwd, stdout=out, stderr=subprocess.STDOUT, env=env
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: tell Popen, or it warns
    with out_path.open("rb") as produced:
        lines = sum(1 for _ in produced)
    return Sample(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        maxrss_kib=usage.ru_maxrss,
        exit_code=proc.returncode,
        output_lines=lines,
    )


def measure(
    name: str,
    groups: Sequence[Sequence[Command]],
    reps: int,
    warmups: int,
    env: dict[str, str],
    peer_reps: int | None = None,
) -> dict[str, list[Sample]]:
    """Measure a case: warm-ups, then `reps` rounds of every group, round-robin.

    A group is a sequence run back to back (edgelint's cold run, then its cached re-run over
    the same tree). The order of the groups rotates every round, so no tool always runs right
    after another's disk or CPU burst. With `peer_reps`, groups after the first take part only
    in the first `peer_reps` rounds (the 5,000-file peers, which take minutes each).
    """
    out_dir = WORK / "out" / name
    out_dir.mkdir(parents=True, exist_ok=True)
    samples: dict[str, list[Sample]] = {c.tool: [] for g in groups for c in g}
    started = time.perf_counter()
    for _ in range(warmups):
        for group in groups:
            for command in group:
                run_once(command, out_dir, env)
    for rep in range(reps):
        active = [g for i, g in enumerate(groups) if i == 0 or peer_reps is None or rep < peer_reps]
        shift = rep % len(active)
        for group in active[shift:] + active[:shift]:
            for command in group:
                samples[command.tool].append(run_once(command, out_dir, env))
    elapsed = time.perf_counter() - started
    medians = ", ".join(
        f"{tool} {statistics.median(s.wall_s for s in runs) * 1000:.0f} ms"
        for tool, runs in samples.items()
        if runs
    )
    print(f"  {name}: {medians}  ({elapsed:.0f} s)", flush=True)
    return samples


def summarise(runs: list[Sample], files: int) -> dict[str, Any]:
    """Median, range and per-file figures of one tool's samples in one case."""
    walls = [s.wall_s for s in runs]
    median = statistics.median(walls)
    return {
        "n": len(runs),
        "median_ms": median * 1000,
        "min_ms": min(walls) * 1000,
        "max_ms": max(walls) * 1000,
        "per_file_ms": median * 1000 / files if files else None,
        "cpu_median_ms": statistics.median(s.cpu_s for s in runs) * 1000,
        "maxrss_median_mib": statistics.median(s.maxrss_kib for s in runs) / 1024,
        "maxrss_max_mib": max(s.maxrss_kib for s in runs) / 1024,
        "exit_codes": sorted({s.exit_code for s in runs}),
        "output_lines": runs[-1].output_lines,
    }
