"""Names: what the Controller's name pattern and the CLIs' name rules refuse (EL104), and
Microservice and Route documents named `<application>/<name>` (EL105).

Names inside a spec whose schema field carries a name pattern (`x-edgelint-name`) are found by
the schema family, which words them with NAME_RULES from here; the documents' own names are
checked here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from edgelint.diagnostics import Severity
from edgelint.load.nodes import PathPart
from edgelint.rules.base import Finding, Rule, Usable, describe, dotted

if TYPE_CHECKING:
    from edgelint.rules.context import DocumentContext

EL104 = Rule(
    code="EL104",
    name="invalid-name",
    severity=Severity.ERROR,
    summary="A name the Controller's name pattern (or iofogctl's 3-character minimum) rejects.",
    docs="""
    ## What it finds
    Application, microservice, route, template and template-variable names that are not
    lower-case letters, digits, `-` and `.` starting and ending with a letter or digit
    (`Healthcare Wearable`, `nats-leaf$`, `agent_name`), route `from`/`to` that are not such
    names, and — where iofogctl checks them (microservice and route names, catalog items,
    volumes, edge resources) — names shorter than three characters.

    ## Why it matters
    The Controller checks every name against `nameRegex`
    (`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`,
    eclipse-iofog/Controller `src/schemas/utils/utils.js`) and answers "Invalid format for field
    'name'"; a route without a name is named `r-<from>-<to>`, so `from: Edge Device Cam1` fails
    as "Invalid format for field 'routes[0].name'". iofogctl's IsLowerAlphanumeric adds "Names
    must be atleast 3 characters in length" (eclipse-iofog/iofogctl `pkg/util/strings.go`). A
    real Controller 3.0.4 rejected four corpus files for this.

    ## Example
    ```yaml
    metadata:
      name: Healthcare Wearable   # EL104: lower-case letters, digits, '-' and '.' only
    ```

    ## Fix
    No automatic fix: other documents, routes and templates refer to the resource by this name.
    Rename it to lower-case letters, digits, `-` and `.` (`healthcare-wearable`) and update every
    reference; `edgelint fix` does not change it.
    """,
)


EL105 = Rule(
    code="EL105",
    name="qualified-name",
    severity=Severity.ERROR,
    summary="A Microservice or Route document not named `<application>/<name>`.",
    docs="""
    ## What it finds
    A `Microservice` or `Route` document whose `metadata.name` is not
    `<application>/<name>`: no application part (`name: traffic-dashboard`), more than one
    `/`, or a Route `spec.name` that differs from the name part of `metadata.name`.

    ## Why it matters
    iofogctl and potctl split `metadata.name` with ParseFQName and refuse a microservice
    without its application ("Application name missing for microservice traffic-dashboard",
    eclipse-iofog/iofog-go-sdk `pkg/apps/microservices.go`); the Controller answers "Invalid
    name" to more than one `/` (`parseMicroserviceFile` in eclipse-iofog/Controller
    `src/services/yaml-parser-service.js`); iofogctl refuses a route whose names disagree
    ("Mismatch between metadata.name [...] and spec.name [...]", eclipse-iofog/iofogctl
    `internal/deploy/route/factory.go`). A real Controller 3.0.4 run rejected five corpus
    documents this way.

    ## Example
    ```yaml
    kind: Microservice
    metadata:
      name: traffic-dashboard   # EL105: name it `<application>/traffic-dashboard`
    ```

    ## Fix
    No automatic fix: only you know which application the microservice belongs to. Write
    `metadata.name: <application>/<name>` (`healthcare/traffic-dashboard`); `edgelint fix` does not
    change it.
    """,
)

RULES = (EL104, EL105)

# `\Z`, not `$`: the Controller's (JavaScript) and the CLIs' (Go) `$` is the end of the text,
# where Python's also matches before a final line break.
NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\Z")
SERVICE_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?\Z")
NAME_WORDS = (
    "the Controller's name pattern (lower-case letters, digits, '-' and '.', starting and "
    "ending with a letter or digit)"
)
# Kinds iofogctl and potctl name with IsLowerAlphanumeric (pattern + at least 3 characters).
CLI_NAMED = frozenset({"CatalogItem", "Volume", "EdgeResource", "AgentConfig"})


def check(ctx: DocumentContext) -> None:
    data = ctx.data
    if isinstance(data, dict):
        _names(ctx, data, Usable(ctx.render))


def _names(ctx: DocumentContext, data: dict[str, Any], usable: Usable) -> None:
    metadata = data.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    spec = data.get("spec")
    spec = spec if isinstance(spec, dict) else {}
    where = ("metadata", "name")
    kind = ctx.kind
    if not usable(name):
        return
    if kind in ("Microservice", "Route"):
        _qualified(ctx, kind, name, spec)
    elif kind == "Application":
        spec_name = spec.get("name")
        if isinstance(spec_name, str) and spec_name != name:
            return  # the application is created as `spec.name`: schema.py's EL203 says so
        if ctx.settings.target.name == "iofog-2":
            _name(ctx, where, name, cli=True)
        else:
            _name(ctx, where, name)
    elif kind == "ApplicationTemplate":
        _name(ctx, where, name)
    elif kind in CLI_NAMED:
        _name(ctx, where, name, cli=True)
    elif kind == "Service" and not SERVICE_NAME.match(name):
        ctx.report(
            EL104,
            where,
            f"`metadata.name` `{name}` does not match the Datasance Service name pattern "
            "(lower-case letters, digits and '-')",
        )


def ends_with_a_line_break(path: tuple[PathPart, ...], name: str) -> str | None:
    """The words for a name that ends with a line break, which a `|` or `>` block keeps and
    no name rule allows; None for any other name."""
    if name == name.rstrip("\r\n") or not name.strip():
        return None
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path[1:]).lstrip(".")
    return (
        f"`{dotted(path)}` `{name.rstrip()}` ends with a line break (a `|` or `>` block keeps "
        f'its last one), which no name may: the Controller answers "Invalid format for field '
        f"'{field}'\"; write the name on the key's line"
    )


def _name(
    ctx: DocumentContext, path: tuple[PathPart, ...], name: str, *, cli: bool = False
) -> bool:
    field = ".".join(str(p) for p in path)
    broken = ends_with_a_line_break(path, name)
    if broken is not None:
        ctx.report(EL104, path, broken)
        return False
    if not NAME.match(name):
        rule = (
            f"{ctx.settings.target.cli}'s name rule (lower-case letters, digits, '-' and '.', "
            "starting and ending with a letter or digit)"
            if cli
            else NAME_WORDS
        )
        ctx.report(EL104, path, f"`{field}` `{name}` does not match {rule}")
        return False
    if cli and len(name) < 3:
        ctx.report(
            EL104,
            path,
            f"`{field}` `{name}` is too short: {ctx.settings.target.cli} wants names of at "
            'least 3 characters ("Names must be atleast 3 characters in length")',
        )
        return False
    return True


def _qualified(ctx: DocumentContext, kind: str, name: str, spec: dict[str, Any]) -> None:
    where = ("metadata", "name")
    noun = "microservice" if kind == "Microservice" else "route"
    parts = name.split("/")
    if len(parts) == 1:
        ctx.report(
            EL105,
            where,
            f"`{name}` has no application part: {ctx.settings.target.cli} refuses it "
            f'("Application name missing for {noun} {name}"); name it `<application>/{name}`',
        )
        return
    if len(parts) > 2:
        ctx.report(
            EL105,
            where,
            f'`{name}` has more than one `/`: the Controller answers "Invalid name {name}"; '
            f"name it `<application>/<{noun}>`",
        )
        return
    for part in parts:
        if not NAME.match(part) or len(part) < 3:
            problem = (
                f"does not match {NAME_WORDS}"
                if not NAME.match(part)
                else f"is too short: {ctx.settings.target.cli} wants at least 3 characters"
            )
            ctx.report(EL104, where, f"`{part}` in `{name}` {problem}")
    spec_name = spec.get("name")
    if kind == "Route" and isinstance(spec_name, str) and spec_name != parts[1]:
        ctx.report(
            EL105,
            ("spec", "name"),
            f"`spec.name` `{spec_name}` differs from the route part of `metadata.name` "
            f'`{name}`: iofogctl refuses it ("Mismatch between metadata.name and '
            'spec.name")',
        )


def schema_pattern(path: tuple[PathPart, ...], value: Any, keyword: str, rule: str) -> Finding:
    """A name inside a spec the schema's `x-edgelint-name` pattern (or length) refuses: found
    by the schema's validation, worded here."""
    broken = ends_with_a_line_break(path, value) if isinstance(value, str) else None
    if broken is not None and keyword == "pattern":
        return Finding(EL104, path, broken)
    shown = f"`{value}`" if isinstance(value, str) else describe(value)
    problem = "is too short for" if keyword == "minLength" else "does not match"
    return Finding(EL104, path, f"`{dotted(path)}` {shown} {problem} {rule}")
