"""Set-up: the peers' venv (pinned, as users install them), edgelint's own venv from this
checkout, the versions and source digest that go into the results, the machine, the corpora."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.paths import BENCH, EDGELINT_VENV, PEERS_VENV, WORK
from bench.timing import child_env

PEER_PINS = ["check-jsonschema==0.39.0", "yamllint==1.38.0"]


def run_text(argv: Sequence[str], cwd: Path | None = None, ok: Sequence[int] = (0,)) -> str:
    """Run a set-up command and return its stdout; fail loudly (set-up errors are not data)."""
    result = subprocess.run(
        list(argv), cwd=cwd, capture_output=True, text=True, env=child_env(), check=False
    )
    if result.returncode not in ok:
        raise SystemExit(
            f"bench: `{' '.join(argv)}` failed ({result.returncode}):\n{result.stderr}"
        )
    return result.stdout


PROBE = """
import importlib.metadata as md, importlib.util as iu, json, sys
def version(name):
    try:
        return md.version(name)
    except md.PackageNotFoundError:
        return None
info = {"python": sys.version.split()[0]}
for name in sys.argv[1:]:
    info[name] = version(name)
info["ruamel_c_extension"] = iu.find_spec("_ruamel_yaml") is not None
try:
    import yaml
    info["pyyaml_libyaml"] = bool(yaml.__with_libyaml__)
except ImportError:
    info["pyyaml_libyaml"] = None
