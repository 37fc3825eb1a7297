"""Field values the Controller rejects, ignores or rewrites: each checked against a real
Controller 3.0.4 (tests/fixtures/rules/<CODE>/*.oracle.jsonl holds what it answered).

These are facts about single fields or pairs of fields that the schema cannot state: a port the
Controller keeps for itself, a config it will store as invalid JSON, a volume name it refuses,
fields it overrides (`isActivated`) or drops (`images` beside `catalogId`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from edgelint.diagnostics import Severity
from edgelint.load.nodes import PathPart, ScalarNode
from edgelint.platform.kinds import application_name, entries, microservices
from edgelint.rules.base import Rule, shortened

if TYPE_CHECKING:
    from edgelint.rules.context import DocumentContext

Path = tuple[PathPart, ...]
RESERVED_PORTS = (54321, 54322)  # eclipse-iofog/Controller src/helpers/constants.js
AGENT_ACCESS_MODES = ("rw", "ro")

EL509 = Rule(
    code="EL509",
    name="config-quote",
    severity=Severity.ERROR,
    summary="A double quote in a microservice's `config`, or a `config` given as a string: the "
    "Controller stores invalid JSON.",
    docs="""
    ## What it finds
    A `"` in any key or string of a microservice's `config`, and a `config` written as a string
    (`config: '{"a": 1}'`) instead of a mapping. The position is the quote's.

    ## Why it matters
    The Controller stores `config` as `JSON.stringify(config)` and then replaces every `\\"` in
    that text with `"` (`_createMicroservice` in eclipse-iofog/Controller
    `src/services/microservices-service.js`). A quote inside a string therefore ends that string
    early: measured on Controller 3.0.4, `greeting: say "hi"` is stored as
    `{"greeting":"say "hi""}`, which no JSON parser reads, and a config given as a string is
    stored as `"{"a": 1}"`. The request succeeds; the microservice gets a config it cannot parse.

    ## Example
    ```yaml
    config:
      greeting: say "hi"   # EL509: stored as {"greeting":"say "hi""}
    ```

    ## Fix
    No automatic fix: avoid double quotes in config strings (use single quotes or `\\u0022`
    inside the value your microservice decodes), and write `config` as a mapping;
    `edgelint fix` does not change it.
    """,
)

EL510 = Rule(
    code="EL510",
    name="reserved-port",
    severity=Severity.ERROR,
    summary="An external port the Controller reserves for itself (54321, 54322).",
    docs="""
    ## What it finds
    `ports[].external` 54321 or 54322.

    ## Why it matters
    The Controller keeps these ports for the agent's own use (`RESERVED_PORTS` in
    eclipse-iofog/Controller `src/helpers/constants.js`, checked in
    `src/services/microservice-ports/default.js`) and refuses the application: "Port '54321' is
    reserved for internal use". Only the external port counts: an internal 54322 is accepted.

    ## Example
    ```yaml
    ports:
      - internal: 80
        external: 54321   # EL510: reserved for internal use
    ```

    ## Fix
    No automatic fix: publish another port; `edgelint fix` does not change it.
    """,
)

EL511 = Rule(
    code="EL511",
    name="public-port-scheme",
    severity=Severity.ERROR,
    summary="A public port's scheme that its protocol cannot serve (`tcp` link over `http`).",
    docs="""
    ## What it finds
    A port with `public:` whose `protocol` is not `tcp` (it is `http` when not given) and whose
    `schemes` hold anything that does not start with `http`.

    ## Why it matters
    An `http` public port is served by the router as HTTP links, so every scheme must be `http`
    or `https` (`validatePortMapping` in eclipse-iofog/Controller
    `src/services/microservice-ports/default.js`); the Controller refuses the application with
    "Public port 80 has a scheme of tcp and cannot use protocol http". A `tcp` public port takes
    any scheme.

    ## Example
    ```yaml
    ports:
      - internal: 80
        external: 8091
        public:
          schemes: [tcp]     # EL511: protocol http serves http(s) links only
          protocol: http
    ```

    ## Fix
    No automatic fix: use `https`/`http` schemes, or `protocol: tcp` for a raw TCP port;
    `edgelint fix` does not change it.
    """,
)

EL512 = Rule(
    code="EL512",
    name="volume-name",
    severity=Severity.ERROR,
    summary="A `type: volume` mapping whose `hostDestination` is a path, not a volume name.",
    docs="""
    ## What it finds
    A volume mapping with `type: volume` whose `hostDestination` does not start with a letter,
    digit, `_`, `.` or `-` (usually an absolute path such as `/var/data`).

    ## Why it matters
    `type: volume` names a Docker volume; a host directory needs `type: bind`. The Controller
    checks the first character (`_validateVolumeMappings` in eclipse-iofog/Controller
    `src/services/microservices-service.js`) and refuses the application with
    "hostDestination includes invalid characters for a local volume name, only
    "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use type:
    bind" (an HTTP 500 through the YAML endpoint).

    ## Example
    ```yaml
    volumes:
      - hostDestination: /var/data   # EL512: a path, with type: volume
        containerDestination: /data
        accessMode: rw
        type: volume
    ```

    ## Fix
    No automatic fix: `type: bind` for a host directory, or a volume name; `edgelint fix` does
    not change it.
    """,
)

EL513 = Rule(
    code="EL513",
    name="registry-certificate",
    severity=Severity.ERROR,
    summary="A Registry with `requiresCert: true` and no certificate.",
    docs="""
    ## What it finds
    A `Registry` document with `requiresCert: true` whose `certificate` is missing or empty.

    ## Why it matters
    iofogctl refuses an empty `certificate` ("Certificate cannot be empty if requiresCertificate
    is set to true", eclipse-iofog/iofogctl `internal/deploy/registry/factory.go`), but a
    missing one passes: it sends `certificate: ""` (eclipse-iofog/iofog-go-sdk
    `pkg/client/types.go`, `RegistryCreateRequest`), and the Controller, which refuses only an
    absent certificate (`src/services/registry-service.js`), stores a registry that requires a
    certificate and has none (measured on Controller 3.0.4). Pulls from it cannot be verified.

    ## Example
    ```yaml
    kind: Registry
    spec:
      url: registry.example.com
      requiresCert: true   # EL513: and no certificate
    ```

    ## Fix
    No automatic fix: add the registry's CA `certificate`, or `requiresCert: false`;
    `edgelint fix` does not change it.
    """,
)

EL514 = Rule(
    code="EL514",
    name="images-beside-catalog",
    severity=Severity.WARNING,
    summary="`images.catalogId` together with `x86`/`arm` images: the images are ignored.",
    docs="""
    ## What it finds
    A microservice whose `images` has `catalogId` and also `x86` or `arm`.

    ## Why it matters
    A catalog item brings its own images (`parseMicroserviceImages` in eclipse-iofog/Controller
    `src/services/yaml-parser-service.js`): measured on Controller 3.0.4, `catalogId: 7` with
    `x86: busybox:1.36` is stored with the catalog item and no images at all. The images written
    are never pulled.

    ## Example
    ```yaml
    images:
      catalogId: 7
      x86: busybox:1.36   # EL514: ignored, the catalog item's images run
    ```

    ## Fix
    No automatic fix: keep either the catalog item or the images; `edgelint fix` does not change
    it.
    """,
)

EL515 = Rule(
    code="EL515",
    name="activation-ignored",
    severity=Severity.WARNING,
    summary="`isActivated: false` on an Application: the Controller activates it anyway.",
    docs="""
    ## What it finds
    `isActivated: false` in an Application's spec.

    ## Why it matters
    The Controller's YAML parser reads it as `app.isActivated || true`
    (eclipse-iofog/Controller `src/services/yaml-parser-service.js`, `parseAppFile`), which is
    `true` whatever was written: measured on Controller 3.0.4, the application was stored and
    started as activated. To deploy an application stopped, stop it after the deploy
    (`iofogctl stop application NAME`).

    ## Example
    ```yaml
    spec:
      isActivated: false   # EL515: stored as true
    ```

    ## Fix
    No automatic fix: remove the field and stop the application after deploying it;
    `edgelint fix` does not change it.
    """,
)

EL516 = Rule(
    code="EL516",
    name="application-twice",
    severity=Severity.ERROR,
    summary="Two Application documents with the same name in one file: the second replaces "
    "the first.",
    docs="""
    ## What it finds
    An Application document whose name an earlier Application document of the same file has.

    ## Why it matters
    iofogctl deploys the documents in order; for an application that exists it sends an update
    (`PUT /api/v3/application/yaml/<name>`, eclipse-iofog/iofog-go-sdk `pkg/apps`), which
    replaces its microservices. Measured on Controller 3.0.4: after a file with two
    `twice` applications, only the second one's microservices exist. The first document never
    takes effect.

    ## Example
    ```yaml
    kind: Application
    metadata:
      name: twice
    ---
    kind: Application
    metadata:
      name: twice   # EL516: replaces the application above
    ```

    ## Fix
    No automatic fix: merge the two documents, or rename one; `edgelint fix` does not change it.
    """,
)

EL517 = Rule(
    code="EL517",
    name="volume-access-mode",
    severity=Severity.WARNING,
    summary="A volume `accessMode` the agent does not know (it knows `rw` and `ro`).",
    docs="""
    ## What it finds
    A volume mapping whose `accessMode` is neither `rw` nor `ro` (`readwrite`, `read-only`,
    Docker's `ro,z`).

    ## Why it matters
    The Controller stores any string (its schema wants a string,
    eclipse-iofog/Controller `src/schemas/microservice.js`), but the agent builds the mount
    itself and looks only for `ro` (`DockerUtil.java` in eclipse-iofog/Agent,
    `isReadOnly = accessMode.toLowerCase() == "ro"`): every other value mounts the volume
    read-write, silently. (That check compares Java strings with `==`; mounts of the 3.0.x
    agents may be read-write even with `ro`: check on your agent.)

    ## Example
    ```yaml
    volumes:
      - hostDestination: /tmp/x
        containerDestination: /data
        accessMode: readwrite   # EL517: the agent knows rw and ro
    ```

    ## Fix
    No automatic fix: `rw` or `ro`; `edgelint fix` does not change it.
    """,
)

EL518 = Rule(
    code="EL518",
    name="duplicate-env",
    severity=Severity.WARNING,
    summary="The same env key twice in one microservice: the container gets the last value.",
    docs="""
    ## What it finds
    Two entries of a microservice's `env` with the same `key`.

    ## Why it matters
    The Controller stores both (measured on Controller 3.0.4: `[A=1, A=2]`) and the agent passes
    the list to Docker as `KEY=value` strings, in order (eclipse-iofog/Agent
    `iofog-agent-daemon/src/main/java/org/eclipse/iofog/process_manager/DockerUtil.java`,
    `withEnv`), where the later entry wins; the first value is dead text that looks like
    configuration.

    ## Example
    ```yaml
    env:
      - {key: A, value: "1"}
      - {key: A, value: "2"}   # EL518: the container sees A=2
    ```

    ## Fix
    No automatic fix: keep the value you mean; `edgelint fix` does not change it.
    """,
)

EL519 = Rule(
    code="EL519",
    name="route-to-itself",
    severity=Severity.WARNING,
    summary="A route from a microservice to itself.",
    docs="""
    ## What it finds
    A route whose `from` and `to` are the same microservice.

    ## Why it matters
    The Controller checks only that both ends exist (`_validateRouteMsvc` in
    eclipse-iofog/Controller `src/services/routing-service.js`) and stores it (measured on
    Controller 3.0.4); a microservice's own messages sent back to it are almost always a
    copy-and-paste slip for another destination.

    ## Example
    ```yaml
    routes:
      - name: loop
        from: worker
        to: worker   # EL519
    ```

    ## Fix
    No automatic fix: name the destination; `edgelint fix` does not change it.
    """,
)

RULES = (EL509, EL510, EL511, EL512, EL513, EL514, EL515, EL516, EL517, EL518, EL519)


def check(ctx: DocumentContext) -> None:
    data = ctx.data
    if not isinstance(data, dict):
        return
    # Datasance 3.7 (Datasance/Controller v3.7.3) mangles config, reserves ports, refuses volume
    # paths and forces isActivated alike; it has no public ports and no routes (EL203 says so),
    # and its agent is another one: those checks are eclipse-iofog's only.
    eclipse = not ctx.settings.target.datasance
    for path, microservice in microservices(ctx.kind, data):
        if any(path[: len(s)] == s for s in ctx.skip_paths):
            continue
        _config(ctx, path, microservice)
        _images(ctx, path, microservice)
        container = microservice.get("container")
        if isinstance(container, dict):
            _ports(ctx, (*path, "container"), container, public=eclipse)
            _volumes(ctx, (*path, "container"), container, modes=eclipse)
            _env(ctx, (*path, "container"), container)
    spec = data.get("spec")
    if not isinstance(spec, dict):
        return
    if ctx.kind == "Registry":
        _certificate(ctx, spec)
    if ctx.kind == "Application":
        if spec.get("isActivated") is False:
            ctx.report(
                EL515,
                ("spec", "isActivated"),
                "the Controller reads `isActivated` as `isActivated || true`: the application is "
                "deployed activated; stop it after the deploy instead",
            )
        if eclipse:
            _routes(ctx, spec)
        _twice(ctx, data)


# --- config ------------------------------------------------------------------------------------


def _config(ctx: DocumentContext, path: Path, microservice: dict[str, Any]) -> None:
    if "config" not in microservice:
        return
    config = microservice["config"]
    where = (*path, "config")
    if isinstance(config, str):
        stored = json.dumps(config, ensure_ascii=False).replace('\\"', '"')
        ctx.report(
            EL509,
            where,
            "`config` is a string, not a mapping: the Controller JSON-encodes it again (and "
            f'turns its `\\"` into `"`), storing `{shortened(stored)}`; write the config as YAML',
            span=_quote_span(ctx, where, config),
        )
        return
    for inner, text in _strings(config, where):
        if '"' not in text:
            continue
        stored = json.dumps(config, ensure_ascii=False, separators=(",", ":"))
        stored = stored.replace('\\"', '"')
        ctx.report(
            EL509,
            inner,
            'this `"` ends the JSON string early: the Controller stores `config` as JSON with '
            f'every `\\"` turned into `"` (`{shortened(stored)}`), which the microservice cannot '
            "parse; avoid double quotes in config values",
            span=_quote_span(ctx, inner, text),
        )
        return  # one is enough: the whole config is stored broken


def _strings(value: Any, path: Path) -> Iterator[tuple[Path, str]]:
    """Every key and string of a config, with the path of the node that holds it."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and '"' in key:
                yield (*path, key), key
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _quote_span(ctx: DocumentContext, path: Path, text: str) -> tuple[int, int] | None:
    """The first `"` of the value, where the file has it (through quoting and escapes)."""
    from edgelint.load.sourcemap import scalar_map

    node, key = ctx.locate(path)
    if isinstance(key, ScalarNode) and key.value == text:
        node = key  # the quote is in the key
    if not isinstance(node, ScalarNode) or node.shared or '"' not in text:
        return None
    offsets = scalar_map(ctx.source.text, node.start, node.end, node.style, node.value)
    if not offsets or node.value != text:
        return None
    at = offsets[text.index('"')]
    return at, at + 1


# --- images, ports, volumes, env ---------------------------------------------------------------


def _images(ctx: DocumentContext, path: Path, microservice: dict[str, Any]) -> None:
    images = microservice.get("images")
    if not isinstance(images, dict) or images.get("catalogId") in (None, 0):
        return
    for arch in ("x86", "arm"):
        if images.get(arch):
            ctx.report(
                EL514,
                (*path, "images", arch),
                f"`images.{arch}` is ignored: with `catalogId` the Controller deploys the "
                "catalog item's images and stores none of these",
            )


def _ports(ctx: DocumentContext, path: Path, container: dict[str, Any], *, public: bool) -> None:
    for index, port in entries(container, "ports"):
        external = port.get("external")
        if external in RESERVED_PORTS and not isinstance(external, bool):
            ctx.report(
                EL510,
                (*path, "ports", index, "external"),
                f"the Controller answers \"Port '{external}' is reserved for internal use\"",
            )
        mapping = port.get("public")
        if not public or not isinstance(mapping, dict):
            continue
        protocol = mapping.get("protocol")
        if isinstance(protocol, str) and protocol.lower() == "tcp":
            continue
        schemes = mapping.get("schemes")
        for at, scheme in enumerate(schemes if isinstance(schemes, list) else []):
            if isinstance(scheme, str) and not scheme.startswith("http"):
                shown = protocol if isinstance(protocol, str) else "http"
                ctx.report(
                    EL511,
                    (*path, "ports", index, "public", "schemes", at),
                    f'the Controller answers "Public port {port.get("internal")} has a scheme of '
                    f'{scheme} and cannot use protocol http": a `{shown}` public port serves '
                    "http and https links; use `protocol: tcp` for a TCP port",
                )


def _volumes(ctx: DocumentContext, path: Path, container: dict[str, Any], *, modes: bool) -> None:
    for index, volume in entries(container, "volumes"):
        where = (*path, "volumes", index)
        host = volume.get("hostDestination")
        if (
            volume.get("type") == "volume"
            and isinstance(host, str)
            and (not host or not (host[0].isascii() and (host[0].isalnum() or host[0] in "_.-")))
        ):
            ctx.report(
                EL512,
                (*where, "hostDestination"),
                f"`{host}` is a path, and `type: volume` wants a volume name: the Controller "
                'answers "hostDestination includes invalid characters for a local volume name, '
                'only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host '
                'directory, use type: bind"',
            )
        mode = volume.get("accessMode")
        if modes and isinstance(mode, str) and mode.lower() not in AGENT_ACCESS_MODES:
            ctx.report(
                EL517,
                (*where, "accessMode"),
                f"the agent knows `rw` and `ro`: `{mode}` mounts the volume read-write",
            )


def _env(ctx: DocumentContext, path: Path, container: dict[str, Any]) -> None:
    first: dict[str, int] = {}
    for index, entry in entries(container, "env"):
        key = entry.get("key")
        if not isinstance(key, str):
            continue
        if key in first:
            where = (*path, "env", first[key], "key")
            line = ctx.source.position(ctx.span(where)[0]).line
            ctx.report(
                EL518,
                (*path, "env", index, "key"),
                f"`{key}` is set twice (also at line {line}): the container gets this, the "
                "later, value",
            )
        else:
            first[key] = index


# --- registries and applications ---------------------------------------------------------------


def _certificate(ctx: DocumentContext, spec: dict[str, Any]) -> None:
    if spec.get("requiresCert") is not True:
        return
    certificate = spec.get("certificate")
    if isinstance(certificate, str) and certificate.strip():
        return
    if certificate == "":
        message = (
            'iofogctl refuses it: "Certificate cannot be empty if requiresCertificate is set to '
            'true"'
        )
    else:
        message = (
            "the registry requires a certificate and none is given: iofogctl sends an empty "
            "one and the Controller stores the registry without a certificate to verify it with"
        )
    ctx.report(EL513, ("spec", "requiresCert"), message)


def _routes(ctx: DocumentContext, spec: dict[str, Any]) -> None:
    for index, route in entries(spec, "routes"):
        source, target = route.get("from"), route.get("to")
        if isinstance(source, str) and source == target:
            ctx.report(
                EL519,
                ("spec", "routes", index, "to"),
                f"route `{route.get('name')}` goes from `{source}` to itself: the Controller "
                "stores it, and nothing else receives the messages",
            )


def _twice(ctx: DocumentContext, data: dict[str, Any]) -> None:
    """A deployment's application is its deploying document's: the report at `metadata.name`
    is dropped there (context.DeploymentContext), so it is said once, at the document."""
    name = application_name(data)
    if name is None:
        return
    seen = ctx.file_application_lines
    if name in seen:
        ctx.report(
            EL516,
            ("metadata", "name"),
            f"application `{name}` is also defined at line {seen[name]}: iofogctl deploys that "
            "one and then updates it with this one, which replaces its microservices",
        )
    else:
        seen[name] = ctx.source.position(ctx.span(("metadata", "name"))[0]).line
