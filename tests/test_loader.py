"""The loader: exact spans through quoting, flow style, CRLF, a BOM and later documents."""

from __future__ import annotations

import pytest

from edgelint.load.loader import load
from edgelint.load.nodes import AliasNode, MappingNode, ScalarNode, walk_path
from edgelint.load.source import DecodeError, Position, SourceFile


def loaded(text: str | bytes):  # type: ignore[no-untyped-def]
    raw = text.encode() if isinstance(text, str) else text
    source = SourceFile.from_bytes("t.yaml", raw)
    return source, load(source)


def node_text(source: SourceFile, text_path: tuple[object, ...], doc: int = 0) -> str:
    _, result = source, load(source)
    node = walk_path(result.documents[doc].root, text_path)  # type: ignore[arg-type]
    assert node is not None
    return source.text[node.start : node.end]


@pytest.mark.parametrize(
    "text",
    ["", "a", "\n", "a\n", "a\nb", "\n\n", "é\n😀\nz", "a\r\nb\rc\nd\r", "\r", "a\r\n"],
)
def test_line_starts_are_where_each_line_begins(text: str) -> None:
    """Counted at C speed when the text has no CR, by the YAML line breaks otherwise: the
    same starts either way, and every offset is on the line that holds it."""
    import re

    source = SourceFile(path="t.yaml", raw=b"", text=text)
    assert source.line_starts == [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]
    for offset in range(len(text) + 1):
        line = source.position(offset).line
        assert source.line_starts[line - 1] <= offset


def test_spans_cover_quotes_tags_and_flow_values() -> None:
    source, _ = loaded('a: "q\\"x"\nb: !!str 3\nc: {d: e, f: [1, two]}\n---\ng: \'h\'\n')
    assert node_text(source, ("a",)) == '"q\\"x"'
    assert node_text(source, ("b",)) == "!!str 3"
    assert node_text(source, ("c", "d")) == "e"
    assert node_text(source, ("c", "f", 1)) == "two"
    assert node_text(source, ("g",), doc=1) == "'h'"


def test_positions_count_characters_and_editor_lines() -> None:
    source, result = loaded("\ufeffk: v\r\nnon: ascii é😀\r\nz: 1\r\n".encode())
    node = walk_path(result.documents[0].root, ("z",))  # type: ignore[arg-type]
    assert node is not None
    assert source.position(node.start) == Position(3, 4)
    assert source.bom
    assert source.line_text(2) == "non: ascii é😀"


def test_data_is_yaml_12_unless_the_document_says_11() -> None:
    _, result = loaded("a: on\nb: 010\nc: 0x1f\nd: 1e3\ne: ~\nf: 2024-01-01\n")
    assert result.documents[0].data == {
        "a": "on",
        "b": 10,
        "c": 31,
        "d": 1000.0,
        "e": None,
        "f": "2024-01-01",
    }
    _, eleven = loaded("%YAML 1.1\n---\na: on\nb: 010\nc: 1:20\n")
    assert eleven.documents[0].data == {"a": True, "b": 8, "c": 80}


def test_aliases_share_data_and_are_marked_shared() -> None:
    _, result = loaded("base: &b {registry: remote}\nuse: *b\nmerged:\n  <<: *b\n  x86: img\n")
    root = result.documents[0].root
    assert isinstance(root, MappingNode)
    assert result.documents[0].data["merged"] == {"x86": "img", "registry": "remote"}
    use = root.entries["use"][1]
    assert isinstance(use, AliasNode) and use.shared
    registry = walk_path(root, ("use", "registry"))
    assert isinstance(registry, ScalarNode)


def test_duplicate_keys_name_both_lines() -> None:
    _, result = loaded("images:\n  registry: 1\n  x86: a\n  registry: 2\n")
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "EL002"
    assert diagnostic.start == Position(4, 3)
    assert "first at line 2" in diagnostic.message
    assert result.documents[0].data == {"images": {"registry": 1, "x86": "a"}}


def test_unquoted_template_is_a_complex_key_not_an_error() -> None:
    """`name: {{ agent.name }}` is valid YAML (a nested flow mapping): the template rules own it."""
    _, result = loaded("name: {{ agent.name }}\n")
    assert result.diagnostics == []
    value = result.documents[0].root.entries["name"][1]  # type: ignore[union-attr]
    assert isinstance(value, MappingNode) and value.complex_keys


