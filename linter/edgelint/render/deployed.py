"""What the Controller will hold for one document: the deploy stage, between load and check.

Built once per document before any rule runs, and handed to every rule family read-only, so that
no family depends on another having run first:

- the document with its templates rendered as the Controller renders them (render/document.py)
  and the results written back in its YAML shape (`data`), with every render that produced a
  value (`render`);
- the paths whose value nothing can be said about (`skip_paths`): an unquoted `{{ x }}` (YAML
  made it a mapping; EL405 says so) and a value computed by a lookup against stand-ins (no
  --cluster: what it would be is not known);
- for an Application with `spec.template`, the application it deploys (`deployment`): the
  template, from the same file or else the cluster snapshot, rendered with the variables the
  Application gives over the declared defaults — what `getApplicationDataFromTemplate` builds in
  eclipse-iofog/Controller `src/services/application-template-service.js` — in the YAML shape of
  an Application, with where each of its values came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from edgelint.load.nodes import MappingNode, Node, PathPart, ScalarNode, SequenceNode, locate
from edgelint.render.syntax import RAW

if TYPE_CHECKING:
    from edgelint.render.document import DocumentRender
    from edgelint.rules.context import DocumentContext

Path = tuple[PathPart, ...]

_LOOKUPS = re.compile(r"\|\s*find(Agent|Application|EdgeResource|MicroserviceAgent)\b")
APPLICATION = ("spec", "application")  # where a template keeps the application it deploys


@dataclass(frozen=True, repr=False, eq=False)
class Deployment:
    """An Application that deploys a template, and the application that deploys."""

    name: str  # the template's name
    source: str  # "file", "snapshot" or "" (found in neither)
    origin: str = ""  # the snapshot it came from
    render: DocumentRender | None = None  # the template, rendered for this deployment
    application: Any = None  # what is deployed, as an Application document (YAML shape)
    template_root: Node | None = None  # the template's document, when it is in this file
    declared: frozenset[str] = frozenset()  # the template's variables
    given: tuple[tuple[int, str], ...] = ()  # (index in spec.template.variables, key)
    failure: str | None = None  # the Controller's parser throws on the template
    application_render: DocumentRender | None = None  # `render`, in the deployed paths

    @property
    def found(self) -> bool:
        return bool(self.source)

    def template_path(self, path: Path) -> Path:
        """A deployed path (`spec.microservices…`) as a path of the template document."""
        return (*APPLICATION, *path[1:]) if path[:1] == ("spec",) else path

    def describe(self, path: Path, line_of: Any) -> str:
        """Where a deployed value comes from, for a message: `template `t` line 12`."""
        if self.template_root is not None:
            node, _ = locate(self.template_root, self.template_path(path))
            return f"template `{self.name}` line {line_of(node.start)}"
        inside = (
            "".join(
                f"[{p}]" if isinstance(p, int) else f".{p}" for p in self.template_path(path)[2:]
            ).lstrip(".")
            or "application"
        )
        return f"`{inside}` of template `{self.name}` ({self.origin})"


@dataclass(frozen=True, repr=False, eq=False)
class Deployed:
    """A document as the Controller will hold it: rendered, and expanded from its template if it
    has one."""

    data: Any  # what rules check: the document as the Controller holds it, in its YAML shape
    render: DocumentRender | None = None
    skip_paths: frozenset[Path] = frozenset()
    deployment: Deployment | None = None
    unquoted: tuple[tuple[Path, Node], ...] = field(default=())  # `{{ x }}` read as a mapping


def deploy(ctx: DocumentContext) -> Deployed:
    from edgelint.render.detect import RENDERED_KINDS, has_templates, may_have_templates

    document = ctx.document
    unquoted = tuple(_unquoted_templates(document.root)) if document.complex_keys else ()
    skip = {path for path, _ in unquoted}
    data = document.data
    render = None
    rendered = ctx.kind in RENDERED_KINDS and may_have_templates(ctx.source.text)
    if rendered and has_templates(data):
        from edgelint.render.document import render_document

        render = render_document(
            ctx.kind,
            data,
            ctx.settings.cluster,
            list_lookup_fails=ctx.settings.target.list_lookup_fails,
            budget=ctx.budget,
        )
        if render.failure is None:
            data = render.data
            if ctx.settings.cluster.stand_ins:
                skip.update(_known_only_with_a_cluster(render))
    deployment = _deployment(ctx, data) if ctx.kind == "Application" else None
    return Deployed(data, render, frozenset(skip), deployment, unquoted)


def _known_only_with_a_cluster(outcome: DocumentRender) -> set[Path]:
    """Values a lookup computed from stand-ins: what follows from them is not known."""
    from edgelint.render.controller import CONFIG

    found: set[Path] = set()
    for render in outcome.renders:
        path = render.path
        if path is None or render.result.failure is not None:
            continue
        if _LOOKUPS.search(RAW.sub("", render.template)):
            found.add((*path[:-1], "config") if path and path[-1] == CONFIG else path)
    return found


def _unquoted_templates(root: Node | None) -> list[tuple[Path, Node]]:
    """`name: {{ x }}`: YAML reads a flow mapping whose one key is a flow mapping."""
    if root is None:
        return []
    return [(path, node) for path, node in walk(root, ()) if _looks_unquoted(node)]


def _looks_unquoted(node: Node) -> bool:
    if not isinstance(node, MappingNode) or not node.flow or len(node.pairs) != 1:
        return False
    key, value = node.pairs[0]
    return (
        isinstance(key, MappingNode)
        and key.flow
        and isinstance(value, ScalarNode)
        and value.data is None
    )


def walk(node: Node, path: Path) -> Any:
    """Every node with its data path, aliases visited once at their anchor."""
    node = node.target if node.shared and not node.anchor else node
    yield path, node
    if isinstance(node, MappingNode):
        for key, (_, value) in node.entries.items():
            if isinstance(key, (str, int)):
                yield from walk(value, (*path, key))
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.items):
            yield from walk(item, (*path, index))


# --- deployments -------------------------------------------------------------------------------


def _deployment(ctx: DocumentContext, data: Any) -> Deployment | None:
    spec = data.get("spec") if isinstance(data, dict) else None
    template = spec.get("template") if isinstance(spec, dict) else None
    if not isinstance(spec, dict) or not isinstance(template, dict):
        return None
    if not isinstance(template.get("name"), str):
        return None
    from edgelint.render import jsvalues  # Liquid's import: only for deployments

    name: str = template["name"]
    given: dict[str, Any] = {}
    keys: list[tuple[int, str]] = []
    variables = template.get("variables")
    for index, variable in enumerate(variables if isinstance(variables, list) else []):
        if isinstance(variable, dict) and isinstance(variable.get("key"), str):
            given[variable["key"]] = variable.get("value", jsvalues.UNDEFINED)
            keys.append((index, variable["key"]))
    found = ctx.file_templates.get(name)
    if found is not None:
        document, source, origin, root = found.data, "file", "", found.root
    else:
        entry = ctx.settings.cluster.template(name)
        if entry is None:
            return Deployment(name, "", ctx.settings.cluster.origin, given=tuple(keys))
        document = {"kind": "ApplicationTemplate", "metadata": {"name": name},
                    "spec": {k: v for k, v in entry.items() if k != "name"}}  # fmt: skip
        source, origin, root = "snapshot", ctx.settings.cluster.origin, None
    declared = _declared(document)
    from edgelint.render.document import render_document

    outcome = render_document(
        "ApplicationTemplate",
        document,
        ctx.settings.cluster,
        given,
        list_lookup_fails=ctx.settings.target.list_lookup_fails,
        budget=ctx.budget,
    )
    application = None
    if outcome.failure is None and isinstance(outcome.data, dict):
        body = outcome.data.get("spec", {}).get("application")
        if isinstance(body, dict):
            metadata = data.get("metadata")
            named = metadata.get("name") if isinstance(metadata, dict) else None
            application = {
                "apiVersion": data.get("apiVersion"),
                "kind": "Application",
                "metadata": {"name": named if named is not None else spec.get("name", name)},
                "spec": body,
            }
    return Deployment(
        name,
        source,
        origin,
        outcome,
        application,
        root,
        frozenset(declared),
        tuple(keys),
        outcome.failure,
        _as_deployed(outcome, application) if application is not None else None,
    )


def _as_deployed(outcome: DocumentRender, application: Any) -> DocumentRender:
    """The template's renders at the paths of the application it deploys (`spec.application.x`
    of the template is `spec.x` of the deployment)."""
    from dataclasses import replace

    def moved(path: Path | None) -> Path | None:
        if path is None or path[:2] != APPLICATION:
            return None
        return ("spec", *path[2:])

    renders = [replace(r, path=moved(r.path)) for r in outcome.renders if moved(r.path)]
    return replace(
        outcome,
        renders=renders,
        data=application,
        produced={p: replace(r, path=p) for k, r in outcome.produced.items() if (p := moved(k))},
        removed={p for k in outcome.removed if (p := moved(k)) is not None},
    )


def _declared(document: Any) -> set[str]:
    spec = document.get("spec") if isinstance(document, dict) else None
    variables = spec.get("variables") if isinstance(spec, dict) else None
    return {
        v["key"]
        for v in (variables if isinstance(variables, list) else [])
        if isinstance(v, dict) and isinstance(v.get("key"), str)
    }
