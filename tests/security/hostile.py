"""What the attack tests share: a repository to attack, the CLI run in it, and a way to run it
without root's power to write anything (the tests run as root on CI)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ALIAS, FAILING, edgelint_command

__all__ = ["ALIAS", "FAILING", "NOBODY", "repo", "run", "tree_of", "unprivileged_prefix"]

NOBODY = 65534  # another user, for files root gives away


def run(
    *args: str | os.PathLike[str],
    cwd: Path,
    home: Path | None = None,
    env: dict[str, str] | None = None,
    input: bytes | None = None,
    timeout: float = 60,
    unprivileged: bool = False,
) -> subprocess.CompletedProcess[bytes]:
    """The installed CLI in ``cwd``, with the result cache on and its key under ``home``;
    ``unprivileged``: as root without the capabilities that bypass file permissions."""
    full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CI")}
    full.pop("GITHUB_ACTIONS", None)
    full.pop("EDGELINT_NO_CACHE", None)
    full["NO_COLOR"] = "1"
    if home is not None:
        full["XDG_CACHE_HOME"] = str(home)
        full["HOME"] = str(home)
    full.update(env or {})

    prefix = unprivileged_prefix() if unprivileged else []
    return subprocess.run(
        [*prefix, edgelint_command(), *map(str, args)],
        cwd=cwd,
        env=full,
        input=input,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def unprivileged_prefix() -> list[str]:
    """A command prefix that makes file permissions apply: nothing for a user, and for root
    setpriv dropping CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER (root stays root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv (util-linux): permissions cannot apply")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def repo(path: Path, files: dict[str, bytes] | None = None) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, data in (files or {"app.yaml": FAILING}).items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return path


def tree_of(root: Path) -> dict[str, bytes | str]:
    """Every entry below ``root`` (not following links): what an attack could have changed."""
    found: dict[str, bytes | str] = {}
    for directory, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(directory, name)
            rel = str(path.relative_to(root))
            if path.is_symlink():
                found[rel] = "-> " + os.readlink(path)
            elif path.is_file():
                found[rel] = path.read_bytes()
            else:
                found[rel] = "dir"
    return found
