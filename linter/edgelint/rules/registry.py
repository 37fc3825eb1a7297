"""`images.registry`: what the Controller will make of it, checked against the registry snapshot."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from edgelint import javascript
from edgelint.diagnostics import Applicability, Edit, Fix, Severity
from edgelint.load.nodes import PathPart, ScalarNode
from edgelint.platform.kinds import microservices
from edgelint.platform.registries import (
    ALIASES,
    DOCKER_HUB,
    RegistryEntry,
    controller_registry_id,
    image_host,
    is_valid_id,
    looks_like_url,
    registry_host,
)
from edgelint.rules.base import Rule

if TYPE_CHECKING:
    from edgelint.rules.context import DocumentContext

_SOURCE = (
    "eclipse-iofog/Controller `src/services/yaml-parser-service.js` `parseMicroserviceImages` "
    "(3.0.4, identical in Datasance 3.7.3)"
)

EL301 = Rule(
    code="EL301",
    name="registry-alias",
    severity=Severity.WARNING,
    fix=Applicability.SAFE,
    summary="`images.registry` uses an alias (`remote`, `local`) instead of the registry ID.",
    docs=f"""
    ## What it finds
    `registry: remote` or `registry: local` under a microservice's `images`.

    ## Why it matters
    The Controller maps the two aliases to the seeded registries, `remote` to 1
    (registry.hub.docker.com) and `local` to 2 (from_cache, the agent's image cache), with
    `{{remote: 1, local: 2}}[value] || Number(value)` ({_SOURCE}). The aliases work, but only
    these two exist: every other registry must be written as its ID, and `iofogctl describe`
    writes private registries back as `""` (see EL310). Writing IDs everywhere keeps a file
    readable against `edgectl registry list`.

    ## Example
    ```yaml
    images:
      x86: edgeworx/healthcare-heart-rate:x86-v1
      registry: remote     # EL301 → registry: 1
    ```

    ## Fix (safe)
    The alias is replaced by its ID (`remote` → `1`, `local` → `2`); the Controller stores the
    same registryId before and after. Nothing else on the line changes: not the comment, not the
    spacing, not the flow style.
    """,
)

EL302 = Rule(
    code="EL302",
    name="registry-id-not-integer",
    severity=Severity.WARNING,
    fix=Applicability.SAFE,
    summary='`images.registry` is an ID written as a string, a float or a boolean (`"3"`).',
    docs=f"""
    ## What it finds
    A registry ID the Controller only understands because JavaScript's `Number()` converts it:
    `"3"`, `' 3 '`, `"0x3"`, `3.0`, `true` (which is 1).

    ## Why it matters
    The Controller resolves `Number(value)` ({_SOURCE}), so these are accepted — by accident.
    iofogctl 2.x parsed the same field with `strconv.Atoi` and rejected the hex, float and
    padded forms (eclipse-iofog/iofog-go-sdk `pkg/apps/utils.go`, branch `release/2.0`), and
    tools reading the file do not agree on what `"0x3"` means.

    ## Example
    ```yaml
    images:
      registry: "3"     # EL302 → registry: 3
    ```

    ## Fix (safe)
    The value becomes the integer the Controller computes from it, so the stored registryId is
    unchanged.
    """,
)

EL303 = Rule(
    code="EL303",
    name="registry-not-in-snapshot",
    severity=Severity.ERROR,
    summary="`images.registry` is an ID that the registry snapshot does not have.",
    docs=f"""
    ## What it finds
    A registry ID (written directly, as a string or through an alias) that is not in the
    registry snapshot: the built-in default (1 = registry.hub.docker.com, 2 = from_cache) or the
    file given with `--registries` (the JSON that `edgectl registry list` prints, or the
    Controller API's `{{"registries": [...]}}`).

    ## Why it matters
    The Controller looks the ID up and rejects the microservice with `Invalid registry id '3'`
    ({_SOURCE}; `_createMicroservice` in `src/services/microservices-service.js`). A private
    registry exists only on the Controller where it was created, so a file that deploys on one
    cluster fails on the next.

    ## Example
    ```yaml
    images:
      x86: gcr.io/my-org/my-private-image:latest
      registry: 3       # EL303 unless the snapshot has registry 3
    ```
    Check against your cluster: `edgectl registry list > registries.json`, then
    `edgelint lint --registries registries.json app.yaml`.

    ## Fix
    No automatic fix: the right ID depends on your cluster. Pass your registries with
    `--registries` and use an ID they have, or 1 (Docker Hub); `edgelint fix` does not change it.
    """,
)

EL304 = Rule(
    code="EL304",
    name="registry-unresolvable",
    severity=Severity.ERROR,
    fix=Applicability.UNSAFE,
    summary="`images.registry` is a value the Controller cannot resolve (`Remote`, `docker`).",
    docs=f"""
    ## What it finds
    A registry value that is neither an alias nor a number: `Remote` (aliases are lower-case),
    `docker`, `hub`, `3.5`, a list or a mapping, or a Liquid template (`images.registry` is
    resolved before templates are rendered).

    ## Why it matters
    `{{remote: 1, local: 2}}[value] || Number(value)` gives `NaN` for these, and the Controller
    rejects the request: `Field 'microservices[0].registryId' is not of a type(s) integer`
    ({_SOURCE}).

    ## Example
    ```yaml
    images:
      registry: Remote    # EL304: did you mean `remote` (1)?
    ```

    ## Fix (unsafe)
    When one reading is obvious — a capitalised alias, or a word for Docker Hub such as `docker` —
    the value is replaced by that registry's ID. It is unsafe because the Controller rejects the
    file today: the fix changes what would happen, so it is applied only with `--unsafe-fixes`.
    """,
)

EL305 = Rule(
    code="EL305",
    name="registry-as-url",
    severity=Severity.ERROR,
    fix=Applicability.SAFE,
    summary="`images.registry` names a registry by URL; the Controller needs its ID.",
    docs=f"""
    ## What it finds
    `registry: gcr.io`, `registry: https://registry.hub.docker.com`, `registry: from_cache`: a
    registry written the way `edgectl registry list` shows its URL.

    ## Why it matters
    The Controller only knows `remote`, `local` and IDs: `Number("gcr.io")` is `NaN` and the
    microservice is rejected as not an integer ({_SOURCE}).

    ## Example
    ```yaml
    images:
      registry: gcr.io    # EL305 → registry: 3 when the snapshot's only gcr.io entry is 3
    ```

    ## Fix
    Safe when exactly one snapshot entry has that URL (scheme, case and a trailing slash
    aside): the value becomes its ID. When the URL only names the same host another way (such as
    `docker.io` for registry.hub.docker.com), the fix is unsafe.
    """,
)

EL306 = Rule(
    code="EL306",
    name="image-registry-mismatch",
    severity=Severity.WARNING,
    summary="An image's registry host differs from the URL of the registry it is pulled with.",
    docs="""
    ## What it finds
    An image whose host is not the host of its microservice's registry: `gcr.io/...` on
    registry 1 (Docker Hub, the default when `registry` is absent), or `my-org/app` (a Docker Hub
    image) on a private `gcr.io` registry. Images on registry 2 (from_cache) are not compared:
    they come from the agent's cache.

    ## Why it matters
    The agent pulls the image with the registry's credentials (the registry model in
    eclipse-iofog/Controller `src/data/models/registry.js`; the Edgeworx Cloud "Registries"
    page, edgeworx/docs `content/en/docs/apps/registries.md`): on public registry 1 it pulls
    anonymously, which works only while the image is public; on a private registry whose URL is
    another host, the login is for the wrong host and a private image fails to pull — on the
    edge node, after deploy.

    ## Example
    ```yaml
    images:
      x86: gcr.io/my-org/my-private-image:latest
      registry: 1        # EL306: gcr.io image pulled with registry 1 (registry.hub.docker.com)
    ```

    An image of another host on public registry 1, when the registry snapshot has no registry
    for that host, is an info, not a warning: a public image (`ghcr.io/datasance/...`) pulls
    anonymously, and the note is there for when it turns private.

    ## Fix
    No automatic fix: set `registry` to the ID of the registry whose URL is the image's host (the
    message names it when the snapshot has one), or correct the image; `edgelint fix` does not
    change it.
    """,
)

EL310 = Rule(
    code="EL310",
    name="registry-empty",
    severity=Severity.WARNING,
    summary='`images.registry` is empty (`""`): silently registry 1 on create.',
    docs=f"""
    ## What it finds
    `registry: ""` — what `iofogctl describe` and `potctl describe` write for a microservice on
    a private registry, because they map only IDs 1 and 2 back to names — and the other values
    JavaScript's `Number()` turns into 0 (`0`, `"0"`, `false`, `" "`).

    ## Why it matters
    The Controller computes 0 and treats it as no registry: on create the microservice silently
    gets registry 1 (Docker Hub), on update it keeps whatever it had ({_SOURCE}; `describe`
    maps IDs back in eclipse-iofog/iofogctl `internal/describe/utils.go`). A
    described-then-redeployed application moves off its private registry without an error.

    ## Example
    ```yaml
    images:
      x86: gcr.io/my-org/app:1.2
      registry: ""       # EL310: write the private registry's ID
    ```

    ## Fix
    No automatic fix: only your cluster knows which private registry was meant. Replace the value
    with its ID from `edgectl registry list`; `edgelint fix` does not change it.
    """,
)

RULES = (EL301, EL302, EL303, EL304, EL305, EL306, EL310)

_DOCKER_HUB_WORDS = frozenset({"docker", "dockerhub", "docker-hub", "docker_hub", "hub"})


def check(ctx: DocumentContext) -> None:
    for path, microservice in microservices(ctx.kind, ctx.data):
        images = microservice.get("images")
        if not isinstance(images, dict):
            continue
        if javascript.number(images.get("catalogId")) > 0:
            continue  # `catalogId > 0`: the Controller ignores images and registry altogether
        images_path = (*path, "images")
        entry = _check_registry(ctx, images_path, images)
        if entry is not None:
            _check_image_hosts(ctx, images_path, images, entry)


def _check_registry(
    ctx: DocumentContext, images_path: tuple[PathPart, ...], images: dict[str, Any]
) -> RegistryEntry | None:
    """Report what is wrong with `registry`; return the registry the microservice will use."""
    snapshot = ctx.settings.registries
    value = images.get("registry")
    path = (*images_path, "registry")
    if value is None:
        entry = snapshot.get(1)
        if entry is None:
            ctx.report(
                EL303,
                images_path,
                "no `registry`, so the Controller uses registry 1, which is not in the "
                f"registry snapshot ({snapshot.describe()})",
            )
        return entry
    shown = _show(value)
    if isinstance(value, str) and ("{{" in value or "{%" in value):
        ctx.report(
            EL304,
            path,
            f"registry {shown} is a Liquid template, but `images.registry` is resolved before "
            "templates are rendered: the Controller computes Number() of the template text, "
            f"gets NaN and rejects the microservice (\"Field '{_field(path)}' is not of a "
            'type(s) integer"); write a registry ID',
        )
        return None
    if isinstance(value, str) and value in ALIASES:
        registry_id = ALIASES[value]
        entry = snapshot.get(registry_id)
        url = f" ({entry.url})" if entry else ""
        _report_fixable(
            ctx,
            EL301,
            path,
            f"registry alias `{value}` means registry {registry_id}{url}; write the ID",
            str(registry_id),
        )
        if entry is None:
            _not_in_snapshot(ctx, path, registry_id)
        return entry
    if isinstance(value, (dict, list)):
        ctx.report(
            EL304,
            path,
            f"`registry` is {'a mapping' if isinstance(value, dict) else 'a list'}; it must be a "
            f"registry ID, `remote` or `local` ({_choices(ctx)})",
        )
        return None
    number = controller_registry_id(value)
    if not is_valid_id(number):
        _unresolvable(ctx, path, value)
        return None
    registry_id = int(number)
    if registry_id == 0:
        _empty(ctx, path, value)
        return None
    written = _plain_text(ctx, path, value)
    canonical = isinstance(value, int) and not isinstance(value, bool)
    canonical = canonical and written in (None, str(value))
    if not canonical and registry_id > 0:
        shown = _written_as(value) if written is None else _written_as_text(written)
        _report_fixable(
            ctx,
            EL302,
            path,
            f"registry ID written as {shown}: the Controller reads it as "
            f"`{registry_id}` through JavaScript's Number(); write `registry: {registry_id}`",
            str(registry_id),
        )
    entry = snapshot.get(registry_id)
    if entry is None:
        _not_in_snapshot(ctx, path, registry_id)
    return entry


def _not_in_snapshot(ctx: DocumentContext, path: tuple[PathPart, ...], registry_id: int) -> None:
    snapshot = ctx.settings.registries
    hint = (
        "; pass your cluster's registries with --registries (the output of `edgectl registry list`)"
        if snapshot.origin.startswith("the built-in")
        else ""
    )
    ctx.report(
        EL303,
        path,
        f"registry {registry_id} is not in the registry snapshot ({snapshot.describe()}): the "
        f"Controller rejects it with \"Invalid registry id '{registry_id}'\"{hint}",
    )


def _plain_text(ctx: DocumentContext, path: tuple[PathPart, ...], value: Any) -> str | None:
    """The text of an unquoted number as written (`3.0`, `0x3`, which the CLI sends as 3)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    from edgelint.load.nodes import ScalarNode

    node = ctx.locate(path)[0].target
    if isinstance(node, ScalarNode) and node.plain and node.data == value:
        return node.value
    return None


