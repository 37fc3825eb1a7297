"""yaml-language-server (npm, the server behind VS Code's YAML extension, Neovim's and Helix's
yamlls) driven over stdio by pygls's LSP client, as an editor drives it: initialize, answer its
configuration requests, open documents, collect the diagnostics it publishes."""

from __future__ import annotations

import asyncio
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient


@dataclass(frozen=True)
class EditorDiagnostic:
    line: int  # 1-based, as edgelint reports
    column: int
    end_line: int
    end_column: int
    message: str
    severity: str
    from_schema: bool  # the schema's, not a YAML syntax problem of the server's own parser


def server_command(harness: Path) -> list[str]:
    node = shutil.which("node")
    assert node is not None
    return [node, str(harness / "node_modules/yaml-language-server/bin/yaml-language-server")]


def diagnostics(
    command: list[str], documents: dict[Path, str], settings: dict[str, Any], timeout: float = 60
) -> dict[Path, list[EditorDiagnostic]]:
    """What the server publishes for each document (opened with the given text)."""
    return asyncio.run(_diagnostics(command, documents, settings, timeout))


async def _diagnostics(
    command: list[str], documents: dict[Path, str], settings: dict[str, Any], timeout: float
) -> dict[Path, list[EditorDiagnostic]]:
    client = LanguageClient("edgelint-tests", "1")
    published: dict[str, list[lsp.Diagnostic]] = {}
    every = asyncio.Event()
    by_uri = {path.resolve().as_uri(): path for path in documents}

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _published(params: lsp.PublishDiagnosticsParams) -> None:
        if params.uri in by_uri:
            published[params.uri] = list(params.diagnostics)
            if len(published) == len(by_uri):
                every.set()

    @client.feature(lsp.WORKSPACE_CONFIGURATION)
    def _configuration(params: lsp.ConfigurationParams) -> list[Any]:
        return [settings if item.section == "yaml" else None for item in params.items]

    await client.start_io(*command, "--stdio")
    try:
        capabilities = lsp.ClientCapabilities(
            workspace=lsp.WorkspaceClientCapabilities(configuration=True)
        )
        await client.initialize_async(lsp.InitializeParams(capabilities=capabilities))
        client.initialized(lsp.InitializedParams())
        client.workspace_did_change_configuration(
            lsp.DidChangeConfigurationParams(settings={"yaml": settings})
        )
        for uri, path in by_uri.items():
            item = lsp.TextDocumentItem(uri, "yaml", 1, documents[path])
            client.text_document_did_open(lsp.DidOpenTextDocumentParams(item))
        await asyncio.wait_for(every.wait(), timeout)
        await client.shutdown_async(None)
        client.exit(None)
    finally:
        await client.stop()
    return {by_uri[uri]: [_plain(d) for d in found] for uri, found in published.items()}


def _plain(diagnostic: lsp.Diagnostic) -> EditorDiagnostic:
    start, end = diagnostic.range.start, diagnostic.range.end
    severity = diagnostic.severity or lsp.DiagnosticSeverity.Error
    return EditorDiagnostic(
        start.line + 1,
        start.character + 1,
        end.line + 1,
        end.character + 1,
        diagnostic.message,
        severity.name.lower(),
        (diagnostic.source or "").startswith("yaml-schema"),
    )
