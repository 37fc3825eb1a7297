"""`edgelint server` driven over stdio by pygls's own LSP client, as an editor drives it: open a
document, receive what lint finds with LSP ranges, change it, save a configuration."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from conftest import edgelint_command

FIXTURES = Path(__file__).parent / "fixtures"

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


def _session(
    work: Callable[[Editor], Awaitable[None]],
    capabilities: object | None = None,
    command: list[str] | None = None,
    spawn: dict[str, object] | None = None,
) -> Editor:
    """Run the work against a server started by `command` (`spawn`: how, e.g. its env), and
    return the session's editor, with everything it received."""
    editor = Editor()

    async def run() -> None:
        await editor.client.start_io(*(command or [edgelint_command(), "server"]), **(spawn or {}))
        try:
            await editor.client.initialize_async(
                lsp.InitializeParams(capabilities=capabilities or lsp.ClientCapabilities())  # type: ignore[arg-type]
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
    return editor


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


def test_a_document_that_is_not_yaml_gets_nothing_and_hostile_ones_cannot_hang(
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
        loop = "{% for i in (1..100000000) %}{% for j in (1..100000000) %}x{% endfor %}{% endfor %}"
        looping = APP.replace("😀 {{ 'a' | upcasee }}", loop)
        spinning = _open(editor, tmp_path / "loop.yaml", looping)
        found = await editor.next_for(spinning, 1, timeout=60)
        assert any(d.code == "EL409" for d in found)  # type: ignore[attr-defined]
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


def _actions(
    editor: Editor, uri: str, where: object, only: list[str] | None = None
) -> Awaitable[object]:
    context = lsp.CodeActionContext(diagnostics=[], only=only)
    return editor.client.text_document_code_action_async(
        lsp.CodeActionParams(lsp.TextDocumentIdentifier(uri), where, context)  # type: ignore[arg-type]
    )


def _fixed_by_cli(tmp_path: Path, text: str) -> str:
    """What `edgelint fix` writes for the text, at a path beside the document's."""
    from conftest import run_cli

    fixed = tmp_path / "fixed-by-cli.yaml"
    fixed.write_text(text, encoding="utf-8", newline="")
    assert run_cli("fix", fixed, cwd=tmp_path).returncode in (0, 1)
    return fixed.read_bytes().decode("utf-8")


def test_a_quick_fix_changes_exactly_what_edgelint_fix_changes(tmp_path: Path) -> None:
    text = APP.replace("café-app", "cafe-app").replace("upcasee", "upcase")
    path = tmp_path / "app.yaml"
    path.write_text(text, encoding="utf-8")
    actions: list[object] = []

    async def work(editor: Editor) -> None:
        uri = _open(editor, path, text)
        found = await editor.next_for(uri, 1)
        alias = next(d for d in found if d.code == "EL301")  # type: ignore[attr-defined]
        actions.extend(await _actions(editor, uri, alias.range, ["quickfix"]) or [])  # type: ignore[attr-defined, arg-type]

    _session(work)
    titles = [a.title for a in actions]  # type: ignore[attr-defined]
    assert titles == ["EL301: replace `remote` with `1`", "EL301: suppress on this line"]
    action = actions[0]
    assert action.kind == lsp.CodeActionKind.QuickFix and action.is_preferred  # type: ignore[attr-defined]
    edits = action.edit.changes[path.resolve().as_uri()]  # type: ignore[attr-defined]
    assert _applied(text, edits) == _fixed_by_cli(tmp_path, text)
    assert _applied(text, edits) != text


FIXABLE = """\
apiVersion: iofog.org/v3\r
kind: Application\r
metadata:\r
  name: two-fixes   # ünïcode in a comment stays\r
spec:\r
  microservices:\r
    - name: first\r
      agent: {name: edge-1}\r
      images: {x86: "nginx", registry: remote}\r
      container: {}\r
    - name: second\r
      agent: {name: edge-1}\r
      images: {x86: 😀-wrong/name, registry: local}   # edgelint: disable=EL309\r
      container:\r
        env:\r
          - key: NOTE\r
            value: |\r
              {{ 'a' | upcasee }}\r
"""


def test_fix_all_changes_exactly_what_edgelint_fix_changes(tmp_path: Path) -> None:
    """`source.fixAll.edgelint` (what an editor runs on save): every safe fix, one edit, the
    bytes `edgelint fix` writes — CRLF, comments and non-ASCII text around it kept."""
    path = tmp_path / "app.yaml"
    path.write_text(FIXABLE, encoding="utf-8", newline="")
    actions: list[object] = []

    async def work(editor: Editor) -> None:
        uri = _open(editor, path, FIXABLE)
        await editor.next_for(uri, 1)
        whole = lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
        actions.extend(await _actions(editor, uri, whole, ["source.fixAll"]) or [])  # type: ignore[arg-type]

    _session(work)
    assert [(a.title, a.kind) for a in actions] == [  # type: ignore[attr-defined]
        ("edgelint: fix all safe fixes", "source.fixAll.edgelint")
    ]
    edits = actions[0].edit.changes[path.resolve().as_uri()]  # type: ignore[attr-defined]
    assert len(edits) == 1
    expected = _fixed_by_cli(tmp_path, FIXABLE)
    assert expected.count("registry: ") == 2 and "remote" not in expected  # both fixed
    assert _applied(FIXABLE, edits) == expected


def test_suppress_on_this_line_writes_the_comment_lint_obeys(tmp_path: Path) -> None:
    """The comment goes at the end of the finding's line, or joins the line's own directive;
    inside a block scalar, where a comment would be text, none is offered."""
    from conftest import run_cli

    path = tmp_path / "app.yaml"
    path.write_text(FIXABLE, encoding="utf-8", newline="")
    offered: dict[str, list[object]] = {}

    async def work(editor: Editor) -> None:
        uri = _open(editor, path, FIXABLE)
        found = await editor.next_for(uri, 1)
        for d in found:
            for action in await _actions(editor, uri, d.range, ["quickfix"]) or []:  # type: ignore[attr-defined, union-attr]
                if action.title.endswith("suppress on this line"):  # type: ignore[union-attr]
                    offered.setdefault(d.code, []).append(action)  # type: ignore[attr-defined]

    _session(work)
    uri = path.resolve().as_uri()
    assert "EL402" not in offered  # `upcasee` is inside a `|` block: a comment would be text
    first = offered["EL301"][0]
    text = _applied(FIXABLE, first.edit.changes[uri])  # type: ignore[attr-defined]
    assert '      images: {x86: "nginx", registry: remote}  # edgelint: disable=EL301\r\n' in text
    second = _applied(FIXABLE, offered["EL301"][-1].edit.changes[uri])  # type: ignore[attr-defined]
    assert "registry: local}   # edgelint: disable=EL309,EL301\r\n" in second
    for suppressed in (text, second):
        path.write_text(suppressed, encoding="utf-8", newline="")
        result = run_cli("lint", "--format", "json", path, cwd=tmp_path)
        codes = [d["code"] for d in json.loads(result.stdout)["diagnostics"]]
        assert codes.count("EL301") == 1 and "EL007" not in codes, codes


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


def test_utf8_positions_when_the_client_asks_for_them(tmp_path: Path) -> None:
    """A client that offers UTF-8 first gets UTF-8 columns (`😀` is four bytes), and its
    positions are read as UTF-8 (a hover after the emoji)."""
    path = tmp_path / "app.yaml"
    path.write_text(APP, encoding="utf-8")
    general = lsp.GeneralClientCapabilities(position_encodings=["utf-8", "utf-16"])
    line = APP.splitlines()[15]
    filter_at = len(line[: line.index("upcasee")].encode("utf-8"))
    hovered: list[object] = []

    async def work(editor: Editor) -> None:
        uri = _open(editor, path, APP)
        found = await editor.next_for(uri, 1)
        unknown = next(d for d in found if d.code == "EL402")  # type: ignore[attr-defined]
        assert (unknown.range.start.line, unknown.range.start.character) == (15, filter_at)
        assert unknown.range.end.character == filter_at + len("upcasee")
        hovered.append(await _hover(editor, uri, 15, filter_at + 2))

    _session(work, lsp.ClientCapabilities(general=general))
    assert "# EL402 " in hovered[0].contents.value  # type: ignore[attr-defined]


def _hover(editor: Editor, uri: str, line: int, character: int) -> Awaitable[object]:
    return editor.client.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(uri), lsp.Position(line, character))
    )


