"""Running one command and measuring it: wall clock, CPU, the child's own peak memory;
cases measured round-robin, summarised by medians.

A child's `ru_maxrss` is never below the peak of the process that started it: Linux carries the
old memory's peak over `exec` (`setmax_mm_hiwater_rss` in fs/exec.c), and `Popen` starts the
child inside this harness's own memory (vfork). Every child of this ~20 MiB harness so reads at
least ~20 MiB: a bare `python -c pass` (about 9 MiB) seemed to grow by 7 MiB, not its real
18 MiB, when given 20,000 arguments. So the commands whose memory a budget reads run under GNU
time, a small C program that starts them from its own memory of about 2 MiB and reports their
peak (`%M`); it adds about a millisecond of wall clock, which those runs (500 files and more)
do not feel.
"""

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
    # Its peak memory is read by a budget: measured under GNU time, where there is one.
    memory: bool = False


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


GNU_TIME = "/usr/bin/time"


def peak_launcher() -> str | None:
    """GNU time, when this machine has it (Debian's package `time`); None otherwise."""
    try:
        said = subprocess.run([GNU_TIME, "--version"], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return GNU_TIME if "GNU" in said.stdout + said.stderr else None


def run_once(
    command: Command, out_dir: Path, env: dict[str, str], launcher: str | None = None
) -> Sample:
    """Run `command` once; time it and read its own peak RSS.

    Output goes to a file (the last run's is kept for inspection), not a pipe: a pipe would
    have to be drained while waiting, and a file costs the tools what a CI log costs them.
    `os.wait4` reaps the child and returns its rusage: ru_maxrss (KiB on Linux) is the peak of
    the child, or of the largest of its own reaped children (worker processes), never a sum.
    A `memory` command run under `launcher` (GNU time) reads the peak GNU time reports, which
    this harness's own peak does not raise (the module's docstring says why).
    """
    if command.before is not None:
        command.before()
    out_path = out_dir / f"{command.tool}.txt"
    peak_path = out_dir / f"{command.tool}.peak"
    launched = launcher is not None and command.memory
    argv = command.argv
    if launched:
        argv = [str(launcher), "--quiet", "--format=%M", f"--output={peak_path}", *argv]
    with out_path.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, cwd=command.cwd, stdout=out, stderr=subprocess.STDOUT, env=env
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: tell Popen, or it warns
    with out_path.open("rb") as produced:
        lines = sum(1 for _ in produced)
    peak = usage.ru_maxrss
    if launched:
        peak = int(peak_path.read_text(encoding="ascii").split()[-1])
        peak_path.unlink()
    return Sample(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        maxrss_kib=peak,
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
    launcher: str | None = None,
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
                run_once(command, out_dir, env, launcher)
    for rep in range(reps):
        active = [g for i, g in enumerate(groups) if i == 0 or peer_reps is None or rep < peer_reps]
        shift = rep % len(active)
        for group in active[shift:] + active[:shift]:
            for command in group:
                samples[command.tool].append(run_once(command, out_dir, env, launcher))
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
