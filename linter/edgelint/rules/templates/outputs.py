"""What a rendered template produces: undefined outputs, `self` read as the YAML, Liquid left
literal by `raw`, and a single output whose type the Controller then refuses."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from edgelint import javascript
from edgelint.diagnostics import Applicability, Edit, Fix, Severity
from edgelint.load.nodes import PathPart
from edgelint.rules.base import Rule, shortened

if TYPE_CHECKING:
    from edgelint.render.controller import Render
    from edgelint.rules.context import DocumentContext
    from edgelint.rules.templates.located import Located

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


def undefined_outputs(located: Located, render: Render) -> None:
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


def _self_paths(located: Located, template: str, *, stored_anyway: bool) -> list[str]:
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


def env_type(located: Located, render: Render) -> None:
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


def raw_wrapped(located: Located, block: re.Match[str], stored: Any) -> None:
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


def produced_wrong_type(
    ctx: DocumentContext, path: tuple[PathPart, ...], said: str, *, type_error: bool
) -> None:
    """A field a template produced that the schema refuses (found by the schema family's
    validation, which passes its words): once per field, where env_type has not said it."""
    if ctx.reported(EL408.code, path):
        return
    why = " (a single output keeps its type; text around it or `| toString` makes a string)"
    ctx.report(
        EL408, path, f"{said}: that is what the template produces{why if type_error else ''}"
    )
