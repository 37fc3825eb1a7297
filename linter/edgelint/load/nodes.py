"""The node tree the loader builds: every node knows its exact span in the text and its plain data.

Plain data (dict, list, str, int, float, bool, None) is what schemas and rules read; nodes are what
diagnostics point at and what fixes splice. An alias gets a node of its own (the span of ``*name``)
so that a diagnostic about an aliased value points where the alias is written, and a fix can tell
that editing the value would also change every other place that shares it.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

PathPart = str | int
Key = Hashable


class Node:
    __slots__ = ("anchor", "data", "end", "start", "weight")

    def __init__(self, start: int, end: int, anchor: str | None) -> None:
        self.start = start
        self.end = end
        self.anchor = anchor
        self.weight = 1  # nodes in this subtree, aliases expanded: what a naive walk would visit
        self.data: Any = None

    @property
    def target(self) -> Node:
        return self

    @property
    def shared(self) -> bool:
        """True when editing this node's text would change more than one value."""
        return self.anchor is not None


class ScalarNode(Node):
    __slots__ = ("style", "tag", "value")

    def __init__(
        self,
        start: int,
        end: int,
        anchor: str | None,
        value: str,
        style: str | None,
        tag: str | None,
        data: Any,
    ) -> None:
        # The base's fields set here, not through super(): a file makes hundreds of these.
        self.start = start
        self.end = end
        self.anchor = anchor
        self.weight = 1
        self.value = value  # the scalar's text after YAML unquoting/folding
        self.style = style  # None for plain; ' " | > otherwise
        self.tag = tag  # an explicit tag, if the file wrote one
        self.data = data

    @property
    def plain(self) -> bool:
        return self.style is None


class SequenceNode(Node):
    __slots__ = ("flow", "items")

    def __init__(self, start: int, anchor: str | None, flow: bool) -> None:
        self.start = self.end = start
        self.anchor = anchor
        self.weight = 1
        self.items: list[Node] = []
        self.flow = flow
        self.data = []


class MappingNode(Node):
    __slots__ = ("complex_keys", "entries", "flow", "pairs")

    def __init__(self, start: int, anchor: str | None, flow: bool) -> None:
        self.start = self.end = start
        self.anchor = anchor
        self.weight = 1
        self.pairs: list[tuple[Node, Node]] = []  # as written, duplicates and merge keys included
        self.entries: dict[Key, tuple[Node, Node]] = {}  # as the data sees it
        self.complex_keys = False  # a key that is itself a mapping or sequence
        self.flow = flow
        self.data = {}


class AliasNode(Node):
    __slots__ = ("alias_of",)

    def __init__(self, start: int, end: int, alias_of: Node) -> None:
        super().__init__(start, end, None)
        self.alias_of = alias_of
        self.weight = alias_of.weight
        self.data = alias_of.data

    @property
    def target(self) -> Node:
        return self.alias_of

    @property
    def shared(self) -> bool:
        return True


def child(node: Node, part: PathPart) -> tuple[Node | None, Node | None]:
    """The (key node, value node) for one step of a data path; (None, None) when absent."""
    node = node.target
    if isinstance(node, MappingNode):
        try:
            return node.entries.get(part, (None, None))
        except TypeError:  # an unhashable step names no key
            return None, None
    if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.items):
        return None, node.items[part]
    return None, None


def locate(root: Node, path: tuple[PathPart, ...] | list[PathPart]) -> tuple[Node, Node | None]:
    """The deepest node on ``path``, and the key node that introduced it (None for list items).

    A path that runs past what exists stops at the deepest existing node, which is where a
    "missing key" belongs.
    """
    node: Node = root
    key: Node | None = None
    for part in path:
        k, v = child(node, part)
        if v is None:
            break
        node, key = v, k
    return node, key


def walk_path(root: Node, path: tuple[PathPart, ...]) -> Node | None:
    node: Node | None = root
    for part in path:
        if node is None:
            return None
        node = child(node, part)[1]
    return node
