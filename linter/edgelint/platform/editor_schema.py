"""The schema `edgelint schema` prints for editors: lint's errors, and none that lint lacks.

yaml-language-server turns every schema problem into an error (its validation handler converts
warnings to errors, `src/languageserver/handlers/validationHandlers.ts`), so a key that lint only
warns about (EL202: the Controller ignores it) must not be refused by the editor's schema, or the
editor shows red where `edgelint lint` passes. The shipped schemas are lint's: they refuse every
unknown key and leave apiVersion, names and templates to other rules. Here they become the
editor's:

- unknown keys are refused only where lint says error (EL103 header keys, EL201 strictly decoded
  specs); `strict` refuses them everywhere, for those who want a typo marked as they type;
- `apiVersion` must be one the target's CLI accepts (EL102), `kind` one it deploys (EL101);
- `metadata.name` follows the kind's name rule (EL104, EL105);
- a value holding a Liquid template (`{{`/`{%`) is accepted as lint accepts it before rendering:
  lint checks what it renders to, which an editor cannot know.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from edgelint.platform.schemas import bundled, kinds_with_schema

if TYPE_CHECKING:
    from edgelint.platform.targets import Target

# The Controller's nameRegex (src/schemas/utils/utils.js), one `/`-separated part at a time.
_PART = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
_TEMPLATE = r"\{\{|\{%"
_IOFOG_GROUP = r"^(iofog\.org|datasance\.com)/"
_NAME = rf"^({_PART})$"
# iofogctl's IsLowerAlphanumeric and its 3-character minimum.
_CLI_NAME = rf"^(?=.{{3}})({_PART})$"
# `<application>/<name>`, each part the CLI's name (iofogctl `internal/util/names.go`).
_QUALIFIED = rf"^(?=[^/]{{3}})({_PART})/(?=[^/]{{3}}[^/]*$)({_PART})$"
# Datasance's serviceNameRegex.
_SERVICE_NAME = r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"
_CLI_NAMED = frozenset({"CatalogItem", "Volume", "EdgeResource", "AgentConfig"})
_RULES = {
    _NAME: "lower-case letters, digits, '-' and '.', starting and ending with a letter or digit",
    _CLI_NAME: "the Controller's name pattern and at least 3 characters",
    _QUALIFIED: "`<application>/<name>`, each part of at least 3 lower-case letters, digits, "
    "'-' or '.'",
    _SERVICE_NAME: "lower-case letters, digits and '-'",
}


def editor_schema(
    target: Target, kind: str | None = None, *, strict: bool = False
) -> dict[str, Any]:
    """One self-contained schema for `kind` (or every kind, chosen by `kind:`) under `target`."""
    document = bundled(target.schema_name, kind)
    document["$defs"] = {
        name: _for_editor(definition, strict=strict)
        for name, definition in document["$defs"].items()
    }
    kinds = [k for k in kinds_with_schema(target.schema_name) if k in target.kinds]
    for name in kinds:
        definition = document["$defs"][name]
        if target.reader.cli is not None and name not in target.reader.untyped:
            _typed_spec(definition, document["$defs"])
        _header(definition, target, name)
    if kind is None:
        # A document is ioFog's by its apiVersion group (EL005 otherwise, and quiet); then its
        # kind must be one the CLI deploys.
        document["if"] = {
            "properties": {"apiVersion": {"type": "string", "pattern": _IOFOG_GROUP}},
            "required": ["apiVersion"],
        }
        document["then"] = {
            "properties": {
                "kind": {
                    "enum": kinds,
                    "description": f"The kinds {target.cli} deploys (EL101).",
                }
            },
            "required": ["kind"],
        }
    document["description"] = (
        f"edgelint's schema for {target.describe()}, for editors: the errors `edgelint lint "
        "--target "
        + target.name
        + "` reports from the schema, apiVersion and names. "
        + (
            "Every unknown key is refused."
            if strict
            else "Keys the Controller ignores (lint's EL202 warnings) are allowed."
        )
        + " Registries, templates and references are checked by `edgelint lint`."
    )
    return document


def _for_editor(node: Any, *, strict: bool, value: bool = True) -> Any:
    """`node` as the editor's; `value` when it is what one field's value is checked against."""
    if isinstance(node, list):
        return [_for_editor(item, strict=strict, value=False) for item in node]
    if not isinstance(node, dict):
        return node
    out = {
        key: _for_editor(child, strict=strict, value=key in _VALUE_KEYWORDS)
        if key not in _SCHEMA_MAPS
        else {k: _for_editor(v, strict=strict) for k, v in child.items()}
        for key, child in node.items()
    }
    if (
        not strict
        and out.get("additionalProperties") is False
        and out.get("x-edgelint-unknown", "EL202") == "EL202"
    ):
        del out["additionalProperties"]
    if value and _refuses_templates(out):
        return _unless_template(out)
    return out


def _unless_template(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema`, for any value but a template (`if`/`else`, so that the editor's message is
    the schema's own, not one about templates)."""
    return {"if": {"type": "string", "pattern": _TEMPLATE}, "else": schema}