TEMPLATED = (FIXTURES / "rules" / "EL403" / "deployed-from-template.yaml").read_text()


def test_hover_shows_the_rule_and_what_a_template_renders_to(tmp_path: Path) -> None:
    """On a finding: `edgelint explain`. On a template: what the Controller stores, as the
    template is rendered with its defaults and as the file's application deploys it."""
    text = TEMPLATED.replace(
        '              value: "{{ label }}"',
        '              value: "{{ label }}"\n'
        "            - key: B\n"
        '              value: "{% if %}"\n'
        "        config:\n"
        "          password: \"{{ 'hunter2' | upcase }}\"",
    )
    path = tmp_path / "app.yaml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    def at(needle: str) -> tuple[int, int]:
        row = next(i for i, line in enumerate(lines) if needle in line)
        return row, lines[row].index(needle) + 2

    shown: dict[str, str] = {}

    async def work(editor: Editor) -> None:
        uri = _open(editor, path, text)
        await editor.next_for(uri, 1)
        for needle in ("{{ agent-name }}", "{{ port }}", "{{ label }}", "% if %}", "hunter2",
                       "name: deployed"):  # fmt: skip
            answer = await _hover(editor, uri, *at(needle))
            shown[needle] = "" if answer is None else answer.contents.value  # type: ignore[attr-defined]

    _session(work)
    deployed = "**The Controller stores when application `deployed` deploys it**"
    assert f"{deployed} the string:\n\n```\nedge-1\n```" in shown["{{ agent-name }}"]
    assert (
        "**The Controller stores with the template's defaults** the string:\n\n```\n"
        "<agent-name>\n```\n\n`<agent-name>`: a variable without a default, given when it is "
        "deployed"
    ) in shown["{{ agent-name }}"]
    port = shown["{{ port }}"]
    defaults = "**The Controller stores with the template's defaults**"
    assert f"{defaults} the number:\n\n```\n5000\n```" in port
    assert f"{deployed} the string:\n\n```\n5001\n```" in port  # its "5001"
    assert shown["{{ label }}"].startswith("# EL403 ")  # the finding's rule first
    assert "nothing: the value is undefined, so the field is left out" in shown["{{ label }}"]
    failed = shown["% if %}"]
    assert failed.startswith("# EL401 ")
    assert (
        "**The template fails with the template's defaults**: the Controller stores the error "
        "text instead, the string:\n\n"
        "```\nParseError: tag {% if %} not closed, line:1, col:1\n```"
    ) in failed
    assert "hunter2" not in shown["hunter2"] and "HUNTER2" not in shown["hunter2"]
    assert "***" in shown["hunter2"]
    assert shown["name: deployed"] == ""  # no finding, no template: no hover


