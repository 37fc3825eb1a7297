"""Every node the loader builds, with its span, data, style and anchor, for every corpus file,
fixture and example under every reader, against the trees recorded in
`tests/fixtures/loader/trees.json`.

The record was written by the composer as it was before it was rewritten for speed (it read
ruamel's events through `YAML.parse`, one attribute lookup at a time); the rewrite must build the
same trees, node for node. A change to what the loader builds shows here as the files whose
trees moved: regenerate with `python tests/update_snapshots.py` and say why in the commit.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from edgelint.load.loader import LoadResult, load
from edgelint.load.nodes import AliasNode, MappingNode, Node, ScalarNode, SequenceNode
from edgelint.load.readers import YAML_12, Reader
from edgelint.load.source import DecodeError, SourceFile
from edgelint.platform.targets import TARGETS

REPO = Path(__file__).resolve().parent.parent
RECORD = REPO / "tests" / "fixtures" / "loader" / "trees.json"
READERS: dict[str, Reader] = {YAML_12.name: YAML_12} | {
    t.reader.name: t.reader for t in TARGETS.values()
}


# The branches of the composer the files reach rarely.
EDGES = (
    "a: &x [1, {b: *x}]\n",  # an alias to an open collection: no anchor yet
    "k: 1\nk: 2\n1: a\ntrue: b\n1.0: c\n",  # duplicates, and keys equal in Python only
    "<<: {a: 1}\n'<<': 2\n! <<: 3\n",  # a merge key, and two spellings that are not
    "? [a, b]\n: c\n? {d: e}\n: f\n",  # complex keys
    ".nan: 1\n.NaN: 2\n",  # keys yaml.v2 loses the value of
    "%YAML 1.1\n---\na: on\n---\nb: on\n",  # the version of one document only
)


def tree_files() -> list[Path]:
    roots = (REPO / "tests" / "corpus", REPO / "tests" / "fixtures", REPO / "examples")
    found = {p for root in roots for p in root.rglob("*") if p.suffix in (".yaml", ".yml")}
    return sorted(found)


def _data(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return ["nan"]
    if isinstance(value, dict):
        return ["dict", [[_data(k), _data(v)] for k, v in value.items()]]
    if isinstance(value, list):
        return ["list", [_data(v) for v in value]]
    return [type(value).__name__, repr(value)]


def _node(node: Node | None, seen: dict[int, int]) -> Any:
    if node is None:
        return None
    if id(node) in seen:
        return ["same as", seen[id(node)]]
    seen[id(node)] = len(seen)
    base = [type(node).__name__, node.start, node.end, node.anchor, node.weight, _data(node.data)]
    if isinstance(node, ScalarNode):
        return [*base, node.value, node.style, node.tag]
    if isinstance(node, SequenceNode):
        return [*base, node.flow, [_node(item, seen) for item in node.items]]
    if isinstance(node, MappingNode):
        pairs = [[_node(k, seen), _node(v, seen)] for k, v in node.pairs]
        entries = [[_data(k), _node(a, seen), _node(b, seen)] for k, (a, b) in node.entries.items()]
        return [*base, node.flow, node.complex_keys, pairs, entries]
    assert isinstance(node, AliasNode)
    return [*base, _node(node.alias_of, seen)]


def tree(result: LoadResult) -> list[Any]:
    """All of a load: documents with their spans and nodes, and the diagnostics."""
    seen: dict[int, int] = {}
    documents = [
        [d.index, d.start, d.end, _node(d.root, seen), [_node(n, seen) for n in d.read_apart]]
        for d in result.documents
    ]
    diagnostics = [
        [d.code, d.start_offset, d.end_offset, d.document, d.message] for d in result.diagnostics
    ]
    return [documents, diagnostics]


def _digest(
    source: SourceFile, loader: Callable[[SourceFile, Reader], LoadResult]
) -> dict[str, str]:
    found = {}
    for name, reader in READERS.items():
        text = json.dumps(tree(loader(source, reader)), ensure_ascii=False)
        found[name] = hashlib.sha256(text.encode()).hexdigest()[:20]
    return found


def digests(
    loader: Callable[[SourceFile, Reader], LoadResult] = load,
) -> Iterator[tuple[str, dict[str, str]]]:
    for path in tree_files():
        try:
            source = SourceFile.from_bytes(path.name, path.read_bytes())
        except DecodeError:
            continue  # the hostile fixtures: never reach the composer
        yield path.relative_to(REPO).as_posix(), _digest(source, loader)
    for text in EDGES:
        yield f"text:{text}", _digest(SourceFile.from_bytes("t.yaml", text.encode()), loader)


def record_text(loader: Callable[[SourceFile, Reader], LoadResult] = load) -> str:
    return json.dumps(dict(digests(loader)), indent=1, sort_keys=True) + "\n"


def test_every_file_loads_to_the_recorded_trees() -> None:
    recorded = json.loads(RECORD.read_text())
    now = dict(digests())
    moved = sorted(
        f"{path} ({', '.join(r for r in trees if recorded.get(path, {}).get(r) != trees[r])})"
        for path, trees in now.items()
        if recorded.get(path) != trees
    )
    assert not moved, "trees changed (or new files unrecorded): " + "; ".join(moved)
    assert len(now) >= 180, "the record covers the corpus, the fixtures and the examples"


@pytest.mark.parametrize("text", EDGES)
def test_the_edges_of_composing_load_as_they_did(text: str) -> None:
    """Each read by every reader, against the digests of what the old composer built."""
    source = SourceFile.from_bytes("t.yaml", text.encode())
    assert _digest(source, load) == json.loads(RECORD.read_text())[f"text:{text}"]
