"""Schema violations, said in words and pointed at the node that holds the offending value.

The schemas (schemas/targets/<target>.schema.json) say what each kind may hold under one target;
the `x-edgelint-*` keywords in them say which rule a failure belongs to and how to word it:
`x-edgelint-unknown` (the code for a key the schema does not know: EL103, EL201 or EL202),
`x-edgelint-ignored` (EL203: the platform reads past the field), `x-edgelint-name` (EL104) and
`x-edgelint-message` (the words for a oneOf, anyOf, pattern or conditional requirement).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from edgelint.diagnostics import Applicability, Edit, Fix, Severity
from edgelint.load.nodes import MappingNode, PathPart, ScalarNode
from edgelint.rules import names
from edgelint.rules.base import Finding, Rule, describe, dotted
from edgelint.rules.templates import outputs

if TYPE_CHECKING:
    from jsonschema import ValidationError

    from edgelint.rules.context import DocumentContext

EL103 = Rule(
    code="EL103",
    name="unknown-header-key",
    severity=Severity.ERROR,
    summary="A key the CLIs do not know in a document's header or metadata.",
    docs="""
    ## What it finds
    A top-level key other than `apiVersion`, `kind`, `metadata` and `spec` (potctl also reads
    `data` for Secret and ConfigMap), or a `metadata` key other than `name`, `namespace` and
    `tags` (potctl adds `applicationName`): `Metadata:`, `labels:`, `annotations:` copied from
    Kubernetes.

    ## Why it matters
    iofogctl and potctl decode the header strictly into `config.Header` and
    `config.HeaderMetadata` (eclipse-iofog/iofogctl `internal/config/types.go`, decoded in
    `internal/execute/utils.go`), so an unknown key there fails the whole file before anything
    is sent ("field labels not found in type config.HeaderMetadata").

    ## Example
    ```yaml
    metadata:
      name: heart-rate
      labels: {team: edge}   # EL103: `metadata` has no key `labels`
    ```

    ## Fix
    When the key differs from a known one only in case or by a typo (`Metadata:`), renames it
    (unsafe).
    """,
    fix=Applicability.UNSAFE,
)


EL201 = Rule(
    code="EL201",
    name="schema-violation",
    severity=Severity.ERROR,
    summary="A field has the wrong type, a required field is missing, or a value is not allowed.",
    docs="""
    ## What it finds
    What the platform rejects, checked on the YAML as written against the target's schema:
    ports that are not integers (`external: "80"`), `microservices` written as a mapping instead
    of a list, an empty `spec:`, a port `protocol` other than `tcp`/`udp` (`http`/`tcp` for
    iofogctl 2.x), `public: 14341` where Controller 3.0 wants an object, an env entry without
    `value`, a volume without `accessMode`, a Registry without `email`, and unknown keys where
    a CLI decodes strictly (iofogctl 2.x specs, Registry, CatalogItem, Volume, AgentConfig).

    ## Why it matters
    The Controller validates with the `jsonschema` library and answers with the first error only
    (`Field 'microservices[1].ports[0].public' is not of a type(s) object`), so fixing a file
    against it takes one deploy per mistake (`handleValidationError` in eclipse-iofog/Controller
    `src/schemas/index.js`; the schemas are `src/schemas/*.js` there and in Datasance/Controller).
    edgelint reports every violation at once, at the line and column of the value, and says in
    words what was expected. Values that are Liquid templates (`"{{ port | toNumber }}"`) are
    left to the template checks: the Controller renders them before it validates.

    ## Example
    ```yaml
    ports:
      - internal: 80
        external: "8080"    # EL201: must be an integer, not the string "8080"
    ```

    ## Fix
    An unknown key in a strictly decoded spec that is one typo away from a known key
    (`Username:` for `username:`) is renamed (unsafe).
    """,
    fix=Applicability.UNSAFE,
)

EL202 = Rule(
    code="EL202",
    name="unknown-key",
    severity=Severity.WARNING,
    summary="A key the Controller does not know: it is silently ignored.",
    docs="""
    ## What it finds
    Keys in an Application or Microservice spec that the target's Controller does not read:
    typos (`roothostaccess`, `catalogid`, `Ports`) and fields of another platform version
    (`hostNetworkMode` is Datasance Controller 3.7; Controller 3.0 ignores it). When one known
    key is close, the message says which, and an unsafe fix renames it.

    ## Why it matters
    The Controller's schemas allow additional properties and its YAML parser copies only the
    keys it knows, so a misspelt key is accepted and does nothing: the container runs without
    host access, the port is never published (eclipse-iofog/Controller
    `src/schemas/microservice.js`; `parseMicroserviceYAML` in
    `src/services/yaml-parser-service.js`).

    ## Example
    ```yaml
    container:
      roothostaccess: true   # EL202: did you mean `rootHostAccess`?
    ```

    ## Fix
    Renames the key to the close match (unsafe: it changes what is deployed).
    """,
    fix=Applicability.UNSAFE,
)

EL203 = Rule(
    code="EL203",
    name="ignored-field",
    severity=Severity.WARNING,
    summary="A field the platform reads past on the YAML path, or that its version removed.",
    docs="""
    ## What it finds
    Fields that are valid somewhere but ignored where they are: `agent.config` (only iofogctl
    2.x applied it), `images.catalogItemId` (the YAML parser reads `catalogId`), `rebuild` (REST
    only), `ports`/`env`/`volumes` beside `container` (the pre-1.3 layout), `uuid`/`created`
    written by `iofogctl describe`, `spec.name` of a Volume or EdgeResource (named from
    `metadata.name`), an Application or Microservice `spec.name` that overrides the name in
    `metadata.name`, an AgentConfig `agentType` other than `auto`, `x86` or `arm` (read as
    `auto`), and fields the target's version removed, with the version
    that removed them (`routes` and `msRoutes` in Datasance Controller 3.7.0, `public`/`proxy`
    ports and `rootHostAccess` in 3.5).

    ## Why it matters
    Nothing fails: the field is dropped, and what it asked for silently does not happen
    (`parseMicroserviceYAML` in eclipse-iofog/Controller `src/services/yaml-parser-service.js`;
    for the removed fields, Datasance/Controller `src/schemas/microservice.js`).

    ## Example
    ```yaml
    agent:
      name: zebra-1
      config:                 # EL203: ignored by the Controller 3.x YAML parser
        bluetoothEnabled: true
    ```

    ## Fix
    No automatic fix: remove the field, or move what it asked for to where the platform reads it
    (`images.catalogId`, the ports under `container`); `edgelint fix` does not change it.
    """,
)

RULES = (EL103, EL201, EL202, EL203)
_CODES = {rule.code: rule for rule in RULES}

_TYPE_WORDS = {
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "empty",
}
# Which platform a definition of common.schema.json belongs to, by its suffix.
_VERSIONS = {"3.0": "Controller 3.0", "3.7": "Datasance Controller 3.7", "2": "Controller 2.0"}


def check(ctx: DocumentContext) -> None:
    _read_past(ctx)
    _validated(ctx)


def _errors(ctx: DocumentContext) -> Iterable[ValidationError]:
    """jsonschema's errors for the document, which only an invalid one (as the compiled check
    decides) is given to."""
    from edgelint.platform.schemas import gate_for, validator_for

    gate = gate_for(ctx.settings.target.schema_name, ctx.kind)
    if gate is None or gate(ctx.data):
        return []  # no schema for the kind, or a valid document: nothing for jsonschema to word
    validator = validator_for(ctx.settings.target.schema_name, ctx.kind)
    return [] if validator is None else _leaves(_sorted(validator.iter_errors(ctx.data)))


def _validated(ctx: DocumentContext) -> None:
    render = ctx.render
    said: set[tuple[str, tuple[PathPart, ...], str]] = set()
    for error in _errors(ctx):
        if _is_template(error.instance):
            continue  # not rendered (its document failed to): the template rules own it
        path: tuple[PathPart, ...] = tuple(error.absolute_path)
        if any(path[: len(skip)] == skip for skip in ctx.skip_paths):
            continue
        if render is not None:
            if error.validator in ("required", "oneOf", "anyOf") and any(
                removed[:-1] == path for removed in render.removed
            ):
                continue  # a template removed a field here: EL403 says so where it happened
            produced = render.produced.get(path)
            if produced is not None and render.holds_stand_in(error.instance):
                continue  # the deployer gives this variable; its stand-in proves nothing
            if produced is not None:
                if produced.result.failure is None:  # a failed one is reported where it failed
                    outputs.produced_wrong_type(ctx, path, _words(error, path),
                                                type_error=error.validator == "type")  # fmt: skip
                continue
        for finding in findings(error):
            key = (finding.rule.code, finding.path, finding.message)
            if key not in said:  # `required: [a, b]` fails once per missing key
                said.add(key)
                _report(ctx, finding, error)


def _words(error: ValidationError, path: tuple[PathPart, ...]) -> str:
    first = next(iter(findings(error)), None)
    return first.message if first is not None else _message(error, path)


def findings(error: ValidationError) -> Iterator[Finding]:
    """What one validation error means to a user; nothing for a required key that is only
    misspelt (the unknown-key finding names it)."""
    path: tuple[PathPart, ...] = tuple(error.absolute_path)
    schema: Any = error.schema
    keyword = error.validator
    if keyword == "additionalProperties":
        yield from _unknown_keys(error, path)
        return
    if keyword == "x-edgelint-ignored":
        yield Finding(EL203, path, f"`{dotted(path)}` is ignored: {error.message}", on_key=True)
        return
    if keyword == "required" and isinstance(error.instance, dict):
        present = {str(k).lower() for k in error.instance}
        required: Any = error.validator_value
        missing = [k for k in required if k not in error.instance]
        if missing and all(k.lower() in present for k in missing):
            return  # `Username:` for `username:`: the unknown key says it
    if (
        isinstance(schema, dict)
        and keyword in ("pattern", "minLength")
        and "x-edgelint-name" in schema
    ):
        yield names.schema_pattern(path, error.instance, keyword, schema["x-edgelint-name"])
        return
    if isinstance(schema, dict) and "x-edgelint-message" in schema:
        where = f"`{dotted(path)}`" if path else "the document"
        yield Finding(EL201, path, f"{where}: {schema['x-edgelint-message']}")
        return
    yield Finding(EL201, path, _message(error, path))


def _unknown_keys(error: ValidationError, path: tuple[PathPart, ...]) -> Iterator[Finding]:
    schema: Any = error.schema
    instance: Any = error.instance
    known: dict[str, Any] = schema.get("properties", {}) if isinstance(schema, dict) else {}
    rule = _CODES[schema.get("x-edgelint-unknown", "EL202")]
    where = f"in `{dotted(path)}`" if path else "at the top level"
    consequence = {
        "EL103": "the CLIs decode the header strictly and refuse the file",
        "EL201": "the CLI decodes this strictly and refuses the file",
        "EL202": "the Controller ignores it",
    }[rule.code]
    for key in instance:
        if key in known:
            continue
        close = _close(str(key), known, instance)
        inside = None if close else _known_inside(known, str(key))
        elsewhere = None if close or inside else _known_elsewhere(schema, str(key))
        shown = "`~` (a null key)" if key is None else f"`{key}`"
        message = f"unknown key {shown} {where}: {consequence}"
        if close:
            message += f"; did you mean `{close}`?"
        elif inside:
            message += f"; on this target it belongs in `{inside}` (`{inside}.{key}`)"
        elif elsewhere:
            message += f" (`{key}` is a field of {elsewhere}, not of this target's platform)"
        yield Finding(rule, (*path, key), message, on_key=True, rename=close)


def _close(key: str, known: dict[str, Any], instance: dict[Any, Any]) -> str | None:
    """The one known key this one most likely meant, if it is not there already."""
    choices = [k for k in known if "x-edgelint-ignored" not in (known[k] or {})]
    by_case = [k for k in choices if k.lower() == key.lower()]
    matches = by_case or difflib.get_close_matches(key, choices, n=2, cutoff=0.8)
    if len(matches) != 1 or matches[0] in instance:
        return None
    return matches[0]


def _known_inside(known: dict[str, Any], key: str) -> str | None:
    """A field of this mapping whose own properties have the key: iofogctl 2.x reads
    `container.volumes`, and a microservice's `volumes` is the layout of older versions."""
    for name, field in known.items():
        properties = field.get("properties") if isinstance(field, dict) else None
        if isinstance(properties, dict) and key in properties:
            return str(name)
    return None


