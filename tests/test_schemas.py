"""The shipped JSON Schemas: valid Draft 2020-12, found in the installed package, refs resolved."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from conftest import REPO
from edgelint.schema import SCHEMA_FILES, schema_dir, validator_for

SCHEMAS = sorted((REPO / "schemas").glob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(path.read_text())
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_package_finds_the_same_schemas() -> None:
    shipped = sorted(e.name for e in schema_dir().iterdir() if e.name.endswith(".schema.json"))
    assert shipped == [p.name for p in SCHEMAS]


def test_refs_resolve_across_files() -> None:
    for kind in SCHEMA_FILES:
        validator = validator_for(kind)
        assert validator is not None
        errors = list(
            validator.iter_errors(
                {
                    "kind": kind,
                    "metadata": {"name": "app/web"},
                    "spec": {
                        "name": "web",
                        "images": {"catalogId": "5"},
                        "microservices": [{"name": "web", "images": {"catalogId": "5"}}],
                    },
                }
            )
        )
        assert [e.validator for e in errors] == ["type"], kind  # catalogId, through $ref


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schemas_resolve_beside_the_file_never_on_the_network(path) -> None:  # type: ignore[no-untyped-def]
    """Editors and check-jsonschema resolve `common.schema.json#…` next to the file only when
    no `$id` sends them elsewhere (an https $id made check-jsonschema try to download it)."""
    text = path.read_text()
    assert '"$id"' not in text
    assert "http" not in json.dumps(
        [r for r in _refs(json.loads(text)) if not r.startswith(("#", "common.schema.json"))]
    )


def _refs(node):  # type: ignore[no-untyped-def]
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)
