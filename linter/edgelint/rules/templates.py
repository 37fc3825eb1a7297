"""Liquid templates: what the Controller makes of every `{{ }}` and `{% %}` before storing it."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from edgelint import javascript
from edgelint.diagnostics import Applicability, Edit, Fix, Severity
from edgelint.load.nodes import PathPart, ScalarNode, walk_path
from edgelint.render.syntax import RAW
from edgelint.rules.base import Rule, shortened, suggest_name

if TYPE_CHECKING:
    from edgelint.render.controller import Render
    from edgelint.render.deployed import Deployment
    from edgelint.render.document import DocumentRender
    from edgelint.render.engine import RenderFailure
    from edgelint.rules.context import DocumentContext

_STORES = "The Controller does not reject this: it stores the error text as the value"

EL401 = Rule(
    code="EL401",
    name="liquid-syntax-error",
    severity=Severity.ERROR,
    summary="A Liquid template does not parse; the Controller stores the error text instead.",
    docs="""
    ## What it finds
    Templates that do not parse: an unclosed `{{` or `{%`, an unknown tag, an `if` without
    `endif`, a `raw` without `endraw`, stray characters after a value — and text of another
    template language that liquidjs reads as broken Liquid (`{{ .Values.image.tag }}` from
    Helm, `{{ .Time }}` from Go), which also gets EL411's explanation and fix.

    ## Why it matters
    The Controller renders every string with liquidjs and catches the error itself: the field
    becomes the error text and the request succeeds (`rvaluesVarSubstition` in
    eclipse-iofog/Controller `src/helpers/template-helper.js`). Measured on a real Controller
    3.0.4: `{{ .Values.image.tag }}` is stored as `ParseError: unexpected token at
    ".Values.image...", line:1, col:1`, an unclosed raw as `TokenizationError: raw "{% raw
    %}{% a" not closed, line:1, col:10`. The message quotes that text, in liquidjs's words. An
    env value is deployed as the error text; an agent name made of it is looked up and refused
    ("Invalid ioFog UUID 'ParseError: …'"). edgelint reports it at the line and column inside
    the template.

    ## Example
    ```yaml
    env:
      - key: MODE
        value: "{{ 'abc'"      # EL401: output not closed
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

RULES = (
    EL401, EL402, EL403, EL404, EL406, EL407, EL408, EL409, EL410, EL413, EL414, EL415, EL416,
)  # fmt: skip

_OUTPUT = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_TAG = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}", re.DOTALL)
_FOREIGN = re.compile(r"\{\{\s*\.|\$\{\{|\{\{-?\s*(?:if|range|with|end|template|define)\b")
_LOOKUPS = re.compile(r"\|\s*find(Agent|Application|EdgeResource|MicroserviceAgent)\b")
_SCOPE_NAMES = frozenset(
    {"self", "_user", "_agentsByName", "_edgeResourcesByName", "_applicationsByName"}
)


def check(ctx: DocumentContext) -> None:
    """What the templates of the document, as deployed (render/deployed.py), come to."""
    if ctx.render is not None and ctx.render.failure is None:
        _rendered(ctx, ctx.render)
    if ctx.deployed is not None and ctx.deployed.deployment is not None:
        _template_reference(ctx, ctx.deployed.deployment)


# --- rendering ---------------------------------------------------------------------------------


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
        _template_variables(ctx, outcome)


def _template_reference(ctx: DocumentContext, deployment: Deployment) -> None:
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


def _first_over_budget(ctx: DocumentContext) -> bool:
    """Whether this is the file's first template past its budget: said once, not per value."""
    if ctx.budget is None or ctx.budget.reported:
        return False
    ctx.budget.reported = True
    return True


class _Located:
    """Template offsets → file offsets for one scalar (through quotes, escapes, folding)."""

    def __init__(self, ctx: DocumentContext, render: Render) -> None:
        from edgelint.load.sourcemap import scalar_map
        from edgelint.render.controller import CONFIG

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


def _diagnose(ctx: DocumentContext, render: Render, outcome: DocumentRender) -> None:
    located = _Located(ctx, render)
    template = render.template
    for block in RAW.finditer(template):
        if "{%" in block.group(1):
            _raw_wrapped(located, block, render.result.value)
    failure = render.result.failure
    if failure is not None:
        _FAILURES.get(failure.kind, _render_failed)(located, render, failure)
        return
    _unknown_filters(located, template, ctx)
    _undefined_outputs(located, render)
    if located.path in ctx.skip_paths:
        return  # a lookup against stand-ins (no --cluster): what follows from it is not known
    _missed_lookups(located, render)
    _env_type(located, render)


def _lookup_failed(located: _Located, render: Render, failure: RenderFailure) -> None:
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


def _over_limit(located: _Located, render: Render, failure: RenderFailure) -> None:
    located.report(EL409, f"template not rendered: {failure.message}", failure.offset)


def _over_budget(located: _Located, render: Render, failure: RenderFailure) -> None:
    if _first_over_budget(located.ctx):
        located.report(
            EL409,
            f"template not rendered: {failure.message}; neither is any template after "
            "it in this file (split the file, or simplify its loops)",
        )


def _render_failed(located: _Located, render: Render, failure: RenderFailure) -> None:
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
        f"(`{shortened(str(render.result.value))}`){hint}",
        failure.offset,
    )


def _syntax_failed(located: _Located, render: Render, failure: RenderFailure) -> None:
    _syntax_error(located, render.template, str(render.result.value), failure)


# What a failed render is reported as, by the kind of failure (any other: EL413).
_FAILURES: Mapping[str, Callable[[_Located, Render, RenderFailure], None]] = MappingProxyType(
    {
        "syntax": _syntax_failed,
        "lookup": _lookup_failed,
        "limit": _over_limit,
        "budget": _over_budget,
    }
)


def _undefined_outputs(located: _Located, render: Render) -> None:
    from edgelint.render import jsvalues

    template, result = render.template, render.result
    rejected = jsvalues.is_undefined(result.value) and _required(located.path)
    self_paths = _self_paths(located, template, stored_anyway=not rejected)
    if located.path in located.ctx.skip_paths:
        return
    single = jsvalues.is_undefined(result.value)
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


def _missed_lookups(located: _Located, render: Render) -> None:
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


def _env_type(located: _Located, render: Render) -> None:
    """A single output keeps its type: an env key or value that is not a string."""
    from edgelint.render import jsvalues

    container, key, value = render.container, render.key, render.result.value
    if (
        isinstance(container, dict)
        and set(container) == {"key", "value"}
        and key in ("key", "value")
        and not isinstance(value, str)
        and not jsvalues.is_undefined(value)
    ):
        located.report(
            EL408,
            f"the template produces {_describe(value)}, but an env {key} must be a string: a "
            "single output keeps its type and the Controller rejects it (`Field "
            f"'...env[...].{key}' is not of a type(s) string`); add text around it or "
            "`| toString`",
        )


