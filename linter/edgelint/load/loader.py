"""YAML text → documents whose every node keeps its exact span, and the load-time diagnostics.

The C parser (ruamel.yaml.clib) produces events; we compose them ourselves instead of using a
library composer because the composer is where the dangerous and the interesting things happen:
nesting that would overflow the C stack, aliases that expand a 300-byte file into a billion nodes,
duplicate keys that the ioFog CLIs reject (and that ruamel would report only on construction, with
one position). Composing here lets us bound all of it and point at both places.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from edgelint.diagnostics import Diagnostic
from edgelint.load.nodes import AliasNode, MappingNode, Node, ScalarNode, SequenceNode
from edgelint.load.readers import (
    HEADER_STRINGS,
    MAY_RESOLVE,
    METADATA_STRINGS,
    YAML_12,
    Reader,
    same_value,
)
from edgelint.load.scalars import construct_tagged, resolve_plain
from edgelint.load.source import SourceFile
from edgelint.rules import yaml as rules

MAX_DEPTH = 100
MAX_ALIAS_EXPANSION = 100_000

# Characters YAML does not allow anywhere in a stream (https://yaml.org/spec/1.2.2/#51-character-set,
# as libyaml enforces it). In ASCII text only the C0 controls but tab and line breaks, and DEL:
# a small class, where the whole one takes milliseconds to compile that most runs never need.
_ASCII_NON_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@cache
def _non_printable() -> re.Pattern[str]:
    return re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(repr=False, eq=False)
class Document:
    """One YAML document of a file: its nodes with their spans, and what the loader saw that
    rules need."""

    index: int
    root: Node | None
    start: int
    end: int
    # Scalars the target's readers read as another value than YAML 1.2 does (EL003).
    read_apart: list[ScalarNode] = field(default_factory=list)
    # Some mapping in it has a key that is a mapping or a sequence (an unquoted `{{ x }}` is
    # one): what looks for those can skip the documents that have none.
    complex_keys: bool = False

    @property
    def data(self) -> Any:
        return None if self.root is None else self.root.data


@dataclass(repr=False, eq=False)
class LoadResult:
    """A file's documents and what loading it found, before any rule runs."""

    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True when the text did not load completely: fixes must not touch it."""
        return any(d.code in rules.BLOCKING for d in self.diagnostics)


class _Abort(Exception):
    """A limit was hit: the diagnostic is recorded, the rest of the stream is not read."""


def load(source: SourceFile, reader: Reader = YAML_12) -> LoadResult:
    """The documents, their data as `reader` reads the file: YAML 1.2 for edgelint's own files,
    the target's CLI and Controller (readers.py) for a file that is deployed."""
    result = LoadResult()
    text = source.text
    bad = (_ASCII_NON_PRINTABLE if text.isascii() else _non_printable()).search(text)
    if bad is not None:
        char = bad.group()
        result.diagnostics.append(
            rules.EL001.at(
                source,
                bad.start(),
                bad.end(),
                f"control character U+{ord(char):04X} is not allowed in YAML",
            )
        )
        return result
    composer = _Composer(source, result, reader)
    try:
        composer.run()
    except _Abort:
        pass
    except Exception as exc:
        if not _is_yaml_error(exc):
            raise
        result.diagnostics.append(_syntax_diagnostic(source, exc))
    return result


def _is_yaml_error(exc: Exception) -> bool:
    from ruamel.yaml.error import YAMLError

    return isinstance(exc, YAMLError)


def _event_stream(text: str) -> tuple[Iterator[Any], Callable[[], None]]:
    """The parser's events, and how to release it. The C parser is called directly: ruamel's
    `YAML.parse` wraps it in a generator and a loader object, which cost a tenth of a file's
    load for nothing a composer needs. Without the C extension (PyPy), ruamel's own parser."""
    try:
        import _ruamel_yaml  # ruamel.yaml.clib, as ruamel.yaml.cyaml imports it
    except ImportError:
        from ruamel.yaml import YAML

        stream = YAML(typ="safe", pure=True).parse(text)
        return stream, stream.close
    from edgelint.load import events

    events.install(_ruamel_yaml)
    parser = _ruamel_yaml.CParser(text)
    return iter(parser.get_event, None), parser.dispose


