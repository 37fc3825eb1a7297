"""Hover: on a finding, its rule's page (`edgelint explain CODE`); on a Liquid template, what the
Controller will store for it — the rendered value, or the error text it stores instead when the
template fails — as this lint rendered it (the file's cluster snapshot, an ApplicationTemplate's
defaults, and every deployment of a template in the same file).

A credential is never shown: a template that sits on one, or renders a value that holds one,
shows `***`, as `edgelint render` does without `--show-secrets`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types

from edgelint.server.documents import Linted

if TYPE_CHECKING:
    from edgelint.load.nodes import Node, PathPart
    from edgelint.render.controller import Render
    from edgelint.rules.context import DocumentContext

_MASK = "***"


def hover(linted: Linted, position: types.Position) -> types.Hover | None:
    at = types.Range(position, position)
    parts = _rule_pages(linted, at) + _renders(linted, linted.offset(position))
    if not parts:
        return None
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)
        )
    )


def _rule_pages(linted: Linted, at: types.Range) -> list[str]:
    from edgelint.report.ruledocs import explanation
    from edgelint.rules import all_rules
    from edgelint.server.documents import overlaps

    catalog = all_rules()
    codes = dict.fromkeys(
        shown.code for shown in linted.shown if overlaps(shown.range, at) and shown.code
    )
    return [explanation(catalog[str(code)]) for code in codes if str(code) in catalog]


def _renders(linted: Linted, offset: int) -> list[str]:
    """What each template under the cursor renders to, once a place it is rendered."""
    from edgelint.render.detect import is_template

    found: list[str] = []
    for ctx in linted.result.contexts:
        for render, where, start, end in _located_renders(ctx):
            # Every text is rendered; only one with Liquid markup says anything new.
            if start <= offset <= end and is_template(render.template):
                shown = _describe(linted, render, where, (start, end))
                if shown not in found:
                    found.append(shown)
    return found


def _located_renders(ctx: DocumentContext) -> list[tuple[Render, str, int, int]]:
    """Each render of the document and of the deployments it makes of templates in this file,
    with the characters of the template it rendered and how it was deployed, in words."""
    deployed = ctx.deployed
    if deployed is None:
        return []
    located: list[tuple[Render, str, int, int]] = []
    if deployed.render is not None and ctx.document.root is not None:
        own = "with the template's defaults" if ctx.kind == "ApplicationTemplate" else ""
        for render in deployed.render.renders:
            node = _node(ctx.document.root, render.path)
            if node is not None:
                located.append((render, own, node.start, node.end))
    deployment = deployed.deployment
    if deployment is not None and deployment.render is not None and deployment.template_root:
        by = f"when application `{_name(ctx)}` deploys it"
        for render in deployment.render.renders:  # in the template's own paths
            node = _node(deployment.template_root, render.path)
            if node is not None:
                located.append((render, by, node.start, node.end))
    return located


def _node(root: Node, path: tuple[PathPart, ...] | None) -> Node | None:
    """The node a render wrote, if it is in the text (a key's render has no path)."""
    from edgelint.load.nodes import walk_path

    return None if path is None else walk_path(root, path)


def _name(ctx: DocumentContext) -> str:
    data = ctx.document.data
    metadata = data.get("metadata") if isinstance(data, dict) else None
    name = metadata.get("name") if isinstance(metadata, dict) else None
    return str(name) if name is not None else "?"


def _describe(linted: Linted, render: Render, how: str, span: tuple[int, int]) -> str:
    from edgelint.render import jsvalues

    value = render.result.value
    secret = any(s < span[1] and span[0] < e for s, e in linted.result.secrets)
    if jsvalues.is_undefined(value):
        stored = "nothing: the value is undefined, so the field is left out"
    else:
        text = _MASK if secret else _masked(linted, _as_text(value))
        stored = f"{_kind(value)}:\n\n```\n{text}\n```"
    deployed = f" {how}" if how else ""
    if render.result.failure is not None:  # the stored value is the error text, liquidjs's
        return (
            f"**The template fails{deployed}**: the Controller stores the error text "
            f"instead, {stored}"
        )
    stand_ins = sorted(m for m in _stand_ins(linted) if m in str(value))
    if stand_ins:
        named = ", ".join(f"`{m}`" for m in stand_ins)
        stored += f"\n\n{named}: a variable without a default, given when it is deployed"
    return f"**The Controller stores{deployed}** {stored}"


def _stand_ins(linted: Linted) -> set[str]:
    markers: set[str] = set()
    for ctx in linted.result.contexts:
        if ctx.deployed is not None and ctx.deployed.render is not None:
            markers |= ctx.deployed.render.stand_ins
    return markers


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "the boolean"
    if isinstance(value, (int, float)):
        return "the number"
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        return "the object" if isinstance(value, dict) else "the array"
    return "the string"


def _as_text(value: Any) -> str:
    from edgelint.render import jsvalues

    if isinstance(value, (dict, list)):
        return str(jsvalues.json_stringify(value, circular="[Circular]"))
    if value is None:
        return "null"
    return jsvalues.to_string(value)


def _masked(linted: Linted, text: str) -> str:
    """A credential of the file, wherever it stands in the text, as `***`."""
    from edgelint.run.secrets import scrub_text

    source = linted.source
    if source is not None:
        text = scrub_text(text, source.text, linted.result.secrets)
    return text.replace("```", "`\u200b``")
