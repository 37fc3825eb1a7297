"""How many workers: the usable cores, a container's CPU quota, less the load on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from edgelint.run.cores import _quota, default_jobs, jobs_for


@pytest.mark.parametrize(
    ("cores", "quota", "load", "jobs"),
    [
        (2, None, 0.1, 2),  # an idle machine: every core
        (2, None, 1.0, 1),  # one core taken: one worker
        (2, None, 6.0, 1),  # a busy machine (load 5-7 on 2 cores): never more than `--jobs 1`
        (8, None, 2.6, 5),
        (8, 2.5, 0.0, 2),  # a container given 2.5 cores on an 8-core host
        (8, 0.5, 0.0, 1),  # half a core still runs one worker
        (1, None, 0.0, 1),
        (4, None, -1.0, 4),  # no load average (as some systems answer): the cores
    ],
)
def test_the_worker_count(cores: int, quota: float | None, load: float, jobs: int) -> None:
    assert jobs_for(cores, quota, load) == jobs


def _cgroup(tmp_path: Path, line: str, files: dict[str, str]) -> tuple[Path, Path]:
    cgroup = tmp_path / "cgroup"
    cgroup.write_text(line + "\n")
    root = tmp_path / "fs"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return cgroup, root


def test_a_cgroup_v2_quota(tmp_path: Path) -> None:
    cgroup, root = _cgroup(tmp_path, "0::/ci/job", {"ci/job/cpu.max": "150000 100000\n"})
    assert _quota(cgroup, root) == 1.5
    (root / "ci" / "job" / "cpu.max").write_text("max 100000\n")
    assert _quota(cgroup, root) is None


def test_a_cgroup_v1_quota(tmp_path: Path) -> None:
    files = {
        "cpu,cpuacct/docker/1/cpu.cfs_quota_us": "200000",
        "cpu,cpuacct/docker/1/cpu.cfs_period_us": "100000",
    }
    cgroup, root = _cgroup(tmp_path, "4:cpu,cpuacct:/docker/1", files)
    assert _quota(cgroup, root) == 2.0
    (root / "cpu,cpuacct" / "docker" / "1" / "cpu.cfs_quota_us").write_text("-1")
    assert _quota(cgroup, root) is None


def test_no_cgroup_and_garbage_mean_no_quota(tmp_path: Path) -> None:
    assert _quota(tmp_path / "missing", tmp_path) is None
    cgroup, root = _cgroup(tmp_path, "0::/x", {"x/cpu.max": "lots of cores"})
    assert _quota(cgroup, root) is None


def test_this_machine_gets_at_least_one_worker() -> None:
    assert default_jobs() >= 1