@pytest.mark.parametrize(
    ("missing", "said"),
    [
        ("pygls", "edgelint server needs pygls (pygls is missing): pip install 'edgelint[server]'"),
        ("edgelint.server.documents", "internal error"),  # a bug is not a missing extra
    ],
)
def test_a_missing_extra_is_named_and_nothing_else_is_blamed_on_it(
    missing: str, said: str, tmp_path: Path
) -> None:
    from conftest import run_main

    result = run_main(
        f"sys.modules[{missing!r}] = None  # what an absent module gives: ImportError\n"
        "from edgelint.cli.entry import main",
        ["server"],
        cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(tmp_path)},  # the crash log stays in the test's folder
    )
    assert said in result.stderr
    assert result.code == 2
    if missing != "pygls":
        assert "needs pygls" not in result.stderr


def test_a_relint_imports_nothing(tmp_path: Path) -> None:
    """The checking machinery is imported by the first lint; the next, of a changed text with
    templates, registries and fixes as before, imports no module (`-X importtime` tells each
    import as it happens)."""
    import sys

    path = tmp_path / "app.yaml"
    path.write_text(APP, encoding="utf-8")
    told: list[str] = []

    async def drained(editor: Editor) -> str:
        stream = editor.client._server.stderr  # type: ignore[attr-defined]
        text = b""
        while True:
            try:
                text += await asyncio.wait_for(stream.read(65536), 0.5)
            except asyncio.TimeoutError:
                return text.decode(errors="replace")

    async def work(editor: Editor) -> None:
        uri = _open(editor, path, APP)
        await editor.next_for(uri, 1)
        told.append(await drained(editor))
        changed = APP.replace("edge-1", "edge-2").replace("upcasee", "downcasee")
        editor.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
            [lsp.TextDocumentContentChangeWholeDocument(text=changed)],
        ))  # fmt: skip
        found = await editor.next_for(uri, 2)
        assert {"EL301", "EL402"} <= {d.code for d in found}  # type: ignore[attr-defined]
        told.append(await drained(editor))

    _session(work, command=[sys.executable, "-X", "importtime", "-m", "edgelint", "server"])
    assert "edgelint.run.lint" in told[0]  # the first lint imported the machinery
    assert "import time:" not in told[1], told[1]


