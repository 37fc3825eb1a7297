"""The 44 real files of the corpus: each loads, lints and `fix --check`s without a traceback, with
its findings recorded here; and our errors are checked against what a real Controller 3.0.4 said.

Findings are under the built-in registry snapshot (what a user gets by default). They were read
line by line against the files and iofog-platform.md: EL301 on every `remote`/`local`
microservice registry (never on CatalogItem registries, which iofogctl requires as aliases);
EL306 on ghcr.io images pulled with registry 1; EL303 on the seed page's `registry: 3`, which
the default snapshot lacks; EL201 where the Controller rejected a type; EL001 on the `...` lines.
Templates: EL404 on the Controller's own unit-test fixtures' `self.metadata`/`self.spec`; EL403
where `external-port` and `agent-2-name` are never defined (the Controller answered "Required
field 'external' is missing"); EL408 where `rulesenginePORT` renders to the number 1882 (the
Controller answered "env[5].value is not of a type(s) string"); EL401 and EL406 on the Hugo
`{% raw %}` artefacts; EL410 on Proxus's unused `port` variable.
"""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import pytest

from conftest import CONTROLLER_REGISTRIES, CORPUS, REPO, run_cli, settings
from edgelint.diagnostics import Severity
from edgelint.lint import lint_bytes

SHARED = REPO.parent / "shared" / "corpus"

