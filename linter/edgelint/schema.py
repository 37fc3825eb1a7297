"""The JSON Schemas shipped in `schemas/`, and validators built from them once per process."""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from jsonschema.protocols import Validator

SCHEMA_FILES = {
    "Application": "application.schema.json",
    "Microservice": "microservice.schema.json",
}


def schema_dir() -> Traversable:
    return files("edgelint").joinpath("schemas")


@lru_cache(maxsize=1)
def _schemas() -> dict[str, dict[str, Any]]:
    """Every schema file by name; shared definitions are reached through `$ref`."""
    loaded: dict[str, dict[str, Any]] = {}
    for entry in schema_dir().iterdir():
        if entry.name.endswith(".schema.json"):
            loaded[entry.name] = json.loads(entry.read_text(encoding="utf-8"))
    return loaded


def schema_for(kind: str) -> dict[str, Any] | None:
    name = SCHEMA_FILES.get(kind)
    return None if name is None else _schemas()[name]


@cache
def validator_for(kind: str) -> Validator | None:
    schema = schema_for(kind)
    if schema is None:
        return None
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    # Files refer to each other by file name (`common.schema.json#/$defs/port`), with no $id,
    # so that editors and check-jsonschema resolve them beside the file, never on the network.
    registry: Registry[Any] = Registry().with_resources(
        (name, Resource.from_contents(s, default_specification=DRAFT202012))
        for name, s in _schemas().items()
    )
    validator: Validator = Draft202012Validator(schema, registry=registry)
    return validator
