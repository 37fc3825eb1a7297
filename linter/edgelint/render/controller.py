"""The object the Controller renders, built from a document as its YAML parser builds it.

Templates see `self` = this object, not the YAML (`self.name`, `self.microservices[0].agentName`),
and the traversal order, the shared arrays (`container.volumes` is also `volumeMappings`, so its
strings are rendered twice) and the stringified `config` all come from how
`yaml-parser-service.js` (Controller 3.0.4) builds it. Every string leaf remembers the YAML path
it came from, so that what a template produces is reported, and written back, where it was
written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from edgelint import javascript
from edgelint.load.nodes import PathPart
from edgelint.render import jsvalues
from edgelint.render.budget import Budget
from edgelint.render.engine import Engine, Rendered, passes_through
from edgelint.render.jsvalues import UNDEFINED

Path = tuple[PathPart, ...]
CONFIG = "<config as JSON>"  # marks the one leaf that is JSON.stringify(config), not YAML


class ParseFailure(Exception):
    """The Controller's parser itself throws (a 400 or 500 before anything is rendered)."""


@dataclass(repr=False, eq=False)
class Origins:
    """Where each container of the built object came from in the YAML document."""

    containers: dict[int, Path] = field(default_factory=dict)
    fields: dict[int, dict[Any, Path]] = field(default_factory=dict)
    keep: list[Any] = field(default_factory=list)  # objects whose ids are keys above

    def mirror(self, container: Any, path: Path) -> None:
        self.containers.setdefault(id(container), path)
        self.keep.append(container)

    def field(self, container: Any, key: Any, path: Path) -> None:
        self.fields.setdefault(id(container), {})[key] = path
        self.keep.append(container)

    def of(self, container: Any, key: Any) -> Path | None:
        named = self.fields.get(id(container))
        if named is not None and key in named:
            return named[key]
        base = self.containers.get(id(container))
        if base is None:
            return None
        if isinstance(key, str) and isinstance(container, list):
            key = int(key)
        return (*base, key)


@dataclass(repr=False, eq=False)
class Render:
    """One rendered leaf: the template, what it produced, and where it was written."""

    path: Path | None
    template: str
    result: Rendered
    container: Any = None
    key: Any = None
    misses: list[Any] = field(default_factory=list)  # lookups that found nothing, in order


def to_js(value: Any, path: Path, origins: Origins, memo: dict[int, Any]) -> Any:
    """YAML data as js-yaml would give it: string keys, shared objects stay shared."""
    if isinstance(value, (dict, list)):
        if id(value) in memo:
            return memo[id(value)]
        if isinstance(value, dict):
            copy: Any = {}
            memo[id(value)] = copy
            origins.mirror(copy, path)
            for key, item in value.items():
                name = jsvalues.to_string(key)
                copy[name] = to_js(item, (*path, key), origins, memo)
                if name != key:
                    origins.field(copy, name, (*path, key))
            return copy
        items: list[Any] = []
        memo[id(value)] = items
        origins.mirror(items, path)
        items.extend(to_js(item, (*path, i), origins, memo) for i, item in enumerate(value))
        return items
    if isinstance(value, float):
        return javascript.integral(value)
    return value


def _get(obj: Any, key: str, default: Any = UNDEFINED) -> Any:
    """lodash get for one step: the default only for undefined, never for null."""
    if isinstance(obj, dict):
        value = obj.get(key, UNDEFINED)
        return default if jsvalues.is_undefined(value) else value
    return default


def _path_get(obj: Any, dotted: str, default: Any = UNDEFINED) -> Any:
    for key in dotted.split("."):
        if not isinstance(obj, dict):
            return default
        obj = obj.get(key, UNDEFINED)
        if jsvalues.is_undefined(obj):
            return default
    return obj


def _js_gt_zero(value: Any) -> bool:
    number = jsvalues.to_number(value)
    return number == number and number > 0


