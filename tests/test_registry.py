"""Registry resolution as the Controller computes it, and the snapshots it is checked against."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, run_cli
from edgelint.javascript import number as js_number
from edgelint.platform.registries import (
    SnapshotError,
    controller_registry_id,
    default_snapshot,
    image_host,
    load_snapshot,
)

# Values YAML can hand the Controller for `images.registry`, as JSON so that node can read them.
PROBES: list[Any] = [
    "3", " 3 ", "\t3\n", "", "   ", "0", "03", "3.0", "3.", ".5", "-1", "+7", "0x10", "0X1f",
    "-0x10", "0o17", "0b101", "1e1", "1E-1", "Infinity", "-Infinity", "infinity", "1_000",
    "remote", "Remote", "local", "docker", "gcr.io", "12abc", "\u00a03\u00a0", "\ufeff4",
    True, False, 0, 3, -2, 3.5, 1e3, [], [5], ["6"], [1, 2], {}, {"a": 1},
]  # fmt: skip


def _js(values: list[Any]) -> list[float]:
    """What JavaScript answers: the expression from the Controller, run by node."""
    script = (
        "const vs = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const byName = { remote: 1, local: 2 };"
        "console.log(JSON.stringify(vs.map(v => { const r = byName[v] || Number(v);"
        " return Number.isNaN(r) ? 'NaN' : (r === Infinity ? 'Inf' : (r === -Infinity ?"
        " '-Inf' : r)); })));"
    )
    done = subprocess.run(
        ["node", "-e", script], input=json.dumps(values), capture_output=True, text=True, check=True
    )
    out = json.loads(done.stdout)
    table = {"NaN": math.nan, "Inf": math.inf, "-Inf": -math.inf}
    return [table[v] if isinstance(v, str) else float(v) for v in out]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_resolution_matches_javascript() -> None:
    want = _js(PROBES)
    got = [controller_registry_id(v) for v in PROBES]
    for value, w, g in zip(PROBES, want, got, strict=True):
        assert (math.isnan(w) and math.isnan(g)) or w == g, (value, w, g)


def test_resolution_without_node() -> None:
    """The same semantics, spelled out, for machines without node."""
    assert controller_registry_id(None) == 1
    assert controller_registry_id("remote") == 1 and controller_registry_id("local") == 2
    assert controller_registry_id(" 3 ") == 3 and controller_registry_id("") == 0
    assert controller_registry_id("0x10") == 16 and math.isnan(js_number("-0x10"))
    assert math.isnan(controller_registry_id("Remote")) and math.isnan(js_number("1_000"))
    assert js_number([]) == 0 and js_number(["6"]) == 6 and math.isnan(js_number([1, 2]))


@pytest.mark.parametrize(
    ("image", "host"),
    [
        ("nginx", "docker.io"),
        ("nginx:1.25", "docker.io"),
        ("edgeworx/healthcare-heart-rate:x86-v1", "docker.io"),
        ("docker.io/library/nginx", "docker.io"),
        ("registry.hub.docker.com/library/nginx", "docker.io"),
        ("gcr.io/my-org/app:1.2", "gcr.io"),
        ("GHCR.io/datasance/nats:latest", "ghcr.io"),
        ("localhost:5000/app", "localhost:5000"),
        ("localhost/app", "localhost"),
        ("registry.example.com:5000/team/app@sha256:abc", "registry.example.com:5000"),
    ],
)
def test_image_host_follows_docker(image: str, host: str) -> None:
    assert image_host(image) == host


def test_default_snapshot_is_what_edgectl_prints() -> None:
    snapshot = default_snapshot()
    assert [(e.id, e.url, e.is_public) for e in snapshot.entries] == [
        (1, "registry.hub.docker.com", True),
        (2, "from_cache", True),
    ]


def test_api_response_form_is_accepted() -> None:
    snapshot = load_snapshot(str(FIXTURES / "registries" / "api-response.json"))
    entry = snapshot.get(7)
    assert entry is not None and entry.host == "registry.example.com:5000"
    assert snapshot.with_url("registry.example.com:5000") == [entry]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("not-json.json", "not valid JSON: Expecting ',' delimiter at line 2 column 11"),
        ("wrong-object.json", 'an object with a "registries" list'),
        ("empty-object.json", 'an object with a "registries" list; this object is empty'),
        ("string-id.json", 'registry #1 needs "id", a positive integer; found "1"'),
        ("missing-url.json", 'registry #1 (id 1) needs "url", a string; found null'),
        ("duplicate-id.json", "registry #2: id 1 appears twice"),
        ("scalar.json", "expected a JSON list of registries, found a string"),
    ],
)
def test_malformed_snapshot_is_a_usage_error_naming_file_and_problem(
    name: str, problem: str
) -> None:
    path = FIXTURES / "snapshots" / name
    with pytest.raises(SnapshotError) as info:
        load_snapshot(str(path))
    assert problem in info.value.problem
    result = run_cli("lint", FIXTURES / "fix" / "three-values.yaml", "--registries", path)
    assert result.returncode == 2
    assert result.stdout == b""
    assert str(path).encode() in result.stderr
    assert problem.encode() in result.stderr


def test_missing_snapshot_file(tmp_path: Path) -> None:
    result = run_cli("lint", FIXTURES / "fix", "--registries", tmp_path / "nope.json")
    assert result.returncode == 2
    assert b"nope.json: cannot read it: No such file or directory" in result.stderr