def _written_as_text(text: str) -> str:
    looks_float = any(c in text for c in ".eE") and not text.lower().startswith("0x")
    return f"a float (`{_cut(text)}`)" if looks_float else f"`{_cut(text)}`"


def _as_written(ctx: DocumentContext, path: tuple[PathPart, ...], value: Any) -> Any:
    """A number the CLI read from text (`0x` and 4,000 digits is Infinity to the Controller)
    is shown as the file has it."""
    if not isinstance(value, float):
        return value
    from edgelint.load.nodes import ScalarNode

    node = ctx.locate(path)[0].target
    if isinstance(node, ScalarNode) and isinstance(node.data, float):
        return node.value
    return value


def _unresolvable(ctx: DocumentContext, path: tuple[PathPart, ...], value: Any) -> None:
    snapshot = ctx.settings.registries
    shown = _show(_as_written(ctx, path, value))
    number = javascript.number(value)
    rejected = (
        "the Controller gets NaN from Number() and rejects the microservice"
        if math.isnan(number)
        else f"the Controller reads {javascript.number_to_string(number)}, not an integer ID, "
        "and rejects the microservice"
    )
    if isinstance(value, str) and (looks_like_url(value) or snapshot.with_url(value)):
        exact = snapshot.with_url(value)
        same_host = snapshot.with_host(registry_host(value))
        if len(exact) == 1:
            entry = exact[0]
            _report_fixable(
                ctx,
                EL305,
                path,
                f"registry given by URL {shown}: {rejected}; it is registry {entry.id}",
                str(entry.id),
            )
        elif not exact and len(same_host) == 1:
            entry = same_host[0]
            _report_fixable(
                ctx,
                EL305,
                path,
                f"registry given by URL {shown}: {rejected}; the snapshot has that host as "
                f"registry {entry.describe()}",
                str(entry.id),
                Applicability.UNSAFE,
            )
        else:
            found = (
                f"{len(exact)} snapshot entries have that URL: "
                + ", ".join(e.describe() for e in exact)
                if exact
                else f"no snapshot entry has that URL ({_choices(ctx)})"
            )
            ctx.report(EL305, path, f"registry given by URL {shown}: {rejected}; {found}")
        return
    suggestion: tuple[int, str] | None = None
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ALIASES:
            suggestion = (ALIASES[word], f"aliases are lower-case: `{word}` is {ALIASES[word]}")
        elif word in _DOCKER_HUB_WORDS:
            hub = snapshot.with_host(DOCKER_HUB)
            if len(hub) == 1:
                suggestion = (hub[0].id, f"Docker Hub is registry {hub[0].describe()}")
    if suggestion is not None:
        registry_id, why = suggestion
        _report_fixable(
            ctx,
            EL304,
            path,
            f"registry {shown} cannot be resolved: {rejected}; {why}",
            str(registry_id),
            Applicability.UNSAFE,
        )
        return
    ctx.report(
        EL304,
        path,
        f"registry {shown} cannot be resolved: {rejected}; use a registry ID ({_choices(ctx)})",
    )


