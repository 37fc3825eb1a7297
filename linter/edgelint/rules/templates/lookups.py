"""Lookup filters (`findAgent`, `findApplication`, …) against the cluster snapshot: a name that
matches nothing fails the render or returns nothing, depending on the filter."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from edgelint.diagnostics import Severity
from edgelint.rules.base import Rule, shortened

if TYPE_CHECKING:
    from edgelint.render.controller import Render
    from edgelint.render.engine import RenderFailure
    from edgelint.rules.templates.located import Located

EL407 = Rule(
    code="EL407",
    name="lookup-not-found",
    severity=Severity.ERROR,
    summary="`findAgent`/`findApplication`/... matches nothing in the cluster snapshot.",
    docs="""
    ## What it finds
    With `--cluster FILE`, a lookup that finds nothing: `"edge-9" | findAgent` when the
    snapshot has no agent `edge-9`, an application or edge resource that does not exist.

    ## Why it matters
    `findAgent` with an unknown name throws (`findAgentHandler` in eclipse-iofog/Controller
    `src/helpers/template-helper.js`), and the Controller stores the error text
    (`RenderError: Invalid ioFog UUID 'undefined', line:1, col:1`) as the value (measured on
    Controller 3.0.4); `findApplication` returns null and `findEdgeResource` an empty list, so
    whatever is read from them is undefined. Without `--cluster` lookups return stand-ins and
    this rule is silent.

    ## Example
    With `--cluster cluster.yaml` whose agents are `edge-1` and `edge-2`:
    ```yaml
    agent:
      name: '{% assign a = "edge-9" | findAgent %}{{ a.name }}'   # EL407: no agent `edge-9`
    ```

    ## Fix
    No automatic fix: use a name the cluster has, or create the agent, application or edge
    resource first; `edgelint fix` does not change it.
    """,
)


def lookup_failed(located: Located, render: Render, failure: RenderFailure) -> None:
    miss = render.misses[-1] if render.misses else None
    template = render.template
    what = _lookup_subject(template, miss.name, miss.filter) if miss else "a lookup"
    offset = template.find(miss.filter) if miss else -1
    located.report(
        EL407,
        f"{what} matches nothing in the cluster snapshot "
        f"({located.ctx.settings.cluster.origin}); the Controller stores "
        f"`{shortened(str(render.result.value))}` as the value",
        offset if offset >= 0 else None,
        len(miss.filter) if miss else 1,
    )


def missed_lookups(located: Located, render: Render) -> None:
    template = render.template
    for miss in render.misses:
        if miss.filter in ("findApplication", "findEdgeResource"):
            at = template.find(miss.filter)
            located.report(
                EL407,
                f"{_lookup_subject(template, miss.name, miss.filter)} matches nothing in the "
                f"cluster snapshot ({located.ctx.settings.cluster.origin}): it returns "
                f"{'null' if miss.filter == 'findApplication' else 'an empty list'}",
                at if at >= 0 else None,
                len(miss.filter),
            )


def _lookup_subject(template: str, name: str, filter_name: str) -> str:
    """`x` | findAgent, naming the variable when it was undefined (the lookup then searched
    for the text `undefined`)."""
    if name == "undefined":
        operand = re.search(
            rf"([A-Za-z_][\w.-]*(?:\[[^\]]*\])*)\s*\|\s*{re.escape(filter_name)}\b", template
        )
        if operand is not None and operand.group(1) not in ("undefined", "nil", "null"):
            variable = operand.group(1)
            return (
                f"`{variable}` is undefined, so `{variable} | {filter_name}` looks up "
                "`undefined`, which"
            )
    return f"`{name}` | {filter_name}"
