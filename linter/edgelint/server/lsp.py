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

if TYPE_CHECKING:
    from edgelint.config.options import Options
    from edgelint.config.project import Project
    from edgelint.server.documents import Linted

DEBOUNCE_SECONDS = 0.25


class EdgelintServer(LanguageServer):
    """The server and what it keeps between lints: the project (configurations and snapshots,
    read once) and each document's pending lint and last lint."""

    def __init__(self, options: Options) -> None:
        super().__init__("edgelint", __version__, types.TextDocumentSyncKind.Incremental)
        self.options = options  # the command line's, for every document
        self.project: Project | None = None
        self.told: set[str] = set()  # configuration problems already shown
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.linted: dict[str, Linted] = {}

    def cancel_pending(self, uri: str) -> None:
        """Forget a lint waiting for the typing to pause (a newer change or a close)."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()

    def settings_project(self) -> Project:
        if self.project is None:
            from edgelint.config.project import Project

            self.project = Project(self.options)
        return self.project

    def current(self, uri: str) -> Linted | None:
        """The last lint of the document, if the editor's text is still the text it saw: an
        action or a hover from an older text would point at the wrong characters."""
        linted = self.linted.get(uri)
        if linted is None or uri not in self.workspace.text_documents:
            return None
        return linted if self.workspace.get_text_document(uri).source == linted.text else None


def lint_document(server: EdgelintServer, uri: str) -> None:
    """Lint the document as it is now and publish what lint finds (nothing for a document
    that is not YAML or not a file)."""
    from edgelint.server.documents import lint_text

    document = server.workspace.get_text_document(uri)
    path = _path_of(uri)
    if path is None or path.suffix.lower() not in (".yaml", ".yml"):
        return
    text = document.source
    from edgelint.config.files import ConfigError

    try:
        linted = lint_text(
            server.settings_project(), path, text, server.workspace.position_encoding
        )
    except ConfigError as exc:  # the user's to mend, as lint's exit 2 says: shown once
        said = f"edgelint: {exc}"
        if said not in server.told:
            server.told.add(said)
            server.window_show_message(types.ShowMessageParams(types.MessageType.Error, said))
        server.window_log_message(types.LogMessageParams(types.MessageType.Error, said))
        return
    except Exception as exc:  # one lint's failure is the client's log, never the server's end
        from edgelint.run.crash import describe

        server.window_log_message(
            types.LogMessageParams(types.MessageType.Error, describe(exc, str(path)))
        )
        return
    server.linted[uri] = linted
    server.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(
            uri=uri, version=document.version, diagnostics=list(linted.shown)
        )
    )


def _path_of(uri: str) -> Path | None:
    parts = urlsplit(uri)
    if parts.scheme != "file":
        return None
    return Path(unquote(parts.path))


def build(options: Options) -> EdgelintServer:
    from edgelint.server import actions, hover

    server = EdgelintServer(options)

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
        types.CodeActionOptions(code_action_kinds=list(actions.KINDS)),
    )
    def _actions(ls: EdgelintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        linted = ls.current(params.text_document.uri)
        if linted is None:
            return []  # changed since its last lint: the next one offers the actions again
        return actions.code_actions(linted, params.text_document.uri, params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def _hover(ls: EdgelintServer, params: types.HoverParams) -> types.Hover | None:
        linted = ls.current(params.text_document.uri)
        return None if linted is None else hover.hover(linted, params.position)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def _closed(ls: EdgelintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel_pending(uri)
        ls.linted.pop(uri, None)
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
    server.told.clear()
    for uri in list(server.workspace.text_documents):
        lint_document(server, uri)


def _after_pause(server: EdgelintServer, uri: str) -> None:
    server.pending.pop(uri, None)
    if uri in server.workspace.text_documents:
        lint_document(server, uri)


def serve(options: Options) -> int:
    build(options).start_io()
    return 0