FINDINGS: dict[str, list[str]] = {
    "AhmetCemCalik__Datasance-Use-Case__traffic-application.yaml": [],
    "AhmetCemCalik__Datasance-Use-Case__traffic-catalog.yaml": [],
    "AhmetCemCalik__Datasance-Use-Case__traffic-dashboarad.yaml": [],
    "Datasance__Controller__test_application-test.yaml": [],
    "Datasance__LlamaEdge-Demo__README.md__fence1.yaml": [
        "12:19 warning EL301",
        "13:14 warning EL306",
        "14:14 warning EL306",
    ],
    "Datasance__docs.datasance.com__docs_applications_application-templates.mdx__echo1.yaml": [
        "26:21 warning EL301",
        "47:21 warning EL301",
    ],
    "Datasance__docs.datasance.com__docs_reference-microservices-catalog_Edgeguard.mdx__fence1.yaml": [
        "13:14 warning EL306",
        "14:14 warning EL306",
    ],
    "Datasance__docs.datasance.com__docs_reference-microservices-catalog_Proxus-IIoT.mdx__fence2.yaml": [
        "18:12 warning EL410",
        "65:16 warning EL306",
        "66:16 warning EL306",
        "67:21 warning EL301",
        "87:21 warning EL301",
    ],
    "Datasance__docs.datasance.com__docs_reference-microservices-catalog_nats.mdx__fence1.yaml": [
        "14:14 warning EL306",
        "15:14 warning EL306",
    ],
    "Datasance__docs.datasance.com__docs_reference-potctl_reference-application.mdx__fence1.yaml": [
        "43:19 warning EL301"
    ],
    "Datasance__docs.datasance.com__docs_reference-potctl_reference-application.mdx__fence2.yaml": [
        "46:15 warning EL301"
    ],
    "Datasance__flowfuse-agent__README.md__fence1.yaml": [
        "13:14 warning EL306",
        "14:14 warning EL306",
    ],
    "Datasance__mqtt-iomessage-broker__README.md__fence1.yaml": [
        "14:14 warning EL306",
        "15:14 warning EL306",
    ],
    "eclipse-iofog__Controller__test_application-template.yaml": [
        "44:16 error EL403",
        "44:19 warning EL410",
        "67:16 error EL403",
    ],
    "eclipse-iofog__Controller__test_application-test.yaml": [],
    "eclipse-iofog__Controller__test_application-update-test.yaml": [],
    "eclipse-iofog__Controller__test_src_template_app.yml": [
        "16:19 warning EL301",
        "26:24 error EL404",
        "32:24 error EL404",
        "40:19 warning EL301",
        "50:24 error EL404",
        "52:24 error EL404",
        "54:24 error EL404",
        "56:24 error EL404",
        "60:24 error EL404",
    ],
    "eclipse-iofog__Controller__test_src_template_simple.yml": [
        "15:24 error EL403",
        "18:24 error EL404",
        "20:24 error EL404",
    ],
    "eclipse-iofog__iofog-go-sdk__test_conf_app.yaml": [
        "17:17 warning EL301",
        "31:17 warning EL301",
        "38:19 error EL201",
    ],
    "eclipse-iofog__iofog.org__content_docs_1.3.0_iofogctl_application-yaml-spec.md__fence1.yaml": [],
    "eclipse-iofog__iofog.org__content_docs_1.3.0_iofogctl_application-yaml-spec.md__fence2.yaml": [
        "35:15 warning EL301"
    ],
    "eclipse-iofog__iofog.org__content_docs_1.3.0_tutorial_deploy-our-microservice.md__fence3.yaml": [
        "14:19 warning EL301",
        "24:19 warning EL301",
        "36:19 warning EL301",
    ],
    "eclipse-iofog__iofog.org__content_docs_3_applications_application-templates.md__echo1.yaml": [
        "26:21 warning EL301",
        "40:21 warning EL301",
    ],
    "eclipse-iofog__iofog.org__content_docs_3_applications_application-templates.md__echo2.yaml": [],
    "eclipse-iofog__iofog.org__content_docs_3_applications_microservice-registry-catalog.md__echo1.yaml": [
        "6:1 error EL201"
    ],
    "eclipse-iofog__iofog.org__content_docs_3_applications_microservice-registry-catalog.md__echo2.yaml": [],
    "eclipse-iofog__iofog.org__content_docs_3_applications_microservice-registry-catalog.md__echo3.yaml": [],
    "eclipse-iofog__iofog.org__content_docs_3_getting-started_quick-start-local.md__echo2.yaml": [
        "17:17 warning EL301",
        "30:17 warning EL301",
    ],
    "eclipse-iofog__iofog.org__content_docs_3_reference-iofogctl_reference-application-template.md__fence1.yaml": [
        "14:7 error EL001"
    ],
    "eclipse-iofog__iofog.org__content_docs_3_reference-iofogctl_reference-application.md__fence2.yaml": [
        "17:15 warning EL301"
    ],
    "eclipse-iofog__iofog.org__content_docs_3_reference-iofogctl_reference-application.md__fence3.yaml": [],
    "eclipse-iofog__iofog.org__content_docs_3_reference-iofogctl_reference-kinds.md__fence10.yaml": [
        "30:19 warning EL301"
    ],
    "eclipse-iofog__iofog.org__content_docs_3_reference-iofogctl_reference-kinds.md__fence11.yaml": [
        "11:15 warning EL301"
    ],
    "eclipse-iofog__iofog.org__content_docs_3_reference-iofogctl_reference-kinds.md__fence13.yaml": [],
    "eclipse-iofog__iofog.org__content_docs_3_reference-iofogctl_reference-template-engine.md__fence1.yaml": [
        "18:19 warning EL301",
        "42:19 warning EL301",
        "62:20 error EL408",
    ],
    "eclipse-iofog__iofogctl__test_func_init.bash__echo1.yaml": ["12:15 warning EL301"],
    "eclipse-iofog__iofogctl__test_func_init.bash__echo2.yaml": [],
    "eclipse-iofog__iofogctl__test_func_init.bash__echo3.yaml": ["12:15 warning EL301"],
    "edgeworx__docs__content_en_docs_apps_demo-apps_heart-rate.md__fence1.yaml": [
        "9:19 error EL401",
    ],
    "edgeworx__docs__content_en_docs_apps_registries.md__fence6.yaml": [
        "9:16 warning EL406",
        "11:13 error EL403",
        "15:19 error EL303",
    ],
    "edgeworx__docs__content_en_docs_apps_templating.md__fence4.yaml": [
        "17:19 warning EL301",
        "40:19 warning EL301",
        "58:24 error EL401",
        "61:20 error EL408",
        "64:4 error EL401",
    ],
    "edgeworx__docs__content_en_docs_apps_yaml-definition.md__fence1.yaml": ["7:5 error EL201"],
    "edgeworx__docs__content_en_docs_cloud_portal_ai-explorer-app_app-yaml.md__fence1.yaml": [],
    "natix-io__iofog-urban-ai-example__config.yaml": [
        "15:21 warning EL301",
        "32:22 warning EL301",
        "47:22 warning EL301",
    ],
}

