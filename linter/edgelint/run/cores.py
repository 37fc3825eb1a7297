"""How many worker processes pay off: the cores this process may run on and is given time on,
less what other processes keep busy.

A second worker on a machine whose cores are all taken only adds forking and messages: at a
load of 5 to 7 on 2 cores, two workers made 500 files slower than one. So the count is the
cores the process may use (`sched_getaffinity`, a container's CPU quota from its cgroup, v2's
`cpu.max` or v1's `cpu.cfs_quota_us`) minus the load other processes put on them, at least 1.
`--jobs N` sets it outright.
"""

from __future__ import annotations

import math
import os
from pathlib import Path


def default_jobs() -> int:
    return jobs_for(_cores(), _quota(Path("/proc/self/cgroup"), Path("/sys/fs/cgroup")), _load())


def jobs_for(cores: int, quota: float | None, load: float) -> int:
    """The workers for `cores` usable cores, a CPU quota in cores (None: none), and the load
    other processes put on them; never more than the cores, never fewer than one."""
    usable = max(1, cores)
    if quota is not None and quota > 0:
        usable = max(1, min(usable, math.floor(quota)))
    idle = usable - max(0.0, load)
    return max(1, min(usable, math.floor(idle + 0.5)))


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _load() -> float:
    """What other processes keep busy: the one-minute load average, but no more than the
    processes runnable right now besides this one (Linux's /proc/loadavg): the average lags a
    minute behind, and a build that just ended would otherwise cost the run its workers."""
    try:
        fields = Path("/proc/loadavg").read_text(encoding="ascii").split()
        average, running = float(fields[0]), int(fields[3].partition("/")[0])
    except (OSError, ValueError, IndexError):
        try:
            return os.getloadavg()[0]
        except (AttributeError, OSError):  # not available here
            return 0.0
    return min(average, max(0, running - 1))


def _quota(cgroup: Path, root: Path) -> float | None:
    """The CPU quota of this process's cgroup in cores, or None where there is none."""
    try:
        lines = cgroup.read_text(encoding="ascii", errors="replace").splitlines()
    except OSError:
        return None
    for line in lines:
        hierarchy, _, rest = line.partition(":")
        controllers, _, path = rest.partition(":")
        relative = path.lstrip("/")
        if hierarchy == "0" and controllers == "":
            found = _read(root / relative / "cpu.max")
            if found is not None:
                quota, _, period = found.partition(" ")
                return _ratio(quota, period)
        elif "cpu" in controllers.split(","):
            for base in (root / "cpu", root / "cpu,cpuacct"):
                quota_text = _read(base / relative / "cpu.cfs_quota_us")
                period_text = _read(base / relative / "cpu.cfs_period_us")
                if quota_text is not None and period_text is not None:
                    return _ratio(quota_text, period_text)
    return None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None


def _ratio(quota: str, period: str) -> float | None:
    """`max` or -1: no quota."""
    try:
        used, per = int(quota), int(period)
    except ValueError:
        return None
    return used / per if used > 0 and per > 0 else None
