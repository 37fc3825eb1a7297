"""The pipeline for one file: load, classify each document, run the rule families, sort."""

from __future__ import annotations

import time

from edgelint.config import suppression
from edgelint.config.settings import Settings
from edgelint.diagnostics import Diagnostic
from edgelint.load.loader import Document, LoadResult, load
from edgelint.load.source import DecodeError, Position, SourceFile
from edgelint.platform.kinds import API_GROUPS, api_group, application_name
from edgelint.render.budget import Budget
from edgelint.render.deployed import Deployed, deploy
from edgelint.rules import checks, codes
from edgelint.rules import semantics as semantic_rules
from edgelint.rules import yaml as yaml_rules
from edgelint.rules.context import DeploymentContext, DocumentContext
from edgelint.rules.documents import classify, quiet_foreign
from edgelint.run.results import FileResult
from edgelint.run.secrets import merged, raw_spans

# potctl's apiVersion, which no other target takes: a file that says only it is checked as
# potctl's (detect_target).
DATASANCE, DATASANCE_API = "datasance", "datasance.com/v3"

# Each family looks at a classified ioFog document, as deployed (render/deployed.py), and reports
# through the context; none depends on another having run.


def lint_bytes(path: str, raw: bytes, settings: Settings) -> FileResult:
    started = time.perf_counter()
    try:
        source = SourceFile.from_bytes(path, raw)
    except DecodeError as exc:
        return FileResult(path, None, settings.selection.apply([_undecodable(path, exc)], path))
    result = lint_source(source, settings)
    result.seconds = time.perf_counter() - started
    return result


def _loaded(source: SourceFile, settings: Settings) -> tuple[LoadResult, Settings, str | None]:
    """The file read as its target's CLI reads it; the target its apiVersion chose, if it
    chose one (no --target, no `target` configured)."""
    if settings.target_chosen:
        loaded = load(source, settings.target.reader)
        detected = None
    else:
        loaded, settings, detected = _detected(source, settings)
    if settings.target.reader.cli is not None:
        from edgelint.load.typed import decode_typed

        for document in loaded.documents:
            decode_typed(document, settings.target)  # typed Go structs: YAML 1.1 where not text
    return loaded, settings, detected


def _detected(source: SourceFile, settings: Settings) -> tuple[LoadResult, Settings, str | None]:
    """Load once with the reader of the target the text most likely names. Every CLI reader
    reads the header as its text, so the load that detects a target is as good as any other
    for that; only the values differ, and a file would otherwise be loaded twice to get them."""
    from dataclasses import replace

    from edgelint.platform.targets import get_target

    guess = get_target(DATASANCE) if DATASANCE_API in source.text else settings.target
    loaded = load(source, guess.reader)
    detected = detect_target(loaded)
    if detected is None or detected == settings.target.name:
        if guess is not settings.target:
            loaded = load(source, settings.target.reader)
        return loaded, settings, None
    settings = replace(settings, target=get_target(detected), target_chosen=True)
    if settings.target.reader != guess.reader:
        loaded = load(source, settings.target.reader)
    return loaded, settings, detected


def _templates(loaded: LoadResult) -> dict[str, Document]:
    """The file's ApplicationTemplates by name: what its deployments may deploy."""
    return {
        d.data["metadata"]["name"]: d
        for d in loaded.documents
        if isinstance(d.data, dict)
        and d.data.get("kind") == "ApplicationTemplate"
        and isinstance(d.data.get("metadata"), dict)
        and isinstance(d.data["metadata"].get("name"), str)
    }


