"""What every liquidjs filter is built on: the calling convention, JavaScript's errors,
arguments, UTF-16 lengths and slices, and liquidjs's property reads."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from typing import Any

from liquid.exceptions import FilterError

from edgelint import javascript
from edgelint.javascript import WHITESPACE, utf16_length, utf16_slice
from edgelint.render import jsvalues
from edgelint.render.jsvalues import UNDEFINED

FilterFunction = Callable[..., Any]


class JSError(FilterError):
    """What JavaScript would throw here (a TypeError, a URIError, an assertion)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, token=None)


_JS_SPACE_CLASS = "[" + re.escape(WHITESPACE) + "]"
LEADING_SPACE = re.compile("^" + _JS_SPACE_CLASS + "+")
TRAILING_SPACE = re.compile(_JS_SPACE_CLASS + "+$")
SPACE_RUN = re.compile(_JS_SPACE_CLASS + "+")


def js_filter(func: FilterFunction) -> FilterFunction:
    """Adapt a liquidjs-style filter to python-liquid's calling convention.

    liquidjs hands keyword arguments (`findAgent: name: "x"`) to the filter as [key, value]
    pairs among the positional ones; the filter also sees the render context, as `this.context`.
    """

    @functools.wraps(func)
    def wrapper(left: Any, *args: Any, context: Any = None, **kwargs: Any) -> Any:
        values = [jsvalues.normalize(a) for a in args]
        values.extend([k, jsvalues.normalize(v)] for k, v in kwargs.items())
        try:
            return func(context, jsvalues.normalize(left), *values)
        except JSError:
            raise
        except RecursionError:
            raise JSError("Maximum call stack size exceeded") from None

    wrapper.with_context = True  # type: ignore[attr-defined]
    return wrapper


def arg(args: tuple[Any, ...], index: int, default: Any = UNDEFINED) -> Any:
    """A JavaScript parameter: missing and undefined both take the default."""
    if index < len(args) and not jsvalues.is_undefined(args[index]):
        return args[index]
    return default


def raw(args: tuple[Any, ...], index: int) -> Any:
    return args[index] if index < len(args) else UNDEFINED


def type_error(what: str) -> JSError:
    return JSError(f"TypeError: {what}")


def require_string(value: Any, method: str, name: str = "v") -> str:
    """What V8 says when liquidjs calls a string method on something else; ``name`` is the
    parameter's name in liquidjs's source (`(x) => x.split(...)` for the url filters)."""
    if isinstance(value, str):
        return value
    if jsvalues.is_nullish(value):
        raise type_error(
            f"Cannot read properties of {jsvalues.to_string(value)} (reading '{method}')"
        )
    raise type_error(f"{name}.{method} is not a function")


def integer(value: Any) -> float:
    """ToIntegerOrInfinity."""
    number = jsvalues.to_number(value)
    if math.isnan(number):
        return 0
    if math.isinf(number):
        return number
    return math.trunc(number)


def _relative(index: Any, length: int, default: int) -> int:
    if jsvalues.is_undefined(index):
        return default
    number = integer(index)
    if number < 0:
        return int(max(length + number, 0))
    return int(min(number, length))


def js_slice(value: Any, start: Any, end: Any = UNDEFINED) -> Any:
    """String.prototype.slice / Array.prototype.slice."""
    if isinstance(value, str):
        length = utf16_length(value)
        return utf16_slice(value, _relative(start, length, 0), _relative(end, length, length))
    if isinstance(value, list):
        length = len(value)
        return value[_relative(start, length, 0) : _relative(end, length, length)]
    if jsvalues.is_nullish(value):
        raise type_error(f"Cannot read properties of {jsvalues.to_string(value)} (reading 'slice')")
    raise type_error("v.slice is not a function")


def js_length(value: Any) -> Any:
    if isinstance(value, str):
        return utf16_length(value)
    if isinstance(value, list):
        return len(value)
    if isinstance(value, dict):
        return value.get("length", UNDEFINED)
    return UNDEFINED


def read_property(obj: Any, key: Any) -> Any:
    """liquidjs readProperty: what `a.b` and filters' property paths read."""
    obj = jsvalues.normalize(obj)
    if jsvalues.is_nullish(obj):
        return obj
    key = jsvalues.to_string(key) if not isinstance(key, str) else key
    if key == "size":
        if isinstance(obj, (list, str)):
            return js_length(obj)
        return property_of(obj, "size")
    if key == "first":
        if isinstance(obj, list):
            return obj[0] if obj else UNDEFINED
        return property_of(obj, "first")
    if key == "last":
        if isinstance(obj, list):
            return obj[-1] if obj else UNDEFINED
        return property_of(obj, "last")
    return property_of(obj, key)


def property_of(obj: Any, key: str) -> Any:
    """JavaScript's obj[key] for plain data, undefined as Liquid's."""
    return javascript.property_of(obj, key, UNDEFINED)


def get_from_scope(obj: Any, path: str) -> Any:
    for key in path.split("."):
        obj = read_property(obj, key)
    return obj


def property_path(prop: Any) -> str:
    if not isinstance(prop, str):
        raise type_error("property.split is not a function")
    return prop


def to_array(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def less_or_equal(a: Any, b: Any) -> bool:
    """ECMAScript `a <= b`: false when either side is NaN."""
    x, y = jsvalues.to_number(a), jsvalues.to_number(b)
    if isinstance(a, str) and isinstance(b, str):
        return not jsvalues.less_than(b, a)
    if math.isnan(x) or math.isnan(y):
        return False
    return x <= y


def js_compare(a: Any, b: Any) -> int:
    return -1 if jsvalues.less_than(a, b) else (1 if jsvalues.less_than(b, a) else 0)
