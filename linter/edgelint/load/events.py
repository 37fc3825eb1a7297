"""The C parser's event classes, with constructors of one Python frame instead of three.

ruamel.yaml.clib's parser builds each event by calling the class it finds in its own module,
`_ruamel_yaml.ScalarEvent` and the rest (ruamel.yaml.events). Their constructors chain through
`NodeEvent.__init__` and `Event.__init__`: three Python frames for each scalar and collection,
about a tenth of what loading a file costs. The classes here are subclasses that set the same
slots to the same values in one frame. They add no slot and change no method, so every other
reader of those events (ruamel's own loaders check them with isinstance) sees what it saw.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)


class LeanScalar(ScalarEvent):
    """ScalarEvent, built in one frame."""

    __slots__ = ()

    def __init__(
        self,
        anchor: Any,
        tag: Any,
        implicit: Any,
        value: Any,
        start_mark: Any = None,
        end_mark: Any = None,
        style: Any = None,
        comment: Any = None,
    ) -> None:
        self.anchor = anchor
        self.ctag = tag
        self.implicit = implicit
        self.value = value
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.style = style
        self.comment = comment


def _collection_start(
    self: Any,
    anchor: Any,
    tag: Any,
    implicit: Any,
    start_mark: Any = None,
    end_mark: Any = None,
    flow_style: Any = None,
    comment: Any = None,
    nr_items: int | None = None,
) -> None:
    """CollectionStartEvent.__init__, in one frame."""
    self.anchor = anchor
    self.ctag = tag
    self.implicit = implicit
    self.start_mark = start_mark
    self.end_mark = end_mark
    self.flow_style = flow_style
    self.comment = comment
    self.nr_items = nr_items


class LeanMappingStart(MappingStartEvent):
    """MappingStartEvent, built in one frame."""

    __slots__ = ()
    __init__ = _collection_start


class LeanSequenceStart(SequenceStartEvent):
    """SequenceStartEvent, built in one frame."""

    __slots__ = ()
    __init__ = _collection_start


LEAN = {
    "ScalarEvent": LeanScalar,
    "MappingStartEvent": LeanMappingStart,
    "SequenceStartEvent": LeanSequenceStart,
}

# Each event class the composer tells apart, ruamel's and the lean one alike (the pure-Python
# parser, without the C extension, builds ruamel's): what it is to the composer.
SCALAR, MAPPING_START, SEQUENCE_START, COLLECTION_END, ALIAS, DOCUMENT_END = range(6)
KINDS: dict[type, int] = {
    ScalarEvent: SCALAR,
    LeanScalar: SCALAR,
    MappingStartEvent: MAPPING_START,
    LeanMappingStart: MAPPING_START,
    SequenceStartEvent: SEQUENCE_START,
    LeanSequenceStart: SEQUENCE_START,
    MappingEndEvent: COLLECTION_END,
    SequenceEndEvent: COLLECTION_END,
    AliasEvent: ALIAS,
    DocumentEndEvent: DOCUMENT_END,
}


def install(module: Any) -> None:
    """Have the C parser (`_ruamel_yaml`) build the lean events; idempotent."""
    for name, lean in LEAN.items():
        if getattr(module, name, None) is not lean:
            setattr(module, name, lean)