def parse_images(images: Any, base: Path, origins: Origins) -> tuple[Any, Any, Any]:
    """parseMicroserviceImages: (registryId, catalogItemId, images)."""
    if not isinstance(images, dict) and not jsvalues.truthy(images):
        return UNDEFINED, UNDEFINED, UNDEFINED
    if not isinstance(images, dict):
        images = {}
    if _js_gt_zero(images.get("catalogId", UNDEFINED)):
        return UNDEFINED, images["catalogId"], UNDEFINED
    built: list[Any] = []
    for arch, fog_type in (("x86", 1), ("arm", 2)):
        image = images.get(arch, UNDEFINED)
        if not jsvalues.is_nullish(image):
            entry = {"fogTypeId": fog_type, "containerImage": image}
            origins.field(entry, "containerImage", (*base, "images", arch))
            built.append(entry)
    registry = images.get("registry", UNDEFINED)
    if jsvalues.is_nullish(registry):
        registry_id: Any = 1
    else:
        from edgelint.platform.registries import ALIASES

        alias = ALIASES.get(registry) if isinstance(registry, str) else None
        registry_id = alias or javascript.integral(jsvalues.to_number(registry))
    return registry_id, UNDEFINED, built


def build_microservice(spec: Any, base: Path, origins: Origins) -> dict[str, Any]:
    """parseMicroserviceYAML (3.0.4)."""
    if not isinstance(spec, dict):
        raise ParseFailure("a microservice must be a mapping")
    registry_id, catalog_item_id, images = parse_images(
        spec.get("images", UNDEFINED), base, origins
    )
    container = spec.get("container", UNDEFINED)
    container = container if isinstance(container, dict) else {}
    data: dict[str, Any] = {}
    config = spec.get("config", UNDEFINED)
    data["config"] = UNDEFINED if jsvalues.is_nullish(config) else jsvalues.json_stringify(config)
    origins.field(data, "config", (*base, CONFIG))
    data["name"] = spec.get("name", UNDEFINED)
    origins.field(data, "name", (*base, "name"))
    data["catalogItemId"] = catalog_item_id
    data["agentName"] = _path_get(spec, "agent.name")
    origins.field(data, "agentName", (*base, "agent", "name"))
    data["registryId"] = registry_id
    for key in jsvalues.keys(container):
        data[key] = container[key]
        origins.field(data, key, (*base, "container", key))
    for key, source in (("ports", "ports"), ("volumeMappings", "volumes"), ("cmd", "commands")):
        value = _get(container, source, [])
        data[key] = value
        origins.field(data, key, (*base, "container", source))
    env = _get(container, "env", [])
    data["env"] = _build_env(env, (*base, "container", "env"), origins)
    origins.field(data, "env", (*base, "container", "env"))
    data["images"] = images
    data["extraHosts"] = _get(container, "extraHosts", [])
    origins.field(data, "extraHosts", (*base, "container", "extraHosts"))
    data["application"] = spec.get("application", UNDEFINED)
    origins.field(data, "application", (*base, "application"))
    for key in [k for k, v in data.items() if jsvalues.is_undefined(v)]:
        del data[key]
    return data


def _build_env(env: Any, base: Path, origins: Origins) -> list[Any]:
    if not isinstance(env, list):
        raise ParseFailure("container.env must be a list (the Controller maps over it)")
    built = []
    for index, item in enumerate(env):
        key = _get(item, "key") if isinstance(item, dict) else UNDEFINED
        value = _get(item, "value") if isinstance(item, dict) else UNDEFINED
        if jsvalues.is_nullish(key) or jsvalues.is_nullish(value):
            missing = "key" if jsvalues.is_nullish(key) else "value"
            raise ParseFailure(f"env item {index} has no {missing} (the Controller calls toString)")
        entry = {"key": jsvalues.to_string(key), "value": jsvalues.to_string(value)}
        origins.field(entry, "key", (*base, index, "key"))
        origins.field(entry, "value", (*base, index, "value"))
        built.append(entry)
    return built


def build_application(document: dict[str, Any], origins: Origins) -> dict[str, Any]:
    """parseAppFile: {name: metadata.name, ...spec, isActivated, microservices}."""
    metadata, spec = document.get("metadata"), document.get("spec")
    if jsvalues.is_nullish(metadata) or jsvalues.is_nullish(spec):
        raise ParseFailure("Invalid YAML format")
    app: dict[str, Any] = {"name": _path_get(document, "metadata.name")}
    origins.field(app, "name", ("metadata", "name"))
    return _application_body(spec, ("spec",), app, origins)