def test_empty_and_comment_only_files_have_no_documents() -> None:
    for text in ("", "# only a comment\n", "\n\n"):
        _, result = loaded(text)
        assert result.documents == [] and result.diagnostics == []
    _, marker = loaded("---\n...\n")
    assert marker.documents[0].data is None


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [
        (b"\x00\x01", 1, 1),
        (b"a: 1\nb: caf\xe9\n", 2, 7),
        (b"\xff\xfea\x00", 1, 1),
        (b"a: \xe2\x82\n", 1, 4),  # cut in the middle of a three-byte character
    ],
)
def test_undecodable_bytes_are_located(raw: bytes, line: int, column: int) -> None:
    with pytest.raises(DecodeError) as info:
        SourceFile.from_bytes("t.yaml", raw)
    assert (info.value.line, info.value.column) == (line, column)


def test_limits_stop_reading_without_recursion() -> None:
    _, deep = loaded("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert [d.code for d in deep.diagnostics] == ["EL004"]
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"b{i}: &b{i} [{', '.join(['*' + ('a' if i == 0 else f'b{i - 1}')] * 10)}]\n"
        for i in range(8)
    )
    _, exploded = loaded(bomb)
    assert [d.code for d in exploded.diagnostics] == ["EL004"]


def test_numbers_beyond_python_and_javascript_do_not_crash() -> None:
    from edgelint.config.settings import Settings
    from edgelint.run.lint import lint_source

    huge = "9" * 5000
    text = (
        "apiVersion: iofog.org/v3\nkind: Application\nmetadata: {name: big}\nspec:\n"
        f"  microservices:\n    - name: a\n      agent: {{name: e}}\n"
        f"      images: {{x86: nginx, registry: {huge}}}\n"
        "    - name: b\n      agent: {name: e}\n      images: {x86: nginx, registry: 1e400}\n"
        "    - name: c\n      agent: {name: e}\n"
        f"      images: {{x86: nginx, registry: '0x{'f' * 300}'}}\n"
    )
    source = SourceFile.from_bytes("t.yaml", text.encode())
    result = lint_source(source, Settings.build())
    assert [d.code for d in result.diagnostics if d.code != "EL003"] == ["EL304"] * 3
    # iofogctl sends such numbers as a double (or Infinity): EL003 says so, in a short message.
    assert all(len(d.message) < 300 for d in result.diagnostics)


EVENTS_TEXT = (
    "%YAML 1.1\n---\na: &x [1, 'two', {b: !!str 3}]\nc: *x\nd: |\n  block\ne: {}\n"
    "--- !tagged\n- ~\n...\n"
)


def _slots(event: object) -> dict[str, object]:
    """Every slot of an event, marks by their place: what a reader of it can see."""
    seen: dict[str, object] = {}
    for klass in type(event).__mro__:
        for name in getattr(klass, "__slots__", ()):
            value = getattr(event, name, None)
            if name.endswith("_mark") and value is not None:
                value = (value.index, value.line, value.column)
            seen[name] = value
    return seen


def test_the_lean_events_are_ruamels_events_with_the_same_slots() -> None:
    """The C parser builds edgelint's one-frame subclasses (load/events.py); each has every
    slot the C parser gives the same event with ruamel's own classes, so ruamel's readers see
    no difference."""
    import _ruamel_yaml
    import ruamel.yaml.events
    from ruamel.yaml import YAML

    from edgelint.load import events

    def parsed() -> list[object]:
        return list(iter(_ruamel_yaml.CParser(EVENTS_TEXT).get_event, None))

    try:
        for name in events.LEAN:
            setattr(_ruamel_yaml, name, getattr(ruamel.yaml.events, name))
        original = parsed()
    finally:
        events.install(_ruamel_yaml)
    lean = parsed()
    assert {type(e) for e in lean} >= set(events.LEAN.values())
    assert [type(e) for e in original] == [
        type(e).__mro__[1] if type(e) in events.LEAN.values() else type(e) for e in lean
    ]
    assert [_slots(e) for e in lean] == [_slots(e) for e in original]
    assert YAML(typ="safe").load("a: [1, {b: c}]\n") == {"a": [1, {"b": "c"}]}
