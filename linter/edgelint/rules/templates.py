"""Liquid templates: what the Controller makes of every `{{ }}` and `{% %}` before storing it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from edgelint.diagnostics import Applicability, Edit, Fix, Severity
from edgelint.rules.base import Rule
from edgelint.yamlnodes import MappingNode, Node, PathPart, ScalarNode, SequenceNode, walk_path

if TYPE_CHECKING:
    from edgelint.context import DocumentContext
    from edgelint.render.controller import Render
    from edgelint.render.document import DocumentRender

_STORES = "The Controller does not reject this: it stores the error text as the value"

EL401 = Rule(
    code="EL401",
    name="liquid-syntax-error",
    severity=Severity.ERROR,
    summary="A Liquid template does not parse; the Controller stores the error text instead.",
    docs=f"""
    ## What it finds
    Templates that do not parse: an unclosed `{{{{` or `{{%`, an unknown tag, an `if` without
    `endif`, a `raw` without `endraw`, stray characters after a value.

    ## Why it matters
    The Controller renders every string with liquidjs and catches the error itself: the field
    becomes the error text (`ParseError: tag "nosuchtag" not found, line:1, col:1`) and the
    request succeeds (`rvaluesVarSubstition` in eclipse-iofog/Controller
    `src/helpers/template-helper.js`; measured on a real Controller 3.0.4). An agent name
    becomes an error message; an env value is deployed as one. {_STORES}; edgelint reports it
    at the line and column inside the template.

    ## Example
    ```yaml
    env:
      - key: MODE
        value: "{{{{ 'abc'"      # EL401: output not closed
    ```

    ## Fix
    No automatic fix: close what the message says is unclosed, or remove the unknown tag, at the
    reported column; `edgelint fix` does not change it.
    """,
)

EL402 = Rule(
    code="EL402",
    name="unknown-filter",
    severity=Severity.ERROR,
    summary="A filter the Controller does not have; it is silently ignored.",
    docs="""
    ## What it finds
    A filter name that is neither one of liquidjs 9.17's standard filters nor one of the
    Controller's (`findAgent`, `findApplication`, `findEdgeResource`, `findMicroserviceAgent`,
    `toNumber`, `toBoolean`, `toString`): a typo (`findagent`, `tonumber`) or a Shopify or
    Jekyll filter liquidjs 9 does not have (`compact`, `sum`, `where_exp`).

    ## Why it matters
    The Controller's engine runs with `strictFilters: false`: an unknown filter passes its
    input through unchanged, without a word (eclipse-iofog/Controller
    `src/helpers/template-helper.js` and its liquidjs, `src/lib/liquidjs/liquid.node.cjs.js`;
    measured: `'abc' | nosuchfilter` is stored as "abc"). `"{{ port | tonumber }}"` stays a
    string, and the port is rejected for a reason nobody can see in the file.

    ## Example
    ```yaml
    env:
      - key: PORT
        value: "{{ '8080' | tonumber }}"   # EL402: unknown filter; did you mean `toNumber`?
    ```

    ## Fix
    No automatic fix: correct the filter name (filters are case-sensitive), or write the template
    without a filter liquidjs 9.17 lacks; `edgelint fix` does not change it.
    """,
)

EL403 = Rule(
    code="EL403",
    name="undefined-output",
    severity=Severity.ERROR,
    summary="A template outputs an undefined value: the field is removed, or `undefined` printed.",
    docs="""
    ## What it finds
    An output whose value is undefined: a variable that does not exist (the Controller provides
    only `self`, plus an ApplicationTemplate's variables when deploying from it), a property the
    object does not have.

    ## Why it matters
    Measured on a real Controller 3.0.4 (eclipse-iofog/Controller
    `src/helpers/template-helper.js`): when the undefined output is the whole value, the field
    is removed — `Required field 'value' is missing` for an env value; when it is inside text it
    prints the word `undefined` (`x{{ nothing }}y` is stored as "xundefinedy"). `default` is the
    way to say what should happen instead.

    ## Example
    ```yaml
    value: "{{ external-port | toNumber }}"   # EL403: `external-port` is not defined
    ```

    ## Fix
    No automatic fix: correct the name, declare it (an ApplicationTemplate's `variables`), or
    give a fallback with `| default: …`; `edgelint fix` does not change it.
    """,
)

EL404 = Rule(
    code="EL404",
    name="self-metadata-or-spec",
    severity=Severity.ERROR,
    summary="`self.metadata…` or `self.spec…`: `self` is the parsed object, not the YAML.",
    docs="""
    ## What it finds
    A template that reads `self.metadata.name` or `self.spec.microservices…`.

    ## Why it matters
    `self` is the object the Controller's parser built from the YAML: `self.name`,
    `self.microservices[0].agentName`, `self.microservices[0].env` (`parseAppFile` in
    eclipse-iofog/Controller `src/services/yaml-parser-service.js`, rendered with `self` in
    `src/controllers/application-controller.js`). `self.metadata` and `self.spec` do not exist
    there, so these are undefined; the Controller's own unit-test fixtures
    (`test/src/template/app.yml`) use them only because the test feeds the raw document.
    Measured: `{{ self.metadata.name }}` removes the field.

    ## Example
    ```yaml
    value: "{{ self.metadata.name }}"   # EL404: write {{ self.name }}
    ```

    ## Fix
    No automatic fix: read the parsed object instead, `self.name` for `self.metadata.name` and
    `self.microservices` for `self.spec.microservices`; `edgelint fix` does not change it.
    """,
)

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

EL406 = Rule(
    code="EL406",
    name="raw-wrapped-liquid",
    severity=Severity.WARNING,
    fix=Applicability.UNSAFE,
    summary="`{% raw %}` around Liquid logic: copied from rendered documentation, never run.",
    docs="""
    ## What it finds
    A `{% raw %}` block around Liquid tags, as in the Edgeworx Cloud "Registries" page's own
    example ("Registry Example" in edgeworx/docs `content/en/docs/apps/registries.md`), where
    the agent name reads
    `{% raw %}{% assign agent = "" | findAgent | first %}{% endraw %}{{ agent.name }}`.

    ## Why it matters
    Documentation generators (Hugo, Jekyll) need `raw` to print Liquid literally; copied into an
    application, `raw` makes the Controller treat the code as text (liquidjs's `raw` tag,
    https://liquidjs.com/tags/raw.html): the `assign` never runs and `agent.name` is undefined.
    Measured on a real Controller: the stored agent name is
    `" {% assign agent = "" | findAgent | first %} undefined"`, rejected as
    "Invalid ioFog UUID" (`createMicroserviceEndPoint` in eclipse-iofog/Controller
    `src/services/microservices-service.js`).


    ## Example
    ```yaml
    env:
      - key: NAME
        value: '{% raw %}{% assign n = self.name %}{% endraw %}{{ n }}'   # EL406: never runs
    ```

    ## Fix (unsafe)
    The `raw` and `endraw` tags are removed, with the line breaks around them, so that the Liquid
    runs. Unsafe because it changes what the Controller does (that is the point).
    """,
)

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

EL408 = Rule(
    code="EL408",
    name="template-output-type",
    severity=Severity.ERROR,
    summary="A template produces a value of the wrong type for its field.",
    docs="""
    ## What it finds
    A template that is a single output keeps its type: `"{{ 7 }}"` is the number 7,
    `"{{ 40 }}{{ 2 }}"` is 42, `"{{ agent }}"` is an object. Where the field needs a string (an
    env value, an agent name) or an integer (a port), the wrong type is rejected.

    ## Why it matters
    Measured on Controller 3.0.4, which renders with `keepOutputType: true`
    (eclipse-iofog/Controller `src/helpers/template-helper.js`): `{{ 7 }}` as an env value is
    rejected with `Field 'microservices[0].env[0].value' is not of a type(s) string`, while
    `"{{ 5000 | plus: 1 }}"` in a port works because it stays an integer. Text around the output
    (even a space) makes it a string; `toString` does too.

    ## Example
    ```yaml
    env:
      - key: RETRIES
        value: "{{ 7 }}"     # EL408: the number 7, but an env value must be a string
    ```

    ## Fix
    No automatic fix: add `| toString` (or text around the output) where a string is needed,
    `| toNumber` where an integer is; `edgelint fix` does not change it.
    """,
)

EL409 = Rule(
    code="EL409",
    name="template-limit",
    severity=Severity.ERROR,
    summary="A template exceeds edgelint's limits (length, loop iterations, output size), or "
    "a file's templates together exceed its budget.",
    docs="""
    ## What it finds
    A template longer than 16 KiB, a loop of more than 10,000 iterations, an output over
    100,000 characters, nesting deeper than 30 levels; and a file whose templates together run
    more than 100,000 loop iterations, write more than 1,000,000 characters or take more than
    5 seconds — reported once, at the first template past the budget (it and every template
    after it in the file are left unrendered).

    ## Why it matters
    The Controller renders every string of every request with no limit at all
    (eclipse-iofog/Controller `src/helpers/template-helper.js`, `rvaluesVarSubstition`): a
    runaway loop ties up the Controller for every deploy, and a file of hundreds of such values
    would tie up a pre-commit hook or a CI job the same way. edgelint stops there and says so.

    ## Example
    ```yaml
    value: "{% for i in (1..100000) %}{{ i }}{% endfor %}"   # EL409: loop iteration limit reached
    ```

    ## Fix
    No automatic fix: shorten the template or its loop, split a file of many heavy templates, or
    compute the value before it goes in the file; `edgelint fix` does not change it.
    """,
)

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

EL413 = Rule(
    code="EL413",
    name="template-render-error",
    severity=Severity.ERROR,
    summary="A template fails while rendering; the Controller stores the error text instead.",
    docs=f"""
    ## What it finds
    A template that parses but fails when it runs: `join` on something that is not a list,
    `append` without its argument, `url_decode` of a malformed string.

    ## Why it matters
    As with a syntax error, the Controller catches the failure and stores the text
    (`RenderError: …`) as the value (`rvaluesVarSubstition` in eclipse-iofog/Controller
    `src/helpers/template-helper.js`). {_STORES}.

    ## Example
    ```yaml
    value: "{{{{ self.name | join: ',' }}}}"   # EL413: `join` of a string fails
    ```

    ## Fix
    No automatic fix: pass the filter what it expects (a list to `join`, an argument to
    `append`); `edgelint fix` does not change it.
    """,
)

RULES = (EL401, EL402, EL403, EL404, EL405, EL406, EL407, EL408, EL409, EL410, EL411, EL412, EL413)

_OUTPUT = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_TAG = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}", re.DOTALL)
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_FOREIGN = re.compile(r"\{\{\s*\.|\$\{\{|\{\{-?\s*(?:if|range|with|end|template|define)\b")
_HOST_TEMPLATE = re.compile(r"^\$\{(.*)\}$")
_LOOKUPS = re.compile(r"\|\s*find(Agent|Application|EdgeResource|MicroserviceAgent)\b")
_SCOPE_NAMES = frozenset(
    {"self", "_user", "_agentsByName", "_edgeResourcesByName", "_applicationsByName"}
)


def check(ctx: DocumentContext) -> None:
    """Runs before the schema and registry rules: they check what the templates produce."""
    _unquoted_templates(ctx)
    if ctx.kind == "Registry":
        _registry_literals(ctx)
    from edgelint.render.detect import RENDERED_KINDS, has_templates

    if ctx.kind in RENDERED_KINDS and has_templates(ctx.document.data):
        _render(ctx)
    if ctx.kind == "Application":
        _deployment(ctx)
    _extra_hosts(ctx)


# --- YAML-level --------------------------------------------------------------------------------


def _unquoted_templates(ctx: DocumentContext) -> None:
    root = ctx.document.root
    if root is None:
        return
    for path, node in _nodes(root, ()):
        if _looks_like_unquoted_template(node):
            text = ctx.source.text[node.start : node.end]
            quoted = "'" + text + "'" if "'" not in text else _double_quoted(text)
            ctx.skip_paths.add(path)
            ctx.report(
                EL405,
                path,
                f"`{text}` is not quoted, so YAML reads it as a nested mapping, not a template; "
                "quote it",
                span=(node.start, node.end),
                fix=Fix(f"quote it: {quoted}", (Edit(node.start, node.end, quoted),)),
            )


def _looks_like_unquoted_template(node: Node) -> bool:
    if not isinstance(node, MappingNode) or not node.flow or len(node.pairs) != 1:
        return False
    key, value = node.pairs[0]
    return (
        isinstance(key, MappingNode)
        and key.flow
        and isinstance(value, ScalarNode)
        and value.data is None
    )


def _double_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _nodes(node: Node, path: tuple[PathPart, ...]) -> Any:
    node = node.target if node.shared and not node.anchor else node
    yield path, node
    if isinstance(node, MappingNode):
        for key, (_, value) in node.entries.items():
            if isinstance(key, (str, int)):
                yield from _nodes(value, (*path, key))
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.items):
            yield from _nodes(item, (*path, index))


def _registry_literals(ctx: DocumentContext) -> None:
    data = ctx.document.data
    spec = data.get("spec") if isinstance(data, dict) else None
    if not isinstance(spec, dict):
        return
    for key, value in spec.items():
        if not isinstance(value, str):
            continue
        literal = _RAW.sub("", value)  # what raw already keeps literal is fine
        if "{{" in literal or "{%" in literal:
            _literal_braces(ctx, ("spec", key), value, "registry requests are rendered as Liquid")


def _literal_braces(ctx: DocumentContext, path: tuple[PathPart, ...], value: str, why: str) -> None:
    node = walk_path(ctx.document.root, path) if ctx.document.root is not None else None
    fix = None
    if isinstance(node, ScalarNode) and node.style in ('"', "'") and not node.shared:
        wrapped = "{% raw %}" + value + "{% endraw %}"
        new = (
            _double_quoted(wrapped) if node.style == '"' else "'" + wrapped.replace("'", "''") + "'"
        )
        if "\n" not in value:
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
    from edgelint.resources import microservices

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


# --- rendering ---------------------------------------------------------------------------------


def _render(ctx: DocumentContext) -> None:
    from edgelint.render.document import render_document

    outcome = render_document(
        ctx.kind,
        ctx.document.data,
        ctx.settings.cluster,
        list_lookup_fails=ctx.settings.target.list_lookup_fails,
        budget=ctx.budget,
    )
    ctx.render = outcome
    if outcome.failure is not None:
        return  # the parser throws first; the schema reports why
    ctx.data = outcome.data
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
        _template_variables(ctx, outcome)


def _deployment(ctx: DocumentContext) -> None:
    """An application deployed from a template: the template's application, rendered with the
    variables this application gives, as getApplicationDataFromTemplate renders it
    (eclipse-iofog/Controller `src/services/application-template-service.js`)."""
    spec = ctx.data.get("spec") if isinstance(ctx.data, dict) else None
    template = spec.get("template") if isinstance(spec, dict) else None
    if not isinstance(template, dict) or not isinstance(template.get("name"), str):
        return
    name: str = template["name"]
    from edgelint.render import jsvalues as js
    from edgelint.render.document import render_document
    from edgelint.schema import validator_for
    from edgelint.yamlnodes import locate

    where = ("spec", "template", "name")
    found = ctx.file_templates.get(name)
    if found is not None:
        document, origin = found.data, f"line {ctx.source.position(found.start).line}"
        root = found.root
    else:
        entry = next((t for t in ctx.settings.cluster.application_templates
                      if t.get("name") == name), None)  # fmt: skip
        if entry is None:
            return  # the Controller answers "Could not find Application Template": its state
        document = {"kind": "ApplicationTemplate", "metadata": {"name": name},
                    "spec": {k: v for k, v in entry.items() if k != "name"}}  # fmt: skip
        origin, root = ctx.settings.cluster.origin, None
    given: dict[str, Any] = {}
    for variable in template.get("variables") or []:
        if isinstance(variable, dict) and isinstance(variable.get("key"), str):
            given[variable["key"]] = variable.get("value", js.UNDEFINED)
    outcome = render_document(
        "ApplicationTemplate",
        document,
        ctx.settings.cluster,
        given,
        list_lookup_fails=ctx.settings.target.list_lookup_fails,
        budget=ctx.budget,
    )
    if outcome.failure is not None:
        return

    def at(path: tuple[PathPart, ...]) -> str:
        if root is None:
            return f"`{'.'.join(map(str, path))}` of template `{name}` ({origin})"
        node, _ = locate(root, path)
        return f"template `{name}` line {ctx.source.position(node.start).line}"

    for render in outcome.renders:
        path = render.path
        if path is None or path[:2] != ("spec", "application"):
            continue
        failure = render.result.failure
        if failure is not None and failure.kind == "budget":
            if _first_over_budget(ctx):
                ctx.report(EL409, where, f"deployed from {at(path)}: {failure.message}")
        elif failure is not None:
            rule = {"syntax": EL401, "lookup": EL407, "limit": EL409}.get(failure.kind, EL413)
            ctx.report(rule, where, f"deployed from {at(path)}: {failure.message}")
        elif js.is_undefined(render.result.value) and _required(path):
            ctx.report(
                EL403,
                where,
                f"deployed from {at(path)}: `{_shown(render.template)}` is undefined with the "
                "variables given here, and the Controller removes the required field",
            )
    validator = validator_for(ctx.settings.target.name, "Application")
    application = outcome.data.get("spec", {}).get("application") if outcome.data else None
    if validator is None or not isinstance(application, dict):
        return
    from edgelint.rules.schema import findings

    candidate: Any = {"kind": "Application", "metadata": {"name": "deployment"}}
    candidate["spec"] = application
    for error in validator.iter_errors(candidate):
        path = ("spec", "application", *tuple(error.absolute_path)[1:])
        if _is_unrendered(error.instance):
            continue
        if error.validator == "required":
            required: Any = error.validator_value
            if any((*path, key) in outcome.removed for key in required):
                continue  # reported above, where the template removed it
        for finding in findings(error):
            if finding.rule.severity is not Severity.ERROR:
                continue  # unknown and ignored keys: said on the template itself
            inner = finding.message.replace("`spec.", "`", 1)
            ctx.report(
                EL408 if path in outcome.produced else finding.rule,
                where,
                f"deployed from {at(path)}: {inner}",
            )


def _first_over_budget(ctx: DocumentContext) -> bool:
    """Whether this is the file's first template past its budget: said once, not per value."""
    if ctx.budget is None or ctx.budget.reported:
        return False
    ctx.budget.reported = True
    return True


def _is_unrendered(value: Any) -> bool:
    return isinstance(value, str) and ("{{" in value or "{%" in value)


class _Located:
    """Template offsets → file offsets for one scalar (through quotes, escapes, folding)."""

    def __init__(self, ctx: DocumentContext, render: Render) -> None:
        from edgelint.render.controller import CONFIG
        from edgelint.sourcemap import scalar_map

        self.ctx = ctx
        self.template = render.template
        path = render.path or ()
        self.config = bool(path) and path[-1] == CONFIG
        node = None
        if ctx.document.root is not None:
            node = walk_path(ctx.document.root, (*path[:-1], "config") if self.config else path)
        self.path = (*path[:-1], "config") if self.config else path
        self.node = node
        self.map: list[int] | None = None
        if isinstance(node, ScalarNode) and not self.config and not node.shared:
            self.map = scalar_map(ctx.source.text, node.start, node.end, node.style, node.value)

    def span(self, offset: int | None, length: int = 1) -> tuple[int, int] | None:
        if self.map is None or offset is None or not self.map:
            return None
        offset = max(0, min(offset, len(self.map) - 1))
        last = max(offset, min(offset + max(length, 1), len(self.map)) - 1)
        return self.map[offset], self.map[last] + 1

    def report(self, rule: Rule, message: str, offset: int | None = None, length: int = 1,
               fix: Fix | None = None, stored_anyway: bool = False) -> None:  # fmt: skip
        span = self.span(offset, length)
        self.ctx.report(rule, self.path, message, span=span, fix=fix, stored_anyway=stored_anyway)


def _shown(template: str) -> str:
    one_line = " ".join(template.split())
    return one_line if len(one_line) <= 60 else one_line[:57] + "..."


def _diagnose(ctx: DocumentContext, render: Render, outcome: DocumentRender) -> None:
    from edgelint.render import jsvalues as js

    located = _Located(ctx, render)
    template = render.template
    result = render.result
    raw_blocks = list(_RAW.finditer(template))
    for block in raw_blocks:
        if "{%" in block.group(1):
            _raw_wrapped(located, block, result.value)
    failure = result.failure
    if failure is not None:
        if failure.kind == "syntax":
            if _FOREIGN.search(template):
                _literal_braces(
                    ctx, located.path, template, "it looks like another template language"
                )
            else:
                offset, length = failure.offset, 1
                unclosed = re.search(r"expected tag end(\w+)", failure.message)
                if offset is None and unclosed is not None:
                    opening = re.search(r"\{%-?\s*" + unclosed.group(1) + r"\b", template)
                    if opening is not None:
                        offset, length = opening.start(), len(opening.group())
                located.report(
                    EL401,
                    f"Liquid syntax error: {failure.message}. {_STORES} "
                    f"(`{_shown(str(result.value))}`)",
                    offset,
                    length,
                )
        elif failure.kind == "lookup":
            miss = render.misses[-1] if render.misses else None
            what = f"`{miss.name}` | {miss.filter}" if miss else "a lookup"
            offset = template.find(miss.filter) if miss else -1
            located.report(
                EL407,
                f"{what} matches nothing in the cluster snapshot "
                f"({ctx.settings.cluster.origin}); the Controller stores "
                f"`{_shown(str(result.value))}` as the value",
                offset if offset >= 0 else None,
                len(miss.filter) if miss else 1,
            )
        elif failure.kind == "limit":
            located.report(EL409, f"template not rendered: {failure.message}", failure.offset)
        elif failure.kind == "budget":
            if _first_over_budget(ctx):
                located.report(
                    EL409,
                    f"template not rendered: {failure.message}; neither is any template after "
                    "it in this file (split the file, or simplify its loops)",
                )
        else:
            from edgelint.render.lookups import LIST_LOOKUP_FAILURE

            hint = ""
            if failure.message == LIST_LOOKUP_FAILURE:
                hint = (
                    '; Datasance Controller 3.7 cannot list agents (`"" | findAgent` always '
                    'fails there): look the agent up by name, `"edge-1" | findAgent`'
                )
            located.report(
                EL413,
                f"the template fails when rendered: {failure.message}. {_STORES} "
                f"(`RenderError: {_shown(failure.message)}`){hint}",
                failure.offset,
            )
        return
    _unknown_filters(located, template, ctx)
    rejected = js.is_undefined(result.value) and _required(located.path)
    self_paths = _self_paths(located, template, stored_anyway=not rejected)
    if ctx.settings.cluster.stand_ins and _LOOKUPS.search(_RAW.sub("", template)):
        # Without --cluster, lookups return stand-ins: what follows from them is not known.
        ctx.skip_paths.add(located.path)
        return
    single = js.is_undefined(result.value)
    for offset, expression in result.undefined:
        if any(expression.startswith(p) for p in self_paths):
            continue
        end = template.find("}}", offset)
        length = (end + 2 - offset) if end >= 0 else 2
        shown = template[offset : offset + length]
        if single:
            consequence = "as the whole value it makes the Controller remove the field"
            if _required(located.path):
                consequence += f" (and `{located.path[-1]}` is required there)"
        else:
            consequence = "inside text the Controller prints `undefined` there"
        located.report(
            EL403,
            f"`{shown}` is undefined: {consequence}; define it, or use `| default: …`",
            offset,
            length,
            stored_anyway=not (single and _required(located.path)),
        )
    for miss in render.misses:
        if miss.filter in ("findApplication", "findEdgeResource"):
            at = template.find(miss.filter)
            located.report(
                EL407,
                f"`{miss.name}` | {miss.filter} matches nothing in the cluster snapshot "
                f"({ctx.settings.cluster.origin}): it returns "
                f"{'null' if miss.filter == 'findApplication' else 'an empty list'}",
                at if at >= 0 else None,
                len(miss.filter),
            )
    container, key = render.container, render.key
    value = result.value
    if (
        isinstance(container, dict)
        and set(container) == {"key", "value"}
        and key in ("key", "value")
        and not isinstance(value, str)
        and not js.is_undefined(value)
    ):
        located.report(
            EL408,
            f"the template produces {_describe(value)}, but an env {key} must be a string: a "
            "single output keeps its type and the Controller rejects it (`Field "
            f"'...env[...].{key}' is not of a type(s) string`); add text around it or "
            "`| toString`",
        )


def _required(path: tuple[PathPart, ...]) -> bool:
    """Fields the Controller's schema requires, that a removed value leaves missing."""
    if len(path) < 2:
        return False
    leaf, parent = path[-1], path[:-2]
    if leaf in ("key", "value"):
        return "env" in parent
    if leaf in ("internal", "external"):
        return "ports" in parent
    if leaf in ("hostDestination", "containerDestination", "accessMode"):
        return "volumes" in parent
    if leaf == "address":
        return "extraHosts" in parent
    return leaf == "name" and isinstance(path[-2], int)


def _describe(value: Any) -> str:
    from edgelint.render import jsvalues as js

    if isinstance(value, bool):
        return f"the boolean {js.to_string(value)}"
    if js.is_number(value):
        return f"the number {js.to_string(value)}"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f'the string "{value}"'


def _raw_wrapped(located: _Located, block: re.Match[str], stored: Any) -> None:
    template = located.template
    inner_start, inner_end = block.span(1)
    content = block.group(1)
    lead = len(content) - len(content.lstrip())
    trail = len(content) - len(content.rstrip())
    fix = None
    if located.map is not None:
        first = located.map
        remove_open = (first[block.start()], first[inner_start + lead])
        remove_close = (first[inner_end - trail - 1] + 1, first[block.end() - 1] + 1)
        fix = Fix(
            "remove {% raw %} and {% endraw %} so that the Liquid runs",
            (Edit(*remove_open, ""), Edit(*remove_close, "")),
            Applicability.UNSAFE,
        )
    del template
    located.report(
        EL406,
        "`{% raw %}` turns this Liquid into literal text: it was copied from rendered "
        "documentation (generators wrap Liquid examples in raw) and is never evaluated; the "
        f"Controller stores `{_shown(str(stored))}`",
        block.start(),
        len("{% raw %}"),
        fix=fix,
    )


def _unknown_filters(located: _Located, template: str, ctx: DocumentContext) -> None:
    from edgelint.render.document import _machinery
    from edgelint.render.syntax import ExpressionError, filter_spans

    known = _machinery(ctx.settings.cluster, ctx.settings.target.list_lookup_fails)[1].env.filters
    stripped = _RAW.sub(lambda m: " " * len(m.group()), template)
    regions: list[tuple[int, str]] = [(m.start(1), m.group(1)) for m in _OUTPUT.finditer(stripped)]
    for tag in _TAG.finditer(stripped):
        if tag.group(1) == "assign" and "=" in tag.group(2):
            body_start = tag.start(2) + tag.group(2).index("=") + 1
            regions.append((body_start, stripped[body_start : tag.end(2)]))
    for start, text in regions:
        try:
            spans = filter_spans(text)
        except ExpressionError:
            continue
        for name, offset in spans:
            if name not in known:
                located.report(
                    EL402,
                    f"unknown filter `{name}`: the Controller ignores it and passes the value "
                    f"through unchanged{_suggest_filter(name, known)}",
                    start + offset,
                    len(name),
                    stored_anyway=True,
                )


def _suggest_filter(name: str, known: Any) -> str:
    import difflib

    by_lower = {k.lower(): k for k in known}
    if name.lower() in by_lower:
        return f" (filters are case-sensitive: `{by_lower[name.lower()]}`)"
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.7)
    return f" (did you mean `{close[0]}`?)" if close else ""


def _self_paths(located: _Located, template: str, *, stored_anyway: bool) -> list[str]:
    """Report `self.metadata…`/`self.spec…` once each; return them to silence EL403 on them."""
    found = []
    for match in re.finditer(r"\bself\.(metadata|spec)\b[\w.\-\[\]\"']*", template):
        if not _inside_markup(template, match.start()):
            continue
        found.append(match.group())
        suggestion = "self.name" if match.group(1) == "metadata" else "self.microservices…"
        located.report(
            EL404,
            f"`{match.group()}` is undefined: `self` is the object the Controller parsed from "
            f"the YAML ({suggestion}), not the YAML document",
            match.start(),
            len(match.group()),
            stored_anyway=stored_anyway,
        )
    return found


def _inside_markup(template: str, offset: int) -> bool:
    opened = max(template.rfind("{{", 0, offset), template.rfind("{%", 0, offset))
    if opened < 0:
        return False
    closed = max(template.rfind("}}", opened, offset), template.rfind("%}", opened, offset))
    return closed < 0


def _template_variables(ctx: DocumentContext, outcome: DocumentRender) -> None:
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
            located = _Located(ctx, render)
            at = render.template.find(name)
            located.report(
                EL410,
                f"`{name}` is used but not declared in `variables`: deployed without it, it is "
                "undefined",
                at if at >= 0 else None,
                len(name),
            )
    variables = ctx.document.data.get("spec", {}).get("variables", [])
    for index, variable in enumerate(variables if isinstance(variables, list) else []):
        key = variable.get("key") if isinstance(variable, dict) else None
        if isinstance(key, str) and key not in used:
            ctx.report(
                EL410,
                ("spec", "variables", index, "key"),
                f"variable `{key}` is declared but no template of the application uses it",
            )
