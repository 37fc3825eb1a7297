"""`edgelint fix` killed at random moments, many times: every file is always exactly its old
bytes or exactly its new bytes — never a mix, never empty, never lost.

Each round restores the originals, starts `edgelint fix` on a tree of files that all need
fixing, and SIGKILLs it after a random delay within the time a whole run takes; then every
file is compared byte for byte. Leftover temporary files (`.<name>.*.edgelint`, which a killed
process cannot remove) are not YAML files and never replace anything.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, edgelint_command

ROUNDS = int(os.environ.get("EDGELINT_KILL_ROUNDS", "40"))
SOURCES = [
    FIXTURES / "rules" / "EL301" / "block-with-comment.yaml",
    FIXTURES / "rules" / "EL301" / "crlf-bom.yaml",
    FIXTURES / "rules" / "EL301" / "flow-and-multidoc.yaml",
    FIXTURES / "fix" / "three-values.yaml",
]


def _tree(root: Path) -> dict[Path, bytes]:
    originals = {}
    for index in range(24):
        source = SOURCES[index % len(SOURCES)]
        path = root / f"app-{index:02d}.yaml"
        path.write_bytes(source.read_bytes())
        path.chmod(0o640 if index % 2 else 0o600)
        originals[path] = source.read_bytes()
    return originals


def _run(root: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [edgelint_command(), "fix", "--no-cache", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )


@pytest.mark.slow
def test_killed_fix_never_leaves_a_damaged_file(tmp_path: Path) -> None:
    env = {**os.environ, "EDGELINT_NO_CACHE": "1"}
    root = tmp_path / "tree"
    root.mkdir()
    originals = _tree(root)
    started = time.perf_counter()
    assert _run(root, env).wait(timeout=60) in (0, 1)
    duration = time.perf_counter() - started
    fixed = {path: path.read_bytes() for path in originals}
    assert all(fixed[p] != originals[p] for p in originals), "every file must need a fix"
    modes = {path: path.stat().st_mode for path in originals}
    rng = random.Random(20261128)
    outcomes = {"old": 0, "new": 0}
    for _ in range(ROUNDS):
        for path, data in originals.items():
            path.write_bytes(data)
        process = _run(root, env)
        time.sleep(rng.uniform(0.0, duration * 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        for path in originals:
            now = path.read_bytes()
            assert now in (originals[path], fixed[path]), f"{path.name} is damaged"
            assert path.stat().st_mode == modes[path]
            outcomes["old" if now == originals[path] else "new"] += 1
    # The kills landed before, during and after the writes: both outcomes occurred.
    assert outcomes["old"] and outcomes["new"], outcomes
    leftovers = [p.name for p in root.iterdir() if p not in originals]
    assert all(name.startswith(".") and name.endswith(".edgelint") for name in leftovers)