def _syntax_diagnostic(source: SourceFile, exc: Exception) -> Diagnostic:
    text = source.text
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    offset = min(mark.index, len(text)) if mark is not None else 0
    context_offset = min(context_mark.index, len(text)) if context_mark is not None else offset
    message = f"YAML syntax error: {problem}"
    hint = _hint(text, offset)
    if not hint and _hint(text, context_offset):
        offset, hint = context_offset, _hint(text, context_offset)
    elif context and context_offset != offset:
        if offset >= len(text.rstrip()):
            # The parser ran off the end of the file: what is unclosed is more useful to click.
            message += f" ({context} started here, still open at the end of the file)"
            offset = context_offset
        else:
            message += f" ({context} at line {source.position(context_offset).line})"
    if hint:
        message += f"; {hint}"
    return rules.EL001.at(source, offset, offset + 1, message)


def _hint(text: str, offset: int) -> str:
    """Name the ioFog-specific cause of the commonest syntax errors."""
    if text[offset : offset + 1] == "%" and text[max(offset - 1, 0) : offset] == "{":
        return "a Liquid tag must be quoted: write '{% ... %}' in quotes"
    line_start = text.rfind("\n", 0, offset) + 1
    if text[line_start:offset].strip() == "" and text[offset : offset + 3] == "...":
        return "a literal '...' line (an elided part copied from documentation) is not YAML"
    return ""


def _read_untagged(reader: Reader, value: str, plain: bool, yaml_11: bool) -> tuple[Any, bool]:
    """An untagged scalar that may not be a string: its data as `reader` reads it, and whether
    that differs from the YAML 1.2 reading of the text (EL003)."""
    if reader.yaml_12:
        return (resolve_plain(value, yaml_11) if plain else value), False
    data = reader.plain(value) if plain else reader.quoted(value)
    return data, not same_value(resolve_plain(value) if plain else value, data)


# The same few such values (ports, counts, booleans, versions) come up in every file, and
# reading one through yaml.v2 and js-yaml costs microseconds: short ones are remembered, a
# bounded number of them, so a hostile file's values cannot fill memory.
_REMEMBERED_LENGTH = 64
_remembered = lru_cache(maxsize=1024)(_read_untagged)


