"""The JSON Schemas shipped in `schemas/`, and validators built from them once per process.

`schemas/common.schema.json` holds the shared definitions; `schemas/targets/<target>.schema.json`
holds one definition per kind for a target (and dispatches on `kind`, for editors). Files refer
to each other by relative file name, so editors and other validators resolve them beside the
files; here they are registered under those names with `referencing`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

IGNORED = "x-edgelint-ignored"


def schema_dir() -> Path:
    """Beside the package, in the wheel as in a checkout (as data/ is: registries.py).
    importlib.resources would bring tempfile, shutil, zipfile, bz2 and lzma into every start
    that checks a file: about 10 ms, for files that are always on disk."""
    return Path(__file__).parent.parent / "schemas"


@lru_cache(maxsize=1)
def schemas() -> dict[str, dict[str, Any]]:
    """Every schema file, by its path relative to schemas/."""
    loaded: dict[str, dict[str, Any]] = {}
    root = schema_dir()
    for entry in root.iterdir():
        if entry.name.endswith(".schema.json"):
            loaded[entry.name] = json.loads(entry.read_text(encoding="utf-8"))
    targets = root.joinpath("targets")
    for entry in targets.iterdir():
        if entry.name.endswith(".schema.json"):
            loaded[f"targets/{entry.name}"] = json.loads(entry.read_text(encoding="utf-8"))
    return loaded


def has_schema(target: str, kind: str) -> bool:
    """Whether the target's schema has a definition for the kind (an unknown target has none)."""
    return kind in schemas().get(f"targets/{target}.schema.json", {}).get("$defs", {})


def kinds_with_schema(target: str) -> list[str]:
    return sorted(schemas()[f"targets/{target}.schema.json"].get("$defs", {}))


DEFINITION = "x-edgelint-def"  # marks an inlined common definition with its name


def definition_name(schema: Any) -> str | None:
    """The common definition a (sub)schema of a validator is (`container-3.0`, ...)."""
    return schema.get(DEFINITION) if isinstance(schema, dict) else None


def _resolve(ref: str, current: str) -> tuple[str, str]:
    """The schema file and definition a `$ref` in `current` names (relative file names)."""
    location, _, pointer = ref.partition("#")
    if location:
        base = current.rpartition("/")[0]
        name = location.removeprefix("../") if base else location
        current = name if location.startswith("../") or not base else f"{base}/{location}"
    prefix = "/$defs/"
    if not pointer.startswith(prefix) or "/" in pointer[len(prefix) :]:
        raise ValueError(f"unsupported $ref {ref!r} in {current}")
    return current, pointer[len(prefix) :]


@cache
def inlined(target: str, kind: str) -> dict[str, Any]:
    """The kind's schema with every `$ref` replaced by what it points to.

    jsonschema resolves a `$ref` through `referencing` each time it descends into it, which
    was half the validation time of a file; the schemas have no cycles, so they can be expanded
    once per process, and the result is shared by the validator, the gate and the type lookups
    of typed decoding (none of them changes it; the last must not import jsonschema). A `$ref`
    with sibling keywords becomes an `allOf` beside them, which validates the same; each
    expanded common definition carries its name (DEFINITION).
    """
    files = schemas()
    expanded: dict[tuple[str, str], Any] = {}

    def definition(file: str, name: str, seen: tuple[tuple[str, str], ...]) -> Any:
        key = (file, name)
        if key in seen:
            raise ValueError(f"$ref cycle through {name} in {file}")
        if key not in expanded:
            node = expand(files[file]["$defs"][name], file, (*seen, key))
            if file == "common.schema.json" and isinstance(node, dict):
                node = {**node, DEFINITION: name}
            expanded[key] = node
        return expanded[key]

    def expand(node: Any, file: str, seen: tuple[tuple[str, str], ...]) -> Any:
        if isinstance(node, list):
            return [expand(item, file, seen) for item in node]
        if not isinstance(node, dict):
            return node
        out = {k: expand(v, file, seen) for k, v in node.items() if k != "$ref"}
        ref = node.get("$ref")
        if not isinstance(ref, str):
            return out
        target_file, name = _resolve(ref, file)
        referenced = definition(target_file, name, seen)
        if not out:
            return referenced
        out["allOf"] = [*out.get("allOf", []), referenced]
        return out

    return definition(f"targets/{target}.schema.json", kind, ())  # type: ignore[no-any-return]