print(json.dumps(info))
"""


def probe(python: Path, *packages: str) -> dict[str, Any]:
    """Versions of `packages` in the environment of `python`, and its C extensions."""
    result: dict[str, Any] = json.loads(run_text([str(python), "-c", PROBE, *packages]))
    return result


def ensure_peers(log: list[str]) -> dict[str, Any]:
    """Create or reuse bench/.venv-peers with the pinned peers and no ruamel.yaml C extension.

    The issue compares against check-jsonschema as `pip install` gives it to users; since
    ruamel.yaml 0.19 that is without ruamel.yaml.clib, and check-jsonschema then silently
    parses with pure-Python ruamel (about 5x slower per file). If pip ever pulls clib in, it
    is uninstalled here and the report says so.
    """
    python = PEERS_VENV / "bin" / "python"
    packages = (
        *("check-jsonschema", "yamllint", "ruamel.yaml", "ruamel.yaml.clib", "PyYAML"),
        "jsonschema",
    )
    if not python.exists():
        print(f"bench: creating {PEERS_VENV.relative_to(BENCH.parent)}", flush=True)
        run_text([sys.executable, "-m", "venv", str(PEERS_VENV)])
        log.append("created the peers venv")
    info = probe(python, *packages)
    wanted = dict(pin.split("==") for pin in PEER_PINS)
    if any(info.get(name) != version for name, version in wanted.items()):
        print(f"bench: pip install {' '.join(PEER_PINS)}", flush=True)
        output = run_text([str(python), "-m", "pip", "install", "--quiet", *PEER_PINS])
        (WORK / "pip-install.log").write_text(output, encoding="utf-8")
        log.append(f"pip install {' '.join(PEER_PINS)}")
        info = probe(python, *packages)
    info["clib_uninstalled"] = False
    if info.get("ruamel.yaml.clib") or info["ruamel_c_extension"]:
        print("bench: ruamel.yaml.clib is installed in the peers venv; uninstalling", flush=True)
        run_text([str(python), "-m", "pip", "uninstall", "--yes", "ruamel.yaml.clib"])
        log.append("pip pulled in ruamel.yaml.clib: uninstalled it")
        info = probe(python, *packages)
        info["clib_uninstalled"] = True
    if info["ruamel_c_extension"]:
        raise SystemExit("bench: ruamel.yaml's C extension is still importable in the peers venv")
    return info


def ensure_edgelint(log: list[str]) -> Path:
    """Install this checkout's edgelint the way users get it: `pip install .`, not editable.

    An editable install adds an import hook to every start, and a development venv carries
    other tools' dependencies (jsonschema's format checkers, pulled in by check-jsonschema)
    that make imports slower than a user's. The package is reinstalled from the working tree
    on every run (after installing any dependency it gained), so the figures are of the code as
    it is.
    """
    python = EDGELINT_VENV / "bin" / "python"
    repo = BENCH.parent
    if not python.exists():
        print(f"bench: creating {EDGELINT_VENV.relative_to(repo)}", flush=True)
        run_text([sys.executable, "-m", "venv", str(EDGELINT_VENV)])
        run_text([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        run_text([str(python), "-m", "pip", "install", "--quiet", str(repo)])
        log.append("created the edgelint venv with `pip install .`")
    # Dependencies a change added (the package's own code is replaced just below).
    run_text([str(python), "-m", "pip", "install", "--quiet", str(repo)])
    print("bench: pip install --force-reinstall --no-deps . (edgelint, not editable)", flush=True)
    run_text(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--force-reinstall",
            "--no-deps",
            str(repo),
        ]
    )
    return EDGELINT_VENV / "bin" / "edgelint"


def interpreter_of(script: Path) -> Path | None:
    """The Python a console script runs with (its shebang), to report that environment."""
    try:
        first = script.read_bytes().split(b"\n", 1)[0].decode()
    except (OSError, UnicodeDecodeError):
        return None
    if first.startswith("#!") and "python" in first:
        return Path(first[2:].strip().split()[0])
    return None


def source_state(python: Path | None) -> dict[str, Any]:
    """Which edgelint code is measured: its package directory, a digest of its files, and the
    repository's commit and uncommitted changes under linter/.

    edgelint is installed editable and is being optimised while benchmarks run, so the version
    string alone does not say which code produced a figure; the digest is taken before and
    after the run, and a change in between is reported.
    """
    state: dict[str, Any] = {"package": None, "digest": None, "commit": None, "modified": None}
    if python is not None:
        code = "import edgelint, os; print(os.path.dirname(os.path.abspath(edgelint.__file__)))"
        package = Path(run_text([str(python), "-c", code]).strip())
        digest = hashlib.sha256()
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(package)).encode() + b"\0")
                digest.update(path.read_bytes())
        state["package"] = str(package)
        state["digest"] = digest.hexdigest()[:16]
    git = ["git", "-C", str(BENCH.parent)]
    try:
        state["commit"] = run_text([*git, "rev-parse", "--short", "HEAD"]).strip()
        status = run_text([*git, "status", "--porcelain", "--", "linter"])
        state["modified"] = len(status.splitlines())
    except (SystemExit, OSError):
        pass
    return state


def lint_options(edgelint: Path) -> dict[str, bool]:
    """Which of the optional options `edgelint lint --help` lists (the harness adapts)."""
    text = run_text([str(edgelint), "lint", "--help"])
    return {option: option in text for option in ("--jobs", "--no-cache")}


def generate(count: int, seed: int, out: Path) -> dict[str, Any]:
    """Write (or reuse) a corpus with bench/generate.py and return its summary."""
    script = str(BENCH / "generate.py")
    text = run_text(
        [sys.executable, script, "--count", str(count), "--seed", str(seed), "--out", str(out)]
    )
    summary: dict[str, Any] = json.loads(text)
    return summary


def remover(path: Path) -> Callable[[], None]:
    """A `before` hook that deletes edgelint's result cache, so the next run is cold."""

    def remove() -> None:
        shutil.rmtree(path, ignore_errors=True)

    return remove


def machine() -> dict[str, Any]:
    """CPU, cores, RAM, OS and load: what a reader needs to compare these numbers to theirs."""
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kib = 0
    with open("/proc/meminfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    os_name = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text(encoding="utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = f"{line.split('=', 1)[1].strip(chr(34))}, kernel {platform.release()}"
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "os": os_name,
        "python": platform.python_version(),
        "loadavg_start": os.getloadavg(),
    }
