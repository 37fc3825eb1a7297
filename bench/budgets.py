"""The speed budgets from the performance issue, as ratios to check-jsonschema (or to edgelint
itself for memory and cached re-runs), checked against a run's summary."""

from __future__ import annotations

from typing import Any

# Budgets from the performance issue: edgelint / check-jsonschema (or edgelint / itself).
BUDGET_START = 0.6


BUDGET_ONE_FILE = 0.9


BUDGET_500 = 0.3


BUDGET_FLAT = 1.25


BUDGET_CACHED = 0.1


# Close to the floor: against yamllint for what a hook pays, and against a bare C parse.
BUDGET_START_YAMLLINT = 1.0


BUDGET_COMMIT_TEMPLATED = 1.2


BUDGET_COMMIT_PLAIN = 1.0


BUDGET_ONE_TEMPLATED = 0.5


BUDGET_FLOOR = 3.0


BUDGET_FLAT_20000 = 1.25


BUDGET_BUSY = 1.1  # "never slower than --jobs 1", with room for the noise of a loaded machine


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
        (
            "Start: `edgelint --version` vs `yamllint --version`",
            med("start", "edgelint"),
            med("start", "yamllint"),
            "ms",
            BUDGET_START_YAMLLINT,
        ),
        (
            "A 3-file commit with one templated file vs yamllint (cold)",
            med("commit_templated", "edgelint"),
            med("commit_templated", "yamllint"),
            "ms",
            BUDGET_COMMIT_TEMPLATED,
        ),
        (
            "A 3-file commit without templates vs yamllint (cold)",
            med("commit_plain", "edgelint"),
            med("commit_plain", "yamllint"),
            "ms",
            BUDGET_COMMIT_PLAIN,
        ),
        (
            "One templated file vs check-jsonschema (cold)",
            med("one_templated", "edgelint"),
            med("one_templated", "check-jsonschema"),
            "ms",
            BUDGET_ONE_TEMPLATED,
        ),
        (
            "400 files vs the bare C parse of them (PyYAML CSafeLoader compose, one process)",
            med("400", "edgelint"),
            med("400", "floor-parse"),
            "ms",
            BUDGET_FLOOR,
        ),
        (
            "Flat memory: edgelint peak RSS, 20,000 files vs 500 files (the folder named)",
            rss("20000", "edgelint-folder"),
            rss("500_memory", "edgelint-folder"),
            "MiB",
            BUDGET_FLAT_20000,
        ),
        (
            "Flat memory, every file named, less what a bare Python given the same arguments "
            "grows by (CPython's own copies of 20,000 arguments are not edgelint's)",
            rss("20000", "edgelint")
            - (rss("20000", "python-argv") - rss("500_memory", "python-argv")),
            rss("500_memory", "edgelint"),
            "MiB",
            BUDGET_FLAT_20000,
        ),
        (
            "500 files on a busy machine (load ~6 on the cores): default workers vs `--jobs 1`",
            med("500_busy", "edgelint"),
            med("500_busy", "edgelint-jobs-1"),
            "ms",
            BUDGET_BUSY,
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
