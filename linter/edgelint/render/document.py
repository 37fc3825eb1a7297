"""Render one document as the Controller renders it, and map the results back onto the YAML.

Application and Microservice documents are rendered at upload, with `self` the parsed object.
An ApplicationTemplate's variables are rendered at upload (with `self` the variables); its
application only when an application is deployed from it, with the variables as top-level
names (`getApplicationDataFromTemplate` in eclipse-iofog/Controller
`src/services/application-template-service.js`) — so edgelint renders it as a deployment that
takes every default.
"""

from __future__ import annotations

import contextlib
import copy
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from edgelint.render import controller, jsvalues
from edgelint.render.budget import Budget
from edgelint.render.cluster import ClusterSnapshot
from edgelint.render.controller import CONFIG, Origins, ParseFailure, Render
from edgelint.render.detect import RENDERED_KINDS, has_templates  # noqa: F401 - re-exported
from edgelint.render.engine import Engine
from edgelint.render.lookups import Lookups, Miss


@dataclass(repr=False, eq=False)
class DocumentRender:
    """Every template of a document rendered in the Controller's order, and the document they
    make."""

    renders: list[Render] = field(default_factory=list)
    failure: str | None = None  # the Controller's parser throws before rendering
    data: Any = None  # the document in its YAML shape, template outputs written back
    produced: dict[tuple[Any, ...], Render] = field(default_factory=dict)
    removed: set[tuple[Any, ...]] = field(default_factory=set)
    misses: list[Miss] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)  # ApplicationTemplate defaults
    stand_ins: set[str] = field(default_factory=set)  # "<key>" for variables without a default
    root: Any = None  # the rendered Controller object

    def holds_stand_in(self, value: object) -> bool:
        """Whether a produced text carries a stand-in for a variable the deployer gives: what
        it says about names or types proves nothing."""
        return isinstance(value, str) and any(marker in value for marker in self.stand_ins)


@lru_cache(maxsize=8)
def _machinery(snapshot: ClusterSnapshot, list_fails: bool) -> tuple[Lookups, Engine]:
    lookups = Lookups(snapshot, list_fails)
    return lookups, Engine(lookups.filters())


def render_document(
    kind: str,
    data: dict[str, Any],
    snapshot: ClusterSnapshot,
    given: dict[str, Any] | None = None,
    *,
    list_lookup_fails: bool = False,
    budget: Budget | None = None,
) -> DocumentRender:
    """Render a document; for an ApplicationTemplate, as deployed with ``given`` variables.

    Without ``given`` the template is checked as a deployment that takes every default, with a
    marked stand-in for each variable that has none (its deployer must give it).
    """
    lookups, engine = _machinery(snapshot, list_lookup_fails)
    lookups.begin_document()
    outcome = DocumentRender()
    origins = Origins()
    document = controller.to_js(data, (), origins, {})
    try:
        if kind == "Application":
            root = controller.build_application(document, origins)
        elif kind == "Microservice":
            root = controller.build_microservice_document(document, origins)
        else:
            root = _template(document, origins, engine, outcome, given, budget)
    except ParseFailure as exc:
        outcome.failure = str(exc)
        outcome.data = data
        return outcome
    # A deployment from a template sees its variables beside `self`: {...defaults, self}.
    scope = {**outcome.variables, **Lookups.scope(root)}
    controller.substitute(
        root, engine, scope, origins, outcome.renders.append, lookups.misses, budget
    )
    outcome.root = root
    outcome.misses = list(lookups.misses)
    outcome.data = write_back(data, outcome)
    return outcome


def _template(
    document: dict[str, Any],
    origins: Origins,
    engine: Engine,
    outcome: DocumentRender,
    given: dict[str, Any] | None,
    budget: Budget | None,
) -> Any:
    spec = document.get("spec")
    if not isinstance(spec, dict):
        raise ParseFailure("Invalid YAML format")
    variables = spec.get("variables")
    if isinstance(variables, list):
        scope = Lookups.scope(variables)
        controller.substitute(variables, engine, scope, origins, outcome.renders.append, [], budget)
        for variable in variables:
            if isinstance(variable, dict) and isinstance(variable.get("key"), str):
                key = variable["key"]
                default = variable.get("defaultValue", jsvalues.UNDEFINED)
                if not jsvalues.is_undefined(default):
                    outcome.variables[key] = default
                elif given is None:
                    # No default: whoever deploys must give one; a marked stand-in stands in.
                    outcome.variables[key] = f"<{key}>"
                    outcome.stand_ins.add(f"<{key}>")
                else:
                    outcome.variables[key] = None  # JSON.parse of the stored null
    # getApplicationDataFromTemplate: {...defaults, ...userProvidedVariables, self}
    outcome.variables.update(given or {})
    return controller.build_template_application(spec, origins)


def write_back(data: Any, outcome: DocumentRender) -> Any:
    """The document with what each template produced in its place (removed when undefined)."""
    result = copy.deepcopy(data)
    for render in outcome.renders:
        path = render.path
        if path is None or render.result.value == render.template:
            continue
        if path and path[-1] == CONFIG:
            path = (*path[:-1], "config")
            value: Any = render.result.value
            if isinstance(value, str):
                with contextlib.suppress(ValueError):
                    value = jsvalues.json_parse(value)
            _assign(result, path, value, outcome)
            continue
        _assign(result, path, render.result.value, outcome)
        outcome.produced[path] = render
    return result


def _assign(data: Any, path: tuple[Any, ...], value: Any, outcome: DocumentRender) -> None:
    container = data
    for part in path[:-1]:
        if (isinstance(container, dict) and part in container) or (
            isinstance(container, list) and isinstance(part, int) and part < len(container)
        ):
            container = container[part]
        else:
            return
    last = path[-1]
    if jsvalues.is_undefined(value):
        if isinstance(container, dict) and last in container:
            del container[last]
            outcome.removed.add(path)
        return
    if isinstance(container, dict) or (
        isinstance(container, list) and isinstance(last, int) and last < len(container)
    ):
        container[last] = value
