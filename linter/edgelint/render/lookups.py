"""The Controller's seven filters (src/helpers/template-helper.js, 3.0.4), over a cluster snapshot.

`findAgent` with "" returns every agent and caches each by name; with a name it returns that
agent, from the cache when an earlier lookup put it there, or throws "Invalid ioFog UUID" (which
the Controller stores as the field's value). `toNumber` and `toBoolean` are the same function,
JSON.parse with the input returned on failure; `toString` is String() that leaves null and
undefined alone. The caches live in the render scope (`_agentsByName`, ...), shared by every
field of a document, as the Controller shares them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from edgelint.render import jsvalues
from edgelint.render.cluster import (
    ClusterSnapshot,
    stand_in_agent,
    stand_in_application,
    stand_in_edge_resource,
)
from edgelint.render.engine import LookupMiss
from edgelint.render.filters.base import FilterFunction, JSError, js_filter, read_property
from edgelint.render.jsvalues import UNDEFINED

# What Datasance Controller 3.7.3's `"" | findAgent` throws (its agent list needs a transaction
# the template helper does not pass): controller-3.7.3-verdicts.jsonl.
LIST_LOOKUP_FAILURE = "Transaction not provided"


@dataclass(repr=False, eq=False)
class Miss:
    """A lookup filter that found nothing: the Controller renders on, with an empty result."""

    filter: str
    name: str


@dataclass(repr=False, eq=False)
class Lookups:
    """Per run: the snapshot. Per document: fresh copies of its objects and the misses seen."""

    snapshot: ClusterSnapshot
    # Datasance Controller 3.7.3 lists agents outside a transaction and throws (what it stored,
    # tests/corpus/controller-3.7.3-verdicts.jsonl: "RenderError: Transaction not provided").
    list_fails: bool = False
    misses: list[Miss] = field(default_factory=list)
    _agents: list[dict[str, Any]] = field(default_factory=list)
    _applications: list[dict[str, Any]] = field(default_factory=list)
    _edge_resources: list[dict[str, Any]] = field(default_factory=list)

    def begin_document(self) -> None:
        self.misses = []
        self._agents = self.snapshot.copy_of(self.snapshot.agents)
        self._applications = self.snapshot.copy_of(self.snapshot.applications)
        self._edge_resources = self.snapshot.copy_of(self.snapshot.edge_resources)

    @staticmethod
    def scope(root: Any) -> dict[str, Any]:
        """The render scope the Controller builds for a document (rvaluesVarSubstition)."""
        return {
            "self": root,
            "_user": {"id": 1},
            "_agentsByName": {},
            "_edgeResourcesByName": {},
            "_applicationsByName": {},
        }

    def filters(self) -> dict[str, FilterFunction]:
        return {
            "findAgent": js_filter(self.find_agent),
            "findApplication": js_filter(self.find_application),
            "findEdgeResource": js_filter(self.find_edge_resource),
            "findMicroserviceAgent": js_filter(self.find_microservice_agent),
            "toNumber": js_filter(_json_parser),
            "toBoolean": js_filter(_json_parser),
            "toString": js_filter(_to_string),
        }

    def _miss(self, name: str, filter_name: str, message: str) -> LookupMiss:
        self.misses.append(Miss(filter_name, name))
        return LookupMiss(message)

    def find_agent(self, ctx: Any, name: Any, *args: Any) -> Any:
        cache = _cache(ctx, "_agentsByName")
        if name == "" and isinstance(name, str):
            if self.list_fails:
                raise JSError(LIST_LOOKUP_FAILURE)
            agents = [stand_in_agent("")] if self.snapshot.stand_ins else self._agents
            for agent in agents:
                cache[jsvalues.to_string(agent.get("name"))] = agent
            return agents
        key = jsvalues.to_string(name)
        cached = cache.get(key)
        if cached is not None and jsvalues.truthy(cached):
            return cached
        if self.snapshot.stand_ins:
            found: dict[str, Any] | None = stand_in_agent(key)
        else:
            found = next(
                (a for a in self._agents if jsvalues.strict_equals(a.get("name"), name)), None
            )
        if found is None:
            raise self._miss(key, "findAgent", "Invalid ioFog UUID 'undefined'")
        cache[jsvalues.to_string(found.get("name"))] = found
        return found

    def find_application(self, ctx: Any, name: Any, *args: Any) -> Any:
        if self.snapshot.stand_ins:
            return stand_in_application(jsvalues.to_string(name))
        for application in self._applications:
            if jsvalues.strict_equals(application.get("name"), name):
                return application
        self.misses.append(Miss("findApplication", jsvalues.to_string(name)))
        return None

    def find_edge_resource(self, ctx: Any, name: Any, *args: Any) -> Any:
        version = args[0] if args else UNDEFINED
        if self.snapshot.stand_ins:
            resource = stand_in_edge_resource(jsvalues.to_string(name), version)
            return resource if jsvalues.to_boolean(version) else [resource]
        found = [r for r in self._edge_resources if jsvalues.strict_equals(r.get("name"), name)]
        if not jsvalues.to_boolean(version):
            if not found:
                self.misses.append(Miss("findEdgeResource", jsvalues.to_string(name)))
            return found
        for resource in found:
            if jsvalues.strict_equals(resource.get("version"), version):
                return resource
        wanted = f"{jsvalues.to_string(name)} {jsvalues.to_string(version)}"
        raise self._miss(wanted, "findEdgeResource", f"Could not find edge resource {wanted}")

    def find_microservice_agent(self, ctx: Any, microservice: Any, *args: Any) -> Any:
        if jsvalues.is_nullish(microservice):
            raise JSError(
                f"TypeError: Cannot read properties of {jsvalues.to_string(microservice)} "
                "(reading 'iofogUuid')"
            )
        uuid = read_property(microservice, "iofogUuid")
        if self.snapshot.stand_ins:
            return stand_in_agent(jsvalues.to_string(uuid))
        for agent in self._agents:
            if jsvalues.strict_equals(agent.get("uuid"), uuid):
                return agent
        text = jsvalues.to_string(uuid)
        raise self._miss(text, "findMicroserviceAgent", f"Invalid ioFog UUID '{text}'")


def _cache(ctx: Any, name: str) -> dict[str, Any]:
    scope = getattr(ctx, "globals", None)
    if isinstance(scope, dict):
        cache = scope.get(name)
        if isinstance(cache, dict):
            return cache
    return {}


def _json_parser(ctx: Any, variable: Any, *args: Any) -> Any:
    try:
        return jsvalues.json_parse(
            jsvalues.to_string(variable) if not isinstance(variable, str) else variable
        )
    except ValueError:
        return variable


def _to_string(ctx: Any, variable: Any, *args: Any) -> Any:
    if isinstance(variable, str) or jsvalues.is_nullish(variable):
        return variable
    return jsvalues.to_string(variable)
