"""Names that must point at something the Controller holds: agents, microservices named by
extraHosts templates, the application of a Microservice document.

Most of these are only known with a cluster snapshot (`--cluster`): without one, an agent name
is taken on trust. What no snapshot is needed for — a microservice with no agent, or an agent
named `''` — is always checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from edgelint.diagnostics import Severity
from edgelint.load.nodes import PathPart
from edgelint.platform.kinds import application_name, entries, microservices
from edgelint.rules.base import Rule, suggest_name

if TYPE_CHECKING:
    from edgelint.render.cluster import ClusterSnapshot
    from edgelint.rules.context import DocumentContext

_HOST = re.compile(r"^\$\{(Agents|Apps)\.(.*)\}$")

EL505 = Rule(
    code="EL505",
    name="missing-agent",
    severity=Severity.ERROR,
    summary="A microservice with no agent, or an agent named `''`.",
    docs="""
    ## What it finds
    A microservice without `agent`, with `agent` but no `name`, or with `agent.name: ''` — also
    when a template produces the empty name.

    ## Why it matters
    The Controller looks the agent up by name before anything else (`_createMicroservice` in
    eclipse-iofog/Controller `src/services/microservices-service.js`): `''` is answered with
    "Invalid ioFog UUID ''" and a missing name with an HTTP 500 (`WHERE parameter "name" has
    invalid "undefined" value`); the whole application is refused. No cluster snapshot is needed
    to know that no agent has an empty name.

    ## Example
    ```yaml
    microservices:
      - name: worker
        agent:
          name: ''   # EL505: the Controller answers "Invalid ioFog UUID ''"
        images:
          x86: busybox:1.36
    ```

    ## Fix
    No automatic fix: name the agent the microservice runs on; `edgelint fix` does not change it.
    """,
)

EL506 = Rule(
    code="EL506",
    name="unknown-agent",
    severity=Severity.ERROR,
    summary="An agent name the cluster snapshot does not list (`agent.name`, `${Agents.<name>}`).",
    docs="""
    ## What it finds
    With `--cluster`, an agent named where the snapshot has no agent of that exact name:
    `agent.name` of a microservice (Application, ApplicationTemplate, Microservice document, or
    the application a template deploys) and `${Agents.<name>}` in `extraHosts`. Names are
    case-sensitive: `Edge-1` is not `edge-1`.

    ## Why it matters
    The Controller finds agents by exact name (`_createMicroservice` in eclipse-iofog/Controller
    `src/services/microservices-service.js`; extraHosts in `_validateExtraHost` there): an
    unknown `agent.name` is answered "Invalid ioFog UUID 'Edge-1'", an unknown
    `${Agents.edge-9}` "Could not find edge-9 host template", and nothing is deployed.

    ## Example
    ```yaml
    agent:
      name: Edge-1   # EL506 with --cluster: no agent `Edge-1`; did you mean `edge-1`?
    ```

    ## Fix
    No automatic fix: use the agent's name as the Controller lists it (`iofogctl get agents`);
    `edgelint fix` does not change it.
    """,
)

EL507 = Rule(
    code="EL507",
    name="unknown-host-microservice",
    severity=Severity.ERROR,
    summary="`${Apps.<app>.<msvc>.…}` in extraHosts names a microservice that does not exist "
    "when this one is created.",
    docs="""
    ## What it finds
    An `extraHosts` address `${Apps.<app>.<msvc>.local}` (or `.public.<port>`) whose
    microservice does not exist: not in that application, or — in the same application — listed
    after the microservice that names it. With `--cluster`, an application neither in the file
    nor in the snapshot too.

    ## Why it matters
    The Controller resolves the address while it creates the microservice (`_validateExtraHost`
    in eclipse-iofog/Controller `src/services/microservices-service.js`), and it creates an
    application's microservices in the order they are listed: an earlier one can be named, a
    later one cannot yet. Measured on Controller 3.0.4: `${Apps.a.second.local}` on the first
    of two microservices is refused with "Could not find second host template", the same on the
    second naming the first is accepted.

    ## Example
    ```yaml
    microservices:
      - name: first
        container:
          extraHosts:
            - name: peer
              address: ${Apps.demo.second.local}   # EL507: `second` is created after `first`
      - name: second
    ```

    ## Fix
    No automatic fix: list the named microservice first, or point the other one at this one;
    `edgelint fix` does not change it.
    """,
)

EL508 = Rule(
    code="EL508",
    name="unknown-application",
    severity=Severity.ERROR,
    summary="A Microservice document whose application is neither in the file nor in the "
    "cluster snapshot.",
    docs="""
    ## What it finds
    With `--cluster`, a Microservice document named `<app>/<name>` whose application `<app>` no
    Application document of the file and no application of the snapshot has.

    ## Why it matters
    A Microservice document adds a microservice to an existing application; the Controller looks
    the application up first (`createMicroserviceEndPoint` in eclipse-iofog/Controller
    `src/services/microservices-service.js`) and answers "Invalid application id 'no-such-app'"
    (an HTTP 500 through the YAML endpoint).

    ## Example
    ```yaml
    kind: Microservice
    metadata:
      name: no-such-app/worker   # EL508 with --cluster: no application `no-such-app`
    ```

    ## Fix
    No automatic fix: deploy the application first (in this file or before it), or correct its
    name; `edgelint fix` does not change it.
    """,
)

RULES = (EL505, EL506, EL507, EL508)


def check(ctx: DocumentContext) -> None:
    from edgelint.rules.base import Usable

    data = ctx.data
    if not isinstance(data, dict):
        return
    usable = Usable(ctx.render)
    cluster = ctx.settings.cluster
    application = _application_name(ctx.kind, data)
    earlier: list[str] = []
    for path, microservice in microservices(ctx.kind, data):
        if any(path[: len(s)] == s for s in ctx.skip_paths):
            continue
        _agent(ctx, path, microservice, usable, cluster)
        _hosts(ctx, path, microservice, application, earlier, usable, cluster)
        name = microservice.get("name")
        if isinstance(name, str):
            earlier.append(name)
    if (
        ctx.kind == "Microservice"
        and application is not None
        and not cluster.stand_ins
        and application not in ctx.file_applications
        and cluster.application(application) is None
    ):
        ctx.report(
            EL508,
            ("metadata", "name"),
            f"no application `{application}` in this file or in the cluster snapshot "
            f'({cluster.origin}): the Controller answers "Invalid application id '
            f"'{application}'\"",
        )


def _application_name(kind: str, data: dict[str, Any]) -> str | None:
    if kind == "Application":
        return application_name(data)
    metadata = data.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    if kind != "Microservice" or not isinstance(name, str):
        return None  # a template's application is named by whoever deploys it
    return name.split("/", 1)[0]


def _agent(
    ctx: DocumentContext,
    path: tuple[PathPart, ...],
    microservice: dict[str, Any],
    usable: Any,
    cluster: ClusterSnapshot,
) -> None:
    agent = microservice.get("agent")
    name = agent.get("name") if isinstance(agent, dict) else None
    if _template_said(ctx, (*path, "agent", "name")):
        return  # a template removed the name or failed: the template rules say so there
    if "agent" not in microservice or (isinstance(agent, dict) and "name" not in agent):
        where = (*path, "agent") if isinstance(agent, dict) else path
        what = "has no `agent.name`" if isinstance(agent, dict) else "has no `agent`"
        ctx.report(
            EL505,
            where,
            f"microservice `{_named(microservice)}` {what}: the Controller looks the agent up by "
            'name and fails with an HTTP 500 (`WHERE parameter "name" has invalid "undefined" '
            "value`)",
        )
        return
    if name == "":
        ctx.report(
            EL505,
            (*path, "agent", "name"),
            f"microservice `{_named(microservice)}` runs on the agent named `''`: the Controller "
            "answers \"Invalid ioFog UUID ''\"",
        )
        return
    if not usable(name) or cluster.stand_ins or cluster.agent(str(name)) is not None:
        return
    ctx.report(
        EL506,
        (*path, "agent", "name"),
        f"no agent `{name}` in the cluster snapshot ({cluster.origin}): the Controller answers "
        f"\"Invalid ioFog UUID '{name}'\"{suggest_name(str(name), cluster.agent_names())}",
    )


def _hosts(
    ctx: DocumentContext,
    path: tuple[PathPart, ...],
    microservice: dict[str, Any],
    application: str | None,
    earlier: list[str],
    usable: Any,
    cluster: ClusterSnapshot,
) -> None:
    for where, address in _addresses(path, microservice):
        if not usable(address) or _template_said(ctx, where):
            continue
        match = _HOST.match(address)
        if match is None:
            continue
        kind, parts = match.group(1), match.group(2).split(".")
        if kind == "Agents" and len(parts) == 1:
            agent = parts[0]
            if not cluster.stand_ins and cluster.agent(agent) is None:
                ctx.report(
                    EL506,
                    where,
                    f"no agent `{agent}` in the cluster snapshot ({cluster.origin}): the "
                    f'Controller answers "Could not find {agent} host template"'
                    + suggest_name(agent, cluster.agent_names()),
                )
        elif kind == "Apps" and len(parts) >= 3:
            _app_host(ctx, where, parts[0], parts[1], application, earlier, cluster)


def _addresses(
    path: tuple[PathPart, ...], microservice: dict[str, Any]
) -> Iterator[tuple[tuple[PathPart, ...], Any]]:
    for index, host in entries(microservice.get("container"), "extraHosts"):
        yield (*path, "container", "extraHosts", index, "address"), host.get("address")


def _app_host(
    ctx: DocumentContext,
    where: tuple[PathPart, ...],
    app: str,
    msvc: str,
    application: str | None,
    earlier: list[str],
    cluster: ClusterSnapshot,
) -> None:
    answer = f'the Controller answers "Could not find {msvc} host template"'
    if app == application and ctx.kind == "Application":
        if msvc in earlier:
            return
        if _in_this(ctx, msvc):
            ctx.report(
                EL507,
                where,
                f"`{msvc}` is listed after this microservice: the Controller creates an "
                f"application's microservices in order and answers \"Could not find {msvc} host "
                f'template"; list `{msvc}` first',
            )
        else:
            ctx.report(
                EL507,
                where,
                f"application `{app}` has no microservice `{msvc}`: {answer}"
                + suggest_name(msvc, earlier),
            )
        return
    known = ctx.file_applications.get(app)
    if known is None:
        stored = cluster.application(app)
        if stored is None:
            if not cluster.stand_ins:
                ctx.report(
                    EL507,
                    where,
                    f"no application `{app}` in this file or in the cluster snapshot "
                    f"({cluster.origin}): {answer}",
                )
            return
        items = stored.get("microservices") or []
        known = {m["name"] for m in items if isinstance(m, dict) and isinstance(m.get("name"), str)}
    if msvc not in known:
        names = sorted(n for n in known if isinstance(n, str))
        ctx.report(
            EL507, where, f"application `{app}` has no microservice `{msvc}`: {answer}"
            + suggest_name(msvc, names),
        )  # fmt: skip


def _template_said(ctx: DocumentContext, path: tuple[PathPart, ...]) -> bool:
    render = ctx.render
    if render is None:
        return False
    produced = render.produced.get(path)
    return path in render.removed or (produced is not None and produced.result.failure is not None)


def _in_this(ctx: DocumentContext, msvc: str) -> bool:
    return any(m.get("name") == msvc for _, m in microservices(ctx.kind, ctx.data))


def _named(microservice: dict[str, Any]) -> str:
    name = microservice.get("name")
    return name if isinstance(name, str) else "?"