def _empty(ctx: DocumentContext, path: tuple[PathPart, ...], value: Any) -> None:
    if value == "":
        what = (
            '`registry: ""` (what `iofogctl describe` writes for a private registry) means no '
            "registry"
        )
    else:
        what = f"registry {_show(value)} is 0 to the Controller, which means no registry"
    ctx.report(
        EL310,
        path,
        f"{what}: on create the Controller silently uses registry 1 (Docker Hub), on update it "
        "keeps the previous registry; write the registry's ID",
    )


def _check_image_hosts(
    ctx: DocumentContext,
    images_path: tuple[PathPart, ...],
    images: dict[str, Any],
    entry: RegistryEntry,
) -> None:
    expected_host = entry.host
    if expected_host is None:
        return  # from_cache: the image comes from the agent's cache, whatever its name
    for arch, image in images.items():
        if arch in ("registry", "catalogId", "catalogItemId") or not isinstance(image, str):
            continue
        if not image.strip() or "{{" in image or "{%" in image or "://" in image:
            continue  # nothing to compare, or not a reference at all (EL309 says so)
        host = image_host(image)
        if host == expected_host:
            continue
        origin = "Docker Hub (it names no registry host)" if host == DOCKER_HUB else f"`{host}`"
        if entry.is_public is not False and expected_host == DOCKER_HUB:
            consequence = (
                "the agent pulls it without credentials, which works only while the image is public"
            )
        else:
            consequence = f"the agent logs in to {entry.url}, not to the image's host"
        matches = ctx.settings.registries.with_host(host)
        hint = (
            f"; registry {matches[0].describe()} is that host"
            if len(matches) == 1 and matches[0].id != entry.id
            else ""
        )
        # A public image on public registry 1 pulls fine; it is worth a word only when the
        # snapshot has a registry for its host (its credentials are then not used).
        anonymous = entry.is_public is not False and expected_host == DOCKER_HUB
        ctx.report(
            EL306,
            (*images_path, arch),
            f"image `{image}` comes from {origin} but is pulled with registry "
            f"{entry.describe()}: {consequence}{hint}",
            severity=Severity.INFO if anonymous and not matches else None,
        )


