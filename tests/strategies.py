"""Hypothesis strategies shared by the property and fuzz tests.

`application_files()` writes ioFog application YAML *text*: a small tree of mappings, sequences
and scalars whose scalars are already spelled as YAML (plain, quoted, literal blocks), rendered
with varying surface syntax (block or flow collections, 2- or 4-space indentation, indented or
compact sequences, comments, document markers, CRLF, a BOM, a final newline or not). The values
are drawn from the ones edgelint's fixes care about: registry aliases, quoted IDs, registry URLs,
templates that need quoting or raw blocks, near-miss keys, old apiVersions.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Union

from hypothesis import strategies as st

BOM = "\ufeff"


def budget(variable: str, default: int) -> int:
    """A fixed example budget (CI is deterministic), raised through an environment variable."""
    value = os.environ.get(variable, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else default


def fixed_budget(variable: str, default: int) -> Any:
    """hypothesis settings for CI: derandomized, no example database, no deadline."""
    from hypothesis import HealthCheck
    from hypothesis import settings as hypothesis_settings

    return hypothesis_settings(
        max_examples=budget(variable, default),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- The tree -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scalar:
    """A scalar exactly as written. ``block`` is a literal block scalar: ``text`` is its body."""

    text: str
    block: bool = False

    @property
    def flow_safe(self) -> bool:
        if self.block or "\n" in self.text:
            return False
        if self.text[:1] in "'\"":
            return True
        return not any(c in self.text for c in ",[]{}:#")


@dataclass(frozen=True)
class Entry:
    key: str  # as written, quotes included
    value: Node
    comment_before: str | None = None
    comment_after: str | None = None


@dataclass(frozen=True)
class Mapping:
    entries: tuple[Entry, ...]
    flow: bool = False


@dataclass(frozen=True)
class Item:
    value: Node
    comment_before: str | None = None
    comment_after: str | None = None


@dataclass(frozen=True)
class Sequence:
    items: tuple[Item, ...]
    flow: bool = False


Node = Union[Scalar, Mapping, Sequence]  # noqa: UP007 (a runtime alias on Python 3.10)


def _flow_safe(node: Node) -> bool:
    if isinstance(node, Scalar):
        return node.flow_safe
    if isinstance(node, Mapping):
        return all(_flow_safe(e.value) and Scalar(e.key).flow_safe for e in node.entries)
    return all(_flow_safe(i.value) for i in node.items)


# --- Rendering ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    step: int  # 2 or 4
    compact_sequences: bool  # `key:\n- item` instead of `key:\n  - item`


def _flow(node: Node) -> str:
    if isinstance(node, Scalar):
        return node.text
    if isinstance(node, Mapping):
        return "{" + ", ".join(f"{e.key}: {_flow(e.value)}" for e in node.entries) + "}"
    return "[" + ", ".join(_flow(i.value) for i in node.items) + "]"


def _inline(node: Node) -> bool:
    """Whether the node is written on its key's (or dash's) line."""
    if isinstance(node, Scalar):
        return not node.block
    empty = not (node.entries if isinstance(node, Mapping) else node.items)
    return (node.flow and _flow_safe(node)) or empty


def _after(comment: str | None) -> str:
    return f"  {comment}" if comment else ""


def _block(node: Node, indent: int, layout: Layout) -> list[str]:
    """Lines of a block collection whose first line starts at column ``indent``."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(node, Mapping):
        for entry in node.entries:
            if entry.comment_before:
                lines.append(pad + entry.comment_before)
            value = entry.value
            if isinstance(value, Scalar) and value.block:
                lines.append(f"{pad}{entry.key}: |{_after(entry.comment_after)}")
                inner = " " * (indent + layout.step)
                lines.extend(inner + line for line in value.text.split("\n"))
            elif _inline(value):
                lines.append(f"{pad}{entry.key}: {_flow(value)}{_after(entry.comment_after)}")
            else:
                lines.append(f"{pad}{entry.key}:{_after(entry.comment_after)}")
                child = indent
                if not (isinstance(value, Sequence) and layout.compact_sequences):
                    child += layout.step
                lines.extend(_block(value, child, layout))
        return lines
    assert isinstance(node, Sequence)
    for item in node.items:
        if item.comment_before:
            lines.append(pad + item.comment_before)
        value = item.value
        if _inline(value):
            lines.append(f"{pad}- {_flow(value)}{_after(item.comment_after)}")
        elif isinstance(value, Scalar):  # a literal block
            lines.append(f"{pad}- |{_after(item.comment_after)}")
            lines.extend(" " * (indent + 2) + line for line in value.text.split("\n"))
        else:
            nested = _block(_without_first_comment(value), indent + 2, layout)
            lines.append(pad + "- " + nested[0][indent + 2 :] + _after(item.comment_after))
            lines.extend(nested[1:])
    return lines