def _known_elsewhere(schema: dict[str, Any], key: str) -> str | None:
    """The other platform version whose definition of the same thing has this key."""
    from edgelint.platform.schemas import definition_name, schemas

    name = definition_name(schema)
    if name is None or "-" not in name:
        return None
    family, _, version = name.rpartition("-")
    common = schemas()["common.schema.json"]["$defs"]
    for other, label in _VERSIONS.items():
        sibling = common.get(f"{family}-{other}")
        if other == version or not isinstance(sibling, dict):
            continue
        field = sibling.get("properties", {}).get(key)
        if isinstance(field, dict) and "x-edgelint-ignored" not in field and "$ref" not in field:
            return label
        if isinstance(field, dict) and "$ref" in field and "describe-output" not in field["$ref"]:
            return label
    return None


def _report(ctx: DocumentContext, finding: Finding, error: ValidationError) -> None:
    span = None
    fix = None
    if finding.on_key or error.validator == "required":
        span = _key_span(ctx, finding.path)
    if finding.rename is not None and finding.on_key and ctx.document.root is not None:
        _, key = ctx.locate(finding.path)
        if key is not None and _renames_alone(ctx, finding.path, finding.rename):
            quote = ctx.source.text[key.start]
            written = f"{quote}{finding.rename}{quote}" if quote in "'\"" else finding.rename
            fix = Fix(
                f"rename `{finding.path[-1]}` to `{finding.rename}`",
                (Edit(key.start, key.end, written),),
                Applicability.UNSAFE,
            )
    ctx.report(finding.rule, finding.path, finding.message, span=span, fix=fix)


