"""Liquid templates: what the Controller makes of every `{{ }}` and `{% %}` before storing it.

One family, split by job: what a failed render is reported as (failures.py), lookups that find
nothing (lookups.py), filters liquidjs does not have (filters.py), what a template's output is
(outputs.py), and the variables templates declare, give and use (variables.py). Markup that
needs no rendering is the markup family's (rules/markup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from edgelint.render.syntax import RAW
from edgelint.rules.templates import failures, filters, lookups, outputs, variables
from edgelint.rules.templates.failures import EL401, EL409, EL413
from edgelint.rules.templates.filters import EL402
from edgelint.rules.templates.located import Located
from edgelint.rules.templates.lookups import EL407
from edgelint.rules.templates.outputs import EL403, EL404, EL406, EL408
from edgelint.rules.templates.variables import EL410, EL414, EL415, EL416

if TYPE_CHECKING:
    from edgelint.render.controller import Render
    from edgelint.render.document import DocumentRender
    from edgelint.rules.context import DocumentContext

RULES = (
    EL401, EL402, EL403, EL404, EL406, EL407, EL408, EL409, EL410, EL413, EL414, EL415, EL416,
)  # fmt: skip


def check(ctx: DocumentContext) -> None:
    """What the templates of the document, as deployed (render/deployed.py), come to."""
    if ctx.render is not None and ctx.render.failure is None:
        _rendered(ctx, ctx.render)
    if ctx.deployed is not None and ctx.deployed.deployment is not None:
        variables.template_reference(ctx, ctx.deployed.deployment)


def _rendered(ctx: DocumentContext, outcome: DocumentRender) -> None:
    reported: set[tuple[Any, ...]] = set()
    for render in outcome.renders:
        if render.path is None or ("{{" not in render.template and "{%" not in render.template):
            continue
        key = (render.path, render.template)
        if key in reported:
            continue  # rendered twice (volumes are also volumeMappings): report once
        reported.add(key)
        _diagnose(ctx, render, outcome)
    if ctx.kind == "ApplicationTemplate":
        variables.template_variables(ctx, outcome)


def _diagnose(ctx: DocumentContext, render: Render, outcome: DocumentRender) -> None:
    located = Located(ctx, render)
    template = render.template
    for block in RAW.finditer(template):
        if "{%" in block.group(1):
            outputs.raw_wrapped(located, block, render.result.value)
    failure = render.result.failure
    if failure is not None:
        failures.failed(located, render, failure)
        return
    filters.unknown_filters(located, template, ctx)
    outputs.undefined_outputs(located, render)
    if located.path in ctx.skip_paths:
        return  # a lookup against stand-ins (no --cluster): what follows from it is not known
    lookups.missed_lookups(located, render)
    outputs.env_type(located, render)
