"""The 44 real files of the corpus: each loads, lints and `fix --check`s without a traceback under
every target, with its findings per target recorded in tests/corpus_findings/<target>.txt; and
our errors are checked against what a real Controller 3.0.4 (default target) and a real
Datasance Controller 3.7.3 (target datasance) answered for each document.

Findings are under the built-in registry snapshot (what a user gets by default). They were read
line by line against the files and iofog-platform.md.

Under every target: EL301 on every `remote`/`local` microservice registry (never on CatalogItem
registries, which iofogctl requires as aliases); EL306 on ghcr.io images pulled with registry 1;
EL303 on the seed page's `registry: 3`, which the default snapshot lacks; EL001 on the `...`
lines; EL404 on the Controller's own unit-test fixtures' `self.metadata`/`self.spec`; EL403 where
`external-port` and `agent-2-name` are never defined (the Controller answered "Required field
'external' is missing"); EL408 where `rulesenginePORT` renders to the number 1882 (the Controller
answered "env[5].value is not of a type(s) string"); EL401 and EL406 on the Hugo `{% raw %}`
artefacts; EL410 on Proxus's unused `port` variable; EL104 on `Healthcare Wearable`,
`nats-leaf$`, `Sensors`/`Rest API` and the route ends of the urban-AI example (the Controller
answered "Invalid format for field 'name'" / "'routes[0].name'"); EL105 on the five Microservice
documents named without their application ("Application name missing for microservice");
EL307 where the Controller's own template fixture has no images; EL504 on the documentation's
registry password; EL203 on `agent.config`, `rebuild`, `catalogItemId`, `uuid` and the pre-1.3
layout (`ports`/`env`/`volumes` beside `container`).

iofog-3 (default): EL102 on every `iofog.org/v1`, `iofog.org/v2` and `datasance.com/v3` document
(iofogctl 3.x takes only v3); EL202 on Datasance fields Controller 3.0 ignores (`natsConfig`,
`hostNetworkMode`, `runAsUser`, `msRoutes`, ...) and on typos (`roothostaccess`, `publicMode`);
EL201 where the Controller rejected a type, on the go-sdk fixture's `public: 5000`, on the
Registry with `Username`/`Password` (iofogctl decodes it strictly) and on the CatalogItems'
`amd64` key (iofogctl's go-sdk has only x86/arm). edgeworx-cloud: the same, without EL102 on
`iofog.org/v2`. iofog-2: EL102 on everything but v2, EL201 on every key 2.x did not know (its
specs were strict), no EL203 on `agent.config` (2.x applied it) and EL101 on
ApplicationTemplates (they came with 3.0). datasance: EL102 on every iofog.org document; EL203
on `rootHostAccess` (removed in 3.5), `public` ports (3.5) and `routes`/`msRoutes` (3.7); EL413
where `"" | findAgent` throws ("Transaction not provided", as 3.7.3 answered); EL201 on env
entries that a template leaves without a value.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from conftest import CONTROLLER_REGISTRIES, CORPUS, REPO, run_cli, settings
from edgelint.diagnostics import Severity
from edgelint.platform.targets import TARGETS
from edgelint.run.lint import lint_bytes

SHARED = REPO.parent / "shared" / "corpus"
FINDINGS_DIR = Path(__file__).parent / "corpus_findings"

# Rejections that depend on what the Controller held, which a file cannot show: edgelint reports
# no error for them. The test fails when one of them starts being caught.
STATE_DEPENDENT: dict[str, str] = {
    "Could not find Application Template": "the template was never uploaded to that Controller",
    "Invalid catalog item id": "catalog items 8-10 did not exist on that Controller",
}

# Errors DESIGN.md makes errors although the Controller accepts the document: it stores error
# text, silently ignores a filter, removes an undefined field (or, for an ApplicationTemplate, does
# all of that later, when an application is deployed from it).
ACCEPTED_BUT_WRONG = frozenset(
    {"EL401", "EL402", "EL403", "EL404", "EL406", "EL407", "EL409", "EL410", "EL411", "EL413"}
    | {"EL509", "EL513", "EL516"}  # config stored as invalid JSON, no certificate, replaced
)
# Only the CLIs check these: the verdicts were produced by sending each document as the CLI
# would, rewrapped with the apiVersion and header the Controller expects.
CLI_ONLY = frozenset({"EL102"})

CORPUS_FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".yaml", ".yml"))


def expected_findings(target: str) -> dict[str, list[str]]:
    findings: dict[str, list[str]] = {}
    name = ""
    for line in (FINDINGS_DIR / f"{target}.txt").read_text().splitlines():
        if not line.startswith(" "):
            name = line.strip()
            findings[name] = []
        else:
            findings[name].append(line.strip())
    return findings


def found(path: Path, target: str) -> list[str]:
    result = lint_bytes(path.name, path.read_bytes(), settings(target=target))
    return [
        f"{d.start.line}:{d.start.column} {d.severity.value} {d.code}" for d in result.diagnostics
    ]


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_findings_cover_every_corpus_file(target: str) -> None:
    assert sorted(expected_findings(target)) == [p.name for p in CORPUS_FILES]
    assert len(CORPUS_FILES) == 44


@pytest.mark.parametrize("target", sorted(TARGETS))
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[-60:])
def test_corpus_file_findings(path: Path, target: str) -> None:
    assert found(path, target) == expected_findings(target)[path.name]


def test_whole_corpus_through_the_cli_without_a_traceback() -> None:
    lint = run_cli("lint", CORPUS, "--format", "json")
    assert lint.returncode == 1
    report = json.loads(lint.stdout)
    assert report["summary"]["files"] == 44
    check = run_cli("fix", "--check", CORPUS)
    assert check.returncode == 1  # aliases would be rewritten
    assert b"would change" in check.stdout
    for result in (lint, check):
        assert b"Traceback" not in result.stderr and b"internal error" not in result.stderr


def _verdicts(name: str) -> list[dict[str, object]]:
    lines = (CORPUS / name).read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _agreement(verdict_file: str, target: str) -> set[str]:
    """Under the registries the Controller held (1, 2 and 3 = gcr.io), edgelint reports no
    error in a document the Controller accepted, and an error in every document it rejected,
    except rejections that depend on its state. Returns the state-dependent ones seen."""
    snapshot = settings(CONTROLLER_REGISTRIES, target=target)
    by_file: dict[str, dict[int | None, list[str]]] = {}
    for path in CORPUS_FILES:
        result = lint_bytes(path.name, path.read_bytes(), snapshot)
        docs: dict[int | None, list[str]] = {}
        for d in result.diagnostics:
            if d.severity is Severity.ERROR and d.code not in CLI_ONLY:
                docs.setdefault(d.document, []).append(d.code)
        by_file[path.name] = docs
    seen: set[str] = set()
    for verdict in _verdicts(verdict_file):
        errors = by_file[str(verdict["file"])]
        doc = verdict["doc"]
        ours = errors.get(doc if isinstance(doc, int) else None, [])
        if doc is None:  # the file did not parse at all
            ours = [code for codes in errors.values() for code in codes]
        if verdict["accepted"] is True:
            assert set(ours) <= ACCEPTED_BUT_WRONG, (verdict["file"], doc, ours)
        elif verdict["accepted"] is False:
            message = str(verdict["message"])
            state = next((k for k in STATE_DEPENDENT if k in message), None)
            if state is None:
                assert ours, (verdict["file"], doc, message)
            else:
                seen.add(state)
                assert ours == [], f"now caught: {state} ({verdict['file']}): {ours}"
    return seen


def test_errors_agree_with_the_real_controller_3_0_4() -> None:
    seen = _agreement("controller-3.0.4-verdicts.jsonl", "iofog-3")
    assert seen == {"Could not find Application Template"}


def test_errors_agree_with_the_real_datasance_controller_3_7_3() -> None:
    seen = _agreement("controller-3.7.3-verdicts.jsonl", "datasance")
    assert seen == {"Invalid catalog item id"}


MANIFEST = REPO / "tests" / "corpus.sha256"  # `sha256sum *` in tests/corpus, sorted by name


def _digests(directory: Path) -> list[str]:
    return [
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}"
        for p in sorted(directory.iterdir(), key=lambda p: p.name)
    ]


def test_corpus_is_the_recorded_one() -> None:
    """tests/corpus is the 44 files the verdicts were recorded for, byte for byte; checked
    without ../shared, so that a clone that has only this repository checks it too."""
    assert _digests(CORPUS) == MANIFEST.read_text().splitlines()


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpus is not beside this checkout")
def test_corpus_copy_is_identical_to_the_shared_corpus() -> None:
    assert _digests(SHARED) == MANIFEST.read_text().splitlines()
