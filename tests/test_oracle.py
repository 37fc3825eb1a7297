"""Rule fixtures against what a real Controller 3.0.4 answered for the very same file.

Beside a fixture, `<case>.oracle.jsonl` is what ../shared/oracle (eclipse-iofog/Controller 3.0.4
built and run on this machine, seeded with agents edge-1 x86 and edge-2 arm and registry 3) said
for each of its documents, recorded with

    cd tests/fixtures/rules/<CODE>
    ../../../../../shared/oracle/send.py --url $URL --token $TOKEN --probe-templates \\
        --out <case>.oracle.jsonl <case>.yaml

CI cannot run the Controller, so this replays its answers: every document it refused has an
error of edgelint's, whose message quotes what the Controller answered; every document it
accepted has none, except errors for what it accepted and stored other than written
(stored error text, a mangled config). Fixtures with a recording are linted with their own
`# cluster:` (what the oracle held when it answered; tests/fixtures/clusters/oracle.yaml, the
seeded state, when they name none) and the oracle's registries.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CONTROLLER_REGISTRIES, FIXTURES, settings
from edgelint.diagnostics import Severity
from edgelint.run.lint import lint_bytes

RECORDED = sorted((FIXTURES / "rules").glob("*/*.oracle.jsonl"))
ORACLE_CLUSTER = FIXTURES / "clusters" / "oracle.yaml"
# Accepted by the Controller, and still errors: it stores something else than was written.
STORED_OTHERWISE = frozenset(
    {
        "EL401",  # error text stored
        "EL403",  # undefined printed, or a field removed
        "EL407",  # a lookup's error text stored
        "EL408",
        "EL413",
        "EL509",  # config stored as invalid JSON
        "EL513",  # a registry that requires a certificate, stored without one
        "EL516",  # the second document replaces the first
    }
)


def _verdicts(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("recording", RECORDED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_errors_agree_with_what_the_controller_answered(recording: Path) -> None:
    from test_rules import load_case

    fixture = recording.with_name(recording.name.replace(".oracle.jsonl", ".yaml"))
    cluster = load_case(fixture).cluster or ORACLE_CLUSTER
    result = lint_bytes(
        fixture.name, fixture.read_bytes(), settings(CONTROLLER_REGISTRIES, cluster)
    )
    errors: dict[int | None, list[tuple[str, str]]] = {}
    for d in result.diagnostics:
        if d.severity is Severity.ERROR:
            errors.setdefault(d.document, []).append((d.code, d.message))
    verdicts = _verdicts(recording)
    assert verdicts, recording
    for verdict in verdicts:
        doc = verdict["doc"]
        ours = errors.get(doc if isinstance(doc, int) else None, [])
        if verdict["accepted"]:
            wrong = [code for code, _ in ours if code not in STORED_OTHERWISE]
            assert wrong == [], (fixture.name, doc, ours)
        else:
            answered = str(verdict["message"]).removeprefix("iofogctl: ")
            assert ours, (fixture.name, doc, answered)
            assert any(answered in message for _, message in ours), (answered, ours)


def test_render_prints_the_application_a_deployment_deploys() -> None:
    """`edgelint render` on an Application with `spec.template`: the template's application
    rendered with the deployment's variables, as the Controller stored it (env `COLOR: blue`:
    the deployment's `colour` is no variable of the template, its default is deployed)."""
    from ruamel.yaml import YAML

    from conftest import run_cli

    fixture = FIXTURES / "rules" / "EL416" / "undeclared-variable.yaml"
    result = run_cli("render", "--cluster", ORACLE_CLUSTER, fixture)
    assert result.returncode == 0, result.stderr
    template, deployed = YAML(typ="safe").load_all(result.stdout)
    assert template["kind"] == "ApplicationTemplate"
    assert deployed["kind"] == "Application" and deployed["metadata"] == {"name": "from-tpl-plain"}
    stored = next(v for v in _verdicts(fixture.with_suffix(".oracle.jsonl")) if v["doc"] == 1)
    (microservice,) = stored["stored"]["microservices"]  # type: ignore[index]
    (ours,) = deployed["spec"]["microservices"]
    assert ours["agent"]["name"] == microservice["agentName"] == "edge-1"
    assert ours["container"]["env"] == microservice["env"] == [{"key": "COLOR", "value": "blue"}]
    assert ours["images"] == {"x86": "busybox:1.36"}
    assert microservice["images"] == [{"containerImage": "busybox:1.36", "fogTypeId": 1}]


EL003 = FIXTURES / "rules" / "EL003"


def test_what_iofogctl_sends_is_stored_as_edgelint_says() -> None:
    """iofogctl.sent.yml (no fixture of its own) is what gopkg.in/yaml.v2 made of iofogctl.yaml
    (the decoder in tests/conformance/yamlv2, which does what iofogctl 3.x does;
    test_yaml_readers.py checks it still does); iofogctl.verdicts.jsonl is what a real
    Controller 3.0.4 answered and stored for it. The file deploys (no errors under
    iofog-3: `rootHostAccess: yes` arrives as true), and every env value is stored as String() of
    the value edgelint says the Controller reads."""
    from edgelint.javascript import JSDate
    from edgelint.render.jsvalues import to_string

    fixture = EL003 / "iofogctl.yaml"
    result = lint_bytes(fixture.name, fixture.read_bytes(), settings(CONTROLLER_REGISTRIES))
    assert [d for d in result.diagnostics if d.severity is Severity.ERROR] == []
    (verdict,) = _verdicts(EL003 / "iofogctl.verdicts.jsonl")
    assert verdict["accepted"] is True
    (stored,) = verdict["stored"]["microservices"]  # type: ignore[index]
    assert stored["rootHostAccess"] is True
    (microservice,) = result.contexts[0].document.data["spec"]["microservices"]
    ours = [
        {
            "key": to_string(e["key"]),
            "value": e["value"].to_string()
            if isinstance(e["value"], JSDate)
            else to_string(e["value"]),
        }
        for e in microservice["container"]["env"]
    ]
    assert stored["env"] == ours
    assert ours[0] == {"key": "DEBUG", "value": "true"}  # `value: yes`


def test_a_direct_upload_is_read_by_js_yaml_alone() -> None:
    """direct-upload.verdicts.jsonl: the same Controller given the file itself (no CLI): it
    refuses `rootHostAccess: yes` (the string "yes"), which edgelint's controller-3.0 target
    reports as EL201, and stores `1:20` as "80", `0o17` as written, a date as String(date)."""
    from edgelint.javascript import JSDate
    from edgelint.render.jsvalues import to_string

    fixture = EL003 / "direct-upload.yaml"
    result = lint_bytes(
        fixture.name, fixture.read_bytes(), settings(CONTROLLER_REGISTRIES, target="controller-3.0")
    )
    refused, stored = _verdicts(EL003 / "direct-upload.verdicts.jsonl")
    assert refused["accepted"] is False
    assert (
        refused["message"] == "Field 'microservices[0].rootHostAccess' is not of a type(s) boolean"
    )
    errors = [(d.document, d.code) for d in result.diagnostics if d.severity is Severity.ERROR]
    assert errors == [(0, "EL201")]
    assert stored["accepted"] is True
    (microservice,) = result.contexts[1].document.data["spec"]["microservices"]
    ours = [
        {
            "key": e["key"],
            "value": e["value"].to_string()
            if isinstance(e["value"], JSDate)
            else to_string(e["value"]),
        }
        for e in microservice["container"]["env"]
    ]
    assert stored["stored"]["microservices"][0]["env"] == ours  # type: ignore[index]
