"""Benchmark edgelint against check-jsonschema and yamllint, and check edgelint's speed budgets.

One run does everything, so that every figure in RESULTS.md comes from the same machine, the
same tool versions and the same corpus, measured in the same minutes:

1. a separate venv ``bench/.venv-peers`` with the peers pinned and installed the way users get
   them (``pip install check-jsonschema==0.39.0 yamllint==1.38.0``: no ruamel.yaml C
   extension, which 0.19 no longer pulls in);
2. edgelint's own Application schema, bundled, for check-jsonschema (the same rules, so the
   comparison is schema validation against schema validation);
3. seeded corpora of 500 and 5,000 files (``bench/generate.py``) and two one-file cases;
4. measurements, interleaved round-robin across the tools in every repetition (noise on a
   shared 2-core machine then hits all tools alike), after warm-up runs, summarised by medians;
   wall clock with ``time.perf_counter`` around the child process, peak memory (max RSS) from
   ``os.wait4`` on the child, because ``getrusage(RUSAGE_CHILDREN)`` only ever grows and cannot
   give one child's peak;
5. ratios, budgets, ``bench/RESULTS.md`` and ``bench/results.json``.

Standard library only: the harness must not change what it measures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
WORK = BENCH / "work"
PEERS_VENV = BENCH / ".venv-peers"
EDGELINT_VENV = BENCH / ".venv-edgelint"
PEER_PINS = ["check-jsonschema==0.39.0", "yamllint==1.38.0"]
CACHE_DIR = ".edgelint_cache"
DEFAULT_SEED = 20261128

# Budgets from the performance issue: edgelint / check-jsonschema (or edgelint / itself).
BUDGET_START = 0.6
BUDGET_ONE_FILE = 0.9
BUDGET_500 = 0.3
BUDGET_FLAT = 1.25
BUDGET_CACHED = 0.1

# The environment variables that switch the tools to CI output formats; removed so that the
# tools print what a developer sees.
CI_VARIABLES = ("GITHUB_ACTIONS", "GITHUB_WORKFLOW", "CI")


# --------------------------------------------------------------------------------------------
# Running one command


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


# --------------------------------------------------------------------------------------------
# Set-up: peers, edgelint, schema, corpora


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
    on every run (without touching its dependencies), so the figures are of the code as it is.
    """
    python = EDGELINT_VENV / "bin" / "python"
    repo = BENCH.parent
    if not python.exists():
        print(f"bench: creating {EDGELINT_VENV.relative_to(repo)}", flush=True)
        run_text([sys.executable, "-m", "venv", str(EDGELINT_VENV)])
        run_text([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        run_text([str(python), "-m", "pip", "install", "--quiet", str(repo)])
        log.append("created the edgelint venv with `pip install .`")
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


# --------------------------------------------------------------------------------------------
# The benchmark


@dataclass
class Options:
    """Repetitions and warm-ups per case; defaults give a full run of about 6-8 minutes."""

    reps_start: int = 21
    reps_one: int = 15
    reps_500: int = 7
    reps_5000: int = 5
    peer_reps_5000: int = 1
    warmups: int = 1
    warmups_start: int = 2
    seed: int = DEFAULT_SEED
    extra: dict[str, Any] = field(default_factory=dict)


def pick_one_files(corpus: Path) -> tuple[str, str]:
    """The one-file cases: the first single-document file without templates, and the first
    with templates, including a templated port, so both template paths are exercised."""
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    files = manifest["files"]
    plain = next(f for f in files if not f["templates"] and not f["multidoc"] and not f["aliases"])
    templated = next(
        f for f in files if f["templates"] and f["templated_ports"] and not f["multidoc"]
    )
    return plain["name"], templated["name"]


def benchmark(
    edgelint: Path, peers_bin: Path, options: Options, lint_opts: dict[str, bool]
) -> tuple[dict[str, dict[str, list[Sample]]], dict[str, Any]]:
    """Run cases a-e; return raw samples per case and the corpus description."""
    env = child_env()
    schema = WORK / "application.schema.json"
    cj = str(peers_bin / "check-jsonschema")
    yl = str(peers_bin / "yamllint")
    el = str(edgelint)
    cj_args = [cj, "--schemafile", str(schema)]
    # yamllint's own default rules, named explicitly so that no .yamllint above the work
    # directory can change them.
    yl_args = [yl, "-d", "default"]

    print("bench: generating corpora", flush=True)
    c500, c5000, one = WORK / "c500", WORK / "c5000", WORK / "one"
    corpus: dict[str, Any] = {
        "500": generate(500, options.seed, c500),
        "5000": generate(5000, options.seed, c5000),
    }
    plain, templated = pick_one_files(c500)
    one.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(c500 / "single" / plain, one / "plain.yaml")
    shutil.copyfile(c500 / "single" / templated, one / "templated.yaml")
    corpus["one_file"] = {"plain": plain, "templated": templated}

    results: dict[str, dict[str, list[Sample]]] = {}
    print("bench: measuring", flush=True)

    # a. start-up
    results["start"] = measure(
        "start",
        [
            [Command("edgelint", [el, "--version"], WORK)],
            [Command("check-jsonschema", [cj, "--version"], WORK)],
            [Command("yamllint", [yl, "--version"], WORK)],
        ],
        options.reps_start,
        options.warmups_start,
        env,
    )

    # b. one file; every edgelint run is cold (its cache, if any, removed untimed first)
    for case, name in (("one_plain", "plain.yaml"), ("one_templated", "templated.yaml")):
        results[case] = measure(
            case,
            [
                [Command("edgelint", [el, "lint", name], one, remover(one / CACHE_DIR))],
                [Command("check-jsonschema", [*cj_args, name], one)],
                [Command("yamllint", [*yl_args, name], one)],
            ],
            options.reps_one,
            options.warmups,
            env,
        )

    # c + e. 500 files in one process; edgelint's cold run is followed by its re-run over the
    # unchanged tree (cache kept), in the same group so the pair sees the same conditions.
    files500 = [f"single/{p.name}" for p in sorted((c500 / "single").glob("*.yaml"))]
    full500 = [f"full/{p.name}" for p in sorted((c500 / "full").glob("*.yaml"))]
    cache500 = c500 / CACHE_DIR
    groups: list[list[Command]] = [
        [
            Command("edgelint", [el, "lint", *files500], c500, remover(cache500)),
            Command("edgelint-rerun", [el, "lint", *files500], c500),
        ],
        [Command("check-jsonschema", [*cj_args, *files500], c500)],
        [Command("yamllint", [*yl_args, *files500], c500)],
        [Command("edgelint-full", [el, "lint", *full500], c500, remover(cache500))],
    ]
    if lint_opts["--no-cache"]:
        groups.append([Command("edgelint-no-cache", [el, "lint", "--no-cache", *files500], c500)])
    results["500"] = measure("500", groups, options.reps_500, options.warmups, env)
    # Did edgelint write a cache? (The last group to run may have been any of them: run the
    # cold/re-run pair once more, untimed, and look.)
    remover(cache500)()
    run_text([el, "lint", *files500], cwd=c500, ok=(0, 1))
    corpus["cache_written"] = cache500.is_dir()
    shutil.rmtree(cache500, ignore_errors=True)

    # d. 5,000 files in one process: edgelint every round, the peers in the first round(s);
    # no warm-up (the files were just written, the tools' code is warm from case c).
    files5000 = [f"single/{p.name}" for p in sorted((c5000 / "single").glob("*.yaml"))]
    cache5000 = c5000 / CACHE_DIR
    results["5000"] = measure(
        "5000",
        [
            [Command("edgelint", [el, "lint", *files5000], c5000, remover(cache5000))],
            [Command("check-jsonschema", [*cj_args, *files5000], c5000)],
            [Command("yamllint", [*yl_args, *files5000], c5000)],
        ],
        options.reps_5000,
        0,
        env,
        peer_reps=options.peer_reps_5000,
    )
    shutil.rmtree(cache5000, ignore_errors=True)
    return results, corpus


FILES_PER_CASE = {"start": 0, "one_plain": 1, "one_templated": 1, "500": 500, "5000": 5000}


def budgets(summary: dict[str, dict[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Each budget: what is compared, the measured ratio, the limit, met or not."""

    def med(case: str, tool: str) -> float:
        return float(summary[case][tool]["median_ms"])

    def rss(case: str, tool: str) -> float:
        return float(summary[case][tool]["maxrss_median_mib"])

    rows = [
        (
            "Start: `edgelint --version` vs `check-jsonschema --version`",
            med("start", "edgelint"),
            med("start", "check-jsonschema"),
            "ms",
            BUDGET_START,
        ),
        (
            "One file without templates vs check-jsonschema",
            med("one_plain", "edgelint"),
            med("one_plain", "check-jsonschema"),
            "ms",
            BUDGET_ONE_FILE,
        ),
        (
            "One file with templates vs check-jsonschema",
            med("one_templated", "edgelint"),
            med("one_templated", "check-jsonschema"),
            "ms",
            BUDGET_ONE_FILE,
        ),
        (
            "500 files, one process, vs check-jsonschema",
            med("500", "edgelint"),
            med("500", "check-jsonschema"),
            "ms",
            BUDGET_500,
        ),
        (
            "Flat memory: edgelint peak RSS, 5,000 files vs 500 files",
            rss("5000", "edgelint"),
            rss("500", "edgelint"),
            "MiB",
            BUDGET_FLAT,
        ),
        (
            "Cached re-run of the unchanged 500 files vs edgelint's own first run",
            med("500", "edgelint-rerun"),
            med("500", "edgelint"),
            "ms",
            BUDGET_CACHED,
        ),
    ]
    return [
        {
            "budget": name,
            "edgelint": value,
            "reference": reference,
            "unit": unit,
            "ratio": value / reference,
            "limit": limit,
            "met": value / reference <= limit,
        }
        for name, value, reference, unit, limit in rows
    ]


# --------------------------------------------------------------------------------------------
# Report

TOOL_LABEL = {
    "edgelint": "edgelint",
    "edgelint-rerun": "edgelint, re-run (cache kept)",
    "edgelint-full": "edgelint on `full/` (with the multi-document files)",
    "edgelint-no-cache": "edgelint `--no-cache`",
    "check-jsonschema": "check-jsonschema",
    "yamllint": "yamllint",
}
CASE_LABEL = {
    "start": "a. `--version` (start-up)",
    "one_plain": "b. one file, no templates",
    "one_templated": "b. one file, with templates",
    "500": "c/e. 500 files, one process",
    "5000": "d. 5,000 files, one process",
}


def fmt_ms(value: float) -> str:
    """Milliseconds with a precision that suits their size."""
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def render_markdown(data: dict[str, Any]) -> str:
    """RESULTS.md: everything a reader needs to trust, compare or reproduce the numbers."""
    m, v, corpus, opts = data["machine"], data["versions"], data["corpus"], data["options"]
    summary, ratio_rows = data["summary"], data["ratios"]
    el_env, peers, src = v["edgelint_env"], v["peers_env"], v["edgelint_source"]
    lines = [
        "# edgelint benchmark results",
        "",
        f"Generated by `python bench/run.py` on {data['date']} "
        f"(full run: {data['duration_s'] / 60:.1f} min). Raw numbers: `bench/results.json`.",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable)",
        f"- RAM: {m['ram_gib']} GiB",
        f"- OS: {m['os']}",
        f"- Python: {m['python']} (harness); edgelint's environment "
        f"{el_env.get('python', '?')}, peers' environment {peers.get('python', '?')}",
        f"- Load average at start {', '.join(f'{x:.2f}' for x in m['loadavg_start'])}; "
        f"at end {', '.join(f'{x:.2f}' for x in m['loadavg_end'])}",
        "",
        "## Tools",
        "",
        "| Tool | Version | Environment | ruamel.yaml | ruamel C extension |",
        "|---|---|---|---|---|",
        f"| edgelint | `{v['edgelint']}` | `{v['edgelint_path']}` | "
        f"{el_env.get('ruamel.yaml')} | {yes_no(el_env.get('ruamel_c_extension'))} |",
        f"| check-jsonschema | `{v['check-jsonschema']}` | `bench/.venv-peers` | "
        f"{peers.get('ruamel.yaml')} | {yes_no(peers.get('ruamel_c_extension'))} |",
        f"| yamllint | `{v['yamllint']}` | `bench/.venv-peers` | (PyYAML "
        f"{peers.get('PyYAML')}, libyaml {yes_no(peers.get('pyyaml_libyaml'))}) | n/a |",
        "",
        f"- edgelint code measured: `{src['package']}`, repository commit `{src['commit']}` with "
        f"{src['modified']} uncommitted changes under `linter/`; digest of the package's files "
        f"`{src['digest']}` (`source_state()` in run.py).",
        f"- Peers installed with `pip install {' '.join(PEER_PINS)}`; also in that venv: "
        f"jsonschema {peers.get('jsonschema')}. `ruamel.yaml.clib` importable there: "
        f"**{yes_no(peers.get('ruamel_c_extension'))}**"
        + (
            " (pip had pulled it in; the harness uninstalled it)."
            if peers["clib_uninstalled"]
            else " (pip did not install it, as expected for ruamel.yaml 0.19)."
        ),
        "  check-jsonschema asks for ruamel's C parser (`YAML(typ='safe', pure=False)`) and "
        "silently falls back to pure Python without it, which is what its users get by default.",
        f"- edgelint `lint` options detected: `--jobs` "
        f"{'present' if data['lint_options']['--jobs'] else 'absent'}, `--no-cache` "
        f"{'present' if data['lint_options']['--no-cache'] else 'absent'}. Used: none "
        "(edgelint runs with its defaults; `--no-cache`, when present, only in an extra row). "
        "Cold runs delete `.edgelint_cache/` first, untimed.",
        f"- check-jsonschema validates against edgelint's own schema: `edgelint schema Application"
        f" > bench/work/application.schema.json` ({data['schema_bytes']:,} bytes, bundled, "
        "draft 2020-12).",
        "- yamllint runs with `-d default` (its default rule set, named so that no `.yamllint` "
        "file can change it).",
        "",
        "## Corpus",
        "",
        f"`bench/generate.py`, seed {corpus['500']['seed']}: realistic ioFog Application files "
        "for edgelint's default target (`apiVersion: iofog.org/v3`), 1-6 microservices each, "
        "comments, ports, volumes, env, some extraHosts, routes. The 5,000-file corpus starts "
        "with the 500 files of the small one (each file is seeded by its index).",
        "",
        "| Corpus | files | lines min / median / max | total lines | Liquid templates "
        "(with a templated port) | anchors + aliases | multi-document (in `full/`) | "
        "`registry: remote/local` |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key in ("500", "5000"):
        c = corpus[key]
        ls = c["lines_single"]
        lines.append(
            f"| {key} | {c['files']:,} | {ls['min']} / {ls['median']} / {ls['max']} | "
            f"{ls['total']:,} | {c['templates']} ({c['share_templates']:.0%}; "
            f"{c['templated_ports']}) | {c['aliases']} ({c['share_aliases']:.0%}) | "
            f"{c['multidoc']} ({c['share_multidoc']:.0%}) | {c['registry_alias_files']} |"
        )
    lines += [
        "",
        "Every file exists twice: `full/` (what edgelint is meant for; about 5% of the files add "
        "one or two `kind: Microservice` documents named `app/name`) and `single/`, identical "
        "except that multi-document files keep only their Application document. "
        "**All comparisons run on `single/`**, the same files for the three tools, because "
        "check-jsonschema refuses multi-document files (`ComposerError: expected a single "
        "document in the stream`). One extra edgelint row runs over `full/`. "
        f"The one-file cases are `{corpus['one_file']['plain']}` (no templates) and "
        f"`{corpus['one_file']['templated']}` (templates, including a templated port), "
        "copied to `bench/work/one/`.",
        "",
        "What the tools report on the corpus (so that time goes to checking, not printing): "
        f"edgelint {data['findings']['edgelint']}; check-jsonschema "
        f"{data['findings']['check-jsonschema']}; yamllint {data['findings']['yamllint']}.",
        "",
        "## Method",
        "",
        "- Each case runs its tools **interleaved**: in every repetition each tool runs once, "
        "and the starting tool rotates, so machine noise hits all tools alike.",
        f"- Warm-up runs before measuring: {opts['warmups_start']} for `--version`, "
        f"{opts['warmups']} for the one-file and 500-file cases, none for 5,000 files "
        "(the files were just written and every tool ran over the 500 before).",
        f"- Repetitions: `--version` {opts['reps_start']}, one file {opts['reps_one']}, 500 files "
        f"{opts['reps_500']}, 5,000 files {opts['reps_5000']} for edgelint and "
        f"{opts['peer_reps_5000']} for each peer (they take minutes; no budget uses them). "
        "Tables report the **median** and the min-max range.",
        "- Wall clock: `time.perf_counter()` around the child process (`Popen` + `os.wait4`). "
        "CPU is the child's user + system time. Peak RSS is `ru_maxrss` from `os.wait4` on the "
        "child: the largest single process of the run (with worker processes, the largest "
        "worker or the parent, not their sum).",
        "- Every command gets explicit file paths relative to its working directory (the "
        "corpus's parent, where `.edgelint_cache/` lands), the same list for all three tools. "
        "Output goes to a file (`bench/work/out/`, last run kept).",
        "- edgelint's cached re-run runs right after its cold run in the same repetition, "
        "over the unchanged tree; every other edgelint run starts without `.edgelint_cache/`.",
        "",
        "## Results",
        "",
        "| Case | Tool | median ms | min-max ms | per file ms | CPU ms | peak RSS MiB | exit | "
        "output lines |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for case, tools in summary.items():
        for tool, s in tools.items():
            per_file = fmt_ms(s["per_file_ms"]) if s["per_file_ms"] is not None else ""
            lines.append(
                f"| {CASE_LABEL[case]} | {TOOL_LABEL[tool]} | **{fmt_ms(s['median_ms'])}** | "
                f"{fmt_ms(s['min_ms'])}-{fmt_ms(s['max_ms'])} | {per_file} | "
                f"{fmt_ms(s['cpu_median_ms'])} | {s['maxrss_median_mib']:.1f} | "
                f"{','.join(map(str, s['exit_codes']))} | {s['output_lines']} |"
            )
    marginal = data["marginal_ms_per_file"]
    lines += [
        "",
        "Marginal cost per file, (median at 5,000 - median at 500) / 4,500: "
        + "; ".join(f"{TOOL_LABEL[t]} {x:.2f} ms" for t, x in marginal.items())
        + ".",
        "",
        "## Ratios (median wall clock)",
        "",
        "| Case | edgelint ms | check-jsonschema ms | edgelint / check-jsonschema | yamllint ms | "
        "edgelint / yamllint (information) |",
        "|---|---|---|---|---|---|",
    ]
    for row in ratio_rows:
        lines.append(
            f"| {CASE_LABEL[row['case']]} | {fmt_ms(row['edgelint'])} | "
            f"{fmt_ms(row['check-jsonschema'])} | **{row['vs_check_jsonschema']:.2f}x** | "
            f"{fmt_ms(row['yamllint'])} | {row['vs_yamllint']:.2f}x |"
        )
    lines += [
        "",
        "## Budgets",
        "",
        "| Budget | edgelint | reference | ratio | limit | met |",
        "|---|---|---|---|---|---|",
    ]
    for b in data["budgets"]:
        unit = b["unit"]
        lines.append(
            f"| {b['budget']} | {fmt_ms(b['edgelint'])} {unit} | {fmt_ms(b['reference'])} {unit}"
            f" | {b['ratio']:.2f}x | <= {b['limit']}x | {'met' if b['met'] else '**not met**'} |"
        )
    met = sum(1 for b in data["budgets"] if b["met"])
    lines += ["", f"{met} of {len(data['budgets'])} budgets met.", ""]
    if data["notes"]:
        lines += ["## Notes", ""] + [f"- {note}" for note in data["notes"]] + [""]
    return "\n".join(lines)


def yes_no(value: object) -> str:
    """Yes/no for booleans in the report; `?` when the probe could not tell."""
    return "?" if value is None else ("yes" if value else "no")


def findings(results: dict[str, dict[str, list[Sample]]]) -> dict[str, str]:
    """What each tool said about the 500 files (the last output kept), in a few words."""
    out = WORK / "out" / "500"
    said: dict[str, str] = {}
    el_text = (out / "edgelint.txt").read_text(encoding="utf-8", errors="replace")
    summary_line = next(
        (line for line in el_text.splitlines() if line.startswith("Found ")), "no summary line"
    )
    said["edgelint"] = f"`{summary_line.strip()}`"
    cj_text = (out / "check-jsonschema.txt").read_text(encoding="utf-8", errors="replace")
    errors = [line for line in cj_text.splitlines() if line.startswith("  ") and "::" in line]
    typed = sum(1 for line in errors if "plus: 1" in line)
    said["check-jsonschema"] = (
        f"{len(errors)} schema errors, {typed} of them templated ports "
        "(`'{{ 7999 | plus: 1 }}' is not of type 'integer'`: it cannot render Liquid)"
    )
    yl_text = (out / "yamllint.txt").read_text(encoding="utf-8", errors="replace")
    problems = [line for line in yl_text.splitlines() if line.startswith("  ") and "(" in line]
    said["yamllint"] = f"{len(problems)} problems" + (
        "" if problems else " (the files are clean under its default rules)"
    )
    rc = {tool: sorted({s.exit_code for s in runs}) for tool, runs in results["500"].items()}
    said["exit_codes"] = json.dumps(rc)
    return said


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--edgelint",
        type=Path,
        help="edgelint executable (default: this checkout, installed into bench/.venv-edgelint)",
    )
    parser.add_argument("--reps-start", type=int, default=21, help="--version runs (21)")
    parser.add_argument("--reps-one", type=int, default=15, help="one-file runs (15)")
    parser.add_argument("--reps-500", type=int, default=7, help="500-file runs (7)")
    parser.add_argument("--reps-5000", type=int, default=5, help="5,000-file edgelint runs (5)")
    parser.add_argument(
        "--peer-reps-5000", type=int, default=1, help="5,000-file runs of each peer (1)"
    )
    parser.add_argument("--warmups", type=int, default=1, help="warm-ups per case (1)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="1 repetition, no warm-ups: to test the harness, not to quote",
    )
    parser.add_argument(
        "--enforce",
        action="store_true",
        help="exit 1 when a budget is not met (default: report only)",
    )
    return parser.parse_args(argv)


def _options(args: argparse.Namespace) -> Options:
    options = Options(
        reps_start=args.reps_start,
        reps_one=args.reps_one,
        reps_500=args.reps_500,
        reps_5000=args.reps_5000,
        peer_reps_5000=args.peer_reps_5000,
        warmups=args.warmups,
        warmups_start=max(args.warmups, 2),
        seed=args.seed,
    )
    if args.quick:
        options = Options(1, 1, 1, 1, 1, warmups=0, warmups_start=0, seed=args.seed)
    return options


def main(argv: list[str] | None = None) -> int:
    """Set up, measure, report; exit 1 on a missed budget only with --enforce."""
    args = _arguments(argv)
    options = _options(args)
    started = time.perf_counter()
    WORK.mkdir(parents=True, exist_ok=True)
    info = machine()
    notes: list[str] = []

    edgelint = (args.edgelint or ensure_edgelint(notes)).resolve()
    if not edgelint.exists():
        raise SystemExit(f"bench: no edgelint at {edgelint}; pass --edgelint PATH")
    peers = ensure_peers(notes)
    peers_bin = PEERS_VENV / "bin"
    el_python = interpreter_of(edgelint)
    el_env = probe(el_python, "edgelint", "ruamel.yaml", "ruamel.yaml.clib") if el_python else {}
    versions: dict[str, Any] = {
        "edgelint": run_text([str(edgelint), "--version"]).strip(),
        "edgelint_path": str(edgelint),
        "check-jsonschema": run_text([str(peers_bin / "check-jsonschema"), "--version"]).strip(),
        "yamllint": run_text([str(peers_bin / "yamllint"), "--version"]).strip(),
        "edgelint_env": el_env,
        "peers_env": peers,
    }
    versions["edgelint_source"] = source_state(el_python)
    opts = lint_options(edgelint)
    schema_text = run_text([str(edgelint), "schema", "Application"])
    (WORK / "application.schema.json").write_text(schema_text, encoding="utf-8")

    results, corpus = benchmark(edgelint, peers_bin, options, opts)
    info["loadavg_end"] = os.getloadavg()
    source_end = source_state(el_python)
    if source_end["digest"] != versions["edgelint_source"]["digest"]:
        notes.append(
            "edgelint's code changed during the run (source digest "
            f"{versions['edgelint_source']['digest']} at the start, {source_end['digest']} at "
            "the end): the figures may mix two versions. Run again."
        )

    summary = {
        case: {tool: summarise(runs, FILES_PER_CASE[case]) for tool, runs in tools.items() if runs}
        for case, tools in results.items()
    }
    ratios = []
    for case in ("start", "one_plain", "one_templated", "500", "5000"):
        row: dict[str, Any] = {"case": case}
        for tool in ("edgelint", "check-jsonschema", "yamllint"):
            row[tool] = summary[case][tool]["median_ms"]
        row["vs_check_jsonschema"] = row["edgelint"] / row["check-jsonschema"]
        row["vs_yamllint"] = row["edgelint"] / row["yamllint"]
        ratios.append(row)
    marginal = {
        tool: (summary["5000"][tool]["median_ms"] - summary["500"][tool]["median_ms"]) / 4500
        for tool in ("edgelint", "check-jsonschema", "yamllint")
    }
    budget_rows = budgets(summary)
    said = findings(results)
    if not opts["--jobs"]:
        notes.append("edgelint has no `--jobs` yet: it checks files in one process.")
    if not opts["--no-cache"]:
        notes.append(
            "edgelint has no result cache yet (`--no-cache` absent, no `.edgelint_cache/` "
            "written): the re-run row measures a second uncached run."
        )
    if opts["--no-cache"] and not corpus["cache_written"]:
        notes.append("edgelint lists `--no-cache` but wrote no `.edgelint_cache/` in its cwd.")
    elif corpus["cache_written"] and not opts["--no-cache"]:
        notes.append("edgelint writes `.edgelint_cache/` but lists no `--no-cache`.")
    notes.append(f"Exit codes over the 500 files: {said.pop('exit_codes')}.")
    data: dict[str, Any] = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": info,
        "versions": versions,
        "lint_options": opts,
        "schema_bytes": len(schema_text.encode()),
        "corpus": corpus,
        "options": asdict(options),
        "summary": summary,
        "ratios": ratios,
        "marginal_ms_per_file": marginal,
        "budgets": budget_rows,
        "findings": said,
        "notes": notes,
        "raw": {
            case: {tool: [asdict(s) for s in runs] for tool, runs in tools.items()}
            for case, tools in results.items()
        },
    }
    data["duration_s"] = time.perf_counter() - started
    (BENCH / "results.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    (BENCH / "RESULTS.md").write_text(render_markdown(data), encoding="utf-8")

    print(f"\nbench: done in {data['duration_s'] / 60:.1f} min; bench/RESULTS.md written")
    for b in budget_rows:
        print(
            f"  {'met    ' if b['met'] else 'NOT MET'} {b['ratio']:.2f}x (<= {b['limit']}x)  "
            f"{b['budget']}"
        )
    if args.enforce and not all(b["met"] for b in budget_rows):
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
