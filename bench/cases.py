"""The cases: start-up, one plain file, one templated file, 500 and 5,000 files, cached re-runs;
which commands each runs, and what the tools said about the files."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.environment import generate, remover, run_text
from bench.paths import WORK
from bench.timing import Command, Sample, child_env, measure

CACHE_DIR = ".edgelint_cache"


DEFAULT_SEED = 20261128


@dataclass
class Options:
    """Repetitions and warm-ups per case; defaults give a full run of about 6-8 minutes."""

    reps_start: int = 21
    reps_one: int = 15
    reps_500: int = 7
    reps_5000: int = 5
    peer_reps_5000: int = 1
    reps_commit: int = 15
    reps_400: int = 7
    reps_20000: int = 1
    reps_busy: int = 3
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


def pick_commit_files(corpus: Path) -> tuple[list[str], list[str]]:
    """A commit's three files as pre-commit passes them: two plain and one templated, and three
    plain (single-document, no aliases, so every tool reads them alike)."""
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    simple = [f for f in manifest["files"] if not f["multidoc"] and not f["aliases"]]
    plain = [f["name"] for f in simple if not f["templates"]][:3]
    templated = next(f["name"] for f in simple if f["templates"])
    return [*plain[:2], templated], plain


FLOOR_PARSE = """\
import sys

import yaml

for name in sys.argv[1:]:
    with open(name, "rb") as handle:
        text = handle.read()
    try:
        for _ in yaml.compose_all(text, Loader=yaml.CSafeLoader):
            pass
    except yaml.YAMLError:
        pass
"""


def benchmark(
    edgelint: Path,
    peers_bin: Path,
    options: Options,
    lint_opts: dict[str, bool],
    launcher: str | None,
) -> tuple[dict[str, dict[str, list[Sample]]], dict[str, Any]]:
    """Run cases a-i; return raw samples per case and the corpus description. `launcher`
    (GNU time) measures the peak memory of the runs a memory budget reads (timing.py)."""
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

    results.update(_commits(c500, el, cj_args, yl_args, options, env, corpus))
    results["400"] = _floor(c500, el, str(peers_bin / "python"), options, env)

    # c + e. 500 files in one process; edgelint's cold run is followed by its re-run over the
    # unchanged tree (cache kept), in the same group so the pair sees the same conditions.
    files500 = [f"single/{p.name}" for p in sorted((c500 / "single").glob("*.yaml"))]
    full500 = [f"full/{p.name}" for p in sorted((c500 / "full").glob("*.yaml"))]
    cache500 = c500 / CACHE_DIR
    # The cold runs' memory is compared with 5,000 files'; the re-run's ~80 ms would feel the
    # launcher, and no budget reads its memory.
    groups: list[list[Command]] = [
        [
            Command("edgelint", [el, "lint", *files500], c500, remover(cache500), memory=True),
            Command("edgelint-rerun", [el, "lint", *files500], c500),
        ],
        [Command("check-jsonschema", [*cj_args, *files500], c500, memory=True)],
        [Command("yamllint", [*yl_args, *files500], c500, memory=True)],
        [Command("edgelint-full", [el, "lint", *full500], c500, remover(cache500))],
    ]
    if lint_opts["--no-cache"]:
        groups.append([Command("edgelint-no-cache", [el, "lint", "--no-cache", *files500], c500)])
    results["500"] = measure(
        "500", groups, options.reps_500, options.warmups, env, launcher=launcher
    )
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
            [Command("edgelint", [el, "lint", *files5000], c5000, remover(cache5000), memory=True)],
            [Command("check-jsonschema", [*cj_args, *files5000], c5000, memory=True)],
            [Command("yamllint", [*yl_args, *files5000], c5000, memory=True)],
        ],
        options.reps_5000,
        0,
        env,
        peer_reps=options.peer_reps_5000,
        launcher=launcher,
    )
    shutil.rmtree(cache5000, ignore_errors=True)

    results["500_busy"] = _busy(c500, el, options, env)
    results.update(_many(el, str(peers_bin / "python"), options, env, corpus, launcher))
    return results, corpus


def _commits(
    c500: Path,
    el: str,
    cj_args: list[str],
    yl_args: list[str],
    options: Options,
    env: dict[str, str],
    corpus: dict[str, Any],
) -> dict[str, Any]:
    """f. a commit: the three files pre-commit passes, one with templates or none; every run
    cold."""
    results: dict[str, Any] = {}
    with_templates, without = pick_commit_files(c500)
    for case, names in (("commit_templated", with_templates), ("commit_plain", without)):
        folder = WORK / case
        folder.mkdir(parents=True, exist_ok=True)
        local = []
        for index, name in enumerate(names):
            shutil.copyfile(c500 / "single" / name, folder / f"{index}-{name}")
            local.append(f"{index}-{name}")
        results[case] = measure(
            case,
            [
                [Command("edgelint", [el, "lint", *local], folder, remover(folder / CACHE_DIR))],
                [Command("check-jsonschema", [*cj_args, *local], folder)],
                [Command("yamllint", [*yl_args, *local], folder)],
            ],
            options.reps_commit,
            options.warmups,
            env,
        )
    corpus["commit"] = {"commit_templated": with_templates, "commit_plain": without}
    return results


def _floor(
    c500: Path, el: str, python: str, options: Options, env: dict[str, str]
) -> dict[str, list[Sample]]:
    """g. the floor: 400 files composed by PyYAML's C loader (libyaml) and nothing else, and a
    Python that starts and ends, in the same rounds as edgelint's cold run over the same files."""
    floor = WORK / "floor_parse.py"
    floor.write_text(FLOOR_PARSE, encoding="utf-8")
    files400 = [f"single/{p.name}" for p in sorted((c500 / "single").glob("*.yaml"))][:400]
    return measure(
        "400",
        [
            [Command("edgelint", [el, "lint", *files400], c500, remover(c500 / CACHE_DIR))],
            [Command("floor-parse", [python, str(floor), *files400], c500)],
            [Command("floor-python", [python, "-c", "pass"], c500)],
        ],
        options.reps_400,
        options.warmups,
        env,
    )


