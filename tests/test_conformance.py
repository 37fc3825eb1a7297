"""edgelint's renderer against the real platform's: the 135 measured probes, and liquidjs itself.

(a) controller-3.0.4-template-probes.jsonl is what a real Controller 3.0.4 stored (or answered)
    for 135 templates placed as an env value: rejections and stored error texts must be edgelint
    errors at the value's line; every other stored value must be what `edgelint render` prints.
(b) tests/conformance/controller.js rebuilds the Controller's rendering on liquidjs 9.17.0 from
    npm (its filters, its keep-the-output-type patch, its parser's object); it is first checked
    against the same probes, then every template of the corpus and the fixtures, generated ones
    (conformance/generate.py: 4,000 combining what ioFog files use, and the ones liquidjs fails
    on) and whole documents are rendered by both, and the stored objects must be identical,
    including the error text the Controller stores where liquidjs fails (`e.toString()`):
    TokenizationError and ParseError texts exactly (render/liquidjs_errors.py rebuilds them), and
    RenderError texts exactly but for WORDING_EXCLUSIONS, a few messages filters.py words unlike
    V8, where only the message is left out (the name and the position are still compared).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS, FIXTURES, REPO, npm_harness, run_cli, settings
from edgelint.diagnostics import Severity
from edgelint.load.loader import load
from edgelint.load.source import DecodeError, SourceFile
from edgelint.render import jsvalues as js
from edgelint.render.cluster import ClusterSnapshot
from edgelint.render.document import render_document
from edgelint.render.output import rendered_documents
from edgelint.run.lint import lint_bytes

HARNESS = REPO / "tests" / "conformance"
PROBES = [
    json.loads(line)
    for line in (CORPUS / "controller-3.0.4-template-probes.jsonl").read_text().splitlines()
    if line.strip()
]
TWO_AGENTS = FIXTURES / "clusters" / "two-agents.yaml"
AGENTS = [
    {"name": "edge-1", "uuid": "uuid-edge-1", "fogTypeId": 1, "host": "10.0.0.1"},
    {"name": "edge-2", "uuid": "uuid-edge-2", "fogTypeId": 2, "host": "10.0.0.2"},
]
ERROR_PREFIXES = ("ParseError:", "TokenizationError:", "RenderError:", "UndefinedVariableError:")
VALUE_LINE = 15  # the line of the env value in probe_document()

# RenderError texts whose message is filters.py's rendering of a V8 TypeError in other words than
# V8's (filters.py is where to mend them). For these, the error's name and its `, line:L, col:C`
# are still compared exactly, only the message between them is not. Each: the reason, liquidjs's
# message, edgelint's message (regular expressions), and how many stored texts it may cover at
# most (the test fails if it grows).
# Messages filters.py would word unlike V8: (reason, liquidjs's words, edgelint's, most cases).
# None is left (url_encode's `x.split`, `[...v]`'s `v is not iterable` and `join` of null are
# worded as V8 words them); a new divergence is named here with its reason, never hidden.
WORDING_EXCLUSIONS: dict[str, tuple[str, str, str, int]] = {}
_ERROR_TEXT = re.compile(
    r"(?P<name>TokenizationError|ParseError|RenderError|UndefinedVariableError): "
    r"(?P<message>.*?)(?P<position>(?:, line:\d+, col:\d+)*)",
    re.DOTALL,
)


def probe_document(template: str) -> str:
    """The application the probes were measured with, the template as its only env value."""
    return (
        "apiVersion: iofog.org/v3\n"
        "kind: Application\n"
        "metadata:\n"
        "  name: sem-tag\n"
        "spec:\n"
        "  microservices:\n"
        "    - name: probe\n"
        "      agent:\n"
        "        name: edge-1\n"
        "      images:\n"
        "        x86: nginx:1.25\n"
        "      container:\n"
        "        env:\n"
        f"          - key: V\n            value: {_yaml_quoted(template)}\n"
    )


def _yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar: JSON's, but astral characters as YAML's \\U escapes (YAML
    has no surrogate pairs)."""
    if text.isascii():
        return json.dumps(text)
    escaped = (
        f"\\U{ord(char):08x}" if ord(char) > 0xFFFF else json.dumps(char)[1:-1] for char in text
    )
    return '"' + "".join(escaped) + '"'


# --- (a) the measured probes -------------------------------------------------------------------