class _Composer:
    """Builds nodes and plain data from parser events, with limits and duplicate-key checks."""

    def __init__(self, source: SourceFile, result: LoadResult, reader: Reader) -> None:
        self.source = source
        self.result = result
        self.given_reader = reader
        self.reader = reader
        self.anchors: dict[str, Node] = {}
        self.expanded = 0
        self.yaml_11 = False
        self.doc_index = 0
        self.read_apart: list[ScalarNode] = []
        self.complex_keys = False

    def run(self) -> None:
        from ruamel.yaml.events import DocumentStartEvent

        events, close = _event_stream(self.source.text)
        try:
            for event in events:
                if type(event) is DocumentStartEvent:
                    self._document(event, events)
        finally:
            close()

    def _document(self, start: Any, events: Iterator[Any]) -> None:
        """Compose one document as the reader reads it. The CLIs read only the spec of an
        Application, Microservice or ApplicationTemplate as YAML 1.1 (into interface{}); other
        kinds go into typed Go structs, which edgelint reads as YAML 1.2 (docs/yaml-readers.md):
        their events are kept, to compose them again."""
        self.reader = self.given_reader
        cli = self.reader.cli is not None
        if cli and not self.reader.untyped:
            self.reader = YAML_12  # every spec typed: no document needs the YAML 1.1 reading
        reported = len(self.result.diagnostics)
        expanded = self.expanded
        kept: list[Any] | None = [start] if cli and not self.reader.yaml_12 else None
        document = self._compose(start, events, kept)
        if kept is not None:
            kind = _header_text(document.root, "kind")
            if isinstance(kind, str) and kind not in self.reader.untyped:
                del self.result.diagnostics[reported:]
                self.expanded = expanded
                self.reader = YAML_12
                document = self._compose(kept[0], iter(kept[1:]), None)
        if cli:
            _header_as_text(document.root)
        self.reader = self.given_reader
        self.result.documents.append(document)
        self.doc_index += 1

    def _compose(self, start_event: Any, events: Iterator[Any], kept: list[Any] | None) -> Document:
        from edgelint.load.events import (
            ALIAS,
            COLLECTION_END,
            DOCUMENT_END,
            KINDS,
            MAPPING_START,
            SCALAR,
            SEQUENCE_START,
        )

        # The loop runs once a YAML event, a few hundred times a file: locals, not attributes.
        stack: list[tuple[Node, list[Node]]] = []  # open collection, pending children
        children: list[Node] | None = None  # the innermost open collection's children
        root: Node | None = None
        doc_start = start_event.start_mark.index
        version = start_event.version
        self.yaml_11 = bool(version) and tuple(version) == (1, 1)
        anchors: dict[str, Node] = {}
        self.anchors = anchors
        self.read_apart = []
        self.complex_keys = False
        scalar = self._scalar
        keep = None if kept is None else kept.append
        kind_of = KINDS.get
        for event in events:
            if keep is not None:
                keep(event)
            node: Node
            kind = kind_of(type(event))
            if kind == SCALAR:
                node = scalar(event)
            elif kind in (MAPPING_START, SEQUENCE_START):
                if len(stack) >= MAX_DEPTH:
                    self._limit(
                        event.start_mark.index,
                        f"nesting deeper than {MAX_DEPTH} levels; edgelint stops reading here",
                    )
                node_class = MappingNode if kind == MAPPING_START else SequenceNode
                collection = node_class(
                    event.start_mark.index, event.anchor, bool(event.flow_style)
                )
                children = []
                stack.append((collection, children))
                continue
            elif kind == COLLECTION_END:
                node, done = stack.pop()
                children = stack[-1][1] if stack else None
                node.end = event.end_mark.index
                self._finish(node, done)
            elif kind == ALIAS:
                node = self._alias(event)
            elif kind == DOCUMENT_END:
                read_apart, self.read_apart = self.read_apart, []
                end = event.end_mark.index
                return Document(self.doc_index, root, doc_start, end, read_apart, self.complex_keys)
            else:
                continue
            if node.anchor is not None:
                anchors[node.anchor] = node
            if children is not None:
                children.append(node)
            else:
                root = node
        raise AssertionError("a document without its end event")

    def _limit(self, offset: int, message: str) -> None:
        self.result.diagnostics.append(rules.EL004.at(self.source, offset, offset + 1, message))
        raise _Abort

    def _scalar(self, event: Any) -> ScalarNode:
        value: str = event.value
        style = event.style or None
        ctag = event.ctag  # not `.tag`, a property that copies it
        if ctag is None and value and value[0] not in MAY_RESOLVE:
            # Most scalars (names, images, keys): a string to every reader, read apart by none.
            return ScalarNode(
                event.start_mark.index,
                event.end_mark.index,
                event.anchor,
                value,
                style,
                None,
                value,
            )
        plain = style is None
        reader = self.reader
        if ctag is None:
            remembered = _remembered if len(value) <= _REMEMBERED_LENGTH else _read_untagged
            data, apart = remembered(reader, value, plain, self.yaml_11)
            node = ScalarNode(
                event.start_mark.index, event.end_mark.index, event.anchor, value, style, None, data
            )
            if apart:
                self.read_apart.append(node)
            return node
        tag = str(ctag)
        if tag == "!":  # the non-specific tag: a string, as quoting makes one
            data = value if reader.yaml_12 else reader.quoted(value)
        elif reader.yaml_12:
            data = construct_tagged(value, tag, plain, self.yaml_11)
        else:
            yaml_11 = reader.cli is not None
            data = construct_tagged(value, tag, plain, yaml_11)
            if yaml_11:
                data = reader.through_cli(data)
        return ScalarNode(
            event.start_mark.index, event.end_mark.index, event.anchor, value, style, tag, data
        )

    def _alias(self, event: Any) -> AliasNode:
        start, end = event.start_mark.index, event.end_mark.index
        target = self.anchors.get(event.anchor)
        if target is None:
            self.result.diagnostics.append(
                rules.EL001.at(
                    self.source,
                    start,
                    end,
                    f"YAML syntax error: alias *{event.anchor} refers to no anchor defined "
                    "before it",
                )
            )
            raise _Abort
        self.expanded += target.weight
        if self.expanded > MAX_ALIAS_EXPANSION:
            self._limit(
                start,
                f"aliases expand this document to more than {MAX_ALIAS_EXPANSION:,} nodes "
                "(an alias bomb?); edgelint stops reading here",
            )
        return AliasNode(start, end, target)

    def _finish(self, collection: Node, children: list[Node]) -> None:
        weight = 1
        for node in children:
            weight += node.weight
        collection.weight = weight
        if type(collection) is SequenceNode:
            collection.items = children
            collection.data = [c.data for c in children]
        else:
            assert isinstance(collection, MappingNode)
            self._finish_mapping(collection, children)

    def _finish_mapping(self, mapping: MappingNode, children: list[Node]) -> None:
        pairs = list(zip(children[::2], children[1::2], strict=True))
        mapping.pairs = pairs
        merges: list[Node] = []
        data: dict[Any, Any] = mapping.data
        entries = mapping.entries
        first_seen: dict[Any, Node] = {}
        for key_node, value_node in pairs:
            key: Hashable = key_node.data
            identity: Any = key
            if type(key_node) is not ScalarNode or type(key) is not str:
                if _is_merge_key(key_node):
                    merges.append(value_node)
                    continue
                key = self._key(mapping, key_node)
                identity = (type(key), key)  # 1, 1.0 and true are one dict key, three YAML keys
            elif key == "<<" and _is_merge_key(key_node):
                merges.append(value_node)
                continue
            if identity in first_seen:
                self._duplicate(key, key_node, first_seen[identity])
                continue
            first_seen[identity] = key_node
            entries[key] = (key_node, value_node)
            lost = key == "NaN" and self._loses_value(key_node)
            data[key] = None if lost else value_node.data
        for merge in merges:
            self._merge(mapping, merge)

    def _merge(self, mapping: MappingNode, merge: Node) -> None:
        sources = merge.target
        items = sources.items if isinstance(sources, SequenceNode) else [merge]
        for item in items:
            source = item.target
            if not isinstance(source, MappingNode):
                continue  # go-yaml and js-yaml reject this; the schema stage will too
            for key, (key_node, value_node) in source.entries.items():
                if key not in mapping.entries:
                    mapping.entries[key] = (key_node, value_node)
                    mapping.data[key] = value_node.data

    def _key(self, mapping: MappingNode, key_node: Node) -> Hashable:
        target = key_node.target
        if isinstance(target, ScalarNode):
            data = target.data
            if not self.reader.yaml_12:
                return self.reader.key(data)  # the Controller's object: every key a string
            if isinstance(data, Hashable):
                return data
        mapping.complex_keys = self.complex_keys = True
        return self.source.text[key_node.start : key_node.end]

    def _loses_value(self, key_node: Node) -> bool:
        """yaml.v2 cannot find a `.nan` key's value again when it writes the map (NaN != NaN
        in Go): the Controller gets the key with null."""
        target = key_node.target
        if self.reader.cli is None or not isinstance(target, ScalarNode) or not target.plain:
            return False
        if target.value[:1] != ".":
            return False  # the NaN spellings: .nan .NaN .NAN
        from edgelint.load.resolvers import yamlv2_plain

        decoded = yamlv2_plain(target.value)
        return isinstance(decoded, float) and decoded != decoded

    def _duplicate(self, key: Any, key_node: Node, first: Node) -> None:
        line = self.source.position(first.start).line
        self.result.diagnostics.append(
            rules.EL002.at(
                self.source,
                key_node.start,
                key_node.end,
                f"duplicate key `{key}` (first at line {line}): iofogctl and potctl decode "
                "strictly and refuse the file",
                document=self.doc_index,
            )
        )


