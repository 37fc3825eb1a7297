"""liquidjs 9.17's array filters, with JavaScript's sort order and `Array.prototype` behaviour."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from edgelint.render import jsvalues
from edgelint.render.filters.base import (
    arg,
    get_from_scope,
    js_compare,
    js_filter,
    js_length,
    js_slice,
    property_path,
    raw,
    read_property,
    to_array,
    type_error,
)
from edgelint.render.jsvalues import UNDEFINED


def _case_insensitive(a: Any, b: Any) -> int:
    if jsvalues.is_nullish(a) and jsvalues.is_nullish(b):
        return 0
    if jsvalues.is_nullish(a):
        return 1
    if jsvalues.is_nullish(b):
        return -1
    x, y = jsvalues.to_string(a).lower(), jsvalues.to_string(b).lower()
    return -1 if x < y else (1 if x > y else 0)


def _js_sort(items: list[Any], compare: Callable[[Any, Any], int]) -> list[Any]:
    """Array.prototype.sort with a comparator: undefined items go last, uncompared."""
    defined = [x for x in items if not jsvalues.is_undefined(x)]
    undefined = [x for x in items if jsvalues.is_undefined(x)]
    return sorted(defined, key=functools.cmp_to_key(compare)) + undefined


@js_filter
def sort_natural(ctx: Any, v: Any, *args: Any) -> Any:
    if not isinstance(v, list):
        return []
    prop = raw(args, 0)
    if jsvalues.is_undefined(prop):
        return _js_sort(list(v), _case_insensitive)
    key = jsvalues.to_string(prop)
    return _js_sort(
        list(v), lambda a, b: _case_insensitive(read_property(a, key), read_property(b, key))
    )


@js_filter
def join(ctx: Any, v: Any, *args: Any) -> str:
    if jsvalues.is_nullish(v):
        raise type_error(f"Cannot read properties of {jsvalues.to_string(v)} (reading 'join')")
    if not isinstance(v, list):
        raise type_error("v.join is not a function")
    separator = raw(args, 0)
    sep = " " if jsvalues.is_undefined(separator) else jsvalues.to_string(separator)
    return sep.join("" if jsvalues.is_nullish(x) else jsvalues.to_string(x) for x in v)


@js_filter
def last(ctx: Any, v: Any, *args: Any) -> Any:
    if isinstance(v, list):
        return v[-1] if v else UNDEFINED
    return ""


@js_filter
def first(ctx: Any, v: Any, *args: Any) -> Any:
    if isinstance(v, list):
        return v[0] if v else UNDEFINED
    return ""


@js_filter
def reverse(ctx: Any, v: Any, *args: Any) -> list[Any]:
    if isinstance(v, list):
        return list(reversed(v))
    if isinstance(v, str):
        return list(reversed(list(v)))
    raise type_error("v is not iterable")  # V8 names the spread variable: [...v]


@js_filter
def sort(ctx: Any, v: Any, *args: Any) -> list[Any]:
    items = to_array(v)
    prop = raw(args, 0)
    if jsvalues.to_boolean(prop):
        path = property_path(prop)
        ordered = _js_sort(
            items, lambda a, b: js_compare(get_from_scope(a, path), get_from_scope(b, path))
        )
    else:
        ordered = _js_sort(items, js_compare)
    items[:] = ordered  # Array.prototype.sort sorts in place: the Controller's object changes
    return items


@js_filter
def size(ctx: Any, v: Any, *args: Any) -> Any:
    if not jsvalues.to_boolean(v):
        return 0
    length = js_length(v)
    return length if jsvalues.to_boolean(length) else 0


@js_filter
def map_(ctx: Any, v: Any, *args: Any) -> list[Any]:
    path = property_path(raw(args, 0))
    return [get_from_scope(item, path) for item in to_array(v)]


@js_filter
def concat(ctx: Any, v: Any, *args: Any) -> list[Any]:
    arg = raw(args, 0)
    return [*to_array(v), *(arg if isinstance(arg, list) else [arg])]


@js_filter
def slice_(ctx: Any, v: Any, *args: Any) -> Any:
    begin = raw(args, 0)
    length = arg(args, 1, 1)
    if jsvalues.less_than(begin, 0):
        if jsvalues.is_nullish(v):
            raise type_error(
                f"Cannot read properties of {jsvalues.to_string(v)} (reading 'length')"
            )
        begin = jsvalues.add(js_length(v), begin)
    return js_slice(v, begin, jsvalues.add(begin, length))


@js_filter
def where(ctx: Any, v: Any, *args: Any) -> list[Any]:
    path = jsvalues.to_string(raw(args, 0))
    expected = raw(args, 1)
    found = []
    for item in to_array(v):
        value = get_from_scope(item, path)
        keep = (
            jsvalues.truthy(value)
            if jsvalues.is_undefined(expected)
            else jsvalues.strict_equals(value, expected)
        )
        if keep:
            found.append(item)
    return found


@js_filter
def uniq(ctx: Any, v: Any, *args: Any) -> list[Any]:
    if not jsvalues.to_boolean(v):
        return []
    if not isinstance(v, list):
        raise type_error("(arr || []).filter is not a function")
    seen: set[str] = set()
    unique = []
    for item in v:
        key = jsvalues.to_string(item)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique
