"""Filters the Controller's liquidjs does not have: liquidjs passes the value through unchanged,
so a misspelt filter is silent on the platform."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from edgelint.diagnostics import Severity
from edgelint.render.syntax import RAW
from edgelint.rules.base import Rule

if TYPE_CHECKING:
    from edgelint.rules.context import DocumentContext
    from edgelint.rules.templates.located import Located

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


_OUTPUT = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


_TAG = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}", re.DOTALL)


def unknown_filters(located: Located, template: str, ctx: DocumentContext) -> None:
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