def test_the_command_lines_options_apply_to_every_document(tmp_path: Path) -> None:
    """`edgelint server --registries FILE --target T` checks as `edgelint lint` with the same
    options: registry 3 is known from the snapshot, the target is the one given."""
    from conftest import run_cli

    source = FIXTURES / "rules" / "EL303" / "not-in-default.yaml"
    path = tmp_path / "app.yaml"
    path.write_bytes(source.read_bytes())
    registries = Path(__file__).parent.parent / "examples" / "registries.json"
    options = ["--registries", str(registries), "--target", "edgeworx-cloud"]
    found: list[object] = []

    async def work(editor: Editor) -> None:
        found.extend(await editor.next_for(_open(editor, path, path.read_text()), 1))

    _session(work, command=[edgelint_command(), "server", *options])
    linted = run_cli("lint", "--format", "json", *options, path, cwd=tmp_path)
    expected = [
        (d["code"], d["line"] - 1, d["column"] - 1, d["message"])
        for d in json.loads(linted.stdout)["diagnostics"]
    ]
    shown = [(d.code, d.range.start.line, d.range.start.character, d.message) for d in found]  # type: ignore[attr-defined]
    assert shown == expected
    assert "EL303" not in [code for code, *_ in shown]


def test_a_broken_configuration_is_shown_once_and_nothing_is_published(tmp_path: Path) -> None:
    """As lint's exit 2: the configuration's problem, in its words, as a message to the user
    (once) and in the log; no findings from a configuration that was not read."""
    (tmp_path / ".edgelint.yaml").write_text("select: [EL999\n")
    path = tmp_path / "app.yaml"
    path.write_text(APP, encoding="utf-8")
    shown: list[str] = []

    async def work(editor: Editor) -> None:
        @editor.client.feature(lsp.WINDOW_SHOW_MESSAGE)
        def _shown(params: lsp.ShowMessageParams) -> None:
            shown.append(params.message)

        uri = _open(editor, path, APP)
        other = _open(editor, tmp_path / "other.yaml", APP)
        for _ in range(50):
            if len(editor.logged) >= 2:
                break
            await asyncio.sleep(0.1)
        assert uri not in editor.published and other not in editor.published

    _session(work)
    assert len(shown) == 1, shown
    assert shown[0].startswith("edgelint: ") and ".edgelint.yaml" in shown[0]


