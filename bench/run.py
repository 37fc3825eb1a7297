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
   give one child's peak; where a budget reads the memory, as GNU time reports it, because a
   child's own ``ru_maxrss`` starts at this harness's peak (timing.py);
5. ratios, budgets, ``bench/RESULTS.md`` and ``bench/results.json``.

Standard library only: the harness must not change what it measures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `bench` as a package

from bench.budgets import budgets
from bench.cases import DEFAULT_SEED, FILES_PER_CASE, Options, benchmark, findings
from bench.environment import (
    ensure_edgelint,
    ensure_peers,
    interpreter_of,
    lint_options,
    machine,
    probe,
    run_text,
    source_state,
)
from bench.markdown import render_markdown
from bench.paths import BENCH, PEERS_VENV, WORK
from bench.timing import peak_launcher, summarise


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
    parser.add_argument("--reps-commit", type=int, default=15, help="3-file commit runs (15)")
    parser.add_argument("--reps-400", type=int, default=7, help="400-file floor runs (7)")
    parser.add_argument("--reps-20000", type=int, default=1, help="20,000-file runs (1)")
    parser.add_argument("--reps-busy", type=int, default=3, help="busy-machine runs (3)")
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
        reps_commit=args.reps_commit,
        reps_400=args.reps_400,
        reps_20000=args.reps_20000,
        reps_busy=args.reps_busy,
        warmups=args.warmups,
        warmups_start=max(args.warmups, 2),
        seed=args.seed,
    )
    if args.quick:
        options = Options(1, 1, 1, 1, 1, 1, 1, 1, 1, warmups=0, warmups_start=0, seed=args.seed)
    return options


def _ratios(summary: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """edgelint against each peer, per case they share."""
    rows = []
    cases = ("start", "one_plain", "one_templated", "commit_templated", "commit_plain", "500")
    for case in (*cases, "5000"):
        row: dict[str, Any] = {"case": case}
        for tool in ("edgelint", "check-jsonschema", "yamllint"):
            row[tool] = summary[case][tool]["median_ms"]
        row["vs_check_jsonschema"] = row["edgelint"] / row["check-jsonschema"]
        row["vs_yamllint"] = row["edgelint"] / row["yamllint"]
        rows.append(row)
    return rows


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

    launcher = peak_launcher()
    if launcher is None:
        notes.append(
            "No GNU time (`/usr/bin/time`, Debian's package `time`): every peak RSS includes "
            "this harness's own peak, which each child starts with; the memory budgets are "
            "then unreliable. Install it and run again."
        )
    results, corpus = benchmark(edgelint, peers_bin, options, opts, launcher)
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
    ratios = _ratios(summary)
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