def _renames_alone(ctx: DocumentContext, path: tuple[PathPart, ...], rename: str) -> bool:
    """Whether renaming the key changes only that key: not when the mapping writes it twice
    (EL002; the second would then be read in its place) or already has the new name."""
    parent, _ = ctx.locate(path[:-1])
    mapping = parent.target
    if not isinstance(mapping, MappingNode):
        return True
    written = [k.target.value for k, _ in mapping.pairs if isinstance(k.target, ScalarNode)]
    return written.count(str(path[-1])) == 1 and rename not in written


def _sorted(errors: Iterable[ValidationError]) -> list[ValidationError]:
    return sorted(errors, key=lambda e: [str(p) for p in e.absolute_path])


def _leaves(errors: Iterable[ValidationError]) -> Iterator[ValidationError]:
    """The errors a person can act on: a oneOf/anyOf with words of its own stays whole."""
    for error in errors:
        schema: Any = error.schema
        worded = isinstance(schema, dict) and "x-edgelint-message" in schema
        if error.context and not (worded and error.validator in ("oneOf", "anyOf")):
            yield from _leaves(_sorted(error.context))
        else:
            yield error


def _is_template(value: Any) -> bool:
    return isinstance(value, str) and ("{{" in value or "{%" in value)


def _key_span(ctx: DocumentContext, path: tuple[PathPart, ...]) -> tuple[int, int]:
    """A key's own characters; a missing key belongs to the key that opens its mapping."""
    _, key = ctx.locate(path)
    if key is not None:
        return key.start, key.end
    return ctx.span(path)