def _header_text(root: Node | None, key: str) -> Any:
    entry = root.entries.get(key) if isinstance(root, MappingNode) else None
    if entry is None:
        return None
    node = entry[1].target
    return node.value if isinstance(node, ScalarNode) and node.data is not None else node.data


def _header_as_text(root: Node | None) -> None:
    """iofogctl decodes the header into Go string fields (`internal/config/types.go`), and a
    string field keeps the scalar's text (yaml.v2 decode.go): `name: 0777` is "0777"."""
    if not isinstance(root, MappingNode):
        return
    _strings(root, HEADER_STRINGS)
    entry = root.entries.get("metadata")
    if entry is not None and isinstance(entry[1].target, MappingNode):
        _strings(entry[1].target, METADATA_STRINGS)


def _strings(mapping: MappingNode, keys: tuple[str, ...]) -> None:
    for key in keys:
        entry = mapping.entries.get(key)
        if entry is None:
            continue
        node = entry[1].target
        if isinstance(node, ScalarNode) and node.data is not None and node.tag is None:
            node.data = node.value
            mapping.data[key] = node.value


def _is_merge_key(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.plain and node.value == "<<" and node.tag is None


def load_data(text: str, origin: str) -> Any:
    """The one document of a data file (a cluster snapshot, a configuration) as plain data,
    under the limits of a linted file: a file someone else wrote must not crash or stall the
    run on its way in. ValueError names the line and the problem."""
    source = SourceFile(path=origin, raw=b"", text=text)
    result = load(source)
    for diagnostic in result.diagnostics:
        if diagnostic.code in rules.BLOCKING or diagnostic.code == rules.EL002.code:
            where = f"line {diagnostic.start.line} column {diagnostic.start.column}"
            raise ValueError(f"{diagnostic.message.removeprefix('YAML syntax error: ')} at {where}")
    if len(result.documents) > 1:
        line = source.position(result.documents[1].start).line
        raise ValueError(f"a second YAML document at line {line}; expected one")
    return result.documents[0].data if result.documents else None