@pytest.mark.parametrize("probe", PROBES, ids=[str(i) for i in range(len(PROBES))])
def test_probe(probe: dict[str, Any]) -> None:
    text = probe_document(probe["template"])
    assert text.splitlines()[VALUE_LINE - 1].strip().startswith("value:")
    result = lint_bytes("probe.yaml", text.encode(), settings(cluster=TWO_AGENTS))
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    stored = probe.get("stored_value")
    if probe["accepted"] and not str(stored).startswith(ERROR_PREFIXES):
        # Accepted as stored: findings are allowed (`undefined` printed in text is an EL403
        # error) but none may claim the Controller would reject it.
        assert [d.code for d in errors if not d.stored_anyway] == []
        (document,), _ = rendered_documents(result)
        env = document["spec"]["microservices"][0]["container"]["env"][0]
        assert env["value"] == stored
    else:
        rejected = [d for d in errors if not d.stored_anyway]
        assert rejected, f"the Controller {'stored an error' if probe['accepted'] else 'rejected'}"
        assert any(d.start.line == VALUE_LINE for d in rejected), [
            (d.code, d.start) for d in rejected
        ]


@pytest.mark.slow
def test_probes_through_the_render_command(tmp_path: Path) -> None:
    """A sample through the installed command: stdout is the stored value, or nothing and exit 1."""
    for probe in PROBES[::9]:
        path = tmp_path / "probe.yaml"
        path.write_text(probe_document(probe["template"]))
        result = run_cli("render", path, "--cluster", TWO_AGENTS)
        stored = probe.get("stored_value")
        if probe["accepted"] and not str(stored).startswith(ERROR_PREFIXES):
            assert result.returncode == 0, result.stderr.decode()
            assert json.dumps(stored)[1:-1] in result.stdout.decode() or str(stored) in (
                result.stdout.decode()
            )
        else:
            assert result.returncode == 1
            assert result.stdout == b""
            assert f"probe.yaml:{VALUE_LINE}:".encode() in result.stderr


# --- (b) liquidjs 9.17.0 -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def liquidjs() -> Path:
    return npm_harness("liquidjs 9.17.0")


def _run_js(requests: list[dict[str, Any]]) -> dict[Any, dict[str, Any]]:
    done = subprocess.run(
        ["node", str(HARNESS / "controller.js")],
        input="".join(json.dumps(r) + "\n" for r in requests),
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
        env={**os.environ, "TZ": "UTC"},
    )
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return {a["id"]: a for a in answers}


def _run_python(requests: list[dict[str, Any]]) -> dict[Any, dict[str, Any]]:
    snapshots: dict[str, ClusterSnapshot] = {}
    answers = {}
    for request in requests:
        snap = request.get("snapshot") or {}
        key = json.dumps(snap, sort_keys=True)
        if key not in snapshots:
            snapshots[key] = ClusterSnapshot(
                origin="conformance",
                agents=snap.get("agents", []),
                applications=snap.get("applications", []),
                edge_resources=snap.get("edgeResources", []),
            )
        document = request["document"]
        outcome = render_document(document["kind"], document, snapshots[key])
        if outcome.failure is not None:
            answers[request["id"]] = {"id": request["id"], "failed": outcome.failure}
        else:
            stored = js.json_stringify(outcome.root, circular="[Circular]")
            answers[request["id"]] = {"id": request["id"], "stored": stored}
    return answers


def _masked(expected: Any, actual: Any, excluded: Counter[str], exact: Counter[str]) -> Any:
    """``actual`` with each stored error text that matches liquidjs's counted as exact, and the
    message of a WORDING_EXCLUSIONS text replaced by liquidjs's (name and position untouched)."""
    if isinstance(expected, str) and isinstance(actual, str):
        want, got = _ERROR_TEXT.fullmatch(expected), _ERROR_TEXT.fullmatch(actual)
        if want is None or got is None:
            return actual
        if expected == actual:
            exact[want["name"]] += 1
            return actual
        for name, (_, liquidjs_words, edgelint_words, _) in WORDING_EXCLUSIONS.items():
            if (
                want["name"] == got["name"] == "RenderError"
                and re.fullmatch(liquidjs_words, want["message"])
                and re.fullmatch(edgelint_words, got["message"])
            ):
                excluded[name] += 1
                return f"RenderError: {want['message']}{got['position']}"
        return actual
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [_masked(e, a, excluded, exact) for e, a in zip(expected, actual, strict=True)]
    if isinstance(expected, dict) and isinstance(actual, dict) and expected.keys() == actual.keys():
        return {k: _masked(expected[k], actual[k], excluded, exact) for k in actual}
    return actual


def _compared(
    expected: dict[str, Any], actual: dict[str, Any], excluded: Counter[str], exact: Counter[str]
) -> tuple[str, str]:
    """Both answers as compared: error texts as they are, but for WORDING_EXCLUSIONS."""
    if "failed" in expected or "failed" in actual:
        return (
            "<the parser throws>" if "failed" in expected else expected["stored"],
            "<the parser throws>" if "failed" in actual else actual["stored"],
        )
    want = json.loads(expected["stored"])
    got = _masked(want, json.loads(actual["stored"]), excluded, exact)
    return json.dumps(want), json.dumps(got)


