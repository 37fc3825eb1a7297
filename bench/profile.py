"""Where edgelint's per-file time goes, next to the floor: the bare C parse of the same files.

Runs in-process over a corpus written by generate.py (default: bench/work/c500/single), after
a warm-up pass, with every validator and template engine already built: what is left is the
per-file work. Each stage of lint_source is timed by wrapping it, so the stages add up to the
whole. Writes bench/PROFILE.md.

    python bench/profile.py [--corpus DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "linter"))

from edgelint.config import suppression  # noqa: E402
from edgelint.config.settings import Settings  # noqa: E402
from edgelint.run import lint  # noqa: E402
from edgelint.run.lint import lint_bytes  # noqa: E402

STAGES: dict[str, float] = defaultdict(float)


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            STAGES[name] += time.perf_counter() - started

    return wrapper


def instrument() -> None:
    """Wrap each stage of lint_bytes in place (the names run/lint.py calls)."""
    from edgelint.rules import families

    lint.load = timed("load (C parser events → nodes with spans)", lint.load)
    lint.classify = timed("classify (kind, apiVersion)", lint.classify)
    wrapped = tuple(
        timed(f"rule family: {family.name}", family.check)
        for family in families()
        if family.check is not None
    )
    lint.checks = lambda: wrapped
    suppress_apply = suppression.apply
    lint.suppression.apply = timed("suppressions + selection", suppress_apply)  # type: ignore[attr-defined]


def floor(files: list[bytes], repeat: int) -> dict[str, float]:
    """The bare parses: ruamel's C parser events (what edgelint reads), and, when PyYAML with
    libyaml is installed, CSafeLoader compose (nodes with marks)."""
    from ruamel.yaml import YAML

    results: dict[str, float] = {}
    yaml = YAML(typ="safe", pure=False)

    def parses(raw: bytes) -> bool:
        try:
            for _ in yaml.parse(raw):
                pass
        except Exception:  # a broken file (the corpus has some): no floor to measure
            return False
        return True

    files = [raw for raw in files if parses(raw)]

    def ruamel_events() -> None:
        for raw in files:
            for _ in yaml.parse(raw):
                pass

    results["ruamel C parser, events only"] = median_of(ruamel_events, repeat) / len(files)
    try:
        import yaml as pyyaml

        loader = pyyaml.CSafeLoader

        def compose() -> None:
            for raw in files:
                list(pyyaml.compose_all(raw, Loader=loader))

        results["PyYAML CSafeLoader compose (nodes with marks)"] = median_of(compose, repeat) / len(
            files
        )
    except (ImportError, AttributeError):
        pass
    return results


def median_of(function: Callable[[], None], repeat: int) -> float:
    """The median of the runs, as edgelint's stages are measured: a floor's best run against
    edgelint's median would make the floor look cheaper than it is."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _shown(corpus: Path) -> str:
    try:
        return str(corpus.resolve().relative_to(BENCH))
    except ValueError:
        return str(corpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=BENCH / "work" / "c500" / "single")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=BENCH / "PROFILE.md")
    args = parser.parse_args(argv)
    paths = sorted(args.corpus.glob("*.yaml"))
    if not paths:
        raise SystemExit(f"profile: no files in {args.corpus}; run bench/run.py first")
    files = [p.read_bytes() for p in paths]
    settings = Settings.build()
    for path, raw in zip(paths, files, strict=True):  # warm-up: validators, engine, imports
        lint_bytes(path.name, raw, settings)
    instrument()
    totals = []
    per_stage: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.repeat):
        STAGES.clear()
        started = time.perf_counter()
        for path, raw in zip(paths, files, strict=True):
            lint_bytes(path.name, raw, settings)
        totals.append(time.perf_counter() - started)
        for name, seconds in STAGES.items():
            per_stage[name].append(seconds)
    total = statistics.median(totals) / len(files)
    bare = floor(files, args.repeat)
    rows = sorted(
        ((name, statistics.median(v) / len(files)) for name, v in per_stage.items()),
        key=lambda item: -item[1],
    )
    accounted = sum(seconds for _, seconds in rows)
    templated = sum(1 for raw in files if b"{{" in raw or b"{%" in raw)
    lines = [
        "# Where edgelint's per-file time goes",
        "",
        f"Written by `python bench/profile.py` on {time.strftime('%Y-%m-%d')}, "
        f"Python {platform.python_version()}, one process (no workers), medians of "
        f"{args.repeat} passes over {len(files)} files of `{_shown(args.corpus)}` "
        f"({templated} with Liquid templates), after a warm-up pass: imports, validators and the "
        "template engine are built; what is left is the work per file.",
        "",
        "| stage | ms per file | share |",
        "|---|---|---|",
    ]
    lines += [
        f"| {name} | {seconds * 1000:.3f} | {seconds / total:.0%} |" for name, seconds in rows
    ]
    lines.append(
        f"| other (results, sorting, contexts) | {(total - accounted) * 1000:.3f} | "
        f"{(total - accounted) / total:.0%} |"
    )
    lines.append(f"| **lint_bytes, whole** | **{total * 1000:.3f}** | 100% |")
    lines += ["", "The floor, the same files parsed and nothing else:", ""]
    lines += ["| parse | ms per file | edgelint / parse |", "|---|---|---|"]
    lines += [
        f"| {name} | {seconds * 1000:.3f} | {total / seconds:.1f}x |"
        for name, seconds in bare.items()
    ]
    out: Path = args.out
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