def _syntax_error(located: _Located, template: str, stored: str, failure: RenderFailure) -> None:
    """Always an error, worded with the text the Controller stores (liquidjs's); a template of
    another language (Helm, Go, GitHub) also gets EL411's explanation and its raw-wrap fix."""
    offset, length = failure.offset, 1
    unclosed = re.search(r"expected tag end(\w+)", failure.message)
    if offset is None and unclosed is not None:
        opening = re.search(r"\{%-?\s*" + unclosed.group(1) + r"\b", template)
        if opening is not None:
            offset, length = opening.start(), len(opening.group())
    path = located.path
    foreign = _FOREIGN.search(template) is not None
    what = (
        "this is not Liquid (a Helm, Go or GitHub template?)"
        if foreign
        else "liquidjs cannot parse it"
    )
    if path[-2:] == ("agent", "name"):
        outcome = (
            f"the Controller looks the agent up by the error text and refuses the application "
            f"(\"Invalid ioFog UUID '{stored}'\")"
        )
    else:
        outcome = f"the Controller stores `{stored}` as the value, and does not reject the file"
    located.report(EL401, f"{what}: {outcome}", offset, length)
    if foreign:
        from edgelint.rules.markup import literal_braces

        literal_braces(located.ctx, path, template, "it looks like another template language")


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
    from edgelint.render import jsvalues

    if isinstance(value, bool):
        return f"the boolean {jsvalues.to_string(value)}"
    if javascript.is_number(value):
        return f"the number {jsvalues.to_string(value)}"
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
        f"Controller stores `{shortened(str(stored))}`",
        block.start(),
        len("{% raw %}"),
        fix=fix,
    )


def _unknown_filters(located: _Located, template: str, ctx: DocumentContext) -> None:
    from edgelint.render.document import _machinery
    from edgelint.render.syntax import ExpressionError, filter_spans

    known = _machinery(ctx.settings.cluster, ctx.settings.target.list_lookup_fails)[1].env.filters
    stripped = RAW.sub(lambda m: " " * len(m.group()), template)
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


def _inside_markup(template: str, offset: int) -> bool:
    opened = max(template.rfind("{{", 0, offset), template.rfind("{%", 0, offset))
    if opened < 0:
        return False
    closed = max(template.rfind("}}", opened, offset), template.rfind("%}", opened, offset))
    return closed < 0


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