def test_an_incremental_change_after_an_emoji_is_applied_in_utf16(tmp_path: Path) -> None:
    """Editors send the changed range only; its columns are UTF-16 code units too: deleting
    the second `e` of `upcasee` after `😀` (two units) mends the filter."""
    path = tmp_path / "app.yaml"
    path.write_text(APP, encoding="utf-8")
    line = APP.splitlines()[15]
    at = utf16 = len(line[: line.index("upcasee") + len("upcase")].encode("utf-16-le")) // 2

    async def work(editor: Editor) -> None:
        uri = _open(editor, path, APP)
        assert "EL402" in {d.code for d in await editor.next_for(uri, 1)}  # type: ignore[attr-defined]
        gone = lsp.Range(lsp.Position(15, at), lsp.Position(15, utf16 + 1))
        editor.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
            [lsp.TextDocumentContentChangePartial(range=gone, text="")],
        ))  # fmt: skip
        after = {d.code for d in await editor.next_for(uri, 2)}  # type: ignore[attr-defined]
        assert "EL402" not in after and "EL301" in after

    _session(work)


# Run as the server: ruamel.yaml's parser (a dependency, not edgelint) fails on a marked text, as
# an unknown bug anywhere in a lint would.
FAULTY_SERVER = """\
import sys
import _ruamel_yaml

Parser = _ruamel_yaml.CParser


class Faulty(Parser):
    def __init__(self, stream):
        if "# fault-injected" in str(stream):
            raise RuntimeError("a fault injected into ruamel.yaml")
        super().__init__(stream)


_ruamel_yaml.CParser = Faulty
from edgelint.cli.entry import main

sys.argv = ["edgelint", "server"]
main()
"""


def test_a_lint_that_crashes_is_logged_and_the_server_goes_on(tmp_path: Path) -> None:
    import sys

    broken, fine = tmp_path / "broken.yaml", tmp_path / "fine.yaml"
    broken.write_text("# fault-injected\n" + APP, encoding="utf-8")
    fine.write_text(APP, encoding="utf-8")
    program = tmp_path / "faulty_server.py"
    program.write_text(FAULTY_SERVER)

    async def work(editor: Editor) -> None:
        first = _open(editor, broken, broken.read_text(encoding="utf-8"))
        found = await editor.next_for(_open(editor, fine, APP), 1)
        assert "EL301" in {d.code for d in found}  # type: ignore[attr-defined]
        assert first not in editor.published

    env = {**os.environ, "TMPDIR": str(tmp_path)}  # the crash log stays in the test's folder
    editor = _session(work, command=[sys.executable, str(program)], spawn={"env": env})
    crashed = [m for m in editor.logged if m.startswith("internal error")]
    assert len(crashed) == 1, editor.logged
    assert f"while processing {broken.resolve()}" in crashed[0]
    assert "RuntimeError: a fault injected into ruamel.yaml" in crashed[0]
    assert "This is a bug in edgelint: please report it with the traceback" in crashed[0]


def test_no_credential_reaches_the_editor_but_the_fix_edits_the_real_text(tmp_path: Path) -> None:
    """Messages, fix titles and hovers say what every report says, with the value out; the
    quick fix's edit still changes the file's real text, as `edgelint fix` does."""
    from test_secrets import REGISTRY, SECRETS

    path = tmp_path / "registry.yaml"
    path.write_text(REGISTRY, encoding="utf-8")
    said: list[str] = []
    edits: list[object] = []

    async def work(editor: Editor) -> None:
        uri = _open(editor, path, REGISTRY)
        found = await editor.next_for(uri, 1)
        assert "EL504" in {d.code for d in found}  # type: ignore[attr-defined]
        for d in found:
            said.append(d.message)  # type: ignore[attr-defined]
            for action in await _actions(editor, uri, d.range) or []:  # type: ignore[attr-defined, union-attr]
                said.append(action.title)  # type: ignore[union-attr]
                if action.edit is not None:  # type: ignore[union-attr]
                    edits.extend(action.edit.changes[uri])  # type: ignore[union-attr]
            answer = await _hover(editor, uri, d.range.start.line, d.range.start.character)  # type: ignore[attr-defined]
            said.append("" if answer is None else answer.contents.value)  # type: ignore[attr-defined]

    _session(work)
    assert said
    for secret in SECRETS:
        assert not [s for s in said if secret in s], secret
    assert any(SECRETS[0] in e.new_text for e in edits)  # type: ignore[attr-defined]
