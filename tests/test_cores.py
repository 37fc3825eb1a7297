"""How many workers: the usable cores and a container's CPU quota; the load does not lower it
(run/cores.py says what was measured)."""

from __future__ import annotations

from pathlib import Path

import pytest

from edgelint.run.cores import _quota, default_jobs, jobs_for


@pytest.mark.parametrize(
    ("cores", "quota", "jobs"),
    [
        (2, None, 2),  # every core this process may run on
        (8, 2.5, 2),  # a container given 2.5 cores on an 8-core host
        (8, 0.5, 1),  # half a core still runs one worker
        (2, 16.0, 2),  # a quota above the cores: the cores
        (1, None, 1),
        (0, None, 1),
    ],
)
def test_the_worker_count(cores: int, quota: float | None, jobs: int) -> None:
    assert jobs_for(cores, quota) == jobs


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
