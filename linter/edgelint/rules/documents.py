"""Which documents are ioFog resources at all: the gate every other family sits behind."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from edgelint.diagnostics import Severity
from edgelint.resources import API_GROUPS, IOFOG_ONLY_KINDS, KINDS, api_group
from edgelint.rules.base import Rule

if TYPE_CHECKING:
    from edgelint.context import DocumentContext

EL005 = Rule(
    code="EL005",
    name="not-an-iofog-resource",
    severity=Severity.INFO,
    summary="The document is not an ioFog resource; it is skipped.",
    docs="""
    ## What it finds
    Documents that are not ioFog resources: a Kubernetes `Deployment` in the same file as the
    applications, an Argo CD `Application` (apiVersion `argoproj.io/...`), a docker-compose file
    in the same directory, an `iofogctl/v3` CLI configuration.

    ## Why it matters
    Nothing: edgelint says that it skipped them, so that a file that was meant to be checked and
    was not (a misspelt `apiVersion`) does not go unnoticed. A document belongs to ioFog when
    its apiVersion group is `iofog.org` or `datasance.com`, or when it has no apiVersion and a
    kind only ioFog uses (`Application`, `Microservice`, `Registry`, ... — ioFog platform research
    §2.2).
    """,
)

EL101 = Rule(
    code="EL101",
    name="unknown-kind",
    severity=Severity.ERROR,
    summary="An ioFog document has no `kind`, or one no ioFog CLI knows.",
    docs="""
    ## What it finds
    A document with an ioFog apiVersion whose `kind` is missing or is not one of the kinds the
    CLIs handle (kinds are case-sensitive: `application` is not `Application`).

    ## Why it matters
    iofogctl and potctl skip a document of unknown kind with only a warning ("Could not handle
    kind %s. Skipping document") and fail the whole file when nothing was left to deploy; the
    Controller answers "Invalid kind" (ioFog platform research §1.1, §1.2). Either way the
    resource is not deployed.

    ## Example
    ```yaml
    apiVersion: iofog.org/v3
    kind: application     # EL101: did you mean `Application`?
    ```
    """,
)

RULES = (EL005, EL101)


def classify(ctx: DocumentContext) -> str | None:
    """The document's ioFog kind, or None when there is nothing for the other rules to check."""
    data = ctx.document.data
    if data is None:
        return None  # an empty document: `---` alone, or a file of comments
    if not isinstance(data, dict):
        shape = "a list" if isinstance(data, list) else "a single value"
        ctx.report(EL005, (), f"document is {shape}, not an ioFog resource: skipped")
        return None
    api_version = data.get("apiVersion")
    kind = data.get("kind")
    group = api_group(api_version)
    ours = group in API_GROUPS or (api_version is None and kind in IOFOG_ONLY_KINDS)
    if not ours:
        described = ", ".join(
            f"{key} `{value}`"
            for key, value in (("apiVersion", api_version), ("kind", kind))
            if isinstance(value, (str, int, float))
        )
        where = ("apiVersion",) if "apiVersion" in data else ("kind",) if "kind" in data else ()
        ctx.report(
            EL005,
            where,
            f"not an ioFog resource ({described or 'no apiVersion or kind'}): skipped",
        )
        return None
    if not isinstance(kind, str) or not kind:
        where = ("kind",) if "kind" in data else ()
        ctx.report(EL101, where, "ioFog document has no `kind`: the CLIs skip it")
        return None
    if kind not in KINDS:
        ctx.report(EL101, ("kind",), f"unknown kind `{kind}`{_suggest(kind)}: the CLIs skip it")
        return None
    return kind


def _suggest(kind: str) -> str:
    by_lower = {k.lower(): k for k in KINDS}
    if kind.lower() in by_lower:
        return f" (kinds are case-sensitive: did you mean `{by_lower[kind.lower()]}`?)"
    close = difflib.get_close_matches(kind, sorted(KINDS), n=1, cutoff=0.75)
    return f" (did you mean `{close[0]}`?)" if close else ""
