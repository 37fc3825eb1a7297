"""What a CLI reads from a spec it decodes into a typed Go struct: YAML 1.1 where the field is a
boolean or a number, the text as written where it is a string.

iofogctl and potctl decode most kinds (Registry, Agent, Volume, CatalogItem, ...) with
`yaml.UnmarshalStrict` into structs of `internal/resource/types.go`, and iofogctl 2.x decoded
applications that way too (`internal/deploy/application/factory.go` at v2.0.7). gopkg.in/yaml.v2
then reads `private: yes` into a Go bool as true, and `password: 0777` into a Go string as
"0777" (decode.go, `reflect.String` keeps the scalar's text). The loader read those specs as
YAML 1.2; this pass gives the boolean and number fields the value yaml.v2 gives them. The
field's Go type is taken from the target's schema (the Controller's field types, which the
structs mirror); a field the schema does not type keeps the YAML 1.2 reading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from edgelint.load.nodes import AliasNode, MappingNode, Node, PathPart, ScalarNode, SequenceNode

if TYPE_CHECKING:
    from edgelint.load.loader import Document
    from edgelint.platform.targets import Target

_GO_TYPES = {bool: "boolean", int: "integer", float: "number"}


def _fits(go_type: str, wanted: set[str]) -> bool:
    return go_type in wanted or (go_type == "integer" and "number" in wanted)


def decode_typed(document: Document, target: Target) -> None:
    """Give the typed fields of one document yaml.v2's reading, in place (data and nodes)."""
    reader = target.reader
    root = document.root
    if reader.cli is None or not isinstance(root, MappingNode):
        return
    kind = root.data.get("kind")
    spec = root.entries.get("spec")
    if not isinstance(kind, str) or kind in reader.untyped or spec is None:
        return
    _Typing(document, target, kind).walk(spec[1], root, "spec", ["spec"])


class _Typing(NamedTuple):
    """One document's walk: where each scalar sits, and the schema that types it."""

    document: Document
    target: Target
    kind: str

    def walk(self, node: Node, parent: Node, part: PathPart, path: list[PathPart]) -> None:
        if isinstance(node, ScalarNode):
            self.scalar(node, parent, part, path)
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.items):
                if not isinstance(item, AliasNode):
                    path.append(index)
                    self.walk(item, node, index, path)
                    path.pop()
        elif isinstance(node, MappingNode):
            for key, (_, value_node) in node.entries.items():
                inside = value_node.start >= node.start  # not a merged-in value
                if isinstance(key, (str, int)) and inside and not isinstance(value_node, AliasNode):
                    path.append(key)
                    self.walk(value_node, node, key, path)
                    path.pop()

    def scalar(self, node: ScalarNode, parent: Node, part: PathPart, path: list[PathPart]) -> None:
        from edgelint.load.readers import MAY_RESOLVE, same_value
        from edgelint.load.resolvers import yamlv2_plain

        if not node.plain or node.tag is not None or not node.value:
            return
        if node.value[0] not in MAY_RESOLVE:
            return
        decoded = yamlv2_plain(node.value)
        if decoded is None or (isinstance(node.data, str) and isinstance(decoded, str)):
            return  # text to both (a null stays null: a Go zero value edgelint does not model)
        from edgelint.platform.schemas import types_at

        wanted = types_at(self.target.schema_name, self.kind, tuple(path))
        go_type = _GO_TYPES.get(type(decoded))
        if wanted == {"string"}:
            value: Any = node.value  # a Go string field keeps the text: `password: 0777`
        elif go_type is not None and "string" not in wanted and _fits(go_type, wanted):
            value = self.target.reader.through_cli(decoded)
        else:
            return
        if same_value(node.data, value):
            return
        node.data = value
        parent.data[part] = value  # the mapping's or the sequence's data, at this scalar
        self.document.read_apart.append(node)