def _without_first_comment(node: Node) -> Node:
    """A mapping or sequence that opens a `- ` line cannot start with an own-line comment."""
    if isinstance(node, Mapping) and node.entries:
        first = node.entries[0]
        rest = node.entries[1:]
        return Mapping((Entry(first.key, first.value, None, first.comment_after), *rest))
    if isinstance(node, Sequence) and node.items:
        first_item = node.items[0]
        return Sequence((Item(first_item.value, None, first_item.comment_after), *node.items[1:]))
    return node


@dataclass(frozen=True)
class Document:
    body: Mapping
    start_marker: bool
    end_marker: bool
    leading_comment: str | None


@dataclass(frozen=True)
class GeneratedFile:
    """One generated file: its bytes, and how they were written."""

    raw: bytes
    crlf: bool
    bom: bool

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8")

    def __repr__(self) -> str:
        return f"GeneratedFile(crlf={self.crlf}, bom={self.bom}, raw={self.raw!r})"


def render(
    documents: list[Document], layout: Layout, crlf: bool, bom: bool, final_newline: bool
) -> GeneratedFile:
    lines: list[str] = []
    for index, document in enumerate(documents):
        if document.leading_comment:
            lines.append(document.leading_comment)
        if index > 0 or document.start_marker:
            lines.append("---")
        lines.extend(_block(document.body, 0, layout))
        if document.end_marker and index < len(documents) - 1:
            lines.append("...")
    text = "\n".join(lines) + ("\n" if final_newline else "")
    if crlf:
        text = text.replace("\n", "\r\n")
    if bom:
        text = BOM + text
    return GeneratedFile(text.encode("utf-8"), crlf, bom)


# --- Values ---------------------------------------------------------------------------------

_SIMPLE_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_./-]*(:[A-Za-z0-9_.-]+)?")
_RESOLVES_AS_OTHER = re.compile(
    r"(?i)(true|false|yes|no|on|off|y|n|null|~|[-+]?[0-9].*|\.inf|\.nan)", re.ASCII
)