def _template_strings(path: Path) -> list[str]:
    source = SourceFile.from_bytes(path.name, path.read_bytes())
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str) and ("{{" in value or "{%" in value):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for document in load(source).documents:
        walk(document.data)
    return found


def _documents(path: Path) -> list[dict[str, Any]]:
    try:
        source = SourceFile.from_bytes(path.name, path.read_bytes())
    except DecodeError:
        return []
    documents = []
    for document in load(source).documents:
        data = document.data
        if isinstance(data, dict) and data.get("kind") in ("Application", "Microservice"):
            try:
                json.dumps(data, allow_nan=False)
            except (TypeError, ValueError):
                continue
            documents.append(data)
    return documents


def _requests() -> tuple[list[dict[str, Any]], dict[str, int]]:
    from conformance.generate import error_templates
    from conformance.generate import templates as generated

    yaml_files = sorted(
        [*CORPUS.glob("*.y*ml"), *FIXTURES.glob("**/*.yaml"), *(REPO / "examples").glob("*.yaml")]
    )
    readable = []
    for path in yaml_files:
        try:
            SourceFile.from_bytes(path.name, path.read_bytes())
            readable.append(path)
        except DecodeError:
            continue
    # The EL409 fixtures are built to exceed edgelint's limits, which the Controller lacks.
    within_limits = [p for p in readable if p.parent.name != "EL409"]
    sources = {
        "probes": [p["template"] for p in PROBES],
        "corpus and fixtures": sorted({t for p in within_limits for t in _template_strings(p)}),
        "generated": generated(4000),
        "generated errors": error_templates(),
    }
    snapshot = {
        "agents": AGENTS,
        "applications": [{"name": "redis-app", "microservices": [{"name": "redistest"}]}],
        "edgeResources": [{"name": "com.orange.smart-door", "version": "0.0.1"}],
    }
    requests: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    for origin, templates in sources.items():
        counts[origin] = len(templates)
        for number, template in enumerate(templates):
            data = load(SourceFile.from_bytes("p", probe_document(template).encode()))
            document = data.documents[0].data
            requests.append(
                {"id": f"{origin}/{number}", "document": document, "snapshot": snapshot}
            )
            port = json.loads(json.dumps(document))
            port["spec"]["microservices"][0]["container"]["ports"] = [
                {"internal": 80, "external": template}
            ]
            requests.append(
                {"id": f"{origin}/{number}/port", "document": port, "snapshot": snapshot}
            )
    whole = [d for p in within_limits for d in _documents(p)]
    counts["whole documents"] = len(whole)
    for number, document in enumerate(whole):
        requests.append({"id": f"document/{number}", "document": document, "snapshot": snapshot})
    return requests, counts


@pytest.mark.slow
def test_liquidjs_harness_reproduces_the_probes(liquidjs: Path) -> None:
    requests = [
        {
            "id": i,
            "document": load(SourceFile.from_bytes("p", probe_document(p["template"]).encode()))
            .documents[0]
            .data,
            "snapshot": {"agents": AGENTS},
        }
        for i, p in enumerate(PROBES)
    ]
    answers = _run_js(requests)
    for i, probe in enumerate(PROBES):
        stored = json.loads(answers[i]["stored"])
        env = stored["microservices"][0]["env"][0]
        if probe["accepted"]:
            assert env.get("value") == probe["stored_value"], probe["template"]
        elif "Required field" in probe["message"]:
            assert "value" not in env, probe["template"]
        else:
            assert not isinstance(env.get("value"), str), probe["template"]


@pytest.mark.slow
def test_edgelint_renders_like_liquidjs(liquidjs: Path) -> None:
    requests, counts = _requests()
    expected = _run_js(requests)
    actual = _run_python(requests)
    excluded: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    differ = []
    with_exact_errors = 0
    for request in requests:
        before = exact.total()
        want, got = _compared(expected[request["id"]], actual[request["id"]], excluded, exact)
        with_exact_errors += exact.total() > before
        if want != got:
            differ.append((request["id"], want[:300], got[:300]))
    summary = ", ".join(f"{n} {origin}" for origin, n in counts.items())
    print(
        f"\nliquidjs comparison: {len(requests)} renders ({summary}); {len(differ)} differ; "
        f"{with_exact_errors} renders store error texts identical to liquidjs's: {dict(exact)}; "
        f"wording excluded: {dict(excluded)}"
    )
    assert differ == [], f"{len(differ)} of {len(requests)} differ; first: {differ[:5]}"
    # Every kind of error liquidjs raises here is met, and compared as text.
    assert {"TokenizationError", "ParseError", "RenderError"} <= exact.keys(), exact
    for name, (reason, _, _, at_most) in WORDING_EXCLUSIONS.items():
        assert excluded[name] <= at_most, f"{name} ({reason}): {excluded[name]} > {at_most}"
