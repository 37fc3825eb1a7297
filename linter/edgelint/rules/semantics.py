"""What a schema cannot say: names built from two parts, images per architecture, references
between microservices and routes, ports shared on one agent, secrets written in the open.

Checked on what the Controller sees (templates rendered); values that are still templates, or
that hold a stand-in for a variable the deployer gives, are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from edgelint.diagnostics import Severity
from edgelint.load.nodes import PathPart
from edgelint.platform.kinds import microservices
from edgelint.rules.base import Rule, Usable
from edgelint.rules.names import NAME
from edgelint.run.secrets import SECRET_KEYS

if TYPE_CHECKING:
    from edgelint.rules.context import DocumentContext


EL307 = Rule(
    code="EL307",
    name="missing-image",
    severity=Severity.ERROR,
    summary="A microservice with no image for its agent's architecture, or no image at all.",
    docs="""
    ## What it finds
    A microservice with neither an `x86` nor an `arm` image nor a `catalogId`; and, with a
    `--cluster` snapshot that gives the agent's `fogTypeId` (1 = x86, 2 = arm), a microservice
    without an image for that architecture.

    ## Why it matters
    The Controller looks for an image whose fogTypeId matches the agent's and rejects the
    microservice: "Microservice <name> does not have valid images" or "... does not have a
    valid image for its Agent type" (`_validateImageFogType` in eclipse-iofog/Controller
    `src/services/microservices-service.js`).

    ## Example
    ```yaml
    images:
      arm: edgeworx/healthcare-heart-rate:arm-v1   # EL307 on an x86 agent: no x86 image
    ```

    ## Fix
    No automatic fix: edgelint does not invent image names. Add an image for the agent's
    architecture (`x86:` or `arm:`) or a `catalogId`; `edgelint fix` does not change it.
    """,
)

EL308 = Rule(
    code="EL308",
    name="reserved-catalog-id",
    severity=Severity.ERROR,
    summary="A `catalogId` below 4: ids 1-3 are the Controller's own system items.",
    docs="""
    ## What it finds
    `images.catalogId` set to 1, 2, 3 or a negative number.

    ## Why it matters
    Catalog items 1-3 are the system's (the router, the proxy, ...); the Controller's schema has
    `catalogItemId: {minimum: 4}` and rejects the microservice (eclipse-iofog/Controller
    `src/schemas/microservice.js`). `0` or empty means "no catalog item".

    ## Example
    ```yaml
    images:
      catalogId: 2      # EL308: 1-3 are the Controller's system items
    ```

    ## Fix
    No automatic fix: use the ID of your own catalog item (4 or above), or remove `catalogId` and
    give `x86`/`arm` images; `edgelint fix` does not change it.
    """,
)

EL309 = Rule(
    code="EL309",
    name="invalid-image-reference",
    severity=Severity.ERROR,
    summary="An image that is not a valid Docker image reference.",
    docs="""
    ## What it finds
    `x86`/`arm` images (and CatalogItem images) that Docker cannot parse as a reference:
    upper-case letters in the repository (`Edgeworx/App`), a scheme (`https://gcr.io/...`),
    spaces, an empty tag (`app:`), a tag longer than 128 characters or with characters other
    than letters, digits, `_`, `.` and `-`.

    ## Why it matters
    The Controller stores the image as it is and the agent fails to pull it ("invalid
    reference format"): the microservice never starts, and the error shows only in the agent's
    log (the Controller's `/image` schema asks only for a string: eclipse-iofog/Controller
    `src/schemas/catalog.js`). The grammar is Docker's (distribution/reference `reference.go`).

    ## Example
    ```yaml
    images:
      x86: Edgeworx/Heart-Rate:latest   # EL309: repository names are lower-case
    ```

    ## Fix
    No automatic fix: only you know the image meant. Correct the reference by hand (lower-case
    repository, no scheme, no spaces, a valid tag); `edgelint fix` does not change it.
    """,
)

EL501 = Rule(
    code="EL501",
    name="duplicate-microservice",
    severity=Severity.ERROR,
    summary="Two microservices of one application have the same name.",
    docs="""
    ## What it finds
    The same `name` twice in one application's `microservices` (or in an ApplicationTemplate's
    application).

    ## Why it matters
    Microservice names are unique within an application: the Controller creates the first and
    rejects the second with a duplicate-name error, leaving the application half-deployed
    (`_checkForDuplicateName` in eclipse-iofog/Controller
    `src/services/microservices-service.js`).

    ## Example
    ```yaml
    microservices:
      - name: sensor
        agent:
          name: edge-1
      - name: sensor      # EL501: microservice `sensor` is already defined
        agent:
          name: edge-2
    ```

    ## Fix
    No automatic fix: rename one of them (and the routes that refer to it) or delete the
    duplicate; `edgelint fix` does not change it.
    """,
)

EL502 = Rule(
    code="EL502",
    name="unknown-route-endpoint",
    severity=Severity.ERROR,
    summary="A route whose `from` or `to` is not a microservice of the application.",
    docs="""
    ## What it finds
    An application route (Controller 3.0, iofogctl 3.x, edgectl) whose `from` or `to` names no
    microservice of that application; a Route document checked against an Application of the
    same file.

    ## Why it matters
    The Controller looks both microservices up by name in the application and rejects the
    application when one is missing (`_validateRouteMsvc` in eclipse-iofog/Controller
    `src/services/routing-service.js`).

    ## Example
    ```yaml
    microservices:
      - name: sensor
    routes:
      - from: sensor
        to: dashboard     # EL502: the application has no microservice `dashboard`
    ```

    ## Fix
    No automatic fix: correct `from`/`to` to a microservice of the same application, or add the
    missing microservice; `edgelint fix` does not change it.
    """,
)

EL503 = Rule(
    code="EL503",
    name="port-conflict",
    severity=Severity.ERROR,
    summary="Two microservices publish the same external port on one agent.",
    docs="""
    ## What it finds
    Two port mappings with the same `external` port on the same agent, within one application
    or across the documents of one file — whatever their protocols: the Controller compares the
    port numbers only, so `53/udp` beside `53/tcp` is refused too.

    ## Why it matters
    The Controller checks every new mapping against the ports of the microservices already on
    the agent and refuses the second one with PORT_NOT_AVAILABLE ("Port ... not available")
    (`_checkForDuplicatePorts` in eclipse-iofog/Controller
    `src/services/microservice-ports/default.js`).

    ## Example
    ```yaml
    microservices:
      - name: frontend
        agent:
          name: edge-1
        container:
          ports: [{internal: 80, external: 8080}]
      - name: admin
        agent:
          name: edge-1
        container:
          ports: [{internal: 80, external: 8080}]   # EL503: 8080/tcp taken by `frontend`
    ```

    ## Fix
    No automatic fix: give one of them another `external` port, or run it on another agent;
    `edgelint fix` does not change it.
    """,
)

EL504 = Rule(
    code="EL504",
    name="plaintext-secret",
    severity=Severity.WARNING,
    summary="A registry password written in the file.",
    docs="""
    ## What it finds
    A `Registry` document whose `spec.password` holds a literal password (or a `token`,
    `secret`, `apiKey` or `key` someone added). No message and no report ever repeats the
    value: edgelint masks it with `*` in every snippet, message and fix of every output format,
    in runs served from the result cache, in `fix --diff` (`***`) and in `render` (unless
    `--show-secrets`); a `password:`, `token:` or `secret:` on a line of a file that does not
    load, or under a duplicate key, is masked too, and so is every value of a Secret's `data`.

    ## Why it matters
    iofogctl and potctl send the password as written (the Registry spec in eclipse-iofog/iofogctl
    `internal/resource/types.go`); a file committed with it publishes the credential with the
    repository, and a CI log that repeats it publishes it again. Keep the file out of version
    control, or fill the password in at deploy time.

    ## Example
    ```yaml
    kind: Registry
    spec:
      url: registry.example.com
      username: ci
      password: s3cr3t-Passw0rd   # EL504: a registry password written in the file
    ```

    ## Fix
    No automatic fix: edgelint cannot know where the secret should live. Take the password out of
    the committed file (fill it in at deploy time) and change it if it was already pushed;
    `edgelint fix` does not change it.
    """,
)

RULES = (EL307, EL308, EL309, EL501, EL502, EL503, EL504)


# distribution/reference: the grammar `docker pull` parses.
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_DOMAIN_PART = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"(?:{_DOMAIN_PART}(?:\.{_DOMAIN_PART})*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?"
_REFERENCE = re.compile(
    rf"^(?:{_DOMAIN}/)?{_COMPONENT}(?:/{_COMPONENT})*"
    r"(?::[\w][\w.-]{0,127})?"
    r"(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$"
)
_SECRET_PLACEHOLDER = re.compile(r"^(\$\{?\w+\}?|<[^>]*>|\*+|x+|changeme|\{\{.*\}\})$", re.I)


def check(ctx: DocumentContext) -> None:
    data = ctx.data
    if not isinstance(data, dict):
        return
    usable = Usable(ctx.render)

    for path, microservice in microservices(ctx.kind, data):
        _images(ctx, path, microservice, usable)
    application = _application(ctx.kind, data)
    if application is not None:
        base, spec = application
        _duplicates(ctx, base, spec, usable)
        _routes(ctx, base, spec, usable)
    if ctx.kind == "Route":
        _route_document(ctx, data, usable)
    _ports(ctx, usable)
    if ctx.kind == "Registry":
        _password(ctx, data)
    if ctx.kind == "CatalogItem":
        spec = data.get("spec")
        if isinstance(spec, dict):
            for arch in ("x86", "arm"):
                if usable(spec.get(arch)) and spec[arch]:
                    _reference(ctx, ("spec", arch), spec[arch])


# --- names -------------------------------------------------------------------------------------


# --- images ------------------------------------------------------------------------------------


def _images(
    ctx: DocumentContext, path: tuple[PathPart, ...], microservice: dict[str, Any], usable: Usable
) -> None:
    images = microservice.get("images")
    name = microservice.get("name") or _last_part(ctx)
    where: tuple[PathPart, ...] = (*path, "images")
    if not isinstance(images, dict):
        if images is None:
            ctx.report(
                EL307,
                (*path, "name") if "name" in microservice else path,
                f'microservice `{name}` has no `images`: the Controller answers "Microservice '
                f'{name} does not have valid images"; give an `x86` or `arm` image or a '
                "`catalogId`",
            )
        return  # another type: the schema says so
    catalog = images.get("catalogId")
    if isinstance(catalog, int) and not isinstance(catalog, bool) and catalog != 0:
        if catalog < 4:
            what = "is one of the Controller's system items (1-3)" if catalog > 0 else "is below 4"
            ctx.report(
                EL308,
                (*where, "catalogId"),
                f"catalogId {catalog} {what}: the Controller rejects it (catalogItemId minimum 4)",
            )
        return  # the catalog item brings the images
    given = {}
    for arch in ("x86", "arm"):
        value = images.get(arch)
        if isinstance(value, str) and value:
            given[arch] = value
            if usable(value):
                _reference(ctx, (*where, arch), value)
    if any(isinstance(images.get(a), str) and not usable(images.get(a)) for a in ("x86", "arm")):
        return  # a template decides the image
    if not given:
        ctx.report(
            EL307,
            where,
            f"microservice `{name}` has neither an `x86` nor an `arm` image nor a `catalogId`: "
            f'the Controller answers "Microservice {name} does not have valid images"',
            span=_key_span(ctx, where),
        )
        return
    needed = _agent_arch(ctx, microservice)
    if needed is not None and needed not in given:
        arch = needed
        agent = microservice.get("agent", {}).get("name")
        ctx.report(
            EL307,
            where,
            f"agent `{agent}` is {arch} (fogTypeId {1 if arch == 'x86' else 2} in "
            f"{ctx.settings.cluster.origin}) but microservice `{name}` has no `{arch}` image: "
            f'the Controller answers "Microservice {name} does not have a valid image for its '
            'Agent type"',
            span=_key_span(ctx, where),
        )


def _key_span(ctx: DocumentContext, path: tuple[PathPart, ...]) -> tuple[int, int]:
    _, key = ctx.locate(path)
    return (key.start, key.end) if key is not None else ctx.span(path)


def _last_part(ctx: DocumentContext) -> str:
    metadata = ctx.data.get("metadata") if isinstance(ctx.data, dict) else None
    name = metadata.get("name") if isinstance(metadata, dict) else None
    return str(name).rsplit("/", 1)[-1] if name else "?"


def _agent_arch(ctx: DocumentContext, microservice: dict[str, Any]) -> str | None:
    cluster = ctx.settings.cluster
    if cluster.stand_ins:
        return None
    agent = microservice.get("agent")
    name = agent.get("name") if isinstance(agent, dict) else None
    found = cluster.agent(name) if isinstance(name, str) else None
    fog_type = found.get("fogTypeId") if found is not None else None
    return {1: "x86", 2: "arm"}.get(fog_type) if isinstance(fog_type, int) else None


def _reference(ctx: DocumentContext, path: tuple[PathPart, ...], image: str) -> None:
    if _REFERENCE.match(image) and len(image.split("@")[0].rsplit(":", 1)[0]) <= 255:
        return
    ctx.report(EL309, path, f"`{image}` is not a Docker image reference: {_why(image)}")


def _why(image: str) -> str:
    if "://" in image:
        return "leave out the scheme (`gcr.io/project/app:tag`)"
    if any(c.isspace() for c in image):
        return "it contains white space"
    if image.endswith(":"):
        return "the tag after `:` is empty"
    repository = image.split("@")[0]
    head, _, tail = repository.rpartition("/")
    name_part = tail.split(":")[0]
    if any(c.isupper() for c in name_part) or (
        head and "/" in head and any(c.isupper() for c in head.split("/", 1)[1])
    ):
        return "repository names must be lower-case"
    if ":" in tail and not re.fullmatch(r"[\w][\w.-]{0,127}", tail.split(":", 1)[1]):
        return "a tag is up to 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`"
    return 'Docker\'s pull would answer "invalid reference format"'


# --- within an application ---------------------------------------------------------------------


def _application(kind: str, data: dict[str, Any]) -> tuple[tuple[PathPart, ...], Any] | None:
    spec = data.get("spec")
    if not isinstance(spec, dict):
        return None
    if kind == "Application":
        return ("spec",), spec
    if kind == "ApplicationTemplate" and isinstance(spec.get("application"), dict):
        return ("spec", "application"), spec["application"]
    return None


def _named(spec: dict[str, Any], usable: Usable) -> Iterator[tuple[int, str]]:
    items = spec.get("microservices")
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict) and usable(item.get("name")):
                yield index, item["name"]


def _duplicates(
    ctx: DocumentContext, base: tuple[PathPart, ...], spec: Any, usable: Usable
) -> None:
    first: dict[str, int] = {}
    for index, name in _named(spec, usable):
        if name in first:
            line = ctx.source.position(ctx.span((*base, "microservices", first[name], "name"))[0])
            ctx.report(
                EL501,
                (*base, "microservices", index, "name"),
                f"microservice `{name}` is already defined (line {line.line}): the Controller "
                "creates the first and rejects this one",
            )
        else:
            first[name] = index


def _routes(ctx: DocumentContext, base: tuple[PathPart, ...], spec: Any, usable: Usable) -> None:
    routes = spec.get("routes")
    if not isinstance(routes, list) or not ctx.settings.target.has_routes:
        return
    if not isinstance(spec.get("microservices"), list):
        return  # no list of names to check against: the schema says why
    names = {name for _, name in _named(spec, usable)}
    if any(
        isinstance(m, dict) and not usable(m.get("name")) for m in spec.get("microservices") or []
    ):
        return  # a name still to be rendered could be the one meant
    for index, route in enumerate(routes):
        if isinstance(route, dict):
            _route_ends(ctx, (*base, "routes", index), route, names, "the application", usable)


def _route_document(ctx: DocumentContext, data: dict[str, Any], usable: Usable) -> None:
    """A Route document whose application is in the same file is checked against it."""
    metadata = data.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    spec = data.get("spec")
    if not usable(name) or "/" not in name or not isinstance(spec, dict):
        return
    application = name.split("/", 1)[0]
    names = ctx.file_applications.get(application)
    if names is None:
        return  # deployed elsewhere: the Controller's state
    owner = f"application `{application}` (in this file)"
    _route_ends(ctx, ("spec",), spec, names, owner, usable)


def _route_ends(
    ctx: DocumentContext,
    path: tuple[PathPart, ...],
    route: dict[str, Any],
    names: set[str],
    owner: str,
    usable: Usable,
) -> None:
    for end in ("from", "to"):
        value = route.get(end)
        if usable(value) and NAME.match(value) and value not in names:
            known = ", ".join(f"`{n}`" for n in sorted(names)) or "none"
            ctx.report(
                EL502,
                (*path, end),
                f"route {end} `{value}`: {owner} has no such microservice (it has {known})",
            )


def _ports(ctx: DocumentContext, usable: Usable) -> None:
    """Per agent, each external port once, whatever its protocol; across the file's documents.

    The Controller's _checkForDuplicatePorts compares `portExternal` only: 53/udp after 53/tcp
    on one agent is refused as well (src/services/microservice-ports/default.js).
    """
    # A template publishes nothing until something deploys it (its deployments do, below).
    seen: dict[tuple[str, int], str] = {} if ctx.kind == "ApplicationTemplate" else ctx.file_ports
    for path, microservice in microservices(ctx.kind, ctx.data):
        agent = microservice.get("agent")
        agent_name = agent.get("name") if isinstance(agent, dict) else None
        container = microservice.get("container")
        ports = container.get("ports") if isinstance(container, dict) else None
        if not usable(agent_name) or not isinstance(ports, list):
            continue
        name = microservice.get("name") or _last_part(ctx)
        for index, port in enumerate(ports):
            if not isinstance(port, dict):
                continue
            external = port.get("external")
            if not isinstance(external, int) or isinstance(external, bool):
                continue
            key = (agent_name, external)
            where = (*path, "container", "ports", index, "external")
            if key in seen:
                ctx.report(
                    EL503,
                    where,
                    f"port {external} on agent `{agent_name}` is already published by "
                    f"{seen[key]}: the Controller answers \"Port '{external}' is not "
                    'available" (it compares port numbers, not protocols)',
                )
            else:
                line = ctx.source.position(ctx.span(where)[0]).line
                seen[key] = f"microservice `{name}` (line {line})"


def secret_paths(ctx: DocumentContext) -> list[tuple[PathPart, ...]]:
    """Where this document holds credentials: their values are masked in every report (a
    Registry's SECRET_KEYS, every value of a Secret's `data`)."""
    if ctx.kind not in ("Registry", "Secret") or not isinstance(ctx.document.data, dict):
        return []
    spec = ctx.document.data.get("spec")
    if not isinstance(spec, dict):
        return []
    if ctx.kind == "Secret":
        data = spec.get("data")
        if not isinstance(data, dict):
            return []
        return [("spec", "data", key) for key, value in data.items() if _scalar(value)]
    return [("spec", key) for key in SECRET_KEYS if _scalar(spec.get(key))]


def _scalar(value: object) -> bool:
    return isinstance(value, (str, int, float))


def _password(ctx: DocumentContext, data: dict[str, Any]) -> None:
    spec = data.get("spec")
    if not isinstance(spec, dict):
        return
    for key in SECRET_KEYS:
        value = spec.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value or _SECRET_PLACEHOLDER.match(value):
            continue
        what = "password" if key == "password" else f"credential `{key}`"
        ctx.report(
            EL504,
            ("spec", key),
            f"registry {what} written in the file "
            f"({len(value)} character{'' if len(value) == 1 else 's'}, not shown): "
            "committed, it is published with the repository; keep this file out of version "
            "control or fill it in at deploy time",
        )