def _double(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _single(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def spelled(value: str) -> st.SearchStrategy[Scalar]:
    """A string value written plain (where that keeps it a string), single- or double-quoted."""
    styles: list[Callable[[str], str]] = [_double, _single]
    if _SIMPLE_PLAIN.fullmatch(value) and not _RESOLVES_AS_OTHER.fullmatch(value):
        styles.insert(0, lambda v: v)
    return st.sampled_from(styles).map(lambda style: Scalar(style(value)))


def _rarely(draw: st.DrawFn, one_in: int) -> bool:
    """True about once in ``one_in`` draws; False when shrunk (the plainest file)."""
    return draw(st.integers(0, one_in - 1)) == one_in - 1


def _text(*written: str) -> st.SearchStrategy[Scalar]:
    return st.sampled_from([Scalar(w) for w in written])


REGISTRY_TEXTS = (
    "remote",
    "local",
    "1",
    "2",
    '"3"',
    "'2'",
    "Remote",
    "docker",
    "registry.hub.docker.com",
    '"https://gcr.io"',
    "https://gcr.io",
    '""',
    "3",
    "7",
    "'remote'",
    '"local"',
    "gcr.io",
    "from_cache",
    "' 3 '",
    "3.0",
)
COMMENTS = st.sampled_from(
    ["# Docker Hub", "# été", "# 日本語 ✓", "#", "# registry: remote", "#  {{ not a template }}"]
)
TIDY_NAMES = ["heart-rate", "viewer", "web", "cache-reader", "sensor"]
NAMES = st.sampled_from([*TIDY_NAMES, "m1", "été-app"])
AGENTS = st.one_of(
    st.sampled_from(["edge-1", "edge-2", "agent_3"]).flatmap(spelled),
    _text(
        '"{{ self.name }}"',
        "'{{ agent-name }}'",
        '"{% assign agent = \\"\\" | findAgent | first %}{{ agent.name }}"',
        '"{% raw %}\n{% assign agent = \\"\\" | findAgent | first %}\n'
        '{% endraw %}{{ agent.name }}"',
    ),
)
IMAGES = st.sampled_from(
    [
        "edgeworx/healthcare-heart-rate:x86-v1",
        "edgeworx/healthcare-heart-rate:arm-v1",
        "nginx:1.25",
        "gcr.io/my-org/app:1.2",
        "busybox",
    ]
).flatmap(spelled)
REGISTRIES = _text(*REGISTRY_TEXTS)
TIDY_REGISTRIES = _text(*(t for t in REGISTRY_TEXTS if t not in ("7", '""', "3.0")))
PORT_VALUES = st.one_of(
    st.sampled_from([80, 443, 5000, 8080, 65535]).map(lambda n: Scalar(str(n))),
    _text('"8080"', "'80'", '"{{ 8000 | plus: 1 }}"', "'{{ 8000 | plus: 1 }}'"),
)
ENV_VALUES = st.one_of(
    st.sampled_from(["debug", "plain value", "42", "été"]).flatmap(spelled),
    _text(
        "42",
        "true",
        '"{{ self.name }}"',
        "'{{ self.name }}'",
        "{{ self.name }}",
        '"{{ .Values.mode }}"',
        '"p{{ss}}word"',
        '"{{ self.name | upcase }}-{{ self.application.name }}"',
    ),
    st.just(Scalar("first line\nsecond {{ self.name }}", block=True)),
)
API_VERSIONS = st.one_of(
    st.just(Scalar("iofog.org/v3")),
    _text("iofog.org/v3", '"iofog.org/v3"', "iofog.org/v2", "datasance.com/v3"),
)


@st.composite
def _entries(
    draw: st.DrawFn, pairs: list[tuple[str, Node]], *, quote_keys: bool = True
) -> tuple[Entry, ...]:
    """Entries with occasional comments and, now and then, a quoted key."""
    entries = []
    for key, value in pairs:
        written = key
        if quote_keys and _rarely(draw, 10):
            written = draw(st.sampled_from([_double(key), _single(key)]))
        before = draw(st.none() | COMMENTS) if _rarely(draw, 6) else None
        after = draw(st.none() | COMMENTS) if _rarely(draw, 4) else None
        entries.append(Entry(written, value, before, after))
    return tuple(entries)


def _mapping(pairs: list[tuple[str, Node]]) -> st.SearchStrategy[Mapping]:
    return st.builds(Mapping, _entries(pairs), st.booleans())


def _sequence(values: Iterable[Node]) -> st.SearchStrategy[Sequence]:
    @st.composite
    def build(draw: st.DrawFn) -> Sequence:
        items = []
        for value in values:
            before = draw(COMMENTS) if _rarely(draw, 7) else None
            after = draw(COMMENTS) if _rarely(draw, 7) else None
            items.append(Item(value, before, after))
        return Sequence(tuple(items), draw(st.booleans()))

    return build()


@dataclass
class Flavour:
    """How a file's values are drawn. A tidy file has only values that a fix can make
    right (so that most of them render); it publishes each external port once."""

    tidy: bool
    next_port: int = 5000

    def names(self) -> st.SearchStrategy[str]:
        return st.sampled_from(TIDY_NAMES) if self.tidy else NAMES

    def external_port(self) -> Scalar:
        self.next_port += 1
        return Scalar(str(self.next_port))


@st.composite
def _port(draw: st.DrawFn, flavour: Flavour) -> Mapping:
    pairs: list[tuple[str, Node]] = [
        ("internal", draw(PORT_VALUES)),
        ("external", draw(PORT_VALUES)),
    ]
    if flavour.tidy:
        pairs = [("internal", Scalar("80")), ("external", flavour.external_port())]
    if draw(st.booleans()):
        pairs.reverse()
    if _rarely(draw, 5):
        protocols = ("tcp", "udp") if flavour.tidy else ("tcp", "udp", "http")
        pairs.append(("protocol", draw(_text(*protocols))))
    return draw(_mapping(pairs))


@st.composite
def _env(draw: st.DrawFn) -> Mapping:
    key = draw(st.sampled_from(["MODE", "HOST", "PASSWORD", "LEVEL"]).flatmap(spelled))
    return draw(_mapping([("key", key), ("value", draw(ENV_VALUES))]))


@st.composite
def _container(draw: st.DrawFn, flavour: Flavour) -> Mapping:
    pairs: list[tuple[str, Node]] = []
    if draw(st.booleans()):
        root = draw(_text("true", "false") if flavour.tidy else _text("true", "false", '"true"'))
        pairs.append((draw(st.sampled_from(["rootHostAccess", "roothostaccess"])), root))
    if draw(st.booleans()):
        ports = [draw(_port(flavour)) for _ in range(draw(st.integers(0, 3)))]
        pairs.append((draw(st.sampled_from(["ports", "ports", "Ports"])), draw(_sequence(ports))))
    if draw(st.booleans()):
        env = [draw(_env()) for _ in range(draw(st.integers(1, 3)))]
        pairs.append(("env", draw(_sequence(env))))
    if _rarely(draw, 6):
        pairs.append(("hostNetworkMode", draw(_text("true", "false"))))
    return draw(_mapping(pairs))


@st.composite
def _images(draw: st.DrawFn, flavour: Flavour) -> Mapping:
    pairs: list[tuple[str, Node]] = []
    for arch in draw(st.sampled_from([("x86", "arm"), ("arm", "x86"), ("x86",), ("arm",)])):
        pairs.append((arch, draw(IMAGES)))
    if not _rarely(draw, 8):
        pairs.insert(
            draw(st.integers(0, len(pairs))),
            ("registry", draw(TIDY_REGISTRIES if flavour.tidy else REGISTRIES)),
        )
    if _rarely(draw, 10):
        pairs.append(("catalogid", Scalar("12")))
    return draw(_mapping(pairs))


@st.composite
def _microservice_spec(
    draw: st.DrawFn, name: str | None, flavour: Flavour
) -> list[tuple[str, Node]]:
    pairs: list[tuple[str, Node]] = []
    if name is not None:
        pairs.append(("name", draw(spelled(name))))
    pairs.append(("agent", draw(_mapping([("name", draw(AGENTS))]))))
    pairs.append(("images", draw(_images(flavour))))
    if not _rarely(draw, 5):
        pairs.append(("container", draw(_container(flavour))))
    return pairs


@st.composite
def _application(draw: st.DrawFn, flavour: Flavour) -> Mapping:
    names = draw(st.lists(flavour.names(), min_size=1, max_size=4, unique=True))
    microservices = [draw(_mapping(draw(_microservice_spec(n, flavour)))) for n in names]
    app = draw(flavour.names())
    return draw(
        _mapping(
            [
                ("apiVersion", draw(API_VERSIONS)),
                ("kind", Scalar("Application")),
                ("metadata", draw(_mapping([("name", draw(spelled(app)))]))),
                ("spec", draw(_mapping([("microservices", draw(_sequence(microservices)))]))),
            ]
        )
    )


@st.composite
def _microservice(draw: st.DrawFn, flavour: Flavour) -> Mapping:
    name = f"{draw(flavour.names())}/{draw(flavour.names())}"
    return draw(
        _mapping(
            [
                ("apiVersion", draw(API_VERSIONS)),
                ("kind", Scalar("Microservice")),
                ("metadata", draw(_mapping([("name", draw(spelled(name)))]))),
                ("spec", draw(_mapping(draw(_microservice_spec(None, flavour))))),
            ]
        )
    )


@st.composite
def application_files(draw: st.DrawFn) -> GeneratedFile:
    """One to three Application (sometimes Microservice) documents, as the bytes of a file."""
    kinds = st.sampled_from(["Application", "Application", "Application", "Microservice"])
    flavour = Flavour(tidy=draw(st.booleans()))
    documents = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(kinds)
        body = draw(_application(flavour) if kind == "Application" else _microservice(flavour))
        documents.append(
            Document(
                # The top level is always a block mapping: that is what application files are.
                Mapping(body.entries, flow=False),
                start_marker=draw(st.booleans()),
                end_marker=_rarely(draw, 5),
                leading_comment=draw(COMMENTS) if _rarely(draw, 4) else None,
            )
        )
    layout = Layout(step=draw(st.sampled_from([2, 4])), compact_sequences=draw(st.booleans()))
    return render(
        documents,
        layout,
        crlf=_rarely(draw, 4),
        bom=_rarely(draw, 5),
        final_newline=not _rarely(draw, 6),
    )
