"""`edgelint server` driven over stdio by pygls's own LSP client, as an editor drives it: open a
document, receive what lint finds with LSP ranges, change it, save a configuration."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from conftest import edgelint_command

lsp = pytest.importorskip("lsprotocol.types")
client_module = pytest.importorskip("pygls.lsp.client")

APP = """\
apiVersion: iofog.org/v3
kind: Application
metadata:
  name: café-app
spec:
  microservices:
    - name: heart-rate
      agent:
        name: edge-1
      images:
        x86: nginx
        registry: remote
      container:
        env:
          - key: MODE
            value: "😀 {{ 'a' | upcasee }}"
"""


class Editor:
    """A pygls client session with the server: what it published, per URI, in order."""

    def __init__(self) -> None:
        self.client = client_module.LanguageClient("edgelint-tests", "1")
        self.published: dict[str, list[list[object]]] = {}
        self.logged: list[str] = []
        self.arrived = asyncio.Event()

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _published(params: lsp.PublishDiagnosticsParams) -> None:
            self.published.setdefault(params.uri, []).append(list(params.diagnostics))
            self.arrived.set()

        @self.client.feature(lsp.WINDOW_LOG_MESSAGE)
        def _logged(params: lsp.LogMessageParams) -> None:
            self.logged.append(params.message)

    async def next_for(self, uri: str, count: int, timeout: float = 30) -> list[object]:
        """The `count`-th set of diagnostics published for the URI."""

        async def wait() -> None:
            while len(self.published.get(uri, [])) < count:
                self.arrived.clear()
                await self.arrived.wait()

        await asyncio.wait_for(wait(), timeout)
        return self.published[uri][count - 1]


def _session(work: Callable[[Editor], Awaitable[None]]) -> None:
    async def run() -> None:
        editor = Editor()
        await editor.client.start_io(edgelint_command(), "server")
        try:
            await editor.client.initialize_async(
                lsp.InitializeParams(capabilities=lsp.ClientCapabilities())
            )
            editor.client.initialized(lsp.InitializedParams())
            await work(editor)
            await asyncio.wait_for(editor.client.shutdown_async(None), 30)
            editor.client.exit(None)
        finally:
            server = getattr(editor.client, "_server", None)
            if server is not None and server.returncode is None:
                await asyncio.sleep(0.5)  # exit sent: give it a moment, then end it anyway
                if server.returncode is None:
                    server.kill()
            await asyncio.wait_for(editor.client.stop(), 30)

    asyncio.run(run())


def _open(editor: Editor, path: Path, text: str) -> str:
    uri = path.resolve().as_uri()
    item = lsp.TextDocumentItem(uri, "yaml", 1, text)
    editor.client.text_document_did_open(lsp.DidOpenTextDocumentParams(item))
    return uri


def test_an_opened_document_gets_lints_findings_in_utf16_ranges(tmp_path: Path) -> None:
    path = tmp_path / "app.yaml"
    path.write_text(APP, encoding="utf-8")

    async def work(editor: Editor) -> None:
        uri = _open(editor, path, APP)
        found = await editor.next_for(uri, 1)
        by_code = {d.code: d for d in found}  # type: ignore[attr-defined]
        alias = by_code["EL301"]
        # `registry: remote` on line 12 (index 11), `remote` from column 19 (index 18).
        assert (alias.range.start.line, alias.range.start.character) == (11, 18)
        assert (alias.range.end.line, alias.range.end.character) == (11, 24)
        assert alias.severity == lsp.DiagnosticSeverity.Warning
        assert alias.source == "edgelint"
        assert alias.message.startswith("registry alias `remote` means registry 1")
        assert alias.code_description.href.endswith("docs/rules.md#el301")
        assert by_code["EL104"].range.start == lsp.Position(3, 8)  # `café-app`
        # After an emoji (two UTF-16 code units, one character) the columns part: LSP's count.
        line = APP.splitlines()[15]
        filter_at = line.index("upcasee")
        unknown = by_code["EL402"]
        assert (unknown.range.start.line, unknown.range.start.character) == (15, filter_at + 1)
        assert unknown.range.end.character == filter_at + 1 + len("upcasee")

    _session(work)


def test_a_change_is_linted_after_the_pause_once(tmp_path: Path) -> None:
    """A burst of keystrokes gives one lint: three changes, one more publication."""
    path = tmp_path / "app.yaml"
    path.write_text(APP, encoding="utf-8")
    fixed = APP.replace("registry: remote", "registry: 1").replace("café-app", "cafe-app")
    emoji = fixed.replace("upcasee", "upcase")

    async def work(editor: Editor) -> None:
        uri = _open(editor, path, APP)
        await editor.next_for(uri, 1)
        for version, text in enumerate((fixed, APP, emoji), start=2):
            change = lsp.TextDocumentContentChangeWholeDocument(text=text)
            editor.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(uri=uri, version=version), [change]
            ))  # fmt: skip
        found = await editor.next_for(uri, 2)
        await asyncio.sleep(1)
        assert len(editor.published[uri]) == 2  # one lint for the burst, of the last text
        assert [d.code for d in found] == []  # type: ignore[attr-defined]

    _session(work)


def test_a_document_that_is_not_yaml_gets_nothing_and_a_hostile_one_cannot_hang(
    tmp_path: Path,
) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    )
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb)

    async def work(editor: Editor) -> None:
        uri = _open(editor, path, bomb)
        found = await editor.next_for(uri, 1, timeout=60)
        assert any(d.code == "EL004" for d in found)  # type: ignore[attr-defined]
        other = _open(editor, tmp_path / "notes.txt", "not: yaml: at: all")
        await asyncio.sleep(0.5)
        assert other not in editor.published

    _session(work)


def test_a_saved_configuration_is_read_again(tmp_path: Path) -> None:
    """As `lint` would for the file's path: the nearest pyproject.toml, read again once the
    editor saves it."""
    path = tmp_path / "app.yaml"
    path.write_text(APP, encoding="utf-8")
    config = tmp_path / "pyproject.toml"

    async def work(editor: Editor) -> None:
        uri = _open(editor, path, APP)
        before = {d.code for d in await editor.next_for(uri, 1)}  # type: ignore[attr-defined]
        assert "EL301" in before
        config.write_text('[tool.edgelint]\nignore = ["EL301"]\n')
        saved = lsp.TextDocumentIdentifier(config.resolve().as_uri())
        editor.client.text_document_did_save(lsp.DidSaveTextDocumentParams(saved))
        after = {d.code for d in await editor.next_for(uri, 2)}  # type: ignore[attr-defined]
        assert after == before - {"EL301"}

    _session(work)


def _applied(text: str, edits: list[object]) -> str:
    """The text edits applied as an editor applies them (LSP positions, UTF-16 columns)."""
    lines = text.splitlines(keepends=True)

    def offset(position: object) -> int:
        line, character = position.line, position.character  # type: ignore[attr-defined]
        before = "".join(lines[:line])
        units = lines[line].encode("utf-16-le", "surrogatepass")[: character * 2]
        return len(before) + len(units.decode("utf-16-le", "surrogatepass"))

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits),  # type: ignore[attr-defined]
                   reverse=True)  # fmt: skip
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def test_a_quick_fix_changes_exactly_what_edgelint_fix_changes(tmp_path: Path) -> None:
    from conftest import run_cli

    text = APP.replace("café-app", "cafe-app").replace("upcasee", "upcase")
    path = tmp_path / "app.yaml"
    path.write_text(text, encoding="utf-8")

    async def work(editor: Editor) -> list[object]:
        uri = _open(editor, path, text)
        found = await editor.next_for(uri, 1)
        alias = next(d for d in found if d.code == "EL301")  # type: ignore[attr-defined]
        context = lsp.CodeActionContext(diagnostics=[alias])
        actions = await editor.client.text_document_code_action_async(
            lsp.CodeActionParams(lsp.TextDocumentIdentifier(uri), alias.range, context)  # type: ignore[attr-defined]
        )
        return list(actions or [])

    actions: list[object] = []

    async def collect(editor: Editor) -> None:
        actions.extend(await work(editor))

    _session(collect)
    assert [a.title for a in actions] == ["EL301: replace `remote` with `1`"]  # type: ignore[attr-defined]
    action = actions[0]
    assert action.kind == lsp.CodeActionKind.QuickFix and action.is_preferred  # type: ignore[attr-defined]
    edits = action.edit.changes[path.resolve().as_uri()]  # type: ignore[attr-defined]
    fixed = tmp_path / "fixed.yaml"
    fixed.write_text(text, encoding="utf-8")
    assert run_cli("fix", fixed, cwd=tmp_path).returncode in (0, 1)
    assert _applied(text, edits) == fixed.read_text(encoding="utf-8")
    assert _applied(text, edits) != text


def test_a_document_over_the_size_limit_gets_lints_el004(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.edgelint]\nmax-file-size = "100"\n')
    path = tmp_path / "app.yaml"
    path.write_text(APP, encoding="utf-8")

    async def work(editor: Editor) -> None:
        found = await editor.next_for(_open(editor, path, APP), 1)
        assert [d.code for d in found] == ["EL004"]  # type: ignore[attr-defined]
        assert found[0].message.startswith(  # type: ignore[attr-defined]
            "the file is 307 bytes, over the 100 bytes limit (`max-file-size`, --max-file-size)"
        )

    _session(work)
