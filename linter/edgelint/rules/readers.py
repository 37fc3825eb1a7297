"""Values the deploy path reads differently from the file's YAML 1.2 reading (EL003)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from edgelint.diagnostics import Applicability, Edit, Fix, Severity
from edgelint.load.nodes import AliasNode, MappingNode, Node, PathPart, ScalarNode, SequenceNode
from edgelint.rules.base import Rule

if TYPE_CHECKING:
    from edgelint.load.readers import Reader
    from edgelint.rules.context import DocumentContext

EL003 = Rule(
    code="EL003",
    name="yaml-1.1-value",
    severity=Severity.WARNING,
    summary="A value the target's CLI or Controller reads as another value than YAML 1.2 does.",
    docs="""
    ## What it finds
    An unquoted value that YAML 1.2 (editors, yamllint, check-jsonschema) reads one way and the
    deploy path another: `yes`, `no`, `on`, `off`, `y`, `n` in any case are booleans to
    iofogctl and potctl, `0777` is the octal number 511, `1:20` is the base-60 number 80 to the
    Controller 3.0's js-yaml, `2024-01-01T10:00:00` is a date to js-yaml, and so on. The
    message says what the CLI sends and what the Controller stores. It also finds a quoted
    string that the CLI writes back unquoted so that the Controller reads a date or a number.

    ## Why it matters
    iofogctl and potctl decode the file with gopkg.in/yaml.v2 (YAML 1.1), marshal the spec
    again with yaml.v2 and upload that text, which the Controller reads with js-yaml
    (eclipse-iofog/iofogctl `internal/execute/utils.go` and `internal/deploy/application/
    factory.go`, `go.mod`: gopkg.in/yaml.v2 v2.4.0; eclipse-iofog/iofog-go-sdk
    `pkg/apps/applications.go`; eclipse-iofog/Controller `src/services/yaml-parser-service.js`,
    `package.json`: js-yaml 3.14.1; Datasance/Controller: js-yaml 4.1.1). An env value `yes`
    is stored as `"true"`; a `0777` mode as 511. YAML 1.1's types: https://yaml.org/type/bool.html,
    https://yaml.org/type/int.html. edgelint checks the value the CLI sends, so
    `rootHostAccess: yes` is no error for iofogctl (it sends `true`), and stays one for a direct
    upload (`--target controller-3.0`), where js-yaml reads the string "yes".

    ## Example
    ```yaml
    env:
      - key: DEBUG
        value: yes        # EL003: iofogctl sends true, the Controller stores "true"
    ```

    In the kinds the CLIs decode into typed Go structs (Registry, Agent, ... in
    `internal/resource/types.go`; every kind under iofogctl 2.x) a string field keeps the text
    as written (`password: 0777` is sent as "0777") and a boolean field reads YAML 1.1
    (`private: yes` is true); edgelint takes the field's type from the target's schema.

    ## Fix
    Where the field holds text, quotes the value (`"yes"`): unsafe, because it changes what the
    Controller stores from `"true"` to `"yes"`, which is what the writer meant. Where the field
    is a boolean, writes `true` or `false`, and where the CLI keeps the text (a Go string
    field), quotes it: both safe, the same value is sent and every reader then agrees. Numbers
    and dates are not changed: write the value you mean. Full tables per target:
    docs/yaml-readers.md in edgelint's repository.
    """,
    fix=Applicability.UNSAFE,
)

RULES = (EL003,)


def check(ctx: DocumentContext) -> None:
    from edgelint.rules.context import DeploymentContext

    reader = ctx.settings.target.reader
    apart = ctx.document.read_apart  # found by the loader as it read each scalar
    if reader.yaml_12 or not apart or isinstance(ctx, DeploymentContext):
        return
    wanted = {id(node) for node in apart}
    assert ctx.document.root is not None
    for node, path, is_key in _located(ctx.document.root, [], wanted):
        found = _ReadApart(node, path, is_key, _yaml_12(node), node.data)
        fix = _fix(ctx, found, reader) if node.plain else None
        span = (node.start, node.end)
        ctx.report(EL003, path, _message(ctx, found, reader), span=span, fix=fix)


class _ReadApart(NamedTuple):
    """One scalar and its two readings: YAML 1.2's (`written`) and the deploy path's (`sent`)."""

    node: ScalarNode
    path: tuple[PathPart, ...]
    is_key: bool
    written: Any
    sent: Any


def _located(
    node: Node, path: list[PathPart], wanted: set[int]
) -> Iterator[tuple[ScalarNode, tuple[PathPart, ...], bool]]:
    """The wanted scalars with their paths, each where it is written (an alias is said where
    its anchor is)."""
    if isinstance(node, ScalarNode):
        if id(node) in wanted:
            yield node, tuple(path), False
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.items):
            if not isinstance(item, AliasNode):
                path.append(index)
                yield from _located(item, path, wanted)
                path.pop()
    elif isinstance(node, MappingNode):
        for key, (key_node, value_node) in node.entries.items():
            part: PathPart = key if isinstance(key, (str, int)) else str(key)
            path.append(part)
            if id(key_node) in wanted and isinstance(key_node, ScalarNode):
                yield key_node, tuple(path), True
            inside = value_node.start >= node.start and value_node.end <= node.end
            if inside and not isinstance(value_node, AliasNode):
                yield from _located(value_node, path, wanted)
            path.pop()


def _yaml_12(node: ScalarNode) -> Any:
    if not node.plain:
        return node.value
    from edgelint.load.scalars import resolve_plain

    return resolve_plain(node.value)


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a string" if isinstance(value, str) else "another type"


def _credential(ctx: DocumentContext, path: tuple[PathPart, ...]) -> bool:
    from edgelint.rules.semantics import secret_paths

    return path in secret_paths(ctx)


def _message(ctx: DocumentContext, found: _ReadApart, reader: Reader) -> str:
    from edgelint.rules.base import shortened

    cli = reader.cli is not None
    who = ctx.settings.target.cli if cli else f"the Controller's {reader.controller}"
    text = shortened(found.node.value)
    what = "key" if found.is_key else "value"
    if not found.is_key and _credential(ctx, found.path):
        # Neither the value nor what it is read as may reach a report (a CI log).
        return (
            f"{who} {'sends' if cli else 'reads'} this credential as {_kind(found.sent)}, "
            f"while YAML 1.2 editors and linters read it as {_kind(found.written)} (the value "
            "is not shown)"
        )
    reading = _describe(found.sent, text, found.path)
    if not found.node.plain:
        return (
            f"{who} writes the quoted {what} `{text}` back unquoted and the Controller's "
            f"{reader.controller} reads it as {reading}: no quoting keeps it the string"
        )
    message = f"{who} {'sends' if cli else 'reads'} the {what} `{text}` as {reading}"
    written = found.written
    if isinstance(written, str):
        return message + f', not the string "{text}" that YAML 1.2 editors and linters see'
    if isinstance(written, (int, float)) and not isinstance(written, bool):
        from edgelint.javascript import number_to_string

        shown = number_to_string(written)
        return message + f", not {shown} as YAML 1.2 editors and linters read it"
    return message


def _fix(ctx: DocumentContext, found: _ReadApart, reader: Reader) -> Fix | None:
    """Safe where what is sent stays the same (the text of a Go string field, a boolean field's
    true); unsafe where quoting changes it to what the writer wrote (`value: yes`)."""
    from edgelint.load.readers import lost_string
    from edgelint.rules.base import double_quoted

    node, written, sent = found.node, found.written, found.sent
    quoted = double_quoted(node.value)
    quote = (Edit(node.start, node.end, quoted),)
    if type(sent) is str and sent == node.value and not isinstance(written, str):
        return Fix(f"quote it: {quoted}", quote)
    expected = _expected_types(ctx, found.path) if not found.is_key else set()
    if isinstance(sent, bool) and expected and expected <= {"boolean", "null"}:
        word = "true" if sent else "false"
        return Fix(f"write `{word}`", (Edit(node.start, node.end, word),))
    text_field = "string" in expected or not expected
    if isinstance(written, str) and text_field and not lost_string(node.value, reader):
        return Fix(f"quote it: {quoted}", quote, Applicability.UNSAFE)
    return None


def _describe(value: Any, text: str, path: tuple[PathPart, ...]) -> str:
    from edgelint.javascript import JSDate
    from edgelint.rules.base import shortened

    # Measured on Controller 3.0.4: an env value is stored as String(value).
    env_value = len(path) >= 3 and path[-3] == "env" and path[-1] == "value"
    if isinstance(value, JSDate):
        if env_value:
            return f'a date, stored as the env value "{value.to_string()}"'
        return f"a date ({value})"
    if isinstance(value, bool):
        word = "true" if value else "false"
        stored = f' (stored as the env value "{word}")' if env_value else ""
        return f"the YAML 1.1 boolean {word}{stored}"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        from edgelint.javascript import number_to_string

        shown = number_to_string(value)
        stored = f' (stored as the env value "{shown}")' if env_value else ""
        body = text.lstrip("+-").replace("_", "")
        if ":" in text:
            return f"the base-60 number {shown}{stored}"
        if len(body) > 1 and body[0] == "0" and body[1:2].isdigit():
            return f"the octal number {shown}{stored}"
        return f"the number {shown}{stored}"
    return f'the string "{shortened(str(value))}"'


def _expected_types(ctx: DocumentContext, path: tuple[PathPart, ...]) -> set[str]:
    from edgelint.platform.schemas import types_at

    return types_at(ctx.settings.target.schema_name, ctx.kind, path) if ctx.kind else set()