BUSY_SPINNERS = 6  # a load of about 6 on the machine's 2 cores


def _busy(c500: Path, el: str, options: Options, env: dict[str, str]) -> dict[str, list[Sample]]:
    """i. 500 files on a busy machine (six processes spinning): edgelint's own worker count
    against `--jobs 1`, which it must never be slower than."""
    import subprocess
    import sys

    files500 = [f"single/{p.name}" for p in sorted((c500 / "single").glob("*.yaml"))]
    cache = c500 / CACHE_DIR
    spin = [sys.executable, "-c", "while True: pass"]
    spinners = [subprocess.Popen(spin) for _ in range(BUSY_SPINNERS)]
    try:
        time.sleep(2)  # the run-queue fills
        return measure(
            "500_busy",
            [
                [Command("edgelint", [el, "lint", *files500], c500, remover(cache))],
                [
                    Command(
                        "edgelint-jobs-1",
                        [el, "lint", "--jobs", "1", *files500],
                        c500,
                        remover(cache),
                    )
                ],
            ],
            options.reps_busy,
            0,
            env,
        )
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


def _many(
    el: str,
    python: str,
    options: Options,
    env: dict[str, str],
    corpus: dict[str, Any],
    launcher: str | None,
) -> dict[str, dict[str, list[Sample]]]:
    """h. 20,000 files against 500, edgelint alone, cold, for peak memory: each file named on
    the command line (as the other cases), and the folder named (`single`; the work folder is
    git-ignored, hence --no-respect-gitignore). A bare Python given the same arguments shows
    what the command line alone costs: CPython copies its arguments several times at start."""
    c500, c20000 = WORK / "c500", WORK / "c20000"
    corpus["20000"] = generate(20000, options.seed, c20000)
    results = {}
    for case, folder in (("500_memory", c500), ("20000", c20000)):
        files = [f"single/{p.name}" for p in sorted((folder / "single").glob("*.yaml"))]
        cache = folder / CACHE_DIR
        walk = [el, "lint", "--no-respect-gitignore", "single"]
        results[case] = measure(
            case,
            [
                [Command("edgelint", [el, "lint", *files], folder, remover(cache), memory=True)],
                [Command("edgelint-folder", walk, folder, remover(cache), memory=True)],
                [Command("python-argv", [python, "-c", "pass", *files], folder, memory=True)],
            ],
            options.reps_20000,
            0,
            env,
            launcher=launcher,
        )
        shutil.rmtree(cache, ignore_errors=True)
    return results


FILES_PER_CASE = {
    "start": 0,
    "one_plain": 1,
    "one_templated": 1,
    "commit_templated": 3,
    "commit_plain": 3,
    "400": 400,
    "500": 500,
    "500_busy": 500,
    "500_memory": 500,
    "5000": 5000,
    "20000": 20000,
}


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
