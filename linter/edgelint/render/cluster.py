"""The cluster snapshot lookups run against, and the stand-ins used without one.

`--cluster FILE` (YAML or JSON) holds what `findAgent`, `findApplication`, `findEdgeResource` and
`findMicroserviceAgent` would find on the Controller: optional lists `agents`, `applications`,
`edgeResources` (and `applicationTemplates`, for applications deployed from a template), each of
objects with at least a `name`. Every other field passes through to templates as the Controller's
API returns it (host, uuid, fogTypeId, ...).

Without a snapshot the lookups return stand-ins, marked `standIn: true` and named so that nobody
mistakes them for real values, so that the rest of the pipeline still validates.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from edgelint import javascript
from edgelint.platform.registries import HEADER
from edgelint.run.inputs import read_text

if TYPE_CHECKING:
    from edgelint.platform.snapshots import Header


LISTS = ("agents", "applications", "edgeResources", "applicationTemplates")


class ClusterError(ValueError):
    """A cluster snapshot that cannot be used: a usage error naming the file and the problem."""

    def __init__(self, origin: str, problem: str) -> None:
        super().__init__(f"{origin}: {problem}")
        self.origin = origin
        self.problem = problem


@dataclass(frozen=True, eq=False)  # identity: one renderer per snapshot object
class ClusterSnapshot:
    """The cluster the Controller's lookup filters read (agents, applications, templates): a
    snapshot, or none."""

    origin: str
    agents: list[dict[str, Any]] = field(default_factory=list)
    applications: list[dict[str, Any]] = field(default_factory=list)
    edge_resources: list[dict[str, Any]] = field(default_factory=list)
    application_templates: list[dict[str, Any]] = field(default_factory=list)
    content: str = ""
    stand_ins: bool = False
    listed: frozenset[str] = frozenset()  # the lists the snapshot has (an empty one counts)
    header: Header | None = None  # which Controller, when `edgelint snapshot` wrote it

    @property
    def lists_templates(self) -> bool:
        """Whether the snapshot says which templates the Controller holds."""
        return "applicationTemplates" in self.listed

    def agent(self, name: str) -> dict[str, Any] | None:
        return next((a for a in self.agents if a.get("name") == name), None)

    def agent_names(self) -> list[str]:
        return [a["name"] for a in self.agents if isinstance(a.get("name"), str)]

    def application(self, name: str) -> dict[str, Any] | None:
        return next((a for a in self.applications if a.get("name") == name), None)

    def template(self, name: str) -> dict[str, Any] | None:
        """The application template of that name, as `spec.template` deploys it."""
        return next((t for t in self.application_templates if t.get("name") == name), None)

    def copy_of(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Fresh objects per document: filters like `sort` change what they are given."""
        return copy.deepcopy(items)


STAND_IN = ClusterSnapshot(
    origin="no --cluster snapshot (lookups return stand-ins)", stand_ins=True
)


def stand_in_agent(name: str) -> dict[str, Any]:
    label = name or "any-agent"
    return {
        "name": name if name else "stand-in-agent",
        "uuid": f"stand-in-uuid-of-{label}",
        "host": f"stand-in-host-of-{label}.invalid",
        "ipAddress": "192.0.2.1",
        "ipAddressExternal": "192.0.2.1",
        "fogTypeId": 1,
        "daemonStatus": "RUNNING",
        "standIn": True,
    }


def stand_in_application(name: str) -> dict[str, Any]:
    return {"name": name, "microservices": [], "isActivated": True, "standIn": True}


def stand_in_edge_resource(name: str, version: Any) -> dict[str, Any]:
    return {
        "name": name,
        "version": version if isinstance(version, str) else "0.0.0",
        "interface": {"endpoints": []},
        "standIn": True,
    }


def load_cluster(path: str, limit: int | None = None) -> ClusterSnapshot:
    """A snapshot file, bounded as an input file is: a FIFO, a device, a file over the size
    limit, nesting past 100 levels or an alias bomb is a ClusterError, not a hang or a crash."""
    from edgelint.run.inputs import DEFAULT_MAX_FILE_SIZE

    try:
        return parse_cluster(read_text(path, limit or DEFAULT_MAX_FILE_SIZE), path)
    except ValueError as exc:
        if isinstance(exc, ClusterError):
            raise
        raise ClusterError(path, str(exc)) from None


def parse_cluster(text: str, origin: str) -> ClusterSnapshot:
    from edgelint.load.loader import load_data

    try:
        data = load_data(text, origin)
    except ValueError as exc:
        raise ClusterError(origin, f"not valid YAML or JSON: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ClusterError(
            origin, f"expected a mapping with lists {', '.join(LISTS)}; found {_kind(data)}"
        )
    header = None
    if HEADER in data:
        from edgelint.platform.snapshots import read_header

        try:
            header = read_header(data[HEADER])
        except ValueError as exc:
            raise ClusterError(origin, str(exc)) from None
    unknown = sorted(set(map(str, data)) - set(LISTS) - {HEADER})
    if unknown:
        raise ClusterError(
            origin,
            f"unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"a cluster snapshot has {', '.join(LISTS)}",
        )
    lists: dict[str, list[dict[str, Any]]] = {}
    for key in LISTS:
        items = data.get(key) or []
        if not isinstance(items, list):
            raise ClusterError(origin, f"`{key}` must be a list, found {_kind(items)}")
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                raise ClusterError(origin, f"`{key}` #{number} needs a string `name`")
        lists[key] = [_plain(item) for item in items]
    lists["applicationTemplates"] = [yaml_form(t) for t in lists["applicationTemplates"]]
    return ClusterSnapshot(
        origin=origin,
        header=header,
        agents=lists["agents"],
        applications=lists["applications"],
        edge_resources=lists["edgeResources"],
        application_templates=lists["applicationTemplates"],
        content=text,
        listed=frozenset(k for k in LISTS if k in data),
    )


