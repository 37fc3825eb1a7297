"""JavaScript's value semantics, for the values a template can produce.

The Controller runs in Node.js: `String(3.0)` is "3", `"a" + undefined` is "aundefined", an
object in text is "[object Object]", an array is its items joined by commas, and JSON.stringify
drops undefined members. Python agrees with none of that, so every conversion that decides what
the Controller stores goes through here. Python's None is JavaScript's null; UNDEFINED (an
instance of python-liquid's Undefined, so that Liquid's own truthiness and `== nil` agree) is
JavaScript's undefined.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

from liquid import Undefined

from edgelint import javascript
from edgelint.javascript import integral, is_number, number_to_string


class JSUndefined(Undefined):
    """JavaScript's `undefined`: what a missing variable or property evaluates to."""

    def __init__(self, name: str = "undefined", **kwargs: Any) -> None:
        super().__init__(name, **kwargs)

    def __str__(self) -> str:
        return "undefined"

    def __repr__(self) -> str:
        return "UNDEFINED"


UNDEFINED = JSUndefined()


class JSDrop:
    """liquidjs's literals `nil`, `empty` and `blank`: objects whose valueOf() is null or ''.

    Filters receive the object itself (`nil | json` is "{}", `nil | escape_once` is
    "[object Object]"); output writes its valueOf(). python-liquid's truthiness and comparisons
    see the value through `__liquid__`.
    """

    def __init__(self, name: str, value: Any) -> None:
        self.name = name
        self.value = value

    def __liquid__(self) -> Any:
        return self.value

    def __repr__(self) -> str:
        return f"JSDrop({self.name})"


DROPS = {
    "nil": JSDrop("nil", None),
    "null": JSDrop("null", None),
    "empty": JSDrop("empty", ""),
    "blank": JSDrop("blank", ""),
}


def value_of(value: Any) -> Any:
    """liquidjs toValue(): a drop's valueOf(), anything else as it is."""
    return value.value if isinstance(value, JSDrop) else value


_INDEX_LIMIT = 2**32 - 1


def is_undefined(value: Any) -> bool:
    return isinstance(value, Undefined)


def is_nullish(value: Any) -> bool:
    return value is None or isinstance(value, Undefined)


def normalize(value: Any) -> Any:
    """Turn what python-liquid hands over into the JavaScript value liquidjs would have."""
    if isinstance(value, JSDrop):
        return value
    if isinstance(value, Undefined):
        return UNDEFINED
    if isinstance(value, range):
        return list(value)
    if isinstance(value, Decimal):
        return float(value)
    liquid = getattr(value, "__liquid__", None)
    if liquid is not None and not isinstance(value, (dict, list, str)):
        return normalize(liquid())
    kind = type(value).__name__
    if kind in ("Empty", "Blank"):  # liquidjs EmptyDrop/BlankDrop: valueOf() is ''
        return ""
    return value


def to_string(value: Any, _active: set[int] | None = None) -> str:
    """ECMAScript String(value); an array inside itself joins as '' (as join does)."""
    value = normalize(value)
    if value is None or isinstance(value, (str, bool, int, float)):
        return javascript.string(value)
    if isinstance(value, Undefined):
        return "undefined"
    if isinstance(value, list):
        active = _active if _active is not None else set()
        if id(value) in active:
            return ""
        active.add(id(value))
        try:
            return ",".join("" if is_nullish(i) else to_string(i, active) for i in value)
        finally:
            active.discard(id(value))
    if isinstance(value, (dict, JSDrop)):
        return "[object Object]"
    if callable(value):
        return "function () { [native code] }"
    return str(value)


def stringify(value: Any) -> str:
    """liquidjs's stringify(): like String(), but null and undefined become ''."""
    value = value_of(normalize(value))
    return "" if is_nullish(value) else to_string(value)


def to_number(value: Any) -> float:
    """ECMAScript ToNumber (Number(value))."""
    value = value_of(normalize(value))
    if isinstance(value, Undefined):
        return math.nan
    if isinstance(value, (list, dict)):
        return to_number(to_string(value)) if isinstance(value, list) else math.nan
    return javascript.number(value)


def _primitive(value: Any) -> Any:
    value = value_of(normalize(value))
    if isinstance(value, (list, dict)) or callable(value):
        return to_string(value)
    return value


