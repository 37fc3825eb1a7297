"""An ApplicationTemplate's variables and the deployments that name it: declared, given, used,
and whether the template named is there at all."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from edgelint.diagnostics import Severity
from edgelint.rules.base import Rule, suggest_name
from edgelint.rules.templates.located import Located

if TYPE_CHECKING:
    from edgelint.render.controller import Render
    from edgelint.render.deployed import Deployment
    from edgelint.render.document import DocumentRender
    from edgelint.rules.context import DocumentContext

EL410 = Rule(
    code="EL410",
    name="template-variable-mismatch",
    severity=Severity.WARNING,
    summary="An ApplicationTemplate variable is used but not declared, or declared but unused.",
    docs="""
    ## What it finds
    In an ApplicationTemplate, a name used in the application's templates that `variables` does
    not declare, or a declared variable no template uses.

    ## Why it matters
    The Controller does not check variables (`getApplicationDataFromTemplate` in
    eclipse-iofog/Controller `src/services/application-template-service.js`): an undeclared one
    is undefined when an application is deployed without it (the Controller's own test template,
    `test/application-template.yaml`, uses `agent-2-name`, which it never declares), and an
    unused one is a typo somewhere else.

    ## Example
    ```yaml
    kind: ApplicationTemplate
    spec:
      variables:
        - key: agent-name
        - key: agentname        # EL410: declared, but no template uses it
      application:
        microservices:
          - name: monitor
            agent:
              name: "{{ agent-name }}"
    ```

    ## Fix
    No automatic fix: declare the variable under `variables` (with a `defaultValue` when it may be
    left out), or remove or correct the unused one; `edgelint fix` does not change it.
    """,
)


EL414 = Rule(
    code="EL414",
    name="template-not-found",
    severity=Severity.ERROR,
    summary="An Application deploys a template that is neither in the file nor in the cluster "
    "snapshot's `applicationTemplates`.",
    docs="""
    ## What it finds
    `spec.template.name` naming an ApplicationTemplate that no document of the file defines and
    that the `--cluster` snapshot does not list (it must have `applicationTemplates`).

    ## Why it matters
    The Controller looks the template up by name when the application is deployed
    (`getApplicationDataFromTemplate` in eclipse-iofog/Controller
    `src/services/application-template-service.js`) and, not finding it, answers HTTP 500
    "Could not find Application Template {}" (the name is never filled in): nothing is
    deployed, and the message does not say which template.

    ## Example
    ```yaml
    kind: Application
    spec:
      template:
        name: no-such-template   # EL414 (with --cluster): no such ApplicationTemplate
    ```

    ## Fix
    No automatic fix: deploy the template first (`iofogctl deploy -f template.yaml`), or correct
    the name; `edgelint fix` does not change it.
    """,
)


EL415 = Rule(
    code="EL415",
    name="template-not-checked",
    severity=Severity.INFO,
    summary="An Application deploys a template edgelint cannot see: what it deploys is not "
    "checked.",
    docs="""
    ## What it finds
    `spec.template.name` naming an ApplicationTemplate that is not in the file, when no
    `--cluster` snapshot with `applicationTemplates` says what the Controller holds.

    ## Why it matters
    The application the Controller deploys is the template's, rendered with these variables
    (`getApplicationDataFromTemplate` in eclipse-iofog/Controller
    `src/services/application-template-service.js`); without the template, none of its
    microservices, agents, images or ports can be checked, and "All checks passed" would say
    more than edgelint knows.

    ## Example
    ```yaml
    kind: Application
    spec:
      template:
        name: edge-stack   # EL415 without --cluster: not checked
    ```

    ## Fix
    No automatic fix: pass `--cluster` with the Controller's application templates (or keep the
    template in the same file); `edgelint fix` does not change it.
    """,
)


EL416 = Rule(
    code="EL416",
    name="template-variable-not-declared",
    severity=Severity.WARNING,
    summary="A deployment gives a variable its template does not declare: the Controller "
    "ignores it.",
    docs="""
    ## What it finds
    An entry of `spec.template.variables` whose `key` the template's `variables` do not declare
    (often a typo: `colour` for `color`).

    ## Why it matters
    The Controller passes every given variable to the template's Liquid, but a template reads
    only the names it uses (`getApplicationDataFromTemplate` in eclipse-iofog/Controller
    `src/services/application-template-service.js`): a misspelt key is silently ignored and the
    default, or `undefined`, is deployed instead (measured on Controller 3.0.4: deployed with
    `colour: red`, the template's `color | default: 'blue'` stored `blue`).

    ## Example
    ```yaml
    spec:
      template:
        name: tpl-plain
        variables:
          - key: colour   # EL416: tpl-plain declares `color`
            value: red
    ```

    ## Fix
    No automatic fix: use the key the template declares; `edgelint fix` does not change it.
    """,
)


_SCOPE_NAMES = frozenset(
    {"self", "_user", "_agentsByName", "_edgeResourcesByName", "_applicationsByName"}
)


def template_reference(ctx: DocumentContext, deployment: Deployment) -> None:
    """What `spec.template` names, and the variables it gives. The application it deploys is
    checked by every family on its own (lint.py, context.DeploymentContext)."""
    if not deployment.found:
        cluster = ctx.settings.cluster
        names = [t.get("name") for t in cluster.application_templates]
        known = sorted({*ctx.file_templates, *(n for n in names if isinstance(n, str))})
        if cluster.lists_templates:
            ctx.report(
                EL414,
                ("spec", "template", "name"),
                f"no ApplicationTemplate `{deployment.name}` in this file or in the cluster "
                f'snapshot ({cluster.origin}): the Controller answers "Could not find '
                'Application Template {}" (HTTP 500) and deploys nothing'
                + suggest_name(deployment.name, known),
            )
        else:
            ctx.report(
                EL415,
                ("spec", "template", "name"),
                f"template `{deployment.name}` is not in this file, so the application it deploys "
                "is not checked: pass --cluster with the Controller's `applicationTemplates`",
            )
        return
    for index, key in deployment.given:
        if key not in deployment.declared:
            ctx.report(
                EL416,
                ("spec", "template", "variables", index, "key"),
                f"template `{deployment.name}` declares no variable `{key}`: the Controller "
                f"ignores it{suggest_name(key, sorted(deployment.declared))}",
            )


def template_variables(ctx: DocumentContext, outcome: DocumentRender) -> None:
    from edgelint.render.document import _machinery

    engine = _machinery(ctx.settings.cluster, ctx.settings.target.list_lookup_fails)[1]
    declared = set(outcome.variables)
    used: dict[str, Render] = {}
    for render in outcome.renders:
        if render.path is None or render.path[:2] != ("spec", "application"):
            continue
        if "{{" not in render.template and "{%" not in render.template:
            continue
        parsed = engine._parse(render.template)
        if not hasattr(parsed, "analyze"):
            continue
        for name in parsed.analyze().globals:
            if name not in _SCOPE_NAMES:
                used.setdefault(name, render)
    for name, render in sorted(used.items()):
        if name not in declared:
            located = Located(ctx, render)
            at = render.template.find(name)
            located.report(
                EL410,
                f"`{name}` is used but not declared in `variables`: deployed without it, it is "
                "undefined",
                at if at >= 0 else None,
                len(name),
            )
    spec = ctx.document.data.get("spec", {})
    # A value the Controller does not render (`registry: "{{ reg }}"`, EL304) still uses it.
    mentioned = set(used) | _names_in(
        engine, spec.get("application") if isinstance(spec, dict) else None
    )
    variables = spec.get("variables", []) if isinstance(spec, dict) else []
    for index, variable in enumerate(variables if isinstance(variables, list) else []):
        key = variable.get("key") if isinstance(variable, dict) else None
        if isinstance(key, str) and key not in mentioned:
            ctx.report(
                EL410,
                ("spec", "variables", index, "key"),
                f"variable `{key}` is declared but no template of the application uses it",
            )


def _names_in(engine: Any, value: Any) -> set[str]:
    """The variables any string under `value` names in its Liquid."""
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and ("{{" in item or "{%" in item):
            parsed = engine._parse(item)  # a failure (no analyze) names nothing
            if hasattr(parsed, "analyze"):
                found.update(parsed.analyze().globals)
    return found