def _ignored(validator: Any, message: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """A field the platform ignores is present: EL203 (the keyword sits on that field)."""
    from jsonschema import ValidationError

    yield ValidationError(str(message))


_OUTSIDE = {"d": "[0-9]", "D": "[^0-9]", "w": "[A-Za-z0-9_]", "W": "[^A-Za-z0-9_]"}
_INSIDE = {"d": "0-9", "w": "A-Za-z0-9_"}


@lru_cache(maxsize=64)
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """A schema `pattern` as ECMA-262 reads it (JSON Schema says patterns are ECMA-262, and the
    Controller's checks are JavaScript regular expressions), for Python's `re`: `$` is the end
    of the text (Python's also matches before a final line break, so `name: |` with its kept
    line break would pass), and `\\d`, `\\w` are ASCII (Python's match other scripts' digits
    and letters)."""
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            table = _INSIDE if in_class else _OUTSIDE
            out.append(table.get(escaped, char + escaped))
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        elif char == "$" and not in_class:
            char = r"\Z"
        out.append(char)
        index += 1
    return re.compile("".join(out))


def _pattern(validator: Any, pattern: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """jsonschema's `pattern`, with the pattern read as ECMA-262 (its words kept)."""
    from jsonschema import ValidationError

    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def validator_for(target: str, kind: str) -> Validator | None:
    """A validator for one kind under one target, or None when the target has no schema for it."""
    if not has_schema(target, kind):
        return None
    from jsonschema import Draft202012Validator
    from jsonschema.validators import extend

    edgelint_validator = extend(  # type: ignore[no-untyped-call]
        Draft202012Validator, validators={IGNORED: _ignored, "pattern": _pattern}
    )
    validator: Validator = edgelint_validator(inlined(target, kind))
    return validator


class _Ignored:
    """`x-edgelint-ignored` for jsonschema-rs: a field the platform ignores is present, so the
    document is not valid (jsonschema's own validator then words the EL203)."""

    def __init__(self, parent_schema: Any, value: Any, schema_path: Any) -> None:
        self.value = value

    def validate(self, instance: Any) -> None:
        raise ValueError(str(self.value))


@cache
def gate_for(target: str, kind: str) -> Callable[[Any], bool] | None:
    """A compiled check of the same schema (jsonschema-rs): whether a document is valid, in
    tens of microseconds where jsonschema takes a millisecond. Only an invalid document goes on
    to jsonschema, whose errors edgelint words; a clean file never imports it. None when the
    target has no schema for the kind.

    The answer counts only for plain JSON data (string keys, finite numbers a 64-bit integer
    holds): jsonschema-rs converts anything else its own way, so `valid` says False for it and
    jsonschema decides. Formats are annotations, as for jsonschema without a format checker.
    """
    if not has_schema(target, kind):
        return None
    from edgelint.platform.jsonschema_rs_import import import_jsonschema_rs

    try:
        jsonschema_rs = import_jsonschema_rs()
    except ImportError:  # no wheel for this platform: jsonschema decides every document
        return lambda instance: False

    compiled = jsonschema_rs.Draft202012Validator(
        inlined(target, kind), validate_formats=False, keywords={IGNORED: _Ignored}
    )

    def valid(instance: Any) -> bool:
        return _plain(instance) and compiled.is_valid(instance)

    return valid


_LIMIT = 2**63


_STR_ONLY = frozenset({str})
_SCALARS = frozenset({bool, type(None)})


def _plain(value: Any) -> bool:
    """Whether the value is JSON as both validators read it alike. Every value of a document
    passes through here before the compiled check, so the commonest type is tested first and
    the keys by a set operation in C."""
    pending = [value]
    while pending:
        item = pending.pop()
        kind = type(item)
        if kind is str:
            continue
        if kind is dict:
            if not _STR_ONLY.issuperset(map(type, item)):
                return False
            pending.extend(item.values())
        elif kind is list:
            pending.extend(item)
        elif kind is int:
            if not -_LIMIT <= item < _LIMIT:
                return False
        elif kind is float:
            if item != item or item in (math.inf, -math.inf):
                return False
        elif kind not in _SCALARS:
            return False  # the undefined marker, a date, a subclass: jsonschema decides
    return True


def bundled(target: str, kind: str | None = None) -> dict[str, Any]:
    """One standalone schema (every definition inlined) for editors: a kind, or the whole target.

    yaml-language-server and similar tools then need no network and no second file.
    """
    target_schema = schemas()[f"targets/{target}.schema.json"]
    common = schemas()["common.schema.json"]

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str):
                    out[key] = value.replace("../common.schema.json#", "#")
                else:
                    out[key] = rewrite(value)
            return out
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    definitions = {**rewrite(common["$defs"]), **rewrite(target_schema["$defs"])}
    document: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": target_schema["title"] if kind is None else f"{kind} ({target})",
    }
    if kind is None:
        document["allOf"] = rewrite(target_schema["allOf"])
    else:
        document["$ref"] = f"#/$defs/{kind}"
    document["$defs"] = definitions
    return document


def types_at(target: str, kind: str, path: tuple[str | int, ...]) -> set[str]:
    """The JSON Schema types the target's schema gives the value at `path` ({} if unknown)."""
    if not has_schema(target, kind):
        return set()
    try:
        schema: Any = inlined(target, kind)  # read, never changed: one per process
    except KeyError:
        return set()
    for part in path:
        schema = _child(schema, part)
        if schema is None:
            return set()
    return _types(schema)


def _child(schema: Any, part: str | int) -> Any:
    if not isinstance(schema, dict):
        return None
    for key in ("allOf", "anyOf", "oneOf"):
        for option in schema.get(key, ()):
            found = _child(option, part)
            if found is not None:
                return found
    if isinstance(part, int):
        items = schema.get("items")
        return items if isinstance(items, dict) else None
    properties = schema.get("properties", {})
    if isinstance(properties, dict) and part in properties:
        return properties[part]
    extra = schema.get("additionalProperties")
    return extra if isinstance(extra, dict) else None


def _types(schema: Any) -> set[str]:
    if not isinstance(schema, dict):
        return set()
    found: set[str] = set()
    kind = schema.get("type")
    if isinstance(kind, str):
        found.add(kind)
    elif isinstance(kind, list):
        found.update(k for k in kind if isinstance(k, str))
    for key in ("allOf", "anyOf", "oneOf"):
        for option in schema.get(key, ()):
            found |= _types(option)
    return found