def add(left: Any, right: Any) -> Any:
    """ECMAScript `left + right`."""
    a, b = _primitive(left), _primitive(right)
    if isinstance(a, str) or isinstance(b, str):
        return to_string(a) + to_string(b)
    if is_number(a) and is_number(b) and isinstance(a, int) and isinstance(b, int):
        return a + b
    return integral(to_number(a) + to_number(b))


def keys(mapping: dict[str, Any]) -> list[str]:
    """Property order of a JavaScript object: array indices ascending, then insertion order."""
    indices = [k for k in mapping if _is_index(k)]
    if not indices:
        return list(mapping)
    indices.sort(key=int)
    return indices + [k for k in mapping if not _is_index(k)]


def _is_index(key: str) -> bool:
    return key.isdigit() and (key == "0" or not key.startswith("0")) and int(key) < _INDEX_LIMIT


class CircularError(ValueError):
    """JSON.stringify's "Converting circular structure to JSON"."""


def json_stringify(
    value: Any, _active: set[int] | None = None, circular: str | None = None
) -> str | JSUndefined:
    """ECMAScript JSON.stringify(value), without indentation.

    A value that contains itself raises CircularError, as JavaScript throws, unless ``circular``
    names the text to print in its place.
    """
    value = normalize(value)
    if isinstance(value, JSDrop):
        return "{}"  # an object with no own enumerable properties
    active = _active if _active is not None else set()
    if isinstance(value, (list, dict)):
        if id(value) in active:
            if circular is None:
                raise CircularError("Converting circular structure to JSON")
            return json.dumps(circular)
        active.add(id(value))
        try:
            return _json_container(value, active, circular)
        finally:
            active.discard(id(value))
    return _json_scalar(value)


def _json_container(value: Any, active: set[int], circular: str | None) -> str:
    if isinstance(value, list):
        parts = []
        for item in value:
            text = json_stringify(item, active, circular)
            parts.append("null" if isinstance(text, Undefined) else text)
        return "[" + ",".join(parts) + "]"
    members = []
    for key in keys(value):
        text = json_stringify(value[key], active, circular)
        if not isinstance(text, Undefined):
            members.append(json.dumps(str(key), ensure_ascii=False) + ":" + text)
    return "{" + ",".join(members) + "}"


def _json_scalar(value: Any) -> str | JSUndefined:
    if isinstance(value, Undefined) or callable(value):
        return UNDEFINED
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return number_to_string(value) if math.isfinite(value) else "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(str(value), ensure_ascii=False)


def json_parse(text: str) -> Any:
    """ECMAScript JSON.parse; raises ValueError where it throws."""
    if not isinstance(text, str):
        raise ValueError("not a string")

    def constant(name: str) -> Any:
        raise ValueError(name)

    parsed = json.loads(text, parse_constant=constant)
    return _integral_numbers(parsed)


def _integral_numbers(value: Any) -> Any:
    if isinstance(value, float):
        return integral(value)
    if isinstance(value, list):
        return [_integral_numbers(v) for v in value]
    if isinstance(value, dict):
        return {k: _integral_numbers(v) for k, v in value.items()}
    return value


def strict_equals(left: Any, right: Any) -> bool:
    """ECMAScript `===` (objects and arrays by identity)."""
    left, right = normalize(left), normalize(right)
    if isinstance(left, JSDrop) or isinstance(right, JSDrop):
        return left is right
    if isinstance(left, Undefined) or isinstance(right, Undefined):
        return isinstance(left, Undefined) and isinstance(right, Undefined)
    if isinstance(left, (list, dict)) or isinstance(right, (list, dict)):
        return left is right
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if is_number(left) and is_number(right):
        return bool(left == right)
    return type(left) is type(right) and left == right


def less_than(left: Any, right: Any) -> bool:
    """ECMAScript `left < right` (abstract relational comparison)."""
    a, b = _primitive(left), _primitive(right)
    if isinstance(a, str) and isinstance(b, str):
        return a.encode("utf-16-be") < b.encode("utf-16-be")
    x, y = to_number(a), to_number(b)
    if math.isnan(x) or math.isnan(y):
        return False
    return x < y


def to_boolean(value: Any) -> bool:
    """ECMAScript ToBoolean, which the Controller's own code uses (`x || default`, `!x`);
    not Liquid's truthiness, for which only false, null and undefined are false."""
    value = normalize(value)
    return not isinstance(value, Undefined) and javascript.to_boolean(value)


def truthy(value: Any) -> bool:
    """Liquid truthiness as liquidjs has it: only false, null and undefined are false."""
    value = normalize(value)
    return not (value is False or is_nullish(value))