def lint_source(source: SourceFile, settings: Settings) -> FileResult:
    loaded, settings, detected = _loaded(source, settings)
    diagnostics = list(loaded.diagnostics)
    contexts = []
    templates = _templates(loaded)
    applications = _applications(loaded)
    ports: dict[tuple[str, int], str] = {}
    application_lines: dict[str, int] = {}
    budget = Budget()  # one for all templates of the file
    for document in loaded.documents:
        if document.root is None:
            continue
        ctx = DocumentContext(
            source,
            document,
            settings,
            file_templates=templates,
            file_applications=applications,
            file_ports=ports,
            file_application_lines=application_lines,
            budget=budget,
        )
        contexts.append(ctx)
        kind = classify(ctx)
        if kind is not None:
            ctx.kind = kind
            ctx.deployed = deploy(ctx)  # what the Controller will hold, before any rule
            for check in checks():
                check(ctx)
            deployment = _deployment(ctx)
            if deployment is not None:
                for check in checks():
                    check(deployment)
                ctx.diagnostics.extend(deployment.diagnostics)
        diagnostics.extend(ctx.diagnostics)
    diagnostics = shared_once(quiet_foreign(source.text, diagnostics))
    diagnostics = suppression.apply(source, diagnostics, codes())
    skipped = sum(1 for d in diagnostics if d.code == "EL005")
    diagnostics = settings.selection.apply(diagnostics, source.path)
    diagnostics.sort(key=lambda d: d.sort_key)
    tree = []
    for ctx in contexts:
        for path in semantic_rules.secret_paths(ctx):
            node, _ = ctx.locate(path)
            tree.append((node.start, node.end))
    secrets = merged(tree, raw_spans(source.text))
    return FileResult(
        source.path, source, diagnostics, loaded, contexts, secrets, detected, skipped
    )


def shared_once(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """One finding per written value: an anchored value (`&img`) used through aliases is
    checked at every use, and each use reports at the anchor. Said once, with how many uses
    it stands for; its fix is kept when every use would be fixed the same way."""
    from dataclasses import replace

    groups: dict[tuple[str, int, int, int | None, str], list[Diagnostic]] = {}
    for d in diagnostics:
        key = (d.code, d.start_offset, d.end_offset, d.document, d.message)
        groups.setdefault(key, []).append(d)
    merged: list[Diagnostic] = []
    for group in groups.values():
        first = group[0]
        if len(group) == 1:
            merged.append(first)
            continue
        fixes = {d.fix for d in group}
        merged.append(
            replace(
                first,
                message=f"{first.message} (a value used {len(group)} times through its anchor)",
                fix=first.fix if len(fixes) == 1 else None,
            )
        )
    return merged


def detect_target(loaded: LoadResult) -> str | None:
    """`datasance` when every ioFog document says `datasance.com/v3`, which only potctl takes:
    checking such a file as iofogctl's would only say so fifteen ways."""
    versions = {
        d.data.get("apiVersion")
        for d in loaded.documents
        if isinstance(d.data, dict) and api_group(d.data.get("apiVersion")) in API_GROUPS
    }
    return DATASANCE if versions == {DATASANCE_API} else None


def _deployment(ctx: DocumentContext) -> DeploymentContext | None:
    """The application a `spec.template` deploys, for every family to check as written here."""
    deployment = ctx.deployed.deployment if ctx.deployed is not None else None
    if deployment is None or deployment.application is None:
        return None
    return DeploymentContext(
        ctx.source,
        ctx.document,
        ctx.settings,
        kind="Application",
        deployed=Deployed(deployment.application, deployment.application_render),
        file_templates=ctx.file_templates,
        file_applications=ctx.file_applications,
        file_ports=ctx.file_ports,
        file_application_lines=ctx.file_application_lines,
        budget=ctx.budget,
        parent=ctx,
        deployment=deployment,
    )


def _applications(loaded: LoadResult) -> dict[str, set[str]]:
    """Application names of the file, with their microservice names: what a Route refers to."""
    found: dict[str, set[str]] = {}
    for document in loaded.documents:
        data = document.data
        name = application_name(data)
        if name is None or data.get("kind") != "Application":
            continue
        spec = data.get("spec")
        items = spec.get("microservices") if isinstance(spec, dict) else None
        if isinstance(items, list):
            found[name] = {
                m["name"] for m in items if isinstance(m, dict) and isinstance(m.get("name"), str)
            }
    return found


def _undecodable(path: str, exc: DecodeError) -> Diagnostic:
    where = Position(exc.line, exc.column)
    rule = yaml_rules.EL006
    return Diagnostic(rule.code, rule.severity, exc.reason, path, where, where)