def _report_fixable(
    ctx: DocumentContext,
    rule: Rule,
    path: tuple[PathPart, ...],
    message: str,
    content: str,
    applicability: Applicability = Applicability.SAFE,
) -> None:
    """Report with a fix that rewrites the value's own characters, when that is exact.

    No fix for an anchored or aliased value (the edit would change every place sharing it) or
    for a block scalar (its span owns the line breaks that follow it); the message says so.
    """
    node, _ = ctx.locate(path)
    if isinstance(node, ScalarNode) and not node.shared and node.style not in ("|", ">"):
        written = ctx.source.text[node.start : node.end]
        fix = Fix(
            f"replace `{written}` with `{content}`",
            (Edit(node.start, node.end, content),),
            applicability,
        )
        ctx.report(rule, path, message, fix=fix)
        return
    reason = "it is shared through a YAML anchor" if node.shared else "it is a block scalar"
    ctx.report(rule, path, f"{message} (not fixed automatically: {reason})")


def _field(path: tuple[PathPart, ...]) -> str:
    """How the Controller's validator names the registry it rejects: `microservices[0].registryId`
    for an application's, `registryId` for a Microservice document's."""
    index = next((p for p in path if isinstance(p, int)), None)
    return "registryId" if index is None else f"microservices[{index}].registryId"


def _choices(ctx: DocumentContext) -> str:
    return ctx.settings.registries.describe()


def _show(value: Any) -> str:
    if isinstance(value, str):
        value = _cut(value)
        return f'`"{value}"`' if value.strip() != value or not value else f"`{value}`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def _cut(text: str) -> str:
    """A value as a message quotes it: a 5,000-character registry is not worth 5,000 again."""
    return text if len(text) <= 60 else f"{text[:40]}… ({len(text):,} characters)"


def _written_as(value: Any) -> str:
    if isinstance(value, str):
        return f'a string (`"{_cut(value)}"`)'
    if isinstance(value, bool):
        return f"a boolean (`{str(value).lower()}`)"
    return f"a float (`{value}`)"
