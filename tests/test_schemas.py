"""The shipped JSON Schemas: valid Draft 2020-12, found in the installed package, refs resolved
with `referencing`, usable by other validators as files and, bundled, by editors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from conftest import REPO, run_cli
from edgelint.platform.schemas import bundled, kinds_with_schema, schemas, validator_for
from edgelint.platform.targets import TARGETS

SCHEMAS = sorted((REPO / "schemas").rglob("*.schema.json"))
ISSUE_KINDS = {
    "Application",
    "Microservice",
    "ApplicationTemplate",
    "Registry",
    "CatalogItem",
    "Route",
    "Volume",
    "AgentConfig",
    "EdgeResource",
}


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path: Path) -> None:
    schema = json.loads(path.read_text())
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_package_finds_the_same_schemas() -> None:
    relative = sorted(str(p.relative_to(REPO / "schemas")) for p in SCHEMAS)
    assert sorted(schemas()) == relative
    assert sorted({TARGETS[t].schema_file for t in TARGETS}) == [
        r for r in relative if r.startswith("targets/")
    ]


def test_every_target_has_the_kinds_it_deploys() -> None:
    assert set(kinds_with_schema("iofog-3")) == ISSUE_KINDS
    assert set(kinds_with_schema("edgeworx-cloud")) == ISSUE_KINDS
    assert set(kinds_with_schema("datasance")) == (ISSUE_KINDS - {"Route"}) | {
        "Secret",
        "ConfigMap",
        "Service",
        "VolumeMount",
    }
    # iofogctl 2.x had no application templates and no edge resources (both came with 3.0).
    assert set(kinds_with_schema("iofog-2")) == ISSUE_KINDS - {
        "ApplicationTemplate",
        "EdgeResource",
    }
    for target in TARGETS.values():
        if target.schema:  # a direct upload reads the kinds of the platform's schema
            assert target.kinds <= set(kinds_with_schema(target.schema_name))
        else:
            assert set(kinds_with_schema(target.name)) <= target.kinds


@pytest.mark.parametrize("target", sorted({t.schema_name for t in TARGETS.values()}))
def test_refs_resolve_across_files(target: str) -> None:
    """A wrong type two `$ref`s deep (target file → common → common) is found, and only it."""
    validator = validator_for(target, "Application")
    assert validator is not None
    document = {
        "apiVersion": "x",
        "kind": "Application",
        "metadata": {"name": "app"},
        "spec": {"microservices": [{"name": "web", "images": {"catalogId": "5"}}]},
    }
    errors = list(validator.iter_errors(document))
    assert [(e.validator, list(e.absolute_path)) for e in errors] == [
        ("type", ["spec", "microservices", 0, "images", "catalogId"])
    ]


def test_unknown_kind_has_no_validator() -> None:
    assert validator_for("iofog-3", "Secret") is None
    assert validator_for("datasance", "Route") is None


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schemas_resolve_beside_the_file_never_on_the_network(path: Path) -> None:
    """Editors and check-jsonschema resolve `../common.schema.json#…` next to the file only
    when no `$id` sends them elsewhere (an https $id made check-jsonschema download it)."""
    text = path.read_text()
    assert '"$id"' not in text
    for ref in _walk(json.loads(text), "$ref"):
        assert ref.startswith(("#", "../common.schema.json#")), ref


def test_every_one_of_and_any_of_says_in_words_what_it_wants() -> None:
    """A oneOf/anyOf failure is otherwise a dump of alternatives; each carries its words."""
    for name, schema in schemas().items():
        for node in _nodes(schema):
            if "oneOf" in node or "anyOf" in node:
                assert "x-edgelint-message" in node, (name, node)


@pytest.mark.parametrize("target", sorted({t.schema_name for t in TARGETS.values()}))
def test_bundled_schema_validates_alone_as_editors_use_it(target: str) -> None:
    """`edgelint schema` output needs no second file: a plain validator with an empty
    registry dispatches on kind and finds the same type error."""
    document = bundled(target)
    Draft202012Validator.check_schema(document)
    assert all(r.startswith("#/$defs/") for r in _walk(document, "$ref"))
    validator = Draft202012Validator(document, registry=Registry())
    bad = {"kind": "Application", "metadata": {"name": "a"}, "spec": {"microservices": {}}}
    assert [e.validator for e in validator.iter_errors(bad)] == ["type"]
    assert list(validator.iter_errors({"kind": "Application", "metadata": {"name": "a"},
                                       "spec": {"microservices": []}})) == []  # fmt: skip


def test_target_files_work_with_a_plain_referencing_registry() -> None:
    """Other tools load the files as they are: target file + common file, relative refs."""
    resources = [
        (str(p.relative_to(REPO / "schemas")), Resource.from_contents(json.loads(p.read_text())))
        for p in SCHEMAS
    ]
    registry: Registry[Any] = Registry().with_resources(resources)
    validator = Draft202012Validator({"$ref": "targets/iofog-3.schema.json"}, registry=registry)
    bad = {"kind": "Microservice", "metadata": {"name": "a/b"}, "spec": {"images": {"x86": 1}}}
    assert [list(e.absolute_path) for e in validator.iter_errors(bad)] == [
        ["spec", "images", "x86"]
    ]


def test_schema_command_prints_a_kind_for_a_target() -> None:
    result = run_cli("schema", "microservice", "--target", "datasance")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert document["$ref"] == "#/$defs/Microservice"
    assert "microservice-3.7" in document["$defs"]
    assert document["title"] == "Microservice (datasance)"


def test_schema_command_refuses_what_does_not_exist() -> None:
    wrong_kind = run_cli("schema", "Route", "--target", "datasance")
    assert wrong_kind.returncode == 2
    assert b"no schema for kind 'Route'" in wrong_kind.stderr
    wrong_target = run_cli("schema", "--target", "iofog-4")
    assert wrong_target.returncode == 2
    assert b"unknown target 'iofog-4'" in wrong_target.stderr


def _walk(node: Any, wanted: str) -> Any:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == wanted:
                yield value
            else:
                yield from _walk(value, wanted)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, wanted)


def _nodes(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _nodes(item)


def test_edgeworx_cloud_holds_files_to_controller_3_0_as_iofog_3_does() -> None:
    """edgectl's source is not public: the target differs from iofog-3 only in the CLI (its
    apiVersions, checked by EL102), never in what the Controller accepts."""
    assert (
        schemas()["targets/edgeworx-cloud.schema.json"]["$defs"]
        == (schemas()["targets/iofog-3.schema.json"]["$defs"])
    )
