"""A template the Controller could not render: what it stores instead, by the kind of failure.

liquidjs's errors are caught by the Controller, which stores their text as the value; edgelint
says so in liquidjs's words, at the offset liquidjs names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from edgelint.diagnostics import Severity
from edgelint.rules.base import Rule, shortened
from edgelint.rules.templates.lookups import lookup_failed

if TYPE_CHECKING:
    from edgelint.render.controller import Render
    from edgelint.render.engine import RenderFailure
    from edgelint.rules.context import DocumentContext
    from edgelint.rules.templates.located import Located

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


_FOREIGN = re.compile(r"\{\{\s*\.|\$\{\{|\{\{-?\s*(?:if|range|with|end|template|define)\b")


def _first_over_budget(ctx: DocumentContext) -> bool:
    """Whether this is the file's first template past its budget: said once, not per value."""
    if ctx.budget is None or ctx.budget.reported:
        return False
    ctx.budget.reported = True
    return True


def _over_limit(located: Located, render: Render, failure: RenderFailure) -> None:
    located.report(EL409, f"template not rendered: {failure.message}", failure.offset)


def _over_budget(located: Located, render: Render, failure: RenderFailure) -> None:
    if _first_over_budget(located.ctx):
        located.report(
            EL409,
            f"template not rendered: {failure.message}; neither is any template after "
            "it in this file (split the file, or simplify its loops)",
        )


def _render_failed(located: Located, render: Render, failure: RenderFailure) -> None:
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


def _syntax_failed(located: Located, render: Render, failure: RenderFailure) -> None:
    _syntax_error(located, render.template, str(render.result.value), failure)


def _syntax_error(located: Located, template: str, stored: str, failure: RenderFailure) -> None:
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


# What a failed render is reported as, by the kind of failure (any other: EL413).
_FAILURES: Mapping[str, Callable[[Located, Render, RenderFailure], None]] = MappingProxyType(
    {
        "syntax": _syntax_failed,
        "lookup": lookup_failed,
        "limit": _over_limit,
        "budget": _over_budget,
    }
)


def failed(located: Located, render: Render, failure: RenderFailure) -> None:
    """Report a render that failed, by the kind of its failure."""
    _FAILURES.get(failure.kind, _render_failed)(located, render, failure)
