"""Shared helpers: where fixtures live, and how to run the installed `edgelint` command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from edgelint.config.settings import Settings

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
CORPUS = REPO / "tests" / "corpus"
CONTROLLER_REGISTRIES = FIXTURES / "registries" / "controller-3.0.4.json"

# registry 7 is not in the built-in snapshot (1 and 2): EL303, an error.
FAILING = b"""\
apiVersion: iofog.org/v3
kind: Application
metadata:
  name: heart-rate
spec:
  microservices:
    - name: monitor
      agent:
        name: edge-1
      images:
        x86: edgeworx/healthcare-heart-rate:x86-v1
        registry: 7
"""
# The alias `remote`: EL301, a warning with a safe fix to `registry: 1`.
ALIAS = FAILING.replace(b"registry: 7", b"registry: remote")


def table_text(entries: dict[str, object]) -> str:
    """A result-cache table as edgelint writes one: a JSON object, one entry a line."""
    import json

    lines = [f"{json.dumps(k)}:{json.dumps(v, separators=(',', ':'))}" for k, v in entries.items()]
    return "{" + "".join(f"{',' if i else ''}\n{line}" for i, line in enumerate(lines)) + "\n}\n"


def settings(
    registries: Path | None = None, cluster: Path | None = None, target: str | None = None
) -> Settings:
    return Settings.build(
        registries=None if registries is None else str(registries),
        cluster=None if cluster is None else str(cluster),
        target=target,
    )


def edgelint_command() -> str:
    """The console script of the environment running the tests, else the one on PATH."""
    beside = Path(sys.executable).parent / "edgelint"
    found = str(beside) if beside.exists() else shutil.which("edgelint")
    if found is None:
        pytest.fail("the `edgelint` console script is not installed: pip install -e '.[test]'")
    return found


def run_cli(
    *args: str | os.PathLike[str],
    input: bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run the installed console script, as users and pre-commit do."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    # Tests run in the checkout: no result cache there, unless a test asks for one.
    full_env["EDGELINT_NO_CACHE"] = "1"
    full_env.update(env or {})
    return subprocess.run(
        [edgelint_command(), *map(str, args)],
        input=input,
        capture_output=True,
        cwd=cwd,
        env=full_env,
        timeout=60,
        check=False,
    )


def npm_harness(what: str) -> Path:
    """tests/conformance with its npm packages (liquidjs, js-yaml at the Controller's versions),
    installed from the lock file when missing; a skip that says why where Node or npm is not."""
    harness = REPO / "tests" / "conformance"
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None:
        pytest.skip(f"node is not installed: the {what} comparison needs Node.js")
    if not all(
        (harness / "node_modules" / m).is_dir()
        for m in ("liquidjs", "js-yaml-3", "yaml-language-server")
    ):
        if npm is None:
            pytest.skip(f"npm is not installed: cannot install {what}")
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--prefix", str(harness)],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return harness


@dataclass
class Entry:
    """What `main()` of the command did in a process of its own."""

    typer_used: bool
    code: int
    stdout: bytes
    stderr: str


def run_main(
    prelude: str, argv: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Entry:
    """Run the `main` that `prelude` imports (after whatever else it does first: hide a module,
    inject a fault) with argv, in a fresh interpreter; say whether typer was imported."""
    program = (
        f"import sys\n{prelude}\nsys.argv = ['edgelint', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "sys.stderr.write(f'\\ntyper={\"typer\" in sys.modules} code={code}')"
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        check=False,
        timeout=120,
        cwd=cwd,
        env=env if env is not None else {"EDGELINT_NO_CACHE": "1", "NO_COLOR": "1"},
    )
    stderr, _, said = done.stderr.decode(errors="replace").rpartition("\n")
    typer_used, _, code = said.partition(" code=")
    assert typer_used in ("typer=True", "typer=False") and code.isdigit(), done.stderr
    return Entry(typer_used == "typer=True", int(code), done.stdout, stderr)