def _application_body(
    spec: Any, base: Path, app: dict[str, Any], origins: Origins
) -> dict[str, Any]:
    body = spec if isinstance(spec, dict) else {}
    for key in jsvalues.keys(body):
        app[key] = body[key]
        origins.field(app, key, (*base, key))
    activated = body.get("isActivated", UNDEFINED)
    app["isActivated"] = activated if jsvalues.to_boolean(activated) else True
    microservices = body.get("microservices", UNDEFINED)
    if not jsvalues.to_boolean(microservices):
        microservices = []
    if not isinstance(microservices, list):
        raise ParseFailure("(app.microservices || []).map is not a function")
    app["microservices"] = [
        build_microservice(m, (*base, "microservices", i), origins)
        for i, m in enumerate(microservices)
    ]
    origins.field(app, "microservices", (*base, "microservices"))
    return app


def build_microservice_document(document: dict[str, Any], origins: Origins) -> dict[str, Any]:
    """parseMicroserviceFile: name from metadata, `app/msvc` split."""
    metadata, spec = document.get("metadata"), document.get("spec")
    if jsvalues.is_nullish(metadata) or jsvalues.is_nullish(spec):
        raise ParseFailure("Invalid YAML format")
    microservice: dict[str, Any] = {"name": _path_get(document, "metadata.name")}
    origins.field(microservice, "name", ("metadata", "name"))
    parsed = build_microservice(spec, ("spec",), origins)
    for key, value in parsed.items():
        microservice[key] = value
        source = origins.of(parsed, key)
        if source is not None:
            origins.fields[id(microservice)][key] = source
    name = microservice.get("name")
    if isinstance(name, str) and name:
        parts = name.split("/")
        if len(parts) == 2:
            microservice["name"], microservice["application"] = parts[1], parts[0]
        elif len(parts) > 2:
            raise ParseFailure(f"Invalid name {name}")
    return microservice


def build_template_application(spec: dict[str, Any], origins: Origins) -> dict[str, Any]:
    """An ApplicationTemplate's application as deployed: parsed at upload, rendered at deploy."""
    application = spec.get("application", UNDEFINED)
    if not isinstance(application, dict):
        raise ParseFailure("spec.application must be a mapping")
    app = _application_body(application, ("spec", "application"), {}, origins)
    for microservice in app["microservices"]:
        config = microservice.get("config")
        if isinstance(config, str) and config:
            # getApplicationDataFromTemplate parses config back before rendering it field by field
            try:
                parsed = jsvalues.json_parse(config)
            except ValueError:
                continue
            path = origins.of(microservice, "config")
            assert path is not None
            microservice["config"] = to_js(parsed, (*path[:-1], "config"), origins, {})
    return app


def substitute(
    subjects: Any,
    engine: Engine,
    scope: dict[str, Any],
    origins: Origins,
    record: Callable[[Render], None],
    misses: list[Any] | None = None,
    budget: Budget | None = None,
) -> None:
    """rvaluesVarSubstition: every string, depth first, in place; objects visited per reference.
    Each text with Liquid markup (or too long to render) is recorded as a Render; plain text
    stays as it is, unrecorded, and only counts towards the file's output budget."""
    if isinstance(subjects, dict):
        keys: list[Any] = jsvalues.keys(subjects)
    elif isinstance(subjects, list):
        keys = list(range(len(subjects)))
    else:
        return
    for key in keys:
        if isinstance(subjects, list) and key >= len(subjects):
            continue
        value = subjects[key] if isinstance(subjects, list) else subjects.get(key, UNDEFINED)
        if isinstance(value, (dict, list)):
            substitute(value, engine, scope, origins, record, misses, budget)
        elif isinstance(value, str):
            if passes_through(value):  # most values: what is stored is what is written
                if budget is not None:
                    budget.wrote(value)
                continue
            before = len(misses) if misses is not None else 0
            result = engine.render(value, scope, budget)
            subjects[key] = result.value
            missed = misses[before:] if misses is not None else []
            record(Render(origins.of(subjects, key), value, result, subjects, key, missed))
