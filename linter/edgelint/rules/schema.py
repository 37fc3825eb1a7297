"""Schema violations, said in words and pointed at the node that holds the offending value."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from edgelint.diagnostics import Severity
from edgelint.rules.base import Rule
from edgelint.rules.templates import EL408
from edgelint.schema import validator_for
from edgelint.yamlnodes import PathPart

if TYPE_CHECKING:
    from jsonschema import ValidationError

    from edgelint.context import DocumentContext

EL201 = Rule(
    code="EL201",
    name="schema-violation",
    severity=Severity.ERROR,
    summary="A field has the wrong type, a required field is missing, or a value is not allowed.",
    docs="""
    ## What it finds
    What the Controller's JSON Schemas reject, checked on the YAML as written: ports that are not
    integers (`external: "80"`), `microservices` written as a mapping instead of a list, an empty
    `spec:`, a port `protocol` other than `tcp`/`udp`, `public: 14341` where Controller 3.0 wants
    an object, an env entry without `value`, a volume without `accessMode`.

    ## Why it matters
    The Controller validates with the `jsonschema` library and answers with the first error only
    (`Field 'microservices[1].ports[0].public' is not of a type(s) object`), so fixing a file
    against it takes one deploy per mistake (ioFog platform research §1.2, §4.4). edgelint
    reports every violation at once, at the line and column of the value. Values that are
    Liquid templates (`"{{ port | toNumber }}"`) are left to the template checks: the Controller
    renders them before it validates.

    ## Example
    ```yaml
    ports:
      - internal: 80
        external: "8080"    # EL201: must be an integer, not the string "8080"
    ```
    """,
)

RULES = (EL201,)

_TYPE_WORDS = {
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "empty",
}


def check(ctx: DocumentContext) -> None:
    validator = validator_for(ctx.kind)
    if validator is None:
        return
    errors = sorted(
        validator.iter_errors(ctx.data), key=lambda e: [str(p) for p in e.absolute_path]
    )
    render = ctx.render
    for error in _leaves(errors):
        if _is_template(error.instance):
            continue  # not rendered (its document failed to): the template rules own it
        path: tuple[PathPart, ...] = tuple(error.absolute_path)
        if any(path[: len(skip)] == skip for skip in ctx.skip_paths):
            continue
        if render is not None:
            if error.validator == "required":
                required: Any = error.validator_value
                keys = [k for k in required if (*path, k) in render.removed]
                if keys:
                    continue  # a template removed it: EL403 says so where it happened
            produced = render.produced.get(path)
            if produced is not None:
                already = any(d.code == "EL408" and d.data_path == path for d in ctx.diagnostics)
                if produced.result.failure is None and not already:
                    ctx.report(EL408, path, _template_message(error, path))
                continue  # a failed template is reported where it failed
        span = _required_span(ctx, path) if error.validator == "required" else None
        ctx.report(EL201, path, _message(error, path), span=span)


def _template_message(error: ValidationError, path: tuple[PathPart, ...]) -> str:
    return (
        f"{_message(error, path)}: that is what the template produces (a single output keeps "
        "its type; text around it or `| toString` makes a string)"
    )


def _leaves(errors: Iterable[ValidationError]) -> Iterable[ValidationError]:
    for error in errors:
        if error.context:
            yield from _leaves(error.context)
        else:
            yield error


def _is_template(value: Any) -> bool:
    return isinstance(value, str) and ("{{" in value or "{%" in value)


def _required_span(ctx: DocumentContext, path: tuple[PathPart, ...]) -> tuple[int, int]:
    """A missing key belongs to the key that opens its mapping, or the mapping's first line."""
    _, key = ctx.locate(path)
    if key is not None:
        return key.start, key.end
    return ctx.span(path)


def _message(error: ValidationError, path: tuple[PathPart, ...]) -> str:
    where = f"`{dotted(path)}`" if path else "the document"
    keyword = error.validator
    expected: Any = error.validator_value
    if keyword == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPE_WORDS.get(n, n) for n in names)
        return f"{where} must be {wanted}, not {describe(error.instance)}"
    if keyword == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        missing = [k for k in expected if k not in instance]
        keys = ", ".join(f"`{k}`" for k in missing)
        return f"{where} is missing required {'key' if len(missing) == 1 else 'keys'} {keys}"
    if keyword == "enum":
        allowed = ", ".join(f"`{v}`" for v in expected)
        return f"{where} must be one of {allowed}, not {describe(error.instance)}"
    if keyword == "const":
        return f"{where} must be `{expected}`, not {describe(error.instance)}"
    return f"{where}: {error.message}"


def dotted(path: tuple[PathPart, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean `{str(value).lower()}`"
    if isinstance(value, str):
        return f'the string `"{value}"`' if len(value) <= 60 else "a string"
    if isinstance(value, (int, float)):
        return f"the number `{value}`"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
