"""Which documents are ioFog resources at all: the gate every other family sits behind."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from edgelint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from edgelint.platform.kinds import API_GROUPS, IOFOG_ONLY_KINDS, KINDS, api_group
from edgelint.platform.targets import TARGETS, Target, fitting_targets
from edgelint.rules.base import Rule

if TYPE_CHECKING:
    from edgelint.rules.context import DocumentContext

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
    Nothing, for the platform: such a document never fails a run, not even with a duplicate key
    or a syntax error of its own (those are other tools' to report). The rule is opt-in: the
    summary counts the skipped documents (`3 non-ioFog documents skipped`), so that a file that
    was meant to be checked and was not (a misspelt `apiVersion`) does not go unnoticed, and
    `--show-skipped` (or `extend-select = ["EL005"]`; `ALL` does not include it) lists each one.
    A document belongs to ioFog when
    its apiVersion group is `iofog.org` or `datasance.com`, or when it has no apiVersion and a
    kind only ioFog uses (`Application`, `Microservice`, `Registry`, ... — the kinds of
    eclipse-iofog/iofogctl `internal/config/types.go` and Datasance/potctl
    `internal/config/types.go`).

    ## Example
    ```yaml
    apiVersion: iofog.io/v3   # EL005: not an ioFog resource: skipped
    kind: Application
    ```

    ## Fix
    Nothing to fix when the document belongs to another tool: `edgelint fix` leaves it alone.
    When it was meant for ioFog, correct its `apiVersion` by hand (`iofog.org/v3`, or the
    target's).
    """,
)

EL101 = Rule(
    code="EL101",
    name="unknown-kind",
    severity=Severity.ERROR,
    summary="An ioFog document has no `kind`, or one the target's CLI does not deploy.",
    docs="""
    ## What it finds
    A document with an ioFog apiVersion whose `kind` is missing or is not one of the kinds the
    CLIs handle (kinds are case-sensitive: `application` is not `Application`), and kinds the
    target's CLI does not deploy: `Secret`, `ConfigMap`, `Service` and `VolumeMount` exist only
    for potctl (target `datasance`), `Route` only for iofogctl (eclipse-iofog/iofogctl
    `internal/config/types.go`; Datasance/potctl `internal/deploy/execute.go`,
    `buildKindHandlers`).

    ## Why it matters
    iofogctl and potctl skip a document of unknown kind with only a warning ("Could not handle
    kind %s. Skipping document") and fail the whole file when nothing was left to deploy; the
    Controller answers "Invalid kind" (eclipse-iofog/iofogctl `internal/execute/utils.go`;
    eclipse-iofog/Controller `src/services/yaml-parser-service.js`). Either way the resource is
    not deployed.

    ## Example
    ```yaml
    apiVersion: iofog.org/v3
    kind: application     # EL101: did you mean `Application`?
    ```

    ## Fix
    No automatic fix: correct the `kind` by hand (the message suggests the closest known kind),
    or deploy with a target whose CLI has that kind (`--target datasance` for `Secret`);
    `edgelint fix` does not change it.
    """,
)

EL102 = Rule(
    code="EL102",
    name="wrong-api-version",
    severity=Severity.ERROR,
    summary="The `apiVersion` is not the one the target's CLI accepts.",
    docs="""
    ## What it finds
    A document whose `apiVersion` is not exactly what the target's CLI accepts: iofogctl 3.x
    takes `iofog.org/v3` only, iofogctl 2.x `iofog.org/v2`, potctl `datasance.com/v3`, edgectl
    `iofog.org/v2` or `iofog.org/v3`. The message names the target the file was written for
    (a `datasance.com/v3` file under `--target iofog-3` fits `--target datasance`).

    ## Why it matters
    The CLIs compare the apiVersion as an exact string and refuse the file before anything is
    sent; the Controller does not look at it (`ValidateHeader` in eclipse-iofog/iofogctl
    `internal/config/config.go`). The iofog.org v3 documentation still prints `iofog.org/v2`
    everywhere (eclipse-iofog/iofog.org `content/docs/3/`), and users hit exactly this
    (https://github.com/eclipse-iofog/iofogctl/issues/183).

    ## Example
    ```yaml
    apiVersion: iofog.org/v2   # EL102 under --target iofog-3: iofogctl 3.x takes iofog.org/v3
    kind: Application
    ```

    ## Fix
    Replaces the value with the target's apiVersion, keeping its quotes, when both are the same
    platform's (`iofog.org/v2` → `iofog.org/v3`; unsafe: the document may hold fields the
    target's platform reads differently; the schema rules then say which). One platform's
    apiVersion is never rewritten into another's: a `datasance.com/v3` file is potctl's, and
    `--target datasance` (chosen by itself when every document says so) is the remedy.
    """,
    fix=Applicability.UNSAFE,
)

RULES = (EL005, EL101, EL102)


