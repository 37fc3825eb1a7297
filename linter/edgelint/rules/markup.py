"""Template markup that needs no rendering: an unquoted `{{ }}` (EL405), literal braces the
Controller would render (EL411), `extraHosts` address templates (EL412).

Each is visible in the YAML as written: YAML reads `name: {{ x }}` as a nested mapping before
any Liquid runs; the Controller renders every string of a registry request; and it resolves
`${Agents.<name>}`-style addresses itself, after Liquid, with three forms only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from edgelint.diagnostics import Applicability, Edit, Fix, Severity
from edgelint.load.nodes import PathPart, ScalarNode, walk_path
from edgelint.render.syntax import RAW
from edgelint.rules.base import Rule, double_quoted

if TYPE_CHECKING:
    from edgelint.rules.context import DocumentContext

EL405 = Rule(
    code="EL405",
    name="unquoted-template",
    severity=Severity.ERROR,
    fix=Applicability.SAFE,
    summary="An unquoted `{{ }}` template that YAML reads as a nested mapping.",
    docs="""
    ## What it finds
    `name: {{ agent.name }}` without quotes.

    ## Why it matters
    In YAML, `{` starts a flow mapping: `{{ agent.name }}` is the mapping
    `{{agent.name: null}: null}`, not a string (https://yaml.org/spec/1.2.2/#742-flow-mappings).
    The CLIs send a mapping where a name should be, and the Controller rejects it or, worse,
    stores `[object Object]`. The ioFog template docs say the same: "quotation marks are
    required" (eclipse-iofog/iofog.org
    `content/docs/3/reference-iofogctl/reference-application-template.md`).


    ## Example
    ```yaml
    agent:
      name: {{ agent.name }}    # EL405: YAML reads a nested mapping; quote it
    ```

    ## Fix (safe)
    The template is put in quotes; its text does not change.
    """,
)


EL411 = Rule(
    code="EL411",
    name="literal-braces-rendered",
    severity=Severity.WARNING,
    fix=Applicability.UNSAFE,
    summary="Literal `{{`/`{%` in data the Controller would render as Liquid.",
    docs="""
    ## What it finds
    `{{` or `{%` in a value that is data, not a template: a registry password, or text in
    another template language (`{{ .Values.x }}` from Helm, `${{ secrets.X }}` from GitHub).
    Where liquidjs cannot parse it the Controller stores error text instead, and EL401 reports
    that as an error beside this explanation.

    ## Why it matters
    The Controller renders Liquid in every string of application requests and of registry
    requests too (routes with `supportSubstitution: true` in eclipse-iofog/Controller
    `src/routes/registries.js`, rendered in `src/server.js`), so a password containing `{{` is
    silently changed or replaced by error text.


    ## Example
    ```yaml
    kind: Registry
    spec:
      password: "p{{ss}}word"   # EL411: the Controller reads `{{ss}}` as Liquid
    ```

    ## Fix (unsafe)
    Wrap the value in `{% raw %}…{% endraw %}`, which keeps it literal.
    """,
)


EL412 = Rule(
    code="EL412",
    name="extra-host-template",
    severity=Severity.ERROR,
    summary="An `extraHosts` address `${…}` that is none of the three forms the Controller knows.",
    docs="""
    ## What it finds
    An `extraHosts[].address` written as `${…}` that is not `${Agents.<agent>}`,
    `${Apps.<app>.<msvc>.local}` or `${Apps.<app>.<msvc>.public.<port>}`.

    ## Why it matters
    The Controller resolves these itself (not with Liquid) and rejects anything else with
    "<address> is not a valid host template" (`_validateExtraHost` in eclipse-iofog/Controller
    `src/services/microservices-service.js`).

    ## Example
    ```yaml
    extraHosts:
      - name: db
        address: ${Agent.edge-1}   # EL412: not a host template the Controller knows
    ```

    ## Fix
    No automatic fix: write one of the three forms (here `${Agents.edge-1}`) or a plain address;
    `edgelint fix` does not change it.
    """,
)

RULES = (EL405, EL411, EL412)

_HOST_TEMPLATE = re.compile(r"^\$\{(.*)\}$")


def check(ctx: DocumentContext) -> None:
    _unquoted_templates(ctx)
    if ctx.kind == "Registry":
        _registry_literals(ctx)
    _extra_hosts(ctx)


def _unquoted_templates(ctx: DocumentContext) -> None:
    for path, node in ctx.deployed.unquoted if ctx.deployed is not None else ():
        text = ctx.source.text[node.start : node.end]
        quoted = "'" + text + "'" if "'" not in text else double_quoted(text)
        ctx.report(
            EL405,
            path,
            f"`{text}` is not quoted, so YAML reads it as a nested mapping, not a template; "
            "quote it",
            span=(node.start, node.end),
            fix=Fix(f"quote it: {quoted}", (Edit(node.start, node.end, quoted),)),
        )


def _registry_literals(ctx: DocumentContext) -> None:
    data = ctx.document.data
    spec = data.get("spec") if isinstance(data, dict) else None
    if not isinstance(spec, dict):
        return
    for key, value in spec.items():
        if not isinstance(value, str):
            continue
        literal = RAW.sub("", value)  # what raw already keeps literal is fine
        if "{{" in literal or "{%" in literal:
            literal_braces(ctx, ("spec", key), value, "registry requests are rendered as Liquid")


def literal_braces(ctx: DocumentContext, path: tuple[PathPart, ...], value: str, why: str) -> None:
    node = walk_path(ctx.document.root, path) if ctx.document.root is not None else None
    fix = None
    if isinstance(node, ScalarNode) and node.style in ('"', "'") and not node.shared:
        wrapped = "{% raw %}" + value + "{% endraw %}"
        new = (
            double_quoted(wrapped) if node.style == '"' else "'" + wrapped.replace("'", "''") + "'"
        )
        # Raw cannot hold its own end tag: a value with `{% endraw %}` in it stays as it is.
        if "\n" not in value and not re.search(r"\{%-?\s*endraw", value):
            fix = Fix(
                "wrap the value in {% raw %}…{% endraw %}",
                (Edit(node.start, node.end, new),),
                Applicability.UNSAFE,
            )
    ctx.report(
        EL411,
        path,
        f"`{{{{`/`{{%` in this value will be read as Liquid ({why}); if it is meant literally, "
        "wrap it in {% raw %}…{% endraw %}",
        fix=fix,
    )


def _extra_hosts(ctx: DocumentContext) -> None:
    from edgelint.platform.kinds import microservices

    for path, microservice in microservices(ctx.kind, ctx.data):
        container = microservice.get("container")
        hosts = container.get("extraHosts") if isinstance(container, dict) else None
        if not isinstance(hosts, list):
            continue
        for index, host in enumerate(hosts):
            address = host.get("address") if isinstance(host, dict) else None
            if not isinstance(address, str):
                continue
            match = _HOST_TEMPLATE.match(address)
            if match is None:
                continue
            parts = match.group(1).split(".")
            valid = (parts[0] == "Agents" and len(parts) == 2) or (
                parts[0] == "Apps"
                and (
                    (len(parts) == 4 and parts[3] == "local")
                    or (len(parts) == 5 and parts[3] == "public")
                )
            )
            if not valid:
                ctx.report(
                    EL412,
                    (*path, "container", "extraHosts", index, "address"),
                    f"`{address}` is not a host template the Controller knows (it answers "
                    f'"{address} is not a valid host template"); use ${{Agents.<agent>}}, '
                    "${Apps.<app>.<msvc>.local} or ${Apps.<app>.<msvc>.public.<port>}",
                )
