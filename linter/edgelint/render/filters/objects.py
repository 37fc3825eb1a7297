"""liquidjs 9.17's `default` and `json`: JavaScript's truthiness and JSON.stringify."""

from __future__ import annotations

from typing import Any

from edgelint.render import jsvalues
from edgelint.render.filters.base import JSError, js_filter, raw


@js_filter
def default(ctx: Any, v: Any, *args: Any) -> Any:
    fallback = raw(args, 0)
    if isinstance(v, (list, str)):
        return v if v else fallback
    return v if jsvalues.truthy(jsvalues.value_of(v)) else fallback


@js_filter
def json(ctx: Any, v: Any, *args: Any) -> Any:
    try:
        return jsvalues.json_stringify(v)
    except jsvalues.CircularError as exc:
        raise JSError(f"TypeError: {exc}") from None