def quiet_foreign(text: str, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """A document that is not an ioFog resource never fails a run: a workflow's duplicate key
    (EL002) is dropped where the document is skipped (EL005), and a syntax error (EL001) in a
    document that names no ioFog apiVersion or kind becomes its EL005."""
    skipped = {d.document for d in diagnostics if d.code == EL005.code}
    kept: list[Diagnostic] = []
    for d in diagnostics:
        if d.code == "EL002" and d.document in skipped:
            continue
        if d.code == "EL001" and not _names_iofog(_document_text(text, d.start_offset)):
            problem = d.message.removeprefix("YAML syntax error: ")
            d = replace(
                d,
                code=EL005.code,
                severity=EL005.severity,
                message=f"not an ioFog resource, nor valid YAML: skipped ({problem})",
                fix=None,
            )
        kept.append(d)
    return kept


def _document_text(text: str, offset: int) -> str:
    """The text of the document around an offset: from the `---` line before it to the next."""
    start = text.rfind("\n---", 0, offset)
    end = text.find("\n---", offset)
    return text[start + 1 if start >= 0 else 0 : end if end >= 0 else len(text)]


def _names_iofog(text: str) -> bool:
    import re

    if "iofog.org/" in text or "datasance.com/" in text:
        return True
    kinds = "|".join(sorted(IOFOG_ONLY_KINDS))
    return re.search(rf"^\s*kind:\s*['\"]?(?:{kinds})\b", text, re.MULTILINE) is not None


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
    ours = group in API_GROUPS or (
        api_version is None and isinstance(kind, str) and kind in IOFOG_ONLY_KINDS
    )
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
            f"not an ioFog resource ({described or _shapeless(data)}): skipped",
        )
        return None
    if not isinstance(kind, str) or not kind:
        where = ("kind",) if "kind" in data else ()
        ctx.report(EL101, where, "ioFog document has no `kind`: the CLIs skip it")
        return None
    if kind not in KINDS:
        ctx.report(EL101, ("kind",), f"unknown kind `{kind}`{_suggest(kind)}: the CLIs skip it")
        return None
    target = ctx.settings.target
    if kind not in target.kinds:
        ctx.report(EL101, ("kind",), _not_deployed(kind, target))
        return None
    if target.checks_api_version and api_version not in target.api_versions:
        _wrong_api_version(ctx, api_version, target)
    return kind


def _shapeless(data: dict[str, object]) -> str:
    if "kind" in data or "apiVersion" in data:
        return "its apiVersion and kind are not names"
    return "no apiVersion or kind"


def _not_deployed(kind: str, target: Target) -> str:
    others = [t.name for t in TARGETS.values() if kind in t.kinds]
    if len(others) > 1:
        where = f"; targets {', '.join(others[:-1])} and {others[-1]} deploy it"
    else:
        where = f"; target {others[0]} deploys it" if others else ""
    return f"{target.cli} (target {target.name}) does not deploy kind `{kind}`{where}"


def _wrong_api_version(ctx: DocumentContext, api_version: object, target: Target) -> None:
    wanted = " or ".join(f"`{v}`" for v in target.api_versions)
    accepts = f"{target.cli} (target {target.name}) accepts only {wanted}"
    if api_version is None:
        ctx.report(EL102, ("kind",), f"no `apiVersion`: {accepts}")
        return
    shown = f"`{api_version}`" if isinstance(api_version, (str, int, float)) else "this"
    fits = [t.name for t in fitting_targets(api_version)]
    if fits:
        hint = f"; the file fits target {' or '.join(fits)} (--target {fits[0]})"
    elif api_version == "iofog.org/v1":
        hint = "; `iofog.org/v1` is iofogctl 1.x's, which no target supports"
    else:
        hint = ""
    fix = None
    replacement = target.api_versions[-1]
    # Only a version within the same platform: `datasance.com/v3` → `iofog.org/v3` would trade
    # one refusal for another's (potctl takes only its own group).
    if ctx.document.root is not None and api_group(api_version) == api_group(replacement):
        node, _ = ctx.locate(("apiVersion",))
        quote = getattr(node.target, "style", None)
        written = f"{quote}{replacement}{quote}" if quote in ('"', "'") else replacement
        fix = Fix(
            f"set apiVersion to `{replacement}`",
            (Edit(node.start, node.end, written),),
            Applicability.UNSAFE,
        )
    ctx.report(EL102, ("apiVersion",), f"apiVersion {shown} is refused: {accepts}{hint}", fix=fix)


def _suggest(kind: str) -> str:
    by_lower = {k.lower(): k for k in KINDS}
    if kind.lower() in by_lower:
        return f" (kinds are case-sensitive: did you mean `{by_lower[kind.lower()]}`?)"
    import difflib  # only for a kind edgelint does not know

    close = difflib.get_close_matches(kind, sorted(KINDS), n=1, cutoff=0.75)
    return f" (did you mean `{close[0]}`?)" if close else ""
