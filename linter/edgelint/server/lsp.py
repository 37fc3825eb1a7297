"""The language server: each open YAML document linted as `edgelint lint` lints the file at its
path (the same configuration discovery, target, snapshots and suppression comments), on open,
on save, and after a pause in typing.

A document is linted in this process with the checking machinery imported once; a burst of
changes gives one lint (a quarter second after the last); the lint limits of the command line
(file size, template budget, alias bombs) apply, so a hostile document cannot hang the server;
an unexpected error in one lint is logged to the client and the server goes on.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from edgelint import __version__
from edgelint.server.positions import Offsets, lines_of, lsp_position

if TYPE_CHECKING:
    from edgelint.config.project import Project
    from edgelint.diagnostics import Diagnostic

DEBOUNCE_SECONDS = 0.25
DOCS = "https://github.com/edgelint/edgelint/blob/main/docs/rules.md#"
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


class EdgelintServer(LanguageServer):
    """The server and what it keeps between lints: the project (configurations and snapshots,
    read once) and each document's pending lint."""

    def __init__(self) -> None:
        super().__init__("edgelint", __version__, types.TextDocumentSyncKind.Incremental)
        self.project: Project | None = None
        self.pending: dict[str, asyncio.TimerHandle] = {}
        # What the last lint of each document found, and the text it found it in.
        self.found: dict[str, tuple[str, list[Diagnostic]]] = {}

    def cancel_pending(self, uri: str) -> None:
        """Forget a lint waiting for the typing to pause (a newer change or a close)."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()

    def settings_project(self) -> Project:
        if self.project is None:
            from edgelint.config.options import Options
            from edgelint.config.project import Project

            self.project = Project(Options())
        return self.project


def to_lsp(diagnostic: Diagnostic, lines: list[str]) -> types.Diagnostic:
    start = lsp_position(lines, diagnostic.start.line, diagnostic.start.column)
    end = lsp_position(lines, diagnostic.end.line, diagnostic.end.column)
    if end <= start:
        end = (start[0], start[1] + 1)
    return types.Diagnostic(
        range=types.Range(types.Position(*start), types.Position(*end)),
        message=diagnostic.message,
        severity=_SEVERITY.get(diagnostic.severity.value, types.DiagnosticSeverity.Error),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=DOCS + diagnostic.code.lower()),
        source="edgelint",
    )


def lint_document(server: EdgelintServer, uri: str) -> None:
    """Lint the document as it is now and publish what lint finds (nothing for a document
    that is not YAML or not a file)."""
    document = server.workspace.get_text_document(uri)
    path = _path_of(uri)
    if path is None or path.suffix.lower() not in (".yaml", ".yml"):
        return
    try:
        found = _lint(server, path, document.source)
    except Exception as exc:  # one lint's failure is the client's log, never the server's end
        from edgelint.run.crash import describe

        server.window_log_message(
            types.LogMessageParams(types.MessageType.Error, describe(exc, str(path)))
        )
        return
    lines = lines_of(document.source)
    server.found[uri] = (document.source, found)
    server.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(
            uri=uri, version=document.version, diagnostics=[to_lsp(d, lines) for d in found]
        )
    )


def code_actions(server: EdgelintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """Each fix of a finding in the range as a quick fix: the very edits `edgelint fix` splices
    (safe ones preferred; unsafe ones say so, as `--unsafe-fixes` would apply them)."""
    uri = params.text_document.uri
    text, found = server.found.get(uri, ("", []))
    if (
        uri not in server.workspace.text_documents
        or server.workspace.get_text_document(uri).source != text
    ):
        return []  # changed since its last lint: the next one offers the fixes again
    offsets = Offsets(text)
    shift = 1 if text.startswith("\ufeff") else 0  # edgelint's offsets leave out a BOM
    lines = lines_of(text)
    wanted = params.range
    actions = []
    for diagnostic in found:
        shown = to_lsp(diagnostic, lines)
        if diagnostic.fix is None or not _overlaps(shown.range, wanted):
            continue
        fix = diagnostic.fix
        edits = [
            types.TextEdit(
                range=types.Range(
                    types.Position(*offsets.position(edit.start + shift)),
                    types.Position(*offsets.position(edit.end + shift)),
                ),
                new_text=edit.content,
            )
            for edit in fix.edits
        ]
        safe = fix.applicability.value == "safe"
        actions.append(
            types.CodeAction(
                title=f"{diagnostic.code}: {fix.message}" + ("" if safe else " (unsafe fix)"),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[shown],
                is_preferred=safe,
                edit=types.WorkspaceEdit(changes={uri: edits}),
            )
        )
    return actions


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(position: types.Position) -> tuple[int, int]:
        return position.line, position.character

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _lint(server: EdgelintServer, path: Path, text: str) -> list[Diagnostic]:
    from edgelint.run.inputs import Input, TooLarge
    from edgelint.run.lint import lint_bytes
    from edgelint.run.runner import too_large

    settings = server.settings_project().settings_for(Input(str(path), path))
    raw = text.encode("utf-8", "surrogatepass")
    if len(raw) > settings.max_file_size:  # not read, as lint refuses it: its EL004
        refused = TooLarge(len(raw), settings.max_file_size)
        return too_large(str(path), refused, settings).diagnostics
    return lint_bytes(str(path), raw, settings).diagnostics


def _path_of(uri: str) -> Path | None:
    parts = urlsplit(uri)
    if parts.scheme != "file":
        return None
    return Path(unquote(parts.path))


def build() -> EdgelintServer:
    server = EdgelintServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def _opened(ls: EdgelintServer, params: types.DidOpenTextDocumentParams) -> None:
        lint_document(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def _changed(ls: EdgelintServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel_pending(uri)
        loop = asyncio.get_running_loop()
        ls.pending[uri] = loop.call_later(DEBOUNCE_SECONDS, _after_pause, ls, uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def _saved(ls: EdgelintServer, params: types.DidSaveTextDocumentParams) -> None:
        path = _path_of(params.text_document.uri)
        if path is not None and (path.name in CONFIGURATIONS or path.suffix == ".json"):
            _reread(ls)  # a configuration or a snapshot, edited in the editor
        else:
            lint_document(ls, params.text_document.uri)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def _actions(ls: EdgelintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return code_actions(ls, params)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def _closed(ls: EdgelintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel_pending(uri)
        ls.found.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def _files_changed(ls: EdgelintServer, params: types.DidChangeWatchedFilesParams) -> None:
        _reread(ls)

    @server.feature(types.INITIALIZED)
    async def _initialized(ls: EdgelintServer, params: types.InitializedParams) -> None:
        """Ask the client to say when a configuration or snapshot changes (when it can)."""
        workspace = ls.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace else None
        if watched is None or not watched.dynamic_registration:
            return
        watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIGURATIONS]
        watchers.append(types.FileSystemWatcher(glob_pattern="**/*.json"))
        options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
        registration = types.Registration(
            "edgelint-watch", types.WORKSPACE_DID_CHANGE_WATCHED_FILES, options
        )
        await ls.client_register_capability_async(types.RegistrationParams([registration]))

    return server


CONFIGURATIONS = ("pyproject.toml", ".edgelint.yaml", ".edgelint.yml")


def _reread(server: EdgelintServer) -> None:
    """Configurations and snapshots are read again, and every open document linted again."""
    server.project = None
    for uri in list(server.workspace.text_documents):
        lint_document(server, uri)


def _after_pause(server: EdgelintServer, uri: str) -> None:
    server.pending.pop(uri, None)
    if uri in server.workspace.text_documents:
        lint_document(server, uri)


def serve() -> None:
    build().start_io()