# Keywords whose schema checks a whole value, and those holding a schema per name.
_VALUE_KEYWORDS = frozenset({"items", "additionalProperties", "then", "else"})
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs"})
_SCALAR_CHECKS = ("pattern", "enum", "const", "format", "oneOf", "anyOf", "minimum", "maximum")


def _refuses_templates(node: dict[str, Any]) -> bool:
    """A value schema a template string would fail: it wants another type or a fixed form
    (a mapping or a list is never a template, so those stay as they are)."""
    kinds = node.get("type")
    types = {kinds} if isinstance(kinds, str) else set(kinds or ())
    if types & {"object", "array"} or "properties" in node or "items" in node:
        return False
    wants_other = bool(types) and "string" not in types
    return wants_other or any(k in node for k in _SCALAR_CHECKS)


def _typed_spec(definition: dict[str, Any], definitions: dict[str, Any]) -> None:
    """A spec the CLI decodes into a Go struct takes any scalar for a string field: yaml.v2
    keeps the text as written (`user: 42` is "42", lint's EL003 warning, not an error)."""
    spec = definition.get("properties", {}).get("spec")
    if spec is not None:
        definition["properties"]["spec"] = _scalars_as_text(_expanded(spec, definitions))


def _expanded(node: Any, definitions: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_expanded(item, definitions) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        rest = {k: v for k, v in node.items() if k != "$ref"}
        target = _expanded(definitions[ref.removeprefix("#/$defs/")], definitions)
        return {"allOf": [target, _expanded(rest, definitions)]} if rest else target
    return {key: _expanded(value, definitions) for key, value in node.items()}


def _scalars_as_text(node: Any) -> Any:
    if isinstance(node, list):
        return [_scalars_as_text(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _scalars_as_text(value) for key, value in node.items()}
    if out.get("type") == "string":
        out["type"] = ["string", "number", "boolean"]
    return out


def _header(definition: dict[str, Any], target: Target, kind: str) -> None:
    properties = definition.setdefault("properties", {})
    if target.checks_api_version:
        properties["apiVersion"] = {
            "enum": list(target.api_versions),
            "description": f"The apiVersion {target.cli} accepts (EL102).",
        }
        required = definition.setdefault("required", [])
        if "apiVersion" not in required:
            required.insert(0, "apiVersion")
    pattern = _name_pattern(target, kind)
    if pattern is not None and "metadata" in properties:
        properties["metadata"] = {
            "allOf": [properties["metadata"]],
            "properties": {
                "name": {
                    **_unless_template(
                        {
                            "pattern": pattern,
                            "errorMessage": f"{kind} names: {_RULES[pattern]} (EL104).",
                        }
                    )
                }
            },
        }


def _name_pattern(target: Target, kind: str) -> str | None:
    if kind in ("Microservice", "Route"):
        return _QUALIFIED
    if kind in _CLI_NAMED or (kind == "Application" and target.name == "iofog-2"):
        return _CLI_NAME
    if kind in ("Application", "ApplicationTemplate"):
        return _NAME
    if kind == "Service":
        return _SERVICE_NAME
    return None