# What the Controller's YAML parser keeps under its own name, not in `container`
# (parseMicroserviceYAML, eclipse-iofog/Controller src/services/yaml-parser-service.js).
_OWN = frozenset(
    {"name", "agentName", "registryId", "catalogItemId", "images", "config", "application"}
    | {"ports", "volumeMappings", "cmd", "env", "extraHosts"}
)
_BOOKKEEPING = frozenset(
    {"id", "uuid", "flowId", "iofogUuid", "userId", "createdAt", "updatedAt", "status"}
    | {"applicationTemplateId", "routes", "delete", "rebuild"}
)


def yaml_form(template: dict[str, Any]) -> dict[str, Any]:
    """An application template as the YAML file has it, also when the snapshot holds it as the
    Controller's API returns it (`GET /api/v3/applicationTemplates`): microservices in the
    parsed form (`agentName`, `images` as a list of `{fogTypeId, containerImage}`, `registryId`,
    top-level `ports`, `config` as JSON text) and, in the list endpoint, every `defaultValue`
    still JSON-encoded. Both forms render and check alike."""
    application = template.get("application")
    items = application.get("microservices") if isinstance(application, dict) else None
    if not isinstance(items, list) or not any(_parsed(m) for m in items):
        return template
    converted = dict(template)
    converted["application"] = {
        **application,  # type: ignore[dict-item]
        "microservices": [_microservice(m) if _parsed(m) else m for m in items],
    }
    variables = template.get("variables")
    if isinstance(variables, list):
        converted["variables"] = [_decoded(v) for v in variables]
    return converted


def _parsed(microservice: Any) -> bool:
    return isinstance(microservice, dict) and (
        "agentName" in microservice
        or "registryId" in microservice
        or isinstance(microservice.get("images"), list)
    )


def _microservice(parsed: dict[str, Any]) -> dict[str, Any]:
    """A microservice as the API returns it, in the YAML form the rules read."""
    out: dict[str, Any] = {"name": parsed.get("name")}
    if "agentName" in parsed:
        out["agent"] = {"name": parsed["agentName"]}
    images = _api_images(parsed)
    if images:
        out["images"] = images
    container = _api_container(parsed)
    if container:
        out["container"] = container
    config = parsed.get("config")
    if config is not None:
        out["config"] = _api_config(config)
    return out


def _api_images(parsed: dict[str, Any]) -> dict[str, Any]:
    images: dict[str, Any] = {}
    for image in parsed.get("images") or []:
        if isinstance(image, dict):
            arch = {1: "x86", 2: "arm"}.get(image.get("fogTypeId"))  # type: ignore[arg-type]
            if arch is not None:
                images[arch] = image.get("containerImage")
    if parsed.get("catalogItemId"):
        images["catalogId"] = parsed["catalogItemId"]
    if "registryId" in parsed:
        images["registry"] = parsed["registryId"]
    return images


def _api_container(parsed: dict[str, Any]) -> dict[str, Any]:
    container = {
        key: value for key, value in parsed.items() if key not in _OWN and key not in _BOOKKEEPING
    }
    for own, written in (("ports", "ports"), ("volumeMappings", "volumes"), ("cmd", "commands"),
                         ("env", "env"), ("extraHosts", "extraHosts")):  # fmt: skip
        if parsed.get(own):
            container[written] = parsed[own]
    return container


def _api_config(config: Any) -> Any:
    """The API returns `config` as the JSON text the Controller stored."""
    import json

    if not isinstance(config, str):
        return config
    try:
        return json.loads(config)
    except ValueError:
        return config


def _decoded(variable: Any) -> Any:
    """The list endpoint's `defaultValue` is still the JSON text the Controller stored."""
    import json

    if not isinstance(variable, dict) or not isinstance(variable.get("defaultValue"), str):
        return variable
    try:
        value = json.loads(variable["defaultValue"])
    except ValueError:
        return variable  # the single GET's decoded string: already the value
    return {**variable, "defaultValue": value}


def _plain(value: Any) -> Any:
    """JSON-shaped data: string keys, numbers that print as JavaScript prints them."""
    from edgelint.render import jsvalues

    if isinstance(value, dict):
        return {jsvalues.to_string(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return javascript.integral(value)
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    return str(value)


def _kind(value: Any) -> str:
    names: dict[type, str] = {list: "a list", str: "a string", dict: "a mapping"}
    return names.get(type(value), "a value")