def _message(error: ValidationError, path: tuple[PathPart, ...]) -> str:
    where = f"`{dotted(path)}`" if path else "the document"
    keyword = error.validator
    expected: Any = error.validator_value
    if keyword == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPE_WORDS.get(n, n) for n in names)
        return f"{where} must be {wanted}, not {describe(error.instance)}"
    if keyword == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        missing = [k for k in expected if k not in instance]
        keys = ", ".join(f"`{k}`" for k in missing)
        return f"{where} is missing required {'key' if len(missing) == 1 else 'keys'} {keys}"
    if keyword == "enum":
        allowed = ", ".join(f"`{v}`" for v in expected)
        return f"{where} must be one of {allowed}, not {describe(error.instance)}"
    if keyword == "const":
        return f"{where} must be `{expected}`, not {describe(error.instance)}"
    if keyword in ("minimum", "maximum"):
        side = "at least" if keyword == "minimum" else "at most"
        return f"{where} must be {side} {expected}, not {describe(error.instance)}"
    if keyword == "minLength":
        return f"{where} must not be empty" if expected == 1 else f"{where} is too short"
    if keyword == "maxLength":
        return f"{where} must be at most {expected} characters long"
    if keyword == "minItems":
        return f"{where} must have at least {expected} {'item' if expected == 1 else 'items'}"
    if keyword == "maxItems":
        return f"{where} must have at most {expected} {'item' if expected == 1 else 'items'}"
    if keyword == "pattern":
        return f"{where} {describe(error.instance)} does not have the expected form"
    if keyword in ("oneOf", "anyOf"):
        return f"{where} matches none of the forms the platform accepts"
    return f"{where}: {error.message}"


