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
from typing import Any

from edgelint.files import read_text

LISTS = ("agents", "applications", "edgeResources", "applicationTemplates")


class ClusterError(ValueError):
    """A cluster snapshot that cannot be used: a usage error naming the file and the problem."""

    def __init__(self, origin: str, problem: str) -> None:
        super().__init__(f"{origin}: {problem}")
        self.origin = origin
        self.problem = problem


@dataclass(frozen=True, eq=False)  # identity: one renderer per snapshot object
class ClusterSnapshot:
    origin: str
    agents: list[dict[str, Any]] = field(default_factory=list)
    applications: list[dict[str, Any]] = field(default_factory=list)
    edge_resources: list[dict[str, Any]] = field(default_factory=list)
    application_templates: list[dict[str, Any]] = field(default_factory=list)
    content: str = ""
    stand_ins: bool = False

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
    from edgelint.files import DEFAULT_MAX_FILE_SIZE

    try:
        return parse_cluster(read_text(path, limit or DEFAULT_MAX_FILE_SIZE), path)
    except ValueError as exc:
        if isinstance(exc, ClusterError):
            raise
        raise ClusterError(path, str(exc)) from None


def parse_cluster(text: str, origin: str) -> ClusterSnapshot:
    from edgelint.loader import load_data

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
    unknown = sorted(set(map(str, data)) - set(LISTS))
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
    return ClusterSnapshot(
        origin=origin,
        agents=lists["agents"],
        applications=lists["applications"],
        edge_resources=lists["edgeResources"],
        application_templates=lists["applicationTemplates"],
        content=text,
    )


def _plain(value: Any) -> Any:
    """JSON-shaped data: string keys, numbers that print as JavaScript prints them."""
    from edgelint.render import jsvalues as js

    if isinstance(value, dict):
        return {js.to_string(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return js.integral(value)
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    return str(value)


def _kind(value: Any) -> str:
    names: dict[type, str] = {list: "a list", str: "a string", dict: "a mapping"}
    return names.get(type(value), "a value")