# Rejections by the real Controller that edgelint does not report yet, and the issue that adds
# the check. The test fails when one of them starts being caught, so that this list only shrinks.
NOT_YET: dict[str, str] = {
    "Application name missing for microservice": "issue 4: Microservice `app/msvc` naming",
    "Invalid format for field": "issue 4: EL104 name pattern",
    "Could not find Application Template": "depends on the Controller's state",
    "Invalid ioFog UUID ''": "an agent named '' does not exist: the Controller's state",
}

# Errors DESIGN.md makes errors although the Controller accepts the document: it stores error
# text, silently ignores a filter, removes an undefined field (or, for an ApplicationTemplate, does
# all of that later, when an application is deployed from it).
ACCEPTED_BUT_WRONG = frozenset(
    {"EL401", "EL402", "EL403", "EL404", "EL406", "EL407", "EL409", "EL410", "EL411", "EL413"}
)

CORPUS_FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".yaml", ".yml"))


def test_findings_cover_every_corpus_file() -> None:
    assert sorted(FINDINGS) == [p.name for p in CORPUS_FILES]
    assert len(CORPUS_FILES) == 44


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[-60:])
def test_corpus_file_findings(path: Path) -> None:
    result = lint_bytes(path.name, path.read_bytes(), settings())
    found = [
        f"{d.start.line}:{d.start.column} {d.severity.value} {d.code}" for d in result.diagnostics
    ]
    assert found == FINDINGS[path.name]


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


def _verdicts() -> list[dict[str, object]]:
    lines = (CORPUS / "controller-3.0.4-verdicts.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_errors_agree_with_the_real_controller() -> None:
    """Under the registries the Controller held (1, 2 and 3 = gcr.io), edgelint reports no error
    in a document the Controller accepted, and an error in every document it rejected — except
    the rejections listed in NOT_YET, which later issues add."""
    snapshot = settings(CONTROLLER_REGISTRIES)
    by_file: dict[str, dict[int | None, list[str]]] = {}
    for path in CORPUS_FILES:
        result = lint_bytes(path.name, path.read_bytes(), snapshot)
        docs: dict[int | None, list[str]] = {}
        for d in result.diagnostics:
            if d.severity is Severity.ERROR:
                docs.setdefault(d.document, []).append(d.code)
        by_file[path.name] = docs
    gaps_seen: set[str] = set()
    for verdict in _verdicts():
        errors = by_file[str(verdict["file"])]
        doc = verdict["doc"]
        ours = errors.get(doc if isinstance(doc, int) else None, [])
        if doc is None:  # the file did not parse at all
            ours = [code for codes in errors.values() for code in codes]
        if verdict["accepted"] is True:
            assert set(ours) <= ACCEPTED_BUT_WRONG, (verdict["file"], doc, ours)
        elif verdict["accepted"] is False:
            message = str(verdict["message"])
            gap = next((k for k in NOT_YET if k in message), None)
            if gap is None:
                assert ours, (verdict["file"], doc, message)
            else:
                gaps_seen.add(gap)
                assert ours == [], f"now caught, remove from NOT_YET: {gap} ({verdict['file']})"
    assert gaps_seen == set(NOT_YET)


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpus is not beside this checkout")
def test_corpus_copy_is_identical_to_the_shared_corpus() -> None:
    names = sorted(p.name for p in SHARED.iterdir())
    assert names == sorted(p.name for p in CORPUS.iterdir())
    _, mismatch, errors = filecmp.cmpfiles(SHARED, CORPUS, names, shallow=False)
    assert mismatch == [] and errors == []