# --- fields the platform reads past, found outside the schema ----------------------------------


def _read_past(ctx: DocumentContext) -> None:
    """EL203 where no schema keyword can see it: a `spec.name` that overrides the name the
    document gives, an AgentConfig `agentType` iofogctl turns into `auto`."""
    from edgelint.rules.base import Usable

    data = ctx.data
    if not isinstance(data, dict):
        return
    metadata = data.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    spec = data.get("spec")
    spec_name = spec.get("name") if isinstance(spec, dict) else None
    if Usable(ctx.render)(name) and isinstance(spec_name, str):
        _overriding_name(ctx, name, spec_name)
    if ctx.kind == "AgentConfig":
        _agent_type(ctx, data)


def _overriding_name(ctx: DocumentContext, name: str, spec_name: str) -> None:
    if ctx.kind == "Application" and spec_name != name:
        ctx.report(
            EL203,
            ("spec", "name"),
            f"`spec.name` `{spec_name}` overrides `metadata.name` `{name}`: the application "
            f"is created as `{spec_name}`",
        )
    parts = name.split("/")
    if ctx.kind == "Microservice" and len(parts) == 2 and spec_name != parts[1]:
        ctx.report(
            EL203,
            ("spec", "name"),
            f"`spec.name` `{spec_name}` overrides `{parts[1]}` from `metadata.name` "
            f"`{name}`: the Controller reads `spec.name` first; name the microservice once, "
            "in `metadata.name`",
        )


def _agent_type(ctx: DocumentContext, data: dict[str, Any]) -> None:
    spec = data.get("spec")
    agent_type = spec.get("agentType") if isinstance(spec, dict) else None
    if isinstance(agent_type, str) and agent_type not in ("auto", "x86", "arm"):
        ctx.report(
            EL203,
            ("spec", "agentType"),
            f"`spec.agentType` `{agent_type}` is read as `auto`: iofogctl knows only auto, x86 "
            "and arm, and turns anything else into auto without a word",
        )
